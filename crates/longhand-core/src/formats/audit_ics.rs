//! iCalendar occurrences as the audit's meetings, for the CLI (`.ics` files) and the server
//! (uploaded calendars and polled feeds) alike.
//!
//! The same meeting usually appears in several people's calendars, so occurrences are kept
//! once per (UID, original start), with every calendar owner whose copy holds it: a person
//! attends a meeting in their own calendar even when the invitation names only a group
//! (`CUTYPE=GROUP`), and does not when they declined it there. Groups and their known
//! members (`MEMBER=` on an attendee) are learned from every copy read; the domain's
//! [`Meeting::participants`] applies the rule. Declined attendees and non-participants do
//! not attend; e-mail addresses are matched in lower case.
//!
//! A calendar's owner is told by the caller: a polled feed belongs to its member, an upload
//! to the member chosen for it, a file on the command line to the address given for it or
//! the one it names itself ([`named_owner`]).
//!
//! Reading is bounded by construction: each calendar gets at most
//! [`longhand_ical::Budget::PER_FILE`], and a whole report at most [`REPORT_BUDGET`], counted
//! in occurrences and in the expander's steps (its measure of time). Series that repeat
//! more than once a minute, or whose events last longer than [`MAX_MEETING_LENGTH`], are not
//! meetings and are left out before expanding. Whatever a budget or those rules leave out is
//! a [`Problem`], on the line of the series' first event when it has one.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use jiff::{SignedDuration, Timestamp};
use longhand_domain::meetings::{Groups, Meeting, Shared, Window, learn_group};
use longhand_ical::{Attendee, Budget, Event, Expansion, Occurrence, PartStat, Role, Series};

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
///
/// Calendars are added one by one ([`Collector::add`]), or read on their own first
/// ([`CalendarMeetings::read`], which several threads can do at once) and then merged in
/// order ([`Collector::merge`]). Both give the same meetings, groups, notes and budget,
/// because the first calendar to hold a meeting is the one it is read from, holders are
/// listed in the order calendars come, and each calendar's budget depends on what the
/// calendars before it used.
#[derive(Debug)]
pub struct Collector {
    /// The UIDs seen, each numbered once, so the key of an occurrence is two small numbers.
    uids: HashMap<Box<str>, u32>,
    /// Where each (UID, original start) is in `meetings`.
    seen: HashMap<(u32, Timestamp), usize>,
    /// Every occurrence read, duplicates across calendars and all-day events included.
    pub occurrences: usize,
    pub meetings: Vec<Meeting>,
    /// Group addresses and their members, as the invitations read tell them.
    pub groups: Groups,
    /// Every problem met while reading, file by file, in the order the files were added.
    pub notes: Vec<Problem>,
    /// What the report may still read.
    pub budget: Budget,
}

impl Default for Collector {
    fn default() -> Collector {
        Collector {
            uids: HashMap::new(),
            seen: HashMap::new(),
            occurrences: 0,
            meetings: Vec::new(),
            groups: Groups::new(),
            notes: Vec::new(),
            budget: REPORT_BUDGET,
        }
    }
}

impl Collector {
    /// Adds the occurrences of `calendar` inside `window`; `name` labels its notes, and
    /// `owner` (a lower-case address) is the person whose calendar it is, if it is one
    /// person's.
    pub fn add(
        &mut self,
        name: &str,
        owner: Option<&str>,
        calendar: &longhand_ical::Calendar,
        window: Window,
    ) {
        if self.budget.is_spent() {
            self.skip(name);
            return;
        }
        let read = CalendarMeetings::read(name, owner, calendar, window, self.next_budget());
        self.take(read);
    }

    /// Merges a calendar read on its own, as if it were added here. Returns `false`, and
    /// changes nothing, when the budget it was read with could have given another result
    /// than what this report has left for it ([`Collector::next_budget`]): near the end of
    /// the report's budget a calendar that would meet the end must be read again with
    /// [`Collector::add`] to give the same result.
    pub fn merge(&mut self, read: CalendarMeetings) -> bool {
        if self.budget.is_spent() {
            self.skip(&read.name);
            return true;
        }
        if !read.reads_the_same_with(self.next_budget()) {
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
        self.notes.push(Problem::of(
            name,
            format!(
                "not read: the report had already read its limit of {} occurrences",
                REPORT_BUDGET.occurrences
            ),
        ));
    }

    /// Keeps the first copy of each occurrence as its meeting, and from every copy what it
    /// tells about groups and whether its owner attends.
    fn take(&mut self, read: CalendarMeetings) {
        self.budget.spend(read.used);
        self.occurrences += read.occurrences.len();
        for event in &read.events {
            for a in &event.teaches {
                learn_group(&mut self.groups, &a.email, a.group, &a.member_of);
            }
        }
        let uids: Vec<u32> = read.uids.iter().map(|uid| self.uid_number(uid)).collect();
        for o in &read.occurrences {
            let (Some(&uid), Some(event)) = (uids.get(o.uid), read.events.get(o.event)) else {
                continue;
            };
            let at = match self.seen.entry((uid, o.key)) {
                Entry::Occupied(seen) => *seen.get(),
                Entry::Vacant(new) => {
                    new.insert(self.meetings.len());
                    self.meetings.push(o.meeting(&event.meeting));
                    self.meetings.len() - 1
                }
            };
            if let (Some(owner), Some(meeting)) = (&read.owner, self.meetings.get_mut(at)) {
                hold(meeting, owner, event.owner_declines);
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
    /// Whose calendar it is, shared by every occurrence it holds.
    owner: Option<Shared>,
    /// The budget it was read with, and what it used.
    budget: Budget,
    used: Budget,
    uids: Vec<String>,
    events: Vec<EventMeetings>,
    occurrences: Vec<Compact>,
    notes: Vec<Problem>,
}

/// What one event gives each of its occurrences.
#[derive(Debug)]
struct EventMeetings {
    /// The meeting it makes, with the times of its first occurrence.
    meeting: Meeting,
    /// The attendee lines that tell about groups.
    teaches: Vec<Attendee>,
    /// Whether the calendar's owner declined it in their own line.
    owner_declines: bool,
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
    /// notes and `owner` is whose calendar it is. A calendar read on its own for a report
    /// takes one calendar's budget, [`Budget::PER_FILE`].
    pub fn read(
        name: &str,
        owner: Option<&str>,
        calendar: &longhand_ical::Calendar,
        window: Window,
        budget: Budget,
    ) -> CalendarMeetings {
        let mut left = budget;
        let expansion = expand_meetings(calendar, window, &mut left);
        let mut read = CalendarMeetings {
            name: name.to_owned(),
            owner: owner.map(Shared::from),
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

    /// Whether reading the calendar again with `budget` would give this same result. It
    /// would with the budget it was read with; and with any other when what the reading
    /// used stays strictly under both, in occurrences and in steps: the expander's only
    /// use of a budget is to stop where it runs out, so a reading that never came near
    /// either end took the same path under both. Without this, every file read after the
    /// report had less than one calendar's budget left was expanded twice, the second time
    /// on the merging thread alone.
    fn reads_the_same_with(&self, budget: Budget) -> bool {
        let under = |b: Budget| self.used.occurrences < b.occurrences && self.used.steps < b.steps;
        self.budget == budget || (under(self.budget) && under(budget))
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
            let event = *event_of
                .entry(std::ptr::from_ref(o.event))
                .or_insert_with(|| {
                    self.events.push(self.event_meetings(o));
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

    fn event_meetings(&self, o: &Occurrence<'_>) -> EventMeetings {
        let teaches = o
            .attendees()
            .iter()
            .filter(|a| a.group || !a.member_of.is_empty());
        EventMeetings {
            meeting: meeting(o),
            teaches: teaches.cloned().collect(),
            owner_declines: self
                .owner
                .as_deref()
                .is_some_and(|owner| declines(owner, o.attendees())),
        }
    }
}

/// Records that `owner`'s calendar holds `meeting`: they attend, unless their own ATTENDEE
/// line there declines it (or makes them a non-participant), which `declined` tells.
fn hold(meeting: &mut Meeting, owner: &Shared, declined: bool) {
    let list = match declined {
        true => &mut meeting.declined,
        false => &mut meeting.holders,
    };
    if !list.iter().any(|email| email == owner) {
        list.push(owner.clone());
    }
}

/// Whether `owner`'s own ATTENDEE line (the first naming them) declines the event.
fn declines(owner: &str, attendees: &[Attendee]) -> bool {
    let own_line = attendees.iter().find(|a| a.email == owner);
    own_line.is_some_and(|line| !attends(line))
}

/// The owner a calendar file names for itself: Google Calendar exports name the calendar
/// after its owner's address (`X-WR-CALNAME:ana@example.com`). Only the calendar's own
/// properties, before its first component, are read; a name that is not one address is no
/// owner.
pub fn named_owner(text: &[u8]) -> Option<String> {
    let mut lines = text
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .peekable();
    while let Some(line) = lines.next() {
        if starts_with_name(line, b"X-WR-CALNAME") {
            let colon = line.iter().position(|&b| b == b':')?;
            let mut value = String::from_utf8_lossy(&line[colon + 1..]).into_owned();
            while let Some(more) = lines.next_if(|l| l.starts_with(b" ") || l.starts_with(b"\t")) {
                value.push_str(&String::from_utf8_lossy(&more[1..]));
            }
            return email_address(&value);
        }
        if starts_with_name(line, b"BEGIN:") && !starts_with_name(line, b"BEGIN:VCALENDAR") {
            return None;
        }
    }
    None
}

/// Whether `line` starts with `name`, in any case.
fn starts_with_name(line: &[u8], name: &[u8]) -> bool {
    line.get(..name.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(name))
}

/// `raw` as one lower-case e-mail address (a `mailto:` prefix allowed), if it is one.
pub fn email_address(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let raw = match raw.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => &raw[7..],
        _ => raw,
    };
    let (local, domain) = raw.split_once('@')?;
    let plain = |s: &str| !s.is_empty() && !s.contains(['@', ',', ';', ':', '<', '>', '"']);
    let spaced = raw.chars().any(char::is_whitespace);
    (plain(local) && plain(domain) && domain.contains('.') && !spaced).then(|| raw.to_lowercase())
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
    let uid = Shared::from(o.uid());
    Meeting {
        series: uid.clone(),
        uid,
        title: o.summary().into(),
        start: o.start,
        end: o.end,
        attendees: invited(o, false),
        groups: invited(o, true),
        holders: Vec::new(),
        declined: Vec::new(),
        organizer: o.organizer().map(|org| org.email.to_lowercase().into()),
        all_day: o.all_day,
        recurring: o.recurrence_id.is_some(),
    }
}

/// The attending individuals (`group` false) or groups (`group` true) an occurrence invites.
fn invited(o: &Occurrence<'_>, group: bool) -> std::sync::Arc<[Shared]> {
    o.attendees()
        .iter()
        .filter(|a| a.group == group && attends(a))
        .map(|a| Shared::from(a.email.to_lowercase()))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_owner_a_file_names() {
        let check = |text: &str, expect: Option<&str>| {
            assert_eq!(named_owner(text.as_bytes()).as_deref(), expect, "{text:?}");
        };
        check(
            "BEGIN:VCALENDAR\r\nX-WR-CALNAME:Ana@Example.com\r\nBEGIN:VEVENT\r\n",
            Some("ana@example.com"),
        );
        // A folded name is read whole, not cut at the fold.
        check(
            "BEGIN:VCALENDAR\nX-WR-CALNAME;VALUE=TEXT:mailto:ana.long@exa\n mple.com\n",
            Some("ana.long@example.com"),
        );
        // A calendar named in words, or two addresses, is no one's in particular.
        check("BEGIN:VCALENDAR\nX-WR-CALNAME:Team holidays\n", None);
        check("BEGIN:VCALENDAR\nX-WR-CALNAME:a@x.org, b@x.org\n", None);
        // An event's own property of that name is not the calendar's.
        check(
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nX-WR-CALNAME:ana@example.com\nEND:VEVENT\n",
            None,
        );
    }

    #[test]
    fn addresses() {
        let check = |raw: &str, expect: Option<&str>| {
            assert_eq!(email_address(raw).as_deref(), expect, "{raw:?}");
        };
        check(" MAILTO:Bo@Example.COM ", Some("bo@example.com"));
        check("alice@example.com", Some("alice@example.com"));
        check("alice", None);
        check("alice@localhost", None);
        check("a b@example.com", None);
        check("@example.com", None);
    }

    /// Three calendars of one group-invited meeting: Ana organises it, Ben's copy holds it,
    /// Cy declined in his own copy; and an ownerless shared calendar holding it too.
    #[test]
    fn every_owner_holding_a_group_meeting_attends_it() {
        let copy = |own: &str| {
            format!(
                "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:all\nDTSTART:20260304T150000Z\n\
                 DURATION:PT1H\nORGANIZER:mailto:ana@example.com\n\
                 ATTENDEE;CUTYPE=GROUP:mailto:all@example.com\n{own}END:VEVENT\nEND:VCALENDAR\n"
            )
        };
        let window = Window::new(
            "2026-03-01T00:00:00Z".parse().unwrap(),
            "2026-04-01T00:00:00Z".parse().unwrap(),
        )
        .unwrap();
        let mut collector = Collector::default();
        let calendars = [
            (Some("ana@example.com"), copy("")),
            (Some("ben@example.com"), copy("")),
            (
                Some("cy@example.com"),
                copy("ATTENDEE;PARTSTAT=DECLINED:mailto:cy@example.com\n"),
            ),
            (None, copy("")),
        ];
        for (owner, text) in &calendars {
            let calendar = longhand_ical::parse(text).unwrap();
            collector.add("x.ics", *owner, &calendar, window);
        }
        let [meeting] = &collector.meetings[..] else {
            panic!("{:?}", collector.meetings)
        };
        assert_eq!(&*meeting.groups, [Shared::from("all@example.com")]);
        assert_eq!(
            meeting.participants(&collector.groups),
            ["ana@example.com", "ben@example.com"]
        );
        assert_eq!(collector.occurrences, 4);
    }

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
        assert_eq!(a.groups, b.groups);
        assert_eq!(a.notes, b.notes);
        assert_eq!((a.occurrences, a.budget), (b.occurrences, b.budget));
    }

    #[test]
    fn calendars_read_on_their_own_merge_into_what_adding_them_gives() {
        let calendars = [
            ("ana", Some("ana@example.com"), calendar("ana", 2)),
            ("ben", Some("ben@example.com"), calendar("ben", 1)),
            ("shared", None, calendar("cy", 0)),
        ];
        let (mut added, mut merged) = (Collector::default(), Collector::default());
        for (name, owner, cal) in &calendars {
            added.add(name, *owner, cal, march());
            let read = CalendarMeetings::read(name, *owner, cal, march(), Budget::PER_FILE);
            assert!(merged.merge(read));
        }
        same(&added, &merged);
        assert_eq!(
            added.meetings[0].holders,
            [Shared::from("ana@example.com"), "ben@example.com".into()]
        );
        assert_eq!(added.meetings.len(), 4 + 2 * 28 + 28);
        assert_eq!(&*added.meetings[0].title, "Shared, by ana");
        assert_eq!(added.occurrences, 4 + 2 * 28 + 4 + 28 + 4);
    }

    #[test]
    fn a_calendar_read_with_a_whole_budget_merges_when_what_is_left_still_holds_it() {
        // The reading uses 4 + 28 occurrences; 33 left is enough to give the same result,
        // so the merge takes it instead of asking for the file to be read again.
        let cal = calendar("ana", 1);
        let (mut added, mut merged) = (Collector::default(), Collector::default());
        added.budget.occurrences = 33;
        merged.budget.occurrences = 33;
        added.add("ana", None, &cal, march());
        let read = CalendarMeetings::read("ana", None, &cal, march(), Budget::PER_FILE);
        assert!(merged.merge(read));
        same(&added, &merged);
        assert_eq!((merged.meetings.len(), merged.budget.occurrences), (32, 1));
        assert!(merged.notes.is_empty(), "{:?}", merged.notes);
    }

    #[test]
    fn a_calendar_read_with_a_whole_budget_is_refused_when_less_is_left() {
        // Exactly as much left as the reading used is refused: the budget would run out on
        // the way, and whether that cuts anything depends on what the reading did not
        // record, so the file is read again.
        let cal = calendar("ana", 1);
        let mut exact = Collector::default();
        exact.budget.occurrences = 32;
        let read = CalendarMeetings::read("ana", None, &cal, march(), Budget::PER_FILE);
        assert!(!exact.merge(read));
        let mut merged = Collector::default();
        merged.budget.occurrences = 10;
        let read = CalendarMeetings::read("ana", None, &cal, march(), Budget::PER_FILE);
        assert!(!merged.merge(read));
        assert_eq!((merged.meetings.len(), merged.budget.occurrences), (0, 10));
        let mut added = Collector::default();
        added.budget.occurrences = 10;
        added.add("ana", None, &cal, march());
        let again = CalendarMeetings::read("ana", None, &cal, march(), merged.next_budget());
        assert!(merged.merge(again));
        same(&added, &merged);
        assert_eq!(added.meetings.len(), 10);
    }
}
