//! The event log as one reader may see it.
//!
//! The log is the admins' audit trail, but an admin who is not a member of a private space
//! must not learn its name, its documents' titles, who may read a restricted document, or
//! what its meetings are called — through the log or anywhere else. So every event kind
//! declares what it is about (the `ABOUT` table: the payload fields that name a space, a
//! document, a thread or a planned meeting), and an entry is shown in full only to a reader
//! who may see every one of them, by the same rules as the pages. Any other reader gets the entry with its
//! payload withheld: id, time, actor, kind and hashes stay, so the chain's links can still be
//! followed, and `longhand verify` and the chain head keep working over the raw rows.
//!
//! A kind missing from the table is withheld from everyone until it is declared: a new event
//! must not leak by default.

use super::{Actor, OpError, OpResult, documents, planned_meetings, spaces, threads};
use crate::views::events::Event;
use jiff::Timestamp;
use serde_json::Value;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// One field of an event's payload that names something with its own visibility.
#[derive(Debug, Clone, Copy)]
enum Subject {
    /// A space's slug.
    Space(&'static str),
    /// A document's slug.
    Document(&'static str),
    /// A list of documents' slugs.
    Documents(&'static str),
    /// A thread's id.
    Thread(&'static str),
    /// A planned meeting's id.
    Meeting(&'static str),
}

use Subject::{Document, Documents, Meeting, Space, Thread};

/// What each kind of event is about. An empty list means workspace-wide: people, teams,
/// tokens, asks (whose payloads name people and clocks, never their subject), personal
/// calendars and retried jobs (an id and a kind), which every admin may see.
#[rustfmt::skip]
const ABOUT: &[(&str, &[Subject])] = &[
    ("workspace.setup", &[]),
    ("member.created", &[]),
    ("member.profile_updated", &[]),
    ("member.access_changed", &[]),
    ("member.password_changed", &[]),
    ("session.started", &[]),
    ("token.created", &[]),
    ("token.revoked", &[]),
    ("team.created", &[]),
    ("team.updated", &[]),
    ("team.member_added", &[]),
    ("team.member_removed", &[]),
    ("charter.updated", &[]),
    ("ask.created", &[]),
    ("ask.closed", &[]),
    ("ask.reassigned", &[]),
    ("ask.breached", &[]),
    // Check-ins and blockers name a team, a period and people, never a space or document.
    ("checkin.schedule_set", &[]),
    ("checkin.answered", &[]),
    ("checkin.prompted", &[]),
    ("blocker.opened", &[]),
    ("blocker.resolved", &[]),
    ("blocker.escalated", &[]),
    ("ask.expired", &[]),
    ("meetings.calendar_uploaded", &[]),
    ("meetings.calendar_deleted", &[]),
    ("meetings.feed_set", &[]),
    ("meetings.feed_removed", &[]),
    ("meetings.feed_fetched", &[]),
    ("meetings.purpose_set", &[]),
    ("job.retried", &[]),
    ("notification.snoozed", &[]),
    ("member.notification_preferences", &[]),
    ("space.noise_override", &[Space("space")]),
    ("space.followed", &[Space("space")]),
    ("space.unfollowed", &[Space("space")]),
    ("document.followed", &[Document("document")]),
    ("document.unfollowed", &[Document("document")]),
    ("channel.added", &[]),
    ("channel.changed", &[]),
    ("channel.removed", &[]),
    ("delivery.retried", &[]),
    ("space.created", &[Space("space")]),
    ("space.updated", &[Space("space")]),
    ("space.joined", &[Space("space")]),
    ("space.left", &[Space("space")]),
    ("space.member_added", &[Space("space")]),
    ("space.member_removed", &[Space("space")]),
    ("template.saved", &[Space("space")]),
    ("document.created", &[Document("slug"), Space("space")]),
    ("document.revised", &[Document("slug")]),
    ("document.status", &[Document("slug")]),
    ("document.readers", &[Document("slug")]),
    ("document.moved", &[Document("slug"), Document("parent")]),
    ("share.requested", &[Document("slug"), Space("space")]),
    ("share.approved", &[Document("slug"), Space("space")]),
    ("share.denied", &[Document("slug"), Space("space")]),
    ("thread.started", &[Thread("thread"), Space("space"), Document("document")]),
    ("thread.replied", &[Thread("thread")]),
    ("thread.resolved", &[Thread("thread")]),
    ("thread.reopened", &[Thread("thread")]),
    ("thread.elevated", &[Thread("thread"), Document("document")]),
    ("planned_meeting.registered", &[Meeting("meeting"), Space("space")]),
    ("planned_meeting.agenda", &[Meeting("meeting"), Document("agenda")]),
    ("planned_meeting.attendance", &[Meeting("meeting")]),
    ("planned_meeting.cancelled", &[Meeting("meeting")]),
    ("planned_meeting.outcome", &[Meeting("meeting"), Document("notes"), Documents("decisions")]),
    ("planned_meeting.flagged", &[Meeting("meeting")]),
    ("sync.suggested", &[Thread("thread"), Document("document")]),
    ("sync.dismissed", &[Thread("thread"), Document("document")]),
    ("sync.retired", &[Document("document")]),
    ("sync.call_recorded", &[Thread("thread"), Document("document")]),
    ("sync.outcome_posted", &[Thread("thread"), Document("document")]),
    ("review.opened", &[Document("document")]),
    ("review.verdict", &[Document("document")]),
    ("review.closed", &[Document("document")]),
    ("review.reopened", &[Document("document")]),
    ("review.revised", &[Document("document")]),
    ("review.question_raised", &[Document("document")]),
    ("review.question_answered", &[Document("document")]),
    ("review.question_expired", &[Document("document")]),
    ("review.tie_break", &[Document("document")]),
    ("review.published", &[Document("document"), Document("decision"), Document("supersedes")]),
];

/// One entry of the log as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub id: i64,
    pub actor_id: Option<i64>,
    pub at: Timestamp,
    pub kind: String,
    /// The payload as JSON text, or `None` when it is withheld from this reader.
    pub payload: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// A thing an event names, as a key for remembering whether the reader may see it (and, for
/// the search index, what to read again).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Named {
    Space(String),
    Document(String),
    Thread(i64),
    Meeting(i64),
}

/// Shows `events` to `reader`, withholding the payloads of those about anything the reader
/// may not see. Each thing is looked up once, however many events name it.
pub(crate) async fn as_seen_by(
    conn: &mut AnyConnection,
    reader: &Actor,
    events: Vec<Event>,
) -> OpResult<Vec<LogEntry>> {
    let mut seen: HashMap<Named, bool> = HashMap::new();
    let mut entries = Vec::with_capacity(events.len());
    for event in events {
        let shown = match named_in(&event) {
            Some(things) => all_visible(conn, reader, things, &mut seen).await?,
            None => false,
        };
        entries.push(entry(event, shown));
    }
    Ok(entries)
}

fn entry(event: Event, shown: bool) -> LogEntry {
    LogEntry {
        id: event.id,
        actor_id: event.actor_id,
        at: event.at,
        kind: event.kind,
        payload: shown.then_some(event.payload),
        prev_hash: event.prev_hash,
        hash: event.hash,
    }
}

/// The things an event names, as far as its kind declares them (none for an undeclared kind
/// or a payload that cannot be read).
pub(crate) fn named_by(event: &Event) -> Vec<Named> {
    named_in(event).unwrap_or_default()
}

/// The things an event names, or `None` when it cannot be told (an undeclared kind, a
/// payload that is not JSON, a field of the wrong type), which withholds it.
fn named_in(event: &Event) -> Option<Vec<Named>> {
    let (_, subjects) = ABOUT.iter().find(|(kind, _)| *kind == event.kind)?;
    let payload: Value = serde_json::from_str(&event.payload).ok()?;
    let mut things = Vec::new();
    for subject in *subjects {
        things.extend(read_subject(&payload, *subject)?);
    }
    Some(things)
}

/// The things one field names: none when the field is absent or null (then it names nothing
/// the reader could learn), `None` when it holds something unexpected.
fn read_subject(payload: &Value, subject: Subject) -> Option<Vec<Named>> {
    let (Space(field) | Document(field) | Documents(field) | Thread(field) | Meeting(field)) =
        subject;
    let value = match payload.get(field) {
        None | Some(Value::Null) => return Some(Vec::new()),
        Some(value) => value,
    };
    let one = match subject {
        Space(_) => Named::Space(value.as_str()?.to_owned()),
        Document(_) => Named::Document(value.as_str()?.to_owned()),
        Thread(_) => Named::Thread(value.as_i64()?),
        Meeting(_) => Named::Meeting(value.as_i64()?),
        Documents(_) => {
            return value
                .as_array()?
                .iter()
                .map(|slug| Some(Named::Document(slug.as_str()?.to_owned())))
                .collect();
        }
    };
    Some(vec![one])
}

async fn all_visible(
    conn: &mut AnyConnection,
    reader: &Actor,
    things: Vec<Named>,
    seen: &mut HashMap<Named, bool>,
) -> OpResult<bool> {
    for thing in things {
        let visible = match seen.get(&thing) {
            Some(visible) => *visible,
            None => {
                let visible = visible_to(conn, reader, &thing).await?;
                seen.insert(thing, visible);
                visible
            }
        };
        if !visible {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether the reader may see one thing, by the rule its own pages use. Something that no
/// longer exists counts as unseen.
async fn visible_to(conn: &mut AnyConnection, reader: &Actor, thing: &Named) -> OpResult<bool> {
    let found = match thing {
        Named::Space(slug) => spaces::visible_space(conn, reader, slug).await.map(drop),
        Named::Document(slug) => documents::load_readable(conn, reader, slug).await.map(drop),
        Named::Thread(id) => threads::check_visible(conn, reader, *id).await,
        Named::Meeting(id) => planned_meetings::load_visible(conn, reader, *id)
            .await
            .map(drop),
    };
    match found {
        Ok(()) => Ok(true),
        Err(OpError::NotFound(_)) => Ok(false),
        Err(err) => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, payload: &str) -> Event {
        Event {
            id: 1,
            actor_id: Some(1),
            at: Timestamp::UNIX_EPOCH,
            kind: kind.to_owned(),
            payload: payload.to_owned(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    fn check(kind: &str, payload: &str, expected: Option<Vec<Named>>) {
        assert_eq!(
            named_in(&event(kind, payload)),
            expected,
            "{kind} {payload}"
        );
    }

    #[test]
    fn each_kind_names_what_its_payload_is_about() {
        check("member.created", r#"{"handle":"ana"}"#, Some(vec![]));
        check(
            "space.created",
            r#"{"space":"inner","name":"Inner"}"#,
            Some(vec![Named::Space("inner".into())]),
        );
        check(
            "thread.started",
            r#"{"thread":4,"space":"inner","document":null,"title":"t"}"#,
            Some(vec![Named::Thread(4), Named::Space("inner".into())]),
        );
        check(
            "planned_meeting.outcome",
            r#"{"meeting":2,"notes":"n","decisions":["d1","d2"]}"#,
            Some(vec![
                Named::Meeting(2),
                Named::Document("n".into()),
                Named::Document("d1".into()),
                Named::Document("d2".into()),
            ]),
        );
    }

    #[test]
    fn undeclared_kinds_and_unexpected_payloads_are_withheld() {
        check("something.new", r#"{"space":"inner"}"#, None);
        check("space.created", "not json", None);
        check("space.created", r#"{"space":7}"#, None);
        check("thread.replied", r#"{"thread":"4"}"#, None);
        check(
            "planned_meeting.outcome",
            r#"{"meeting":2,"decisions":[1]}"#,
            None,
        );
    }

    #[test]
    fn no_kind_is_declared_twice() {
        let mut kinds: Vec<&str> = ABOUT.iter().map(|(kind, _)| *kind).collect();
        kinds.sort_unstable();
        let before = kinds.len();
        kinds.dedup();
        assert_eq!(kinds.len(), before);
    }
}
