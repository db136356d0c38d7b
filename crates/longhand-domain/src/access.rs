//! Who may see and change what: the permission rules of the workspace, as pure functions.
//!
//! The application asks these functions before every read and write, with the facts it loaded
//! (the viewer's role, their membership of the space or team). Keeping the rules here means the
//! web pages, the JSON API and the CLI cannot disagree.
//!
//! Architecture Invariant: a private space is invisible to everyone who is not its member,
//! including workspace admins. Admins manage people, not private conversations.

use crate::workspace::{Role, SpaceRole, Visibility};

/// The facts about a space that decide access to it, from one viewer's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpaceFacts {
    /// The space's visibility.
    pub visibility: Visibility,
    /// The viewer's role in the space, if they are a member.
    pub membership: Option<SpaceRole>,
}

/// The facts about a team that decide who may manage it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamFacts {
    /// Whether the viewer is the team's DRI.
    pub viewer_is_dri: bool,
    /// Whether the viewer belongs to the team.
    pub viewer_is_member: bool,
}

/// Whether the viewer can see the space at all (in lists, search, links and pages).
pub fn can_view_space(role: Role, space: SpaceFacts) -> bool {
    match (space.visibility, space.membership) {
        (_, Some(_)) => true,
        (Visibility::Private, None) => false,
        (Visibility::Workspace, None) => role != Role::Guest,
    }
}

/// Whether the viewer can join the space by themselves.
pub fn can_join_space(role: Role, space: SpaceFacts) -> bool {
    space.membership.is_none() && space.visibility == Visibility::Workspace && role != Role::Guest
}

/// Whether the viewer can change the space's settings and manage its members.
pub fn can_manage_space(role: Role, space: SpaceFacts) -> bool {
    match space.membership {
        Some(SpaceRole::Admin) => true,
        // A workspace admin may manage an open space they can see, e.g. when its creator left.
        Some(SpaceRole::Member) | None => role == Role::Admin && can_view_space(role, space),
    }
}

/// Whether the viewer can create spaces and teams.
pub fn can_create(role: Role) -> bool {
    role != Role::Guest
}

/// Whether the viewer can see a team.
pub fn can_view_team(role: Role, team: TeamFacts) -> bool {
    role != Role::Guest || team.viewer_is_member
}

/// Whether the viewer can rename the team, change its DRI and manage its members.
pub fn can_manage_team(role: Role, team: TeamFacts) -> bool {
    role == Role::Admin || team.viewer_is_dri
}

/// Whether the viewer can see the member directory and other people's profiles.
pub fn can_view_members(role: Role) -> bool {
    // Guests need to know who they work with; the directory holds no private content.
    matches!(role, Role::Admin | Role::Member | Role::Guest)
}

/// Whether the viewer administers people, roles and tokens.
pub fn can_administer(role: Role) -> bool {
    role == Role::Admin
}

/// Whether the viewer can see the meeting audit, upload calendars, register a calendar feed
/// and set a meeting's purpose. Guests cannot: the audit shows everyone's meetings.
pub fn can_audit_meetings(role: Role) -> bool {
    role != Role::Guest
}

/// Whether the viewer can delete an uploaded calendar: whoever uploaded it, or an admin.
pub fn can_delete_calendar(role: Role, viewer_uploaded_it: bool) -> bool {
    viewer_uploaded_it || role == Role::Admin
}

/// Whether the viewer can say an uploaded calendar is `owner`'s: their own, or anyone's for
/// an admin (who uploads an organisation's exports). A calendar's owner attends everything
/// it holds, so naming someone else's would change their figures.
pub fn can_upload_calendar_of(role: Role, viewer_is_owner: bool) -> bool {
    viewer_is_owner || role == Role::Admin
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLES: [Role; 3] = [Role::Admin, Role::Member, Role::Guest];

    fn space(visibility: Visibility, membership: Option<SpaceRole>) -> SpaceFacts {
        SpaceFacts {
            visibility,
            membership,
        }
    }

    #[test]
    fn private_spaces_are_invisible_to_non_members_of_every_role() {
        for role in ROLES {
            assert!(
                !can_view_space(role, space(Visibility::Private, None)),
                "{role}"
            );
            assert!(
                !can_manage_space(role, space(Visibility::Private, None)),
                "{role}"
            );
            assert!(
                !can_join_space(role, space(Visibility::Private, None)),
                "{role}"
            );
            assert!(can_view_space(
                role,
                space(Visibility::Private, Some(SpaceRole::Member))
            ));
        }
    }

    #[test]
    fn guests_see_only_spaces_they_were_added_to() {
        assert!(!can_view_space(
            Role::Guest,
            space(Visibility::Workspace, None)
        ));
        assert!(!can_join_space(
            Role::Guest,
            space(Visibility::Workspace, None)
        ));
        assert!(can_view_space(
            Role::Member,
            space(Visibility::Workspace, None)
        ));
        assert!(can_join_space(
            Role::Member,
            space(Visibility::Workspace, None)
        ));
    }

    #[test]
    fn managing_a_space() {
        assert!(can_manage_space(
            Role::Member,
            space(Visibility::Private, Some(SpaceRole::Admin))
        ));
        assert!(!can_manage_space(
            Role::Member,
            space(Visibility::Workspace, Some(SpaceRole::Member))
        ));
        assert!(can_manage_space(
            Role::Admin,
            space(Visibility::Workspace, None)
        ));
        assert!(can_manage_space(
            Role::Admin,
            space(Visibility::Private, Some(SpaceRole::Member))
        ));
    }

    #[test]
    fn teams() {
        let outsider = TeamFacts {
            viewer_is_dri: false,
            viewer_is_member: false,
        };
        let dri = TeamFacts {
            viewer_is_dri: true,
            viewer_is_member: true,
        };
        assert!(can_view_team(Role::Member, outsider));
        assert!(!can_view_team(Role::Guest, outsider));
        assert!(can_manage_team(Role::Member, dri));
        assert!(!can_manage_team(Role::Member, outsider));
        assert!(can_manage_team(Role::Admin, outsider));
        assert!(!can_create(Role::Guest));
    }

    #[test]
    fn the_meeting_audit_is_for_members_and_admins() {
        assert!(can_audit_meetings(Role::Member));
        assert!(can_audit_meetings(Role::Admin));
        assert!(!can_audit_meetings(Role::Guest));
        assert!(can_delete_calendar(Role::Member, true));
        assert!(!can_delete_calendar(Role::Member, false));
        assert!(can_delete_calendar(Role::Admin, false));
    }
}
