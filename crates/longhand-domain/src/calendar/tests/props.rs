//! Property tests: the engine's laws (`add` and `between` are inverse, monotone and
//! additive), and agreement with a slow reference that asks jiff for every range boundary
//! and merges the intervals, so the engine's cached-offset fast path is checked against
//! jiff near every kind of transition.

use jiff::civil::{Date, time};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

use super::*;
use crate::calendar::zone::{date_of_day, day_number};
use crate::calendar::{BusinessCalendar, TeamCalendar};

/// Calendars chosen to put DST changes, odd offsets, breaks, night shifts and holidays in
/// the way of random walks.
fn calendars() -> Vec<Calendar> {
    let easter = ["2026-04-03", "2026-04-06", "2027-03-26", "2027-03-29"];
    vec![
        calendar(
            "Europe/Berlin",
            &["Mon-Fri 09:00-12:00 13:00-17:00"],
            &easter,
        ),
        calendar("America/New_York", &["Daily 01:00-04:00"], &[]),
        calendar(
            "Australia/Lord_Howe",
            &["Daily 01:00-03:00 08:00-12:00"],
            &[],
        ),
        calendar(
            "Pacific/Chatham",
            &["Mon-Sat 02:00-05:00 22:00-01:00"],
            &["2026-09-28"],
        ),
        calendar_with(
            "Asia/Kathmandu",
            &["Sun-Sun 10:00-18:00", "Mon-Thu 10:00-18:00"],
            &[],
            &["2026-05-04..2026-05-10", "2027-01-01..2027-01-03"],
        ),
        calendar("Europe/Berlin", &["Mon-Fri 22:00-06:00"], &easter),
        calendar("Europe/Berlin", &["Daily 02:00-02:30 03:00-03:45"], &[]),
        calendar("Asia/Kolkata", &["Mon-Fri 09:30-13:00 14:00-18:30"], &[]),
    ]
}

/// 2025-06-01T00:00Z to 2028-06-01T00:00Z.
const FIRST: i64 = 1_748_736_000;
const LAST: i64 = 1_843_430_400;

/// A start instant: uniformly in three years, or within four days of a DST transition of
/// the calendar's zone, where bugs live.
fn start_for(
    cal: &Calendar,
    near_transition: bool,
    pick: u32,
    uniform: i64,
    nudge: i64,
) -> Timestamp {
    if near_transition {
        let from = Timestamp::from_second(FIRST).expect("instant");
        let transitions: Vec<i64> = cal
            .time_zone()
            .following(from)
            .take(6)
            .map(|t| t.timestamp().as_second())
            .collect();
        if !transitions.is_empty() {
            let base = transitions[pick as usize % transitions.len()];
            return Timestamp::from_second(base + nudge).expect("instant");
        }
    }
    Timestamp::from_second(uniform).expect("instant")
}

/// The merged working intervals of the dates `from..=to`, each boundary converted by jiff
/// with its default (compatible) disambiguation.
fn reference_intervals(cal: &Calendar, from: Date, to: Date) -> Vec<(i64, i64)> {
    let mut intervals = Vec::new();
    let mut day = from;
    while day <= to {
        if !cal.holidays().any(|h| h == day) && !cal.time_off().iter().any(|r| r.contains(day)) {
            for range in cal.hours().day(day.weekday()) {
                let end_date = if range.end() <= range.start() {
                    day.tomorrow().expect("date")
                } else {
                    day
                };
                let start = day
                    .to_datetime(range.start())
                    .to_zoned(cal.time_zone().clone());
                let end = end_date
                    .to_datetime(range.end())
                    .to_zoned(cal.time_zone().clone());
                let (start, end) = (
                    start.expect("zoned").timestamp(),
                    end.expect("zoned").timestamp(),
                );
                intervals.push((start.as_second(), end.as_second()));
            }
        }
        day = day.tomorrow().expect("date");
    }
    merge(intervals)
}

fn merge(mut intervals: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    intervals.sort();
    let mut merged: Vec<(i64, i64)> = Vec::new();
    for (start, end) in intervals.into_iter().filter(|(s, e)| s < e) {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

fn local_date(cal: &Calendar, t: Timestamp) -> Date {
    t.to_zoned(cal.time_zone().clone()).date()
}

fn reference_between(cal: &Calendar, a: Timestamp, b: Timestamp) -> i64 {
    let from = local_date(cal, a)
        .checked_sub(jiff::Span::new().days(2))
        .expect("date");
    let to = local_date(cal, b).tomorrow().expect("date");
    let (a, b) = (a.as_second(), b.as_second());
    reference_intervals(cal, from, to)
        .iter()
        .map(|&(s, e)| (e.min(b) - s.max(a)).max(0))
        .sum()
}

fn reference_add(cal: &Calendar, a: Timestamp, seconds: i64) -> Option<i64> {
    let from = local_date(cal, a)
        .checked_sub(jiff::Span::new().days(2))
        .expect("date");
    let to = from.checked_add(jiff::Span::new().days(400)).expect("date");
    let mut remaining = seconds;
    for (start, end) in reference_intervals(cal, from, to) {
        let start = start.max(a.as_second());
        if start >= end {
            continue;
        }
        if remaining <= end - start {
            return Some(start + remaining);
        }
        remaining -= end - start;
    }
    None
}

fn working(seconds: i64) -> BusinessDuration {
    BusinessDuration::Working(SignedDuration::from_secs(seconds))
}

/// Up to 200 business hours, in whole seconds.
fn duration_seconds() -> impl Strategy<Value = i64> {
    prop_oneof![0i64..=200 * 3600, (0i64..=200).prop_map(|h| h * 1800)]
}

prop_compose! {
    fn case()(
        index in 0usize..8,
        near_transition in any::<bool>(),
        pick in any::<u32>(),
        uniform in FIRST..LAST,
        nudge in -4 * 86_400i64..4 * 86_400,
    ) -> (usize, bool, u32, i64, i64) {
        (index, near_transition, pick, uniform, nudge)
    }
}

fn setup(
    (index, near, pick, uniform, nudge): (usize, bool, u32, i64, i64),
) -> (Calendar, Timestamp) {
    let cal = calendars().swap_remove(index);
    let start = start_for(&cal, near, pick, uniform, nudge);
    (cal, start)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn add_matches_the_reference_and_between_inverts_it(c in case(), d in duration_seconds()) {
        let (cal, a) = setup(c);
        let due = cal.add(a, working(d)).expect("due");
        prop_assert_eq!(Some(due.as_second()), reference_add(&cal, a, d));
        prop_assert_eq!(cal.between(a, due), SignedDuration::from_secs(d));
    }

    #[test]
    fn between_matches_the_reference(c in case(), span in -10 * 86_400i64..10 * 86_400) {
        let (cal, a) = setup(c);
        let b = a + SignedDuration::from_secs(span);
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let expect = reference_between(&cal, lo, hi) * span.signum();
        prop_assert_eq!(cal.between(a, b).as_secs(), expect);
    }

    #[test]
    fn add_is_monotone_in_the_duration(c in case(), d1 in duration_seconds(), d2 in duration_seconds()) {
        let (cal, a) = setup(c);
        let (short, long) = (d1.min(d2), d1.max(d2));
        prop_assert!(cal.add(a, working(short)).expect("due") <= cal.add(a, working(long)).expect("due"));
    }

    #[test]
    fn add_is_monotone_in_the_start(c in case(), later in 0i64..5 * 86_400, d in duration_seconds()) {
        let (cal, a) = setup(c);
        let b = a + SignedDuration::from_secs(later);
        prop_assert!(cal.add(a, working(d)).expect("due") <= cal.add(b, working(d)).expect("due"));
    }

    /// Additivity needs `d2 > 0`: a first step that ends exactly at the end of a working
    /// period stays there, and adding zero from there moves to the next period's start.
    #[test]
    fn add_is_additive(c in case(), d1 in duration_seconds(), d2 in 1i64..100 * 3600) {
        let (cal, a) = setup(c);
        let stepwise = cal.add(cal.add(a, working(d1)).expect("due"), working(d2)).expect("due");
        prop_assert_eq!(stepwise, cal.add(a, working(d1 + d2)).expect("due"));
    }

    #[test]
    fn between_is_additive_across_any_midpoint(c in case(), x in -5 * 86_400i64..5 * 86_400, y in -5 * 86_400i64..5 * 86_400) {
        let (cal, a) = setup(c);
        let (b, c) = (a + SignedDuration::from_secs(x), a + SignedDuration::from_secs(y));
        prop_assert_eq!(cal.between(a, c), cal.between(a, b) + cal.between(b, c));
    }

    #[test]
    fn availability_agrees_with_between(c in case()) {
        let (cal, t) = setup(c);
        let one_second = cal.between(t, t + SignedDuration::from_secs(1));
        prop_assert_eq!(cal.availability_at(t).is_working(), one_second.as_secs() == 1, "{}", t);
    }

    #[test]
    fn business_days_are_monotone(c in case(), later in 0i64..3 * 86_400, n in 0u32..8) {
        let (cal, a) = setup(c);
        let b = a + SignedDuration::from_secs(later);
        let days = |start, n| cal.add(start, BusinessDuration::Days(n)).expect("due");
        prop_assert!(days(a, n) >= a);
        prop_assert!(days(a, n) <= days(b, n));
        prop_assert!(days(a, n) < days(a, n + 1));
        // A day moves the due time by at most one working day (the longest is under 24h).
        prop_assert!(cal.between(days(a, n), days(a, n + 1)) <= SignedDuration::from_hours(24));
    }

    /// Business days agree only without night shifts: a team day is a date of the day zone,
    /// so a team splits a member's "22:00-06:00" shift into two days.
    #[test]
    fn a_team_of_one_agrees_with_its_member(c in case(), d in duration_seconds(), n in 0u32..5) {
        let night_shifts = [3, 5].contains(&c.0);
        let (cal, a) = setup(c);
        let team = TeamCalendar::union(vec![cal.clone()], cal.time_zone().clone()).expect("team");
        prop_assert_eq!(team.add(a, working(d)), cal.add(a, working(d)));
        if !night_shifts {
            prop_assert_eq!(team.add(a, BusinessDuration::Days(n)), cal.add(a, BusinessDuration::Days(n)));
        }
        let b = a + SignedDuration::from_secs(d * 3);
        prop_assert_eq!(BusinessCalendar::between(&team, a, b), cal.between(a, b));
    }

    #[test]
    fn union_covers_and_intersection_is_covered(c in case(), other in 0usize..8, span in 0i64..10 * 86_400) {
        let (cal, a) = setup(c);
        let second = calendars().swap_remove(other);
        let b = a + SignedDuration::from_secs(span);
        let members = vec![cal.clone(), second.clone()];
        let any = TeamCalendar::union(members.clone(), cal.time_zone().clone()).expect("team");
        let all = TeamCalendar::intersection(members, cal.time_zone().clone()).expect("team");
        let (one, two) = (cal.between(a, b), second.between(a, b));
        // Inclusion–exclusion: |A ∪ B| + |A ∩ B| = |A| + |B|.
        prop_assert_eq!(any.between(a, b) + all.between(a, b), one + two);
        prop_assert!(all.between(a, b) <= one.min(two));
    }

    #[test]
    fn next_reachable_instant_is_working_and_unfocused(c in case(), focus_start in 0i8..12) {
        let (cal, a) = setup(c);
        let every_day = jiff::civil::Weekday::Monday.cycle_forward().take(7).collect();
        let block = FocusBlock::new(every_day, time(focus_start, 15, 0, 0), time(focus_start + 2, 0, 0, 0));
        let focused = Calendar::new(
            cal.time_zone().clone(),
            cal.hours().clone(),
            cal.holidays().collect(),
            cal.time_off().to_vec(),
            vec![block.expect("block")],
        )
        .expect("calendar");
        if let Some(r) = focused.next_reachable_instant(a) {
            prop_assert!(r >= a);
            prop_assert_eq!(focused.availability_at(r), crate::calendar::Availability::Working, "{}", r);
        }
    }

    #[test]
    fn day_numbers_agree_with_jiff(days in -700_000i32..2_900_000) {
        let epoch = jiff::civil::date(1970, 1, 1);
        let Some(date) = date_of_day(days) else {
            return Ok(());
        };
        prop_assert_eq!(day_number(date), days);
        prop_assert_eq!(epoch.until(date).expect("span").get_days(), days);
        prop_assert_eq!(date.to_datetime(time(0, 0, 0, 0)).date(), date);
    }
}
