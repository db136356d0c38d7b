//! `/api/v1/spaces`.

use super::dto::ErrorBody;
use super::dto::spaces::{NewSpaceDto, SpaceDto, SpaceMemberPut, SpacePatch};
use super::{ApiActor, ApiError, ApiJson, ApiPath, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use longhand_core::ops::{self, spaces::SpaceInput};
use longhand_domain::names::{DisplayName, Handle, Slug};
use longhand_domain::workspace::{NoiseLevel, SpacePurpose, SpaceRole, Visibility};

/// Spaces the caller can see (private spaces only to their members).
#[utoipa::path(get, path = "/api/v1/spaces", tag = "spaces", responses((status = 200, body = [SpaceDto]), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Vec<SpaceDto>>> {
    let spaces = ops::spaces::list(&state.app, &actor).await?;
    Ok(Json(
        spaces
            .into_iter()
            .map(|(space, rights)| SpaceDto::summary(space, rights))
            .collect(),
    ))
}

/// Creates a space; the caller becomes its admin.
#[utoipa::path(post, path = "/api/v1/spaces", tag = "spaces", request_body = NewSpaceDto,
    responses((status = 201, body = SpaceDto), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewSpaceDto>,
) -> ApiResult<(StatusCode, Json<SpaceDto>)> {
    let input = SpaceInput {
        name: DisplayName::parse(&body.name).map_err(ApiError::invalid)?,
        slug: body
            .slug
            .as_deref()
            .map(Slug::parse)
            .transpose()
            .map_err(ApiError::invalid)?,
        description: body.description.unwrap_or_default(),
        purpose: SpacePurpose::parse(&body.purpose).map_err(ApiError::invalid)?,
        visibility: Visibility::parse(body.visibility.as_deref().unwrap_or("workspace"))
            .map_err(ApiError::invalid)?,
        noise: body
            .noise
            .as_deref()
            .map(NoiseLevel::parse)
            .transpose()
            .map_err(ApiError::invalid)?,
    };
    let view = ops::spaces::create(&state.app, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}

/// One space with its members.
#[utoipa::path(get, path = "/api/v1/spaces/{slug}", tag = "spaces", params(("slug" = String, Path)),
    responses((status = 200, body = SpaceDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<SpaceDto>> {
    Ok(Json(
        ops::spaces::get(&state.app, &actor, &slug).await?.into(),
    ))
}

/// Changes a space's settings (space admins).
#[utoipa::path(patch, path = "/api/v1/spaces/{slug}", tag = "spaces", params(("slug" = String, Path)), request_body = SpacePatch,
    responses((status = 200, body = SpaceDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn patch(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<SpacePatch>,
) -> ApiResult<Json<SpaceDto>> {
    let current = ops::spaces::get(&state.app, &actor, &slug).await?.space;
    let input = SpaceInput {
        name: DisplayName::parse(body.name.as_deref().unwrap_or(&current.name))
            .map_err(ApiError::invalid)?,
        slug: None,
        description: body.description.unwrap_or(current.description),
        purpose: body
            .purpose
            .as_deref()
            .map(SpacePurpose::parse)
            .transpose()
            .map_err(ApiError::invalid)?
            .unwrap_or(current.purpose),
        visibility: body
            .visibility
            .as_deref()
            .map(Visibility::parse)
            .transpose()
            .map_err(ApiError::invalid)?
            .unwrap_or(current.visibility),
        noise: Some(
            body.noise
                .as_deref()
                .map(NoiseLevel::parse)
                .transpose()
                .map_err(ApiError::invalid)?
                .unwrap_or(current.noise),
        ),
    };
    Ok(Json(
        ops::spaces::update(&state.app, &actor, &slug, input)
            .await?
            .into(),
    ))
}

/// Joins an open space.
#[utoipa::path(post, path = "/api/v1/spaces/{slug}/join", tag = "spaces", params(("slug" = String, Path)),
    responses((status = 200, body = SpaceDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn join(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<SpaceDto>> {
    Ok(Json(
        ops::spaces::join(&state.app, &actor, &slug).await?.into(),
    ))
}

/// Leaves a space. Answers 204 when the space is private and so no longer visible.
#[utoipa::path(post, path = "/api/v1/spaces/{slug}/leave", tag = "spaces", params(("slug" = String, Path)),
    responses((status = 200, body = SpaceDto), (status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn leave(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    Ok(match ops::spaces::leave(&state.app, &actor, &slug).await? {
        Some(view) => Json(SpaceDto::from(view)).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

/// Adds someone to a space (space admins), with an optional role.
#[utoipa::path(put, path = "/api/v1/spaces/{slug}/members/{handle}", tag = "spaces", params(("slug" = String, Path), ("handle" = String, Path)), request_body(content = Option<SpaceMemberPut>, description = "Optional: an empty body adds a plain member."),
    responses((status = 200, body = SpaceDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn add_member(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, handle)): ApiPath<(String, String)>,
    body: axum::body::Bytes,
) -> ApiResult<Json<SpaceDto>> {
    let handle = Handle::parse(&handle).map_err(ApiError::invalid)?;
    // The body is optional: an empty PUT adds a plain member.
    let put: SpaceMemberPut = if body.iter().all(u8::is_ascii_whitespace) {
        SpaceMemberPut::default()
    } else {
        serde_json::from_slice(&body).map_err(|err| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("the body is not valid JSON: {err}"),
            )
        })?
    };
    let role = put
        .role
        .map(|r| SpaceRole::parse(&r))
        .transpose()
        .map_err(ApiError::invalid)?;
    Ok(Json(
        ops::spaces::add_member(
            &state.app,
            &actor,
            &slug,
            &handle,
            role.unwrap_or(SpaceRole::Member),
        )
        .await?
        .into(),
    ))
}

/// Removes someone from a space (space admins).
#[utoipa::path(delete, path = "/api/v1/spaces/{slug}/members/{handle}", tag = "spaces", params(("slug" = String, Path), ("handle" = String, Path)),
    responses((status = 200, body = SpaceDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn remove_member(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, handle)): ApiPath<(String, String)>,
) -> ApiResult<Json<SpaceDto>> {
    let handle = Handle::parse(&handle).map_err(ApiError::invalid)?;
    Ok(Json(
        ops::spaces::remove_member(&state.app, &actor, &slug, &handle)
            .await?
            .into(),
    ))
}
