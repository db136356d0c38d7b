//! The `longhand` binary: hands the command line to [`longhand::cli::run`] and turns its result
//! into an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    longhand::cli::run()
}
