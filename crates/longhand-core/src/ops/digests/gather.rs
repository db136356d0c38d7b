//! Gathering a person's digest candidates (issue #12 item 4): unread notifications no
//! digest held yet, open asks waiting on them, review rounds closing soon without their
//! verdict, decisions published since their last digest, and overdue asks they sent.
//!
//! Everything is re-checked against what the person may read *now*: a notification or an
//! ask about a document they lost access to (reclassified, moved to a private space, named
//! readers changed) is left out, through the same checks the pages use
//! (`documents::load_readable`, `threads::check_readable`, `documents::readable`). What they
//! already read (notifications marked read), answered (asks no longer open, verdicts given)
//! or published themselves is not gathered at all.

use super::super::asks::{subject_slug, subject_thread};
use super::super::documents::readable;
use super::super::notifications::still_readable;
use super::super::{Actor, OpResult};
use crate::store::asks as store_asks;
use crate::store::digests as store;
use crate::store::documents as store_docs;
use crate::views::asks::AskRecord;
use crate::wording::when;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use longhand_domain::digests::{Candidate, Source, subject_of_link};
use sqlx::AnyConnection;
use std::collections::HashMap;

/// How far ahead a review round without a "closing soon" instant (a window of a business
/// day or less) counts as closing soon.
const SHORT_WINDOW_SOON: SignedDuration = SignedDuration::from_hours(24);

/// The person a digest is for, and since when news counts.
pub(crate) struct For<'a> {
    pub actor: &'a Actor,
    pub zone: &'a TimeZone,
    pub since: Timestamp,
    pub now: Timestamp,
}

/// Whether in-app paths may be opened by the person, remembered per path for one digest.
struct Readable<'a> {
    actor: &'a Actor,
    known: HashMap<String, bool>,
}

impl Readable<'_> {
    async fn link(&mut self, conn: &mut AnyConnection, link: &str) -> OpResult<bool> {
        if let Some(&answer) = self.known.get(link) {
            return Ok(answer);
        }
        let answer = still_readable(conn, self.actor, link).await?;
        self.known.insert(link.to_owned(), answer);
        Ok(answer)
    }

    /// An ask's subject, when it names a document or thread, must still be readable.
    async fn ask(&mut self, conn: &mut AnyConnection, ask: &AskRecord) -> OpResult<bool> {
        match ask.subject.as_deref().and_then(subject_path) {
            Some(path) => self.link(conn, &path).await,
            None => Ok(true),
        }
    }
}

/// The page an ask's subject names, if it names one.
fn subject_path(subject: &str) -> Option<String> {
    if let Some(id) = subject_thread(subject) {
        return Some(format!("/threads/{id}"));
    }
    subject_slug(subject).map(|slug| format!("/docs/{slug}"))
}

/// What an ask is about, for one item per subject: its document or thread, else itself.
fn ask_subject(ask: &AskRecord) -> String {
    match ask.subject.as_deref().and_then(subject_path) {
        Some(path) => subject_of_link(&path),
        None => format!("ask:{}", ask.id),
    }
}

/// Every candidate for the person's digest.
pub(crate) async fn candidates(
    conn: &mut AnyConnection,
    who: &For<'_>,
) -> OpResult<Vec<Candidate>> {
    let mut readable = Readable {
        actor: who.actor,
        known: HashMap::new(),
    };
    let mut out = Vec::new();
    let mut ask_subjects = HashMap::new();
    for ask in store_asks::open_for_responder(conn, who.actor.id).await? {
        if readable.ask(conn, &ask).await? {
            ask_subjects.insert(ask.id, ask_subject(&ask));
            out.push(waiting_ask(&ask, who));
        }
    }
    for ask in store_asks::open_for_asker(conn, who.actor.id).await? {
        if ask.due_at.is_some_and(|due| due <= who.now) && readable.ask(conn, &ask).await? {
            ask_subjects.insert(ask.id, ask_subject(&ask));
            out.push(sent_ask(&ask, who));
        }
    }
    out.extend(reviews(conn, who).await?);
    out.extend(decisions(conn, who).await?);
    for note in store::undigested_notifications(conn, who.actor.id, who.now).await? {
        let ask_id = subject_of_link(&note.link)
            .strip_prefix("ask:")
            .and_then(|id| id.parse::<i64>().ok());
        let subject = match ask_id.and_then(|id| ask_subjects.get(&id)) {
            Some(subject) => subject.clone(),
            None => subject_of_link(&note.link),
        };
        let open = ask_id.is_some_and(|id| ask_subjects.contains_key(&id));
        if !open && acted_on(conn, who.actor, ask_id).await? {
            continue;
        }
        if readable.link(conn, &note.link).await? {
            out.push(Candidate {
                source: Source::Notification,
                key: format!("notification:{}", note.id),
                subject,
                title: note.title,
                detail: note.body,
                link: note.link,
                deadline: None,
                at: note.created_at,
                notification_ids: vec![note.id],
            });
        }
    }
    Ok(out)
}

/// Whether a notification is about an ask the person was to answer and no longer holds
/// open (answered, declined, handed to someone else): they acted on it, so it needs them no more. An
/// asker's notification about their ask (it was answered) is news and stays.
async fn acted_on(conn: &mut AnyConnection, actor: &Actor, ask_id: Option<i64>) -> OpResult<bool> {
    let Some(id) = ask_id else { return Ok(false) };
    match store_asks::by_id(conn, id).await {
        Ok(ask) => {
            let still_mine = ask.state == "open" && ask.responder_id == actor.id;
            Ok(ask.asker_id != actor.id && !still_mine)
        }
        Err(crate::store::StoreError::NotFound) => Ok(true),
        Err(err) => Err(err.into()),
    }
}

fn waiting_ask(ask: &AskRecord, who: &For<'_>) -> Candidate {
    let overdue = ask.due_at.is_some_and(|due| due <= who.now);
    let detail = match ask.due_at {
        Some(due) if overdue => {
            format!("From {} · was due {}", ask.asker_name, when(due, who.zone))
        }
        Some(due) => format!("From {} · due {}", ask.asker_name, when(due, who.zone)),
        None => format!("From {} · no answer needed by a time", ask.asker_name),
    };
    Candidate {
        source: Source::Ask,
        key: format!(
            "ask:{}:{}",
            ask.id,
            if overdue { "overdue" } else { "open" }
        ),
        subject: ask_subject(ask),
        title: ask.title.clone(),
        detail,
        link: format!("/asks/{}", ask.id),
        deadline: ask.due_at,
        at: ask.created_at,
        notification_ids: vec![],
    }
}

fn sent_ask(ask: &AskRecord, who: &For<'_>) -> Candidate {
    let due = ask.due_at.unwrap_or(who.now);
    Candidate {
        source: Source::SentAsk,
        key: format!("sent:{}:overdue", ask.id),
        subject: ask_subject(ask),
        title: ask.title.clone(),
        detail: format!(
            "To {} · was due {}",
            ask.responder_name,
            when(due, who.zone)
        ),
        link: format!("/asks/{}", ask.id),
        deadline: ask.due_at,
        at: ask.created_at,
        notification_ids: vec![],
    }
}

/// Review rounds closing soon that wait on the person's verdict.
async fn reviews(conn: &mut AnyConnection, who: &For<'_>) -> OpResult<Vec<Candidate>> {
    let soon = who.now + SHORT_WINDOW_SOON;
    let rounds = store::rounds_awaiting_verdict(conn, who.actor.id, who.now, soon).await?;
    let mut out = Vec::new();
    for round in rounds {
        let doc = store_docs::by_id(conn, who.actor.id, round.document_id).await?;
        if !readable(who.actor, &doc) {
            continue;
        }
        out.push(Candidate {
            source: Source::Review,
            key: format!("review:{}:closing", round.round_id),
            subject: format!("doc:{}", doc.slug),
            title: format!("Review closing soon: {}", doc.title),
            detail: format!(
                "{}'s proposal · closes {} · give your verdict",
                round.owner_name,
                when(round.closes_at, who.zone)
            ),
            link: format!("/docs/{}#review", doc.slug),
            deadline: Some(round.closes_at),
            at: round.closes_at,
            notification_ids: vec![],
        });
    }
    Ok(out)
}

/// Decision records published since the last digest that the person may read, except
/// their own.
async fn decisions(conn: &mut AnyConnection, who: &For<'_>) -> OpResult<Vec<Candidate>> {
    let kind = super::super::decisions::KIND;
    let docs =
        store_docs::of_kind_created_between(conn, who.actor.id, kind, who.since, who.now).await?;
    Ok(docs
        .into_iter()
        .filter(|doc| doc.owner_id != who.actor.id && readable(who.actor, doc))
        .map(|doc| Candidate {
            source: Source::Decision,
            key: format!("decision:{}", doc.id),
            subject: format!("doc:{}", doc.slug),
            detail: format!("{} · {} · {}", doc.owner_name, doc.status, doc.space_name),
            title: doc.title,
            link: format!("/decisions/{}", doc.slug),
            deadline: None,
            at: doc.created_at,
            notification_ids: vec![],
        })
        .collect())
}
