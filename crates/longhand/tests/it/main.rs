//! Longhand's integration tests: one binary, real servers on port 0, real databases.

#![allow(clippy::unwrap_used)]

mod helpers;

mod api;
mod asks;
mod asks_away;
mod asks_expiry;
mod audit;
mod authz;
mod backup;
mod cli;
mod crash;
mod docsync;
mod documents;
mod events;
mod fuzz_seeds;
mod lint;
mod meetings;
mod migrate;
mod nesting;
mod planned_meetings;
mod web;
