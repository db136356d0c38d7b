//! Thread pages and forms: start a thread on a document section or in a space, reply,
//! resolve or reopen, and elevate into a decision record or handbook page; [`sync`] holds the
//! call suggested when a thread goes in circles.

pub(crate) mod sync;

use super::asks::viewer_zone;
use super::documents::{ThreadRow, thread_row};
use super::error::PageError;
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use longhand_core::ops::OpError;
use longhand_core::ops::threads::{self, NewThreadInput, Posted, ThreadPlace};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub(crate) struct StartForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    anchor: String,
    #[serde(default)]
    body: String,
}

fn posted_redirect(posted: &Posted) -> Response {
    let mut url = format!("/threads/{}", posted.thread.thread.id);
    if !posted.unknown_mentions.is_empty() {
        let names: Vec<String> = posted
            .unknown_mentions
            .iter()
            .map(|h| format!("@{h}"))
            .collect();
        let encoded: String =
            form_urlencoded::byte_serialize(names.join(", ").as_bytes()).collect();
        url.push_str(&format!("?unknown={encoded}"));
    }
    url.push_str(&format!("#c{}", posted.comment_id));
    Redirect::to(&url).into_response()
}

async fn start(
    state: &AppState,
    viewer: &Viewer,
    place: ThreadPlace,
    form: StartForm,
    back: String,
) -> Result<Response, PageError> {
    let input = NewThreadInput {
        place,
        title: form.title,
        body: form.body,
    };
    match threads::start(&state.app, &viewer.actor, input).await {
        Ok(posted) => Ok(posted_redirect(&posted)),
        Err(err @ (OpError::Invalid(_) | OpError::Forbidden(_))) => {
            let message: String =
                form_urlencoded::byte_serialize(err.to_string().as_bytes()).collect();
            Ok(Redirect::to(&format!("{back}?thread_error={message}#threads")).into_response())
        }
        Err(err) => Err(err.into()),
    }
}

/// POST /docs/{slug}/threads
pub(crate) async fn start_on_document(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<StartForm>,
) -> Result<Response, PageError> {
    let anchor = Some(form.anchor.clone()).filter(|a| !a.trim().is_empty());
    let place = ThreadPlace::Document {
        slug: slug.clone(),
        anchor,
    };
    start(&state, &viewer, place, form, format!("/docs/{slug}")).await
}

/// POST /spaces/{slug}/threads
pub(crate) async fn start_in_space(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<StartForm>,
) -> Result<Response, PageError> {
    let place = ThreadPlace::Space { slug: slug.clone() };
    start(&state, &viewer, place, form, format!("/spaces/{slug}")).await
}

#[derive(Template)]
#[template(path = "threads/detail.html")]
struct ThreadPage {
    chrome: Chrome,
    thread: ThreadRow,
    sync: sync::SyncRows,
    document: Option<(String, String)>,
    unknown: String,
    error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ThreadParams {
    #[serde(default)]
    unknown: String,
    #[serde(default)]
    error: String,
}

/// GET /threads/{id}
pub(crate) async fn detail(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(params): Query<ThreadParams>,
) -> Result<Response, PageError> {
    let view = threads::get(&state.app, &viewer.actor, id).await?;
    let zone = viewer_zone(&state, &viewer).await?;
    let sync = sync::rows(&state, &viewer, id, &zone).await?;
    let document = view.document.clone();
    let mut thread = thread_row(view, &zone);
    let outcomes = sync.outcome_comments();
    for comment in &mut thread.comments {
        comment.outcome = outcomes.contains(&comment.id);
    }
    let page = ThreadPage {
        chrome: Chrome::for_viewer(&viewer, thread.title.clone(), "docs"),
        thread,
        sync,
        document,
        unknown: params.unknown,
        error: Some(params.error).filter(|e| !e.is_empty()),
    };
    Ok(render(&page))
}

#[derive(Debug, Deserialize)]
pub(crate) struct ReplyForm {
    #[serde(default)]
    body: String,
}

fn back_with_error(id: i64, err: &OpError) -> Response {
    let message: String = form_urlencoded::byte_serialize(err.to_string().as_bytes()).collect();
    Redirect::to(&format!("/threads/{id}?error={message}")).into_response()
}

/// POST /threads/{id}/reply
pub(crate) async fn reply(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<ReplyForm>,
) -> Result<Response, PageError> {
    match threads::reply(&state.app, &viewer.actor, id, &form.body).await {
        Ok(posted) => Ok(posted_redirect(&posted)),
        Err(err @ OpError::Invalid(_)) => Ok(back_with_error(id, &err)),
        Err(err) => Err(err.into()),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct ResolveForm {
    #[serde(default)]
    action: String,
}

/// POST /threads/{id}/resolve — `action=resolve` or `action=reopen`.
pub(crate) async fn resolve(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<ResolveForm>,
) -> Result<Response, PageError> {
    let resolved = form.action != "reopen";
    match threads::set_resolved(&state.app, &viewer.actor, id, resolved).await {
        Ok(_) => Ok(Redirect::to(&format!("/threads/{id}")).into_response()),
        Err(err @ (OpError::Conflict(_) | OpError::Forbidden(_))) => Ok(back_with_error(id, &err)),
        Err(err) => Err(err.into()),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct ElevateForm {
    #[serde(default)]
    kind: String,
}

/// POST /threads/{id}/elevate
pub(crate) async fn elevate(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<ElevateForm>,
) -> Result<Response, PageError> {
    match threads::elevate(&state.app, &viewer.actor, id, &form.kind).await {
        Ok(slug) => Ok(Redirect::to(&format!("/docs/{slug}/edit")).into_response()),
        Err(err @ (OpError::Invalid(_) | OpError::Conflict(_) | OpError::Forbidden(_))) => {
            Ok(back_with_error(id, &err))
        }
        Err(err) => Err(err.into()),
    }
}
