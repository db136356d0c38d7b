//! Review rounds' jobs: the "closing soon" notice, the close at the window's end, and an open
//! question's deadline.
//!
//! Each re-reads the round (or question) when it runs and does nothing when it moved on — a
//! round reopened since closes at another instant, a closed round needs no reminder, an
//! answered question no ask. The close is a guarded update that only one worker wins, and
//! every notification has a dedupe key, so with several replicas each happens exactly once —
//! the 15-minute call suggested when blocking objections stand at the close included.

use super::Ran;
use crate::ops::asks::{self, NewAskInput, Recipient};
use crate::ops::notify::{Audience, Notice, Urgency, notify};
use crate::ops::reviews::{load, zone_of};
use crate::ops::{Actor, App, OpResult, reviews, sync};
use crate::store::WriteTx;
use crate::store::documents as store_docs;
use crate::store::members as store_members;
use crate::store::reviews as store;
use crate::views::documents::DocumentRecord;
use crate::views::reviews::RoundRecord;
use crate::wording;
use jiff::Timestamp;
use longhand_domain::asks::AskKind;
use longhand_domain::names::Handle;
use longhand_domain::reviews::{Outcome, RoundState};
use serde_json::json;

/// The round's document, as its owner sees it (they can always read it).
async fn document(tx: &mut WriteTx, round: &RoundRecord) -> OpResult<DocumentRecord> {
    Ok(store_docs::by_id(tx, round.owner_id, round.document_id).await?)
}

/// "Fri 13 Mar 11:00 your time (10:00 Berlin time)": a closing time in the reader's zone and
/// the owner's.
async fn closing_time(tx: &mut WriteTx, member_id: i64, round: &RoundRecord) -> OpResult<String> {
    let zone = zone_of(tx, member_id).await?;
    let owner = zone_of(tx, round.owner_id).await?;
    Ok(format!(
        "{} your time ({} {})",
        wording::when(round.closes_at, &zone),
        wording::when(round.closes_at, &owner),
        wording::zone_time(&owner)
    ))
}

/// Reminds everyone asked who has not answered yet that the window closes in a business
/// day; those who gave a verdict hear nothing until the outcome.
pub(super) async fn closing_soon(
    app: &App,
    tx: &mut WriteTx,
    round_id: i64,
    at: Timestamp,
) -> OpResult<Ran> {
    let round = store::round(tx, round_id).await?;
    if round.state != RoundState::Open {
        return Ok(Ran::Skipped("the round is not open any more"));
    }
    if round.closing_soon_at != Some(at) {
        return Ok(Ran::Skipped(
            "the round was reopened with another window since",
        ));
    }
    let doc = document(tx, &round).await?;
    for person in store::participants(tx, round_id).await? {
        if person.verdict.is_some() {
            continue;
        }
        let body = format!(
            "The review window closes {}. Give your verdict before then.",
            closing_time(tx, person.member_id, &round).await?
        );
        let note = Notice {
            member_id: person.member_id,
            kind: "review.closing_soon",
            title: &format!("Closing soon: the review of “{}”", doc.title),
            body: &body,
            link: &format!("/docs/{}#review", doc.slug),
            dedupe_key: &format!(
                "review:{round_id}:closing-soon:{}:{}",
                round.closes_at.as_microsecond(),
                person.member_id
            ),
            urgency: Urgency::Normal,
            audience: Audience::Direct,
            space_id: Some(doc.space_id),
            subject: Some(&format!("review:{round_id}")),
        };
        notify(app, tx, &note).await?;
    }
    Ok(Ran::Acted)
}

/// Closes a round at its window's end, expires the asks nobody answered, and tells the owner
/// what the rules allow now.
pub(super) async fn close(
    app: &App,
    tx: &mut WriteTx,
    round_id: i64,
    closes_at: Timestamp,
) -> OpResult<Ran> {
    if !store::close_due(tx, round_id, closes_at, app.now()).await? {
        return Ok(Ran::Skipped(
            "the round was closed already, or reopened with another window",
        ));
    }
    let round = store::round(tx, round_id).await?;
    let loaded = load(tx, round).await?;
    reviews::expire_asks(app, tx, &loaded).await?;
    let doc = document(tx, &loaded.round).await?;
    let payload = json!({"document": doc.slug, "round": loaded.round.number, "early": false});
    app.record(tx, None, "review.closed", payload).await?;
    sync::rounds::at_close(app, tx, &loaded.round, &loaded.objectors()).await?;
    let next = match loaded.decide(Outcome::Accepted, app.now()) {
        Ok(()) => {
            "The rules allow accepting it: open the synthesis and publish the decision record."
                .to_owned()
        }
        Err(blocked) => {
            let zone = zone_of(tx, loaded.round.owner_id).await?;
            format!(
                "It cannot be accepted yet: {}. Open the synthesis to reject it, or revise the proposal.",
                reviews::blocked_reason(&blocked, &zone)
            )
        }
    };
    let answered = loaded
        .participants
        .iter()
        .filter(|p| p.verdict.is_some())
        .count();
    let body = format!(
        "{answered} of {} people asked gave a verdict. {next}",
        loaded.participants.len()
    );
    let note = Notice {
        member_id: loaded.round.owner_id,
        kind: "review.closed",
        title: &format!(
            "Review closed: “{}” (round {})",
            doc.title, loaded.round.number
        ),
        body: &body,
        link: &format!(
            "/docs/{}/rounds/{}/synthesis",
            doc.slug, loaded.round.number
        ),
        dedupe_key: &format!("review:{round_id}:closed:{}", closes_at.as_microsecond()),
        urgency: Urgency::Normal,
        audience: Audience::Direct,
        space_id: Some(doc.space_id),
        subject: Some(&format!("review:{}", loaded.round.id)),
    };
    notify(app, tx, &note).await?;
    Ok(Ran::Acted)
}

/// At an open question's deadline, unanswered: the owner is asked to decide on what is known
/// (an ask from whoever raised it; a notification when the owner raised it themselves).
pub(super) async fn question_due(
    app: &App,
    tx: &mut WriteTx,
    question_id: i64,
    deadline: Timestamp,
) -> OpResult<Ran> {
    let question = store::question(tx, question_id).await?;
    if question.deadline != deadline {
        return Ok(Ran::Skipped("the question's deadline moved"));
    }
    let round = store::round(tx, question.round_id).await?;
    if !matches!(round.state, RoundState::Open | RoundState::Closed) {
        return Ok(Ran::Skipped("the round was decided or revised"));
    }
    if !store::expire_question(tx, question_id, app.now()).await? {
        return Ok(Ran::Skipped(
            "the question was answered (or expired) already",
        ));
    }
    let doc = document(tx, &round).await?;
    let payload = json!({"document": doc.slug, "round": round.number, "question": question_id});
    app.record(tx, None, "review.question_expired", payload)
        .await?;
    let title = format!("Decide on what is known: “{}”", short(&question.question));
    let body = format!(
        "Nobody answered this open question on “{}” within 48 business hours, so decide on what is known: {}\n\nAnswer it on /docs/{}#review, and write what you decided into the synthesis.",
        doc.title, question.question, doc.slug
    );
    if question.raised_by == round.owner_id {
        let note = Notice {
            member_id: round.owner_id,
            kind: "review.question_due",
            title: &title,
            body: &body,
            link: &format!("/docs/{}#review", doc.slug),
            dedupe_key: &format!("review:question:{question_id}:due"),
            urgency: Urgency::Normal,
            audience: Audience::Direct,
            space_id: Some(doc.space_id),
            subject: Some(&format!("review:{}", round.id)),
        };
        notify(app, tx, &note).await?;
        return Ok(Ran::Acted);
    }
    let raiser = store_members::by_id(tx, question.raised_by).await?;
    let owner = store_members::by_id(tx, round.owner_id).await?;
    let asker = Actor {
        id: raiser.id,
        handle: raiser.handle,
        name: raiser.name,
        role: raiser.role,
    };
    let input = NewAskInput {
        to: Recipient::Member(Handle::parse(&owner.handle).map_err(crate::ops::invalid)?),
        kind: AskKind::Answer,
        urgency: reviews::urgency_for(tx, owner.id, &["normal"]).await?,
        title,
        body,
        subject: Some(doc.slug.clone()),
    };
    let ask_id = asks::create_in(app, tx, &asker, &asker, input, None, asks::Level::Named).await?;
    store::set_question_ask(tx, question_id, ask_id).await?;
    Ok(Ran::Acted)
}

/// A question cut for an ask's title.
fn short(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= 140 {
        return line;
    }
    let cut: String = line.chars().take(140).collect();
    format!("{cut}…")
}
