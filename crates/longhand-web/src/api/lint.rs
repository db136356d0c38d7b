//! `POST /api/v1/lint`: the completeness lint over one Markdown document.

use super::dto::ErrorBody;
use super::{ApiActor, ApiJson, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use longhand_core::ops;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A document to lint.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LintRequest {
    /// Markdown, optionally with YAML front matter.
    pub markdown: String,
    /// A template kind (`rfc`, `adr`, `status-update`, …); default: the front matter's `kind:`.
    pub kind: Option<String>,
}

/// One finding.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingDto {
    pub rule: String,
    /// `error` (blocks publishing) or `warning`.
    pub severity: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    pub hint: String,
}

/// The findings, in document order, with counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct LintResponse {
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<FindingDto>,
}

/// Lints a Markdown document against its template and the five completeness criteria.
#[utoipa::path(post, path = "/api/v1/lint", tag = "documents", request_body = LintRequest,
    responses((status = 200, body = LintResponse), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn lint(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<LintRequest>,
) -> ApiResult<Json<LintResponse>> {
    let findings =
        ops::lint::check(&state.app, &actor, &body.markdown, body.kind.as_deref()).await?;
    let findings: Vec<FindingDto> = findings
        .into_iter()
        .map(|f| FindingDto {
            rule: f.rule.to_string(),
            severity: f.severity.as_str().to_owned(),
            line: f.position.line,
            column: f.position.column,
            message: f.message,
            hint: f.hint,
        })
        .collect();
    let errors = findings.iter().filter(|f| f.severity == "error").count();
    Ok(Json(LintResponse {
        errors,
        warnings: findings.len() - errors,
        findings,
    }))
}
