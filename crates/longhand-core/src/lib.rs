//! Longhand's application core: every user action (`ops`), the store behind them, the worker
//! that runs jobs later, and the values the surfaces share (`views`, `formats`, `wording`).
//!
//! Architecture Invariant: `store` is private to this crate, and each of its items is
//! `pub(crate)`. Nothing outside can open a transaction or name a query; the web surface and
//! the command line go through `ops`, and what `ops` hand out are the read models in `views`,
//! never rows (a public `ops` item that exposed a store type would be a `private_interfaces`
//! warning, denied in CI).
//!
//! Inside the crate the modules form layers, lowest first:
//! 1. plain values: `views`, `formats`, `wording`, `tz`, `render`, `diff`, `clock`, and
//!    `outbound`, the transports that put a message on the wire (SMTP, webhooks);
//! 2. `store`: SQL for SQLite and PostgreSQL;
//! 3. `ops`: authorize → domain rules → store → events → job descriptions (`ops::jobs::Job`);
//! 4. `worker`: claims stored jobs and carries them out by calling `ops` and the store.
//!
//! A lower layer never names a higher one; `tests/architecture.rs` fails when one does.

pub mod clock;
pub mod diff;
pub mod formats;
pub mod ops;
pub mod outbound;
pub mod render;
mod store;
pub mod tz;
pub mod views;
pub mod wording;
pub mod worker;

pub use store::Store;
/// Drops the PostgreSQL databases of test runs that have ended; for this crate's and the
/// integration tests' harnesses only.
#[doc(hidden)]
pub use store::test_databases::create_migrated as create_migrated_test_database;
pub use store::test_databases::sweep_abandoned as sweep_abandoned_test_databases;
