//! The "% of decisions with a written record" KPI through the API, on SQLite and PostgreSQL:
//! closed review rounds and recorded meeting outcomes per team and month, which of them
//! produced a decision record, and the refusals for bad ranges, unknown teams and guests.

use crate::both_databases;
use crate::helpers::{TestApp, code};
use crate::stories::Caller;
use longhand_domain::workspace::{Role, Visibility};
use serde_json::{Value, json};

const RFC: &str = "## TL;DR\n\nMove the build cache.\n\n## Context\n\nBuilds are slow.\n\n## Proposal\n\nA shared cache.\n\n## Alternatives considered\n\nDoing nothing.\n\n## Decision criteria\n\nBuild time first.\n\n## Ask\n\nReview this week; a brief read.\n\n## Open questions\n\nNone yet.\n";

const DECIDED: &str = "## Desired outcome\n\nA go or no-go.\n\n## Agenda\n\n1. Results — @ben — 10 minutes.\n\n## Pre-read\n\nThe report, linked here.\n\n## Decisions\n\n- Go on Tuesday night.\n\n## Next steps\n\n- Announce it — @ben — today.\n";

const PATH: &str = "/api/v1/insights/decision-records";

/// An RFC by `who` in `design`, reviewed by `reviewer` in a round closed early once the
/// reviewer approved; returns the RFC's slug.
async fn closed_round(who: &Caller<'_>, reviewer: &Caller<'_>, title: &str) -> String {
    let body = json!({"space": "design", "kind": "rfc", "title": title, "intent": "Decide the build cache",
        "fields": {"deadline": "2026-03-20", "reviewers": [reviewer.actor.handle]}, "body": RFC});
    let (status, saved) = who.post("/api/v1/documents", body).await;
    assert_eq!(status, 201, "{saved}");
    let slug = saved["document"]["slug"].as_str().unwrap().to_owned();
    let round = format!("/api/v1/documents/{slug}/rounds");
    let (status, body) = who.post(&round, json!({"window": "3d"})).await;
    assert_eq!(status, 201, "{body}");
    let verdict = json!({"verdict": "approve", "reason": ""});
    let (status, body) = reviewer.post(&format!("{round}/1/verdict"), verdict).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = who.post_empty(&format!("{round}/1/close")).await;
    assert_eq!(status, 200, "{body}");
    slug
}

/// A 25-minute meeting by `who` with `guest` invited, whose outcome records one decision.
async fn meeting_with_a_decision(app: &TestApp, who: &Caller<'_>, other: &Caller<'_>) {
    let body = json!({"title": "Cache go/no-go", "space": "design", "start": "2026-03-12T10:00:00Z",
        "minutes": 25, "invited": [other.actor.handle], "create_agenda": true});
    let (status, meeting) = who.post("/api/v1/planned-meetings", body).await;
    assert_eq!(status, 201, "{meeting}");
    let id = meeting["id"].as_i64().unwrap();
    let slug = meeting["agenda"]["slug"].as_str().unwrap();
    let path = format!("/api/v1/documents/{slug}");
    let (_, doc) = who.get(&path).await;
    let doc = &doc["document"];
    let revision = json!({"base_revision": doc["revision"], "title": doc["title"], "intent": doc["intent"],
        "fields": doc["fields"], "body": DECIDED});
    let (status, saved) = who.put(&path, revision).await;
    assert_eq!(status, 200, "{saved}");
    app.set_clock("2026-03-12T10:30:00.654321Z");
    let outcome = format!("/api/v1/planned-meetings/{id}/outcome");
    let (status, done) = who.post(&outcome, json!({})).await;
    assert_eq!(status, 200, "{done}");
}

fn row<'v>(report: &'v Value, month: &str, team: Option<&str>) -> &'v Value {
    report["months"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["month"] == month && r["team"].as_str() == team)
        .unwrap_or_else(|| panic!("no row for {month} {team:?} in {report}"))
}

both_databases!(
    the_share_counts_rounds_and_meeting_outcomes_that_produced_a_record,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let zed = app.signed_in("zed", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        ana.team("Core", &["ben"]).await;

        // Before anything closed, there is nothing to count.
        let (status, empty) = ana.get(&format!("{PATH}?from=2026-01&to=2026-03")).await;
        assert_eq!(status, 200, "{empty}");
        assert_eq!(
            (empty["from"].as_str(), empty["to"].as_str()),
            (Some("2026-01"), Some("2026-03"))
        );
        assert_eq!(empty["target"], 0.8);
        assert_eq!(empty["months"], json!([]));

        // Core: one round published, one closed without a record, one meeting outcome with a
        // decision. zed, in no team: one round closed without a record.
        let decided = closed_round(&ana, &ben, "Build cache").await;
        let publish = format!("/api/v1/documents/{decided}/rounds/1/publish");
        let (status, body) = ana.post(&publish, json!({"outcome": "accepted"})).await;
        assert_eq!(status, 201, "{body}");
        closed_round(&ana, &ben, "Test sharding").await;
        closed_round(&zed, &ben, "Zed's idea").await;
        // A round still open is not a decision yet.
        let body = json!({"space": "design", "kind": "rfc", "title": "Still open", "intent": "Decide later",
            "fields": {"deadline": "2026-03-20", "reviewers": ["ben"]}, "body": RFC});
        let (_, saved) = ana.post("/api/v1/documents", body).await;
        let open = saved["document"]["slug"].as_str().unwrap().to_owned();
        let (status, _) = ana
            .post(&format!("/api/v1/documents/{open}/rounds"), json!({}))
            .await;
        assert_eq!(status, 201);
        meeting_with_a_decision(&app, &ana, &ben).await;

        let (status, report) = ben.get(&format!("{PATH}?from=2026-03&to=2026-03")).await;
        assert_eq!(status, 200, "{report}");
        let core = row(&report, "2026-03", Some("core"));
        assert_eq!(core["team_name"], "Core");
        assert_eq!(
            (
                core["rounds_closed"].as_u64(),
                core["rounds_recorded"].as_u64()
            ),
            (Some(2), Some(1)),
            "{core}"
        );
        assert_eq!(
            (
                core["meeting_outcomes"].as_u64(),
                core["meeting_outcomes_recorded"].as_u64()
            ),
            (Some(1), Some(1)),
            "{core}"
        );
        assert_eq!(
            (core["decisions"].as_u64(), core["recorded"].as_u64()),
            (Some(3), Some(2))
        );
        assert!(
            (core["share"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9,
            "{core}"
        );
        assert_eq!(core["meets_target"], false);
        let none = row(&report, "2026-03", None);
        assert_eq!(
            (none["decisions"].as_u64(), none["recorded"].as_u64()),
            (Some(1), Some(0)),
            "{none}"
        );
        assert_eq!(report["months"].as_array().unwrap().len(), 2);

        // One team only; an earlier range has none of it.
        let (_, only) = ana
            .get(&format!("{PATH}?from=2026-03&to=2026-03&team=core"))
            .await;
        assert_eq!(only["months"].as_array().unwrap().len(), 1, "{only}");
        let (_, before) = ana.get(&format!("{PATH}?from=2025-12&to=2026-02")).await;
        assert_eq!(before["months"], json!([]), "{before}");
        // The default range ends with the current month.
        let (_, default) = ana.get(PATH).await;
        assert_eq!(
            (default["from"].as_str(), default["to"].as_str()),
            (Some("2025-10"), Some("2026-03")),
            "{default}"
        );
        assert_eq!(default["months"].as_array().unwrap().len(), 2);
    }
);

both_databases!(
    bad_ranges_unknown_teams_and_guests_are_refused,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let guest = app.signed_in("gus", Role::Guest).await;
        for (query, wanted) in [
            ("from=2026-13", "not a month"),
            ("to=March", "not a month"),
            ("from=2026-04&to=2026-03", "is after"),
            ("from=2020-01&to=2026-03", "more than 24 months"),
        ] {
            let (status, body) = ana.get(&format!("{PATH}?{query}")).await;
            assert_eq!((status, code(&body)), (422, "invalid"), "{query}: {body}");
            let message = body["error"]["message"].as_str().unwrap();
            assert!(message.contains(wanted), "{query}: {message}");
        }
        let (status, body) = ana.get(&format!("{PATH}?from=2024-04&to=2026-03")).await;
        assert_eq!(status, 200, "24 months are allowed: {body}");
        let (status, body) = ana.get(&format!("{PATH}?team=nope")).await;
        assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
        let (status, body) = ana.get(&format!("{PATH}?colour=blue")).await;
        assert_eq!(status, 400, "{body}");
        let (status, body) = guest.get(PATH).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
    }
);
