//! Members: the directory, profiles (calendar, digest time) and access changes.

use super::auth::actor_of;
use super::{Actor, App, OpError, OpResult, commit, forbidden, named};
use crate::formats::calendar_json::CalendarJson;
use crate::store::StoreError;
use crate::store::auth as store_auth;
use crate::store::members::{self as store_members, ProfileUpdate};
use crate::views::members::MemberRecord;
use jiff::civil::Time;
use jiff::{Timestamp, Zoned};
use longhand_domain::access;
use longhand_domain::calendar::{Availability, Calendar};
use longhand_domain::names::{DisplayName, Handle};
use longhand_domain::workspace::Role;
use serde_json::json;

/// A member as the directory shows them: their record, calendar and what they are doing now.
#[derive(Debug, Clone)]
pub struct MemberView {
    pub record: MemberRecord,
    pub calendar: Calendar,
    pub local_now: Zoned,
    pub availability: Availability,
}

impl MemberView {
    pub(crate) fn build(record: MemberRecord, now: Timestamp) -> OpResult<MemberView> {
        let calendar = CalendarJson::parse_text(&record.calendar).map_err(|err| {
            OpError::Internal(anyhow::anyhow!(
                "stored calendar of {} is invalid: {err}",
                record.handle
            ))
        })?;
        let local_now = now.to_zoned(calendar.time_zone().clone());
        let availability = calendar.availability_at(now);
        Ok(MemberView {
            record,
            calendar,
            local_now,
            availability,
        })
    }
}

/// The directory: every member with their local time and availability now.
pub async fn list(app: &App, actor: &Actor) -> OpResult<Vec<MemberView>> {
    if !access::can_view_members(actor.role) {
        return Err(forbidden("you cannot see the member directory"));
    }
    let records = {
        let mut conn = app.store().read().await?;
        store_members::list(&mut conn).await?
    };
    let now = app.now();
    records
        .into_iter()
        .map(|record| MemberView::build(record, now))
        .collect()
}

/// One member's profile.
pub async fn get(app: &App, actor: &Actor, handle: &str) -> OpResult<MemberView> {
    if !access::can_view_members(actor.role) {
        return Err(OpError::NotFound("member"));
    }
    let mut conn = app.store().read().await?;
    let record = store_members::by_handle(&mut conn, &handle.to_ascii_lowercase())
        .await
        .map_err(named("member"))?;
    MemberView::build(record, app.now())
}

/// The parsed profile fields a person can change about themselves.
#[derive(Debug, Clone)]
pub struct ProfileInput {
    pub name: DisplayName,
    pub calendar: Calendar,
    pub digest_time: Time,
}

/// Saves a profile: your own, or anyone's for an admin.
pub async fn update_profile(
    app: &App,
    actor: &Actor,
    handle: &str,
    input: ProfileInput,
) -> OpResult<MemberView> {
    let mut tx = app.store().write().await?;
    let record = store_members::by_handle(&mut tx, &handle.to_ascii_lowercase())
        .await
        .map_err(named("member"))?;
    if record.id != actor.id && !access::can_administer(actor.role) {
        return Err(forbidden("you can only edit your own profile"));
    }
    let calendar_text = CalendarJson::text_of(&input.calendar);
    let digest_time = input.digest_time.strftime("%H:%M").to_string();
    let update = ProfileUpdate {
        name: input.name.as_str(),
        calendar: &calendar_text,
        digest_time: &digest_time,
    };
    store_members::update_profile(&mut tx, app.now(), record.id, &update).await?;
    super::asks::away::schedule_notices(app, &mut tx, record.id, &input.calendar).await?;
    super::digests::schedule(app, &mut tx, record.id).await?;
    let payload = json!({ "handle": record.handle, "name": input.name.as_str(), "calendar": serde_json::from_str::<serde_json::Value>(&calendar_text).unwrap_or_default(), "digest_time": digest_time });
    app.record(&mut tx, Some(actor), "member.profile_updated", payload)
        .await?;
    let updated = store_members::by_id(&mut tx, record.id).await?;
    commit(tx).await?;
    MemberView::build(updated, app.now())
}

/// Changes someone's role or deactivates them. Admins only; the last active admin stays.
pub async fn update_access(
    app: &App,
    actor: &Actor,
    handle: &str,
    role: Role,
    active: bool,
) -> OpResult<MemberRecord> {
    if !access::can_administer(actor.role) {
        return Err(forbidden("only admins can change roles"));
    }
    let mut tx = app.store().write().await?;
    let record = store_members::by_handle(&mut tx, &handle.to_ascii_lowercase())
        .await
        .map_err(named("member"))?;
    let loses_admin =
        record.role == Role::Admin && record.active && (role != Role::Admin || !active);
    if loses_admin && store_members::count_active_admins(&mut tx).await? <= 1 {
        return Err(OpError::Conflict(
            "the workspace needs at least one active admin".to_owned(),
        ));
    }
    store_members::update_access(&mut tx, app.now(), record.id, role, active).await?;
    if !active {
        store_auth::delete_sessions_of(&mut tx, record.id).await?;
    }
    // A reactivated member's digests start again; a deactivated one's chain ends here.
    super::digests::schedule(app, &mut tx, record.id).await?;
    let payload = json!({ "handle": record.handle, "role": role.as_str(), "active": active });
    app.record(&mut tx, Some(actor), "member.access_changed", payload)
        .await?;
    let updated = store_members::by_id(&mut tx, record.id).await?;
    commit(tx).await?;
    Ok(updated)
}

/// The actor's own record, freshly loaded.
pub async fn me(app: &App, actor: &Actor) -> OpResult<MemberView> {
    let mut conn = app.store().read().await?;
    let record = store_members::by_id(&mut conn, actor.id).await?;
    MemberView::build(record, app.now())
}

/// Loads a member by handle as an actor (used by the CLI to act as a person).
pub async fn actor_by_email(app: &App, email: &str) -> OpResult<Actor> {
    let mut conn = app.store().read().await?;
    let record = store_members::by_email(&mut conn, &email.trim().to_ascii_lowercase())
        .await
        .map_err(named("member"))?;
    Ok(actor_of(&record))
}

/// An active member as an actor, by handle (the CLI's `--as`): a deactivated member cannot
/// act, from the terminal or anywhere else.
pub async fn actor_by_handle(app: &App, handle: &Handle) -> OpResult<Actor> {
    let mut conn = app.store().read().await?;
    let record = store_members::by_handle(&mut conn, handle.as_str())
        .await
        .map_err(|err| match err {
            StoreError::NotFound => {
                OpError::Invalid(format!("@{handle} is not a member of this workspace"))
            }
            other => other.into(),
        })?;
    if !record.active {
        return Err(forbidden(&format!("@{handle} is deactivated")));
    }
    Ok(actor_of(&record))
}
