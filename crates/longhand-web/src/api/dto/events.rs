//! Event log entries on the wire.

use longhand_core::ops::event_log::LogEntry;
use longhand_core::views::events::ChainHead;
use serde::Serialize;
use utoipa::ToSchema;

/// One event-log entry. An entry about something the caller may not see (a private space
/// they are not in, a restricted document) keeps its id, time, actor, kind and hashes, with
/// `payload` null and `withheld` true.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventDto {
    pub id: i64,
    pub actor_id: Option<i64>,
    pub at: String,
    pub kind: String,
    #[schema(value_type = Object, nullable)]
    pub payload: serde_json::Value,
    /// Whether the payload is withheld from this caller.
    pub withheld: bool,
    pub prev_hash: String,
    pub hash: String,
}

impl From<LogEntry> for EventDto {
    fn from(entry: LogEntry) -> EventDto {
        let payload = entry
            .payload
            .as_deref()
            .map(|text| serde_json::from_str(text).unwrap_or(serde_json::Value::Null));
        EventDto {
            id: entry.id,
            actor_id: entry.actor_id,
            at: super::instant(entry.at),
            kind: entry.kind,
            withheld: payload.is_none(),
            payload: payload.unwrap_or(serde_json::Value::Null),
            prev_hash: entry.prev_hash,
            hash: entry.hash,
        }
    }
}

/// The chain head, for anchoring outside Longhand, and whether the chain verifies.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChainHeadDto {
    pub id: i64,
    pub hash: String,
    pub at: Option<String>,
    pub verified: bool,
    /// The first bad entry, when the chain does not verify.
    pub problem: Option<String>,
}

impl ChainHeadDto {
    pub(crate) fn new(head: ChainHead, problem: Option<String>) -> ChainHeadDto {
        ChainHeadDto {
            id: head.id,
            hash: head.hash,
            at: head.at.map(super::instant),
            verified: problem.is_none(),
            problem,
        }
    }
}
