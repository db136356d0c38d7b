//! Team calendars: union and intersection of members in different zones.
//!
//! Berlin 09:00–17:00 and New York 09:00–17:00 in early March 2026: Berlin is UTC+1 all
//! month until 03-29; New York is UTC-5 until 03-08 and UTC-4 after. So on Wed 03-04
//! Berlin works 08:00Z–16:00Z and New York 14:00Z–22:00Z (overlap 14:00Z–16:00Z, 2h;
//! union 08:00Z–22:00Z, 14h). On Wed 03-11 New York works 13:00Z–21:00Z (overlap 3h).

use super::*;
use crate::calendar::{BusinessCalendar, TeamCalendar};

const BERLIN: &str = "Europe/Berlin";

fn members(berlin_holidays: &[&str]) -> Vec<Calendar> {
    vec![
        calendar(BERLIN, &["Mon-Fri 09:00-17:00"], berlin_holidays),
        calendar("America/New_York", &["Mon-Fri 09:00-17:00"], &[]),
    ]
}

fn utc(s: &str) -> jiff::Timestamp {
    s.parse().expect("instant")
}

#[track_caller]
fn check_between(team: &dyn BusinessCalendar, a: &str, b: &str, expect: &str) {
    assert_eq!(
        team.between(utc(a), utc(b)),
        working(expect),
        "between({a}, {b})"
    );
    assert_eq!(
        team.between(utc(b), utc(a)),
        -working(expect),
        "between({b}, {a})"
    );
}

#[track_caller]
fn check_add(team: &dyn BusinessCalendar, start: &str, business: &str, expect: &str) {
    let got = team.add(utc(start), dur(business)).expect("due");
    assert_eq!(got, utc(expect), "{start} + {business}");
}

#[test]
fn union_and_intersection_across_zones() {
    let any = TeamCalendar::union(members(&[]), tz(BERLIN)).expect("team");
    let all = TeamCalendar::intersection(members(&[]), tz(BERLIN)).expect("team");
    check_between(&any, "2026-03-04T00:00Z", "2026-03-05T00:00Z", "14h");
    check_between(&all, "2026-03-04T00:00Z", "2026-03-05T00:00Z", "2h");
    // New York moved to summer time on 03-08; Berlin had not yet.
    check_between(&all, "2026-03-11T00:00Z", "2026-03-12T00:00Z", "3h");
    // Intersection: 2h on Wednesday, then Thursday 14:00Z + 1h.
    check_add(&all, "2026-03-04T00:00Z", "3h", "2026-03-05T15:00Z");
    // Union: Friday 20:00Z + 3h = 2h in New York's Friday, Monday 08:00Z + 1h in Berlin.
    check_add(&any, "2026-03-06T20:00Z", "3h", "2026-03-09T09:00Z");
    assert_eq!(
        any.next_working_instant(utc("2026-03-07T12:00Z")),
        Some(utc("2026-03-09T08:00Z"))
    );
}

#[test]
fn member_holidays_are_respected() {
    // Berlin is off on Wednesday 03-04: the union is New York's 8h, the intersection empty.
    let any = TeamCalendar::union(members(&["2026-03-04"]), tz(BERLIN)).expect("team");
    let all = TeamCalendar::intersection(members(&["2026-03-04"]), tz(BERLIN)).expect("team");
    check_between(&any, "2026-03-04T00:00Z", "2026-03-05T00:00Z", "8h");
    check_between(&all, "2026-03-04T00:00Z", "2026-03-05T00:00Z", "0s");
}

#[test]
fn team_business_days_count_dates_in_the_day_zone() {
    let any = TeamCalendar::union(members(&[]), tz(BERLIN)).expect("team");
    // Wed 09:00Z is 1h into the Berlin date's team day (08:00Z–22:00Z); one day later is
    // 1h into Thursday's: 09:00Z.
    check_add(&any, "2026-03-04T09:00Z", "1d", "2026-03-05T09:00Z");
    // Friday 23:00Z is after the team's Friday: the end of Monday's team day. New York is
    // on summer time by then (UTC-4), so its 17:00 is 21:00Z.
    check_add(&any, "2026-03-06T23:00Z", "1d", "2026-03-09T21:00Z");
}

#[test]
fn disjoint_intersection_has_no_working_time() {
    let early = calendar(BERLIN, &["Mon-Fri 06:00-08:00"], &[]);
    let late = calendar(BERLIN, &["Mon-Fri 18:00-20:00"], &[]);
    let all = TeamCalendar::intersection(vec![early, late], tz(BERLIN)).expect("team");
    assert!(all.add(utc("2026-03-04T00:00Z"), dur("1h")).is_err());
    assert_eq!(all.next_working_instant(utc("2026-03-04T00:00Z")), None);
}

#[test]
fn a_team_of_one_is_the_member() {
    let member = calendar(
        BERLIN,
        &["Mon-Fri 09:00-12:00 13:00-17:00"],
        &["2026-03-06"],
    );
    let team = TeamCalendar::union(vec![member.clone()], tz(BERLIN)).expect("team");
    for start in [
        "2026-03-04T10:30Z",
        "2026-03-05T15:00Z",
        "2026-03-07T00:00Z",
    ] {
        for business in ["0s", "30m", "4h", "7h", "20h", "1d", "3d"] {
            let (start, business) = (utc(start), dur(business));
            assert_eq!(
                team.add(start, business),
                member.add(start, business),
                "{start} {business}"
            );
        }
    }
}
