//! The only place that reads the wall clock.
//!
//! Everything else takes `now: jiff::Timestamp` as a parameter, so tests can run the whole
//! application on a fake clock. `clippy.toml` bans `Timestamp::now` everywhere but here.

use jiff::Timestamp;
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

    /// The current instant.
    #[allow(clippy::disallowed_methods)]
    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Fake(at) => *at.lock().unwrap_or_else(|poisoned| poisoned.into_inner()),
        }
    }

    /// Moves a fake clock; a no-op on the system clock.
    pub fn set(&self, to: Timestamp) {
        if let Clock::Fake(at) = self {
            *at.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = to;
        }
    }
}
