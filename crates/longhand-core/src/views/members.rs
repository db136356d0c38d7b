//! A member of the workspace: handle, name, role, zone and working hours.

use jiff::Timestamp;
use longhand_domain::workspace::Role;

/// A member. The calendar is kept in its JSON form (see `crate::formats::calendar_json`).
#[derive(Debug, Clone)]
pub struct MemberRecord {
    pub id: i64,
    pub handle: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password_hash: Option<String>,
    pub calendar: String,
    pub digest_time: String,
    pub active: bool,
    pub created_at: Timestamp,
}
