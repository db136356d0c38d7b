//! Changes to where a document stands: its status along its kind's lifecycle, and its place in
//! the handbook's tree.

use super::{after, non_empty};
use crate::error::PageError;
use crate::{AppState, Viewer};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use longhand_core::ops::documents as docs;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub(crate) struct StatusForm {
    base: i64,
    to: String,
}

/// POST /docs/{slug}/status
pub(crate) async fn set_status(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<StatusForm>,
) -> Result<Response, PageError> {
    let result = docs::set_status(&state.app, &viewer.actor, &slug, form.base, &form.to).await;
    after(&state, &viewer, &slug, result.map(|_| ()), "doc-status").await
}

#[derive(Debug, Deserialize)]
pub(crate) struct MoveForm {
    #[serde(default)]
    parent: String,
    #[serde(default)]
    position: usize,
}

/// POST /docs/{slug}/move
pub(crate) async fn move_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<MoveForm>,
) -> Result<Response, PageError> {
    let parent = non_empty(&form.parent);
    let result = docs::move_page(
        &state.app,
        &viewer.actor,
        &slug,
        parent.as_deref(),
        form.position,
    )
    .await;
    after(&state, &viewer, &slug, result, "page-moved").await
}
