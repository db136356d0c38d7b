//! Sync escalation (issue #11 §7): suggesting a 15-minute call where writing stopped
//! converging, dismissing the suggestion, and — in [`calls`] — recording the call, which owes a
//! written outcome within one business day, and posting that outcome.
//!
//! A suggestion hangs on a subject: a thread, or a document's review round. For threads the
//! product notices on its own: every reply runs `longhand_domain::sync::circling` over the
//! thread's turns since the last settlement, and six alternating turns between the same two
//! people open a suggestion ([`after_reply`]). For rounds, the rounds code calls
//! [`rounds::at_close`] whenever a round closes, which suggests a call between the owner and
//! the people whose blocking objections stand (see `longhand_domain::sync::at_round_close`).
//!
//! Everyone who may read the subject sees the suggestion, with a quarter hour when all its
//! people work; only its people may dismiss it or record the call. While a thread is resolved
//! or elevated, or a round decided or revised, its suggestion rests: it is not shown and
//! cannot be acted on. Calls recorded stay on show, and their outcome can still be posted.

pub mod calls;
pub(crate) mod rounds;

pub use calls::{CallInput, HeldAt, post_outcome, record_call};
pub use rounds::round_subject;

use super::asks::calendar_of;
use super::documents as docs;
use super::threads;
use super::{Actor, App, OpError, OpResult, commit, forbidden, invalid};
use crate::ops::notify::{Audience, Notice, Urgency, notify};
use crate::render;
use crate::store::WriteTx;
use crate::store::documents as store_docs;
use crate::store::members as store_members;
use crate::store::reviews as store_reviews;
use crate::store::sync::{self as store, Closing, NewSuggestion};
use crate::store::threads as store_threads;
use crate::views::asks::AskRecord;
use crate::views::documents::DocumentRecord;
use crate::views::reviews::RoundRecord;
use crate::views::sync::{CallRecord, SuggestionRecord, SyncPerson};
use crate::views::threads::ThreadRecord;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use longhand_domain::reviews::RoundState;
use longhand_domain::sync::{
    self as rules, CIRCLE_TURNS, MAX_PEOPLE, Reason, SuggestionAction, SuggestionState,
    ThreadState, Turn,
};
use serde_json::json;
use sqlx::AnyConnection;

/// What a call suggestion hangs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A thread, by id.
    Thread(i64),
    /// A review round of a document: the document's id and the round's id.
    Round { document_id: i64, round_id: i64 },
}

impl Subject {
    /// The key suggestions on this subject are stored under.
    fn key(self) -> String {
        match self {
            Subject::Thread(id) => format!("thread:{id}"),
            Subject::Round {
                document_id,
                round_id,
            } => format!("round:{document_id}:{round_id}"),
        }
    }

    fn thread_id(self) -> Option<i64> {
        match self {
            Subject::Thread(id) => Some(id),
            Subject::Round { .. } => None,
        }
    }

    /// Why nothing can be done with the subject's suggestion while it is settled.
    fn settled(self) -> &'static str {
        match self {
            Subject::Thread(_) => {
                "the thread is settled (resolved or elevated), so no call is suggested; reopen it first"
            }
            Subject::Round { .. } => {
                "the review round is decided or revised, so its call suggestion no longer stands"
            }
        }
    }
}

/// Sync escalation on one subject, as one reader sees it.
#[derive(Debug, Clone)]
pub struct SyncView {
    /// The open suggestion, while the subject is open to discussion.
    pub suggestion: Option<SuggestionView>,
    /// The calls recorded on the subject, oldest first.
    pub calls: Vec<CallView>,
}

/// An open call suggestion.
#[derive(Debug, Clone)]
pub struct SuggestionView {
    pub record: SuggestionRecord,
    pub reason: Reason,
    /// What the suggestion says ("This thread is going in circles — …").
    pub headline: &'static str,
    /// Each person it names, with their time zone (to show the suggested time on their clock).
    pub people: Vec<(SyncPerson, TimeZone)>,
    /// A quarter hour in the next two weeks when all of them work, if there is one.
    pub suggested_at: Option<Timestamp>,
    /// Whether the reader is one of its people, who may dismiss it or record the call.
    pub can_act: bool,
}

/// A recorded call and where its written outcome stands.
#[derive(Debug, Clone)]
pub struct CallView {
    pub call: CallRecord,
    /// The ask for the written outcome (who owes it now, its due instant and state).
    pub ask: AskRecord,
    /// The outcome rendered for the page.
    pub outcome_html: Option<String>,
    /// Whether the reader owes the outcome and may post it now.
    pub can_post_outcome: bool,
}

/// A subject loaded and checked for the reader.
#[derive(Debug, Clone)]
struct Loaded {
    subject: Subject,
    key: String,
    /// When the discussion began: a call cannot be dated before it.
    began: Timestamp,
    /// Whether the discussion is open: a resolved or elevated thread, or a decided or revised
    /// round, is settled.
    state: ThreadState,
    title: String,
    /// Where the subject is read, for asks and notifications.
    link: String,
    /// The document's slug, for a round (events name it so the log can withhold them).
    document_slug: Option<String>,
}

/// Loads a subject if the actor may read it; "not found" otherwise.
async fn load(conn: &mut AnyConnection, actor: &Actor, subject: Subject) -> OpResult<Loaded> {
    if let Subject::Thread(id) = subject {
        threads::check_readable(conn, actor, id).await?;
    }
    let (loaded, document) = read(conn, actor.id, subject).await?;
    if document.is_some_and(|doc| !docs::readable(actor, &doc)) {
        return Err(OpError::NotFound("document"));
    }
    Ok(loaded)
}

/// Reads a subject without checking who may see it (`viewer` fills the viewer-specific
/// fields of a document); for a round, also the document, for the caller's check.
async fn read(
    conn: &mut AnyConnection,
    viewer: i64,
    subject: Subject,
) -> OpResult<(Loaded, Option<DocumentRecord>)> {
    match subject {
        Subject::Thread(id) => {
            let thread = store_threads::by_id(conn, id)
                .await
                .map_err(super::named("thread"))?;
            let loaded = Loaded {
                subject,
                key: subject.key(),
                began: thread.created_at,
                state: thread_state(&thread),
                title: thread.title,
                link: format!("/threads/{id}"),
                document_slug: None,
            };
            Ok((loaded, None))
        }
        Subject::Round {
            document_id,
            round_id,
        } => {
            let doc = store_docs::by_id(conn, viewer, document_id)
                .await
                .map_err(super::named("document"))?;
            let round = store_reviews::round(conn, round_id)
                .await
                .map_err(super::named("review round"))?;
            if round.document_id != doc.id {
                return Err(OpError::NotFound("review round"));
            }
            Ok((of_round(&doc, &round), Some(doc)))
        }
    }
}

/// A round of a document as a subject. A decided or revised round is settled: the decision
/// was made, or the proposal changed, without the call.
fn of_round(doc: &DocumentRecord, round: &RoundRecord) -> Loaded {
    let subject = Subject::Round {
        document_id: doc.id,
        round_id: round.id,
    };
    let state = match round.state {
        RoundState::Open | RoundState::Closed => ThreadState::Open,
        RoundState::Decided | RoundState::Revised => ThreadState::Resolved,
    };
    Loaded {
        subject,
        key: subject.key(),
        began: doc.created_at,
        state,
        title: doc.title.clone(),
        link: format!("/docs/{}", doc.slug),
        document_slug: Some(doc.slug.clone()),
    }
}

fn thread_state(thread: &ThreadRecord) -> ThreadState {
    if thread.elevated_to.is_some() {
        ThreadState::Elevated
    } else if thread.resolved_at.is_some() {
        ThreadState::Resolved
    } else {
        ThreadState::Open
    }
}

/// The payload fields that say what an event is about (see `ops::event_log`).
fn about(loaded: &Loaded) -> serde_json::Value {
    json!({"thread": loaded.subject.thread_id(), "document": loaded.document_slug})
}

/// Sync escalation on a subject the actor may read.
pub async fn get(app: &App, actor: &Actor, subject: Subject) -> OpResult<SyncView> {
    let mut conn = app.store().read().await?;
    let loaded = load(&mut conn, actor, subject).await?;
    view(&mut conn, actor, &loaded, app.now()).await
}

async fn view(
    conn: &mut AnyConnection,
    actor: &Actor,
    loaded: &Loaded,
    now: Timestamp,
) -> OpResult<SyncView> {
    let suggestion = match store::latest(conn, &loaded.key).await? {
        Some((record, _))
            if record.state == SuggestionState::Open.as_str()
                && loaded.state == ThreadState::Open =>
        {
            Some(suggestion_view(conn, actor, record, now).await?)
        }
        _ => None,
    };
    let mut calls = Vec::new();
    for call in store::calls(conn, &loaded.key).await? {
        calls.push(call_view(conn, actor, call).await?);
    }
    Ok(SyncView { suggestion, calls })
}

async fn suggestion_view(
    conn: &mut AnyConnection,
    actor: &Actor,
    record: SuggestionRecord,
    now: Timestamp,
) -> OpResult<SuggestionView> {
    let reason = Reason::parse(&record.reason).ok_or_else(|| corrupt(&record))?;
    let mut people = Vec::with_capacity(record.people.len());
    let mut calendars = Vec::with_capacity(record.people.len());
    for person in &record.people {
        let member = store_members::by_id(conn, person.member_id).await?;
        let calendar = calendar_of(&member.calendar, &member.handle)?;
        people.push((person.clone(), calendar.time_zone().clone()));
        calendars.push(calendar);
    }
    Ok(SuggestionView {
        can_act: record.people.iter().any(|p| p.member_id == actor.id),
        reason,
        headline: reason.headline(),
        suggested_at: rules::suggest_time(&calendars, now),
        people,
        record,
    })
}

fn corrupt(record: &SuggestionRecord) -> OpError {
    OpError::Internal(anyhow::anyhow!(
        "call suggestion {} has the unknown reason or state {}/{}",
        record.id,
        record.reason,
        record.state
    ))
}

async fn call_view(
    conn: &mut AnyConnection,
    actor: &Actor,
    call: CallRecord,
) -> OpResult<CallView> {
    let ask = crate::store::asks::by_id(conn, call.ask_id).await?;
    Ok(CallView {
        can_post_outcome: call.outcome.is_none() && ask.responder_id == actor.id,
        outcome_html: call.outcome.as_deref().map(render::to_html),
        ask,
        call,
    })
}

/// The newest suggestion on an open subject and the state `action` by `actor` moves it to,
/// or why it cannot: nothing to act on (409), not one of its people (403), or a state the
/// action does not apply to (409).
async fn act_on(
    conn: &mut AnyConnection,
    actor: &Actor,
    loaded: &Loaded,
    action: SuggestionAction,
) -> OpResult<(SuggestionRecord, SuggestionState)> {
    if loaded.state != ThreadState::Open {
        return Err(OpError::Conflict(loaded.subject.settled().to_owned()));
    }
    let Some((record, _)) = store::latest(conn, &loaded.key).await? else {
        return Err(OpError::Conflict(
            "no call has been suggested here".to_owned(),
        ));
    };
    let state = SuggestionState::parse(&record.state).ok_or_else(|| corrupt(&record))?;
    check_party(actor, &record)?;
    let next = state
        .apply(action)
        .map_err(|err| OpError::Conflict(err.to_string()))?;
    Ok((record, next))
}

/// Only the people a suggestion names may act on it.
fn check_party(actor: &Actor, record: &SuggestionRecord) -> OpResult<()> {
    if record.people.iter().any(|p| p.member_id == actor.id) {
        return Ok(());
    }
    let names: Vec<String> = record
        .people
        .iter()
        .map(|p| format!("@{}", p.handle))
        .collect();
    Err(forbidden(&format!(
        "only the people the call is suggested for ({}) can do that",
        names.join(", ")
    )))
}

/// Closes the open suggestion as `state`, remembering the thread's last comment so that only
/// later turns count towards another circle.
async fn close(
    tx: &mut WriteTx,
    actor: &Actor,
    loaded: &Loaded,
    record: &SuggestionRecord,
    state: SuggestionState,
    now: Timestamp,
) -> OpResult<()> {
    let settled_after = match loaded.subject.thread_id() {
        Some(id) => store::last_comment(tx, id).await?,
        None => None,
    };
    let closing = Closing {
        state: state.as_str(),
        by: Some(actor.id),
        at: now,
        settled_after,
    };
    if !store::close(tx, record.id, closing).await? {
        return Err(OpError::Conflict(
            "someone acted on this call suggestion a moment ago; reload to see what happened"
                .to_owned(),
        ));
    }
    Ok(())
}

/// One of its people dismisses the open suggestion: no call is needed. Another suggestion
/// comes only after six fresh alternating turns.
pub async fn dismiss(app: &App, actor: &Actor, subject: Subject) -> OpResult<SyncView> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let loaded = load(&mut tx, actor, subject).await?;
    let (record, next) = act_on(&mut tx, actor, &loaded, SuggestionAction::Dismiss).await?;
    close(&mut tx, actor, &loaded, &record, next, now).await?;
    let mut payload = about(&loaded);
    payload["suggestion"] = json!(record.id);
    app.record(&mut tx, Some(actor), "sync.dismissed", payload)
        .await?;
    let result = view(&mut tx, actor, &loaded, now).await?;
    commit(tx).await?;
    Ok(result)
}

/// Looks at a thread after a reply (inside the reply's transaction) and suggests a call when
/// the reply completes a circle: six alternating turns between two people since the last
/// settlement, on an open thread with no suggestion open already.
pub(crate) async fn after_reply(
    app: &App,
    tx: &mut WriteTx,
    thread: &ThreadRecord,
) -> OpResult<()> {
    let subject = Subject::Thread(thread.id);
    let settled_after = match store::latest(tx, &subject.key()).await? {
        Some((record, _)) if record.state == SuggestionState::Open.as_str() => return Ok(()),
        Some((_, settled_after)) => settled_after,
        None => None,
    };
    let window = i64::try_from(CIRCLE_TURNS).unwrap_or(i64::MAX);
    let authors = store::turns(tx, thread.id, settled_after, window).await?;
    let history: Vec<Turn<i64>> = settled_after
        .map(|_| Turn::Settled)
        .into_iter()
        .chain(authors.into_iter().map(Turn::Comment))
        .collect();
    if let Some(circle) = rules::circling(&history, thread_state(thread)) {
        suggest_call(app, tx, subject, &circle.people, Reason::Circles).await?;
    }
    Ok(())
}

/// Suggests a 15-minute call between `people` (member ids, in the order to name them) on
/// `subject`, inside the caller's transaction: the suggestion, its `sync.suggested` event (the
/// product's, so without an actor) and a notice to each person. `None` when the subject
/// already has an open suggestion.
///
/// For a round, [`rounds::at_close`] calls it with `Subject::Round { document_id, round_id }`,
/// the owner and the objectors, and `Reason::Objections`.
pub(crate) async fn suggest_call(
    app: &App,
    tx: &mut WriteTx,
    subject: Subject,
    people: &[i64],
    reason: Reason,
) -> OpResult<Option<i64>> {
    check_people(people)?;
    let (document_id, round_id) = match subject {
        Subject::Round {
            document_id,
            round_id,
        } => (Some(document_id), Some(round_id)),
        Subject::Thread(_) => (None, None),
    };
    let key = subject.key();
    let new = NewSuggestion {
        subject_key: &key,
        thread_id: subject.thread_id(),
        document_id,
        round_id,
        reason: reason.as_str(),
        at: app.now(),
    };
    let Some(id) = store::insert_suggestion(tx, &new).await? else {
        return Ok(None);
    };
    let mut named = Vec::with_capacity(people.len());
    for (position, member_id) in people.iter().enumerate() {
        let member = store_members::by_id(tx, *member_id).await?;
        store::add_person(
            tx,
            id,
            member.id,
            i64::try_from(position).unwrap_or(i64::MAX),
        )
        .await?;
        named.push(member);
    }
    let loaded = describe(tx, subject, people[0]).await?;
    let handles: Vec<&str> = named.iter().map(|m| m.handle.as_str()).collect();
    let mut payload = about(&loaded);
    payload["suggestion"] = json!(id);
    payload["round"] = json!(round_id);
    payload["reason"] = json!(reason.as_str());
    payload["people"] = json!(handles);
    app.record(tx, None, "sync.suggested", payload).await?;
    notify_suggested(app, tx, id, &loaded, reason, &named).await?;
    Ok(Some(id))
}

fn check_people(people: &[i64]) -> OpResult<()> {
    let distinct = people
        .iter()
        .enumerate()
        .all(|(i, p)| !people[..i].contains(p));
    if !(2..=MAX_PEOPLE).contains(&people.len()) || !distinct {
        return Err(invalid(format!(
            "a call is suggested between 2 and {MAX_PEOPLE} different people"
        )));
    }
    Ok(())
}

/// A subject as the product itself sees it: no reader to check, since the people it concerns
/// already took part in it.
async fn describe(tx: &mut WriteTx, subject: Subject, viewer: i64) -> OpResult<Loaded> {
    Ok(read(tx, viewer, subject).await?.0)
}

async fn notify_suggested(
    app: &App,
    tx: &mut WriteTx,
    id: i64,
    loaded: &Loaded,
    reason: Reason,
    people: &[crate::views::members::MemberRecord],
) -> OpResult<()> {
    for member in people {
        let others: Vec<String> = people
            .iter()
            .filter(|p| p.id != member.id)
            .map(|p| format!("@{}", p.handle))
            .collect();
        let note = Notice {
            member_id: member.id,
            kind: "sync.suggested",
            title: &format!("A 15-minute call may settle “{}”", loaded.title),
            body: &format!("{}. With {}.", reason.headline(), others.join(", ")),
            link: &loaded.link,
            dedupe_key: &format!("sync:{id}:suggested:{}", member.id),
            urgency: Urgency::Normal,
            audience: Audience::Direct,
            space_id: None,
            subject: Some(&format!("sync:{id}")),
        };
        notify(app, tx, &note).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
