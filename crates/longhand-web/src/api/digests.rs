//! `/api/v1/me/digest/preview` and `/api/v1/teams/{slug}/digest`.

use super::dto::ErrorBody;
use super::dto::digests::{DigestPreviewDto, TeamDigestDto};
use super::{ApiActor, ApiPath, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use longhand_core::ops;

/// What your digest would hold if it went now — only what is new since your last one, what
/// waits on you first — and when the next one goes.
#[utoipa::path(get, path = "/api/v1/me/digest/preview", tag = "notifications",
    responses((status = 200, body = DigestPreviewDto)), security(("bearer" = [])))]
pub(crate) async fn preview(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<DigestPreviewDto>> {
    Ok(Json(
        ops::digests::preview(&state.app, &actor).await?.into(),
    ))
}

/// A team's digest: the current check-ins and open blockers, decision records of the last seven days, review rounds closing soon and
/// overdue asks, each as far as you may read it; times in your zone.
#[utoipa::path(get, path = "/api/v1/teams/{slug}/digest", tag = "teams", params(("slug" = String, Path)),
    responses((status = 200, body = TeamDigestDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn team(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<TeamDigestDto>> {
    Ok(Json(
        ops::digests::team_with_checkins(&state.app, &actor, &slug)
            .await?
            .into(),
    ))
}
