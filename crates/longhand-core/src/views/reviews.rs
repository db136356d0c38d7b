//! A review round on a proposal, the people asked in it with their verdicts, the open
//! questions raised during it and the team DRI's tie-break, as `ops` hand them out.

use jiff::Timestamp;
use longhand_domain::reviews::{Outcome, Reversibility, Role, RoundState, Verdict};

/// One round of review of a document.
#[derive(Debug, Clone)]
pub struct RoundRecord {
    pub id: i64,
    pub document_id: i64,
    /// 1 for the first round; revising starts the next.
    pub number: i64,
    pub owner_id: i64,
    pub owner_handle: String,
    pub owner_name: String,
    /// The team whose calendar, charter and DRI the round follows (the owner's home team).
    pub team_id: Option<i64>,
    pub team_slug: Option<String>,
    pub state: RoundState,
    pub reversibility: Reversibility,
    pub category: Option<String>,
    /// The window as written: `3d`, `36h`.
    pub window: String,
    pub opened_at: Timestamp,
    pub closes_at: Timestamp,
    pub closing_soon_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    /// Closed by its owner before the window ended.
    pub closed_early: bool,
    pub decided_at: Option<Timestamp>,
    pub outcome: Option<Outcome>,
    /// The decision record published from the round.
    pub decision_id: Option<i64>,
}

/// Someone asked in a round.
#[derive(Debug, Clone)]
pub struct ParticipantRecord {
    pub round_id: i64,
    pub member_id: i64,
    pub handle: String,
    pub name: String,
    pub role: Role,
    /// The team named when they were asked as part of it.
    pub via_team: Option<String>,
    pub ask_id: Option<i64>,
    pub verdict: Option<Verdict>,
    pub reason: Option<String>,
    pub answered_at: Option<Timestamp>,
}

/// A question raised during a round.
#[derive(Debug, Clone)]
pub struct QuestionRecord {
    pub id: i64,
    pub round_id: i64,
    pub raised_by: i64,
    pub raised_by_handle: String,
    pub question: String,
    pub raised_at: Timestamp,
    /// 48 business hours after it was raised; then the owner decides on what is known.
    pub deadline: Timestamp,
    pub answer: Option<String>,
    pub answered_by_handle: Option<String>,
    pub answered_at: Option<Timestamp>,
    /// When the deadline passed unanswered and the owner was asked to decide.
    pub expired_at: Option<Timestamp>,
    pub ask_id: Option<i64>,
}

/// The team DRI's tie-break of a round.
#[derive(Debug, Clone)]
pub struct TieBreakRecord {
    pub round_id: i64,
    pub dri_handle: String,
    pub dri_name: String,
    pub outcome: Outcome,
    pub reason: String,
    pub created_at: Timestamp,
}
