//! Notification pages: opening one (marks it read, goes to its link), "remind me later",
//! following spaces and documents, and the notification preferences page.

use super::error::PageError;
use super::members::Notice;
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use crate::asks::viewer_zone;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::civil::{DateTime, Time};
use jiff::tz::TimeZone;
use longhand_core::ops::follows::FollowTarget;
use longhand_core::ops::notification_prefs::{DoNotDisturb, PreferencesUpdate};
use longhand_core::ops::{self, OpError, invalid};
use longhand_core::wording::when;
use longhand_domain::notify::Snooze;
use longhand_domain::workspace::NoiseLevel;
use serde::Deserialize;

/// GET /notifications/{id} — marks it read and goes where it leads.
pub(crate) async fn open(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let record = ops::notifications::open(&state.app, &viewer.actor, id).await?;
    Ok(Redirect::to(&safe_link(&record.link)).into_response())
}

/// Only in-app paths: a notification's link is ours, but a redirect must never leave the site.
fn safe_link(link: &str) -> String {
    if link.starts_with('/') && !link.starts_with("//") && !link.contains('\\') {
        link.to_owned()
    } else {
        "/notifications".to_owned()
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct SnoozeForm {
    /// `later_today`, `tomorrow_morning` or `at`.
    until: String,
    /// With `at`: a local date and time ("2026-03-12T17:00"), in the viewer's zone.
    #[serde(default)]
    at: String,
}

/// POST /notifications/{id}/snooze
pub(crate) async fn snooze(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<SnoozeForm>,
) -> Result<Response, PageError> {
    let choice = match form.until.as_str() {
        "later_today" => Snooze::LaterToday,
        "tomorrow_morning" => Snooze::TomorrowMorning,
        "at" => {
            let zone = viewer_zone(&state, &viewer).await?;
            Snooze::Until(local_instant(
                &form.at,
                &zone,
                "the time to be reminded at",
            )?)
        }
        _ => return Err(invalid("choose when to be reminded").into()),
    };
    ops::notifications::snooze(&state.app, &viewer.actor, id, choice).await?;
    Ok(Redirect::to("/notifications?ok=snoozed").into_response())
}

/// A `datetime-local` value on the viewer's wall clock, as an instant.
fn local_instant(raw: &str, zone: &TimeZone, what: &str) -> Result<Timestamp, OpError> {
    let local: DateTime = raw.trim().parse().map_err(|_| {
        invalid(format!(
            "{what} is not a date and time like 2026-03-12T17:00"
        ))
    })?;
    local
        .to_zoned(zone.clone())
        .map(|z| z.timestamp())
        .map_err(|_| invalid(format!("{what} is not a time that exists in your zone")))
}

async fn follow_page(
    state: &AppState,
    viewer: &Viewer,
    target: FollowTarget,
    follow: bool,
) -> Result<Response, PageError> {
    let back = match &target {
        FollowTarget::Space(slug) => format!("/spaces/{slug}"),
        FollowTarget::Document(slug) => format!("/docs/{slug}"),
    };
    let code = if follow {
        ops::follows::follow(&state.app, &viewer.actor, &target).await?;
        "following"
    } else {
        ops::follows::unfollow(&state.app, &viewer.actor, &target).await?;
        "unfollowed"
    };
    Ok(Redirect::to(&format!("{back}?ok={code}")).into_response())
}

/// POST /spaces/{slug}/follow
pub(crate) async fn follow_space(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    follow_page(&state, &viewer, FollowTarget::Space(slug), true).await
}

/// POST /spaces/{slug}/unfollow
pub(crate) async fn unfollow_space(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    follow_page(&state, &viewer, FollowTarget::Space(slug), false).await
}

/// POST /docs/{slug}/follow
pub(crate) async fn follow_document(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    follow_page(&state, &viewer, FollowTarget::Document(slug), true).await
}

/// POST /docs/{slug}/unfollow
pub(crate) async fn unfollow_document(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    follow_page(&state, &viewer, FollowTarget::Document(slug), false).await
}

/// One space on the preferences page.
pub(crate) struct SpaceRow {
    slug: String,
    name: String,
    default: &'static str,
    /// (value, label, selected) for the select.
    choices: Vec<(&'static str, String, bool)>,
    following: bool,
}

#[derive(Template)]
#[template(path = "settings/notifications.html")]
struct PreferencesPage {
    chrome: Chrome,
    digest_time: String,
    zone: String,
    dnd: Option<String>,
    spaces: Vec<SpaceRow>,
}

fn space_row(s: ops::notification_prefs::SpacePreference) -> SpaceRow {
    let mut choices = vec![(
        "default",
        format!("Space default ({})", s.default.as_str()),
        s.own.is_none(),
    )];
    choices.extend(
        NoiseLevel::ALL
            .iter()
            .map(|l| (l.as_str(), l.as_str().to_owned(), s.own == Some(*l))),
    );
    SpaceRow {
        slug: s.slug,
        name: s.name,
        default: s.default.as_str(),
        choices,
        following: s.following,
    }
}

/// GET /settings/notifications
pub(crate) async fn preferences(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    let prefs = ops::notification_prefs::get(&state.app, &viewer.actor).await?;
    let zone = prefs.zone.clone();
    let page = PreferencesPage {
        chrome: Chrome::for_viewer(&viewer, "Notification preferences", "settings")
            .with_notice(notice.code()),
        digest_time: prefs.digest_time,
        zone: zone.iana_name().unwrap_or("UTC").to_owned(),
        dnd: prefs.dnd_until.map(|at| when(at, &zone)),
        spaces: prefs.spaces.into_iter().map(space_row).collect(),
    };
    Ok(render(&page))
}

/// POST /settings/notifications — `digest_time`, `dnd` (`keep`, `clear` or `set` with
/// `dnd_until`, a local date and time) and `space:<slug>` = a noise level or `default`.
pub(crate) async fn save_preferences(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let zone = viewer_zone(&state, &viewer).await?;
    let update = preferences_update(&fields, &zone)?;
    ops::notification_prefs::update(&state.app, &viewer.actor, update).await?;
    Ok(Redirect::to("/settings/notifications?ok=notification-preferences-saved").into_response())
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn preferences_update(
    fields: &[(String, String)],
    zone: &TimeZone,
) -> Result<PreferencesUpdate, OpError> {
    let digest_time = match field(fields, "digest_time").map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(Time::strptime("%H:%M", raw).map_err(|_| {
            invalid(format!(
                "the digest time \"{raw}\" is not a time like 08:30"
            ))
        })?),
    };
    let dnd = match field(fields, "dnd").unwrap_or("keep") {
        "clear" => DoNotDisturb::Clear,
        "set" => DoNotDisturb::Until(local_instant(
            field(fields, "dnd_until").unwrap_or_default(),
            zone,
            "\"do not disturb until\"",
        )?),
        _ => DoNotDisturb::Keep,
    };
    let mut spaces = Vec::new();
    for (name, value) in fields {
        if let Some(slug) = name.strip_prefix("space:") {
            let level = match value.trim() {
                "default" | "" => None,
                other => Some(NoiseLevel::parse(other).map_err(invalid)?),
            };
            spaces.push((slug.to_owned(), level));
        }
    }
    Ok(PreferencesUpdate {
        digest_time,
        dnd,
        spaces,
    })
}
