//! A decision as a Markdown file with front matter (`/decisions/{slug}.md`): the document file
//! format of `export --git` (`longhand_domain::docfile`), written as the log shows the record.
//!
//! Two things differ from the stored record, both so the file says what the log says: the
//! status is the effective one (an accepted record someone superseded is `superseded`), and
//! `supersedes` / `superseded_by` list both directions of each relation, whichever record
//! stated it — the other record's slug when it resolves, the reference as written when not.
//! Reading the file back (`longhand import adr`) therefore records the relation on this side
//! too.

use crate::views::decisions::{DecisionDetail, DecisionLink};
use longhand_domain::docfile::{self, DocFile, FieldValue};

/// The decision as a Markdown file: front matter, then the body as stored.
pub fn markdown(detail: &DecisionDetail) -> String {
    let decision = &detail.decision;
    let doc = &decision.doc;
    let mut fields = doc.fields.clone();
    set_links(&mut fields, "supersedes", &decision.supersedes);
    set_links(&mut fields, "superseded_by", &decision.superseded_by);
    let file = DocFile {
        slug: doc.slug.clone(),
        title: doc.title.clone(),
        kind: doc.kind.clone(),
        space: doc.space_slug.clone(),
        owner: Some(doc.owner_handle.clone()),
        intent: doc.intent.clone(),
        classification: doc.classification.as_str().to_owned(),
        status: decision.status.clone(),
        tags: doc.tags.clone(),
        fields,
        body: doc.body.clone(),
    };
    docfile::render(&file)
}

/// Writes a supersede field as the comma-separated list the template's text field holds, in
/// its place when the record has it, else at the end; an empty relation leaves it alone.
fn set_links(fields: &mut Vec<(String, FieldValue)>, name: &str, links: &[DecisionLink]) {
    if links.is_empty() {
        return;
    }
    let labels: Vec<&str> = links.iter().map(DecisionLink::label).collect();
    let value = FieldValue::Text(labels.join(", "));
    match fields
        .iter_mut()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
    {
        Some((_, existing)) => *existing = value,
        None => fields.push((name.to_owned(), value)),
    }
}
