//! Sync escalation as stored: a call suggestion with the people it names, and a recorded call
//! with its people and written outcome.

use jiff::Timestamp;

/// A person a suggestion or call names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncPerson {
    pub member_id: i64,
    pub handle: String,
    pub name: String,
}

/// A call suggestion.
#[derive(Debug, Clone)]
pub struct SuggestionRecord {
    pub id: i64,
    pub thread_id: Option<i64>,
    /// For a review round: the document and the round's id.
    pub document_id: Option<i64>,
    pub round_id: Option<i64>,
    /// `circles` or `objections`.
    pub reason: String,
    /// `open`, `dismissed` or `called`.
    pub state: String,
    pub created_at: Timestamp,
    pub closed_by: Option<SyncPerson>,
    pub closed_at: Option<Timestamp>,
    /// The people the suggestion names, in the order given.
    pub people: Vec<SyncPerson>,
}

/// A recorded call.
#[derive(Debug, Clone)]
pub struct CallRecord {
    pub id: i64,
    pub suggestion_id: i64,
    pub recorded_by: SyncPerson,
    pub held_at: Timestamp,
    pub note: String,
    /// Who owes the written outcome.
    pub owner: SyncPerson,
    /// The ask for the written outcome.
    pub ask_id: i64,
    pub outcome: Option<String>,
    pub outcome_by: Option<SyncPerson>,
    pub outcome_at: Option<Timestamp>,
    /// The thread comment that carries the outcome (thread subjects only).
    pub outcome_comment_id: Option<i64>,
    pub created_at: Timestamp,
    /// Who was on the call.
    pub people: Vec<SyncPerson>,
}
