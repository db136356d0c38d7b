//! Integer calendar arithmetic for the recurrence engine.
//!
//! The engine works on *civil seconds*: the number of seconds from 1970-01-01T00:00:00 to a
//! wall-clock time, ignoring time zones. One `i64` per candidate makes sorting, comparing and
//! stepping cheap, and conversion to `jiff` types happens only at the edges. Days are counted
//! the same way (`i64` days since 1970-01-01) and weekdays are numbered Monday = 0 … Sunday = 6.

use jiff::civil::{Date, DateTime};

/// Seconds in a civil day. Civil time has no DST, so every day has exactly this many.
pub(crate) const DAY: i64 = 86_400;

/// The largest year the engine produces, matching `jiff`'s civil range, so every
/// candidate converts into a `jiff` value without error.
pub(crate) const MAX_YEAR: i64 = 9_999;

/// Whether `year` is a Gregorian leap year.
pub(crate) fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in `month` (1–12) of `year`.
pub(crate) fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The number of days in `year`.
pub(crate) fn days_in_year(year: i64) -> i64 {
    if is_leap(year) { 366 } else { 365 }
}

/// Days since 1970-01-01 for a proleptic Gregorian date.
///
/// This is the well-known "days from civil" construction: shift the year to start in March so
/// the leap day is the last day of the shifted year, then count whole 400-year eras.
pub(crate) fn days_from_ymd(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_ymd`]: `(year, month, day)` for a day number.
pub(crate) fn ymd_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The weekday of a day number, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
pub(crate) fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// The first day of the week-numbering year `year` for weeks starting on `wkst`.
///
/// RFC 5545 defines week 1 as the first week with at least four days in the calendar year,
/// which for `wkst` = Monday is the ISO 8601 rule.
pub(crate) fn week_one_start(year: i64, wkst: i64) -> i64 {
    let jan1 = days_from_ymd(year, 1, 1);
    let into_week = (weekday(jan1) - wkst).rem_euclid(7);
    let start = jan1 - into_week;
    if into_week <= 3 { start } else { start + 7 }
}

/// The week-numbering year and week number (1-based) of a day.
pub(crate) fn week_of(days: i64, wkst: i64) -> (i64, i64) {
    let (year, _, _) = ymd_from_days(days);
    let mut week_year = year + 1;
    while days < week_one_start(week_year, wkst) {
        week_year -= 1;
    }
    (week_year, (days - week_one_start(week_year, wkst)) / 7 + 1)
}

/// The number of weeks (52 or 53) in a week-numbering year.
pub(crate) fn weeks_in_year(year: i64, wkst: i64) -> i64 {
    (week_one_start(year + 1, wkst) - week_one_start(year, wkst)) / 7
}

/// A civil second count for a `jiff` civil date-time (sub-second precision is dropped, as
/// iCalendar has none).
pub(crate) fn secs_from_datetime(dt: DateTime) -> i64 {
    let days = days_from_date(dt.date());
    days * DAY + i64::from(dt.hour()) * 3600 + i64::from(dt.minute()) * 60 + i64::from(dt.second())
}

/// A day number for a `jiff` civil date.
pub(crate) fn days_from_date(date: Date) -> i64 {
    days_from_ymd(
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    )
}

/// The `jiff` civil date-time for a civil second count, or `None` outside `jiff`'s range.
pub(crate) fn datetime_from_secs(secs: i64) -> Option<DateTime> {
    let (y, mo, d) = ymd_from_days(secs.div_euclid(DAY));
    let tod = secs.rem_euclid(DAY);
    let date = Date::new(i16::try_from(y).ok()?, mo as i8, d as i8).ok()?;
    let time = jiff::civil::Time::new(
        (tod / 3600) as i8,
        (tod / 60 % 60) as i8,
        (tod % 60) as i8,
        0,
    )
    .ok()?;
    Some(date.to_datetime(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_over_four_centuries() {
        for days in -200_000..200_000 {
            let (y, m, d) = ymd_from_days(days);
            assert_eq!(days_from_ymd(y, m, d), days, "{y}-{m}-{d}");
        }
    }

    #[test]
    fn weekday_and_weeks_agree_with_jiff() {
        for days in (-40_000..40_000).step_by(7 * 13 + 1) {
            let dt = datetime_from_secs(days * DAY).unwrap_or_default();
            assert_eq!(
                weekday(days),
                i64::from(dt.weekday().to_monday_zero_offset())
            );
            let iso = dt.date().iso_week_date();
            assert_eq!(
                week_of(days, 0),
                (i64::from(iso.year()), i64::from(iso.week()))
            );
        }
    }

    #[test]
    fn weeks_in_year_matches_known_53_week_years() {
        let long: Vec<i64> = (2000..2040)
            .filter(|&y| weeks_in_year(y, 0) == 53)
            .collect();
        assert_eq!(long, vec![2004, 2009, 2015, 2020, 2026, 2032, 2037]);
    }
}
