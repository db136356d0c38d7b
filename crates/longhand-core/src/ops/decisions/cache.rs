//! The decision log as one reader sees it, kept so that paging and filtering it does not
//! read and link every decision record again on each request.
//!
//! A reader's log is a function of the records and of what the reader may read, and every
//! change to either appends an event (ARCHITECTURE.md's event invariant: documents, fields,
//! memberships, roles, named readers and shares alike). So the key is the reader (and their
//! role) with the id of the newest event: any change is a different key, a stale log is never
//! served, on one replica or several, and nothing is invalidated by hand. Old keys fall out
//! of the few entries kept. The logs hold records without bodies (the list shows none).

use crate::views::decisions::Decision;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// How many readers' logs are kept: the people reading the log at the same time. Each is a
/// few MB at 10,000 records.
const CAPACITY: usize = 4;

/// Whose log, as of which event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key {
    /// The member and their role; `None` for the operator.
    pub reader: Option<(i64, &'static str)>,
    /// The newest event's id when the log was read.
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
