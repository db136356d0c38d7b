//! Business calendars: when a person (or a team) works, and how much working time lies
//! between two instants. This is the engine behind response targets, review windows and
//! notification routing (DESIGN.md §1 rule 3, §2.3).
//!
//! - `hours.rs`: civil building blocks (`TimeRange`, `WeeklyHours`, `DateRange`,
//!   `FocusBlock`).
//! - `engine.rs`: a member's `Calendar` and its interval stream.
//! - `team.rs`: `TeamCalendar`, the union or intersection of members.
//! - `walk.rs`: `add`, `between` and business days, once for both.
//! - `zone.rs`: fast instant ↔ wall-clock conversion.
//!
//! Architecture Invariant: everything here is pure. Time is always a parameter, nothing
//! allocates in the hot path of a member's `add` and `between`, and no type serializes
//! itself; the application converts at its edges.

mod duration;
mod engine;
mod error;
mod hours;
mod team;
mod walk;
mod zone;

#[cfg(test)]
mod tests;

use jiff::{SignedDuration, Timestamp};

pub use duration::BusinessDuration;
pub use engine::{Calendar, HORIZON_YEARS};
pub use error::CalendarError;
pub use hours::{DateRange, FocusBlock, TimeRange, WeeklyHours};
pub use team::{TeamCalendar, TeamMode};

/// What a person is doing at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Availability {
    /// Inside working hours.
    Working,
    /// Inside working hours and inside a focus block.
    Focus,
    /// Outside working hours on an ordinary day.
    OffHours,
    /// On a holiday.
    Holiday,
    /// On time off.
    TimeOff,
}

impl Availability {
    /// A lower-case label for pages and messages.
    pub fn label(&self) -> &'static str {
        match self {
            Availability::Working => "working",
            Availability::Focus => "focus",
            Availability::OffHours => "off hours",
            Availability::Holiday => "holiday",
            Availability::TimeOff => "time off",
        }
    }

    /// Whether the clock of a response target runs (working or focus time).
    pub fn is_working(&self) -> bool {
        matches!(self, Availability::Working | Availability::Focus)
    }
}

/// The two questions every business calendar answers, for members and teams alike.
pub trait BusinessCalendar {
    /// The instant that lies `business` of working time after `start`.
    fn add(&self, start: Timestamp, business: BusinessDuration)
    -> Result<Timestamp, CalendarError>;
    /// The working time between `a` and `b`, negative when `b` is before `a`.
    fn between(&self, a: Timestamp, b: Timestamp) -> SignedDuration;
    /// The first working instant at or after `at`, within the horizon.
    fn next_working_instant(&self, at: Timestamp) -> Option<Timestamp>;
}
