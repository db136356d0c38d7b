//! The demo workspace's calendar: twelve weeks of the meetings a distributed team really has
//! (a daily standup, a weekly all-hands status sync, reviews, planning, 1:1s, pairing), ending
//! today, uploaded as one `.ics` file so the Meetings page has something to show.
//!
//! Halfway through, the Platform standup stops: it became a written check-in. Comparing the
//! first six weeks (the baseline) with the last six (the pilot) shows what that changed.

use super::{Actor, App, OpResult};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use longhand_domain::meetings::Purpose;
use std::fmt::Write as _;

/// How many weeks the demo calendar covers, ending this week.
pub const WEEKS: i64 = 12;

/// UID, title, rule, first day offset (days from the start Monday), UTC start, minutes,
/// attendees.
type Series = (
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static str,
    u32,
    &'static [&'static str],
);

const SERIES: &[Series] = &[
    (
        "platform-standup",
        "Platform standup",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        0,
        "083000",
        15,
        &["chloe", "ben", "dev", "gus"],
    ),
    (
        "status-sync",
        "Weekly status sync",
        "FREQ=WEEKLY;BYDAY=MO",
        0,
        "130000",
        60,
        &["ana", "ben", "chloe", "dev", "emi", "farah", "gus"],
    ),
    (
        "roadmap-update",
        "Roadmap update",
        "FREQ=WEEKLY;BYDAY=TH",
        3,
        "140000",
        45,
        &["ana", "chloe", "emi", "farah", "ben"],
    ),
    (
        "design-review",
        "Design review",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        2,
        "140000",
        50,
        &["chloe", "ben", "ana", "farah"],
    ),
    (
        "sprint-planning",
        "Sprint planning",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        1,
        "140000",
        90,
        &["ana", "farah", "emi", "chloe"],
    ),
    (
        "ana-farah",
        "Ana / Farah 1:1",
        "FREQ=WEEKLY;BYDAY=TH",
        3,
        "150000",
        30,
        &["ana", "farah"],
    ),
    (
        "incident-review",
        "Incident review",
        "FREQ=WEEKLY;BYDAY=FR",
        4,
        "100000",
        45,
        &["dev", "gus", "farah"],
    ),
    (
        "billing-pairing",
        "Pairing: billing migration",
        "FREQ=WEEKLY;BYDAY=TU,TH",
        1,
        "090000",
        120,
        &["ben", "chloe"],
    ),
    (
        "product-sync",
        "Product sync",
        "FREQ=WEEKLY;BYDAY=WE",
        2,
        "133000",
        30,
        &["ana", "emi", "farah"],
    ),
    (
        "architecture-forum",
        "Architecture forum",
        "FREQ=MONTHLY;BYDAY=1TH",
        3,
        "160000",
        60,
        &["chloe", "ben", "dev", "gus", "ana"],
    ),
    (
        "coffee",
        "Coffee chat",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
        4,
        "150000",
        30,
        &["ana", "ben", "chloe"],
    ),
];

/// The Monday `WEEKS` weeks before the week of `now` (UTC).
pub fn start_monday(now: Timestamp) -> Date {
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let back = i64::from(today.weekday().to_monday_zero_offset()) + 7 * WEEKS;
    today.checked_sub(back.days()).unwrap_or(today)
}

fn stamp(day: Date) -> String {
    day.strftime("%Y%m%d").to_string()
}

/// The demo calendar as iCalendar text.
pub fn calendar(now: Timestamp) -> String {
    let start = start_monday(now);
    let half = start.checked_add((7 * WEEKS / 2).days()).unwrap_or(start);
    let mut out =
        String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Longhand//demo//EN\r\n");
    for (uid, title, rule, offset, time, minutes, who) in SERIES {
        let first = start.checked_add(offset.days()).unwrap_or(start);
        let rule = match *uid {
            "platform-standup" => format!("{rule};UNTIL={}T000000Z", stamp(half)),
            _ => (*rule).to_owned(),
        };
        let _ = write!(
            out,
            "BEGIN:VEVENT\r\nUID:{uid}@demo.longhand\r\nDTSTAMP:{}T000000Z\r\nSUMMARY:{title}\r\nDTSTART:{}T{time}Z\r\nDURATION:PT{minutes}M\r\nRRULE:{rule}\r\nORGANIZER:mailto:{}@example.com\r\n",
            stamp(start),
            stamp(first),
            who[0]
        );
        for person in *who {
            let _ = write!(
                out,
                "ATTENDEE;PARTSTAT=ACCEPTED:mailto:{person}@example.com\r\n"
            );
        }
        if *uid == "status-sync" {
            out.push_str("ATTENDEE;PARTSTAT=ACCEPTED:mailto:board-liaison@partner.example\r\n");
        }
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// Uploads the demo calendar as the admin and marks the architecture forum a decision
/// meeting by hand.
pub(super) async fn seed(app: &App, admin: &Actor) -> OpResult<()> {
    let text = calendar(app.now());
    // The team's shared calendar is nobody's own: its meetings count their attendees.
    let owner = super::meetings::CalendarOwner::Nobody;
    super::meetings::upload(app, admin, "team-calendars.ics", text.as_bytes(), &owner).await?;
    super::meetings::set_purpose(
        app,
        admin,
        "architecture-forum@demo.longhand",
        Some(Purpose::Decision),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_calendar_reads_cleanly() {
        let now: Timestamp = "2026-03-10T10:00:00Z".parse().unwrap();
        assert_eq!(start_monday(now).to_string(), "2025-12-15");
        let calendar = longhand_ical::parse(&calendar(now)).unwrap();
        assert_eq!(calendar.series.len(), SERIES.len());
        assert!(calendar.skipped.is_empty(), "{:?}", calendar.skipped);
    }
}
