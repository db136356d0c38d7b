//! Throughput of the business calendar (DESIGN.md §4: at least 1M due-time computations per
//! second on one core). Run with `cargo bench -p longhand-domain --bench calendar`.
//!
//! The typical calendar: Europe/Berlin (a DST zone), Monday–Friday split day, a few
//! holidays; starts spread over a year (so some walks cross DST changes and holidays);
//! durations between 4 business hours and 3 business days.

use divan::Bencher;
use jiff::civil::date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use longhand_domain::calendar::{BusinessDuration, Calendar, TeamCalendar, TimeRange, WeeklyHours};

fn main() {
    divan::main();
}

fn typical_calendar() -> Calendar {
    let day = || vec![range("09:00-12:30"), range("13:30-17:30")];
    let hours =
        WeeklyHours::new([day(), day(), day(), day(), day(), vec![], vec![]]).expect("hours");
    let holidays = [
        (1, 1),
        (4, 3),
        (4, 6),
        (5, 1),
        (5, 14),
        (5, 25),
        (10, 3),
        (12, 25),
        (12, 26),
    ];
    let holidays = holidays.iter().map(|&(m, d)| date(2026, m, d)).collect();
    let tz = TimeZone::get("Europe/Berlin").expect("zone");
    Calendar::new(tz, hours, holidays, vec![], vec![]).expect("calendar")
}

fn range(s: &str) -> TimeRange {
    TimeRange::parse(s).expect("range")
}

/// 1024 starts spread over 2026 at odd minutes, with durations cycling 4h, 8h, 1d, 24h, 3d.
fn inputs() -> Vec<(Timestamp, BusinessDuration)> {
    let first = date(2026, 1, 1)
        .at(0, 0, 0, 0)
        .in_tz("Europe/Berlin")
        .expect("start")
        .timestamp();
    let durations = [
        BusinessDuration::Working(SignedDuration::from_hours(4)),
        BusinessDuration::Working(SignedDuration::from_hours(8)),
        BusinessDuration::Days(1),
        BusinessDuration::Working(SignedDuration::from_hours(24)),
        BusinessDuration::Days(3),
    ];
    (0..1024)
        .map(|i| {
            let start = first + SignedDuration::from_secs(i64::from(i) * 30_817);
            (start, durations[i as usize % durations.len()])
        })
        .collect()
}

/// One `add` per iteration, over the 1024 inputs in turn.
#[divan::bench]
fn add(bencher: Bencher) {
    let calendar = typical_calendar();
    let inputs = inputs();
    let mut i = 0;
    bencher.bench_local(|| {
        i = (i + 1) % inputs.len();
        let (start, business) = inputs[i];
        calendar.add(divan::black_box(start), divan::black_box(business))
    });
}

/// One `between` over a week per iteration.
#[divan::bench]
fn between_a_week(bencher: Bencher) {
    let calendar = typical_calendar();
    let inputs = inputs();
    let mut i = 0;
    bencher.bench_local(|| {
        i = (i + 1) % inputs.len();
        let start = inputs[i].0;
        calendar.between(
            divan::black_box(start),
            start + SignedDuration::from_hours(24 * 7),
        )
    });
}

/// A whole sweep: 1024 `add`s, so the per-add figure is the time divided by 1024.
#[divan::bench]
fn sweep_1024_adds(bencher: Bencher) {
    let calendar = typical_calendar();
    let inputs = inputs();
    bencher
        .counter(divan::counter::ItemsCount::new(inputs.len()))
        .bench_local(|| {
            inputs
                .iter()
                .map(|&(start, business)| calendar.add(start, business).is_ok() as usize)
                .sum::<usize>()
        });
}

/// One `add` on a union of three members in Berlin, New York and Kolkata.
#[divan::bench]
fn team_union_add(bencher: Bencher) {
    let member = |zone: &str| {
        let tz = TimeZone::get(zone).expect("zone");
        Calendar::new(tz, WeeklyHours::standard(), vec![], vec![], vec![]).expect("calendar")
    };
    let members = vec![
        member("Europe/Berlin"),
        member("America/New_York"),
        member("Asia/Kolkata"),
    ];
    let team =
        TeamCalendar::union(members, TimeZone::get("Europe/Berlin").expect("zone")).expect("team");
    let inputs = inputs();
    let mut i = 0;
    bencher.bench_local(|| {
        i = (i + 1) % inputs.len();
        let (start, business) = inputs[i];
        team.add(divan::black_box(start), divan::black_box(business))
    });
}
