//! The pure core of Longhand.
//!
//! Everything here is a function of its inputs: no IO, no async runtime, no database and no
//! clock. Time comes in as a parameter (`now: jiff::Timestamp`). The application crate parses
//! edge input into these types, calls the rules, and stores the results.
//!
//! Architecture Invariant: this crate depends on nothing heavier than `jiff` and small,
//! IO-free parsing crates, so its tests compile and run in seconds.

pub mod access;
pub mod adr;
pub mod asks;
pub mod calendar;
pub mod checkins;
pub mod decisions;
pub mod digests;
pub mod docfile;
pub mod documents;
pub mod instant;
pub mod kpi;
pub mod lint;
pub mod meetings;
pub mod names;
pub mod nesting;
pub mod notify;
pub mod reviews;
pub mod search;
pub mod sync;
pub mod templates;
pub mod text;
pub mod workspace;
