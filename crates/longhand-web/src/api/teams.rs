//! `/api/v1/teams`.

use super::dto::ErrorBody;
use super::dto::teams::{NewTeamDto, TeamDto, TeamPatch};
use super::{ApiActor, ApiError, ApiJson, ApiPath, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use longhand_core::ops::{self, teams::TeamInput};
use longhand_domain::names::{DisplayName, Handle, Slug};

/// Teams the caller can see.
#[utoipa::path(get, path = "/api/v1/teams", tag = "teams", responses((status = 200, body = [TeamDto]), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Vec<TeamDto>>> {
    Ok(Json(
        ops::teams::list(&state.app, &actor)
            .await?
            .into_iter()
            .map(TeamDto::from)
            .collect(),
    ))
}

/// Creates a team; the DRI becomes its first member.
#[utoipa::path(post, path = "/api/v1/teams", tag = "teams", request_body = NewTeamDto,
    responses((status = 201, body = TeamDto), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewTeamDto>,
) -> ApiResult<(StatusCode, Json<TeamDto>)> {
    let input = TeamInput {
        name: DisplayName::parse(&body.name).map_err(ApiError::invalid)?,
        slug: body
            .slug
            .as_deref()
            .map(Slug::parse)
            .transpose()
            .map_err(ApiError::invalid)?,
        description: body.description.unwrap_or_default(),
        dri: Handle::parse(&body.dri).map_err(ApiError::invalid)?,
    };
    let team = ops::teams::create(&state.app, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(team.into())))
}

/// One team.
#[utoipa::path(get, path = "/api/v1/teams/{slug}", tag = "teams", params(("slug" = String, Path)),
    responses((status = 200, body = TeamDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<TeamDto>> {
    Ok(Json(
        ops::teams::get(&state.app, &actor, &slug).await?.into(),
    ))
}

/// Renames a team, edits its description or changes its DRI (DRI or admin).
#[utoipa::path(patch, path = "/api/v1/teams/{slug}", tag = "teams", params(("slug" = String, Path)), request_body = TeamPatch,
    responses((status = 200, body = TeamDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn patch(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<TeamPatch>,
) -> ApiResult<Json<TeamDto>> {
    let current = ops::teams::get(&state.app, &actor, &slug).await?;
    let input = TeamInput {
        name: DisplayName::parse(body.name.as_deref().unwrap_or(&current.team.name))
            .map_err(ApiError::invalid)?,
        slug: None,
        description: body.description.unwrap_or(current.team.description),
        dri: Handle::parse(body.dri.as_deref().unwrap_or(&current.dri_handle))
            .map_err(ApiError::invalid)?,
    };
    Ok(Json(
        ops::teams::update(&state.app, &actor, &slug, input)
            .await?
            .into(),
    ))
}

/// Adds a member (DRI or admin).
#[utoipa::path(put, path = "/api/v1/teams/{slug}/members/{handle}", tag = "teams", params(("slug" = String, Path), ("handle" = String, Path)),
    responses((status = 200, body = TeamDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn add_member(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, handle)): ApiPath<(String, String)>,
) -> ApiResult<Json<TeamDto>> {
    let handle = Handle::parse(&handle).map_err(ApiError::invalid)?;
    Ok(Json(
        ops::teams::add_member(&state.app, &actor, &slug, &handle)
            .await?
            .into(),
    ))
}

/// Removes a member (DRI or admin; anyone may remove themselves).
#[utoipa::path(delete, path = "/api/v1/teams/{slug}/members/{handle}", tag = "teams", params(("slug" = String, Path), ("handle" = String, Path)),
    responses((status = 200, body = TeamDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn remove_member(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, handle)): ApiPath<(String, String)>,
) -> ApiResult<Json<TeamDto>> {
    let handle = Handle::parse(&handle).map_err(ApiError::invalid)?;
    Ok(Json(
        ops::teams::remove_member(&state.app, &actor, &slug, &handle)
            .await?
            .into(),
    ))
}
