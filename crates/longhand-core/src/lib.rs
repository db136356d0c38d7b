//! Longhand's application core: every user action (`ops`), the store behind them, the jobs
//! that run later, and the formats the surfaces share.
//!
//! Architecture Invariant: `store` is private to this crate. Nothing outside it can write or
//! even name SQL; the web surface and the command line go through `ops`, and what `ops` hand
//! out are the read models in `views`, never rows.
//!
//! Inside the crate the modules form layers, lowest first: `views` and `formats` (plain
//! values), `store` (SQL), `ops` (authorize → domain rules → store → events → job
//! descriptions), `jobs` (the worker, which executes job descriptions by calling `ops` and the
//! store). `tests/layers.rs` fails when a lower module imports a higher one.

pub mod clock;
pub mod diff;
pub mod formats;
pub mod jobs;
pub mod ops;
pub mod render;
mod store;
pub mod tz;
pub mod views;

pub use store::Store;
