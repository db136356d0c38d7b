//! Who may read a document: the named readers of a restricted document, and requests to share
//! it with another space with their decisions.

use super::after;
use crate::error::PageError;
use crate::{AppState, Viewer};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use longhand_core::ops;
use longhand_core::ops::documents as docs;
use longhand_domain::names::Handle;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub(crate) struct ReadersForm {
    #[serde(default)]
    readers: String,
}

/// POST /docs/{slug}/readers
pub(crate) async fn set_readers(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<ReadersForm>,
) -> Result<Response, PageError> {
    let handles: Result<Vec<Handle>, _> = form
        .readers
        .split([',', ' '])
        .filter(|h| !h.trim().is_empty())
        .map(Handle::parse)
        .collect();
    let result = match handles {
        Ok(handles) => docs::set_readers(&state.app, &viewer.actor, &slug, &handles)
            .await
            .map(|_| ()),
        Err(err) => Err(ops::invalid(err)),
    };
    after(&state, &viewer, &slug, result, "readers-saved").await
}

#[derive(Debug, Deserialize)]
pub(crate) struct ShareForm {
    #[serde(default)]
    space: String,
    #[serde(default)]
    reason: String,
}

/// POST /docs/{slug}/share
pub(crate) async fn request_share(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<ShareForm>,
) -> Result<Response, PageError> {
    let result =
        docs::request_share(&state.app, &viewer.actor, &slug, &form.space, &form.reason).await;
    after(
        &state,
        &viewer,
        &slug,
        result.map(|_| ()),
        "share-requested",
    )
    .await
}

#[derive(Debug, Deserialize)]
pub(crate) struct DecideForm {
    decision: String,
}

/// POST /docs/{slug}/share/{id}
pub(crate) async fn decide_share(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<DecideForm>,
) -> Result<Response, PageError> {
    let approve = form.decision == "approve";
    let result = docs::decide_share(&state.app, &viewer.actor, &slug, id, approve).await;
    after(
        &state,
        &viewer,
        &slug,
        result,
        if approve {
            "share-approved"
        } else {
            "share-denied"
        },
    )
    .await
}
