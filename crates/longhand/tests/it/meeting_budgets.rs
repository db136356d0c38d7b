//! Calendars that would cost gigabytes to expand: series that repeat every second are left
//! out with a warning, and every calendar and report reads within a fixed budget of
//! occurrences, through the API upload, the report and `longhand audit` alike. The report is
//! kept per input, so viewing it again does not expand anything, and any change to an input
//! builds it again. A large calendar goes through the web form with its CSRF token.

use crate::both_databases;
use crate::browser::Browser;
use crate::helpers::TestApp;
use longhand_core::ops;
use longhand_domain::workspace::Role;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;

const MARCH: &str = "/api/v1/meetings/report?from=2026-03-02&to=2026-03-30";

/// A weekly standup, then `secondly` series repeating every second and `minutely` series
/// repeating every minute, all from 2026-03-02: a few KB that would expand to millions.
fn attack(secondly: usize, minutely: usize) -> String {
    let mut ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:standup\r\nSUMMARY:Standup\r\n\
                   DTSTART:20260302T090000Z\r\nDURATION:PT15M\r\nRRULE:FREQ=WEEKLY\r\n\
                   ATTENDEE:mailto:ana@example.org\r\nEND:VEVENT\r\n"
        .to_owned();
    for i in 0..secondly {
        ics += &format!(
            "BEGIN:VEVENT\r\nUID:s{i}\r\nSUMMARY:Tick\r\nDTSTART:20260302T000000Z\r\n\
             RRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\n"
        );
    }
    for i in 0..minutely {
        ics += &format!(
            "BEGIN:VEVENT\r\nUID:m{i}\r\nSUMMARY:Tock\r\nDTSTART:20260302T000000Z\r\n\
             RRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\n"
        );
    }
    ics + "END:VCALENDAR\r\n"
}

/// A list of problems (`{file, line, message}`) as the command line prints them,
/// `FILE:LINE: message`.
fn lines(problems: &Value) -> Vec<String> {
    problems
        .as_array()
        .unwrap_or_else(|| panic!("no problems in {problems}"))
        .iter()
        .map(|p| {
            let (file, message) = (p["file"].as_str().unwrap(), p["message"].as_str().unwrap());
            match p["line"].as_u64() {
                Some(line) => format!("{file}:{line}: {message}"),
                None => format!("{file}: {message}"),
            }
        })
        .collect()
}

fn notes(report: &Value) -> Vec<String> {
    lines(&report["problems"])
}

fn has(lines: &[String], text: &str) -> bool {
    lines.iter().any(|l| l.contains(text))
}

/// Four weeks of minutes: what each minutely series would add to the March report.
const MINUTES_IN_MARCH: usize = 28 * 24 * 60;

both_databases!(
    an_attack_calendar_is_read_within_budget_with_warnings,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Admin).await;
        let ics = attack(30, 8);
        assert!(ics.len() < 8_000, "{}", ics.len());
        let (status, uploaded) = ana.upload_calendar("attack.ics", &ics).await;
        assert_eq!(status, 201, "{uploaded}");
        assert_eq!(uploaded["series"], 39);
        // Each left-out series is named on the line its event begins (six lines each, the
        // first on line 10), the first ten of them; the rest (twenty more, and the minutely
        // series cut off at the per-series limit) are counted.
        let warnings = lines(&uploaded["problems"]);
        assert_eq!(uploaded["problem_count"], 32, "{uploaded}");
        assert!(
            has(
                &warnings,
                "attack.ics:10: series s0 repeats more than once a minute"
            ),
            "{warnings:?}"
        );
        assert!(
            has(&warnings, "attack.ics:64: series s9 repeats"),
            "{warnings:?}"
        );
        assert!(!has(&warnings, "series s10 repeats"), "{warnings:?}");
        assert!(
            has(&warnings, "attack.ics: 21 more problems not listed"),
            "{warnings:?}"
        );
        // Over the year either side of the upload the minutely series hit the calendar's cap;
        // that problem has no line, and is listed however many others there are.
        assert!(
            has(
                &warnings,
                "series left out or cut short after 200000 occurrences: at most 200000 \
                 occurrences (5000000 steps of work) are read from one calendar"
            ),
            "{warnings:?}"
        );

        let (status, report) = ana.get(MARCH).await;
        assert_eq!(status, 200, "{report}");
        // Four standups and every minute of March of the minutely series, until one
        // calendar's budget is spent: 4 + 4 × 40,320 = 161,284, and the fifth series gets
        // the remaining 38,716. No second of the secondly series is read.
        let per_file = longhand_ical::MAX_OCCURRENCES_PER_FILE;
        assert!(4 + 4 * MINUTES_IN_MARCH < per_file && 4 + 5 * MINUTES_IN_MARCH > per_file);
        assert_eq!(report["occurrences_read"], per_file);
        let notes = notes(&report);
        assert!(
            has(
                &notes,
                "attack.ics: 4 series left out or cut short after 200000 occurrences: at most \
                 200000 occurrences (5000000 steps of work) are read from one calendar"
            ),
            "{notes:?}"
        );
        assert!(
            has(&notes, "series s9 repeats more than once a minute"),
            "{notes:?}"
        );
        assert!(
            !has(&notes, "series s10 repeats"),
            "only the first ten are named"
        );
    }
);

both_databases!(
    the_report_is_kept_per_input_and_built_again_when_one_changes,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Admin).await;
        let upload = |name: &'static str, ics: String| {
            let ana = &ana;
            async move {
                let (status, body) = ana.upload_calendar(name, &ics).await;
                assert_eq!(status, 201, "{body}");
                body["id"].as_i64().unwrap()
            }
        };
        let builds = || ops::meetings::report_cache_stats(&app.app).builds;
        let standup = upload("standup.ics", attack(0, 0)).await;
        let before = ops::meetings::report_cache_stats(&app.app);

        let (_, first) = ana.get(MARCH).await;
        let (_, second) = ana.get(MARCH).await;
        assert_eq!(first, second);
        assert_eq!(first["meetings"], 4);
        let after = ops::meetings::report_cache_stats(&app.app);
        assert_eq!(
            after.builds,
            before.builds + 1,
            "the second view expands nothing"
        );
        assert_eq!(after.hits, before.hits + 1);

        // Another window is another report.
        ana.get("/api/v1/meetings/report?from=2026-03-02&to=2026-03-16")
            .await;
        assert_eq!(builds(), after.builds + 1);

        // A new calendar, a purpose set by hand and a deleted calendar each change an input.
        let review = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:review\r\nSUMMARY:Review\r\n\
                      DTSTART:20260303T140000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY\r\n\
                      END:VEVENT\r\nEND:VCALENDAR\r\n";
        upload("review.ics", review.to_owned()).await;
        let (_, report) = ana.get(MARCH).await;
        assert_eq!(report["meetings"], 8);
        let built = builds();
        assert_eq!(built, after.builds + 2);

        let purpose = json!({"purpose": "decision"});
        let (status, _) = ana
            .put("/api/v1/meetings/series/standup/purpose", purpose)
            .await;
        assert_eq!(status, 200);
        let (_, report) = ana.get(MARCH).await;
        assert_eq!(builds(), built + 1);
        let standup_series = report["series"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["uid"] == "standup")
            .unwrap()
            .clone();
        assert_eq!(standup_series["purpose"], "decision");

        let path = format!("/api/v1/meetings/calendars/{standup}");
        let (status, _) = ana.delete(&path).await;
        assert_eq!(status, 204);
        let (_, report) = ana.get(MARCH).await;
        assert_eq!(report["meetings"], 4);
        assert_eq!(builds(), built + 2);
        // Back to a report already kept: served as it was.
        ana.get(MARCH).await;
        assert_eq!(builds(), built + 2);
    }
);

/// Runs `longhand audit` over March with JSON output on `files`, which must succeed: the
/// report, and what the command wrote to stderr.
fn audit_march(files: &[PathBuf]) -> (Value, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_longhand"))
        .args(["audit", "--from", "2026-03-02", "--to", "2026-03-30"])
        .args(["--format", "json"])
        .args(files)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    (serde_json::from_slice(&output.stdout).unwrap(), stderr)
}

#[test]
fn the_cli_audit_reads_an_attack_calendar_within_budget() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("attack.ics");
    std::fs::write(&file, attack(30, 8)).unwrap();
    let (report, stderr) = audit_march(&[file]);
    assert_eq!(
        report["occurrences_read"],
        longhand_ical::MAX_OCCURRENCES_PER_FILE
    );
    assert!(
        stderr.contains("series s0 repeats more than once a minute"),
        "{stderr}"
    );
    assert!(
        stderr.contains("4 series left out or cut short after 200000 occurrences"),
        "{stderr}"
    );
    // The terminal tells every problem; the report lists the first ten of the file.
    assert!(
        stderr.contains("series s29 repeats more than once a minute"),
        "{stderr}"
    );
    assert!(has(&notes(&report), "20 more problems not listed"));
}

#[test]
fn the_cli_audit_stops_reading_when_the_report_budget_is_spent() {
    // Three calendars of five minutely series each: the first two take a calendar's budget
    // each, the third what is left of the report's, and a fourth is not read at all.
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<_> = (0..4)
        .map(|i| {
            let file = dir.path().join(format!("cal{i}.ics"));
            std::fs::write(&file, attack(0, 5).replace("UID:m", &format!("UID:c{i}-m"))).unwrap();
            file
        })
        .collect();
    let (report, _) = audit_march(&files);
    let budget = longhand_core::formats::audit_ics::REPORT_BUDGET.occurrences;
    assert_eq!(report["occurrences_read"], budget);
    let notes = notes(&report);
    assert!(
        has(
            &notes,
            "cal2.ics: 3 series left out or cut short after 100000 occurrences: a report reads \
             at most 500000 occurrences (20000000 steps of work) over all calendars"
        ),
        "{notes:?}"
    );
    assert!(
        has(
            &notes,
            "cal3.ics: not read: the report had already read its limit of 500000 occurrences"
        ),
        "{notes:?}"
    );
}

/// A valid calendar of one-off meetings, at least `bytes` long.
fn big_calendar(bytes: usize) -> (String, usize) {
    let mut ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n".to_owned();
    let mut events = 0;
    while ics.len() < bytes {
        ics += &format!(
            "BEGIN:VEVENT\r\nUID:one-off-{events}@example.org\r\nSUMMARY:Pairing session {events}\r\n\
             DTSTART:20260302T{:02}0000Z\r\nDURATION:PT30M\r\nDESCRIPTION:Notes for the pairing \
             session; nothing to prepare.\r\nATTENDEE:mailto:ana@example.org\r\nEND:VEVENT\r\n",
            events % 24
        );
        events += 1;
    }
    (ics + "END:VCALENDAR\r\n", events)
}

/// A `multipart/form-data` body with the CSRF token first and one file, as a browser sends
/// the upload form.
pub(crate) fn upload_form(csrf: &str, name: &str, file: &str) -> (String, Vec<u8>) {
    let boundary = "----longhand-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"calendars\"; filename=\"{name}\"\r\n\
         Content-Type: text/calendar\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file.as_bytes());
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

both_databases!(
    a_five_megabyte_calendar_uploads_through_the_web_form_and_warnings_show_on_the_page,
    |app: TestApp| async move {
        let ana = Browser::sign_in(&app, "ana", Role::Admin).await;
        let client = &ana.client;
        let csrf = ana.form_token("/meetings").await;
        let (ics, events) = big_calendar(5 * 1024 * 1024);
        let post = |csrf: String| {
            let (content_type, body) = upload_form(&csrf, "team.ics", &ics);
            client
                .post(format!("{}/meetings/calendars", app.url))
                .header("content-type", content_type)
                .body(body)
                .send()
        };
        let forged = post("not-the-token".to_owned()).await.unwrap();
        assert_eq!(forged.status(), 403, "a wrong token is still refused");

        let response = post(csrf).await.unwrap();
        let status = response.status();
        let location = response.headers().get("location").cloned();
        assert_eq!(status, 303, "{}", response.text().await.unwrap());
        assert_eq!(location.unwrap(), "/meetings?ok=calendars-uploaded");
        // A small calendar of series that repeat every second: stored, with a warning, and
        // the page (whose default window is the four weeks before today) names them.
        let csrf = ana.form_token("/meetings").await;
        let (content_type, body) = upload_form(&csrf, "ticks.ics", &attack(3, 0));
        let response = client
            .post(format!("{}/meetings/calendars", app.url))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(
            location,
            "/meetings?ok=calendars-uploaded-with-warnings#calendars"
        );
        let (_, page) = ana.get(&location).await;
        assert!(
            page.contains("Each calendar below lists its problems by line"),
            "{page}"
        );
        assert!(
            page.contains("warning: ticks.ics:22: series s2 repeats more than once a minute"),
            "{page}"
        );

        let actor = app.member("ben", Role::Admin).await;
        let stored = ops::meetings::calendars(&app.app, &actor).await.unwrap();
        assert_eq!(stored.len(), 2);
        let team = stored.iter().find(|c| c.name == "team.ics").unwrap();
        assert_eq!(team.series, events as i64);
        assert!(team.bytes > 5 * 1024 * 1024, "{}", team.bytes);
    }
);

/// The standup of [`attack`] and a series on Mondays and Thursdays whose every instance ends
/// 2,000 years after it starts (the `parse_expand` fuzz target found it).
fn with_a_two_thousand_year_series() -> String {
    attack(0, 0).replace(
        "END:VCALENDAR\r\n",
        "BEGIN:VEVENT\r\nUID:forever\r\nSUMMARY:Forever\r\n\
         DTSTART;TZID=Europe/Berlin:20260105T090000\r\n\
         DTEND;TZID=Europe/Berlin:40520210T095000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH\r\n\
         ATTENDEE:mailto:ana@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
}

both_databases!(
    a_series_longer_than_two_weeks_is_left_out_of_the_audit_and_named,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Admin).await;
        let long = with_a_two_thousand_year_series();
        let (status, uploaded) = ana.upload_calendar("long.ics", &long).await;
        assert_eq!(status, 201, "{uploaded}");
        assert_eq!(uploaded["series"], 2);
        let warnings = lines(&uploaded["problems"]);
        let left_out = "long.ics:10: series forever has an event longer than 14 days";
        assert!(has(&warnings, left_out), "{warnings:?}");
        assert!(!has(&warnings, "standup"), "{warnings:?}");

        let (status, report) = ana.get(MARCH).await;
        assert_eq!(status, 200, "{report}");
        // Only the four standups: none of the eight Mondays and Thursdays of the long series.
        assert_eq!(report["meetings"], 4);
        assert_eq!(report["occurrences_read"], 4);
        let notes = notes(&report);
        assert!(has(&notes, left_out), "{notes:?}");
        assert!(!has(&notes, "cut short"), "{notes:?}");
    }
);

#[test]
fn the_cli_audit_names_a_series_longer_than_two_weeks() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.ics");
    std::fs::write(&file, with_a_two_thousand_year_series()).unwrap();
    let (report, stderr) = audit_march(&[file]);
    assert_eq!(report["occurrences_read"], 4);
    assert!(
        stderr.contains(
            "long.ics:10: series forever has an event longer than 14 days (DTEND, DURATION or \
             an RDATE period); no meeting lasts that long, so it was left out"
        ),
        "{stderr}"
    );
}
