//! An imported record as a document of the built-in `adr` template.
//!
//! Every field of [`AdrRecord`] lands in the document: the template's own fields (`status`,
//! `date`, `deciders`, `supersedes`, `superseded_by`) under the template's names, the rest
//! (`consulted`, `informed`, `number`, `status_note`, other relations, extra metadata) as
//! further fields, and the sections in the body, whose MADR headings ("Considered Options",
//! "Decision Outcome") the template already accepts as aliases. So an exported record holds
//! everything the import read, and reading the export back gives the same document.

use super::files::in_space;
use super::{AdrLink, AdrRecord, SUPERSEDED_BY, SUPERSEDES};
use crate::docfile::{DocFile, FieldValue, RESERVED_KEYS};
use crate::templates::BuiltinKind;
use crate::workspace::Classification;

/// The classification of imported records. An ADR folder sits in a repository the whole team
/// reads, which is what `internal` means (members, not guests); nothing in the files says
/// otherwise, and a narrower class can be set after the import.
pub const DEFAULT_CLASSIFICATION: Classification = Classification::Internal;

/// Field names [`to_docfile`] writes from the record's own fields.
const GENERATED_KEYS: [&str; 8] = [
    "date",
    "deciders",
    SUPERSEDES,
    SUPERSEDED_BY,
    "consulted",
    "informed",
    "number",
    "status_note",
];

/// Whether a field name is one the document uses for its own data, so metadata read from a
/// file may not take it.
pub(crate) fn is_taken_key(key: &str) -> bool {
    RESERVED_KEYS
        .iter()
        .chain(&GENERATED_KEYS)
        .any(|taken| taken.eq_ignore_ascii_case(key))
}

/// Maps a record onto the `adr` template, in `space`, under `slug` (see [`super::slug_for`]).
/// The records it names in `supersedes`, `superseded_by` and `links` get their slugs in the
/// same space by the same rule, so the references resolve once the whole folder is imported.
///
/// The owner and intent stay empty: no ADR format names a directly responsible person or a
/// purpose beyond the title, and inventing either would put words in someone's mouth. The
/// lint asks for both once the record is in Longhand.
///
/// Fields come in the template's order, then the rest; empty values are left out. A
/// supersede relation to several records is written as one comma-separated list of slugs,
/// because the template's `supersedes` is a text field. An `extra` entry whose name is
/// already in use is skipped; [`super::parse`] never produces one.
pub fn to_docfile(record: &AdrRecord, space: &str, slug: &str) -> DocFile {
    let mut fields = Fields::default();
    fields.text(
        "date",
        record.date.map(|d| d.to_string()).unwrap_or_default(),
    );
    fields.list("deciders", &record.deciders);
    let slugs = |names: &[String]| -> Vec<String> {
        names.iter().map(|name| in_space(space, name)).collect()
    };
    fields.text(SUPERSEDES, slugs(&record.supersedes).join(", "));
    fields.text(SUPERSEDED_BY, slugs(&record.superseded_by).join(", "));
    fields.list("consulted", &record.consulted);
    fields.list("informed", &record.informed);
    fields.text(
        "number",
        record.number.map(|n| n.to_string()).unwrap_or_default(),
    );
    fields.text("status_note", record.status.note.clone());
    for (relation, targets) in grouped(&record.links) {
        fields.list(relation, &slugs(&targets));
    }
    for (key, value) in &record.extra {
        fields.push(key, value.clone());
    }
    DocFile {
        slug: slug.to_owned(),
        title: record.title.clone(),
        kind: BuiltinKind::Adr.id().to_owned(),
        space: space.to_owned(),
        owner: record.owner.clone(),
        intent: String::new(),
        classification: DEFAULT_CLASSIFICATION.as_str().to_owned(),
        status: record.status.value.as_str().to_owned(),
        tags: record.tags.clone(),
        fields: fields.0,
        body: record.body.clone(),
    }
}

/// Targets per relation, relations in the order they first appear.
fn grouped(links: &[AdrLink]) -> Vec<(&str, Vec<String>)> {
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for link in links {
        match groups.iter_mut().find(|(r, _)| *r == link.relation) {
            Some((_, targets)) => targets.push(link.target.clone()),
            None => groups.push((&link.relation, vec![link.target.clone()])),
        }
    }
    groups
}

/// Fields in order, each name once.
#[derive(Default)]
struct Fields(Vec<(String, FieldValue)>);

impl Fields {
    fn text(&mut self, key: &str, value: String) {
        if !value.is_empty() {
            self.push(key, FieldValue::Text(value));
        }
    }

    fn list(&mut self, key: &str, items: &[String]) {
        if !items.is_empty() {
            self.push(key, FieldValue::List(items.to_vec()));
        }
    }

    fn push(&mut self, key: &str, value: FieldValue) {
        let taken = RESERVED_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
            || self.0.iter().any(|(k, _)| k.eq_ignore_ascii_case(key));
        if !taken {
            self.0.push((key.to_owned(), value));
        }
    }
}
