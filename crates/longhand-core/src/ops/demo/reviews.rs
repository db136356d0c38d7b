//! The demo's review rounds, so a newcomer sees deciding in writing at once: an RFC in review
//! with its window open (two verdicts in, one of them a blocking objection with its reason,
//! one decider still to answer, an open question), and an RFC decided in a round whose record
//! stands in the decision log and supersedes an older demo record.
//!
//! Everything goes through the same `ops` a person's clicks do, at the moment the demo is
//! seeded: the decided round closed early because everyone deciding had answered. Nobody
//! asked in the open round is someone the browser stories count asks for (Dev's inbox).

use super::super::reviews::{self, OpenInput, PublishInput};
use super::super::{Actor, App, OpResult};
use super::documents::{Doc, list, text, write};
use longhand_domain::documents::Classification;
use longhand_domain::reviews::Verdict;

const HOSTED_CI: &str = "## Context\n\nOur builds run on the CI provider's hosted runners; we have no machines to look after.\n\n## Options considered\n\n- Hosted runners.\n- Self-hosted runners on our own cloud account.\n\n## Decision\n\nWe use the hosted runners.\n\n## Rationale\n\nWith four repositories, queue times are short and nobody has to patch build machines.\n\n## Consequences\n\nBuilds cannot reach the private network; integration tests use fakes.\n";

const SELF_HOSTED_RFC: &str = "## TL;DR\n\nRun CI on self-hosted runners in our cloud account: builds wait 11 minutes at peak on hosted runners, and integration tests need the private network.\n\n## Context\n\nWe have fourteen repositories now, and hosted runners queue at peak. Integration tests still use fakes because hosted runners cannot reach the private network.\n\n## Proposal\n\nAn autoscaling pool of runners in the build account, images rebuilt weekly from the base images, one hosted runner kept for release builds.\n\n## Alternatives considered\n\nA bigger hosted plan (shorter queues, still no private network); doing nothing.\n\n## Decision criteria\n\nQueue time at peak first, then what it costs to run, then who has to patch it.\n\n## Ask\n\nA detailed review by the Platform team; approve or object with a reason.\n\n## Open questions\n\n- [x] Who patches the images? Settled in review: Platform, weekly.\n";

const STAGING_RFC: &str = "## TL;DR\n\nRetire the shared staging environment; every pull request gets its own preview environment instead.\n\n## Context\n\nStaging is shared by four teams and broken about one day a week by someone else's change. It costs as much as production's smallest region.\n\n## Proposal\n\nPreview environments per pull request, torn down on merge; staging switched off a month after the last team moves.\n\n## Alternatives considered\n\nA staging environment per team (four times the cost); booking staging by the day.\n\n## Decision criteria\n\nHow often a change is blocked by someone else's, then cost, then what on-call loses.\n\n## Ask\n\nA detailed review from Platform, Product and on-call; approve, or object with what would have to change.\n\n## Open questions\n\n- [ ] How long do preview environments live?\n";

/// Seeds both rounds. `people` is in the demo's order: ana, ben, chloe, dev, emi, farah, …
pub(super) async fn seed(app: &App, people: &[Actor]) -> OpResult<()> {
    let who = |handle: &str| {
        people
            .iter()
            .find(|p| p.handle == handle)
            .unwrap_or(&people[0])
    };
    decided_round(app, who("dev"), who("ben"), who("emi"), who("chloe")).await?;
    open_round(app, who("ben"), who("emi"), who("farah")).await
}

/// Dev's RFC, approved in one round and published, replacing the hosted-runners record.
async fn decided_round(
    app: &App,
    dev: &Actor,
    ben: &Actor,
    emi: &Actor,
    chloe: &Actor,
) -> OpResult<()> {
    let old = write(
        app,
        Doc {
            author: dev,
            space: "design-reviews",
            kind: "adr",
            title: "Run CI on hosted runners",
            intent: "Record where our builds run",
            body: HOSTED_CI,
            fields: vec![
                text("date", "2025-06-02"),
                list("deciders", &["dev", "chloe"]),
                text("reversibility", "reversible"),
            ],
            classification: Classification::Internal,
            parent: None,
            publish_to: Some("accepted"),
        },
    )
    .await?;
    let rfc = write(
        app,
        Doc {
            author: dev,
            space: "design-reviews",
            kind: "rfc",
            title: "Self-host the CI runners",
            intent: "Decide where our builds run now that hosted runners queue at peak",
            body: SELF_HOSTED_RFC,
            fields: vec![
                text("deadline", "2026-11-20"),
                list("reviewers", &["ben", "emi"]),
                list("deciders", &["chloe"]),
            ],
            classification: Classification::Internal,
            parent: None,
            publish_to: Some("published"),
        },
    )
    .await?;
    let round = reviews::open(app, dev, &rfc, OpenInput::default()).await?;
    let number = round.round.number;
    let asked =
        reviews::raise_question(app, emi, &rfc, number, "Who patches the runner images?").await?;
    if let Some(question) = asked.questions.first() {
        let answer = "Platform, weekly, from the same base images as production.";
        reviews::answer_question(app, dev, &rfc, number, question.id, answer).await?;
    }
    let comment = "Keep the hosted runner for release builds until the pool has a month of uptime.";
    reviews::verdict(
        app,
        ben,
        &rfc,
        number,
        Verdict::ApproveWithComments,
        comment,
    )
    .await?;
    reviews::verdict(app, emi, &rfc, number, Verdict::Approve, "").await?;
    reviews::verdict(app, chloe, &rfc, number, Verdict::Approve, "").await?;
    reviews::close(app, dev, &rfc, number).await?;
    let publish = PublishInput {
        supersedes: Some(old),
        ..PublishInput::default()
    };
    reviews::publish(app, dev, &rfc, number, publish).await?;
    Ok(())
}

/// Ben's RFC with its window open: Emi approves, Farah objects, Chloé (deciding) has not
/// answered, and Emi's question waits for an answer.
async fn open_round(app: &App, ben: &Actor, emi: &Actor, farah: &Actor) -> OpResult<()> {
    let rfc = write(
        app,
        Doc {
            author: ben,
            space: "design-reviews",
            kind: "rfc",
            title: "Retire the shared staging environment",
            intent: "Decide whether preview environments replace staging",
            body: STAGING_RFC,
            fields: vec![
                text("deadline", "2026-12-11"),
                list("reviewers", &["emi", "farah"]),
                list("deciders", &["chloe"]),
            ],
            classification: Classification::Internal,
            parent: None,
            publish_to: Some("published"),
        },
    )
    .await?;
    let round = reviews::open(app, ben, &rfc, OpenInput::default()).await?;
    let number = round.round.number;
    reviews::verdict(app, emi, &rfc, number, Verdict::Approve, "").await?;
    let objection = "On-call rehearses failovers on staging. Retire it only once a preview environment can run the failover drill.";
    reviews::verdict(app, farah, &rfc, number, Verdict::Object, objection).await?;
    let question = "How long does a preview environment live after its pull request goes quiet?";
    reviews::raise_question(app, emi, &rfc, number, question).await?;
    Ok(())
}
