//! iCalendar occurrences as the audit's meetings, for the CLI (`.ics` files) and the server
//! (uploaded calendars and polled feeds) alike.
//!
//! The same meeting usually appears in several people's calendars, so occurrences are kept
//! once per (UID, original start). Declined attendees and non-participants do not attend;
//! e-mail addresses are matched in lower case.

use std::collections::HashSet;

use jiff::Timestamp;
use longhand_domain::meetings::{Meeting, Window};
use longhand_ical::{Attendee, Occurrence, PartStat, Role};

/// How many skipped items are listed per calendar before the rest are counted.
const SKIPPED_SHOWN: usize = 5;

/// Meetings gathered from several calendars, without duplicates, with notes on what was
/// skipped.
#[derive(Debug, Default)]
pub struct Collector {
    seen: HashSet<(String, Timestamp)>,
    /// Every occurrence read, duplicates across calendars and all-day events included.
    pub occurrences: usize,
    pub meetings: Vec<Meeting>,
    pub notes: Vec<String>,
}

impl Collector {
    /// Adds the occurrences of `calendar` inside `window`; `name` labels its notes.
    pub fn add(&mut self, name: &str, calendar: &longhand_ical::Calendar, window: Window) {
        let expansion = calendar.expand(window.from(), window.to());
        self.occurrences += expansion.occurrences.len();
        for occurrence in &expansion.occurrences {
            let key = occurrence.recurrence_id.unwrap_or(occurrence.start);
            if self.seen.insert((occurrence.uid().to_owned(), key)) {
                self.meetings.push(meeting(occurrence));
            }
        }
        self.notes.extend(notes(name, calendar, &expansion));
    }
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

/// One line per skipped item (the first few) and per series cut off.
fn notes(
    name: &str,
    calendar: &longhand_ical::Calendar,
    expansion: &longhand_ical::Expansion<'_>,
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
    out
}
