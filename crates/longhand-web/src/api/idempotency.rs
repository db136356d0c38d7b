//! The `Idempotency-Key` header on `POST /api/v1/…`: the HTTP side of
//! [`longhand_core::ops::idempotency`].
//!
//! A middleware rather than an extractor, because it must see the response to keep it. It
//! runs after authentication (keys belong to a caller) and inside the body limit. A request
//! without the header, or from nobody, passes through untouched.

use super::ApiError;
use crate::{AppState, Auth};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use longhand_core::ops::idempotency::{self as rules, IdempotencyKey, Reservation, StoredResponse};

/// The request header's name.
pub(crate) const HEADER: &str = "idempotency-key";
/// Set on a response that is a replay of the first one.
pub(crate) const REPLAYED: &str = "idempotent-replayed";

/// Runs a keyed POST at most once per caller and key, answering retries from the store.
pub(crate) async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(raw) = keyed(&request) else {
        return next.run(request).await;
    };
    let key = match parse_header(raw) {
        Ok(key) => key,
        Err(err) => return err.into_response(),
    };
    let Some(caller) = caller(&request) else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(_) => return too_large().into_response(),
    };
    let print = rules::fingerprint(
        parts.method.as_str(),
        parts.uri.path(),
        parts.uri.query(),
        &body,
    );
    match rules::reserve(&state.app, caller, &key, &print).await {
        Ok(Reservation::Run) => {}
        Ok(Reservation::Replay(stored)) => return replay(stored),
        Ok(Reservation::InFlight) => return in_flight().into_response(),
        Ok(Reservation::Mismatch) => return mismatch().into_response(),
        Err(err) => return ApiError::from(err).into_response(),
    }
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    finish(&state, caller, &key, response).await
}

/// The header's raw value on a POST, if it was sent.
fn keyed(request: &Request) -> Option<&HeaderValue> {
    (request.method() == Method::POST)
        .then(|| request.headers().get(HEADER))
        .flatten()
}

/// The draft sends the key as a structured-field string (`"…"`); a bare value is accepted too,
/// since many clients send one.
fn parse_header(raw: &HeaderValue) -> Result<IdempotencyKey, ApiError> {
    let text = raw.to_str().map_err(|_| {
        bad_key("the Idempotency-Key may hold only printable ASCII characters".to_owned())
    })?;
    let text = text.trim();
    let unquoted = text
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or(text);
    IdempotencyKey::parse(unquoted).map_err(bad_key)
}

fn bad_key(message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
}

fn caller(request: &Request) -> Option<i64> {
    match request.extensions().get::<Auth>()? {
        Auth::Session { actor, .. } | Auth::Token { actor } => Some(actor.id),
        _ => None,
    }
}

/// Keeps the first response for retries, unless it was a fault on our side: then the key is
/// freed so the retry runs again.
async fn finish(
    state: &AppState,
    caller: i64,
    key: &IdempotencyKey,
    response: Response,
) -> Response {
    if response.status().is_server_error() {
        if let Err(err) = rules::release(&state.app, caller, key).await {
            return ApiError::from(err).into_response();
        }
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        // The handler's body failed while streaming; nothing to keep, so let a retry run.
        let _ = rules::release(&state.app, caller, key).await;
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let stored = stored(parts.status, &parts.headers, &body);
    if let Err(err) = rules::complete(&state.app, caller, key, &stored).await {
        return ApiError::from(err).into_response();
    }
    Response::from_parts(parts, Body::from(body))
}

fn stored(status: StatusCode, headers: &HeaderMap, body: &Bytes) -> StoredResponse {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    StoredResponse {
        status: status.as_u16(),
        content_type: text(header::CONTENT_TYPE),
        location: text(header::LOCATION),
        body: String::from_utf8_lossy(body).into_owned(),
    }
}

fn replay(stored: StoredResponse) -> Response {
    let mut response = Response::new(Body::from(stored.body));
    *response.status_mut() = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let headers = response.headers_mut();
    let values = [
        (header::CONTENT_TYPE, stored.content_type),
        (header::LOCATION, stored.location),
    ];
    for (name, value) in values {
        if let Some(value) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert(name, value);
        }
    }
    headers.insert(REPLAYED, HeaderValue::from_static("true"));
    response
}

fn in_flight() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "idempotency_key_in_use",
        "a request with this Idempotency-Key is still running; retry once it has finished",
    )
}

fn mismatch() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
        "this Idempotency-Key was used for a different request; send a new key for a new request",
    )
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        "the request body is too large",
    )
}
