//! Asks through the API and the job queue, on SQLite and PostgreSQL. The fake clock starts on
//! Tuesday 10 March 2026, 10:00 UTC.

use crate::both_databases;
use crate::helpers::{Db, START, TestApp, code, start_instant};
use longhand_core::Store;
use longhand_core::clock::Clock;
use longhand_core::ops::{self, App};
use longhand_core::worker;
use longhand_domain::workspace::Role;
use serde_json::{Value, json};

async fn notifications(app: &TestApp, token: &str) -> Vec<Value> {
    let (status, body) = app
        .api("GET", "/api/v1/notifications", Some(token), None)
        .await;
    assert_eq!(status, 200);
    body["items"].as_array().unwrap().clone()
}

fn kinds(items: &[Value]) -> Vec<&str> {
    items.iter().map(|n| n["kind"].as_str().unwrap()).collect()
}

both_databases!(
    an_ask_is_due_in_the_responders_business_time_and_answering_stops_the_clock,
    |app: TestApp| async move {
        // Ana works in Berlin; Dev in Kolkata, 10:00–13:00 and 14:00–19:00 IST.
        let ana = app.member("ana", Role::Member).await;
        let dev = app.member_in("dev", Role::Member, "Asia/Kolkata").await;
        let calendar = json!({"time_zone": "Asia/Kolkata", "working_hours": {"mon": ["10:00-13:00", "14:00-19:00"], "tue": ["10:00-13:00", "14:00-19:00"], "wed": ["10:00-13:00", "14:00-19:00"], "thu": ["10:00-13:00", "14:00-19:00"], "fri": ["10:00-13:00", "14:00-19:00"]}});
        let (ana_token, dev_token) = (app.token(&ana).await, app.token(&dev).await);
        app.api(
            "PATCH",
            "/api/v1/me",
            Some(&dev_token),
            Some(json!({"calendar": calendar})),
        )
        .await;

        // 10:00 UTC = 15:30 IST Tuesday. Urgent = 4 business hours: 3.5h on Tuesday (to 19:00),
        // then 0.5h on Wednesday from 10:00 → Wednesday 10:30 IST = 05:00 UTC.
        let ask = json!({"to": "dev", "kind": "review", "urgency": "urgent", "title": "Review the retry RFC"});
        let (status, created) = app
            .api("POST", "/api/v1/asks", Some(&ana_token), Some(ask))
            .await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["due_at"], "2026-03-11T05:00:00Z");
        assert_eq!(
            created["due"]["responder_local"],
            "2026-03-11T10:30:00+05:30"
        );
        assert_eq!(created["due"]["asker_local"], "2026-03-11T06:00:00+01:00");
        assert_eq!(created["clock"], "on_track");
        assert_eq!(created["remaining_business_seconds"], 4 * 3600);
        assert_eq!(created["target"], "4 business hours");
        let id = created["id"].as_i64().unwrap();

        let (_, inbox) = app
            .api("GET", "/api/v1/inbox", Some(&dev_token), None)
            .await;
        assert_eq!(inbox["waiting_on_me"][0]["id"], id);
        let (_, inbox) = app
            .api("GET", "/api/v1/inbox", Some(&ana_token), None)
            .await;
        assert_eq!(inbox["waiting_on_others"][0]["id"], id);
        assert_eq!(
            kinds(&notifications(&app, &dev_token).await),
            ["ask.received"]
        );

        let (status, body) = app
            .api(
                "POST",
                &format!("/api/v1/asks/{id}/respond"),
                Some(&ana_token),
                Some(json!({"response": "approve"})),
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (403, "forbidden"),
            "only the responder answers"
        );
        let (status, body) = app
            .api(
                "POST",
                &format!("/api/v1/asks/{id}/respond"),
                Some(&dev_token),
                Some(json!({"response": "object"})),
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (422, "invalid"),
            "an objection needs a reason"
        );
        let (status, answered) = app
            .api(
                "POST",
                &format!("/api/v1/asks/{id}/respond"),
                Some(&dev_token),
                Some(json!({"response": "approve", "comment": "LGTM"})),
            )
            .await;
        assert_eq!(status, 200, "{answered}");
        assert_eq!(
            (answered["state"].as_str(), answered["clock"].as_str()),
            (Some("answered"), None)
        );
        assert_eq!(answered["responded_at"], START);
        let (status, body) = app
            .api(
                "POST",
                &format!("/api/v1/asks/{id}/respond"),
                Some(&dev_token),
                Some(json!({"response": "approve"})),
            )
            .await;
        assert_eq!((status, code(&body)), (409, "conflict"));
        assert_eq!(
            kinds(&notifications(&app, &ana_token).await),
            ["ask.closed"]
        );
        let (_, inbox) = app
            .api("GET", "/api/v1/inbox", Some(&dev_token), None)
            .await;
        assert!(inbox["waiting_on_me"].as_array().unwrap().is_empty());
        assert_eq!(inbox["recently_closed"][0]["id"], id);
        app.stop().await;
    }
);

both_databases!(
    reminders_and_escalations_fire_once_at_their_time,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Member).await;
        let ben = app.member("ben", Role::Member).await;
        let lead = app.member("lead", Role::Member).await;
        let (ana_token, ben_token, lead_token) = (
            app.token(&ana).await,
            app.token(&ben).await,
            app.token(&lead).await,
        );
        app.api(
            "POST",
            "/api/v1/teams",
            Some(&lead_token),
            Some(json!({"name": "Core", "dri": "lead"})),
        )
        .await;
        app.api(
            "PUT",
            "/api/v1/teams/core/members/ben",
            Some(&lead_token),
            None,
        )
        .await;
        let mut charter = app
            .api("GET", "/api/v1/teams/core/charter", Some(&lead_token), None)
            .await
            .1["charter"]
            .clone();
        charter["escalation"] = json!(["lead"]);
        let (status, saved) = app
            .api(
                "PUT",
                "/api/v1/teams/core/charter",
                Some(&lead_token),
                Some(charter),
            )
            .await;
        assert_eq!((status, saved["version"].as_i64()), (200, Some(1)));

        // Ben works 09:00–17:00 Berlin (08:00–16:00 UTC in March). Asked at 10:00 UTC Tuesday,
        // urgent (4h): due 14:00 UTC; reminder at 75% = 3h → 13:00 UTC.
        let (_, created) = app.api("POST", "/api/v1/asks", Some(&ana_token), Some(json!({"to": "ben", "kind": "answer", "urgency": "urgent", "title": "Which region?"}))).await;
        assert_eq!(
            (created["remind_at"].as_str(), created["due_at"].as_str()),
            (Some("2026-03-10T13:00:00Z"), Some("2026-03-10T14:00:00Z"))
        );
        assert_eq!(
            worker::run_due(&app.app, "w1").await.unwrap(),
            0,
            "nothing is due yet"
        );

        app.app.clock().set("2026-03-10T13:00:00Z".parse().unwrap());
        assert_eq!(worker::run_due(&app.app, "w1").await.unwrap(), 1);
        assert_eq!(
            worker::run_due(&app.app, "w1").await.unwrap(),
            0,
            "a job runs once"
        );
        assert_eq!(
            kinds(&notifications(&app, &ben_token).await),
            ["ask.reminder", "ask.received"]
        );
        let (_, seen) = app
            .api(
                "GET",
                &format!("/api/v1/asks/{}", created["id"]),
                Some(&ana_token),
                None,
            )
            .await;
        assert_eq!(seen["clock"], "at_risk");

        app.app.clock().set("2026-03-10T14:00:01Z".parse().unwrap());
        assert_eq!(worker::run_due(&app.app, "w1").await.unwrap(), 1);
        for token in [&ben_token, &ana_token, &lead_token] {
            let items = notifications(&app, token).await;
            assert_eq!(
                items.iter().filter(|n| n["kind"] == "ask.breached").count(),
                1,
                "{items:?}"
            );
        }
        let (_, seen) = app
            .api(
                "GET",
                &format!("/api/v1/asks/{}", created["id"]),
                Some(&ana_token),
                None,
            )
            .await;
        assert_eq!(
            (
                seen["clock"].as_str(),
                seen["remaining_business_seconds"].as_i64()
            ),
            (Some("breached"), Some(-1))
        );
        assert_eq!(worker::pending(&app.app).await.unwrap(), 0);
        app.stop().await;
    }
);

both_databases!(
    reassigning_measures_the_target_in_the_new_responders_calendar,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Member).await;
        app.member("ben", Role::Member).await;
        let ny = app
            .member_in("nyla", Role::Member, "America/New_York")
            .await;
        let ana_token = app.token(&ana).await;
        let (_, created) = app.api("POST", "/api/v1/asks", Some(&ana_token), Some(json!({"to": "ben", "kind": "input", "urgency": "urgent", "title": "Numbers for Q2"}))).await;
        let id = created["id"].as_i64().unwrap();
        let (status, moved) = app
            .api(
                "POST",
                &format!("/api/v1/asks/{id}/reassign"),
                Some(&ana_token),
                Some(json!({"to": "nyla"})),
            )
            .await;
        assert_eq!(status, 200, "{moved}");
        // Nyla: 09:00–17:00 New York = 13:00–21:00 UTC (EDT since 8 March). From 10:00 UTC the
        // clock starts at 13:00 UTC; 4h → 17:00 UTC.
        assert_eq!(moved["responder"]["handle"], "nyla");
        assert_eq!(moved["due_at"], "2026-03-10T17:00:00Z");
        assert_eq!(moved["due"]["responder_local"], "2026-03-10T13:00:00-04:00");
        let nyla_token = app.token(&ny).await;
        assert_eq!(
            kinds(&notifications(&app, &nyla_token).await),
            ["ask.received"]
        );
        // The old reminder and breach jobs are stale and do nothing.
        app.app.clock().set("2026-03-11T00:00:00Z".parse().unwrap());
        worker::run_due(&app.app, "w1").await.unwrap();
        let breaches: Vec<Value> = notifications(&app, &nyla_token)
            .await
            .into_iter()
            .filter(|n| n["kind"] == "ask.breached")
            .collect();
        assert_eq!(breaches.len(), 1, "only the new due time escalates");
        let (status, _) = app
            .api(
                "POST",
                &format!("/api/v1/asks/{id}/withdraw"),
                Some(&ana_token),
                None,
            )
            .await;
        assert_eq!(status, 200);
        app.stop().await;
    }
);

both_databases!(asking_badly_gets_clear_errors, |app: TestApp| async move {
    let ana = app.member("ana", Role::Member).await;
    app.member("ben", Role::Member).await;
    let guest = app.member("gia", Role::Guest).await;
    let token = app.token(&ana).await;
    let cases = [
        (
            json!({"to": "ben", "kind": "gossip", "urgency": "urgent", "title": "x"}),
            422,
            "unknown kind",
        ),
        (
            json!({"to": "ben", "kind": "review", "urgency": "asap", "title": "x"}),
            422,
            "unknown urgency \"asap\"",
        ),
        (
            json!({"to": "ben", "kind": "review", "urgency": "urgent", "title": "  "}),
            422,
            "needs a title",
        ),
        (
            json!({"to": "nobody", "kind": "review", "urgency": "urgent", "title": "x"}),
            404,
            "member not found",
        ),
        (
            json!({"to": "team:ghosts", "kind": "review", "urgency": "urgent", "title": "x"}),
            404,
            "team not found",
        ),
        (
            json!({"to": "ana", "kind": "review", "urgency": "urgent", "title": "x"}),
            422,
            "cannot ask yourself",
        ),
        (
            json!({"to": "ben", "kind": "review", "title": "x"}),
            422,
            "urgency",
        ),
    ];
    for (body, status, message) in cases {
        let (got, answer) = app
            .api("POST", "/api/v1/asks", Some(&token), Some(body.clone()))
            .await;
        assert_eq!(got, status, "{body} → {answer}");
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains(message),
            "{body} → {answer}"
        );
    }
    let (_, fyi) = app
        .api(
            "POST",
            "/api/v1/asks",
            Some(&token),
            Some(json!({"to": "ben", "kind": "fyi", "urgency": "normal", "title": "Heads up"})),
        )
        .await;
    assert_eq!(
        (fyi["due_at"].clone(), fyi["clock"].clone()),
        (Value::Null, Value::Null),
        "FYIs have no clock"
    );
    let guest_token = app.token(&guest).await;
    let (status, _) = app
        .api(
            "GET",
            &format!("/api/v1/asks/{}", fyi["id"]),
            Some(&guest_token),
            None,
        )
        .await;
    assert_eq!(status, 404, "asks are visible to their parties only");
    app.stop().await;
});

both_databases!(
    charters_are_versioned_and_drive_new_asks_and_the_urgency_share,
    |app: TestApp| async move {
        let lead = app.member("lead", Role::Member).await;
        let ana = app.member("ana", Role::Member).await;
        let (lead_token, ana_token) = (app.token(&lead).await, app.token(&ana).await);
        app.api(
            "POST",
            "/api/v1/teams",
            Some(&lead_token),
            Some(json!({"name": "Core", "dri": "lead"})),
        )
        .await;
        app.api(
            "PUT",
            "/api/v1/teams/core/members/ana",
            Some(&lead_token),
            None,
        )
        .await;
        let custom = json!({"levels": [
        {"key": "now", "name": "Right now", "target": "2h", "measure": "business", "counts_as_urgent": true},
        {"key": "soon", "name": "Soon", "target": "2d", "measure": "business"}],
        "urgent_definition": "Customers are down.", "urgent_budget": 0.25, "reminder_point": 0.5, "escalation": []});
        let (status, body) = app
            .api(
                "PUT",
                "/api/v1/teams/core/charter",
                Some(&ana_token),
                Some(custom.clone()),
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (403, "forbidden"),
            "only the DRI or an admin edits the charter"
        );
        let mut bad = custom.clone();
        bad["escalation"] = json!(["ghost"]);
        let (status, body) = app
            .api(
                "PUT",
                "/api/v1/teams/core/charter",
                Some(&lead_token),
                Some(bad),
            )
            .await;
        assert_eq!(status, 422, "{body}");
        let mut bad = custom.clone();
        bad["urgent_budget"] = json!(3);
        assert_eq!(
            app.api(
                "PUT",
                "/api/v1/teams/core/charter",
                Some(&lead_token),
                Some(bad)
            )
            .await
            .0,
            422
        );
        let (status, saved) = app
            .api(
                "PUT",
                "/api/v1/teams/core/charter",
                Some(&lead_token),
                Some(custom.clone()),
            )
            .await;
        assert_eq!((status, saved["version"].as_i64()), (200, Some(1)));
        let (_, saved) = app
            .api(
                "PUT",
                "/api/v1/teams/core/charter",
                Some(&lead_token),
                Some(custom),
            )
            .await;
        assert_eq!(saved["version"], 2);

        // Asking the team lands with its DRI under the team's charter.
        let (status, ask) = app.api("POST", "/api/v1/asks", Some(&ana_token), Some(json!({"to": "team:core", "kind": "approve", "urgency": "now", "title": "Ship it?"}))).await;
        assert_eq!(status, 201, "{ask}");
        assert_eq!(
            (
                ask["responder"]["handle"].as_str(),
                ask["team"].as_str(),
                ask["due_at"].as_str()
            ),
            (Some("lead"), Some("core"), Some("2026-03-10T12:00:00Z"))
        );
        app.api(
            "POST",
            "/api/v1/asks",
            Some(&ana_token),
            Some(json!({"to": "lead", "kind": "answer", "urgency": "soon", "title": "Lunch?"})),
        )
        .await;
        let (status, report) = app
            .api("GET", "/api/v1/teams/core/urgency", Some(&lead_token), None)
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            (
                report["team"]["urgent"].as_u64(),
                report["team"]["total"].as_u64()
            ),
            (Some(1), Some(2))
        );
        assert_eq!(
            (
                report["team"]["share"].as_f64(),
                report["team"]["over_budget"].as_bool()
            ),
            (Some(0.5), Some(true))
        );
        let ana_share = report["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["handle"] == "ana")
            .unwrap()
            .clone();
        assert_eq!(ana_share["share"], 0.5);
        app.stop().await;
    }
);

/// Two replicas share one PostgreSQL database, each with its own pool and worker, and drain
/// the queue at the same time: every reminder is delivered exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_replicas_deliver_each_reminder_exactly_once() {
    let Some(app) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let ana = app.member("ana", Role::Member).await;
    let ben = app.member("ben", Role::Member).await;
    let token = app.token(&ana).await;
    for i in 0..30 {
        let (status, _) = app.api("POST", "/api/v1/asks", Some(&token), Some(json!({"to": "ben", "kind": "review", "urgency": "urgent", "title": format!("Ask {i}")}))).await;
        assert_eq!(status, 201);
    }
    let replica = App::new(
        Store::connect(&app.database_url).await.unwrap(),
        Clock::fake(start_instant()),
    );
    let later: jiff::Timestamp = "2026-03-12T00:00:00Z".parse().unwrap();
    app.app.clock().set(later);
    replica.clock().set(later);
    let (a, b) = (app.app.clone(), replica.clone());
    let first = tokio::spawn(async move { worker::run_due(&a, "replica-a").await.unwrap() });
    let second = tokio::spawn(async move { worker::run_due(&b, "replica-b").await.unwrap() });
    let (ran_a, ran_b) = (first.await.unwrap(), second.await.unwrap());
    assert_eq!(
        ran_a + ran_b,
        60,
        "30 reminders and 30 escalations, each claimed once ({ran_a} + {ran_b})"
    );
    let (items, _) = ops::notifications::list(&app.app, &ben).await.unwrap();
    assert_eq!(
        items.iter().filter(|n| n.kind == "ask.reminder").count(),
        30
    );
    assert_eq!(
        items.iter().filter(|n| n.kind == "ask.breached").count(),
        30
    );
    assert!(
        ops::workspace::verify(&app.app).await.unwrap().is_ok(),
        "breach events did not fork the chain"
    );
    app.stop().await;
}

/// The reminders and breach notices a member got about asks, by kind.
async fn ask_notices(app: &TestApp, token: &str, kind: &str) -> usize {
    kinds(&notifications(app, token).await)
        .iter()
        .filter(|k| **k == kind)
        .count()
}

both_databases!(
    an_ask_handed_back_to_its_first_responder_reminds_and_escalates_them_again,
    |app: TestApp| async move {
        let ada = app.member("ada", Role::Admin).await;
        let ana = app.member("ana", Role::Member).await;
        let ben = app.member("ben", Role::Member).await;
        app.member_in("nyla", Role::Member, "America/New_York")
            .await;
        let (ana_token, ben_token) = (app.token(&ana).await, app.token(&ben).await);
        // Ben (Berlin, 08:00–16:00 UTC): reminder 13:00, due 14:00 UTC. Nyla (New York,
        // 13:00–21:00 UTC): reminder 16:00, due 17:00 UTC.
        let (_, created) = app.api("POST", "/api/v1/asks", Some(&ana_token), Some(json!({"to": "ben", "kind": "input", "urgency": "urgent", "title": "Numbers for Q2"}))).await;
        let id = created["id"].as_i64().unwrap();
        let hand_to = |who: &'static str| {
            let (app, token) = (&app, ana_token.clone());
            async move {
                let path = format!("/api/v1/asks/{id}/reassign");
                let (status, moved) = app
                    .api("POST", &path, Some(&token), Some(json!({"to": who})))
                    .await;
                assert_eq!(status, 200, "{moved}");
                moved
            }
        };
        hand_to("nyla").await;

        // Ben's reminder time passes while Nyla holds the ask: his reminder job skips.
        app.app.clock().set("2026-03-10T13:30:00Z".parse().unwrap());
        worker::run_due(&app.app, "w1").await.unwrap();
        let back = hand_to("ben").await;
        assert_eq!(
            (back["remind_at"].as_str(), back["due_at"].as_str()),
            (Some("2026-03-10T13:00:00Z"), Some("2026-03-10T14:00:00Z")),
            "the same instants as his first turn"
        );
        worker::run_due(&app.app, "w1").await.unwrap();
        assert_eq!(
            ask_notices(&app, &ben_token, "ask.reminder").await,
            1,
            "Ben is reminded on his second turn"
        );

        // Ben's due time passes while Nyla holds it again: his breach job skips.
        hand_to("nyla").await;
        app.app.clock().set("2026-03-10T14:30:00Z".parse().unwrap());
        worker::run_due(&app.app, "w1").await.unwrap();
        hand_to("ben").await;
        worker::run_due(&app.app, "w1").await.unwrap();
        assert_eq!(
            ask_notices(&app, &ben_token, "ask.breached").await,
            1,
            "Ben hears the ask is overdue on his third turn"
        );
        assert_eq!(
            ask_notices(&app, &ben_token, "ask.reminder").await,
            1,
            "the reminder of the same instant is not sent twice"
        );
        let breaches = ops::workspace::recent_events(&app.app, &ada, 100)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == "ask.breached")
            .count();
        assert_eq!(breaches, 1);

        // Nyla's own jobs find the ask moved on.
        app.app.clock().set("2026-03-11T00:00:00Z".parse().unwrap());
        worker::run_due(&app.app, "w1").await.unwrap();
        assert_eq!(ask_notices(&app, &ben_token, "ask.breached").await, 1);
        assert_eq!(worker::pending(&app.app).await.unwrap(), 0);
        app.stop().await;
    }
);

both_databases!(
    an_ask_handed_back_reminds_its_holder_though_a_colleague_was_reminded_at_that_instant,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Member).await;
        let ben = app.member("ben", Role::Member).await;
        let cai = app.member("cai", Role::Member).await;
        let (ana_token, ben_token, cai_token) = (
            app.token(&ana).await,
            app.token(&ben).await,
            app.token(&cai).await,
        );
        // Ben and Cai both work 09:00–17:00 Berlin: the same reminder (13:00 UTC) for either.
        let (_, created) = app.api("POST", "/api/v1/asks", Some(&ana_token), Some(json!({"to": "ben", "kind": "input", "urgency": "urgent", "title": "Numbers for Q2"}))).await;
        let path = format!("/api/v1/asks/{}/reassign", created["id"]);
        let (status, _) = app
            .api("POST", &path, Some(&ana_token), Some(json!({"to": "cai"})))
            .await;
        assert_eq!(status, 200);
        app.app.clock().set("2026-03-10T13:30:00Z".parse().unwrap());
        worker::run_due(&app.app, "w1").await.unwrap();
        assert_eq!(ask_notices(&app, &cai_token, "ask.reminder").await, 1);

        let (status, back) = app
            .api("POST", &path, Some(&ana_token), Some(json!({"to": "ben"})))
            .await;
        assert_eq!(
            (status, back["remind_at"].as_str()),
            (200, Some("2026-03-10T13:00:00Z"))
        );
        worker::run_due(&app.app, "w1").await.unwrap();
        assert_eq!(
            ask_notices(&app, &ben_token, "ask.reminder").await,
            1,
            "Cai's reminder was not Ben's"
        );
        app.stop().await;
    }
);
