//! Architecture decision records written by other tools, read into Longhand decision records.
//!
//! `longhand import adr DIR` calls this module once per file: [`is_adr_file`] picks the files,
//! [`import`] reads one into a [`DocFile`] of kind `adr` and lists what it could not map. Three
//! formats are read, plus Longhand's own export so that import → export → import is lossless:
//!
//! | format | recognised by | metadata lives in |
//! |---|---|---|
//! | adr-tools / Nygard | `# 3. Title`, `Date:` line, `## Status` section | `Date:` line, `## Status` section |
//! | MADR 2–4 | front matter (3, 4) or `* Status:` bullets (2), "Decision Outcome" | front matter or bullets under the title |
//! | log4brains | a `YYYYMMDD-title.md` file name | `- Status:` bullets under the title |
//! | Longhand export | front matter with `kind:` | front matter ([`crate::docfile`]) |
//!
//! The formats differ in where metadata sits, not in how it is read, and real folders mix
//! them after years of hand edits, so one permissive reader handles all three; the detected
//! [`AdrFormat`] is reported, and only decides whether a number-like file prefix is an ADR
//! number or a log4brains date. The reader is split by concern: `text.rs` (lines, headings,
//! links), `meta.rs` (metadata fields), `status.rs` (status and supersede links), `reader.rs`
//! (the pass over one file), `files.rs` (file names, slugs, detection), `to_doc.rs` (the
//! mapping onto the `adr` template).
//!
//! # What is never lost
//!
//! Metadata moves into fields; everything else stays in [`AdrRecord::body`] byte for byte. A
//! line leaves the body only when its content was captured: a metadata line the reader does
//! not understand, a second `Status:` line, an unknown bullet — all stay in the body. What
//! could not be captured at all, or was captured with a guess, is listed in
//! [`AdrRecord::unmapped`] with its line, for the command to report.
//!
//! # Slugs
//!
//! A record's slug is the space's slug and its file name without the extension, lower-cased,
//! with runs of other characters turned into `-`, at most 96 characters ([`slug_for`]):
//! `0003-Use-Postgres.md` imported into `platform` is `platform-0003-use-postgres`. A record
//! kept as `<topic>/index.md` (or `README.md`), as docs sites do, goes by its folder's name:
//! `use-postgres/index.md` is `platform-use-postgres`.
//!
//! - The file name, because it is the identity ADR tools use themselves: supersede links
//!   point at `0003-use-postgres.md`, so the same rule turns a link into a slug without
//!   reading its target. Titles get edited; file names do not, so importing the folder again
//!   matches the same documents.
//! - The space, because document slugs are unique across the workspace and every adr-tools
//!   log starts with the same `0001-record-architecture-decisions.md` (MADR logs with
//!   `0000-use-markdown-…`): two teams' logs would otherwise collide on their first file. A
//!   folder is imported into one space, so the pair stays stable.
//! - 96 characters, the longest slug the document store recognises in links.
//!
//! A record keeps the folder-relative names (`0003-use-postgres`) in `supersedes` and
//! `links`; [`to_docfile`] turns them into slugs in the space. An export carries its slug in
//! its front matter and reading it keeps that slug, so import → export → import keeps slugs
//! whatever the exported files are called. (An exporter that writes one folder per space and
//! drops the `space-` prefix from file names gives back the original names, so relative links
//! in the bodies keep working in git.)
//!
//! # Example
//!
//! ```
//! use longhand_domain::adr::{import, AdrFormat};
//! use longhand_domain::docfile::FieldValue;
//!
//! let text = "# 2. Use PostgreSQL\n\nDate: 2024-03-01\n\n## Status\n\nAccepted\n\n\
//!             Supersedes [1. Use SQLite](0001-use-sqlite.md)\n\n## Context\n\nWe outgrew SQLite.\n";
//! let imported = import("0002-use-postgresql.md", text, "platform").unwrap();
//! assert_eq!(imported.format, AdrFormat::Nygard);
//! assert_eq!(imported.doc.slug, "platform-0002-use-postgresql");
//! assert_eq!(imported.doc.field("supersedes"), Some(&FieldValue::Text("platform-0001-use-sqlite".into())));
//! assert_eq!(imported.doc.status, "accepted");
//! assert_eq!(imported.doc.body, "## Context\n\nWe outgrew SQLite.\n");
//! assert!(imported.unmapped.is_empty());
//! ```

mod files;
mod meta;
mod reader;
mod status;
mod text;
mod to_doc;

use std::fmt;

use jiff::civil::Date;

use crate::docfile::{self, DocFile, DocFileError, FieldValue};
use crate::lint::Position;

pub use files::{detect, is_adr_file, slug_for};
pub use status::StatusValue;
pub use to_doc::{DEFAULT_CLASSIFICATION, to_docfile};

/// The relation keys of the `adr` template's supersede fields.
const SUPERSEDES: &str = "supersedes";
const SUPERSEDED_BY: &str = "superseded_by";

/// Which tool's conventions a file follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdrFormat {
    /// adr-tools, after Michael Nygard's original format.
    Nygard,
    /// Markdown Architectural Decision Records, versions 2 to 4.
    Madr,
    Log4brains,
    /// A file written by `longhand export`.
    Longhand,
}

impl AdrFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            AdrFormat::Nygard => "adr-tools",
            AdrFormat::Madr => "madr",
            AdrFormat::Log4brains => "log4brains",
            AdrFormat::Longhand => "longhand",
        }
    }
}

/// A record's status: the template's value, and the words the file used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdrStatus {
    pub value: StatusValue,
    /// The status text as written, trimmed; empty when the file had none.
    pub raw: String,
    /// The lines of `raw` that say more than the status word and the links to other records,
    /// such as `Accepted on 2020-03-01`; kept in the `status_note` field.
    pub note: String,
}

/// A relation to another record other than supersede, such as adr-tools' `Amended by`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdrLink {
    /// The relation as a field name: `amended_by`, `clarifies`.
    pub relation: String,
    /// The other record's name in the folder (its file name as a slug, `0004-foo`).
    pub target: String,
}

/// Something in the file that the import could not map, or mapped with a guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    /// 1-based line in the file.
    pub line: u32,
    /// A full sentence saying what happened to it.
    pub what: String,
}

/// One ADR file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdrRecord {
    pub format: AdrFormat,
    /// The ADR number from the file name (`0003-…`) or the title (`# 3. …`).
    pub number: Option<u32>,
    /// The title without its number.
    pub title: String,
    pub status: AdrStatus,
    pub date: Option<Date>,
    pub deciders: Vec<String>,
    /// MADR's consulted and informed people.
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    /// A front matter `owner:`, without the `@`. No ADR format names a DRI, so it is rare.
    pub owner: Option<String>,
    pub tags: Vec<String>,
    /// The records this one replaces, and those that replace it, by their names in the
    /// folder (file names as slugs, `0002-store-the-ledger-in-sqlite`).
    pub supersedes: Vec<String>,
    pub superseded_by: Vec<String>,
    /// Other relations to records, in file order.
    pub links: Vec<AdrLink>,
    /// Metadata the `adr` template has no field for (such as MADR's `Technical Story`), and
    /// values that could not be read (such as a date that is not a date) under their own key.
    pub extra: Vec<(String, FieldValue)>,
    /// The text of the sections the decision log shows, also present in `body`: Context (or
    /// "Context and Problem Statement"), Decision Drivers, Considered Options, the Decision
    /// (without MADR's sub-sections), Rationale and Consequences. Empty when absent.
    pub context: String,
    pub drivers: String,
    pub options: String,
    pub decision: String,
    pub rationale: String,
    pub consequences: String,
    /// The Markdown without the title and the metadata that moved into fields.
    pub body: String,
    pub unmapped: Vec<Unmapped>,
}

/// A file read by [`parse_any`]. Both are boxed: they differ in size by hundreds of bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// An ADR in one of the three formats.
    Record(Box<AdrRecord>),
    /// A Longhand export, read exactly as written.
    Longhand(Box<DocFile>),
}

/// One file imported as a decision record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub doc: DocFile,
    pub format: AdrFormat,
    /// What the command reports for this file; always empty for a Longhand export.
    pub unmapped: Vec<Unmapped>,
}

/// Why a file could not be imported at all; the command reports it and goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub position: Position,
    /// A full sentence saying what is wrong.
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Position { line, column } = self.position;
        write!(f, "line {line}, column {column}: {}", self.message)
    }
}

impl std::error::Error for ImportError {}

impl From<DocFileError> for ImportError {
    fn from(error: DocFileError) -> ImportError {
        ImportError {
            position: error.position,
            message: error.message,
        }
    }
}

/// Reads one file as an ADR in whichever of the three formats it follows. Never fails and
/// never panics: whatever cannot be read is left in the body and listed in `unmapped`. A
/// Longhand export is read like MADR here; use [`parse_any`] for folders that may hold exports.
pub fn parse(file_name: &str, text: &str) -> AdrRecord {
    let format = match detect(file_name, text) {
        AdrFormat::Longhand => AdrFormat::Madr,
        other => other,
    };
    reader::read(file_name, text, format)
}

/// Reads an ADR file or a Longhand export. Only a broken export is an error.
pub fn parse_any(file_name: &str, text: &str) -> Result<Parsed, DocFileError> {
    match detect(file_name, text) {
        AdrFormat::Longhand => docfile::parse(text).map(|doc| Parsed::Longhand(Box::new(doc))),
        format => Ok(Parsed::Record(Box::new(reader::read(
            file_name, text, format,
        )))),
    }
}

/// Imports one file into `space`: an ADR becomes a document with the slug [`slug_for`] gives
/// it; a Longhand export keeps its own slug and fields and moves to `space`, the space named
/// on the command line.
pub fn import(file_name: &str, text: &str, space: &str) -> Result<Imported, ImportError> {
    match parse_any(file_name, text)? {
        Parsed::Longhand(doc) => import_export(*doc, space),
        Parsed::Record(record) => {
            let slug = slug_for(space, file_name).ok_or_else(|| ImportError {
                position: Position::START,
                message: format!(
                    "The file name `{file_name}` has no letters or digits to make a slug from."
                ),
            })?;
            Ok(Imported {
                doc: to_docfile(&record, space, &slug),
                format: record.format,
                unmapped: record.unmapped,
            })
        }
    }
}

fn import_export(doc: DocFile, space: &str) -> Result<Imported, ImportError> {
    if doc.kind != "adr" {
        return Err(ImportError {
            position: Position::START,
            message: format!(
                "The document `{}` is of kind `{}`, not a decision record (`adr`).",
                doc.slug, doc.kind
            ),
        });
    }
    Ok(Imported {
        doc: DocFile {
            space: space.to_owned(),
            ..doc
        },
        format: AdrFormat::Longhand,
        unmapped: Vec::new(),
    })
}

#[cfg(test)]
mod tests;
