//! The demo's written work: a handbook with a "Start here" page, a published RFC with a
//! discussion on one of its sections, an accepted decision record, and a draft that still
//! has lint findings to fix — so every document page has something real to show.

use super::super::documents::{self as docs, DocInput, NewDocInput};
use super::super::threads::{self, NewThreadInput, ThreadPlace};
use super::super::{Actor, App, OpResult};
use longhand_domain::documents::{Classification, FieldValue};

const START_HERE: &str = "## Overview\n\nWelcome! We work **async-first**: we write things down, decide in the open within a known time, and meet last.\n\n- Proposals go to *Design Reviews* as RFCs; reviews close after three business days.\n- Decisions are recorded as decision records — see [[use-postgresql-for-shared-deployments]].\n- Urgent production questions go to *Ops Urgent*; everything else can wait for a digest.\n\n| Need | Where |\n|---|---|\n| A decision | an RFC in Design Reviews |\n| An answer today | an urgent ask |\n| A chat | Watercooler |\n";

const HOW_WE_DECIDE: &str = "## Overview\n\nEvery proposal has an owner, a deadline and decision criteria. Reviewers approve, object with a reason, or ask an open question; open questions get 48 business hours, then the owner decides on what is known.\n";

const RFC: &str = "## TL;DR\n\nMove session data from PostgreSQL to Redis with a 30-minute expiry. Reviewers: please say whether the failure mode below is acceptable.\n\n## Context\n\nEvery page view reads the session row; at peak that is 40% of database load. See [[start-here]] for how we review.\n\n## Proposal\n\nA Redis instance per region, sessions written through, 30-minute sliding expiry. If Redis is down we fall back to the database.\n\n## Alternatives considered\n\nDoing nothing (the database keeps up until Q3), or an in-process cache (sessions would stick to one server).\n\n## Decision criteria\n\nLatency at p99 first, then operating cost, then how easily we can undo it.\n\n## Ask\n\nA detailed review from the platform team by Friday; approve or object with a reason.\n\n## Open questions\n\n- [ ] Do we need Redis persistence? (owner: @dev)\n- [x] Which client library? Settled: the one we already use.\n";

const ADR: &str = "## Context\n\nSome teams run Longhand on one machine, others behind a load balancer with several replicas.\n\n## Options considered\n\nSQLite only; PostgreSQL only; SQLite by default with PostgreSQL for shared deployments.\n\n## Decision\n\nSQLite stays the default; shared deployments use PostgreSQL.\n\n## Rationale\n\nA single team should not have to run a database server, and several replicas need one they can share.\n\n## Consequences\n\nEvery store test runs on both databases; the SQL stays in the subset both understand.\n";

const DRAFT: &str = "## TL;DR\n\n_[Two or three sentences.]_\n\n## Context\n\nOur weekly status meeting takes 8 person-hours.\n";

pub(super) struct Doc<'a> {
    pub(super) author: &'a Actor,
    pub(super) space: &'a str,
    pub(super) kind: &'a str,
    pub(super) title: &'a str,
    pub(super) intent: &'a str,
    pub(super) body: &'a str,
    pub(super) fields: Vec<(String, FieldValue)>,
    pub(super) classification: Classification,
    pub(super) parent: Option<&'a str>,
    pub(super) publish_to: Option<&'a str>,
}

pub(super) fn text(name: &str, value: &str) -> (String, FieldValue) {
    (name.to_owned(), FieldValue::Text(value.to_owned()))
}

pub(super) fn list(name: &str, values: &[&str]) -> (String, FieldValue) {
    let items = values.iter().map(|v| (*v).to_owned()).collect();
    (name.to_owned(), FieldValue::List(items))
}

pub(super) async fn write(app: &App, doc: Doc<'_>) -> OpResult<String> {
    let content = DocInput {
        title: doc.title.to_owned(),
        intent: doc.intent.to_owned(),
        classification: Some(doc.classification),
        body: doc.body.to_owned(),
        fields: doc.fields,
        ..DocInput::default()
    };
    let input = NewDocInput {
        space: doc.space.to_owned(),
        kind: doc.kind.to_owned(),
        parent: doc.parent.map(str::to_owned),
        source_thread_id: None,
        content,
    };
    let saved = docs::create(app, doc.author, input).await?;
    if let Some(status) = doc.publish_to {
        docs::set_status(app, doc.author, &saved.doc.slug, 1, status).await?;
    }
    Ok(saved.doc.slug)
}

/// Seeds the demo's documents and one discussion. `people` is in the demo's order:
/// ana, ben, chloe, dev, …
pub(super) async fn seed(app: &App, people: &[Actor]) -> OpResult<()> {
    let who = |handle: &str| {
        people
            .iter()
            .find(|p| p.handle == handle)
            .unwrap_or(&people[0])
    };
    let (ana, ben, chloe, dev) = (who("ana"), who("ben"), who("chloe"), who("dev"));
    let adr_fields = vec![
        text("date", "2026-01-12"),
        list("deciders", &["ben", "chloe"]),
        text("reversibility", "reversible"),
    ];
    write(
        app,
        Doc {
            author: ben,
            space: "design-reviews",
            kind: "adr",
            title: "Use PostgreSQL for shared deployments",
            intent: "Record which database backs a multi-replica deployment",
            body: ADR,
            fields: adr_fields,
            classification: Classification::Internal,
            parent: None,
            publish_to: Some("accepted"),
        },
    )
    .await?;
    write(
        app,
        Doc {
            author: ana,
            space: "announcements",
            kind: "handbook",
            title: "Start here",
            intent: "Give a newcomer the three things to know in their first week",
            body: START_HERE,
            fields: vec![text("audience", "everyone, guests included")],
            classification: Classification::Public,
            parent: None,
            publish_to: Some("published"),
        },
    )
    .await?;
    write(
        app,
        Doc {
            author: ana,
            space: "announcements",
            kind: "handbook",
            title: "How we decide",
            intent: "Explain how proposals become decisions",
            body: HOW_WE_DECIDE,
            fields: Vec::new(),
            classification: Classification::Internal,
            parent: Some("start-here"),
            publish_to: Some("published"),
        },
    )
    .await?;
    let rfc_fields = vec![
        text("deadline", "2026-12-04"),
        list("reviewers", &["ben", "dev"]),
        list("deciders", &["chloe"]),
    ];
    let rfc = write(
        app,
        Doc {
            author: chloe,
            space: "design-reviews",
            kind: "rfc",
            title: "Cache session data in Redis",
            intent: "Decide how we take session reads off the primary database before Q3",
            body: RFC,
            fields: rfc_fields,
            classification: Classification::Internal,
            parent: None,
            publish_to: Some("published"),
        },
    )
    .await?;
    write(
        app,
        Doc {
            author: dev,
            space: "design-reviews",
            kind: "rfc",
            title: "Replace the weekly status meeting",
            intent: "",
            body: DRAFT,
            fields: Vec::new(),
            classification: Classification::Internal,
            parent: None,
            publish_to: None,
        },
    )
    .await?;
    let thread = NewThreadInput {
        place: ThreadPlace::Document { slug: rfc, anchor: Some("proposal".into()) },
        title: String::new(),
        body: "What happens to signed-in users while Redis fails over? @chloe, is a forced sign-in acceptable?".into(),
    };
    let posted = threads::start(app, ben, thread).await?;
    threads::reply(app, chloe, posted.thread.thread.id, "Yes — sessions fall back to the database, so nobody is signed out. I added that to the proposal.").await?;
    Ok(())
}
