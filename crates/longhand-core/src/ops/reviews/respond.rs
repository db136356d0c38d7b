//! Taking part in a round: verdicts (given and changed while the window is open, each
//! answering the person's review ask), open questions, closing the window early, and the
//! team DRI's tie-break.

use super::{Loaded, RoundView, dri_of, find, load, require_owner, team_with, transition, view};
use crate::ops::jobs::Job;
use crate::ops::notify::{Audience, Notice, Urgency, ask_subject, clear_subject, notify};
use crate::ops::sync;
use crate::ops::{Actor, App, OpError, OpResult, commit, forbidden, invalid, multi_line};
use crate::store::WriteTx;
use crate::store::asks as store_asks;
use crate::store::reviews as store;
use crate::views::documents::DocumentRecord;
use longhand_domain::reviews::{
    self as rules, MAX_TEXT_CHARS, Outcome, RoundAction, RoundState, Verdict,
};
use serde_json::json;

/// Reloads the round inside `tx`, commits, and answers with the actor's view of it.
async fn finish(
    app: &App,
    mut tx: WriteTx,
    actor: &Actor,
    doc: &DocumentRecord,
    round_id: i64,
) -> OpResult<RoundView> {
    let round = store::round(&mut tx, round_id).await?;
    let loaded = load(&mut tx, round).await?;
    let result = view(&mut tx, actor, doc, loaded, app.now()).await?;
    commit(tx).await?;
    Ok(result)
}

/// Takes the round while it is open, or says why nothing can be added to it now.
async fn hold_open(tx: &mut WriteTx, loaded: &Loaded, what: &str) -> OpResult<()> {
    if store::lock_open(tx, loaded.round.id).await? {
        return Ok(());
    }
    Err(OpError::Conflict(format!(
        "round {} is {}: {what} only while its window is open",
        loaded.round.number,
        store::round(tx, loaded.round.id).await?.state.as_str()
    )))
}

/// Gives or changes the actor's verdict. The first verdict answers their review ask (its
/// clock stops); an objection needs a reason and tells the owner.
pub async fn verdict(
    app: &App,
    actor: &Actor,
    slug: &str,
    number: i64,
    verdict: Verdict,
    reason: &str,
) -> OpResult<RoundView> {
    let reason = rules::check_verdict(verdict, reason).map_err(invalid)?;
    if let Some(reason) = &reason {
        multi_line("reason", reason)?;
        crate::ops::check_nesting(reason)?;
    }
    let now = app.now();
    let mut tx = app.store().write().await?;
    let (doc, loaded) = find(&mut tx, actor, slug, number).await?;
    let Some(me) = loaded.participant(actor.id).cloned() else {
        return Err(forbidden(
            "only the people asked in this round give verdicts; comment on the document instead",
        ));
    };
    hold_open(&mut tx, &loaded, "verdicts are given and changed").await?;
    store::set_verdict(
        &mut tx,
        loaded.round.id,
        actor.id,
        verdict,
        reason.as_deref(),
        now,
    )
    .await?;
    if let Some(ask_id) = me.ask_id {
        answer_ask(app, &mut tx, actor, ask_id, verdict, reason.as_deref()).await?;
        clear_subject(app, &mut tx, actor.id, &ask_subject(ask_id)).await?;
    }
    // The verdict is what the review's notices asked of this person.
    let round_subject = format!("review:{}", loaded.round.id);
    clear_subject(app, &mut tx, actor.id, &round_subject).await?;
    let payload = json!({"document": doc.slug, "round": number, "verdict": verdict.as_str(), "changed_from": me.verdict.map(Verdict::as_str)});
    app.record(&mut tx, Some(actor), "review.verdict", payload)
        .await?;
    if verdict == Verdict::Object && me.verdict != Some(Verdict::Object) {
        let note = Notice {
            member_id: doc.owner_id,
            kind: "review.objection",
            title: &format!("{} objects to “{}”", actor.name, doc.title),
            body: reason.as_deref().unwrap_or_default(),
            link: &format!("/docs/{}#review", doc.slug),
            dedupe_key: &format!(
                "review:{}:objection:{}:{}",
                loaded.round.id,
                actor.id,
                now.as_microsecond()
            ),
            urgency: Urgency::Normal,
            audience: Audience::Direct,
            space_id: Some(doc.space_id),
            subject: Some(&format!("review:{}", loaded.round.id)),
        };
        notify(app, &mut tx, &note).await?;
    }
    finish(app, tx, actor, &doc, loaded.round.id).await
}

/// A verdict answers the person's review ask, once; changing it later leaves the ask as
/// first answered (its clock measured the first response).
async fn answer_ask(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    ask_id: i64,
    verdict: Verdict,
    reason: Option<&str>,
) -> OpResult<()> {
    let response = match verdict {
        Verdict::Approve => "approve",
        Verdict::ApproveWithComments => "comment",
        Verdict::Object => "object",
        Verdict::Abstain => "acknowledge",
    };
    if store_asks::close(tx, ask_id, "answered", response, reason, app.now()).await? {
        let payload = json!({ "ask": ask_id, "state": "answered", "response": response });
        app.record(tx, Some(actor), "ask.closed", payload).await?;
    }
    Ok(())
}

/// Closes the window before its end: the owner may, once everyone whose answer decides the
/// round has answered. Asks still open expire.
pub async fn close(app: &App, actor: &Actor, slug: &str, number: i64) -> OpResult<RoundView> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let (doc, loaded) = find(&mut tx, actor, slug, number).await?;
    require_owner(actor, &doc, "close the review window")?;
    transition(loaded.round.state, RoundAction::Close)?;
    let waiting = loaded.waiting_on();
    if !waiting.is_empty() {
        let at: Vec<String> = waiting.iter().map(|h| format!("@{h}")).collect();
        return Err(OpError::Conflict(format!(
            "the window closes early only once everyone deciding has answered; still waiting on {}",
            at.join(", ")
        )));
    }
    if !store::close_early(&mut tx, loaded.round.id, now).await? {
        return Err(OpError::Conflict(
            "the round closed a moment ago".to_owned(),
        ));
    }
    expire_asks(app, &mut tx, &loaded).await?;
    let payload = json!({"document": doc.slug, "round": number, "early": true});
    app.record(&mut tx, Some(actor), "review.closed", payload)
        .await?;
    sync::rounds::at_close(app, &mut tx, &loaded.round, &loaded.objectors()).await?;
    finish(app, tx, actor, &doc, loaded.round.id).await
}

/// At the close, the review asks nobody answered expire: no answer is expected any more.
pub(crate) async fn expire_asks(app: &App, tx: &mut WriteTx, loaded: &Loaded) -> OpResult<()> {
    for person in loaded.participants.iter().filter(|p| p.verdict.is_none()) {
        let Some(ask_id) = person.ask_id else {
            continue;
        };
        let why = Some("the review window closed");
        if store_asks::close(tx, ask_id, "expired", "expired", why, app.now()).await? {
            let payload = json!({ "ask": ask_id, "review_round": loaded.round.id });
            app.record(tx, None, "ask.expired", payload).await?;
        }
    }
    Ok(())
}

/// Checks a question's or answer's text.
fn text(what: &'static str, raw: &str) -> OpResult<String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(invalid(format!("{what} cannot be empty")));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(invalid(format!(
            "{what} can be at most {MAX_TEXT_CHARS} characters"
        )));
    }
    multi_line(what, text)?;
    crate::ops::check_nesting(text)?;
    Ok(text.to_owned())
}

/// Raises an open question while the window is open (the owner or someone asked). It falls
/// due 48 business hours later on the team's calendar; unanswered by then, the owner is
/// asked to decide on what is known.
pub async fn raise_question(
    app: &App,
    actor: &Actor,
    slug: &str,
    number: i64,
    question: &str,
) -> OpResult<RoundView> {
    let question = text("the question", question)?;
    let now = app.now();
    let mut tx = app.store().write().await?;
    let (doc, loaded) = find(&mut tx, actor, slug, number).await?;
    if doc.owner_id != actor.id && loaded.participant(actor.id).is_none() {
        return Err(forbidden(
            "only the owner and the people asked raise open questions; start a thread on the document instead",
        ));
    }
    hold_open(&mut tx, &loaded, "open questions are raised").await?;
    let team = team_with(&mut tx, loaded.round.owner_id, loaded.round.team_id).await?;
    let deadline = rules::question_deadline(now, &team.calendar).map_err(invalid)?;
    let new = store::NewQuestion {
        round_id: loaded.round.id,
        raised_by: actor.id,
        question: &question,
        raised_at: now,
        deadline,
    };
    let id = store::insert_question(&mut tx, &new).await?;
    Job::ReviewQuestionDue {
        question_id: id,
        deadline,
    }
    .enqueue(app, &mut tx)
    .await?;
    let payload = json!({"document": doc.slug, "round": number, "question": id, "deadline": deadline.to_string()});
    app.record(&mut tx, Some(actor), "review.question_raised", payload)
        .await?;
    if doc.owner_id != actor.id {
        let note = Notice {
            member_id: doc.owner_id,
            kind: "review.question",
            title: &format!("{} asks about “{}”", actor.name, doc.title),
            body: &question,
            link: &format!("/docs/{}#review", doc.slug),
            dedupe_key: &format!("review:question:{id}:raised"),
            urgency: Urgency::Normal,
            audience: Audience::Direct,
            space_id: Some(doc.space_id),
            subject: Some(&format!("review:{}", loaded.round.id)),
        };
        notify(app, &mut tx, &note).await?;
    }
    finish(app, tx, actor, &doc, loaded.round.id).await
}

/// Answers an open question, once (the owner or someone asked), until the round is decided
/// or revised. If the owner was already asked to decide on it, that ask is answered too.
pub async fn answer_question(
    app: &App,
    actor: &Actor,
    slug: &str,
    number: i64,
    question_id: i64,
    answer: &str,
) -> OpResult<RoundView> {
    let answer = text("the answer", answer)?;
    let now = app.now();
    let mut tx = app.store().write().await?;
    let (doc, loaded) = find(&mut tx, actor, slug, number).await?;
    let Some(question) = loaded
        .questions
        .iter()
        .find(|q| q.id == question_id)
        .cloned()
    else {
        return Err(OpError::NotFound("question"));
    };
    if doc.owner_id != actor.id && loaded.participant(actor.id).is_none() {
        return Err(forbidden(
            "only the owner and the people asked answer open questions",
        ));
    }
    if !matches!(loaded.round.state, RoundState::Open | RoundState::Closed) {
        return Err(OpError::Conflict(format!(
            "round {number} is {}; its questions can no longer be answered",
            loaded.round.state.as_str()
        )));
    }
    if !store::answer_question(&mut tx, question_id, &answer, actor.id, now).await? {
        return Err(OpError::Conflict(
            "this question is answered already".to_owned(),
        ));
    }
    if let Some(ask_id) = question.ask_id {
        answer_owner_ask(app, &mut tx, actor, ask_id, &answer).await?;
    }
    let payload = json!({"document": doc.slug, "round": number, "question": question_id});
    app.record(&mut tx, Some(actor), "review.question_answered", payload)
        .await?;
    finish(app, tx, actor, &doc, loaded.round.id).await
}

/// The owner's "decide on what is known" ask about a question is answered with it.
async fn answer_owner_ask(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    ask_id: i64,
    answer: &str,
) -> OpResult<()> {
    let now = app.now();
    if store_asks::close(tx, ask_id, "answered", "comment", Some(answer), now).await? {
        let payload = json!({ "ask": ask_id, "state": "answered", "response": "comment" });
        app.record(tx, Some(actor), "ask.closed", payload).await?;
    }
    Ok(())
}

/// The team DRI breaks a tie (or a standing objection) on a closed, reversible round, with a
/// reason; the owner must then decide that way.
pub async fn tie_break(
    app: &App,
    actor: &Actor,
    slug: &str,
    number: i64,
    outcome: Outcome,
    reason: &str,
) -> OpResult<RoundView> {
    let reason = text("the reason", reason)?;
    let now = app.now();
    let mut tx = app.store().write().await?;
    let (doc, loaded) = find(&mut tx, actor, slug, number).await?;
    match dri_of(&mut tx, &loaded.round).await? {
        Some((id, _, _)) if id == actor.id => {}
        Some((_, handle, _)) => {
            return Err(forbidden(&format!(
                "only the team's DRI, @{handle}, breaks a tie on this round"
            )));
        }
        None => {
            return Err(forbidden(
                "this round's owner is in no team, so no DRI can break a tie; revise the proposal instead",
            ));
        }
    }
    if loaded.tie_break_needed(now).is_none() {
        return Err(OpError::Conflict(no_tie(&loaded)));
    }
    if !store::insert_tie_break(&mut tx, loaded.round.id, actor.id, outcome, &reason, now).await? {
        return Err(OpError::Conflict(
            "the tie was broken a moment ago".to_owned(),
        ));
    }
    let payload = json!({"document": doc.slug, "round": number, "outcome": outcome.as_str(), "reason": reason});
    app.record(&mut tx, Some(actor), "review.tie_break", payload)
        .await?;
    let note = Notice {
        member_id: doc.owner_id,
        kind: "review.tie_break",
        title: &format!(
            "{} broke the tie on “{}”: {}",
            actor.name,
            doc.title,
            outcome.as_str()
        ),
        body: &reason,
        link: &format!("/docs/{}#review", doc.slug),
        dedupe_key: &format!("review:{}:tie-break", loaded.round.id),
        urgency: Urgency::Normal,
        audience: Audience::Direct,
        space_id: Some(doc.space_id),
        subject: Some(&format!("review:{}", loaded.round.id)),
    };
    notify(app, &mut tx, &note).await?;
    finish(app, tx, actor, &doc, loaded.round.id).await
}

/// Why a round does not need the DRI.
fn no_tie(loaded: &Loaded) -> String {
    let round = &loaded.round;
    let why = match round.state {
        RoundState::Open => "its window is still open".to_owned(),
        RoundState::Decided | RoundState::Revised => format!("it is {}", round.state.as_str()),
        RoundState::Closed if loaded.tie_break.is_some() => "the tie was broken already".to_owned(),
        RoundState::Closed if round.reversibility == rules::Reversibility::Irreversible => {
            "an irreversible decision needs every decider's consent, which no tie-break replaces"
                .to_owned()
        }
        RoundState::Closed => "there is no tie and no standing objection".to_owned(),
    };
    format!("round {} needs no tie-break: {why}", round.number)
}
