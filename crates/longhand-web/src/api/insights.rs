//! `/api/v1/insights/…`: the KPIs that show whether async is working, as JSON.

use super::dto::insights::DecisionRecordsDto;
use super::dto::search::{SearchSuccessDto, SearchWeekDto};
use super::{ApiActor, ApiQuery, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use longhand_core::ops::metrics::{self, ShareQuery};
use longhand_core::ops::search;
use longhand_domain::kpi::SEARCH_SUCCESS_WINDOW;
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

/// How many weeks of the search success rate to report.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct WeeksParams {
    /// Weeks up to and including the current one (default 8, at most 52).
    weeks: Option<u32>,
}

/// The search success rate: of the searches in each ISO week (UTC), the share after which
/// the searcher opened a result within a minute.
#[utoipa::path(get, path = "/api/v1/insights/search-success", tag = "insights", params(WeeksParams),
    responses((status = 200, body = SearchSuccessDto)), security(("bearer" = [])))]
pub(crate) async fn search_success(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(params): ApiQuery<WeeksParams>,
) -> ApiResult<Json<SearchSuccessDto>> {
    let weeks = search::success_rate(&state.app, &actor, params.weeks.unwrap_or(8)).await?;
    Ok(Json(SearchSuccessDto {
        window_seconds: SEARCH_SUCCESS_WINDOW.as_secs(),
        weeks: weeks.iter().map(SearchWeekDto::from).collect(),
    }))
}
