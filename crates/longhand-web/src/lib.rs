//! The web surface: server-rendered pages (askama + htmx), the JSON API (`api`) with its
//! OpenAPI description, sign-in state, CSRF protection and the HTTP server (`server`).
//!
//! Every request passes [`authenticate`] once: it resolves a session cookie or an API bearer
//! token into an [`Auth`] stored in the request's extensions. Pages and API handlers read it
//! through extractors; the CSRF guard reads it to know which token a form must carry.
//!
//! Architecture Invariant: handlers extract, call `ops`, and render. No rule lives here.

pub(crate) mod admin;
pub mod api;
pub(crate) mod asks;
pub(crate) mod assets;
pub(crate) mod auth;
pub(crate) mod blockers;
pub(crate) mod channels;
pub(crate) mod checkins;
pub(crate) mod csrf;
pub(crate) mod decisions;
pub(crate) mod digests;
pub(crate) mod documents;
pub(crate) mod error;
pub(crate) mod meetings;
pub(crate) mod members;
pub(crate) mod notify;
pub(crate) mod planned_meetings;
pub(crate) mod redirect;
pub(crate) mod reviews;
pub mod routes;
pub(crate) mod search;
pub mod server;
pub(crate) mod settings;
pub(crate) mod spaces;
pub(crate) mod teams;
pub(crate) mod threads;
pub(crate) mod view;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;
use longhand_core::ops::{self, Actor, App};

/// Settings of the web surface.
#[derive(Debug, Clone, Copy, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` (when served behind TLS).
    pub secure_cookies: bool,
}

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub app: App,
    pub config: WebConfig,
}

/// The session cookie's name.
pub(crate) const SESSION_COOKIE: &str = "longhand_session";

/// How the request was authenticated.
#[derive(Debug, Clone)]
pub(crate) enum Auth {
    /// Nobody is signed in.
    Anonymous,
    /// A browser session; forms must carry `csrf`.
    Session { actor: Actor, csrf: String },
    /// An API bearer token (not sent automatically by browsers, so no CSRF risk).
    Token { actor: Actor },
    /// A bearer token was sent but is not valid.
    BadToken,
}

/// Reads one cookie from the request headers.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
}

async fn resolve(state: &AppState, headers: &HeaderMap) -> Result<Auth, ops::OpError> {
    if let Some(token) = bearer(headers) {
        return Ok(match ops::auth::token_actor(&state.app, token).await? {
            Some(actor) => Auth::Token { actor },
            None => Auth::BadToken,
        });
    }
    let Some(secret) = cookie(headers, SESSION_COOKIE) else {
        return Ok(Auth::Anonymous);
    };
    Ok(match ops::auth::session_actor(&state.app, secret).await? {
        Some((actor, csrf)) => Auth::Session { actor, csrf },
        None => Auth::Anonymous,
    })
}

/// Middleware: resolves who is calling, once per request.
pub(crate) async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    match resolve(&state, request.headers()).await {
        Ok(auth) => {
            let page = !request.uri().path().starts_with("/api/")
                && !request.uri().path().starts_with("/assets/");
            if let (Auth::Session { actor, .. }, true) = (&auth, page) {
                match badges(&state, actor).await {
                    Ok(badges) => request.extensions_mut().insert(badges),
                    Err(err) => return error::internal_response(request.uri().path(), err),
                };
            }
            request.extensions_mut().insert(auth);
            next.run(request).await
        }
        Err(err) => error::internal_response(request.uri().path(), err),
    }
}

/// The counts shown in the navigation of every page.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Badges {
    /// Open asks waiting on the viewer.
    pub inbox: i64,
    /// Unread notifications.
    pub unread: i64,
}

async fn badges(state: &AppState, actor: &Actor) -> Result<Badges, ops::OpError> {
    let inbox = ops::asks::open_count(&state.app, actor).await?;
    let unread = ops::notifications::unread_count(&state.app, actor).await?;
    Ok(Badges { inbox, unread })
}

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Auth, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Auth>()
            .cloned()
            .unwrap_or(Auth::Anonymous))
    }
}

/// A signed-in person viewing a page; anonymous visitors are sent to sign in.
#[derive(Debug, Clone)]
pub(crate) struct Viewer {
    pub actor: Actor,
    pub csrf: String,
    pub badges: Badges,
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Viewer, Response> {
        match parts.extensions.get::<Auth>() {
            Some(Auth::Session { actor, csrf }) => Ok(Viewer {
                actor: actor.clone(),
                csrf: csrf.clone(),
                badges: parts
                    .extensions
                    .get::<Badges>()
                    .copied()
                    .unwrap_or_default(),
            }),
            _ => Err(error::sign_in_redirect(
                parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/"),
            )),
        }
    }
}
