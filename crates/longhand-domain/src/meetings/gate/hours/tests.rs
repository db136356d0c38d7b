//! Table tests for people's hours on the meeting gate: one person's local time and clash per
//! line, and the nearest common slot, across zones, odd offsets and DST changes.

use super::*;
use crate::calendar::{DateRange, FocusBlock, WeeklyHours};
use jiff::civil::Weekday;
use jiff::tz::TimeZone;

/// A person: a zone, the same ranges Monday–Friday, and optional extras.
struct Person {
    zone: &'static str,
    hours: &'static str,
    focus: Option<(&'static str, &'static str)>,
    holiday: Option<&'static str>,
    off: Option<(&'static str, &'static str)>,
}

fn person(zone: &'static str, hours: &'static str) -> Person {
    Person {
        zone,
        hours,
        focus: None,
        holiday: None,
        off: None,
    }
}

impl Person {
    fn calendar(&self) -> Calendar {
        let day: Vec<TimeRange> = self
            .hours
            .split(',')
            .map(|r| TimeRange::parse(r.trim()).unwrap())
            .collect();
        let mut days: [Vec<TimeRange>; 7] = Default::default();
        for slot in days.iter_mut().take(5) {
            *slot = day.clone();
        }
        let weekdays = vec![
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
        ];
        let focus = self
            .focus
            .map(|(a, b)| {
                FocusBlock::new(weekdays, a.parse().unwrap(), b.parse().unwrap()).unwrap()
            })
            .into_iter()
            .collect();
        let off = self
            .off
            .map(|(a, b)| DateRange::new(a.parse().unwrap(), b.parse().unwrap()).unwrap())
            .into_iter()
            .collect();
        let holidays = self
            .holiday
            .map(|d| d.parse().unwrap())
            .into_iter()
            .collect();
        let zone = TimeZone::get(self.zone).unwrap();
        Calendar::new(zone, WeeklyHours::new(days).unwrap(), holidays, off, focus).unwrap()
    }
}

fn at(raw: &str) -> Timestamp {
    raw.parse().unwrap()
}

/// `start` for `minutes` on the person's clock: "Tue 07:30–08:20: before their hours (…)".
fn check(who: Person, start: &str, minutes: i64, expect: &str) {
    let found = local_time(
        &who.calendar(),
        at(start),
        SignedDuration::from_mins(minutes),
    );
    let verdict = found.clash.map_or("fits".to_owned(), |c| c.to_string());
    let got = format!(
        "{}–{}: {verdict}",
        found.start.strftime("%a %H:%M"),
        found.end.strftime("%H:%M")
    );
    assert_eq!(got, expect, "{} at {start}", who.zone);
}

#[test]
fn a_meeting_before_someones_day_says_so_on_their_clock() {
    // Lisbon is on UTC+0 until 29 March.
    let ana = || person("Europe/Lisbon", "09:00-17:00");
    check(
        ana(),
        "2026-03-10T07:30:00Z",
        50,
        "Tue 07:30–08:20: before their hours (09:00–17:00)",
    );
    check(ana(), "2026-03-10T09:00:00Z", 50, "Tue 09:00–09:50: fits");
    check(
        ana(),
        "2026-03-10T17:30:00Z",
        25,
        "Tue 17:30–17:55: after their hours (09:00–17:00)",
    );
    check(
        ana(),
        "2026-03-10T16:45:00Z",
        25,
        "Tue 16:45–17:10: running past the end of their hours (09:00–17:00)",
    );
    check(
        ana(),
        "2026-03-14T10:00:00Z",
        25,
        "Sat 10:00–10:25: on a day they do not work",
    );
}

#[test]
fn kathmandu_quarter_offsets_place_the_hours_exactly() {
    // Asia/Kathmandu is UTC+05:45: 09:00 there is 03:15 UTC.
    let ram = || person("Asia/Kathmandu", "09:00-17:00");
    check(
        ram(),
        "2026-03-10T03:00:00Z",
        25,
        "Tue 08:45–09:10: before their hours (09:00–17:00)",
    );
    check(ram(), "2026-03-10T03:15:00Z", 25, "Tue 09:00–09:25: fits");
    check(ram(), "2026-03-10T10:50:00Z", 25, "Tue 16:35–17:00: fits");
}

#[test]
fn the_american_dst_change_moves_the_same_utc_time_into_hours() {
    // 13:30 UTC is 08:30 in New York on Friday 6 March (UTC−5) and 09:30 on Monday 9 March,
    // the day after clocks went forward (UTC−4).
    let bo = || person("America/New_York", "09:00-17:00");
    check(
        bo(),
        "2026-03-06T13:30:00Z",
        25,
        "Fri 08:30–08:55: before their hours (09:00–17:00)",
    );
    check(bo(), "2026-03-09T13:30:00Z", 25, "Mon 09:30–09:55: fits");
}

#[test]
fn split_days_focus_blocks_holidays_and_time_off_are_named() {
    let split = person("Europe/Berlin", "09:00-12:00, 13:00-17:00");
    check(
        split,
        "2026-03-10T11:15:00Z",
        25,
        "Tue 12:15–12:40: between their hours (09:00–12:00, 13:00–17:00)",
    );
    let focused = || Person {
        focus: Some(("09:00", "11:00")),
        ..person("Europe/Berlin", "09:00-17:00")
    };
    check(
        focused(),
        "2026-03-10T09:30:00Z",
        50,
        "Tue 10:30–11:20: in their focus block (09:00–11:00)",
    );
    check(
        focused(),
        "2026-03-10T10:00:00Z",
        50,
        "Tue 11:00–11:50: fits",
    );
    // A meeting that would be early and also reach the focus block is reported as early.
    check(
        focused(),
        "2026-03-10T07:30:00Z",
        50,
        "Tue 08:30–09:20: before their hours (09:00–17:00)",
    );
    let holiday = Person {
        holiday: Some("2026-03-10"),
        ..person("Europe/Berlin", "09:00-17:00")
    };
    check(
        holiday,
        "2026-03-10T10:00:00Z",
        25,
        "Tue 11:00–11:25: on their holiday",
    );
    let away = Person {
        off: Some(("2026-03-09", "2026-03-13")),
        ..person("Europe/Berlin", "09:00-17:00")
    };
    check(
        away,
        "2026-03-10T10:00:00Z",
        25,
        "Tue 11:00–11:25: during their time off",
    );
}

/// The nearest slot for `people` (the first is the organiser) as "UTC start" or the people
/// named when there is none.
fn suggest(people: &[Person], wanted: &str, minutes: i64, now: &str, expect: &str) {
    let calendars: Vec<Calendar> = people.iter().map(Person::calendar).collect();
    let got = match nearest_slot(
        &calendars,
        at(wanted),
        SignedDuration::from_mins(minutes),
        at(now),
    ) {
        Suggestion::At(start) => start.to_string(),
        Suggestion::Nobody(who) => format!("nobody {who:?}"),
    };
    assert_eq!(got, expect);
}

/// The fake clock's now, with sub-second digits as a real clock has.
const NOW: &str = "2026-03-09T08:00:00.123456Z";

#[test]
fn the_nearest_common_slot_is_found_forward_on_quarter_hours() {
    // Kathmandu's 09:00–17:00 is 03:15–11:15 UTC; Lisbon's 09:00–17:00 is UTC: they share
    // 09:00–11:15 UTC. 07:30 UTC is early for Lisbon; the slot that morning at 09:00 is nearer
    // than Monday's last one (10:15).
    let people = [
        person("Europe/Lisbon", "09:00-17:00"),
        person("Asia/Kathmandu", "09:00-17:00"),
    ];
    suggest(
        &people,
        "2026-03-10T07:30:00Z",
        50,
        NOW,
        "2026-03-10T09:00:00Z",
    );
}

#[test]
fn the_nearest_common_slot_may_be_earlier_the_same_day() {
    // 11:00 UTC for 50 minutes runs past Kathmandu's 17:00 (11:15 UTC); 10:15 is 45 minutes
    // back, the next morning 22 hours ahead.
    let people = [
        person("Europe/Lisbon", "09:00-17:00"),
        person("Asia/Kathmandu", "09:00-17:00"),
    ];
    suggest(
        &people,
        "2026-03-10T11:00:00Z",
        50,
        NOW,
        "2026-03-10T10:15:00Z",
    );
    // An odd start is moved onto the quarter hour grid.
    suggest(
        &people,
        "2026-03-10T08:52:00Z",
        25,
        NOW,
        "2026-03-10T09:00:00Z",
    );
}

#[test]
fn the_suggestion_never_lies_before_now() {
    // At 10:40 on Tuesday the earlier slot that day has passed (only 10:45–11:15 is left, too
    // short for 50 minutes), so the search goes forward to Wednesday.
    let people = [
        person("Europe/Lisbon", "09:00-17:00"),
        person("Asia/Kathmandu", "09:00-17:00"),
    ];
    suggest(
        &people,
        "2026-03-10T11:00:00Z",
        50,
        "2026-03-10T10:40:00.5Z",
        "2026-03-11T09:00:00Z",
    );
}

#[test]
fn focus_blocks_are_stepped_around() {
    // Berlin (UTC+1) keeps 09:00–12:00 as focus time, so 08:00–11:00 UTC is out; New York
    // (UTC−4 after 8 March) starts at 13:00 UTC. Berlin works until 16:00 UTC.
    let berlin = Person {
        focus: Some(("09:00", "12:00")),
        ..person("Europe/Berlin", "09:00-17:00")
    };
    let lisbon = person("Europe/Lisbon", "09:00-17:00");
    suggest(
        &[berlin, lisbon],
        "2026-03-10T09:00:00Z",
        50,
        NOW,
        "2026-03-10T11:00:00Z",
    );
    let berlin = Person {
        focus: Some(("09:00", "12:00")),
        ..person("Europe/Berlin", "09:00-17:00")
    };
    let new_york = person("America/New_York", "09:00-17:00");
    suggest(
        &[berlin, new_york],
        "2026-03-10T09:00:00Z",
        50,
        NOW,
        "2026-03-10T13:00:00Z",
    );
}

#[test]
fn without_a_common_slot_the_people_who_never_meet_are_named() {
    // Tokyo's 09:00–17:00 is 00:00–08:00 UTC, Berlin's 08:00–16:00 UTC: they touch, never
    // overlap. Lisbon meets Berlin, so only Tokyo (position 2) is named.
    let people = [
        person("Europe/Berlin", "09:00-17:00"),
        person("Europe/Lisbon", "09:00-17:00"),
        person("Asia/Tokyo", "09:00-17:00"),
    ];
    suggest(&people, "2026-03-10T09:00:00Z", 25, NOW, "nobody [2]");
}

#[test]
fn when_every_pair_meets_but_the_group_does_not_those_in_the_way_are_named() {
    // The organiser works 06:00–20:00 UTC, one invitee only mornings, the other only
    // evenings: each meets the organiser, never each other.
    let people = [
        person("UTC", "06:00-20:00"),
        person("UTC", "06:00-10:00"),
        person("UTC", "16:00-20:00"),
    ];
    suggest(&people, "2026-03-10T09:00:00Z", 25, NOW, "nobody [1, 2]");
}
