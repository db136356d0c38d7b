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

/// How far this process has looked through the event log for the version: the newest event
/// examined and the version found. Appends hold the chain lock until they commit, so event
/// ids become visible in order and everything at or below `examined` has been seen; the next
/// request looks only at newer events instead of the newest [`WINDOW`] again (which, in a
/// flood of reminders, would hold nothing but asks and so never keep a log).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Seen {
    pub examined: i64,
    pub version: i64,
}

impl Seen {
    /// What is known after looking at the events newer than `self.examined` (newest first,
    /// at most [`WINDOW`] of them). When the window was full, events between it and
    /// `examined` went unseen, so the window decides alone, as [`version`] does.
    pub(crate) fn advance(self, newer: &[(i64, String)]) -> Seen {
        let Some((newest, _)) = newer.first() else {
            return self;
        };
        let complete = (newer.len() as i64) < WINDOW;
        let version = match newer.iter().find(|(_, kind)| changes_a_log(kind)) {
            Some((id, _)) => *id,
            None if complete => self.version,
            None => version(newer),
        };
        Seen {
            examined: *newest,
            version,
        }
    }
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
    /// How far the event log has been looked through.
    seen: Mutex<Seen>,
}

impl LogCache {
    /// How far the event log has been looked through so far.
    pub(crate) fn seen(&self) -> Seen {
        *self
            .seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records a later look; of two requests looking at once, the one that saw further wins.
    pub(crate) fn saw(&self, seen: Seen) {
        let mut kept = self
            .seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen.examined > kept.examined {
            *kept = seen;
        }
    }

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
    use super::{Seen, WINDOW, version};

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

    fn events(list: &[(i64, &str)]) -> Vec<(i64, String)> {
        list.iter().map(|(id, k)| (*id, (*k).to_owned())).collect()
    }

    #[test]
    fn a_flood_of_reminders_keeps_the_version_found_before_it() {
        let start =
            Seen::default().advance(&events(&[(7, "document.revised"), (6, "ask.created")]));
        assert_eq!(
            start,
            Seen {
                examined: 7,
                version: 7
            }
        );
        // Nothing new: nothing moves.
        assert_eq!(start.advance(&[]), start);
        // Only events that cannot change a log: the version stays, however many arrive
        // over many requests.
        let mut seen = start;
        for id in (8..2_000).step_by(100) {
            let burst: Vec<(i64, String)> = (id..id + 100)
                .rev()
                .map(|i| (i, "ask.breached".to_owned()))
                .collect();
            seen = seen.advance(&burst);
        }
        assert_eq!(seen.version, 7);
        assert_eq!(seen.examined, 2_007);
        // A change among them moves it.
        let moved = seen.advance(&events(&[
            (2_009, "ask.reminded"),
            (2_008, "document.created"),
        ]));
        assert_eq!(
            moved,
            Seen {
                examined: 2_009,
                version: 2_008
            }
        );
    }

    #[test]
    fn a_full_window_decides_alone() {
        // More new events than the window holds: an unseen change may lie below it, so the
        // version is the window's oldest id (a miss, never a stale log).
        let burst: Vec<(i64, String)> = (100..100 + WINDOW)
            .rev()
            .map(|i| (i, "ask.breached".to_owned()))
            .collect();
        let seen = Seen {
            examined: 7,
            version: 7,
        }
        .advance(&burst);
        assert_eq!(
            seen,
            Seen {
                examined: 99 + WINDOW,
                version: 100
            }
        );
    }
}
