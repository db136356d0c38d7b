//! Table tests: periods across zones (Asia/Kolkata, America/St_Johns, a DST change), holidays,
//! time off and the weekly cadence; the blocker state machine; answers as written.

use super::*;
use crate::calendar::{Calendar, DateRange, TimeRange, WeeklyHours};
use jiff::civil::{Date, Time, Weekday, date};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn hours(days: [&[&str]; 7]) -> WeeklyHours {
    WeeklyHours::new(days.map(|d| d.iter().map(|r| TimeRange::parse(r).unwrap()).collect()))
        .unwrap()
}

const NINE_TO_FIVE: [&[&str]; 7] = [
    &["09:00-17:00"],
    &["09:00-17:00"],
    &["09:00-17:00"],
    &["09:00-17:00"],
    &["09:00-17:00"],
    &[],
    &[],
];

fn calendar(zone: &str, holidays: &[Date], off: &[(Date, Date)]) -> Calendar {
    calendar_with(zone, NINE_TO_FIVE, holidays, off)
}

fn calendar_with(
    zone: &str,
    days: [&[&str]; 7],
    holidays: &[Date],
    off: &[(Date, Date)],
) -> Calendar {
    let off = off
        .iter()
        .map(|(a, b)| DateRange::new(*a, *b).unwrap())
        .collect();
    Calendar::new(
        TimeZone::get(zone).unwrap(),
        hours(days),
        holidays.to_vec(),
        off,
        vec![],
    )
    .unwrap()
}

fn daily(hh: i8, mm: i8) -> Schedule {
    Schedule::new(
        Cadence::Daily,
        Time::constant(hh, mm, 0, 0),
        at("2026-01-01T00:00:00Z"),
    )
}

fn weekly(day: Weekday, hh: i8, mm: i8) -> Schedule {
    Schedule::new(
        Cadence::Weekly(day),
        Time::constant(hh, mm, 0, 0),
        at("2026-01-01T00:00:00Z"),
    )
}

/// A period as the member reads it: local instants with their offset.
fn show(cal: &Calendar, period: Option<Period>, now: Timestamp) -> String {
    let Some(p) = period else {
        return "none".to_owned();
    };
    let local = |t: Timestamp| {
        t.to_zoned(cal.time_zone().clone())
            .strftime("%F %H:%M:%S%:z")
            .to_string()
    };
    let closes = p.closes_at.map(local).unwrap_or_else(|| "never".into());
    format!(
        "{} opens {} due {} remind {} closes {} — {:?}",
        p.date,
        local(p.opens_at),
        local(p.due_at),
        local(p.remind_at),
        closes,
        p.standing(now)
    )
}

fn check(cal: &Calendar, schedule: Schedule, now: &str, expect: &str) {
    let now = at(now);
    let got = show(cal, schedule.period_at(cal, now), now);
    assert_eq!(got, expect, "at {now}");
}

#[test]
fn a_daily_period_runs_from_the_prompt_to_the_end_of_the_working_day_in_kolkata() {
    let cal = calendar("Asia/Kolkata", &[], &[]);
    let s = daily(9, 30);
    // Tuesday 15:30:00.123 IST: inside the on-time window (the remainder of the window is 80 %
    // of 7.5 hours: 6 hours after 09:30).
    check(
        &cal,
        s,
        "2026-03-10T10:00:00.123456Z",
        "2026-03-10 opens 2026-03-10 09:30:00+05:30 due 2026-03-10 17:00:00+05:30 remind 2026-03-10 15:30:00+05:30 closes 2026-03-11 09:30:00+05:30 — OnTime",
    );
    // 17:00:00.5 IST: half a second past due, late until Wednesday's prompt.
    check(
        &cal,
        s,
        "2026-03-10T11:30:00.5Z",
        "2026-03-10 opens 2026-03-10 09:30:00+05:30 due 2026-03-10 17:00:00+05:30 remind 2026-03-10 15:30:00+05:30 closes 2026-03-11 09:30:00+05:30 — Late",
    );
    // Wednesday 09:29:59.734512 IST: still Tuesday's period.
    check(
        &cal,
        s,
        "2026-03-11T03:59:59.734512Z",
        "2026-03-10 opens 2026-03-10 09:30:00+05:30 due 2026-03-10 17:00:00+05:30 remind 2026-03-10 15:30:00+05:30 closes 2026-03-11 09:30:00+05:30 — Late",
    );
    // Friday's period closes on Monday: the weekend has no prompts.
    check(
        &cal,
        s,
        "2026-03-14T06:00:00Z",
        "2026-03-13 opens 2026-03-13 09:30:00+05:30 due 2026-03-13 17:00:00+05:30 remind 2026-03-13 15:30:00+05:30 closes 2026-03-16 09:30:00+05:30 — Late",
    );
}

#[test]
fn a_period_across_the_st_johns_dst_change_keeps_the_local_time() {
    // Newfoundland moves from −03:30 to −02:30 on Sunday 8 March 2026.
    let cal = calendar("America/St_Johns", &[], &[]);
    check(
        &cal,
        daily(9, 0),
        "2026-03-07T15:00:00Z",
        "2026-03-06 opens 2026-03-06 09:00:00-03:30 due 2026-03-06 17:00:00-03:30 remind 2026-03-06 15:24:00-03:30 closes 2026-03-09 09:00:00-02:30 — Late",
    );
    check(
        &cal,
        daily(9, 0),
        "2026-03-09T11:30:00.000001Z",
        "2026-03-09 opens 2026-03-09 09:00:00-02:30 due 2026-03-09 17:00:00-02:30 remind 2026-03-09 15:24:00-02:30 closes 2026-03-10 09:00:00-02:30 — OnTime",
    );
}

#[test]
fn a_prompt_in_a_dst_gap_moves_forward_and_a_night_shift_is_due_next_morning() {
    // Berlin springs forward at 02:00 on Sunday 29 March 2026: 02:30 does not exist.
    let sundays: [&[&str]; 7] = [&[], &[], &[], &[], &[], &[], &["01:00-10:00"]];
    let cal = calendar_with("Europe/Berlin", sundays, &[], &[]);
    check(
        &cal,
        weekly(Weekday::Sunday, 2, 30),
        "2026-03-29T08:00:00.000001Z",
        "2026-03-29 opens 2026-03-29 03:30:00+02:00 due 2026-03-29 10:00:00+02:00 remind 2026-03-29 08:42:00+02:00 closes 2026-04-05 02:30:00+02:00 — Late",
    );
    let nights: [&[&str]; 7] = [&["22:00-06:00"]; 7];
    let cal = calendar_with("Asia/Kolkata", nights, &[], &[]);
    check(
        &cal,
        daily(22, 0),
        "2026-03-10T17:00:00Z",
        "2026-03-10 opens 2026-03-10 22:00:00+05:30 due 2026-03-11 06:00:00+05:30 remind 2026-03-11 04:24:00+05:30 closes 2026-03-11 22:00:00+05:30 — OnTime",
    );
}

#[test]
fn holidays_and_time_off_have_no_prompts() {
    let holiday = date(2026, 3, 11);
    let off = (date(2026, 3, 16), date(2026, 3, 20));
    let cal = calendar("Europe/Berlin", &[holiday], &[off]);
    // Tuesday's period runs over the Wednesday holiday to Thursday.
    check(
        &cal,
        daily(9, 0),
        "2026-03-11T12:00:00Z",
        "2026-03-10 opens 2026-03-10 09:00:00+01:00 due 2026-03-10 17:00:00+01:00 remind 2026-03-10 15:24:00+01:00 closes 2026-03-12 09:00:00+01:00 — Late",
    );
    // Friday's period runs over a week of time off.
    check(
        &cal,
        daily(9, 0),
        "2026-03-18T12:00:00Z",
        "2026-03-13 opens 2026-03-13 09:00:00+01:00 due 2026-03-13 17:00:00+01:00 remind 2026-03-13 15:24:00+01:00 closes 2026-03-23 09:00:00+01:00 — Late",
    );
}

#[test]
fn a_weekly_check_in_moves_past_a_holiday_and_skips_a_week_off() {
    let monday_holiday = date(2026, 3, 9);
    let week_off = (date(2026, 3, 16), date(2026, 3, 22));
    let cal = calendar("Europe/Berlin", &[monday_holiday], &[week_off]);
    let s = weekly(Weekday::Monday, 10, 0);
    check(
        &cal,
        s,
        "2026-03-12T12:00:00Z",
        "2026-03-10 opens 2026-03-10 10:00:00+01:00 due 2026-03-10 17:00:00+01:00 remind 2026-03-10 15:36:00+01:00 closes 2026-03-23 10:00:00+01:00 — Late",
    );
    // Before Tuesday's prompt, the period is the week before's (Monday 2 March).
    check(
        &cal,
        s,
        "2026-03-10T08:59:59.734512Z",
        "2026-03-02 opens 2026-03-02 10:00:00+01:00 due 2026-03-02 17:00:00+01:00 remind 2026-03-02 15:36:00+01:00 closes 2026-03-10 10:00:00+01:00 — Late",
    );
}

#[test]
fn a_prompt_after_the_working_day_is_due_at_local_midnight() {
    let cal = calendar("Asia/Kolkata", &[], &[]);
    check(
        &cal,
        daily(18, 0),
        "2026-03-10T13:00:00Z",
        "2026-03-10 opens 2026-03-10 18:00:00+05:30 due 2026-03-11 00:00:00+05:30 remind 2026-03-10 22:48:00+05:30 closes 2026-03-11 18:00:00+05:30 — OnTime",
    );
}

#[test]
fn prompts_before_the_schedule_was_saved_do_not_count() {
    let cal = calendar("Europe/Berlin", &[], &[]);
    let saved = at("2026-03-10T09:30:00.25Z");
    let s = Schedule::new(Cadence::Daily, Time::constant(9, 0, 0, 0), saved);
    check(&cal, s, "2026-03-10T12:00:00Z", "none");
    assert_eq!(s.next_prompt(&cal, saved), Some(at("2026-03-11T08:00:00Z")));
    assert_eq!(s.period_on(&cal, date(2026, 3, 10)), None);
    assert_eq!(
        s.period_on(&cal, date(2026, 3, 11)).map(|p| p.opens_at),
        Some(at("2026-03-11T08:00:00Z"))
    );
}

#[test]
fn only_real_prompts_are_prompts() {
    let cal = calendar("America/St_Johns", &[date(2026, 3, 11)], &[]);
    let s = daily(9, 0);
    for (instant, expect) in [
        ("2026-03-10T11:30:00Z", true),
        ("2026-03-10T11:30:00.000001Z", false),
        ("2026-03-11T11:30:00Z", false), // a holiday
        ("2026-03-14T11:30:00Z", false), // a Saturday
        ("2026-03-12T11:30:00Z", true),
    ] {
        assert_eq!(s.is_prompt(&cal, at(instant)), expect, "{instant}");
    }
}

#[test]
fn standing_moves_from_upcoming_to_closed() {
    let cal = calendar("Asia/Kolkata", &[], &[]);
    let p = daily(9, 30).period_on(&cal, date(2026, 3, 10)).unwrap();
    for (instant, expect) in [
        ("2026-03-10T03:59:59.999999Z", Standing::Upcoming),
        ("2026-03-10T04:00:00Z", Standing::OnTime),
        ("2026-03-10T11:30:00Z", Standing::OnTime),
        ("2026-03-10T11:30:00.000001Z", Standing::Late),
        ("2026-03-11T03:59:59.999999Z", Standing::Late),
        ("2026-03-11T04:00:00Z", Standing::Closed),
    ] {
        assert_eq!(p.standing(at(instant)), expect, "{instant}");
    }
}

#[test]
fn the_blocker_state_machine_allows_only_resolving_an_open_blocker() {
    use BlockerAction::{Unblock, WontFix};
    use BlockerState::{Open, Unblocked, WontFix as Wont};
    for (from, action, expect) in [
        (Open, Unblock, Ok(Unblocked)),
        (Open, WontFix, Ok(Wont)),
        (
            Unblocked,
            Unblock,
            Err(
                "cannot unblock a blocker that is unblocked: it is resolved, and only an open blocker can be unblocked or marked won't fix",
            ),
        ),
        (
            Unblocked,
            WontFix,
            Err(
                "cannot mark as won't fix a blocker that is unblocked: it is resolved, and only an open blocker can be unblocked or marked won't fix",
            ),
        ),
        (
            Wont,
            Unblock,
            Err(
                "cannot unblock a blocker that is won't fix: it is resolved, and only an open blocker can be unblocked or marked won't fix",
            ),
        ),
    ] {
        let got = from.apply(action).map_err(|e| e.to_string());
        assert_eq!(got, expect.map_err(str::to_owned), "{from:?} {action:?}");
    }
    for raw in ["unblocked", "Unblock", "won't fix", "wont_fix", "wontfix"] {
        assert!(BlockerAction::parse(raw).is_ok(), "{raw}");
    }
    assert!(BlockerAction::parse("reopen").is_err());
    for state in BlockerState::ALL {
        assert_eq!(BlockerState::parse(state.as_str()), Ok(state));
    }
}

#[test]
fn escalation_steps_and_resolution_time_run_in_the_owners_business_hours() {
    let cal = calendar("America/St_Johns", &[], &[]);
    // Tuesday 16:00 NDT; 24 business hours of 09:00–17:00 end on Friday 16:00.
    let opened = at("2026-03-10T18:30:00.123456Z");
    let local = |t: Timestamp| {
        t.to_zoned(cal.time_zone().clone())
            .strftime("%a %F %T")
            .to_string()
    };
    let step = |n| escalation_at(&cal, opened, DEFAULT_ESCALATION, n).map(local);
    assert_eq!(step(0).as_deref(), Some("Fri 2026-03-13 16:00:00"));
    assert_eq!(step(1).as_deref(), Some("Wed 2026-03-18 16:00:00"));
    let short = SignedDuration::from_hours(2);
    assert_eq!(
        escalation_at(&cal, opened, short, 0).map(local).as_deref(),
        Some("Wed 2026-03-11 10:00:00")
    );
    // Resolved on Monday 10:00: one hour on Tuesday, 24 on Wed–Fri, one on Monday.
    let resolved = at("2026-03-16T12:30:00Z");
    assert_eq!(
        resolution_time(&cal, opened, resolved),
        SignedDuration::from_hours(26)
    );
}

fn check_blocker(raw: &str, expect: Result<(&str, &str), &str>) {
    let got = parse_blocker(raw)
        .map(|b| (b.text, b.owner.as_str().to_owned()))
        .map_err(|e| e.to_string());
    let expect = expect
        .map(|(t, h)| (t.to_owned(), h.to_owned()))
        .map_err(str::to_owned);
    assert_eq!(got, expect, "{raw:?}");
}

#[test]
fn blockers_are_written_text_then_owner() {
    check_blocker(
        "Waiting on the DB migration @Ops-Ann",
        Ok(("Waiting on the DB migration", "ops-ann")),
    );
    check_blocker("  spaced   out  @bo ", Ok(("spaced   out", "bo")));
    check_blocker(
        "no owner here",
        Err(
            "blocker \"no owner here\" must end with the @handle of who can unblock it, as in \"Waiting for the staging DB @ann\"",
        ),
    );
    check_blocker(
        "@bo",
        Err(
            "blocker \"@bo\" must end with the @handle of who can unblock it, as in \"Waiting for the staging DB @ann\"",
        ),
    );
    check_blocker(
        "nul \u{0} inside @bo",
        Err(
            "the blocker contains a NUL character (U+0000) at character 5; remove it and try again",
        ),
    );
    let long = format!("{} @bo", "x".repeat(501));
    check_blocker(&long, Err("blocker can be at most 500 characters"));
    check_blocker(
        "text @b!",
        Err(
            "blocker: handle \"@b!\" may only use letters, digits, '-' and '_', and must start with a letter or digit",
        ),
    );
}

#[test]
fn help_is_written_owner_then_question() {
    let got = parse_help("@Bo Which region do we fail over to?").unwrap();
    assert_eq!(
        (got.to.as_str(), got.question.as_str()),
        ("bo", "Which region do we fail over to?")
    );
    assert!(parse_help("Which region? @bo").is_err());
    assert!(parse_help("@bo").is_err());
    let long = format!("@bo {}", "q".repeat(201));
    assert_eq!(
        parse_help(&long).unwrap_err().to_string(),
        "the question can be at most 200 characters"
    );
}

#[test]
fn an_answer_must_say_something_within_its_limits() {
    let ok = |done: &str, next: &str, note: &str, b, h| {
        check_fields([("done", done), ("next", next), ("note", note)], b, h)
            .map_err(|e| e.to_string())
    };
    assert_eq!(ok("Shipped", "", "", 0, 0), Ok(()));
    assert_eq!(ok("", "", "", 1, 0), Ok(()));
    assert_eq!(
        ok("  ", "\n", "a note alone", 0, 0),
        Err("the check-in is empty: say what you did, what is next, or what blocks you".into())
    );
    assert_eq!(
        ok(&"d".repeat(4001), "", "", 0, 0),
        Err("\"done\" can be at most 4000 characters".into())
    );
    assert_eq!(
        ok("a\u{0}b", "", "", 0, 0),
        Err(
            "the done contains a NUL character (U+0000) at character 2; remove it and try again"
                .into()
        )
    );
    assert_eq!(
        ok("d", "", "", 21, 0),
        Err("a check-in can hold at most 20 blockers".into())
    );
}
