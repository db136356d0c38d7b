//! Away responders: who is on time off at an instant, until when, and who of a group would
//! answer an ask soonest.
//!
//! The rule (DESIGN.md §2.3, "reassignment when the responder is away"):
//!
//! - A person is *away* at an instant when a time-off range in their calendar covers the
//!   local date of that instant in their own zone. Evenings, weekends and holidays are not
//!   "away": the clock already waits for those, and the person is back within a day or two.
//! - An ask sent to a team lands with the team's DRI, who triages. When the DRI is away, it
//!   goes instead to the team member who would answer soonest: the earliest due instant of
//!   the same target in each member's own calendar, leaving out members who are away too.
//!   With nobody available it stays with the DRI (and the asker is told).
//! - An ask sent to a person stays with that person — they were chosen on purpose — and the
//!   asker is told at once that they are away, until when, and who would answer soonest.
//!
//! Ties in the due instant (clock-time targets give everyone the same one) go to whoever is
//! at work first, then to the order the caller gave.

use super::Target;
use crate::calendar::Calendar;
use jiff::Timestamp;
use jiff::civil::Date;

/// A stretch of time off that covers some instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Away {
    /// The first day off, in the person's zone (adjacent ranges count as one stretch).
    pub first_day: Date,
    /// The last day off, inclusive.
    pub last_day: Date,
    /// The first working instant after the time off; `None` when the calendar has no working
    /// time left within its horizon.
    pub back_at: Option<Timestamp>,
}

impl Away {
    /// Whether an ask due at `due_at` falls due before the person is back.
    pub fn holds_up(&self, due_at: Timestamp) -> bool {
        self.back_at.is_none_or(|back| due_at < back)
    }

    /// The instant the time off begins: midnight of the first day in `calendar`'s zone.
    pub fn starts_at(&self, calendar: &Calendar) -> Option<Timestamp> {
        start_of(self.first_day, calendar)
    }
}

fn start_of(day: Date, calendar: &Calendar) -> Option<Timestamp> {
    day.to_zoned(calendar.time_zone().clone())
        .ok()
        .map(|z| z.timestamp())
}

/// The stretch of time off around the local date of `at`, if the person is away then.
pub fn away_at(calendar: &Calendar, at: Timestamp) -> Option<Away> {
    let today = at.to_zoned(calendar.time_zone().clone()).date();
    stretch_around(calendar, today)
}

/// The stretch of time off that contains `day`, joining ranges that touch.
pub fn stretch_around(calendar: &Calendar, day: Date) -> Option<Away> {
    let ranges = calendar.time_off();
    let i = ranges.iter().position(|r| r.contains(day))?;
    let mut first_day = ranges[i].start();
    let mut last_day = ranges[i].end();
    for earlier in ranges[..i].iter().rev() {
        if earlier.end().tomorrow().ok() != Some(first_day) {
            break;
        }
        first_day = earlier.start();
    }
    for later in &ranges[i + 1..] {
        if last_day.tomorrow().ok() != Some(later.start()) {
            break;
        }
        last_day = later.end();
    }
    let back_at = last_day
        .tomorrow()
        .ok()
        .and_then(|day| start_of(day, calendar))
        .and_then(|t| calendar.next_working_instant(t));
    Some(Away {
        first_day,
        last_day,
        back_at,
    })
}

/// Every stretch of time off that has not ended by `now`, in date order.
pub fn stretches_from(calendar: &Calendar, now: Timestamp) -> Vec<Away> {
    let today = now.to_zoned(calendar.time_zone().clone()).date();
    let mut stretches: Vec<Away> = Vec::new();
    for range in calendar.time_off() {
        let covered = stretches.last().is_some_and(|s| s.last_day >= range.end());
        if range.end() < today || covered {
            continue;
        }
        stretches.extend(stretch_around(calendar, range.start()));
    }
    stretches
}

/// Someone who could take an ask, with the target that would apply to them.
#[derive(Debug, Clone)]
pub struct Candidate<'a, K> {
    pub key: K,
    pub calendar: &'a Calendar,
    pub target: Target,
}

/// The candidate who would answer soonest, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick<K> {
    pub key: K,
    pub due_at: Timestamp,
}

fn due_for(target: Target, started: Timestamp, calendar: &Calendar) -> Option<Timestamp> {
    match target {
        Target::Clock(d) => started.checked_add(d).ok(),
        Target::Business(business) => calendar.add(started, business).ok(),
    }
}

/// Of `candidates`, the one not away at `now` whose answer would be due first for a clock
/// that started at `started`. `None` when everyone is away (or has no working time left).
///
/// # Example
/// ```
/// use jiff::{SignedDuration, Timestamp};
/// use longhand_domain::asks::Target;
/// use longhand_domain::asks::away::{Candidate, soonest};
/// use longhand_domain::calendar::{BusinessDuration, Calendar, WeeklyHours};
///
/// let cal = |zone| Calendar::new(jiff::tz::TimeZone::get(zone).unwrap(), WeeklyHours::standard(), vec![], vec![], vec![]).unwrap();
/// let (berlin, tokyo) = (cal("Europe/Berlin"), cal("Asia/Tokyo"));
/// let target = Target::Business(BusinessDuration::Working(SignedDuration::from_hours(4)));
/// let now: Timestamp = "2026-03-10T10:00:00Z".parse().unwrap();
/// let people = [
///     Candidate { key: "kenji", calendar: &tokyo, target },
///     Candidate { key: "ana", calendar: &berlin, target },
/// ];
/// // Tokyo has gone home for the day; Berlin is at work.
/// assert_eq!(soonest(&people, now, now).unwrap().key, "ana");
/// ```
pub fn soonest<K: Clone>(
    candidates: &[Candidate<'_, K>],
    started: Timestamp,
    now: Timestamp,
) -> Option<Pick<K>> {
    candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| away_at(c.calendar, now).is_none())
        .filter_map(|(i, c)| {
            let due = due_for(c.target, started, c.calendar)?;
            let at_work = c.calendar.next_working_instant(now)?;
            Some(((due, at_work, i), c))
        })
        .min_by_key(|(rank, _)| *rank)
        .map(|((due_at, _, _), c)| Pick {
            key: c.key.clone(),
            due_at,
        })
}

/// Where a team's ask goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Triage<K> {
    /// The DRI is not away: they triage as usual.
    Dri,
    /// The DRI is away; a member who would answer soonest takes it.
    Routed { pick: Pick<K>, dri_away: Away },
    /// The DRI is away and so is everyone else: it stays with the DRI.
    DriAway(Away),
}

/// Routes a team's ask created at `now`: to the DRI, or past an away DRI to the member who
/// would answer soonest (`members` leaves out the DRI and the asker).
pub fn triage<K: Clone>(dri: &Calendar, members: &[Candidate<'_, K>], now: Timestamp) -> Triage<K> {
    let Some(dri_away) = away_at(dri, now) else {
        return Triage::Dri;
    };
    match soonest(members, now, now) {
        Some(pick) => Triage::Routed { pick, dri_away },
        None => Triage::DriAway(dri_away),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{BusinessDuration, DateRange, WeeklyHours};
    use jiff::SignedDuration;
    use jiff::civil::date;

    fn calendar(zone: &str, time_off: &[(Date, Date)]) -> Calendar {
        let off = time_off
            .iter()
            .map(|&(a, b)| DateRange::new(a, b).unwrap())
            .collect();
        let tz = jiff::tz::TimeZone::get(zone).unwrap();
        Calendar::new(tz, WeeklyHours::standard(), vec![], off, vec![]).unwrap()
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    const URGENT: Target =
        Target::Business(BusinessDuration::Working(SignedDuration::from_hours(4)));

    #[test]
    fn away_means_time_off_on_the_local_date() {
        // Tuesday 10 March 2026. Off Mon 9 – Wed 11, and Thu 12 – Fri 13 touches it.
        let cal = calendar(
            "Europe/Berlin",
            &[
                (date(2026, 3, 9), date(2026, 3, 11)),
                (date(2026, 3, 12), date(2026, 3, 13)),
            ],
        );
        let away = away_at(&cal, at("2026-03-10T10:00:00Z")).unwrap();
        assert_eq!(
            (away.first_day, away.last_day),
            (date(2026, 3, 9), date(2026, 3, 13))
        );
        // Back Monday 16 March, 09:00 Berlin.
        assert_eq!(away.back_at, Some(at("2026-03-16T08:00:00Z")));
        assert!(away.holds_up(at("2026-03-16T07:59:59Z")));
        assert!(!away.holds_up(at("2026-03-16T08:00:00Z")));
        assert_eq!(away.starts_at(&cal), Some(at("2026-03-08T23:00:00Z")));
        // Sunday evening in Berlin is not time off; 23:30 UTC Sunday is already Monday there.
        assert_eq!(away_at(&cal, at("2026-03-08T22:30:00Z")), None);
        assert!(away_at(&cal, at("2026-03-08T23:30:00Z")).is_some());
        // An evening or weekend outside time off is not away.
        assert_eq!(
            away_at(&cal, at("2026-03-14T10:00:00Z")).map(|a| a.last_day),
            None
        );
    }

    #[test]
    fn stretches_that_have_not_ended_are_listed_once() {
        let cal = calendar(
            "Asia/Tokyo",
            &[
                (date(2026, 3, 2), date(2026, 3, 3)),
                (date(2026, 3, 9), date(2026, 3, 10)),
                (date(2026, 3, 11), date(2026, 3, 11)),
                (date(2026, 4, 1), date(2026, 4, 2)),
            ],
        );
        let days: Vec<(Date, Date)> = stretches_from(&cal, at("2026-03-10T01:00:00Z"))
            .iter()
            .map(|s| (s.first_day, s.last_day))
            .collect();
        assert_eq!(
            days,
            [
                (date(2026, 3, 9), date(2026, 3, 11)),
                (date(2026, 4, 1), date(2026, 4, 2))
            ]
        );
    }

    fn check(people: &[(&'static str, &Calendar)], now: &str, expect: Option<(&str, &str)>) {
        let candidates: Vec<Candidate<'_, &str>> = people
            .iter()
            .map(|&(key, calendar)| Candidate {
                key,
                calendar,
                target: URGENT,
            })
            .collect();
        let got = soonest(&candidates, at(now), at(now));
        let got = got.as_ref().map(|p| (p.key, p.due_at.to_string()));
        let expect = expect.map(|(k, d)| (k, d.to_owned()));
        assert_eq!(got, expect, "{now}");
    }

    #[test]
    fn the_soonest_answer_wins_and_away_people_are_skipped() {
        let berlin = calendar("Europe/Berlin", &[]);
        let new_york = calendar("America/New_York", &[]);
        let away = calendar("Europe/Lisbon", &[(date(2026, 3, 9), date(2026, 3, 20))]);
        // 10:00 UTC: Berlin works 08:00–16:00 UTC → due 14:00 UTC. New York starts 13:00 UTC
        // (EDT) → due 17:00 UTC. Lisbon would be due 14:00 too, but is on time off.
        check(
            &[("lisa", &away), ("nyla", &new_york), ("ana", &berlin)],
            "2026-03-10T10:00:00Z",
            Some(("ana", "2026-03-10T14:00:00Z")),
        );
        // 15:00 UTC: Berlin has 1h left today (due tomorrow 11:00 UTC); New York is due 19:00.
        check(
            &[("ana", &berlin), ("nyla", &new_york)],
            "2026-03-10T15:00:00Z",
            Some(("nyla", "2026-03-10T19:00:00Z")),
        );
        check(&[("lisa", &away)], "2026-03-10T10:00:00Z", None);
        check(&[], "2026-03-10T10:00:00Z", None);
    }

    #[test]
    fn clock_targets_tie_and_go_to_whoever_is_at_work_first() {
        let berlin = calendar("Europe/Berlin", &[]);
        let tokyo = calendar("Asia/Tokyo", &[]);
        let incident = Target::Clock(SignedDuration::from_hours(4));
        let now = at("2026-03-10T10:00:00Z");
        let candidates = [
            Candidate {
                key: "kenji",
                calendar: &tokyo,
                target: incident,
            },
            Candidate {
                key: "ana",
                calendar: &berlin,
                target: incident,
            },
        ];
        let pick = soonest(&candidates, now, now).unwrap();
        assert_eq!((pick.key, pick.due_at), ("ana", at("2026-03-10T14:00:00Z")));
    }

    #[test]
    fn a_team_ask_skips_an_away_dri() {
        let dri_off = calendar("Europe/Berlin", &[(date(2026, 3, 9), date(2026, 3, 12))]);
        let dri_in = calendar("Europe/Berlin", &[]);
        let ben = calendar("Europe/London", &[]);
        let members = [Candidate {
            key: "ben",
            calendar: &ben,
            target: URGENT,
        }];
        let now = at("2026-03-10T10:00:00Z");
        assert_eq!(triage(&dri_in, &members, now), Triage::Dri);
        let Triage::Routed { pick, dri_away } = triage(&dri_off, &members, now) else {
            panic!("an away DRI is skipped");
        };
        // London works 09:00–17:00 GMT: due 14:00 UTC.
        assert_eq!(
            (pick.key, pick.due_at, dri_away.last_day),
            ("ben", at("2026-03-10T14:00:00Z"), date(2026, 3, 12))
        );
        assert!(
            matches!(triage::<&str>(&dri_off, &[], now), Triage::DriAway(a) if a.last_day == date(2026, 3, 12))
        );
    }
}
