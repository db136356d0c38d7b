//! The meeting gate and people's hours: where a planned meeting falls on each invitee's own
//! calendar — outside their working hours, inside a focus block, on a holiday or time off —
//! and the nearest slot of the same length that suits everyone.
//!
//! A meeting outside someone's hours is allowed (people agree to an early call now and then),
//! so this answers with facts to warn about, never a refusal. The slot search reuses the
//! overlap finder ([`crate::meetings::overlap`]): the shared working stretches come from the
//! business calendar engine, so zones, DST, split days, holidays and time off count exactly
//! as they do everywhere else.

use std::fmt;

use jiff::civil::Time;
use jiff::{SignedDuration, Timestamp, Zoned};

use crate::calendar::{Availability, Calendar, TimeRange};
use crate::meetings::{Window, focus_clash, overlap, unfocused};

/// How far either side of the wanted start the slot search looks: two weeks, ten business
/// days of a Monday–Friday week.
pub const SEARCH_DAYS: i64 = 14;

/// Why a meeting does not suit one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    /// It starts before their working hours of that day.
    Before(Vec<TimeRange>),
    /// It starts in the gap of a split day.
    Between(Vec<TimeRange>),
    /// It starts after their working hours of that day.
    After(Vec<TimeRange>),
    /// It starts inside their hours and runs past the end of them.
    RunsPast(Vec<TimeRange>),
    /// They do not work on that weekday.
    DayOff,
    Holiday,
    TimeOff,
    /// It runs into this focus block (local start and end).
    Focus(Time, Time),
}

impl Clash {
    /// A stable key for the API.
    pub fn key(&self) -> &'static str {
        match self {
            Clash::Before(_) => "before_hours",
            Clash::Between(_) => "between_hours",
            Clash::After(_) => "after_hours",
            Clash::RunsPast(_) => "past_hours",
            Clash::DayOff => "day_off",
            Clash::Holiday => "holiday",
            Clash::TimeOff => "time_off",
            Clash::Focus(..) => "focus",
        }
    }
}

/// A day's ranges as people write them: "09:00–12:00, 13:00–17:00".
fn ranges(day: &[TimeRange]) -> String {
    let each: Vec<String> = day
        .iter()
        .map(|r| r.to_string().replace('-', "–"))
        .collect();
    each.join(", ")
}

impl fmt::Display for Clash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clash::Before(day) => write!(f, "before their hours ({})", ranges(day)),
            Clash::Between(day) => write!(f, "between their hours ({})", ranges(day)),
            Clash::After(day) => write!(f, "after their hours ({})", ranges(day)),
            Clash::RunsPast(day) => {
                write!(f, "running past the end of their hours ({})", ranges(day))
            }
            Clash::DayOff => f.write_str("on a day they do not work"),
            Clash::Holiday => f.write_str("on their holiday"),
            Clash::TimeOff => f.write_str("during their time off"),
            Clash::Focus(start, end) => write!(
                f,
                "in their focus block ({}–{})",
                start.strftime("%H:%M"),
                end.strftime("%H:%M")
            ),
        }
    }
}

/// A meeting on one person's wall clock, and what is wrong with it for them.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalTime {
    pub start: Zoned,
    pub end: Zoned,
    pub clash: Option<Clash>,
}

/// Where `[start, start + length)` falls for the owner of `calendar`.
///
/// Hours come first: a meeting before someone's day starts is reported as that even when it
/// would also touch a focus block later. Focus blocks count only inside working hours.
pub fn local_time(calendar: &Calendar, start: Timestamp, length: SignedDuration) -> LocalTime {
    let zone = calendar.time_zone();
    let end = start.checked_add(length).unwrap_or(start);
    let clash = match worked_until(calendar, start, end) {
        Some(reach) if reach >= end => {
            focus_clash(calendar, start, end).map(|(a, b)| Clash::Focus(a, b))
        }
        Some(reach) => Some(not_working(calendar, reach, true)),
        None => Some(not_working(calendar, start, false)),
    };
    LocalTime {
        start: start.to_zoned(zone.clone()),
        end: end.to_zoned(zone.clone()),
        clash,
    }
}

/// How far from `start` the person works without a break, up to `end`; `None` when they are
/// not working at `start`. Touching working periods (a range ending at midnight and the next
/// day's starting then) count as one.
fn worked_until(calendar: &Calendar, start: Timestamp, end: Timestamp) -> Option<Timestamp> {
    let mut periods = calendar.working_periods(start);
    let (first, mut reach) = periods.next()?;
    if first > start {
        return None;
    }
    for (from, to) in periods {
        if from > reach || reach >= end {
            break;
        }
        reach = to;
    }
    Some(reach)
}

/// Why the person is not working at `at`; `started` tells that the meeting began inside their
/// hours and runs out of them here.
fn not_working(calendar: &Calendar, at: Timestamp, started: bool) -> Clash {
    let local = at.to_zoned(calendar.time_zone().clone());
    let day = calendar.hours().day(local.weekday()).to_vec();
    match calendar.availability_at(at) {
        Availability::Holiday => Clash::Holiday,
        Availability::TimeOff => Clash::TimeOff,
        _ if day.is_empty() => Clash::DayOff,
        _ if started => Clash::RunsPast(day),
        _ => placed(local.time(), day),
    }
}

/// Before, between or after the day's working ranges.
fn placed(time: Time, day: Vec<TimeRange>) -> Clash {
    if day.iter().all(|r| time < r.start()) {
        Clash::Before(day)
    } else if day.iter().any(|r| time < r.start()) {
        Clash::Between(day)
    } else {
        Clash::After(day)
    }
}

/// The nearest slot the slot search found, or who stands in the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggestion {
    /// A quarter-hour start that suits everyone.
    At(Timestamp),
    /// No common slot within [`SEARCH_DAYS`]; the positions (in the calendars given) of the
    /// people whose hours share no such slot with the first person's — or, when every pair
    /// meets but the whole group does not, those without whom a slot exists. Empty when no
    /// single person can be named.
    Nobody(Vec<usize>),
}

/// The quarter-hour start nearest to `wanted` (later wins a tie) from which `length` lies
/// inside every one of `calendars`' working hours and outside their focus blocks, searched
/// [`SEARCH_DAYS`] either side of `wanted` but never before `now`.
///
/// The first calendar is the reference person (the organiser) when nobody fits.
pub fn nearest_slot(
    calendars: &[Calendar],
    wanted: Timestamp,
    length: SignedDuration,
    now: Timestamp,
) -> Suggestion {
    if let Some(at) = nearest(calendars, wanted, length, now) {
        return Suggestion::At(at);
    }
    let others = 1..calendars.len();
    let alone: Vec<usize> = others
        .clone()
        .filter(|&i| nearest(&pair(calendars, i), wanted, length, now).is_none())
        .collect();
    if !alone.is_empty() {
        return Suggestion::Nobody(alone);
    }
    let blocking = (0..calendars.len())
        .filter(|&i| nearest(&without(calendars, i), wanted, length, now).is_some())
        .collect();
    Suggestion::Nobody(blocking)
}

fn pair(calendars: &[Calendar], i: usize) -> Vec<Calendar> {
    vec![calendars[0].clone(), calendars[i].clone()]
}

fn without(calendars: &[Calendar], i: usize) -> Vec<Calendar> {
    let mut rest = calendars.to_vec();
    rest.remove(i);
    rest
}

/// The search itself: every fitting quarter hour in the window, nearest first.
fn nearest(
    calendars: &[Calendar],
    wanted: Timestamp,
    length: SignedDuration,
    now: Timestamp,
) -> Option<Timestamp> {
    let reach = SignedDuration::from_hours(24 * SEARCH_DAYS);
    let from = wanted.checked_sub(reach).ok()?.max(now);
    let to = wanted.checked_add(reach).ok()?.checked_add(length).ok()?;
    let found = overlap(calendars, Window::new(from, to)?).ok()?;
    let mut starts: Vec<Timestamp> = found.quarter_starts(from, length).collect();
    // Nearest first; at equal distance the later start, which leaves more time to prepare.
    starts.sort_by_key(|&at| (wanted.duration_since(at).abs(), at <= wanted));
    starts
        .into_iter()
        .find(|&at| unfocused(calendars, at, length))
}

#[cfg(test)]
mod tests;
