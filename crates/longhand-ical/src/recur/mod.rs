//! The RRULE expansion engine: a lazy iterator of civil times.
//!
//! The engine walks the rule's periods (years, months, weeks, days, hours, minutes, seconds,
//! `INTERVAL` apart) one at a time. For each period it builds the sorted candidate set as the
//! product of the days that pass every day-level `BY*` part and the times of day that pass every
//! time-level part, applies `BYSETPOS` to that set by index (so a month of 65,536 candidates
//! costs nothing to select from), and yields the survivors at or after DTSTART until `COUNT`
//! or `UNTIL` ends the rule. RFC 5545 says an invalid date such as February 30 is skipped, and
//! building days from real calendar days does exactly that.
//!
//! All arithmetic is on civil seconds (see `civil`): time zones are applied by the caller, so a
//! 09:00 meeting is 09:00 on the wall clock in every period by construction.
//!
//! This file compiles a rule into a `Plan`: its filters and how its periods are laid out;
//! `cursor` walks the plan period by period, within its fuel.

mod cursor;

pub(crate) use cursor::Cursor;

use crate::civil::{self, DAY};
use crate::rrule::{Frequency, Rule};

/// The caller of an engine run: where it starts and what bounds it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Anchor {
    /// DTSTART in civil seconds.
    pub start: i64,
    /// DTSTART is a DATE: time-of-day parts are ignored and every instance is at midnight.
    pub date_only: bool,
    /// UNTIL in civil seconds (inclusive), already converted into DTSTART's zone.
    pub until: Option<i64>,
}

/// Which span a `BYDAY` ordinal such as `2MO` counts within.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    Month,
    Year,
    /// Ordinals are meaningless here (weekly or finer, or with BYWEEKNO) and count as plain.
    Ignore,
}

/// The day-level `BY*` parts as bit sets, with DTSTART's defaults filled in.
#[derive(Clone, Debug)]
struct DayFilter {
    months: u16,
    mday_pos: u32,
    mday_neg: u32,
    yday_pos: [u64; 6],
    yday_neg: [u64; 6],
    has_yday: bool,
    weekno_pos: u64,
    weekno_neg: u64,
    wkst: i64,
    wd_plain: u8,
    wd_ord: Vec<(i64, i64)>,
    scope: Scope,
}

/// What one day looks like to the filters.
#[derive(Clone, Copy, Debug)]
struct DayInfo {
    days: i64,
    year: i64,
    month: i64,
    mday: i64,
    wd: i64,
}

fn bit_set(bits: &[u64; 6], n: i64) -> bool {
    (0..384).contains(&n) && bits[(n / 64) as usize] & (1 << (n % 64)) != 0
}

fn set_bit(bits: &mut [u64; 6], n: i64) {
    if (0..384).contains(&n) {
        bits[(n / 64) as usize] |= 1 << (n % 64);
    }
}

impl DayFilter {
    fn new(rule: &Rule, start_day: i64) -> DayFilter {
        let (_, month, mday) = civil::ymd_from_days(start_day);
        let mut f = DayFilter {
            months: rule.by_month.iter().fold(0, |m, &b| m | 1 << b),
            mday_pos: 0,
            mday_neg: 0,
            yday_pos: [0; 6],
            yday_neg: [0; 6],
            has_yday: !rule.by_year_day.is_empty(),
            weekno_pos: 0,
            weekno_neg: 0,
            wkst: i64::from(rule.week_start),
            wd_plain: 0,
            wd_ord: Vec::new(),
            scope: scope_of(rule),
        };
        f.fill_lists(rule);
        f.fill_defaults(rule, start_day, month, mday);
        f
    }

    fn fill_lists(&mut self, rule: &Rule) {
        for &d in &rule.by_month_day {
            if d > 0 {
                self.mday_pos |= 1 << d
            } else {
                self.mday_neg |= 1 << -d
            }
        }
        for &d in &rule.by_year_day {
            let d = i64::from(d);
            if d > 0 {
                set_bit(&mut self.yday_pos, d)
            } else {
                set_bit(&mut self.yday_neg, -d)
            }
        }
        for &w in &rule.by_week_no {
            if w > 0 {
                self.weekno_pos |= 1 << w
            } else {
                self.weekno_neg |= 1 << -w
            }
        }
        for d in &rule.by_day {
            if d.ordinal == 0 || self.scope == Scope::Ignore {
                self.wd_plain |= 1 << d.weekday;
            } else {
                self.wd_ord
                    .push((i64::from(d.ordinal), i64::from(d.weekday)));
            }
        }
    }

    /// RFC 5545 takes the missing day parts from DTSTART: a yearly rule repeats on DTSTART's
    /// month and day, a monthly rule on its day of the month, a weekly rule on its weekday.
    fn fill_defaults(&mut self, rule: &Rule, start_day: i64, month: i64, mday: i64) {
        let no_days = rule.by_day.is_empty()
            && rule.by_month_day.is_empty()
            && rule.by_year_day.is_empty()
            && rule.by_week_no.is_empty();
        let weekday = civil::weekday(start_day);
        match rule.freq {
            Frequency::Yearly if no_days => {
                self.mday_pos = 1 << mday;
                if self.months == 0 {
                    self.months = 1 << month;
                }
            }
            Frequency::Yearly
                if !rule.by_week_no.is_empty()
                    && rule.by_day.is_empty()
                    && rule.by_month_day.is_empty()
                    && rule.by_year_day.is_empty() =>
            {
                self.wd_plain = 1 << weekday;
            }
            Frequency::Monthly if no_days => self.mday_pos = 1 << mday,
            Frequency::Weekly if rule.by_day.is_empty() && no_days => self.wd_plain = 1 << weekday,
            _ => {}
        }
    }

    fn has_weekno(&self) -> bool {
        self.weekno_pos != 0 || self.weekno_neg != 0
    }

    fn has_weekday(&self) -> bool {
        self.wd_plain != 0 || !self.wd_ord.is_empty()
    }

    /// Whether `month` passes BYMONTH, so callers can skip a whole month cheaply.
    fn month_ok(&self, month: i64) -> bool {
        self.months == 0 || self.months & (1 << month) != 0
    }

    /// Whether a day passes every day-level part.
    fn day_ok(&self, d: &DayInfo) -> bool {
        self.day_ok_in_selected_week(d) && (!self.has_weekno() || self.weekno_ok(d.days))
    }

    /// Whether a day passes every day-level part but BYWEEKNO, for days the caller took from
    /// the selected weeks already.
    fn day_ok_in_selected_week(&self, d: &DayInfo) -> bool {
        self.month_ok(d.month) && self.mday_ok(d) && self.yday_ok(d) && self.weekday_ok(d)
    }

    fn mday_ok(&self, d: &DayInfo) -> bool {
        if self.mday_pos == 0 && self.mday_neg == 0 {
            return true;
        }
        let from_end = civil::days_in_month(d.year, d.month) - d.mday + 1;
        self.mday_pos & (1 << d.mday) != 0 || self.mday_neg & (1 << from_end) != 0
    }

    fn yday_ok(&self, d: &DayInfo) -> bool {
        if !self.has_yday {
            return true;
        }
        let yday = d.days - civil::days_from_ymd(d.year, 1, 1) + 1;
        let from_end = civil::days_in_year(d.year) - yday + 1;
        bit_set(&self.yday_pos, yday) || bit_set(&self.yday_neg, from_end)
    }

    fn weekno_ok(&self, days: i64) -> bool {
        let (wy, wn) = civil::week_of(days, self.wkst);
        let from_end = civil::weeks_in_year(wy, self.wkst) - wn + 1;
        self.weekno_pos & (1 << wn) != 0 || self.weekno_neg & (1 << from_end) != 0
    }

    fn weekday_ok(&self, d: &DayInfo) -> bool {
        if !self.has_weekday() || self.wd_plain & (1 << d.wd) != 0 {
            return true;
        }
        self.wd_ord
            .iter()
            .any(|&(ord, wd)| wd == d.wd && self.ordinal_matches(ord, d))
    }

    fn ordinal_matches(&self, ord: i64, d: &DayInfo) -> bool {
        let (pos, len) = match self.scope {
            Scope::Month => (d.mday, civil::days_in_month(d.year, d.month)),
            _ => (
                d.days - civil::days_from_ymd(d.year, 1, 1) + 1,
                civil::days_in_year(d.year),
            ),
        };
        if ord > 0 {
            (pos - 1) / 7 + 1 == ord
        } else {
            (len - pos) / 7 + 1 == -ord
        }
    }
}

fn scope_of(rule: &Rule) -> Scope {
    match rule.freq {
        Frequency::Monthly => Scope::Month,
        Frequency::Yearly if !rule.by_week_no.is_empty() => Scope::Ignore,
        Frequency::Yearly if !rule.by_month.is_empty() => Scope::Month,
        Frequency::Yearly => Scope::Year,
        _ => Scope::Ignore,
    }
}

fn day_info(days: i64) -> DayInfo {
    let (year, month, mday) = civil::ymd_from_days(days);
    DayInfo {
        days,
        year,
        month,
        mday,
        wd: civil::weekday(days),
    }
}

/// The time-level parts: bit sets used as filters at or below the frequency, and the sorted
/// offsets (from the start of a period's day, hour or minute) used to expand above it.
#[derive(Clone, Debug)]
struct TimeParts {
    hours: u32,
    minutes: u64,
    seconds: u64,
    offsets: Vec<i64>,
}

impl TimeParts {
    fn new(rule: &Rule, anchor: &Anchor) -> TimeParts {
        let tod = anchor.start.rem_euclid(DAY);
        let pick = |list: &[u8], own: i64| -> Vec<i64> {
            if list.is_empty() {
                vec![own]
            } else {
                list.iter().map(|&v| i64::from(v)).collect()
            }
        };
        let hours = pick(&rule.by_hour, tod / 3600);
        let minutes = pick(&rule.by_minute, tod / 60 % 60);
        let seconds = pick(&rule.by_second, tod % 60);
        let offsets = if anchor.date_only {
            vec![0]
        } else {
            expand_offsets(rule.freq, &hours, &minutes, &seconds)
        };
        TimeParts {
            hours: rule.by_hour.iter().fold(0, |m, &h| m | 1 << h),
            minutes: rule.by_minute.iter().fold(0, |m, &v| m | 1 << v),
            seconds: rule.by_second.iter().fold(0, |m, &v| m | 1 << v),
            offsets,
        }
    }

    /// Whether the hour, minute and second of civil time `t` pass the parts that limit at the
    /// rule's frequency (for example BYHOUR in an HOURLY rule).
    fn limit_ok(&self, freq: Frequency, t: i64) -> bool {
        let tod = t.rem_euclid(DAY);
        let ok = |mask: u64, v: i64| mask == 0 || mask & (1 << v) != 0;
        ok(u64::from(self.hours), tod / 3600)
            && (freq > Frequency::Minutely || ok(self.minutes, tod / 60 % 60))
            && (freq > Frequency::Secondly || ok(self.seconds, tod % 60))
    }
}

/// The sorted offsets one period expands into: whole times of day for daily and longer rules,
/// minute and second offsets within the hour for hourly rules, and so on.
fn expand_offsets(freq: Frequency, hours: &[i64], minutes: &[i64], seconds: &[i64]) -> Vec<i64> {
    let hours: &[i64] = if freq >= Frequency::Daily {
        hours
    } else {
        &[0]
    };
    let minutes: &[i64] = if freq >= Frequency::Hourly {
        minutes
    } else {
        &[0]
    };
    let seconds: &[i64] = if freq >= Frequency::Minutely {
        seconds
    } else {
        &[0]
    };
    let mut out = Vec::with_capacity(hours.len() * minutes.len() * seconds.len());
    for h in hours {
        for m in minutes {
            for s in seconds {
                out.push(h * 3600 + m * 60 + s);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A compiled rule: everything the per-period loop needs, computed once.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    freq: Frequency,
    interval: i64,
    anchor: Anchor,
    count: Option<u64>,
    days: DayFilter,
    times: TimeParts,
    set_pos: Vec<i64>,
    /// The first period: a year, a month index (`year * 12 + month - 1`), the first day of a
    /// week or a day, or the civil second an hour, minute or second starts at.
    origin: i64,
}

impl Plan {
    pub(crate) fn new(rule: &Rule, anchor: Anchor) -> Plan {
        let start_day = anchor.start.div_euclid(DAY);
        let days = DayFilter::new(rule, start_day);
        let mut plan = Plan {
            freq: rule.freq,
            interval: i64::from(rule.interval.max(1)),
            anchor,
            count: rule.count,
            times: TimeParts::new(rule, &anchor),
            set_pos: rule.by_set_pos.iter().map(|&p| i64::from(p)).collect(),
            origin: 0,
            days,
        };
        plan.origin = plan.first_period(start_day);
        plan
    }

    fn first_period(&self, start_day: i64) -> i64 {
        let (year, month, _) = civil::ymd_from_days(start_day);
        let s = self.anchor.start;
        match self.freq {
            Frequency::Yearly if self.days.has_weekno() => self.first_week_year(start_day, year),
            Frequency::Yearly => year,
            Frequency::Monthly => year * 12 + month - 1,
            Frequency::Weekly => {
                start_day - (civil::weekday(start_day) - self.days.wkst).rem_euclid(7)
            }
            Frequency::Daily => start_day,
            Frequency::Hourly => s - s.rem_euclid(3600),
            Frequency::Minutely => s - s.rem_euclid(60),
            Frequency::Secondly => s,
        }
    }

    /// With BYWEEKNO a yearly period is a week-numbering year. When DTSTART itself is an
    /// instance, its week-numbering year is the first period (so a DTSTART on January 2nd that
    /// belongs to week 53 counts from the previous year); otherwise libical, whose golden cases
    /// we follow, counts from DTSTART's calendar year.
    fn first_week_year(&self, start_day: i64, year: i64) -> i64 {
        let (week_year, _) = civil::week_of(start_day, self.days.wkst);
        let info = day_info(start_day);
        if self.days.weekno_ok(start_day) && self.days.day_ok_in_selected_week(&info) {
            week_year
        } else {
            year
        }
    }

    /// What building one period costs, in steps of about one day checked against the
    /// filters: a year's or month's period checks its days one by one, a sub-daily period
    /// one time.
    fn period_cost(&self) -> u64 {
        match self.freq {
            Frequency::Yearly => 366,
            Frequency::Monthly => 31,
            Frequency::Weekly => 7,
            _ => 1,
        }
    }

    /// The length of one step in civil seconds for the fixed-length frequencies.
    fn step_secs(&self) -> Option<i64> {
        let unit = match self.freq {
            Frequency::Weekly => 7 * DAY,
            Frequency::Daily => DAY,
            Frequency::Hourly => 3600,
            Frequency::Minutely => 60,
            Frequency::Secondly => 1,
            Frequency::Monthly | Frequency::Yearly => return None,
        };
        Some(unit * self.interval)
    }

    /// The civil second period `p` starts at (its first day for week-numbering years).
    fn period_start(&self, p: i64) -> Option<i64> {
        let n = p.checked_mul(self.interval)?;
        let secs = match self.freq {
            Frequency::Yearly => {
                civil::days_from_ymd(self.origin.checked_add(n)?.min(civil::MAX_YEAR + 1), 1, 1)
                    * DAY
            }
            Frequency::Monthly => {
                let m = self.origin.checked_add(n)?.min((civil::MAX_YEAR + 1) * 12);
                civil::days_from_ymd(m.div_euclid(12), m.rem_euclid(12) + 1, 1) * DAY
            }
            Frequency::Weekly | Frequency::Daily => self
                .origin
                .checked_add(n.checked_mul(self.step_secs()? / self.interval / DAY)?)?
                .checked_mul(DAY)?,
            _ => self
                .origin
                .checked_add(n.checked_mul(self.step_secs()? / self.interval)?)?,
        };
        Some(secs)
    }

    /// The first period index whose start is at or after civil second `t`.
    fn period_at_or_after(&self, t: i64) -> i64 {
        let Some(first) = self.period_start(0) else {
            return i64::MAX;
        };
        let delta = t - first;
        if delta <= 0 {
            return 0;
        }
        match (self.freq, self.step_secs()) {
            (_, Some(step)) => (delta + step - 1) / step,
            (Frequency::Monthly, None) => {
                let (y, m, _) = civil::ymd_from_days(t.div_euclid(DAY));
                let months = y * 12 + m - 1 - self.origin;
                (months + self.interval - 1)
                    .div_euclid(self.interval)
                    .max(0)
            }
            _ => {
                let (y, _, _) = civil::ymd_from_days(t.div_euclid(DAY));
                (y - self.origin + self.interval - 1)
                    .div_euclid(self.interval)
                    .max(0)
            }
        }
    }

    /// Fills `bases` with the civil seconds each candidate day (or the one sub-daily period)
    /// starts at. Returns the period index to try next when this one is empty for a reason that
    /// also rules out the following periods up to that index.
    fn fill_period(&self, p: i64, bases: &mut Vec<i64>) -> Option<i64> {
        bases.clear();
        let Some(start) = self.period_start(p) else {
            return Some(i64::MAX);
        };
        match self.freq {
            Frequency::Yearly => self.fill_year(self.origin + p * self.interval, bases),
            Frequency::Monthly => self.fill_days(start / DAY, month_len(start / DAY), bases),
            Frequency::Weekly => self.fill_days(start / DAY, 7, bases),
            _ => return self.fill_sub_daily(p, start, bases),
        }
        None
    }

    fn fill_days(&self, first: i64, count: i64, bases: &mut Vec<i64>) {
        for days in first..first + count {
            if self.days.day_ok(&day_info(days)) {
                bases.push(days * DAY);
            }
        }
    }

    fn fill_year(&self, year: i64, bases: &mut Vec<i64>) {
        if year > civil::MAX_YEAR {
            return;
        }
        if self.days.has_weekno() {
            return self.fill_week_year(year, bases);
        }
        for month in (1..=12).filter(|&m| self.days.month_ok(m)) {
            let first = civil::days_from_ymd(year, month, 1);
            self.fill_days(first, civil::days_in_month(year, month), bases);
        }
    }

    fn fill_week_year(&self, year: i64, bases: &mut Vec<i64>) {
        let wkst = self.days.wkst;
        let first = civil::week_one_start(year, wkst);
        let weeks = civil::weeks_in_year(year, wkst);
        for week in 1..=weeks {
            let from_end = weeks - week + 1;
            if self.days.weekno_pos & (1 << week) != 0
                || self.days.weekno_neg & (1 << from_end) != 0
            {
                let week_start = first + (week - 1) * 7;
                for days in week_start..week_start + 7 {
                    if self.days.day_ok_in_selected_week(&day_info(days)) {
                        bases.push(days * DAY);
                    }
                }
            }
        }
    }

    /// A daily or finer period is a single day, hour, minute or second. When its day or time
    /// fails a limiting part, the next period that could pass starts after that day (or month,
    /// hour, minute), so we jump there instead of stepping through every period in between.
    fn fill_sub_daily(&self, p: i64, start: i64, bases: &mut Vec<i64>) -> Option<i64> {
        let days = start.div_euclid(DAY);
        let info = day_info(days);
        if !self.days.month_ok(info.month) {
            let next = civil::days_from_ymd(info.year, info.month, 1) + month_len(days);
            return Some(self.period_at_or_after(next * DAY).max(p + 1));
        }
        if !self.days.day_ok(&info) {
            return Some(self.period_at_or_after((days + 1) * DAY).max(p + 1));
        }
        if self.freq < Frequency::Daily && !self.times.limit_ok(self.freq, start) {
            return Some(
                self.period_at_or_after(self.next_time_unit(start))
                    .max(p + 1),
            );
        }
        bases.push(start);
        None
    }

    /// The start of the next hour, or minute, that could pass the failed time filter.
    fn next_time_unit(&self, t: i64) -> i64 {
        let tod = t.rem_euclid(DAY);
        let hour_ok = self.times.hours == 0 || self.times.hours & (1 << (tod / 3600)) != 0;
        if !hour_ok {
            return t - t.rem_euclid(3600) + 3600;
        }
        let minute_ok = self.freq > Frequency::Minutely
            || self.times.minutes == 0
            || self.times.minutes & (1 << (tod / 60 % 60)) != 0;
        if !minute_ok {
            return t - t.rem_euclid(60) + 60;
        }
        t + 1
    }

    fn offsets(&self) -> &[i64] {
        &self.times.offsets
    }

    /// The number of instances in every period, when it is the same for all of them: daily and
    /// finer rules without limiting parts, and weekly rules limited only by plain weekdays.
    fn uniform_per_period(&self) -> Option<u64> {
        let d = &self.days;
        let no_days =
            d.months == 0 && d.mday_pos == 0 && d.mday_neg == 0 && !d.has_yday && !d.has_weekno();
        let days = match self.freq {
            Frequency::Weekly if no_days && d.wd_ord.is_empty() => match d.wd_plain.count_ones() {
                0 => 7,
                n => n as usize,
            },
            Frequency::Daily if no_days && !d.has_weekday() => 1,
            f if f < Frequency::Daily && no_days && !d.has_weekday() && self.times_unlimited() => 1,
            _ => return None,
        };
        let total = days * self.offsets().len();
        if self.set_pos.is_empty() {
            return Some(total as u64);
        }
        let mut picks: Vec<i64> = self
            .set_pos
            .iter()
            .map(|&p| if p > 0 { p - 1 } else { total as i64 + p })
            .collect();
        picks.retain(|&i| (0..total as i64).contains(&i));
        picks.sort_unstable();
        picks.dedup();
        Some(picks.len() as u64)
    }

    /// Whether no time part limits a sub-daily rule (BYHOUR in an HOURLY rule, and so on).
    fn times_unlimited(&self) -> bool {
        let t = &self.times;
        t.hours == 0
            && (self.freq > Frequency::Minutely || t.minutes == 0)
            && (self.freq > Frequency::Secondly || t.seconds == 0)
    }
}

/// The number of days in the month containing day number `days`.
fn month_len(days: i64) -> i64 {
    let (y, m, _) = civil::ymd_from_days(days);
    civil::days_in_month(y, m)
}
