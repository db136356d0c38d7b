//! A document as a Markdown file with YAML front matter: what `longhand export --git` writes,
//! one file per document, and what `longhand import` reads back.
//!
//! The file is the front matter (`title`, `slug`, `kind`, `space`, `owner`, `intent`,
//! `classification`, `status`, `tags`, then the template's other fields in order), a blank
//! line, and the Markdown body exactly as stored. [`render`] is deterministic, so exporting an
//! unchanged document twice gives the same bytes and git records no change; [`parse`] reads
//! with the lint's own front matter reader, so an exported file is also a valid file for
//! `longhand lint`.
//!
//! Architecture Invariant: `parse(&render(doc)) == Ok(doc)` for every document whose field
//! names are distinct (ignoring ASCII case, as the lint compares them), not one of
//! [`RESERVED_KEYS`], and free of leading or trailing whitespace. A property test holds this
//! over arbitrary text, `---` lines in the body included.
//!
//! # Example
//!
//! ```
//! use longhand_domain::docfile::{parse, render, DocFile, FieldValue};
//!
//! let doc = DocFile {
//!     slug: "0003-use-postgres".into(),
//!     title: "Use PostgreSQL: why".into(),
//!     kind: "adr".into(),
//!     space: "platform".into(),
//!     owner: Some("ana".into()),
//!     intent: "Record the storage decision.".into(),
//!     classification: "internal".into(),
//!     status: "accepted".into(),
//!     tags: vec!["storage".into()],
//!     fields: vec![("deciders".into(), FieldValue::List(vec!["ana".into(), "bo".into()]))],
//!     body: "## Context\n\nWe outgrew SQLite.\n".into(),
//! };
//! let text = render(&doc);
//! assert!(text.starts_with("---\ntitle: 'Use PostgreSQL: why'\nslug: 0003-use-postgres\n"));
//! assert_eq!(parse(&text), Ok(doc));
//! ```

mod yaml;

use std::fmt;

use crate::lint::Position;
use crate::lint::frontmatter::{self, Entry, Value, ValueKind};
use yaml::Context;

/// The value of a structured field: the same type the document store keeps, so an export
/// needs no conversion.
pub use crate::documents::FieldValue;

/// The front matter keys [`DocFile`] reads into its own fields, in the order they are written.
/// Every other key becomes one of [`DocFile::fields`].
pub const RESERVED_KEYS: [&str; 9] = [
    "title",
    "slug",
    "kind",
    "space",
    "owner",
    "intent",
    "classification",
    "status",
    "tags",
];

/// One document as a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocFile {
    pub slug: String,
    pub title: String,
    /// The template id, such as `adr` or `rfc`.
    pub kind: String,
    pub space: String,
    /// The owner's handle without the `@`; written as `'@handle'`, which the lint reads as a
    /// member.
    pub owner: Option<String>,
    pub intent: String,
    pub classification: String,
    pub status: String,
    pub tags: Vec<String>,
    /// The template's other fields, and any key the file had that Longhand does not know, in
    /// file order. Names must be distinct (ignoring ASCII case) and not in [`RESERVED_KEYS`].
    pub fields: Vec<(String, FieldValue)>,
    /// The Markdown after the front matter.
    pub body: String,
}

impl DocFile {
    /// The field called `name`, compared ASCII-case-insensitively like the lint does.
    pub fn field(&self, name: &str) -> Option<&FieldValue> {
        self.fields
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }
}

/// Why a file could not be read as a document, with the place to look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocFileError {
    pub position: Position,
    /// A full sentence saying what is wrong.
    pub message: String,
}

impl fmt::Display for DocFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Position { line, column } = self.position;
        write!(f, "line {line}, column {column}: {}", self.message)
    }
}

impl std::error::Error for DocFileError {}

/// Writes a document as a Markdown file with front matter.
pub fn render(doc: &DocFile) -> String {
    let mut out = String::from("---\n");
    text_line(&mut out, "title", &doc.title);
    text_line(&mut out, "slug", &doc.slug);
    text_line(&mut out, "kind", &doc.kind);
    text_line(&mut out, "space", &doc.space);
    if let Some(owner) = &doc.owner {
        text_line(&mut out, "owner", &format!("@{owner}"));
    }
    text_line(&mut out, "intent", &doc.intent);
    text_line(&mut out, "classification", &doc.classification);
    text_line(&mut out, "status", &doc.status);
    list_line(&mut out, "tags", &doc.tags);
    for (key, value) in &doc.fields {
        match value {
            FieldValue::Text(text) => text_line(&mut out, key, text),
            FieldValue::List(items) => list_line(&mut out, key, items),
        }
    }
    // The blank line is for people reading the file; `parse` removes exactly one line break
    // after the closing `---`, so a body that itself starts with a blank line keeps it.
    out.push_str("---\n\n");
    out.push_str(&doc.body);
    out
}

fn text_line(out: &mut String, key: &str, value: &str) {
    out.push_str(&yaml::scalar(key, Context::Block));
    out.push_str(": ");
    out.push_str(&yaml::scalar(value, Context::Block));
    out.push('\n');
}

fn list_line(out: &mut String, key: &str, items: &[String]) {
    let items: Vec<String> = items
        .iter()
        .map(|item| yaml::scalar(item, Context::Flow))
        .collect();
    out.push_str(&yaml::scalar(key, Context::Block));
    out.push_str(": [");
    out.push_str(&items.join(", "));
    out.push_str("]\n");
}

/// Reads a file written by [`render`], or written by hand in the same shape.
///
/// The front matter must be valid and name a `slug` and a `kind`; other Longhand keys that are
/// missing read as empty. A key Longhand does not know is kept in [`DocFile::fields`]; a
/// nested mapping, which no field can hold, is an error rather than silently dropped.
pub fn parse(text: &str) -> Result<DocFile, DocFileError> {
    let source = text.strip_prefix('\u{feff}').unwrap_or(text);
    let split = frontmatter::split(source);
    if let Some(problem) = split.problems.into_iter().next() {
        return Err(DocFileError {
            position: problem.position,
            message: problem.message,
        });
    }
    if !split.front_matter.is_present() {
        return Err(error_at(
            Position::START,
            "The file does not open with front matter (a `---` line, `key: value` fields and \
             another `---` line), so it is not a Longhand document."
                .to_owned(),
        ));
    }
    let mut doc = DocFile::default();
    for entry in split.front_matter.entries() {
        read_entry(&mut doc, entry)?;
    }
    for key in ["slug", "kind"] {
        if split.front_matter.get(key).is_none() {
            let message = format!(
                "The front matter has no `{key}:` field, which every Longhand document needs."
            );
            return Err(error_at(Position::START, message));
        }
    }
    doc.body = strip_separator(split.body).to_owned();
    Ok(doc)
}

fn error_at(position: Position, message: String) -> DocFileError {
    DocFileError { position, message }
}

/// Removes the one line break `render` writes between the front matter and the body.
fn strip_separator(body: &str) -> &str {
    body.strip_prefix('\n')
        .or_else(|| body.strip_prefix("\r\n"))
        .unwrap_or(body)
}

/// The longest implicit key YAML reads (YAML 1.2 §7.4.2).
const MAX_WRITTEN_KEY: usize = 1024;

/// Refuses a key that [`render`] could not write so that it reads back: a key is written
/// quoted and escaped when it must be, and escapes can make a key YAML accepted raw longer
/// than YAML allows.
fn check_key(entry: &Entry) -> Result<(), DocFileError> {
    if yaml::scalar(&entry.key, Context::Block).chars().count() <= MAX_WRITTEN_KEY {
        return Ok(());
    }
    Err(DocFileError {
        position: entry.key_position,
        message: format!(
            "The key on line {} is too long to be written back (at most {MAX_WRITTEN_KEY} \
             characters once quoted); shorten it or remove its control characters.",
            entry.key_position.line
        ),
    })
}

fn read_entry(doc: &mut DocFile, entry: &Entry) -> Result<(), DocFileError> {
    check_key(entry)?;
    let slot = match entry.key.to_ascii_lowercase().as_str() {
        "title" => &mut doc.title,
        "slug" => &mut doc.slug,
        "kind" => &mut doc.kind,
        "space" => &mut doc.space,
        "intent" => &mut doc.intent,
        "classification" => &mut doc.classification,
        "status" => &mut doc.status,
        "owner" => {
            doc.owner = owner(entry)?;
            return Ok(());
        }
        "tags" => {
            doc.tags = list(entry)?;
            return Ok(());
        }
        _ => {
            doc.fields.push((entry.key.clone(), field(entry)?));
            return Ok(());
        }
    };
    *slot = text(entry)?;
    Ok(())
}

/// The value as written: not trimmed, so leading and trailing spaces survive a round trip.
fn text(entry: &Entry) -> Result<String, DocFileError> {
    match &entry.value.kind {
        ValueKind::Scalar(text) => Ok(text.clone()),
        ValueKind::Null => Ok(String::new()),
        _ => Err(shape_error(entry, "must be text, not a list or mapping")),
    }
}

/// `'@ana'` and `ana` both name `ana`; only one `@` is removed, so a handle that really
/// starts with `@` survives a round trip.
fn owner(entry: &Entry) -> Result<Option<String>, DocFileError> {
    if entry.value.kind == ValueKind::Null {
        return Ok(None);
    }
    let text = text(entry)?;
    Ok(Some(text.strip_prefix('@').unwrap_or(&text).to_owned()))
}

/// A list of text; a single value is read as a one-item list, as the lint does.
fn list(entry: &Entry) -> Result<Vec<String>, DocFileError> {
    match &entry.value.kind {
        ValueKind::List(items) => items.iter().map(|item| list_item(entry, item)).collect(),
        ValueKind::Scalar(text) => Ok(vec![text.clone()]),
        ValueKind::Null => Ok(Vec::new()),
        ValueKind::Map(_) => Err(shape_error(entry, "must be a list, not a mapping")),
    }
}

fn list_item(entry: &Entry, item: &Value) -> Result<String, DocFileError> {
    match &item.kind {
        ValueKind::Scalar(text) => Ok(text.clone()),
        ValueKind::Null => Ok(String::new()),
        _ => Err(DocFileError {
            position: item.position,
            message: format!(
                "An item of the `{}` field is itself a list or mapping; fields hold only text items.",
                entry.key
            ),
        }),
    }
}

fn field(entry: &Entry) -> Result<FieldValue, DocFileError> {
    match &entry.value.kind {
        ValueKind::List(_) => list(entry).map(FieldValue::List),
        ValueKind::Map(_) => Err(shape_error(
            entry,
            "is a mapping, which no document field can hold",
        )),
        _ => text(entry).map(FieldValue::Text),
    }
}

fn shape_error(entry: &Entry, problem: &str) -> DocFileError {
    DocFileError {
        position: entry.value.position,
        message: format!(
            "The `{}` field on line {} {problem}.",
            entry.key, entry.key_position.line
        ),
    }
}

#[cfg(test)]
mod tests;
