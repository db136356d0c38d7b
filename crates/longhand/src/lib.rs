//! Longhand, the application: storage, actions, the web UI, the JSON API, the CLI and jobs.
//!
//! The binary in `main.rs` only calls [`cli::run`]. Integration tests use the same entry points
//! (`server::Server`) so they exercise exactly what ships.

pub mod api;
pub mod audit_cli;
pub mod audit_ics;
pub mod audit_report;
pub mod calendar_json;
pub mod charter_json;
pub mod cli;
pub mod clock;
pub mod config;
pub mod diff;
pub mod docsync_cli;
pub mod jobs;
pub mod lint_cli;
pub mod ops;
pub mod render;
pub mod server;
pub mod store;
pub mod tz;
pub mod web;
