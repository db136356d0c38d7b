//! Fast conversion between instants and local civil seconds in one time zone.
//!
//! The engine works in two integer spaces: *instants* (seconds since the Unix epoch, UTC)
//! and *local seconds* (`day * 86_400 + second_of_day`, where `day` counts civil days since
//! 1970-01-01 in the member's zone). Asking jiff to convert every range boundary would cost
//! a transition lookup each; instead [`Clock`] remembers the stretch of time between two
//! transitions of the zone (a *segment*, one fixed offset) and converts with one
//! subtraction while it stays inside it. Near a transition it falls back to jiff.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

pub(crate) const DAY: i64 = 86_400;

/// Local times whose fast-path instant lies within this distance of a transition go to
/// jiff. It must exceed the largest possible offset change (UTC offsets span -12h..+14h, so
/// at most 26h): then a local time that maps into the segment with the segment's offset
/// cannot map validly with any other offset, so it is neither in a gap nor in a fold.
const MARGIN: i64 = 2 * DAY;

/// The instants `[lo, hi)` that share one UTC offset.
#[derive(Clone, Copy, Debug)]
struct Segment {
    lo: i64,
    hi: i64,
    offset: i64,
}

/// Converts between instants and local seconds in one zone, caching the current segment.
#[derive(Debug)]
pub(crate) struct Clock<'a> {
    tz: &'a TimeZone,
    segment: Segment,
}

impl<'a> Clock<'a> {
    /// A clock whose cache starts around the instant `near`.
    pub(crate) fn new(tz: &'a TimeZone, near: i64) -> Clock<'a> {
        let empty = Segment {
            lo: 0,
            hi: 0,
            offset: 0,
        };
        Clock {
            tz,
            segment: segment(tz, near).unwrap_or(empty),
        }
    }

    /// The local seconds at an instant; `None` outside jiff's range.
    pub(crate) fn local(&mut self, t: i64) -> Option<i64> {
        if !(self.segment.lo <= t && t < self.segment.hi) {
            self.segment = segment(self.tz, t)?;
        }
        Some(t + self.segment.offset)
    }

    /// The instant of a local time, disambiguated the *compatible* way (RFC 5545, Temporal):
    /// a time in a gap (spring forward) moves forward by the gap's length, so 02:30 on a
    /// day that jumps from 02:00 to 03:00 is 03:30; a time in a fold (fall back) is its
    /// first occurrence. The mapping is monotone, but in a gap distinct local times can
    /// share one instant; the engine clamps so that such time is never counted twice.
    pub(crate) fn instant(&mut self, local: i64) -> Option<i64> {
        if let Some(t) = self.fast(local) {
            return Some(t);
        }
        self.segment = segment(self.tz, local - self.segment.offset)?;
        self.fast(local).or_else(|| slow_instant(self.tz, local))
    }

    fn fast(&self, local: i64) -> Option<i64> {
        let t = local - self.segment.offset;
        let inside = self.segment.lo.saturating_add(MARGIN) <= t
            && t < self.segment.hi.saturating_sub(MARGIN);
        inside.then_some(t)
    }
}

/// The segment containing instant `t`, using jiff's transition queries.
fn segment(tz: &TimeZone, t: i64) -> Option<Segment> {
    let at = Timestamp::from_second(t).ok()?;
    let offset = i64::from(tz.to_offset(at).seconds());
    // `preceding` yields transitions strictly before its argument, so ask from one second
    // later to include a transition exactly at `t`.
    let lo = at
        .checked_add(SignedDuration::from_secs(1))
        .ok()
        .and_then(|next| tz.preceding(next).next())
        .map_or(i64::MIN, |tr| tr.timestamp().as_second());
    let hi = tz
        .following(at)
        .next()
        .map_or(i64::MAX, |tr| tr.timestamp().as_second());
    Some(Segment { lo, hi, offset })
}

/// The compatible instant of a local time, straight from jiff.
fn slow_instant(tz: &TimeZone, local: i64) -> Option<i64> {
    let dt = civil_datetime(local)?;
    let ts = tz.to_ambiguous_timestamp(dt).compatible().ok()?;
    Some(ts.as_second())
}

/// The civil date and time of local seconds.
pub(crate) fn civil_datetime(local: i64) -> Option<DateTime> {
    let day = i32::try_from(local.div_euclid(DAY)).ok()?;
    let second = local.rem_euclid(DAY) as i32;
    let (h, m, s) = (second / 3600, second / 60 % 60, second % 60);
    let time = Time::new(h as i8, m as i8, s as i8, 0).ok()?;
    Some(date_of_day(day)?.to_datetime(time))
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
pub(crate) fn day_number(date: Date) -> i32 {
    let (month, day) = (i32::from(date.month()), i32::from(date.day()));
    let year = i32::from(date.year()) - i32::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date of a day number (Howard Hinnant's `civil_from_days`); `None` outside
/// jiff's supported years.
pub(crate) fn date_of_day(day: i32) -> Option<Date> {
    let z = day.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let d = day_of_year - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = year_of_era + era * 400 + i32::from(m <= 2);
    Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()
}

/// Monday = 0 … Sunday = 6 for a day number; 1970-01-01 was a Thursday.
pub(crate) fn weekday_index(day: i32) -> usize {
    (day + 3).rem_euclid(7) as usize
}
