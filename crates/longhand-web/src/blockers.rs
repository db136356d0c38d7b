//! Blocker pages: the manager's view of open blockers by age (`/blockers`, filter by team),
//! one blocker, and its unblock / won't-fix buttons.

use super::asks::viewer_zone;
use super::error::{PageError, classify};
use super::members::Notice;
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::tz::TimeZone;
use longhand_core::ops::blockers::{self, BlockerFilter, BlockerView, business_hours_text};
use longhand_core::ops::{self, OpError};
use longhand_core::wording;
use longhand_domain::checkins::{BlockerAction, BlockerState};
use serde::Deserialize;

/// A blocker as a row of the pages.
pub(crate) struct BlockerRow {
    id: i64,
    team_slug: String,
    team_name: String,
    text: String,
    owner: String,
    owner_name: String,
    reporter: String,
    reporter_name: String,
    state: &'static str,
    open: bool,
    opened: String,
    age: String,
    resolved: Option<String>,
    resolution: String,
    escalated: i64,
    can_resolve: bool,
}

fn row(view: BlockerView, zone: &TimeZone) -> BlockerRow {
    let b = view.blocker;
    BlockerRow {
        id: b.id,
        team_slug: b.team_slug,
        team_name: b.team_name,
        text: b.body,
        owner: b.owner_handle,
        owner_name: b.owner_name,
        reporter: b.reporter_handle,
        reporter_name: b.reporter_name,
        state: view.state.label(),
        open: view.state == BlockerState::Open,
        opened: wording::when(b.opened_at, zone),
        age: business_hours_text(view.open_business),
        resolved: b.resolved_at.map(|at| wording::when(at, zone)),
        resolution: b.resolution,
        escalated: b.escalated,
        can_resolve: view.can_resolve,
    }
}

#[derive(Template)]
#[template(path = "blockers/list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<BlockerRow>,
    teams: Vec<(String, String)>,
    team: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    team: String,
    #[serde(default)]
    ok: Option<String>,
}

/// GET /blockers — open blockers the viewer sees, oldest first.
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let team = query.team.trim().to_owned();
    let filter = BlockerFilter {
        team: (!team.is_empty()).then(|| team.clone()),
        state: Some(BlockerState::Open),
    };
    let found = blockers::list(&state.app, &viewer.actor, &filter).await?;
    let zone = viewer_zone(&state, &viewer).await?;
    let teams = ops::teams::list(&state.app, &viewer.actor)
        .await?
        .into_iter()
        .map(|t| (t.team.slug, t.team.name))
        .collect();
    let page = ListPage {
        chrome: Chrome::for_viewer(&viewer, "Blockers", "blockers")
            .with_notice(query.ok.as_deref()),
        rows: found.into_iter().map(|v| row(v, &zone)).collect(),
        teams,
        team,
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "blockers/detail.html")]
struct DetailPage {
    chrome: Chrome,
    b: BlockerRow,
    error: Option<String>,
}

async fn detail_page(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    notice: Option<&str>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let found = blockers::get(&state.app, &viewer.actor, id).await?;
    let zone = viewer_zone(state, viewer).await?;
    let page = DetailPage {
        chrome: Chrome::for_viewer(viewer, "Blocker", "blockers").with_notice(notice),
        b: row(found, &zone),
        error,
    };
    Ok(render(&page))
}

/// GET /blockers/{id}
pub(crate) async fn detail(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    detail_page(&state, &viewer, id, notice.code(), None).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct ResolveForm {
    #[serde(default)]
    state: String,
    #[serde(default)]
    note: String,
    /// Where to go afterwards: `list` for the manager's view, the blocker's page otherwise.
    #[serde(default)]
    back: String,
}

/// POST /blockers/{id}/resolve
pub(crate) async fn resolve(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<ResolveForm>,
) -> Result<Response, PageError> {
    let result = match BlockerAction::parse(&form.state) {
        Ok(action) => blockers::resolve(&state.app, &viewer.actor, id, action, &form.note).await,
        Err(err) => Err(ops::invalid(err)),
    };
    match result {
        Ok(_) if form.back == "list" => {
            Ok(Redirect::to("/blockers?ok=blocker-resolved").into_response())
        }
        Ok(_) => Ok(Redirect::to(&format!("/blockers/{id}?ok=blocker-resolved")).into_response()),
        Err(err @ (OpError::Invalid(_) | OpError::Conflict(_) | OpError::Forbidden(_))) => {
            let status = classify(&err).0;
            let page = detail_page(&state, &viewer, id, None, Some(err.to_string())).await?;
            Ok((status, page).into_response())
        }
        Err(err) => Err(err.into()),
    }
}
