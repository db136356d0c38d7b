//! The `longhand` binary: tracing setup, the command line, and the exit code.

fn main() {}
