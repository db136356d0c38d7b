//! Asks and away responders: a team's ask skips an away DRI, a direct ask to someone on time
//! off says when they are back and who would answer sooner, and time off that begins tells the
//! askers of asks falling due during it — once. The fake clock starts on Tuesday 10 March 2026,
//! 10:00 UTC; Berlin works 08:00–16:00 UTC, New York 13:00–21:00 UTC (EDT).

use crate::both_databases;
use crate::helpers::TestApp;
use longhand_domain::workspace::Role;
use serde_json::{Value, json};

both_databases!(a_team_ask_skips_an_away_dri, |app: TestApp| async move {
    let admin = app.member("root", Role::Admin).await;
    let ana = app.member("ana", Role::Member).await;
    let lead = app.member("lead", Role::Member).await;
    let ben = app.member("ben", Role::Member).await;
    let nyla = app
        .member_in("nyla", Role::Member, "America/New_York")
        .await;
    let ana = app.signed_in_as(ana).await;
    let lead = app.signed_in_as(lead).await;
    lead.team("Core", &["ben", "nyla", "ana"]).await;
    // Lead is off Monday 9 to Thursday 12 March.
    let off = json!([{"start": "2026-03-09", "end": "2026-03-12"}]);
    lead.office_hours("Europe/Berlin", off.clone()).await;

    // Urgent, 4 business hours: Ben (Berlin) is due 14:00 UTC, Nyla (New York) 17:00 UTC.
    // Ana is in the team too but never gets her own ask.
    let body = json!({"to": "team:core", "kind": "approve", "urgency": "urgent", "title": "Ship the retry change?"});
    let (status, created) = ana.post("/api/v1/asks", body.clone()).await;
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
    let created_events = app.events_of(&admin, "ask.created").await;
    let routed = &created_events[0]["routed"];
    assert_eq!(
        (routed["from"].as_str(), routed["reason"].as_str()),
        (Some("lead"), Some("away"))
    );
    let ben = app.signed_in_as(ben).await;
    assert_eq!(ben.notifications().await.len(), 1);
    assert!(lead.notifications().await.is_empty());

    // With Ben and Nyla away too, nobody can take it: it stays with Lead, and Ana is told.
    ben.office_hours("Europe/Berlin", off.clone()).await;
    let nyla = app.signed_in_as(nyla).await;
    nyla.office_hours("America/New_York", off).await;
    let (_, kept) = ana.post("/api/v1/asks", body).await;
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
        let (ana, ben) = (app.signed_in_as(ana).await, app.signed_in_as(ben).await);
        let chloe = app.signed_in_as(chloe).await;
        chloe.team("Core", &["ben", "nyla"]).await;
        let off = json!([{"start": "2026-03-09", "end": "2026-03-12"}]);
        ben.office_hours("Europe/Berlin", off).await;

        // Ben keeps the ask; his clock starts when he is back, Friday 09:00 Berlin, so urgent
        // (4h) is due 13:00 Berlin. Chloé (DRI, Berlin) would answer by 14:00 UTC today,
        // Nyla by 17:00 UTC.
        let body = json!({"to": "ben", "kind": "review", "urgency": "urgent", "title": "Review the pager rota"});
        let (status, created) = ana.post("/api/v1/asks", body).await;
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
        let (_, seen) = ben.get(&format!("/api/v1/asks/{id}")).await;
        assert_eq!(seen["suggested_reassign"]["handle"], "chloe");
        let (_, inbox) = ana.get("/api/v1/inbox").await;
        assert_eq!(
            inbox["waiting_on_others"][0]["responder_away"]["until"],
            "2026-03-12"
        );

        // One click (one call): the asker hands it to the suggested teammate.
        let (status, moved) = ana
            .post(
                &format!("/api/v1/asks/{id}/reassign"),
                json!({"to": suggested["handle"]}),
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
        let (ana, ben) = (app.signed_in_as(ana).await, app.signed_in_as(ben).await);
        app.signed_in_as(chloe).await.team("Core", &["ben"]).await;
        // Due today 14:00 UTC (before the time off) and tomorrow 10:00 UTC (during it).
        for (urgency, title) in [
            ("urgent", "Today's question"),
            ("normal", "Tomorrow's review"),
        ] {
            let body = json!({"to": "ben", "kind": "review", "urgency": urgency, "title": title});
            let (status, _) = ana.post("/api/v1/asks", body).await;
            assert_eq!(status, 201);
        }
        // Ben then books Wednesday 11 and Thursday 12 March off; saving twice queues one notice.
        let off = json!([{"start": "2026-03-11", "end": "2026-03-12"}]);
        ben.office_hours("Europe/Berlin", off.clone()).await;
        ben.office_hours("Europe/Berlin", off).await;
        let away_notes = |items: Vec<Value>| -> Vec<Value> {
            items
                .into_iter()
                .filter(|n| n["kind"] == "ask.responder_away")
                .collect()
        };

        // The time off begins at midnight Berlin, 23:00 UTC.
        app.set_clock("2026-03-10T22:59:59Z");
        app.run_due_jobs().await;
        assert!(away_notes(ana.notifications().await).is_empty());
        app.set_clock("2026-03-10T23:00:00Z");
        assert_eq!(app.run_due_jobs().await, 1);
        let notes = away_notes(ana.notifications().await);
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
        app.set_clock("2026-03-11T12:00:00Z");
        app.run_due_jobs().await;
        assert_eq!(away_notes(ana.notifications().await).len(), 1);
        assert_eq!(app.pending_jobs().await, 0);
        app.stop().await;
    }
);

both_databases!(
    cancelled_time_off_sends_no_notice,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let body = json!({"to": "ben", "kind": "review", "urgency": "normal", "title": "Tomorrow's review"});
        ana.post("/api/v1/asks", body).await;
        let off = json!([{"start": "2026-03-11", "end": "2026-03-12"}]);
        ben.office_hours("Europe/Berlin", off).await;
        ben.office_hours("Europe/Berlin", json!([])).await;
        app.set_clock("2026-03-11T00:00:00Z");
        assert_eq!(
            app.run_due_jobs().await,
            2,
            "the reminder and the notice ran"
        );
        assert!(
            ana.notifications()
                .await
                .iter()
                .all(|n| n["kind"] != "ask.responder_away")
        );
        app.stop().await;
    }
);
