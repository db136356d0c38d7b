//! A team's check-in schedule read on one member's calendar: the prompts, and the period each
//! prompt opens.
//!
//! A *prompt day* is one of the member's working days (their weekly hours have a range that
//! day, and it is neither a holiday nor time off). Daily: every prompt day. Weekly on a
//! weekday: the first prompt day of the week that starts on that weekday, so a Monday check-in
//! moves to Tuesday when Monday is a holiday, and a week of time off has none.
//!
//! The prompt is the schedule's local time on that day, in the member's zone (a time a DST
//! gap skips is read forward, as jiff's "compatible" rule does). The period it opens:
//! - is *on time* until the end of that working day (the end of its last working range; a
//!   prompt after the day's hours is due by local midnight);
//! - is *late* after that, until the member's next prompt;
//! - is *closed* from the next prompt on: the answer can no longer change.
//!
//! The reminder goes out at [`REMINDER_SHARE`] of the on-time window. Prompts before the
//! schedule's `since` (when it was last saved) never count, so a schedule saved at 10:00 with
//! a 09:00 prompt opens its first period tomorrow.

use crate::calendar::Calendar;
use jiff::civil::{Date, Time, Weekday};
use jiff::{SignedDuration, Timestamp, ToSpan};

/// The share of the on-time window after which those who have not answered are reminded.
pub const REMINDER_SHARE: f64 = 0.8;

/// How far the search for a prompt looks, either way: two years and a little, enough for a
/// long parental leave, bounded so an empty calendar cannot loop.
const SEARCH_DAYS: i64 = 800;

/// How often a team checks in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    Daily,
    /// Once a week, on the first working day from this weekday on.
    Weekly(Weekday),
}

impl Cadence {
    /// `daily` or `weekly`.
    pub fn key(&self) -> &'static str {
        match self {
            Cadence::Daily => "daily",
            Cadence::Weekly(_) => "weekly",
        }
    }
}

/// A team's schedule: cadence, local time, and the instant it took effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    cadence: Cadence,
    at: Time,
    since: Timestamp,
}

/// One member's check-in period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// The member's local date of the prompt; names the period.
    pub date: Date,
    /// The prompt.
    pub opens_at: Timestamp,
    /// The end of that working day: answers after it are late.
    pub due_at: Timestamp,
    /// When those who have not answered are reminded.
    pub remind_at: Timestamp,
    /// The member's next prompt; `None` when there is none within the search horizon.
    pub closes_at: Option<Timestamp>,
}

/// Where a period stands at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Before the prompt.
    Upcoming,
    /// From the prompt to the end of the working day.
    OnTime,
    /// After the working day, before the next prompt: answers are accepted and marked late.
    Late,
    /// From the next prompt on: no longer editable.
    Closed,
}

impl Period {
    /// Where the period stands at `now`.
    pub fn standing(&self, now: Timestamp) -> Standing {
        if now < self.opens_at {
            Standing::Upcoming
        } else if self.closes_at.is_some_and(|c| now >= c) {
            Standing::Closed
        } else if now <= self.due_at {
            Standing::OnTime
        } else {
            Standing::Late
        }
    }
}

impl Schedule {
    pub fn new(cadence: Cadence, at: Time, since: Timestamp) -> Schedule {
        Schedule { cadence, at, since }
    }

    pub fn cadence(&self) -> Cadence {
        self.cadence
    }

    /// The local time of the prompt.
    pub fn at(&self) -> Time {
        self.at
    }

    /// When the schedule took effect: earlier prompts do not count.
    pub fn since(&self) -> Timestamp {
        self.since
    }

    /// The first prompt strictly after `after`.
    pub fn next_prompt(&self, cal: &Calendar, after: Timestamp) -> Option<Timestamp> {
        self.next_dated(cal, after).map(|(_, at)| at)
    }

    /// The period the first prompt strictly after `after` opens.
    pub fn next_period(&self, cal: &Calendar, after: Timestamp) -> Option<Period> {
        let (date, opens) = self.next_dated(cal, after)?;
        Some(self.period(cal, date, opens))
    }

    /// The period of the latest prompt at or before `now`: the one a member answers now
    /// (check its [`Period::standing`]). `None` before the first prompt.
    pub fn period_at(&self, cal: &Calendar, now: Timestamp) -> Option<Period> {
        let today = local_date(cal, now)?;
        for back in 0..SEARCH_DAYS {
            let date = today.checked_sub(back.days()).ok()?;
            let Some(opens) = self.prompt_on(cal, date) else {
                continue;
            };
            if opens < self.since {
                return None;
            }
            if opens <= now {
                return Some(self.period(cal, date, opens));
            }
        }
        None
    }

    /// The period whose prompt falls on the member's local `date`, if one does.
    pub fn period_on(&self, cal: &Calendar, date: Date) -> Option<Period> {
        let opens = self.prompt_on(cal, date).filter(|at| *at >= self.since)?;
        Some(self.period(cal, date, opens))
    }

    /// Whether `at` is one of the member's prompts under this schedule (a job checks that
    /// the instant it was queued for still is one).
    pub fn is_prompt(&self, cal: &Calendar, at: Timestamp) -> bool {
        let before = at.checked_sub(SignedDuration::from_micros(1)).ok();
        before.and_then(|b| self.next_prompt(cal, b)) == Some(at)
    }

    fn next_dated(&self, cal: &Calendar, after: Timestamp) -> Option<(Date, Timestamp)> {
        let first = local_date(cal, after)?;
        (0..SEARCH_DAYS)
            .map_while(|ahead| first.checked_add(ahead.days()).ok())
            .find_map(|date| {
                let opens = self.prompt_on(cal, date)?;
                (opens > after && opens >= self.since).then_some((date, opens))
            })
    }

    fn period(&self, cal: &Calendar, date: Date, opens: Timestamp) -> Period {
        let due = due_on(cal, date, opens);
        let window = due.duration_since(opens).as_secs_f64();
        let remind_at = opens + SignedDuration::from_secs((window * REMINDER_SHARE) as i64);
        Period {
            date,
            opens_at: opens,
            due_at: due,
            remind_at,
            closes_at: self.next_prompt(cal, opens),
        }
    }

    /// The prompt on a local date, when the date is one of the member's prompt days.
    fn prompt_on(&self, cal: &Calendar, date: Date) -> Option<Timestamp> {
        if !self.is_prompt_day(cal, date) {
            return None;
        }
        let zoned = date.to_datetime(self.at).to_zoned(cal.time_zone().clone());
        zoned.ok().map(|z| z.timestamp())
    }

    fn is_prompt_day(&self, cal: &Calendar, date: Date) -> bool {
        if !works_on(cal, date) {
            return false;
        }
        match self.cadence {
            Cadence::Daily => true,
            Cadence::Weekly(weekday) => {
                let into_week = i64::from(date.weekday().since(weekday));
                (1..=into_week).all(|back| {
                    date.checked_sub(back.days())
                        .is_ok_and(|earlier| !works_on(cal, earlier))
                })
            }
        }
    }
}

/// Whether the member works on a local date: their weekly hours have a range that weekday,
/// and the date is neither a holiday nor time off.
pub(crate) fn works_on(cal: &Calendar, date: Date) -> bool {
    !cal.hours().day(date.weekday()).is_empty()
        && !cal.holidays().any(|h| h == date)
        && !cal.time_off().iter().any(|r| r.contains(date))
}

fn local_date(cal: &Calendar, at: Timestamp) -> Option<Date> {
    Some(at.to_zoned(cal.time_zone().clone()).date())
}

/// The end of the working day `date` (its last range's end, a midnight-crossing range ending
/// the next morning), or local midnight when the prompt comes after the day's hours.
fn due_on(cal: &Calendar, date: Date, opens: Timestamp) -> Timestamp {
    let zone = cal.time_zone();
    let ends = cal.hours().day(date.weekday()).iter().filter_map(|range| {
        let end = date
            .to_datetime(range.start())
            .checked_add(range.duration())
            .ok()?;
        end.to_zoned(zone.clone()).ok().map(|z| z.timestamp())
    });
    match ends.max() {
        Some(end) if end > opens => end,
        _ => date
            .tomorrow()
            .ok()
            .and_then(|d| d.to_zoned(zone.clone()).ok())
            .map(|z| z.timestamp())
            .filter(|midnight| *midnight > opens)
            .unwrap_or(opens),
    }
}
