//! The JSON API under `/api/v1`: thin handlers that convert wire types, call `ops`, and answer
//! with DTOs — or with the one error shape `{"error": {"code": …, "message": …}}`.
//!
//! Architecture Invariant: wire types (`Serialize`/`Deserialize`) live in `api::dto` only.

pub(crate) mod admin;
pub(crate) mod asks;
pub(crate) mod channels;
pub(crate) mod checkins;
pub(crate) mod decisions;
pub(crate) mod digests;
pub(crate) mod documents;
pub(crate) mod dto;
pub(crate) mod events;
pub(crate) mod idempotency;
pub(crate) mod insights;
pub(crate) mod lint;
pub(crate) mod meetings;
pub(crate) mod members;
pub(crate) mod notify;
pub mod openapi;
pub(crate) mod planned_meetings;
pub(crate) mod reviews;
pub(crate) mod search;
pub(crate) mod spaces;
pub(crate) mod sync;
pub(crate) mod teams;
pub(crate) mod tokens;

use crate::Auth;
use crate::error::{classify, log_if_internal, public_message};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use dto::ErrorBody;
use longhand_core::formats::calendar_problems::Problem;
use longhand_core::ops::{Actor, OpError};

/// An API error: a status, a stable code and a message for the developer.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    /// The problems of a calendar from which nothing could be used.
    problems: Vec<Problem>,
}

impl ApiError {
    pub(crate) fn new(
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            problems: Vec::new(),
        }
    }

    pub(crate) fn invalid(message: impl std::fmt::Display) -> ApiError {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            message.to_string(),
        )
    }
}

impl From<OpError> for ApiError {
    fn from(err: OpError) -> ApiError {
        log_if_internal("api", &err);
        let (status, code, _) = classify(&err);
        let message = public_message(&err);
        let problems = match err {
            OpError::Unusable { problems, .. } => problems.listed,
            _ => Vec::new(),
        };
        ApiError {
            status,
            code,
            message,
            problems,
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        let status = rejection.status();
        let code = match status {
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::PAYLOAD_TOO_LARGE => "too_large",
            StatusCode::UNPROCESSABLE_ENTITY => "invalid",
            _ => "bad_request",
        };
        ApiError::new(status, code, rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            rejection.body_text(),
        )
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            rejection.body_text(),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody::new(self.code, &self.message, self.problems);
        (self.status, axum::Json(body)).into_response()
    }
}

/// A JSON body whose rejections answer in the API's error shape.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub(crate) struct ApiJson<T>(pub T);

/// Path parameters whose rejections answer in the API's error shape.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub(crate) struct ApiPath<T>(pub T);

/// Query parameters whose rejections answer in the API's error shape.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub(crate) struct ApiQuery<T>(pub T);

/// The caller of an API route: a bearer token, or a browser session (whose writes the CSRF
/// guard already checked).
#[derive(Debug, Clone)]
pub(crate) struct ApiActor(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<ApiActor, ApiError> {
        match parts.extensions.get::<Auth>() {
            Some(Auth::Session { actor, .. } | Auth::Token { actor }) => {
                Ok(ApiActor(actor.clone()))
            }
            Some(Auth::BadToken) => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "the bearer token is invalid or revoked",
            )),
            _ => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "sign in, or send Authorization: Bearer <token>",
            )),
        }
    }
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;
