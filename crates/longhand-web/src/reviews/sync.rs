//! The call suggested on a review round that closed with blocking objections standing, in the
//! document's Review section: the thread page's banner and call rows
//! (`templates/sync/escalation.html`, filled by `threads::sync`), posting to
//! `/docs/{slug}/rounds/{number}/sync/…`, and the handlers behind those forms. A round has no
//! thread, so a call's outcome stays on the call and shows with the round.

use super::after;
use crate::error::PageError;
use crate::threads::sync::{CallForm, OutcomeForm, SyncRows, call_input, rows_of};
use crate::{AppState, Viewer};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use longhand_core::ops::OpError;
use longhand_core::ops::reviews::RoundView;
use longhand_core::ops::sync::{self, Subject};

/// A round's escalation for a reader in `zone`.
pub(crate) fn rows(view: &RoundView, viewer: &Viewer, zone: &TimeZone, now: Timestamp) -> SyncRows {
    let number = view.round.number;
    SyncRows {
        action: format!("/docs/{}/rounds/{number}/sync", view.document.slug),
        key: format!("round-{number}-"),
        nested: true,
        ..rows_of(view.sync.clone(), viewer, zone, now)
    }
}

async fn subject(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    number: i64,
) -> Result<Subject, OpError> {
    sync::round_subject(&state.app, &viewer.actor, slug, number).await
}

/// POST /docs/{slug}/rounds/{number}/sync/dismiss
pub(crate) async fn dismiss(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, number)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let result = match subject(&state, &viewer, &slug, number).await {
        Ok(subject) => sync::dismiss(&state.app, &viewer.actor, subject)
            .await
            .map(drop),
        Err(err) => Err(err),
    };
    after(&state, &viewer, &slug, result, "call-dismissed").await
}

/// POST /docs/{slug}/rounds/{number}/sync/calls
pub(crate) async fn record_call(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, number)): Path<(String, i64)>,
    Form(form): Form<CallForm>,
) -> Result<Response, PageError> {
    let recorded = async {
        let input = call_input(form)?;
        let subject = subject(&state, &viewer, &slug, number).await?;
        sync::record_call(&state.app, &viewer.actor, subject, input).await
    };
    let result: Result<(), OpError> = recorded.await.map(drop);
    after(&state, &viewer, &slug, result, "call-recorded").await
}

/// POST /docs/{slug}/rounds/{number}/sync/calls/{call}/outcome
pub(crate) async fn post_outcome(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, number, call)): Path<(String, i64, i64)>,
    Form(form): Form<OutcomeForm>,
) -> Result<Response, PageError> {
    let posted = async {
        let subject = subject(&state, &viewer, &slug, number).await?;
        sync::post_outcome(&state.app, &viewer.actor, subject, call, &form.outcome).await
    };
    let result: Result<(), OpError> = posted.await.map(drop);
    after(&state, &viewer, &slug, result, "outcome-posted").await
}
