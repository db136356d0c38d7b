//! Hand-checked audits. Each person case states the member's hours, the meetings and the
//! expected load as one line, so every figure can be checked with a pencil:
//! "meetings N, busy Bm, person Pm, outside K/Om, working Wm, blocks F, long days L, deep Dm".

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::calendar::{TimeRange, WeeklyHours};

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap_or_else(|e| panic!("instant {s}: {e}"))
}

/// Monday–Friday `ranges` in `zone`.
fn calendar(zone: &str, ranges: &[&str]) -> Calendar {
    let day: Vec<TimeRange> = ranges
        .iter()
        .map(|r| TimeRange::parse(r).unwrap())
        .collect();
    let mut days: [Vec<TimeRange>; 7] = Default::default();
    for slot in days.iter_mut().take(5) {
        *slot = day.clone();
    }
    let zone = jiff::tz::TimeZone::get(zone).unwrap();
    Calendar::new(
        zone,
        WeeklyHours::new(days).unwrap(),
        vec![],
        vec![],
        vec![],
    )
    .unwrap()
}

fn member(email: &str, calendar: Calendar, teams: &[&str]) -> Member {
    Member {
        email: email.to_owned(),
        name: email.to_uppercase(),
        calendar,
        teams: teams.iter().map(|t| (*t).to_owned()).collect(),
    }
}

/// A one-off meeting "START/END" (RFC 3339 instants) with `who`.
fn meeting(title: &str, when: &str, who: &[&str]) -> Meeting {
    let (start, end) = when.split_once('/').unwrap();
    Meeting {
        series: title.into(),
        uid: title.into(),
        title: title.into(),
        start: ts(start),
        end: ts(end),
        attendees: who.iter().map(|w| Shared::from(*w)).collect(),
        organizer: None,
        all_day: false,
        recurring: false,
        ..Meeting::default()
    }
}

fn minutes(d: SignedDuration) -> i64 {
    d.as_secs() / 60
}

fn summary(load: &Load) -> String {
    format!(
        "meetings {}, busy {}m, person {}m, outside {}/{}m, working {}m, blocks {}, long days {}, deep {}m",
        load.meetings,
        minutes(load.meeting_time),
        minutes(load.person_time),
        load.outside_hours_meetings,
        minutes(load.outside_hours_time),
        minutes(load.working_time),
        load.focus_blocks,
        load.long_block_days,
        minutes(load.deep_work),
    )
}

fn run(window: (&str, &str), members: &[Member], meetings: &[Meeting]) -> Audit {
    run_with(window, members, meetings, &BTreeMap::new())
}

fn run_with(
    window: (&str, &str),
    members: &[Member],
    meetings: &[Meeting],
    overrides: &BTreeMap<String, Purpose>,
) -> Audit {
    let window = Window::new(ts(window.0), ts(window.1)).unwrap();
    audit(&AuditInput {
        window,
        members,
        meetings,
        overrides,
        shared_tenure: &BTreeMap::new(),
        written_together: &std::collections::BTreeSet::new(),
        groups: &Groups::new(),
    })
}

/// One member `a`, the window, their meetings (each "START/END"), the expected summary.
fn check(zone: &str, hours: &[&str], window: (&str, &str), meetings: &[&str], expect: &str) {
    let members = [member("a", calendar(zone, hours), &[])];
    let meetings: Vec<Meeting> = meetings
        .iter()
        .enumerate()
        .map(|(i, when)| meeting(&format!("m{i}"), when, &["a", "outsider"]))
        .collect();
    let audit = run(window, &members, &meetings);
    assert_eq!(summary(&audit.people[0].load), expect, "{meetings:?}");
}

/// Monday 2026-03-02 to Monday 2026-03-09, UTC.
const WEEK: (&str, &str) = ("2026-03-02T00:00:00Z", "2026-03-09T00:00:00Z");
const NINE_TO_FIVE: &[&str] = &["09:00-17:00"];

#[test]
fn an_empty_week_is_all_focus() {
    // Five 8-hour days, each one free stretch: 5 blocks, 5 long days, 2400 minutes deep.
    check(
        "UTC",
        NINE_TO_FIVE,
        WEEK,
        &[],
        "meetings 0, busy 0m, person 0m, outside 0/0m, working 2400m, blocks 5, long days 5, deep 2400m",
    );
}

#[test]
fn overlapping_meetings_count_once_for_busy_time() {
    // 10:00–11:00 and 10:30–11:30 on Monday: busy 90m, person 120m. Monday keeps
    // 09:00–10:00 (60m, too short) and 11:30–17:00 (330m): deep 330 + 4 × 480.
    check(
        "UTC",
        NINE_TO_FIVE,
        WEEK,
        &[
            "2026-03-02T10:00:00Z/2026-03-02T11:00:00Z",
            "2026-03-02T10:30:00Z/2026-03-02T11:30:00Z",
        ],
        "meetings 2, busy 90m, person 120m, outside 0/0m, working 2400m, blocks 5, long days 5, deep 2250m",
    );
}

#[test]
fn meetings_outside_working_hours() {
    // Tuesday 08:00–09:30 is half outside (60m); Wednesday 18:00–19:00 wholly (60m); a
    // Sunday-night meeting is cut at the window's end (30m, outside). Tuesday keeps
    // 09:30–17:00 (450m): deep 2400 − 30.
    check(
        "UTC",
        NINE_TO_FIVE,
        WEEK,
        &[
            "2026-03-03T08:00:00Z/2026-03-03T09:30:00Z",
            "2026-03-04T18:00:00Z/2026-03-04T19:00:00Z",
            "2026-03-08T23:30:00Z/2026-03-09T00:30:00Z",
        ],
        "meetings 3, busy 180m, person 180m, outside 3/150m, working 2400m, blocks 5, long days 5, deep 2370m",
    );
}

#[test]
fn a_fragmented_day() {
    // Thursday: four half hours at 10:30, 12:30, 14:30 and 16:00 leave 90, 90, 90, 60 and 30
    // free minutes: three blocks and no long block. The other four days: one 480m block each.
    check(
        "UTC",
        NINE_TO_FIVE,
        WEEK,
        &[
            "2026-03-05T10:30:00Z/2026-03-05T11:00:00Z",
            "2026-03-05T12:30:00Z/2026-03-05T13:00:00Z",
            "2026-03-05T14:30:00Z/2026-03-05T15:00:00Z",
            "2026-03-05T16:00:00Z/2026-03-05T16:30:00Z",
        ],
        "meetings 4, busy 120m, person 120m, outside 0/0m, working 2400m, blocks 7, long days 4, deep 2190m",
    );
}

#[test]
fn a_split_working_day() {
    // 09:00–12:00 and 13:00–17:00: 420m a day. A lunch meeting (12:00–13:00) is outside
    // hours; Monday 13:00–14:00 leaves 14:00–17:00. Every day has two blocks of ≥ 180m.
    check(
        "UTC",
        &["09:00-12:00", "13:00-17:00"],
        WEEK,
        &[
            "2026-03-02T12:00:00Z/2026-03-02T13:00:00Z",
            "2026-03-02T13:00:00Z/2026-03-02T14:00:00Z",
        ],
        "meetings 2, busy 120m, person 120m, outside 1/60m, working 2100m, blocks 10, long days 5, deep 2040m",
    );
}

#[test]
fn a_dst_week_in_berlin() {
    // Berlin moves to summer time on Sunday 2026-03-29. 07:30Z is 08:30 local on Friday the
    // 27th (before hours) but 09:30 local on Monday the 30th (inside). Monday keeps 09:00–09:30
    // (too short) and 10:00–17:00 local. Five 8-hour days Wed–Tue either side of the switch.
    check(
        "Europe/Berlin",
        NINE_TO_FIVE,
        ("2026-03-25T00:00:00Z", "2026-04-01T00:00:00Z"),
        &[
            "2026-03-27T07:30:00Z/2026-03-27T08:00:00Z",
            "2026-03-30T07:30:00Z/2026-03-30T08:00:00Z",
        ],
        "meetings 2, busy 60m, person 60m, outside 1/30m, working 2400m, blocks 5, long days 5, deep 2340m",
    );
}

#[test]
fn all_day_events_are_not_meetings() {
    let mut offsite = meeting(
        "Offsite",
        "2026-03-03T00:00:00Z/2026-03-04T00:00:00Z",
        &["a"],
    );
    offsite.all_day = true;
    let members = [member("a", calendar("UTC", NINE_TO_FIVE), &[])];
    let audit = run(WEEK, &members, &[offsite]);
    assert_eq!(audit.meetings, 0);
    assert_eq!(audit.people[0].load.meetings, 0);
}

/// Four Mondays from 2026-03-02: a weekly 30-minute standup (a, b, c and an outsider) and a
/// weekly 60-minute design review (a, b, c).
fn four_weeks() -> Vec<Meeting> {
    let mut out = Vec::new();
    for day in ["02", "09", "16", "23"] {
        let mut standup = meeting(
            "Team standup",
            &format!("2026-03-{day}T09:00:00Z/2026-03-{day}T09:30:00Z"),
            &["a", "b", "c", "x@partner.example"],
        );
        standup.series = "standup-uid".into();
        standup.recurring = true;
        let mut review = meeting(
            "Design review",
            &format!("2026-03-{day}T10:00:00Z/2026-03-{day}T11:00:00Z"),
            &["a", "b"],
        );
        review.organizer = Some("c".into());
        review.series = "review-uid".into();
        review.recurring = true;
        out.extend([standup, review]);
    }
    out
}

const FOUR_WEEKS: (&str, &str) = ("2026-03-02T00:00:00Z", "2026-03-30T00:00:00Z");

fn team() -> Vec<Member> {
    let cal = calendar("UTC", NINE_TO_FIVE);
    vec![
        member("a", cal.clone(), &["core"]),
        member("b", cal.clone(), &["core"]),
        member("c", cal, &["core", "web"]),
    ]
}

#[test]
fn recurring_series_ranked_classified_and_priced() {
    let audit = run(FOUR_WEEKS, &team(), &four_weeks());
    // Review: 4 × 1h × 3 (the organizer counts) = 12h. Standup: 4 × 0.5h × 4 = 8h.
    assert_eq!(audit.person_time, SignedDuration::from_hours(20));
    assert_eq!(audit.meetings, 8);
    let [review, standup] = &audit.series[..] else {
        panic!("{:?}", audit.series)
    };
    assert_eq!(review.person_time, SignedDuration::from_hours(12));
    assert_eq!(review.purpose, Purpose::Decision);
    assert_eq!(
        review.reason,
        "title mentions 'review'; 3 attendees; 60 min; weekly"
    );
    // a, b, c all share "core": strong, so collect inputs async and meet 25 of 60 minutes:
    // 35 min × 3 × 4 = 7h.
    assert_eq!(review.shared_tenure, Some(1.0));
    assert_eq!(review.quadrant, Quadrant::ConvergenceStrong);
    assert_eq!(review.recommendation, Recommendation::CollectInputsAsync);
    assert_eq!(review.recovered_time, SignedDuration::from_hours(7));
    assert_eq!(standup.person_time, SignedDuration::from_hours(8));
    assert_eq!(
        standup.reason,
        "title mentions 'standup'; 4 attendees; 30 min; weekly"
    );
    // Pairs among a, b, c, x: ab, ac, bc share a team; ax, bx, cx do not: 3/6 = 0.5, strong.
    assert_eq!(standup.shared_tenure, Some(0.5));
    assert_eq!(standup.quadrant, Quadrant::ConveyanceStrong);
    assert_eq!(
        standup.recommendation,
        Recommendation::ReplaceWithWrittenUpdate
    );
    // 8h over 4 weeks = 2h a week = 2 × 52/12 = 8.667h a month = 0.05 FTE (2 of 40h).
    let month = audit.window.hours_per_month(standup.recovered_time);
    assert!((month - 26.0 / 3.0).abs() < 1e-9, "{month}");
    assert!((fte(month) - 0.05).abs() < 1e-9);
}

/// Four Wednesdays of a one-hour all-hands invited through the list `all`, held in the
/// calendars of a, b and c (c declined in hers), organised by a.
fn group_all_hands() -> Vec<Meeting> {
    ["04", "11", "18", "25"]
        .iter()
        .map(|day| {
            let mut m = meeting(
                "All hands",
                &format!("2026-03-{day}T15:00:00Z/2026-03-{day}T16:00:00Z"),
                &[],
            );
            m.series = "all-hands-uid".into();
            m.recurring = true;
            m.organizer = Some("a".into());
            m.groups = [Shared::from("all")].into();
            m.holders = vec!["a".into(), "b".into()];
            m.declined = vec!["c".into()];
            m
        })
        .collect()
}

#[test]
fn group_invited_all_hands_counts_everyone_who_holds_it() {
    let mut meetings = four_weeks();
    meetings.extend(group_all_hands());
    let groups = Groups::from([("all".to_owned(), Default::default())]);
    let audit = audit(&AuditInput {
        window: Window::new(ts(FOUR_WEEKS.0), ts(FOUR_WEEKS.1)).unwrap(),
        members: &team(),
        meetings: &meetings,
        overrides: &BTreeMap::new(),
        shared_tenure: &BTreeMap::new(),
        written_together: &std::collections::BTreeSet::new(),
        groups: &groups,
    });
    // 4 × 1h × (a, b): the list itself is nobody, c declined in her own calendar.
    let all_hands = audit.series.iter().find(|s| s.series == "all-hands-uid");
    let all_hands = all_hands.expect("the all-hands is a ranked series");
    assert_eq!(all_hands.person_time, SignedDuration::from_hours(8));
    assert_eq!(all_hands.shape.attendees, 2);
    assert_eq!(audit.person_time, SignedDuration::from_hours(28));
    let c = &audit.people[2];
    assert_eq!((c.email.as_str(), c.load.meetings), ("c", 8));
}

#[test]
fn totals_per_team_and_organisation() {
    let audit = run(FOUR_WEEKS, &team(), &four_weeks());
    // Each member: 4 × (30 + 60) minutes; working 20 days × 480. Mondays keep 09:30–10:00
    // (too short) and 11:00–17:00: deep 4 × 360 + 16 × 480.
    for person in &audit.people {
        assert_eq!(
            summary(&person.load),
            "meetings 8, busy 360m, person 360m, outside 0/0m, working 9600m, blocks 20, long days 20, deep 9120m"
        );
    }
    let org = &audit.organisation;
    assert_eq!((org.people, minutes(org.load.person_time)), (3, 3 * 360));
    let teams: Vec<(&str, usize)> = audit
        .teams
        .iter()
        .map(|t| (t.name.as_str(), t.people))
        .collect();
    assert_eq!(teams, [("core", 3), ("web", 1)]);
    // 1080 of 28800 working minutes in meetings.
    assert!((org.load.meeting_share() - 0.0375).abs() < 1e-9);
}

#[test]
fn overrides_and_unknown_tenure() {
    let overrides = BTreeMap::from([("standup-uid".to_owned(), Purpose::WorkSession)]);
    let members: Vec<Member> = team()
        .into_iter()
        .map(|mut m| {
            m.teams.clear();
            m
        })
        .collect();
    let audit = run_with(FOUR_WEEKS, &members, &four_weeks(), &overrides);
    let standup = audit
        .series
        .iter()
        .find(|s| s.series == "standup-uid")
        .unwrap();
    assert!(standup.overridden);
    assert_eq!(
        standup.reason,
        "set by override; 4 attendees; 30 min; weekly"
    );
    // Nobody's teams are known: weak, so the work session keeps its meeting.
    assert_eq!(standup.shared_tenure, None);
    assert_eq!(standup.quadrant, Quadrant::ConvergenceWeak);
    assert_eq!(standup.recovered_time, SignedDuration::ZERO);
}

#[test]
fn weeks_sum_the_members_week_by_week() {
    let audit = run(FOUR_WEEKS, &team(), &four_weeks());
    // Four whole weeks; each holds one standup and one review for a, b and c: 3 × 90m busy,
    // and the weeks add up to the whole window.
    assert_eq!(audit.weeks.len(), 4);
    for week in &audit.weeks {
        assert_eq!(minutes(week.load.meeting_time), 3 * 90);
        assert_eq!(week.load.focus_blocks, 15);
    }
    assert_eq!(audit.weeks[1].window.from(), ts("2026-03-09T00:00:00Z"));
    let mut sum = Load::default();
    audit.weeks.iter().for_each(|w| sum.add(&w.load));
    assert_eq!(sum, audit.organisation.load);
}

#[test]
fn a_last_partial_week_is_cut_at_the_window_end() {
    // Ten days: one full week, then three days. A meeting on Tuesday the 10th counts there.
    let audit = run(
        ("2026-03-02T00:00:00Z", "2026-03-12T00:00:00Z"),
        &team(),
        &four_weeks(),
    );
    let lengths: Vec<i64> = audit
        .weeks
        .iter()
        .map(|w| w.window.to().duration_since(w.window.from()).as_hours())
        .collect();
    assert_eq!(lengths, [168, 72]);
    assert_eq!(minutes(audit.weeks[1].load.meeting_time), 3 * 90);
    assert_eq!(minutes(audit.weeks[1].load.working_time), 3 * 3 * 480);
}

/// "metric before → after (verdict)" for each metric of a group.
fn changes(group: &GroupChange) -> Vec<String> {
    group
        .changes
        .iter()
        .map(|c| {
            format!(
                "{} {:.3} → {:.3} ({})",
                c.metric.key(),
                c.before,
                c.after,
                c.verdict().label()
            )
        })
        .collect()
}

#[test]
fn a_pilot_that_drops_the_standup() {
    // Baseline: the four weeks of standups and reviews. Pilot: two weeks from 2026-03-30 with
    // only the review (the standup became a written check-in).
    let baseline = run(FOUR_WEEKS, &team(), &four_weeks());
    let pilot_meetings: Vec<Meeting> = four_weeks()
        .into_iter()
        .filter(|m| &*m.series == "review-uid")
        .map(|mut m| {
            m.start += SignedDuration::from_hours(28 * 24);
            m.end += SignedDuration::from_hours(28 * 24);
            m
        })
        .collect();
    let pilot = run(
        ("2026-03-30T00:00:00Z", "2026-04-13T00:00:00Z"),
        &team(),
        &pilot_meetings,
    );
    let comparison = compare(&baseline, &pilot);
    // Per person and week: 90 → 60 meeting minutes (the review falls in the window twice
    // in two weeks, but 4 shifted reviews land on 30 Mar, 6 Apr, 13 Apr, 20 Apr: 2 inside).
    // Share: 90/2400 = 0.0375 → 60/2400 = 0.025. Deep work: Monday loses 10:00–11:00 and
    // keeps 09:00–10:00 (too short) and 11:00–17:00: (2400 − 120) → (2400 − 120) minutes.
    assert_eq!(
        changes(&comparison.organisation),
        [
            "meeting_hours_per_week 1.500 → 1.000 (better)",
            "meetings_per_week 2.000 → 1.000 (better)",
            "person_hours_per_week 1.500 → 1.000 (better)",
            "outside_hours_meetings_per_week 0.000 → 0.000 (same)",
            "focus_blocks_per_week 5.000 → 5.000 (same)",
            "long_block_days_per_week 5.000 → 5.000 (same)",
            "meeting_share 0.037 → 0.025 (better)",
            "deep_work_hours_per_week 38.000 → 38.000 (same)",
        ]
    );
    assert_eq!(comparison.people.len(), 3);
    assert_eq!(comparison.people[0].key, "a");
    assert_eq!(
        comparison.people[0].changes,
        comparison.organisation.changes
    );
    let core = &comparison.teams[0];
    assert_eq!((core.name.as_str(), core.people), ("core", 3));
    let hours = core.changes[0];
    assert_eq!(hours.relative().map(|r| (r * 1000.0).round()), Some(-333.0));
}

#[test]
fn verdicts_follow_the_direction_of_each_metric() {
    let change = |metric, before, after| Change {
        metric,
        before,
        after,
    };
    assert_eq!(
        change(Metric::DeepWorkHours, 20.0, 24.0).verdict(),
        Verdict::Better
    );
    assert_eq!(
        change(Metric::FocusBlocks, 5.0, 3.0).verdict(),
        Verdict::Worse
    );
    assert_eq!(
        change(Metric::MeetingHours, 5.0, 6.0).verdict(),
        Verdict::Worse
    );
    assert_eq!(change(Metric::Meetings, 0.0, 2.0).relative(), None);
}
