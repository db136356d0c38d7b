//! The business-time algorithms, written once over a stream of working intervals so that a
//! member's calendar and a team calendar share them.
//!
//! A stream yields [`Interval`]s in instant seconds that are sorted, non-empty, never
//! overlapping, and tagged with the working *day* they belong to (days never decrease along
//! the stream). Every stream is finite: it ends at its horizon.

use std::iter::Peekable;

/// A stretch of working time `[start, end)` in seconds since the Unix epoch, belonging to the
/// working day `day` (a day number: civil days since 1970-01-01 in the calendar's zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Interval {
    pub(crate) start: i64,
    pub(crate) end: i64,
    pub(crate) day: i32,
}

impl Interval {
    fn len(&self) -> i64 {
        self.end - self.start
    }
}

/// The instant after `seconds` of working time, given a stream clamped to the start.
///
/// A result that lands exactly on the end of an interval stays there (Friday 17:00, not
/// Monday 09:00), so a due time is the earliest instant with that much working time behind
/// it. A zero duration gives the first working instant.
pub(crate) fn add_working(intervals: impl Iterator<Item = Interval>, seconds: i64) -> Option<i64> {
    let mut remaining = seconds;
    for interval in intervals {
        if remaining <= interval.len() {
            return Some(interval.start + remaining);
        }
        remaining -= interval.len();
    }
    None
}

/// The working time before `end` in a stream clamped to the start.
pub(crate) fn working_before(intervals: impl Iterator<Item = Interval>, end: i64) -> i64 {
    intervals
        .take_while(|interval| interval.start < end)
        .map(|interval| interval.end.min(end) - interval.start)
        .sum()
}

/// The instant `n` working days after `start`, given a stream that begins at least one
/// whole working day before `start` (it must hold every interval of the day `start` is in).
///
/// The position of `start` within its working day is measured as the working time already
/// done that day (a start in a break counts the work before the break). The result is the
/// instant with the same position in the `n`-th following working day, or the end of that
/// day if it is shorter. A start between two working days (evening, weekend, holiday) sits
/// at the end of the previous one, so the result is the end of the `n`-th working day that
/// starts after it. With identical days this is "the same local time, n working days
/// later". `n = 0` gives the next working instant.
pub(crate) fn add_days(
    intervals: impl Iterator<Item = Interval>,
    start: i64,
    n: u32,
) -> Option<i64> {
    let mut intervals = intervals.peekable();
    let mut done = Done::default();
    while let Some(interval) = intervals.next_if(|interval| interval.end <= start) {
        done.record(interval);
    }
    let first = *intervals.peek()?;
    if n == 0 {
        return Some(first.start.max(start));
    }
    let done_today = done.on(first.day);
    if first.start <= start {
        return position_in_day(intervals, n, done_today + start - first.start);
    }
    match done.day {
        Some(day) if day == first.day => position_in_day(intervals, n, done_today),
        _ => end_of_day(intervals, n),
    }
}

/// The working time done so far on the latest working day seen.
#[derive(Default)]
struct Done {
    day: Option<i32>,
    seconds: i64,
}

impl Done {
    fn record(&mut self, interval: Interval) {
        if self.day != Some(interval.day) {
            *self = Done {
                day: Some(interval.day),
                seconds: 0,
            };
        }
        self.seconds += interval.len();
    }

    fn on(&self, day: i32) -> i64 {
        if self.day == Some(day) {
            self.seconds
        } else {
            0
        }
    }
}

/// The instant `position` seconds of working time into the `n`-th working day after the
/// day of the stream's first interval (or that day's end when it is shorter).
fn position_in_day<I>(mut intervals: Peekable<I>, n: u32, position: i64) -> Option<i64>
where
    I: Iterator<Item = Interval>,
{
    skip_days(&mut intervals, n)?;
    let day = intervals.peek()?.day;
    let mut remaining = position;
    let mut end = None;
    while let Some(interval) = intervals.next_if(|interval| interval.day == day) {
        if remaining <= interval.len() {
            return Some(interval.start + remaining);
        }
        remaining -= interval.len();
        end = Some(interval.end);
    }
    end
}

/// The end of the `n`-th working day, counting the day of the stream's first interval as
/// the first.
fn end_of_day<I>(mut intervals: Peekable<I>, n: u32) -> Option<i64>
where
    I: Iterator<Item = Interval>,
{
    skip_days(&mut intervals, n - 1)?;
    let day = intervals.peek()?.day;
    let mut end = None;
    while let Some(interval) = intervals.next_if(|interval| interval.day == day) {
        end = Some(interval.end);
    }
    end
}

/// Drops the intervals of the next `n` working days, counting the current one, so that the
/// stream starts at the `n`-th working day after the current one.
fn skip_days<I>(intervals: &mut Peekable<I>, n: u32) -> Option<()>
where
    I: Iterator<Item = Interval>,
{
    for _ in 0..n {
        let day = intervals.peek()?.day;
        while intervals.next_if(|interval| interval.day == day).is_some() {}
    }
    Some(())
}
