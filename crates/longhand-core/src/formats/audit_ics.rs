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
//! named in the notes.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use jiff::{SignedDuration, Timestamp};
use longhand_domain::meetings::{Groups, Meeting, Window, learn_group};
use longhand_ical::{Attendee, Budget, Expansion, Occurrence, PartStat, Role, Series};

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
#[derive(Debug)]
pub struct Collector {
    /// Where each (UID, original start) is in `meetings`.
    seen: HashMap<(String, Timestamp), usize>,
    /// Every occurrence read, duplicates across calendars and all-day events included.
    pub occurrences: usize,
    pub meetings: Vec<Meeting>,
    /// Group addresses and their members, as the invitations read tell them.
    pub groups: Groups,
    pub notes: Vec<String>,
    /// What the report may still read.
    pub budget: Budget,
}

impl Default for Collector {
    fn default() -> Collector {
        Collector {
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
            self.notes.push(format!(
                "{name}: not read, the report had already read its limit of {} occurrences",
                REPORT_BUDGET.occurrences
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
            self.take(occurrence, owner);
        }
        let report_bound = file_budget != Budget::PER_FILE;
        self.notes
            .extend(notes(name, calendar, &expansion, report_bound));
    }
}

impl Collector {
    /// Keeps the first copy of an occurrence as its meeting, and from every copy what it
    /// tells about groups and whether its owner attends.
    fn take(&mut self, occurrence: &Occurrence<'_>, owner: Option<&str>) {
        let key = occurrence.recurrence_id.unwrap_or(occurrence.start);
        let at = match self.seen.entry((occurrence.uid().to_owned(), key)) {
            Entry::Occupied(seen) => *seen.get(),
            Entry::Vacant(new) => {
                new.insert(self.meetings.len());
                self.meetings.push(meeting(occurrence));
                self.meetings.len() - 1
            }
        };
        for a in occurrence.attendees() {
            if a.group || !a.member_of.is_empty() {
                learn_group(&mut self.groups, &a.email, a.group, &a.member_of);
            }
        }
        if let (Some(owner), Some(meeting)) = (owner, self.meetings.get_mut(at)) {
            hold(meeting, owner, occurrence.attendees());
        }
    }
}

/// Records that `owner`'s calendar holds `meeting`: they attend, unless their own ATTENDEE
/// line there declines it (or makes them a non-participant).
fn hold(meeting: &mut Meeting, owner: &str, attendees: &[Attendee]) {
    let own_line = attendees.iter().find(|a| a.email == owner);
    let list = match own_line {
        Some(line) if !attends(line) => &mut meeting.declined,
        _ => &mut meeting.holders,
    };
    if !list.iter().any(|email| email == owner) {
        list.push(owner.to_owned());
    }
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
    (plain(local) && plain(domain) && domain.contains('.') && !spaced)
        .then(|| raw.to_lowercase())
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
        attendees: invited(o, false),
        groups: invited(o, true),
        holders: Vec::new(),
        declined: Vec::new(),
        organizer: o.organizer().map(|org| org.email.to_lowercase()),
        all_day: o.all_day,
        recurring: o.recurrence_id.is_some(),
    }
}

/// The attending individuals (`group` false) or groups (`group` true) an occurrence invites.
fn invited(o: &Occurrence<'_>, group: bool) -> Vec<String> {
    o.attendees()
        .iter()
        .filter(|a| a.group == group && attends(a))
        .map(|a| a.email.to_lowercase())
        .collect()
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
        assert_eq!(meeting.groups, ["all@example.com"]);
        assert_eq!(
            meeting.participants(&collector.groups),
            ["ana@example.com", "ben@example.com"]
        );
        assert_eq!(collector.occurrences, 4);
    }
}
