//! The calendar as read: series of events with their zones resolved.
//!
//! These types keep what the meeting audit needs from RFC 5545 and nothing else. They are plain
//! data; expansion into occurrences lives in `expand`.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use crate::Skipped;
use crate::civil;
use crate::rrule::Rule;
use crate::value::Length;

/// A DTSTART, DTEND, RDATE, EXDATE or RECURRENCE-ID value with its time zone resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum When {
    /// A calendar date: the event is all-day.
    Date(Date),
    /// A wall-clock time that is the same in every zone (RFC 5545 "floating").
    Floating(DateTime),
    /// A wall-clock time in a zone (UTC times use [`TimeZone::UTC`]).
    Zoned(DateTime, TimeZone),
}

impl When {
    /// The wall-clock reading, with dates at midnight.
    pub fn civil(&self) -> DateTime {
        match self {
            When::Date(d) => d.to_datetime(jiff::civil::Time::midnight()),
            When::Floating(dt) | When::Zoned(dt, _) => *dt,
        }
    }

    /// Whether this is a DATE (all-day) value.
    pub fn is_date(&self) -> bool {
        matches!(self, When::Date(_))
    }

    /// The zone, for zoned values.
    pub fn zone(&self) -> Option<&TimeZone> {
        match self {
            When::Zoned(_, tz) => Some(tz),
            _ => None,
        }
    }

    /// The instant. Dates and floating times have none of their own, so they are read as if
    /// they were UTC, the convention the JSON output documents with its `floating` flag.
    pub fn timestamp(&self) -> Timestamp {
        match self {
            When::Zoned(dt, tz) => tz.to_timestamp(*dt).unwrap_or(Timestamp::MAX),
            other => TimeZone::UTC
                .to_timestamp(other.civil())
                .unwrap_or(Timestamp::MAX),
        }
    }

    /// The instant in whole seconds, the key occurrences are matched on.
    pub(crate) fn instant_secs(&self) -> i64 {
        self.timestamp().as_second()
    }

    pub(crate) fn civil_secs(&self) -> i64 {
        civil::secs_from_datetime(self.civil())
    }
}

/// `STATUS` of an event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Status {
    /// No STATUS property.
    #[default]
    Unset,
    /// `TENTATIVE`.
    Tentative,
    /// `CONFIRMED`.
    Confirmed,
    /// `CANCELLED`: the event, or this one instance of it, does not take place.
    Cancelled,
}

/// An attendee's answer (`PARTSTAT`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PartStat {
    /// `NEEDS-ACTION`, also the default.
    #[default]
    NeedsAction,
    /// `ACCEPTED`.
    Accepted,
    /// `DECLINED`.
    Declined,
    /// `TENTATIVE`.
    Tentative,
    /// `DELEGATED`.
    Delegated,
    /// Any other value, as written.
    Other(String),
}

/// An attendee's role (`ROLE`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Role {
    /// `CHAIR`.
    Chair,
    /// `REQ-PARTICIPANT`, also the default.
    #[default]
    Required,
    /// `OPT-PARTICIPANT`.
    Optional,
    /// `NON-PARTICIPANT`.
    NonParticipant,
    /// Any other value, as written.
    Other(String),
}

/// The ORGANIZER of an event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Organizer {
    /// The address from a `mailto:` value, in lower case; other URIs as written.
    pub email: String,
    /// The `CN` parameter.
    pub name: Option<String>,
}

/// One ATTENDEE of an event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attendee {
    /// The address from a `mailto:` value, in lower case; other URIs as written.
    pub email: String,
    /// The `CN` parameter.
    pub name: Option<String>,
    /// The `PARTSTAT` parameter.
    pub partstat: PartStat,
    /// The `ROLE` parameter.
    pub role: Role,
    /// Whether `CUTYPE=GROUP`: the address is a group or mailing list, not one person.
    pub group: bool,
    /// The groups named by the `MEMBER` parameter (addresses as in `email`): the lists
    /// through which this attendee was invited.
    pub member_of: Vec<String>,
}

/// One RDATE value: a start, and for `VALUE=PERIOD` an end.
#[derive(Clone, Debug, PartialEq)]
pub struct RDate {
    /// When the extra instance starts.
    pub start: When,
    /// When it ends, for a PERIOD; otherwise the event's own length applies.
    pub end: Option<When>,
}

/// A RECURRENCE-ID: which instance of a series an event replaces.
#[derive(Clone, Debug, PartialEq)]
pub struct RecurrenceId {
    /// The original start of the replaced instance.
    pub value: When,
    /// `RANGE=THISANDFUTURE`: the change also applies to every later instance.
    pub this_and_future: bool,
}

/// One VEVENT.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The line of its `BEGIN:VEVENT`.
    pub line: usize,
    /// `UID` (empty when missing).
    pub uid: String,
    /// `SUMMARY`, unescaped.
    pub summary: String,
    /// `DTSTART`.
    pub start: When,
    /// `DTEND`, if given.
    pub end: Option<When>,
    /// `DURATION`, if given (and no DTEND).
    pub duration: Option<Length>,
    /// `STATUS`.
    pub status: Status,
    /// `SEQUENCE` (0 when missing).
    pub sequence: i64,
    /// `ORGANIZER`.
    pub organizer: Option<Organizer>,
    /// Every `ATTENDEE`.
    pub attendees: Vec<Attendee>,
    /// Every `RRULE` (RFC 5545 allows one; older files sometimes have several).
    pub rrules: Vec<Rule>,
    /// Every `RDATE` value.
    pub rdates: Vec<RDate>,
    /// Every `EXDATE` value.
    pub exdates: Vec<When>,
    /// `RECURRENCE-ID`, for an event that overrides one instance (or more) of a series.
    pub recurrence_id: Option<RecurrenceId>,
}

impl Event {
    /// Whether the event repeats (has an RRULE or an RDATE).
    pub fn is_recurring(&self) -> bool {
        !self.rrules.is_empty() || !self.rdates.is_empty()
    }

    /// Whether the event is all-day.
    pub fn is_all_day(&self) -> bool {
        self.start.is_date()
    }
}

/// All events sharing a UID: the master (the one without RECURRENCE-ID) and its overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The shared UID.
    pub uid: String,
    /// The master event; missing when a file holds only changed instances of a series.
    pub master: Option<Event>,
    /// Events with a RECURRENCE-ID, sorted by it.
    pub overrides: Vec<Event>,
}

/// Identifies a series within one [`Calendar`], for grouping occurrences by meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SeriesKey(pub u32);

/// A parsed calendar file (every VCALENDAR in it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Calendar {
    /// Every series, in the order their first event appears.
    pub series: Vec<Series>,
    /// What was skipped, or read with a fallback, and why.
    pub skipped: Vec<Skipped>,
}

/// Input that is not an iCalendar file at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The 1-based line where reading failed.
    pub line: usize,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}
