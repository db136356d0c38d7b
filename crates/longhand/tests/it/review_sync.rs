//! A review round that closes with blocking objections standing suggests a 15-minute call
//! (issue #11 §7), on SQLite and PostgreSQL, on the fake clock: between the owner and every
//! objector, once per close (also when the close job runs twice, or on two replicas), none
//! when the objection was withdrawn before the close; a reopened round's suggestion stands,
//! is replaced or is retired at the next close; a revised round settles it; the call recorded
//! asks for its outcome within one business day, and the outcome shows with the round. The
//! document page shows it all in the reader's zone.
//!
//! The clock starts on Tuesday 10 March 2026, 11:00 in Berlin, where the owner works
//! 09:00–17:00 on weekdays; a 5-business-day window then closes on Tuesday 17 March at 11:00
//! Berlin time (10:00 UTC).

use crate::both_databases;
use crate::browser::{Browser, csrf, with_password};
use crate::helpers::{Db, TestApp, code};
use crate::stories::Caller;
use longhand_domain::workspace::{Role, Visibility};
use serde_json::{Value, json};

const RFC: &str = "## TL;DR\n\nCache sessions in Redis.\n\n## Context\n\nLogins hit the database on every request.\n\n## Proposal\n\nA Redis cache with a 30-minute expiry.\n\n## Ask\n\nReview by Friday; this needs a detailed review.\n";

/// Writes the RFC "Session cache" in the open space `design` as `who`; its slug.
async fn proposal(who: &Caller<'_>) -> String {
    let body = json!({"space": "design", "kind": "rfc", "title": "Session cache",
        "intent": "Decide how we cache sessions", "fields": {"deadline": "2026-03-20"}, "body": RFC});
    let (status, saved) = who.post("/api/v1/documents", body).await;
    assert_eq!(status, 201, "{saved}");
    saved["document"]["slug"].as_str().unwrap().to_owned()
}

fn round(slug: &str, number: i64) -> String {
    format!("/api/v1/documents/{slug}/rounds/{number}")
}

/// Opens round 1 of `slug` asking `reviewers`, with a 5-business-day window.
async fn open(owner: &Caller<'_>, slug: &str, reviewers: &[&str]) -> Value {
    let body = json!({"reviewers": reviewers, "deciders": [], "window": "5d"});
    let (status, round) = owner
        .post(&format!("/api/v1/documents/{slug}/rounds"), body)
        .await;
    assert_eq!(status, 201, "{round}");
    round
}

async fn give(who: &Caller<'_>, slug: &str, verdict: &str, reason: &str) {
    let path = format!("{}/verdict", round(slug, 1));
    let (status, body) = who
        .post(&path, json!({"verdict": verdict, "reason": reason}))
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn get_round(who: &Caller<'_>, slug: &str, number: i64) -> Value {
    let (status, body) = who.get(&round(slug, number)).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Runs the jobs due at the instant `at` (an RFC 3339 string from a response), `times` times.
async fn run_at(app: &TestApp, at: &Value, times: usize) {
    app.set_clock(at.as_str().unwrap());
    for _ in 0..times {
        app.run_due_jobs().await;
    }
}

/// Reopens round 1 of `slug` for one business day; the round.
async fn reopen(owner: &Caller<'_>, slug: &str) -> Value {
    let path = format!("{}/reopen", round(slug, 1));
    let (status, body) = owner.post(&path, json!({"window": "1d"})).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// The handles a round's suggestion names.
fn named(round: &Value) -> Vec<String> {
    round["sync"]["suggestion"]["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["handle"].as_str().unwrap().to_owned())
        .collect()
}

fn count(kinds: &[String], kind: &str) -> usize {
    kinds.iter().filter(|k| *k == kind).count()
}

both_databases!(
    a_round_closing_on_a_standing_objection_suggests_a_call_with_the_owner_and_the_objector,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app
            .signed_in_at("ben", Role::Member, "America/New_York")
            .await;
        let cid = app.signed_in("cid", Role::Member).await;
        app.space(&ana.actor, "Design", Visibility::Workspace).await;
        let slug = proposal(&ana).await;
        let opened = open(&ana, &slug, &["ben", "cid"]).await;
        assert_eq!(opened["sync"], json!({"suggestion": null, "calls": []}));
        give(&cid, &slug, "approve", "").await;
        give(&ben, &slug, "object", "Redis is one more thing to run.").await;
        assert_eq!(
            get_round(&ana, &slug, 1).await["sync"]["suggestion"],
            Value::Null
        );
        run_at(&app, &opened["closes_at"], 2).await;
        let closed = get_round(&cid, &slug, 1).await;
        assert_eq!(closed["state"], "closed");
        let suggestion = &closed["sync"]["suggestion"];
        assert_eq!(suggestion["reason"], "objections");
        assert_eq!(
            suggestion["headline"],
            "This review closed with blocking objections still standing — a 15-minute call may settle them"
        );
        assert_eq!(named(&closed), ["ana", "ben"]);
        assert_eq!(suggestion["can_act"], false, "cid approved; only reads");
        // Tuesday 17 March: Berlin (UTC+1) and New York (UTC−4) both work 13:00–16:00 UTC.
        assert_eq!(suggestion["suggested_at"], "2026-03-17T13:00:00Z");
        assert_eq!(
            suggestion["people"][1]["suggested_local"],
            "2026-03-17T09:00:00-04:00"
        );
        assert_eq!(
            get_round(&ben, &slug, 1).await["sync"]["suggestion"]["can_act"],
            true
        );
        for person in [&ana, &ben] {
            let kinds = person.notification_kinds().await;
            assert_eq!(count(&kinds, "sync.suggested"), 1, "{kinds:?}");
        }
        assert_eq!(count(&cid.notification_kinds().await, "sync.suggested"), 0);
        let root = app.member("root", Role::Admin).await;
        let events = app.events_of(&root, "sync.suggested").await;
        assert_eq!(events.len(), 1, "the close job ran twice: one suggestion");
        assert_eq!(events[0]["document"], slug.as_str());
        assert_eq!(events[0]["reason"], "objections");
        assert_eq!(events[0]["people"], json!(["ana", "ben"]));
        assert_eq!(events[0]["thread"], Value::Null);
    }
);

both_databases!(
    an_objection_withdrawn_before_the_close_suggests_no_call,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        app.space(&ana.actor, "Design", Visibility::Workspace).await;
        let slug = proposal(&ana).await;
        let opened = open(&ana, &slug, &["ben"]).await;
        give(&ben, &slug, "object", "Redis is one more thing to run.").await;
        give(&ben, &slug, "approve", "Fair enough, with the expiry.").await;
        run_at(&app, &opened["closes_at"], 1).await;
        let closed = get_round(&ana, &slug, 1).await;
        assert_eq!(closed["state"], "closed");
        assert_eq!(closed["sync"]["suggestion"], Value::Null);
        let root = app.member("root", Role::Admin).await;
        assert!(app.events_of(&root, "sync.suggested").await.is_empty());
        assert_eq!(count(&ana.notification_kinds().await, "sync.suggested"), 0);
        let path = format!("{}/sync/dismiss", round(&slug, 1));
        let (status, body) = ana.post_empty(&path).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
    }
);

both_databases!(
    several_objectors_are_named_on_one_call_also_on_an_early_close,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let cid = app.signed_in("cid", Role::Member).await;
        let dan = app.signed_in("dan", Role::Member).await;
        app.space(&ana.actor, "Design", Visibility::Workspace).await;
        let slug = proposal(&ana).await;
        open(&ana, &slug, &["ben", "cid", "dan"]).await;
        give(&dan, &slug, "object", "Too early.").await;
        give(&cid, &slug, "approve", "").await;
        give(&ben, &slug, "object", "Redis is one more thing to run.").await;
        let (status, closed) = ana.post_empty(&format!("{}/close", round(&slug, 1))).await;
        assert_eq!(status, 200, "{closed}");
        assert_eq!(closed["closed_early"], true);
        // The owner first, then the objectors in the order they were asked.
        assert_eq!(named(&closed), ["ana", "ben", "dan"]);
        for person in [&ben, &dan] {
            assert_eq!(
                count(&person.notification_kinds().await, "sync.suggested"),
                1
            );
        }
        assert_eq!(count(&cid.notification_kinds().await, "sync.suggested"), 0);
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_closing_the_round_suggest_one_call_on_postgres() {
    let Some(app) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let ana = app.signed_in("ana", Role::Member).await;
    let ben = app.signed_in("ben", Role::Member).await;
    app.space(&ana.actor, "Design", Visibility::Workspace).await;
    let slug = proposal(&ana).await;
    let opened = open(&ana, &slug, &["ben"]).await;
    give(&ben, &slug, "object", "Redis is one more thing to run.").await;
    let at = opened["closes_at"].as_str().unwrap().parse().unwrap();
    let (a, b) = app.drain_on_two_replicas(at).await;
    assert!(a + b >= 1, "{a} + {b}");
    let root = app.member("root", Role::Admin).await;
    assert_eq!(app.events_of(&root, "review.closed").await.len(), 1);
    assert_eq!(app.events_of(&root, "sync.suggested").await.len(), 1);
    assert_eq!(count(&ben.notification_kinds().await, "sync.suggested"), 1);
    assert_eq!(named(&get_round(&ana, &slug, 1).await), ["ana", "ben"]);
    app.stop().await;
}

both_databases!(
    a_reopened_round_keeps_replaces_or_retires_its_suggestion_at_the_next_close,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let cid = app.signed_in("cid", Role::Member).await;
        let root = app.member("root", Role::Admin).await;
        app.space(&ana.actor, "Design", Visibility::Workspace).await;
        let slug = proposal(&ana).await;
        let opened = open(&ana, &slug, &["ben", "cid"]).await;
        give(&ben, &slug, "object", "Redis is one more thing to run.").await;
        run_at(&app, &opened["closes_at"], 1).await;
        let first = get_round(&ana, &slug, 1).await["sync"]["suggestion"]["id"].clone();
        // Reopened, the suggestion stays: a call while the window runs may settle it.
        let reopened = reopen(&ana, &slug).await;
        assert_eq!(reopened["state"], "open");
        assert_eq!(reopened["sync"]["suggestion"]["id"], first);
        // Closing again on the same objection: it stands, and nobody hears of it twice.
        run_at(&app, &reopened["closes_at"], 1).await;
        let again = get_round(&ana, &slug, 1).await;
        assert_eq!(again["state"], "closed");
        assert_eq!(again["sync"]["suggestion"]["id"], first);
        assert_eq!(app.events_of(&root, "sync.suggested").await.len(), 1);
        assert_eq!(count(&ben.notification_kinds().await, "sync.suggested"), 1);
        // Other people object now: the old suggestion is retired and a new one names them.
        let reopened = reopen(&ana, &slug).await;
        give(&ben, &slug, "approve", "").await;
        give(&cid, &slug, "object", "The expiry is too short.").await;
        run_at(&app, &reopened["closes_at"], 1).await;
        let replaced = get_round(&ana, &slug, 1).await;
        assert_ne!(replaced["sync"]["suggestion"]["id"], first);
        assert_eq!(named(&replaced), ["ana", "cid"]);
        let retired = app.events_of(&root, "sync.retired").await;
        assert_eq!(retired.len(), 1);
        assert_eq!(retired[0]["suggestion"], first);
        assert_eq!(retired[0]["document"], slug.as_str());
        // Every objection withdrawn: the suggestion is retired, and nothing replaces it.
        let reopened = reopen(&ana, &slug).await;
        give(&cid, &slug, "approve_with_comments", "Make it an hour.").await;
        run_at(&app, &reopened["closes_at"], 1).await;
        assert_eq!(
            get_round(&ana, &slug, 1).await["sync"]["suggestion"],
            Value::Null
        );
        assert_eq!(app.events_of(&root, "sync.retired").await.len(), 2);
        assert_eq!(app.events_of(&root, "sync.suggested").await.len(), 2);
    }
);

both_databases!(
    a_dismissed_suggestion_returns_when_the_reopened_round_closes_on_objections_again,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let cid = app.signed_in("cid", Role::Member).await;
        app.space(&ana.actor, "Design", Visibility::Workspace).await;
        let slug = proposal(&ana).await;
        let opened = open(&ana, &slug, &["ben"]).await;
        give(&ben, &slug, "object", "Redis is one more thing to run.").await;
        run_at(&app, &opened["closes_at"], 1).await;
        let dismiss = format!("{}/sync/dismiss", round(&slug, 1));
        let (status, body) = cid.post_empty(&dismiss).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("(@ana, @ben)"),
            "{body}"
        );
        let (status, body) = ben.post_empty(&dismiss).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["suggestion"], Value::Null);
        let reopened = reopen(&ana, &slug).await;
        assert_eq!(reopened["sync"]["suggestion"], Value::Null);
        run_at(&app, &reopened["closes_at"], 1).await;
        let closed = get_round(&ana, &slug, 1).await;
        assert_eq!(named(&closed), ["ana", "ben"]);
        let root = app.member("root", Role::Admin).await;
        assert_eq!(app.events_of(&root, "sync.suggested").await.len(), 2);
        assert_eq!(app.events_of(&root, "sync.dismissed").await.len(), 1);
    }
);

both_databases!(
    a_revised_round_settles_its_suggestion,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        app.space(&ana.actor, "Design", Visibility::Workspace).await;
        let slug = proposal(&ana).await;
        let opened = open(&ana, &slug, &["ben"]).await;
        give(&ben, &slug, "object", "Redis is one more thing to run.").await;
        run_at(&app, &opened["closes_at"], 1).await;
        let path = format!("{}/revise", round(&slug, 1));
        let (status, next) = ana.post(&path, json!({})).await;
        assert_eq!(status, 201, "{next}");
        assert_eq!(next["sync"]["suggestion"], Value::Null, "round 2 is open");
        let revised = get_round(&ben, &slug, 1).await;
        assert_eq!(revised["state"], "revised");
        assert_eq!(revised["sync"]["suggestion"], Value::Null);
        for action in ["dismiss", "calls"] {
            let path = format!("{}/sync/{action}", round(&slug, 1));
            let (status, body) = ben.post(&path, json!({})).await;
            assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
            assert!(
                body["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("the review round is decided or revised"),
                "{body}"
            );
        }
        let (status, body) = ben
            .post_empty(&format!("{}/sync/dismiss", round(&slug, 9)))
            .await;
        assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
    }
);

both_databases!(
    recording_the_call_asks_for_its_outcome_within_one_business_day,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app
            .signed_in_at("ben", Role::Member, "America/New_York")
            .await;
        app.space(&ana.actor, "Design", Visibility::Workspace).await;
        let slug = proposal(&ana).await;
        let opened = open(&ana, &slug, &["ben"]).await;
        give(&ben, &slug, "object", "Redis is one more thing to run.").await;
        run_at(&app, &opened["closes_at"], 1).await;
        // Ben records the call at 10:30 on Tuesday in New York and writes the outcome himself.
        app.set_clock("2026-03-17T14:30:00.250000123Z");
        let calls = format!("{}/sync/calls", round(&slug, 1));
        let record = json!({"held_at": "2026-03-17T10:00:00-04:00", "note": "Talked it through"});
        let (status, call) = ben.post(&calls, record).await;
        assert_eq!(status, 201, "{call}");
        assert_eq!(call["held_at"], "2026-03-17T14:00:00Z");
        assert_eq!(call["owner"]["handle"], "ben");
        // One business day in Ben's calendar: Wednesday 10:30 in New York.
        assert_eq!(call["ask"]["due_at"], "2026-03-18T14:30:00Z");
        assert_eq!(call["ask"]["state"], "open");
        let (status, ask) = ben
            .get(&format!("/api/v1/asks/{}", call["ask"]["id"]))
            .await;
        assert_eq!(status, 200, "{ask}");
        assert_eq!(ask["kind"], "answer");
        assert_eq!(ask["responder"]["handle"], "ben");
        assert_eq!(
            ask["asker"]["handle"], "ana",
            "Ben owns it, so Ana waits on it"
        );
        assert_eq!(ask["subject"], slug.as_str());
        let (status, body) = ana.post(&calls, json!({})).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        let seen = get_round(&ana, &slug, 1).await;
        assert_eq!(seen["sync"]["suggestion"], Value::Null);
        assert_eq!(seen["sync"]["calls"][0]["id"], call["id"]);
        assert_eq!(seen["sync"]["calls"][0]["can_post_outcome"], false);
        let outcome = format!("{calls}/{}/outcome", call["id"]);
        let text = json!({"outcome": "Redis, but with a **one-hour** expiry."});
        let (status, body) = ana.post(&outcome, text.clone()).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        let (status, written) = ben.post(&outcome, text.clone()).await;
        assert_eq!(status, 200, "{written}");
        assert_eq!(written["outcome"]["comment"], Value::Null, "no thread");
        assert_eq!(written["ask"]["state"], "answered");
        let (status, body) = ben.post(&outcome, text).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        let seen = get_round(&ana, &slug, 1).await;
        let shown = &seen["sync"]["calls"][0]["outcome"];
        assert_eq!(shown["text"], "Redis, but with a **one-hour** expiry.");
        assert!(
            shown["html"]
                .as_str()
                .unwrap()
                .contains("<strong>one-hour</strong>")
        );
        assert_eq!(shown["by"]["handle"], "ben");
        // Ana, who waited on the outcome, hears that it was answered.
        assert_eq!(count(&ana.notification_kinds().await, "ask.closed"), 1);
    }
);

both_databases!(
    the_document_page_shows_the_suggestion_and_the_call_in_each_readers_zone,
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
        let slug = proposal(&ana).await;
        let opened = open(&ana, &slug, &["ben"]).await;
        give(&ben, &slug, "object", "Redis is one more thing to run.").await;
        run_at(&app, &opened["closes_at"], 1).await;
        let page = format!("/docs/{slug}");
        let reader = Browser::log_in(&app, cy_actor).await;
        let (status, html) = reader.get(&page).await;
        assert_eq!(status, 200);
        assert!(
            html.contains("This review closed with blocking objections still standing — a 15-minute call may settle them"),
            "{html}"
        );
        assert!(html.contains("Between Ana Lima and BEN Tester."), "{html}");
        // 13:00 UTC is 18:30 in Kolkata, 14:00 in Berlin and 09:00 in New York.
        assert!(html.contains("Tue 17 Mar 18:30, Kolkata time"), "{html}");
        assert!(
            html.contains("Tue 17 Mar 14:00 for Ana Lima, Berlin time"),
            "{html}"
        );
        assert!(
            html.contains("Tue 17 Mar 09:00 for BEN Tester, New York time"),
            "{html}"
        );
        assert!(html.contains("id=\"round-1-sync\""), "{html}");
        assert!(
            !html.contains("/sync/calls\""),
            "cy reads but may not record"
        );
        let owner = Browser::log_in(&app, ana_actor).await;
        let (_, html) = owner.get(&page).await;
        let action = format!("/docs/{slug}/rounds/1/sync");
        assert!(
            html.contains(&format!("action=\"{action}/calls\"")),
            "{html}"
        );
        assert!(
            html.contains(&format!("action=\"{action}/dismiss\"")),
            "{html}"
        );
        let token = csrf(&html);
        // At 12:00 in Berlin, Ana records a call held at 11:30 her time.
        app.set_clock("2026-03-17T11:00:00Z");
        let form = [
            ("csrf", token.clone()),
            ("held_at", "2026-03-17T11:30".to_owned()),
            ("people", "ana, ben".to_owned()),
            ("owner", String::new()),
            ("note", "Settled on an expiry".to_owned()),
        ];
        let (status, location) = owner.post(&format!("{action}/calls"), &form).await;
        assert_eq!(status, 303);
        assert!(location.contains("ok=call-recorded"), "{location}");
        let (_, html) = owner.get(&page).await;
        assert!(
            !html.contains("blocking objections still standing —"),
            "{html}"
        );
        assert!(html.contains("Settled on an expiry"), "{html}");
        // Recorded at 12:00 in Berlin: due at 12:00 on Wednesday.
        assert!(
            html.contains("Written outcome owed by Ana Lima, due Wed 18 Mar 12:00"),
            "{html}"
        );
        let round1 = get_round(&ana, &slug, 1).await;
        let call = &round1["sync"]["calls"][0];
        assert_eq!(call["held_at"], "2026-03-17T10:30:00Z", "11:30 Berlin time");
        let outcome = format!("{action}/calls/{}/outcome", call["id"]);
        let form = [
            ("csrf", token.clone()),
            ("outcome", "An **hour** of expiry.".to_owned()),
        ];
        let (status, location) = owner.post(&outcome, &form).await;
        assert_eq!(status, 303);
        assert!(location.contains("ok=outcome-posted"), "{location}");
        let (_, html) = reader.get(&page).await;
        assert!(
            html.contains("Outcome by Ana Lima, Tue 17 Mar 16:30"),
            "{html}"
        );
        assert!(
            html.contains("An <strong>hour</strong> of expiry."),
            "{html}"
        );
        // The synthesis lists the call with its outcome beside the objections.
        let (status, synthesis) = owner.get(&format!("/docs/{slug}/rounds/1/synthesis")).await;
        assert_eq!(status, 200);
        let objections = &synthesis[synthesis.find("id=\"objections\"").unwrap()..];
        assert!(
            objections.contains("An <strong>hour</strong> of expiry."),
            "{synthesis}"
        );
        let (status, ask) = owner.get(&format!("/asks/{}", call["ask"]["id"])).await;
        assert_eq!(status, 200);
        assert!(ask.contains(&format!("<a href=\"/docs/{slug}\">")), "{ask}");
        // A second outcome is refused on the page with the reason.
        let again = owner
            .client
            .post(format!("{}{outcome}", app.url))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status().as_u16(), 409);
        let html = again.text().await.unwrap();
        assert!(
            html.contains("this call&#39;s outcome was already posted"),
            "{html}"
        );
        let (status, _) = owner
            .post(
                &format!("/docs/{slug}/rounds/7/sync/dismiss"),
                &[("csrf", token)],
            )
            .await;
        assert_eq!(status, 404);
    }
);
