//! `/api/v1/me` and `/api/v1/members`.

use super::dto::ErrorBody;
use super::dto::members::{MemberDto, MemberPatch, NewMemberDto, ProfilePatch};
use super::{ApiActor, ApiError, ApiJson, ApiPath, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use longhand_core::formats::calendar_json::{CalendarJson, parse_time};
use longhand_core::ops::auth::{NewAccount, Password};
use longhand_core::ops::members::{MemberView, ProfileInput};
use longhand_core::ops::{self, Actor};
use longhand_domain::names::{DisplayName, Email, Handle};
use longhand_domain::workspace::Role;

/// Merges a patch into the current profile and parses the result.
fn merged_profile(
    current: &MemberView,
    name: Option<&str>,
    calendar: Option<&CalendarJson>,
    digest: Option<&str>,
) -> ApiResult<ProfileInput> {
    let name =
        DisplayName::parse(name.unwrap_or(&current.record.name)).map_err(ApiError::invalid)?;
    let calendar = match calendar {
        Some(json) => json.to_domain().map_err(ApiError::invalid)?,
        None => current.calendar.clone(),
    };
    let digest_time = parse_time(digest.unwrap_or(&current.record.digest_time), "digest_time")
        .map_err(ApiError::invalid)?;
    Ok(ProfileInput {
        name,
        calendar,
        digest_time,
    })
}

async fn patch_profile(
    state: &AppState,
    actor: &Actor,
    handle: &str,
    patch: (Option<&str>, Option<&CalendarJson>, Option<&str>),
) -> ApiResult<MemberView> {
    let current = ops::members::get(&state.app, actor, handle).await?;
    let input = merged_profile(&current, patch.0, patch.1, patch.2)?;
    Ok(ops::members::update_profile(&state.app, actor, handle, input).await?)
}

/// The caller's own profile.
#[utoipa::path(get, path = "/api/v1/me", tag = "members", responses((status = 200, body = MemberDto), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn me(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<MemberDto>> {
    Ok(Json(ops::members::me(&state.app, &actor).await?.into()))
}

/// Changes the caller's profile: name, calendar, digest time.
#[utoipa::path(patch, path = "/api/v1/me", tag = "members", request_body = ProfilePatch,
    responses((status = 200, body = MemberDto), (status = 422, body = ErrorBody), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn patch_me(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(patch): ApiJson<ProfilePatch>,
) -> ApiResult<Json<MemberDto>> {
    let handle = actor.handle.clone();
    let fields = (
        patch.name.as_deref(),
        patch.calendar.as_ref(),
        patch.digest_time.as_deref(),
    );
    Ok(Json(
        patch_profile(&state, &actor, &handle, fields).await?.into(),
    ))
}

/// Everyone in the workspace, with their local time and availability now.
#[utoipa::path(get, path = "/api/v1/members", tag = "members", responses((status = 200, body = [MemberDto]), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Vec<MemberDto>>> {
    let members = ops::members::list(&state.app, &actor).await?;
    Ok(Json(members.into_iter().map(MemberDto::from).collect()))
}

/// One member.
#[utoipa::path(get, path = "/api/v1/members/{handle}", tag = "members", params(("handle" = String, Path)),
    responses((status = 200, body = MemberDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(handle): ApiPath<String>,
) -> ApiResult<Json<MemberDto>> {
    Ok(Json(
        ops::members::get(&state.app, &actor, &handle).await?.into(),
    ))
}

/// Adds a person (admins only).
#[utoipa::path(post, path = "/api/v1/members", tag = "members", request_body = NewMemberDto,
    responses((status = 201, body = MemberDto), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewMemberDto>,
) -> ApiResult<(StatusCode, Json<MemberDto>)> {
    let account = NewAccount {
        email: Email::parse(&body.email).map_err(ApiError::invalid)?,
        name: DisplayName::parse(&body.name).map_err(ApiError::invalid)?,
        handle: body
            .handle
            .as_deref()
            .map(Handle::parse)
            .transpose()
            .map_err(ApiError::invalid)?,
        role: Role::parse(body.role.as_deref().unwrap_or("member")).map_err(ApiError::invalid)?,
        password: body.password.as_deref().map(Password::parse).transpose()?,
        time_zone: body.time_zone.unwrap_or_else(|| "UTC".to_owned()),
    };
    let created = ops::auth::create_account(&state.app, Some(&actor), account).await?;
    let view = ops::members::get(&state.app, &actor, &created.handle).await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}

/// Changes someone's profile (self or admin) and, for admins, their role and access.
#[utoipa::path(patch, path = "/api/v1/members/{handle}", tag = "members", params(("handle" = String, Path)), request_body = MemberPatch,
    responses((status = 200, body = MemberDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn patch(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(handle): ApiPath<String>,
    ApiJson(patch): ApiJson<MemberPatch>,
) -> ApiResult<Json<MemberDto>> {
    let profile_fields = (
        patch.name.as_deref(),
        patch.calendar.as_ref(),
        patch.digest_time.as_deref(),
    );
    let mut view =
        if profile_fields.0.is_some() || profile_fields.1.is_some() || profile_fields.2.is_some() {
            patch_profile(&state, &actor, &handle, profile_fields).await?
        } else {
            ops::members::get(&state.app, &actor, &handle).await?
        };
    if patch.role.is_some() || patch.active.is_some() {
        let role = patch
            .role
            .as_deref()
            .map(Role::parse)
            .transpose()
            .map_err(ApiError::invalid)?
            .unwrap_or(view.record.role);
        let active = patch.active.unwrap_or(view.record.active);
        ops::members::update_access(&state.app, &actor, &handle, role, active).await?;
        view = ops::members::get(&state.app, &actor, &handle).await?;
    }
    Ok(Json(view.into()))
}
