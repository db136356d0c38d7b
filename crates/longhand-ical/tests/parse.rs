//! Parsing edge cases and malformed input, as data: each `check` takes a VEVENT body (or a whole
//! file) and the expected summary of what was read, including skipped items with their lines.

use longhand_ical::{Calendar, Event, When, parse};

/// A one-line-per-item description of a parsed calendar.
fn describe(cal: &Calendar) -> String {
    let mut out = Vec::new();
    for s in &cal.series {
        if let Some(m) = &s.master {
            out.push(format!("event {}", event(m)));
        }
        for o in &s.overrides {
            out.push(format!("override {}", event(o)));
        }
    }
    out.extend(cal.skipped.iter().map(|s| format!("skipped {s}")));
    out.join("\n")
}

fn when(w: &When) -> String {
    match w {
        When::Date(d) => format!("{d}"),
        When::Floating(dt) => format!("{dt} floating"),
        When::Zoned(dt, tz) => format!("{dt} {}", tz.iana_name().unwrap_or("custom")),
    }
}

fn event(e: &Event) -> String {
    let mut parts = vec![format!("uid={} start={}", e.uid, when(&e.start))];
    if let Some(end) = &e.end {
        parts.push(format!("end={}", when(end)));
    }
    if let Some(d) = e.duration {
        parts.push(format!("duration={}d{}s", d.days, d.seconds));
    }
    if !e.summary.is_empty() {
        parts.push(format!("summary={:?}", e.summary));
    }
    if let Some(r) = &e.recurrence_id {
        parts.push(format!(
            "rid={}{}",
            when(&r.value),
            if r.this_and_future {
                " thisandfuture"
            } else {
                ""
            }
        ));
    }
    if !e.rrules.is_empty() {
        parts.push(format!("rrules={}", e.rrules.len()));
    }
    if !e.rdates.is_empty() {
        let r: Vec<String> = e
            .rdates
            .iter()
            .map(|r| {
                when(&r.start)
                    + &r.end
                        .as_ref()
                        .map(|e| format!("/{}", when(e)))
                        .unwrap_or_default()
            })
            .collect();
        parts.push(format!("rdates=[{}]", r.join(", ")));
    }
    if !e.exdates.is_empty() {
        parts.push(format!(
            "exdates=[{}]",
            e.exdates.iter().map(when).collect::<Vec<_>>().join(", ")
        ));
    }
    if let Some(o) = &e.organizer {
        parts.push(format!(
            "organizer={}{}",
            o.email,
            o.name
                .as_ref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        ));
    }
    for a in &e.attendees {
        parts.push(format!(
            "attendee={} {:?} {:?} {:?}",
            a.email, a.name, a.partstat, a.role
        ));
    }
    if e.status != longhand_ical::Status::Unset {
        parts.push(format!("status={:?}", e.status));
    }
    parts.join(" ")
}

/// Wraps VEVENT lines in a calendar (one line each, `\n`-separated) and compares.
fn check(body: &str, expect: &str) {
    let text = format!("BEGIN:VCALENDAR\nVERSION:2.0\n{body}\nEND:VCALENDAR\n");
    check_file(&text, expect);
}

fn check_file(text: &str, expect: &str) {
    let got = match parse(text) {
        Ok(cal) => describe(&cal),
        Err(e) => format!("error {e}"),
    };
    assert_eq!(got, expect.trim(), "input:\n{text}");
}

#[test]
fn times_dates_zones_and_floating() {
    check(
        "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Berlin:20260105T090000\nDTEND;TZID=Europe/Berlin:20260105T100000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:b\nDTSTART:20260105T090000Z\nDURATION:PT1H30M\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:c\nDTSTART;VALUE=DATE:20260105\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:d\nDTSTART:20260105T090000\nEND:VEVENT",
        "event uid=a start=2026-01-05T09:00:00 Europe/Berlin end=2026-01-05T10:00:00 Europe/Berlin\n\
         event uid=b start=2026-01-05T09:00:00 UTC duration=0d5400s\n\
         event uid=c start=2026-01-05\n\
         event uid=d start=2026-01-05T09:00:00 floating",
    );
}

#[test]
fn windows_zone_names_vendor_prefixes_and_vtimezone_fallback() {
    check(
        "BEGIN:VTIMEZONE\nTZID:My Zone\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0300\nTZOFFSETTO:+0300\nEND:STANDARD\nEND:VTIMEZONE\n\
         BEGIN:VEVENT\nUID:w\nDTSTART;TZID=\"W. Europe Standard Time\":20260105T090000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:p\nDTSTART;TZID=/mozilla.org/20050126_1/America/New_York:20260105T090000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:v\nDTSTART;TZID=My Zone:20260105T090000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:u\nDTSTART;TZID=Mars/Olympus:20260105T090000\nEND:VEVENT",
        "event uid=w start=2026-01-05T09:00:00 Europe/Berlin\n\
         event uid=p start=2026-01-05T09:00:00 America/New_York\n\
         event uid=v start=2026-01-05T09:00:00 My Zone\n\
         event uid=u start=2026-01-05T09:00:00 floating\n\
         skipped line 25: unknown TZID `Mars/Olympus`: times read as floating",
    );
}

#[test]
fn text_escapes_folding_people_and_status() {
    check(
        "BEGIN:VEVENT\nUID:t\nDTSTART:20260105T090000Z\nSUMMARY:Plan\\, decide\\; ship\\nnext \\\\ done\n\
         ORGANIZER;CN=\"Ortiz, Ben\":MAILTO:Ben@Example.com\n\
         ATTENDEE;CN=Ana;PARTSTAT=DECLINED;ROLE=OPT-PARTICIPANT:mailto:ana@example.com\n\
         ATTENDEE;PARTSTAT=X-CUSTOM:mailto:bo\n b@example.com\nSTATUS:CANCELLED\nEND:VEVENT",
        "event uid=t start=2026-01-05T09:00:00 UTC summary=\"Plan, decide; ship\\nnext \\\\ done\" \
         organizer=ben@example.com (Ortiz, Ben) \
         attendee=ana@example.com Some(\"Ana\") Declined Optional \
         attendee=bob@example.com None Other(\"X-CUSTOM\") Required status=Cancelled",
    );
}

#[test]
fn recurrence_properties() {
    check(
        "BEGIN:VEVENT\nUID:r\nDTSTART;TZID=Europe/Berlin:20260105T090000\nRRULE:FREQ=WEEKLY\n\
         RDATE;TZID=Europe/Berlin:20260107T090000,20260108T090000\nRDATE;VALUE=DATE:20260110\n\
         RDATE;VALUE=PERIOD:20260111T090000Z/PT1H\nEXDATE:20260112T080000Z\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:r\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20260119T090000\n\
         DTSTART;TZID=Europe/Berlin:20260119T100000\nSEQUENCE:1\nEND:VEVENT",
        "event uid=r start=2026-01-05T09:00:00 Europe/Berlin rrules=1 \
         rdates=[2026-01-07T09:00:00 Europe/Berlin, 2026-01-08T09:00:00 Europe/Berlin, 2026-01-10, 2026-01-11T09:00:00 UTC/2026-01-11T10:00:00 UTC] \
         exdates=[2026-01-12T08:00:00 UTC]\n\
         override uid=r start=2026-01-19T10:00:00 Europe/Berlin rid=2026-01-19T09:00:00 Europe/Berlin thisandfuture",
    );
}

#[test]
fn partly_bad_events_are_skipped_with_their_line() {
    check(
        "BEGIN:VEVENT\nUID:no-start\nSUMMARY:x\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:bad-start\nDTSTART:2026-01-05\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:bad-rule\nDTSTART:20260105T090000Z\nRRULE:FREQ=SOMETIMES\nDTEND:20260105T080000Z\nEXDATE:nope\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:ok\nDTSTART:20260105T090000Z\nDURATION:PT1Q\nthis line has no colon\nEND:VEVENT",
        "event uid=bad-rule start=2026-01-05T09:00:00 UTC\n\
         event uid=ok start=2026-01-05T09:00:00 UTC\n\
         skipped line 3: VEVENT without DTSTART skipped\n\
         skipped line 9: VEVENT with unreadable DTSTART `2026-01-05` skipped\n\
         skipped line 14: RRULE FREQ `SOMETIMES` is unknown: rule dropped, the event counts once\n\
         skipped line 15: DTEND `20260105T080000Z` is before DTSTART: ignored, the event is read as lasting no time\n\
         skipped line 16: unreadable EXDATE `nope` ignored\n\
         skipped line 21: unusable DURATION `PT1Q` ignored\n\
         skipped line 22: line without `name:value` ignored",
    );
}

#[test]
fn broken_structure() {
    // Event `b` lacks its END, but the calendar's END proves the file goes on past it (it is
    // not a truncated download), so it is read as ending there rather than dropped.
    check(
        "BEGIN:VEVENT\nUID:a\nDTSTART:20260105T090000Z\nBEGIN:VALARM\nTRIGGER:-PT5M\nEND:VEVENT\n\
         END:VTODO\nBEGIN:VEVENT\nUID:b\nDTSTART:20260106T090000Z",
        "event uid=a start=2026-01-05T09:00:00 UTC\n\
         event uid=b start=2026-01-06T09:00:00 UTC\n\
         skipped line 6: VALARM without END skipped\n\
         skipped line 9: END:VTODO matches no open component: ignored\n\
         skipped line 10: VEVENT without END: read as ending at line 13, where END:VCALENDAR is",
    );
    check_file(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20260105T090000Z\nEND:VEVENT\n",
        "event uid=a start=2026-01-05T09:00:00 UTC\n\
         skipped line 1: VCALENDAR without END:VCALENDAR read to the end of input",
    );
}

#[test]
fn duplicates_follow_sequence() {
    check(
        "BEGIN:VEVENT\nUID:d\nDTSTART:20260105T090000Z\nSUMMARY:old\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:d\nDTSTART:20260105T100000Z\nSUMMARY:new\nSEQUENCE:2\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:d\nDTSTART:20260105T110000Z\nSUMMARY:stale\nSEQUENCE:1\nEND:VEVENT",
        "event uid=d start=2026-01-05T10:00:00 UTC summary=\"new\"\n\
         skipped line 3: VEVENT for UID `d` replaced by a newer SEQUENCE\n\
         skipped line 14: duplicate VEVENT for UID `d` skipped",
    );
}

#[test]
fn what_is_not_a_calendar_is_an_error_with_a_line() {
    check_file(
        "",
        "error line 1: not an iCalendar file: expected BEGIN:VCALENDAR",
    );
    check_file(
        "\n\nhello world\n",
        "error line 3: not an iCalendar file: expected BEGIN:VCALENDAR",
    );
    check_file(
        "BEGIN:VCARD\nFN:Ana\nEND:VCARD\n",
        "error line 1: not an iCalendar file: expected BEGIN:VCALENDAR",
    );
    check_file("\u{feff}BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "");
}

#[test]
fn crlf_lf_and_tab_folding_read_alike() {
    let lf = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:f\nSUMMARY:long\n  title\nDTSTART:20260105T090000Z\nEND:VEVENT\nEND:VCALENDAR\n";
    let crlf = lf.replace('\n', "\r\n").replace("\r\n  ", "\r\n\t ");
    check_file(
        lf,
        "event uid=f start=2026-01-05T09:00:00 UTC summary=\"long title\"",
    );
    check_file(
        &crlf,
        "event uid=f start=2026-01-05T09:00:00 UTC summary=\"long title\"",
    );
}

/// A group invitation names the group with `CUTYPE=GROUP`, and the people invited through it
/// may carry the group's address in `MEMBER` (several, quoted, as RFC 5545 §3.2.11 writes).
#[test]
fn group_attendees_and_their_members() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:g\nDTSTART:20260105T090000Z\n\
        ATTENDEE;CUTYPE=group;CN=Everyone:mailto:All@Example.com\n\
        ATTENDEE;MEMBER=\"mailto:all@example.com\",\"MAILTO:Eng@example.com\":mailto:ana@example.com\n\
        ATTENDEE:mailto:bo@example.com\nEND:VEVENT\nEND:VCALENDAR\n";
    let cal = parse(text).unwrap();
    let read: Vec<(String, bool, Vec<String>)> = cal.series[0]
        .master
        .as_ref()
        .unwrap()
        .attendees
        .iter()
        .map(|a| (a.email.clone(), a.group, a.member_of.clone()))
        .collect();
    let owned = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        read,
        vec![
            ("all@example.com".to_owned(), true, vec![]),
            (
                "ana@example.com".to_owned(),
                false,
                owned(&["all@example.com", "eng@example.com"])
            ),
            ("bo@example.com".to_owned(), false, vec![]),
        ]
    );
}
