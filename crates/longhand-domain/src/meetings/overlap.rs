//! The overlap finder (issue #5, DESIGN.md §2.6): the hours in a week when every one of a set
//! of people is working, for the meetings that must happen — each stretch shown on every
//! person's own wall clock.
//!
//! The intersection comes from the business calendar engine ([`TeamCalendar::intersection`]),
//! so each person's zone, DST, split days, holidays and time off count exactly as they do for
//! response targets. The engine splits a stretch at the day zone's midnights; the finder joins
//! the pieces again, since a meeting slot does not care about anyone's midnight.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, Zoned};

use super::Window;
use crate::calendar::{Calendar, CalendarError, TeamCalendar};

/// One stretch when everyone works.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    pub start: Timestamp,
    pub end: Timestamp,
    /// The stretch on each person's wall clock, in the order the calendars were given.
    pub local: Vec<(Zoned, Zoned)>,
}

impl Slot {
    pub fn length(&self) -> SignedDuration {
        self.end.duration_since(self.start)
    }
}

/// Every shared working stretch in a window.
#[derive(Clone, Debug, PartialEq)]
pub struct Overlap {
    pub window: Window,
    pub slots: Vec<Slot>,
}

impl Overlap {
    /// The shared working time in the window.
    pub fn total(&self) -> SignedDuration {
        self.slots.iter().map(Slot::length).sum()
    }
}

/// The week (Monday 00:00 to the next Monday 00:00 on `zone`'s wall clock) that holds `day`.
/// A week across a DST change is 167 or 169 hours long.
pub fn week_of(day: Date, zone: &TimeZone) -> Option<Window> {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    let monday = day.checked_sub(jiff::Span::new().days(back)).ok()?;
    let next = monday.checked_add(jiff::Span::new().days(7)).ok()?;
    let from = monday.to_zoned(zone.clone()).ok()?.timestamp();
    let to = next.to_zoned(zone.clone()).ok()?.timestamp();
    Window::new(from, to)
}

/// When all of `calendars` work inside `window`; an empty list of slots when they never do.
///
/// # Example
/// ```
/// use jiff::civil::date;
/// use longhand_domain::calendar::{Calendar, WeeklyHours};
/// use longhand_domain::meetings::{overlap, week_of};
///
/// let zone = |name| jiff::tz::TimeZone::get(name).unwrap();
/// let cal = |name| Calendar::new(zone(name), WeeklyHours::standard(), vec![], vec![], vec![]).unwrap();
/// let week = week_of(date(2026, 3, 4), &zone("Europe/Berlin")).unwrap();
/// let found = overlap(&[cal("Europe/Berlin"), cal("America/New_York")], week).unwrap();
/// // 09:00–17:00 in both: New York's morning is Berlin's afternoon, two hours a day.
/// assert_eq!(found.slots.len(), 5);
/// assert_eq!(found.slots[0].local[0].0.time(), jiff::civil::time(15, 0, 0, 0));
/// assert_eq!(found.slots[0].local[1].0.time(), jiff::civil::time(9, 0, 0, 0));
/// ```
pub fn overlap(calendars: &[Calendar], window: Window) -> Result<Overlap, CalendarError> {
    let day_zone = calendars
        .first()
        .map(|c| c.time_zone().clone())
        .ok_or(CalendarError::NoMembers)?;
    let team = TeamCalendar::intersection(calendars.to_vec(), day_zone)?;
    let mut joined: Vec<(Timestamp, Timestamp)> = Vec::new();
    let periods = team
        .working_periods(window.from())
        .take_while(|(start, _)| *start < window.to())
        .map(|(start, end)| (start, end.min(window.to())));
    for (start, end) in periods {
        match joined.last_mut() {
            Some(last) if last.1 == start => last.1 = end,
            _ => joined.push((start, end)),
        }
    }
    let slots = joined
        .into_iter()
        .map(|(start, end)| Slot {
            start,
            end,
            local: calendars
                .iter()
                .map(|c| {
                    let zone = c.time_zone();
                    (start.to_zoned(zone.clone()), end.to_zoned(zone.clone()))
                })
                .collect(),
        })
        .collect();
    Ok(Overlap { window, slots })
}

/// The quarter hour of a slot grid: meetings and calls start on one.
pub const QUARTER: SignedDuration = SignedDuration::from_mins(15);

impl Overlap {
    /// Every quarter-hour start at or after `from` from which `length` fits inside one
    /// shared stretch, in time order.
    ///
    /// Starts are quarter hours of UTC, which are also quarter hours of every zone in use
    /// today (offsets are whole quarter hours, Asia/Kathmandu's +05:45 included), so a
    /// suggestion reads as a time people would pick on their own clock.
    pub fn quarter_starts(
        &self,
        from: Timestamp,
        length: SignedDuration,
    ) -> impl Iterator<Item = Timestamp> + '_ {
        self.slots.iter().flat_map(move |slot| {
            let first = next_quarter(slot.start.max(from));
            std::iter::successors(first, |at| at.checked_add(QUARTER).ok())
                .take_while(move |at| at.checked_add(length).is_ok_and(|end| end <= slot.end))
        })
    }
}

/// `at` itself when it is on a quarter hour, else the next quarter hour.
pub(crate) fn next_quarter(at: Timestamp) -> Option<Timestamp> {
    let quarter = QUARTER.as_micros() as i64;
    let micros = at.as_microsecond();
    let rounded = micros.div_euclid(quarter) * quarter;
    let up = if rounded == micros {
        rounded
    } else {
        rounded + quarter
    };
    Timestamp::from_microsecond(up).ok()
}

/// The focus block of `calendar` that `[start, end)` runs into, if any, as its local start
/// and end times.
///
/// The test is done on the person's wall clock, a day at a time, since focus blocks recur on
/// local weekdays; a block ends on its own day (an end of 00:00 is midnight).
pub fn focus_clash(
    calendar: &Calendar,
    start: Timestamp,
    end: Timestamp,
) -> Option<(jiff::civil::Time, jiff::civil::Time)> {
    let zone = calendar.time_zone();
    let (from, to) = (
        start.to_zoned(zone.clone()).datetime(),
        end.to_zoned(zone.clone()).datetime(),
    );
    let mut day = from.date();
    while day <= to.date() {
        for block in calendar.focus_blocks() {
            if !block.days().contains(&day.weekday()) {
                continue;
            }
            let block_start = day.to_datetime(block.start());
            let block_end = if block.end() == jiff::civil::Time::midnight() {
                day.tomorrow().ok()?.to_datetime(block.end())
            } else {
                day.to_datetime(block.end())
            };
            if block_start < to && from < block_end {
                return Some((block.start(), block.end()));
            }
        }
        day = day.tomorrow().ok()?;
    }
    None
}

/// Whether every one of `calendars` is free of focus blocks for all of `[start, start + length)`.
pub fn unfocused(calendars: &[Calendar], start: Timestamp, length: SignedDuration) -> bool {
    let Ok(end) = start.checked_add(length) else {
        return false;
    };
    calendars
        .iter()
        .all(|c| focus_clash(c, start, end).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{DateRange, TimeRange, WeeklyHours};

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    /// Monday–Friday `range` in `zone`, with holidays and time off.
    fn person(name: &str, range: &str, holidays: &[&str], off: Option<(&str, &str)>) -> Calendar {
        let day = vec![TimeRange::parse(range).unwrap()];
        let mut days: [Vec<TimeRange>; 7] = Default::default();
        for slot in days.iter_mut().take(5) {
            *slot = day.clone();
        }
        let holidays = holidays.iter().map(|d| d.parse().unwrap()).collect();
        let time_off = off
            .map(|(a, b)| DateRange::new(a.parse().unwrap(), b.parse().unwrap()).unwrap())
            .into_iter()
            .collect();
        Calendar::new(
            zone(name),
            WeeklyHours::new(days).unwrap(),
            holidays,
            time_off,
            vec![],
        )
        .unwrap()
    }

    /// Each slot as "UTC start–end | each person's local start–end".
    fn lines(found: &Overlap) -> Vec<String> {
        found
            .slots
            .iter()
            .map(|slot| {
                let local: Vec<String> = slot
                    .local
                    .iter()
                    .map(|(a, b)| format!("{}–{}", a.strftime("%a %H:%M"), b.strftime("%a %H:%M")))
                    .collect();
                format!(
                    "{}–{} | {}",
                    slot.start.strftime("%a %H:%M"),
                    slot.end.strftime("%H:%M"),
                    local.join(", ")
                )
            })
            .collect()
    }

    fn check(calendars: &[Calendar], week_day: &str, expect: &[&str]) {
        let week = week_of(week_day.parse().unwrap(), calendars[0].time_zone()).unwrap();
        let found = overlap(calendars, week).unwrap();
        assert_eq!(lines(&found), expect);
    }

    #[test]
    fn berlin_and_new_york_share_two_hours_in_winter() {
        // Berlin is UTC+1 and New York UTC−5: New York's 09:00 is 14:00 UTC, 15:00 in
        // Berlin; Berlin's 17:00 is 16:00 UTC.
        let berlin = person("Europe/Berlin", "09:00-17:00", &[], None);
        let new_york = person("America/New_York", "09:00-17:00", &[], None);
        let day = "Mon 14:00–16:00 | Mon 15:00–Mon 17:00, Mon 09:00–Mon 11:00";
        let found = {
            let week = week_of("2026-03-04".parse().unwrap(), &zone("Europe/Berlin")).unwrap();
            overlap(&[berlin.clone(), new_york.clone()], week).unwrap()
        };
        assert_eq!(found.slots.len(), 5);
        assert_eq!(lines(&found)[0], day);
        assert_eq!(found.total(), SignedDuration::from_hours(10));
    }

    #[test]
    fn the_american_dst_change_widens_the_overlap_before_europe_follows() {
        // On 8 March 2026 New York moves to UTC−4; Berlin stays on UTC+1 until 29 March.
        // New York's 09:00 is now 13:00 UTC, so the overlap grows to three hours.
        let berlin = person("Europe/Berlin", "09:00-17:00", &[], None);
        let new_york = person("America/New_York", "09:00-17:00", &[], None);
        check(
            &[berlin.clone(), new_york.clone()],
            "2026-03-11",
            &[
                "Mon 13:00–16:00 | Mon 14:00–Mon 17:00, Mon 09:00–Mon 12:00",
                "Tue 13:00–16:00 | Tue 14:00–Tue 17:00, Tue 09:00–Tue 12:00",
                "Wed 13:00–16:00 | Wed 14:00–Wed 17:00, Wed 09:00–Wed 12:00",
                "Thu 13:00–16:00 | Thu 14:00–Thu 17:00, Thu 09:00–Thu 12:00",
                "Fri 13:00–16:00 | Fri 14:00–Fri 17:00, Fri 09:00–Fri 12:00",
            ],
        );
        // In the week of 30 March both are on summer time: two hours again.
        let week = week_of("2026-03-30".parse().unwrap(), &zone("Europe/Berlin")).unwrap();
        let found = overlap(&[berlin, new_york], week).unwrap();
        assert_eq!(found.total(), SignedDuration::from_hours(10));
    }

    #[test]
    fn a_week_across_the_change_is_an_hour_short() {
        let week = week_of("2026-03-25".parse().unwrap(), &zone("Europe/Berlin")).unwrap();
        assert_eq!(week.from().to_string(), "2026-03-22T23:00:00Z");
        assert_eq!(week.to().to_string(), "2026-03-29T22:00:00Z");
        assert_eq!(week.to().duration_since(week.from()).as_hours(), 167);
    }

    #[test]
    fn holidays_and_time_off_remove_their_days() {
        // Ben (London, UTC+0 in winter) has Wednesday off; Ana (Kolkata, UTC+5:30) takes
        // Thursday and Friday off. Kolkata 09:00–18:00 is 03:30–12:30 UTC; London 09:00–17:00.
        let ana = person(
            "Asia/Kolkata",
            "09:00-18:00",
            &[],
            Some(("2026-03-05", "2026-03-06")),
        );
        let ben = person("Europe/London", "09:00-17:00", &["2026-03-04"], None);
        check(
            &[ana, ben],
            "2026-03-02",
            &[
                "Mon 09:00–12:30 | Mon 14:30–Mon 18:00, Mon 09:00–Mon 12:30",
                "Tue 09:00–12:30 | Tue 14:30–Tue 18:00, Tue 09:00–Tue 12:30",
            ],
        );
    }

    #[test]
    fn a_stretch_across_someones_midnight_stays_whole() {
        // Sydney (UTC+11 in March) works 08:00–16:00, which is 21:00–05:00 UTC the evening
        // before; a night worker in London (22:00–06:00, UTC+0) covers it from 22:00 UTC. The
        // engine splits at London's midnight (the first calendar's zone); the slot comes out
        // whole, and there are four: London has no Sunday-night shift.
        let night = person("Europe/London", "22:00-06:00", &[], None);
        let sydney = person("Australia/Sydney", "08:00-16:00", &[], None);
        let week = week_of("2026-03-04".parse().unwrap(), &zone("Europe/London")).unwrap();
        let found = overlap(&[night, sydney], week).unwrap();
        assert_eq!(found.slots.len(), 4);
        assert_eq!(
            lines(&found)[0],
            "Mon 22:00–05:00 | Mon 22:00–Tue 05:00, Tue 09:00–Tue 16:00"
        );
        assert_eq!(found.total(), SignedDuration::from_hours(28));
    }

    #[test]
    fn people_who_never_overlap_get_no_slots() {
        // Tokyo's 09:00–17:00 is 00:00–08:00 UTC and Berlin's 08:00–16:00 UTC: they touch at
        // 08:00 UTC and share nothing.
        let tokyo = person("Asia/Tokyo", "09:00-17:00", &[], None);
        let berlin = person("Europe/Berlin", "09:00-17:00", &[], None);
        check(&[tokyo, berlin], "2026-03-04", &[]);
        let week = week_of("2026-03-04".parse().unwrap(), &zone("UTC")).unwrap();
        assert_eq!(overlap(&[], week), Err(CalendarError::NoMembers));
    }

    #[test]
    fn across_the_date_line_the_dates_differ() {
        // Los Angeles (UTC−8) ends at 17:00 = 01:00 UTC next day, Tokyo starts at 09:00 =
        // 00:00 UTC: one hour, Monday afternoon in LA and Tuesday morning in Tokyo. Tokyo's
        // Monday morning is LA's Sunday, so Tokyo's week has four such hours.
        let tokyo = person("Asia/Tokyo", "09:00-17:00", &[], None);
        let la = person("America/Los_Angeles", "09:00-17:00", &[], None);
        check(
            &[tokyo, la],
            "2026-03-04",
            &[
                "Tue 00:00–01:00 | Tue 09:00–Tue 10:00, Mon 16:00–Mon 17:00",
                "Wed 00:00–01:00 | Wed 09:00–Wed 10:00, Tue 16:00–Tue 17:00",
                "Thu 00:00–01:00 | Thu 09:00–Thu 10:00, Wed 16:00–Wed 17:00",
                "Fri 00:00–01:00 | Fri 09:00–Fri 10:00, Thu 16:00–Thu 17:00",
            ],
        );
    }
}
