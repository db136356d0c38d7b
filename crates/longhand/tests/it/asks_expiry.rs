//! Asks with a "needed by": validation, expiry exactly once (also with two replicas), and the
//! reminder and escalation of an expired ask doing nothing. The fake clock starts on Tuesday
//! 10 March 2026, 10:00 UTC; everyone works 09:00–17:00 Berlin (08:00–16:00 UTC).

use crate::both_databases;
use crate::helpers::{Db, TestApp, code};
use longhand_core::ops;
use longhand_domain::workspace::Role;
use serde_json::{Value, json};

fn ask(to: &str, title: &str, needed_by: &str) -> Value {
    json!({"to": to, "kind": "review", "urgency": "urgent", "title": title, "needed_by": needed_by})
}

both_databases!(
    an_ask_expires_once_at_its_needed_by_and_its_reminder_does_nothing,
    |app: TestApp| async move {
        let admin = app.member("root", Role::Admin).await;
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;

        // Urgent (4h) from 10:00 UTC: reminder 13:00, due 14:00. Ana needs it by 12:30 —
        // sooner than the target, which is allowed and flagged.
        let sign_off = ask(
            "ben",
            "Sign off the incident summary",
            "2026-03-10T13:30:00+01:00",
        );
        let (status, created) = ana.post("/api/v1/asks", sign_off).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(
            (
                created["needed_by"].as_str(),
                created["due_at"].as_str(),
                created["needed_sooner_than_due"].as_bool()
            ),
            (
                Some("2026-03-10T12:30:00Z"),
                Some("2026-03-10T14:00:00Z"),
                Some(true)
            )
        );
        assert_eq!(
            created["needed_by_local"]["asker_local"],
            "2026-03-10T13:30:00+01:00"
        );
        let id = created["id"].as_i64().unwrap();
        let (_, inbox) = ben.get("/api/v1/inbox").await;
        assert_eq!(
            inbox["waiting_on_me"][0]["needed_by"],
            "2026-03-10T12:30:00Z"
        );

        app.set_clock("2026-03-10T12:29:59Z");
        assert_eq!(app.run_due_jobs().await, 0);
        app.set_clock("2026-03-10T12:30:00Z");
        assert_eq!(app.run_due_jobs().await, 1);
        assert_eq!(app.run_due_jobs().await, 0, "once");
        let (_, seen) = ana.get(&format!("/api/v1/asks/{id}")).await;
        assert_eq!(
            (
                seen["state"].as_str(),
                seen["clock"].as_str(),
                seen["responded_at"].as_str()
            ),
            (Some("expired"), None, Some("2026-03-10T12:30:00Z"))
        );
        assert_eq!(ana.notification_kinds().await, ["ask.expired"]);
        assert_eq!(
            ben.notification_kinds().await,
            ["ask.expired", "ask.received"]
        );
        assert_eq!(app.events_of(&admin, "ask.expired").await.len(), 1);

        // The reminder (13:00) and the escalation (14:00) come due and change nothing.
        app.set_clock("2026-03-10T14:00:01Z");
        assert_eq!(app.run_due_jobs().await, 2);
        assert_eq!(
            ben.notification_kinds().await,
            ["ask.expired", "ask.received"]
        );
        assert_eq!(ana.notification_kinds().await, ["ask.expired"]);
        assert_eq!(app.events_of(&admin, "ask.breached").await.len(), 0);
        let (status, body) = ben
            .post(
                &format!("/api/v1/asks/{id}/respond"),
                json!({"response": "approve"}),
            )
            .await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        app.stop().await;
    }
);

both_databases!(
    an_ask_answered_before_its_needed_by_never_expires,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let region = ask("ben", "Pick a region", "2026-03-11T17:00:00Z");
        let (_, created) = ana.post("/api/v1/asks", region).await;
        assert_eq!(created["needed_sooner_than_due"], false);
        let path = format!("/api/v1/asks/{}", created["id"]);
        let answer = json!({"response": "comment", "comment": "eu-central"});
        ben.post(&format!("{path}/respond"), answer).await;
        app.set_clock("2026-03-12T00:00:00Z");
        app.run_due_jobs().await;
        let (_, seen) = ana.get(&path).await;
        assert_eq!(seen["state"], "answered");
        assert_eq!(ana.notification_kinds().await, ["ask.closed"]);
        assert_eq!(app.pending_jobs().await, 0);
        app.stop().await;
    }
);

both_databases!(
    needed_by_must_be_a_future_rfc3339_instant,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        app.member("ben", Role::Member).await;
        let cases = [
            (json!("2026-03-10T09:59:59Z"), "must be later than now"),
            (json!("2026-03-10T11:00:00+01:00"), "must be later than now"),
            (json!("tomorrow"), "not an RFC 3339 instant"),
            (json!("2026-03-12"), "not an RFC 3339 instant"),
            (json!("2026-03-12T17:00:00"), "not an RFC 3339 instant"),
            (json!(""), "not an RFC 3339 instant"),
        ];
        for (needed_by, message) in cases {
            let mut body = ask("ben", "x", "");
            body["needed_by"] = needed_by.clone();
            let (status, answer) = ana.post("/api/v1/asks", body).await;
            assert_eq!((status, code(&answer)), (422, "invalid"), "{needed_by}");
            assert!(
                answer["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains(message),
                "{needed_by} → {answer}"
            );
        }
        let fyi = json!({"to": "ben", "kind": "fyi", "urgency": "normal", "title": "x", "needed_by": "2026-03-12T17:00:00Z"});
        let (status, answer) = ana.post("/api/v1/asks", fyi).await;
        assert_eq!(status, 422, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("FYI"));
        let mut wrong_type = ask("ben", "x", "");
        wrong_type["needed_by"] = json!(1773000000);
        let (status, answer) = ana.post("/api/v1/asks", wrong_type).await;
        assert_eq!(status, 422, "{answer}");
        assert_eq!(app.pending_jobs().await, 0, "nothing queued");

        let (_, doc) = app.api("GET", "/api/openapi.json", None, None).await;
        for pointer in [
            "/components/schemas/NewAskDto/properties/needed_by",
            "/components/schemas/AskDto/properties/needed_by",
            "/components/schemas/AskDto/properties/responder_away",
            "/components/schemas/AskDto/properties/suggested_reassign",
            "/components/schemas/AwayDto",
            "/components/schemas/RoutedDto",
        ] {
            assert!(doc.pointer(pointer).is_some(), "{pointer} is documented");
        }
        app.stop().await;
    }
);

/// Two replicas on one PostgreSQL drain the expiry jobs at once: each ask expires once, each
/// party hears once, and the event chain does not fork.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_replicas_expire_each_ask_exactly_once() {
    let Some(app) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let admin = app.member("root", Role::Admin).await;
    let ana = app.signed_in("ana", Role::Member).await;
    let ben = app.member("ben", Role::Member).await;
    for i in 0..20 {
        let body = ask("ben", &format!("Ask {i}"), "2026-03-10T12:00:00Z");
        let (status, _) = ana.post("/api/v1/asks", body).await;
        assert_eq!(status, 201);
    }
    // 12:30: every expiry is due, no reminder (13:00) yet.
    let later = "2026-03-10T12:30:00Z".parse().unwrap();
    let (ran_a, ran_b) = app.drain_on_two_replicas(later).await;
    assert_eq!(
        ran_a + ran_b,
        20,
        "each expiry claimed once ({ran_a} + {ran_b})"
    );
    for who in [&ana.actor, &ben] {
        let (items, _) = ops::notifications::list(&app.app, who).await.unwrap();
        assert_eq!(items.iter().filter(|n| n.kind == "ask.expired").count(), 20);
    }
    assert_eq!(app.events_of(&admin, "ask.expired").await.len(), 20);
    assert!(ops::workspace::verify(&app.app).await.unwrap().is_ok());
    app.stop().await;
}
