//! Document pages: the list, writing from a template with the live lint, reading (rendered
//! Markdown, threads, backlinks, sharing), history and the diff of two revisions.
//!
//! This file holds what several pages share: a document as a list row, a lint finding as a
//! row, and the way a change made from the document page answers. Each group of user actions
//! has its own file: `list` (the documents list, the new-document chooser, the handbook),
//! `edit` (the editor, saving, the live lint), `read` (the document page, history and diffs),
//! `lifecycle` (status changes, moving a handbook page) and `share` (readers and sharing with
//! other spaces).

mod edit;
mod lifecycle;
mod list;
mod read;
mod share;

pub(crate) use edit::{create, edit_form, live_lint, update};
pub(crate) use lifecycle::{move_page, set_status};
pub(crate) use list::{handbook, list, new_form};
pub(crate) use read::{ThreadRow, diff, history, thread_row, view, view_page};
pub(crate) use share::{decide_share, request_share, set_readers};

use super::error::PageError;
use super::{AppState, Viewer};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::tz::TimeZone;
use longhand_core::ops::OpError;
use longhand_core::ops::documents::{DocFinding, Place};
use longhand_core::views::documents::DocumentRecord;
use longhand_core::wording::when;
use longhand_domain::lint::Severity;
use longhand_domain::templates::find_builtin;

/// A document in a list.
pub(crate) struct DocRow {
    slug: String,
    title: String,
    kind: String,
    space: String,
    status: String,
    classification: &'static str,
    owner: String,
    updated: String,
}

/// A template field's name as a label: `review_date` reads "Review date".
fn field_label(name: &str) -> String {
    let text = name.replace('_', " ");
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn kind_name(kind: &str) -> String {
    find_builtin(kind).map_or_else(|| kind.to_owned(), |t| t.name().to_owned())
}

fn row(doc: &DocumentRecord, zone: &TimeZone) -> DocRow {
    DocRow {
        slug: doc.slug.clone(),
        title: doc.title.clone(),
        kind: kind_name(&doc.kind),
        space: doc.space_name.clone(),
        status: doc.status.clone(),
        classification: doc.classification.as_str(),
        owner: doc.owner_name.clone(),
        updated: when(doc.updated_at, zone),
    }
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A lint finding as the editor and the page show it.
pub(crate) struct FindingRow {
    error: bool,
    rule: String,
    message: String,
    hint: String,
    place: String,
}

fn finding_rows(findings: &[DocFinding]) -> Vec<FindingRow> {
    findings
        .iter()
        .map(|f| FindingRow {
            error: f.finding.severity == Severity::Error,
            rule: f.finding.rule.as_str().to_owned(),
            message: f.finding.message.clone(),
            hint: editor_hint(f),
            place: match &f.place {
                Place::Field(name) => name.replace('_', " "),
                Place::Body { line, .. } => format!("line {line}"),
            },
        })
        .collect()
}

/// The lint's hints speak of front matter, which the editor shows as form fields: a finding
/// on a field says which field to fill instead.
fn editor_hint(f: &DocFinding) -> String {
    match &f.place {
        Place::Field(name) if f.finding.hint.contains("front matter") => {
            let label = name.replace('_', " ");
            format!("Fill in the “{label}” field above.")
        }
        // The editor has no `read:` field; saying it in the text satisfies the rule too.
        Place::Body { .. } if f.finding.rule.as_str() == "scope" => {
            "Say in the text whether readers should give it a “brief read” or a “detailed review”."
                .to_owned()
        }
        _ => f.finding.hint.replace('`', ""),
    }
}

/// How a change made from the document page answers: back to the page with a notice, or the
/// page again with the reason when the change was refused for something the reader can fix.
async fn after(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    result: Result<(), OpError>,
    notice: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/docs/{slug}?ok={notice}")).into_response()),
        Err(err @ (OpError::Invalid(_) | OpError::Conflict(_) | OpError::Forbidden(_))) => {
            read::view_page(state, viewer, slug, None, "", Some(err.to_string())).await
        }
        Err(err) => Err(err.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use longhand_domain::lint::{Finding, Position, RuleId};

    fn finding(rule: RuleId, hint: &str, place: Place) -> DocFinding {
        let finding = Finding {
            rule,
            severity: Severity::Warning,
            position: Position::new(1, 1),
            message: String::new(),
            hint: hint.to_owned(),
        };
        DocFinding { finding, place }
    }

    #[test]
    fn editor_hints_speak_of_the_form_not_front_matter() {
        let field = finding(
            RuleId::Intent,
            "Add `intent:` to the front matter.",
            Place::Field("intent".into()),
        );
        assert_eq!(editor_hint(&field), "Fill in the “intent” field above.");
        let scope = finding(
            RuleId::Scope,
            "Add `read: brief` to the front matter.",
            Place::Body { line: 1, column: 1 },
        );
        assert!(
            editor_hint(&scope).contains("brief read"),
            "{}",
            editor_hint(&scope)
        );
        let other = finding(
            RuleId::Tldr,
            "Add a `TL;DR` section.",
            Place::Body { line: 3, column: 1 },
        );
        assert_eq!(editor_hint(&other), "Add a TL;DR section.");
    }
}
