//! Teams on the wire.

use longhand_core::ops::teams::TeamView;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A team.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamDto {
    #[schema(example = "platform")]
    pub slug: String,
    pub name: String,
    pub description: String,
    /// The DRI's handle.
    pub dri: String,
    pub members: Vec<TeamMemberDto>,
    pub created_at: String,
}

impl From<TeamView> for TeamDto {
    fn from(view: TeamView) -> TeamDto {
        TeamDto {
            slug: view.team.slug,
            name: view.team.name,
            description: view.team.description,
            dri: view.dri_handle,
            members: view
                .members
                .into_iter()
                .map(|m| TeamMemberDto {
                    handle: m.handle,
                    name: m.name,
                    joined_at: super::instant(m.joined_at),
                })
                .collect(),
            created_at: super::instant(view.team.created_at),
        }
    }
}

/// A member of a team.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamMemberDto {
    pub handle: String,
    pub name: String,
    pub joined_at: String,
}

/// A new team.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTeamDto {
    pub name: String,
    /// Derived from the name when absent.
    pub slug: Option<String>,
    pub description: Option<String>,
    /// The DRI's handle.
    pub dri: String,
}

/// Changes to a team; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamPatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub dri: Option<String>,
}
