//! Personal settings: API tokens (created, shown once, revoked) and the password.

use super::error::PageError;
use super::members::Notice;
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use longhand_core::ops::auth::Password;
use longhand_core::ops::{self, OpError};
use serde::Deserialize;

pub(crate) struct TokenRow {
    id: i64,
    name: String,
    prefix: String,
    created: String,
    last_used: String,
    revoked: bool,
}

#[derive(Template)]
#[template(path = "settings/index.html")]
struct SettingsPage {
    chrome: Chrome,
    handle: String,
    tokens: Vec<TokenRow>,
    new_secret: Option<String>,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    notice: Option<&str>,
    new_secret: Option<String>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let me = ops::members::me(&state.app, &viewer.actor).await?;
    let zone = me.calendar.time_zone().clone();
    let when = |at: Timestamp| {
        at.to_zoned(zone.clone())
            .strftime("%-d %b %Y %H:%M")
            .to_string()
    };
    let tokens = ops::auth::list_tokens(&state.app, &viewer.actor, false).await?;
    let rows = tokens
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created: when(t.created_at),
            last_used: t
                .last_used_at
                .map(when)
                .unwrap_or_else(|| "never".to_owned()),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    let page = SettingsPage {
        chrome: Chrome::for_viewer(viewer, "Settings", "settings").with_notice(notice),
        handle: viewer.actor.handle.clone(),
        tokens: rows,
        new_secret,
        error,
    };
    Ok(render(&page))
}

/// GET /settings
pub(crate) async fn index(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    page(&state, &viewer, notice.code(), None, None).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct TokenForm {
    #[serde(default)]
    name: String,
}

/// POST /settings/tokens — shows the secret on the answer page, once.
pub(crate) async fn create_token(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    match ops::auth::create_token(
        &state.app,
        Some(&viewer.actor),
        &viewer.actor.handle,
        &form.name,
    )
    .await
    {
        Ok(issued) => page(&state, &viewer, None, Some(issued.secret), None).await,
        Err(OpError::Invalid(message)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&state, &viewer, None, None, Some(message)).await?,
        )
            .into_response()),
        Err(err) => Err(err.into()),
    }
}

/// POST /settings/tokens/{id}/revoke
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ops::auth::revoke_token(&state.app, &viewer.actor, id).await?;
    Ok(Redirect::to("/settings?ok=token-revoked").into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
}

/// POST /settings/password — ends every session, so the person signs in again.
pub(crate) async fn change_password(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let result = match Password::parse(&form.new) {
        Ok(new) => ops::auth::change_password(&state.app, &viewer.actor, &form.current, new).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/login").into_response()),
        Err(OpError::Invalid(message)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&state, &viewer, None, None, Some(message)).await?,
        )
            .into_response()),
        Err(err) => Err(err.into()),
    }
}
