//! Regression tests for damage seen in real calendar exports, each named after the behaviour
//! it pins down, with a minimal calendar of its own. `check` wraps VEVENT lines in a
//! VCALENDAR (lines numbered from 1 at `BEGIN:VCALENDAR`, then `VERSION`), expands 2026, and
//! compares one line per occurrence (`uid start..end`, with `floating` when it has no zone)
//! followed by every skipped item.

use jiff::Timestamp;
use longhand_ical::{Calendar, parse, write_jsonl};

fn at(text: &str) -> Timestamp {
    text.parse()
        .unwrap_or_else(|e| panic!("bad instant {text}: {e}"))
}

fn describe(cal: &Calendar) -> String {
    let occurrences = cal.occurrences(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"));
    let mut out: Vec<String> = occurrences
        .iter()
        .map(|o| {
            let flag = if o.floating { " floating" } else { "" };
            format!("{} {}..{}{flag}", o.uid(), o.start, o.end)
        })
        .collect();
    out.extend(cal.skipped.iter().map(|s| format!("skipped {s}")));
    out.join("\n")
}

fn check(body: &str, expect: &str) {
    check_file(
        &format!("BEGIN:VCALENDAR\nVERSION:2.0\n{body}\nEND:VCALENDAR\n"),
        expect,
    );
}

fn check_file(text: &str, expect: &str) {
    let got = match parse(text) {
        Ok(cal) => describe(&cal),
        Err(e) => format!("error {e}"),
    };
    assert_eq!(got, expect.trim(), "input:\n{text}");
}

/// A weekly series of `n` Monday meetings at 09:00 in Berlin from 2026-01-05, without END.
const WEEKLY: &str =
    "BEGIN:VEVENT\nUID:w\nDTSTART;TZID=Europe/Berlin:20260105T090000\nDURATION:PT30M";

#[test]
fn a_tzid_with_a_leading_slash_resolves_to_its_iana_zone() {
    check(
        "BEGIN:VEVENT\nUID:s\nDTSTART;TZID=/Europe/Stockholm:20260105T090000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:m\nDTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20260105T100000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:n\nDTSTART;TZID=/softwarestudio.org/Olson_20011030_5/America/New_York:20260105T090000\nEND:VEVENT",
        "s 2026-01-05T08:00:00Z..2026-01-05T08:00:00Z\n\
         m 2026-01-05T09:00:00Z..2026-01-05T09:00:00Z\n\
         n 2026-01-05T14:00:00Z..2026-01-05T14:00:00Z",
    );
}

#[test]
fn a_custom_vtimezone_beats_a_one_part_zone_name_at_the_end_of_its_tzid() {
    check(
        "BEGIN:VTIMEZONE\nTZID:Custom/UTC\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0300\nTZOFFSETTO:+0300\nEND:STANDARD\nEND:VTIMEZONE\n\
         BEGIN:VEVENT\nUID:c\nDTSTART;TZID=Custom/UTC:20260105T090000\nEND:VEVENT",
        "c 2026-01-05T06:00:00Z..2026-01-05T06:00:00Z",
    );
}

#[test]
fn x_wr_timezone_places_floating_times_in_the_calendars_zone() {
    check(
        "X-WR-TIMEZONE:Europe/Stockholm\n\
         BEGIN:VEVENT\nUID:floating\nDTSTART:20260105T090000\nDTEND:20260105T100000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:utc\nDTSTART:20260105T090000Z\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:zoned\nDTSTART;TZID=America/New_York:20260105T090000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:all-day\nDTSTART;VALUE=DATE:20260106\nEND:VEVENT",
        "floating 2026-01-05T08:00:00Z..2026-01-05T09:00:00Z\n\
         utc 2026-01-05T09:00:00Z..2026-01-05T09:00:00Z\n\
         zoned 2026-01-05T14:00:00Z..2026-01-05T14:00:00Z\n\
         all-day 2026-01-06T00:00:00Z..2026-01-07T00:00:00Z floating",
    );
}

#[test]
fn x_wr_timezone_moves_a_floating_series_with_its_zones_summer_time() {
    // 09:00 in Stockholm is 08:00 UTC in winter and 07:00 UTC in summer; the EXDATE, also
    // floating, removes the 30 March instance on the same clock.
    check(
        "X-WR-TIMEZONE:Europe/Stockholm\n\
         BEGIN:VEVENT\nUID:f\nDTSTART:20260323T090000\nRRULE:FREQ=WEEKLY;COUNT=3\nEXDATE:20260330T090000\nEND:VEVENT",
        "f 2026-03-23T08:00:00Z..2026-03-23T08:00:00Z\n\
         f 2026-04-06T07:00:00Z..2026-04-06T07:00:00Z",
    );
}

#[test]
fn a_mistyped_end_does_not_swallow_the_events_after_it() {
    check(
        "BEGIN:VTODO\nUID:t\nSUMMARY:todo\nEND:VTOOD\n\
         BEGIN:VEVENT\nUID:a\nDTSTART:20260105T090000Z\nEND:VEVNT\n\
         BEGIN:VEVENT\nUID:b\nDTSTART:20260106T090000Z\nBEGIN:VALARM\nTRIGGER:-PT5M\nEND:VALARM\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:c\nDTSTART:20260107T090000Z\nEND:VEVENTT",
        "a 2026-01-05T09:00:00Z..2026-01-05T09:00:00Z\n\
         b 2026-01-06T09:00:00Z..2026-01-06T09:00:00Z\n\
         c 2026-01-07T09:00:00Z..2026-01-07T09:00:00Z\n\
         skipped line 3: VTODO without END: read as ending at line 7, where BEGIN:VEVENT starts\n\
         skipped line 6: END:VTOOD matches no open component: ignored\n\
         skipped line 7: VEVENT without END: read as ending at line 11, where BEGIN:VEVENT starts\n\
         skipped line 10: END:VEVNT matches no open component: ignored\n\
         skipped line 18: VEVENT without END: read as ending at line 22, where END:VCALENDAR is\n\
         skipped line 21: END:VEVENTT matches no open component: ignored",
    );
}

#[test]
fn an_invalid_count_next_to_a_valid_until_keeps_the_until() {
    check(
        &format!("{WEEKLY}\nRRULE:FREQ=WEEKLY;COUNT=-1;UNTIL=20260119T235959Z\nEND:VEVENT"),
        "w 2026-01-05T08:00:00Z..2026-01-05T08:30:00Z\n\
         w 2026-01-12T08:00:00Z..2026-01-12T08:30:00Z\n\
         w 2026-01-19T08:00:00Z..2026-01-19T08:30:00Z\n\
         skipped line 7: RRULE repaired: COUNT value `-1` is out of range 0..=9223372036854775807; COUNT dropped, the series ends at UNTIL",
    );
    check(
        &format!("{WEEKLY}\nRRULE:FREQ=WEEKLY;UNTIL=20260112T235959Z;COUNT=abc\nEND:VEVENT"),
        "w 2026-01-05T08:00:00Z..2026-01-05T08:30:00Z\n\
         w 2026-01-12T08:00:00Z..2026-01-12T08:30:00Z\n\
         skipped line 7: RRULE repaired: COUNT value `abc` is not a number; COUNT dropped, the series ends at UNTIL",
    );
}

#[test]
fn an_invalid_count_without_until_drops_the_rule_and_the_event_counts_once() {
    check(
        &format!("{WEEKLY}\nRRULE:FREQ=WEEKLY;COUNT=-1\nEND:VEVENT"),
        "w 2026-01-05T08:00:00Z..2026-01-05T08:30:00Z\n\
         skipped line 7: RRULE COUNT value `-1` is out of range 0..=9223372036854775807: rule dropped, the event counts once",
    );
}

#[test]
fn an_unknown_rule_part_drops_the_rule_instead_of_running_for_ever() {
    check(
        &format!("{WEEKLY}\nRRULE:FREQ=WEEKLY;UNTL=20260301\nEND:VEVENT"),
        "w 2026-01-05T08:00:00Z..2026-01-05T08:30:00Z\n\
         skipped line 7: RRULE part `UNTL=20260301` is unknown: rule dropped, the event counts once",
    );
}

#[test]
fn a_non_gregorian_rscale_drops_the_rule() {
    check(
        &format!(
            "{WEEKLY}\nRRULE:RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1\nRDATE;TZID=Europe/Berlin:20260210T090000\nEND:VEVENT"
        ),
        "w 2026-01-05T08:00:00Z..2026-01-05T08:30:00Z\n\
         w 2026-02-10T08:00:00Z..2026-02-10T08:30:00Z\n\
         skipped line 7: RRULE RSCALE `CHINESE` (RFC 7529) is not supported: rule dropped, the event's other dates still count",
    );
}

#[test]
fn x_rule_parts_and_a_gregorian_rscale_are_read_quietly() {
    check(
        &format!(
            "{WEEKLY}\nRRULE:RSCALE=GREGORIAN;FREQ=WEEKLY;COUNT=2;X-EVOLUTION-ENDDATE=20260112T083000Z\nEND:VEVENT"
        ),
        "w 2026-01-05T08:00:00Z..2026-01-05T08:30:00Z\n\
         w 2026-01-12T08:00:00Z..2026-01-12T08:30:00Z",
    );
}

/// A master at SEQUENCE 2 whose 12 January instance was removed by EXDATE and whose series
/// now ends on 19 January, with overrides of the removed instance and of one past the end.
fn revised_series(override_sequence: u32) -> String {
    format!(
        "{WEEKLY}\nSEQUENCE:2\nRRULE:FREQ=WEEKLY;UNTIL=20260119T235959Z\nEXDATE;TZID=Europe/Berlin:20260112T090000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:w\nRECURRENCE-ID;TZID=Europe/Berlin:20260112T090000\nDTSTART;TZID=Europe/Berlin:20260113T090000\nDURATION:PT30M\nSEQUENCE:{override_sequence}\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:w\nRECURRENCE-ID;TZID=Europe/Berlin:20260126T090000\nDTSTART;TZID=Europe/Berlin:20260126T100000\nDURATION:PT30M\nSEQUENCE:{override_sequence}\nEND:VEVENT"
    )
}

#[test]
fn an_older_override_of_an_instance_the_newer_master_removed_is_stale() {
    check(
        &revised_series(1),
        "w 2026-01-05T08:00:00Z..2026-01-05T08:30:00Z\n\
         w 2026-01-19T08:00:00Z..2026-01-19T08:30:00Z\n\
         skipped line 11: override of 2026-01-12T09:00:00 (SEQUENCE 1) is older than its master (SEQUENCE 2, line 3), which no longer has that instance: left out as stale\n\
         skipped line 18: override of 2026-01-26T09:00:00 (SEQUENCE 1) is older than its master (SEQUENCE 2, line 3), which no longer has that instance: left out as stale",
    );
}

#[test]
fn an_override_as_new_as_its_master_stays_though_its_instance_was_removed() {
    check(
        &revised_series(2),
        "w 2026-01-05T08:00:00Z..2026-01-05T08:30:00Z\n\
         w 2026-01-13T08:00:00Z..2026-01-13T08:30:00Z\n\
         w 2026-01-19T08:00:00Z..2026-01-19T08:30:00Z\n\
         w 2026-01-26T09:00:00Z..2026-01-26T09:30:00Z",
    );
}

#[test]
fn an_older_override_of_an_instance_the_master_still_has_stays() {
    check(
        &format!(
            "{WEEKLY}\nSEQUENCE:3\nRRULE:FREQ=WEEKLY;COUNT=2\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:w\nRECURRENCE-ID;TZID=Europe/Berlin:20260112T090000\nDTSTART;TZID=Europe/Berlin:20260112T110000\nDURATION:PT30M\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:w\nRECURRENCE-ID;TZID=Europe/Berlin:20260119T090000\nDTSTART;TZID=Europe/Berlin:20260119T110000\nDURATION:PT30M\nEND:VEVENT"
        ),
        "w 2026-01-05T08:00:00Z..2026-01-05T08:30:00Z\n\
         w 2026-01-12T10:00:00Z..2026-01-12T10:30:00Z\n\
         skipped line 16: override of 2026-01-19T09:00:00 (SEQUENCE 0) is older than its master (SEQUENCE 3, line 3), which no longer has that instance: left out as stale",
    );
}

#[test]
fn content_after_end_vcalendar_is_read_with_a_warning() {
    check_file(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20260105T090000Z\nEND:VEVENT\nEND:VCALENDAR\n\
         BEGIN:VEVENT\nUID:b\nDTSTART:20260106T090000Z\nEND:VEVENT\n\
         BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:c\nDTSTART:20260107T090000Z\nEND:VEVENT\nEND:VCALENDAR\n",
        "a 2026-01-05T09:00:00Z..2026-01-05T09:00:00Z\n\
         b 2026-01-06T09:00:00Z..2026-01-06T09:00:00Z\n\
         c 2026-01-07T09:00:00Z..2026-01-07T09:00:00Z\n\
         skipped line 7: VEVENT after END:VCALENDAR: read as part of the VCALENDAR on line 1\n\
         skipped line 11: another VCALENDAR after the one on line 1: its events are read too",
    );
}

#[test]
fn a_vcalendar_nested_in_another_is_read_with_a_warning() {
    check_file(
        "BEGIN:VCALENDAR\nX-WR-TIMEZONE:Europe/Berlin\nBEGIN:VEVENT\nUID:a\nDTSTART:20260105T090000\nEND:VEVENT\n\
         BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:b\nDTSTART:20260106T090000Z\nEND:VEVENT\nEND:VCALENDAR\nEND:VCALENDAR\n",
        "a 2026-01-05T08:00:00Z..2026-01-05T08:00:00Z\n\
         b 2026-01-06T09:00:00Z..2026-01-06T09:00:00Z\n\
         skipped line 7: VCALENDAR nested inside the VCALENDAR on line 1: read as a calendar of its own",
    );
}

#[test]
fn a_file_holding_a_bare_vevent_is_read_with_a_warning() {
    check_file(
        "BEGIN:VEVENT\r\nUID:bare\r\nDTSTART:20260105T090000Z\r\nEND:VEVENT\r\n",
        "bare 2026-01-05T09:00:00Z..2026-01-05T09:00:00Z\n\
         skipped line 1: VEVENT outside any VCALENDAR: read as if inside one",
    );
}

#[test]
fn json_lines_give_an_all_day_occurrence_dates_and_mark_it_floating() {
    let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:day\nDTSTART;VALUE=DATE:20260105\nDTEND;VALUE=DATE:20260107\n\
               RRULE:FREQ=WEEKLY;COUNT=2\nEND:VEVENT\nEND:VCALENDAR\n";
    let cal = parse(ics).unwrap_or_default();
    let mut out = Vec::new();
    let occurrences = cal.occurrences(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"));
    write_jsonl(&mut out, &occurrences).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        String::from_utf8_lossy(&out),
        concat!(
            r#"{"uid":"day","recurrence_id":"2026-01-05","start":"2026-01-05","end":"2026-01-07","summary":"","all_day":true,"floating":true}"#,
            "\n",
            r#"{"uid":"day","recurrence_id":"2026-01-12","start":"2026-01-12","end":"2026-01-14","summary":"","all_day":true,"floating":true}"#,
            "\n",
        )
    );
}

#[test]
fn a_duplicate_dtstart_keeps_the_first() {
    check(
        "BEGIN:VEVENT\nUID:d\nDTSTART:20260105T090000Z\nDTSTART:20260105T100000Z\nEND:VEVENT",
        "d 2026-01-05T09:00:00Z..2026-01-05T09:00:00Z\n\
         skipped line 6: second DTSTART ignored: the one on line 5 is kept",
    );
}

#[test]
fn an_empty_exdate_is_ignored_with_a_warning() {
    check(
        &format!("{WEEKLY}\nRRULE:FREQ=WEEKLY;COUNT=2\nEXDATE;TZID=Europe/Berlin:\nEND:VEVENT"),
        "w 2026-01-05T08:00:00Z..2026-01-05T08:30:00Z\n\
         w 2026-01-12T08:00:00Z..2026-01-12T08:30:00Z\n\
         skipped line 8: empty EXDATE ignored",
    );
}

#[test]
fn an_event_without_uid_gets_one_made_from_its_line() {
    check(
        "BEGIN:VEVENT\nDTSTART:20260105T090000Z\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:\nDTSTART:20260105T090000Z\nEND:VEVENT",
        "no-uid-line-3 2026-01-05T09:00:00Z..2026-01-05T09:00:00Z\n\
         no-uid-line-6 2026-01-05T09:00:00Z..2026-01-05T09:00:00Z\n\
         skipped line 3: VEVENT without UID: read as an event of its own, UID `no-uid-line-3`\n\
         skipped line 6: VEVENT without UID: read as an event of its own, UID `no-uid-line-6`",
    );
}

#[test]
fn an_invalid_vtimezone_no_event_uses_is_reported() {
    check(
        "BEGIN:VTIMEZONE\nTZID:Broken\nBEGIN:STANDARD\nDTSTART:19700101T000000\nEND:STANDARD\nEND:VTIMEZONE\n\
         BEGIN:VEVENT\nUID:e\nDTSTART:20260105T090000Z\nEND:VEVENT",
        "e 2026-01-05T09:00:00Z..2026-01-05T09:00:00Z\n\
         skipped line 3: VTIMEZONE `Broken` cannot be read (STANDARD at line 5 has no TZOFFSETTO); no event uses it: ignored",
    );
}

#[test]
fn dtend_before_dtstart_says_what_length_is_used() {
    check(
        "BEGIN:VEVENT\nUID:t\nDTSTART:20260105T090000Z\nDTEND:20260105T080000Z\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:d\nDTSTART;VALUE=DATE:20260106\nDTEND;VALUE=DATE:20260105\nEND:VEVENT",
        "t 2026-01-05T09:00:00Z..2026-01-05T09:00:00Z\n\
         d 2026-01-06T00:00:00Z..2026-01-07T00:00:00Z floating\n\
         skipped line 6: DTEND `20260105T080000Z` is before DTSTART: ignored, the event is read as lasting no time\n\
         skipped line 11: DTEND `20260105` is before DTSTART: ignored, the event is read as lasting one day",
    );
}

#[test]
fn a_date_until_on_a_series_with_times_ends_at_the_end_of_that_day() {
    check(
        &format!("{WEEKLY}\nRRULE:FREQ=WEEKLY;UNTIL=20260112\nEND:VEVENT"),
        "w 2026-01-05T08:00:00Z..2026-01-05T08:30:00Z\n\
         w 2026-01-12T08:00:00Z..2026-01-12T08:30:00Z\n\
         skipped line 7: RRULE UNTIL `20260112` is a date on a series with times: read as the end of 2026-01-12",
    );
}

#[test]
fn an_empty_tzid_parameter_is_read_as_absent() {
    check(
        "X-WR-TIMEZONE:Europe/Berlin\n\
         BEGIN:VEVENT\nUID:e\nDTSTART;TZID=:20260105T090000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:f\nDTSTART;TZID=\"\":20260105T100000\nATTENDEE;CN=:mailto:a@example.com\nEND:VEVENT",
        "e 2026-01-05T08:00:00Z..2026-01-05T08:00:00Z\n\
         f 2026-01-05T09:00:00Z..2026-01-05T09:00:00Z\n\
         skipped line 6: empty TZID parameter on DTSTART: read as absent\n\
         skipped line 10: empty TZID parameter on DTSTART: read as absent\n\
         skipped line 11: empty CN parameter on ATTENDEE: read as absent",
    );
}
