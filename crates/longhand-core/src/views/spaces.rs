//! A space as the viewer sees it, with the viewer's role in it.

use jiff::Timestamp;
use longhand_domain::workspace::{NoiseLevel, SpacePurpose, SpaceRole, Visibility};

/// A space, with the viewer's membership when read for a viewer.
#[derive(Debug, Clone)]
pub struct SpaceRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub purpose: SpacePurpose,
    pub visibility: Visibility,
    pub noise: NoiseLevel,
    pub created_at: Timestamp,
    pub member_count: i64,
    pub viewer_role: Option<SpaceRole>,
}

/// A space membership with display fields.
#[derive(Debug, Clone)]
pub struct SpaceMemberRecord {
    pub member_id: i64,
    pub handle: String,
    pub name: String,
    pub role: SpaceRole,
}
