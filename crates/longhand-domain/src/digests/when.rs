//! When a person's digest goes (DESIGN.md §1 rule 6): at their chosen local time, on their
//! working days only, never inside a focus block.
//!
//! The rule, day by day from the local date of `after` in the person's zone:
//!
//! - A day that is not a working day (no working hours on its weekday, a holiday, time off)
//!   gets no digest.
//! - On a working day the digest goes at `digest_time` on the local wall clock. A time that
//!   does not exist that day (a DST gap) moves forward by the gap, like every other local
//!   time in Longhand (jiff's *compatible* disambiguation).
//! - A digest time inside a focus block moves to the block's end (and past the next block
//!   when two touch). If that is later than the end of the working day — the end of its last
//!   working range, or the chosen time itself when the person picked an after-hours digest —
//!   that day gets no digest and the next working day is tried.
//! - The first such instant strictly after `after` wins, so a chain of digests always moves
//!   forward.

use crate::calendar::Calendar;
use jiff::civil::{Date, DateTime, Time};
use jiff::{Timestamp, ToSpan};

/// How many days ahead a digest is looked for: a year of time off still finds the next one.
pub const SEARCH_DAYS: i32 = 400;

const DAY: i32 = 86_400;

/// The person's next digest instant strictly after `after`, or `None` when their calendar
/// has no working day within [`SEARCH_DAYS`].
///
/// # Example
/// ```
/// use jiff::{civil::time, tz::TimeZone, Timestamp};
/// use longhand_domain::calendar::{Calendar, WeeklyHours};
/// use longhand_domain::digests::next_digest;
///
/// let tz = TimeZone::get("Asia/Kolkata").unwrap();
/// let cal = Calendar::new(tz, WeeklyHours::standard(), vec![], vec![], vec![]).unwrap();
/// // Saturday evening in Kolkata: the next digest is Monday 08:30 there (03:00 UTC).
/// let after: Timestamp = "2026-03-07T14:00:00Z".parse().unwrap();
/// let next = next_digest(&cal, time(8, 30, 0, 0), after).unwrap();
/// assert_eq!(next.to_string(), "2026-03-09T03:00:00Z");
/// ```
pub fn next_digest(calendar: &Calendar, digest_time: Time, after: Timestamp) -> Option<Timestamp> {
    let first = after.to_zoned(calendar.time_zone().clone()).date();
    (0..=SEARCH_DAYS)
        .map_while(|offset| first.checked_add(offset.days()).ok())
        .filter(|&date| calendar.is_working_day(date))
        .filter_map(|date| on_day(calendar, date, digest_time))
        .find(|&at| at > after)
}

/// The digest instant on a working day, or `None` when focus blocks push it out of the day.
fn on_day(calendar: &Calendar, date: Date, digest_time: Time) -> Option<Timestamp> {
    let chosen = second_of_day(digest_time);
    let day_end = working_end(calendar, date).max(chosen);
    let mut second = chosen;
    // Each step moves to the end of a different block, so there are at most as many steps
    // as blocks; the bound only guards the loop.
    for _ in 0..=calendar.focus_blocks().len() {
        match focus_end(calendar, date, second) {
            None => return local_instant(calendar, date, second),
            Some(end) if end > day_end => return None,
            Some(end) => second = end,
        }
    }
    None
}

/// The end of the day's last working range, in seconds from the day's midnight (past
/// 86,400 for a range that crosses midnight).
fn working_end(calendar: &Calendar, date: Date) -> i32 {
    let ranges = calendar.hours().day(date.weekday());
    ranges.iter().map(|r| r.end_second()).max().unwrap_or(0)
}

/// The end of the focus block of the date's weekday that contains the second, if any.
fn focus_end(calendar: &Calendar, date: Date, second: i32) -> Option<i32> {
    calendar.focus_blocks().iter().find_map(|block| {
        let (start, end) = block.seconds();
        let inside = block.days().contains(&date.weekday()) && start <= second && second < end;
        inside.then_some(end)
    })
}

fn second_of_day(time: Time) -> i32 {
    i32::from(time.hour()) * 3600 + i32::from(time.minute()) * 60 + i32::from(time.second())
}

/// The instant of a second of a local day (a second of 86,400 or more is on the next day).
fn local_instant(calendar: &Calendar, date: Date, second: i32) -> Option<Timestamp> {
    let date = date.checked_add((second / DAY).days()).ok()?;
    let rest = second % DAY;
    let time = Time::new(
        (rest / 3600) as i8,
        (rest % 3600 / 60) as i8,
        (rest % 60) as i8,
        0,
    )
    .ok()?;
    let local = DateTime::from_parts(date, time);
    local
        .to_zoned(calendar.time_zone().clone())
        .ok()
        .map(|zoned| zoned.timestamp())
}
