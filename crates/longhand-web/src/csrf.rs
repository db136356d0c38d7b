//! CSRF protection for every state-changing browser request.
//!
//! A signed-in browser's forms carry the session's CSRF token (hidden field `csrf`, or the
//! `X-CSRF-Token` header that htmx sends). Forms shown before sign-in (setup, login) use a
//! double-submit cookie instead. The guard runs as middleware, so a handler cannot forget it.
//! Requests authenticated with a bearer token are exempt: browsers never attach those.
//!
//! File uploads are `multipart/form-data`; their token is the `csrf` part, and a signed-in
//! browser may send up to the upload limit.
//!
//! The guard reads the whole body before anything answers, even a body over the limit (up to
//! [`DRAIN_LIMIT`]): a server that answers 413 and closes with the body half read makes the
//! kernel reset the connection, and the browser shows "connection reset" instead of the page.

use super::{Auth, cookie, error};
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use std::convert::Infallible;
use std::pin::Pin;
use tower::{Layer, ServiceExt};

/// The double-submit cookie for forms shown to visitors who are not signed in.
pub(crate) const ANON_COOKIE: &str = "longhand_csrf";
/// The most a form body may hold; larger bodies are refused before parsing.
const FORM_LIMIT: usize = 1024 * 1024;
/// How much of a body over its limit is read and thrown away so the client gets the 413 page.
/// Past this the connection is dropped unread: a reset is then the price of not reading an
/// unbounded body.
const DRAIN_LIMIT: usize = 32 * 1024 * 1024;

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Compares without an early exit, so timing does not reveal a matching prefix.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(body)
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// The `csrf` part of a multipart body that was already read within `limit`.
///
/// axum's `Multipart` refuses bodies over its 2 MB default unless a `DefaultBodyLimit` layer
/// sits between it and the request, and this request is built here, outside the router's
/// layers; the whole body is one 25 MB chunk, so without the layer even a first, tiny `csrf`
/// part was unreadable and every large upload "expired". The same layer the upload routes
/// use lifts it to the limit the body was read with.
async fn multipart_field(headers: &HeaderMap, body: Bytes, limit: usize) -> Option<String> {
    let mut request = Request::new(Body::from(body));
    *request.headers_mut() = headers.clone();
    let find = tower::service_fn(|request: Request| async move {
        Ok::<_, Infallible>(csrf_part(request).await)
    });
    DefaultBodyLimit::max(limit)
        .layer(find)
        .oneshot(request)
        .await
        .ok()
        .flatten()
}

async fn csrf_part(request: Request) -> Option<String> {
    let mut parts = Multipart::from_request(request, &()).await.ok()?;
    while let Ok(Some(field)) = parts.next_field().await {
        if field.name() == Some("csrf") {
            return field.text().await.ok();
        }
    }
    None
}

/// The whole body if it is at most `limit` bytes. A longer one is read to its end and dropped
/// (unless it is longer than [`DRAIN_LIMIT`]), so the answer that refuses it is the last thing
/// on the connection rather than a reset; `None` for a body that is too large or broken off.
async fn read_within(mut body: Body, limit: usize) -> Option<Bytes> {
    if body.size_hint().lower() > DRAIN_LIMIT as u64 {
        return None;
    }
    let mut kept = Vec::new();
    let mut seen = 0_usize;
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let Ok(data) = frame.ok()?.into_data() else {
            continue;
        };
        seen = seen.saturating_add(data.len());
        if seen > DRAIN_LIMIT {
            return None;
        }
        if seen <= limit {
            kept.extend_from_slice(&data);
        }
    }
    (seen <= limit).then(|| Bytes::from(kept))
}

/// Middleware: refuses unsafe requests without the right token.
pub(crate) async fn guard(request: Request, next: Next) -> Response {
    if is_safe(request.method()) {
        return next.run(request).await;
    }
    let auth = request
        .extensions()
        .get::<Auth>()
        .cloned()
        .unwrap_or(Auth::Anonymous);
    // An unsubscribe link carries its own proof (a token signed for one channel) and must
    // work from a mail client's one-click POST (RFC 8058), which has neither session nor
    // cookie.
    if request.uri().path().starts_with("/unsubscribe/") {
        return next.run(request).await;
    }
    let api = request.uri().path().starts_with("/api/");
    let expected = match &auth {
        Auth::Token { .. } | Auth::BadToken => return next.run(request).await,
        // The API answers anonymous writes with 401 itself; there is no session to forge.
        Auth::Anonymous if api => return next.run(request).await,
        Auth::Session { csrf, .. } => Some(csrf.clone()),
        Auth::Anonymous => cookie(request.headers(), ANON_COOKIE).map(str::to_owned),
    };
    let header = request
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let path = request.uri().path().to_owned();
    let multipart = is_multipart(request.headers()) && matches!(auth, Auth::Session { .. });
    let limit = if multipart {
        super::routes::UPLOAD_LIMIT
    } else {
        FORM_LIMIT
    };
    let (parts, body) = request.into_parts();
    let Some(bytes) = read_within(body, limit).await else {
        return error::too_large(&path);
    };
    let provided = match header {
        Some(token) => Some(token),
        None if multipart => multipart_field(&parts.headers, bytes.clone(), limit).await,
        None => form_field(&bytes, "csrf"),
    };
    match (expected, provided) {
        (Some(expected), Some(provided)) if !expected.is_empty() && same(&expected, &provided) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => error::csrf_failed(&path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_token_among_form_fields() {
        assert_eq!(
            form_field(b"name=Ana&csrf=abc%2B1", "csrf").as_deref(),
            Some("abc+1")
        );
        assert_eq!(form_field(b"name=Ana", "csrf"), None);
    }

    #[test]
    fn comparison_needs_equal_length_and_bytes() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
    }
}
