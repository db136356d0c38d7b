//! Hand-checked `add` and `between` cases around every edge the engine must get right.
//!
//! 2026 transitions used below (checked against the tz database):
//! - Europe/Berlin: Sun 03-29 02:00 CET → 03:00 CEST; Sun 10-25 03:00 CEST → 02:00 CET.
//! - America/New_York: Sun 03-08 02:00 EST → 03:00 EDT; Sun 11-01 02:00 EDT → 01:00 EST.
//! - Australia/Lord_Howe: Sun 04-05 02:00 (+11) → 01:30 (+10:30); Sun 10-04 02:00 (+10:30)
//!   → 02:30 (+11).
//! - Pacific/Chatham: Sun 04-05 03:45 (+13:45) → 02:45 (+12:45); Sun 09-27 02:45 (+12:45)
//!   → 03:45 (+13:45).

use jiff::civil::Weekday;

use super::*;
use crate::calendar::{Availability, CalendarError};

const BERLIN: &str = "Europe/Berlin";
const NEW_YORK: &str = "America/New_York";

fn berlin_standard() -> Calendar {
    calendar(BERLIN, &["Mon-Fri 09:00-17:00"], &[])
}

#[test]
fn start_before_inside_and_after_hours() {
    let cal = berlin_standard();
    // 2026-03-04 is a Wednesday. Before hours the clock starts at 09:00.
    check_add(
        &cal,
        "2026-03-04 08:00",
        "1h",
        "2026-03-04 Wed 10:00 +01:00",
    );
    check_add(
        &cal,
        "2026-03-04 10:00",
        "1h",
        "2026-03-04 Wed 11:00 +01:00",
    );
    // After hours: Thursday 09:00 + 1h.
    check_add(
        &cal,
        "2026-03-04 18:00",
        "1h",
        "2026-03-05 Thu 10:00 +01:00",
    );
    // Exactly the day's work ends on the day's end, not on the next morning.
    check_add(
        &cal,
        "2026-03-04 09:00",
        "8h",
        "2026-03-04 Wed 17:00 +01:00",
    );
    check_add(
        &cal,
        "2026-03-04 09:00",
        "8h 1s",
        "2026-03-05 Thu 09:00:01 +01:00",
    );
    // Zero: the next working instant.
    check_add(
        &cal,
        "2026-03-04 17:00",
        "0s",
        "2026-03-05 Thu 09:00 +01:00",
    );
    check_add(
        &cal,
        "2026-03-04 12:34:56",
        "0s",
        "2026-03-04 Wed 12:34:56 +01:00",
    );
}

#[test]
fn friday_evening_to_monday() {
    let cal = berlin_standard();
    // Friday 18:00 is after hours; Monday 09:00 + 4h = 13:00.
    check_add(
        &cal,
        "2026-03-06 18:00",
        "4h",
        "2026-03-09 Mon 13:00 +01:00",
    );
    // Friday 15:00: 2h on Friday, 2h on Monday.
    check_add(
        &cal,
        "2026-03-06 15:00",
        "4h",
        "2026-03-09 Mon 11:00 +01:00",
    );
    // 24 business hours from Friday 15:00: 2 (Fri) + 8 (Mon) + 8 (Tue) + 6 (Wed) → Wed 15:00.
    check_add(
        &cal,
        "2026-03-06 15:00",
        "24h",
        "2026-03-11 Wed 15:00 +01:00",
    );
    check_between(&cal, "2026-03-06 15:00", "2026-03-09 11:00", "4h");
    check_between(&cal, "2026-03-07 10:00", "2026-03-08 20:00", "0s");
}

#[test]
fn split_days() {
    let cal = calendar(BERLIN, &["Mon-Fri 09:00-12:00 13:00-17:00"], &[]);
    // 11:00 + 2h: one hour before lunch, one after → 14:00.
    check_add(
        &cal,
        "2026-03-04 11:00",
        "2h",
        "2026-03-04 Wed 14:00 +01:00",
    );
    // Exactly the morning's work ends at 12:00, not at 13:00.
    check_add(
        &cal,
        "2026-03-04 09:00",
        "3h",
        "2026-03-04 Wed 12:00 +01:00",
    );
    // A start inside lunch waits for 13:00.
    check_add(
        &cal,
        "2026-03-04 12:30",
        "1h",
        "2026-03-04 Wed 14:00 +01:00",
    );
    // 16:00 + 2h: 1h today, then Thursday 09:00 + 1h.
    check_add(
        &cal,
        "2026-03-04 16:00",
        "2h",
        "2026-03-05 Thu 10:00 +01:00",
    );
    check_between(&cal, "2026-03-04 11:00", "2026-03-04 14:00", "2h");
    // A whole day is 7h.
    check_between(&cal, "2026-03-04 00:00", "2026-03-05 00:00", "7h");
}

#[test]
fn hours_crossing_midnight() {
    let cal = calendar(BERLIN, &["Mon-Fri 22:00-06:00"], &[]);
    // Friday 23:00 + 8h: 7h until Saturday 06:00, then Monday 22:00 + 1h.
    check_add(
        &cal,
        "2026-03-06 23:00",
        "8h",
        "2026-03-09 Mon 23:00 +01:00",
    );
    // Saturday 00:00–06:00 is the tail of Friday's shift.
    check_between(&cal, "2026-03-07 00:00", "2026-03-07 12:00", "6h");
    // Monday 03:00 is not working time: Sunday has no shift. Monday 22:00 + 1h.
    check_add(
        &cal,
        "2026-03-09 03:00",
        "1h",
        "2026-03-09 Mon 23:00 +01:00",
    );
    // Tuesday 03:00 is inside Monday's shift.
    check_add(
        &cal,
        "2026-03-10 03:00",
        "1h",
        "2026-03-10 Tue 04:00 +01:00",
    );
}

#[test]
fn holiday_cancels_the_shift_that_starts_on_it() {
    // Friday 2026-03-06 is a holiday: Thursday's shift (Thu 22:00 – Fri 06:00) still runs,
    // Friday's (Fri 22:00 – Sat 06:00) does not.
    let cal = calendar(BERLIN, &["Mon-Fri 22:00-06:00"], &["2026-03-06"]);
    // Friday 05:00 + 2h: 1h to 06:00, then Monday 22:00 + 1h.
    check_add(
        &cal,
        "2026-03-06 05:00",
        "2h",
        "2026-03-09 Mon 23:00 +01:00",
    );
    let sat_2am = at(BERLIN, "2026-03-07 02:00");
    assert_eq!(cal.availability_at(sat_2am), Availability::Holiday);
    assert_eq!(
        berlin_night().availability_at(sat_2am),
        Availability::Working
    );
}

fn berlin_night() -> Calendar {
    calendar(BERLIN, &["Mon-Fri 22:00-06:00"], &[])
}

#[test]
fn holidays_are_skipped() {
    // Good Friday 2026-04-03 and Easter Monday 2026-04-06.
    let cal = calendar(
        BERLIN,
        &["Mon-Fri 09:00-17:00"],
        &["2026-04-03", "2026-04-06"],
    );
    // Thursday 15:00 + 4h: 2h on Thursday, then Tuesday 09:00 + 2h.
    check_add(
        &cal,
        "2026-04-02 15:00",
        "4h",
        "2026-04-07 Tue 11:00 +02:00",
    );
    check_between(&cal, "2026-04-02 00:00", "2026-04-08 00:00", "16h");
}

#[test]
fn time_off_is_skipped() {
    let cal = calendar_with(
        BERLIN,
        &["Mon-Fri 09:00-17:00"],
        &[],
        &["2026-08-03..2026-08-14"],
    );
    // Friday 07-31 16:00 + 2h: 1h on Friday, two weeks away, Monday 08-17 09:00 + 1h.
    check_add(
        &cal,
        "2026-07-31 16:00",
        "2h",
        "2026-08-17 Mon 10:00 +02:00",
    );
    // Friday 8h, two weeks off, Monday 8h.
    check_between(&cal, "2026-07-31 00:00", "2026-08-18 00:00", "16h");
    assert_eq!(
        cal.availability_at(at(BERLIN, "2026-08-05 10:00")),
        Availability::TimeOff
    );
}

#[test]
fn berlin_weekend_dst_changes_do_not_change_business_time() {
    let cal = berlin_standard();
    // Friday 03-27 15:00 CET + 4h: 2h on Friday, Monday 09:00 CEST + 2h.
    check_add(
        &cal,
        "2026-03-27 15:00",
        "4h",
        "2026-03-30 Mon 11:00 +02:00",
    );
    // Friday 10-23 15:00 CEST + 4h → Monday 11:00 CET.
    check_add(
        &cal,
        "2026-10-23 15:00",
        "4h",
        "2026-10-26 Mon 11:00 +01:00",
    );
    // One business day from Friday 10:00 is Monday 10:00 on the wall clock.
    check_add(
        &cal,
        "2026-03-27 10:00",
        "1d",
        "2026-03-30 Mon 10:00 +02:00",
    );
}

#[test]
fn berlin_dst_inside_working_hours() {
    let cal = calendar(BERLIN, &["Daily 00:00-06:00"], &[]);
    // Sun 03-29: 00:00 CET (23:00Z) to 06:00 CEST (04:00Z) is 5 real hours.
    check_between(&cal, "2026-03-29 00:00", "2026-03-29 12:00", "5h");
    check_add(
        &cal,
        "2026-03-29 00:00",
        "5h",
        "2026-03-29 Sun 06:00 +02:00",
    );
    check_add(
        &cal,
        "2026-03-29 00:00",
        "5h 1s",
        "2026-03-30 Mon 00:00:01 +02:00",
    );
    // 01:30 CET (00:30Z) + 1h = 01:30Z = 03:30 CEST: the clock skipped 02:00–03:00.
    check_add(
        &cal,
        "2026-03-29 01:30",
        "1h",
        "2026-03-29 Sun 03:30 +02:00",
    );
    // 02:30 does not exist; compatible reads it as 03:30 CEST (01:30Z). + 1h = 04:30 CEST.
    check_add(
        &cal,
        "2026-03-29 02:30",
        "1h",
        "2026-03-29 Sun 04:30 +02:00",
    );
    // Sun 10-25: 00:00 CEST (22:00Z Sat) to 06:00 CET (05:00Z) is 7 real hours.
    check_between(&cal, "2026-10-25 00:00", "2026-10-25 12:00", "7h");
    // 22:00Z + 6h30m = 04:30Z = 05:30 CET.
    check_add(
        &cal,
        "2026-10-25 00:00",
        "6h 30m",
        "2026-10-25 Sun 05:30 +01:00",
    );
    // The second 02:30 (CET, 01:30Z) + 1h = 02:30Z = 03:30 CET.
    check_add(
        &cal,
        "2026-10-25 02:30+01:00",
        "1h",
        "2026-10-25 Sun 03:30 +01:00",
    );
    // The first 02:30 (CEST, 00:30Z) + 1h = 01:30Z, the second 02:30.
    check_add(
        &cal,
        "2026-10-25 02:30+02:00",
        "1h",
        "2026-10-25 Sun 02:30 +01:00",
    );
}

#[test]
fn a_range_inside_the_gap_is_not_counted_twice() {
    // On 03-29 the range 02:00-02:30 does not exist; compatible maps it onto 03:00–03:30
    // CEST (01:00Z–01:30Z), exactly where the second range already is. The overlap counts
    // once: 01:00Z–01:45Z = 45m.
    let cal = calendar(BERLIN, &["Daily 02:00-02:30 03:00-03:45"], &[]);
    check_between(&cal, "2026-03-29 00:00", "2026-03-29 12:00", "45m");
    check_between(&cal, "2026-03-30 00:00", "2026-03-30 12:00", "1h 15m");
}

#[test]
fn new_york_dst_inside_working_hours() {
    let cal = calendar(NEW_YORK, &["Daily 01:00-04:00"], &[]);
    // Sun 03-08: 01:00 EST (06:00Z) to 04:00 EDT (08:00Z) is 2 real hours.
    check_between(&cal, "2026-03-08 00:00", "2026-03-08 12:00", "2h");
    // Saturday 03:00 + 2h: 1h on Saturday, Sunday 01:00 EST + 1h = 07:00Z = 03:00 EDT.
    check_add(
        &cal,
        "2026-03-07 03:00",
        "2h",
        "2026-03-08 Sun 03:00 -04:00",
    );
    // Sun 11-01: 01:00 EDT (05:00Z) to 04:00 EST (09:00Z) is 4 real hours.
    check_between(&cal, "2026-11-01 00:00", "2026-11-01 12:00", "4h");
    // 05:00Z + 1h30m = 06:30Z, which is the second 01:30 (EST).
    check_add(
        &cal,
        "2026-11-01 01:00",
        "1h 30m",
        "2026-11-01 Sun 01:30 -05:00",
    );
}

#[test]
fn new_york_business_days_across_dst() {
    let cal = calendar(NEW_YORK, &["Mon-Fri 09:00-17:00"], &[]);
    // Friday 03-06 16:00 EST + 1 day → Monday 16:00 EDT (same wall clock).
    check_add(
        &cal,
        "2026-03-06 16:00",
        "1d",
        "2026-03-09 Mon 16:00 -04:00",
    );
    // 16:00 EST Friday to 16:00 EDT Monday is one working day: 1h + 7h.
    check_between(&cal, "2026-03-06 16:00", "2026-03-09 16:00", "8h");
}

#[test]
fn lord_howe_half_hour_shifts() {
    let zone = "Australia/Lord_Howe";
    let cal = calendar(zone, &["Daily 00:00-06:00"], &[]);
    // Sun 10-04: 00:00 +10:30 (13:30Z) to 06:00 +11:00 (19:00Z) is 5h30m.
    check_between(&cal, "2026-10-04 00:00", "2026-10-04 12:00", "5h 30m");
    check_add(
        &cal,
        "2026-10-04 00:00",
        "5h 30m",
        "2026-10-04 Sun 06:00 +11:00",
    );
    // 01:00 +10:30 (14:30Z) + 1h = 15:30Z = 02:30 +11:00 (02:00–02:30 was skipped).
    check_add(
        &cal,
        "2026-10-04 01:00",
        "1h",
        "2026-10-04 Sun 02:30 +11:00",
    );
    // Sun 04-05: 00:00 +11:00 (13:00Z) to 06:00 +10:30 (19:30Z) is 6h30m.
    check_between(&cal, "2026-04-05 00:00", "2026-04-05 12:00", "6h 30m");
    // The first 01:45 (+11:00, 14:45Z) + 30m = 15:15Z, the second 01:45 (+10:30).
    check_add(
        &cal,
        "2026-04-05 01:45",
        "30m",
        "2026-04-05 Sun 01:45 +10:30",
    );
}

#[test]
fn odd_offsets() {
    // Kolkata is UTC+05:30 all year: 09:00 IST is 03:30Z, + 8h = 11:30Z = 17:00 IST.
    let kolkata = calendar("Asia/Kolkata", &["Mon-Fri 09:00-17:00"], &[]);
    let start = at("Asia/Kolkata", "2026-03-06T03:30:00Z");
    let due = kolkata.add(start, dur("8h")).expect("due");
    assert_eq!(due, at("Asia/Kolkata", "2026-03-06T11:30:00Z"));
    check_add(
        &kolkata,
        "2026-03-06 16:30",
        "1h",
        "2026-03-09 Mon 09:30 +05:30",
    );
    // Kathmandu is UTC+05:45: 03:00Z is 08:45, before hours; 09:00 + 1h = 10:00 = 04:15Z.
    let kathmandu = calendar("Asia/Kathmandu", &["Mon-Fri 09:00-17:00"], &[]);
    let due = kathmandu
        .add(at("Asia/Kathmandu", "2026-03-04T03:00:00Z"), dur("1h"))
        .expect("due");
    assert_eq!(due, at("Asia/Kathmandu", "2026-03-04T04:15:00Z"));
    // Chatham, Sun 09-27: 02:00 +12:45 (13:15Z) to 05:00 +13:45 (15:15Z) is 2h.
    let chatham = calendar("Pacific/Chatham", &["Daily 02:00-05:00"], &[]);
    check_between(&chatham, "2026-09-27 00:00", "2026-09-27 12:00", "2h");
    // 02:30 +12:45 (13:45Z) + 1h = 14:45Z = 04:30 +13:45.
    check_add(
        &chatham,
        "2026-09-27 02:30",
        "1h",
        "2026-09-27 Sun 04:30 +13:45",
    );
    // Sun 04-05: 02:00 +13:45 (12:15Z) to 05:00 +12:45 (16:15Z) is 4h.
    check_between(&chatham, "2026-04-05 00:00", "2026-04-05 12:00", "4h");
}

#[test]
fn business_days() {
    let cal = berlin_standard();
    // Same wall clock, three working days later (Thu, Fri, Mon).
    check_add(
        &cal,
        "2026-03-04 11:00",
        "3d",
        "2026-03-09 Mon 11:00 +01:00",
    );
    // From the end of Friday, outside hours, or before Monday's start: the end of Monday.
    check_add(
        &cal,
        "2026-03-06 17:00",
        "1d",
        "2026-03-09 Mon 17:00 +01:00",
    );
    check_add(
        &cal,
        "2026-03-06 20:00",
        "1d",
        "2026-03-09 Mon 17:00 +01:00",
    );
    check_add(
        &cal,
        "2026-03-07 12:00",
        "1d",
        "2026-03-09 Mon 17:00 +01:00",
    );
    check_add(
        &cal,
        "2026-03-09 08:00",
        "1d",
        "2026-03-09 Mon 17:00 +01:00",
    );
    // From the first working instant of Monday: Tuesday 09:00.
    check_add(
        &cal,
        "2026-03-09 09:00",
        "1d",
        "2026-03-10 Tue 09:00 +01:00",
    );
    // Zero days: the next working instant.
    check_add(
        &cal,
        "2026-03-04 18:00",
        "0d",
        "2026-03-05 Thu 09:00 +01:00",
    );
}

#[test]
fn business_days_with_breaks_holidays_and_short_days() {
    let split = calendar(BERLIN, &["Mon-Fri 09:00-12:00 13:00-17:00"], &[]);
    // Lunch on Wednesday: 3h done → 3h into Thursday, which is 12:00.
    check_add(
        &split,
        "2026-03-04 12:30",
        "1d",
        "2026-03-05 Thu 12:00 +01:00",
    );
    check_add(
        &split,
        "2026-03-04 14:00",
        "1d",
        "2026-03-05 Thu 14:00 +01:00",
    );
    let easter = calendar(
        BERLIN,
        &["Mon-Fri 09:00-17:00"],
        &["2026-04-03", "2026-04-06"],
    );
    // Thursday 11:00 + 1 day skips Good Friday, the weekend and Easter Monday.
    check_add(
        &easter,
        "2026-04-02 11:00",
        "1d",
        "2026-04-07 Tue 11:00 +02:00",
    );
    // Fridays end at 13:00: 6h into Wednesday is more than Friday's 4h → Friday 13:00.
    let short_friday = calendar(BERLIN, &["Mon-Thu 09:00-17:00", "Fri 09:00-13:00"], &[]);
    check_add(
        &short_friday,
        "2026-03-04 15:00",
        "2d",
        "2026-03-06 Fri 13:00 +01:00",
    );
    check_add(
        &short_friday,
        "2026-03-04 11:00",
        "2d",
        "2026-03-06 Fri 11:00 +01:00",
    );
}

#[test]
fn business_days_on_night_shifts() {
    let cal = berlin_night();
    // Tuesday 02:00 is 4h into Monday's shift; 1 day later is 4h into Tuesday's: Wed 02:00.
    check_add(
        &cal,
        "2026-03-10 02:00",
        "1d",
        "2026-03-11 Wed 02:00 +01:00",
    );
    // Friday's shift → Monday's shift.
    check_add(
        &cal,
        "2026-03-07 01:00",
        "1d",
        "2026-03-10 Tue 01:00 +01:00",
    );
}

#[test]
fn horizon_stops_the_walk() {
    let cal = calendar_with(
        BERLIN,
        &["Mon-Fri 09:00-17:00"],
        &[],
        &["2026-01-01..2040-12-31"],
    );
    let start = at(BERLIN, "2026-06-01 10:00");
    let err = cal
        .add(start, dur("1h"))
        .expect_err("no working time for 14 years");
    assert_eq!(err, CalendarError::BeyondHorizon { start });
    assert!(cal.add(start, dur("2d")).is_err());
    assert_eq!(cal.next_working_instant(start), None);
    // `between` has no horizon: it just sees no working time.
    assert_eq!(
        cal.between(start, at(BERLIN, "2030-01-01 00:00")),
        jiff::SignedDuration::ZERO
    );
    check_add(
        &cal,
        "2041-01-01 10:00",
        "1h",
        "2041-01-01 Tue 11:00 +01:00",
    );
}

#[test]
fn negative_durations_are_refused() {
    let cal = berlin_standard();
    let start = at(BERLIN, "2026-03-04 10:00");
    let minus = super::BusinessDuration::Working(-jiff::SignedDuration::from_hours(1));
    assert_eq!(cal.add(start, minus), Err(CalendarError::NegativeDuration));
}

#[test]
fn availability() {
    let focus = FocusBlock::new(
        weekdays(&[Weekday::Tuesday, Weekday::Wednesday]),
        jiff::civil::time(9, 0, 0, 0),
        jiff::civil::time(12, 0, 0, 0),
    )
    .expect("focus");
    let cal = Calendar::new(
        tz(BERLIN),
        hours(&["Mon-Fri 09:00-17:00"]),
        vec![date("2026-03-06")],
        vec![date_range("2026-03-16..2026-03-20")],
        vec![focus],
    )
    .expect("calendar");
    let check = |time: &str, expect: Availability| {
        assert_eq!(cal.availability_at(at(BERLIN, time)), expect, "{time}");
    };
    check("2026-03-02 10:00", Availability::Working); // Monday
    check("2026-03-03 10:00", Availability::Focus); // Tuesday focus
    check("2026-03-03 12:00", Availability::Working); // focus ends at 12:00
    check("2026-03-03 08:59:59", Availability::OffHours);
    check("2026-03-03 17:00", Availability::OffHours); // the range ends at 17:00
    check("2026-03-06 10:00", Availability::Holiday);
    check("2026-03-06 20:00", Availability::Holiday); // the whole date
    check("2026-03-07 10:00", Availability::OffHours); // Saturday
    check("2026-03-18 10:00", Availability::TimeOff);
    assert_eq!(Availability::OffHours.label(), "off hours");
    assert_eq!(Availability::TimeOff.label(), "time off");
}

#[test]
fn working_periods_lists_instants() {
    let cal = calendar(BERLIN, &["Mon-Fri 09:00-12:00 13:00-17:00"], &[]);
    let periods: Vec<String> = cal
        .working_periods(at(BERLIN, "2026-03-06 11:00"))
        .take(3)
        .map(|(s, e)| format!("{} – {}", show(BERLIN, s), show(BERLIN, e)))
        .collect();
    assert_eq!(
        periods,
        [
            "2026-03-06 Fri 11:00 +01:00 – 2026-03-06 Fri 12:00 +01:00",
            "2026-03-06 Fri 13:00 +01:00 – 2026-03-06 Fri 17:00 +01:00",
            "2026-03-09 Mon 09:00 +01:00 – 2026-03-09 Mon 12:00 +01:00",
        ]
    );
}

#[test]
fn next_reachable_instant_skips_focus_blocks() {
    let block = |days: &[Weekday], start: i8, end: i8| {
        let (start, end) = (
            jiff::civil::time(start, 0, 0, 0),
            jiff::civil::time(end, 0, 0, 0),
        );
        FocusBlock::new(weekdays(days), start, end).expect("focus")
    };
    let blocks = vec![
        block(&[Weekday::Tuesday], 9, 12),
        block(&[Weekday::Tuesday], 12, 13),
        block(&[Weekday::Thursday], 9, 17),
    ];
    let cal = Calendar::new(
        tz(BERLIN),
        hours(&["Mon-Fri 09:00-17:00"]),
        vec![],
        vec![],
        blocks,
    )
    .expect("calendar");
    let check = |from: &str, expect: &str| {
        let got = cal
            .next_reachable_instant(at(BERLIN, from))
            .expect("reachable");
        assert_eq!(show(BERLIN, got), expect, "{from}");
    };
    // Monday evening: Tuesday is focused 09:00–13:00 (two blocks back to back).
    check("2026-03-02 18:00", "2026-03-03 Tue 13:00 +01:00");
    check("2026-03-03 10:00", "2026-03-03 Tue 13:00 +01:00");
    check("2026-03-04 08:00", "2026-03-04 Wed 09:00 +01:00");
    // Thursday is focused all day: Friday 09:00.
    check("2026-03-05 08:00", "2026-03-06 Fri 09:00 +01:00");
}
