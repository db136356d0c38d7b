//! Documents, revisions, diffs, threads and templates on the wire.

use crate::api::ApiError;
use longhand_core::diff::Diff;
use longhand_core::ops::documents::{DocFinding, DocInput, DocView, Place, Saved};
use longhand_core::ops::threads::ThreadView;
use longhand_core::views::documents::{DocumentRecord, RevisionRecord};
use longhand_domain::documents::{Classification, FieldValue};
use longhand_domain::names::Handle;
use longhand_domain::templates::{FieldType, Template};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// The content of a document, as both requests below carry it.
#[derive(Debug)]
pub struct DocContentDto {
    pub title: String,
    pub intent: String,
    pub classification: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub fields: Map<String, Value>,
    pub body: String,
}

impl DocContentDto {
    pub(crate) fn into_input(self) -> Result<DocInput, ApiError> {
        let owner = self
            .owner
            .as_deref()
            .map(Handle::parse)
            .transpose()
            .map_err(ApiError::invalid)?;
        let classification = self
            .classification
            .as_deref()
            .map(Classification::parse)
            .transpose()
            .map_err(ApiError::invalid)?;
        let fields = self
            .fields
            .into_iter()
            .map(|(name, value)| Ok((name.clone(), field_value(&name, value)?)))
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(DocInput {
            title: self.title,
            intent: self.intent,
            classification,
            owner,
            tags: self.tags,
            fields,
            body: self.body,
        })
    }
}

fn field_value(name: &str, value: Value) -> Result<FieldValue, ApiError> {
    match value {
        Value::String(text) => Ok(FieldValue::Text(text)),
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::String(text) => Ok(text),
                _ => Err(ApiError::invalid(format!(
                    "field \"{name}\" must be a string or an array of strings"
                ))),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(FieldValue::List),
        _ => Err(ApiError::invalid(format!(
            "field \"{name}\" must be a string or an array of strings"
        ))),
    }
}

/// A new document.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDocumentDto {
    /// The space's slug.
    pub space: String,
    /// A template kind: `rfc`, `adr`, `status-update`, `postmortem`, `task-brief`,
    /// `release-checklist`, `meeting-notes`, `handbook`, `charter`, or one of the space's own.
    pub kind: String,
    /// For handbook pages: the parent page's slug.
    pub parent: Option<String>,
    pub title: String,
    /// Why the document exists, in one sentence.
    #[serde(default)]
    pub intent: String,
    /// `public`, `internal` (default), `confidential` or `restricted`.
    pub classification: Option<String>,
    /// The DRI's handle; default: the author (or the current owner when revising).
    pub owner: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Template fields: each a string or an array of strings.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub fields: Map<String, Value>,
    /// Markdown (CommonMark + GFM).
    #[serde(default)]
    pub body: String,
}

impl NewDocumentDto {
    pub(crate) fn content(self) -> DocContentDto {
        DocContentDto {
            title: self.title,
            intent: self.intent,
            classification: self.classification,
            owner: self.owner,
            tags: self.tags,
            fields: self.fields,
            body: self.body,
        }
    }
}

/// A new revision of a document.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviseDto {
    /// The revision the edit started from; a newer revision by someone else makes this a 409.
    pub base_revision: i64,
    /// A note for the history.
    #[serde(default)]
    pub note: String,
    pub title: String,
    /// Why the document exists, in one sentence.
    #[serde(default)]
    pub intent: String,
    /// `public`, `internal` (default), `confidential` or `restricted`.
    pub classification: Option<String>,
    /// The DRI's handle; default: the author (or the current owner when revising).
    pub owner: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Template fields: each a string or an array of strings.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub fields: Map<String, Value>,
    /// Markdown (CommonMark + GFM).
    #[serde(default)]
    pub body: String,
}

impl ReviseDto {
    pub(crate) fn content(self) -> DocContentDto {
        DocContentDto {
            title: self.title,
            intent: self.intent,
            classification: self.classification,
            owner: self.owner,
            tags: self.tags,
            fields: self.fields,
            body: self.body,
        }
    }
}

/// A status change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusDto {
    pub base_revision: i64,
    /// The new status: for most kinds `draft`, `published`, `archived`; for decision records
    /// `proposed`, `accepted`, `rejected`, `superseded`, `deprecated`.
    pub to: String,
}

/// One lint finding on a document.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocFindingDto {
    pub rule: String,
    /// `error` (blocks publishing) or `warning`.
    pub severity: String,
    pub message: String,
    pub hint: String,
    /// The field the finding is about (`intent`, `deadline`, …), when it is about a field.
    pub field: Option<String>,
    /// The body line and column, when it is about the body.
    pub line: Option<u32>,
    pub column: Option<u32>,
}

impl From<&DocFinding> for DocFindingDto {
    fn from(f: &DocFinding) -> DocFindingDto {
        let (field, line, column) = match &f.place {
            Place::Field(name) => (Some(name.clone()), None, None),
            Place::Body { line, column } => (None, Some(*line), Some(*column)),
        };
        DocFindingDto {
            rule: f.finding.rule.as_str().to_owned(),
            severity: f.finding.severity.as_str().to_owned(),
            message: f.finding.message.clone(),
            hint: f.finding.hint.clone(),
            field,
            line,
            column,
        }
    }
}

fn fields_json(fields: &[(String, FieldValue)]) -> Map<String, Value> {
    fields
        .iter()
        .map(|(name, value)| {
            let value = match value {
                FieldValue::Text(text) => Value::from(text.as_str()),
                FieldValue::List(items) => Value::from(items.clone()),
            };
            (name.clone(), value)
        })
        .collect()
}

/// A document (without its body in lists).
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentDto {
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub space: String,
    pub owner: String,
    pub intent: String,
    pub classification: String,
    pub status: String,
    pub tags: Vec<String>,
    #[schema(value_type = Object)]
    pub fields: Map<String, Value>,
    pub revision: i64,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
    /// Markdown; left out of lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The body rendered and sanitised; only on a single document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// The parent handbook page's slug, for handbook pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

impl DocumentDto {
    pub(crate) fn summary(doc: &DocumentRecord) -> DocumentDto {
        DocumentDto {
            slug: doc.slug.clone(),
            title: doc.title.clone(),
            kind: doc.kind.clone(),
            space: doc.space_slug.clone(),
            owner: doc.owner_handle.clone(),
            intent: doc.intent.clone(),
            classification: doc.classification.as_str().to_owned(),
            status: doc.status.clone(),
            tags: doc.tags.clone(),
            fields: fields_json(&doc.fields),
            revision: doc.revision,
            created_at: doc.created_at.to_string(),
            updated_at: doc.updated_at.to_string(),
            body: None,
            html: None,
            parent: None,
        }
    }

    pub(crate) fn full(doc: &DocumentRecord) -> DocumentDto {
        DocumentDto {
            body: Some(doc.body.clone()),
            ..DocumentDto::summary(doc)
        }
    }
}

/// A saved document with what the lint found and the mentions that name nobody.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedDto {
    pub document: DocumentDto,
    pub findings: Vec<DocFindingDto>,
    /// `@handles` in the body that are nobody's; nobody was notified for them.
    pub unknown_mentions: Vec<String>,
}

impl From<Saved> for SavedDto {
    fn from(saved: Saved) -> SavedDto {
        SavedDto {
            document: DocumentDto::full(&saved.doc),
            findings: saved.findings.iter().map(DocFindingDto::from).collect(),
            unknown_mentions: saved.unknown_mentions,
        }
    }
}

/// One document with its lint findings, readers, backlinks and allowed next statuses.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentDetailDto {
    pub document: DocumentDto,
    pub findings: Vec<DocFindingDto>,
    /// Named readers (restricted documents).
    pub readers: Vec<String>,
    /// Documents linking here that you may read.
    pub backlinks: Vec<DocumentDto>,
    pub next_statuses: Vec<String>,
    pub can_edit: bool,
}

impl From<DocView> for DocumentDetailDto {
    fn from(view: DocView) -> DocumentDetailDto {
        DocumentDetailDto {
            document: DocumentDto {
                html: Some(view.html.clone()),
                ..DocumentDto::full(&view.doc)
            },
            findings: view.findings.iter().map(DocFindingDto::from).collect(),
            readers: view
                .readers
                .iter()
                .map(|(_, handle, _)| handle.clone())
                .collect(),
            backlinks: view.backlinks.iter().map(DocumentDto::summary).collect(),
            next_statuses: view.next_statuses.iter().map(|s| (*s).to_owned()).collect(),
            can_edit: view.rights.can_edit,
        }
    }
}

/// A revision.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionDto {
    pub number: i64,
    pub author: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub note: String,
    pub title: String,
    pub status: String,
    pub owner: String,
    pub intent: String,
    pub classification: String,
    pub tags: Vec<String>,
    #[schema(value_type = Object)]
    pub fields: Map<String, Value>,
    /// Left out of the revision list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

impl RevisionDto {
    pub(crate) fn of(r: &RevisionRecord, with_body: bool) -> RevisionDto {
        RevisionDto {
            number: r.number,
            author: r.author_handle.clone(),
            created_at: r.created_at.to_string(),
            note: r.note.clone(),
            title: r.title.clone(),
            status: r.status.clone(),
            owner: r.owner_handle.clone(),
            intent: r.intent.clone(),
            classification: r.classification.as_str().to_owned(),
            tags: r.tags.clone(),
            fields: fields_json(&r.fields),
            body: with_body.then(|| r.body.clone()),
        }
    }
}

/// A diff between two revisions: hunks of lines, each line a list of spans.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiffDto {
    pub from: i64,
    pub to: i64,
    pub added: usize,
    pub removed: usize,
    /// Whether the time limit cut the comparison short (the diff is then coarser, still complete).
    pub approximate: bool,
    pub hunks: Vec<Vec<DiffLineDto>>,
}

/// One line of a diff.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiffLineDto {
    /// `same`, `added` or `removed`.
    pub tag: String,
    pub old_line: Option<usize>,
    pub new_line: Option<usize>,
    /// The line's text in pieces; `changed` marks the words that differ.
    pub spans: Vec<DiffSpanDto>,
}

/// A piece of a diff line.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiffSpanDto {
    pub text: String,
    pub changed: bool,
}

impl DiffDto {
    pub(crate) fn of(from: i64, to: i64, diff: &Diff) -> DiffDto {
        DiffDto {
            from,
            to,
            added: diff.added,
            removed: diff.removed,
            approximate: diff.approximate,
            hunks: diff
                .hunks
                .iter()
                .map(|hunk| {
                    hunk.iter()
                        .map(|line| DiffLineDto {
                            tag: line.tag.as_str().to_owned(),
                            old_line: line.old_number,
                            new_line: line.new_number,
                            spans: line
                                .spans
                                .iter()
                                .map(|s| DiffSpanDto {
                                    text: s.text.clone(),
                                    changed: s.changed,
                                })
                                .collect(),
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

/// Named readers of a restricted document.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadersDto {
    pub readers: Vec<String>,
}

/// A request to share a document into another space.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareRequestDto {
    pub space: String,
    pub reason: String,
}

/// A space admin's decision on a share request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareDecisionDto {
    /// `approve` or `deny`.
    pub decision: String,
}

/// The id of a new share request.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShareCreatedDto {
    pub request: i64,
}

/// Where a handbook page goes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveDto {
    /// The new parent page's slug; none for the top level.
    pub parent: Option<String>,
    /// 0-based position among its siblings; 0 at the top level is "Start here".
    pub position: usize,
}

/// A handbook page in tree order.
#[derive(Debug, Serialize, ToSchema)]
pub struct HandbookEntryDto {
    pub slug: String,
    pub title: String,
    pub depth: usize,
}

/// A template.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateDto {
    pub kind: String,
    pub name: String,
    /// Whether the space defined it.
    pub custom: bool,
    pub fields: Vec<TemplateFieldDto>,
    pub required_sections: Vec<String>,
    pub requests_decision: bool,
    /// The Markdown (with front matter) a new document starts from.
    pub skeleton: String,
}

/// A template field.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateFieldDto {
    pub name: String,
    /// `text`, `date`, `member`, `list` or `enum`.
    #[serde(rename = "type")]
    pub field_type: String,
    pub required: bool,
    pub options: Vec<String>,
    pub hint: String,
}

impl TemplateDto {
    pub(crate) fn of(template: &Template, custom: bool) -> TemplateDto {
        TemplateDto {
            kind: template.kind().as_str().to_owned(),
            name: template.name().to_owned(),
            custom,
            fields: template
                .fields()
                .iter()
                .map(|f| {
                    let (field_type, options) = match &f.field_type {
                        FieldType::Text => ("text", Vec::new()),
                        FieldType::Date => ("date", Vec::new()),
                        FieldType::Member => ("member", Vec::new()),
                        FieldType::List => ("list", Vec::new()),
                        FieldType::Enum(options) => ("enum", options.clone()),
                    };
                    TemplateFieldDto {
                        name: f.name.clone(),
                        field_type: field_type.to_owned(),
                        required: f.required,
                        options,
                        hint: f.hint.clone(),
                    }
                })
                .collect(),
            required_sections: template
                .required_sections()
                .iter()
                .map(|s| s.title.clone())
                .collect(),
            requests_decision: template.requests_decision(),
            skeleton: template.skeleton().to_owned(),
        }
    }
}

/// A space's own template, as Markdown with front matter.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateSourceDto {
    pub source: String,
}

/// A new thread.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewThreadDto {
    /// Topic threads need a title; document threads default to the section or document.
    #[serde(default)]
    pub title: String,
    /// For document threads: a section's heading anchor (e.g. `decision-criteria`).
    pub anchor: Option<String>,
    /// The first comment (Markdown; `@handle` mentions notify; `[[slug]]` links).
    pub body: String,
}

/// A comment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCommentDto {
    pub body: String,
}

/// Resolving or reopening a thread.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveDto {
    pub resolved: bool,
}

/// Elevating a thread.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ElevateDto {
    /// `adr` (a decision record) or `handbook`.
    pub kind: String,
}

/// A comment on the wire.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentDto {
    pub id: i64,
    pub author: String,
    pub created_at: String,
    pub body: String,
    pub html: String,
}

/// A thread with its comments.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThreadDto {
    pub id: i64,
    pub title: String,
    /// The document's slug, for document threads.
    pub document: Option<String>,
    pub anchor: Option<String>,
    /// The section's current heading, or none when it was removed.
    pub section: Option<String>,
    pub resolved: bool,
    /// The document the thread was elevated into.
    pub elevated_to: Option<String>,
    pub comments: Vec<CommentDto>,
}

impl From<ThreadView> for ThreadDto {
    fn from(view: ThreadView) -> ThreadDto {
        ThreadDto {
            id: view.thread.id,
            title: view.thread.title,
            document: view.document.map(|(slug, _)| slug),
            anchor: view.thread.anchor,
            section: view.section,
            resolved: view.thread.resolved_at.is_some(),
            elevated_to: view.elevated.map(|(slug, _)| slug),
            comments: view
                .comments
                .into_iter()
                .map(|c| CommentDto {
                    id: c.comment.id,
                    author: c.comment.author_handle,
                    created_at: c.comment.created_at.to_string(),
                    body: c.comment.body,
                    html: c.html,
                })
                .collect(),
        }
    }
}

/// A posted thread or comment, with the mentions that name nobody.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostedDto {
    pub thread: ThreadDto,
    pub comment: i64,
    pub unknown_mentions: Vec<String>,
}
