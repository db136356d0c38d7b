//! The building blocks of a calendar, in civil (wall-clock) terms: working ranges within a
//! day, weekly working hours, date ranges for time off, and recurring focus blocks.
//!
//! Nothing here knows about time zones; `engine.rs` turns these civil times into instants.

use std::fmt;

use jiff::SignedDuration;
use jiff::civil::{Date, Time, Weekday};

use super::error::CalendarError;

pub(crate) const DAY: i32 = 86_400;

/// A working range within a day, e.g. "09:00-12:00".
///
/// Internally a range is two second-of-day offsets from the start of the day it belongs to:
/// `end` is at most `2 * DAY`, and a range with `end > DAY` crosses midnight. "22:00-06:00"
/// on Monday therefore runs from Monday 22:00 to Tuesday 06:00, and belongs to Monday (a
/// holiday on Monday cancels it, a holiday on Tuesday does not).
///
/// An end of "24:00" means the end of the day. [`TimeRange::new`] reads an end of 00:00
/// after a later start the same way, so `new(22:00, 00:00)` is "22:00-24:00" and does not
/// cross midnight. Sub-second parts of times are ignored.
///
/// # Example
/// ```
/// use longhand_domain::calendar::TimeRange;
/// let night = TimeRange::parse("22:00-06:00").unwrap();
/// assert!(night.crosses_midnight());
/// assert_eq!(night.duration(), jiff::SignedDuration::from_hours(8));
/// assert_eq!(night.to_string(), "22:00-06:00");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeRange {
    start: i32,
    end: i32,
}

impl TimeRange {
    /// Parses "HH:MM-HH:MM" (seconds optional: "HH:MM:SS"); "24:00" is allowed as an end.
    pub fn parse(s: &str) -> Result<TimeRange, CalendarError> {
        let (start, end) = s
            .split_once('-')
            .ok_or_else(|| CalendarError::InvalidRange(s.to_string()))?;
        let start = parse_time_of_day(start.trim())?;
        if start == DAY {
            return Err(CalendarError::InvalidTime(start_text(s)));
        }
        Self::from_seconds(start, parse_time_of_day(end.trim())?, s)
    }

    /// A range from `start` to `end`; an `end` before `start` crosses midnight, and an `end`
    /// of 00:00 after a later `start` means the end of the day (24:00).
    pub fn new(start: Time, end: Time) -> Result<TimeRange, CalendarError> {
        let (start, end) = (second_of_day(start), second_of_day(end));
        let end = if end == 0 && start > 0 { DAY } else { end };
        Self::from_seconds(start, end, &format!("{}-{}", hhmm(start), hhmm(end)))
    }

    /// The range from `start` to the end of the day ("HH:MM-24:00").
    pub fn until_end_of_day(start: Time) -> Result<TimeRange, CalendarError> {
        let start = second_of_day(start);
        Self::from_seconds(start, DAY, &format!("{}-24:00", hhmm(start)))
    }

    fn from_seconds(start: i32, end: i32, text: &str) -> Result<TimeRange, CalendarError> {
        // An end before the start is read as "on the next day"; an end of exactly 24:00 is
        // the end of this day and never crosses midnight.
        let end = if end < start { end + DAY } else { end };
        if end == start {
            return Err(CalendarError::EmptyRange(text.to_string()));
        }
        Ok(TimeRange { start, end })
    }

    /// The local time the range starts.
    pub fn start(&self) -> Time {
        time_of(self.start)
    }

    /// The local time the range ends; 00:00 for a range that ends at midnight (24:00).
    pub fn end(&self) -> Time {
        time_of(self.end % DAY)
    }

    /// Whether the range ends on the next day ("22:00-06:00"). A range ending at 24:00 does
    /// not cross midnight.
    pub fn crosses_midnight(&self) -> bool {
        self.end > DAY
    }

    /// The civil length of the range. On a day with a DST change inside the range the real
    /// working time differs; see [`super::Calendar`].
    pub fn duration(&self) -> SignedDuration {
        SignedDuration::from_secs(i64::from(self.end - self.start))
    }

    pub(crate) fn start_second(&self) -> i32 {
        self.start
    }

    pub(crate) fn end_second(&self) -> i32 {
        self.end
    }

    /// Whether the two ranges of the same day share any time.
    fn overlaps(&self, other: &TimeRange) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = if self.end > DAY {
            self.end - DAY
        } else {
            self.end
        };
        write!(f, "{}-{}", hhmm(self.start), hhmm(end))
    }
}

impl std::str::FromStr for TimeRange {
    type Err = CalendarError;
    fn from_str(s: &str) -> Result<TimeRange, CalendarError> {
        TimeRange::parse(s)
    }
}

/// Working hours per weekday, Monday first, with ranges sorted by start time.
///
/// # Example
/// ```
/// use longhand_domain::calendar::WeeklyHours;
/// assert_eq!(WeeklyHours::standard().weekly_total(), jiff::SignedDuration::from_hours(40));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WeeklyHours {
    days: [Vec<TimeRange>; 7],
}

impl WeeklyHours {
    /// Working ranges per weekday, index 0 = Monday. Rejects ranges that overlap on a day,
    /// and a midnight-crossing range that runs into the first range of the next day (Sunday
    /// spills into Monday).
    pub fn new(mut days: [Vec<TimeRange>; 7]) -> Result<WeeklyHours, CalendarError> {
        for ranges in &mut days {
            ranges.sort();
        }
        for index in 0..7 {
            check_day(&days, index)?;
        }
        Ok(WeeklyHours { days })
    }

    /// Monday to Friday, 09:00–17:00.
    pub fn standard() -> WeeklyHours {
        let nine_to_five = TimeRange {
            start: 9 * 3600,
            end: 17 * 3600,
        };
        let workday = vec![nine_to_five];
        WeeklyHours {
            days: [
                workday.clone(),
                workday.clone(),
                workday.clone(),
                workday.clone(),
                workday,
                Vec::new(),
                Vec::new(),
            ],
        }
    }

    /// The working ranges of a weekday, sorted by start.
    pub fn day(&self, day: Weekday) -> &[TimeRange] {
        &self.days[monday_index(day)]
    }

    /// The civil working time of a whole week.
    pub fn weekly_total(&self) -> SignedDuration {
        let seconds: i64 = self
            .days
            .iter()
            .flatten()
            .map(|r| i64::from(r.end - r.start))
            .sum();
        SignedDuration::from_secs(seconds)
    }

    pub(crate) fn by_index(&self, monday_zero: usize) -> &[TimeRange] {
        &self.days[monday_zero]
    }
}

/// Checks one weekday's sorted ranges against each other and against the next weekday.
fn check_day(days: &[Vec<TimeRange>; 7], index: usize) -> Result<(), CalendarError> {
    let day = weekday(index);
    for pair in days[index].windows(2) {
        if pair[0].overlaps(&pair[1]) {
            return Err(CalendarError::Overlap {
                day,
                first: pair[0],
                second: pair[1],
            });
        }
    }
    // Only the last range of a day can cross midnight, because any range starting after a
    // crossing one would overlap it. Its spill-over is checked against the next day's first.
    let (Some(last), Some(next)) = (days[index].last(), days[(index + 1) % 7].first()) else {
        return Ok(());
    };
    if last.end - DAY > next.start {
        let next_day = weekday((index + 1) % 7);
        return Err(CalendarError::SpillOverlap {
            day,
            first: *last,
            next_day,
            second: *next,
        });
    }
    Ok(())
}

/// An inclusive range of dates, used for time off.
///
/// # Example
/// ```
/// use jiff::civil::date;
/// use longhand_domain::calendar::DateRange;
/// let away = DateRange::new(date(2026, 8, 3), date(2026, 8, 14)).unwrap();
/// assert!(away.contains(date(2026, 8, 14)));
/// assert_eq!(away.to_string(), "2026-08-03..2026-08-14");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateRange {
    start: Date,
    end: Date,
}

impl DateRange {
    /// The dates from `start` to `end`, both included.
    pub fn new(start: Date, end: Date) -> Result<DateRange, CalendarError> {
        if end < start {
            return Err(CalendarError::DateRangeReversed { start, end });
        }
        Ok(DateRange { start, end })
    }

    pub fn start(&self) -> Date {
        self.start
    }

    pub fn end(&self) -> Date {
        self.end
    }

    pub fn contains(&self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A recurring focus block: on these weekdays, from `start` to `end` local time.
///
/// Focus blocks are working time (clocks keep running inside them); they only change what
/// [`super::Calendar::availability_at`] reports, so notifications can stay out of them. A
/// block does not cross midnight; an `end` of 00:00 means the end of the day.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FocusBlock {
    days: Vec<Weekday>,
    start: Time,
    end: Time,
}

impl FocusBlock {
    /// A focus block; the weekdays are sorted (Monday first) and de-duplicated.
    pub fn new(days: Vec<Weekday>, start: Time, end: Time) -> Result<FocusBlock, CalendarError> {
        let (start_s, end_s) = (second_of_day(start), second_of_day(end));
        let end_s = if end_s == 0 { DAY } else { end_s };
        if end_s <= start_s {
            let (start, end) = (hhmm(start_s), hhmm(end_s));
            return Err(CalendarError::FocusBlockEmpty { start, end });
        }
        if days.is_empty() {
            return Err(CalendarError::FocusBlockNoDays);
        }
        let mut days = days;
        days.sort_by_key(|d| d.to_monday_zero_offset());
        days.dedup();
        Ok(FocusBlock { days, start, end })
    }

    pub fn days(&self) -> &[Weekday] {
        &self.days
    }

    pub fn start(&self) -> Time {
        self.start
    }

    /// The local end time; 00:00 means the end of the day.
    pub fn end(&self) -> Time {
        self.end
    }

    /// The block as second-of-day offsets, with an end of 00:00 read as 24:00.
    pub(crate) fn seconds(&self) -> (i32, i32) {
        let end = second_of_day(self.end);
        (second_of_day(self.start), if end == 0 { DAY } else { end })
    }
}

/// Parses "HH:MM" or "HH:MM:SS" into a second of the day; "24:00" gives `DAY`.
pub(crate) fn parse_time_of_day(s: &str) -> Result<i32, CalendarError> {
    let invalid = || CalendarError::InvalidTime(s.to_string());
    let mut parts = s.split(':');
    let hour = two_digits(parts.next()).ok_or_else(invalid)?;
    let minute = two_digits(parts.next()).ok_or_else(invalid)?;
    let second = match parts.next() {
        None => 0,
        some => two_digits(some).ok_or_else(invalid)?,
    };
    if parts.next().is_some() || minute > 59 || second > 59 {
        return Err(invalid());
    }
    let total = hour * 3600 + minute * 60 + second;
    if total > DAY {
        Err(invalid())
    } else {
        Ok(total)
    }
}

/// Exactly two ASCII digits.
fn two_digits(part: Option<&str>) -> Option<i32> {
    let part = part?;
    if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

/// The text before the dash of a range, for error messages.
fn start_text(range: &str) -> String {
    range
        .split_once('-')
        .map_or(range, |(start, _)| start.trim())
        .to_string()
}

/// "HH:MM", or "HH:MM:SS" when the seconds are not zero; `DAY` prints as "24:00".
pub(crate) fn hhmm(second: i32) -> String {
    let (h, m, s) = (second / 3600, second / 60 % 60, second % 60);
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

pub(crate) fn second_of_day(t: Time) -> i32 {
    i32::from(t.hour()) * 3600 + i32::from(t.minute()) * 60 + i32::from(t.second())
}

/// The civil time at a second of the day (taken modulo one day).
fn time_of(second: i32) -> Time {
    let s = second.rem_euclid(DAY);
    // The three parts are in range by construction, so this never falls back.
    Time::new((s / 3600) as i8, (s / 60 % 60) as i8, (s % 60) as i8, 0).unwrap_or(Time::midnight())
}

pub(crate) fn monday_index(day: Weekday) -> usize {
    day.to_monday_zero_offset() as usize
}

pub(crate) fn weekday(monday_zero: usize) -> Weekday {
    const DAYS: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    DAYS[monday_zero % 7]
}
