//! "Remind me later" on a notification: the instant a snoozed notification comes back.
//!
//! The choices are written in the person's own zone: *later today* is three hours from now,
//! rounded up to the quarter hour, and only while that is still today on their wall clock;
//! *tomorrow morning* is the start of their first working time (outside focus blocks) from
//! tomorrow on — after a Friday that is Monday morning, since that is the next morning they
//! will read it — or 09:00 tomorrow when their calendar has no working time ahead; a chosen
//! instant must lie ahead, and at most a year ahead.

use crate::calendar::Calendar;
use jiff::{SignedDuration, Timestamp, ToSpan};
use std::fmt;

/// How many hours *later today* is.
pub const LATER_TODAY_HOURS: i64 = 3;
const QUARTER_HOUR: i64 = 15 * 60;
const MAX_AHEAD: SignedDuration = SignedDuration::from_hours(366 * 24);

/// When a snoozed notification should come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snooze {
    LaterToday,
    TomorrowMorning,
    Until(Timestamp),
}

/// Why a snooze was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnoozeError {
    /// Three hours from now is already tomorrow on the person's wall clock.
    TooLateToday,
    /// The chosen instant is not in the future.
    InThePast,
    /// The chosen instant is more than a year ahead.
    TooFarAhead,
}

impl fmt::Display for SnoozeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SnoozeError::TooLateToday => {
                "it is too late for \"later today\"; choose tomorrow morning or a time"
            }
            SnoozeError::InThePast => "the time to be reminded at must be in the future",
            SnoozeError::TooFarAhead => "the time to be reminded at can be at most a year ahead",
        })
    }
}

impl std::error::Error for SnoozeError {}

/// The instant the notification comes back, for a person with `calendar`, at `now`.
pub fn snooze_until(
    choice: Snooze,
    calendar: &Calendar,
    now: Timestamp,
) -> Result<Timestamp, SnoozeError> {
    match choice {
        Snooze::LaterToday => later_today(calendar, now),
        Snooze::TomorrowMorning => Ok(tomorrow_morning(calendar, now)),
        Snooze::Until(at) if at <= now => Err(SnoozeError::InThePast),
        Snooze::Until(at) if at.duration_since(now) > MAX_AHEAD => Err(SnoozeError::TooFarAhead),
        Snooze::Until(at) => Ok(at),
    }
}

fn later_today(calendar: &Calendar, now: Timestamp) -> Result<Timestamp, SnoozeError> {
    // A fraction of a second rounds up, so the reminder is never a moment early.
    let whole = now.as_second() + i64::from(now.subsec_nanosecond() > 0);
    let target = whole + LATER_TODAY_HOURS * 3600;
    // Every zone's offset today is a whole number of quarter hours, so rounding the instant
    // rounds the wall clock too.
    let rounded = (target + QUARTER_HOUR - 1).div_euclid(QUARTER_HOUR) * QUARTER_HOUR;
    let at = Timestamp::from_second(rounded).map_err(|_| SnoozeError::TooFarAhead)?;
    let zone = calendar.time_zone();
    if at.to_zoned(zone.clone()).date() != now.to_zoned(zone.clone()).date() {
        return Err(SnoozeError::TooLateToday);
    }
    Ok(at)
}

fn tomorrow_morning(calendar: &Calendar, now: Timestamp) -> Timestamp {
    let zone = calendar.time_zone().clone();
    let tomorrow = now.to_zoned(zone.clone()).date().saturating_add(1.day());
    let midnight = tomorrow
        .to_zoned(zone.clone())
        .map(|z| z.timestamp())
        .unwrap_or(now);
    calendar
        .next_reachable_instant(midnight)
        .or_else(|| {
            let nine = tomorrow.at(9, 0, 0, 0).to_zoned(zone).ok()?;
            Some(nine.timestamp())
        })
        .unwrap_or(midnight)
}
