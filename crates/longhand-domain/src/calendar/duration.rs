//! Business durations as people write them in charters: "4h", "1h30m", "3d", "PT4H", "P3D".

use std::fmt;

use jiff::SignedDuration;

use super::error::CalendarError;

/// An amount of business time: working time, or a number of business days.
///
/// `Days(n)` means "respond by the same local time `n` working days later". Precisely:
/// the position of the start within its working day is the working time already done that
/// day (for a start inside a break, the work before the break). The result has the same
/// position in the `n`-th following working day, or is that day's end if the day is
/// shorter. A start outside any working day (evening, weekend, holiday, time off) counts
/// as the end of the previous working day, so the result is the *end* of the `n`-th working
/// day after it. Working days are dates with working time that are neither holidays nor time
/// off. Examples with Monday–Friday 09:00–17:00:
///
/// - Wednesday 11:00 + 3 days = Monday 11:00;
/// - Friday 17:00, Friday 20:00, Saturday or Monday 08:00 + 1 day = Monday 17:00;
/// - Monday 09:00 + 1 day = Tuesday 09:00.
///
/// `Days(0)` is the next working instant.
///
/// # Example
/// ```
/// use longhand_domain::calendar::BusinessDuration;
/// assert_eq!(BusinessDuration::parse("P3D").unwrap(), BusinessDuration::Days(3));
/// assert_eq!(
///     BusinessDuration::parse("1h30m").unwrap(),
///     BusinessDuration::Working(jiff::SignedDuration::from_mins(90)),
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BusinessDuration {
    /// This much working time.
    Working(SignedDuration),
    /// This many business days.
    Days(u32),
}

impl BusinessDuration {
    /// Parses "4h", "90m", "1h30m", "1h 30m", "4 hours", "45s", "3d", "3 days", "3 business
    /// days", and ISO 8601 "PT4H", "PT1H30M", "P3D"; days are always business days. A duration mixing days with hours
    /// ("P1DT4H") or a negative one is refused.
    pub fn parse(s: &str) -> Result<BusinessDuration, CalendarError> {
        let invalid = || CalendarError::InvalidDuration(s.to_string());
        let text = s.trim();
        if let Some(days) = parse_days(text) {
            return days.map(BusinessDuration::Days).ok_or_else(invalid);
        }
        let duration: SignedDuration = text.parse().map_err(|_| invalid())?;
        if duration.is_negative() {
            return Err(CalendarError::NegativeDuration);
        }
        Ok(BusinessDuration::Working(duration))
    }
}

/// `Some` when the text has the shape "3d", "P3D", "3 days" or "3 business days"; the inner
/// `None` is an overflow.
fn parse_days(text: &str) -> Option<Option<u32>> {
    const SUFFIXES: [&str; 5] = ["business days", "business day", "days", "day", "d"];
    let lower = text.to_ascii_lowercase();
    let body = SUFFIXES
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix))?
        .trim_end();
    let digits = body.strip_prefix('p').unwrap_or(body);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse().ok())
}

/// "3d" for days, jiff's friendly format ("4h 30m") for working time; both parse back.
impl fmt::Display for BusinessDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BusinessDuration::Working(d) => write!(f, "{d:#}"),
            BusinessDuration::Days(n) => write!(f, "{n}d"),
        }
    }
}

impl std::str::FromStr for BusinessDuration {
    type Err = CalendarError;
    fn from_str(s: &str) -> Result<BusinessDuration, CalendarError> {
        BusinessDuration::parse(s)
    }
}
