//! `/api/v1/insights/…`: the KPIs that show whether async is working, as JSON.

use super::dto::insights::DecisionRecordsDto;
use super::{ApiActor, ApiQuery, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use longhand_core::ops::metrics::{self, ShareQuery};
use serde::Deserialize;
use utoipa::IntoParams;

/// Which months and team to report.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct ShareParams {
    /// First month, `YYYY-MM` (default: five months before `to`).
    from: Option<String>,
    /// Last month, `YYYY-MM` (default: this month, UTC). At most 24 months in all.
    to: Option<String>,
    /// A team's slug (default: every team).
    team: Option<String>,
}

/// The share of decisions with a written record — closed review rounds and recorded meeting
/// outcomes that produced a decision record — per team and UTC month; the target is > 80 %.
#[utoipa::path(get, path = "/api/v1/insights/decision-records", tag = "insights", params(ShareParams),
    responses((status = 200, body = DecisionRecordsDto)), security(("bearer" = [])))]
pub(crate) async fn decision_records(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(params): ApiQuery<ShareParams>,
) -> ApiResult<Json<DecisionRecordsDto>> {
    let query = ShareQuery {
        from: params.from,
        to: params.to,
        team: params.team,
    };
    let report = metrics::decision_records(&state.app, &actor, &query).await?;
    Ok(Json(DecisionRecordsDto::from(&report)))
}
