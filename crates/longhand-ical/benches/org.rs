//! A synthetic organisation's calendar for benchmarks: people in several zones, each with the
//! usual mix of recurring meetings (daily standup, weekly 1:1s, a biweekly review, a monthly
//! all-hands), overrides, exceptions, all-day events and one-offs, written as one `.ics` file.
//!
//! Shared by `benches/expand.rs` and `examples/org_calendar.rs` (which the Python comparison
//! uses), so both sides measure the same input.

use std::fmt::Write as _;

/// Zones spread over the continents, including Windows names and DST-free zones.
const ZONES: &[&str] = &[
    "Europe/Berlin",
    "America/New_York",
    "W. Europe Standard Time",
    "Asia/Kolkata",
    "Australia/Sydney",
    "America/Los_Angeles",
    "Europe/London",
    "Pacific Standard Time",
];

/// The calendar of `people` people for 2026.
pub fn org_calendar(people: usize) -> String {
    let mut out =
        String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Longhand//bench//EN\r\n");
    for p in 0..people {
        person(&mut out, p);
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

fn person(out: &mut String, p: usize) {
    let tz = ZONES[p % ZONES.len()];
    let hour = 8 + p % 6;
    let rules: [(&str, &str, usize); 6] = [
        ("standup", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", 15),
        ("1:1 A", "FREQ=WEEKLY;BYDAY=TU", 30),
        ("1:1 B", "FREQ=WEEKLY;BYDAY=TH;UNTIL=20261201T000000Z", 30),
        ("design review", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", 50),
        ("all-hands", "FREQ=MONTHLY;BYDAY=1FR", 60),
        (
            "planning",
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=24",
            50,
        ),
    ];
    for (i, (name, rule, minutes)) in rules.iter().enumerate() {
        let uid = format!("p{p}-r{i}");
        let start = format!(
            "2025{:02}{:02}T{:02}{:02}00",
            1 + (p + i) % 12,
            5 + i,
            hour + i % 3,
            (i * 15) % 60
        );
        event(out, &uid, name, tz, &start, *minutes, Some(rule));
        if i < 2 {
            let rid = format!("202606{:02}T{}", 2 + i, &start[9..]);
            let _ = write!(
                out,
                "BEGIN:VEVENT\r\nUID:{uid}\r\nRECURRENCE-ID;TZID=\"{tz}\":{rid}\r\nDTSTART;TZID=\"{tz}\":202606{:02}T170000\r\nDURATION:PT{minutes}M\r\nSUMMARY:{name} (moved)\r\nEND:VEVENT\r\n",
                2 + i
            );
        }
    }
    for k in 0..10 {
        let start = format!(
            "2026{:02}{:02}T{:02}3000",
            1 + (p + k) % 12,
            1 + (p * 7 + k * 3) % 28,
            9 + k % 8
        );
        event(out, &format!("p{p}-o{k}"), "one-off", tz, &start, 45, None);
    }
    let _ = write!(
        out,
        "BEGIN:VEVENT\r\nUID:p{p}-holiday\r\nDTSTART;VALUE=DATE:2026{:02}10\r\nDTEND;VALUE=DATE:2026{:02}15\r\nSUMMARY:Holiday\r\nEND:VEVENT\r\n",
        1 + p % 12,
        1 + p % 12
    );
}

fn event(
    out: &mut String,
    uid: &str,
    name: &str,
    tz: &str,
    start: &str,
    minutes: usize,
    rule: Option<&str>,
) {
    let _ = write!(
        out,
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:{name}\r\nDTSTART;TZID=\"{tz}\":{start}\r\nDURATION:PT{minutes}M\r\n\
         ORGANIZER;CN=Lead:mailto:lead@example.com\r\nATTENDEE;CN=Ana;PARTSTAT=ACCEPTED:mailto:ana@example.com\r\n\
         ATTENDEE;CN=Ben;PARTSTAT=TENTATIVE:mailto:ben@example.com\r\n"
    );
    if let Some(rule) = rule {
        let _ = write!(
            out,
            "RRULE:{rule}\r\nEXDATE;TZID=\"{tz}\":20260406T{}\r\n",
            &start[9..]
        );
    }
    out.push_str("END:VEVENT\r\n");
}
