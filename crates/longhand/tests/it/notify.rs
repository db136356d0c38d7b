//! The notification router (issue #12 §3, §5, §6): what each recipient gets and when, on both
//! databases. The fake clock starts on Tuesday 10 March 2026, 10:00:00.123456 UTC — 11:00 in
//! Berlin, 15:30 in Kolkata (+05:30), 06:30 in St John's (−02:30 since Sunday).

use crate::both_databases;
use crate::helpers::{Db, TestApp, code};
use crate::stories::Caller;
use longhand_domain::workspace::Role;
use serde_json::{Value, json};
use std::time::Duration;

/// Weekday hours 09:00–17:00 in `zone`, with `focus` blocks ("15:00", "16:30") on weekdays.
async fn calendar(who: &Caller<'_>, zone: &str, focus: Option<(&str, &str)>) {
    let day = json!(["09:00-17:00"]);
    let week = json!({"mon": day, "tue": day, "wed": day, "thu": day, "fri": day});
    let focus: Vec<Value> = focus
        .into_iter()
        .map(|(start, end)| json!({"days": ["mon", "tue", "wed", "thu", "fri"], "start": start, "end": end}))
        .collect();
    let calendar = json!({"time_zone": zone, "working_hours": week, "focus_blocks": focus});
    let (status, body) = who.patch("/api/v1/me", json!({"calendar": calendar})).await;
    assert_eq!(status, 200, "{body}");
}

async fn ask(from: &Caller<'_>, to: &str, urgency: &str, title: &str) -> i64 {
    let body = json!({"to": to, "kind": "answer", "urgency": urgency, "title": title});
    let (status, ask) = from.post("/api/v1/asks", body).await;
    assert_eq!(status, 201, "{ask}");
    ask["id"].as_i64().unwrap()
}

/// The person's notification of `kind`, the newest; panics when there is none.
async fn latest(who: &Caller<'_>, kind: &str) -> Value {
    let items = who.notifications().await;
    items
        .into_iter()
        .find(|n| n["kind"] == kind)
        .unwrap_or_else(|| panic!("@{} has no {kind} notification", who.actor.handle))
}

/// (kind, route, deliver_at) of each of the person's notifications, newest first.
async fn routes(who: &Caller<'_>) -> Vec<(String, String, Option<String>)> {
    who.notifications()
        .await
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap().to_owned(),
                n["route"].as_str().unwrap().to_owned(),
                n["deliver_at"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

both_databases!(
    an_urgent_ask_to_someone_in_a_focus_block_in_kolkata_is_delivered_when_the_block_ends,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ravi = app.signed_in_at("ravi", Role::Member, "Asia/Kolkata").await;
        let berta = app.signed_in("berta", Role::Member).await;
        calendar(&ravi, "Asia/Kolkata", Some(("15:00", "16:30"))).await;

        // 15:30 in Kolkata, inside Ravi's focus block: held until 16:30 IST (11:00 UTC).
        ask(&ana, "ravi", "urgent", "Is the rollback safe?").await;
        let held = latest(&ravi, "ask.received").await;
        assert_eq!(
            (
                held["urgency"].as_str(),
                held["route"].as_str(),
                held["deliver_at"].as_str()
            ),
            (Some("urgent"), Some("at"), Some("2026-03-10T11:00:00Z")),
            "{held}"
        );
        // The in-app copy is there at once, unread.
        assert_eq!(held["read"], false);

        // Berta works in Berlin (11:00, no focus): now. A normal ask waits for the digest.
        ask(&ana, "berta", "urgent", "Sign the release?").await;
        ask(&ana, "ravi", "normal", "Thoughts on the naming?").await;
        assert_eq!(
            routes(&berta).await,
            vec![(
                "ask.received".into(),
                "now".into(),
                Some(crate::helpers::START.into())
            )]
        );
        assert_eq!(
            routes(&ravi).await[0],
            ("ask.received".into(), "digest".into(), None)
        );
        app.stop().await;
    }
);

both_databases!(
    a_mention_in_a_muted_space_still_arrives_but_its_followers_hear_nothing,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let cid = app.signed_in("cid", Role::Member).await;
        // A social space is muted by default.
        let (status, space) = ana
            .post(
                "/api/v1/spaces",
                json!({"name": "Chatter", "purpose": "social"}),
            )
            .await;
        assert_eq!(
            (status, space["noise"].as_str()),
            (201, Some("muted")),
            "{space}"
        );
        for who in [&ben, &ana] {
            let (status, body) = who.put_empty("/api/v1/spaces/chatter/follow").await;
            assert_eq!((status, &body["following"]), (200, &json!(true)), "{body}");
        }
        let thread = json!({"title": "Lunch", "body": "Noodles today, @cid?"});
        let (status, body) = ana.post("/api/v1/spaces/chatter/threads", thread).await;
        assert_eq!(status, 201, "{body}");
        // The mention reaches Cid (in the digest, as the space is muted); Ben, who only
        // follows, hears nothing; Ana wrote it and hears nothing either.
        assert_eq!(
            routes(&cid).await,
            vec![("mention".into(), "digest".into(), None)]
        );
        assert!(ben.notifications().await.is_empty());
        assert!(ana.notifications().await.is_empty());

        // Made a digest space, its new threads reach followers — unless one mutes it.
        let (status, body) = ana
            .patch("/api/v1/spaces/chatter", json!({"noise": "digest"}))
            .await;
        assert_eq!(status, 200, "{body}");
        let thread = json!({"title": "Offsite", "body": "Where shall we go?"});
        ana.post("/api/v1/spaces/chatter/threads", thread).await;
        let told = latest(&ben, "thread.started").await;
        assert_eq!(told["route"], "digest", "{told}");
        assert_eq!(told["title"], "ANA Tester started “Offsite” in Chatter");
        let mute = json!({"spaces": [{"slug": "chatter", "noise": "muted"}]});
        let (status, prefs) = ben.put("/api/v1/me/notification-preferences", mute).await;
        assert_eq!(status, 200, "{prefs}");
        ana.post(
            "/api/v1/spaces/chatter/threads",
            json!({"title": "Games", "body": "Friday?"}),
        )
        .await;
        assert_eq!(ben.notifications().await.len(), 1);
        app.stop().await;
    }
);

both_databases!(
    a_follower_who_may_not_read_a_confidential_document_hears_nothing_of_it,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let cid = app.signed_in("cid", Role::Member).await;
        let (status, _) = ana
            .post(
                "/api/v1/spaces",
                json!({"name": "Design", "purpose": "design"}),
            )
            .await;
        assert_eq!(status, 201);
        assert_eq!(cid.post_empty("/api/v1/spaces/design/join").await.0, 200);
        for who in [&ben, &cid] {
            assert_eq!(who.put_empty("/api/v1/spaces/design/follow").await.0, 200);
        }
        // Confidential: only the space's members read it. Ben follows but is no member.
        let secret = json!({"space": "design", "kind": "rfc", "title": "Pricing change", "classification": "confidential"});
        let (status, body) = ana.post("/api/v1/documents", secret).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(
            latest(&cid, "document.created").await["link"],
            "/docs/pricing-change"
        );
        assert!(ben.notifications().await.is_empty());
        // He cannot follow it either: it does not exist for him.
        let (status, body) = ben
            .put_empty("/api/v1/documents/pricing-change/follow")
            .await;
        assert_eq!((status, code(&body)), (404, "not_found"));

        // An internal document reaches both; following it, Ben hears of its revisions and
        // comments too.
        let open = json!({"space": "design", "kind": "rfc", "title": "Retry policy"});
        ana.post("/api/v1/documents", open).await;
        assert_eq!(
            latest(&ben, "document.created").await["link"],
            "/docs/retry-policy"
        );
        assert_eq!(
            ben.put_empty("/api/v1/documents/retry-policy/follow")
                .await
                .0,
            200
        );
        let revised = json!({"base_revision": 1, "title": "Retry policy v2"});
        let (status, body) = ana.put("/api/v1/documents/retry-policy", revised).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            latest(&ben, "document.revised").await["title"],
            "ANA Tester revised “Retry policy v2”"
        );
        let (status, body) = cid
            .post(
                "/api/v1/documents/retry-policy/threads",
                json!({"body": "Why three tries?"}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(
            latest(&ben, "comment").await["title"],
            "CID Tester commented on “Retry policy v2”"
        );
        // Unfollowed, the next comment passes him by.
        assert_eq!(
            ben.delete("/api/v1/documents/retry-policy/follow").await.0,
            200
        );
        cid.post(
            "/api/v1/documents/retry-policy/threads",
            json!({"body": "And backoff?"}),
        )
        .await;
        let comments = ben
            .notification_kinds()
            .await
            .iter()
            .filter(|k| *k == "comment")
            .count();
        assert_eq!(comments, 1);
        app.stop().await;
    }
);

both_databases!(
    a_snoozed_notification_comes_back_unread_at_the_chosen_time,
    |app: TestApp| async move {
        let root = app.member("root", Role::Admin).await;
        let ana = app.signed_in("ana", Role::Member).await;
        let ravi = app.signed_in_at("ravi", Role::Member, "Asia/Kolkata").await;
        ask(&ana, "ravi", "normal", "Review the schema?").await;
        let note = latest(&ravi, "ask.received").await;
        let id = note["id"].as_i64().unwrap();
        let (status, opened) = ravi
            .post_empty(&format!("/api/v1/notifications/{id}/read"))
            .await;
        assert_eq!((status, &opened["read"]), (200, &json!(true)), "{opened}");

        // 15:30:00.123 in Kolkata: three hours on, rounded up, is 18:45 IST (13:15 UTC).
        let path = format!("/api/v1/notifications/{id}/snooze");
        let (status, body) = ravi.post(&path, json!({"until": "later_today"})).await;
        assert_eq!(
            (status, body["until"].as_str()),
            (200, Some("2026-03-10T13:15:00Z")),
            "{body}"
        );
        assert!(ravi.notifications().await.is_empty());
        let snoozed = app.events_of(&root, "notification.snoozed").await;
        assert_eq!(snoozed[0]["until"], "2026-03-10T13:15:00Z");

        app.set_clock("2026-03-10T13:14:59.999999Z");
        app.run_due_jobs().await;
        assert!(ravi.notifications().await.is_empty());
        app.set_clock("2026-03-10T13:15:00.000317Z");
        assert_eq!(app.run_due_jobs().await, 1);
        let back = ravi.notifications().await;
        assert_eq!(
            (back.len(), &back[0]["read"]),
            (1, &json!(false)),
            "{back:?}"
        );

        // Someone else's notification does not exist for you; bad times are refused.
        let (status, body) = ana.post(&path, json!({"until": "tomorrow_morning"})).await;
        assert_eq!((status, code(&body)), (404, "not_found"));
        let (status, _) = ana
            .post_empty(&format!("/api/v1/notifications/{id}/read"))
            .await;
        assert_eq!(status, 404);
        for until in ["someday", "2026-03-10T09:00:00Z", "2027-06-01T00:00:00Z"] {
            let (status, body) = ravi.post(&path, json!({"until": until})).await;
            assert_eq!((status, code(&body)), (422, "invalid"), "{until}: {body}");
        }
        // 22:00 in Kolkata: "later today" would be tomorrow.
        app.set_clock("2026-03-10T16:30:00.25Z");
        let (status, body) = ravi.post(&path, json!({"until": "later_today"})).await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");
        let (status, body) = ravi.post(&path, json!({"until": "tomorrow_morning"})).await;
        assert_eq!(
            (status, body["until"].as_str()),
            (200, Some("2026-03-11T03:30:00Z")),
            "{body}"
        );
        app.stop().await;
    }
);

both_databases!(
    answering_an_ask_clears_its_notifications,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let id = ask(&ana, "ben", "normal", "Can you look at the alerts?").await;
        let other = ask(&ana, "ben", "normal", "And the dashboards?").await;
        assert_eq!(ben.notifications().await.len(), 2);
        let subject = format!("ask:{id}");
        assert_eq!(
            latest(&ben, "ask.received").await["subject"],
            format!("ask:{other}")
        );
        let (status, body) = ben
            .post(
                &format!("/api/v1/asks/{id}/respond"),
                json!({"response": "acknowledge"}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        // Ben's notice of that ask is gone; the other stays; Ana hears of the answer.
        let left: Vec<Value> = ben.notifications().await;
        assert_eq!(left.len(), 1);
        assert_eq!(left[0]["subject"], format!("ask:{other}"));
        let answered = latest(&ana, "ask.closed").await;
        assert_eq!(answered["subject"], subject);
        app.stop().await;
    }
);

both_databases!(
    preferences_round_trip_and_refuse_what_cannot_be_kept,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        ana.post(
            "/api/v1/spaces",
            json!({"name": "Ops", "purpose": "ops-urgent"}),
        )
        .await;
        let (status, prefs) = ben.get("/api/v1/me/notification-preferences").await;
        assert_eq!(status, 200, "{prefs}");
        assert_eq!(
            (
                prefs["digest_time"].as_str(),
                &prefs["dnd_until"],
                prefs["time_zone"].as_str()
            ),
            (Some("09:00"), &Value::Null, Some("Europe/Berlin"))
        );
        assert_eq!(prefs["spaces"][0]["default"], "immediate");

        // "Do not disturb" until Wednesday 09:00 Berlin (08:00 UTC) holds an urgent ask.
        let change = json!({"digest_time": "07:45", "dnd_until": "2026-03-11T08:00:00.5Z",
                            "spaces": [{"slug": "ops", "noise": "digest"}]});
        let (status, prefs) = ben.put("/api/v1/me/notification-preferences", change).await;
        assert_eq!(status, 200, "{prefs}");
        assert_eq!(
            (
                prefs["digest_time"].as_str(),
                prefs["dnd_until"].as_str(),
                prefs["spaces"][0]["own"].as_str()
            ),
            (
                Some("07:45"),
                Some("2026-03-11T08:00:00.5Z"),
                Some("digest")
            )
        );
        ask(&ana, "ben", "urgent", "Page the vendor?").await;
        assert_eq!(
            routes(&ben).await[0],
            (
                "ask.received".into(),
                "at".into(),
                Some("2026-03-11T08:00:00.5Z".into())
            )
        );
        let clear = json!({"dnd_until": null, "spaces": [{"slug": "ops", "noise": "default"}]});
        let (_, prefs) = ben.put("/api/v1/me/notification-preferences", clear).await;
        assert_eq!(
            (&prefs["dnd_until"], &prefs["spaces"][0]["own"]),
            (&Value::Null, &Value::Null)
        );

        for (bad, status, error) in [
            (
                json!({"spaces": [{"slug": "nowhere", "noise": "muted"}]}),
                404,
                "not_found",
            ),
            (
                json!({"spaces": [{"slug": "ops", "noise": "loud"}]}),
                422,
                "invalid",
            ),
            (json!({"digest_time": "25:00"}), 422, "invalid"),
            (json!({"dnd_until": "tonight"}), 422, "invalid"),
            (json!({"dnd_until": "2026-03-01T00:00:00Z"}), 422, "invalid"),
            (json!({"quiet": true}), 422, "invalid"),
        ] {
            let (got, body) = ben
                .put("/api/v1/me/notification-preferences", bad.clone())
                .await;
            assert_eq!((got, code(&body)), (status, error), "{bad}: {body}");
        }
        // Nothing of a refused change was kept.
        let (_, prefs) = ben.get("/api/v1/me/notification-preferences").await;
        assert_eq!(prefs["digest_time"], "07:45");
        let (status, body) = ben.put_empty("/api/v1/spaces/nowhere/follow").await;
        assert_eq!((status, code(&body)), (404, "not_found"));
        app.stop().await;
    }
);

/// A tiny receiver of JSON webhooks: the instants its requests arrived.
async fn receiver() -> (
    String,
    std::sync::Arc<std::sync::Mutex<Vec<jiff::Timestamp>>>,
) {
    let arrived = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = arrived.clone();
    let route = axum::routing::post(move || {
        let log = log.clone();
        async move {
            log.lock()
                .unwrap()
                .push(longhand_core::clock::Clock::System.now());
            "ok"
        }
    });
    let router = axum::Router::new().route("/hook", route);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, arrived)
}

/// On the system clock: Ravi's working day starts at the next minute (at least five seconds
/// away) and ran until this minute began, so he is off now. An urgent ask waits in the
/// delivery queue and reaches his webhook once his day starts — not before.
async fn live_story(app: TestApp) {
    let ana = app.signed_in("ana", Role::Member).await;
    let ravi = app.signed_in("ravi", Role::Member).await;
    let now = app.app.now();
    let minute = now.as_second().div_euclid(60) * 60;
    let start = minute
        + if minute + 60 - now.as_second() < 5 {
            120
        } else {
            60
        };
    let hhmm = |s: i64| {
        jiff::Timestamp::from_second(s)
            .unwrap()
            .strftime("%H:%M")
            .to_string()
    };
    let day = json!([format!("{}-{}", hhmm(start), hhmm(minute))]);
    let week: serde_json::Map<String, Value> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .map(|d| ((*d).to_owned(), day.clone()))
        .collect();
    let calendar = json!({"time_zone": "UTC", "working_hours": week});
    let (status, body) = ravi
        .patch("/api/v1/me", json!({"calendar": calendar}))
        .await;
    assert_eq!(status, 200, "{body}");
    let (url, arrived) = receiver().await;
    let channel = json!({"kind": "webhook", "target": url, "urgent": true, "digest": false});
    let (status, body) = ravi.post("/api/v1/me/channels", channel).await;
    assert_eq!(status, 201, "{body}");

    ask(&ana, "ravi", "urgent", "Is the deploy stuck?").await;
    let start_at = jiff::Timestamp::from_second(start).unwrap();
    let held = latest(&ravi, "ask.received").await;
    assert_eq!(
        held["deliver_at"].as_str(),
        Some(start_at.to_string().as_str()),
        "{held}"
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(90);
    while arrived.lock().unwrap().is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "nothing arrived by {start_at} + 20 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let got = arrived.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0] >= start_at,
        "delivered at {} before the day began at {start_at}",
        got[0]
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_urgent_notice_held_until_the_working_day_reaches_the_channel_then_sqlite() {
    live_story(TestApp::spawn_live(Db::Sqlite).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_urgent_notice_held_until_the_working_day_reaches_the_channel_then_postgres() {
    if let Some(app) = TestApp::spawn_live(Db::Postgres).await {
        live_story(app).await;
    }
}

both_databases!(
    the_pages_open_snooze_follow_and_save_preferences,
    |app: TestApp| async move {
        use crate::browser::Browser;
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = Browser::sign_in(&app, "ben", Role::Member).await;
        ana.post(
            "/api/v1/spaces",
            json!({"name": "Design", "purpose": "design"}),
        )
        .await;
        let id = ask(&ana, "ben", "normal", "Check the copy?").await;

        let (status, html) = ben.get("/notifications").await;
        assert_eq!(status, 200);
        assert!(!html.contains("once they are set up"), "{html}");
        assert!(html.contains("<h2 id=\"latest\">Latest</h2>") && html.contains("Remind me later"));
        let note = html.split("href=\"/notifications/").nth(1).unwrap();
        let note: i64 = note[..note.find('"').unwrap()].parse().unwrap();
        let csrf = crate::browser::csrf(&html);

        // A time that does not exist is refused on the page; a good one hides it.
        let bad = [
            ("csrf", csrf.clone()),
            ("until", "at".into()),
            ("at", "soon".into()),
        ];
        assert_eq!(
            ben.post(&format!("/notifications/{note}/snooze"), &bad)
                .await
                .0,
            422
        );
        let good = [
            ("csrf", csrf.clone()),
            ("until", "at".into()),
            ("at", "2026-03-12T09:30".into()),
        ];
        let (status, to) = ben
            .post(&format!("/notifications/{note}/snooze"), &good)
            .await;
        assert_eq!((status, to.as_str()), (303, "/notifications?ok=snoozed"));
        let (_, html) = ben.get("/notifications").await;
        assert!(html.contains("<h2 id=\"snoozed\">Snoozed</h2>"), "{html}");
        assert!(html.contains("Back Thu 12 Mar 09:30"), "{html}");

        // Opening it goes to the ask and marks it read (and ends the snooze).
        let (status, _) = ben.get(&format!("/notifications/{note}")).await;
        assert_eq!(status, 303);
        let read = ops_notes(&app, &ben.actor).await;
        assert_eq!(read, vec![(format!("/asks/{id}"), true)]);

        let follow = [("csrf", csrf.clone())];
        let (status, to) = ben.post("/spaces/design/follow", &follow).await;
        assert_eq!((status, to.as_str()), (303, "/spaces/design?ok=following"));
        let (_, html) = ben.get("/spaces/design").await;
        assert!(
            html.contains("action=\"/spaces/design/unfollow\""),
            "{html}"
        );

        let (status, html) = ben.get("/settings/notifications").await;
        assert_eq!(status, 200);
        assert!(html.contains("name=\"space:design\""), "{html}");
        let form = [
            ("csrf", csrf.clone()),
            ("digest_time", "08:15".into()),
            ("dnd", "set".into()),
            ("dnd_until", "2026-03-10T18:00".into()),
            ("space:design", "muted".into()),
        ];
        let (status, to) = ben.post("/settings/notifications", &form).await;
        assert_eq!(
            (status, to.as_str()),
            (
                303,
                "/settings/notifications?ok=notification-preferences-saved"
            )
        );
        let (_, html) = ben.get("/settings/notifications").await;
        assert!(
            html.contains("value=\"08:15\"") && html.contains("Tue 10 Mar 18:00"),
            "{html}"
        );
        assert!(html.contains("<option value=\"muted\" selected>"), "{html}");
        let past = [
            ("csrf", csrf),
            ("dnd", "set".into()),
            ("dnd_until", "2026-03-09T18:00".into()),
        ];
        assert_eq!(ben.post("/settings/notifications", &past).await.0, 422);
        app.stop().await;
    }
);

/// (link, read) of each of the member's shown notifications, newest first.
async fn ops_notes(app: &TestApp, who: &longhand_core::ops::Actor) -> Vec<(String, bool)> {
    let (items, _) = longhand_core::ops::notifications::list(&app.app, who)
        .await
        .unwrap();
    items
        .into_iter()
        .map(|n| (n.link, n.read_at.is_some()))
        .collect()
}

both_databases!(
    a_verdict_clears_the_reviewers_notices_of_the_review,
    |app: TestApp| async move {
        const RFC: &str = "## TL;DR\n\nCache sessions.\n\n## Context\n\nLogins are slow.\n\n## Proposal\n\nA cache.\n\n## Alternatives considered\n\nNone.\n\n## Decision criteria\n\nLatency.\n\n## Ask\n\nReview by Friday; this needs a detailed review.\n\n## Open questions\n\nNone yet.\n";
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let cid = app.signed_in("cid", Role::Member).await;
        ana.post(
            "/api/v1/spaces",
            json!({"name": "Design", "purpose": "design"}),
        )
        .await;
        let doc = json!({"space": "design", "kind": "rfc", "title": "Session cache", "intent": "Decide how we cache sessions",
            "fields": {"deadline": "2026-03-20", "reviewers": ["ben", "cid"], "deciders": []}, "body": RFC});
        let (status, saved) = ana.post("/api/v1/documents", doc).await;
        assert_eq!(status, 201, "{saved}");
        let (status, round) = ana
            .post(
                "/api/v1/documents/session-cache/rounds",
                json!({"window": "5d"}),
            )
            .await;
        assert_eq!(status, 201, "{round}");
        for who in [&ben, &cid] {
            assert_eq!(latest(who, "ask.received").await["read"], false);
        }
        let verdict = json!({"verdict": "approve", "reason": ""});
        let path = "/api/v1/documents/session-cache/rounds/1/verdict";
        let (status, body) = ben.post(path, verdict).await;
        assert_eq!(status, 200, "{body}");
        // Ben answered: his review ask's notice is gone. Cid's stays until Cid answers.
        assert!(
            ben.notification_kinds()
                .await
                .iter()
                .all(|k| k != "ask.received")
        );
        assert_eq!(
            cid.notification_kinds().await,
            vec!["ask.received".to_owned()]
        );
        app.stop().await;
    }
);
