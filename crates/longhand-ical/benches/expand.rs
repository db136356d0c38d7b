//! Benchmarks: parsing and expanding a synthetic organisation's calendar for a year, and the
//! bare recurrence engine. Run with `cargo bench -p longhand-ical`.
//!
//! `benches/compare_python.sh` runs the same input through Python's icalendar +
//! recurring_ical_events for the speed comparison.

mod org;

use divan::Bencher;
use jiff::Timestamp;

fn main() {
    divan::main();
}

fn year() -> (Timestamp, Timestamp) {
    let at = |s: &str| s.parse::<Timestamp>().unwrap_or(Timestamp::UNIX_EPOCH);
    (at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"))
}

#[divan::bench(args = [10, 100])]
fn parse_org(bencher: Bencher, people: usize) {
    let text = org::org_calendar(people);
    bencher.bench(|| longhand_ical::parse(divan::black_box(&text)).map(|c| c.series.len()));
}

#[divan::bench(args = [10, 100])]
fn expand_org_year(bencher: Bencher, people: usize) {
    let cal = longhand_ical::parse(&org::org_calendar(people)).unwrap_or_default();
    let (from, to) = year();
    bencher.bench(|| cal.expand(from, to).occurrences.len());
}

#[divan::bench(args = [10, 100])]
fn parse_expand_write_org_year(bencher: Bencher, people: usize) {
    let text = org::org_calendar(people);
    let (from, to) = year();
    bencher.bench(|| {
        let cal = longhand_ical::parse(&text).unwrap_or_default();
        let mut out = Vec::with_capacity(1 << 20);
        let _ = longhand_ical::write_jsonl(&mut out, &cal.expand(from, to).occurrences);
        out.len()
    });
}

#[divan::bench]
fn rule_daily_ten_years() -> usize {
    let rule = longhand_ical::Rule::parse("FREQ=DAILY;COUNT=3650")
        .unwrap_or_else(|_| longhand_ical::Rule::new(longhand_ical::Frequency::Daily));
    let start = longhand_ical::Moment::Local(jiff::civil::date(2026, 1, 1).at(9, 0, 0, 0));
    rule.instances(divan::black_box(start)).count()
}

#[divan::bench]
fn rule_monthly_setpos_ten_years() -> usize {
    let rule =
        longhand_ical::Rule::parse("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=120")
            .unwrap_or_else(|_| longhand_ical::Rule::new(longhand_ical::Frequency::Monthly));
    let start = longhand_ical::Moment::Local(jiff::civil::date(2026, 1, 1).at(9, 0, 0, 0));
    rule.instances(divan::black_box(start)).count()
}

/// Calendars that spend one file's whole step budget over 2026, which bounds an expansion's
/// time: every minute of every Monday since 2000 (COUNT cannot skip ahead), and a zoned daily
/// series that a THISANDFUTURE override moves back from the year 9999, so that every day in
/// between is walked.
const BUDGET_SPENDERS: [&str; 2] = [
    "BEGIN:VEVENT\nUID:slow\nDTSTART:20000103T000000Z\nRRULE:FREQ=MINUTELY;BYDAY=MO;COUNT=100000000\nEND:VEVENT",
    "BEGIN:VEVENT\nUID:far\nDTSTART;TZID=Europe/Berlin:20260105T090000\nDURATION:PT50M\nRRULE:FREQ=DAILY\nEND:VEVENT\n\
     BEGIN:VEVENT\nUID:far\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:99990105T090000\n\
     DTSTART;TZID=Europe/Berlin:20260601T090000\nDURATION:PT50M\nEND:VEVENT",
];

#[divan::bench(args = [0, 1])]
fn spend_one_files_step_budget(bencher: Bencher, which: usize) {
    let text = format!(
        "BEGIN:VCALENDAR\n{}\nEND:VCALENDAR\n",
        BUDGET_SPENDERS[which]
    );
    let cal = longhand_ical::parse(&text).unwrap_or_default();
    let (from, to) = year();
    bencher.bench(|| cal.expand(from, to).steps);
}
