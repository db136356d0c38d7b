//! A member's business calendar: working hours in their zone, minus holidays and time off,
//! and the instant-level questions asked of it (`add`, `between`, availability).
//!
//! Architecture Invariant: working hours are civil. Each day's ranges are placed on that
//! date's wall clock in the member's zone and only then turned into instants (see
//! [`super::zone::Clock::instant`] for the disambiguation), so a DST gap inside working
//! hours shortens that day and a fold lengthens it.
//!
//! Architecture Invariant: every walk is bounded by [`HORIZON_YEARS`], so no calendar,
//! however empty, makes `add` loop forever.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::error::CalendarError;
use super::hours::{DateRange, FocusBlock, WeeklyHours, weekday};
use super::walk::{self, Interval};
use super::zone::{Clock, DAY, day_number, weekday_index};
use super::{Availability, BusinessCalendar, BusinessDuration};

/// How far `add` and `next_working_instant` look for working time.
pub const HORIZON_YEARS: u32 = 10;
const HORIZON_DAYS: i32 = 3653;

/// A member's business calendar: time zone, weekly hours, holidays, time off and focus
/// blocks.
///
/// Working time is the weekly hours on the wall clock of `time_zone`, except on holidays and
/// time-off days. A range belongs to the date it starts on: a holiday on Monday cancels
/// Monday's "22:00-06:00" shift entirely, including its hours on Tuesday.
///
/// Instants and durations are handled at whole-second precision: sub-second parts of
/// timestamps and durations are dropped (`Timestamp::as_second`, `SignedDuration::as_secs`).
///
/// # Example
/// ```
/// use jiff::{civil::date, tz::TimeZone, SignedDuration};
/// use longhand_domain::calendar::{BusinessDuration, Calendar, WeeklyHours};
///
/// let tz = TimeZone::get("Europe/Berlin").unwrap();
/// let cal = Calendar::new(tz.clone(), WeeklyHours::standard(), vec![], vec![], vec![]).unwrap();
/// // Friday 15:00 plus 4 business hours is Monday 11:00.
/// let friday = date(2026, 3, 6).at(15, 0, 0, 0).to_zoned(tz.clone()).unwrap().timestamp();
/// let due = cal.add(friday, BusinessDuration::Working(SignedDuration::from_hours(4))).unwrap();
/// assert_eq!(due.to_zoned(tz).datetime(), date(2026, 3, 9).at(11, 0, 0, 0));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    time_zone: TimeZone,
    hours: WeeklyHours,
    holidays: Vec<Date>,
    time_off: Vec<DateRange>,
    focus_blocks: Vec<FocusBlock>,
    /// The holidays as sorted, unique day numbers.
    holiday_days: Vec<i32>,
    /// The time off as sorted, disjoint, inclusive day-number ranges.
    off_days: Vec<(i32, i32)>,
}

impl Calendar {
    /// Builds a calendar. Holidays are sorted and de-duplicated; time-off ranges are sorted
    /// and must not overlap; focus blocks must not overlap each other on any weekday.
    pub fn new(
        time_zone: TimeZone,
        hours: WeeklyHours,
        holidays: Vec<Date>,
        time_off: Vec<DateRange>,
        focus_blocks: Vec<FocusBlock>,
    ) -> Result<Calendar, CalendarError> {
        if hours.weekly_total().is_zero() {
            return Err(CalendarError::NoWorkingTime);
        }
        let mut holidays = holidays;
        holidays.sort();
        holidays.dedup();
        let time_off = sorted_time_off(time_off)?;
        check_focus_blocks(&focus_blocks)?;
        let holiday_days = holidays.iter().map(|&d| day_number(d)).collect();
        let off_days = time_off
            .iter()
            .map(|r| (day_number(r.start()), day_number(r.end())))
            .collect();
        Ok(Calendar {
            time_zone,
            hours,
            holidays,
            time_off,
            focus_blocks,
            holiday_days,
            off_days,
        })
    }

    pub fn time_zone(&self) -> &TimeZone {
        &self.time_zone
    }

    pub fn hours(&self) -> &WeeklyHours {
        &self.hours
    }

    /// The holidays, in date order.
    pub fn holidays(&self) -> impl Iterator<Item = Date> + '_ {
        self.holidays.iter().copied()
    }

    /// The time-off ranges, in date order.
    pub fn time_off(&self) -> &[DateRange] {
        &self.time_off
    }

    pub fn focus_blocks(&self) -> &[FocusBlock] {
        &self.focus_blocks
    }

    /// What the person is doing at `at`.
    ///
    /// Inside a working range: `Holiday` or `TimeOff` if the range's date is one, else
    /// `Focus` inside a focus block, else `Working`. Outside working ranges: `Holiday` or
    /// `TimeOff` if the local date is one, else `OffHours`. A holiday wins over time off.
    pub fn availability_at(&self, at: Timestamp) -> Availability {
        let t = at.as_second();
        let mut clock = Clock::new(&self.time_zone, t);
        let Some(local) = clock.local(t) else {
            return Availability::OffHours;
        };
        let today = local.div_euclid(DAY) as i32;
        match self.owning_day(&mut clock, t, today) {
            Some(day) => self
                .day_status(day)
                .unwrap_or_else(|| self.focus_status(local)),
            None => self.day_status(today).unwrap_or(Availability::OffHours),
        }
    }

    /// The day whose working range contains `t`: yesterday's midnight-crossing range, or one
    /// of today's.
    fn owning_day(&self, clock: &mut Clock<'_>, t: i64, today: i32) -> Option<i32> {
        [today - 1, today].into_iter().find(|&day| {
            self.hours.by_index(weekday_index(day)).iter().any(|range| {
                let base = i64::from(day) * DAY;
                let start = clock.instant(base + i64::from(range.start_second()));
                let end = clock.instant(base + i64::from(range.end_second()));
                matches!((start, end), (Some(s), Some(e)) if s <= t && t < e)
            })
        })
    }

    /// Whether the local date is a working day: its weekday has working hours, and it is
    /// neither a holiday nor a day of time off.
    pub fn is_working_day(&self, date: Date) -> bool {
        !self.hours.day(date.weekday()).is_empty() && self.day_status(day_number(date)).is_none()
    }

    /// `Holiday` or `TimeOff` when the day is one, `None` on an ordinary day.
    fn day_status(&self, day: i32) -> Option<Availability> {
        if self.holiday_days.binary_search(&day).is_ok() {
            return Some(Availability::Holiday);
        }
        let i = self.off_days.partition_point(|&(_, end)| end < day);
        let off = self.off_days.get(i).is_some_and(|&(start, _)| start <= day);
        off.then_some(Availability::TimeOff)
    }

    /// `Focus` when the local time is inside a focus block of its weekday, else `Working`.
    fn focus_status(&self, local: i64) -> Availability {
        let day = weekday(weekday_index(local.div_euclid(DAY) as i32));
        let second = local.rem_euclid(DAY) as i32;
        let focused = self.focus_blocks.iter().any(|block| {
            let (start, end) = block.seconds();
            block.days().contains(&day) && start <= second && second < end
        });
        if focused {
            Availability::Focus
        } else {
            Availability::Working
        }
    }

    /// The instant that lies `business` of working time after `start`; a start outside
    /// working time begins at the next working moment. See [`BusinessDuration`] for what a
    /// number of business days means. Fails for a negative duration and when the result is
    /// more than [`HORIZON_YEARS`] away.
    pub fn add(
        &self,
        start: Timestamp,
        business: BusinessDuration,
    ) -> Result<Timestamp, CalendarError> {
        let t = start.as_second();
        let found = match business {
            BusinessDuration::Working(d) => {
                walk::add_working(self.shifts(t, None), non_negative_seconds(d)?)
            }
            BusinessDuration::Days(n) => walk::add_days(self.shifts(t - 3 * DAY, None), t, n),
        };
        found
            .and_then(|s| Timestamp::from_second(s).ok())
            .ok_or(CalendarError::BeyondHorizon { start })
    }

    /// The working time between `a` and `b`; negative when `b` is before `a`.
    pub fn between(&self, a: Timestamp, b: Timestamp) -> SignedDuration {
        let (a, b) = (a.as_second(), b.as_second());
        if b < a {
            return -self.between_seconds(b, a);
        }
        self.between_seconds(a, b)
    }

    fn between_seconds(&self, a: i64, b: i64) -> SignedDuration {
        let last_day = Clock::new(&self.time_zone, b)
            .local(b)
            .map(|c| c.div_euclid(DAY) as i32);
        SignedDuration::from_secs(walk::working_before(self.shifts(a, last_day), b))
    }

    /// The first instant at or after `at` that is working time, if there is one within
    /// [`HORIZON_YEARS`].
    pub fn next_working_instant(&self, at: Timestamp) -> Option<Timestamp> {
        let first = self.shifts(at.as_second(), None).next()?;
        Timestamp::from_second(first.start).ok()
    }

    /// The first instant at or after `at` that is working time outside every focus block:
    /// when a notification that is not urgent may reach the person (DESIGN.md §1 rule 6).
    pub fn next_reachable_instant(&self, at: Timestamp) -> Option<Timestamp> {
        let mut clock = Clock::new(&self.time_zone, at.as_second());
        for interval in self.shifts(at.as_second(), None) {
            let mut t = interval.start;
            while t < interval.end {
                let local = clock.local(t)?;
                let Some(focus_end) = self.focus_end(local) else {
                    return Timestamp::from_second(t).ok();
                };
                // In the second half of a fold the compatible instant of the block's end can
                // lie before `t`; stepping by the civil distance still moves forward.
                t = clock.instant(focus_end)?.max(t + (focus_end - local));
            }
        }
        None
    }

    /// The local end of the focus block that contains the local time, if any.
    fn focus_end(&self, local: i64) -> Option<i64> {
        let day = local.div_euclid(DAY);
        let (weekday, second) = (
            weekday(weekday_index(day as i32)),
            local.rem_euclid(DAY) as i32,
        );
        self.focus_blocks.iter().find_map(|block| {
            let (start, end) = block.seconds();
            let inside = block.days().contains(&weekday) && start <= second && second < end;
            inside.then_some(day * DAY + i64::from(end))
        })
    }

    /// The working periods from `from` on, as `(start, end)` instants, in order; the first
    /// is clamped to `from`. The iterator ends at the horizon ([`HORIZON_YEARS`]).
    pub fn working_periods(
        &self,
        from: Timestamp,
    ) -> impl Iterator<Item = (Timestamp, Timestamp)> + '_ {
        self.shifts(from.as_second(), None).map_while(|interval| {
            let start = Timestamp::from_second(interval.start).ok()?;
            Some((start, Timestamp::from_second(interval.end).ok()?))
        })
    }

    /// The working intervals from `from` on (clamped to it), up to the ranges of
    /// `last_day`, or to the horizon.
    pub(crate) fn shifts(&self, from: i64, last_day: Option<i32>) -> Shifts<'_> {
        Shifts::new(self, from, last_day)
    }
}

impl BusinessCalendar for Calendar {
    fn add(
        &self,
        start: Timestamp,
        business: BusinessDuration,
    ) -> Result<Timestamp, CalendarError> {
        Calendar::add(self, start, business)
    }

    fn between(&self, a: Timestamp, b: Timestamp) -> SignedDuration {
        Calendar::between(self, a, b)
    }

    fn next_working_instant(&self, at: Timestamp) -> Option<Timestamp> {
        Calendar::next_working_instant(self, at)
    }
}

/// The whole seconds of a duration, refusing negative ones.
pub(crate) fn non_negative_seconds(d: SignedDuration) -> Result<i64, CalendarError> {
    if d.is_negative() {
        Err(CalendarError::NegativeDuration)
    } else {
        Ok(d.as_secs())
    }
}

fn sorted_time_off(mut time_off: Vec<DateRange>) -> Result<Vec<DateRange>, CalendarError> {
    time_off.sort();
    for pair in time_off.windows(2) {
        if pair[1].start() <= pair[0].end() {
            return Err(CalendarError::TimeOffOverlap {
                first: pair[0],
                second: pair[1],
            });
        }
    }
    Ok(time_off)
}

fn check_focus_blocks(blocks: &[FocusBlock]) -> Result<(), CalendarError> {
    for (i, a) in blocks.iter().enumerate() {
        for b in &blocks[i + 1..] {
            let ((a_start, a_end), (b_start, b_end)) = (a.seconds(), b.seconds());
            let shared = a.days().iter().find(|day| b.days().contains(day));
            if let Some(&day) = shared.filter(|_| a_start < b_end && b_start < a_end) {
                return Err(CalendarError::FocusBlockOverlap { day });
            }
        }
    }
    Ok(())
}

/// The working intervals of one calendar from an instant on, day by day.
///
/// Performance: this is the hot loop of `add` and `between`. It allocates nothing, converts
/// range boundaries with [`Clock`]'s cached offset, and walks holidays and time off with
/// forward-only cursors instead of searching them for every day.
#[derive(Debug)]
pub(crate) struct Shifts<'a> {
    calendar: &'a Calendar,
    clock: Clock<'a>,
    day: i32,
    last_day: i32,
    next_range: usize,
    /// Nothing before this instant is yielded: the start, then the end of the last interval.
    cursor: i64,
    holiday: usize,
    off: usize,
    working_today: bool,
}

impl<'a> Shifts<'a> {
    fn new(calendar: &'a Calendar, from: i64, last_day: Option<i32>) -> Shifts<'a> {
        let mut clock = Clock::new(&calendar.time_zone, from);
        // Start a day early: yesterday's range may cross midnight into today. A start
        // outside jiff's range gives an empty stream.
        let (day, last_day) = match clock.local(from) {
            Some(local) => {
                let today = local.div_euclid(DAY) as i32;
                (today - 1, last_day.unwrap_or(today + HORIZON_DAYS))
            }
            None => (0, -1),
        };
        let holiday = calendar.holiday_days.partition_point(|&d| d < day);
        let off = calendar.off_days.partition_point(|&(_, end)| end < day);
        let mut shifts = Shifts {
            calendar,
            clock,
            day,
            last_day,
            next_range: 0,
            cursor: from,
            holiday,
            off,
            working_today: false,
        };
        shifts.working_today = shifts.is_working_day();
        shifts
    }

    /// Whether the current day is neither a holiday nor time off, moving the cursors.
    fn is_working_day(&mut self) -> bool {
        let (holidays, off) = (&self.calendar.holiday_days, &self.calendar.off_days);
        while self.holiday < holidays.len() && holidays[self.holiday] < self.day {
            self.holiday += 1;
        }
        while self.off < off.len() && off[self.off].1 < self.day {
            self.off += 1;
        }
        let holiday = holidays.get(self.holiday) == Some(&self.day);
        let away = off
            .get(self.off)
            .is_some_and(|&(start, _)| start <= self.day);
        !holiday && !away
    }

    /// The next range of the current day as an interval clamped to the cursor, or `None`
    /// when the day has no more ranges. The inner `Option` is empty when the range is
    /// entirely before the cursor (or collapsed by a DST gap).
    fn next_in_day(&mut self) -> Option<Option<Interval>> {
        let ranges = self.calendar.hours.by_index(weekday_index(self.day));
        let range = ranges.get(self.next_range).filter(|_| self.working_today)?;
        self.next_range += 1;
        let base = i64::from(self.day) * DAY;
        let start = self.clock.instant(base + i64::from(range.start_second()));
        let end = self.clock.instant(base + i64::from(range.end_second()));
        let (Some(start), Some(end)) = (start, end) else {
            // Outside jiff's range: end the stream.
            self.last_day = i32::MIN;
            return None;
        };
        let start = start.max(self.cursor);
        if end <= start {
            return Some(None);
        }
        self.cursor = end;
        Some(Some(Interval {
            start,
            end,
            day: self.day,
        }))
    }
}

impl Iterator for Shifts<'_> {
    type Item = Interval;

    fn next(&mut self) -> Option<Interval> {
        while self.day <= self.last_day {
            match self.next_in_day() {
                Some(Some(interval)) => return Some(interval),
                Some(None) => continue,
                None => {
                    self.day += 1;
                    self.next_range = 0;
                    self.working_today = self.is_working_day();
                }
            }
        }
        None
    }
}
