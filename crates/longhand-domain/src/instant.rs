//! Instants at the one precision Longhand keeps: whole microseconds.
//!
//! The database stores an instant as microseconds since the epoch, while `jiff::Timestamp`
//! (and the system clock) carry nanoseconds. An instant kept in memory — a job's payload, a
//! value computed from `now` — is later compared with the same instant read back from a row,
//! and the two must be equal, or a job decides its ask was rescheduled and does nothing. So
//! every instant enters the application at storage precision: the clock truncates what it
//! reads, and every instant parsed from outside passes through [`parse`] or
//! [`at_storage_precision`]. Arithmetic with whole seconds or minutes keeps the precision.
//!
//! # Example
//! ```
//! use longhand_domain::instant;
//! let at = instant::parse("2026-03-10T10:00:00.123456789Z").unwrap();
//! assert_eq!(at.to_string(), "2026-03-10T10:00:00.123456Z");
//! assert!(instant::is_at_storage_precision(at));
//! ```

use jiff::Timestamp;

/// `at` without its sub-microsecond digits, rounded towards the past the way storage
/// rounds it (`Timestamp::as_microsecond`).
pub fn at_storage_precision(at: Timestamp) -> Timestamp {
    // Whole microseconds of a valid timestamp are always a valid timestamp again.
    Timestamp::from_microsecond(at.as_microsecond()).unwrap_or(at)
}

/// Whether `at` survives a trip through storage unchanged.
pub fn is_at_storage_precision(at: Timestamp) -> bool {
    at.subsec_nanosecond() % 1_000 == 0
}

/// Parses an RFC 3339 instant (`2026-03-12T17:00:00Z`, `2026-03-12T18:00:00+01:00`) at
/// storage precision; extra fractional digits are dropped, not refused, since a client
/// sending nanoseconds means the same moment.
pub fn parse(raw: &str) -> Result<Timestamp, jiff::Error> {
    raw.trim().parse::<Timestamp>().map(at_storage_precision)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expect: &str) {
        assert_eq!(parse(raw).unwrap().to_string(), expect, "{raw}");
    }

    #[test]
    fn sub_microsecond_digits_are_dropped() {
        check("2026-03-10T10:00:00Z", "2026-03-10T10:00:00Z");
        check("2026-03-10T10:00:00.1Z", "2026-03-10T10:00:00.1Z");
        check("2026-03-10T10:00:00.123456Z", "2026-03-10T10:00:00.123456Z");
        check(
            "2026-03-10T10:00:00.123456789Z",
            "2026-03-10T10:00:00.123456Z",
        );
        check(
            "2026-03-10T10:00:00.999999999Z",
            "2026-03-10T10:00:00.999999Z",
        );
        check(
            " 2026-03-10T11:00:00.0000009+01:00 ",
            "2026-03-10T10:00:00Z",
        );
    }

    #[test]
    fn a_truncated_instant_equals_its_round_trip_through_microseconds() {
        let at: Timestamp = "2026-03-10T10:00:00.123456789Z".parse().unwrap();
        let stored = at_storage_precision(at);
        assert!(!is_at_storage_precision(at));
        assert!(is_at_storage_precision(stored));
        assert_eq!(
            Timestamp::from_microsecond(stored.as_microsecond()).unwrap(),
            stored
        );
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse("tomorrow").is_err());
    }
}
