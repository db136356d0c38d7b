//! Check-ins and blockers end to end, on SQLite and PostgreSQL: the schedule, prompts and
//! reminders in each member's zone, answers (on time, late, closed), blockers with their
//! owner and escalation, help that becomes an ask; bad input; two replicas; the real clock;
//! `longhand checkin`.

use crate::both_databases;
use crate::helpers::{Db, TestApp, code};
use longhand_core::clock::Clock;
use longhand_core::ops::{self, Actor, App};
use longhand_core::worker;
use longhand_domain::names::{DisplayName, Handle};
use longhand_domain::workspace::Role;
use serde_json::{Value, json};

/// mel (Berlin) runs `core` with ann (Kolkata) and sam (St John's); oli is outside it.
struct Team {
    mel: String,
    ann: String,
    sam: String,
    oli: String,
}

async fn team(app: &TestApp) -> Team {
    let mel = app.member("mel", Role::Member).await;
    let ann = app.member_in("ann", Role::Member, "Asia/Kolkata").await;
    let sam = app.member_in("sam", Role::Member, "America/St_Johns").await;
    let oli = app.member("oli", Role::Member).await;
    create_core(&app.app, &mel).await;
    for handle in ["ann", "sam"] {
        ops::teams::add_member(&app.app, &mel, "core", &Handle::parse(handle).unwrap())
            .await
            .unwrap();
    }
    Team {
        mel: app.token(&mel).await,
        ann: app.token(&ann).await,
        sam: app.token(&sam).await,
        oli: app.token(&oli).await,
    }
}

async fn create_core(app: &App, dri: &Actor) {
    let input = ops::teams::TeamInput {
        name: DisplayName::parse("Core").unwrap(),
        slug: None,
        description: String::new(),
        dri: Handle::parse(&dri.handle).unwrap(),
    };
    ops::teams::create(app, dri, input).await.unwrap();
}

fn daily(at: &str) -> Option<Value> {
    Some(json!({"cadence": "daily", "at": at, "escalate_after_hours": 24}))
}

const SCHEDULE: &str = "/api/v1/teams/core/checkin-schedule";
const MINE: &str = "/api/v1/teams/core/checkins/me";

async fn notes(app: &TestApp, kind: &'static str) -> i64 {
    let sql = match kind {
        "checkin_prompt" => "SELECT COUNT(*) FROM notifications WHERE kind = 'checkin_prompt'",
        "checkin_reminder" => "SELECT COUNT(*) FROM notifications WHERE kind = 'checkin_reminder'",
        "blocker_opened" => "SELECT COUNT(*) FROM notifications WHERE kind = 'blocker_opened'",
        "blocker_resolved" => "SELECT COUNT(*) FROM notifications WHERE kind = 'blocker_resolved'",
        "blocker_escalated" => {
            "SELECT COUNT(*) FROM notifications WHERE kind = 'blocker_escalated'"
        }
        _ => unreachable!("{kind}"),
    };
    app.count(sql).await
}

both_databases!(
    a_check_in_is_prompted_in_each_zone_answered_with_a_blocker_and_unblocked_by_its_owner,
    |app: TestApp| async move {
        let t = team(&app).await;
        // Only the DRI (or an admin) sets the schedule.
        let (status, _) = app.api("PUT", SCHEDULE, Some(&t.ann), daily("09:00")).await;
        assert_eq!(status, 403);
        let (status, body) = app.api("PUT", SCHEDULE, Some(&t.mel), daily("09:00")).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["cadence"], "daily");
        // Saved Tuesday 10:00 UTC: ann's first check-in is Wednesday 09:00 in Kolkata.
        let (_, mine) = app.api("GET", MINE, Some(&t.ann), None).await;
        assert_eq!(mine["period"], Value::Null);
        assert_eq!(mine["next_opens"], "2026-03-11T03:30:00Z");
        let (status, body) = app
            .api("PUT", MINE, Some(&t.ann), Some(json!({"done": "x"})))
            .await;
        assert_eq!(status, 409, "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("opens Wed 11 Mar 09:00 (Kolkata time)")
        );

        app.set_clock("2026-03-11T03:30:00.734512Z");
        app.run_due_jobs().await;
        app.run_due_jobs().await;
        // ann's Wednesday prompt, and sam's Tuesday one: 09:00 in St John's came after the
        // schedule was saved, and that period is still open (late) until Wednesday's.
        assert_eq!(notes(&app, "checkin_prompt").await, 2);

        let answer = json!({
            "done": "Fixed the flaky test",
            "next": "Ship the importer",
            "blockers": [{"text": "Waiting for staging credentials", "owner": "sam"}],
            "help_needed": [{"to": "mel", "question": "Which region do we fail over to?"}],
            "period": "2026-03-11"
        });
        let (status, body) = app
            .api("PUT", MINE, Some(&t.ann), Some(answer.clone()))
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            (body["created"].as_bool(), body["late"].as_bool()),
            (Some(true), Some(false))
        );
        assert_eq!(
            (body["opened_blockers"].as_u64(), body["asked"].as_u64()),
            (Some(1), Some(1))
        );
        let blocker = body["checkin"]["blockers"][0]["id"].as_i64().unwrap();
        assert_eq!(notes(&app, "blocker_opened").await, 1);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM asks WHERE title = 'Which region do we fail over to?'")
                .await,
            1
        );
        // Sending the same answer again edits; nothing is opened or asked twice.
        let (_, again) = app.api("PUT", MINE, Some(&t.ann), Some(answer)).await;
        assert_eq!(
            (
                again["created"].as_bool(),
                again["opened_blockers"].as_u64(),
                again["asked"].as_u64()
            ),
            (Some(false), Some(0), Some(0))
        );

        // The team at a glance: ann answered and is blocked; the others have no period yet
        // or have not answered.
        let (status, glance) = app
            .api("GET", "/api/v1/teams/core/checkins", Some(&t.mel), None)
            .await;
        assert_eq!(status, 200, "{glance}");
        let ann_row = glance["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["handle"] == "ann")
            .unwrap();
        assert_eq!(
            (ann_row["status"].as_str(), ann_row["blocked"].as_bool()),
            (Some("answered"), Some(true))
        );
        assert_eq!(
            (glance["answered"].as_u64(), glance["blocked"].as_u64()),
            (Some(1), Some(1))
        );
        let (status, _) = app
            .api("GET", "/api/v1/teams/core/checkins", Some(&t.oli), None)
            .await;
        assert_eq!(status, 403, "only the team sees its check-ins");

        // mel's prompt is 09:00 Berlin (08:00 UTC); the reminder at 80 % of the day, 15:24.
        app.set_clock("2026-03-11T14:24:00.5Z");
        app.run_due_jobs().await;
        // sam's Tuesday reminder and mel's; ann answered before hers.
        assert_eq!(notes(&app, "checkin_reminder").await, 2);
        // After 17:00 in Berlin mel's answer is accepted and marked late.
        app.set_clock("2026-03-11T16:30:00.25Z");
        let (_, late) = app
            .api(
                "PUT",
                MINE,
                Some(&t.mel),
                Some(json!({"next": "Review the importer"})),
            )
            .await;
        assert_eq!(late["late"].as_bool(), Some(true), "{late}");
        // ann's period closed at her next prompt; the old form is refused, not refiled.
        app.set_clock("2026-03-12T03:30:00.1Z");
        let (status, closed) = app
            .api(
                "PUT",
                MINE,
                Some(&t.ann),
                Some(json!({"done": "More", "period": "2026-03-11"})),
            )
            .await;
        assert_eq!(status, 409, "{closed}");
        let (_, mine) = app.api("GET", MINE, Some(&t.ann), None).await;
        assert_eq!(mine["previous"]["next"], "Ship the importer");

        // The blocker: oli does not see it; sam, its owner, unblocks it once.
        let path = format!("/api/v1/blockers/{blocker}/resolve");
        let (status, _) = app
            .api(
                "POST",
                &path,
                Some(&t.oli),
                Some(json!({"state": "unblocked"})),
            )
            .await;
        assert_eq!(status, 404);
        let (status, done) = app
            .api(
                "POST",
                &path,
                Some(&t.sam),
                Some(json!({"state": "unblocked", "note": "Sent them"})),
            )
            .await;
        assert_eq!(status, 200, "{done}");
        assert_eq!(done["state"], "unblocked");
        // Opened Wed 09:00 Kolkata (05:30 St John's, before sam's day); resolved Thu 00:00
        // St John's: sam's whole Wednesday, 8 business hours.
        assert_eq!(done["business_hours"].as_f64(), Some(8.0));
        let (status, again) = app
            .api(
                "POST",
                &path,
                Some(&t.sam),
                Some(json!({"state": "wont_fix"})),
            )
            .await;
        assert_eq!(status, 409);
        assert!(
            again["error"]["message"]
                .as_str()
                .unwrap()
                .contains("only an open blocker can be unblocked or marked won't fix")
        );
        assert_eq!(
            notes(&app, "blocker_resolved").await,
            1,
            "ann hears it was unblocked"
        );
        app.stop().await;
    }
);

both_databases!(
    bad_check_in_input_is_a_422_that_says_why,
    |app: TestApp| async move {
        let t = team(&app).await;
        for (body, says) in [
            (
                json!({"cadence": "hourly", "at": "09:00"}),
                "unknown cadence",
            ),
            (json!({"cadence": "daily", "at": "25:00"}), "is not a time"),
            (
                json!({"cadence": "weekly", "weekday": "someday", "at": "09:00"}),
                "unknown weekday",
            ),
            (
                json!({"cadence": "daily", "at": "09:00", "escalate_after_hours": 0}),
                "business hours",
            ),
        ] {
            let (status, err) = app.api("PUT", SCHEDULE, Some(&t.mel), Some(body)).await;
            assert_eq!((status, code(&err)), (422, "invalid"), "{err}");
            assert!(
                err["error"]["message"].as_str().unwrap().contains(says),
                "{err}"
            );
        }
        app.api("PUT", SCHEDULE, Some(&t.mel), daily("09:00")).await;
        app.set_clock("2026-03-11T12:00:00.5Z");
        let long = "x".repeat(4001);
        for (body, says) in [
            (json!({"done": " ", "next": ""}), "the check-in is empty"),
            (json!({"done": long}), "at most 4000 characters"),
            (json!({"done": "a\u{0}b"}), "NUL"),
            (
                json!({"blockers": [{"text": "Stuck", "owner": "nobody-here"}]}),
                "nobody in the workspace has the handle @nobody-here",
            ),
            (
                json!({"blockers": [{"text": "Stuck", "owner": "mel"}]}),
                "someone else than yourself",
            ),
            (
                json!({"blockers": [{"text": "", "owner": "sam"}]}),
                "needs some text",
            ),
            (
                json!({"help_needed": [{"to": "ghost", "question": "Why?"}]}),
                "nobody in the workspace has the handle @ghost",
            ),
            (json!({"done": "x", "period": "yesterday"}), "is not a date"),
        ] {
            let (status, err) = app.api("PUT", MINE, Some(&t.mel), Some(body.clone())).await;
            assert_eq!((status, code(&err)), (422, "invalid"), "{body} → {err}");
            assert!(
                err["error"]["message"].as_str().unwrap().contains(says),
                "{err}"
            );
        }
        assert_eq!(
            app.count("SELECT COUNT(*) FROM checkins").await,
            0,
            "nothing half-written"
        );
        let (status, err) = app
            .api(
                "POST",
                "/api/v1/blockers/1/resolve",
                Some(&t.mel),
                Some(json!({"state": "reopen"})),
            )
            .await;
        assert_eq!((status, code(&err)), (422, "invalid"), "{err}");
        let (status, _) = app
            .api("GET", "/api/v1/blockers?state=stuck", Some(&t.mel), None)
            .await;
        assert_eq!(status, 422);
        app.stop().await;
    }
);

/// A second replica of the same workspace: its own store handle and fake clock.
async fn replica(app: &TestApp) -> App {
    let store = longhand_core::Store::connect(&app.database_url)
        .await
        .unwrap();
    App::new(store, Clock::fake(app.app.now()))
}

async fn both_run(a: &App, b: &App, at: &str) {
    for app in [a, b] {
        app.clock().set(at.parse().unwrap());
    }
    let (x, y) = tokio::join!(
        worker::run_due(a, "replica-a"),
        worker::run_due(b, "replica-b")
    );
    x.unwrap();
    y.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_prompt_remind_and_escalate_exactly_once() {
    let Some(app) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let t = team(&app).await;
    let charter = app
        .api("GET", "/api/v1/teams/core/charter", Some(&t.mel), None)
        .await
        .1;
    let mut charter = charter["charter"].clone();
    charter["escalation"] = json!(["mel", "oli"]);
    let (status, body) = app
        .api(
            "PUT",
            "/api/v1/teams/core/charter",
            Some(&t.mel),
            Some(charter),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let schedule = json!({"cadence": "daily", "at": "09:00", "escalate_after_hours": 2});
    app.api("PUT", SCHEDULE, Some(&t.mel), Some(schedule)).await;
    let other = replica(&app).await;
    // Wednesday: ann is prompted at 03:30 UTC, mel at 08:00, sam at 11:30.
    for at in [
        "2026-03-11T03:30:00.1Z",
        "2026-03-11T08:00:00.2Z",
        "2026-03-11T11:30:00.3Z",
    ] {
        both_run(&app.app, &other, at).await;
        both_run(&app.app, &other, at).await;
    }
    // Wednesday's three, and sam's Tuesday one (09:00 in St John's came after the schedule).
    assert_eq!(notes(&app, "checkin_prompt").await, 4);
    // ann answers at 12:00 UTC (09:30 in St John's) with a blocker sam owns. Her reminder
    // (15:24 Kolkata, 09:54 UTC) went out at the 11:30 run, before she answered.
    app.set_clock("2026-03-11T12:00:00.4Z");
    let answer = json!({"done": "x", "blockers": [{"text": "Need the key", "owner": "sam"}]});
    let (status, body) = app.api("PUT", MINE, Some(&t.ann), Some(answer)).await;
    assert_eq!(status, 200, "{body}");
    // Escalation after 2 of sam's business hours (11:30 NDT) to mel, after 4 (13:30) to oli;
    // reminders for mel (14:24 UTC) and sam (15:24 NDT, 17:54 UTC) in between.
    both_run(&app.app, &other, "2026-03-11T14:00:00.8Z").await;
    both_run(&app.app, &other, "2026-03-11T14:00:00.9Z").await;
    assert_eq!(notes(&app, "blocker_escalated").await, 1);
    both_run(&app.app, &other, "2026-03-11T14:24:00.5Z").await;
    both_run(&app.app, &other, "2026-03-11T16:00:01Z").await;
    both_run(&app.app, &other, "2026-03-11T16:00:02Z").await;
    assert_eq!(
        notes(&app, "blocker_escalated").await,
        2,
        "one step each, and no third"
    );
    both_run(&app.app, &other, "2026-03-11T17:54:00.6Z").await;
    both_run(&app.app, &other, "2026-03-11T17:54:00.7Z").await;
    // sam's Tuesday and Wednesday reminders, ann's and mel's.
    assert_eq!(notes(&app, "checkin_reminder").await, 4);
    // Thursday: everyone's next prompt, once each.
    for at in [
        "2026-03-12T03:30:00.1Z",
        "2026-03-12T08:00:00.2Z",
        "2026-03-12T11:30:00.3Z",
    ] {
        both_run(&app.app, &other, at).await;
    }
    assert_eq!(notes(&app, "checkin_prompt").await, 7);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prompt_a_few_seconds_away_arrives_through_the_real_worker_loop() {
    let app = TestApp::spawn_live(Db::Sqlite).await.unwrap();
    let mel = app.member_in("mel", Role::Member, "UTC").await;
    // Working every day, all day, so today is a working day whatever the date.
    let calendar = json!({"time_zone": "UTC", "working_hours": {"mon": ["00:00-23:59"], "tue": ["00:00-23:59"], "wed": ["00:00-23:59"], "thu": ["00:00-23:59"], "fri": ["00:00-23:59"], "sat": ["00:00-23:59"], "sun": ["00:00-23:59"]}});
    let token = app.token(&mel).await;
    let (status, body) = app
        .api(
            "PATCH",
            "/api/v1/me",
            Some(&token),
            Some(json!({"calendar": calendar})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    create_core(&app.app, &mel).await;
    // The next whole minute at least two seconds away.
    let now = app.app.now();
    let mut at = now.to_zoned(jiff::tz::TimeZone::UTC).datetime();
    at = at.with().second(0).subsec_nanosecond(0).build().unwrap()
        + jiff::SignedDuration::from_mins(1);
    let instant = at.to_zoned(jiff::tz::TimeZone::UTC).unwrap().timestamp();
    if instant.duration_since(now).as_secs() < 2 {
        at += jiff::SignedDuration::from_mins(1);
    }
    let hhmm = at.strftime("%H:%M").to_string();
    if hhmm == "23:59" || hhmm == "00:00" {
        return; // the working day ends at 23:59; not the minute to run this story
    }
    let (status, body) = app.api("PUT", SCHEDULE, Some(&token), daily(&hhmm)).await;
    assert_eq!(status, 200, "{body}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(150);
    loop {
        if notes(&app, "checkin_prompt").await == 1 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the prompt for {hhmm} never arrived"
        );
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    let (_, mine) = app.api("GET", MINE, Some(&token), None).await;
    assert_eq!(mine["period"]["standing"], "on_time", "{mine}");
    app.stop().await;
}

both_databases!(
    longhand_checkin_records_a_check_in_and_explains_a_refusal,
    |app: TestApp| async move {
        let t = team(&app).await;
        app.api("PUT", SCHEDULE, Some(&t.mel), daily("09:00")).await;
        app.set_clock("2026-03-11T05:00:00.5Z");
        let url = app.url.clone();
        let run = |args: Vec<String>| {
            let url = url.clone();
            let token = t.ann.clone();
            async move {
                tokio::task::spawn_blocking(move || {
                    std::process::Command::new(env!("CARGO_BIN_EXE_longhand"))
                        .arg("checkin")
                        .args(args)
                        .env("LONGHAND_SERVER", url)
                        .env("LONGHAND_TOKEN", token)
                        .output()
                        .unwrap()
                })
                .await
                .unwrap()
            }
        };
        let out = run(vec![
            "--done".into(),
            "Wrote the parser".into(),
            "--blocker".into(),
            "Waiting for review @sam".into(),
            "--help-needed".into(),
            "@mel Which region?".into(),
        ])
        .await;
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("Checked in for Core (2026-03-11)"),
            "{stdout}"
        );
        assert!(
            stdout.contains("blocker #1: Waiting for review (@sam, open)"),
            "{stdout}"
        );
        assert!(
            stdout.contains("help needed, ask #1: @mel — Which region?"),
            "{stdout}"
        );
        let out = run(vec![
            "--team".into(),
            "core".into(),
            "--next".into(),
            "More".into(),
            "--format".into(),
            "json".into(),
        ])
        .await;
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["created"], false);
        let out = run(vec!["--blocker".into(), "Stuck @ghost".into()]).await;
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("nobody in the workspace has the handle @ghost (HTTP 422)"),
            "{stderr}"
        );
        let out = run(vec!["--blocker".into(), "no owner".into()]).await;
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("must end with the @handle"));
        app.stop().await;
    }
);
