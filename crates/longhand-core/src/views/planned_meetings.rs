//! A planned meeting and one person invited to it.

use jiff::Timestamp;
use longhand_domain::workspace::{Role, SpaceRole, Visibility};

/// A planned meeting, as one viewer sees it.
#[derive(Debug, Clone)]
pub struct MeetingRecord {
    pub id: i64,
    pub title: String,
    pub space_id: i64,
    pub space_slug: String,
    pub space_name: String,
    pub space_visibility: Visibility,
    pub organiser_id: i64,
    pub organiser_handle: String,
    pub organiser_name: String,
    pub starts_at: Timestamp,
    pub minutes: i64,
    pub agenda_id: Option<i64>,
    pub outcome_id: Option<i64>,
    pub outcome_recorded_at: Option<Timestamp>,
    pub flagged_at: Option<Timestamp>,
    pub cancelled_at: Option<Timestamp>,
    pub created_at: Timestamp,
    /// The viewer's role in the meeting's space.
    pub viewer_space_role: Option<SpaceRole>,
    /// Whether the viewer was invited or opted in.
    pub viewer_listed: bool,
}

/// Someone invited to a meeting, or who opted in uninvited.
#[derive(Debug, Clone)]
pub struct PersonRecord {
    pub member_id: i64,
    pub handle: String,
    pub name: String,
    pub role: Role,
    pub invited: bool,
    pub attending: bool,
}
