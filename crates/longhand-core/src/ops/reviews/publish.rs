//! The synthesis and the decision record: once the window closes, the owner gets a draft
//! pre-filled from the proposal and the round, edits it, and publishes it as an accepted or
//! rejected `adr` document with its ADR fields — refused (409) while the decision rules do
//! not allow that outcome yet.

use super::{
    DocLink, Loaded, RoundView, blocked_reason, find, load, require_owner, transition, view,
    zone_of,
};
use crate::ops::documents::{self as docs, DocInput, NewDocInput, facts, load_readable};
use crate::ops::notify::{Audience, Notice, Urgency, notify};
use crate::ops::{Actor, App, OpError, OpResult, commit, invalid};
use crate::store::WriteTx;
use crate::store::documents::{self as store_docs, Content};
use crate::store::reviews as store;
use crate::store::threads as store_threads;
use crate::views::documents::DocumentRecord;
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use longhand_domain::documents::{FieldValue, can_edit, lifecycle_of};
use longhand_domain::names::Handle;
use longhand_domain::reviews::{self as rules, Draft, Outcome, Role, RoundAction, Tally, Verdict};
use serde_json::json;
use sqlx::AnyConnection;

/// How far ahead a decision's review date lies unless the owner picks one.
const REVIEW_AFTER_MONTHS: i32 = 6;

/// The synthesis page: the round as it closed, what it produced, and a draft record.
#[derive(Debug, Clone)]
pub struct Synthesis {
    pub round: RoundView,
    pub tally: Tally,
    /// Threads on the proposal nobody resolved: id and title.
    pub unresolved: Vec<(i64, String)>,
    /// The outcome the rules allow (accepted when both are, else rejected).
    pub suggested: Outcome,
    pub draft: Draft,
    /// The record's deciders: the round's deciders, or the owner deciding alone.
    pub deciders: Vec<String>,
    /// The record's date (today in the owner's zone) and its default review date.
    pub date: Date,
    pub review_date: Date,
}

/// The synthesis of a closed round, for its owner.
pub async fn synthesis(app: &App, actor: &Actor, slug: &str, number: i64) -> OpResult<Synthesis> {
    let now = app.now();
    let mut conn = app.store().read().await?;
    let (doc, loaded) = find(&mut conn, actor, slug, number).await?;
    require_owner(actor, &doc, "write the synthesis")?;
    transition(loaded.round.state, RoundAction::Decide)?;
    let (tally, unresolved) = tally(&mut conn, &doc, &loaded).await?;
    let suggested = match loaded.decide(Outcome::Accepted, now) {
        Ok(()) => Outcome::Accepted,
        Err(_) => Outcome::Rejected,
    };
    let draft = rules::draft(&doc.title, &doc.body, &tally, suggested);
    let deciders = deciders(&doc, &loaded);
    let date = today(&mut conn, doc.owner_id, now).await?;
    let round = view(&mut conn, actor, &doc, loaded, now).await?;
    Ok(Synthesis {
        round,
        tally,
        unresolved,
        suggested,
        draft,
        deciders,
        review_date: review_date(date),
        date,
    })
}

/// What the round produced, and the proposal's unresolved threads.
async fn tally(
    conn: &mut AnyConnection,
    doc: &DocumentRecord,
    loaded: &Loaded,
) -> OpResult<(Tally, Vec<(i64, String)>)> {
    let mut tally = Tally {
        proposal: doc.slug.clone(),
        round: loaded.round.number,
        ..Tally::default()
    };
    for p in &loaded.participants {
        let who = p.handle.clone();
        match p.verdict {
            Some(Verdict::Approve | Verdict::ApproveWithComments) => {
                tally.approvals.push((who, p.reason.clone()));
            }
            Some(Verdict::Object) => {
                tally
                    .objections
                    .push((who, p.reason.clone().unwrap_or_default()));
            }
            Some(Verdict::Abstain) => tally.abstentions.push(who),
            None => tally.silent.push(who),
        }
    }
    tally.questions = loaded
        .questions
        .iter()
        .map(|q| (q.question.clone(), q.answer.clone()))
        .collect();
    tally.tie_break = loaded
        .tie_break
        .as_ref()
        .map(|t| (t.dri_handle.clone(), t.outcome, t.reason.clone()));
    let unresolved: Vec<(i64, String)> = store_threads::on_document(conn, doc.id)
        .await?
        .into_iter()
        .filter(|t| t.resolved_at.is_none())
        .map(|t| (t.id, t.title))
        .collect();
    tally.unresolved_threads = unresolved.iter().map(|(_, t)| t.clone()).collect();
    Ok((tally, unresolved))
}

fn deciders(doc: &DocumentRecord, loaded: &Loaded) -> Vec<String> {
    let named: Vec<String> = loaded
        .participants
        .iter()
        .filter(|p| p.role == Role::Decider)
        .map(|p| p.handle.clone())
        .collect();
    match named.is_empty() {
        true => vec![doc.owner_handle.clone()],
        false => named,
    }
}

async fn today(conn: &mut AnyConnection, owner_id: i64, now: Timestamp) -> OpResult<Date> {
    Ok(now.to_zoned(zone_of(conn, owner_id).await?).date())
}

fn review_date(date: Date) -> Date {
    date.checked_add(REVIEW_AFTER_MONTHS.months())
        .unwrap_or(date)
}

/// What the owner publishes; anything left out comes from the synthesis's draft.
#[derive(Debug, Clone, Default)]
pub struct PublishInput {
    /// Accepted or rejected; the outcome the rules suggest when left out.
    pub outcome: Option<Outcome>,
    pub title: Option<String>,
    pub context: Option<String>,
    pub options: Option<String>,
    pub decision: Option<String>,
    pub rationale: Option<String>,
    pub consequences: Option<String>,
    pub review_date: Option<Date>,
    /// The slug of a decision record this one replaces.
    pub supersedes: Option<String>,
}

/// A published decision record and the round it decided.
#[derive(Debug, Clone)]
pub struct Published {
    pub round: RoundView,
    pub record: DocLink,
}

/// Publishes the round's decision record and marks the round decided; the people asked hear
/// the outcome. A record it supersedes that is accepted becomes superseded, pointing here.
pub async fn publish(
    app: &App,
    actor: &Actor,
    slug: &str,
    number: i64,
    input: PublishInput,
) -> OpResult<Published> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let (doc, loaded) = find(&mut tx, actor, slug, number).await?;
    require_owner(actor, &doc, "publish the decision")?;
    transition(loaded.round.state, RoundAction::Decide)?;
    let suggested = match loaded.decide(Outcome::Accepted, now) {
        Ok(()) => Outcome::Accepted,
        Err(_) => Outcome::Rejected,
    };
    let outcome = input.outcome.unwrap_or(suggested);
    if let Err(blocked) = loaded.decide(outcome, now) {
        let zone = zone_of(&mut tx, actor.id).await?;
        return Err(OpError::Conflict(format!(
            "the decision cannot be {} yet: {}",
            outcome.as_str(),
            blocked_reason(&blocked, &zone)
        )));
    }
    let old = match input
        .supersedes
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(slug) => Some(superseded(&mut tx, actor, slug).await?),
        None => None,
    };
    let (tally, _) = tally(&mut tx, &doc, &loaded).await?;
    let draft = edited(rules::draft(&doc.title, &doc.body, &tally, outcome), &input);
    let date = today(&mut tx, doc.owner_id, now).await?;
    let record = Record {
        doc: &doc,
        number,
        outcome,
        date,
        review_date: input.review_date.unwrap_or(review_date(date)),
        deciders: deciders(&doc, &loaded),
        round: &loaded,
        supersedes: old.as_ref().map(|o| o.slug.as_str()),
    };
    let saved = docs::create_in(
        app,
        &mut tx,
        actor,
        record.input(draft)?,
        Some(outcome.as_str()),
    )
    .await?;
    if !store::decide(&mut tx, loaded.round.id, now, outcome, saved.doc.id).await? {
        return Err(OpError::Conflict(
            "the round changed a moment ago".to_owned(),
        ));
    }
    if let Some(old) = &old {
        mark_superseded(app, &mut tx, actor, old, &saved.doc.slug).await?;
    }
    let payload = json!({"document": doc.slug, "round": number, "decision": saved.doc.slug, "outcome": outcome.as_str(),
        "supersedes": old.as_ref().map(|o| o.slug.clone())});
    app.record(&mut tx, Some(actor), "review.published", payload)
        .await?;
    tell_outcome(app, &mut tx, &doc, &loaded, &saved.doc, outcome).await?;
    let round = store::round(&mut tx, loaded.round.id).await?;
    let loaded = load(&mut tx, round).await?;
    let round = view(&mut tx, actor, &doc, loaded, now).await?;
    commit(tx).await?;
    Ok(Published {
        round,
        record: DocLink::of(&saved.doc),
    })
}

/// The draft with what the owner wrote over it.
fn edited(draft: Draft, input: &PublishInput) -> Draft {
    let pick = |given: &Option<String>, drafted: String| {
        given
            .as_deref()
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map_or(drafted, str::to_owned)
    };
    Draft {
        title: pick(&input.title, draft.title),
        context: pick(&input.context, draft.context),
        options: pick(&input.options, draft.options),
        decision: pick(&input.decision, draft.decision),
        rationale: pick(&input.rationale, draft.rationale),
        consequences: pick(&input.consequences, draft.consequences),
    }
}

/// Everything a round's decision record says besides its draft.
struct Record<'a> {
    doc: &'a DocumentRecord,
    number: i64,
    outcome: Outcome,
    date: Date,
    review_date: Date,
    deciders: Vec<String>,
    round: &'a Loaded,
    supersedes: Option<&'a str>,
}

impl Record<'_> {
    /// The new `adr` document: in the proposal's space, owned by its owner, as confidential
    /// as it, with the ADR fields and a link back to the proposal.
    fn input(&self, draft: Draft) -> OpResult<NewDocInput> {
        let text = |value: &str| FieldValue::Text(value.to_owned());
        let round = &self.round.round;
        let mut fields = vec![
            ("date".to_owned(), text(&self.date.to_string())),
            (
                "deciders".to_owned(),
                FieldValue::List(self.deciders.clone()),
            ),
            (
                "reversibility".to_owned(),
                text(round.reversibility.as_str()),
            ),
            (
                "review_date".to_owned(),
                text(&self.review_date.to_string()),
            ),
            (
                "source".to_owned(),
                text(&format!("/docs/{}", self.doc.slug)),
            ),
        ];
        if let Some(category) = &round.category {
            fields.push(("category".to_owned(), text(category)));
        }
        if let Some(old) = self.supersedes {
            fields.push(("supersedes".to_owned(), text(old)));
        }
        let content = DocInput {
            title: draft.title.clone(),
            intent: format!(
                "Record the {} decision on the proposal “{}”, reviewed in round {}.",
                self.outcome.as_str(),
                self.doc.title,
                self.number
            ),
            classification: Some(self.doc.classification),
            owner: Some(Handle::parse(&self.doc.owner_handle).map_err(invalid)?),
            tags: vec!["review".to_owned()],
            fields,
            body: draft.body(),
        };
        Ok(NewDocInput {
            space: self.doc.space_slug.clone(),
            kind: "adr".to_owned(),
            parent: None,
            source_thread_id: None,
            content,
        })
    }
}

/// The decision record named as superseded: one the owner can read.
async fn superseded(tx: &mut WriteTx, actor: &Actor, slug: &str) -> OpResult<DocumentRecord> {
    let slug = slug.trim_start_matches("[[").trim_end_matches("]]");
    let old = load_readable(tx, actor, slug)
        .await
        .map_err(|err| match err {
            OpError::NotFound(_) => invalid(format!(
                "supersedes: there is no decision record \"{slug}\" you can read"
            )),
            other => other,
        })?;
    if old.kind != "adr" {
        return Err(invalid(format!(
            "supersedes: “{}” is a {}, not a decision record",
            old.title, old.kind
        )));
    }
    Ok(old)
}

/// An accepted record the new one replaces becomes superseded and names its successor (a
/// new revision, by the owner, when they may edit it); otherwise only the new record says so.
async fn mark_superseded(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    old: &DocumentRecord,
    new_slug: &str,
) -> OpResult<()> {
    let allowed = can_edit(facts(actor.role, actor.id, old));
    let Ok(to) = lifecycle_of(&old.kind).check(&old.status, "superseded") else {
        return Ok(());
    };
    if !allowed {
        return Ok(());
    }
    let mut fields: Vec<(String, FieldValue)> = old
        .fields
        .iter()
        .filter(|(name, _)| name != "superseded_by")
        .cloned()
        .collect();
    fields.push((
        "superseded_by".to_owned(),
        FieldValue::Text(new_slug.to_owned()),
    ));
    let content = Content {
        title: &old.title,
        owner_id: old.owner_id,
        intent: &old.intent,
        classification: old.classification,
        status: to,
        tags: &old.tags,
        fields: &fields,
        body: &old.body,
    };
    let note = format!("status: {} → {to} by {new_slug}", old.status);
    let revision = store_docs::revise(
        tx,
        old.id,
        old.revision,
        actor.id,
        app.now(),
        &content,
        &note,
    )
    .await?;
    let payload = json!({"slug": old.slug, "revision": revision, "from": old.status, "to": to});
    app.record(tx, Some(actor), "document.status", payload)
        .await?;
    Ok(())
}

/// Everyone asked hears the outcome (they heard nothing since their verdict).
async fn tell_outcome(
    app: &App,
    tx: &mut WriteTx,
    doc: &DocumentRecord,
    loaded: &Loaded,
    record: &DocumentRecord,
    outcome: Outcome,
) -> OpResult<()> {
    for person in &loaded.participants {
        let note = Notice {
            member_id: person.member_id,
            kind: "review.decided",
            title: &format!("Decided: “{}” is {}", doc.title, outcome.as_str()),
            body: &format!("The decision record is “{}”.", record.title),
            link: &format!("/docs/{}", record.slug),
            dedupe_key: &format!("review:{}:decided:{}", loaded.round.id, person.member_id),
            urgency: Urgency::Normal,
            audience: Audience::Direct,
            space_id: Some(doc.space_id),
            subject: Some(&format!("review:{}", loaded.round.id)),
        };
        notify(app, tx, &note).await?;
    }
    Ok(())
}
