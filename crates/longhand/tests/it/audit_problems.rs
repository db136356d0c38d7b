//! How `longhand audit` and `longhand audit expand` tell calendar problems: each one on stderr
//! as `warning: FILE:LINE: …` with exit 0 when something usable was read, and `error: FILE:
//! no usable events (N problems)` with exit 1 (and nothing on stdout) when nothing was.
//!
//! The commands run inside the calendars' folder with relative names, so stderr can be
//! compared line for line. What each skipped item says comes from the parser (its wording is
//! the iCalendar crate's); the line number and the shape of the line are checked here.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_longhand");

/// A good one-hour planning meeting, then an event whose DTSTART (line 13) cannot be read.
const ONE_BAD_START: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
BEGIN:VEVENT\r
UID:good@example.com\r
SUMMARY:Planning\r
DTSTART:20260303T100000Z\r
DURATION:PT1H\r
ATTENDEE:mailto:ana@example.com\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:bad@example.com\r
SUMMARY:Broken\r
DTSTART:2026-03-04 10:00\r
DURATION:PT1H\r
END:VEVENT\r
END:VCALENDAR\r
";

/// Only the broken event: its DTSTART is on line 6.
const ONLY_BAD_STARTS: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
BEGIN:VEVENT\r
UID:bad@example.com\r
SUMMARY:Broken\r
DTSTART:2026-03-04 10:00\r
DURATION:PT1H\r
END:VEVENT\r
END:VCALENDAR\r
";

/// Runs `longhand args…` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// A folder holding `name` with `text`.
fn folder_with(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    dir
}

/// What the parser says about the only item it skipped in `text`, checked to be on `line`.
fn skipped_reason(text: &str, line: usize) -> String {
    let calendar = longhand_ical::parse(text).unwrap();
    assert_eq!(calendar.skipped.len(), 1, "{:?}", calendar.skipped);
    assert_eq!(calendar.skipped[0].line, line, "{:?}", calendar.skipped);
    calendar.skipped[0].reason.clone()
}

const MARCH: [&str; 4] = ["--from", "2026-03-02", "--to", "2026-03-09"];

#[test]
fn a_bad_dtstart_beside_a_good_event_is_a_warning_with_its_line_and_exit_0() {
    let dir = folder_with("team.ics", ONE_BAD_START);
    let reason = skipped_reason(ONE_BAD_START, 13);
    let args = [&["audit", "--format", "json"], &MARCH[..], &["team.ics"]].concat();
    let (code, out, err) = run_in(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, format!("warning: team.ics:13: {reason}\n"));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["meetings"], 1);
    assert_eq!(
        report["problems"],
        serde_json::json!([{"file": "team.ics", "line": 13, "message": reason}])
    );
}

#[test]
fn a_file_of_only_bad_events_is_an_error_with_exit_1_and_no_report() {
    let dir = folder_with("bad.ics", ONLY_BAD_STARTS);
    let reason = skipped_reason(ONLY_BAD_STARTS, 6);
    let args = [&["audit"], &MARCH[..], &["bad.ics"]].concat();
    let (code, out, err) = run_in(dir.path(), &args);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!(
            "warning: bad.ics:6: {reason}\n\
             error: bad.ics: no usable events (1 problem)\n"
        )
    );
}

#[test]
fn one_unusable_file_among_good_ones_stops_the_report() {
    let dir = folder_with("team.ics", ONE_BAD_START);
    std::fs::write(dir.path().join("bad.ics"), ONLY_BAD_STARTS).unwrap();
    let args = [&["audit"], &MARCH[..], &["team.ics", "bad.ics"]].concat();
    let (code, out, err) = run_in(dir.path(), &args);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].starts_with("warning: team.ics:13: "), "{err}");
    assert!(lines[1].starts_with("warning: bad.ics:6: "), "{err}");
    assert_eq!(lines[2], "error: bad.ics: no usable events (1 problem)");
}

#[test]
fn audit_expand_prints_the_warnings_it_used_to_drop() {
    let dir = folder_with("team.ics", ONE_BAD_START);
    let reason = skipped_reason(ONE_BAD_START, 13);
    let args = [&["audit", "expand", "team.ics"], &MARCH[..]].concat();
    let (code, out, err) = run_in(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, format!("warning: team.ics:13: {reason}\n"));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains(r#""uid":"good@example.com""#), "{out}");
}

#[test]
fn audit_expand_of_only_bad_events_is_an_error_with_exit_1() {
    let dir = folder_with("bad.ics", ONLY_BAD_STARTS);
    let reason = skipped_reason(ONLY_BAD_STARTS, 6);
    let args = [&["audit", "expand", "bad.ics"], &MARCH[..]].concat();
    let (code, out, err) = run_in(dir.path(), &args);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!(
            "warning: bad.ics:6: {reason}\n\
             error: bad.ics: no usable events (1 problem)\n"
        )
    );
}

#[test]
fn a_file_that_is_not_icalendar_is_an_error_naming_its_line() {
    let dir = folder_with("notes.txt", "Meeting notes\nnothing to see\n");
    for args in [
        [&["audit"], &MARCH[..], &["notes.txt"]].concat(),
        [&["audit", "expand", "notes.txt"], &MARCH[..]].concat(),
    ] {
        let (code, out, err) = run_in(dir.path(), &args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert_eq!(out, "");
        assert_eq!(
            err, "error: notes.txt:1: not an iCalendar file: expected BEGIN:VCALENDAR\n",
            "{args:?}"
        );
    }
}

#[test]
fn a_calendar_without_events_is_an_error_that_says_so() {
    let empty = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    let dir = folder_with("empty.ics", empty);
    let args = [&["audit"], &MARCH[..], &["empty.ics"]].concat();
    let (code, out, err) = run_in(dir.path(), &args);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert_eq!(
        err,
        "warning: empty.ics: the file holds no events (VEVENT)\n\
         error: empty.ics: no usable events (1 problem)\n"
    );
}
