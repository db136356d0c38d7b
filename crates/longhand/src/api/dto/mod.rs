//! Every wire type of the JSON API, with explicit conversions from the application's types.

pub(crate) mod asks;
pub(crate) mod documents;
pub(crate) mod events;
pub(crate) mod meetings;
pub(crate) mod members;
pub(crate) mod planned_meetings;
pub(crate) mod spaces;
pub(crate) mod teams;
pub(crate) mod tokens;

use serde::Serialize;
use utoipa::ToSchema;

/// The one error shape of the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable, machine-readable code: `invalid`, `not_found`, `forbidden`, `unauthenticated`,
    /// `conflict`, `rate_limited`, `bad_request`, `unsupported_media_type`, `too_large`,
    /// `csrf`, `internal`, `idempotency_key_reused`, `idempotency_key_in_use`.
    #[schema(example = "not_found")]
    pub code: String,
    /// A sentence for the developer.
    pub message: String,
}

impl ErrorBody {
    pub(crate) fn new(code: &str, message: &str) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: code.to_owned(),
                message: message.to_owned(),
            },
        }
    }
}

/// RFC 3339 in UTC.
pub(crate) fn instant(at: jiff::Timestamp) -> String {
    at.to_string()
}
