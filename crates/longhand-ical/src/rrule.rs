//! The RRULE value type (RFC 5545 §3.3.10) and its parser.
//!
//! Parsing is tolerant where real exporters are sloppy (lower case, a trailing `;`, spaces after
//! commas as Outlook writes them, `X-` parts, which RFC 5545 §3.3.10 says to ignore) and
//! strict about meaning: an out-of-range number, an unknown part (`UNTL=` for `UNTIL=`) or a
//! calendar scale other than Gregorian (`RSCALE`, RFC 7529) makes the whole rule unreadable,
//! because guessing would invent meetings.
//!
//! [`Rule::parse_repairing`] repairs exactly one kind of damage: a bad bound next to a good
//! one. A series with an unreadable `COUNT` and a readable `UNTIL` still ends (at UNTIL), and
//! the other way round, so the bad bound is dropped and the rest kept. Nothing else is
//! dropped: without its `INTERVAL` or a `BY*` part a rule would repeat more often than it
//! says, and without its only bound it would never end.

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

/// A part of a rule that [`Rule::parse_repairing`] dropped, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repair {
    /// What was wrong with the part.
    pub problem: RuleError,
    /// What was done instead, such as "COUNT dropped, the series ends at UNTIL".
    pub action: &'static str,
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.problem, self.action)
    }
}

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

    /// Parses an RRULE value such as `FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`, strictly: any part
    /// that cannot be read makes the rule unreadable.
    ///
    /// # Example
    /// ```
    /// use longhand_ical::{Frequency, Rule};
    /// let rule = Rule::parse("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3").unwrap();
    /// assert_eq!(rule.freq, Frequency::Monthly);
    /// assert_eq!(rule.by_day[0].ordinal, -1);
    /// assert!(Rule::parse("FREQ=DAILY;UNTL=20260301").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Rule, RuleError> {
        let (rule, repairs) = Rule::parse_repairing(text)?;
        match repairs.into_iter().next() {
            Some(repair) => Err(repair.problem),
            None => Ok(rule),
        }
    }

    /// Parses an RRULE value, dropping a bad `COUNT` when `UNTIL` still ends the series (or a
    /// bad `UNTIL` when `COUNT` does), and saying so in the returned repairs. Any other bad
    /// part makes the rule unreadable.
    ///
    /// # Example
    /// ```
    /// use longhand_ical::Rule;
    /// let (rule, repairs) = Rule::parse_repairing("FREQ=DAILY;COUNT=-1;UNTIL=20260310").unwrap();
    /// assert_eq!(rule.count, None);
    /// assert_eq!(repairs[0].to_string(), "COUNT value `-1` is out of range 0..=9223372036854775807; COUNT dropped, the series ends at UNTIL");
    /// assert!(Rule::parse_repairing("FREQ=DAILY;COUNT=-1").is_err());
    /// ```
    pub fn parse_repairing(text: &str) -> Result<(Rule, Vec<Repair>), RuleError> {
        let mut freq = None;
        let mut rule = Rule::new(Frequency::Daily);
        let mut bad: Vec<(String, RuleError)> = Vec::new();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((name, val)) = part.split_once('=') else {
                return Err(RuleError(format!("part `{part}` has no `=`")));
            };
            let name = name.trim().to_ascii_uppercase();
            let read = if name == "FREQ" {
                parse_freq(val).map(|f| freq = Some(f))
            } else {
                rule.set_part(&name, val.trim())
            };
            if let Err(e) = read {
                bad.push((name, e));
            }
        }
        if let Some(i) = bad.iter().position(|(name, _)| name == "FREQ") {
            return Err(bad.swap_remove(i).1);
        }
        rule.freq = freq.ok_or_else(|| RuleError("has no FREQ".into()))?;
        let repairs = rule.repair(bad)?;
        Ok((rule, repairs))
    }

    /// Turns the parts that could not be read into repairs, when dropping them is safe.
    fn repair(&self, bad: Vec<(String, RuleError)>) -> Result<Vec<Repair>, RuleError> {
        let mut repairs = Vec::new();
        for (name, problem) in bad {
            let action = match name.as_str() {
                "COUNT" if self.until.is_some() => "COUNT dropped, the series ends at UNTIL",
                "UNTIL" if self.count.is_some() => "UNTIL dropped, the series ends after COUNT",
                _ => return Err(problem),
            };
            repairs.push(Repair { problem, action });
        }
        Ok(repairs)
    }

    /// Stores one `NAME=value` part. `X-` parts are ignored, as RFC 5545 asks; any other
    /// unknown part is an error, since it may be a misspelt bound (`UNTL=`) whose loss would
    /// turn a dozen meetings into years of them.
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
            "RSCALE" => scale(val)?,
            "SKIP" => skip(val)?,
            x if x.starts_with("X-") => {}
            _ => return Err(RuleError(format!("part `{name}={val}` is unknown"))),
        }
        Ok(())
    }
}

/// `RSCALE` (RFC 7529): only the Gregorian calendar is expanded. A Chinese or Hebrew
/// calendar's months fall on other days, and reading them as Gregorian would be a guess.
fn scale(val: &str) -> Result<(), RuleError> {
    if val.trim().eq_ignore_ascii_case("GREGORIAN") {
        return Ok(());
    }
    Err(RuleError(format!(
        "RSCALE `{val}` (RFC 7529) is not supported"
    )))
}

/// `SKIP` (RFC 7529): `OMIT`, the RFC 5545 behaviour of skipping invalid dates such as
/// February 30, is what the engine does; moving them to another day is not supported.
fn skip(val: &str) -> Result<(), RuleError> {
    if val.trim().eq_ignore_ascii_case("OMIT") {
        return Ok(());
    }
    Err(RuleError(format!(
        "SKIP `{val}` (RFC 7529) is not supported"
    )))
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
        other => return Err(RuleError(format!("FREQ `{other}` is unknown"))),
    })
}

fn parse_until(val: &str) -> Result<Moment, RuleError> {
    value::parse_moment(val)
        .ok_or_else(|| RuleError(format!("UNTIL `{val}` is not a date or date-time")))
}

fn parse_num(name: &str, val: &str, min: i64, max: i64) -> Result<i64, RuleError> {
    let n: i64 = val
        .trim()
        .trim_start_matches('+')
        .parse()
        .map_err(|_| RuleError(format!("{name} value `{val}` is not a number")))?;
    if n < min || n > max {
        return Err(RuleError(format!(
            "{name} value `{val}` is out of range {min}..={max}"
        )));
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
        check("BYDAY=MO", "error: has no FREQ");
        check("FREQ=FORTNIGHTLY", "error: FREQ `FORTNIGHTLY` is unknown");
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
        check("FREQ=WEEKLY;COUNT", "error: part `COUNT` has no `=`");
        check(
            "FREQ=WEEKLY;COUNT=abc",
            "error: COUNT value `abc` is not a number",
        );
    }

    fn check_repairing(input: &str, expect: &str) {
        let got = match Rule::parse_repairing(input) {
            Ok((r, repairs)) => {
                let notes: Vec<String> = repairs.iter().map(Repair::to_string).collect();
                format!("c={:?} u={:?} [{}]", r.count, r.until, notes.join(" | "))
            }
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expect, "input: {input}");
    }

    #[test]
    fn a_bad_bound_next_to_a_good_one_is_dropped() {
        check_repairing(
            "FREQ=WEEKLY;COUNT=-1;UNTIL=20260301",
            "c=None u=Some(Date(2026-03-01)) [COUNT value `-1` is out of range 0..=9223372036854775807; COUNT dropped, the series ends at UNTIL]",
        );
        check_repairing(
            "FREQ=WEEKLY;UNTIL=20260301;COUNT=abc",
            "c=None u=Some(Date(2026-03-01)) [COUNT value `abc` is not a number; COUNT dropped, the series ends at UNTIL]",
        );
        check_repairing(
            "FREQ=WEEKLY;UNTIL=2026-03-01;COUNT=4",
            "c=Some(4) u=None [UNTIL `2026-03-01` is not a date or date-time; UNTIL dropped, the series ends after COUNT]",
        );
        check_repairing(
            "FREQ=WEEKLY;UNTIL=2026-03-01;COUNT=x",
            "error: UNTIL `2026-03-01` is not a date or date-time",
        );
        check_repairing(
            "FREQ=WEEKLY;COUNT=-1",
            "error: COUNT value `-1` is out of range 0..=9223372036854775807",
        );
        check_repairing(
            "FREQ=WEEKLY;INTERVAL=0;UNTIL=20260301",
            "error: INTERVAL value `0` is out of range 1..=4294967295",
        );
    }

    #[test]
    fn unknown_parts_and_calendar_scales_make_a_rule_unreadable() {
        check(
            "FREQ=WEEKLY;UNTL=20260301",
            "error: part `UNTL=20260301` is unknown",
        );
        check(
            "FREQ=YEARLY;RSCALE=CHINESE;BYMONTH=1",
            "error: RSCALE `CHINESE` (RFC 7529) is not supported",
        );
        check(
            "FREQ=MONTHLY;RSCALE=GREGORIAN;SKIP=BACKWARD;BYMONTHDAY=31",
            "error: SKIP `BACKWARD` (RFC 7529) is not supported",
        );
        check(
            "RSCALE=gregorian;FREQ=MONTHLY;SKIP=OMIT;X-EVOLUTION-ENDDATE=20260301T000000Z",
            "Monthly i=1 c=None day=[] md=[] sp=[] wk=0",
        );
    }
}
