//! `/api/v1/tokens`: the caller's own API tokens.

use super::dto::ErrorBody;
use super::dto::tokens::{IssuedTokenDto, NewTokenDto, TokenDto};
use super::{ApiActor, ApiJson, ApiPath, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use longhand_core::ops;

/// The caller's tokens (metadata only).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens", responses((status = 200, body = [TokenDto]), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Vec<TokenDto>>> {
    Ok(Json(
        ops::auth::list_tokens(&state.app, &actor, false)
            .await?
            .into_iter()
            .map(TokenDto::from)
            .collect(),
    ))
}

/// Creates a token for the caller; the secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = NewTokenDto,
    responses((status = 201, body = IssuedTokenDto), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewTokenDto>,
) -> ApiResult<(StatusCode, Json<IssuedTokenDto>)> {
    let issued =
        ops::auth::create_token(&state.app, Some(&actor), &actor.handle, &body.name).await?;
    Ok((StatusCode::CREATED, Json(issued.into())))
}

/// Revokes one of the caller's tokens (admins: anyone's).
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn revoke(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    ops::auth::revoke_token(&state.app, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
