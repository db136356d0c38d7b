//! Longhand's integration tests: one binary, real servers on port 0, real databases.

#![allow(clippy::unwrap_used)]

mod helpers;

mod api;
mod asks;
mod asks_away;
mod asks_expiry;
mod audit;
mod audit_problems;
mod authz;
mod backup;
mod browser;
mod charters;
mod checkins;
mod cli;
mod crash;
mod dead_jobs;
mod decisions;
mod deliveries;
mod deliveries_email;
mod deliveries_replicas;
mod demo;
mod digests;
mod docsync;
mod documents;
mod events;
mod fuzz_seeds;
mod idempotency;
mod jobs;
mod lint;
mod meeting_budgets;
mod meetings;
mod metrics;
mod migrate;
mod nesting;
mod notify;
mod notify_cli;
mod notify_support;
mod paging;
mod planned_hours;
mod planned_meetings;
mod review_sync;
mod reviews;
mod search;
mod search_pages;
mod seed;
mod signin;
mod slugs;
mod stories;
mod sync;
mod text_input;
mod web;
mod web_forms;
