//! A team and one of its members.

use jiff::Timestamp;

/// A team, with its DRI.
#[derive(Debug, Clone)]
pub struct TeamRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub dri_id: i64,
    pub created_at: Timestamp,
}

/// One member of a team, with the member's handle and name for display.
#[derive(Debug, Clone)]
pub struct TeamMemberRecord {
    pub member_id: i64,
    pub handle: String,
    pub name: String,
    pub joined_at: Timestamp,
}
