//! How instants, days and zones are written for people, in one place, so that a notification
//! and the page it links to say the same thing the same way.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// A day, short: "Thu 12 Mar".
pub fn day(day: Date) -> String {
    day.strftime("%a %-d %b").to_string()
}

/// A day with its year, for dates that may lie years back (a decision's date): "12 Mar 2024".
pub fn date(day: Date) -> String {
    day.strftime("%-d %b %Y").to_string()
}

/// An instant in a zone, short: "Fri 13 Mar 11:00".
pub fn when(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%a %-d %b %H:%M")
        .to_string()
}

/// An instant in a zone with its year, for records read months later: "Fri 13 Mar 2026 11:00".
pub fn when_dated(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%a %-d %b %Y %H:%M")
        .to_string()
}

/// The city part of a zone name: `America/Sao_Paulo` → "Sao Paulo".
pub fn zone_city(zone: &str) -> String {
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

/// A zone as people say it: "Berlin time" (a zone without a name is "UTC time").
pub fn zone_time(zone: &TimeZone) -> String {
    format!("{} time", zone_city(zone.iana_name().unwrap_or("UTC")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_days_and_zones_read_as_people_write_them() {
        let zone = crate::tz::lookup("America/Sao_Paulo").unwrap();
        let at: Timestamp = "2026-03-13T14:00:00.123456Z".parse().unwrap();
        assert_eq!(when(at, &zone), "Fri 13 Mar 11:00");
        assert_eq!(when_dated(at, &zone), "Fri 13 Mar 2026 11:00");
        assert_eq!(day("2026-03-12".parse().unwrap()), "Thu 12 Mar");
        assert_eq!(date("2024-03-01".parse().unwrap()), "1 Mar 2024");
        assert_eq!(zone_time(&zone), "Sao Paulo time");
        assert_eq!(zone_time(&TimeZone::UTC), "UTC time");
        assert_eq!(zone_city("Etc/UTC"), "UTC");
    }
}
