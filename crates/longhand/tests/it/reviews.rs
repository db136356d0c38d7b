//! Review rounds through the API and the job queue, on SQLite and PostgreSQL, on the fake
//! clock: opening, verdicts, the closing-soon notice and the close (exactly once, also with
//! two replicas), early close, reopening and revising, the decision rules (irreversible
//! consent, the DRI's tie-break, open questions) and publishing the decision record. One story
//! runs on the real clock with a window of seconds.
//!
//! The clock starts on Tuesday 10 March 2026, 11:00 in Berlin, where everyone works
//! 09:00–17:00 on weekdays. A 5-business-day window then closes on Tuesday 17 March at 11:00
//! and warns on Thursday 12 March at 11:00, 24 business hours before.

use crate::both_databases;
use crate::browser::{Browser, csrf, post_raw, with_password};
use crate::helpers::{Db, TestApp, code};
use crate::stories::Caller;
use longhand_core::ops::Actor;
use longhand_domain::workspace::{Role, Visibility};
use serde_json::{Value, json};
use std::time::Duration;

const RFC: &str = "## TL;DR\n\nCache sessions in Redis.\n\n## Context\n\nLogins hit the database on every request.\n\n## Proposal\n\nA Redis cache with a 30-minute expiry.\n\n## Alternatives considered\n\nDoing nothing; an in-process cache.\n\n## Decision criteria\n\nLatency first, then cost.\n\n## Ask\n\nReview by Friday; this needs a detailed review.\n\n## Open questions\n\nNone yet.\n";

const ADR: &str = "## Context\n\nSessions live in process memory.\n\n## Options considered\n\n- Memory.\n- A database table.\n\n## Decision\n\nWe will keep sessions in memory.\n\n## Rationale\n\nIt is the simplest thing.\n\n## Consequences\n\nA restart signs everyone out.\n";

/// The owner `ana`, the reviewers `ben` and `cid`, the deciders `dan` and `eve` (all on
/// Berlin time), the admin `root` who reads the event log, and the open space `design`.
struct Cast<'a> {
    ana: Caller<'a>,
    ben: Caller<'a>,
    cid: Caller<'a>,
    dan: Caller<'a>,
    eve: Caller<'a>,
    root: Actor,
}

async fn cast(app: &TestApp) -> Cast<'_> {
    let cast = Cast {
        ana: app.signed_in("ana", Role::Member).await,
        ben: app.signed_in("ben", Role::Member).await,
        cid: app.signed_in("cid", Role::Member).await,
        dan: app.signed_in("dan", Role::Member).await,
        eve: app.signed_in("eve", Role::Member).await,
        root: app.member("root", Role::Admin).await,
    };
    app.space(&cast.ana.actor, "design", Visibility::Workspace)
        .await;
    cast
}

/// Writes the RFC "Session cache" by `who` with these reviewers and deciders fields.
async fn proposal(who: &Caller<'_>, reviewers: &[&str], deciders: &[&str]) -> String {
    let body = json!({"space": "design", "kind": "rfc", "title": "Session cache", "intent": "Decide how we cache sessions",
        "fields": {"deadline": "2026-03-20", "reviewers": reviewers, "deciders": deciders}, "body": RFC});
    let (status, saved) = who.post("/api/v1/documents", body).await;
    assert_eq!(status, 201, "{saved}");
    saved["document"]["slug"].as_str().unwrap().to_owned()
}

fn rounds(slug: &str) -> String {
    format!("/api/v1/documents/{slug}/rounds")
}

fn round(slug: &str, number: i64) -> String {
    format!("/api/v1/documents/{slug}/rounds/{number}")
}

async fn open(who: &Caller<'_>, slug: &str, body: Value) -> Value {
    let (status, round) = who.post(&rounds(slug), body).await;
    assert_eq!(status, 201, "{round}");
    round
}

async fn give(who: &Caller<'_>, slug: &str, number: i64, verdict: &str, reason: &str) -> Value {
    let path = format!("{}/verdict", round(slug, number));
    let (status, body) = who
        .post(&path, json!({"verdict": verdict, "reason": reason}))
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn get_round(who: &Caller<'_>, slug: &str, number: i64) -> Value {
    let (status, body) = who.get(&round(slug, number)).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn count(kinds: &[String], kind: &str) -> usize {
    kinds.iter().filter(|k| *k == kind).count()
}

fn message(body: &Value) -> String {
    body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn participant<'v>(round: &'v Value, handle: &str) -> &'v Value {
    round["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["handle"] == handle)
        .unwrap()
}

async fn ask_state(who: &Caller<'_>, id: &Value) -> String {
    let (status, ask) = who.get(&format!("/api/v1/asks/{id}")).await;
    assert_eq!(status, 200, "{ask}");
    ask["state"].as_str().unwrap().to_owned()
}

/// Runs the jobs due at `at` (an RFC 3339 instant from a response).
async fn run_at(app: &TestApp, at: &Value) {
    app.set_clock(at.as_str().unwrap());
    app.run_due_jobs().await;
}

/// An accepted decision record "Sessions in memory" by `who`.
async fn accepted_record(who: &Caller<'_>) -> String {
    let body = json!({"space": "design", "kind": "adr", "title": "Sessions in memory", "intent": "Record where sessions live",
        "fields": {"date": "2026-01-05", "deciders": ["ana"]}, "body": ADR});
    let (status, saved) = who.post("/api/v1/documents", body).await;
    assert_eq!(status, 201, "{saved}");
    let slug = saved["document"]["slug"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/documents/{slug}/status");
    let (status, body) = who
        .post(&path, json!({"base_revision": 1, "to": "accepted"}))
        .await;
    assert_eq!(status, 200, "{body}");
    slug
}

both_databases!(
    a_round_runs_from_opening_to_a_published_decision,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let slug = proposal(&c.ana, &["ben", "cid"], &["dan"]).await;
        let old = accepted_record(&c.ana).await;
        let opened = open(&c.ana, &slug, json!({"window": "5d"})).await;
        assert_eq!(opened["number"], 1);
        assert_eq!(opened["state"], "open");
        assert_eq!(opened["window_label"], "5 business days");
        assert_eq!(opened["opened_at"], crate::helpers::START);
        assert_eq!(opened["closes_at"], "2026-03-17T10:00:00Z");
        assert_eq!(opened["closing_soon_at"], "2026-03-12T10:00:00Z");
        assert_eq!(participant(&opened, "dan")["role"], "decider");
        assert_eq!(participant(&opened, "ben")["role"], "reviewer");
        // Each person asked got one ask through the response-time engine, and was told.
        let ben_ask = participant(&opened, "ben")["ask"].clone();
        let (_, ask) = c.ben.get(&format!("/api/v1/asks/{ben_ask}")).await;
        assert_eq!(
            (ask["kind"].as_str(), ask["urgency"].as_str()),
            (Some("review"), Some("design-review")),
            "{ask}"
        );
        assert_eq!(ask["subject"], slug);
        assert!(
            ask["body"]
                .as_str()
                .unwrap()
                .contains("Tue 17 Mar 11:00 your time"),
            "{ask}"
        );
        let (_, ask) = c
            .dan
            .get(&format!(
                "/api/v1/asks/{}",
                participant(&opened, "dan")["ask"]
            ))
            .await;
        assert_eq!(ask["kind"], "approve");
        for who in [&c.ben, &c.cid, &c.dan] {
            assert_eq!(count(&who.notification_kinds().await, "ask.received"), 1);
        }

        // Verdicts answer the asks; they can change until the close, each an event.
        give(&c.ben, &slug, 1, "approve", "").await;
        assert_eq!(ask_state(&c.ben, &ben_ask).await, "answered");
        give(
            &c.ben,
            &slug,
            1,
            "approve_with_comments",
            "Mind the expiry.",
        )
        .await;
        give(&c.cid, &slug, 1, "approve", "").await;
        let now = give(&c.dan, &slug, 1, "approve", "").await;
        assert_eq!(participant(&now, "ben")["verdict"], "approve_with_comments");
        assert_eq!(participant(&now, "ben")["reason"], "Mind the expiry.");
        assert_eq!(app.events_of(&c.root, "review.verdict").await.len(), 4);
        assert_eq!(ask_state(&c.ben, &ben_ask).await, "answered");

        // An open question, answered by the owner.
        let path = format!("{}/questions", round(&slug, 1));
        let (status, asked) = c.cid.post(&path, json!({"question": "Which Redis?"})).await;
        assert_eq!(status, 201, "{asked}");
        let id = asked["questions"][0]["id"].clone();
        assert_eq!(asked["questions"][0]["deadline"], "2026-03-18T10:00:00Z");
        let path = format!("{}/questions/{id}/answer", round(&slug, 1));
        let (status, answered) = c
            .ana
            .post(&path, json!({"answer": "The managed one."}))
            .await;
        assert_eq!(status, 200, "{answered}");

        // Nothing is decided while the window runs.
        let publish = format!("{}/publish", round(&slug, 1));
        let (status, body) = c.ana.post(&publish, json!({})).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        assert!(message(&body).contains("cannot be decided"), "{body}");

        run_at(&app, &opened["closes_at"]).await;
        let closed = get_round(&c.ana, &slug, 1).await;
        assert_eq!(closed["state"], "closed");
        assert_eq!(closed["closed_early"], false);
        assert_eq!(closed["rules"]["accept"]["allowed"], true, "{closed}");
        assert_eq!(count(&c.ana.notification_kinds().await, "review.closed"), 1);

        let (status, synthesis) = c.ana.get(&format!("{}/synthesis", round(&slug, 1))).await;
        assert_eq!(status, 200, "{synthesis}");
        assert_eq!(synthesis["suggested_outcome"], "accepted");
        assert_eq!(synthesis["approvals"].as_array().unwrap().len(), 3);
        assert_eq!(synthesis["deciders"], json!(["dan"]));
        assert_eq!(synthesis["open_questions"][0]["answer"], "The managed one.");
        let draft = &synthesis["draft"];
        assert!(
            draft["context"]
                .as_str()
                .unwrap()
                .starts_with("Logins hit the database"),
            "{draft}"
        );
        assert!(
            draft["rationale"]
                .as_str()
                .unwrap()
                .contains("@ben approved, commenting: Mind the expiry."),
            "{draft}"
        );
        let (status, body) = c.ben.get(&format!("{}/synthesis", round(&slug, 1))).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");

        let (status, published) = c.ana
            .post(&publish, json!({"supersedes": old, "review_date": "2026-09-30", "rationale": "Fast, and everyone agreed."}))
            .await;
        assert_eq!(status, 201, "{published}");
        assert_eq!(published["round"]["state"], "decided");
        assert_eq!(published["round"]["outcome"], "accepted");
        let record = published["record"]["slug"].as_str().unwrap().to_owned();
        let (_, detail) = c.ben.get(&format!("/api/v1/documents/{record}")).await;
        let doc = &detail["document"];
        assert_eq!(
            (
                doc["kind"].as_str(),
                doc["status"].as_str(),
                doc["owner"].as_str()
            ),
            (Some("adr"), Some("accepted"), Some("ana")),
            "{detail}"
        );
        assert_eq!(doc["fields"]["deciders"], json!(["dan"]));
        assert_eq!(doc["fields"]["reversibility"], "reversible");
        assert_eq!(doc["fields"]["review_date"], "2026-09-30");
        assert_eq!(doc["fields"]["source"], format!("/docs/{slug}"));
        assert_eq!(doc["fields"]["supersedes"], old);
        assert_eq!(doc["fields"]["date"], "2026-03-17");
        let errors: Vec<&Value> = detail["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error")
            .collect();
        assert!(errors.is_empty(), "the record passes the lint: {detail}");
        let body = doc["body"].as_str().unwrap();
        assert!(
            body.contains("## Rationale\n\nFast, and everyone agreed."),
            "{body}"
        );
        let (_, replaced) = c.ana.get(&format!("/api/v1/documents/{old}")).await;
        assert_eq!(replaced["document"]["status"], "superseded");
        assert_eq!(replaced["document"]["fields"]["superseded_by"], record);
        for who in [&c.ben, &c.cid, &c.dan] {
            assert_eq!(count(&who.notification_kinds().await, "review.decided"), 1);
        }
        let (status, body) = c.ana.post(&publish, json!({})).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        assert!(
            message(&body).contains("it can only be nothing: it is final"),
            "{body}"
        );
        let (_, history) = c.eve.get(&rounds(&slug)).await;
        assert_eq!(history["rounds"][0]["decision"]["slug"], record);
        assert_eq!(history["can_open"], false);
        app.stop().await;
    }
);

both_databases!(
    the_closing_soon_notice_and_the_close_fire_exactly_once,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let slug = proposal(&c.ana, &["ben", "cid"], &[]).await;
        let opened = open(&c.ana, &slug, json!({"window": "5d"})).await;
        give(&c.ben, &slug, 1, "approve", "").await;
        for _ in 0..2 {
            run_at(&app, &opened["closing_soon_at"]).await;
        }
        let cid = c.cid.notifications().await;
        let soon: Vec<&Value> = cid
            .iter()
            .filter(|n| n["kind"] == "review.closing_soon")
            .collect();
        assert_eq!(soon.len(), 1, "{cid:?}");
        assert!(
            soon[0]["body"]
                .as_str()
                .unwrap()
                .contains("Tue 17 Mar 11:00 your time (Tue 17 Mar 11:00 Berlin time)"),
            "{soon:?}"
        );
        assert_eq!(
            count(&c.ben.notification_kinds().await, "review.closing_soon"),
            0,
            "ben answered already"
        );
        for _ in 0..2 {
            run_at(&app, &opened["closes_at"]).await;
        }
        assert_eq!(count(&c.ana.notification_kinds().await, "review.closed"), 1);
        assert_eq!(app.events_of(&c.root, "review.closed").await.len(), 1);
        let cid_ask = participant(&opened, "cid")["ask"].clone();
        assert_eq!(ask_state(&c.cid, &cid_ask).await, "expired");
        let late = format!("{}/verdict", round(&slug, 1));
        let (status, body) = c.cid.post(&late, json!({"verdict": "approve"})).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        assert!(message(&body).contains("round 1 is closed"), "{body}");
        app.stop().await;
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_send_the_closing_soon_notice_and_close_once_on_postgres() {
    let Some(app) = TestApp::spawn(Db::Postgres).await else {
        return;
    };
    let c = cast(&app).await;
    let slug = proposal(&c.ana, &["ben", "cid", "dan"], &[]).await;
    let opened = open(&c.ana, &slug, json!({"window": "5d"})).await;
    for key in ["closing_soon_at", "closes_at"] {
        let at = opened[key].as_str().unwrap().parse().unwrap();
        let (a, b) = app.drain_on_two_replicas(at).await;
        assert!(a + b >= 1, "{key}: {a} + {b}");
    }
    for who in [&c.ben, &c.cid, &c.dan] {
        assert_eq!(
            count(&who.notification_kinds().await, "review.closing_soon"),
            1
        );
    }
    assert_eq!(count(&c.ana.notification_kinds().await, "review.closed"), 1);
    assert_eq!(app.events_of(&c.root, "review.closed").await.len(), 1);
    assert_eq!(app.events_of(&c.root, "ask.expired").await.len(), 3);
    app.stop().await;
}

both_databases!(
    verdicts_and_openings_are_checked,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let slug = proposal(&c.ana, &["ben"], &[]).await;
        let (status, body) = c.ben.post(&rounds(&slug), json!({})).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        assert!(
            message(&body).contains("only the document's owner, @ana"),
            "{body}"
        );
        let (status, body) = c
            .ana
            .post(&rounds(&slug), json!({"window": "forever"}))
            .await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");
        let (status, body) = c
            .ana
            .post(&rounds(&slug), json!({"reviewers": ["nobody"]}))
            .await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");
        assert!(message(&body).contains("@nobody is not a member"), "{body}");
        open(&c.ana, &slug, json!({})).await;

        let path = format!("{}/verdict", round(&slug, 1));
        let (status, body) = c.ben.post(&path, json!({"verdict": "object"})).await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");
        assert!(
            message(&body).contains("an objection blocks the decision, so it needs a reason"),
            "{body}"
        );
        let (status, body) = c
            .ben
            .post(&path, json!({"verdict": "object", "reason": "   "}))
            .await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");
        let (status, body) = c.ben.post(&path, json!({"verdict": "lgtm"})).await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");
        let (status, body) = c.cid.post(&path, json!({"verdict": "approve"})).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        let objected = give(
            &c.ben,
            &slug,
            1,
            "object",
            "Redis is one more thing to run.",
        )
        .await;
        assert_eq!(
            participant(&objected, "ben")["reason"],
            "Redis is one more thing to run."
        );
        assert_eq!(
            count(&c.ana.notification_kinds().await, "review.objection"),
            1
        );
        let (status, body) = c.ana.get("/api/v1/documents/nothing-here/rounds").await;
        assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
        let (status, body) = c.ana.get(&round(&slug, 7)).await;
        assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
        app.stop().await;
    }
);

both_databases!(
    illegal_transitions_are_conflicts_that_say_what_is_allowed,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let slug = proposal(&c.ana, &["ben"], &[]).await;
        let opened = open(&c.ana, &slug, json!({"window": "3d"})).await;
        assert_eq!(
            opened["closing_soon_at"],
            Value::Null,
            "3 business days hold only 24 business hours"
        );
        let (status, body) = c.ana.post(&rounds(&slug), json!({})).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        assert!(message(&body).contains("round 1 is still open"), "{body}");
        for (action, body, expect) in [
            (
                "reopen",
                json!({}),
                "a round that is open cannot be reopened; from open it can only be closed",
            ),
            (
                "revise",
                json!({}),
                "a round that is open cannot be revised; from open it can only be closed",
            ),
            (
                "publish",
                json!({}),
                "a round that is open cannot be decided; from open it can only be closed",
            ),
        ] {
            let (status, answer) = c
                .ana
                .post(&format!("{}/{action}", round(&slug, 1)), body)
                .await;
            assert_eq!(
                (status, code(&answer)),
                (409, "conflict"),
                "{action}: {answer}"
            );
            assert_eq!(message(&answer), expect, "{action}");
        }
        run_at(&app, &opened["closes_at"]).await;
        let (status, body) = c
            .ana
            .post_empty(&format!("{}/close", round(&slug, 1)))
            .await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        assert_eq!(
            message(&body),
            "a round that is closed cannot be closed; from closed it can only be reopened, decided or revised"
        );

        // Revising keeps round 1 as history and opens round 2 with the same people.
        let (status, second) = c
            .ana
            .post(&format!("{}/revise", round(&slug, 1)), json!({}))
            .await;
        assert_eq!(status, 201, "{second}");
        assert_eq!(
            (second["number"].as_i64(), second["state"].as_str()),
            (Some(2), Some("open"))
        );
        assert_eq!(participant(&second, "ben")["verdict"], Value::Null);
        let (_, history) = c.ben.get(&rounds(&slug)).await;
        let states: Vec<&str> = history["rounds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["state"].as_str().unwrap())
            .collect();
        assert_eq!(states, ["open", "revised"]);
        let (status, body) = c
            .ana
            .post(&format!("{}/reopen", round(&slug, 1)), json!({}))
            .await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        assert!(
            message(&body).ends_with("it can only be nothing: it is final"),
            "{body}"
        );

        // Reopening a closed round asks whoever has not answered again.
        run_at(&app, &second["closes_at"]).await;
        let (status, reopened) = c
            .ana
            .post(
                &format!("{}/reopen", round(&slug, 2)),
                json!({"window": "1d"}),
            )
            .await;
        assert_eq!(status, 200, "{reopened}");
        assert_eq!(reopened["state"], "open");
        assert_ne!(
            participant(&reopened, "ben")["ask"],
            participant(&second, "ben")["ask"]
        );
        assert_eq!(count(&c.ben.notification_kinds().await, "ask.received"), 3);
        app.stop().await;
    }
);

both_databases!(
    the_window_closes_early_once_every_decider_has_answered,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let slug = proposal(&c.ana, &["ben"], &["dan", "eve"]).await;
        let opened = open(&c.ana, &slug, json!({})).await;
        let close = format!("{}/close", round(&slug, 1));
        let (status, body) = c.ana.post_empty(&close).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        assert!(
            message(&body).ends_with("still waiting on @dan, @eve"),
            "{body}"
        );
        give(&c.dan, &slug, 1, "approve", "").await;
        let waiting = give(&c.eve, &slug, 1, "abstain", "").await;
        assert_eq!(
            waiting["rights"]["can_close"], false,
            "only the owner closes"
        );
        let (status, body) = c.dan.post_empty(&close).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        let (status, closed) = c.ana.post_empty(&close).await;
        assert_eq!(status, 200, "{closed}");
        assert_eq!(
            (closed["state"].as_str(), closed["closed_early"].as_bool()),
            (Some("closed"), Some(true))
        );
        assert_eq!(
            ask_state(&c.ben, &participant(&opened, "ben")["ask"]).await,
            "expired"
        );
        run_at(&app, &opened["closes_at"]).await;
        assert_eq!(
            app.events_of(&c.root, "review.closed").await.len(),
            1,
            "the close job finds it closed"
        );
        assert_eq!(count(&c.ana.notification_kinds().await, "review.closed"), 0);
        app.stop().await;
    }
);

both_databases!(
    an_irreversible_decision_waits_for_every_deciders_consent,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let slug = proposal(&c.ana, &["ben"], &["dan", "eve"]).await;
        let body = json!({"reversibility": "reversible", "category": "Financial"});
        let (status, refused) = c.ana.post(&rounds(&slug), body).await;
        assert_eq!((status, code(&refused)), (422, "invalid"), "{refused}");
        assert!(
            message(&refused).contains("makes financial decisions irreversible"),
            "{refused}"
        );
        let opened = open(&c.ana, &slug, json!({"category": "financial"})).await;
        assert_eq!(
            (
                opened["reversibility"].as_str(),
                opened["category"].as_str()
            ),
            (Some("irreversible"), Some("financial"))
        );
        give(&c.dan, &slug, 1, "approve", "").await;
        give(&c.eve, &slug, 1, "abstain", "").await;
        let closed = {
            let (status, body) = c
                .ana
                .post_empty(&format!("{}/close", round(&slug, 1)))
                .await;
            assert_eq!(status, 200, "{body}");
            body
        };
        assert_eq!(closed["rules"]["accept"]["allowed"], false);
        let publish = format!("{}/publish", round(&slug, 1));
        let (status, body) = c.ana.post(&publish, json!({"outcome": "accepted"})).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        assert!(
            message(&body).ends_with("needs the consent of every decider; still missing: @eve"),
            "{body}"
        );
        let (status, body) = c
            .dan
            .post(
                &format!("{}/tie-break", round(&slug, 1)),
                json!({"outcome": "accepted", "reason": "x"}),
            )
            .await;
        assert_eq!(
            (status, code(&body)),
            (403, "forbidden"),
            "no DRI can consent for a decider: {body}"
        );

        let (status, reopened) = c
            .ana
            .post(&format!("{}/reopen", round(&slug, 1)), json!({}))
            .await;
        assert_eq!(status, 200, "{reopened}");
        give(
            &c.eve,
            &slug,
            1,
            "approve_with_comments",
            "Fine within budget.",
        )
        .await;
        let (status, body) = c
            .ana
            .post_empty(&format!("{}/close", round(&slug, 1)))
            .await;
        assert_eq!(status, 200, "{body}");
        let (status, published) = c.ana.post(&publish, json!({"outcome": "accepted"})).await;
        assert_eq!(status, 201, "{published}");
        let (_, detail) = c
            .ana
            .get(&format!(
                "/api/v1/documents/{}",
                published["record"]["slug"].as_str().unwrap()
            ))
            .await;
        assert_eq!(
            detail["document"]["fields"]["reversibility"],
            "irreversible"
        );
        assert_eq!(detail["document"]["fields"]["category"], "financial");
        assert_eq!(
            detail["document"]["fields"]["deciders"],
            json!(["dan", "eve"])
        );
        app.stop().await;
    }
);

both_databases!(
    a_tie_goes_to_the_teams_dri_whose_reason_is_recorded,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let lead = app.signed_in("lead", Role::Member).await;
        lead.team("Core", &["ana"]).await;
        let slug = proposal(&c.ana, &[], &["dan", "eve"]).await;
        let opened = open(&c.ana, &slug, json!({})).await;
        assert_eq!(
            (opened["team"].as_str(), opened["dri"].as_str()),
            (Some("core"), Some("lead"))
        );
        give(&c.dan, &slug, 1, "approve", "").await;
        give(&c.eve, &slug, 1, "object", "Too slow to roll out.").await;
        let (status, closed) = c
            .ana
            .post_empty(&format!("{}/close", round(&slug, 1)))
            .await;
        assert_eq!(status, 200, "{closed}");
        assert_eq!(closed["rules"]["tie_break_needed"], "tie");
        assert_eq!(
            closed["rules"]["accept"]["reason"],
            "the deciders are split 1 to 1; the team's DRI breaks the tie"
        );
        assert_eq!(closed["rules"]["reject"]["allowed"], true);

        let path = format!("{}/tie-break", round(&slug, 1));
        let (status, body) = c
            .ana
            .post(&path, json!({"outcome": "accepted", "reason": "Mine."}))
            .await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        assert!(
            message(&body).contains("only the team's DRI, @lead"),
            "{body}"
        );
        let (status, body) = lead
            .post(&path, json!({"outcome": "accepted", "reason": " "}))
            .await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");
        let (status, broken) = lead
            .post(
                &path,
                json!({"outcome": "accepted", "reason": "The rollout risk is bounded by a flag."}),
            )
            .await;
        assert_eq!(status, 200, "{broken}");
        assert_eq!(broken["tie_break"]["dri"], "lead");
        let (status, body) = lead
            .post(
                &path,
                json!({"outcome": "rejected", "reason": "Changed my mind."}),
            )
            .await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        assert_eq!(app.events_of(&c.root, "review.tie_break").await.len(), 1);

        let publish = format!("{}/publish", round(&slug, 1));
        let (status, body) = c.ana.post(&publish, json!({"outcome": "rejected"})).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        assert!(
            message(&body).ends_with("the team's DRI broke the tie: the proposal is accepted"),
            "{body}"
        );
        let (status, published) = c.ana.post(&publish, json!({})).await;
        assert_eq!(status, 201, "{published}");
        let (_, detail) = c
            .ana
            .get(&format!(
                "/api/v1/documents/{}",
                published["record"]["slug"].as_str().unwrap()
            ))
            .await;
        let body = detail["document"]["body"].as_str().unwrap();
        assert!(
            body.contains("@eve objected: Too slow to roll out."),
            "{body}"
        );
        assert!(body.contains("The team's DRI, @lead, broke the tie (accepted): The rollout risk is bounded by a flag."), "{body}");
        app.stop().await;
    }
);

both_databases!(
    an_unanswered_open_question_asks_the_owner_to_decide_on_what_is_known,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let slug = proposal(&c.ana, &["ben"], &[]).await;
        let opened = open(&c.ana, &slug, json!({})).await;
        let path = format!("{}/questions", round(&slug, 1));
        let (status, body) = c.cid.post(&path, json!({"question": "Who pays?"})).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        let (status, asked) = c
            .ben
            .post(&path, json!({"question": "Who pays for Redis?"}))
            .await;
        assert_eq!(status, 201, "{asked}");
        assert_eq!(
            count(&c.ana.notification_kinds().await, "review.question"),
            1
        );
        let deadline = asked["questions"][0]["deadline"].clone();
        assert_eq!(deadline, "2026-03-18T10:00:00Z");
        give(&c.ben, &slug, 1, "approve", "").await;
        run_at(&app, &opened["closes_at"]).await;
        let publish = format!("{}/publish", round(&slug, 1));
        let (status, body) = c.ana.post(&publish, json!({})).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        assert!(
            message(&body).contains("1 open question still waits for an answer"),
            "{body}"
        );
        assert!(
            message(&body).contains("(the last on Wed 18 Mar 11:00 Berlin time)"),
            "{body}"
        );

        run_at(&app, &deadline).await;
        run_at(&app, &deadline).await;
        let (_, inbox) = c.ana.get("/api/v1/inbox").await;
        let mine: Vec<&Value> = inbox["waiting_on_me"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| {
                a["title"]
                    .as_str()
                    .unwrap()
                    .starts_with("Decide on what is known")
            })
            .collect();
        assert_eq!(mine.len(), 1, "{inbox}");
        assert_eq!(
            (
                mine[0]["asker"]["handle"].as_str(),
                mine[0]["kind"].as_str()
            ),
            (Some("ben"), Some("answer"))
        );
        let expired = get_round(&c.ana, &slug, 1).await;
        assert_eq!(expired["questions"][0]["expired_at"], deadline);
        let (status, published) = c.ana.post(&publish, json!({})).await;
        assert_eq!(status, 201, "decided on what is known: {published}");
        let (_, detail) = c
            .ana
            .get(&format!(
                "/api/v1/documents/{}",
                published["record"]["slug"].as_str().unwrap()
            ))
            .await;
        assert!(
            detail["document"]["body"]
                .as_str()
                .unwrap()
                .contains("these questions stayed open:\n\n- Who pays for Redis?"),
            "{detail}"
        );
        app.stop().await;
    }
);

/// Gives `who` working hours around the clock in Berlin.
async fn always_working(who: &Caller<'_>) {
    let day = json!(["00:00-24:00"]);
    let week =
        json!({"mon": day, "tue": day, "wed": day, "thu": day, "fri": day, "sat": day, "sun": day});
    let calendar = json!({"time_zone": "Europe/Berlin", "working_hours": week});
    let (status, body) = who.patch("/api/v1/me", json!({"calendar": calendar})).await;
    assert_eq!(status, 200, "{body}");
}

/// A window of two seconds on an owner who works around the clock, on the system clock with
/// the server's own job worker: the round closes by itself within a few seconds.
async fn live_close_story(app: TestApp) {
    let ana = app.signed_in("ana", Role::Member).await;
    app.signed_in("ben", Role::Member).await;
    app.space(&ana.actor, "design", Visibility::Workspace).await;
    always_working(&ana).await;
    let slug = proposal(&ana, &["ben"], &[]).await;
    let opened = open(&ana, &slug, json!({"window": "2s"})).await;
    let opened_at: jiff::Timestamp = opened["opened_at"].as_str().unwrap().parse().unwrap();
    let closes_at: jiff::Timestamp = opened["closes_at"].as_str().unwrap().parse().unwrap();
    // The calendar counts whole seconds: the window ends two seconds after the second the
    // round opened in.
    let window = closes_at.duration_since(opened_at);
    assert!(
        window > jiff::SignedDuration::from_secs(1) && window <= jiff::SignedDuration::from_secs(2),
        "{window:?}"
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(8);
    loop {
        let state = get_round(&ana, &slug, 1).await["state"].clone();
        if state == "closed" {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "still {state} after 8 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(count(&ana.notification_kinds().await, "review.closed"), 1);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_of_seconds_closes_on_the_live_clock_sqlite() {
    live_close_story(TestApp::spawn_live(Db::Sqlite).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_of_seconds_closes_on_the_live_clock_postgres() {
    if let Some(app) = TestApp::spawn_live(Db::Postgres).await {
        live_close_story(app).await;
    }
}

both_databases!(
    the_pages_run_a_review_in_each_viewers_time_and_refuse_with_reasons,
    |app: TestApp| async move {
        let ana = with_password(&app, "ana", "Ana Author", Role::Member).await;
        let ben = with_password(&app, "ben", "Ben Reviewer", Role::Member).await;
        let ana_api = app.signed_in_as(ana.clone()).await;
        let ben_api = app.signed_in_as(ben.clone()).await;
        ben_api.office_hours("America/New_York", json!([])).await;
        app.space(&ana, "design", Visibility::Workspace).await;
        let slug = proposal(&ana_api, &["ben"], &[]).await;
        let page = format!("/docs/{slug}");
        let ana = Browser::log_in(&app, ana).await;
        let ben = Browser::log_in(&app, ben).await;

        let (_, html) = ana.get(&page).await;
        assert!(
            html.contains("Open a review") && html.contains("name=\"reviewers\" value=\"ben\""),
            "{html}"
        );
        let token = csrf(&html);
        let form = [
            ("csrf", token.clone()),
            ("reviewers", "ben".into()),
            ("deciders", String::new()),
            ("window", "5d".into()),
        ];
        let (status, location) = ana.post(&format!("{page}/rounds"), &form).await;
        assert_eq!(
            (status, location.as_str()),
            (303, format!("{page}?ok=review-opened#review").as_str())
        );

        // 10:00 UTC on Tuesday 17 March is 06:00 in New York (already on summer time).
        let (_, html) = ben.get(&page).await;
        assert!(html.contains("Tue 17 Mar 06:00 your time"), "{html}");
        assert!(
            html.contains("Tue 17 Mar 11:00 Berlin time for the owner"),
            "{html}"
        );
        assert!(html.contains("id=\"verdict-form\""), "{html}");
        let ben_token = csrf(&html);
        let verdict = format!("{page}/rounds/1/verdict");
        let refused = post_raw(
            &app,
            &ben.client,
            &verdict,
            &[
                ("csrf", ben_token.as_str()),
                ("verdict", "object"),
                ("reason", ""),
            ],
        )
        .await;
        assert_eq!(refused.status(), 422);
        let text = refused.text().await.unwrap();
        assert!(
            text.contains("an objection blocks the decision, so it needs a reason"),
            "{text}"
        );
        let form = [
            ("csrf", ben_token.clone()),
            ("verdict", "object".into()),
            ("reason", "Redis is one more <thing> to run.".into()),
        ];
        let (status, _) = ben.post(&verdict, &form).await;
        assert_eq!(status, 303);
        let (_, html) = ana.get(&page).await;
        assert!(html.contains("objects"), "{html}");
        assert!(
            html.contains("Redis is one more &#60;thing&#62; to run.")
                || html.contains("Redis is one more &lt;thing&gt; to run."),
            "escaped: {html}"
        );

        let (_, round) = ana_api.get(&round(&slug, 1)).await;
        run_at(&app, &round["closes_at"]).await;
        let (_, html) = ana.get(&page).await;
        assert!(
            html.contains("Write the synthesis") && html.contains("Revise and open round 2"),
            "{html}"
        );
        assert!(
            html.contains("a blocking objection stands (by @ben)"),
            "{html}"
        );
        let synthesis = format!("{page}/rounds/1/synthesis");
        let (status, html) = ana.get(&synthesis).await;
        assert_eq!(status, 200, "{html}");
        assert!(
            html.contains("Redis is one more") && html.contains("Publish the decision record"),
            "{html}"
        );
        assert!(
            html.contains("value=\"rejected\" checked"),
            "rejecting is what the rules allow: {html}"
        );
        let (status, _) = ben.get(&synthesis).await;
        assert_eq!(status, 403);
        let publish = [
            ("csrf", token.clone()),
            ("outcome", "accepted".into()),
            ("title", "Session cache".into()),
        ];
        let refused = post_raw(
            &app,
            &ana.client,
            &format!("{page}/rounds/1/publish"),
            &publish,
        )
        .await;
        assert_eq!(refused.status(), 409);
        let text = refused.text().await.unwrap();
        assert!(
            text.contains("the decision cannot be accepted yet: a blocking objection stands"),
            "{text}"
        );

        let (status, _) = ana
            .post(
                &format!("{page}/rounds/1/revise"),
                &[("csrf", token.clone())],
            )
            .await;
        assert_eq!(status, 303);
        let (_, html) = ana.get(&page).await;
        assert!(
            html.contains("Round 2") && html.contains("id=\"round-history\""),
            "{html}"
        );

        // Round 2: ben approves, the owner closes early (everyone answered) and publishes from
        // the synthesis page; the record says where it came from.
        let approve = [("csrf", ben_token.clone()), ("verdict", "approve".into())];
        let (status, _) = ben
            .post(&format!("{page}/rounds/2/verdict"), &approve)
            .await;
        assert_eq!(status, 303);
        let csrf_only = [("csrf", token.clone())];
        let (status, _) = ana
            .post(&format!("{page}/rounds/2/close"), &csrf_only)
            .await;
        assert_eq!(status, 303);
        let (_, html) = ana.get(&format!("{page}/rounds/2/synthesis")).await;
        assert!(html.contains("value=\"accepted\" checked"), "{html}");
        let publish = [
            ("csrf", token.clone()),
            ("outcome", "accepted".into()),
            ("title", "Sessions in Redis".into()),
            ("context", "Logins hit the database.".into()),
            ("options", "- Redis\n- Nothing".into()),
            ("decision", "We will use Redis.".into()),
            ("rationale", "Ben approved.".into()),
            ("consequences", "One more service to run.".into()),
            ("review_date", "2026-09-30".into()),
            ("supersedes", String::new()),
        ];
        let (status, location) = ana
            .post(&format!("{page}/rounds/2/publish"), &publish)
            .await;
        assert_eq!(
            (status, location.as_str()),
            (303, "/docs/sessions-in-redis?ok=decision-published")
        );
        let (_, html) = ben.get("/docs/sessions-in-redis").await;
        assert!(
            html.contains("Published from round 2 of the review of"),
            "{html}"
        );
        assert!(html.contains("We will use Redis."), "{html}");
        app.stop().await;
    }
);

both_databases!(
    the_teams_charter_sets_the_default_window_and_what_is_irreversible,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let lead = app.signed_in("lead", Role::Member).await;
        lead.team("Core", &["ana"]).await;
        let (_, current) = lead.get("/api/v1/teams/core/charter").await;
        assert_eq!(current["charter"]["review_window"], "3d", "{current}");
        let mut charter = current["charter"].clone();
        charter["review_window"] = json!("2d");
        charter["irreversible_categories"] = json!(["Security"]);
        let (status, body) = lead
            .put("/api/v1/teams/core/charter", charter.clone())
            .await;
        assert_eq!(status, 200, "{body}");
        charter["review_window"] = json!("a while");
        let (status, body) = lead.put("/api/v1/teams/core/charter", charter).await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");

        let slug = proposal(&c.ana, &["ben"], &[]).await;
        let opened = open(&c.ana, &slug, json!({"category": "security"})).await;
        assert_eq!(opened["window"], "2d");
        assert_eq!(opened["reversibility"], "irreversible");
        let (_, review) = c.ana.get(&rounds(&slug)).await;
        assert_eq!(review["defaults"]["window"], "2d");
        app.stop().await;
    }
);
