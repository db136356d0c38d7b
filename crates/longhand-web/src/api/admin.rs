//! `/api/v1/admin`: what only admins look after — for now, the jobs given up on, and
//! retrying one.

use super::dto::ErrorBody;
use super::dto::jobs::{DeadJobDto, DeadJobsDto};
use super::{ApiActor, ApiPath, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use longhand_core::ops;

/// Jobs given up on after too many failed attempts, most recent first (admins only). Retry
/// one from the admin page once its cause is fixed.
#[utoipa::path(get, path = "/api/v1/admin/jobs/dead", tag = "admin",
    responses((status = 200, body = DeadJobsDto), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn dead_jobs(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<DeadJobsDto>> {
    let jobs = ops::jobs::dead(&state.app, &actor).await?;
    Ok(Json(DeadJobsDto {
        items: jobs.into_iter().map(DeadJobDto::from).collect(),
    }))
}

/// Puts a dead job back in the queue with its attempts reset (admins only); it runs at once.
/// A job that is not dead (retried already, or still being tried) is a conflict.
#[utoipa::path(post, path = "/api/v1/admin/jobs/{id}/retry", tag = "admin", params(("id" = i64, Path)),
    responses((status = 204, description = "Back in the queue"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn retry_job(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    ops::jobs::retry(&state.app, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
