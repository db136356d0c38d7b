//! Event log entries on the wire.

use crate::store::events::{ChainHead, Event};
use serde::Serialize;
use utoipa::ToSchema;

/// One event-log entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventDto {
    pub id: i64,
    pub actor_id: Option<i64>,
    pub at: String,
    pub kind: String,
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

impl From<Event> for EventDto {
    fn from(event: Event) -> EventDto {
        EventDto {
            id: event.id,
            actor_id: event.actor_id,
            at: super::instant(event.at),
            kind: event.kind,
            payload: serde_json::from_str(&event.payload).unwrap_or(serde_json::Value::Null),
            prev_hash: event.prev_hash,
            hash: event.hash,
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
