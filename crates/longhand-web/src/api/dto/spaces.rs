//! Spaces on the wire.

use longhand_core::ops::spaces::{SpaceRights, SpaceView};
use longhand_core::views::spaces::SpaceRecord;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A space.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpaceDto {
    #[schema(example = "design-reviews")]
    pub slug: String,
    pub name: String,
    pub description: String,
    /// `announcements`, `discussion`, `design`, `ops-urgent`, `social` or `team`.
    pub purpose: String,
    /// `workspace` or `private`.
    pub visibility: String,
    /// `immediate`, `digest` or `muted`.
    pub noise: String,
    pub member_count: i64,
    pub created_at: String,
    /// The caller's role in the space, if a member.
    pub your_role: Option<String>,
    pub can_manage: bool,
    pub can_join: bool,
    /// Present on single-space reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<SpaceMemberDto>>,
}

/// A member of a space.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpaceMemberDto {
    pub handle: String,
    pub name: String,
    /// `admin` or `member`.
    pub role: String,
}

impl SpaceDto {
    pub(crate) fn summary(space: SpaceRecord, rights: SpaceRights) -> SpaceDto {
        SpaceDto {
            slug: space.slug,
            name: space.name,
            description: space.description,
            purpose: space.purpose.as_str().to_owned(),
            visibility: space.visibility.as_str().to_owned(),
            noise: space.noise.as_str().to_owned(),
            member_count: space.member_count,
            created_at: super::instant(space.created_at),
            your_role: space.viewer_role.map(|r| r.as_str().to_owned()),
            can_manage: rights.can_manage,
            can_join: rights.can_join,
            members: None,
        }
    }
}

impl From<SpaceView> for SpaceDto {
    fn from(view: SpaceView) -> SpaceDto {
        let members = view
            .members
            .into_iter()
            .map(|m| SpaceMemberDto {
                handle: m.handle,
                name: m.name,
                role: m.role.as_str().to_owned(),
            })
            .collect();
        let mut dto = SpaceDto::summary(view.space, view.rights);
        dto.members = Some(members);
        dto
    }
}

/// A new space.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSpaceDto {
    pub name: String,
    pub slug: Option<String>,
    pub description: Option<String>,
    #[schema(schema_with = super::purpose_words)]
    pub purpose: String,
    /// Defaults to `workspace`.
    #[schema(schema_with = super::visibility_words)]
    pub visibility: Option<String>,
    /// Defaults to the purpose's suggested level.
    #[schema(schema_with = super::noise_words)]
    pub noise: Option<String>,
}

/// Changes to a space; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpacePatch {
    pub name: Option<String>,
    pub description: Option<String>,
    #[schema(schema_with = super::purpose_words)]
    pub purpose: Option<String>,
    #[schema(schema_with = super::visibility_words)]
    pub visibility: Option<String>,
    #[schema(schema_with = super::noise_words)]
    pub noise: Option<String>,
}

/// A membership to add.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpaceMemberPut {
    /// `admin` or `member` (default).
    #[schema(schema_with = super::space_role_words)]
    pub role: Option<String>,
}
