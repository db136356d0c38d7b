//! The one error type of the calendar module, with messages a person editing their working
//! hours can act on.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};

use super::hours::{DateRange, TimeRange};

/// Everything that can go wrong when building a calendar or computing with one.
///
/// Parsing and construction errors quote the offending input so the message can be shown
/// next to the form field it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CalendarError {
    /// A time of day that is not `HH:MM` (or `HH:MM:SS`) in 00:00–24:00.
    InvalidTime(String),
    /// A working range that is not `HH:MM-HH:MM`.
    InvalidRange(String),
    /// A range whose start and end are the same instant of the day.
    EmptyRange(String),
    /// Two working ranges on the same weekday overlap.
    Overlap {
        day: Weekday,
        first: TimeRange,
        second: TimeRange,
    },
    /// A range that crosses midnight runs into a range of the next weekday.
    SpillOverlap {
        day: Weekday,
        first: TimeRange,
        next_day: Weekday,
        second: TimeRange,
    },
    /// A date range whose end is before its start.
    DateRangeReversed { start: Date, end: Date },
    /// Two time-off ranges share at least one date.
    TimeOffOverlap { first: DateRange, second: DateRange },
    /// A focus block that does not end after it starts.
    FocusBlockEmpty { start: String, end: String },
    /// A focus block without any weekday.
    FocusBlockNoDays,
    /// Two focus blocks overlap on a weekday.
    FocusBlockOverlap { day: Weekday },
    /// The weekly hours contain no working time at all.
    NoWorkingTime,
    /// A team calendar without members.
    NoMembers,
    /// A business duration that could not be parsed.
    InvalidDuration(String),
    /// A negative business duration given to `add`.
    NegativeDuration,
    /// The walk for working time went past the search horizon (or past the range of
    /// representable instants) without finishing.
    BeyondHorizon { start: Timestamp },
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidTime(s) => write!(
                f,
                "unknown time {s:?} (expected HH:MM between 00:00 and 24:00)"
            ),
            Self::InvalidRange(s) => write!(
                f,
                "unknown working range {s:?} (expected e.g. \"09:00-12:00\")"
            ),
            Self::EmptyRange(s) => write!(
                f,
                "the range {s:?} is empty: its end must differ from its start"
            ),
            Self::Overlap { day, first, second } => {
                write!(f, "{first} overlaps {second} on {}", day_name(*day))
            }
            Self::SpillOverlap {
                day,
                first,
                next_day,
                second,
            } => write!(
                f,
                "{first} on {} runs past midnight into {second} on {}",
                day_name(*day),
                day_name(*next_day)
            ),
            Self::DateRangeReversed { start, end } => {
                write!(
                    f,
                    "time off ends before it starts ({end} is before {start})"
                )
            }
            Self::TimeOffOverlap { first, second } => {
                write!(f, "time off {first} overlaps time off {second}")
            }
            Self::FocusBlockEmpty { start, end } => {
                write!(f, "the focus block {start}-{end} must end after it starts")
            }
            Self::FocusBlockNoDays => write!(f, "a focus block needs at least one weekday"),
            Self::FocusBlockOverlap { day } => {
                write!(f, "two focus blocks overlap on {}", day_name(*day))
            }
            Self::NoWorkingTime => write!(f, "the calendar has no working time"),
            Self::NoMembers => write!(f, "a team calendar needs at least one member"),
            Self::InvalidDuration(s) => write!(
                f,
                "unknown business duration {s:?} (expected e.g. 4h, 90m, 1h30m, 3d, PT4H or P3D)"
            ),
            Self::NegativeDuration => write!(f, "a business duration must not be negative"),
            Self::BeyondHorizon { start } => write!(
                f,
                "no due time within {} years after {start}: the calendar has (almost) no working time",
                super::engine::HORIZON_YEARS
            ),
        }
    }
}

impl std::error::Error for CalendarError {}

/// The English name of a weekday, as used in every message of this module.
pub(crate) fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}
