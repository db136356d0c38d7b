//! `/api/v1/search`: one search box over documents, decisions, threads, comments and asks,
//! and `/api/v1/search/opened`, which tells the success rate a result was opened.

use super::dto::ErrorBody;
use super::dto::search::{OpenedDto, SearchResultsDto};
use super::{ApiActor, ApiError, ApiJson, ApiQuery, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use longhand_core::ops::search;
use longhand_core::views::search::{HitKind, SearchOrder, SearchRequest};
use serde::Deserialize;
use utoipa::IntoParams;

/// What to search for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchParams {
    /// The query: words, "phrases", prefixes (`deploy*`), exclusions (`-draft`) and filters
    /// (`kind:`, `space:`, `author:`, `status:`, `before:`/`after:` YYYY-MM-DD). Never an
    /// error: what cannot be read is searched as words, and `notes` says so.
    #[serde(default)]
    q: String,
    /// `relevance` (default) or `newest`.
    order: Option<String>,
    /// 1-based page (default 1, at most 100).
    page: Option<u32>,
    /// Results per page (default 20, 1 to 50).
    per_page: Option<u32>,
    /// Only these kinds, comma-separated: `document`, `decision`, `comment`, `thread`, `ask`,
    /// `checkin`.
    kind: Option<String>,
    /// Only this space (its slug).
    space: Option<String>,
}

fn request(params: SearchParams) -> ApiResult<SearchRequest> {
    let order = match params.order.as_deref().map(str::trim) {
        None | Some("") => SearchOrder::Relevance,
        Some(raw) => SearchOrder::parse(raw).ok_or_else(|| {
            ApiError::invalid(format!("order \"{raw}\" must be relevance or newest"))
        })?,
    };
    let kinds = params
        .kind
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| {
            HitKind::parse(k).ok_or_else(|| {
                ApiError::invalid(format!(
                    "kind \"{k}\" must be document, decision, comment, thread, ask or checkin"
                ))
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(SearchRequest {
        q: params.q,
        order,
        page: params.page.unwrap_or(1),
        per_page: params.per_page.unwrap_or(20),
        kinds,
        space: params.space.filter(|s| !s.trim().is_empty()),
        doc_kinds: Vec::new(),
        statuses: Vec::new(),
    })
}

/// Searches everything you may open — documents, decision records, threads, comments, asks
/// and check-ins — with highlighted snippets and counts by kind and space (which never count
/// what you may not open).
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams),
    responses((status = 200, body = SearchResultsDto), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub(crate) async fn search_all(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> ApiResult<Json<SearchResultsDto>> {
    let req = request(params)?;
    let results = search::search(&state.app, &actor, &req).await?;
    Ok(Json(SearchResultsDto::from(&results)))
}

/// Tells that a result of one of your searches was opened (for the search success rate; the
/// first opening counts).
#[utoipa::path(post, path = "/api/v1/search/opened", tag = "search", request_body = OpenedDto,
    responses((status = 204, description = "Noted"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub(crate) async fn opened(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<OpenedDto>,
) -> ApiResult<StatusCode> {
    search::opened(&state.app, &actor, body.search_id, &body.href).await?;
    Ok(StatusCode::NO_CONTENT)
}
