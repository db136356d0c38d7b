//! One person's meeting load over the window, and the sums of it for teams and the
//! organisation.
//!
//! Busy time is the union of the person's meetings, so two overlapping meetings count once;
//! person-time is their plain sum, so that summing it over everyone gives the organisation's
//! person-hours. Free time is working time minus busy time; a free stretch of
//! [`FOCUS_BLOCK_MINUTES`] or more is a focus block and counts as deep work, and a day has a
//! long block when one of its free stretches lasts [`LONG_BLOCK_HOURS`] or more (DESIGN.md §1
//! rule 8). A stretch belongs to the local date, in the person's zone, it starts on.

use std::collections::BTreeSet;

use jiff::{SignedDuration, Timestamp};

use super::Member;
use super::spans::{self, Span};
use crate::calendar::Calendar;

/// The shortest free stretch that counts as a focus block.
pub const FOCUS_BLOCK_MINUTES: i64 = 90;
/// The free stretch a day needs to count as a day with a long block.
pub const LONG_BLOCK_HOURS: i64 = 3;

/// Meeting load figures; the same shape for a person and for a sum of people.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Load {
    /// Meetings attended (occurrences).
    pub meetings: usize,
    /// Time in meetings, overlapping meetings counted once.
    pub meeting_time: SignedDuration,
    /// The plain sum of the meetings' lengths: this person's share of the person-hours.
    pub person_time: SignedDuration,
    /// Meetings that lie at least partly outside working hours.
    pub outside_hours_meetings: usize,
    /// Meeting time outside working hours.
    pub outside_hours_time: SignedDuration,
    /// Working time in the window.
    pub working_time: SignedDuration,
    /// Meeting time inside working hours.
    pub meeting_working_time: SignedDuration,
    /// Free stretches of at least [`FOCUS_BLOCK_MINUTES`] inside working hours.
    pub focus_blocks: usize,
    /// Days with a free stretch of at least [`LONG_BLOCK_HOURS`].
    pub long_block_days: usize,
    /// The total length of the focus blocks.
    pub deep_work: SignedDuration,
}

impl Load {
    /// The share of working time spent in meetings, 0 when there is no working time.
    pub fn meeting_share(&self) -> f64 {
        ratio(self.meeting_working_time, self.working_time)
    }

    /// The share of working time that is deep work (protected), 0 without working time.
    pub fn deep_work_share(&self) -> f64 {
        ratio(self.deep_work, self.working_time)
    }

    /// Adds another load to this one.
    pub fn add(&mut self, other: &Load) {
        self.meetings += other.meetings;
        self.meeting_time += other.meeting_time;
        self.person_time += other.person_time;
        self.outside_hours_meetings += other.outside_hours_meetings;
        self.outside_hours_time += other.outside_hours_time;
        self.working_time += other.working_time;
        self.meeting_working_time += other.meeting_working_time;
        self.focus_blocks += other.focus_blocks;
        self.long_block_days += other.long_block_days;
        self.deep_work += other.deep_work;
    }
}

fn ratio(part: SignedDuration, whole: SignedDuration) -> f64 {
    if whole.is_zero() {
        return 0.0;
    }
    part.as_secs_f64() / whole.as_secs_f64()
}

/// One member's load.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonLoad {
    pub email: String,
    pub name: String,
    pub load: Load,
}

/// The load of `member`, whose meetings (already clipped to `window`) are `meetings`.
pub(crate) fn person_load(member: &Member, meetings: &[Span], window: Span) -> PersonLoad {
    let working = working_spans(&member.calendar, window);
    let busy = spans::merge(meetings.to_vec());
    let busy_working = spans::intersect(&busy, &working);
    let free = spans::subtract(&working, &busy);
    let blocks: Vec<Span> = free
        .into_iter()
        .filter(|s| s.len() >= FOCUS_BLOCK_MINUTES * 60)
        .collect();
    let load = Load {
        meetings: meetings.len(),
        meeting_time: secs(spans::total(&busy)),
        person_time: secs(meetings.iter().map(Span::len).sum()),
        outside_hours_meetings: meetings
            .iter()
            .filter(|m| partly_outside(**m, &working))
            .count(),
        outside_hours_time: secs(spans::total(&busy) - spans::total(&busy_working)),
        working_time: secs(spans::total(&working)),
        meeting_working_time: secs(spans::total(&busy_working)),
        focus_blocks: blocks.len(),
        long_block_days: long_block_days(&member.calendar, &blocks),
        deep_work: secs(spans::total(&blocks)),
    };
    PersonLoad {
        email: member.email.clone(),
        name: member.name.clone(),
        load,
    }
}

/// Whether some of `meeting` lies outside `working` (sorted and disjoint). Only the working
/// stretches around the meeting are looked at: a year of working time has hundreds of them
/// and a person hundreds of meetings, so walking every stretch for every meeting (and
/// allocating the intersection) was the largest single cost of an organisation's audit.
fn partly_outside(meeting: Span, working: &[Span]) -> bool {
    let first = working.partition_point(|w| w.end <= meeting.start);
    let inside: i64 = working[first..]
        .iter()
        .take_while(|w| w.start < meeting.end)
        .filter_map(|w| w.clip(meeting))
        .map(|s| s.len())
        .sum();
    inside < meeting.len()
}

fn secs(seconds: i64) -> SignedDuration {
    SignedDuration::from_secs(seconds)
}

/// The calendar's working time inside the window, merged so that back-to-back ranges (a
/// shift across midnight) form one stretch.
fn working_spans(calendar: &Calendar, window: Span) -> Vec<Span> {
    let Ok(from) = Timestamp::from_second(window.start) else {
        return Vec::new();
    };
    let periods = calendar
        .working_periods(from)
        .map(|(s, e)| Span::new(s.as_second(), e.as_second()))
        .take_while(|s| s.start < window.end)
        .filter_map(|s| s.clip(window));
    spans::merge(periods.collect())
}

/// The number of local dates on which a free stretch of [`LONG_BLOCK_HOURS`] starts.
fn long_block_days(calendar: &Calendar, blocks: &[Span]) -> usize {
    let zone = calendar.time_zone();
    let days: BTreeSet<jiff::civil::Date> = blocks
        .iter()
        .filter(|s| s.len() >= LONG_BLOCK_HOURS * 3600)
        .filter_map(|s| Timestamp::from_second(s.start).ok())
        .map(|t| t.to_zoned(zone.clone()).date())
        .collect();
    days.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `partly_outside` against its definition: the meeting's overlap with working time,
    /// walked over every stretch, is shorter than the meeting.
    #[test]
    fn partly_outside_looks_only_at_the_stretches_around_a_meeting() {
        let working = [Span::new(0, 10), Span::new(10, 20), Span::new(30, 40)];
        for start in -5..45 {
            for len in 1..20 {
                let meeting = Span::new(start, start + len);
                let inside = spans::total(&spans::intersect(&[meeting], &working));
                assert_eq!(
                    partly_outside(meeting, &working),
                    inside < meeting.len(),
                    "{meeting:?}"
                );
            }
        }
        assert!(partly_outside(Span::new(5, 6), &[]));
    }
}
