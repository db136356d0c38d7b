//! The job queue's stories on both databases: instants at the clock's full precision still
//! trigger their jobs (asks, needed-by, meeting gate); a dead replica's job resumes after the
//! short lease while a live one keeps its claim by heartbeat; a job that keeps failing ends
//! dead and shows in `/readyz`; and, on the system clock with the server's own worker loop, a
//! one-minute target reminds and breaches.

use crate::both_databases;
use crate::helpers::{START, TestApp, code};
use crate::stories::Caller;
use jiff::{SignedDuration, Timestamp};
use longhand_core::ops::{App, OpError};
use longhand_core::worker;
use longhand_domain::workspace::Role;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn count(kinds: &[String], kind: &str) -> usize {
    kinds.iter().filter(|k| *k == kind).count()
}

/// A team `core` led by `lead`, with `ben`, whose charter has a `fast` level measured on the
/// clock with `target`, reminding at `reminder_point` and escalating to the lead.
async fn fast_team(lead: &Caller<'_>, target: &str, reminder_point: f64) {
    lead.team("Core", &["ben"]).await;
    let charter = json!({"levels": [{"key": "fast", "name": "Fast", "target": target, "measure": "clock", "counts_as_urgent": true}],
        "urgent_budget": 1.0, "reminder_point": reminder_point, "escalation": ["lead"]});
    let (status, body) = lead.put("/api/v1/teams/core/charter", charter).await;
    assert_eq!(status, 200, "{body}");
}

both_databases!(
    an_ask_created_at_a_sub_microsecond_instant_is_reminded_and_escalated,
    |app: TestApp| async move {
        let root = app.member("root", Role::Admin).await;
        let lead = app.signed_in("lead", Role::Member).await;
        let ana = app.signed_in("ana", Role::Member).await;
        app.member("ben", Role::Member).await;
        fast_team(&lead, "2m", 0.5).await;
        let body = json!({"to": "team:core", "kind": "answer", "urgency": "fast", "title": "Is prod down?"});
        let (status, ask) = ana.post("/api/v1/asks", body).await;
        assert_eq!(status, 201, "{ask}");
        assert_eq!(
            ask["created_at"], START,
            "the clock's nanoseconds are dropped"
        );
        assert_eq!(
            (ask["remind_at"].as_str(), ask["due_at"].as_str()),
            (
                Some("2026-03-10T10:01:00.123456Z"),
                Some("2026-03-10T10:02:00.123456Z")
            )
        );

        // One odd step at a time, as a real clock moves: 59.999999 s is not yet the reminder.
        app.clock_forward(SignedDuration::new(59, 999_999_000));
        assert_eq!(app.run_due_jobs().await, 0);
        app.clock_forward(SignedDuration::from_micros(1));
        assert_eq!(app.run_due_jobs().await, 1);
        assert_eq!(count(&lead.notification_kinds().await, "ask.reminder"), 1);

        app.clock_forward(SignedDuration::new(61, 7_654_321));
        assert_eq!(app.run_due_jobs().await, 1);
        for caller in [&lead, &ana] {
            assert_eq!(count(&caller.notification_kinds().await, "ask.breached"), 1);
        }
        assert_eq!(app.events_of(&root, "ask.breached").await.len(), 1);
        assert_eq!(app.pending_jobs().await, 0);
        app.stop().await;
    }
);

both_databases!(
    a_needed_by_with_nanoseconds_still_expires,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let body = json!({"to": "ben", "kind": "review", "urgency": "normal", "title": "Sign off",
            "needed_by": "2026-03-10T12:00:00.987654321Z"});
        let (status, ask) = ana.post("/api/v1/asks", body).await;
        assert_eq!(status, 201, "{ask}");
        assert_eq!(ask["needed_by"], "2026-03-10T12:00:00.987654Z");
        app.set_clock("2026-03-10T12:00:00.987654999Z");
        assert_eq!(app.run_due_jobs().await, 1);
        let path = format!("/api/v1/asks/{}", ask["id"]);
        let (_, seen) = ana.get(&path).await;
        assert_eq!(seen["state"], "expired", "{seen}");
        assert_eq!(count(&ben.notification_kinds().await, "ask.expired"), 1);
        app.stop().await;
    }
);

both_databases!(
    a_meeting_starting_at_a_sub_microsecond_instant_is_flagged_at_its_cutoff,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        app.member("bo", Role::Member).await;
        let space = json!({"name": "Design", "purpose": "design"});
        let (status, body) = ana.post("/api/v1/spaces", space).await;
        assert_eq!(status, 201, "{body}");
        let meeting = json!({"title": "Storage go/no-go", "space": "design", "minutes": 25,
            "start": "2026-03-12T10:00:00.000000999Z", "invited": ["bo"]});
        let (status, created) = ana.post("/api/v1/planned-meetings", meeting).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["start"], "2026-03-12T10:00:00Z");
        app.set_clock("2026-03-11T10:00:00.000000500Z");
        assert_eq!(app.run_due_jobs().await, 1);
        assert_eq!(
            ana.notification_kinds().await,
            ["meeting.flagged"],
            "the flag job found its meeting where it left it"
        );
        app.stop().await;
    }
);

/// A feed server whose first request never gets an answer (the replica fetching it will die
/// waiting) and whose later requests get a small calendar. `first` fires on the first request.
async fn stalling_feed() -> (String, Arc<AtomicUsize>, Arc<tokio::sync::Notify>) {
    const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:one@example.org\r\nSUMMARY:Sync\r\nDTSTART:20260302T090000Z\r\nDURATION:PT30M\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let hits = Arc::new(AtomicUsize::new(0));
    let first = Arc::new(tokio::sync::Notify::new());
    let (counter, notify) = (hits.clone(), first.clone());
    let route = axum::routing::get(move || {
        let (counter, notify) = (counter.clone(), notify.clone());
        async move {
            if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                notify.notify_one();
                std::future::pending::<()>().await;
            }
            CALENDAR.to_owned()
        }
    });
    let router = axum::Router::new().route("/ana.ics", route);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/ana.ics", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, hits, first)
}

/// The lease of the one job in the queue, in microseconds.
async fn locked_until(database_url: &str) -> i64 {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(database_url)
        .await
        .unwrap();
    // The members' digest chains wait in the queue too; they are not the job under test.
    let row = sqlx::query(
        "SELECT locked_until FROM jobs WHERE done_at IS NULL AND kind <> 'send_digest'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    sqlx::Row::try_get::<i64, _>(&row, 0).unwrap()
}

/// Polls until the lease moves past `beyond`; a heartbeat comes every three seconds.
async fn wait_for_renewal(database_url: &str, beyond: Timestamp) {
    for _ in 0..200 {
        if locked_until(database_url).await > beyond.as_microsecond() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the running job's lease was never renewed");
}

/// Replica A, a second app on the same database, claims the queued poll of `ana`'s feed at
/// `url` and hangs fetching it (the feed holds its first request; `first` fires when it
/// arrives): replica A, the instant it claimed at, and its run, to abort when A dies.
async fn replica_a_fetching(
    ana: &Caller<'_>,
    url: &str,
    first: &tokio::sync::Notify,
) -> (
    App,
    Timestamp,
    tokio::task::JoinHandle<Result<bool, OpError>>,
) {
    let (status, feed) = ana
        .put("/api/v1/me/calendar-feed", json!({"url": url}))
        .await;
    assert_eq!(status, 200, "{feed}");
    let replica = ana.app().replica().await;
    let t0 = replica.now();
    let a = replica.clone();
    let dying = tokio::spawn(async move { worker::run_one(&a, "replica-a").await });
    tokio::time::timeout(Duration::from_secs(10), first.notified())
        .await
        .expect("replica A claimed the poll and is fetching");
    (replica, t0, dying)
}

both_databases!(
    a_dead_replicas_job_resumes_after_the_short_lease_and_a_live_one_keeps_its_claim,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Admin).await;
        let (url, hits, first) = stalling_feed().await;
        let (replica, t0, dying) = replica_a_fetching(&ana, &url, &first).await;

        // Alive, A renews its lease from its own clock: nine seconds on, the lease reaches
        // past the ten it began with, and B, twelve seconds on, finds nothing to claim.
        replica.clock().set(t0 + SignedDuration::from_secs(9));
        wait_for_renewal(&app.database_url, t0 + SignedDuration::from_secs(10)).await;
        app.app.clock().set(t0 + SignedDuration::from_secs(12));
        assert!(!worker::run_one(&app.app, "replica-b").await.unwrap());

        // A dies; its lease (renewed at 9 s, so until 19 s) runs out and B takes the job.
        dying.abort();
        let renewed_to = t0 + SignedDuration::from_secs(19);
        app.app.clock().set(renewed_to);
        assert!(!worker::run_one(&app.app, "replica-b").await.unwrap());
        app.app
            .clock()
            .set(renewed_to + SignedDuration::from_nanos(1_500));
        assert!(worker::run_one(&app.app, "replica-b").await.unwrap());
        let (_, feed) = ana.get("/api/v1/me/calendar-feed").await;
        assert_eq!(feed["status"], "ok", "{feed}");
        assert_eq!(hits.load(Ordering::SeqCst), 2);
        app.stop().await;
    }
);

both_databases!(
    a_lease_runs_out_ten_seconds_after_a_claim_when_nobody_renews_it,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Admin).await;
        let (url, _hits, first) = stalling_feed().await;
        let (_replica, t0, dying) = replica_a_fetching(&ana, &url, &first).await;
        dying.abort();
        app.app.clock().set(t0 + SignedDuration::from_secs(10));
        assert!(!worker::run_one(&app.app, "replica-b").await.unwrap());
        app.app
            .clock()
            .set(t0 + SignedDuration::from_secs(10) + SignedDuration::from_micros(1));
        assert!(
            worker::run_one(&app.app, "replica-b").await.unwrap(),
            "a dead replica's job resumes within seconds, not a minute"
        );
        app.stop().await;
    }
);

both_databases!(
    a_job_that_keeps_failing_ends_dead_and_is_shown_to_operators,
    |app: TestApp| async move {
        app.queue_unreadable_job().await;
        for attempt in 1..worker::MAX_ATTEMPTS {
            assert_eq!(app.run_due_jobs().await, 1, "attempt {attempt}");
            assert_eq!(app.run_due_jobs().await, 0, "backing off");
            assert_eq!(app.pending_jobs().await, 1);
            app.clock_forward_minutes(61);
        }
        let (_, ready) = app.api("GET", "/readyz", None, None).await;
        assert_eq!(ready["dead_jobs"], 0, "{ready}");

        assert_eq!(app.run_due_jobs().await, 1);
        assert_eq!(app.pending_jobs().await, 0, "not retried any more");
        app.clock_forward_minutes(24 * 60);
        assert_eq!(app.run_due_jobs().await, 0);
        let (status, ready) = app.api("GET", "/readyz", None, None).await;
        assert_eq!(
            (status, ready["dead_jobs"].as_i64()),
            (200, Some(1)),
            "{ready}"
        );
        let dead = worker::dead(&app.app, 10).await.unwrap();
        assert_eq!(dead.len(), 1);
        assert_eq!(
            (dead[0].kind.as_str(), dead[0].attempts),
            ("remind_ask", worker::MAX_ATTEMPTS)
        );
        let error = dead[0].last_error.clone().unwrap_or_default();
        assert!(error.contains("unreadable job"), "{error}");
        app.stop().await;
    }
);

/// Polls the API until `done` holds for a member's notifications, for at most `limit`.
async fn wait_for(who: &Caller<'_>, limit: Duration, done: impl Fn(&[String]) -> bool) {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let seen = who.notification_kinds().await;
        if done(&seen) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "gave up waiting; notifications: {seen:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// The whole chain on the system clock, as `longhand serve` runs it: the server's worker
/// loop, instants with the clock's own nanoseconds, a one-minute target (the shortest a
/// charter takes) with its reminder at a tenth of it.
async fn live_clock_story(app: TestApp) {
    let root = app.member("root", Role::Admin).await;
    let lead = app.signed_in("lead", Role::Member).await;
    let ana = app.signed_in("ana", Role::Member).await;
    app.member("ben", Role::Member).await;
    fast_team(&lead, "1m", 0.1).await;
    let body =
        json!({"to": "team:core", "kind": "answer", "urgency": "fast", "title": "Is prod down?"});
    let (status, ask) = ana.post("/api/v1/asks", body).await;
    assert_eq!(status, 201, "{ask}");

    let reminded = |k: &[String]| count(k, "ask.reminder") == 1;
    wait_for(&lead, Duration::from_secs(40), reminded).await;
    let breached = |k: &[String]| count(k, "ask.breached") == 1;
    wait_for(&lead, Duration::from_secs(90), breached).await;
    wait_for(&ana, Duration::from_secs(10), breached).await;
    let breaches = app.events_of(&root, "ask.breached").await;
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0]["due_at"], ask["due_at"]);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_minute_target_reminds_and_breaches_on_the_live_clock_sqlite() {
    let app = TestApp::spawn_live(crate::helpers::Db::Sqlite)
        .await
        .unwrap();
    live_clock_story(app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_minute_target_reminds_and_breaches_on_the_live_clock_postgres() {
    if let Some(app) = TestApp::spawn_live(crate::helpers::Db::Postgres).await {
        live_clock_story(app).await;
    }
}

both_databases!(
    a_charter_target_finer_than_a_minute_is_refused_not_rounded,
    |app: TestApp| async move {
        let lead = app.signed_in("lead", Role::Member).await;
        let ana = app.signed_in("ana", Role::Member).await;
        app.member("ben", Role::Member).await;
        fast_team(&lead, "1m", 0.75).await;
        for target in ["20s", "90s", "1m30s", "PT0.5S"] {
            let charter = json!({"levels": [{"key": "fast", "name": "Fast", "target": target, "measure": "clock"}],
                "urgent_budget": 1.0, "reminder_point": 0.75});
            let (status, body) = lead.put("/api/v1/teams/core/charter", charter).await;
            assert_eq!((status, code(&body)), (422, "invalid"), "{target}: {body}");
            let message = body["error"]["message"].as_str().unwrap_or_default();
            assert!(message.contains("whole minutes"), "{target}: {message}");
        }
        let (_, current) = lead.get("/api/v1/teams/core/charter").await;
        assert_eq!(current["charter"]["levels"][0]["target"], "1m", "{current}");
        let body =
            json!({"to": "team:core", "kind": "answer", "urgency": "fast", "title": "Still fine?"});
        let (status, ask) = ana.post("/api/v1/asks", body).await;
        assert_eq!(status, 201, "asks to the team still work: {ask}");
        app.stop().await;
    }
);

both_databases!(
    handing_an_ask_back_notifies_the_first_responder_again,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        app.member("chloe", Role::Member).await;
        let body =
            json!({"to": "ben", "kind": "review", "urgency": "normal", "title": "Check the plan"});
        let (status, ask) = ana.post("/api/v1/asks", body).await;
        assert_eq!(status, 201, "{ask}");
        let path = format!("/api/v1/asks/{}/reassign", ask["id"]);
        for to in ["chloe", "ben"] {
            let (status, moved) = ana.post(&path, json!({"to": to})).await;
            assert_eq!(status, 200, "{moved}");
        }
        let notifications = ben.notifications().await;
        let titles: Vec<&str> = notifications
            .iter()
            .filter(|n| n["kind"] == "ask.received")
            .map(|n| n["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles.len(), 2, "asked, then handed back: {titles:?}");
        assert!(titles[0].contains("handed you"), "{titles:?}");
        app.stop().await;
    }
);

both_databases!(
    the_away_notice_follows_a_responder_who_changes_zone,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        // Due Wednesday 11 March, 10:00 UTC (one business day in Berlin).
        let body = json!({"to": "ben", "kind": "review", "urgency": "normal", "title": "Tomorrow's review"});
        let (status, ask) = ana.post("/api/v1/asks", body).await;
        assert_eq!(status, 201, "{ask}");
        // Ben books Wednesday and Thursday off in Berlin (from 23:00 UTC), then moves to New
        // York: the same days now begin at 04:00 UTC.
        let off = json!([{"start": "2026-03-11", "end": "2026-03-12"}]);
        ben.office_hours("Europe/Berlin", off.clone()).await;
        ben.office_hours("America/New_York", off).await;
        let away = |kinds: Vec<String>| count(&kinds, "ask.responder_away");

        app.set_clock("2026-03-10T23:00:00.000000001Z");
        app.run_due_jobs().await;
        assert_eq!(
            away(ana.notification_kinds().await),
            0,
            "not away yet in New York"
        );
        app.set_clock("2026-03-11T04:00:00.000000001Z");
        app.run_due_jobs().await;
        assert_eq!(away(ana.notification_kinds().await), 1);
        app.set_clock("2026-03-11T12:00:00Z");
        app.run_due_jobs().await;
        assert_eq!(away(ana.notification_kinds().await), 1, "once");
        app.stop().await;
    }
);

both_databases!(
    a_job_whose_every_worker_died_is_given_up_on_not_run_again,
    |app: TestApp| async move {
        // As if MAX_ATTEMPTS replicas had claimed it and died mid-run, one after another.
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&app.database_url)
            .await
            .unwrap();
        let payload =
            r#"{"kind":"poll_calendar_feed","member_id":1,"run_at":"2026-03-10T10:00:00Z"}"#;
        sqlx::query("INSERT INTO jobs (kind, payload, run_at, dedupe_key, created_at, attempts) VALUES ('poll_calendar_feed', $1, $2, 'crashy:1', $2, $3)")
            .bind(payload)
            .bind(app.app.now().as_microsecond())
            .bind(worker::MAX_ATTEMPTS)
            .execute(&mut conn)
            .await
            .unwrap();
        assert_eq!(app.run_due_jobs().await, 1);
        assert_eq!(app.pending_jobs().await, 0);
        let dead = worker::dead(&app.app, 10).await.unwrap();
        assert_eq!(dead.len(), 1);
        let error = dead[0].last_error.clone().unwrap_or_default();
        assert!(error.contains("worker gone"), "{error}");
        app.stop().await;
    }
);
