//! iCalendar occurrences as the audit's meetings, for the CLI (`.ics` files) and the server
//! (uploaded calendars and polled feeds) alike.
//!
//! The same meeting usually appears in several people's calendars, so occurrences are kept
//! once per (UID, original start). Declined attendees and non-participants do not attend;
//! e-mail addresses are matched in lower case.
//!
//! Reading is bounded by construction: each calendar gets at most
//! [`longhand_ical::Budget::PER_FILE`], and a whole report at most [`REPORT_BUDGET`], counted
//! in occurrences and in the expander's steps (its measure of time). Series that repeat
//! more than once a minute, or whose events last longer than [`MAX_MEETING_LENGTH`], are not
//! meetings and are left out before expanding. Whatever a budget or those rules leave out is
//! a [`Problem`], on the line of the series' first event when it has one.

use std::collections::HashSet;

use jiff::{SignedDuration, Timestamp};
use longhand_domain::meetings::{Meeting, Window};
use longhand_ical::{Attendee, Budget, Expansion, Occurrence, PartStat, Role, Series};

use super::calendar_problems::Problem;

/// What one report may read over all its calendars. Each occurrence becomes a meeting of a
/// few hundred bytes, so half a million bounds a report's memory to some hundreds of MB,
/// while a year of a 500-person organisation's meetings (about 250,000) still fits.
pub const REPORT_BUDGET: Budget = Budget {
    occurrences: 500_000,
    steps: 20_000_000,
};

/// The longest an event may last and still be a meeting: two weeks. Longer events are
/// trips, leave or typos (a DTEND 2,000 years after DTSTART), and every instance of a long
/// series overlaps many windows, so reading them would cost the audit much and tell it
/// nothing about meetings.
pub const MAX_MEETING_LENGTH: SignedDuration = SignedDuration::from_hours(14 * 24);

/// Meetings gathered from several calendars, without duplicates, with notes on what was
/// skipped.
#[derive(Debug)]
pub struct Collector {
    seen: HashSet<(String, Timestamp)>,
    /// Every occurrence read, duplicates across calendars and all-day events included.
    pub occurrences: usize,
    pub meetings: Vec<Meeting>,
    /// Every problem met while reading, file by file, in the order the files were added.
    pub notes: Vec<Problem>,
    /// What the report may still read.
    pub budget: Budget,
}

impl Default for Collector {
    fn default() -> Collector {
        Collector {
            seen: HashSet::new(),
            occurrences: 0,
            meetings: Vec::new(),
            notes: Vec::new(),
            budget: REPORT_BUDGET,
        }
    }
}

impl Collector {
    /// Adds the occurrences of `calendar` inside `window`; `name` labels its notes.
    pub fn add(&mut self, name: &str, calendar: &longhand_ical::Calendar, window: Window) {
        if self.budget.is_spent() {
            self.notes.push(Problem::of(
                name,
                format!(
                    "not read: the report had already read its limit of {} occurrences",
                    REPORT_BUDGET.occurrences
                ),
            ));
            return;
        }
        let file_budget = Budget::PER_FILE.min(self.budget);
        let mut left = file_budget;
        let expansion = expand_meetings(calendar, window, &mut left);
        self.budget.spend(Budget {
            occurrences: file_budget.occurrences - left.occurrences,
            steps: file_budget.steps - left.steps,
        });
        self.occurrences += expansion.occurrences.len();
        for occurrence in &expansion.occurrences {
            let key = occurrence.recurrence_id.unwrap_or(occurrence.start);
            if self.seen.insert((occurrence.uid().to_owned(), key)) {
                self.meetings.push(meeting(occurrence));
            }
        }
        let report_bound = file_budget != Budget::PER_FILE;
        self.notes
            .extend(notes(name, calendar, &expansion, report_bound));
    }
}

/// Expands the series that can be meetings within `budget`.
fn expand_meetings<'c>(
    calendar: &'c longhand_ical::Calendar,
    window: Window,
    budget: &mut Budget,
) -> Expansion<'c> {
    calendar.expand_where(window.from(), window.to(), budget, can_be_meeting)
}

/// What a calendar will bring to a report over `window`, told when it is uploaded or
/// fetched: its skipped items, the series left out as too frequent or too long, and what one
/// calendar's budget cuts. Bounded like a report's reading of it: one calendar's budget, no
/// meetings kept.
pub fn warnings(name: &str, calendar: &longhand_ical::Calendar, window: Window) -> Vec<Problem> {
    let mut budget = Budget::PER_FILE;
    let expansion = expand_meetings(calendar, window, &mut budget);
    notes(name, calendar, &expansion, false)
}

/// Whether a series can hold meetings: neither too frequent nor too long.
fn can_be_meeting(series: &Series) -> bool {
    !repeats_within_a_minute(series) && !lasts_too_long(series)
}

/// Whether an event of the series (the master or a changed instance) lasts longer than
/// [`MAX_MEETING_LENGTH`].
fn lasts_too_long(series: &Series) -> bool {
    let mut events = series.master.iter().chain(&series.overrides);
    events.any(|e| e.longest_length() > MAX_MEETING_LENGTH)
}

/// Whether a series' rule repeats more often than once a minute, which no meeting does.
fn repeats_within_a_minute(series: &Series) -> bool {
    series
        .master
        .as_ref()
        .is_some_and(|m| m.rrules.iter().any(|r| r.repeats_within_a_minute()))
}

fn meeting(o: &Occurrence<'_>) -> Meeting {
    Meeting {
        series: o.uid().to_owned(),
        uid: o.uid().to_owned(),
        title: o.summary().to_owned(),
        start: o.start,
        end: o.end,
        attendees: o
            .attendees()
            .iter()
            .filter(|a| attends(a))
            .map(|a| a.email.to_lowercase())
            .collect(),
        organizer: o.organizer().map(|org| org.email.to_lowercase()),
        all_day: o.all_day,
        recurring: o.recurrence_id.is_some(),
    }
}

fn attends(attendee: &Attendee) -> bool {
    attendee.partstat != PartStat::Declined && attendee.role != Role::NonParticipant
}

/// Every problem of one calendar's reading: each skipped item, each series left out as too
/// frequent or too long, each series cut off, and what a budget left out; `report_bound` says
/// whether the report's budget, rather than the calendar's own, was the smaller.
fn notes(
    name: &str,
    calendar: &longhand_ical::Calendar,
    expansion: &Expansion<'_>,
    report_bound: bool,
) -> Vec<Problem> {
    let mut out = read_problems(name, calendar);
    out.extend(too_frequent(name, calendar));
    out.extend(too_long(name, calendar));
    out.extend(cut_off(name, calendar, expansion, report_bound));
    out
}

/// What the parser skipped or read with a fallback, each on its line.
fn read_problems(name: &str, calendar: &longhand_ical::Calendar) -> Vec<Problem> {
    let skipped = calendar.skipped.iter();
    skipped.map(|s| Problem::skipped(name, s)).collect()
}

/// The problems of an expansion of every series (`longhand audit expand`): what the parser
/// skipped, and what the per-series limit or one calendar's budget cut off.
pub fn expansion_problems(
    name: &str,
    calendar: &longhand_ical::Calendar,
    expansion: &Expansion<'_>,
) -> Vec<Problem> {
    let mut out = read_problems(name, calendar);
    out.extend(cut_off(name, calendar, expansion, false));
    out
}

/// The series cut off at the per-series limit, each on its line, and what a budget left out.
fn cut_off(
    name: &str,
    calendar: &longhand_ical::Calendar,
    expansion: &Expansion<'_>,
    report_bound: bool,
) -> Vec<Problem> {
    let mut out: Vec<Problem> = expansion
        .truncated
        .iter()
        .filter_map(|key| calendar.series.get(key.0 as usize))
        .map(|series| {
            let message = format!(
                "series {} cut off at {} occurrences; the later ones were left out",
                series.uid,
                longhand_ical::MAX_OCCURRENCES_PER_SERIES
            );
            series_problem(name, series, message)
        })
        .collect();
    out.extend(over_budget(name, expansion, report_bound));
    out
}

/// A problem of a whole series, on the line its first event begins.
fn series_problem(name: &str, series: &Series, message: String) -> Problem {
    let first = series.master.as_ref().or(series.overrides.first());
    match first {
        Some(event) => Problem::at(name, event.line, message),
        None => Problem::of(name, message),
    }
}

/// The series left out because they repeat more than once a minute.
fn too_frequent(name: &str, calendar: &longhand_ical::Calendar) -> Vec<Problem> {
    let left_out = calendar
        .series
        .iter()
        .filter(|s| repeats_within_a_minute(s));
    left_out
        .map(|s| {
            let message = format!(
                "series {} repeats more than once a minute (FREQ=SECONDLY or several \
                 BYSECOND values); no meeting does, so it was left out",
                s.uid
            );
            series_problem(name, s, message)
        })
        .collect()
}

/// The series left out because an event of theirs lasts longer than a meeting does (the
/// too frequent ones are named above already).
fn too_long(name: &str, calendar: &longhand_ical::Calendar) -> Vec<Problem> {
    let days = MAX_MEETING_LENGTH.as_hours() / 24;
    let left_out = calendar
        .series
        .iter()
        .filter(|s| !repeats_within_a_minute(s) && lasts_too_long(s));
    left_out
        .map(|s| {
            let message = format!(
                "series {} has an event longer than {days} days (DTEND, DURATION or an \
                 RDATE period); no meeting lasts that long, so it was left out",
                s.uid
            );
            series_problem(name, s, message)
        })
        .collect()
}

/// The problem of series a budget left out or cut short, naming the budget. It belongs to
/// no line: the budget counts the whole calendar (or report).
fn over_budget(name: &str, expansion: &Expansion<'_>, report_bound: bool) -> Option<Problem> {
    let n = expansion.over_budget.len();
    if n == 0 {
        return None;
    }
    let limit = if report_bound {
        format!(
            "a report reads at most {} occurrences ({} steps of work) over all calendars",
            REPORT_BUDGET.occurrences, REPORT_BUDGET.steps
        )
    } else {
        format!(
            "at most {} occurrences ({} steps of work) are read from one calendar",
            Budget::PER_FILE.occurrences,
            Budget::PER_FILE.steps
        )
    };
    Some(Problem::of(
        name,
        format!(
            "{n} series left out or cut short after {} occurrences: {limit}",
            expansion.occurrences.len()
        ),
    ))
}
