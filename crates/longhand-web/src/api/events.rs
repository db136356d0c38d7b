//! `/api/v1/events`: the audit trail and its chain head (admins only).

use super::dto::ErrorBody;
use super::dto::events::{ChainHeadDto, EventDto};
use super::{ApiActor, ApiError, ApiQuery, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use longhand_core::ops;
use longhand_domain::access;
use serde::Deserialize;

/// How many entries to return.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EventsQuery {
    /// 1 to 500; default 50.
    limit: Option<i64>,
}

/// The latest events, newest first.
#[utoipa::path(get, path = "/api/v1/events", tag = "audit", params(EventsQuery),
    responses((status = 200, body = [EventDto]), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<EventsQuery>,
) -> ApiResult<Json<Vec<EventDto>>> {
    let events =
        ops::workspace::recent_events(&state.app, &actor, query.limit.unwrap_or(50)).await?;
    Ok(Json(events.into_iter().map(EventDto::from).collect()))
}

/// The chain head for external anchoring, after verifying the whole chain.
#[utoipa::path(get, path = "/api/v1/events/head", tag = "audit",
    responses((status = 200, body = ChainHeadDto), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn head(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<ChainHeadDto>> {
    if !access::can_administer(actor.role) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "only admins can read the event log",
        ));
    }
    let problem = ops::workspace::verify(&state.app)
        .await?
        .err()
        .map(|b| format!("entry {}: {}", b.id, b.reason));
    let head = ops::workspace::chain_head(&state.app).await?;
    Ok(Json(ChainHeadDto::new(head, problem)))
}
