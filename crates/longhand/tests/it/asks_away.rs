//! Asks and away responders: a team's ask skips an away DRI, a direct ask to someone on time
//! off says when they are back and who would answer sooner, and time off that begins tells the
//! askers of asks falling due during it — once. The fake clock starts on Tuesday 10 March 2026,
//! 10:00 UTC; Berlin works 08:00–16:00 UTC, New York 13:00–21:00 UTC (EDT).

use crate::both_databases;
use crate::helpers::TestApp;
use longhand_core::ops::{self, Actor};
use longhand_core::worker;
use longhand_domain::workspace::Role;
use serde_json::{Value, json};

/// Gives a member 09:00–17:00 on weekdays in `zone` and the given time off.
async fn set_calendar(app: &TestApp, token: &str, zone: &str, time_off: Value) {
    let day = json!(["09:00-17:00"]);
    let calendar = json!({"time_zone": zone, "working_hours": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day}, "time_off": time_off});
    let (status, body) = app
        .api(
            "PATCH",
            "/api/v1/me",
            Some(token),
            Some(json!({"calendar": calendar})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

/// A team `core` with a DRI and members.
async fn team(app: &TestApp, dri_token: &str, dri: &str, members: &[&str]) {
    let (status, body) = app
        .api(
            "POST",
            "/api/v1/teams",
            Some(dri_token),
            Some(json!({"name": "Core", "dri": dri})),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    for member in members {
        let path = format!("/api/v1/teams/core/members/{member}");
        assert_eq!(app.api("PUT", &path, Some(dri_token), None).await.0, 200);
    }
}

async fn notifications(app: &TestApp, token: &str) -> Vec<Value> {
    let (_, body) = app
        .api("GET", "/api/v1/notifications", Some(token), None)
        .await;
    body["items"].as_array().unwrap().clone()
}

async fn created_event(app: &TestApp, admin: &Actor) -> Value {
    let events = ops::workspace::recent_events(&app.app, admin, 50)
        .await
        .unwrap();
    let event = events.iter().find(|e| e.kind == "ask.created").unwrap();
    serde_json::from_str(event.payload.as_deref().expect("asks are workspace-wide")).unwrap()
}

both_databases!(a_team_ask_skips_an_away_dri, |app: TestApp| async move {
    let admin = app.member("root", Role::Admin).await;
    let ana = app.member("ana", Role::Member).await;
    let lead = app.member("lead", Role::Member).await;
    let ben = app.member("ben", Role::Member).await;
    let nyla = app
        .member_in("nyla", Role::Member, "America/New_York")
        .await;
    let ana_token = app.token(&ana).await;
    let lead_token = app.token(&lead).await;
    team(&app, &lead_token, "lead", &["ben", "nyla", "ana"]).await;
    // Lead is off Monday 9 to Thursday 12 March.
    let off = json!([{"start": "2026-03-09", "end": "2026-03-12"}]);
    set_calendar(&app, &lead_token, "Europe/Berlin", off.clone()).await;

    // Urgent, 4 business hours: Ben (Berlin) is due 14:00 UTC, Nyla (New York) 17:00 UTC.
    // Ana is in the team too but never gets her own ask.
    let body = json!({"to": "team:core", "kind": "approve", "urgency": "urgent", "title": "Ship the retry change?"});
    let (status, created) = app
        .api("POST", "/api/v1/asks", Some(&ana_token), Some(body.clone()))
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        (
            created["responder"]["handle"].as_str(),
            created["team"].as_str(),
            created["due_at"].as_str()
        ),
        (Some("ben"), Some("core"), Some("2026-03-10T14:00:00Z"))
    );
    assert_eq!(
        (
            created["routed"]["from"].as_str(),
            created["routed"]["away_until"].as_str()
        ),
        (Some("lead"), Some("2026-03-12"))
    );
    assert!(
        created["routed"]["message"]
            .as_str()
            .unwrap()
            .contains("Routed past LEAD Tester, the team's DRI, away until Thu 12 Mar"),
        "{created}"
    );
    assert_eq!(created["responder_away"], Value::Null);
    let routed = &created_event(&app, &admin).await["routed"];
    assert_eq!(
        (routed["from"].as_str(), routed["reason"].as_str()),
        (Some("lead"), Some("away"))
    );
    let ben_token = app.token(&ben).await;
    assert_eq!(notifications(&app, &ben_token).await.len(), 1);
    assert!(notifications(&app, &lead_token).await.is_empty());

    // With Ben and Nyla away too, nobody can take it: it stays with Lead, and Ana is told.
    set_calendar(&app, &ben_token, "Europe/Berlin", off.clone()).await;
    let nyla_token = app.token(&nyla).await;
    set_calendar(&app, &nyla_token, "America/New_York", off).await;
    let (_, kept) = app
        .api("POST", "/api/v1/asks", Some(&ana_token), Some(body))
        .await;
    assert_eq!(kept["responder"]["handle"], "lead");
    assert_eq!(kept["routed"], Value::Null);
    assert_eq!(kept["responder_away"]["until"], "2026-03-12");
    assert_eq!(kept["suggested_reassign"], Value::Null);
    app.stop().await;
});

both_databases!(
    a_direct_ask_to_an_away_person_reports_their_return,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Member).await;
        let ben = app.member("ben", Role::Member).await;
        let chloe = app.member("chloe", Role::Member).await;
        app.member_in("nyla", Role::Member, "America/New_York")
            .await;
        let (ana_token, ben_token) = (app.token(&ana).await, app.token(&ben).await);
        let chloe_token = app.token(&chloe).await;
        team(&app, &chloe_token, "chloe", &["ben", "nyla"]).await;
        let off = json!([{"start": "2026-03-09", "end": "2026-03-12"}]);
        set_calendar(&app, &ben_token, "Europe/Berlin", off).await;

        // Ben keeps the ask; his clock starts when he is back, Friday 09:00 Berlin, so urgent
        // (4h) is due 13:00 Berlin. Chloé (DRI, Berlin) would answer by 14:00 UTC today,
        // Nyla by 17:00 UTC.
        let body = json!({"to": "ben", "kind": "review", "urgency": "urgent", "title": "Review the pager rota"});
        let (status, created) = app
            .api("POST", "/api/v1/asks", Some(&ana_token), Some(body))
            .await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["responder"]["handle"], "ben");
        assert_eq!(created["due_at"], "2026-03-13T12:00:00Z");
        let away = &created["responder_away"];
        assert_eq!(
            (away["until"].as_str(), away["back_at"].as_str()),
            (Some("2026-03-12"), Some("2026-03-13T08:00:00Z"))
        );
        assert_eq!(
            away["message"],
            "BEN is away until Thu 12 Mar; this ask is due Fri 13 Mar 13:00 Berlin time."
        );
        let suggested = &created["suggested_reassign"];
        assert_eq!(
            (suggested["handle"].as_str(), suggested["due_at"].as_str()),
            (Some("chloe"), Some("2026-03-10T14:00:00Z"))
        );
        let id = created["id"].as_i64().unwrap();
        let (_, seen) = app
            .api("GET", &format!("/api/v1/asks/{id}"), Some(&ben_token), None)
            .await;
        assert_eq!(seen["suggested_reassign"]["handle"], "chloe");
        let (_, inbox) = app
            .api("GET", "/api/v1/inbox", Some(&ana_token), None)
            .await;
        assert_eq!(
            inbox["waiting_on_others"][0]["responder_away"]["until"],
            "2026-03-12"
        );

        // One click (one call): the asker hands it to the suggested teammate.
        let (status, moved) = app
            .api(
                "POST",
                &format!("/api/v1/asks/{id}/reassign"),
                Some(&ana_token),
                Some(json!({"to": suggested["handle"]})),
            )
            .await;
        assert_eq!(status, 200, "{moved}");
        assert_eq!(
            (
                moved["due_at"].as_str(),
                moved["responder_away"].clone(),
                moved["suggested_reassign"].clone()
            ),
            (Some("2026-03-10T14:00:00Z"), Value::Null, Value::Null)
        );
        app.stop().await;
    }
);

both_databases!(
    time_off_that_begins_tells_askers_of_asks_due_during_it_once,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Member).await;
        let ben = app.member("ben", Role::Member).await;
        let chloe = app.member("chloe", Role::Member).await;
        let (ana_token, ben_token) = (app.token(&ana).await, app.token(&ben).await);
        team(&app, &app.token(&chloe).await, "chloe", &["ben"]).await;
        // Due today 14:00 UTC (before the time off) and tomorrow 10:00 UTC (during it).
        for (urgency, title) in [
            ("urgent", "Today's question"),
            ("normal", "Tomorrow's review"),
        ] {
            let body = json!({"to": "ben", "kind": "review", "urgency": urgency, "title": title});
            let (status, _) = app
                .api("POST", "/api/v1/asks", Some(&ana_token), Some(body))
                .await;
            assert_eq!(status, 201);
        }
        // Ben then books Wednesday 11 and Thursday 12 March off; saving twice queues one notice.
        let off = json!([{"start": "2026-03-11", "end": "2026-03-12"}]);
        set_calendar(&app, &ben_token, "Europe/Berlin", off.clone()).await;
        set_calendar(&app, &ben_token, "Europe/Berlin", off).await;
        let away_notes = |items: Vec<Value>| -> Vec<Value> {
            items
                .into_iter()
                .filter(|n| n["kind"] == "ask.responder_away")
                .collect()
        };

        // The time off begins at midnight Berlin, 23:00 UTC.
        app.app.clock().set("2026-03-10T22:59:59Z".parse().unwrap());
        worker::run_due(&app.app, "w1").await.unwrap();
        assert!(away_notes(notifications(&app, &ana_token).await).is_empty());
        app.app.clock().set("2026-03-10T23:00:00Z".parse().unwrap());
        assert_eq!(worker::run_due(&app.app, "w1").await.unwrap(), 1);
        let notes = away_notes(notifications(&app, &ana_token).await);
        assert_eq!(notes.len(), 1, "{notes:?}");
        let title = notes[0]["title"].as_str().unwrap();
        assert_eq!(
            title,
            "BEN Tester is away until Thu 12 Mar, back Fri 13 Mar 09:00 Berlin time: “Tomorrow's review” may wait"
        );
        assert_eq!(
            notes[0]["body"],
            "It is due Wed 11 Mar 11:00 your time; CHLOE Tester would answer by Wed 11 Mar 11:00 your time if you reassign it."
        );
        app.app.clock().set("2026-03-11T12:00:00Z".parse().unwrap());
        worker::run_due(&app.app, "w1").await.unwrap();
        assert_eq!(away_notes(notifications(&app, &ana_token).await).len(), 1);
        assert_eq!(worker::pending(&app.app).await.unwrap(), 0);
        app.stop().await;
    }
);

both_databases!(
    cancelled_time_off_sends_no_notice,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Member).await;
        let ben = app.member("ben", Role::Member).await;
        let (ana_token, ben_token) = (app.token(&ana).await, app.token(&ben).await);
        let body = json!({"to": "ben", "kind": "review", "urgency": "normal", "title": "Tomorrow's review"});
        app.api("POST", "/api/v1/asks", Some(&ana_token), Some(body))
            .await;
        let off = json!([{"start": "2026-03-11", "end": "2026-03-12"}]);
        set_calendar(&app, &ben_token, "Europe/Berlin", off).await;
        set_calendar(&app, &ben_token, "Europe/Berlin", json!([])).await;
        app.app.clock().set("2026-03-11T00:00:00Z".parse().unwrap());
        assert_eq!(
            worker::run_due(&app.app, "w1").await.unwrap(),
            2,
            "the reminder and the notice ran"
        );
        assert!(
            notifications(&app, &ana_token)
                .await
                .iter()
                .all(|n| n["kind"] != "ask.responder_away")
        );
        app.stop().await;
    }
);
