//! The `longhand` command line: one module per command under [`cli`], each parsing its flags,
//! opening the workspace and calling the core (`longhand_core::ops`) or the web surface
//! (`longhand_web::server`). `main.rs` only calls [`cli::run`].

pub mod cli;
