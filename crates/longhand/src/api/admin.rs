//! `/api/v1/admin`: what only admins look after — for now, the jobs given up on.

use super::dto::ErrorBody;
use super::dto::jobs::{DeadJobDto, DeadJobsDto};
use super::{ApiActor, ApiResult};
use crate::ops;
use crate::web::AppState;
use axum::Json;
use axum::extract::State;

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
