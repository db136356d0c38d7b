//! Parsing and validation of the civil building blocks, and the messages users see.

use jiff::civil::{Weekday, time};

use super::*;
use crate::calendar::TeamCalendar;

/// Parses a range and checks its display, or the error message.
#[track_caller]
fn check_range(input: &str, expect: &str) {
    let got = match TimeRange::parse(input) {
        Ok(range) => range.to_string(),
        Err(e) => e.to_string(),
    };
    assert_eq!(got, expect, "{input:?}");
}

#[test]
fn time_ranges() {
    check_range("09:00-12:00", "09:00-12:00");
    check_range(" 09:00 - 12:00 ", "09:00-12:00");
    check_range("22:00-06:00", "22:00-06:00");
    check_range("00:00-24:00", "00:00-24:00");
    check_range("17:00-24:00", "17:00-24:00");
    check_range("09:00:30-10:00", "09:00:30-10:00");
    check_range(
        "25:00-26:00",
        "unknown time \"25:00\" (expected HH:MM between 00:00 and 24:00)",
    );
    check_range(
        "09:60-10:00",
        "unknown time \"09:60\" (expected HH:MM between 00:00 and 24:00)",
    );
    check_range(
        "9:00-10:00",
        "unknown time \"9:00\" (expected HH:MM between 00:00 and 24:00)",
    );
    check_range(
        "24:00-06:00",
        "unknown time \"24:00\" (expected HH:MM between 00:00 and 24:00)",
    );
    check_range(
        "24:01-06:00",
        "unknown time \"24:01\" (expected HH:MM between 00:00 and 24:00)",
    );
    check_range(
        "09:00",
        "unknown working range \"09:00\" (expected e.g. \"09:00-12:00\")",
    );
    check_range(
        "09:00-09:00",
        "the range \"09:00-09:00\" is empty: its end must differ from its start",
    );
}

#[test]
fn time_range_accessors() {
    let night = TimeRange::parse("22:00-06:00").expect("range");
    assert!(night.crosses_midnight());
    assert_eq!(
        (night.start(), night.end()),
        (time(22, 0, 0, 0), time(6, 0, 0, 0))
    );
    assert_eq!(night.duration(), jiff::SignedDuration::from_hours(8));
    let evening = TimeRange::new(time(22, 0, 0, 0), time(0, 0, 0, 0)).expect("range");
    assert_eq!(evening.to_string(), "22:00-24:00");
    assert!(!evening.crosses_midnight());
    assert_eq!(evening.end(), time(0, 0, 0, 0));
    let all_day = TimeRange::until_end_of_day(time(0, 0, 0, 0)).expect("range");
    assert_eq!(all_day.duration(), jiff::SignedDuration::from_hours(24));
    assert!(TimeRange::new(time(0, 0, 0, 0), time(0, 0, 0, 0)).is_err());
}

/// Builds weekly hours from (Monday-zero day, ranges) and returns the message or "ok".
#[track_caller]
fn check_hours(days: &[(usize, &[&str])], expect: &str) {
    let mut week: [Vec<TimeRange>; 7] = Default::default();
    for (day, ranges) in days {
        week[*day].extend(ranges.iter().map(|r| TimeRange::parse(r).expect("range")));
    }
    let got = WeeklyHours::new(week).map_or_else(|e| e.to_string(), |_| "ok".to_string());
    assert_eq!(got, expect);
}

#[test]
fn weekly_hours_reject_overlaps() {
    check_hours(&[(0, &["09:00-12:00", "13:00-17:00"])], "ok");
    check_hours(&[(0, &["09:00-12:00", "12:00-17:00"])], "ok");
    check_hours(
        &[(0, &["11:00-13:00", "09:00-12:00"])],
        "09:00-12:00 overlaps 11:00-13:00 on Monday",
    );
    check_hours(
        &[(0, &["22:00-06:00"]), (1, &["05:00-09:00"])],
        "22:00-06:00 on Monday runs past midnight into 05:00-09:00 on Tuesday",
    );
    check_hours(&[(0, &["22:00-06:00"]), (1, &["06:00-09:00"])], "ok");
    check_hours(
        &[(6, &["20:00-02:00"]), (0, &["01:00-03:00"])],
        "20:00-02:00 on Sunday runs past midnight into 01:00-03:00 on Monday",
    );
    check_hours(
        &[(2, &["22:00-06:00", "23:00-23:30"])],
        "22:00-06:00 overlaps 23:00-23:30 on Wednesday",
    );
}

#[test]
fn weekly_hours_totals() {
    assert_eq!(
        WeeklyHours::standard().weekly_total(),
        jiff::SignedDuration::from_hours(40)
    );
    assert_eq!(WeeklyHours::standard().day(Weekday::Saturday), &[]);
    let split = hours(&["Mon-Fri 09:00-12:00 13:00-17:00", "Sat 22:00-02:00"]);
    assert_eq!(split.weekly_total(), jiff::SignedDuration::from_hours(39));
    assert_eq!(split.day(Weekday::Tuesday).len(), 2);
}

#[test]
fn calendar_validation() {
    let empty = WeeklyHours::new(Default::default()).expect("empty week is valid hours");
    let err = Calendar::new(tz("UTC"), empty, vec![], vec![], vec![]).expect_err("no time");
    assert_eq!(err.to_string(), "the calendar has no working time");

    let off = vec![
        date_range("2026-03-01..2026-03-05"),
        date_range("2026-03-05..2026-03-10"),
    ];
    let err = Calendar::new(tz("UTC"), WeeklyHours::standard(), vec![], off, vec![])
        .expect_err("overlap");
    assert_eq!(
        err.to_string(),
        "time off 2026-03-01..2026-03-05 overlaps time off 2026-03-05..2026-03-10"
    );

    let err = DateRange::new(date("2026-03-05"), date("2026-03-01")).expect_err("reversed");
    assert_eq!(
        err.to_string(),
        "time off ends before it starts (2026-03-01 is before 2026-03-05)"
    );

    let morning = FocusBlock::new(
        vec![Weekday::Monday, Weekday::Tuesday],
        time(9, 0, 0, 0),
        time(12, 0, 0, 0),
    );
    let late = FocusBlock::new(vec![Weekday::Tuesday], time(11, 0, 0, 0), time(14, 0, 0, 0));
    let blocks = vec![morning.expect("block"), late.expect("block")];
    let err = Calendar::new(tz("UTC"), WeeklyHours::standard(), vec![], vec![], blocks)
        .expect_err("overlap");
    assert_eq!(err.to_string(), "two focus blocks overlap on Tuesday");

    let err = FocusBlock::new(vec![Weekday::Monday], time(12, 0, 0, 0), time(9, 0, 0, 0))
        .expect_err("empty");
    assert_eq!(
        err.to_string(),
        "the focus block 12:00-09:00 must end after it starts"
    );
    let err = FocusBlock::new(vec![], time(9, 0, 0, 0), time(12, 0, 0, 0)).expect_err("no days");
    assert_eq!(err.to_string(), "a focus block needs at least one weekday");

    let err = TeamCalendar::union(vec![], tz("UTC")).expect_err("no members");
    assert_eq!(err.to_string(), "a team calendar needs at least one member");
}

#[test]
fn calendar_accessors() {
    let holidays = vec![date("2026-12-25"), date("2026-01-01"), date("2026-12-25")];
    let cal = Calendar::new(
        tz("Europe/Berlin"),
        WeeklyHours::standard(),
        holidays,
        vec![],
        vec![],
    )
    .expect("calendar");
    let listed: Vec<String> = cal.holidays().map(|d| d.to_string()).collect();
    assert_eq!(listed, ["2026-01-01", "2026-12-25"]);
    assert_eq!(cal.time_zone().iana_name(), Some("Europe/Berlin"));
    assert_eq!(cal.hours(), &WeeklyHours::standard());
    assert!(cal.time_off().is_empty() && cal.focus_blocks().is_empty());
}

/// Parses a business duration and checks its display, or the error message.
#[track_caller]
fn check_duration(input: &str, expect: &str) {
    let got = match BusinessDuration::parse(input) {
        Ok(d) => format!("{d:?} = {d}"),
        Err(e) => e.to_string(),
    };
    assert_eq!(got, expect, "{input:?}");
}

#[test]
fn business_durations() {
    check_duration("4h", "Working(4h) = 4h");
    check_duration("90m", "Working(1h 30m) = 1h 30m");
    check_duration("1h30m", "Working(1h 30m) = 1h 30m");
    check_duration("PT4H", "Working(4h) = 4h");
    check_duration("PT1H30M", "Working(1h 30m) = 1h 30m");
    check_duration("3d", "Days(3) = 3d");
    check_duration("P3D", "Days(3) = 3d");
    check_duration("p1d", "Days(1) = 1d");
    check_duration(" 2d ", "Days(2) = 2d");
    check_duration("1 day", "Days(1) = 1d");
    check_duration("5 business days", "Days(5) = 5d");
    check_duration("4 hours 30 minutes", "Working(4h 30m) = 4h 30m");
    check_duration("1.5h", "Working(1h 30m) = 1h 30m");
    let expected = "(expected e.g. 4h, 90m, 1h30m, 3d, PT4H or P3D)";
    check_duration(
        "P1DT4H",
        &format!("unknown business duration \"P1DT4H\" {expected}"),
    );
    check_duration(
        "soon",
        &format!("unknown business duration \"soon\" {expected}"),
    );
    check_duration("", &format!("unknown business duration \"\" {expected}"));
    check_duration(
        "99999999999d",
        &format!("unknown business duration \"99999999999d\" {expected}"),
    );
    check_duration("-4h", "a business duration must not be negative");
}

#[test]
fn business_durations_round_trip() {
    for text in ["4h", "1h 30m", "45s", "3d", "0d", "100h 1s"] {
        let parsed = BusinessDuration::parse(text).expect("parses");
        assert_eq!(
            BusinessDuration::parse(&parsed.to_string()),
            Ok(parsed),
            "{text}"
        );
    }
}
