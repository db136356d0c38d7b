//! An entry of the hash-chained event log, and the chain's newest entry.

use jiff::Timestamp;

/// One entry of the event log, with its place in the hash chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub actor_id: Option<i64>,
    pub at: Timestamp,
    pub kind: String,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The newest entry: what an operator anchors externally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub id: i64,
    pub hash: String,
    pub at: Option<Timestamp>,
}

/// Why the chain does not verify, naming the first bad entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub id: i64,
    pub reason: String,
}
