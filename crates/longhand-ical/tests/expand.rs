//! Expansion behaviour as data: DST gaps and folds in several zones, overrides, THISANDFUTURE,
//! cancellations, and the laziness that keeps endless rules cheap over a short window.

use jiff::Timestamp;
use longhand_ical::{Budget, Rule, SeriesKey, parse};

/// Expands the VEVENT lines over `[from, to)` and compares one line per occurrence:
/// `start..end summary [rid=…]` (UTC instants).
fn check(body: &str, from: &str, to: &str, expect: &str) {
    check_warned(body, from, to, &[], expect);
}

/// Like `check`, for input that is read with the given warnings (`line N: reason`).
fn check_warned(body: &str, from: &str, to: &str, warnings: &[&str], expect: &str) {
    let text = format!("BEGIN:VCALENDAR\n{body}\nEND:VCALENDAR\n");
    let cal = parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let skipped: Vec<String> = cal.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(skipped, warnings);
    let ts = |s: &str| -> Timestamp { s.parse().unwrap_or_else(|e| panic!("{s}: {e}")) };
    let got: Vec<String> = cal
        .occurrences(ts(from), ts(to))
        .iter()
        .map(|o| {
            let rid = o
                .recurrence_id
                .map(|r| format!(" rid={r}"))
                .unwrap_or_default();
            format!("{}..{} {}{rid}", o.start, o.end, o.summary())
        })
        .collect();
    let expect: Vec<&str> = expect
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(got, expect);
}

#[test]
fn nine_oclock_stays_nine_oclock_across_dst() {
    check(
        "BEGIN:VEVENT\nUID:s\nSUMMARY:s\nDTSTART;TZID=America/New_York:20260306T090000\nDURATION:PT30M\nRRULE:FREQ=DAILY\nEND:VEVENT",
        "2026-03-06T00:00:00Z",
        "2026-03-10T00:00:00Z",
        "2026-03-06T14:00:00Z..2026-03-06T14:30:00Z s rid=2026-03-06T14:00:00Z
         2026-03-07T14:00:00Z..2026-03-07T14:30:00Z s rid=2026-03-07T14:00:00Z
         2026-03-08T13:00:00Z..2026-03-08T13:30:00Z s rid=2026-03-08T13:00:00Z
         2026-03-09T13:00:00Z..2026-03-09T13:30:00Z s rid=2026-03-09T13:00:00Z",
    );
}

#[test]
fn gap_shifts_forward_and_fold_takes_the_first() {
    // Berlin skips 02:00–03:00 on 2026-03-29 and repeats it on 2026-10-25.
    check(
        "BEGIN:VEVENT\nUID:g\nSUMMARY:g\nDTSTART;TZID=Europe/Berlin:20260328T023000\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=2\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:f\nSUMMARY:f\nDTSTART;TZID=Europe/Berlin:20261025T023000\nDURATION:PT1H\nEND:VEVENT",
        "2026-01-01T00:00:00Z",
        "2027-01-01T00:00:00Z",
        "2026-03-28T01:30:00Z..2026-03-28T02:30:00Z g rid=2026-03-28T01:30:00Z
         2026-03-29T01:30:00Z..2026-03-29T02:30:00Z g rid=2026-03-29T01:30:00Z
         2026-10-25T00:30:00Z..2026-10-25T01:30:00Z f",
    );
    // Lord Howe moves its clocks by 30 minutes: 02:00–02:30 does not exist on 2026-10-04.
    check(
        "BEGIN:VEVENT\nUID:l\nSUMMARY:l\nDTSTART;TZID=Australia/Lord_Howe:20261003T021500\nRRULE:FREQ=DAILY;COUNT=3\nEND:VEVENT",
        "2026-01-01T00:00:00Z",
        "2027-01-01T00:00:00Z",
        "2026-10-02T15:45:00Z..2026-10-02T15:45:00Z l rid=2026-10-02T15:45:00Z
         2026-10-03T15:45:00Z..2026-10-03T15:45:00Z l rid=2026-10-03T15:45:00Z
         2026-10-04T15:15:00Z..2026-10-04T15:15:00Z l rid=2026-10-04T15:15:00Z",
    );
}

#[test]
fn overrides_exdates_and_cancellations() {
    check(
        "BEGIN:VEVENT\nUID:w\nSUMMARY:weekly\nDTSTART;TZID=Asia/Kolkata:20260105T100000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=5\n\
         EXDATE;TZID=Asia/Kolkata:20260112T100000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:w\nSUMMARY:moved\nRECURRENCE-ID;TZID=Asia/Kolkata:20260119T100000\nDTSTART;TZID=Asia/Kolkata:20260120T120000\nDURATION:PT30M\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:w\nSUMMARY:cancelled\nRECURRENCE-ID:20260126T043000Z\nSTATUS:CANCELLED\nDTSTART;TZID=Asia/Kolkata:20260126T100000\nEND:VEVENT",
        "2026-01-01T00:00:00Z",
        "2027-01-01T00:00:00Z",
        "2026-01-05T04:30:00Z..2026-01-05T05:30:00Z weekly rid=2026-01-05T04:30:00Z
         2026-01-20T06:30:00Z..2026-01-20T07:00:00Z moved rid=2026-01-19T04:30:00Z
         2026-02-02T04:30:00Z..2026-02-02T05:30:00Z weekly rid=2026-02-02T04:30:00Z",
    );
}

#[test]
fn this_and_future_reshapes_later_instances() {
    check(
        "BEGIN:VEVENT\nUID:t\nSUMMARY:old\nDTSTART;TZID=Europe/Berlin:20260316T140000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=4\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:t\nSUMMARY:new\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20260323T140000\n\
         DTSTART;TZID=Europe/Berlin:20260323T150000\nDURATION:PT30M\nEND:VEVENT",
        "2026-01-01T00:00:00Z",
        "2027-01-01T00:00:00Z",
        "2026-03-16T13:00:00Z..2026-03-16T14:00:00Z old rid=2026-03-16T13:00:00Z
         2026-03-23T14:00:00Z..2026-03-23T14:30:00Z new rid=2026-03-23T13:00:00Z
         2026-03-30T13:00:00Z..2026-03-30T13:30:00Z new rid=2026-03-30T12:00:00Z
         2026-04-06T13:00:00Z..2026-04-06T13:30:00Z new rid=2026-04-06T12:00:00Z",
    );
}

#[test]
fn cancelled_master_and_window_edges() {
    check(
        "BEGIN:VEVENT\nUID:c\nSUMMARY:c\nSTATUS:CANCELLED\nDTSTART:20260105T090000Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:e\nSUMMARY:ends at from\nDTSTART:20260104T230000Z\nDTEND:20260105T000000Z\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:o\nSUMMARY:overlaps from\nDTSTART:20260104T230000Z\nDTEND:20260105T000001Z\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:z\nSUMMARY:zero length at from\nDTSTART:20260105T000000Z\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:t\nSUMMARY:starts at to\nDTSTART:20260106T000000Z\nEND:VEVENT",
        "2026-01-05T00:00:00Z",
        "2026-01-06T00:00:00Z",
        "2026-01-04T23:00:00Z..2026-01-05T00:00:01Z overlaps from
         2026-01-05T00:00:00Z..2026-01-05T00:00:00Z zero length at from",
    );
}

#[test]
fn date_until_on_a_timed_rule_includes_that_day() {
    // RFC 5545 wants a DATE-TIME UNTIL here; a DATE one is read as "through that day", and
    // said so.
    check_warned(
        "BEGIN:VEVENT\nUID:u\nSUMMARY:u\nDTSTART;TZID=America/New_York:20260106T100000\nRRULE:FREQ=DAILY;UNTIL=20260107\nEND:VEVENT",
        "2026-01-01T00:00:00Z",
        "2027-01-01T00:00:00Z",
        &[
            "line 6: RRULE UNTIL `20260107` is a date on a series with times: read as the end of 2026-01-07",
        ],
        "2026-01-06T15:00:00Z..2026-01-06T15:00:00Z u rid=2026-01-06T15:00:00Z
         2026-01-07T15:00:00Z..2026-01-07T15:00:00Z u rid=2026-01-07T15:00:00Z",
    );
}

#[test]
fn endless_and_huge_rules_expand_lazily_over_a_short_window() {
    // Every 20 seconds since 2000 with no end, every 30 seconds since 2000 with a COUNT far
    // beyond 2026 (skipped by arithmetic), and a weekly COUNT of i64::MAX: only the window's
    // few instances are built (this would not finish if expansion were eager).
    check(
        "BEGIN:VEVENT\nUID:s\nSUMMARY:s\nDTSTART:20000101T000000Z\nRRULE:FREQ=SECONDLY;INTERVAL=20\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:w\nSUMMARY:w\nDTSTART:19000101T120000Z\nRRULE:FREQ=WEEKLY;COUNT=9223372036854775807;BYDAY=TH\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:c\nSUMMARY:c\nDTSTART:20000101T000030Z\nRRULE:FREQ=SECONDLY;INTERVAL=30;COUNT=9000000000000\nEND:VEVENT",
        "2026-06-04T12:00:00Z",
        "2026-06-04T12:01:00Z",
        "2026-06-04T12:00:00Z..2026-06-04T12:00:00Z c rid=2026-06-04T12:00:00Z
         2026-06-04T12:00:00Z..2026-06-04T12:00:00Z s rid=2026-06-04T12:00:00Z
         2026-06-04T12:00:00Z..2026-06-04T12:00:00Z w rid=2026-06-04T12:00:00Z
         2026-06-04T12:00:20Z..2026-06-04T12:00:20Z s rid=2026-06-04T12:00:20Z
         2026-06-04T12:00:30Z..2026-06-04T12:00:30Z c rid=2026-06-04T12:00:30Z
         2026-06-04T12:00:40Z..2026-06-04T12:00:40Z s rid=2026-06-04T12:00:40Z",
    );
}

#[test]
fn impossible_rules_end() {
    check(
        "BEGIN:VEVENT\nUID:x\nSUMMARY:x\nDTSTART:20260101T000000Z\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=3\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:y\nSUMMARY:y\nDTSTART:20260101T000000Z\nRRULE:FREQ=SECONDLY;INTERVAL=2;BYSECOND=1;COUNT=3\nEND:VEVENT",
        "2026-01-01T00:00:00Z",
        "2027-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z..2026-01-01T00:00:00Z x rid=2026-01-01T00:00:00Z
         2026-01-01T00:00:00Z..2026-01-01T00:00:00Z y rid=2026-01-01T00:00:00Z",
    );
}

#[test]
fn runaway_series_are_cut_off_and_reported() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:s\nDTSTART:20260101T000000Z\nRRULE:FREQ=SECONDLY\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:d\nDTSTART:20260101T090000Z\nRRULE:FREQ=DAILY\nEND:VEVENT\nEND:VCALENDAR\n";
    let cal = parse(text).unwrap_or_else(|e| panic!("{e}"));
    let ts = |s: &str| -> Timestamp { s.parse().unwrap_or_else(|e| panic!("{s}: {e}")) };
    let got = cal.expand(ts("2026-01-01T00:00:00Z"), ts("2026-01-03T00:00:00Z"));
    assert_eq!(got.truncated, vec![longhand_ical::SeriesKey(0)]);
    assert_eq!(
        got.occurrences.len(),
        longhand_ical::MAX_OCCURRENCES_PER_SERIES + 2
    );
}

/// Thirty `FREQ=SECONDLY` series, each starting at `start`.
fn secondly_series(count: usize, start: &str) -> String {
    let mut text = "BEGIN:VCALENDAR\n".to_owned();
    for i in 0..count {
        text +=
            &format!("BEGIN:VEVENT\nUID:s{i}\nDTSTART:{start}\nRRULE:FREQ=SECONDLY\nEND:VEVENT\n");
    }
    text + "END:VCALENDAR\n"
}

#[test]
fn many_runaway_series_share_one_budget_per_file() {
    let cal = parse(&secondly_series(30, "20260101T000000Z")).unwrap_or_else(|e| panic!("{e}"));
    let ts = |s: &str| -> Timestamp { s.parse().unwrap_or_else(|e| panic!("{s}: {e}")) };
    let got = cal.expand(ts("2026-01-01T00:00:00Z"), ts("2026-01-03T00:00:00Z"));
    // Each series alone stops at its own cap, but all of them together stop at the file's.
    assert_eq!(
        got.occurrences.len(),
        longhand_ical::MAX_OCCURRENCES_PER_FILE
    );
    assert_eq!(got.truncated, [SeriesKey(0), SeriesKey(1)]);
    assert_eq!(got.over_budget.len(), 28);
    assert_eq!(got.over_budget[0], SeriesKey(2));
}

#[test]
fn a_shared_budget_runs_out_across_files() {
    let cal = parse(&secondly_series(3, "20260101T000000Z")).unwrap_or_else(|e| panic!("{e}"));
    let ts = |s: &str| -> Timestamp { s.parse().unwrap_or_else(|e| panic!("{s}: {e}")) };
    let (from, to) = (ts("2026-01-01T00:00:00Z"), ts("2026-01-01T01:00:00Z"));
    let mut budget = Budget {
        occurrences: 5_000,
        steps: u64::MAX,
    };
    let first = cal.expand_where(from, to, &mut budget, |_| true);
    assert_eq!(first.occurrences.len(), 5_000);
    assert_eq!(budget.occurrences, 0);
    let second = cal.expand_where(from, to, &mut budget, |_| true);
    assert!(second.occurrences.is_empty());
    assert_eq!(second.over_budget.len(), 3);
}

#[test]
fn a_rule_that_cannot_skip_ahead_stops_when_its_steps_run_out() {
    // COUNT on irregular periods (Mondays only) cannot be skipped by arithmetic, so reaching
    // 2026 from 2016 means walking every minute of every Monday in between.
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:slow\nDTSTART:20160104T000000Z\n\
                RRULE:FREQ=MINUTELY;BYDAY=MO;COUNT=100000000\nEND:VEVENT\nEND:VCALENDAR\n";
    let cal = parse(text).unwrap_or_else(|e| panic!("{e}"));
    let ts = |s: &str| -> Timestamp { s.parse().unwrap_or_else(|e| panic!("{s}: {e}")) };
    let mut budget = Budget {
        occurrences: 1_000,
        steps: 10_000,
    };
    let got = cal.expand_where(
        ts("2026-01-05T00:00:00Z"),
        ts("2026-01-06T00:00:00Z"),
        &mut budget,
        |_| true,
    );
    assert!(got.occurrences.is_empty());
    assert_eq!(got.over_budget, [SeriesKey(0)]);
    assert_eq!(got.steps, 10_000);
    assert_eq!(budget.steps, 0);
    // With the whole per-file budget the same rule does reach the window.
    let got = cal.expand(ts("2026-01-05T00:00:00Z"), ts("2026-01-06T00:00:00Z"));
    assert_eq!(got.occurrences.len(), 1_440);
    assert!(got.over_budget.is_empty());
}

#[test]
fn sub_minute_rules_are_recognised() {
    let sub_minute = |rule: &str| Rule::parse(rule).unwrap().repeats_within_a_minute();
    assert!(sub_minute("FREQ=SECONDLY"));
    assert!(sub_minute("FREQ=SECONDLY;INTERVAL=59"));
    assert!(sub_minute("FREQ=MINUTELY;BYSECOND=0,30"));
    assert!(sub_minute("FREQ=WEEKLY;BYSECOND=0,1"));
    assert!(!sub_minute("FREQ=SECONDLY;INTERVAL=60"));
    assert!(!sub_minute("FREQ=SECONDLY;BYSECOND=0"));
    assert!(!sub_minute("FREQ=MINUTELY"));
    assert!(!sub_minute("FREQ=WEEKLY;BYDAY=MO"));
}

#[test]
fn wall_clock_of_an_instance_in_a_gap_is_the_shifted_time() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:g\nDTSTART;TZID=Europe/Berlin:20260329T023000\nDTEND;TZID=Europe/Berlin:20260329T033000\nEND:VEVENT\n\
                BEGIN:VEVENT\nUID:f\nDTSTART:20260329T023000\nDURATION:PT1H\nEND:VEVENT\nEND:VCALENDAR\n";
    let cal = parse(text).unwrap_or_else(|e| panic!("{e}"));
    let ts = |s: &str| -> Timestamp { s.parse().unwrap_or_else(|e| panic!("{s}: {e}")) };
    let got: Vec<String> = cal
        .occurrences(ts("2026-03-28T00:00:00Z"), ts("2026-03-30T00:00:00Z"))
        .iter()
        .map(|o| {
            format!(
                "{} {}..{} floating={}",
                o.uid(),
                o.civil_start,
                o.civil_end,
                o.floating
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "g 2026-03-29T03:30:00..2026-03-29T03:30:00 floating=false",
            "f 2026-03-29T02:30:00..2026-03-29T03:30:00 floating=true",
        ]
    );
}

/// A weekly series from 2026 whose every instance ends in the year 4052, and `extra` VEVENT
/// lines after it (found by the `parse_expand` fuzz target).
fn two_thousand_year_meeting(extra: &str) -> longhand_ical::Calendar {
    let text = format!(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART;TZID=Europe/Berlin:20260105T090000\n\
         DTEND;TZID=Europe/Berlin:40520210T095000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH\nEND:VEVENT\n\
         {extra}END:VCALENDAR\n"
    );
    parse(&text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn instances_after_the_window_are_not_walked_however_long_they_last() {
    let cal = two_thousand_year_meeting("");
    let ts = |s: &str| -> Timestamp { s.parse().unwrap_or_else(|e| panic!("{s}: {e}")) };
    let got = cal.expand(ts("2026-01-01T00:00:00Z"), ts("2027-01-01T00:00:00Z"));
    // Every Monday and Thursday of 2026 from the 5th overlaps the window; an instance that
    // starts after the window cannot, however long it lasts, so the walk stops at the
    // window's end instead of 2,000 years later (over a million steps).
    assert_eq!(got.occurrences.len(), 104);
    assert!(got.over_budget.is_empty());
    assert!(got.steps < 1_000, "{} steps", got.steps);
}

#[test]
fn a_later_thisandfuture_start_does_not_stretch_the_walk_past_the_window() {
    // From March 2nd on, the series moves 2,000 years later: nothing after the window can
    // come back into it, so the walk still stops at the window's end.
    let cal = two_thousand_year_meeting(
        "BEGIN:VEVENT\nUID:x\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20260302T090000\n\
         DTSTART;TZID=Europe/Berlin:40260302T090000\nDURATION:PT50M\nEND:VEVENT\n",
    );
    let ts = |s: &str| -> Timestamp { s.parse().unwrap_or_else(|e| panic!("{s}: {e}")) };
    let got = cal.expand(ts("2026-01-01T00:00:00Z"), ts("2027-01-01T00:00:00Z"));
    // January and February: 8 Mondays and 8 Thursdays.
    assert_eq!(got.occurrences.len(), 16);
    assert!(got.steps < 1_000, "{} steps", got.steps);
}

#[test]
fn an_events_longest_length_counts_its_dtend_duration_and_periods() {
    let cal = two_thousand_year_meeting(
        "BEGIN:VEVENT\nUID:short\nDTSTART:20260105T090000Z\nDURATION:P1DT2H\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:period\nDTSTART:20260105T090000Z\nDURATION:PT1H\n\
         RDATE;VALUE=PERIOD:20260110T090000Z/20260201T090000Z\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:day\nDTSTART;VALUE=DATE:20260105\nEND:VEVENT\n",
    );
    let lengths: Vec<i64> = cal
        .series
        .iter()
        .filter_map(|s| Some(s.master.as_ref()?.longest_length().as_hours()))
        .collect();
    assert_eq!(lengths, [17_760_408, 26, 22 * 24, 24]);
}

#[test]
fn a_thisandfuture_override_brings_far_instances_back_into_the_window() {
    // From 2030 on, the daily series moves back to June 2026: the instances walked between
    // the window and 2030 are passed without building them, the moved ones still come.
    check(
        "BEGIN:VEVENT\nUID:d\nSUMMARY:d\nDTSTART;TZID=Europe/Berlin:20260105T090000\nDURATION:PT30M\nRRULE:FREQ=DAILY\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:d\nSUMMARY:moved\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20300105T090000\n\
         DTSTART;TZID=Europe/Berlin:20260602T100000\nDURATION:PT30M\nEND:VEVENT",
        "2026-06-02T00:00:00Z",
        "2026-06-04T00:00:00Z",
        "2026-06-02T07:00:00Z..2026-06-02T07:30:00Z d rid=2026-06-02T07:00:00Z
         2026-06-02T08:00:00Z..2026-06-02T08:30:00Z moved rid=2030-01-05T08:00:00Z
         2026-06-03T07:00:00Z..2026-06-03T07:30:00Z d rid=2026-06-03T07:00:00Z
         2026-06-03T08:00:00Z..2026-06-03T08:30:00Z moved rid=2030-01-06T08:00:00Z",
    );
}
