//! Admin pages: people and roles, API tokens, failed (dead) jobs with a retry button, and
//! the event log with its chain status.

use super::error::PageError;
use super::members::Notice;
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use longhand_core::ops::auth::{NewAccount, Password};
use longhand_core::ops::deliveries::admin::TestTarget;
use longhand_core::ops::{self, OpError};
use longhand_core::views::channels::DeliveryState;
use longhand_domain::access;
use longhand_domain::names::{DisplayName, Email, Handle};
use longhand_domain::workspace::Role;
use serde::Deserialize;
use std::collections::HashMap;

fn require_admin(viewer: &Viewer) -> Result<(), PageError> {
    if access::can_administer(viewer.actor.role) {
        Ok(())
    } else {
        Err(OpError::Forbidden("only admins can open the admin pages".to_owned()).into())
    }
}

pub(crate) struct PersonRow {
    handle: String,
    name: String,
    email: String,
    active: bool,
    role_options: Vec<(&'static str, bool)>,
}

fn role_options(current: Role) -> Vec<(&'static str, bool)> {
    Role::ALL
        .iter()
        .map(|r| (r.as_str(), *r == current))
        .collect()
}

#[derive(Template)]
#[template(path = "admin/index.html")]
struct AdminPage {
    chrome: Chrome,
    people: Vec<PersonRow>,
    new_role_options: Vec<(&'static str, bool)>,
    zones: Vec<String>,
    default_zone: String,
    tokens: Vec<AdminTokenRow>,
    dead_jobs: Vec<DeadJobRow>,
    deliveries: Vec<DeliveryRow>,
    email_available: bool,
    test_report: Option<TestRow>,
    error: Option<String>,
}

/// A delivery that failed, in the admin's time.
pub(crate) struct DeliveryRow {
    id: i64,
    member: String,
    kind: &'static str,
    target: String,
    dead: bool,
    attempts: i64,
    last_error: String,
    created: String,
}

/// What a test send from the admin page did.
pub(crate) struct TestRow {
    sent: bool,
    summary: String,
    secret: Option<String>,
}

/// A job given up on, in the admin's time.
pub(crate) struct DeadJobRow {
    id: i64,
    kind: String,
    attempts: i64,
    last_error: String,
    created: String,
    dead: String,
}

pub(crate) struct AdminTokenRow {
    id: i64,
    owner: String,
    name: String,
    prefix: String,
    created: String,
    last_used: String,
    revoked: bool,
}

async fn admin_page(
    state: &AppState,
    viewer: &Viewer,
    notice: Option<&str>,
    error: Option<String>,
) -> Result<Response, PageError> {
    admin_page_with(state, viewer, notice, error, None).await
}

async fn admin_page_with(
    state: &AppState,
    viewer: &Viewer,
    notice: Option<&str>,
    error: Option<String>,
    test_report: Option<TestRow>,
) -> Result<Response, PageError> {
    require_admin(viewer)?;
    let me = ops::members::me(&state.app, &viewer.actor).await?;
    let people = ops::members::list(&state.app, &viewer.actor).await?;
    let zone = me.calendar.time_zone().clone();
    let when = |at: jiff::Timestamp| {
        at.to_zoned(zone.clone())
            .strftime("%-d %b %Y %H:%M")
            .to_string()
    };
    let handles: HashMap<i64, String> = people
        .iter()
        .map(|p| (p.record.id, p.record.handle.clone()))
        .collect();
    let tokens = ops::auth::list_tokens(&state.app, &viewer.actor, true)
        .await?
        .into_iter()
        .map(|t| AdminTokenRow {
            id: t.id,
            owner: handles.get(&t.member_id).cloned().unwrap_or_default(),
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
    let dead_jobs = ops::jobs::dead(&state.app, &viewer.actor)
        .await?
        .into_iter()
        .map(|job| DeadJobRow {
            id: job.id,
            kind: job.kind,
            attempts: job.attempts,
            last_error: job.last_error.unwrap_or_default(),
            created: when(job.created_at),
            dead: when(job.dead_at),
        })
        .collect();
    let deliveries = ops::deliveries::admin::failed(&state.app, &viewer.actor)
        .await?
        .into_iter()
        .map(|d| DeliveryRow {
            id: d.id,
            member: d.member_handle,
            kind: d.kind.label(),
            target: d.target,
            dead: d.state == DeliveryState::Dead,
            attempts: d.attempts,
            last_error: d.last_error.unwrap_or_default(),
            created: when(d.created_at),
        })
        .collect();
    let page = AdminPage {
        tokens,
        dead_jobs,
        deliveries,
        email_available: state.app.outbound().mailer.is_some(),
        test_report,
        chrome: Chrome::for_viewer(viewer, "Admin", "admin").with_notice(notice),
        people: people
            .into_iter()
            .map(|p| PersonRow {
                role_options: role_options(p.record.role),
                handle: p.record.handle,
                name: p.record.name,
                email: p.record.email,
                active: p.record.active,
            })
            .collect(),
        new_role_options: role_options(Role::Member),
        zones: longhand_core::tz::names(),
        default_zone: me
            .calendar
            .time_zone()
            .iana_name()
            .unwrap_or("UTC")
            .to_owned(),
        error,
    };
    Ok(render(&page))
}

/// GET /admin
pub(crate) async fn index(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    admin_page(&state, &viewer, notice.code(), None).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct PersonForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    handle: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    password: String,
}

fn parse_person(form: &PersonForm) -> Result<NewAccount, OpError> {
    let handle = form.handle.trim();
    Ok(NewAccount {
        email: Email::parse(&form.email).map_err(ops::invalid)?,
        name: DisplayName::parse(&form.name).map_err(ops::invalid)?,
        handle: if handle.is_empty() {
            None
        } else {
            Some(Handle::parse(handle).map_err(ops::invalid)?)
        },
        role: Role::parse(&form.role).map_err(ops::invalid)?,
        password: Some(Password::parse(&form.password)?),
        time_zone: form.time_zone.trim().to_owned(),
    })
}

async fn after(
    state: &AppState,
    viewer: &Viewer,
    result: Result<(), OpError>,
    notice: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/admin?ok={notice}")).into_response()),
        Err(err @ (OpError::Invalid(_) | OpError::Conflict(_) | OpError::NotFound(_))) => {
            let status = super::error::classify(&err).0;
            Ok((
                status,
                admin_page(state, viewer, None, Some(err.to_string())).await?,
            )
                .into_response())
        }
        Err(err) => Err(err.into()),
    }
}

/// POST /admin/tokens/{id}/revoke
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    require_admin(&viewer)?;
    ops::auth::revoke_token(&state.app, &viewer.actor, id).await?;
    Ok(Redirect::to("/admin?ok=token-revoked#tokens").into_response())
}

/// POST /admin/jobs/{id}/retry
pub(crate) async fn retry_job(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    require_admin(&viewer)?;
    let result = ops::jobs::retry(&state.app, &viewer.actor, id).await;
    after(&state, &viewer, result, "job-retried#dead-jobs").await
}

/// POST /admin/deliveries/{id}/retry
pub(crate) async fn retry_delivery(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    require_admin(&viewer)?;
    let result = ops::deliveries::admin::retry(&state.app, &viewer.actor, id).await;
    after(&state, &viewer, result, "delivery-retried#deliveries").await
}

#[derive(Debug, Deserialize)]
pub(crate) struct NotifyTestForm {
    /// "email", "slack" or "webhook".
    #[serde(default)]
    kind: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    secret: String,
}

/// POST /admin/notify/test — sends one test message and shows what happened.
pub(crate) async fn notify_test(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<NotifyTestForm>,
) -> Result<Response, PageError> {
    require_admin(&viewer)?;
    let target = form.target.trim().to_owned();
    let secret = Some(form.secret.trim().to_owned()).filter(|s| !s.is_empty());
    let target = match form.kind.as_str() {
        "email" => TestTarget::Email(target),
        "slack" => TestTarget::Slack(target),
        "webhook" => TestTarget::Webhook {
            url: target,
            secret,
        },
        _ => return after(&state, &viewer, Err(ops::invalid("choose email, slack or webhook")), "").await,
    };
    match ops::deliveries::admin::send_test_as(&state.app, &viewer.actor, target).await {
        Ok(report) => {
            let row = TestRow {
                sent: report.result.is_ok(),
                summary: report.summary(),
                secret: report.generated_secret.clone(),
            };
            admin_page_with(&state, &viewer, None, None, Some(row)).await
        }
        Err(err) => after(&state, &viewer, Err(err), "").await,
    }
}

/// POST /admin/members
pub(crate) async fn create_person(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<PersonForm>,
) -> Result<Response, PageError> {
    require_admin(&viewer)?;
    let result = match parse_person(&form) {
        Ok(account) => ops::auth::create_account(&state.app, Some(&viewer.actor), account)
            .await
            .map(drop),
        Err(err) => Err(err),
    };
    after(&state, &viewer, result, "person-created").await
}

#[derive(Debug, Deserialize)]
pub(crate) struct AccessForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    active: Option<String>,
}

/// POST /admin/members/{handle}/access
pub(crate) async fn update_access(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(handle): Path<String>,
    Form(form): Form<AccessForm>,
) -> Result<Response, PageError> {
    let result = match Role::parse(&form.role) {
        Ok(role) => ops::members::update_access(
            &state.app,
            &viewer.actor,
            &handle,
            role,
            form.active.is_some(),
        )
        .await
        .map(drop),
        Err(err) => Err(ops::invalid(err)),
    };
    after(&state, &viewer, result, "access-saved").await
}

pub(crate) struct EventRow {
    id: i64,
    at: String,
    actor: String,
    kind: String,
    /// `None` when the entry is about something the viewer may not see.
    payload: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/events.html")]
struct EventsPage {
    chrome: Chrome,
    chain_ok: bool,
    chain_message: String,
    head_id: i64,
    head_hash: String,
    events: Vec<EventRow>,
}

/// GET /admin/events — verifies the whole chain on every view.
pub(crate) async fn events(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Response, PageError> {
    require_admin(&viewer)?;
    let app = &state.app;
    let zone = ops::members::me(app, &viewer.actor)
        .await?
        .calendar
        .time_zone()
        .clone();
    let names: HashMap<i64, String> = ops::members::list(app, &viewer.actor)
        .await?
        .into_iter()
        .map(|m| (m.record.id, m.record.handle))
        .collect();
    let recent = ops::workspace::recent_events(app, &viewer.actor, 100).await?;
    let (chain_ok, chain_message) = match ops::workspace::verify(app).await? {
        Ok(head) => (
            true,
            format!("All {} entries link up and match their hashes.", head.id),
        ),
        Err(chain_break) => (
            false,
            format!(
                "First bad entry: {} — {}",
                chain_break.id, chain_break.reason
            ),
        ),
    };
    let head = ops::workspace::chain_head(app).await?;
    let page = EventsPage {
        chrome: Chrome::for_viewer(&viewer, "Event log", "admin"),
        chain_ok,
        chain_message,
        head_id: head.id,
        head_hash: head.hash,
        events: recent
            .into_iter()
            .map(|e| EventRow {
                id: e.id,
                at: e
                    .at
                    .to_zoned(zone.clone())
                    .strftime("%-d %b %H:%M:%S")
                    .to_string(),
                actor: e
                    .actor_id
                    .and_then(|id| names.get(&id).map(|h| format!("@{h}")))
                    .unwrap_or_else(|| "operator".to_owned()),
                kind: e.kind,
                payload: e.payload,
            })
            .collect(),
    };
    Ok(render(&page))
}
