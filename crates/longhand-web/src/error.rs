//! Errors on the web surface: one place that maps an action's error to a status and a page
//! (or, for `/api/` paths reached through shared middleware, to the API's JSON error shape).

use super::view::{Chrome, render};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use longhand_core::ops::OpError;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    heading: &'static str,
    message: String,
}

/// An error page answer for a browser.
#[derive(Debug)]
pub(crate) struct PageError(pub OpError);

impl From<OpError> for PageError {
    fn from(err: OpError) -> PageError {
        PageError(err)
    }
}

/// The status and a short heading for an action's error.
pub(crate) fn classify(err: &OpError) -> (StatusCode, &'static str, &'static str) {
    match err {
        OpError::Invalid(_) | OpError::Unusable { .. } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "That did not work",
        ),
        OpError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found", "Not found"),
        OpError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden", "Not allowed"),
        OpError::Unauthenticated(_) => (
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Please sign in",
        ),
        OpError::Conflict(_) => (
            StatusCode::CONFLICT,
            "conflict",
            "That clashes with something",
        ),
        OpError::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited", "Slow down"),
        OpError::Internal(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong",
        ),
    }
}

/// The message shown to the client: internal details stay in the log.
pub(crate) fn public_message(err: &OpError) -> String {
    match err {
        OpError::Internal(_) => "something went wrong on our side; it has been logged".to_owned(),
        OpError::NotFound(what) => format!("{what} not found"),
        other => other.to_string(),
    }
}

pub(crate) fn log_if_internal(path: &str, err: &OpError) {
    if let OpError::Internal(inner) = err {
        tracing::error!(path, error = format!("{inner:#}"), "request failed");
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, _, heading) = classify(&self.0);
        error_page(status, heading, public_message(&self.0))
    }
}

pub(crate) fn error_page(status: StatusCode, heading: &'static str, message: String) -> Response {
    let page = ErrorPage {
        chrome: Chrome::anonymous(heading, String::new()),
        status: status.as_u16(),
        heading,
        message,
    };
    (status, render(&page)).into_response()
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

fn api_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({ "error": { "code": code, "message": message } });
    (status, axum::Json(body)).into_response()
}

/// A failure while resolving who is calling.
pub(crate) fn internal_response(path: &str, err: OpError) -> Response {
    log_if_internal(path, &err);
    let (status, code, heading) = classify(&err);
    if is_api(path) {
        api_error(status, code, &public_message(&err))
    } else {
        error_page(status, heading, public_message(&err))
    }
}

/// A body over the size limit.
pub(crate) fn too_large(path: &str) -> Response {
    let message = "the request body is too large";
    if is_api(path) {
        api_error(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message)
    } else {
        error_page(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Too large",
            message.to_owned(),
        )
    }
}

/// A form without the right CSRF token.
pub(crate) fn csrf_failed(path: &str) -> Response {
    let message =
        "this form has expired or did not come from Longhand; reload the page and try again";
    if is_api(path) {
        api_error(StatusCode::FORBIDDEN, "csrf", message)
    } else {
        error_page(StatusCode::FORBIDDEN, "Form expired", message.to_owned())
    }
}

/// Sends a visitor to sign in, coming back afterwards.
pub(crate) fn sign_in_redirect(next: &str) -> Response {
    let safe_next = super::redirect::same_origin_path(next);
    let encoded: String = form_urlencoded::byte_serialize(safe_next.as_bytes()).collect();
    Redirect::to(&format!("/login?next={encoded}")).into_response()
}

/// The page for unknown paths.
pub(crate) async fn not_found(uri: axum::http::Uri) -> Response {
    if is_api(uri.path()) {
        return api_error(StatusCode::NOT_FOUND, "not_found", "no such API route");
    }
    error_page(
        StatusCode::NOT_FOUND,
        "Not found",
        "There is no page at this address.".to_owned(),
    )
}
