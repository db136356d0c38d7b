//! The Meetings stories on both databases: calendars uploaded through the API become exact
//! report figures; a purpose set by hand changes the recommendation and lands in the event
//! log; a polled feed is fetched from a local HTTP server, fails, is retried and recorded;
//! the overlap finder answers across zones.

use crate::both_databases;
use crate::browser::Browser;
use crate::helpers::{TestApp, code};
use crate::meeting_budgets::upload_form;
use crate::stories::Caller;
use longhand_domain::workspace::Role;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A weekly 30-minute standup on Mondays at 09:00 UTC from 2026-03-02 (10:00 in Berlin,
/// inside everyone's hours): Ana organizes; Ana, Ben and an outside partner attend; Cy
/// declined.
const STANDUP: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
BEGIN:VEVENT\r
UID:standup@example.org\r
SUMMARY:Team standup\r
DTSTART:20260302T090000Z\r
DURATION:PT30M\r
RRULE:FREQ=WEEKLY;COUNT=8\r
ORGANIZER:mailto:ana@example.org\r
ATTENDEE:mailto:Ben@Example.org\r
ATTENDEE:mailto:partner@elsewhere.example\r
ATTENDEE;PARTSTAT=DECLINED:mailto:cy@example.org\r
END:VEVENT\r
END:VCALENDAR\r
";

/// A weekly one-hour review on Tuesdays at 14:00 UTC, Ana and Cy.
const REVIEW: &str = "BEGIN:VCALENDAR\r
BEGIN:VEVENT\r
UID:review@example.org\r
SUMMARY:Design review\r
DTSTART:20260303T140000Z\r
DTEND:20260303T150000Z\r
RRULE:FREQ=WEEKLY\r
ATTENDEE:mailto:ana@example.org\r
ATTENDEE:mailto:cy@example.org\r
END:VEVENT\r
END:VCALENDAR\r
";

const MARCH: &str = "/api/v1/meetings/report?from=2026-03-02&to=2026-03-30";

fn series<'a>(report: &'a Value, uid: &str) -> &'a Value {
    report["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["uid"] == uid)
        .unwrap_or_else(|| panic!("no series {uid} in {report}"))
}

fn person<'a>(report: &'a Value, email: &str) -> &'a Value {
    report["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == email)
        .unwrap_or_else(|| panic!("no person {email} in {report}"))
}

both_databases!(
    uploaded_calendars_become_the_report,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Admin).await;
        app.member("ben", Role::Member).await;
        app.member("cy", Role::Member).await;
        let ana = app.signed_in_as(ana).await;
        let (status, body) = ana.get(MARCH).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["meetings"], 0);
        for (name, ics) in [("standup.ics", STANDUP), ("review.ics", REVIEW)] {
            let (status, body) = ana.upload_calendar(name, ics).await;
            assert_eq!(status, 201, "{body}");
            assert_eq!(body["series"], 1);
        }
        // The same file again counts once: occurrences are kept once per UID and start.
        ana.upload_calendar("again.ics", STANDUP).await;
        let (_, list) = ana.get("/api/v1/meetings/calendars").await;
        assert_eq!(list["calendars"].as_array().unwrap().len(), 3);

        let (status, report) = ana.get(MARCH).await;
        assert_eq!(status, 200, "{report}");
        // Four Mondays and four Tuesdays in the window.
        assert_eq!(report["meetings"], 8);
        let standup = series(&report, "standup@example.org");
        // 4 × 0.5 h × 3 participants (Ana, Ben, the partner); Cy declined.
        assert_eq!(standup["person_hours"], 6.0);
        assert_eq!(standup["purpose"], "update");
        assert_eq!(
            standup["reason"],
            "title mentions 'standup'; 3 attendees; 30 min; weekly"
        );
        let review = series(&report, "review@example.org");
        assert_eq!(review["person_hours"], 8.0);
        assert_eq!(review["rank"], 1);
        assert_eq!(
            person(&report, "ana@example.org")["meeting_hours_per_week"],
            1.5
        );
        assert_eq!(
            person(&report, "ben@example.org")["meeting_hours_per_week"],
            0.5
        );
        assert_eq!(person(&report, "cy@example.org")["meetings"], 4);
        assert_eq!(report["weeks"].as_array().unwrap().len(), 4);
        assert_eq!(report["comparison"], Value::Null);
        app.stop().await;
    }
);

/// One person's export of a monthly one-hour all-hands (the second Thursday, 17:00 UTC,
/// March 12 and April 9 in the window below) sent to the group `all@example.org`, with the
/// owner named as Google Calendar names it. `extra` goes into the event (the owner's own
/// reply, say), `header` into the calendar.
fn all_hands_export(header: &str, extra: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{header}BEGIN:VEVENT\r\nUID:all-hands@example.org\r\n\
         SUMMARY:All hands\r\nDTSTART:20260312T170000Z\r\nDURATION:PT1H\r\n\
         RRULE:FREQ=MONTHLY;BYDAY=2TH\r\nORGANIZER:mailto:ana@example.org\r\n\
         ATTENDEE;CUTYPE=GROUP;CN=Everyone:mailto:all@example.org\r\n{extra}END:VEVENT\r\n\
         END:VCALENDAR\r\n"
    )
}

/// A weekly 15-minute 1:1 of Ana and Ben on Mondays, in Ana's export only.
const ONE_ON_ONE: &str = "BEGIN:VEVENT\r
UID:ana-ben@example.org\r
SUMMARY:1:1\r
DTSTART:20260302T100000Z\r
DURATION:PT15M\r
RRULE:FREQ=WEEKLY\r
ORGANIZER:mailto:ana@example.org\r
ATTENDEE:mailto:ben@example.org\r
END:VEVENT\r
";

both_databases!(
    group_invited_all_hands_counts_everyone_who_holds_it,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Admin).await;
        let ben = app.member("ben", Role::Member).await;
        for handle in ["cy", "dee", "eve"] {
            app.member(handle, Role::Member).await;
        }
        let ana = app.signed_in_as(ana).await;
        let ben = app.signed_in_as(ben).await;
        // Ana's own export, named by X-WR-CALNAME, also holds her 1:1 with Ben.
        let anas = all_hands_export("X-WR-CALNAME:ana@example.org\r\n", "")
            .replace("END:VCALENDAR", &format!("{ONE_ON_ONE}END:VCALENDAR"));
        // Ben uploads his own, which names nobody: it is the uploader's.
        // The admin uploads Cy's and Dee's exports naming their owners, and Eve's, who
        // declined the all-hands in her own calendar.
        let uploads = [
            (&ana, "ana.ics", anas, ""),
            (&ben, "ben.ics", all_hands_export("", ""), ""),
            (
                &ana,
                "cy.ics",
                all_hands_export("X-WR-CALNAME:cy@example.org\r\n", ""),
                "",
            ),
            (&ana, "dee.ics", all_hands_export("", ""), "dee"),
            (
                &ana,
                "eve.ics",
                all_hands_export("", "ATTENDEE;PARTSTAT=DECLINED:mailto:eve@example.org\r\n"),
                "@eve",
            ),
        ];
        for (who, name, ics, owner) in uploads {
            let body = json!({"name": name, "ics": ics, "owner": owner});
            let (status, body) = who.post("/api/v1/meetings/calendars", body).await;
            assert_eq!(status, 201, "{body}");
            let expect = name.trim_end_matches(".ics");
            assert_eq!(body["owner"], expect, "{body}");
        }
        // A team calendar holding the all-hands is nobody's: it adds no one.
        let shared = json!({"name": "team.ics", "ics": all_hands_export("", ""), "owner": "none"});
        let (status, body) = ana.post("/api/v1/meetings/calendars", shared).await;
        assert_eq!((status, &body["owner"]), (201, &Value::Null), "{body}");

        let (status, report) = ana
            .get("/api/v1/meetings/report?from=2026-03-02&to=2026-04-27")
            .await;
        assert_eq!(status, 200, "{report}");
        // Two all-hands × 1 h × Ana, Ben, Cy, Dee = 8 h, ahead of the 1:1's eight Mondays ×
        // 0.25 h × 2 = 4 h. Eve declined in her own calendar; the list itself is nobody.
        let all_hands = series(&report, "all-hands@example.org");
        assert_eq!(all_hands["person_hours"], 8.0, "{all_hands}");
        assert_eq!(all_hands["rank"], 1, "{report}");
        assert!(
            all_hands["reason"]
                .as_str()
                .unwrap()
                .contains("4 attendees"),
            "{all_hands}"
        );
        assert_eq!(series(&report, "ana-ben@example.org")["person_hours"], 4.0);
        assert_eq!(person(&report, "dee@example.org")["meetings"], 2);
        assert_eq!(person(&report, "eve@example.org")["meetings"], 0);
        app.stop().await;
    }
);

both_databases!(
    a_member_cannot_upload_another_members_calendar,
    |app: TestApp| async move {
        let ben = app.member("ben", Role::Member).await;
        app.member("cy", Role::Member).await;
        let ben = app.signed_in_as(ben).await;
        let cases = [
            (all_hands_export("", ""), "cy"),
            (all_hands_export("X-WR-CALNAME:cy@example.org\r\n", ""), ""),
        ];
        for (ics, owner) in cases {
            let body = json!({"name": "cy.ics", "ics": ics, "owner": owner});
            let (status, body) = ben.post("/api/v1/meetings/calendars", body).await;
            assert_eq!(status, 403, "{body}");
            let message = body["error"]["message"].as_str().unwrap();
            assert!(message.contains("@cy's calendar"), "{message}");
        }
        let body = json!({"name": "x.ics", "ics": all_hands_export("", ""), "owner": "no one!"});
        let (status, body) = ben.post("/api/v1/meetings/calendars", body).await;
        assert_eq!(status, 422, "{body}");
        app.stop().await;
    }
);

both_databases!(
    malformed_calendars_are_refused_with_their_line,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Member).await;
        let ana = app.signed_in_as(ana).await;
        let cases = [
            ("hello, world", "bad.ics:1: not an iCalendar file"),
            (
                "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
                "bad.ics: no usable events (1 problem)",
            ),
        ];
        for (ics, expect) in cases {
            let (status, body) = ana.upload_calendar("bad.ics", ics).await;
            assert_eq!(status, 422, "{body}");
            assert_eq!(code(&body), "invalid");
            let message = body["error"]["message"].as_str().unwrap();
            assert!(message.starts_with(expect), "{message}");
            assert_eq!(body["error"]["problems"].as_array().unwrap().len(), 1);
        }
        let (status, body) = ana
            .get("/api/v1/meetings/report?from=2026-03-30&to=2026-03-02")
            .await;
        assert_eq!(status, 422, "{body}");
        let (status, body) = ana
            .get("/api/v1/meetings/report?baseline_from=2026-01-01")
            .await;
        assert_eq!(status, 422, "{body}");
        let (status, _) = ana.get("/api/v1/meetings/report?from=March").await;
        assert_eq!(status, 422);
        app.stop().await;
    }
);

both_databases!(
    a_purpose_set_by_hand_changes_the_report_and_is_recorded,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Admin).await;
        app.member("ben", Role::Member).await;
        let ana = app.signed_in_as(ana).await;
        ana.upload_calendar("standup.ics", STANDUP).await;
        let path = "/api/v1/meetings/series/standup%40example.org/purpose";
        let (status, body) = ana.put(path, json!({"purpose": "work-session"})).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["purpose"], "work session");
        let (_, report) = ana.get(MARCH).await;
        let standup = series(&report, "standup@example.org");
        assert_eq!(standup["purpose"], "work session");
        assert_eq!(standup["overridden"], true);
        assert_eq!(
            standup["reason"],
            "set by override; 3 attendees; 30 min; weekly"
        );
        assert_eq!(standup["quadrant"], "convergence + weak relationship");
        let (_, events) = ana.get("/api/v1/events").await;
        let set = events
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "meetings.purpose_set")
            .expect("the override is in the event log");
        assert_eq!(set["payload"]["series"], "standup@example.org");
        // Back to the classifier.
        ana.put(path, json!({"purpose": null})).await;
        let (_, report) = ana.get(MARCH).await;
        assert_eq!(series(&report, "standup@example.org")["purpose"], "update");
        let (status, _) = ana.put(path, json!({"purpose": "gossip"})).await;
        assert_eq!(status, 422);
        app.stop().await;
    }
);

both_databases!(a_baseline_compares_two_periods, |app: TestApp| async move {
    let ana = app.member("ana", Role::Member).await;
    app.member("ben", Role::Member).await;
    let ana = app.signed_in_as(ana).await;
    ana.upload_calendar("standup.ics", STANDUP).await;
    // The standup runs eight Mondays from 2 March: the four March weeks against the two
    // weeks after it stopped (27 April – 11 May).
    let path = "/api/v1/meetings/report?from=2026-04-27&to=2026-05-11&baseline_from=2026-03-02&baseline_to=2026-03-30";
    let (status, report) = ana.get(path).await;
    assert_eq!(status, 200, "{report}");
    let org = &report["comparison"]["organisation"]["metrics"];
    assert_eq!(org[0]["metric"], "meeting_hours_per_week");
    // Ana and Ben each spent 0.5 h a week in the standup, then none.
    assert_eq!(org[0]["before"], 0.5);
    assert_eq!(org[0]["after"], 0.0);
    assert_eq!(org[0]["relative_change"], -1.0);
    assert_eq!(org[0]["verdict"], "better");
    assert_eq!(report["comparison"]["people"].as_array().unwrap().len(), 2);
    app.stop().await;
});

/// A one-route HTTP server on port 0 serving `STANDUP`, answering 500 to its first request.
async fn flaky_feed() -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let route = axum::routing::get(move || {
        let counter = counter.clone();
        async move {
            if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                (
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    String::from("oops"),
                )
            } else {
                (axum::http::StatusCode::OK, STANDUP.to_owned())
            }
        }
    });
    let router = axum::Router::new().route("/ana.ics", route);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/ana.ics", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, hits)
}

async fn feed_events(admin: &Caller<'_>) -> usize {
    let (_, events) = admin.get("/api/v1/events").await;
    events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "meetings.feed_fetched")
        .count()
}

both_databases!(
    a_polled_feed_is_retried_after_a_failure,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Admin).await;
        app.member("ben", Role::Member).await;
        let ana = app.signed_in_as(ana).await;
        let (url, hits) = flaky_feed().await;
        let (status, feed) = ana
            .put("/api/v1/me/calendar-feed", json!({"url": url}))
            .await;
        assert_eq!(status, 200, "{feed}");
        assert_eq!(feed["status"], "waiting");

        // The first fetch fails: recorded on the feed, retried a minute later.
        assert_eq!(app.run_due_jobs().await, 1);
        let (_, feed) = ana.get("/api/v1/me/calendar-feed").await;
        assert_eq!(feed["status"], "failing", "{feed}");
        assert_eq!(feed["failures"], 1);
        assert!(
            feed["last_error"].as_str().unwrap().contains("HTTP 500"),
            "{feed}"
        );
        assert_eq!(feed["next_poll_at"], "2026-03-10T10:01:00.123456Z");
        assert_eq!(app.run_due_jobs().await, 0);

        app.clock_forward_minutes(1);
        assert_eq!(app.run_due_jobs().await, 1);
        let (_, feed) = ana.get("/api/v1/me/calendar-feed").await;
        assert_eq!(feed["status"], "ok", "{feed}");
        assert_eq!(
            (feed["failures"].clone(), feed["series"].clone()),
            (json!(0), json!(1))
        );
        assert_eq!(feed["next_poll_at"], "2026-03-10T11:01:00.123456Z");
        assert_eq!(hits.load(Ordering::SeqCst), 2);
        assert_eq!(feed_events(&ana).await, 1);

        // What the feed brought is in the report.
        let (_, report) = ana.get(MARCH).await;
        assert_eq!(series(&report, "standup@example.org")["person_hours"], 6.0);

        // An hour later the same text comes again: fetched, but no new event.
        app.clock_forward_minutes(60);
        assert_eq!(app.run_due_jobs().await, 1);
        assert_eq!(hits.load(Ordering::SeqCst), 3);
        assert_eq!(feed_events(&ana).await, 1);

        // Removing the feed drops its meetings and ends the polling.
        let (status, _) = ana.delete("/api/v1/me/calendar-feed").await;
        assert_eq!(status, 204);
        let (_, report) = ana.get(MARCH).await;
        assert_eq!(report["meetings"], 0);
        app.clock_forward_minutes(120);
        app.run_due_jobs().await;
        assert_eq!(hits.load(Ordering::SeqCst), 3);
        app.stop().await;
    }
);

both_databases!(feed_addresses_must_be_https, |app: TestApp| async move {
    let ana = app.member("ana", Role::Member).await;
    let ana = app.signed_in_as(ana).await;
    for url in [
        "http://calendar.example.com/a.ics",
        "ftp://x/y",
        "not a url",
    ] {
        let (status, body) = ana
            .put("/api/v1/me/calendar-feed", json!({"url": url}))
            .await;
        assert_eq!(status, 422, "{url}: {body}");
    }
    let (status, feed) = ana
        .put(
            "/api/v1/me/calendar-feed",
            json!({"url": "webcal://calendar.example.com/ana.ics"}),
        )
        .await;
    assert_eq!(status, 200, "{feed}");
    assert_eq!(feed["url"], "https://calendar.example.com/ana.ics");
    app.stop().await;
});

both_databases!(
    the_overlap_finder_answers_in_each_zone,
    |app: TestApp| async move {
        let ana = app.member_in("ana", Role::Member, "Europe/Berlin").await;
        app.member_in("bob", Role::Member, "America/New_York").await;
        let ana = app.signed_in_as(ana).await;
        let (status, body) = ana
            .get("/api/v1/meetings/overlap?members=ana,bob&week=2026-03-04")
            .await;
        assert_eq!(status, 200, "{body}");
        // 09:00–17:00 each: New York's 09:00 is Berlin's 15:00, two hours a weekday.
        assert_eq!(body["total_hours"], 10.0);
        let first = &body["slots"][0];
        assert_eq!(first["start"], "2026-03-02T14:00:00Z");
        assert_eq!(first["local"][0]["start"], "2026-03-02T15:00:00+01:00");
        assert_eq!(first["local"][1]["start"], "2026-03-02T09:00:00-05:00");
        let (status, _) = ana.get("/api/v1/meetings/overlap?members=ana").await;
        assert_eq!(status, 422);
        let (status, _) = ana.get("/api/v1/meetings/overlap?members=ana,nobody").await;
        assert_eq!(status, 404);
        app.stop().await;
    }
);

both_databases!(
    writing_together_makes_a_relationship_strong,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Admin).await;
        let cy = app.member("cy", Role::Member).await;
        let (ana, cy) = (app.signed_in_as(ana).await, app.signed_in_as(cy).await);
        ana.upload_calendar("review.ics", REVIEW).await;
        let (_, report) = ana.get(MARCH).await;
        assert_eq!(
            series(&report, "review@example.org")["relationship"],
            "weak",
            "{report}"
        );

        // Ana and Cy share no team, but they work a problem out together in writing.
        let space = json!({"name": "Design", "purpose": "design"});
        ana.post("/api/v1/spaces", space).await;
        let thread = json!({"title": "Cache keys", "body": "How should we name them?"});
        let (status, posted) = ana.post("/api/v1/spaces/design/threads", thread).await;
        assert_eq!(status, 201, "{posted}");
        let id = posted["thread"]["id"].as_i64().unwrap();
        let reply = json!({"body": "By tenant, then user."});
        let (status, _) = cy
            .post(&format!("/api/v1/threads/{id}/comments"), reply)
            .await;
        assert_eq!(status, 201);
        let (_, report) = ana.get(MARCH).await;
        let review = series(&report, "review@example.org");
        assert_eq!(review["relationship"], "strong", "{review}");
        assert_eq!(review["shared_tenure"], 1.0);
        app.stop().await;
    }
);

/// A good one-hour planning meeting on 3 March, then an event whose DTSTART (line 13) cannot
/// be read.
const ONE_BAD_START: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
BEGIN:VEVENT\r
UID:planning@example.org\r
SUMMARY:Planning\r
DTSTART:20260303T100000Z\r
DURATION:PT1H\r
ATTENDEE:mailto:ana@example.org\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:broken@example.org\r
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
UID:broken@example.org\r
SUMMARY:Broken\r
DTSTART:2026-03-04 10:00\r
DURATION:PT1H\r
END:VEVENT\r
END:VCALENDAR\r
";

/// What the parser says about the only item it skipped in `text`, checked to be on `line`.
fn skipped_reason(text: &str, line: usize) -> String {
    let calendar = longhand_ical::parse(text).unwrap();
    assert_eq!(calendar.skipped.len(), 1, "{:?}", calendar.skipped);
    assert_eq!(calendar.skipped[0].line, line, "{:?}", calendar.skipped);
    calendar.skipped[0].reason.clone()
}

/// Posts `ics` as `name` through the Meetings page's upload form.
async fn upload_through_the_page(
    app: &TestApp,
    browser: &Browser,
    name: &str,
    ics: &str,
) -> reqwest::Response {
    let app_url = &app.url;
    let csrf = browser.form_token("/meetings").await;
    let (content_type, body) = upload_form(&csrf, name, ics);
    browser
        .client
        .post(format!("{}/meetings/calendars", app_url))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

both_databases!(
    an_upload_with_no_usable_event_is_refused_listing_its_problems,
    |app: TestApp| async move {
        let browser = Browser::sign_in(&app, "ana", Role::Admin).await;
        let ana = app.signed_in_as(browser.actor.clone()).await;
        let reason = skipped_reason(ONLY_BAD_STARTS, 6);
        let (status, body) = ana.upload_calendar("bad.ics", ONLY_BAD_STARTS).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(
            body["error"],
            json!({
                "code": "invalid",
                "message": "bad.ics: no usable events (1 problem)",
                "problems": [{"file": "bad.ics", "line": 6, "message": reason}],
            })
        );

        // The page says the same, with the problem under the error.
        let response = upload_through_the_page(&app, &browser, "bad.ics", ONLY_BAD_STARTS).await;
        assert_eq!(response.status(), 422);
        let page = response.text().await.unwrap();
        assert!(
            page.contains("bad.ics: no usable events (1 problem)"),
            "{page}"
        );
        let line = format!("warning: bad.ics:6: {reason}");
        assert!(shows(&page, &line), "{line}\n{page}");
        let (_, calendars) = ana.get("/api/v1/meetings/calendars").await;
        assert_eq!(calendars["calendars"], json!([]));
        app.stop().await;
    }
);

both_databases!(
    a_usable_upload_answers_and_keeps_its_warnings,
    |app: TestApp| async move {
        let browser = Browser::sign_in(&app, "ana", Role::Admin).await;
        let ana = app.signed_in_as(browser.actor.clone()).await;
        let reason = skipped_reason(ONE_BAD_START, 13);
        let problem = json!({"file": "team.ics", "line": 13, "message": reason});
        let (status, uploaded) = ana.upload_calendar("team.ics", ONE_BAD_START).await;
        assert_eq!(status, 201, "{uploaded}");
        assert_eq!(uploaded["series"], 1);
        assert_eq!(uploaded["problem_count"], 1);
        assert_eq!(uploaded["problems"], json!([problem.clone()]));
        let (_, calendars) = ana.get("/api/v1/meetings/calendars").await;
        assert_eq!(
            calendars["calendars"][0]["problems"],
            json!([problem.clone()])
        );
        let (_, report) = ana.get(MARCH).await;
        assert_eq!(report["meetings"], 1);
        assert_eq!(report["problems"], json!([problem]));

        // Through the page: stored, and the calendar's row lists the warning.
        let response = upload_through_the_page(&app, &browser, "page.ics", ONE_BAD_START).await;
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(
            location,
            "/meetings?ok=calendars-uploaded-with-warnings#calendars"
        );
        let (_, page) = browser.get(&location).await;
        let line = format!("warning: page.ics:13: {reason}");
        assert!(shows(&page, &line), "{line}\n{page}");
        app.stop().await;
    }
);

/// A one-route HTTP server on port 0 answering its `n`th request with `bodies[n]` (the last
/// one from then on).
async fn feed_serving(bodies: Vec<&'static str>) -> String {
    let hits = Arc::new(AtomicUsize::new(0));
    let route = axum::routing::get(move || {
        let n = hits.fetch_add(1, Ordering::SeqCst);
        let body = bodies[n.min(bodies.len() - 1)];
        async move { body }
    });
    let router = axum::Router::new().route("/ana.ics", route);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/ana.ics", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

both_databases!(
    a_polled_feed_keeps_its_problems_and_shows_them,
    |app: TestApp| async move {
        let browser = Browser::sign_in(&app, "ana", Role::Admin).await;
        let ana = app.signed_in_as(browser.actor.clone()).await;
        let url = feed_serving(vec![ONE_BAD_START, ONLY_BAD_STARTS]).await;
        let (status, _) = ana
            .put("/api/v1/me/calendar-feed", json!({"url": url}))
            .await;
        assert_eq!(status, 200);

        // A text with a good event is used; its problem is kept with the feed.
        let reason = skipped_reason(ONE_BAD_START, 13);
        assert_eq!(app.run_due_jobs().await, 1);
        let (_, feed) = ana.get("/api/v1/me/calendar-feed").await;
        assert_eq!(feed["status"], "ok", "{feed}");
        assert_eq!(feed["problem_count"], 1);
        assert_eq!(
            feed["problems"],
            json!([{"file": "@ana's feed", "line": 13, "message": reason}])
        );
        let (_, page) = browser.get("/meetings").await;
        let line = format!("warning: @ana's feed:13: {reason}");
        assert!(shows(&page, &line), "{line}\n{page}");

        // An hour later nothing in the text can be used: the fetch fails with its problems,
        // and the last good text stays in the report.
        let reason = skipped_reason(ONLY_BAD_STARTS, 6);
        app.clock_forward_minutes(60);
        assert_eq!(app.run_due_jobs().await, 1);
        let (_, feed) = ana.get("/api/v1/me/calendar-feed").await;
        assert_eq!(feed["status"], "failing", "{feed}");
        assert_eq!(
            feed["last_error"],
            "@ana's feed: no usable events (1 problem)"
        );
        assert_eq!(
            feed["problems"],
            json!([{"file": "@ana's feed", "line": 6, "message": reason}])
        );
        let (_, report) = ana.get(MARCH).await;
        assert_eq!(report["meetings"], 1, "{report}");
        let (_, page) = browser.get("/meetings").await;
        let line = format!("warning: @ana's feed:6: {reason}");
        assert!(shows(&page, &line), "{line}\n{page}");
        app.stop().await;
    }
);

/// Whether the page's text holds `line`, whichever entities the page wrote for it.
fn shows(page: &str, line: &str) -> bool {
    let mut text = page.to_owned();
    for (entity, plain) in [
        ("&#34;", "\""),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&#96;", "`"),
        ("&#60;", "<"),
        ("&lt;", "<"),
        ("&#62;", ">"),
        ("&gt;", ">"),
        ("&#38;", "&"),
        ("&amp;", "&"),
    ] {
        text = text.replace(entity, plain);
    }
    text.contains(line)
}
