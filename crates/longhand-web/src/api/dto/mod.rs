//! Every wire type of the JSON API, with explicit conversions from the application's types.

pub(crate) mod asks;
pub(crate) mod channels;
pub(crate) mod checkins;
pub(crate) mod decisions;
pub(crate) mod digests;
pub(crate) mod documents;
pub(crate) mod events;
pub(crate) mod insights;
pub(crate) mod jobs;
pub(crate) mod meetings;
pub(crate) mod members;
pub(crate) mod notify;
pub(crate) mod planned_meetings;
pub(crate) mod reviews;
pub(crate) mod search;
pub(crate) mod spaces;
pub(crate) mod sync;
pub(crate) mod teams;
pub(crate) mod tokens;

use longhand_core::formats::calendar_problems::Problem;
use longhand_domain::workspace::{NoiseLevel, Role, SpacePurpose, SpaceRole, Visibility};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

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
    /// For a calendar from which nothing could be used: the first problems met reading it,
    /// each with its file and line. Absent otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

impl ErrorBody {
    pub(crate) fn new(code: &str, message: &str, problems: Vec<Problem>) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: code.to_owned(),
                message: message.to_owned(),
                problems,
            },
        }
    }
}

/// RFC 3339 in UTC.
pub(crate) fn instant(at: jiff::Timestamp) -> String {
    at.to_string()
}

/// A string schema that admits only the words of a domain vocabulary, read from the domain so
/// the document lists what the server parses.
fn words(words: impl IntoIterator<Item = &'static str>) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(words))
        .build()
}

/// `role`: a workspace role.
pub(crate) fn role_words() -> Object {
    words(Role::ALL.iter().map(|w| w.as_str()))
}

/// `purpose`: a space's purpose.
pub(crate) fn purpose_words() -> Object {
    words(SpacePurpose::ALL.iter().map(|w| w.as_str()))
}

/// `visibility`: who can see a space.
pub(crate) fn visibility_words() -> Object {
    words(Visibility::ALL.iter().map(|w| w.as_str()))
}

/// `noise`: a space's noise level.
pub(crate) fn noise_words() -> Object {
    words(NoiseLevel::ALL.iter().map(|w| w.as_str()))
}

/// `noise`, or `null` where none is set (`schema_with` replaces the whole schema, so the
/// null is part of it here rather than a `nullable` beside it).
pub(crate) fn noise_words_or_null() -> Object {
    let values = NoiseLevel::ALL
        .iter()
        .map(|w| serde_json::Value::from(w.as_str()))
        .chain([serde_json::Value::Null]);
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(values))
        .build()
}

/// `role` inside a space.
pub(crate) fn space_role_words() -> Object {
    words(SpaceRole::ALL.iter().map(|w| w.as_str()))
}
