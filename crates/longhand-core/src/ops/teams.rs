//! Teams (pods): create, rename, change the DRI, manage members.

use super::slugs::{FreeSlug, Next};
use super::{Actor, App, OpError, OpResult, commit, forbidden, named, slugs};
use crate::store::WriteTx;
use crate::store::members as store_members;
use crate::store::teams::{self as store_teams};
use crate::views::teams::{TeamMemberRecord, TeamRecord};
use longhand_domain::access::{self, TeamFacts};
use longhand_domain::names::{DisplayName, Handle, Slug};
use serde_json::json;
use sqlx::AnyConnection;

/// A team with its members and DRI handle.
#[derive(Debug, Clone)]
pub struct TeamView {
    pub team: TeamRecord,
    pub dri_handle: String,
    pub dri_name: String,
    pub members: Vec<TeamMemberRecord>,
}

impl TeamView {
    fn facts(&self, actor: &Actor) -> TeamFacts {
        TeamFacts {
            viewer_is_dri: self.team.dri_id == actor.id,
            viewer_is_member: self.members.iter().any(|m| m.member_id == actor.id),
        }
    }

    /// Whether the actor may manage this team.
    pub fn manageable_by(&self, actor: &Actor) -> bool {
        access::can_manage_team(actor.role, self.facts(actor))
    }
}

async fn view(conn: &mut sqlx::AnyConnection, team: TeamRecord) -> OpResult<TeamView> {
    let members = store_teams::members(conn, team.id).await?;
    let dri = store_members::by_id(conn, team.dri_id).await?;
    Ok(TeamView {
        team,
        dri_handle: dri.handle,
        dri_name: dri.name,
        members,
    })
}

/// Teams the actor can see.
pub async fn list(app: &App, actor: &Actor) -> OpResult<Vec<TeamView>> {
    let mut conn = app.store().read().await?;
    let mut views = Vec::new();
    for team in store_teams::list(&mut conn).await? {
        let team_view = view(&mut conn, team).await?;
        if access::can_view_team(actor.role, team_view.facts(actor)) {
            views.push(team_view);
        }
    }
    Ok(views)
}

/// One team, if the actor can see it.
pub async fn get(app: &App, actor: &Actor, slug: &str) -> OpResult<TeamView> {
    let mut conn = app.store().read().await?;
    let team = store_teams::by_slug(&mut conn, slug)
        .await
        .map_err(named("team"))?;
    let team_view = view(&mut conn, team).await?;
    if !access::can_view_team(actor.role, team_view.facts(actor)) {
        return Err(OpError::NotFound("team"));
    }
    Ok(team_view)
}

/// Parsed input for creating or editing a team.
#[derive(Debug, Clone)]
pub struct TeamInput {
    pub name: DisplayName,
    pub slug: Option<Slug>,
    pub description: String,
    pub dri: Handle,
}

/// A slug for a team named `name`: its own if free, else numbered past the taken ones. Only a
/// derived slug is numbered; a typed one is the address the user chose, so its clash is a 409.
async fn free_slug(conn: &mut AnyConnection, name: &DisplayName) -> OpResult<Slug> {
    let mut search = FreeSlug::new(Slug::from_name(name.as_str()).map_err(super::invalid)?);
    loop {
        match search.next() {
            Next::LookUp(slug) => {
                search.answer(store_teams::slug_taken(conn, slug.as_str()).await?)
            }
            Next::Free(slug) => return Ok(slug),
        }
    }
}

/// Creates a team; the DRI becomes its first member.
pub async fn create(app: &App, actor: &Actor, input: TeamInput) -> OpResult<TeamView> {
    if !access::can_create(actor.role) {
        return Err(forbidden("guests cannot create teams"));
    }
    let description = super::description(&input.description)?;
    let mut tx = app.store().write().await?;
    let dri = store_members::by_handle(&mut tx, input.dri.as_str())
        .await
        .map_err(named("DRI"))?;
    let slug = match input.slug.clone() {
        Some(typed) => typed,
        None => free_slug(&mut tx, &input.name).await?,
    };
    let id = store_teams::insert(
        &mut tx,
        app.now(),
        slug.as_str(),
        input.name.as_str(),
        &description,
        dri.id,
    )
    .await
    .map_err(slugs::clash("team", &slug))?;
    store_teams::add_member(&mut tx, app.now(), id, dri.id).await?;
    let payload = json!({ "team": slug.as_str(), "name": input.name.as_str(), "dri": dri.handle });
    app.record(&mut tx, Some(actor), "team.created", payload)
        .await?;
    finish(tx, slug.as_str()).await
}

async fn finish(mut tx: WriteTx, slug: &str) -> OpResult<TeamView> {
    let team = store_teams::by_slug(&mut tx, slug).await?;
    let team_view = view(&mut tx, team).await?;
    commit(tx).await?;
    Ok(team_view)
}

async fn load_for_change(tx: &mut WriteTx, actor: &Actor, slug: &str) -> OpResult<TeamView> {
    let team = store_teams::by_slug(tx, slug)
        .await
        .map_err(named("team"))?;
    let team_view = view(tx, team).await?;
    if !access::can_view_team(actor.role, team_view.facts(actor)) {
        return Err(OpError::NotFound("team"));
    }
    if !team_view.manageable_by(actor) {
        return Err(forbidden(
            "only the team's DRI or an admin can change the team",
        ));
    }
    Ok(team_view)
}

/// Renames a team, edits its description or hands the DRI role to someone else.
pub async fn update(app: &App, actor: &Actor, slug: &str, input: TeamInput) -> OpResult<TeamView> {
    let description = super::description(&input.description)?;
    let mut tx = app.store().write().await?;
    let current = load_for_change(&mut tx, actor, slug).await?;
    let dri = store_members::by_handle(&mut tx, input.dri.as_str())
        .await
        .map_err(named("DRI"))?;
    store_teams::update(
        &mut tx,
        current.team.id,
        input.name.as_str(),
        &description,
        dri.id,
    )
    .await?;
    if !current.members.iter().any(|m| m.member_id == dri.id) {
        store_teams::add_member(&mut tx, app.now(), current.team.id, dri.id).await?;
        super::checkins::queue_first_prompt(app, &mut tx, current.team.id, dri.id).await?;
    }
    let payload = json!({ "team": slug, "name": input.name.as_str(), "dri": dri.handle });
    app.record(&mut tx, Some(actor), "team.updated", payload)
        .await?;
    finish(tx, slug).await
}

/// Adds a member to a team.
pub async fn add_member(
    app: &App,
    actor: &Actor,
    slug: &str,
    handle: &Handle,
) -> OpResult<TeamView> {
    let mut tx = app.store().write().await?;
    let current = load_for_change(&mut tx, actor, slug).await?;
    let member = store_members::by_handle(&mut tx, handle.as_str())
        .await
        .map_err(named("member"))?;
    store_teams::add_member(&mut tx, app.now(), current.team.id, member.id).await?;
    // A team that checks in prompts its new member from their next prompt on.
    super::checkins::queue_first_prompt(app, &mut tx, current.team.id, member.id).await?;
    app.record(
        &mut tx,
        Some(actor),
        "team.member_added",
        json!({ "team": slug, "member": member.handle }),
    )
    .await?;
    finish(tx, slug).await
}

/// Removes a member from a team; the DRI must be replaced first.
pub async fn remove_member(
    app: &App,
    actor: &Actor,
    slug: &str,
    handle: &Handle,
) -> OpResult<TeamView> {
    let mut tx = app.store().write().await?;
    let member = store_members::by_handle(&mut tx, handle.as_str())
        .await
        .map_err(named("member"))?;
    let current = if member.id == actor.id {
        // Anyone may leave a team they are in.
        let team = store_teams::by_slug(&mut tx, slug)
            .await
            .map_err(named("team"))?;
        view(&mut tx, team).await?
    } else {
        load_for_change(&mut tx, actor, slug).await?
    };
    if current.team.dri_id == member.id {
        return Err(OpError::Conflict(
            "the DRI cannot leave the team; hand the DRI role to someone else first".to_owned(),
        ));
    }
    store_teams::remove_member(&mut tx, current.team.id, member.id)
        .await
        .map_err(named("team membership"))?;
    app.record(
        &mut tx,
        Some(actor),
        "team.member_removed",
        json!({ "team": slug, "member": member.handle }),
    )
    .await?;
    finish(tx, slug).await
}
