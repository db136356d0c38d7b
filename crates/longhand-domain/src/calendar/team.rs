//! Team calendars for review windows and core hours: the working time when any member works
//! (union) or when all of them do (intersection), each member in their own zone with their
//! own holidays and time off.

use std::iter::Peekable;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::engine::{Calendar, Shifts, non_negative_seconds};
use super::error::CalendarError;
use super::walk::{self, Interval};
use super::zone::{Clock, DAY};
use super::{BusinessCalendar, BusinessDuration};

/// How the members' working time combines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TeamMode {
    /// Working time whenever at least one member works (follow-the-sun coverage).
    Any,
    /// Working time only when every member works (overlap hours).
    All,
}

/// The combined business calendar of several members.
///
/// Working time is computed in instants, so members in different zones combine exactly.
/// Business *days* need a calendar day to count by: a team day is a civil date in
/// `day_zone` (typically the team's or the DRI's zone), and the team's working time is split
/// at that zone's midnights. `Days(n)` then follows the same rule as for a member (see
/// [`BusinessDuration`]).
///
/// An intersection of members who never overlap is accepted; `add` on it fails with
/// [`CalendarError::BeyondHorizon`] and `next_working_instant` gives `None`.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamCalendar {
    members: Vec<Calendar>,
    mode: TeamMode,
    day_zone: TimeZone,
}

impl TeamCalendar {
    /// Working time when any member works.
    pub fn union(
        members: Vec<Calendar>,
        day_zone: TimeZone,
    ) -> Result<TeamCalendar, CalendarError> {
        Self::new(members, TeamMode::Any, day_zone)
    }

    /// Working time when all members work.
    pub fn intersection(
        members: Vec<Calendar>,
        day_zone: TimeZone,
    ) -> Result<TeamCalendar, CalendarError> {
        Self::new(members, TeamMode::All, day_zone)
    }

    fn new(
        members: Vec<Calendar>,
        mode: TeamMode,
        day_zone: TimeZone,
    ) -> Result<TeamCalendar, CalendarError> {
        if members.is_empty() {
            return Err(CalendarError::NoMembers);
        }
        Ok(TeamCalendar {
            members,
            mode,
            day_zone,
        })
    }

    pub fn members(&self) -> &[Calendar] {
        &self.members
    }

    pub fn mode(&self) -> TeamMode {
        self.mode
    }

    pub fn day_zone(&self) -> &TimeZone {
        &self.day_zone
    }

    /// Like [`Calendar::add`], on the team's working time.
    pub fn add(
        &self,
        start: Timestamp,
        business: BusinessDuration,
    ) -> Result<Timestamp, CalendarError> {
        let t = start.as_second();
        let found = match business {
            BusinessDuration::Working(d) => {
                walk::add_working(self.intervals(t, None), non_negative_seconds(d)?)
            }
            BusinessDuration::Days(n) => walk::add_days(self.intervals(t - 3 * DAY, None), t, n),
        };
        found
            .and_then(|s| Timestamp::from_second(s).ok())
            .ok_or(CalendarError::BeyondHorizon { start })
    }

    /// Like [`Calendar::between`], on the team's working time.
    pub fn between(&self, a: Timestamp, b: Timestamp) -> SignedDuration {
        let (a, b) = (a.as_second(), b.as_second());
        if b < a {
            return -SignedDuration::from_secs(walk::working_before(self.intervals(b, Some(a)), a));
        }
        SignedDuration::from_secs(walk::working_before(self.intervals(a, Some(b)), b))
    }

    /// Like [`Calendar::next_working_instant`], on the team's working time.
    pub fn next_working_instant(&self, at: Timestamp) -> Option<Timestamp> {
        let first = self.intervals(at.as_second(), None).next()?;
        Timestamp::from_second(first.start).ok()
    }

    /// The team's working periods from `from` on, as `(start, end)` instants in order, the
    /// first clamped to `from`; a period that crosses a midnight of the day zone comes in two
    /// pieces. The iterator ends where a member's horizon ([`super::HORIZON_YEARS`]) does.
    pub fn working_periods(
        &self,
        from: Timestamp,
    ) -> impl Iterator<Item = (Timestamp, Timestamp)> + '_ {
        self.intervals(from.as_second(), None)
            .map_while(|interval| {
                let start = Timestamp::from_second(interval.start).ok()?;
                Some((start, Timestamp::from_second(interval.end).ok()?))
            })
    }

    /// The team's working intervals from `from`, up to `until` or each member's horizon.
    fn intervals(&self, from: i64, until: Option<i64>) -> TeamIntervals<'_> {
        let members = self
            .members
            .iter()
            .map(|member| {
                member
                    .shifts(from, until.and_then(|u| local_day(member.time_zone(), u)))
                    .peekable()
            })
            .collect();
        TeamIntervals {
            members,
            mode: self.mode,
            clock: Clock::new(&self.day_zone, from),
            pending: None,
            last_day: i32::MIN,
        }
    }
}

impl BusinessCalendar for TeamCalendar {
    fn add(
        &self,
        start: Timestamp,
        business: BusinessDuration,
    ) -> Result<Timestamp, CalendarError> {
        TeamCalendar::add(self, start, business)
    }

    fn between(&self, a: Timestamp, b: Timestamp) -> SignedDuration {
        TeamCalendar::between(self, a, b)
    }

    fn next_working_instant(&self, at: Timestamp) -> Option<Timestamp> {
        TeamCalendar::next_working_instant(self, at)
    }
}

fn local_day(tz: &TimeZone, t: i64) -> Option<i32> {
    Clock::new(tz, t)
        .local(t)
        .map(|local| local.div_euclid(DAY) as i32)
}

/// The merged working intervals of a team, split at the day zone's midnights.
struct TeamIntervals<'a> {
    members: Vec<Peekable<Shifts<'a>>>,
    mode: TeamMode,
    clock: Clock<'a>,
    /// The rest of a merged interval that crossed a midnight of the day zone.
    pending: Option<(i64, i64)>,
    last_day: i32,
}

impl Iterator for TeamIntervals<'_> {
    type Item = Interval;

    fn next(&mut self) -> Option<Interval> {
        let (start, end) = match self.pending.take() {
            Some(rest) => rest,
            None => match self.mode {
                TeamMode::Any => union_next(&mut self.members)?,
                TeamMode::All => intersection_next(&mut self.members)?,
            },
        };
        let local = self.clock.local(start)?;
        let today = local.div_euclid(DAY) as i32;
        // Days must never decrease along a stream; a fold right at midnight could otherwise
        // put a later piece on the previous date.
        self.last_day = self.last_day.max(today);
        let midnight = self.clock.instant((i64::from(today) + 1) * DAY)?;
        if start < midnight && midnight < end {
            self.pending = Some((midnight, end));
            return Some(Interval {
                start,
                end: midnight,
                day: self.last_day,
            });
        }
        Some(Interval {
            start,
            end,
            day: self.last_day,
        })
    }
}

/// The next stretch during which at least one member works: the earliest interval, extended
/// by every interval that starts before it ends.
fn union_next(members: &mut [Peekable<Shifts<'_>>]) -> Option<(i64, i64)> {
    let first = earliest(members)?;
    let (start, mut end) = (first.start, first.end);
    while let Some(i) = earliest_index(members) {
        let Some(next) = members[i].next_if(|interval| interval.start <= end) else {
            break;
        };
        end = end.max(next.end);
    }
    Some((start, end))
}

/// The next stretch during which every member works. Each step drops the interval that
/// ends first, since it cannot overlap anything later.
fn intersection_next(members: &mut [Peekable<Shifts<'_>>]) -> Option<(i64, i64)> {
    loop {
        let mut start = i64::MIN;
        let mut first_end: Option<(usize, i64)> = None;
        for (i, member) in members.iter_mut().enumerate() {
            let interval = member.peek()?;
            start = start.max(interval.start);
            if first_end.is_none_or(|(_, end)| interval.end < end) {
                first_end = Some((i, interval.end));
            }
        }
        let (i, end) = first_end?;
        members[i].next();
        if start < end {
            return Some((start, end));
        }
    }
}

fn earliest(members: &mut [Peekable<Shifts<'_>>]) -> Option<Interval> {
    let i = earliest_index(members)?;
    members[i].next()
}

fn earliest_index(members: &mut [Peekable<Shifts<'_>>]) -> Option<usize> {
    let starts = members
        .iter_mut()
        .enumerate()
        .filter_map(|(i, m)| Some((m.peek()?.start, i)));
    starts.min().map(|(_, i)| i)
}
