//! Members on the wire.

use longhand_core::formats::calendar_json::CalendarJson;
use longhand_core::ops::members::MemberView;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A member as the API shows them.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberDto {
    #[schema(example = "ana")]
    pub handle: String,
    pub name: String,
    pub email: String,
    /// `admin`, `member` or `guest`.
    pub role: String,
    /// Whether the person can sign in.
    pub active: bool,
    /// The member's IANA time zone.
    pub time_zone: String,
    /// The member's local time now, RFC 3339 with their offset.
    pub local_time: String,
    /// What they are doing now: `working`, `focus`, `off hours`, `holiday`, `time off`.
    pub availability: String,
    pub calendar: CalendarJson,
    /// Local time of the daily digest, `HH:MM`.
    pub digest_time: String,
    pub created_at: String,
}

impl From<MemberView> for MemberDto {
    fn from(view: MemberView) -> MemberDto {
        let calendar = CalendarJson::from_domain(&view.calendar);
        MemberDto {
            time_zone: calendar.time_zone.clone(),
            local_time: view
                .local_now
                .timestamp()
                .to_zoned(view.local_now.time_zone().clone())
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string(),
            availability: view.availability.label().to_owned(),
            calendar,
            handle: view.record.handle,
            name: view.record.name,
            email: view.record.email,
            role: view.record.role.as_str().to_owned(),
            active: view.record.active,
            digest_time: view.record.digest_time,
            created_at: super::instant(view.record.created_at),
        }
    }
}

/// Changes to a profile; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    pub name: Option<String>,
    pub calendar: Option<CalendarJson>,
    /// `HH:MM`.
    pub digest_time: Option<String>,
}

/// An admin's changes to someone; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberPatch {
    pub name: Option<String>,
    pub calendar: Option<CalendarJson>,
    pub digest_time: Option<String>,
    /// `admin`, `member` or `guest` (admins only).
    #[schema(schema_with = super::role_words)]
    pub role: Option<String>,
    /// Whether the person can sign in (admins only).
    pub active: Option<bool>,
}

/// A new person (admins only).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMemberDto {
    pub email: String,
    pub name: String,
    pub handle: Option<String>,
    /// Defaults to `member`.
    #[schema(schema_with = super::role_words)]
    pub role: Option<String>,
    /// Defaults to `UTC`.
    pub time_zone: Option<String>,
    /// Without one, the person cannot sign in with a password (tokens still work).
    pub password: Option<String>,
}
