//! The only place that reads the wall clock.
//!
//! Everything else takes `now: jiff::Timestamp` as a parameter, so tests can run the whole
//! application on a fake clock. `clippy.toml` bans `Timestamp::now` everywhere but here.
//!
//! "Now" comes at storage precision (whole microseconds, see `longhand_domain::instant`): an
//! instant computed from it and kept in a job's payload must equal the same instant read back
//! from its row, or the job mistakes its ask for a rescheduled one and does nothing.

use jiff::Timestamp;
use longhand_domain::instant::at_storage_precision;
use std::sync::{Arc, Mutex};

/// A source of "now": the system clock, or a fake one that tests move by hand.
#[derive(Debug, Clone)]
pub enum Clock {
    /// The system's wall clock.
    System,
    /// A clock that stands still until told otherwise.
    Fake(Arc<Mutex<Timestamp>>),
}

impl Clock {
    /// A fake clock starting at `at`.
    pub fn fake(at: Timestamp) -> Clock {
        Clock::Fake(Arc::new(Mutex::new(at)))
    }

    /// The current instant, truncated to whole microseconds.
    #[allow(clippy::disallowed_methods)]
    pub fn now(&self) -> Timestamp {
        let now = match self {
            Clock::System => Timestamp::now(),
            Clock::Fake(at) => *at.lock().unwrap_or_else(|poisoned| poisoned.into_inner()),
        };
        at_storage_precision(now)
    }

    /// Moves a fake clock; a no-op on the system clock.
    pub fn set(&self, to: Timestamp) {
        if let Clock::Fake(at) = self {
            *at.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = to;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_at_storage_precision_on_both_clocks() {
        let fake = Clock::fake("2026-03-10T10:00:00.123456789Z".parse().unwrap());
        assert_eq!(fake.now().to_string(), "2026-03-10T10:00:00.123456Z");
        let system = Clock::System.now();
        assert_eq!(system.subsec_nanosecond() % 1_000, 0, "{system}");
    }
}
