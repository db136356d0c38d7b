//! Sync escalation on threads (issue #11 §7), on both databases: six alternating turns
//! between the same two people suggest a 15-minute call at a time both work; five turns, a
//! third voice or a double post do not; either of the two may dismiss it or record the call,
//! which asks for a written outcome due one business day later in the owner's calendar; the
//! outcome, posted on the thread, answers that ask. Plus who may do what, and bad input.

use crate::both_databases;
use crate::browser::{Browser, csrf, with_password};
use crate::helpers::{TestApp, code};
use crate::stories::Caller;
use longhand_domain::workspace::{Role, Visibility};
use serde_json::{Value, json};

/// Starts a topic thread in `space` as `by`; its id.
async fn topic(by: &Caller<'_>, space: &str) -> i64 {
    let body = json!({"title": "Retry policy", "body": "Should retries back off?"});
    let (status, posted) = by
        .post(&format!("/api/v1/spaces/{space}/threads"), body)
        .await;
    assert_eq!(status, 201, "{posted}");
    posted["thread"]["id"].as_i64().unwrap()
}

/// Each of `people` replies once, in order.
async fn replies(id: i64, people: &[&Caller<'_>]) {
    for (turn, person) in people.iter().enumerate() {
        let body = json!({"body": format!("Turn {turn}: I still think otherwise.")});
        let (status, posted) = person
            .post(&format!("/api/v1/threads/{id}/comments"), body)
            .await;
        assert_eq!(status, 201, "{posted}");
    }
}

/// The thread's sync escalation as `reader` sees it.
async fn sync_of(reader: &Caller<'_>, id: i64) -> Value {
    let (status, body) = reader.get(&format!("/api/v1/threads/{id}/sync")).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Ana (Berlin) and Ben (New York), and the open design space Ana runs.
async fn pair(app: &TestApp) -> (Caller<'_>, Caller<'_>) {
    let ana = app.signed_in_at("ana", Role::Member, "Europe/Berlin").await;
    let ben = app
        .signed_in_at("ben", Role::Member, "America/New_York")
        .await;
    app.space(&ana.actor, "Design", Visibility::Workspace).await;
    (ana, ben)
}

/// A thread Ana started on which she and Ben took six alternating turns.
async fn circling_thread(ana: &Caller<'_>, ben: &Caller<'_>, space: &str) -> i64 {
    let id = topic(ana, space).await;
    replies(id, &[ben, ana, ben, ana, ben]).await;
    id
}

both_databases!(
    six_alternating_turns_suggest_a_call_at_a_time_both_work,
    |app: TestApp| async move {
        let (ana, ben) = pair(&app).await;
        let id = topic(&ana, "design").await;
        replies(id, &[&ben, &ana, &ben, &ana]).await;
        assert_eq!(
            sync_of(&ana, id).await["suggestion"],
            Value::Null,
            "five turns"
        );
        assert!(
            !ben.notification_kinds()
                .await
                .contains(&"sync.suggested".to_owned())
        );
        replies(id, &[&ben]).await;
        let seen = sync_of(&ben, id).await;
        let suggestion = &seen["suggestion"];
        assert_eq!(suggestion["reason"], "circles");
        assert_eq!(
            suggestion["headline"],
            "This thread is going in circles — a 15-minute call may settle it"
        );
        assert_eq!(suggestion["can_act"], true);
        // Tuesday 10 March: Berlin (UTC+1) and New York (already UTC−4) both work 13:00–16:00
        // UTC, so the first quarter hour after 10:00:00.123456 is 13:00.
        assert_eq!(suggestion["suggested_at"], "2026-03-10T13:00:00Z");
        let people = suggestion["people"].as_array().unwrap();
        let locals: Vec<(&str, &str)> = people
            .iter()
            .map(|p| {
                (
                    p["handle"].as_str().unwrap(),
                    p["suggested_local"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            locals,
            [
                ("ana", "2026-03-10T14:00:00+01:00"),
                ("ben", "2026-03-10T09:00:00-04:00")
            ]
        );
        for person in [&ana, &ben] {
            assert!(
                person
                    .notification_kinds()
                    .await
                    .contains(&"sync.suggested".to_owned())
            );
        }
        let admin = app.member("root", Role::Admin).await;
        let events = app.events_of(&admin, "sync.suggested").await;
        assert_eq!(events.len(), 1);
        assert_eq!(events[0]["thread"], id);
        assert_eq!(events[0]["people"], json!(["ana", "ben"]));
        // A seventh turn continues the same circle: still one suggestion.
        replies(id, &[&ana]).await;
        assert_eq!(app.events_of(&admin, "sync.suggested").await.len(), 1);
        assert_eq!(
            sync_of(&ana, id).await["suggestion"]["id"],
            suggestion["id"]
        );
    }
);

both_databases!(
    a_third_voice_or_a_double_post_breaks_the_circle,
    |app: TestApp| async move {
        let (ana, ben) = pair(&app).await;
        let cy = app.signed_in("cy", Role::Member).await;
        let interrupted = topic(&ana, "design").await;
        replies(interrupted, &[&ben, &cy, &ben, &ana, &ben, &ana]).await;
        assert_eq!(sync_of(&ana, interrupted).await["suggestion"], Value::Null);
        // Six alternating turns after the interruption are a circle again.
        replies(interrupted, &[&ben, &ana]).await;
        let found = sync_of(&cy, interrupted).await;
        assert_eq!(found["suggestion"]["people"][0]["handle"], "ben");
        assert_eq!(found["suggestion"]["can_act"], false, "cy only reads");
        let doubled = topic(&ana, "design").await;
        replies(doubled, &[&ben, &ana, &ana, &ben, &ana, &ben]).await;
        assert_eq!(sync_of(&ana, doubled).await["suggestion"], Value::Null);
        // A resolved thread is settled: no suggestion, however it goes on.
        let resolved = topic(&ana, "design").await;
        let (status, body) = ana
            .post(
                &format!("/api/v1/threads/{resolved}/resolve"),
                json!({"resolved": true}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        replies(resolved, &[&ben, &ana, &ben, &ana, &ben]).await;
        assert_eq!(sync_of(&ana, resolved).await["suggestion"], Value::Null);
        // Reopened, the resolution did not hold: the turns still count.
        let (status, body) = ana
            .post(
                &format!("/api/v1/threads/{resolved}/resolve"),
                json!({"resolved": false}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(sync_of(&ana, resolved).await["suggestion"], Value::Null);
        replies(resolved, &[&ana]).await;
        assert_eq!(
            sync_of(&ana, resolved).await["suggestion"]["reason"],
            "circles"
        );
    }
);

both_databases!(
    a_dismissed_suggestion_returns_only_after_six_fresh_turns,
    |app: TestApp| async move {
        let (ana, ben) = pair(&app).await;
        let cy = app.signed_in("cy", Role::Member).await;
        let id = circling_thread(&ana, &ben, "design").await;
        let dismiss = format!("/api/v1/threads/{id}/sync/dismiss");
        let (status, body) = cy.post_empty(&dismiss).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        let (status, body) = ben.post_empty(&dismiss).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["suggestion"], Value::Null);
        let (status, body) = ana.post_empty(&dismiss).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        replies(id, &[&ana, &ben, &ana, &ben, &ana]).await;
        assert_eq!(
            sync_of(&ana, id).await["suggestion"],
            Value::Null,
            "five fresh turns"
        );
        replies(id, &[&ben]).await;
        assert_eq!(sync_of(&ana, id).await["suggestion"]["reason"], "circles");
        let admin = app.member("root", Role::Admin).await;
        assert_eq!(
            app.events_of(&admin, "sync.dismissed").await[0]["thread"],
            id
        );
    }
);

both_databases!(
    recording_a_call_asks_for_the_outcome_within_one_business_day,
    |app: TestApp| async move {
        let ana = app.signed_in_at("ana", Role::Member, "Europe/Berlin").await;
        let ben = app
            .signed_in_at("ben", Role::Member, "America/Sao_Paulo")
            .await;
        app.space(&ana.actor, "Design", Visibility::Workspace).await;
        app.set_clock("2026-03-11T13:00:00.250000123Z");
        let id = circling_thread(&ana, &ben, "design").await;
        // Ben records the call at 11:30:00.654321 on Wednesday in São Paulo (UTC−3).
        app.set_clock("2026-03-11T14:30:00.654321987Z");
        let record = json!({"held_at": "2026-03-11T11:15:00-03:00", "note": "Talked it through"});
        let (status, call) = ben
            .post(&format!("/api/v1/threads/{id}/sync/calls"), record)
            .await;
        assert_eq!(status, 201, "{call}");
        assert_eq!(call["held_at"], "2026-03-11T14:15:00Z");
        assert_eq!(call["owner"]["handle"], "ben");
        assert_eq!(call["note"], "Talked it through");
        let people: Vec<&str> = call["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["handle"].as_str().unwrap())
            .collect();
        assert_eq!(people, ["ana", "ben"]);
        // One business day in Ben's calendar: Thursday 11:30 in São Paulo.
        assert_eq!(call["ask"]["due_at"], "2026-03-12T14:30:00Z");
        assert_eq!(call["ask"]["state"], "open");
        assert_eq!(call["can_post_outcome"], true);
        let (status, ask) = ben
            .get(&format!("/api/v1/asks/{}", call["ask"]["id"]))
            .await;
        assert_eq!(status, 200, "{ask}");
        assert_eq!(ask["kind"], "answer");
        assert_eq!(ask["responder"]["handle"], "ben", "{ask}");
        assert_eq!(
            ask["asker"]["handle"], "ana",
            "Ben owns it, so Ana waits on it"
        );
        assert_eq!(ask["subject"], format!("/threads/{id}"));
        assert_eq!(ask["due_at"], "2026-03-12T14:30:00Z");
        assert!(
            ben.notification_kinds()
                .await
                .contains(&"ask.received".to_owned())
        );
        assert_eq!(sync_of(&ana, id).await["suggestion"], Value::Null);
        let (status, body) = ana
            .post(&format!("/api/v1/threads/{id}/sync/calls"), json!({}))
            .await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        let admin = app.member("root", Role::Admin).await;
        let recorded = app.events_of(&admin, "sync.call_recorded").await;
        assert_eq!(recorded[0]["ask"], call["ask"]["id"]);
    }
);

both_databases!(
    a_named_owner_is_asked_by_the_recorder,
    |app: TestApp| async move {
        let (ana, ben) = pair(&app).await;
        let id = circling_thread(&ana, &ben, "design").await;
        let record = json!({"owner": "ben"});
        let (status, call) = ana
            .post(&format!("/api/v1/threads/{id}/sync/calls"), record)
            .await;
        assert_eq!(status, 201, "{call}");
        assert_eq!(call["recorded_by"]["handle"], "ana");
        assert_eq!(call["held_at"], "2026-03-10T10:00:00.123456Z");
        assert_eq!(call["can_post_outcome"], false, "Ben owes it, not Ana");
        let (status, ask) = ben
            .get(&format!("/api/v1/asks/{}", call["ask"]["id"]))
            .await;
        assert_eq!(status, 200, "{ask}");
        assert_eq!(ask["asker"]["handle"], "ana", "{ask}");
        assert_eq!(ask["responder"]["handle"], "ben", "{ask}");
        // Tuesday 10:00:00.123456 UTC is 06:00 in New York, before Ben's day starts, which
        // counts as the end of Monday's: one business day later is the end of Tuesday's, 17:00
        // New York time.
        assert_eq!(ask["due_at"], "2026-03-10T21:00:00Z");
    }
);

both_databases!(
    posting_the_outcome_answers_the_ask_and_shows_on_the_thread,
    |app: TestApp| async move {
        let (ana, ben) = pair(&app).await;
        let cy = app.signed_in("cy", Role::Member).await;
        let id = circling_thread(&ana, &ben, "design").await;
        let record = json!({"people": ["ana", "ben", "cy"], "owner": "ben"});
        let (status, call) = ana
            .post(&format!("/api/v1/threads/{id}/sync/calls"), record)
            .await;
        assert_eq!(status, 201, "{call}");
        let outcome = format!("/api/v1/threads/{id}/sync/calls/{}/outcome", call["id"]);
        let text = json!({"outcome": "We back off exponentially, capped at **30 s**."});
        let (status, body) = ana.post(&outcome, text.clone()).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        let (status, written) = ben.post(&outcome, text.clone()).await;
        assert_eq!(status, 200, "{written}");
        assert_eq!(written["ask"]["state"], "answered");
        assert_eq!(written["can_post_outcome"], false);
        let posted = &written["outcome"];
        assert_eq!(posted["by"]["handle"], "ben");
        assert!(
            posted["html"]
                .as_str()
                .unwrap()
                .contains("<strong>30 s</strong>")
        );
        let (status, thread) = ana.get(&format!("/api/v1/threads/{id}")).await;
        assert_eq!(status, 200, "{thread}");
        let last = thread["comments"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(last["id"], posted["comment"]);
        assert_eq!(
            last["body"],
            "We back off exponentially, capped at **30 s**."
        );
        let (status, ask) = ana
            .get(&format!("/api/v1/asks/{}", call["ask"]["id"]))
            .await;
        assert_eq!(status, 200, "{ask}");
        assert_eq!(ask["state"], "answered");
        assert!(
            ana.notification_kinds()
                .await
                .contains(&"ask.closed".to_owned())
        );
        assert!(
            cy.notification_kinds()
                .await
                .contains(&"sync.outcome".to_owned())
        );
        let (status, body) = ben.post(&outcome, text).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        let seen = sync_of(&cy, id).await;
        assert_eq!(seen["calls"][0]["outcome"]["comment"], posted["comment"]);
        let admin = app.member("root", Role::Admin).await;
        assert_eq!(
            app.events_of(&admin, "sync.outcome_posted").await[0]["answered"],
            true
        );
    }
);

both_databases!(
    only_readers_see_it_and_only_its_people_act,
    |app: TestApp| async move {
        let (ana, ben) = pair(&app).await;
        let cy = app.signed_in("cy", Role::Member).await;
        app.space(&ana.actor, "Inner", Visibility::Private).await;
        app.add_to_space(&ana.actor, "inner", &["ben"]).await;
        let private = circling_thread(&ana, &ben, "inner").await;
        let base = format!("/api/v1/threads/{private}/sync");
        for (method, path, body) in [
            ("GET", base.clone(), None),
            ("POST", format!("{base}/dismiss"), None),
            ("POST", format!("{base}/calls"), Some(json!({}))),
            (
                "POST",
                format!("{base}/calls/1/outcome"),
                Some(json!({"outcome": "x"})),
            ),
        ] {
            let (status, answer) = cy.send(method, &path, body).await;
            assert_eq!(
                (status, code(&answer)),
                (404, "not_found"),
                "{method} {path}: {answer}"
            );
        }
        let open = circling_thread(&ana, &ben, "design").await;
        let (status, body) = cy
            .post(&format!("/api/v1/threads/{open}/sync/calls"), json!({}))
            .await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        // The outcome's owner must be able to read the thread the outcome is posted on.
        let record = json!({"people": ["ana", "ben", "cy"], "owner": "cy"});
        let (status, body) = ana.post(&format!("{base}/calls"), record).await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("@cy cannot read")
        );
        let (status, body) = ana
            .post(
                &format!("{base}/calls/999/outcome"),
                json!({"outcome": "x"}),
            )
            .await;
        assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    }
);

both_databases!(bad_input_is_a_422, |app: TestApp| async move {
    let (ana, ben) = pair(&app).await;
    app.signed_in("cy", Role::Member).await;
    let id = circling_thread(&ana, &ben, "design").await;
    let calls = format!("/api/v1/threads/{id}/sync/calls");
    let long = "x".repeat(2001);
    for body in [
        json!({"held_at": "2026-03-10T10:05:00Z"}),
        json!({"held_at": "2026-03-09T10:00:00Z"}),
        json!({"held_at": "yesterday"}),
        json!({"people": ["ana"]}),
        json!({"people": ["ana", "ana"]}),
        json!({"people": ["ana", "zed"]}),
        json!({"people": ["ana", "not a handle"]}),
        json!({"owner": "zed"}),
        json!({"people": ["ana", "ben"], "owner": "cy"}),
        json!({"note": long}),
        json!({"note": "nul \u{0} here"}),
        json!({"colour": "blue"}),
    ] {
        let (status, answer) = ana.post(&calls, body.clone()).await;
        assert_eq!(
            (status, code(&answer)),
            (422, "invalid"),
            "{body}: {answer}"
        );
    }
    assert_eq!(
        sync_of(&ana, id).await["suggestion"]["reason"],
        "circles",
        "still open"
    );
    let (status, call) = ana.post(&calls, json!({})).await;
    assert_eq!(status, 201, "{call}");
    let outcome = format!("{calls}/{}/outcome", call["id"]);
    for body in [
        json!({"outcome": "   "}),
        json!({"outcome": "x".repeat(20_001)}),
        json!({}),
    ] {
        let (status, answer) = ana.post(&outcome, body.clone()).await;
        assert_eq!((status, code(&answer)), (422, "invalid"), "{answer}");
    }
});

both_databases!(
    the_thread_page_shows_the_banner_in_each_readers_zone,
    |app: TestApp| async move {
        let ana_actor = with_password(&app, "ana", "Ana Lima", Role::Member).await;
        let ana = app.signed_in_as(ana_actor.clone()).await;
        let ben = app
            .signed_in_at("ben", Role::Member, "America/New_York")
            .await;
        let cy_actor = with_password(&app, "cy", "Cy Rao", Role::Member).await;
        let cy = app.signed_in_as(cy_actor.clone()).await;
        cy.office_hours("Asia/Kolkata", json!([])).await;
        app.space(&ana.actor, "Design", Visibility::Workspace).await;
        let id = circling_thread(&ana, &ben, "design").await;
        let page = format!("/threads/{id}");
        let reader = Browser::log_in(&app, cy_actor).await;
        let (status, html) = reader.get(&page).await;
        assert_eq!(status, 200);
        assert!(html.contains("This thread is going in circles — a 15-minute call may settle it"));
        assert!(html.contains("Between Ana Lima and BEN Tester."), "{html}");
        // 13:00 UTC is 18:30 in Kolkata, 14:00 in Berlin and 09:00 in New York.
        assert!(html.contains("Tue 10 Mar 18:30, Kolkata time"), "{html}");
        assert!(
            html.contains("Tue 10 Mar 14:00 for Ana Lima, Berlin time"),
            "{html}"
        );
        assert!(
            html.contains("Tue 10 Mar 09:00 for BEN Tester, New York time"),
            "{html}"
        );
        assert!(
            !html.contains("/sync/calls\""),
            "cy reads but may not record"
        );
        let owner = Browser::log_in(&app, ana_actor).await;
        let (_, html) = owner.get(&page).await;
        let token = csrf(&html);
        app.clock_forward_minutes(60);
        let form = [
            ("csrf", token.clone()),
            ("held_at", "2026-03-10T11:30".to_owned()),
            ("people", "ana, ben".to_owned()),
            ("owner", String::new()),
            ("note", "Settled on backoff".to_owned()),
        ];
        let (status, location) = owner.post(&format!("{page}/sync/calls"), &form).await;
        assert_eq!(status, 303);
        assert!(location.starts_with(&format!("{page}#call-")), "{location}");
        let (_, html) = owner.get(&page).await;
        assert!(!html.contains("going in circles"));
        assert!(html.contains("Settled on backoff"));
        // Recorded at 12:00 in Berlin: due at 12:00 on Wednesday.
        assert!(
            html.contains("Written outcome owed by Ana Lima, due Wed 11 Mar 12:00"),
            "{html}"
        );
        let call = &sync_of(&ana, id).await["calls"][0];
        assert_eq!(call["held_at"], "2026-03-10T10:30:00Z", "11:30 Berlin time");
        let form = [
            ("csrf", token.clone()),
            ("outcome", "Exponential backoff.".to_owned()),
        ];
        let action = format!("{page}/sync/calls/{}/outcome", call["id"]);
        let (status, location) = owner.post(&action, &form).await;
        assert_eq!(status, 303);
        assert!(location.starts_with(&format!("{page}#c")), "{location}");
        let (_, html) = owner.get(&page).await;
        assert!(html.contains("call outcome"));
        let (status, ask) = owner.get(&format!("/asks/{}", call["ask"]["id"])).await;
        assert_eq!(status, 200);
        assert!(
            ask.contains(&format!("<a href=\"{page}\">the thread</a>")),
            "{ask}"
        );
        let form = [("csrf", token), ("held_at", "soon".to_owned())];
        let other = circling_thread(&ana, &ben, "design").await;
        let (status, location) = owner
            .post(&format!("/threads/{other}/sync/calls"), &form)
            .await;
        assert_eq!(status, 303);
        assert!(location.contains("error="), "{location}");
    }
);
