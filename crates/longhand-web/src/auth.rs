//! First-run setup, sign-in, sign-out and the overview page.

use super::csrf::ANON_COOKIE;
use super::error::PageError;
use super::redirect::same_origin_path;
use super::view::{Chrome, availability_badge, render, short_local};
use super::{AppState, Auth, SESSION_COOKIE, Viewer, cookie};
use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use longhand_core::ops::auth::{NewAccount, NewSession, Password};
use longhand_core::ops::{self, OpError};
use longhand_domain::names::{DisplayName, Email, Handle};
use longhand_domain::workspace::Role;
use serde::Deserialize;
use std::net::SocketAddr;

fn set_cookie(
    response: &mut Response,
    name: &str,
    value: &str,
    max_age_seconds: i64,
    secure: bool,
) {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"
    );
    if let Ok(value) = HeaderValue::from_str(&text) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// The double-submit token for an anonymous form: reuse the visitor's cookie or mint one.
fn anonymous_token(headers: &HeaderMap) -> Result<(String, bool), OpError> {
    match cookie(headers, ANON_COOKIE) {
        Some(existing) if existing.len() == 32 => Ok((existing.to_owned(), false)),
        _ => Ok((ops::auth::random_hex(16)?, true)),
    }
}

fn with_anonymous_cookie(
    state: &AppState,
    mut response: Response,
    token: &str,
    fresh: bool,
) -> Response {
    if fresh {
        set_cookie(
            &mut response,
            ANON_COOKIE,
            token,
            60 * 60 * 12,
            state.config.secure_cookies,
        );
    }
    response
}

fn signed_in(state: &AppState, session: &NewSession, next: &str) -> Response {
    let mut response = Redirect::to(same_origin_path(next)).into_response();
    let max_age = (session.expires_at - jiff::Timestamp::UNIX_EPOCH).get_seconds()
        - (state.app.now() - jiff::Timestamp::UNIX_EPOCH).get_seconds();
    set_cookie(
        &mut response,
        SESSION_COOKIE,
        &session.secret,
        max_age,
        state.config.secure_cookies,
    );
    response
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    chrome: Chrome,
    error: Option<String>,
    name: String,
    email: String,
    handle: String,
    time_zone: String,
    zones: Vec<String>,
}

/// The setup form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SetupForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    handle: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    password: String,
}

fn setup_page(
    state: &AppState,
    headers: &HeaderMap,
    form: SetupForm,
    error: Option<String>,
) -> Result<Response, PageError> {
    let (token, fresh) = anonymous_token(headers)?;
    let page = SetupPage {
        chrome: Chrome::anonymous("Set up", token.clone()),
        error,
        name: form.name,
        email: form.email,
        handle: form.handle,
        time_zone: if form.time_zone.is_empty() {
            "UTC".to_owned()
        } else {
            form.time_zone
        },
        zones: longhand_core::tz::names(),
    };
    Ok(with_anonymous_cookie(state, render(&page), &token, fresh))
}

/// GET /setup
pub(crate) async fn setup_form(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if !ops::auth::setup_needed(&state.app).await? {
        return Ok(Redirect::to("/login").into_response());
    }
    setup_page(&state, &headers, SetupForm::default(), None)
}

fn parse_setup(form: &SetupForm) -> Result<NewAccount, OpError> {
    let handle = form.handle.trim();
    Ok(NewAccount {
        email: Email::parse(&form.email).map_err(ops::invalid)?,
        name: DisplayName::parse(&form.name).map_err(ops::invalid)?,
        handle: if handle.is_empty() {
            None
        } else {
            Some(Handle::parse(handle).map_err(ops::invalid)?)
        },
        role: Role::Admin,
        password: Some(Password::parse(&form.password)?),
        time_zone: form.time_zone.trim().to_owned(),
    })
}

/// POST /setup
pub(crate) async fn setup_submit(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SetupForm>,
) -> Result<Response, PageError> {
    let created = match parse_setup(&form) {
        Ok(account) => ops::auth::setup_first_admin(&state.app, account).await,
        Err(err) => Err(err),
    };
    match created {
        Ok(_) => {
            let session = ops::auth::login(
                &state.app,
                &form.email,
                &form.password,
                &client.ip().to_string(),
            )
            .await?;
            Ok(signed_in(&state, &session, "/"))
        }
        Err(OpError::Invalid(message)) => setup_page(
            &state,
            &headers,
            SetupForm {
                password: String::new(),
                ..form
            },
            Some(message),
        ),
        Err(err) => Err(err.into()),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    error: Option<String>,
    email: String,
    next: String,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct NextQuery {
    #[serde(default)]
    next: String,
}

fn login_page(
    state: &AppState,
    headers: &HeaderMap,
    email: String,
    next: String,
    error: Option<String>,
) -> Result<Response, PageError> {
    let (token, fresh) = anonymous_token(headers)?;
    let page = LoginPage {
        chrome: Chrome::anonymous("Sign in", token.clone()),
        error,
        email,
        next,
    };
    Ok(with_anonymous_cookie(state, render(&page), &token, fresh))
}

/// GET /login
pub(crate) async fn login_form(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Query(query): Query<NextQuery>,
) -> Result<Response, PageError> {
    if ops::auth::setup_needed(&state.app).await? {
        return Ok(Redirect::to("/setup").into_response());
    }
    if matches!(auth, Auth::Session { .. }) {
        return Ok(Redirect::to("/").into_response());
    }
    login_page(&state, &headers, String::new(), query.next, None)
}

#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// POST /login
pub(crate) async fn login_submit(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    match ops::auth::login(
        &state.app,
        &form.email,
        &form.password,
        &client.ip().to_string(),
    )
    .await
    {
        Ok(session) => Ok(signed_in(&state, &session, &form.next)),
        Err(err @ (OpError::Unauthenticated(_) | OpError::RateLimited(_))) => {
            let status = super::error::classify(&err).0;
            let response = login_page(
                &state,
                &headers,
                form.email,
                form.next,
                Some(err.to_string()),
            )?;
            Ok((status, response).into_response())
        }
        Err(err) => Err(err.into()),
    }
}

/// POST /logout
pub(crate) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        ops::auth::logout(&state.app, secret).await?;
    }
    let mut response = Redirect::to("/login").into_response();
    set_cookie(
        &mut response,
        SESSION_COOKIE,
        "",
        0,
        state.config.secure_cookies,
    );
    Ok(response)
}

/// A person on the overview page.
pub(crate) struct PersonNow {
    handle: String,
    name: String,
    initial: char,
    local: String,
    zone_city: String,
    badge_class: &'static str,
    badge: &'static str,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    first_name: String,
    today: String,
    your_time: String,
    your_zone: String,
    working_now: usize,
    people: Vec<PersonNow>,
    teams: Vec<(String, String, usize)>,
    spaces: Vec<(String, String, &'static str)>,
}

/// GET /
pub(crate) async fn home(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Response, PageError> {
    let app = &state.app;
    let me = ops::members::me(app, &viewer.actor).await?;
    let people = ops::members::list(app, &viewer.actor).await?;
    let teams = ops::teams::list(app, &viewer.actor).await?;
    let spaces = ops::spaces::list(app, &viewer.actor).await?;
    let people: Vec<PersonNow> = people
        .into_iter()
        .filter(|p| p.record.active && p.record.id != viewer.actor.id)
        .map(|p| {
            let (badge_class, badge) = availability_badge(p.availability);
            PersonNow {
                initial: p.record.name.chars().next().unwrap_or('?'),
                handle: p.record.handle,
                name: p.record.name,
                local: short_local(&p.local_now),
                zone_city: longhand_core::wording::zone_city(
                    p.calendar.time_zone().iana_name().unwrap_or("UTC"),
                ),
                badge_class,
                badge,
            }
        })
        .collect();
    let page = HomePage {
        chrome: Chrome::for_viewer(&viewer, "Overview", "home"),
        first_name: viewer
            .actor
            .name
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned(),
        today: me.local_now.strftime("%A, %-d %B %Y").to_string(),
        your_time: me.local_now.strftime("%H:%M").to_string(),
        your_zone: me
            .calendar
            .time_zone()
            .iana_name()
            .unwrap_or("UTC")
            .to_owned(),
        working_now: people
            .iter()
            .filter(|p| p.badge_class == "badge-working" || p.badge_class == "badge-focus")
            .count(),
        people,
        teams: teams
            .into_iter()
            .filter(|t| t.members.iter().any(|m| m.member_id == viewer.actor.id))
            .map(|t| (t.team.slug, t.team.name, t.members.len()))
            .collect(),
        spaces: spaces
            .into_iter()
            .filter(|(_, r)| r.is_member)
            .map(|(s, _)| (s.slug, s.name, s.purpose.as_str()))
            .collect(),
    };
    Ok(render(&page))
}
