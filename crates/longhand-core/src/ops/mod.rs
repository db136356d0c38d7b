//! One function per user action, shared by the web pages, the JSON API, the CLI and jobs.
//!
//! Each action follows the same steps: authorize (with the rules in `longhand_domain::access`),
//! apply the domain rules, write through `store` in one transaction, append to the event log
//! in that same transaction, and return what the edge needs to answer.
//!
//! Architecture Invariant: nothing here knows about HTTP, HTML or JSON wire types, and nothing
//! here writes SQL.

pub mod asks;
pub mod auth;
pub mod backup;
pub mod blockers;
pub mod checkins;
pub mod decisions;
pub mod deliveries;
pub mod demo;
pub mod demo_meetings;
pub mod digests;
pub mod documents;
pub mod event_log;
pub mod follows;
pub mod idempotency;
pub mod jobs;
pub mod lint;
pub mod meetings;
pub mod members;
pub mod metrics;
pub mod notification_prefs;
pub mod notifications;
pub mod notify;
pub mod paging;
pub mod planned_meetings;
pub mod reviews;
pub mod search;
pub mod seed;
pub(crate) mod slugs;
pub mod spaces;
pub mod sync;
pub mod teams;
pub mod threads;
pub mod workspace;

use crate::clock::Clock;
use crate::outbound::OutboundConfig;
use crate::store::events::{self, NewEvent};
use crate::store::{Store, StoreError, WriteTx};
use jiff::Timestamp;
use longhand_domain::workspace::Role;
use std::sync::Arc;

/// Everything an action needs from the running application.
#[derive(Debug, Clone)]
pub struct App {
    inner: Arc<AppInner>,
}

#[derive(Debug)]
struct AppInner {
    store: Store,
    clock: Clock,
    reports: meetings::ReportCache,
    decision_logs: decisions::LogCache,
    /// Where links point and how mail goes out; tests point it at their own servers.
    outbound: std::sync::RwLock<Arc<OutboundConfig>>,
    /// The search index, opened on first use.
    search: search::Engine,
}

impl App {
    /// Wraps a connected, migrated store and a clock.
    pub fn new(store: Store, clock: Clock) -> App {
        App {
            inner: Arc::new(AppInner {
                store,
                clock,
                reports: meetings::ReportCache::default(),
                decision_logs: decisions::LogCache::default(),
                outbound: std::sync::RwLock::default(),
                search: search::Engine::default(),
            }),
        }
    }

    /// Sets where links point and how mail goes out (`longhand serve` does at start-up).
    pub fn set_outbound(&self, config: OutboundConfig) {
        let mut slot = self
            .inner
            .outbound
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *slot = Arc::new(config);
    }

    /// Where links point and how mail goes out.
    pub fn outbound(&self) -> Arc<OutboundConfig> {
        let slot = self
            .inner
            .outbound
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(&slot)
    }

    /// Keeps the search index in `dir` (`<data dir>/search`) instead of in memory. Takes
    /// effect only before the first search, catch-up or rebuild opens the index.
    pub fn set_search_dir(&self, dir: std::path::PathBuf) {
        self.inner.search.set_dir(dir);
    }

    /// The search index's engine.
    pub(crate) fn search_engine(&self) -> &search::Engine {
        &self.inner.search
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The current instant, from the application's clock.
    pub fn now(&self) -> Timestamp {
        self.inner.clock.now()
    }

    /// The meeting reports kept per input (see `meetings::report`).
    pub(crate) fn report_cache(&self) -> &meetings::ReportCache {
        &self.inner.reports
    }

    /// The decision logs kept per reader (see `decisions::cache`).
    pub(crate) fn decision_logs(&self) -> &decisions::LogCache {
        &self.inner.decision_logs
    }

    /// The clock (tests move a fake one).
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// Appends an event inside the caller's transaction.
    pub(crate) async fn record(
        &self,
        tx: &mut WriteTx,
        actor: Option<&Actor>,
        kind: &str,
        payload: serde_json::Value,
    ) -> Result<i64, OpError> {
        let event = NewEvent {
            actor_id: actor.map(|a| a.id),
            kind,
            payload,
        };
        Ok(events::append(tx, self.store().dialect(), self.now(), event).await?)
    }
}

/// The signed-in person an action runs for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: i64,
    pub handle: String,
    pub name: String,
    pub role: Role,
}

/// Why an action did not happen, by what the caller does next.
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    /// The input is wrong; the message tells the person how to fix it.
    #[error("{0}")]
    Invalid(String),
    /// A calendar gave nothing to use; the message says so and `problems` counts the reasons
    /// and lists the first, each with its file and line.
    #[error("{message}")]
    Unusable {
        message: String,
        problems: crate::formats::calendar_problems::ProblemList,
    },
    /// Nothing there, or nothing the actor may see (the two are indistinguishable on purpose).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The actor is known but not allowed to do this.
    #[error("{0}")]
    Forbidden(String),
    /// Nobody is signed in, or the credentials are wrong.
    #[error("{0}")]
    Unauthenticated(String),
    /// The action collides with the current state (a taken handle, the last admin).
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts; try again later.
    #[error("{0}")]
    RateLimited(String),
    /// A fault on our side; logged, and opaque to the client.
    #[error(transparent)]
    Internal(anyhow::Error),
}

impl From<StoreError> for OpError {
    fn from(err: StoreError) -> OpError {
        match err {
            StoreError::NotFound => OpError::NotFound("record"),
            StoreError::Conflict(message) => OpError::Conflict(message),
            StoreError::Other(err) => OpError::Internal(err),
        }
    }
}

pub(crate) type OpResult<T> = Result<T, OpError>;

/// Maps the store's `NotFound` to a named one, leaving other errors alone.
pub(crate) fn named(what: &'static str) -> impl Fn(StoreError) -> OpError {
    move |err| match err {
        StoreError::NotFound => OpError::NotFound(what),
        other => OpError::from(other),
    }
}

/// Wraps a parse or validation error as [`OpError::Invalid`], keeping its message for the person.
pub fn invalid(err: impl std::fmt::Display) -> OpError {
    OpError::Invalid(err.to_string())
}

/// Refuses Markdown that nests past `longhand_domain::nesting::MAX_NESTING`, before anything
/// walks it, so a quote ten thousand levels deep is a 422 rather than a crashed worker.
pub(crate) fn check_nesting(markdown: &str) -> OpResult<()> {
    longhand_domain::nesting::check_markdown(markdown).map_err(invalid)
}

pub(crate) fn forbidden(message: &str) -> OpError {
    OpError::Forbidden(message.to_owned())
}

/// Commits a write transaction.
pub(crate) async fn commit(tx: WriteTx) -> OpResult<()> {
    tx.commit()
        .await
        .map_err(|err| OpError::from(StoreError::from(err)))
}

/// Refuses a single-line field holding a control character, the same on both databases
/// (see `longhand_domain::text`).
pub(crate) fn one_line(field: &str, value: &str) -> OpResult<()> {
    longhand_domain::text::check_line(field, value).map_err(invalid)
}

/// Refuses multi-line text holding NUL or another C0 control but tab and line breaks.
pub(crate) fn multi_line(field: &str, value: &str) -> OpResult<()> {
    longhand_domain::text::check_text(field, value).map_err(invalid)
}

/// A team's or space's description: trimmed, at most 2,000 characters.
pub(crate) fn description(text: &str) -> OpResult<String> {
    let text = text.trim();
    multi_line("description", text)?;
    if text.chars().count() > 2000 {
        return Err(invalid("the description can be at most 2000 characters"));
    }
    Ok(text.to_owned())
}
