//! The read models `ops` hand out: what a surface may know about a member, a space, a team, a
//! document, a thread, an ask, a meeting, a calendar, a token, a notification, an entry of the
//! event log, a dead job or a backup.
//!
//! Architecture Invariant: these are plain values. The private store fills them from its rows
//! and `ops` return them; the web pages, the API's DTOs and the command line convert from them.
//! A surface never sees a row or a connection, so it cannot run a query. The compiler keeps it
//! so: every item of `store` is `pub(crate)`, and a public `ops` function or field that hands
//! one out is a `private_interfaces` warning, which CI denies.

pub mod asks;
pub mod auth;
pub mod backup;
pub mod channels;
pub mod checkins;
pub mod decisions;
pub mod digests;
pub mod documents;
pub mod events;
pub mod idempotency;
pub mod jobs;
pub mod meetings;
pub mod members;
pub mod notifications;
pub mod planned_meetings;
pub mod reviews;
pub mod search;
pub mod spaces;
pub mod sync;
pub mod teams;
pub mod threads;
