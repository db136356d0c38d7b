//! The demo workspace (`longhand serve --demo`) on SQLite and PostgreSQL: a newcomer finds an
//! RFC in review and a decision reached in review in the log, and the documents the browser
//! stories start from are as those stories expect.

use crate::both_databases;
use crate::helpers::TestApp;
use crate::stories::Caller;
use longhand_core::ops;
use longhand_domain::names::Handle;
use serde_json::Value;

/// A demo person with an API token.
async fn demo_person<'a>(app: &'a TestApp, handle: &str) -> Caller<'a> {
    let handle = Handle::parse(handle).unwrap();
    let actor = ops::members::actor_by_handle(&app.app, &handle)
        .await
        .unwrap();
    app.signed_in_as(actor).await
}

fn person<'v>(round: &'v Value, handle: &str) -> &'v Value {
    round["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["handle"] == handle)
        .unwrap_or_else(|| panic!("{handle} is not asked: {round}"))
}

both_databases!(
    the_demo_has_a_round_in_review_and_a_decision_reached_in_review,
    |app: TestApp| async move {
        assert!(ops::demo::seed(&app.app).await.unwrap(), "seeded once");
        assert!(!ops::demo::seed(&app.app).await.unwrap(), "and only once");
        let ana = demo_person(&app, "ana").await;

        // An RFC in review: verdicts in, one objection with its reason, a decider still to
        // answer, an open question.
        let path = "/api/v1/documents/retire-the-shared-staging-environment/rounds";
        let (status, review) = ana.get(path).await;
        assert_eq!(status, 200, "{review}");
        let round = &review["rounds"][0];
        assert_eq!(round["state"], "open", "{round}");
        assert_eq!(person(round, "emi")["verdict"], "approve");
        let farah = person(round, "farah");
        assert_eq!(farah["verdict"], "object");
        assert!(
            farah["reason"].as_str().unwrap().contains("failover drill"),
            "{farah}"
        );
        assert!(person(round, "chloe")["verdict"].is_null());
        assert_eq!(round["rules"]["waiting_on"], serde_json::json!(["chloe"]));
        let question = &round["questions"][0];
        assert!(question["answer"].is_null(), "{question}");

        // A decided round whose record is in the log and supersedes an older demo record.
        let (_, review) = ana
            .get("/api/v1/documents/self-host-the-ci-runners/rounds")
            .await;
        let round = &review["rounds"][0];
        assert_eq!(
            (round["state"].as_str(), round["outcome"].as_str()),
            (Some("decided"), Some("accepted")),
            "{round}"
        );
        let record = round["decision"]["slug"].as_str().unwrap().to_owned();
        let (_, log) = ana.get("/api/v1/decisions?status=accepted").await;
        let listed: Vec<&str> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["slug"].as_str().unwrap())
            .collect();
        assert!(listed.contains(&record.as_str()), "{listed:?}");
        let (_, decision) = ana.get(&format!("/api/v1/decisions/{record}")).await;
        assert_eq!(
            decision["supersedes"][0]["slug"], "run-ci-on-hosted-runners",
            "{decision}"
        );
        assert_eq!(
            decision["review"]["rounds"][0]["outcome"], "accepted",
            "{decision}"
        );
        assert_eq!(
            decision["review"]["rounds"][0]["questions"][0]["answered_by"],
            "dev"
        );
        let (_, old) = ana.get("/api/v1/decisions/run-ci-on-hosted-runners").await;
        assert_eq!(old["status"], "superseded", "{old}");

        // What the browser stories start from: the Redis RFC has no round, the PostgreSQL
        // record is not superseded yet, and nothing waits on Dev.
        let (_, review) = ana
            .get("/api/v1/documents/cache-session-data-in-redis/rounds")
            .await;
        assert_eq!(
            review["rounds"].as_array().map(Vec::len),
            Some(0),
            "{review}"
        );
        let (_, kept) = ana
            .get("/api/v1/decisions/use-postgresql-for-shared-deployments")
            .await;
        assert_eq!(kept["status"], "accepted", "{kept}");
        let dev = demo_person(&app, "dev").await;
        let (_, inbox) = dev.get("/api/v1/inbox").await;
        assert_eq!(
            inbox["waiting_on_me"].as_array().map(Vec::len),
            Some(0),
            "{inbox}"
        );
        app.stop().await;
    }
);
