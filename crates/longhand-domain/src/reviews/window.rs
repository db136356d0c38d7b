//! A round's window in business time: when it closes, when the "closing soon" notice goes
//! out, and when an open question raised during it falls due.
//!
//! All of it is measured on one business calendar (the application passes the team's), so a
//! window of "3 business days" skips the weekend and the team's holidays.

use std::fmt;

use jiff::{SignedDuration, Timestamp};

use super::ReviewError;
use crate::calendar::{BusinessCalendar, BusinessDuration};

/// The window when the charter names none: 3 business days (DESIGN.md §1 rule 4).
pub const DEFAULT_WINDOW: BusinessDuration = BusinessDuration::Days(3);
/// The longest window: four working weeks.
pub const MAX_WINDOW_DAYS: u32 = 20;
/// How much business time before the close the "closing soon" notice goes out.
pub const CLOSING_SOON_LEAD: SignedDuration = SignedDuration::from_hours(24);
/// How long an open question waits for an answer before the owner decides on what is known.
pub const QUESTION_WINDOW: BusinessDuration =
    BusinessDuration::Working(SignedDuration::from_hours(48));

/// The longest window in working time: as long as the longest in days, at 8 hours a day.
const MAX_WORKING: SignedDuration = SignedDuration::from_hours(8 * MAX_WINDOW_DAYS as i64);

/// A review window: 1 to [`MAX_WINDOW_DAYS`] business days, or working time of whole
/// seconds up to as long. Windows of minutes or seconds are for trying the product out (and
/// for tests on the real clock); a team's charter and the forms speak of days and hours.
///
/// # Example
///
/// ```
/// use longhand_domain::reviews::Window;
///
/// assert_eq!(Window::parse("3d").unwrap().to_string(), "3 business days");
/// assert_eq!(Window::parse("36h").unwrap().to_string(), "36 business hours");
/// assert!(Window::parse("0d").is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window(BusinessDuration);

impl Window {
    /// [`DEFAULT_WINDOW`], three business days.
    pub const DEFAULT: Window = Window(DEFAULT_WINDOW);

    /// Reads a window as people write it: "3d", "3 business days", "36h", "PT36H", "90m".
    pub fn parse(raw: &str) -> Result<Window, ReviewError> {
        let duration = BusinessDuration::parse(raw).map_err(|_| {
            ReviewError::Window(format!(
                "\"{}\" is not a review window; write business days or hours, such as 3d or 36h",
                raw.trim()
            ))
        })?;
        Window::new(duration)
    }

    /// Checks a window's bounds.
    pub fn new(duration: BusinessDuration) -> Result<Window, ReviewError> {
        let fits = match duration {
            BusinessDuration::Days(days) => (1..=MAX_WINDOW_DAYS).contains(&days),
            BusinessDuration::Working(d) => {
                d >= SignedDuration::from_secs(1) && d <= MAX_WORKING && d.subsec_nanos() == 0
            }
        };
        if !fits {
            return Err(ReviewError::Window(format!(
                "a review window lasts from one second to {MAX_WINDOW_DAYS} business days (160 business hours), in whole seconds; {duration} is outside that"
            )));
        }
        Ok(Window(duration))
    }

    pub fn duration(self) -> BusinessDuration {
        self.0
    }

    /// The window as the charter and the API write it ("3d", "36h", "1m 30s").
    pub fn key(self) -> String {
        self.0.to_string()
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            BusinessDuration::Days(1) => f.write_str("1 business day"),
            BusinessDuration::Days(n) => write!(f, "{n} business days"),
            BusinessDuration::Working(d) if d.as_secs() % 3600 == 0 => {
                let hours = d.as_secs() / 3600;
                write!(
                    f,
                    "{hours} business hour{}",
                    if hours == 1 { "" } else { "s" }
                )
            }
            BusinessDuration::Working(d) => write!(f, "{d:#} of business time"),
        }
    }
}

/// When a round opened at some instant closes, and when "closing soon" goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub closes_at: Timestamp,
    /// `None` when the window holds no more than [`CLOSING_SOON_LEAD`] of business time.
    pub closing_soon_at: Option<Timestamp>,
}

/// Places a window opened at `opened` on `calendar`.
pub fn schedule(
    opened: Timestamp,
    window: Window,
    calendar: &impl BusinessCalendar,
) -> Result<Schedule, ReviewError> {
    let closes_at = calendar
        .add(opened, window.duration())
        .map_err(|err| ReviewError::Window(format!("the window cannot be placed: {err}")))?;
    Ok(Schedule {
        closes_at,
        closing_soon_at: closing_soon(opened, closes_at, calendar),
    })
}

/// The instant 24 business hours before the close: the "closing soon" notice.
///
/// A window holding 24 business hours or less gets no separate notice: it would go out the
/// moment the round opens, beside the review ask that already names the closing time (and
/// whose own reminder, at the charter's reminder point, still reaches whoever has not
/// answered). So `None`.
pub fn closing_soon(
    opened: Timestamp,
    closes: Timestamp,
    calendar: &impl BusinessCalendar,
) -> Option<Timestamp> {
    let working = calendar.between(opened, closes);
    if working <= CLOSING_SOON_LEAD {
        return None;
    }
    let before = BusinessDuration::Working(working - CLOSING_SOON_LEAD);
    calendar.add(opened, before).ok().map(|at| at.min(closes))
}

/// When an open question raised at `raised` falls due: 48 business hours later.
pub fn question_deadline(
    raised: Timestamp,
    calendar: &impl BusinessCalendar,
) -> Result<Timestamp, ReviewError> {
    calendar.add(raised, QUESTION_WINDOW).map_err(|err| {
        ReviewError::Window(format!("the question's deadline cannot be placed: {err}"))
    })
}
