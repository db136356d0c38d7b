//! Spaces: create, edit, join, leave and manage members; private spaces stay invisible to
//! non-members on every path.

use super::slugs::{FreeSlug, Next};
use super::{Actor, App, OpError, OpResult, commit, forbidden, named, slugs};
use crate::store::WriteTx;
use crate::store::members as store_members;
use crate::store::spaces::{self as store_spaces, SpaceFields};
use crate::views::spaces::SpaceMemberRecord;
use crate::views::spaces::SpaceRecord;
use longhand_domain::access::{self, SpaceFacts};
use longhand_domain::names::{DisplayName, Handle, Slug};
use longhand_domain::workspace::{NoiseLevel, Role, SpacePurpose, SpaceRole, Visibility};
use serde_json::json;
use sqlx::AnyConnection;

fn facts(space: &SpaceRecord) -> SpaceFacts {
    SpaceFacts {
        visibility: space.visibility,
        membership: space.viewer_role,
    }
}

/// What the actor may do with a space, decided once.
#[derive(Debug, Clone, Copy)]
pub struct SpaceRights {
    pub can_manage: bool,
    pub can_join: bool,
    pub is_member: bool,
}

/// A space with its members and the actor's rights.
#[derive(Debug, Clone)]
pub struct SpaceView {
    pub space: SpaceRecord,
    pub members: Vec<SpaceMemberRecord>,
    pub rights: SpaceRights,
}

fn rights(role: Role, space: &SpaceRecord) -> SpaceRights {
    let facts = facts(space);
    SpaceRights {
        can_manage: access::can_manage_space(role, facts),
        can_join: access::can_join_space(role, facts),
        is_member: space.viewer_role.is_some(),
    }
}

/// Spaces the actor can see, with their rights.
pub async fn list(app: &App, actor: &Actor) -> OpResult<Vec<(SpaceRecord, SpaceRights)>> {
    let mut conn = app.store().read().await?;
    let spaces = store_spaces::visible_to(&mut conn, actor.id, actor.role != Role::Guest).await?;
    // The query already filters; the rule check is the second, independent line of defence.
    Ok(spaces
        .into_iter()
        .filter(|space| access::can_view_space(actor.role, facts(space)))
        .map(|space| {
            let rights = rights(actor.role, &space);
            (space, rights)
        })
        .collect())
}

async fn load_visible(
    conn: &mut sqlx::AnyConnection,
    actor: &Actor,
    slug: &str,
) -> OpResult<SpaceRecord> {
    let space = store_spaces::by_slug(conn, actor.id, &slug.to_ascii_lowercase())
        .await
        .map_err(named("space"))?;
    if !access::can_view_space(actor.role, facts(&space)) {
        return Err(OpError::NotFound("space"));
    }
    Ok(space)
}

/// A space the actor can see, by slug (for actions in other areas that happen in a space).
pub(crate) async fn visible_space(
    conn: &mut sqlx::AnyConnection,
    actor: &Actor,
    slug: &str,
) -> OpResult<SpaceRecord> {
    load_visible(conn, actor, slug).await
}

/// One space, if the actor can see it.
pub async fn get(app: &App, actor: &Actor, slug: &str) -> OpResult<SpaceView> {
    let mut conn = app.store().read().await?;
    let space = load_visible(&mut conn, actor, slug).await?;
    let members = store_spaces::members(&mut conn, space.id).await?;
    let rights = rights(actor.role, &space);
    Ok(SpaceView {
        space,
        members,
        rights,
    })
}

/// Parsed input for a space's settings.
#[derive(Debug, Clone)]
pub struct SpaceInput {
    pub name: DisplayName,
    pub slug: Option<Slug>,
    pub description: String,
    pub purpose: SpacePurpose,
    pub visibility: Visibility,
    pub noise: Option<NoiseLevel>,
}

impl SpaceInput {
    fn fields<'a>(&'a self, slug: &'a str, description: &'a str) -> SpaceFields<'a> {
        SpaceFields {
            slug,
            name: self.name.as_str(),
            description,
            purpose: self.purpose,
            visibility: self.visibility,
            noise: self.noise.unwrap_or(self.purpose.default_noise()),
        }
    }
}

/// A slug for a space named `name`: its own if free, else numbered past the taken ones. Only a
/// derived slug is numbered; a typed one is the address the user chose, so its clash is a 409.
async fn free_slug(conn: &mut AnyConnection, name: &DisplayName) -> OpResult<Slug> {
    let mut search = FreeSlug::new(Slug::from_name(name.as_str()).map_err(super::invalid)?);
    loop {
        match search.next() {
            Next::LookUp(slug) => {
                search.answer(store_spaces::slug_taken(conn, slug.as_str()).await?)
            }
            Next::Free(slug) => return Ok(slug),
        }
    }
}

/// Creates a space; the creator becomes its admin.
pub async fn create(app: &App, actor: &Actor, input: SpaceInput) -> OpResult<SpaceView> {
    if !access::can_create(actor.role) {
        return Err(forbidden("guests cannot create spaces"));
    }
    let description = super::description(&input.description)?;
    let mut tx = app.store().write().await?;
    let slug = match input.slug.clone() {
        Some(typed) => typed,
        None => free_slug(&mut tx, &input.name).await?,
    };
    let id = store_spaces::insert(
        &mut tx,
        app.now(),
        &input.fields(slug.as_str(), &description),
        actor.id,
    )
    .await
    .map_err(slugs::clash("space", &slug))?;
    store_spaces::add_member(&mut tx, app.now(), id, actor.id, SpaceRole::Admin).await?;
    let payload = json!({ "space": slug.as_str(), "name": input.name.as_str(), "visibility": input.visibility.as_str(), "purpose": input.purpose.as_str() });
    app.record(&mut tx, Some(actor), "space.created", payload)
        .await?;
    finish(tx, actor, slug.as_str()).await
}

async fn finish(mut tx: WriteTx, actor: &Actor, slug: &str) -> OpResult<SpaceView> {
    let space = load_visible(&mut tx, actor, slug).await;
    let view = match space {
        Ok(space) => {
            let members = store_spaces::members(&mut tx, space.id).await?;
            let rights = rights(actor.role, &space);
            Some(SpaceView {
                space,
                members,
                rights,
            })
        }
        // The actor just left a private space: the change stands, but they no longer see it.
        Err(OpError::NotFound(_)) => None,
        Err(err) => return Err(err),
    };
    commit(tx).await?;
    view.ok_or(OpError::NotFound("space"))
}

async fn load_managed(tx: &mut WriteTx, actor: &Actor, slug: &str) -> OpResult<SpaceRecord> {
    let space = load_visible(tx, actor, slug).await?;
    if !access::can_manage_space(actor.role, facts(&space)) {
        return Err(forbidden("only the space's admins can change it"));
    }
    Ok(space)
}

/// Saves a space's settings.
pub async fn update(
    app: &App,
    actor: &Actor,
    slug: &str,
    input: SpaceInput,
) -> OpResult<SpaceView> {
    let description = super::description(&input.description)?;
    let mut tx = app.store().write().await?;
    let space = load_managed(&mut tx, actor, slug).await?;
    store_spaces::update(&mut tx, space.id, &input.fields(&space.slug, &description)).await?;
    let payload = json!({ "space": space.slug, "name": input.name.as_str(), "visibility": input.visibility.as_str(), "purpose": input.purpose.as_str() });
    app.record(&mut tx, Some(actor), "space.updated", payload)
        .await?;
    finish(tx, actor, &space.slug).await
}

/// Joins an open space.
pub async fn join(app: &App, actor: &Actor, slug: &str) -> OpResult<SpaceView> {
    let mut tx = app.store().write().await?;
    let space = load_visible(&mut tx, actor, slug).await?;
    if !access::can_join_space(actor.role, facts(&space)) {
        let reason = if space.viewer_role.is_some() {
            "you are already in this space"
        } else {
            "ask a space admin to add you"
        };
        return Err(OpError::Conflict(reason.to_owned()));
    }
    store_spaces::add_member(&mut tx, app.now(), space.id, actor.id, SpaceRole::Member).await?;
    app.record(
        &mut tx,
        Some(actor),
        "space.joined",
        json!({ "space": space.slug }),
    )
    .await?;
    finish(tx, actor, &space.slug).await
}

/// Leaves a space. The last admin must hand over first unless they are the last member.
pub async fn leave(app: &App, actor: &Actor, slug: &str) -> OpResult<Option<SpaceView>> {
    let mut tx = app.store().write().await?;
    let space = load_visible(&mut tx, actor, slug).await?;
    let Some(role) = space.viewer_role else {
        return Err(OpError::Conflict("you are not in this space".to_owned()));
    };
    if role == SpaceRole::Admin
        && store_spaces::admin_count(&mut tx, space.id).await? <= 1
        && space.member_count > 1
    {
        return Err(OpError::Conflict(
            "you are the space's last admin; make someone else an admin first".to_owned(),
        ));
    }
    store_spaces::remove_member(&mut tx, space.id, actor.id).await?;
    app.record(
        &mut tx,
        Some(actor),
        "space.left",
        json!({ "space": space.slug }),
    )
    .await?;
    match finish(tx, actor, &space.slug).await {
        Ok(view) => Ok(Some(view)),
        Err(OpError::NotFound(_)) => Ok(None),
        Err(err) => Err(err),
    }
}

/// Adds someone to a space (space admins only), with a role.
pub async fn add_member(
    app: &App,
    actor: &Actor,
    slug: &str,
    handle: &Handle,
    role: SpaceRole,
) -> OpResult<SpaceView> {
    let mut tx = app.store().write().await?;
    let space = load_managed(&mut tx, actor, slug).await?;
    let member = store_members::by_handle(&mut tx, handle.as_str())
        .await
        .map_err(named("member"))?;
    store_spaces::add_member(&mut tx, app.now(), space.id, member.id, role).await?;
    let payload = json!({ "space": space.slug, "member": member.handle, "role": role.as_str() });
    app.record(&mut tx, Some(actor), "space.member_added", payload)
        .await?;
    finish(tx, actor, &space.slug).await
}

/// Removes someone from a space (space admins only).
pub async fn remove_member(
    app: &App,
    actor: &Actor,
    slug: &str,
    handle: &Handle,
) -> OpResult<SpaceView> {
    let mut tx = app.store().write().await?;
    let space = load_managed(&mut tx, actor, slug).await?;
    let member = store_members::by_handle(&mut tx, handle.as_str())
        .await
        .map_err(named("member"))?;
    store_spaces::remove_member(&mut tx, space.id, member.id)
        .await
        .map_err(named("space membership"))?;
    app.record(
        &mut tx,
        Some(actor),
        "space.member_removed",
        json!({ "space": space.slug, "member": member.handle }),
    )
    .await?;
    finish(tx, actor, &space.slug).await
}
