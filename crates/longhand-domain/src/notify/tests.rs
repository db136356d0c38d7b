//! Table tests of the router and of "remind me later", written on the recipient's wall
//! clock so each expectation can be checked by hand.
//!
//! Dates used below: 2026-03-10 is a Tuesday. America/St_Johns moves from −03:30 to −02:30
//! at 02:00 on Sunday 2026-03-08, and back at 02:00 on Sunday 2026-11-01; Asia/Kolkata is
//! +05:30 all year.

use super::*;
use crate::calendar::{DateRange, FocusBlock, TimeRange, WeeklyHours};
use crate::workspace::NoiseLevel::{Digest as DigestSpace, Immediate, Muted};
use jiff::Zoned;
use jiff::civil::Weekday;
use jiff::tz::TimeZone;

const KOLKATA: &str = "Asia/Kolkata";
const ST_JOHNS: &str = "America/St_Johns";

/// A recipient, written down.
#[derive(Clone, Copy)]
struct Person {
    zone: &'static str,
    /// Weekday focus block "HH:MM-HH:MM", if any.
    focus: Option<&'static str>,
    holidays: &'static [&'static str],
    /// Time off "YYYY-MM-DD..YYYY-MM-DD".
    off: Option<&'static str>,
    /// "Do not disturb" until this wall-clock time.
    dnd: Option<&'static str>,
    space_override: Option<NoiseLevel>,
}

const fn person(zone: &'static str) -> Person {
    Person {
        zone,
        focus: None,
        holidays: &[],
        off: None,
        dnd: None,
        space_override: None,
    }
}

fn calendar(p: &Person) -> Calendar {
    let weekdays = || {
        use Weekday::*;
        vec![Monday, Tuesday, Wednesday, Thursday, Friday]
    };
    let focus = p.focus.map(|range| {
        let range = TimeRange::parse(range).expect("focus range");
        FocusBlock::new(weekdays(), range.start(), range.end()).expect("focus block")
    });
    let holidays = p
        .holidays
        .iter()
        .map(|d| d.parse().expect("date"))
        .collect();
    let off = p.off.map(|r| {
        let (a, b) = r.split_once("..").expect("a..b");
        DateRange::new(a.parse().expect("date"), b.parse().expect("date")).expect("range")
    });
    let zone = TimeZone::get(p.zone).expect("zone");
    let hours = WeeklyHours::standard();
    Calendar::new(
        zone,
        hours,
        holidays,
        off.into_iter().collect(),
        focus.into_iter().collect(),
    )
    .expect("calendar")
}

/// "2026-03-10 10:15:00.5" on the wall clock of `zone`.
fn at(zone: &str, local: &str) -> Timestamp {
    let text = format!("{}[{zone}]", local.replace(' ', "T"));
    let zoned: Zoned = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
    zoned.timestamp()
}

/// "2026-03-10 Tue 11:00:00 +05:30", with the sub-second digits when there are any.
fn show(zone: &str, t: Timestamp) -> String {
    let zoned = t.to_zoned(TimeZone::get(zone).expect("zone"));
    zoned.strftime("%Y-%m-%d %a %H:%M:%S%.f %:z").to_string()
}

fn describe(zone: &str, route: Route) -> String {
    match route {
        Route::At(t) => format!("at {}", show(zone, t)),
        other => other.as_str().to_owned(),
    }
}

#[track_caller]
fn check(p: Person, notice: (Urgency, Audience, Option<NoiseLevel>), now: &str, expect: &str) {
    let calendar = calendar(&p);
    let recipient = Recipient {
        calendar: &calendar,
        dnd_until: p.dnd.map(|local| at(p.zone, local)),
        space_override: p.space_override,
    };
    let (urgency, audience, space_noise) = notice;
    let notice = Notice {
        urgency,
        audience,
        space_noise,
    };
    let got = route(&notice, &recipient, at(p.zone, now));
    assert_eq!(describe(p.zone, got), expect, "{notice:?} at {now}");
}

use Audience::{Direct, Follower};
use Urgency::{Normal, Sev1, Urgent};

#[test]
fn urgent_reaches_a_working_person_now_and_waits_for_the_next_working_period_otherwise() {
    let p = person(KOLKATA);
    check(p, (Urgent, Direct, None), "2026-03-10 10:15:07.25", "now");
    // A few hundred milliseconds before the day starts: at its first second.
    check(
        p,
        (Urgent, Direct, None),
        "2026-03-10 08:59:59.734512",
        "at 2026-03-10 Tue 09:00:00 +05:30",
    );
    check(
        p,
        (Urgent, Direct, None),
        "2026-03-10 17:00:00.1",
        "at 2026-03-11 Wed 09:00:00 +05:30",
    );
    // Friday evening: Monday morning.
    check(
        p,
        (Urgent, Direct, None),
        "2026-03-13 19:42:10.5",
        "at 2026-03-16 Mon 09:00:00 +05:30",
    );
}

#[test]
fn normal_notices_go_to_the_digest_whatever_the_hour() {
    let p = person(KOLKATA);
    check(
        p,
        (Normal, Direct, None),
        "2026-03-10 10:15:07.25",
        "digest",
    );
    check(
        p,
        (Normal, Direct, Some(DigestSpace)),
        "2026-03-10 23:59:59.999",
        "digest",
    );
    check(
        p,
        (Normal, Follower, Some(DigestSpace)),
        "2026-03-10 12:00:00.3",
        "digest",
    );
}

#[test]
fn a_focus_block_holds_urgent_notices_until_it_ends() {
    let p = Person {
        focus: Some("09:00-11:00"),
        ..person(KOLKATA)
    };
    check(
        p,
        (Urgent, Direct, None),
        "2026-03-10 10:15:00.5",
        "at 2026-03-10 Tue 11:00:00 +05:30",
    );
    // Before the day starts, the next reachable time is after the morning's focus block.
    check(
        p,
        (Urgent, Direct, None),
        "2026-03-10 07:03:00.5",
        "at 2026-03-10 Tue 11:00:00 +05:30",
    );
    check(
        p,
        (Urgent, Direct, None),
        "2026-03-10 11:00:00.000001",
        "now",
    );
    // A Sev1 incident ignores the focus block.
    check(p, (Sev1, Direct, None), "2026-03-10 10:15:00.5", "now");
}

#[test]
fn a_sev1_incident_ignores_hours_dnd_and_muted_spaces() {
    let p = Person {
        dnd: Some("2026-03-11 12:00"),
        ..person(ST_JOHNS)
    };
    check(
        p,
        (Sev1, Follower, Some(Muted)),
        "2026-03-10 03:12:45.6",
        "now",
    );
    check(p, (Sev1, Direct, None), "2026-03-14 23:00:00.25", "now");
}

#[test]
fn time_off_and_holidays_hold_urgent_notices_until_the_person_is_back() {
    let away = Person {
        off: Some("2026-03-10..2026-03-12"),
        ..person(ST_JOHNS)
    };
    check(
        away,
        (Urgent, Direct, None),
        "2026-03-10 10:00:00.5",
        "at 2026-03-13 Fri 09:00:00 -02:30",
    );
    let holiday = Person {
        holidays: &["2026-03-11"],
        ..person(KOLKATA)
    };
    check(
        holiday,
        (Urgent, Direct, None),
        "2026-03-10 18:00:00.5",
        "at 2026-03-12 Thu 09:00:00 +05:30",
    );
}

#[test]
fn the_next_working_period_is_found_on_the_wall_clock_across_dst() {
    let p = person(ST_JOHNS);
    // Friday evening in standard time; Monday morning is in daylight time.
    check(
        p,
        (Urgent, Direct, None),
        "2026-03-06 18:20:31.4",
        "at 2026-03-09 Mon 09:00:00 -02:30",
    );
    // And back: Saturday in daylight time, Monday in standard time.
    check(
        p,
        (Urgent, Direct, None),
        "2026-10-31 11:00:00.9",
        "at 2026-11-02 Mon 09:00:00 -03:30",
    );
}

#[test]
fn do_not_disturb_holds_urgent_notices_until_it_ends_and_working_time_resumes() {
    let until_afternoon = Person {
        dnd: Some("2026-03-10 14:00:00.25"),
        ..person(KOLKATA)
    };
    check(
        until_afternoon,
        (Urgent, Direct, None),
        "2026-03-10 10:15:00.5",
        "at 2026-03-10 Tue 14:00:00.25 +05:30",
    );
    let until_evening = Person {
        dnd: Some("2026-03-10 20:00"),
        ..person(KOLKATA)
    };
    check(
        until_evening,
        (Urgent, Direct, None),
        "2026-03-10 10:15:00.5",
        "at 2026-03-11 Wed 09:00:00 +05:30",
    );
    let expired = Person {
        dnd: Some("2026-03-10 10:00"),
        ..person(KOLKATA)
    };
    check(
        expired,
        (Urgent, Direct, None),
        "2026-03-10 10:15:00.5",
        "now",
    );
    // "Do not disturb" does not hold back the digest: it arrives in the digest anyway.
    check(
        until_evening,
        (Normal, Direct, None),
        "2026-03-10 10:15:00.5",
        "digest",
    );
}

#[test]
fn a_muted_space_silences_followers_but_not_what_names_the_person() {
    let p = person(KOLKATA);
    check(
        p,
        (Normal, Follower, Some(Muted)),
        "2026-03-10 10:15:00.5",
        "muted",
    );
    check(
        p,
        (Urgent, Follower, Some(Muted)),
        "2026-03-10 10:15:00.5",
        "muted",
    );
    // A mention in a muted space still arrives, as if the space sent digests.
    check(
        p,
        (Normal, Direct, Some(Muted)),
        "2026-03-10 10:15:00.5",
        "digest",
    );
    check(
        p,
        (Urgent, Direct, Some(Muted)),
        "2026-03-10 10:15:00.5",
        "now",
    );
}

#[test]
fn an_immediate_space_raises_normal_notices_to_now_while_working() {
    let p = person(ST_JOHNS);
    check(
        p,
        (Normal, Follower, Some(Immediate)),
        "2026-03-10 10:15:00.5",
        "now",
    );
    check(
        p,
        (Normal, Follower, Some(Immediate)),
        "2026-03-10 22:15:00.5",
        "at 2026-03-11 Wed 09:00:00 -02:30",
    );
}

#[test]
fn a_personal_override_beats_the_space_default() {
    let mute = Person {
        space_override: Some(Muted),
        ..person(KOLKATA)
    };
    check(
        mute,
        (Normal, Follower, Some(Immediate)),
        "2026-03-10 10:15:00.5",
        "muted",
    );
    let digest = Person {
        space_override: Some(DigestSpace),
        ..person(KOLKATA)
    };
    check(
        digest,
        (Normal, Follower, Some(Immediate)),
        "2026-03-10 10:15:00.5",
        "digest",
    );
    let loud = Person {
        space_override: Some(Immediate),
        ..person(KOLKATA)
    };
    check(
        loud,
        (Normal, Follower, Some(Muted)),
        "2026-03-10 10:15:00.5",
        "now",
    );
    // An override only speaks for a space: a notice outside any space keeps its urgency.
    check(mute, (Urgent, Direct, None), "2026-03-10 10:15:00.5", "now");
}

#[track_caller]
fn check_snooze(p: Person, choice: Snooze, now: &str, expect: &str) {
    let calendar = calendar(&p);
    let got = match snooze_until(choice, &calendar, at(p.zone, now)) {
        Ok(t) => show(p.zone, t),
        Err(err) => format!("error: {err}"),
    };
    assert_eq!(got, expect, "{choice:?} at {now}");
}

#[test]
fn later_today_is_three_hours_on_rounded_up_to_the_quarter_hour_while_it_is_still_today() {
    let p = person(KOLKATA);
    check_snooze(
        p,
        Snooze::LaterToday,
        "2026-03-10 10:07:31.5",
        "2026-03-10 Tue 13:15:00 +05:30",
    );
    check_snooze(
        p,
        Snooze::LaterToday,
        "2026-03-10 10:00:00",
        "2026-03-10 Tue 13:00:00 +05:30",
    );
    check_snooze(
        p,
        Snooze::LaterToday,
        "2026-03-10 21:30:00.5",
        "error: it is too late for \"later today\"; choose tomorrow morning or a time",
    );
    // Half-hour and DST offsets: the quarter hours are the person's own.
    check_snooze(
        person(ST_JOHNS),
        Snooze::LaterToday,
        "2026-03-08 00:40:00.2",
        "2026-03-08 Sun 04:45:00 -02:30",
    );
}

#[test]
fn tomorrow_morning_is_the_next_working_morning_outside_focus() {
    let p = Person {
        focus: Some("09:00-10:30"),
        ..person(KOLKATA)
    };
    check_snooze(
        p,
        Snooze::TomorrowMorning,
        "2026-03-10 16:20:00.5",
        "2026-03-11 Wed 10:30:00 +05:30",
    );
    // Even just after midnight, "tomorrow" is the day after the person's today.
    check_snooze(
        person(ST_JOHNS),
        Snooze::TomorrowMorning,
        "2026-03-10 00:05:00.5",
        "2026-03-11 Wed 09:00:00 -02:30",
    );
    // Friday: Monday morning, across the change to daylight time.
    check_snooze(
        person(ST_JOHNS),
        Snooze::TomorrowMorning,
        "2026-03-06 17:45:00.5",
        "2026-03-09 Mon 09:00:00 -02:30",
    );
}

#[test]
fn a_chosen_time_must_lie_ahead_and_within_a_year() {
    let p = person(KOLKATA);
    let now = "2026-03-10 10:00:00.5";
    check_snooze(
        p,
        Snooze::Until(at(KOLKATA, "2026-03-10 18:30:00.123")),
        now,
        "2026-03-10 Tue 18:30:00.123 +05:30",
    );
    check_snooze(
        p,
        Snooze::Until(at(KOLKATA, "2026-03-10 10:00:00.5")),
        now,
        "error: the time to be reminded at must be in the future",
    );
    check_snooze(
        p,
        Snooze::Until(at(KOLKATA, "2027-03-12 10:00")),
        now,
        "error: the time to be reminded at can be at most a year ahead",
    );
}
