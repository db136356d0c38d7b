//! The RRULE value type (RFC 5545 §3.3.10) and its parser.
//!
//! Parsing is tolerant where real exporters are sloppy (lower case, a trailing `;`, spaces after
//! commas as Outlook writes them, unknown `X-` parts) and strict about values: an out-of-range
//! number makes the whole rule unreadable, because guessing would invent meetings.

use std::fmt;

use crate::value::{self, Moment};

/// How often a rule repeats (`FREQ`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Frequency {
    /// Every `INTERVAL` seconds.
    Secondly,
    /// Every `INTERVAL` minutes.
    Minutely,
    /// Every `INTERVAL` hours.
    Hourly,
    /// Every `INTERVAL` days.
    Daily,
    /// Every `INTERVAL` weeks.
    Weekly,
    /// Every `INTERVAL` months.
    Monthly,
    /// Every `INTERVAL` years.
    Yearly,
}

/// One `BYDAY` entry: a weekday (Monday = 0 … Sunday = 6) with an optional ordinal such as the
/// `-1` in `-1FR` ("the last Friday"); `0` means "every such weekday".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeekdayNum {
    /// The ordinal within the month or year, or 0 for none.
    pub ordinal: i16,
    /// The weekday, Monday = 0 … Sunday = 6.
    pub weekday: u8,
}

/// A parsed recurrence rule.
///
/// Every `BY*` list is sorted and free of duplicates, so the engine can rely on order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// `FREQ`.
    pub freq: Frequency,
    /// `INTERVAL`, at least 1.
    pub interval: u32,
    /// `COUNT`, if given.
    pub count: Option<u64>,
    /// `UNTIL`, if given.
    pub until: Option<Moment>,
    /// `BYSECOND` (0–60).
    pub by_second: Vec<u8>,
    /// `BYMINUTE` (0–59).
    pub by_minute: Vec<u8>,
    /// `BYHOUR` (0–23).
    pub by_hour: Vec<u8>,
    /// `BYDAY`.
    pub by_day: Vec<WeekdayNum>,
    /// `BYMONTHDAY` (±1–31).
    pub by_month_day: Vec<i8>,
    /// `BYYEARDAY` (±1–366).
    pub by_year_day: Vec<i16>,
    /// `BYWEEKNO` (±1–53).
    pub by_week_no: Vec<i8>,
    /// `BYMONTH` (1–12).
    pub by_month: Vec<u8>,
    /// `BYSETPOS` (±1–366).
    pub by_set_pos: Vec<i16>,
    /// `WKST`, Monday = 0 … Sunday = 6; Monday by default.
    pub week_start: u8,
}

/// Why an RRULE value could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError(pub String);

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RuleError {}

impl Rule {
    /// A rule with the given frequency and every other part at its default.
    pub fn new(freq: Frequency) -> Rule {
        Rule {
            freq,
            interval: 1,
            count: None,
            until: None,
            by_second: Vec::new(),
            by_minute: Vec::new(),
            by_hour: Vec::new(),
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            by_year_day: Vec::new(),
            by_week_no: Vec::new(),
            by_month: Vec::new(),
            by_set_pos: Vec::new(),
            week_start: 0,
        }
    }

    /// Whether two instances can fall within the same minute: `FREQ=SECONDLY` under a
    /// minute apart, or several `BYSECOND` values. No meeting repeats like that, so the audit
    /// leaves such series out instead of expanding millions of instances.
    ///
    /// # Example
    /// ```
    /// use longhand_ical::Rule;
    /// assert!(Rule::parse("FREQ=SECONDLY;INTERVAL=30").unwrap().repeats_within_a_minute());
    /// assert!(!Rule::parse("FREQ=MINUTELY;INTERVAL=15").unwrap().repeats_within_a_minute());
    /// ```
    pub fn repeats_within_a_minute(&self) -> bool {
        let seconds_apart = self.freq == Frequency::Secondly && self.interval < 60;
        self.by_second.len() > 1 || (seconds_apart && self.by_second.len() != 1)
    }

    /// Parses an RRULE value such as `FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`.
    ///
    /// # Example
    /// ```
    /// use longhand_ical::{Frequency, Rule};
    /// let rule = Rule::parse("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3").unwrap();
    /// assert_eq!(rule.freq, Frequency::Monthly);
    /// assert_eq!(rule.by_day[0].ordinal, -1);
    /// ```
    pub fn parse(text: &str) -> Result<Rule, RuleError> {
        let mut freq = None;
        let mut rule = Rule::new(Frequency::Daily);
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, val) = part
                .split_once('=')
                .ok_or_else(|| RuleError(format!("rule part `{part}` has no `=`")))?;
            let name = name.trim().to_ascii_uppercase();
            if name == "FREQ" {
                freq = Some(parse_freq(val)?);
            } else {
                rule.set_part(&name, val.trim())?;
            }
        }
        rule.freq = freq.ok_or_else(|| RuleError("rule has no FREQ".into()))?;
        Ok(rule)
    }

    /// Stores one `NAME=value` part; unknown parts are ignored as RFC 5545 asks of `X-` names.
    fn set_part(&mut self, name: &str, val: &str) -> Result<(), RuleError> {
        match name {
            "INTERVAL" => self.interval = parse_num(name, val, 1, i64::from(u32::MAX))? as u32,
            "COUNT" => self.count = Some(parse_num(name, val, 0, i64::MAX)? as u64),
            "UNTIL" => self.until = Some(parse_until(val)?),
            "BYSECOND" => self.by_second = list(name, val, 0, 60, Sign::Positive)?,
            "BYMINUTE" => self.by_minute = list(name, val, 0, 59, Sign::Positive)?,
            "BYHOUR" => self.by_hour = list(name, val, 0, 23, Sign::Positive)?,
            "BYMONTHDAY" => self.by_month_day = list(name, val, 1, 31, Sign::Either)?,
            "BYYEARDAY" => self.by_year_day = list(name, val, 1, 366, Sign::Either)?,
            "BYWEEKNO" => self.by_week_no = list(name, val, 1, 53, Sign::Either)?,
            "BYMONTH" => self.by_month = list(name, val, 1, 12, Sign::Positive)?,
            "BYSETPOS" => self.by_set_pos = list(name, val, 1, 366, Sign::Either)?,
            "BYDAY" => self.by_day = parse_by_day(val)?,
            "WKST" => self.week_start = parse_weekday(val)?,
            _ => {}
        }
        Ok(())
    }
}

fn parse_freq(val: &str) -> Result<Frequency, RuleError> {
    Ok(match val.trim().to_ascii_uppercase().as_str() {
        "SECONDLY" => Frequency::Secondly,
        "MINUTELY" => Frequency::Minutely,
        "HOURLY" => Frequency::Hourly,
        "DAILY" => Frequency::Daily,
        "WEEKLY" => Frequency::Weekly,
        "MONTHLY" => Frequency::Monthly,
        "YEARLY" => Frequency::Yearly,
        other => return Err(RuleError(format!("unknown FREQ `{other}`"))),
    })
}

fn parse_until(val: &str) -> Result<Moment, RuleError> {
    value::parse_moment(val)
        .ok_or_else(|| RuleError(format!("UNTIL `{val}` is not a date or date-time")))
}

fn parse_num(name: &str, val: &str, min: i64, max: i64) -> Result<i64, RuleError> {
    let bad = || {
        RuleError(format!(
            "{name} value `{val}` is out of range {min}..={max}"
        ))
    };
    let n: i64 = val
        .trim()
        .trim_start_matches('+')
        .parse()
        .map_err(|_| bad())?;
    if n < min || n > max {
        return Err(bad());
    }
    Ok(n)
}

/// Whether a `BY*` part also takes negative values (counted from the end of the period).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sign {
    Positive,
    Either,
}

/// Parses a comma list of integers in `min..=max`, or also `-max..=-min` for [`Sign::Either`].
fn list<T: TryFrom<i64> + Ord>(
    name: &str,
    val: &str,
    min: i64,
    max: i64,
    sign: Sign,
) -> Result<Vec<T>, RuleError> {
    let mut out = Vec::new();
    for item in val.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let signed = sign == Sign::Either;
        let lo = if signed { -max } else { min };
        let n = parse_num(name, item, lo, max)?;
        if signed && n > -min && n < min {
            return Err(RuleError(format!("{name} value `{item}` is out of range")));
        }
        out.push(
            T::try_from(n).map_err(|_| RuleError(format!("{name} value `{item}` is too large")))?,
        );
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn parse_by_day(val: &str) -> Result<Vec<WeekdayNum>, RuleError> {
    let mut out = Vec::new();
    for item in val.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let split = item.len().saturating_sub(2);
        let (num, day) = (
            item.get(..split).unwrap_or(""),
            item.get(split..).unwrap_or(""),
        );
        let ordinal = match num.trim() {
            "" => 0,
            n => parse_num("BYDAY", n, -53, 53)? as i16,
        };
        out.push(WeekdayNum {
            ordinal,
            weekday: parse_weekday(day)?,
        });
    }
    out.sort_by_key(|d| (d.weekday, d.ordinal));
    out.dedup();
    Ok(out)
}

fn parse_weekday(val: &str) -> Result<u8, RuleError> {
    const NAMES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    let upper = val.trim().to_ascii_uppercase();
    NAMES
        .iter()
        .position(|n| *n == upper)
        .map(|p| p as u8)
        .ok_or_else(|| RuleError(format!("`{val}` is not a weekday")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        let got = match Rule::parse(input) {
            Ok(r) => format!(
                "{:?} i={} c={:?} day={:?} md={:?} sp={:?} wk={}",
                r.freq,
                r.interval,
                r.count,
                r.by_day
                    .iter()
                    .map(|d| (d.ordinal, d.weekday))
                    .collect::<Vec<_>>(),
                r.by_month_day,
                r.by_set_pos,
                r.week_start
            ),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expect, "input: {input}");
    }

    #[test]
    fn parses_outlook_and_google_quirks() {
        check(
            "FREQ=WEEKLY;INTERVAL=1;COUNT=2;BYDAY=MO;",
            "Weekly i=1 c=Some(2) day=[(0, 0)] md=[] sp=[] wk=0",
        );
        check(
            "freq=monthly;byday=2 TH",
            "Monthly i=1 c=None day=[(2, 3)] md=[] sp=[] wk=0",
        );
        check(
            "FREQ=WEEKLY;BYDAY=MO, FR;WKST=SU",
            "Weekly i=1 c=None day=[(0, 0), (0, 4)] md=[] sp=[] wk=6",
        );
        check(
            "FREQ=MONTHLY;BYMONTHDAY=-1,15,15;BYSETPOS=-1;X-FOO=1",
            "Monthly i=1 c=None day=[] md=[-1, 15] sp=[-1] wk=0",
        );
    }

    #[test]
    fn rejects_what_cannot_be_read() {
        check("BYDAY=MO", "error: rule has no FREQ");
        check("FREQ=FORTNIGHTLY", "error: unknown FREQ `FORTNIGHTLY`");
        check(
            "FREQ=DAILY;INTERVAL=0",
            "error: INTERVAL value `0` is out of range 1..=4294967295",
        );
        check(
            "FREQ=MONTHLY;BYMONTHDAY=0",
            "error: BYMONTHDAY value `0` is out of range",
        );
        check(
            "FREQ=MONTHLY;BYMONTHDAY=32",
            "error: BYMONTHDAY value `32` is out of range -31..=31",
        );
        check("FREQ=WEEKLY;BYDAY=XX", "error: `XX` is not a weekday");
        check("FREQ=WEEKLY;COUNT", "error: rule part `COUNT` has no `=`");
    }
}
