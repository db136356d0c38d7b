//! An iCalendar (RFC 5545) reader and recurrence expander built on `jiff`.
//!
//! Longhand imports calendars to audit meetings, so this crate turns `.ics` text into the
//! concrete occurrences of every event in a time window: RRULE, RDATE, EXDATE and
//! RECURRENCE-ID overrides applied, DST handled on the wall clock of each event's zone, and
//! Outlook's Windows zone names understood.
//!
//! # Example
//! ```
//! let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:sync\r\nSUMMARY:Team sync\r\n\
//!            DTSTART;TZID=W. Europe Standard Time:20260323T090000\r\nDURATION:PT30M\r\n\
//!            RRULE:FREQ=WEEKLY;BYDAY=MO,TH\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
//! let cal = longhand_ical::parse(ics)?;
//! let from = "2026-03-23T00:00:00Z".parse()?;
//! let to = "2026-04-01T00:00:00Z".parse()?;
//! let mut out = Vec::new();
//! longhand_ical::write_jsonl(&mut out, &cal.occurrences(from, to))?;
//! let text = String::from_utf8(out)?;
//! // Monday the 23rd is still winter time in Berlin; Thursday the 26th too; Monday the 30th
//! // is summer time, so the same 09:00 is an hour earlier in UTC.
//! let starts: Vec<&str> = text.lines().map(|l| &l[l.find("\"start\":").unwrap() + 9..][..20]).collect();
//! assert_eq!(starts, ["2026-03-23T08:00:00Z", "2026-03-26T08:00:00Z", "2026-03-30T07:00:00Z"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Reading the rules
//! - TZIDs resolve against the tz database bundled into the binary (never the host's
//!   zoneinfo), in this order: an IANA name, also with the leading slash of a globally
//!   unique TZID (`/Europe/Stockholm`); a Windows name (Outlook); an IANA `Area/City` behind
//!   a vendor prefix (`/mozilla.org/20050126_1/Europe/Berlin`); and only then the file's own
//!   VTIMEZONE, since the database knows rule changes a years-old export cannot. Unknown
//!   zones read as floating, reported. An empty parameter (`TZID=`) counts as absent.
//! - `X-WR-TIMEZONE` (Apple and Google exports) names the calendar's zone. UTC times keep
//!   their instant but repeat on that zone's wall clock; floating date-times (no `Z`, no
//!   TZID) are times in that zone. Dates (all-day events) stay dates, and a TZID that names
//!   no known zone stays floating.
//! - DTSTART is always an instance. When it does not match its RRULE it comes on top of
//!   COUNT, as python-dateutil and `recurring_ical_events` count.
//! - An RRULE with an unknown part (`UNTL=`, a typo), an `RSCALE` other than Gregorian
//!   (RFC 7529) or an unreadable value is dropped with a warning and DTSTART counts once,
//!   never a guess; `X-` parts are ignored, as RFC 5545 asks. The one repair: a bad `COUNT`
//!   next to a good `UNTIL` (or the other way round) is dropped and the rule kept, since the
//!   series still ends. A DATE `UNTIL` on a series with times means the end of that day.
//! - An override (RECURRENCE-ID) older than its master (lower `SEQUENCE`) of an instance the
//!   master no longer has (EXDATE, or past UNTIL or COUNT) is stale and left out, reported;
//!   one at the master's SEQUENCE or above is a later change and stays (see `expand::stale`).
//! - Times in a DST gap are read with the offset before the gap (shifted forward by the gap);
//!   times in a fold take the first occurrence (RFC 5545 §3.3.5).
//! - Floating and all-day times have no instant of their own; they are read as if UTC and
//!   flagged `floating`, with the wall-clock time kept in [`Occurrence::civil_start`]. In
//!   JSON lines an all-day occurrence's times are dates.
//!
//! # Reading damaged files
//! Every problem becomes a [`Skipped`] entry with its line, saying what was wrong and what
//! was done: a component whose `END` is missing or mistyped ends where the next event (or
//! the calendar's `END`) begins, instead of swallowing the rest of the file; a second
//! VCALENDAR, events after `END:VCALENDAR`, a VCALENDAR nested in another and a file
//! holding a bare VEVENT are all read; a duplicate DTSTART keeps the first; an event
//! without a UID gets one made from its line (`no-uid-line-12`); an empty EXDATE, an end
//! before the start and a VTIMEZONE that cannot be read (used or not) are reported.
//!
//! Architecture Invariant: no IO and no clock. Text comes in, values come out; the caller
//! decides where the text came from and what "now" is.
//!
//! Architecture Invariant: bad input never panics. What cannot be read at all is a
//! [`ParseError`] with a line number; what is partly bad is skipped and reported in
//! [`Calendar::skipped`], and the rest of the file still counts.

mod civil;
mod expand;
mod jsonl;
mod lex;
mod model;
mod parse;
mod recur;
mod rrule;
mod value;
mod vtimezone;
mod windows;
mod zones;

pub use expand::{
    Budget, Expansion, MAX_OCCURRENCES_PER_FILE, MAX_OCCURRENCES_PER_SERIES, MAX_STEPS_PER_FILE,
    Occurrence, SeriesOccurrences,
};
pub use jsonl::{json_line, write_jsonl};
pub use lex::MAX_NESTING;
pub use model::{
    Attendee, Calendar, Event, Organizer, ParseError, PartStat, RDate, RecurrenceId, Role, Series,
    SeriesKey, Status, When,
};
pub use parse::{parse, parse_bytes};
pub use rrule::{Frequency, Repair, Rule, RuleError, WeekdayNum};
pub use value::{Length, Moment};

use jiff::civil::DateTime;

/// The instances of a [`Rule`] on the wall clock, lazily, in increasing order.
///
/// This is the bare RFC 5545 rule expansion with no time zone: UNTIL is compared as written,
/// and DTSTART is an instance only if it matches the rule.
#[derive(Clone, Debug)]
pub struct Instances {
    cursor: recur::Cursor,
}

impl Rule {
    /// The rule's instances for the given DTSTART.
    ///
    /// # Example
    /// ```
    /// use jiff::civil::date;
    /// use longhand_ical::{Moment, Rule};
    /// let rule = Rule::parse("FREQ=MONTHLY;BYDAY=1FR;COUNT=3").unwrap();
    /// let start = Moment::Local(date(1997, 9, 5).at(9, 0, 0, 0));
    /// let got: Vec<String> = rule.instances(start).map(|t| t.to_string()).collect();
    /// assert_eq!(got, ["1997-09-05T09:00:00", "1997-10-03T09:00:00", "1997-11-07T09:00:00"]);
    /// ```
    pub fn instances(&self, start: Moment) -> Instances {
        let date_only = matches!(start, Moment::Date(_));
        let until = self.until.map(|u| until_secs(u, date_only));
        let anchor = recur::Anchor {
            start: civil::secs_from_datetime(start.civil()),
            date_only,
            until,
        };
        Instances {
            cursor: recur::Cursor::new(recur::Plan::new(self, anchor)),
        }
    }
}

/// UNTIL as an inclusive civil bound. A DATE bound on a DATE-TIME rule includes that whole
/// day, which is what its author meant by "until the 24th".
fn until_secs(until: Moment, date_only: bool) -> i64 {
    let secs = civil::secs_from_datetime(until.civil());
    match until {
        Moment::Date(_) if !date_only => secs + civil::DAY - 1,
        _ => secs,
    }
}

impl Instances {
    /// Skips ahead so the next instance is the first at or after `t`. Rules with COUNT cannot
    /// skip (every earlier instance counts), so for them this only saves the caller a filter.
    pub fn skip_to(&mut self, t: DateTime) {
        self.cursor.seek(civil::secs_from_datetime(t));
    }
}

impl Iterator for Instances {
    type Item = DateTime;

    fn next(&mut self) -> Option<DateTime> {
        self.cursor.by_ref().find_map(civil::datetime_from_secs)
    }
}

/// Something in the input that was skipped or read with a fallback, and why.
///
/// Its [`Display`](std::fmt::Display) form, `line N: reason`, is what tools show; the reason
/// says what was wrong and what was done, as in "RRULE part `UNTL=20260301` is unknown: rule
/// dropped, the event counts once".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The 1-based input line it starts on.
    pub line: usize,
    /// What happened, in a sentence fragment such as "VEVENT without DTSTART skipped".
    pub reason: String,
}

impl Skipped {
    pub(crate) fn new(line: usize, reason: String) -> Skipped {
        Skipped { line, reason }
    }
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}
