//! An ask with its people, due times and state.

use jiff::Timestamp;

/// An ask, with both parties' handles and names for display.
#[derive(Debug, Clone)]
pub struct AskRecord {
    pub id: i64,
    pub asker_id: i64,
    pub asker_handle: String,
    pub asker_name: String,
    pub responder_id: i64,
    pub responder_handle: String,
    pub responder_name: String,
    pub team_id: Option<i64>,
    pub team_slug: Option<String>,
    pub kind: String,
    pub urgency: String,
    pub target: String,
    pub counts_urgent: bool,
    pub title: String,
    pub body: String,
    pub subject: Option<String>,
    pub state: String,
    pub created_at: Timestamp,
    pub remind_at: Option<Timestamp>,
    pub due_at: Option<Timestamp>,
    pub responded_at: Option<Timestamp>,
    pub response: Option<String>,
    pub comment: Option<String>,
    /// When the asker needs the answer by; past it, an open ask expires.
    pub needed_by: Option<Timestamp>,
    /// For a team ask routed past an away DRI: the DRI's handle and name.
    pub routed_from: Option<(String, String)>,
    /// The last day the skipped DRI was away (`YYYY-MM-DD`, their zone).
    pub routed_away_until: Option<String>,
}
