//! `longhand audit` on small hand-written calendars: exact figures in the JSON report, the
//! JSON lines of `audit expand`, and readable errors for bad input.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_longhand");

/// A weekly 30-minute standup on four Mondays from 2026-03-02, 09:00 UTC: Ana organizes,
/// Ana, Ben, Cy and Dee attend, Eve declined (so she does not count). A one-off all-day
/// offsite and an event without DTSTART (skipped, line 16) complete the file.
const STANDUP: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
BEGIN:VEVENT\r
UID:standup@example.com\r
SUMMARY:Team standup\r
DTSTART:20260302T090000Z\r
DURATION:PT30M\r
RRULE:FREQ=WEEKLY;COUNT=4\r
ORGANIZER;CN=Ana:mailto:ana@example.com\r
ATTENDEE;PARTSTAT=ACCEPTED:mailto:Ana@Example.com\r
ATTENDEE:mailto:ben@example.com\r
ATTENDEE:mailto:cy@example.com\r
ATTENDEE:mailto:dee@example.com\r
ATTENDEE;PARTSTAT=DECLINED:mailto:eve@example.com\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:broken@example.com\r
SUMMARY:No start\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:offsite@example.com\r
SUMMARY:Offsite\r
DTSTART;VALUE=DATE:20260310\r
ATTENDEE:mailto:ana@example.com\r
END:VEVENT\r
END:VCALENDAR\r
";

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(BIN).args(args).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The four March weeks every report here covers.
const MARCH: [&str; 4] = ["--from", "2026-03-02", "--to", "2026-03-30"];

/// `longhand audit` with `args`, then `file`.
fn audit(args: &[&str], file: &Path) -> (i32, String, String) {
    run(&[&["audit"], args, &[file.to_str().unwrap()]].concat())
}

/// The JSON report of March from `file`, with `extra` flags; the command must succeed.
fn report(extra: &[&str], file: &Path) -> Value {
    let (code, out, err) = audit(&[&MARCH[..], &["--format", "json"], extra].concat(), file);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn audit_of_a_weekly_standup_has_exact_hours() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "team.ics", STANDUP);
    let json = report(&[], &file);
    // Four occurrences × 0.5h × 4 people (Eve declined; the all-day offsite is no meeting).
    assert_eq!(json["meetings"], 4);
    assert_eq!(json["person_hours"], 8.0);
    assert_eq!(json["window"]["weeks"], 4.0);
    assert_eq!(
        people(&json),
        [
            "ana@example.com",
            "ben@example.com",
            "cy@example.com",
            "dee@example.com"
        ]
    );
    let ana = &json["people"][0];
    assert_eq!(ana["meeting_hours"], 2.0);
    assert_eq!(ana["meeting_hours_per_week"], 0.5);
    assert_eq!(ana["meetings_per_week"], 1.0);
    // 20 days × 8h, one free block a day (Mondays 09:30–17:00): 160 − 2 deep hours.
    assert_eq!(ana["working_hours"], 160.0);
    assert_eq!(ana["focus_blocks"], 20);
    assert_eq!(ana["deep_work_hours"], 158.0);
    assert_eq!(json["organisation"]["person_hours"], 8.0);
    // The skipped event is reported with its line.
    assert_eq!(json["problems"][0]["line"], 16, "{}", json["problems"]);
}

#[test]
fn audit_classifies_the_standup_as_an_update() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "team.ics", STANDUP);
    let series = &report(&[], &file)["series"][0];
    assert_eq!(series["uid"], "standup@example.com");
    assert_eq!(series["purpose"], "update");
    assert_eq!(
        series["reason"],
        "title mentions 'standup'; 4 attendees; 30 min; weekly"
    );
    // Nobody's teams are known, so the relationship is weak: keep it short (25 of 30 min),
    // 5 min × 4 people × 4 weeks = 80 min; per month 20 min/week × 52/12 = 1.44h.
    assert_eq!(series["relationship"], "weak");
    assert_eq!(series["quadrant"], "conveyance + weak relationship");
    assert_eq!(
        series["recommendation"],
        "keep short for now, replace as the relationship grows"
    );
    assert_eq!(series["recovered_hours"], 1.33);
    assert_eq!(series["recovered_hours_per_month"], 1.44);
    assert_eq!(series["recovered_fte"], 0.0083);
}

const MEMBERS: &str = r#"[
  {"email": "ana@example.com", "name": "Ana", "teams": ["core"],
   "calendar": {"time_zone": "Europe/Berlin", "working_hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"], "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]}}},
  {"email": "ben@example.com", "name": "Ben", "teams": ["core"],
   "calendar": {"time_zone": "UTC", "working_hours": {"mon": ["10:00-18:00"]}}},
  {"email": "cy@example.com", "teams": ["core"], "calendar": {"time_zone": "UTC", "working_hours": {"mon": ["09:00-17:00"]}}},
  {"email": "dee@example.com", "teams": ["core"], "calendar": {"time_zone": "UTC", "working_hours": {"mon": ["09:00-17:00"]}}}
]"#;

#[test]
fn members_with_shared_teams_replace_the_standup() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "team.ics", STANDUP);
    let members = write(dir.path(), "members.json", MEMBERS);
    let json = report(&["--members", members.to_str().unwrap()], &file);
    let series = &json["series"][0];
    assert_eq!(series["relationship"], "strong");
    assert_eq!(series["quadrant"], "conveyance + strong relationship");
    assert_eq!(
        series["recommendation"],
        "replace with a written update or check-in"
    );
    // All 8 person-hours: 2h a week × 52/12 = 8.67h a month = 0.05 FTE.
    assert_eq!(series["recovered_hours"], 8.0);
    assert_eq!(series["recovered_hours_per_month"], 8.67);
    assert_eq!(series["recovered_fte"], 0.05);
    // Ben starts at 10:00 UTC, so his 09:00 standups are all outside hours; Ana works in
    // Berlin, where 09:00 UTC is 10:00 (CET) and 11:00 (CEST from 29 March) — inside.
    assert_eq!(json["people"][1]["name"], "Ben");
    assert_eq!(json["people"][1]["outside_hours_meetings"], 4);
    assert_eq!(json["people"][1]["outside_hours"], 2.0);
    assert_eq!(json["people"][0]["outside_hours_meetings"], 0);
    assert_eq!(json["people"][2]["name"], "cy@example.com");
    assert_eq!(json["teams"][0]["name"], "core");
    assert_eq!(json["teams"][0]["people"], 4);
}

#[test]
fn a_purpose_override_wins_over_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "team.ics", STANDUP);
    let json = report(&["--purpose", "standup@example.com=work-session"], &file);
    let series = &json["series"][0];
    assert_eq!(series["purpose"], "work session");
    assert_eq!(series["overridden"], true);
    assert_eq!(
        series["reason"],
        "set by override; 4 attendees; 30 min; weekly"
    );
    assert_eq!(series["recommendation"], "keep the meeting");
    assert_eq!(series["recovered_hours"], 0.0);
    let (code, _, err) = audit(&["--purpose", "standup@example.com=chat"], &file);
    assert_eq!(code, 1);
    assert!(
        err.contains("use update, decision, relationship or work-session"),
        "{err}"
    );
}

#[test]
fn audit_expand_prints_exact_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "team.ics", STANDUP);
    let path = file.to_str().unwrap();
    let (code, out, err) = run(&[
        "audit",
        "expand",
        path,
        "--from",
        "2026-03-09",
        "--to",
        "2026-03-17",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        concat!(
            r#"{"uid":"standup@example.com","recurrence_id":"2026-03-09T09:00:00Z","start":"2026-03-09T09:00:00Z","end":"2026-03-09T09:30:00Z","summary":"Team standup","all_day":false,"floating":false}"#,
            "\n",
            r#"{"uid":"offsite@example.com","recurrence_id":null,"start":"2026-03-10","end":"2026-03-11","summary":"Offsite","all_day":true,"floating":true}"#,
            "\n",
            r#"{"uid":"standup@example.com","recurrence_id":"2026-03-16T09:00:00Z","start":"2026-03-16T09:00:00Z","end":"2026-03-16T09:30:00Z","summary":"Team standup","all_day":false,"floating":false}"#,
            "\n",
        )
    );
}

#[test]
fn a_malformed_calendar_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "team.ics", STANDUP);
    let bad = write(
        dir.path(),
        "bad.ics",
        "\n\nDTSTART:20260302\nBEGIN:VCALENDAR\n",
    );
    let (code, out, err) = run(&["audit", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("bad.ics:3: not an iCalendar file"), "{err}");
}

#[test]
fn a_bad_members_calendar_is_a_readable_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "team.ics", STANDUP);
    let members = write(
        dir.path(),
        "members.json",
        r#"[{"email": "ana@example.com", "calendar": {"time_zone": "Mars/Olympus"}}]"#,
    );
    let (code, _, err) = audit(&["--members", members.to_str().unwrap()], &file);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "members.json: member 1 (ana@example.com): unknown time zone \"Mars/Olympus\""
        ),
        "{err}"
    );
    let broken = write(dir.path(), "broken.json", "{\"email\": ");
    let (code, _, err) = audit(&["--members", broken.to_str().unwrap()], &file);
    assert_eq!(code, 1);
    assert!(err.contains("broken.json: not a JSON array"), "{err}");
}

#[test]
fn table_and_html_formats() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "team <b>.ics",
        &STANDUP.replace("Team standup", "Team <standup>"),
    );
    let (code, out, err) = audit(&MARCH, &file);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1. Team <standup> — 8.0 person-h"), "{out}");
    assert!(out.contains("recommendation: keep short for now"), "{out}");
    let (code, out, err) = audit(&[&MARCH[..], &["--format", "html"]].concat(), &file);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("<!doctype html>"), "{out}");
    assert!(
        out.contains("Team &#60;standup&#62;") || out.contains("Team &lt;standup&gt;"),
        "{out}"
    );
    assert!(
        !out.contains("<standup>") && !out.contains("<script") && !out.contains("http"),
        "{out}"
    );
}

#[test]
fn no_files_is_a_usage_error() {
    let (code, _, err) = run(&["audit"]);
    assert_eq!(code, 2);
    assert!(err.contains("FILE.ics"), "{err}");
}

#[test]
fn a_baseline_is_compared_in_every_format() {
    // The standup runs four Mondays in March; the weeks of 6–20 April have none. Compared
    // the other way round (April as the baseline, March as the pilot) meetings went up.
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "team.ics", STANDUP);
    let json = report(&["--baseline", "2026-04-06..2026-04-20"], &file);
    let org = &json["comparison"]["organisation"];
    assert_eq!(org["people"], 4);
    let hours = &org["metrics"][0];
    assert_eq!(hours["metric"], "meeting_hours_per_week");
    assert_eq!(
        (hours["before"].clone(), hours["after"].clone()),
        (0.0.into(), 0.5.into())
    );
    assert_eq!(hours["verdict"], "worse");
    assert_eq!(json["comparison"]["baseline"]["weeks"], 2.0);
    assert_eq!(json["comparison"]["people"].as_array().unwrap().len(), 4);
    assert_eq!(json["weeks"].as_array().unwrap().len(), 4);
    for (format, expect) in [
        ("table", "Pilot comparison: baseline 2026-04-06T00:00:00Z"),
        ("html", "<h2>Pilot comparison</h2>"),
    ] {
        let compared = ["--baseline", "2026-04-06..2026-04-20", "--format", format];
        let (code, out, err) = audit(&[&MARCH[..], &compared].concat(), &file);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(expect), "{format}: {out}");
    }
    let (code, _, err) = audit(&["--baseline", "2026-04-20..2026-04-06"], &file);
    assert_ne!(code, 0);
    assert!(err.contains("--baseline"), "{err}");
}

/// The calendar of person `i` of a small team: the shared weekly sync (every copy with its
/// own title and attendee answers, as each person's export writes it), a 1:1 shared with
/// the next person, a one-off of their own, and for every third person an event without
/// DTSTART (a note).
fn team_calendar(i: usize) -> String {
    let next = i + 1;
    let declined = if i.is_multiple_of(2) {
        "DECLINED"
    } else {
        "ACCEPTED"
    };
    let mut ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
         BEGIN:VEVENT\r\nUID:sync\r\nSUMMARY:Sync as p{i} sees it\r\n\
         DTSTART;TZID=Europe/Berlin:20260302T100000\r\nDURATION:PT30M\r\nRRULE:FREQ=WEEKLY\r\n\
         ORGANIZER:mailto:p0@example.com\r\nATTENDEE;PARTSTAT={declined}:mailto:p1@example.com\r\n\
         ATTENDEE:mailto:p{i}@example.com\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:one-on-one-{i}\r\nSUMMARY:1:1 p{i} and p{next}\r\n\
         DTSTART:20260303T{:02}0000Z\r\nDURATION:PT45M\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n\
         ATTENDEE:mailto:p{i}@example.com\r\nATTENDEE:mailto:p{next}@example.com\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:one-on-one-{}\r\nSUMMARY:1:1 seen by p{i}\r\n\
         DTSTART:20260303T{:02}0000Z\r\nDURATION:PT45M\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n\
         ATTENDEE:mailto:p{i}@example.com\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:own-{i}\r\nSUMMARY:Focus review {i}\r\n\
         DTSTART:202603{:02}T150000Z\r\nDURATION:PT1H\r\nATTENDEE:mailto:p{i}@example.com\r\n\
         END:VEVENT\r\n",
        9 + i % 8,
        i.saturating_sub(1),
        9 + i.saturating_sub(1) % 8,
        10 + i,
    );
    if i.is_multiple_of(3) {
        ics += "BEGIN:VEVENT\r\nUID:broken\r\nSUMMARY:No start\r\nEND:VEVENT\r\n";
    }
    ics + "END:VCALENDAR\r\n"
}

#[test]
fn parallel_reading_gives_the_same_report_as_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<String> = (0..7)
        .map(|i| {
            let path = write(dir.path(), &format!("p{i}.ics"), &team_calendar(i));
            path.to_str().unwrap().to_owned()
        })
        .collect();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let with_jobs = |jobs: &str| {
        let args = [
            &["audit"],
            &MARCH[..],
            &["--format", "json", "--jobs", jobs],
        ]
        .concat();
        let (code, out, err) = run(&[args, files.clone()].concat());
        assert_eq!(code, 0, "{err}");
        (out, err)
    };
    let (one_by_one, notes) = with_jobs("1");
    let report: Value = serde_json::from_str(&one_by_one).unwrap();
    // The first calendar read gives the shared sync its title and attendees.
    let sync = report["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["uid"] == "sync");
    assert_eq!(sync.unwrap()["title"], "Sync as p0 sees it", "{report}");
    assert!(notes.contains("p3.ics:37: "), "{notes}");
    for jobs in ["2", "3", "16"] {
        let (parallel, parallel_notes) = with_jobs(jobs);
        assert_eq!(parallel, one_by_one, "--jobs {jobs}");
        assert_eq!(parallel_notes, notes, "--jobs {jobs}");
    }
}

#[test]
fn parallel_reading_tells_every_unreadable_file_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = (0..5)
        .map(|i| write(dir.path(), &format!("p{i}.ics"), &team_calendar(i)))
        .collect();
    files.insert(2, write(dir.path(), "bad.ics", "not a calendar\r\n"));
    files.insert(4, write(dir.path(), "worse.ics", "not one either\r\n"));
    let files: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
    let mut told = Vec::new();
    for jobs in ["1", "3"] {
        let (code, out, err) = run(&[&["audit", "--jobs", jobs][..], &files].concat());
        assert_eq!(code, 1, "--jobs {jobs}: {out}");
        assert!(out.is_empty(), "no report with a file missing: {out}");
        let bad = err.find("error: ").and_then(|_| err.find("bad.ics:1: "));
        let worse = err.find("worse.ics:1: ");
        assert!(
            bad.is_some() && worse.is_some() && bad < worse,
            "--jobs {jobs}: {err}"
        );
        told.push(err);
    }
    assert_eq!(told[0], told[1], "the same lines in the same order");
}

/// One person's export for the first half of 2026: the monthly all-hands (second Thursday,
/// 17:00 UTC, one hour) sent to the group `all@example.com`, plus `more` events; `header`
/// goes into the calendar's own properties.
fn export(header: &str, own_reply: &str, more: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{header}BEGIN:VEVENT\r\nUID:all-hands@example.com\r\n\
         SUMMARY:All hands\r\nDTSTART:20260108T170000Z\r\nDURATION:PT1H\r\n\
         RRULE:FREQ=MONTHLY;BYDAY=2TH\r\nORGANIZER:mailto:ana@example.com\r\n\
         ATTENDEE;CUTYPE=GROUP;CN=Everyone:mailto:all@example.com\r\n{own_reply}END:VEVENT\r\n\
         {more}END:VCALENDAR\r\n"
    )
}

/// Twenty weekly 15-minute syncs of Ana, Ben, Cy and Dee, each invited by name.
const SYNC: &str = "BEGIN:VEVENT\r\nUID:sync@example.com\r\nSUMMARY:Team sync\r\n\
    DTSTART:20260105T090000Z\r\nDURATION:PT15M\r\nRRULE:FREQ=WEEKLY;COUNT=20\r\n\
    ORGANIZER:mailto:ana@example.com\r\nATTENDEE:mailto:ben@example.com\r\n\
    ATTENDEE:mailto:cy@example.com\r\nATTENDEE:mailto:dee@example.com\r\nEND:VEVENT\r\n";

/// Eight weekly 30-minute 1:1s of Ana and Ben.
const ONE_ON_ONE: &str = "BEGIN:VEVENT\r\nUID:1on1@example.com\r\nSUMMARY:1:1\r\n\
    DTSTART:20260302T100000Z\r\nDURATION:PT30M\r\nRRULE:FREQ=WEEKLY;COUNT=8\r\n\
    ORGANIZER:mailto:ana@example.com\r\nATTENDEE:mailto:ben@example.com\r\nEND:VEVENT\r\n";

#[test]
fn group_invited_all_hands_counts_everyone_who_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let both = format!("{SYNC}{ONE_ON_ONE}");
    let named = |who: &str| format!("X-WR-CALNAME:{who}@example.com\r\n");
    let declined = "ATTENDEE;PARTSTAT=DECLINED:mailto:eve@example.com\r\n";
    // Owners told three ways: X-WR-CALNAME (Ana, Dee, Eve), the file name (Ben), the flag (Cy).
    let files = [
        write(dir.path(), "ana.ics", &export(&named("ana"), "", &both)),
        write(dir.path(), "ben@example.com.ics", &export("", "", &both)),
        write(dir.path(), "cy.ics", &export("", "", SYNC)),
        write(dir.path(), "dee.ics", &export(&named("dee"), "", SYNC)),
        write(dir.path(), "eve.ics", &export(&named("eve"), declined, "")),
    ];
    let mut args = vec!["audit", "--from", "2026-01-01", "--to", "2026-07-01"];
    args.extend(["--format", "json", "--owner", "cy.ics=cy@example.com"]);
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    // Six all-hands × 1 h × Ana, Ben, Cy, Dee = 24 h: first, ahead of the sync's 20 × 0.25 h
    // × 4 = 20 h and the 1:1's 8 × 0.5 h × 2 = 8 h. Eve declined it in her own calendar,
    // and the group address is nobody.
    let top = &json["series"][0];
    assert_eq!(top["uid"], "all-hands@example.com", "{}", json["series"]);
    assert_eq!(top["person_hours"], 24.0);
    assert!(
        top["reason"].as_str().unwrap().contains("4 attendees"),
        "{top}"
    );
    assert_eq!(json["person_hours"], 24.0 + 20.0 + 8.0);
    assert_eq!(
        people(&json),
        [
            "ana@example.com",
            "ben@example.com",
            "cy@example.com",
            "dee@example.com"
        ]
    );
}

#[test]
fn an_owner_flag_must_name_a_file_and_an_address() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "team.ics", STANDUP);
    for (flag, expect) in [
        (
            "other.ics=ana@example.com",
            "other.ics is not one of the calendar files",
        ),
        ("team.ics=ana", "\"ana\" is not an e-mail address"),
        ("team.ics", "must look like FILE=EMAIL"),
    ] {
        let (code, _, err) = audit(&[&MARCH[..], &["--owner", flag]].concat(), &file);
        assert_ne!(code, 0);
        assert!(err.contains(expect), "{flag}: {err}");
    }
    // `none` says a file is nobody's, even one whose name is an address.
    let json = report(&["--owner", "team.ics=none"], &file);
    assert_eq!(json["person_hours"], 8.0);
}

/// The e-mail addresses of the report's people, in its order.
fn people(json: &Value) -> Vec<&str> {
    json["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["email"].as_str().unwrap())
        .collect()
}
