//! The meeting report, kept per input so that viewing it again does not parse and expand
//! every calendar again.
//!
//! A report is a pure function of its inputs: the stored calendars (each named by a version
//! that changes with its text), the members with their calendars and teams, the purposes set
//! by hand, who wrote together, and the window with its baseline. The key holds all of them
//! (the smaller ones as a hash), so a changed input is a different key and a stale report is
//! never served, on one replica or several; nothing has to be invalidated by hand. Old keys
//! simply fall out of the few entries kept.

use super::ReportData;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// How many reports are kept: a few windows (this month, a baseline, a pilot) for the current
/// inputs, plus reports for inputs that just changed. Each is a few hundred KB at most.
const CAPACITY: usize = 8;

/// What a report was computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    /// Each stored calendar's label and version, in store order.
    pub calendars: Vec<(String, String)>,
    /// A hash of the members, purposes and who wrote together.
    pub people: u64,
    /// The window and baseline, as microseconds since the epoch.
    pub window: (i64, i64),
    pub baseline: Option<(i64, i64)>,
}

/// Reports by key, the most recently used first.
#[derive(Debug, Default)]
pub struct ReportCache {
    entries: Mutex<VecDeque<(Key, Arc<ReportData>)>>,
    builds: AtomicU64,
    hits: AtomicU64,
}

/// How often reports were built and served from the cache since the process started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Reports computed, each parsing and expanding every calendar.
    pub builds: u64,
    /// Reports served without computing.
    pub hits: u64,
}

impl ReportCache {
    /// The report for `key`, if kept.
    pub(crate) fn get(&self, key: &Key) -> Option<Arc<ReportData>> {
        let mut entries = self.lock();
        let at = entries.iter().position(|(k, _)| k == key)?;
        let entry = entries.remove(at)?;
        let report = Arc::clone(&entry.1);
        entries.push_front(entry);
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(report)
    }

    /// Keeps a freshly built report, dropping the least recently used past the capacity.
    pub(crate) fn insert(&self, key: Key, report: Arc<ReportData>) {
        self.builds.fetch_add(1, Ordering::Relaxed);
        let mut entries = self.lock();
        entries.retain(|(k, _)| *k != key);
        entries.push_front((key, report));
        entries.truncate(CAPACITY);
    }

    pub(crate) fn stats(&self) -> CacheStats {
        CacheStats {
            builds: self.builds.load(Ordering::Relaxed),
            hits: self.hits.load(Ordering::Relaxed),
        }
    }

    /// The entries; a panic elsewhere while holding the lock leaves them consistent (every
    /// change is one call on the deque), so a poisoned lock is still used.
    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(Key, Arc<ReportData>)>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
