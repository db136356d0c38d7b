//! The completeness lint as a service: Markdown in, findings out (the editor's live lint and
//! `POST /api/v1/lint`). The same rules run in `longhand lint` for docs kept in git.

use super::{Actor, App, OpResult, invalid};
use longhand_domain::lint::{self, Finding, LintConfig, LintContext, ParsedDoc};
use longhand_domain::templates::find_builtin;

/// The largest document linted in one request.
const MAX_CHARS: usize = 500_000;

/// Lints one document with the default rule set. The template is `kind` when given, else the
/// document's own `kind:` front matter; an unknown kind is refused rather than silently
/// skipping every template check.
pub async fn check(
    app: &App,
    _actor: &Actor,
    markdown: &str,
    kind: Option<&str>,
) -> OpResult<Vec<Finding>> {
    if markdown.chars().count() > MAX_CHARS {
        return Err(invalid(format!(
            "documents can be at most {MAX_CHARS} characters"
        )));
    }
    let doc = ParsedDoc::parse(markdown);
    if let Some(deep) = doc.body().too_deep() {
        return Err(invalid(deep));
    }
    let kind = kind
        .map(str::to_owned)
        .or_else(|| doc.front_matter().text("kind").map(str::to_owned));
    let template = match kind.as_deref() {
        Some(kind) => Some(
            find_builtin(kind.trim()).ok_or_else(|| invalid(format!("unknown kind \"{kind}\"")))?,
        ),
        None => None,
    };
    let today = app.now().to_zoned(jiff::tz::TimeZone::UTC).date();
    let ctx = LintContext {
        known_slugs: None,
        today,
    };
    Ok(lint::lint(
        &doc,
        template,
        &LintConfig::builder().build(),
        &ctx,
    ))
}
