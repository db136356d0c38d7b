//! Settings → Channels: where a member's notifications go besides the app (email, a
//! Slack-compatible webhook, a JSON webhook), and the unsubscribe page an email's
//! `List-Unsubscribe` link opens, which works without a session.

use super::error::PageError;
use super::members::Notice;
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use longhand_core::ops::deliveries::channels::{
    self as channel_ops, ChannelChange, ChannelInput, ChannelsView,
};
use longhand_core::ops::{self, OpError};
use longhand_core::views::channels::{AddedChannel, Channel, ChannelKind};
use serde::Deserialize;

pub(crate) struct ChannelRow {
    id: i64,
    label: &'static str,
    target: String,
    urgent: bool,
    digest: bool,
    paused: bool,
    unavailable: bool,
}

fn row(channel: Channel, email_available: bool) -> ChannelRow {
    ChannelRow {
        id: channel.id,
        label: channel.kind.label(),
        unavailable: channel.kind == ChannelKind::Email && !email_available,
        target: channel.target,
        urgent: channel.urgent,
        digest: channel.digest,
        paused: channel.paused_at.is_some(),
    }
}

#[derive(Template)]
#[template(path = "settings/channels.html")]
struct ChannelsPage {
    chrome: Chrome,
    rows: Vec<ChannelRow>,
    email_available: bool,
    own_email: String,
    recent: Vec<RecentRow>,
    added: Option<AddedRow>,
    error: Option<String>,
}

/// One of the member's latest deliveries.
pub(crate) struct RecentRow {
    kind: &'static str,
    target: String,
    state: &'static str,
    error: String,
    at: String,
}

/// A channel just added, with the secret shown this once.
pub(crate) struct AddedRow {
    label: &'static str,
    secret: Option<String>,
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    notice: Option<&str>,
    added: Option<AddedChannel>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let ChannelsView {
        channels,
        email_available,
        own_email,
        recent,
    } = channel_ops::list(&state.app, &viewer.actor).await?;
    let zone = longhand_core::ops::members::me(&state.app, &viewer.actor)
        .await?
        .calendar
        .time_zone()
        .clone();
    let recent = recent
        .into_iter()
        .map(|d| RecentRow {
            kind: d.kind.label(),
            target: d.target,
            state: d.state.as_str(),
            error: d.last_error.unwrap_or_default(),
            at: d
                .sent_at
                .unwrap_or(d.created_at)
                .to_zoned(zone.clone())
                .strftime("%-d %b %H:%M")
                .to_string(),
        })
        .collect();
    let page = ChannelsPage {
        chrome: Chrome::for_viewer(viewer, "Notification channels", "settings").with_notice(notice),
        rows: channels
            .into_iter()
            .map(|c| row(c, email_available))
            .collect(),
        email_available,
        own_email,
        recent,
        added: added.map(|a| AddedRow {
            label: a.channel.kind.label(),
            secret: a.secret,
        }),
        error,
    };
    Ok(render(&page))
}

/// GET /settings/channels
pub(crate) async fn index(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    page(&state, &viewer, notice.code(), None, None).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct AddForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    target: String,
    urgent: Option<String>,
    digest: Option<String>,
}

/// POST /settings/channels — shows a JSON webhook's secret on the answer page, once.
pub(crate) async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<AddForm>,
) -> Result<Response, PageError> {
    let result = match ChannelKind::parse(form.kind.trim()) {
        Some(kind) => {
            let input = ChannelInput {
                kind,
                target: Some(form.target),
                urgent: form.urgent.is_some(),
                digest: form.digest.is_some(),
            };
            channel_ops::add(&state.app, &viewer.actor, input).await
        }
        None => Err(ops::invalid(
            "choose email, a Slack-compatible or a JSON webhook",
        )),
    };
    match result {
        Ok(added) => page(&state, &viewer, Some("channel-saved"), Some(added), None).await,
        Err(err) => refused(&state, &viewer, err).await,
    }
}

async fn refused(state: &AppState, viewer: &Viewer, err: OpError) -> Result<Response, PageError> {
    match err {
        OpError::Invalid(_) | OpError::Conflict(_) => {
            let status = super::error::classify(&err).0;
            let shown = page(state, viewer, None, None, Some(err.to_string())).await?;
            Ok((status, shown).into_response())
        }
        other => Err(other.into()),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct ChangeForm {
    urgent: Option<String>,
    digest: Option<String>,
    /// "pause", "resume" or absent (the switches' form).
    #[serde(default)]
    action: String,
}

/// POST /settings/channels/{id} — the switches, or pause/resume.
pub(crate) async fn change(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<ChangeForm>,
) -> Result<Response, PageError> {
    let change = match form.action.as_str() {
        "pause" => ChannelChange {
            paused: Some(true),
            ..ChannelChange::default()
        },
        "resume" => ChannelChange {
            paused: Some(false),
            ..ChannelChange::default()
        },
        _ => ChannelChange {
            urgent: Some(form.urgent.is_some()),
            digest: Some(form.digest.is_some()),
            paused: None,
        },
    };
    channel_ops::change(&state.app, &viewer.actor, id, change).await?;
    Ok(Redirect::to("/settings/channels?ok=channel-saved").into_response())
}

/// POST /settings/channels/{id}/remove
pub(crate) async fn remove(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    channel_ops::remove(&state.app, &viewer.actor, id).await?;
    Ok(Redirect::to("/settings/channels?ok=channel-removed").into_response())
}

#[derive(Template)]
#[template(path = "settings/unsubscribe.html")]
struct UnsubscribePage {
    chrome: Chrome,
    token: String,
    target: String,
    done: bool,
}

fn unsubscribe_answer(token: String, channel: &Channel, done: bool) -> Response {
    let page = UnsubscribePage {
        chrome: Chrome::anonymous("Unsubscribe", String::new()),
        token,
        target: channel.target.clone(),
        done,
    };
    render(&page)
}

/// GET /unsubscribe/{token} — asks to confirm: mail scanners open links, and opening one
/// must not pause anything.
pub(crate) async fn unsubscribe_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let channel = channel_ops::unsubscribe_preview(&state.app, &token).await?;
    let done = channel.paused_at.is_some();
    Ok(unsubscribe_answer(token, &channel, done))
}

/// POST /unsubscribe/{token} — pauses the channel: the page's button, and RFC 8058 one-click
/// from mail clients (`List-Unsubscribe=One-Click`), without a session or CSRF token (the
/// signed token is the proof; see `csrf.rs`).
pub(crate) async fn unsubscribe(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let channel = channel_ops::unsubscribe(&state.app, &token).await?;
    Ok((StatusCode::OK, unsubscribe_answer(token, &channel, true)).into_response())
}
