//! Tests of the calendar engine: hand-checked tables (`cases.rs`, `parse.rs`, `team.rs`) and
//! properties checked against a slow reference built directly on jiff (`props.rs`).
//!
//! Times in the tables are written on the wall clock of the calendar's zone, with the UTC
//! offset when it matters (folds), so that a reader can check every expectation by hand.

mod cases;
mod parse;
mod props;
mod team;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, Zoned};

use super::{BusinessDuration, Calendar, DateRange, FocusBlock, TimeRange, WeeklyHours};

pub(super) fn tz(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or_else(|e| panic!("zone {name}: {e}"))
}

/// Weekly hours from lines like "Mon-Fri 09:00-12:00 13:00-17:00" or "Sat 10:00-14:00".
pub(super) fn hours(spec: &[&str]) -> WeeklyHours {
    let mut days: [Vec<TimeRange>; 7] = Default::default();
    for line in spec {
        let mut words = line.split_whitespace();
        let which = words.next().expect("days");
        let ranges: Vec<TimeRange> = words.map(|w| TimeRange::parse(w).expect("range")).collect();
        for day in day_indices(which) {
            days[day].extend(ranges.iter().copied());
        }
    }
    WeeklyHours::new(days).expect("valid hours")
}

/// "Mon", "Mon-Fri", "Daily".
fn day_indices(which: &str) -> Vec<usize> {
    const NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let index = |name: &str| NAMES.iter().position(|n| *n == name).expect("day name");
    match which.split_once('-') {
        _ if which == "Daily" => (0..7).collect(),
        Some((a, b)) => (index(a)..=index(b)).collect(),
        None => vec![index(which)],
    }
}

/// A calendar in `zone` with the given hours and holidays ("2026-04-03").
pub(super) fn calendar(zone: &str, spec: &[&str], holidays: &[&str]) -> Calendar {
    calendar_with(zone, spec, holidays, &[])
}

/// Like [`calendar`], with time-off ranges ("2026-08-03..2026-08-14").
pub(super) fn calendar_with(
    zone: &str,
    spec: &[&str],
    holidays: &[&str],
    off: &[&str],
) -> Calendar {
    let holidays = holidays.iter().map(|d| date(d)).collect();
    let off = off.iter().map(|r| date_range(r)).collect();
    Calendar::new(
        tz(zone),
        hours(spec),
        holidays,
        off,
        Vec::<FocusBlock>::new(),
    )
    .expect("valid calendar")
}

pub(super) fn date(s: &str) -> Date {
    s.parse().unwrap_or_else(|e| panic!("date {s}: {e}"))
}

pub(super) fn date_range(s: &str) -> DateRange {
    let (a, b) = s.split_once("..").expect("a..b");
    DateRange::new(date(a), date(b)).expect("range")
}

/// An instant from "2026-03-27 15:00" (wall clock in `zone`, compatible disambiguation),
/// "2026-10-25 02:30+01:00" (wall clock with an explicit offset) or "2026-03-04T14:00Z".
pub(super) fn at(zone: &str, s: &str) -> Timestamp {
    if s.ends_with('Z') {
        return s.parse().unwrap_or_else(|e| panic!("instant {s}: {e}"));
    }
    let text = format!("{}[{zone}]", s.replace(' ', "T"));
    let zoned: Zoned = text.parse().unwrap_or_else(|e| panic!("time {text}: {e}"));
    zoned.timestamp()
}

/// "2026-03-30 Mon 11:00 +02:00": the wall clock, weekday and offset in `zone`.
pub(super) fn show(zone: &str, t: Timestamp) -> String {
    t.to_zoned(tz(zone))
        .strftime("%Y-%m-%d %a %H:%M:%S %:z")
        .to_string()
        .replace(":00 ", " ")
}

pub(super) fn dur(s: &str) -> BusinessDuration {
    BusinessDuration::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

pub(super) fn working(s: &str) -> SignedDuration {
    match dur(s) {
        BusinessDuration::Working(d) => d,
        BusinessDuration::Days(_) => panic!("{s} is not working time"),
    }
}

/// Checks `cal.add(start, business)` against a wall-clock expectation (see [`show`]), and
/// for working time also that `between` gives the duration back.
#[track_caller]
pub(super) fn check_add(cal: &Calendar, start: &str, business: &str, expect: &str) {
    let zone = cal.time_zone().iana_name().expect("named zone");
    let start_at = at(zone, start);
    let got = cal
        .add(start_at, dur(business))
        .unwrap_or_else(|e| panic!("{start} + {business}: {e}"));
    assert_eq!(show(zone, got), expect, "{start} + {business}");
    if let BusinessDuration::Working(d) = dur(business) {
        assert_eq!(cal.between(start_at, got), d, "between({start}, {expect})");
    }
}

/// Checks `cal.between(a, b)` and its antisymmetry.
#[track_caller]
pub(super) fn check_between(cal: &Calendar, a: &str, b: &str, expect: &str) {
    let zone = cal.time_zone().iana_name().expect("named zone");
    let (a_at, b_at) = (at(zone, a), at(zone, b));
    assert_eq!(
        cal.between(a_at, b_at),
        working(expect),
        "between({a}, {b})"
    );
    assert_eq!(
        cal.between(b_at, a_at),
        -working(expect),
        "between({b}, {a})"
    );
}

pub(super) fn weekdays(names: &[Weekday]) -> Vec<Weekday> {
    names.to_vec()
}
