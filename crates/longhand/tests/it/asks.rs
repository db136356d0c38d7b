//! Asks through the API and the job queue, on SQLite and PostgreSQL. The fake clock starts on
//! Tuesday 10 March 2026, 10:00 UTC.

use crate::both_databases;
use crate::helpers::{Db, START, TestApp, code};
use crate::stories::Caller;
use longhand_core::ops;
use longhand_domain::workspace::Role;
use serde_json::{Value, json};

both_databases!(
    an_ask_is_due_in_the_responders_business_time_and_answering_stops_the_clock,
    |app: TestApp| async move {
        // Ana works in Berlin; Dev in Kolkata, 10:00–13:00 and 14:00–19:00 IST.
        let ana = app.signed_in("ana", Role::Member).await;
        let dev = app.signed_in_at("dev", Role::Member, "Asia/Kolkata").await;
        let calendar = json!({"time_zone": "Asia/Kolkata", "working_hours": {"mon": ["10:00-13:00", "14:00-19:00"], "tue": ["10:00-13:00", "14:00-19:00"], "wed": ["10:00-13:00", "14:00-19:00"], "thu": ["10:00-13:00", "14:00-19:00"], "fri": ["10:00-13:00", "14:00-19:00"]}});
        dev.patch("/api/v1/me", json!({"calendar": calendar})).await;

        // 10:00 UTC = 15:30 IST Tuesday. Urgent = 4 business hours: 3.5h on Tuesday (to 19:00),
        // then 0.5h on Wednesday from 10:00 → Wednesday 10:30 IST = 05:00 UTC.
        let ask = json!({"to": "dev", "kind": "review", "urgency": "urgent", "title": "Review the retry RFC"});
        let (status, created) = ana.post("/api/v1/asks", ask).await;
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

        let (_, inbox) = dev.get("/api/v1/inbox").await;
        assert_eq!(inbox["waiting_on_me"][0]["id"], id);
        let (_, inbox) = ana.get("/api/v1/inbox").await;
        assert_eq!(inbox["waiting_on_others"][0]["id"], id);
        assert_eq!(dev.notification_kinds().await, ["ask.received"]);

        let respond = format!("/api/v1/asks/{id}/respond");
        let (status, body) = ana.post(&respond, json!({"response": "approve"})).await;
        assert_eq!(
            (status, code(&body)),
            (403, "forbidden"),
            "only the responder answers"
        );
        let (status, body) = dev.post(&respond, json!({"response": "object"})).await;
        assert_eq!(
            (status, code(&body)),
            (422, "invalid"),
            "an objection needs a reason"
        );
        let lgtm = json!({"response": "approve", "comment": "LGTM"});
        let (status, answered) = dev.post(&respond, lgtm).await;
        assert_eq!(status, 200, "{answered}");
        assert_eq!(
            (answered["state"].as_str(), answered["clock"].as_str()),
            (Some("answered"), None)
        );
        assert_eq!(answered["responded_at"], START);
        let (status, body) = dev.post(&respond, json!({"response": "approve"})).await;
        assert_eq!((status, code(&body)), (409, "conflict"));
        assert_eq!(ana.notification_kinds().await, ["ask.closed"]);
        let (_, inbox) = dev.get("/api/v1/inbox").await;
        assert!(inbox["waiting_on_me"].as_array().unwrap().is_empty());
        assert_eq!(inbox["recently_closed"][0]["id"], id);
        app.stop().await;
    }
);

both_databases!(
    reminders_and_escalations_fire_once_at_their_time,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let lead = app.signed_in("lead", Role::Member).await;
        lead.team("Core", &["ben"]).await;
        let mut charter = lead.get("/api/v1/teams/core/charter").await.1["charter"].clone();
        charter["escalation"] = json!(["lead"]);
        let (status, saved) = lead.put("/api/v1/teams/core/charter", charter).await;
        assert_eq!((status, saved["version"].as_i64()), (200, Some(1)));

        // Ben works 09:00–17:00 Berlin (08:00–16:00 UTC in March). Asked at 10:00 UTC Tuesday,
        // urgent (4h): due 14:00 UTC; reminder at 75% = 3h → 13:00 UTC.
        let ask =
            json!({"to": "ben", "kind": "answer", "urgency": "urgent", "title": "Which region?"});
        let (_, created) = ana.post("/api/v1/asks", ask).await;
        assert_eq!(
            (created["remind_at"].as_str(), created["due_at"].as_str()),
            (Some("2026-03-10T13:00:00Z"), Some("2026-03-10T14:00:00Z"))
        );
        assert_eq!(app.run_due_jobs().await, 0, "nothing is due yet");

        app.set_clock("2026-03-10T13:00:00Z");
        assert_eq!(app.run_due_jobs().await, 1);
        assert_eq!(app.run_due_jobs().await, 0, "a job runs once");
        assert_eq!(
            ben.notification_kinds().await,
            ["ask.reminder", "ask.received"]
        );
        let ask_path = format!("/api/v1/asks/{}", created["id"]);
        let (_, seen) = ana.get(&ask_path).await;
        assert_eq!(seen["clock"], "at_risk");

        app.set_clock("2026-03-10T14:00:01Z");
        assert_eq!(app.run_due_jobs().await, 1);
        for caller in [&ben, &ana, &lead] {
            let items = caller.notifications().await;
            assert_eq!(
                items.iter().filter(|n| n["kind"] == "ask.breached").count(),
                1,
                "{items:?}"
            );
        }
        let (_, seen) = ana.get(&ask_path).await;
        assert_eq!(
            (
                seen["clock"].as_str(),
                seen["remaining_business_seconds"].as_i64()
            ),
            (Some("breached"), Some(-1))
        );
        assert_eq!(app.pending_jobs().await, 0);
        app.stop().await;
    }
);

both_databases!(
    reassigning_measures_the_target_in_the_new_responders_calendar,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        app.member("ben", Role::Member).await;
        let ny = app
            .member_in("nyla", Role::Member, "America/New_York")
            .await;
        let ask =
            json!({"to": "ben", "kind": "input", "urgency": "urgent", "title": "Numbers for Q2"});
        let (_, created) = ana.post("/api/v1/asks", ask).await;
        let id = created["id"].as_i64().unwrap();
        let (status, moved) = ana
            .post(
                &format!("/api/v1/asks/{id}/reassign"),
                json!({"to": "nyla"}),
            )
            .await;
        assert_eq!(status, 200, "{moved}");
        // Nyla: 09:00–17:00 New York = 13:00–21:00 UTC (EDT since 8 March). From 10:00 UTC the
        // clock starts at 13:00 UTC; 4h → 17:00 UTC.
        assert_eq!(moved["responder"]["handle"], "nyla");
        assert_eq!(moved["due_at"], "2026-03-10T17:00:00Z");
        assert_eq!(moved["due"]["responder_local"], "2026-03-10T13:00:00-04:00");
        let nyla = app.signed_in_as(ny).await;
        assert_eq!(nyla.notification_kinds().await, ["ask.received"]);
        // The old reminder and breach jobs are stale and do nothing.
        app.set_clock("2026-03-11T00:00:00Z");
        app.run_due_jobs().await;
        let breaches: Vec<Value> = nyla
            .notifications()
            .await
            .into_iter()
            .filter(|n| n["kind"] == "ask.breached")
            .collect();
        assert_eq!(breaches.len(), 1, "only the new due time escalates");
        let (status, _) = ana.post_empty(&format!("/api/v1/asks/{id}/withdraw")).await;
        assert_eq!(status, 200);
        app.stop().await;
    }
);

both_databases!(asking_badly_gets_clear_errors, |app: TestApp| async move {
    let ana = app.signed_in("ana", Role::Member).await;
    app.member("ben", Role::Member).await;
    let guest = app.member("gia", Role::Guest).await;
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
        let (got, answer) = ana.post("/api/v1/asks", body.clone()).await;
        assert_eq!(got, status, "{body} → {answer}");
        assert!(
            answer["error"]["message"]
                .as_str()
                .unwrap()
                .contains(message),
            "{body} → {answer}"
        );
    }
    let heads_up = json!({"to": "ben", "kind": "fyi", "urgency": "normal", "title": "Heads up"});
    let (_, fyi) = ana.post("/api/v1/asks", heads_up).await;
    assert_eq!(
        (fyi["due_at"].clone(), fyi["clock"].clone()),
        (Value::Null, Value::Null),
        "FYIs have no clock"
    );
    let guest = app.signed_in_as(guest).await;
    let (status, _) = guest.get(&format!("/api/v1/asks/{}", fyi["id"])).await;
    assert_eq!(status, 404, "asks are visible to their parties only");
    app.stop().await;
});

both_databases!(
    charters_are_versioned_and_drive_new_asks_and_the_urgency_share,
    |app: TestApp| async move {
        let lead = app.signed_in("lead", Role::Member).await;
        let ana = app.signed_in("ana", Role::Member).await;
        lead.team("Core", &["ana"]).await;
        let custom = json!({"levels": [
        {"key": "now", "name": "Right now", "target": "2h", "measure": "business", "counts_as_urgent": true},
        {"key": "soon", "name": "Soon", "target": "2d", "measure": "business"}],
        "urgent_definition": "Customers are down.", "urgent_budget": 0.25, "reminder_point": 0.5, "escalation": []});
        let charter = "/api/v1/teams/core/charter";
        let (status, body) = ana.put(charter, custom.clone()).await;
        assert_eq!(
            (status, code(&body)),
            (403, "forbidden"),
            "only the DRI or an admin edits the charter"
        );
        let mut bad = custom.clone();
        bad["escalation"] = json!(["ghost"]);
        let (status, body) = lead.put(charter, bad).await;
        assert_eq!(status, 422, "{body}");
        let mut bad = custom.clone();
        bad["urgent_budget"] = json!(3);
        assert_eq!(lead.put(charter, bad).await.0, 422);
        let (status, saved) = lead.put(charter, custom.clone()).await;
        assert_eq!((status, saved["version"].as_i64()), (200, Some(1)));
        let (_, saved) = lead.put(charter, custom).await;
        assert_eq!(saved["version"], 2);

        // Asking the team lands with its DRI under the team's charter.
        let ship =
            json!({"to": "team:core", "kind": "approve", "urgency": "now", "title": "Ship it?"});
        let (status, ask) = ana.post("/api/v1/asks", ship).await;
        assert_eq!(status, 201, "{ask}");
        assert_eq!(
            (
                ask["responder"]["handle"].as_str(),
                ask["team"].as_str(),
                ask["due_at"].as_str()
            ),
            (Some("lead"), Some("core"), Some("2026-03-10T12:00:00Z"))
        );
        let lunch = json!({"to": "lead", "kind": "answer", "urgency": "soon", "title": "Lunch?"});
        ana.post("/api/v1/asks", lunch).await;
        let (status, report) = lead.get("/api/v1/teams/core/urgency").await;
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
    let ana = app.signed_in("ana", Role::Member).await;
    let ben = app.member("ben", Role::Member).await;
    for i in 0..30 {
        let ask = json!({"to": "ben", "kind": "review", "urgency": "urgent", "title": format!("Ask {i}")});
        let (status, _) = ana.post("/api/v1/asks", ask).await;
        assert_eq!(status, 201);
    }
    let later = "2026-03-12T00:00:00Z".parse().unwrap();
    let (ran_a, ran_b) = app.drain_on_two_replicas(later).await;
    // Ana's and Ben's digest jobs of Wednesday morning ran too.
    let digests = app.digest_jobs_done().await as usize;
    assert_eq!(
        ran_a + ran_b - digests,
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
async fn ask_notices(caller: &Caller<'_>, kind: &str) -> usize {
    caller
        .notification_kinds()
        .await
        .iter()
        .filter(|k| *k == kind)
        .count()
}

both_databases!(
    an_ask_handed_back_to_its_first_responder_reminds_and_escalates_them_again,
    |app: TestApp| async move {
        let ada = app.member("ada", Role::Admin).await;
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        app.member_in("nyla", Role::Member, "America/New_York")
            .await;
        // Ben (Berlin, 08:00–16:00 UTC): reminder 13:00, due 14:00 UTC. Nyla (New York,
        // 13:00–21:00 UTC): reminder 16:00, due 17:00 UTC.
        let ask =
            json!({"to": "ben", "kind": "input", "urgency": "urgent", "title": "Numbers for Q2"});
        let (_, created) = ana.post("/api/v1/asks", ask).await;
        let id = created["id"].as_i64().unwrap();
        let hand_to = |who: &'static str| {
            let ana = &ana;
            async move {
                let path = format!("/api/v1/asks/{id}/reassign");
                let (status, moved) = ana.post(&path, json!({"to": who})).await;
                assert_eq!(status, 200, "{moved}");
                moved
            }
        };
        hand_to("nyla").await;

        // Ben's reminder time passes while Nyla holds the ask: his reminder job skips.
        app.set_clock("2026-03-10T13:30:00Z");
        app.run_due_jobs().await;
        let back = hand_to("ben").await;
        assert_eq!(
            (back["remind_at"].as_str(), back["due_at"].as_str()),
            (Some("2026-03-10T13:00:00Z"), Some("2026-03-10T14:00:00Z")),
            "the same instants as his first turn"
        );
        app.run_due_jobs().await;
        assert_eq!(
            ask_notices(&ben, "ask.reminder").await,
            1,
            "Ben is reminded on his second turn"
        );

        // Ben's due time passes while Nyla holds it again: his breach job skips.
        hand_to("nyla").await;
        app.set_clock("2026-03-10T14:30:00Z");
        app.run_due_jobs().await;
        hand_to("ben").await;
        app.run_due_jobs().await;
        assert_eq!(
            ask_notices(&ben, "ask.breached").await,
            1,
            "Ben hears the ask is overdue on his third turn"
        );
        assert_eq!(
            ask_notices(&ben, "ask.reminder").await,
            1,
            "the reminder of the same instant is not sent twice"
        );
        let breaches = app.events_of(&ada, "ask.breached").await;
        assert_eq!(breaches.len(), 1);

        // Nyla's own jobs find the ask moved on.
        app.set_clock("2026-03-11T00:00:00Z");
        app.run_due_jobs().await;
        assert_eq!(ask_notices(&ben, "ask.breached").await, 1);
        assert_eq!(app.pending_jobs().await, 0);
        app.stop().await;
    }
);

both_databases!(
    an_ask_handed_back_reminds_its_holder_though_a_colleague_was_reminded_at_that_instant,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let cai = app.signed_in("cai", Role::Member).await;
        // Ben and Cai both work 09:00–17:00 Berlin: the same reminder (13:00 UTC) for either.
        let ask =
            json!({"to": "ben", "kind": "input", "urgency": "urgent", "title": "Numbers for Q2"});
        let (_, created) = ana.post("/api/v1/asks", ask).await;
        let path = format!("/api/v1/asks/{}/reassign", created["id"]);
        let (status, _) = ana.post(&path, json!({"to": "cai"})).await;
        assert_eq!(status, 200);
        app.set_clock("2026-03-10T13:30:00Z");
        app.run_due_jobs().await;
        assert_eq!(ask_notices(&cai, "ask.reminder").await, 1);

        let (status, back) = ana.post(&path, json!({"to": "ben"})).await;
        assert_eq!(
            (status, back["remind_at"].as_str()),
            (200, Some("2026-03-10T13:00:00Z"))
        );
        app.run_due_jobs().await;
        assert_eq!(
            ask_notices(&ben, "ask.reminder").await,
            1,
            "Cai's reminder was not Ben's"
        );
        app.stop().await;
    }
);
