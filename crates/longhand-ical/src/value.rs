//! Property value types: DATE, DATE-TIME, DURATION, UTC-OFFSET and TEXT (RFC 5545 §3.3).
//!
//! Each parser returns `None` for text it cannot read; the caller knows the line number and
//! turns that into a skipped-item report.

use jiff::civil::{Date, DateTime, Time};

/// A DATE or DATE-TIME exactly as written, before any `TZID` is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    /// A calendar date (`VALUE=DATE`), used by all-day events.
    Date(Date),
    /// A wall-clock time without a zone (a "floating" time), or one a `TZID` will place.
    Local(DateTime),
    /// A UTC time, written with a trailing `Z`.
    Utc(DateTime),
}

impl Moment {
    /// The wall-clock reading, with dates at midnight.
    pub fn civil(self) -> DateTime {
        match self {
            Moment::Date(d) => d.to_datetime(Time::midnight()),
            Moment::Local(dt) | Moment::Utc(dt) => dt,
        }
    }
}

/// A length of time as RFC 5545 defines it: whole days are *nominal* (a day across a DST change
/// is 23 or 25 hours) while hours, minutes and seconds are *exact*.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Length {
    /// Nominal days, added on the wall clock.
    pub days: i64,
    /// Exact seconds, added on the timeline.
    pub seconds: i64,
}

/// Parses `YYYYMMDD`, `YYYYMMDDTHHMMSS` or `YYYYMMDDTHHMMSSZ`.
pub(crate) fn parse_moment(text: &str) -> Option<Moment> {
    let text = text.trim();
    if text.len() == 8 {
        return parse_date(text).map(Moment::Date);
    }
    let (body, utc) = match text.strip_suffix(['Z', 'z']) {
        Some(body) => (body, true),
        None => (text, false),
    };
    let dt = parse_datetime(body)?;
    Some(if utc {
        Moment::Utc(dt)
    } else {
        Moment::Local(dt)
    })
}

/// Parses `YYYYMMDD`.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    if text.len() != 8 {
        return None;
    }
    let year = digits(text, 0, 4)?;
    let month = digits(text, 4, 6)?;
    let day = digits(text, 6, 8)?;
    Date::new(year as i16, month as i8, day as i8).ok()
}

/// Parses `YYYYMMDDTHHMMSS` (no zone suffix).
fn parse_datetime(text: &str) -> Option<DateTime> {
    if text.len() != 15 || !text.get(8..9)?.eq_ignore_ascii_case("T") {
        return None;
    }
    let date = parse_date(text.get(..8)?)?;
    let hour = digits(text, 9, 11)?;
    let minute = digits(text, 11, 13)?;
    // A leap second (`60`) is legal in iCalendar but not in jiff; reading it as :59 keeps the
    // event instead of dropping it for one second of difference.
    let second = digits(text, 13, 15)?.min(59);
    let time = Time::new(hour as i8, minute as i8, second as i8, 0).ok()?;
    Some(date.to_datetime(time))
}

/// The unsigned decimal number in `text[from..to]`, which must be all ASCII digits.
fn digits(text: &str, from: usize, to: usize) -> Option<u32> {
    let part = text.get(from..to)?;
    if !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

/// Parses a DURATION such as `PT1H30M`, `P1D`, `-P2W` or `P1DT12H`.
pub(crate) fn parse_duration(text: &str) -> Option<Length> {
    let text = text.trim();
    let (sign, rest) = match text.as_bytes().first()? {
        b'-' => (-1, &text[1..]),
        b'+' => (1, &text[1..]),
        _ => (1, text),
    };
    let rest = rest.strip_prefix(['P', 'p'])?;
    let mut len = Length::default();
    let mut in_time = false;
    let mut num: Option<i64> = None;
    let mut seen_unit = false;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            '0'..='9' => {
                let d = i64::from(c.to_digit(10)?);
                num = Some(num.unwrap_or(0).checked_mul(10)?.checked_add(d)?);
            }
            'T' if !in_time && num.is_none() => in_time = true,
            unit => {
                add_unit(&mut len, unit, num.take()?, in_time)?;
                seen_unit = true;
            }
        }
    }
    if num.is_some() || !seen_unit {
        return None;
    }
    Some(Length {
        days: len.days * sign,
        seconds: len.seconds * sign,
    })
}

fn add_unit(len: &mut Length, unit: char, n: i64, in_time: bool) -> Option<()> {
    match (unit, in_time) {
        ('W', false) => len.days = len.days.checked_add(n.checked_mul(7)?)?,
        ('D', false) => len.days = len.days.checked_add(n)?,
        ('H', true) => len.seconds = len.seconds.checked_add(n.checked_mul(3600)?)?,
        ('M', true) => len.seconds = len.seconds.checked_add(n.checked_mul(60)?)?,
        ('S', true) => len.seconds = len.seconds.checked_add(n)?,
        _ => return None,
    }
    // Bound lengths to about 10,000 years so later arithmetic on them cannot overflow.
    (len.days.abs() < 3_700_000 && len.seconds.abs() < 320_000_000_000).then_some(())
}

/// Parses a UTC-OFFSET such as `+0100`, `-0500` or `+053000`, in seconds.
pub(crate) fn parse_utc_offset(text: &str) -> Option<i32> {
    let text = text.trim();
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let body = &text[1..];
    if body.len() != 4 && body.len() != 6 {
        return None;
    }
    let hours = digits(body, 0, 2)?;
    let minutes = digits(body, 2, 4)?;
    let seconds = if body.len() == 6 {
        digits(body, 4, 6)?
    } else {
        0
    };
    if hours > 25 || minutes > 59 || seconds > 59 {
        return None;
    }
    Some(sign * (hours * 3600 + minutes * 60 + seconds) as i32)
}

/// Undoes TEXT escaping: `\n` and `\N` become a newline; `\,`, `\;` and `\\` their character.
///
/// An unknown escape keeps its character, which is what most readers do with the stray `\:`
/// some exporters write.
pub(crate) fn unescape_text(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(got: impl std::fmt::Debug, expect: &str) {
        assert_eq!(format!("{got:?}"), expect);
    }

    #[test]
    fn moments() {
        check(parse_moment("20260329"), "Some(Date(2026-03-29))");
        check(
            parse_moment("20260329T020000"),
            "Some(Local(2026-03-29T02:00:00))",
        );
        check(
            parse_moment("20261231T235960Z"),
            "Some(Utc(2026-12-31T23:59:59))",
        );
        check(parse_moment("20260230"), "None");
        check(parse_moment("2026-03-29"), "None");
        check(parse_moment("20260329X020000"), "None");
        check(parse_moment("2026０３29"), "None");
    }

    #[test]
    fn durations() {
        check(
            parse_duration("PT1H30M"),
            "Some(Length { days: 0, seconds: 5400 })",
        );
        check(
            parse_duration("-P1W"),
            "Some(Length { days: -7, seconds: 0 })",
        );
        check(
            parse_duration("P1DT12H"),
            "Some(Length { days: 1, seconds: 43200 })",
        );
        check(parse_duration("P"), "None");
        check(parse_duration("PT"), "None");
        check(parse_duration("P1H"), "None");
        check(parse_duration("PT5"), "None");
        check(parse_duration("P99999999999999999999D"), "None");
    }

    #[test]
    fn offsets_and_text() {
        check(parse_utc_offset("+0530"), "Some(19800)");
        check(parse_utc_offset("-003000"), "Some(-1800)");
        check(parse_utc_offset("0100"), "None");
        check(
            unescape_text(r"a\, b\; c\\d\ne\Nf\"),
            "\"a, b; c\\\\d\\ne\\nf\\\\\"",
        );
    }
}
