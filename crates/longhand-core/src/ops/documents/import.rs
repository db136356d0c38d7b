//! Importing a document from a file (`longhand import adr`): the document is created under
//! the slug the file gives it, revised when the file says something else than its latest
//! revision, and left alone when nothing changed — so importing a folder twice writes
//! nothing the second time.
//!
//! An import records history that already happened, which is why it differs from `create`
//! and `update` in three ways:
//!
//! - The status is the file's, set directly. A record accepted two years ago is imported as
//!   accepted, without passing through `proposed` and without the lint's publish gate; the
//!   lint still runs and its findings are returned for the report.
//! - Nobody is notified of the `@mentions` in imported text: they were written long ago, for
//!   other readers.
//! - The file wins on what it states; what it does not state keeps the document's value, or
//!   the default for a new document. ADR formats state no intent and no classification and
//!   rarely an owner, so re-importing a folder never widens a document someone restricted
//!   in Longhand, nor erases the intent they added. A Longhand export states everything.
//!
//! Permissions are those of an edit: the importer must be able to edit an existing document,
//! and to govern it (owner or admin) when the file changes its owner or classification.

use super::super::spaces::visible_space;
use super::super::{Actor, App, OpError, OpResult, commit, forbidden, invalid};
use super::{DocFinding, DocInput, existing_refs, facts, lint_with, readable, template_for};
use crate::store::StoreError;
use crate::store::WriteTx;
use crate::store::documents::{self as store_docs, Content, LinkSource, NewDocument};
use crate::store::members::{self as store_members};
use crate::views::documents::DocumentRecord;
use crate::views::members::MemberRecord;
use crate::views::spaces::SpaceRecord;
use longhand_domain::adr::{AdrFormat, Imported};
use longhand_domain::documents::{self as rules, Classification, FieldValue, lifecycle_of};
use longhand_domain::names::{Handle, Slug};
use longhand_domain::workspace::Role;
use serde_json::json;
use sqlx::AnyConnection;

/// A document as an imported file states it.
#[derive(Debug, Clone)]
pub struct ImportInput {
    /// The space it is imported into.
    pub space: String,
    pub slug: String,
    pub kind: String,
    pub status: String,
    pub title: String,
    /// `None` when the file does not state it: the document keeps its own.
    pub intent: Option<String>,
    /// `None` when the file does not state it: the document keeps its own (`internal` when
    /// new).
    pub classification: Option<Classification>,
    /// The owner's handle as the file writes it, which may name nobody here.
    pub owner: Option<String>,
    /// The owner when the file names nobody who can own documents here.
    pub fallback_owner: Option<Handle>,
    pub tags: Vec<String>,
    pub fields: Vec<(String, FieldValue)>,
    pub body: String,
    /// Where the content came from (a file path), kept as the revision note.
    pub source: String,
}

impl ImportInput {
    /// The input for a file read by `longhand_domain::adr::import`: a Longhand export states
    /// its intent and classification, an ADR states neither.
    pub fn from_adr(
        imported: Imported,
        fallback_owner: Option<Handle>,
        source: &str,
    ) -> OpResult<ImportInput> {
        let doc = imported.doc;
        let export = imported.format == AdrFormat::Longhand;
        let classification = match export {
            true => Some(Classification::parse(&doc.classification).map_err(invalid)?),
            false => None,
        };
        Ok(ImportInput {
            space: doc.space,
            slug: doc.slug,
            kind: doc.kind,
            status: doc.status,
            title: doc.title,
            intent: export.then_some(doc.intent),
            classification,
            owner: doc.owner,
            fallback_owner,
            tags: doc.tags,
            fields: doc.fields,
            body: doc.body,
            source: source.to_owned(),
        })
    }
}

/// What an import did with one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportAction {
    Created,
    Revised,
    Unchanged,
}

impl ImportAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportAction::Created => "created",
            ImportAction::Revised => "revised",
            ImportAction::Unchanged => "unchanged",
        }
    }
}

/// The result of importing one document.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    pub action: ImportAction,
    pub doc: DocumentRecord,
    /// The lint's findings on the imported content (none when unchanged).
    pub findings: Vec<DocFinding>,
    /// What the import had to adapt on the way in, as sentences.
    pub notes: Vec<String>,
}

/// The import, checked and tidied, ready to be compared with the stored document.
struct Plan {
    slug: String,
    kind: String,
    status: &'static str,
    /// The content with the file's intent and classification, blank where it states none.
    content: DocInput,
    intent: Option<String>,
    classification: Option<Classification>,
    owner: Option<MemberRecord>,
    /// The owner the file named who cannot own documents here.
    refused_owner: Option<String>,
    source: String,
    notes: Vec<String>,
}

impl Plan {
    /// The owner the document gets: the planned one, else `current`.
    fn owner_or(&mut self, current: (i64, String)) -> (i64, String) {
        let chosen = match &self.owner {
            Some(member) => (member.id, member.handle.clone()),
            None => current,
        };
        if let Some(named) = self.refused_owner.take() {
            self.notes.push(format!(
                "The file names @{named} as owner, who is not an active member here (or is a \
                 guest); @{} owns the document.",
                chosen.1
            ));
        }
        chosen
    }
}

/// Creates, revises or leaves alone the document the file describes (see the module
/// documentation for how an import differs from an edit).
pub async fn import(app: &App, actor: &Actor, input: ImportInput) -> OpResult<ImportOutcome> {
    if actor.role == Role::Guest {
        return Err(forbidden("guests can read documents, not import them"));
    }
    let mut tx = app.store().write().await?;
    let space = visible_space(&mut tx, actor, &input.space).await?;
    let mut plan = plan(&mut tx, input).await?;
    let existing = match store_docs::by_slug(&mut tx, actor.id, &plan.slug).await {
        Ok(doc) => Some(doc),
        Err(StoreError::NotFound) => None,
        Err(err) => return Err(err.into()),
    };
    let (action, doc, findings) = match existing {
        None => create(&mut tx, app, actor, &space, &mut plan).await?,
        Some(doc) => revise(&mut tx, app, actor, &space, doc, &mut plan).await?,
    };
    if action != ImportAction::Unchanged {
        commit(tx).await?;
    }
    Ok(ImportOutcome {
        action,
        doc,
        findings,
        notes: plan.notes,
    })
}

/// What creating or revising did, before the notes are added.
type Done = (ImportAction, DocumentRecord, Vec<DocFinding>);

async fn plan(conn: &mut AnyConnection, input: ImportInput) -> OpResult<Plan> {
    let mut notes = Vec::new();
    let kind = input.kind.trim().to_ascii_lowercase();
    let status = lifecycle_of(&kind).parse(&input.status).map_err(invalid)?;
    let content = DocInput {
        title: input.title,
        intent: input.intent.clone().unwrap_or_default(),
        classification: input.classification,
        owner: None,
        tags: storable_tags(input.tags, &mut notes),
        fields: storable_fields(input.fields, &mut notes),
        body: input.body,
    }
    .tidy()?;
    let named = match &input.owner {
        Some(handle) => may_own(conn, handle).await?,
        None => None,
    };
    let refused_owner = input.owner.filter(|_| named.is_none());
    let owner = match (named, &input.fallback_owner) {
        (Some(member), _) => Some(member),
        (None, Some(fallback)) => Some(fallback_owner(conn, fallback).await?),
        (None, None) => None,
    };
    Ok(Plan {
        slug: input.slug.trim().to_ascii_lowercase(),
        kind,
        status,
        intent: input.intent.map(|_| content.intent.clone()),
        classification: input.classification,
        content,
        owner,
        refused_owner,
        source: input.source,
        notes,
    })
}

/// The `--owner` of an import, who must be able to own documents.
async fn fallback_owner(conn: &mut AnyConnection, handle: &Handle) -> OpResult<MemberRecord> {
    may_own(conn, handle.as_str()).await?.ok_or_else(|| {
        invalid(format!(
            "@{handle} cannot own documents: they are not an active member, or are a guest"
        ))
    })
}

/// The member with this handle, when they may own a document.
async fn may_own(conn: &mut AnyConnection, handle: &str) -> OpResult<Option<MemberRecord>> {
    let Ok(handle) = Handle::parse(handle) else {
        return Ok(None);
    };
    match store_members::by_handle(conn, handle.as_str()).await {
        Ok(member) if member.active && member.role != Role::Guest => Ok(Some(member)),
        Ok(_) | Err(StoreError::NotFound) => Ok(None),
        Err(err) => Err(err.into()),
    }
}

/// Tags as the document store keeps them: one word each, at most 20. Files write tags with
/// spaces (`event sourcing`), which become `event-sourcing` rather than failing the file.
/// Each tag is turned into its stored form first, so the notes name what was stored and no
/// tag is reported both stored and left out.
fn storable_tags(tags: Vec<String>, notes: &mut Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let stored = stored_tag(&tag);
        // The store drops empty and repeated tags without a word; so does the report.
        if stored.is_empty() || out.contains(&stored) {
            continue;
        }
        if stored.chars().count() > 40 {
            notes.push(format!(
                "The tag `{tag}` is longer than 40 characters; it was left out."
            ));
        } else if out.len() == 20 {
            notes.push(format!(
                "The tag `{tag}` was left out: a document has at most 20 tags."
            ));
        } else {
            if tag.split_whitespace().count() > 1 {
                notes.push(format!("The tag `{tag}` is stored as `{stored}`."));
            }
            out.push(stored);
        }
    }
    out
}

/// A tag as `DocInput::tidy` keeps it: without a leading `#`, lower-case, and here with its
/// words joined by `-`.
fn stored_tag(tag: &str) -> String {
    let words: Vec<&str> = tag
        .trim()
        .trim_start_matches('#')
        .split_whitespace()
        .collect();
    words.join("-").to_lowercase()
}

/// Fields under names the document store accepts: lower-case letters, digits, `_` and `-`.
/// A name such as `Review date` becomes `review_date`; one with nothing usable, or that
/// collides with an earlier field, is left out. Each change is noted.
fn storable_fields(
    fields: Vec<(String, FieldValue)>,
    notes: &mut Vec<String>,
) -> Vec<(String, FieldValue)> {
    let mut out: Vec<(String, FieldValue)> = Vec::new();
    for (name, value) in fields {
        let stored = field_name(&name);
        let taken = out.iter().any(|(other, _)| *other == stored);
        if stored.is_empty() || stored.len() > 64 || taken {
            notes.push(format!(
                "The field `{name}` was left out: its name is not usable or already taken."
            ));
            continue;
        }
        if stored != name.to_ascii_lowercase() {
            notes.push(format!("The field `{name}` is stored as `{stored}`."));
        }
        out.push((stored, value));
    }
    out
}

fn field_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// The same rule as every other slug, so an imported record's URL and `[[slug]]` links work
/// like those of a document written here.
fn check_slug(slug: &str) -> OpResult<()> {
    match Slug::parse(slug) {
        Ok(parsed) if parsed.as_str() == slug => Ok(()),
        Ok(_) => Err(invalid(format!(
            "\"{slug}\" is not a valid slug: use lowercase letters, digits, '-' or '_'"
        ))),
        Err(err) => Err(invalid(err)),
    }
}

async fn create(
    tx: &mut WriteTx,
    app: &App,
    actor: &Actor,
    space: &SpaceRecord,
    plan: &mut Plan,
) -> OpResult<Done> {
    check_slug(&plan.slug)?;
    let template = template_for(tx, space.id, &plan.kind).await?;
    let (owner_id, owner_handle) = plan.owner_or((actor.id, actor.handle.clone()));
    let content = &plan.content;
    let findings = lint_with(
        tx,
        app,
        &plan.kind,
        plan.status,
        &owner_handle,
        template.as_ref(),
        content,
    )
    .await?;
    let stored = Content {
        title: &content.title,
        owner_id,
        intent: &content.intent,
        classification: plan.classification.unwrap_or(Classification::Internal),
        status: plan.status,
        tags: &content.tags,
        fields: &content.fields,
        body: &content.body,
    };
    let new = NewDocument {
        slug: &plan.slug,
        space_id: space.id,
        kind: &plan.kind,
        parent_id: None,
        source_thread_id: None,
        author_id: actor.id,
        at: app.now(),
    };
    let id = store_docs::insert(tx, &new, &stored).await?;
    let payload = json!({
        "slug": plan.slug, "kind": plan.kind, "space": space.slug, "title": content.title,
        "revision": 1, "status": plan.status, "imported_from": plan.source,
    });
    app.record(tx, Some(actor), "document.created", payload)
        .await?;
    let doc = store_docs::by_id(tx, actor.id, id).await?;
    relink(tx, &doc).await?;
    crate::ops::decisions::schedule_review(app, tx, &doc).await?;
    Ok((ImportAction::Created, doc, findings))
}

async fn revise(
    tx: &mut WriteTx,
    app: &App,
    actor: &Actor,
    space: &SpaceRecord,
    doc: DocumentRecord,
    plan: &mut Plan,
) -> OpResult<Done> {
    check_target(actor, space, &doc, &plan.kind)?;
    let (owner_id, owner_handle) = plan.owner_or((doc.owner_id, doc.owner_handle.clone()));
    let classification = plan.classification.unwrap_or(doc.classification);
    if (owner_id != doc.owner_id || classification != doc.classification)
        && !rules::can_govern(facts(actor.role, actor.id, &doc))
    {
        return Err(forbidden(
            "the file changes the owner or the classification, which only the owner or an admin can do",
        ));
    }
    let content = &mut plan.content;
    content.intent = plan.intent.clone().unwrap_or_else(|| doc.intent.clone());
    let stored = Content {
        title: &content.title,
        owner_id,
        intent: &content.intent,
        classification,
        status: plan.status,
        tags: &content.tags,
        fields: &content.fields,
        body: &content.body,
    };
    if same_content(&doc, &stored) {
        return Ok((ImportAction::Unchanged, doc, Vec::new()));
    }
    let template = template_for(tx, doc.space_id, &doc.kind).await?;
    let findings = lint_with(
        tx,
        app,
        &doc.kind,
        plan.status,
        &owner_handle,
        template.as_ref(),
        content,
    )
    .await?;
    let note = format!("imported from {}", plan.source);
    let revision = store_docs::revise(
        tx,
        doc.id,
        doc.revision,
        actor.id,
        app.now(),
        &stored,
        &note,
    )
    .await?;
    let payload =
        json!({"slug": doc.slug, "revision": revision, "note": note, "status": plan.status});
    app.record(tx, Some(actor), "document.revised", payload)
        .await?;
    let updated = store_docs::by_id(tx, actor.id, doc.id).await?;
    relink(tx, &updated).await?;
    crate::ops::decisions::schedule_review(app, tx, &updated).await?;
    Ok((ImportAction::Revised, updated, findings))
}

/// Refuses to revise a document the file cannot be about, or the importer may not edit.
fn check_target(
    actor: &Actor,
    space: &SpaceRecord,
    doc: &DocumentRecord,
    kind: &str,
) -> OpResult<()> {
    if !readable(actor, doc) || !rules::can_edit(facts(actor.role, actor.id, doc)) {
        return Err(OpError::Conflict(format!(
            "the slug {} is taken by a document @{} cannot edit",
            doc.slug, actor.handle
        )));
    }
    if doc.space_id != space.id {
        return Err(OpError::Conflict(format!(
            "{} is a document of the space {}; import the file into that space",
            doc.slug, doc.space_slug
        )));
    }
    if doc.kind != kind {
        return Err(OpError::Conflict(format!(
            "{} is a document of kind {}, not {kind}",
            doc.slug, doc.kind
        )));
    }
    Ok(())
}

fn same_content(doc: &DocumentRecord, content: &Content<'_>) -> bool {
    doc.title == content.title
        && doc.owner_id == content.owner_id
        && doc.intent == content.intent
        && doc.classification == content.classification
        && doc.status == content.status
        && doc.tags == content.tags
        && doc.fields == content.fields
        && doc.body == content.body
}

/// Rebuilds what the document links to, for backlinks. Unlike an edit, an import notifies
/// nobody of mentions (see the module documentation).
async fn relink(conn: &mut AnyConnection, doc: &DocumentRecord) -> OpResult<()> {
    let targets: Vec<i64> = existing_refs(conn, &doc.body)
        .await?
        .into_iter()
        .map(|(_, id)| id)
        .filter(|id| *id != doc.id)
        .collect();
    store_docs::set_links(conn, LinkSource::Document(doc.id), &targets).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::storable_tags;

    /// Regression: the import report said a tag was both stored and left out, and named a
    /// tag in another case than the one stored. Every note names the tag as stored.
    #[test]
    fn tag_notes_agree_with_the_stored_tags() {
        let long = format!("Very{}", " long".repeat(8));
        let mut tags = vec!["Event Sourcing".to_owned(), long.clone(), "#Ops".to_owned()];
        tags.extend((0..19).map(|i| format!("t{i}")));
        let mut notes = Vec::new();
        let stored = storable_tags(tags, &mut notes);
        let mut expect = vec!["event-sourcing".to_owned(), "ops".to_owned()];
        expect.extend((0..18).map(|i| format!("t{i}")));
        assert_eq!(stored, expect);
        assert_eq!(
            notes,
            [
                "The tag `Event Sourcing` is stored as `event-sourcing`.".to_owned(),
                format!("The tag `{long}` is longer than 40 characters; it was left out."),
                "The tag `t18` was left out: a document has at most 20 tags.".to_owned(),
            ]
        );
    }
}
