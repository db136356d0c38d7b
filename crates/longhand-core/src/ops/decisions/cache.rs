//! The decision log as one reader sees it, kept so that paging and filtering it does not
//! read and link every decision record again on each request.
//!
//! A reader's log is a function of the records and of what the reader may read, and every
//! change to either appends an event (ARCHITECTURE.md's event invariant: documents, fields,
//! memberships, roles, named readers and shares alike). So the key is the reader (and their
//! role) with the id of the newest event that could change a log: any such change is a
//! different key, a stale log is never served, on one replica or several, and nothing is
//! invalidated by hand. Old keys fall out of the few entries kept. The logs hold records
//! without bodies (the list shows none).
//!
//! Events that cannot change any log — asks, sessions, replies, check-ins, deliveries and
//! the like, listed in [`NEVER_CHANGES_A_LOG`] — are passed over, so a busy workspace (where
//! reminders and replies land every second) keeps its logs. The list names what is known to
//! be harmless; a kind it does not name, including any added later, counts as a change.

use crate::views::decisions::Decision;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// How many readers' logs are kept: the people reading the log at the same time. Each is a
/// few MB at 10,000 records.
const CAPACITY: usize = 4;

/// Event kinds (a trailing `.` names a whole family) that touch no decision record, no
/// space membership or visibility, no role, no named reader and no share.
const NEVER_CHANGES_A_LOG: &[&str] = &[
    "ask.",
    "session.",
    "checkin.",
    "blocker.",
    "notification.",
    "delivery.",
    "job.",
    "channel.",
    "token.",
    "sync.",
    "meetings.",
    "thread.started",
    "thread.replied",
    "thread.resolved",
    "thread.reopened",
    "document.followed",
    "document.unfollowed",
    "space.followed",
    "space.unfollowed",
    "space.noise_override",
    "member.notification_preferences",
    "member.password_changed",
];

/// How many of the newest events are looked through for one that changes logs.
pub(crate) const WINDOW: i64 = 256;

/// Whether an event of this kind can change someone's decision log.
fn changes_a_log(kind: &str) -> bool {
    !NEVER_CHANGES_A_LOG
        .iter()
        .any(|never| match never.strip_suffix('.') {
            Some(family) => kind
                .strip_prefix(family)
                .is_some_and(|rest| rest.starts_with('.')),
            None => kind == *never,
        })
}

/// The version a log is kept under, from the newest events (newest first): the id of the
/// newest one that changes logs. When none of them does, the oldest id looked at stands in:
/// it moves with every new event, so nothing is kept — a miss, never a stale log.
pub(crate) fn version(latest: &[(i64, String)]) -> i64 {
    latest
        .iter()
        .find(|(_, kind)| changes_a_log(kind))
        .or(latest.last())
        .map_or(0, |(id, _)| *id)
}

/// Whose log, as of which event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key {
    /// The member and their role; `None` for the operator.
    pub reader: Option<(i64, &'static str)>,
    /// The log's version when it was read (see [`version`]).
    pub head: i64,
}

/// Readers' logs, the most recently used first.
#[derive(Debug, Default)]
pub struct LogCache {
    entries: Mutex<VecDeque<(Key, Arc<Vec<Decision>>)>>,
    /// Held while a log is read, so a burst of requests after a change reads it once
    /// instead of once per request (each read holds every record in memory).
    building: tokio::sync::Mutex<()>,
}

impl LogCache {
    /// The log kept for `key`, if any.
    pub(crate) fn get(&self, key: &Key) -> Option<Arc<Vec<Decision>>> {
        let mut entries = self.lock();
        let at = entries.iter().position(|(k, _)| k == key)?;
        let entry = entries.remove(at)?;
        let log = Arc::clone(&entry.1);
        entries.push_front(entry);
        Some(log)
    }

    /// Waits until no other log is being read; the caller checks `get` again, then reads.
    pub(crate) async fn building(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.building.lock().await
    }

    /// Keeps a freshly read log; the reader's older logs and the least recently used past
    /// the capacity go.
    pub(crate) fn insert(&self, key: Key, log: Arc<Vec<Decision>>) {
        let mut entries = self.lock();
        entries.retain(|(k, _)| k.reader != key.reader);
        entries.push_front((key, log));
        entries.truncate(CAPACITY);
    }

    /// The entries; every change is one call on the deque, so a lock poisoned by a panic
    /// elsewhere still holds a consistent list.
    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(Key, Arc<Vec<Decision>>)>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::version;

    fn check(latest: &[(i64, &str)], expect: i64) {
        let latest: Vec<(i64, String)> = latest
            .iter()
            .map(|(id, k)| (*id, (*k).to_owned()))
            .collect();
        assert_eq!(version(&latest), expect, "{latest:?}");
    }

    #[test]
    fn the_version_skips_what_cannot_change_a_log() {
        check(
            &[
                (9, "ask.breached"),
                (8, "thread.replied"),
                (7, "document.revised"),
            ],
            7,
        );
        check(&[(9, "space.member_removed"), (8, "ask.created")], 9);
        // A family is matched as a whole word: "asked.x" is not an ask event.
        check(&[(9, "asked.something"), (8, "document.revised")], 9);
        // A kind nobody listed counts as a change.
        check(&[(9, "something.new"), (8, "document.revised")], 9);
        // Nothing in the window changes a log: the window's oldest id, which moves.
        check(&[(9, "ask.breached"), (8, "session.started")], 8);
        check(&[], 0);
    }
}
