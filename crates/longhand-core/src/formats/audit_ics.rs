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
//! named in the notes.

use std::collections::{HashMap, HashSet};

use jiff::{SignedDuration, Timestamp};
use longhand_domain::meetings::{Meeting, Window};
use longhand_ical::{Attendee, Budget, Event, Expansion, Occurrence, PartStat, Role, Series};

/// How many skipped items (or left-out series) are listed per calendar before the rest are
/// counted.
const SKIPPED_SHOWN: usize = 5;

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
///
/// Calendars are added one by one ([`Collector::add`]), or read on their own first
/// ([`CalendarMeetings::read`], which several threads can do at once) and then merged in
/// order ([`Collector::merge`]). Both give the same meetings, notes and budget, because the
/// first calendar to hold a meeting is the one it is read from, and each calendar's budget
/// depends on what the calendars before it used.
#[derive(Debug)]
pub struct Collector {
    /// The UIDs seen, each numbered once, so the key of an occurrence is two small numbers.
    uids: HashMap<Box<str>, u32>,
    seen: HashSet<(u32, Timestamp)>,
    /// Every occurrence read, duplicates across calendars and all-day events included.
    pub occurrences: usize,
    pub meetings: Vec<Meeting>,
    pub notes: Vec<String>,
    /// What the report may still read.
    pub budget: Budget,
}

impl Default for Collector {
    fn default() -> Collector {
        Collector {
            uids: HashMap::new(),
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
            self.skip(name);
            return;
        }
        let read = CalendarMeetings::read(name, calendar, window, self.next_budget());
        self.take(read);
    }

    /// Merges a calendar read on its own, as if it were added here. Returns `false`, and
    /// changes nothing, when it was read with another budget than this report has left for
    /// it ([`Collector::next_budget`]): near the end of the report's budget the calendar must
    /// be read again with [`Collector::add`] to give the same result.
    pub fn merge(&mut self, read: CalendarMeetings) -> bool {
        if self.budget.is_spent() {
            self.skip(&read.name);
            return true;
        }
        if read.budget != self.next_budget() {
            return false;
        }
        self.take(read);
        true
    }

    /// The budget the next calendar is read with: one calendar's, or what the report has left
    /// when that is less.
    pub fn next_budget(&self) -> Budget {
        Budget::PER_FILE.min(self.budget)
    }

    fn skip(&mut self, name: &str) {
        self.notes.push(format!(
            "{name}: not read, the report had already read its limit of {} occurrences",
            REPORT_BUDGET.occurrences
        ));
    }

    fn take(&mut self, read: CalendarMeetings) {
        self.budget.spend(read.used);
        self.occurrences += read.occurrences.len();
        let uids: Vec<u32> = read.uids.iter().map(|uid| self.uid_number(uid)).collect();
        for o in &read.occurrences {
            let Some(&uid) = uids.get(o.uid) else { continue };
            if self.seen.insert((uid, o.key)) {
                if let Some(template) = read.events.get(o.event) {
                    self.meetings.push(o.meeting(template));
                }
            }
        }
        self.notes.extend(read.notes);
    }

    fn uid_number(&mut self, uid: &str) -> u32 {
        if let Some(&n) = self.uids.get(uid) {
            return n;
        }
        let n = self.uids.len() as u32;
        self.uids.insert(uid.into(), n);
        n
    }
}

/// One calendar's occurrences inside a window, kept small: what the events say is kept once
/// per event, and each occurrence is its times and the numbers of its UID and event. The
/// calendar's text and parse can be dropped once this is read.
#[derive(Debug)]
pub struct CalendarMeetings {
    name: String,
    /// The budget it was read with, and what it used.
    budget: Budget,
    used: Budget,
    uids: Vec<String>,
    /// Per event, the meeting it makes with the times of its first occurrence.
    events: Vec<Meeting>,
    occurrences: Vec<Compact>,
    notes: Vec<String>,
}

/// An occurrence as [`CalendarMeetings`] keeps it.
#[derive(Clone, Copy, Debug)]
struct Compact {
    uid: usize,
    event: usize,
    /// The original start, which with the UID names the meeting across calendars.
    key: Timestamp,
    start: Timestamp,
    end: Timestamp,
    all_day: bool,
    recurring: bool,
}

impl Compact {
    fn meeting(&self, template: &Meeting) -> Meeting {
        Meeting {
            start: self.start,
            end: self.end,
            all_day: self.all_day,
            recurring: self.recurring,
            ..template.clone()
        }
    }
}

impl CalendarMeetings {
    /// Reads the occurrences of `calendar` inside `window` within `budget`; `name` labels its
    /// notes. A calendar read on its own for a report takes one calendar's budget,
    /// [`Budget::PER_FILE`].
    pub fn read(
        name: &str,
        calendar: &longhand_ical::Calendar,
        window: Window,
        budget: Budget,
    ) -> CalendarMeetings {
        let mut left = budget;
        let expansion = expand_meetings(calendar, window, &mut left);
        let mut read = CalendarMeetings {
            name: name.to_owned(),
            budget,
            used: Budget {
                occurrences: budget.occurrences - left.occurrences,
                steps: budget.steps - left.steps,
            },
            uids: Vec::new(),
            events: Vec::new(),
            occurrences: Vec::with_capacity(expansion.occurrences.len()),
            notes: notes(name, calendar, &expansion, budget != Budget::PER_FILE),
        };
        read.keep(&expansion.occurrences);
        read
    }

    /// Keeps each occurrence compactly, numbering UIDs by series and details by event. An
    /// event is known by its address: every occurrence borrows the event it comes from.
    fn keep(&mut self, occurrences: &[Occurrence<'_>]) {
        let mut uid_of: HashMap<u32, usize> = HashMap::new();
        let mut event_of: HashMap<*const Event, usize> = HashMap::new();
        for o in occurrences {
            let uid = *uid_of.entry(o.series.0).or_insert_with(|| {
                self.uids.push(o.uid().to_owned());
                self.uids.len() - 1
            });
            let event = *event_of.entry(std::ptr::from_ref(o.event)).or_insert_with(|| {
                self.events.push(meeting(o));
                self.events.len() - 1
            });
            self.occurrences.push(Compact {
                uid,
                event,
                key: o.recurrence_id.unwrap_or(o.start),
                start: o.start,
                end: o.end,
                all_day: o.all_day,
                recurring: o.recurrence_id.is_some(),
            });
        }
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

/// What a calendar will bring to a report over `window`, told when it is uploaded: its
/// skipped items, the series left out as too frequent or too long, and what one calendar's
/// budget cuts. Bounded like a report's reading of it: one calendar's budget, no meetings
/// kept.
pub fn warnings(name: &str, calendar: &longhand_ical::Calendar, window: Window) -> Vec<String> {
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

/// One line per skipped item (the first few), per series left out as too frequent or too
/// long, per series cut off, and for what a budget left out; `report_bound` says whether the
/// report's budget, rather than the calendar's own, was the smaller.
fn notes(
    name: &str,
    calendar: &longhand_ical::Calendar,
    expansion: &Expansion<'_>,
    report_bound: bool,
) -> Vec<String> {
    let mut out: Vec<String> = calendar
        .skipped
        .iter()
        .take(SKIPPED_SHOWN)
        .map(|s| format!("{name}: {s}"))
        .collect();
    if calendar.skipped.len() > SKIPPED_SHOWN {
        let more = calendar.skipped.len() - SKIPPED_SHOWN;
        out.push(format!("{name}: {more} more items skipped"));
    }
    out.extend(too_frequent(name, calendar));
    out.extend(too_long(name, calendar));
    for key in &expansion.truncated {
        let uid = calendar
            .series
            .get(key.0 as usize)
            .map_or("?", |s| s.uid.as_str());
        out.push(format!(
            "{name}: series {uid} cut off at {} occurrences",
            longhand_ical::MAX_OCCURRENCES_PER_SERIES
        ));
    }
    out.extend(over_budget(name, expansion, report_bound));
    out
}

/// The series left out because they repeat more than once a minute.
fn too_frequent(name: &str, calendar: &longhand_ical::Calendar) -> Vec<String> {
    let left_out: Vec<&Series> = calendar
        .series
        .iter()
        .filter(|s| repeats_within_a_minute(s))
        .collect();
    let one = |uid: &str| {
        format!(
            "{name}: series {uid} repeats more than once a minute (FREQ=SECONDLY or several \
             BYSECOND values); no meeting does, so it was left out"
        )
    };
    let rest = |n: usize| {
        format!("{name}: {n} more series repeat more than once a minute and were left out")
    };
    left_out_lines(&left_out, one, rest)
}

/// The series left out because an event of theirs lasts longer than a meeting does (the
/// too frequent ones are named above already).
fn too_long(name: &str, calendar: &longhand_ical::Calendar) -> Vec<String> {
    let left_out: Vec<&Series> = calendar
        .series
        .iter()
        .filter(|s| !repeats_within_a_minute(s) && lasts_too_long(s))
        .collect();
    let days = MAX_MEETING_LENGTH.as_hours() / 24;
    let one = |uid: &str| {
        format!(
            "{name}: series {uid} has an event longer than {days} days (DTEND, DURATION or an \
             RDATE period); no meeting lasts that long, so it was left out"
        )
    };
    let rest = |n: usize| {
        format!("{name}: {n} more series have an event longer than {days} days and were left out")
    };
    left_out_lines(&left_out, one, rest)
}

/// A line per left-out series for the first few, then one counting the rest.
fn left_out_lines(
    left_out: &[&Series],
    one: impl Fn(&str) -> String,
    rest: impl Fn(usize) -> String,
) -> Vec<String> {
    let mut out: Vec<String> = left_out
        .iter()
        .take(SKIPPED_SHOWN)
        .map(|s| one(&s.uid))
        .collect();
    if left_out.len() > SKIPPED_SHOWN {
        out.push(rest(left_out.len() - SKIPPED_SHOWN));
    }
    out
}

/// The line for series a budget left out or cut short, naming the budget.
fn over_budget(name: &str, expansion: &Expansion<'_>, report_bound: bool) -> Option<String> {
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
            "a report reads at most {} occurrences ({} steps of work) from one calendar",
            Budget::PER_FILE.occurrences,
            Budget::PER_FILE.steps
        )
    };
    Some(format!(
        "{name}: {n} series left out or cut short after {} occurrences: {limit}",
        expansion.occurrences.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A calendar holding the weekly `shared` series (titled after `who`) and `own` daily
    /// series of its own, from Monday 2 March 2026.
    fn calendar(who: &str, own: usize) -> longhand_ical::Calendar {
        let mut ics = format!(
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:shared\nSUMMARY:Shared, by {who}\n\
             DTSTART:20260302T090000Z\nDURATION:PT30M\nRRULE:FREQ=WEEKLY\n\
             ATTENDEE:mailto:{who}@example.com\nEND:VEVENT\n"
        );
        for i in 0..own {
            ics += &format!(
                "BEGIN:VEVENT\nUID:{who}-{i}\nSUMMARY:Own\nDTSTART:20260302T1{i}0000Z\n\
                 DURATION:PT15M\nRRULE:FREQ=DAILY\nEND:VEVENT\n"
            );
        }
        longhand_ical::parse(&(ics + "END:VCALENDAR\n")).unwrap()
    }

    fn march() -> Window {
        let from = "2026-03-02T00:00:00Z".parse().unwrap();
        Window::new(from, "2026-03-30T00:00:00Z".parse().unwrap()).unwrap()
    }

    fn same(a: &Collector, b: &Collector) {
        assert_eq!(a.meetings, b.meetings);
        assert_eq!(a.notes, b.notes);
        assert_eq!((a.occurrences, a.budget), (b.occurrences, b.budget));
    }

    #[test]
    fn calendars_read_on_their_own_merge_into_what_adding_them_gives() {
        let calendars = [("ana", calendar("ana", 2)), ("ben", calendar("ben", 1))];
        let (mut added, mut merged) = (Collector::default(), Collector::default());
        for (name, cal) in &calendars {
            added.add(name, cal, march());
            let read = CalendarMeetings::read(name, cal, march(), Budget::PER_FILE);
            assert!(merged.merge(read));
        }
        same(&added, &merged);
        assert_eq!(added.meetings.len(), 4 + 2 * 28 + 28);
        assert_eq!(added.meetings[0].title, "Shared, by ana");
        assert_eq!(added.occurrences, 4 + 2 * 28 + 4 + 28);
    }

    #[test]
    fn a_calendar_read_with_a_whole_budget_is_refused_when_less_is_left() {
        let cal = calendar("ana", 1);
        let mut merged = Collector::default();
        merged.budget.occurrences = 10;
        let read = CalendarMeetings::read("ana", &cal, march(), Budget::PER_FILE);
        assert!(!merged.merge(read));
        assert_eq!((merged.meetings.len(), merged.budget.occurrences), (0, 10));
        let mut added = Collector::default();
        added.budget.occurrences = 10;
        added.add("ana", &cal, march());
        assert!(merged.merge(CalendarMeetings::read("ana", &cal, march(), merged.next_budget())));
        same(&added, &merged);
        assert_eq!(added.meetings.len(), 10);
    }
}
