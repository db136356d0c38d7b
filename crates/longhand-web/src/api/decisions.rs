//! `/api/v1/decisions`: the decision log over JSON, and its Atom feeds (the workspace's and
//! one space's). Every read is filtered by what the caller may read, in `ops::decisions`.
//!
//! Feed readers cannot sign in, and many cannot send headers, so the feeds also take an API
//! token as `?token=` (a bearer header and a browser session work too). The feed holds exactly
//! what the token's member may read. A token in a URL ends up in the feed reader's settings
//! and perhaps a proxy's log, so the page suggests a token made for the feed alone, which can
//! be revoked without touching anything else.

use super::dto::decisions::{DecisionDetailDto, DecisionPageDto};
use super::{ApiActor, ApiError, ApiPath, ApiQuery, ApiResult};
use crate::decisions::{atom, feed_base};
use crate::{AppState, Auth};
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use longhand_core::ops::decisions::{self, DecisionQuery, Reader};
use longhand_core::ops::{self, Actor};
use longhand_core::render;
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters for the decision log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct LogParams {
    /// `proposed`, `accepted`, `rejected`, `superseded` (including accepted records another
    /// record supersedes) or `deprecated`.
    status: Option<String>,
    /// A space's slug.
    space: Option<String>,
    /// The owner's handle.
    owner: Option<String>,
    /// `reversible` or `irreversible`.
    reversibility: Option<String>,
    /// Decided on or after this day (`YYYY-MM-DD`).
    from: Option<String>,
    /// Decided on or before this day (`YYYY-MM-DD`).
    to: Option<String>,
    /// Words that must all appear in the title, intent or body.
    q: Option<String>,
    /// 1-based page (default 1).
    page: Option<usize>,
    /// Decisions per page (1–200, default 50).
    per_page: Option<usize>,
}

/// A day from a query parameter, or a 422 naming the parameter.
pub(crate) fn day(name: &str, raw: Option<&str>) -> Result<Option<Date>, ApiError> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(raw) => raw.parse().map(Some).map_err(|_| {
            ApiError::invalid(format!("{name} \"{raw}\" is not a date written YYYY-MM-DD"))
        }),
    }
}

impl LogParams {
    fn query(self) -> Result<DecisionQuery, ApiError> {
        Ok(DecisionQuery {
            from: day("from", self.from.as_deref())?,
            to: day("to", self.to.as_deref())?,
            status: self.status,
            space: self.space,
            owner: self.owner,
            reversibility: self.reversibility,
            text: self.q,
            page: self.page,
            per_page: self.per_page,
        })
    }
}

/// Decision records you may read, newest decision first, a page at a time.
#[utoipa::path(get, path = "/api/v1/decisions", tag = "decisions", params(LogParams),
    responses((status = 200, body = DecisionPageDto)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(params): ApiQuery<LogParams>,
) -> ApiResult<Json<DecisionPageDto>> {
    let query = params.query()?;
    let page = decisions::list(&state.app, Reader::Member(&actor), &query).await?;
    Ok(Json(DecisionPageDto::from(&page)))
}

/// One decision: its fields, where it was decided, and what it supersedes and what
/// superseded it, whichever record stated the relation.
#[utoipa::path(get, path = "/api/v1/decisions/{slug}", tag = "decisions", params(("slug" = String, Path)),
    responses((status = 200, body = DecisionDetailDto)), security(("bearer" = [])))]
pub(crate) async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<DecisionDetailDto>> {
    let detail = decisions::get(&state.app, Reader::Member(&actor), &slug).await?;
    Ok(Json(DecisionDetailDto::from(&detail)))
}

/// The credentials a feed takes besides a bearer header or a session.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct FeedParams {
    /// An API token, for feed readers that cannot send `Authorization: Bearer`. Prefer a
    /// token made for the feed alone: it sits in the reader's settings.
    // `FeedActor` reads it from the raw query; declaring it here documents it and lets the
    // strict query parser accept it.
    #[allow(dead_code)]
    token: Option<String>,
}

/// The member a feed is for: a session, a bearer token, or `?token=`.
#[derive(Debug)]
pub(crate) struct FeedActor(Actor);

impl FromRequestParts<AppState> for FeedActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(Auth::Session { actor, .. } | Auth::Token { actor }) =
            parts.extensions.get::<Auth>()
        {
            return Ok(FeedActor(actor.clone()));
        }
        let bad =
            |message: &str| ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", message);
        if let Some(Auth::BadToken) = parts.extensions.get::<Auth>() {
            return Err(bad("the bearer token is invalid or revoked"));
        }
        let Some(token) = query_token(parts.uri.query()) else {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "sign in, send Authorization: Bearer <token>, or add ?token=<token> to the feed's address",
            ));
        };
        match ops::auth::token_actor(&state.app, &token).await? {
            Some(actor) => Ok(FeedActor(actor)),
            None => Err(bad("the token is invalid or revoked")),
        }
    }
}

fn query_token(query: Option<&str>) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(key, _)| key == "token")
        .map(|(_, value)| value.into_owned())
        .filter(|token| !token.is_empty())
}

/// The workspace's decisions you may read, as an Atom feed of the latest 50 new or changed
/// records.
#[utoipa::path(get, path = "/api/v1/decisions/feed.atom", tag = "decisions", params(FeedParams),
    responses((status = 200, description = "An Atom feed (RFC 4287).", body = String, content_type = "application/atom+xml")),
    security(("bearer" = [])))]
pub(crate) async fn workspace_feed(
    State(state): State<AppState>,
    FeedActor(actor): FeedActor,
    headers: HeaderMap,
    ApiQuery(_credentials): ApiQuery<FeedParams>,
) -> ApiResult<Response> {
    let feed = decisions::feed(&state.app, &actor, None).await?;
    atom_response(
        &state,
        &headers,
        &feed,
        "/api/v1/decisions/feed.atom",
        "/decisions",
    )
}

/// One space's decisions you may read, as an Atom feed of the latest 50 new or changed
/// records.
#[utoipa::path(get, path = "/api/v1/spaces/{slug}/decisions/feed.atom", tag = "decisions", params(("slug" = String, Path), FeedParams),
    responses((status = 200, description = "An Atom feed (RFC 4287).", body = String, content_type = "application/atom+xml")),
    security(("bearer" = [])))]
pub(crate) async fn space_feed(
    State(state): State<AppState>,
    FeedActor(actor): FeedActor,
    headers: HeaderMap,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(_credentials): ApiQuery<FeedParams>,
) -> ApiResult<Response> {
    let feed = decisions::feed(&state.app, &actor, Some(&slug)).await?;
    let space = feed.space.as_ref().map_or(slug.clone(), |(s, _)| s.clone());
    let self_path = format!("/api/v1/spaces/{space}/decisions/feed.atom");
    let page_path = format!("/decisions?space={space}");
    atom_response(&state, &headers, &feed, &self_path, &page_path)
}

fn atom_response(
    state: &AppState,
    headers: &HeaderMap,
    feed: &longhand_core::views::decisions::DecisionFeed,
    self_path: &str,
    page_path: &str,
) -> ApiResult<Response> {
    let base = feed_base(state, headers);
    let ctx = atom::FeedContext {
        base: &base,
        self_path,
        page_path,
        now: state.app.now(),
    };
    let xml = atom::write(feed, &ctx, |d| render::to_html(&d.doc.body))
        .map_err(|err| ApiError::from(ops::OpError::Internal(anyhow::Error::new(err))))?;
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        xml,
    )
        .into_response())
}
