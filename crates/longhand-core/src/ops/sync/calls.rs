//! Recording the call a suggestion led to, and posting its written outcome.
//!
//! Recording is one transaction: the suggestion closes as "called", the call is stored with
//! who was on it, and the outcome's owner gets an ask — kind `answer`, due one business day
//! later in the owner's own calendar, its subject the thread's link. The ask is from the
//! recorder, or, when recorders name themselves as owner, from another person on the call
//! (nobody asks themselves; that person is the one waiting to read the outcome).
//!
//! Posting the outcome is one transaction too: on a thread it becomes a comment (marked as
//! the call's outcome on the page), it is stored on the call, and it answers the ask if the
//! ask is still open.

use super::{CallView, Loaded, Subject, about, act_on, call_view, close, load};
use crate::ops::asks::{self, Level, NewAskInput, Recipient, calendar_of};
use crate::ops::auth::actor_of;
use crate::ops::notify::{Audience, Notice, Urgency, notify};
use crate::ops::threads;
use crate::ops::{Actor, App, OpError, OpResult, commit, forbidden, invalid, multi_line, named};
use crate::store::WriteTx;
use crate::store::asks as store_asks;
use crate::store::members as store_members;
use crate::store::sync::{self as store, NewCall};
use crate::views::members::MemberRecord;
use crate::views::sync::{CallRecord, SuggestionRecord};
use crate::wording;
use jiff::Timestamp;
use jiff::civil::DateTime;
use longhand_domain::asks::AskKind;
use longhand_domain::instant::at_storage_precision;
use longhand_domain::names::Handle;
use longhand_domain::sync::{self as rules, CallFacts, SuggestionAction};
use serde_json::json;

/// When a call was held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldAt {
    /// An instant (the API's RFC 3339).
    At(Timestamp),
    /// A wall-clock time in the recorder's own zone (the web form's date and time).
    Local(DateTime),
}

/// What recording a call says.
#[derive(Debug, Clone, Default)]
pub struct CallInput {
    /// When the call was held; now when not given.
    pub held_at: Option<HeldAt>,
    /// Who was on the call; the suggestion's people when empty.
    pub people: Vec<Handle>,
    /// Who writes the outcome (one of the people on the call); the recorder when not given.
    pub owner: Option<Handle>,
    /// An optional note (plain text).
    pub note: String,
}

/// A call as recorded, its people and owner resolved.
struct Draft {
    held_at: Timestamp,
    people: Vec<MemberRecord>,
    owner: MemberRecord,
    note: String,
}

/// One of the suggestion's people records that the call happened; the owner is asked for the
/// written outcome within one business day.
pub async fn record_call(
    app: &App,
    actor: &Actor,
    subject: Subject,
    input: CallInput,
) -> OpResult<CallView> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let loaded = load(&mut tx, actor, subject).await?;
    let (record, next) = act_on(&mut tx, actor, &loaded, SuggestionAction::RecordCall).await?;
    let draft = draft(&mut tx, actor, &record, input, now).await?;
    check(&mut tx, &draft, &loaded, now).await?;
    close(&mut tx, actor, &loaded, &record, next, now).await?;
    let ask_id = outcome_ask(app, &mut tx, actor, &loaded, &draft).await?;
    let id = insert(&mut tx, actor, &record, &draft, ask_id, now).await?;
    let mut payload = about(&loaded);
    payload["suggestion"] = json!(record.id);
    payload["call"] = json!(id);
    payload["ask"] = json!(ask_id);
    payload["held_at"] = json!(draft.held_at.to_string());
    payload["owner"] = json!(draft.owner.handle);
    payload["people"] = json!(draft.people.iter().map(|p| &p.handle).collect::<Vec<_>>());
    app.record(&mut tx, Some(actor), "sync.call_recorded", payload)
        .await?;
    let call = store::call(&mut tx, &loaded.key, id).await?;
    let result = call_view(&mut tx, actor, call).await?;
    commit(tx).await?;
    Ok(result)
}

async fn draft(
    tx: &mut WriteTx,
    actor: &Actor,
    record: &SuggestionRecord,
    input: CallInput,
    now: Timestamp,
) -> OpResult<Draft> {
    let note = input.note.trim().to_owned();
    multi_line("note", &note)?;
    let mut people = Vec::new();
    if input.people.is_empty() {
        for person in &record.people {
            people.push(store_members::by_id(tx, person.member_id).await?);
        }
    } else {
        for handle in &input.people {
            people.push(member(tx, handle).await?);
        }
    }
    let owner = match &input.owner {
        Some(handle) => member(tx, handle).await?,
        None => store_members::by_id(tx, actor.id).await?,
    };
    let held_at = match input.held_at {
        None => now,
        Some(HeldAt::At(at)) => at,
        Some(HeldAt::Local(local)) => local_instant(tx, actor, local).await?,
    };
    Ok(Draft {
        // The edge may send nanoseconds; the row keeps whole microseconds.
        held_at: at_storage_precision(held_at),
        people,
        owner,
        note,
    })
}

async fn member(tx: &mut WriteTx, handle: &Handle) -> OpResult<MemberRecord> {
    store_members::by_handle(tx, handle.as_str())
        .await
        .map_err(|err| match named("member")(err) {
            OpError::NotFound(_) => invalid(format!("nobody is called @{}", handle.as_str())),
            other => other,
        })
}

/// A wall-clock time in the recorder's zone as an instant.
async fn local_instant(tx: &mut WriteTx, actor: &Actor, local: DateTime) -> OpResult<Timestamp> {
    let me = store_members::by_id(tx, actor.id).await?;
    let zone = calendar_of(&me.calendar, &me.handle)?.time_zone().clone();
    Ok(local
        .to_zoned(zone)
        .map_err(|_| invalid("the call's date and time cannot be placed in your time zone"))?
        .timestamp())
}

/// The domain's checks, and that the owner may read what the outcome is posted on.
async fn check(tx: &mut WriteTx, draft: &Draft, loaded: &Loaded, now: Timestamp) -> OpResult<()> {
    let ids: Vec<i64> = draft.people.iter().map(|p| p.id).collect();
    let facts = CallFacts {
        held_at: draft.held_at,
        people: &ids,
        owner: &draft.owner.id,
        note: &draft.note,
    };
    rules::check_call(&facts, now, loaded.began).map_err(invalid)?;
    match load(tx, &actor_of(&draft.owner), loaded.subject).await {
        Ok(_) => Ok(()),
        Err(OpError::NotFound(what)) => Err(invalid(format!(
            "@{} cannot read this {what}, so cannot post the call's outcome on it",
            draft.owner.handle
        ))),
        Err(other) => Err(other),
    }
}

/// The ask for the written outcome: to the owner, from the recorder — or, when the recorder
/// owns it, from the first other person on the call.
async fn outcome_ask(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    loaded: &Loaded,
    draft: &Draft,
) -> OpResult<i64> {
    let others: Vec<&MemberRecord> = draft
        .people
        .iter()
        .filter(|p| p.id != draft.owner.id)
        .collect();
    let asker = match others.first() {
        Some(other) if draft.owner.id == actor.id => actor_of(other),
        _ => actor.clone(),
    };
    let zone = calendar_of(&draft.owner.calendar, &draft.owner.handle)?
        .time_zone()
        .clone();
    let names: Vec<String> = others.iter().map(|p| format!("@{}", p.handle)).collect();
    let input = NewAskInput {
        to: Recipient::Member(Handle::parse(&draft.owner.handle).map_err(invalid)?),
        kind: AskKind::Answer,
        urgency: String::new(),
        title: format!(
            "Write up the outcome of the call on “{}”",
            shorten(&loaded.title, 140)
        ),
        body: format!(
            "You had a call with {} on {}. Post what was decided and what happens next on {} — \
             posting it there answers this ask — so everyone who was not on the call can follow.",
            names.join(", "),
            wording::when(draft.held_at, &zone),
            loaded.link
        ),
        subject: Some(loaded.link.clone()),
    };
    let level = Level::Derived(rules::outcome_level);
    asks::create_in(app, tx, actor, &asker, input, None, level).await
}

async fn insert(
    tx: &mut WriteTx,
    actor: &Actor,
    record: &SuggestionRecord,
    draft: &Draft,
    ask_id: i64,
    now: Timestamp,
) -> OpResult<i64> {
    let new = NewCall {
        suggestion_id: record.id,
        recorded_by: actor.id,
        held_at: draft.held_at,
        note: &draft.note,
        owner_id: draft.owner.id,
        ask_id,
        at: now,
    };
    let id = store::insert_call(tx, &new).await?;
    for (position, person) in draft.people.iter().enumerate() {
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        store::add_call_person(tx, id, person.id, position).await?;
    }
    Ok(id)
}

/// At most `limit` characters of `text`, with an ellipsis when cut.
fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    text.chars().take(limit - 1).collect::<String>() + "…"
}

/// The person who owes a call's outcome posts it: on a thread as a comment, on the call, and
/// as the answer to the open ask.
pub async fn post_outcome(
    app: &App,
    actor: &Actor,
    subject: Subject,
    call_id: i64,
    outcome: &str,
) -> OpResult<CallView> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let loaded = load(&mut tx, actor, subject).await?;
    let call = store::call(&mut tx, &loaded.key, call_id)
        .await
        .map_err(named("call"))?;
    let ask = store_asks::by_id(&mut tx, call.ask_id).await?;
    if ask.responder_id != actor.id {
        return Err(forbidden(&format!(
            "only @{}, who owes this call's outcome, can post it",
            ask.responder_handle
        )));
    }
    if call.outcome.is_some() {
        return Err(OpError::Conflict(
            "this call's outcome was already posted".to_owned(),
        ));
    }
    let text = threads::check_comment(outcome)?;
    let comment = match subject.thread_id() {
        Some(thread) => Some(threads::comment_in(app, &mut tx, actor, thread, &text).await?),
        None => None,
    };
    if !store::set_outcome(&mut tx, call.id, &text, actor.id, now, comment).await? {
        return Err(OpError::Conflict(
            "this call's outcome was posted a moment ago".to_owned(),
        ));
    }
    let answered = asks::answer_in(app, &mut tx, actor, ask.id, &text).await?;
    let mut payload = about(&loaded);
    payload["call"] = json!(call.id);
    payload["comment"] = json!(comment);
    payload["ask"] = json!(ask.id);
    payload["answered"] = json!(answered);
    app.record(&mut tx, Some(actor), "sync.outcome_posted", payload)
        .await?;
    notify_outcome(app, &mut tx, actor, &loaded, &call, ask.asker_id, &text).await?;
    let call = store::call(&mut tx, &loaded.key, call.id).await?;
    let result = call_view(&mut tx, actor, call).await?;
    commit(tx).await?;
    Ok(result)
}

/// Tells the others on the call that the outcome is written (the asker hears it from the ask).
async fn notify_outcome(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    loaded: &Loaded,
    call: &CallRecord,
    asker_id: i64,
    text: &str,
) -> OpResult<()> {
    let excerpt = shorten(&text.split_whitespace().collect::<Vec<_>>().join(" "), 160);
    for person in &call.people {
        if person.member_id == actor.id || person.member_id == asker_id {
            continue;
        }
        let note = Notice {
            member_id: person.member_id,
            kind: "sync.outcome",
            title: &format!("{} wrote up your call on “{}”", actor.name, loaded.title),
            body: &excerpt,
            link: &loaded.link,
            dedupe_key: &format!("sync:call:{}:outcome:{}", call.id, person.member_id),
            urgency: Urgency::Normal,
            audience: Audience::Direct,
            space_id: None,
            subject: Some(&format!("sync:call:{}", call.id)),
        };
        notify(app, tx, &note).await?;
    }
    Ok(())
}
