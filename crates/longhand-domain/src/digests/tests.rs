//! Table tests for when a digest goes and what it holds.

use super::*;
use crate::calendar::{Calendar, DateRange, FocusBlock, TimeRange, WeeklyHours};
use jiff::Timestamp;
use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;

const WEEKDAYS: [Weekday; 5] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
];
const EVERY_DAY: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

/// A person's calendar for a table row.
struct Person<'a> {
    zone: &'a str,
    days: &'a [Weekday],
    hours: &'a str,
    holidays: &'a [&'a str],
    off: &'a [&'a str],
    /// Focus blocks: the weekdays and "HH:MM-HH:MM".
    focus: &'a [(&'a [Weekday], &'a str)],
}

const KOLKATA: Person<'static> = Person {
    zone: "Asia/Kolkata",
    days: &WEEKDAYS,
    hours: "09:00-17:00",
    holidays: &[],
    off: &[],
    focus: &[],
};

impl Person<'_> {
    fn calendar(&self) -> Calendar {
        let range = TimeRange::parse(self.hours).unwrap();
        let week: [Vec<TimeRange>; 7] = std::array::from_fn(|i| {
            let day = EVERY_DAY[i];
            if self.days.contains(&day) {
                vec![range]
            } else {
                vec![]
            }
        });
        let focus = self
            .focus
            .iter()
            .map(|(days, r)| {
                let (a, b) = r.split_once('-').unwrap();
                FocusBlock::new(days.to_vec(), time(a), time(b)).unwrap()
            })
            .collect();
        let off = self
            .off
            .iter()
            .map(|r| {
                let (a, b) = r.split_once("..").unwrap();
                DateRange::new(date(a), date(b)).unwrap()
            })
            .collect();
        let holidays = self.holidays.iter().map(|d| date(d)).collect();
        let tz = TimeZone::get(self.zone).unwrap();
        Calendar::new(tz, WeeklyHours::new(week).unwrap(), holidays, off, focus).unwrap()
    }
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn time(s: &str) -> Time {
    if s == "24:00" {
        return Time::midnight();
    }
    format!("{s}:00").parse().unwrap()
}

/// Checks the next digest after `after` (UTC), written as the local time it lands on.
#[track_caller]
fn check(person: &Person<'_>, digest_time: &str, after: &str, expect: Option<&str>) {
    let cal = person.calendar();
    let after: Timestamp = after.parse().unwrap();
    let got = next_digest(&cal, time(digest_time), after).map(|at| {
        at.to_zoned(cal.time_zone().clone())
            .strftime("%Y-%m-%d %a %H:%M %:z")
            .to_string()
    });
    assert_eq!(
        got.as_deref(),
        expect,
        "digest at {digest_time} after {after}"
    );
}

#[test]
fn digest_goes_at_the_local_time_on_working_days() {
    // 2026-03-07 is a Saturday: the next digest is Monday morning in Kolkata.
    check(
        &KOLKATA,
        "08:30",
        "2026-03-07T14:00:00.734512Z",
        Some("2026-03-09 Mon 08:30 +05:30"),
    );
    // A second before it, it is that very morning.
    check(
        &KOLKATA,
        "08:30",
        "2026-03-09T02:59:59.734512Z",
        Some("2026-03-09 Mon 08:30 +05:30"),
    );
    // At the instant itself, the next one: strictly later, so a chain moves forward.
    check(
        &KOLKATA,
        "08:30",
        "2026-03-09T03:00:00Z",
        Some("2026-03-10 Tue 08:30 +05:30"),
    );
    // Friday after the digest: Monday.
    check(
        &KOLKATA,
        "08:30",
        "2026-03-13T04:00:00.5Z",
        Some("2026-03-16 Mon 08:30 +05:30"),
    );
    // An after-hours digest time is the person's choice and stands.
    check(
        &KOLKATA,
        "19:15",
        "2026-03-09T05:00:00Z",
        Some("2026-03-09 Mon 19:15 +05:30"),
    );
}

#[test]
fn digest_follows_a_half_hour_zone_across_its_dst_change() {
    let st_johns = Person {
        zone: "America/St_Johns",
        ..KOLKATA
    };
    // Thursday before the change (NST, -03:30).
    check(
        &st_johns,
        "09:00",
        "2026-03-05T12:00:00.123456Z",
        Some("2026-03-05 Thu 09:00 -03:30"),
    );
    // Friday evening: Monday 09:00 is in daylight time (-02:30) since Sunday.
    check(
        &st_johns,
        "09:00",
        "2026-03-06T23:59:59.734512Z",
        Some("2026-03-09 Mon 09:00 -02:30"),
    );
}

#[test]
fn digest_time_in_a_dst_gap_moves_forward_by_the_gap() {
    let new_york = Person {
        zone: "America/New_York",
        days: &EVERY_DAY,
        hours: "00:00-24:00",
        ..KOLKATA
    };
    // 2026-03-08 02:30 does not exist in New York: the clocks jump from 02:00 to 03:00.
    check(
        &new_york,
        "02:30",
        "2026-03-08T05:00:00Z",
        Some("2026-03-08 Sun 03:30 -04:00"),
    );
}

#[test]
fn digest_skips_holidays_weekends_and_time_off() {
    let away = Person {
        holidays: &["2026-03-09"],
        off: &["2026-03-10..2026-03-11"],
        ..KOLKATA
    };
    // Monday is a holiday, Tuesday and Wednesday time off: Thursday.
    check(
        &away,
        "08:30",
        "2026-03-07T00:00:00Z",
        Some("2026-03-12 Thu 08:30 +05:30"),
    );
    // With time off covering every day the search looks at, there is no next digest.
    let gone = Person {
        off: &["2026-01-01..2028-12-31"],
        ..KOLKATA
    };
    check(&gone, "08:30", "2026-03-07T00:00:00Z", None);
}

#[test]
fn digest_never_lands_inside_a_focus_block() {
    let focused = Person {
        zone: "Europe/Berlin",
        focus: &[(&WEEKDAYS, "09:00-11:00")],
        ..KOLKATA
    };
    // 09:30 is inside the block: the digest waits for its end.
    check(
        &focused,
        "09:30",
        "2026-03-09T06:00:00.250001Z",
        Some("2026-03-09 Mon 11:00 +01:00"),
    );
    // A block starting at the digest time counts; one ending at it does not.
    check(
        &focused,
        "09:00",
        "2026-03-09T06:00:00Z",
        Some("2026-03-09 Mon 11:00 +01:00"),
    );
    check(
        &focused,
        "11:00",
        "2026-03-09T06:00:00Z",
        Some("2026-03-09 Mon 11:00 +01:00"),
    );
    // Two blocks that touch: past both.
    let back_to_back = Person {
        zone: "Europe/Berlin",
        focus: &[
            (&WEEKDAYS, "09:00-11:00"),
            (&[Weekday::Monday], "11:00-12:30"),
        ],
        ..KOLKATA
    };
    check(
        &back_to_back,
        "10:00",
        "2026-03-09T06:00:00Z",
        Some("2026-03-09 Mon 12:30 +01:00"),
    );
    check(
        &back_to_back,
        "10:00",
        "2026-03-10T06:00:00Z",
        Some("2026-03-10 Tue 11:00 +01:00"),
    );
}

#[test]
fn digest_pushed_out_of_the_working_day_goes_the_next_day() {
    // Monday's block runs past the end of work: no digest Monday, Tuesday's at 16:00.
    let late_focus = Person {
        zone: "Asia/Kolkata",
        focus: &[(&[Weekday::Monday], "15:00-17:30")],
        ..KOLKATA
    };
    check(
        &late_focus,
        "16:00",
        "2026-03-09T03:00:00Z",
        Some("2026-03-10 Tue 16:00 +05:30"),
    );
    // A block ending exactly at the end of work keeps the digest on that day.
    let to_the_end = Person {
        focus: &[(&[Weekday::Monday], "15:00-17:00")],
        ..KOLKATA
    };
    check(
        &to_the_end,
        "16:00",
        "2026-03-09T03:00:00Z",
        Some("2026-03-09 Mon 17:00 +05:30"),
    );
}

#[test]
fn digest_of_a_night_shift_may_move_past_midnight() {
    // Working 22:00-06:00 belongs to the day it starts; a block to midnight moves the
    // 23:00 digest to 00:00, still inside that shift.
    let night = Person {
        zone: "Asia/Kolkata",
        hours: "22:00-06:00",
        focus: &[(&[Weekday::Monday], "22:00-24:00")],
        ..KOLKATA
    };
    check(
        &night,
        "23:00",
        "2026-03-09T03:00:00Z",
        Some("2026-03-10 Tue 00:00 +05:30"),
    );
}

// --- composition ---------------------------------------------------------------------

const NOW: &str = "2026-03-10T08:59:59.734512Z";

fn instant(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn candidate(source: Source, key: &str, subject: &str, title: &str) -> Candidate {
    Candidate {
        source,
        key: key.to_owned(),
        subject: subject.to_owned(),
        title: title.to_owned(),
        detail: String::new(),
        link: format!("/{}", subject.replace(':', "/")),
        deadline: None,
        at: instant("2026-03-09T12:00:00Z"),
        notification_ids: vec![],
    }
}

fn due(mut c: Candidate, deadline: &str) -> Candidate {
    c.deadline = Some(instant(deadline));
    c
}

fn at(mut c: Candidate, when: &str) -> Candidate {
    c.at = instant(when);
    c
}

fn notifying(mut c: Candidate, ids: &[i64]) -> Candidate {
    c.notification_ids = ids.to_vec();
    c
}

/// Each item as "Group: title (overdue) keys=[…] notes=[…]", in digest order.
fn show(digest: &Digest) -> Vec<String> {
    digest
        .sections
        .iter()
        .flat_map(|s| {
            let mut lines: Vec<String> = s
                .items
                .iter()
                .map(|i| {
                    format!(
                        "{}: {}{} keys={:?} notes={:?}",
                        s.group.title(),
                        i.title,
                        if i.overdue { " (overdue)" } else { "" },
                        i.keys,
                        i.notification_ids
                    )
                })
                .collect();
            if s.more > 0 {
                lines.push(format!("{}: +{} more", s.group.title(), s.more));
            }
            lines
        })
        .collect()
}

#[track_caller]
fn check_compose(candidates: Vec<Candidate>, sent: &[&str], expect: &[&str]) {
    let digest = compose(candidates, |k| sent.contains(&k), instant(NOW));
    assert_eq!(show(&digest), expect);
}

#[test]
fn nothing_to_say_is_an_empty_digest() {
    let digest = compose(vec![], |_| false, instant(NOW));
    assert!(digest.is_empty());
    assert_eq!(digest.headline(), "nothing new");
    check_compose(
        vec![candidate(Source::Ask, "ask:1:open", "ask:1", "Old")],
        &["ask:1:open"],
        &[],
    );
}

#[test]
fn what_waits_on_you_comes_first_overdue_then_by_deadline() {
    check_compose(
        vec![
            candidate(
                Source::Notification,
                "notification:9",
                "thread:4",
                "A reply",
            ),
            candidate(Source::Ask, "ask:3:open", "ask:3", "FYI, no deadline"),
            due(
                candidate(Source::Ask, "ask:2:open", "ask:2", "Due tomorrow"),
                "2026-03-11T09:00:00Z",
            ),
            due(
                candidate(Source::Review, "review:5:closing", "doc:rfc", "Review RFC"),
                "2026-03-10T17:00:00Z",
            ),
            due(
                candidate(Source::Ask, "ask:1:overdue", "ask:1", "Late one"),
                "2026-03-09T09:00:00Z",
            ),
            due(
                candidate(Source::SentAsk, "sent:7:overdue", "ask:7", "You asked Bo"),
                "2026-03-08T09:00:00Z",
            ),
            candidate(Source::Decision, "decision:3", "doc:adr-3", "Use Postgres"),
        ],
        &[],
        &[
            "Waiting on you: Late one (overdue) keys=[\"ask:1:overdue\"] notes=[]",
            "Waiting on you: Review RFC keys=[\"review:5:closing\"] notes=[]",
            "Waiting on you: Due tomorrow keys=[\"ask:2:open\"] notes=[]",
            "Waiting on you: FYI, no deadline keys=[\"ask:3:open\"] notes=[]",
            "Overdue asks you sent: You asked Bo (overdue) keys=[\"sent:7:overdue\"] notes=[]",
            "Decisions: Use Postgres keys=[\"decision:3\"] notes=[]",
            "Updates: A reply keys=[\"notification:9\"] notes=[]",
        ],
    );
}

#[test]
fn news_is_newest_first() {
    check_compose(
        vec![
            at(
                candidate(Source::Notification, "notification:1", "thread:1", "Older"),
                "2026-03-09T08:00:00Z",
            ),
            at(
                candidate(Source::Notification, "notification:2", "thread:2", "Newer"),
                "2026-03-10T08:00:00Z",
            ),
        ],
        &[],
        &[
            "Updates: Newer keys=[\"notification:2\"] notes=[]",
            "Updates: Older keys=[\"notification:1\"] notes=[]",
        ],
    );
}

#[test]
fn only_what_is_new_since_the_last_digest() {
    // The ask was in the last digest while open; overdue now, it is news again. The decision
    // was sent already.
    check_compose(
        vec![
            due(
                candidate(Source::Ask, "ask:1:overdue", "ask:1", "Now late"),
                "2026-03-09T09:00:00Z",
            ),
            due(
                candidate(Source::Ask, "ask:2:open", "ask:2", "Still open"),
                "2026-03-12T09:00:00Z",
            ),
            candidate(Source::Decision, "decision:3", "doc:adr-3", "Use Postgres"),
        ],
        &["ask:1:open", "ask:2:open", "decision:3"],
        &["Waiting on you: Now late (overdue) keys=[\"ask:1:overdue\"] notes=[]"],
    );
}

#[test]
fn one_item_per_subject_carrying_what_it_covers() {
    // The review ask, the round closing soon and its reminder are one item about the RFC;
    // the notification about ask 4 folds into the ask.
    check_compose(
        vec![
            notifying(
                candidate(
                    Source::Notification,
                    "notification:11",
                    "doc:rfc",
                    "Closing soon",
                ),
                &[11],
            ),
            due(
                candidate(Source::Ask, "ask:9:open", "doc:rfc", "Review: RFC"),
                "2026-03-11T09:00:00Z",
            ),
            due(
                candidate(Source::Review, "review:2:closing", "doc:rfc", "RFC closes"),
                "2026-03-10T17:00:00Z",
            ),
            notifying(
                candidate(Source::Notification, "notification:12", "ask:4", "New ask"),
                &[12],
            ),
            due(
                candidate(Source::Ask, "ask:4:open", "ask:4", "Answer me"),
                "2026-03-12T09:00:00Z",
            ),
        ],
        &[],
        &[
            "Waiting on you: RFC closes keys=[\"review:2:closing\", \"ask:9:open\", \"notification:11\"] notes=[11]",
            "Waiting on you: Answer me keys=[\"ask:4:open\", \"notification:12\"] notes=[12]",
        ],
    );
}

#[test]
fn a_new_notification_about_something_already_sent_is_an_update() {
    check_compose(
        vec![
            due(
                candidate(Source::Ask, "ask:4:open", "ask:4", "Answer me"),
                "2026-03-12T09:00:00Z",
            ),
            notifying(
                candidate(Source::Notification, "notification:13", "ask:4", "Reminder"),
                &[13],
            ),
        ],
        &["ask:4:open"],
        &["Updates: Reminder keys=[\"notification:13\"] notes=[13]"],
    );
}

#[test]
fn a_long_group_shows_its_first_items_and_counts_the_rest() {
    let many: Vec<Candidate> = (0..MAX_PER_GROUP + 3)
        .map(|i| {
            let key = format!("decision:{i}");
            let c = candidate(
                Source::Decision,
                &key,
                &format!("doc:d{i}"),
                &format!("D{i:02}"),
            );
            at(c, &format!("2026-03-09T{:02}:00:00Z", i % 24))
        })
        .collect();
    let digest = compose(many, |_| false, instant(NOW));
    let section = &digest.sections[0];
    assert_eq!((section.items.len(), section.more), (MAX_PER_GROUP, 3));
    assert_eq!(
        digest.headline(),
        format!("{} decisions", MAX_PER_GROUP + 3)
    );
    // Only the shown items' keys are recorded: the rest come in the next digest.
    assert_eq!(digest.keys().len(), MAX_PER_GROUP);
}

#[test]
fn the_headline_counts_each_group() {
    let digest = compose(
        vec![
            candidate(Source::Ask, "ask:1:open", "ask:1", "A"),
            candidate(Source::Ask, "ask:2:open", "ask:2", "B"),
            candidate(Source::Decision, "decision:3", "doc:adr", "C"),
        ],
        |_| false,
        instant(NOW),
    );
    assert_eq!(digest.headline(), "2 waiting on you, 1 decision");
}

#[test]
fn links_name_what_they_are_about() {
    let check = |link: &str, expect: &str| assert_eq!(subject_of_link(link), expect, "{link}");
    check("/asks/12", "ask:12");
    check("/docs/rfc-7#review", "doc:rfc-7");
    check("/docs/rfc-7/rounds/1/synthesis", "doc:rfc-7");
    check("/decisions/use-postgres", "doc:use-postgres");
    check("/threads/5?x=1", "thread:5");
    check("/meetings/planned/3", "/meetings/planned/3");
}

#[test]
fn groups_and_sources_have_one_textual_form() {
    for group in Group::ALL {
        assert_eq!(Group::parse(group.as_str()), Some(group));
    }
    for source in [
        Source::Ask,
        Source::Review,
        Source::SentAsk,
        Source::Decision,
        Source::Notification,
    ] {
        assert_eq!(Source::parse(source.as_str()), Some(source));
    }
    assert_eq!(Group::parse("loud"), None);
}
