//! Documents: write from a template, revise, publish, read, list — with the completeness lint
//! on every save and classification enforced on every read.
//!
//! Every save is a new immutable revision (author, time, full content). Drafts may carry lint
//! errors; publishing (leaving the kind's first status) and saving a published document may
//! not — errors block, warnings don't (DESIGN.md §2.2).

mod content;
mod export;
mod handbook;
mod history;
mod import;
mod list;
mod matching;
mod sharing;
mod templates;

pub use content::{
    DocFinding, DocInput, LintInputs, MAX_BODY_CHARS, Place, field_from_form, skeleton_body,
};
pub use export::{ExportAuthor, ExportedRevision, export};
pub use handbook::{HandbookEntry, handbook, move_page};
pub use history::{DiffView, current, diff, history, revision};
pub use import::{ImportAction, ImportInput, ImportOutcome, import};
pub use list::{DEFAULT_LIMIT, DocCursor, DocPage, ListQuery, MAX_LIMIT, list};
pub use matching::{MATCHES_PER_PAGE, MatchPage, TextFilter, matching};
pub use sharing::{decide_share, request_share, set_readers};
pub use templates::{TemplateInfo, save_space_template, template_for, templates};

use super::slugs::{FreeSlug, Next};
use super::{Actor, App, OpError, OpResult, commit, forbidden, invalid, named};
use crate::ops::notify::{Audience, Notice, Urgency, notify};
use crate::render;
use crate::store::WriteTx;
use crate::store::documents::{self as store_docs, Content, LinkSource, NewDocument};
use crate::store::members as store_members;
use crate::store::spaces as store_spaces;
use crate::views::documents::DocumentRecord;
use crate::views::documents::ShareRecord;
use content::lint_content;
use longhand_domain::access::{self, SpaceFacts};
use longhand_domain::documents::{self as rules, Classification, DocFacts, lifecycle_of};
use longhand_domain::names::Slug;
use longhand_domain::templates::Template;
use longhand_domain::workspace::{Role, SpaceRole};
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::HashSet;

/// The facts the domain's read rule needs, for one viewer and one loaded document.
pub(crate) fn facts(role: Role, viewer_id: i64, doc: &DocumentRecord) -> DocFacts {
    let membership = doc.viewer.in_space.then_some(SpaceRole::Member);
    let space = SpaceFacts {
        visibility: doc.space_visibility,
        membership,
    };
    DocFacts {
        role,
        classification: doc.classification,
        space_visible: access::can_view_space(role, space),
        shared_space_visible: doc.viewer.in_shared_space
            || (doc.viewer.shared_open && role != Role::Guest),
        space_member: doc.viewer.in_space || doc.viewer.in_shared_space,
        is_owner: doc.owner_id == viewer_id,
        named_reader: doc.viewer.named_reader,
    }
}

/// Whether the actor may read the document.
pub(crate) fn readable(actor: &Actor, doc: &DocumentRecord) -> bool {
    rules::can_read(facts(actor.role, actor.id, doc))
}

/// What the actor may do with a document.
#[derive(Debug, Clone, Copy)]
pub struct DocRights {
    pub can_edit: bool,
    pub can_govern: bool,
    pub can_comment: bool,
}

fn rights(actor: &Actor, doc: &DocumentRecord) -> DocRights {
    let facts = facts(actor.role, actor.id, doc);
    DocRights {
        can_edit: rules::can_edit(facts),
        can_govern: rules::can_govern(facts),
        can_comment: rules::can_read(facts),
    }
}

/// Loads a document the actor may read; anything else is "not found".
pub(crate) async fn load_readable(
    conn: &mut AnyConnection,
    actor: &Actor,
    slug: &str,
) -> OpResult<DocumentRecord> {
    let doc = store_docs::by_slug(conn, actor.id, &slug.to_ascii_lowercase())
        .await
        .map_err(named("document"))?;
    if !readable(actor, &doc) {
        return Err(OpError::NotFound("document"));
    }
    Ok(doc)
}

async fn load_editable(
    conn: &mut AnyConnection,
    actor: &Actor,
    slug: &str,
) -> OpResult<DocumentRecord> {
    let doc = load_readable(conn, actor, slug).await?;
    if !rights(actor, &doc).can_edit {
        return Err(forbidden("you can read this document but not change it"));
    }
    Ok(doc)
}

/// A document as the reader sees it.
#[derive(Debug, Clone)]
pub struct DocView {
    pub doc: DocumentRecord,
    pub rights: DocRights,
    pub html: String,
    pub findings: Vec<DocFinding>,
    pub readers: Vec<(i64, String, String)>,
    pub backlinks: Vec<DocumentRecord>,
    pub shares: Vec<ShareRecord>,
    pub next_statuses: &'static [&'static str],
    pub breadcrumbs: Vec<(String, String)>,
    pub children: Vec<DocumentRecord>,
}

/// One document with everything its page shows.
pub async fn get(app: &App, actor: &Actor, slug: &str) -> OpResult<DocView> {
    let mut conn = app.store().read().await?;
    let doc = load_readable(&mut conn, actor, slug).await?;
    let template = template_for(&mut conn, doc.space_id, &doc.kind).await?;
    let findings = lint_stored(&mut conn, app, &doc, template.as_ref()).await?;
    let readers = store_docs::readers(&mut conn, doc.id).await?;
    let backlinks = backlinks(&mut conn, actor, doc.id).await?;
    let shares = store_docs::shares(&mut conn, doc.id).await?;
    let breadcrumbs = handbook::breadcrumbs(&mut conn, actor, &doc).await?;
    let children = store_docs::children(&mut conn, actor.id, doc.id)
        .await?
        .into_iter()
        .filter(|child| readable(actor, child))
        .collect();
    Ok(DocView {
        rights: rights(actor, &doc),
        html: render::to_html(&doc.body),
        next_statuses: lifecycle_of(&doc.kind).next(&doc.status),
        findings,
        readers,
        backlinks,
        shares,
        breadcrumbs,
        children,
        doc,
    })
}

/// How many of the documents linking here a page shows, newest change first.
const MAX_BACKLINKS: i64 = 100;

/// The documents linking here that the actor may read.
async fn backlinks(
    conn: &mut AnyConnection,
    actor: &Actor,
    document_id: i64,
) -> OpResult<Vec<DocumentRecord>> {
    let found = store_docs::backlinks(conn, actor.id, document_id, MAX_BACKLINKS).await?;
    Ok(found
        .into_iter()
        .filter(|doc| readable(actor, doc))
        .collect())
}

/// A new document: where it goes, what kind it is, and its first content.
#[derive(Debug, Clone)]
pub struct NewDocInput {
    pub space: String,
    pub kind: String,
    pub parent: Option<String>,
    pub source_thread_id: Option<i64>,
    pub content: DocInput,
}

/// What a save did.
#[derive(Debug, Clone)]
pub struct Saved {
    pub doc: DocumentRecord,
    pub findings: Vec<DocFinding>,
    /// `@handles` in the body that name nobody; nobody was notified for them.
    pub unknown_mentions: Vec<String>,
}

fn today(app: &App) -> jiff::civil::Date {
    app.now().to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// Slugs among the body's document references that exist, for the lint's link check.
async fn existing_refs(conn: &mut AnyConnection, body: &str) -> OpResult<Vec<(String, i64)>> {
    let slugs: Vec<String> = rules::doc_refs(body).into_iter().map(|r| r.slug).collect();
    Ok(store_docs::ids_of(conn, &slugs).await?)
}

async fn lint_with(
    conn: &mut AnyConnection,
    app: &App,
    kind: &str,
    status: &str,
    owner_handle: &str,
    template: Option<&Template>,
    input: &DocInput,
) -> OpResult<Vec<DocFinding>> {
    let known: HashSet<String> = existing_refs(conn, &input.body)
        .await?
        .into_iter()
        .map(|(slug, _)| slug)
        .collect();
    let inputs = LintInputs {
        kind,
        status,
        owner_handle,
        template,
        known_slugs: &known,
        today: today(app),
    };
    Ok(lint_content(input, &inputs))
}

fn input_of(doc: &DocumentRecord) -> DocInput {
    DocInput {
        title: doc.title.clone(),
        intent: doc.intent.clone(),
        classification: Some(doc.classification),
        owner: None,
        tags: doc.tags.clone(),
        fields: doc.fields.clone(),
        body: doc.body.clone(),
    }
}

async fn lint_stored(
    conn: &mut AnyConnection,
    app: &App,
    doc: &DocumentRecord,
    template: Option<&Template>,
) -> OpResult<Vec<DocFinding>> {
    let input = input_of(doc);
    lint_with(
        conn,
        app,
        &doc.kind,
        &doc.status,
        &doc.owner_handle,
        template,
        &input,
    )
    .await
}

/// Lints unsaved content (the editor's live check).
pub async fn check(
    app: &App,
    actor: &Actor,
    space: &str,
    kind: &str,
    status: Option<&str>,
    input: DocInput,
) -> OpResult<Vec<DocFinding>> {
    let mut conn = app.store().read().await?;
    let space = super::spaces::visible_space(&mut conn, actor, space).await?;
    let template = template_for(&mut conn, space.id, kind).await?;
    let mut input = input;
    // A title is needed to save, not to check: the editor lints from the first keystroke.
    if input.title.trim().is_empty() {
        input.title = "Untitled".to_owned();
    }
    let input = input.tidy()?;
    let lifecycle = lifecycle_of(kind);
    let status = status
        .map(|s| lifecycle.parse(s))
        .transpose()
        .map_err(invalid)?;
    let owner = input
        .owner
        .as_ref()
        .map_or(actor.handle.as_str(), |h| h.as_str())
        .to_owned();
    lint_with(
        &mut conn,
        app,
        kind,
        status.unwrap_or(lifecycle.initial()),
        &owner,
        template.as_ref(),
        &input,
    )
    .await
}

async fn owner_of(
    conn: &mut AnyConnection,
    actor: &Actor,
    input: &DocInput,
) -> OpResult<(i64, String)> {
    let Some(handle) = &input.owner else {
        return Ok((actor.id, actor.handle.clone()));
    };
    let member = store_members::by_handle(conn, handle.as_str())
        .await
        .map_err(|_| invalid(format!("owner @{handle} is not a member")))?;
    if !member.active {
        return Err(invalid(format!("owner @{handle} is deactivated")));
    }
    if member.role == Role::Guest {
        return Err(invalid(
            "a guest cannot own a document; name a member as its DRI",
        ));
    }
    Ok((member.id, member.handle))
}

/// The slug for a new document: the title's own slug if it is free, else a numbered one.
async fn free_slug(conn: &mut AnyConnection, title: &str) -> OpResult<String> {
    let mut search = FreeSlug::new(Slug::from_title(title));
    loop {
        match search.next() {
            Next::LookUp(slug) => search.answer(slug_taken(conn, &slug).await?),
            Next::Free(slug) => return Ok(slug.as_str().to_owned()),
        }
    }
}

async fn slug_taken(conn: &mut AnyConnection, slug: &Slug) -> OpResult<bool> {
    let ids = store_docs::ids_of(conn, &[slug.as_str().to_owned()]).await?;
    Ok(!ids.is_empty())
}

/// Creates a document from its template, as a draft (or `proposed` for a decision record).
pub async fn create(app: &App, actor: &Actor, input: NewDocInput) -> OpResult<Saved> {
    let mut tx = app.store().write().await?;
    let saved = create_in(app, &mut tx, actor, input, None).await?;
    commit(tx).await?;
    Ok(saved)
}

/// Creates a document inside the caller's transaction, so another action (a meeting's agenda,
/// the decision records of its outcome) commits with it or not at all. It starts in its
/// kind's first status, or in `status`, which publishes it: the lint must then report no
/// errors.
pub(crate) async fn create_in(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    input: NewDocInput,
    status: Option<&str>,
) -> OpResult<Saved> {
    if actor.role == Role::Guest {
        return Err(forbidden(
            "guests can read and comment, not write documents",
        ));
    }
    let content = input.content.tidy()?;
    let now = app.now();
    let space = super::spaces::visible_space(tx, actor, &input.space).await?;
    let template = template_for(tx, space.id, &input.kind).await?;
    let kind = input.kind.trim().to_ascii_lowercase();
    let parent_id = match &input.parent {
        Some(parent) => Some(handbook::parent_in(tx, actor, parent, space.id).await?),
        None => None,
    };
    let (owner_id, owner_handle) = owner_of(tx, actor, &content).await?;
    let lifecycle = lifecycle_of(&kind);
    let status = match status {
        Some(status) => lifecycle.parse(status).map_err(invalid)?,
        None => lifecycle.initial(),
    };
    let findings = lint_with(
        tx,
        app,
        &kind,
        status,
        &owner_handle,
        template.as_ref(),
        &content,
    )
    .await?;
    if lifecycle.publishes(lifecycle.initial(), status) {
        refuse_errors(&findings, &format!("create this document as {status}"))?;
    }
    let slug = free_slug(tx, &content.title).await?;
    let classification = content.classification.unwrap_or(Classification::Internal);
    let stored = Content {
        title: &content.title,
        owner_id,
        intent: &content.intent,
        classification,
        status,
        tags: &content.tags,
        fields: &content.fields,
        body: &content.body,
    };
    let new = NewDocument {
        slug: &slug,
        space_id: space.id,
        kind: &kind,
        parent_id,
        source_thread_id: input.source_thread_id,
        author_id: actor.id,
        at: now,
    };
    let id = store_docs::insert(tx, &new, &stored).await?;
    let payload = json!({"slug": slug, "kind": kind, "space": space.slug, "title": content.title, "revision": 1, "status": status});
    app.record(tx, Some(actor), "document.created", payload)
        .await?;
    let doc = store_docs::by_id(tx, actor.id, id).await?;
    super::decisions::schedule_review(app, tx, &doc).await?;
    let unknown = after_write(tx, app, actor, &doc, "").await?;
    tell_followers(app, tx, actor, &doc, None).await?;
    Ok(Saved {
        doc,
        findings,
        unknown_mentions: unknown,
    })
}

/// Saves a new revision of a document. `base` is the revision the editor started from; a
/// save over someone else's newer revision is refused rather than silently overwriting it.
pub async fn update(
    app: &App,
    actor: &Actor,
    slug: &str,
    base: i64,
    input: DocInput,
    note: &str,
) -> OpResult<Saved> {
    let content = input.tidy()?;
    let now = app.now();
    let mut tx = app.store().write().await?;
    let doc = load_editable(&mut tx, actor, slug).await?;
    let facts = facts(actor.role, actor.id, &doc);
    let classification = content.classification.unwrap_or(doc.classification);
    let changes_governance = classification != doc.classification
        || content
            .owner
            .as_ref()
            .is_some_and(|h| h.as_str() != doc.owner_handle);
    if changes_governance && !rules::can_govern(facts) {
        return Err(forbidden(
            "only the owner or an admin can change the owner or the classification",
        ));
    }
    let (owner_id, owner_handle) = match &content.owner {
        Some(_) => owner_of(&mut tx, actor, &content).await?,
        None => (doc.owner_id, doc.owner_handle.clone()),
    };
    let template = template_for(&mut tx, doc.space_id, &doc.kind).await?;
    let findings = lint_with(
        &mut tx,
        app,
        &doc.kind,
        &doc.status,
        &owner_handle,
        template.as_ref(),
        &content,
    )
    .await?;
    if doc.status != lifecycle_of(&doc.kind).initial() {
        refuse_errors(&findings, "save this published document")?;
    }
    let stored = Content {
        title: &content.title,
        owner_id,
        intent: &content.intent,
        classification,
        status: &doc.status,
        tags: &content.tags,
        fields: &content.fields,
        body: &content.body,
    };
    let note = note.trim();
    let revision = store_docs::revise(&mut tx, doc.id, base, actor.id, now, &stored, note).await?;
    let payload = json!({"slug": doc.slug, "revision": revision, "note": note});
    app.record(&mut tx, Some(actor), "document.revised", payload)
        .await?;
    let updated = store_docs::by_id(&mut tx, actor.id, doc.id).await?;
    super::decisions::schedule_review(app, &mut tx, &updated).await?;
    let unknown = after_write(&mut tx, app, actor, &updated, &doc.body).await?;
    tell_followers(app, &mut tx, actor, &updated, Some(&doc)).await?;
    commit(tx).await?;
    Ok(Saved {
        doc: updated,
        findings,
        unknown_mentions: unknown,
    })
}

fn refuse_errors(findings: &[DocFinding], what: &str) -> OpResult<()> {
    let errors: Vec<&DocFinding> = findings.iter().filter(|f| f.is_error()).collect();
    if errors.is_empty() {
        return Ok(());
    }
    let first = &errors[0].finding;
    Err(invalid(format!(
        "cannot {what}: the lint reports {} error{} (first: {} — {})",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        first.rule,
        first.message
    )))
}

/// Moves a document to another status of its kind; publishing needs a lint without errors.
pub async fn set_status(
    app: &App,
    actor: &Actor,
    slug: &str,
    base: i64,
    to: &str,
) -> OpResult<Saved> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let doc = load_editable(&mut tx, actor, slug).await?;
    let lifecycle = lifecycle_of(&doc.kind);
    let to = lifecycle.check(&doc.status, to).map_err(invalid)?;
    let template = template_for(&mut tx, doc.space_id, &doc.kind).await?;
    let mut input = input_of(&doc);
    input.classification = Some(doc.classification);
    let findings = lint_with(
        &mut tx,
        app,
        &doc.kind,
        to,
        &doc.owner_handle,
        template.as_ref(),
        &input,
    )
    .await?;
    if lifecycle.publishes(&doc.status, to) {
        refuse_errors(&findings, &format!("make this document {to}"))?;
    }
    let stored = Content {
        title: &doc.title,
        owner_id: doc.owner_id,
        intent: &doc.intent,
        classification: doc.classification,
        status: to,
        tags: &doc.tags,
        fields: &doc.fields,
        body: &doc.body,
    };
    let note = format!("status: {} → {to}", doc.status);
    let revision = store_docs::revise(&mut tx, doc.id, base, actor.id, now, &stored, &note).await?;
    let payload = json!({"slug": doc.slug, "revision": revision, "from": doc.status, "to": to});
    app.record(&mut tx, Some(actor), "document.status", payload)
        .await?;
    let updated = store_docs::by_id(&mut tx, actor.id, doc.id).await?;
    commit(tx).await?;
    Ok(Saved {
        doc: updated,
        findings,
        unknown_mentions: Vec::new(),
    })
}

/// After a document's body changed: rebuild its links and notify people newly mentioned in
/// it (who can read it). Returns the handles that name nobody.
async fn after_write(
    conn: &mut crate::store::WriteTx,
    app: &App,
    actor: &Actor,
    doc: &DocumentRecord,
    previous_body: &str,
) -> OpResult<Vec<String>> {
    let targets: Vec<i64> = existing_refs(conn, &doc.body)
        .await?
        .into_iter()
        .map(|(_, id)| id)
        .filter(|id| *id != doc.id)
        .collect();
    store_docs::set_links(conn, LinkSource::Document(doc.id), &targets).await?;
    let fresh = fresh_mentions(previous_body, &doc.body);
    let what = Mentioned {
        title: format!("{} mentioned you in {}", actor.name, doc.title),
        link: format!("/docs/{}", doc.slug),
        key: format!("mention:doc:{}:{}", doc.id, doc.revision),
        excerpt: doc.intent.clone(),
    };
    notify_mentions(conn, app, actor, doc.id, &fresh, &what).await
}

/// The handles `body` mentions that `previous` did not.
fn fresh_mentions(previous: &str, body: &str) -> Vec<String> {
    let before: HashSet<String> = rules::mentions(previous)
        .into_iter()
        .map(|m| m.handle)
        .collect();
    rules::mentions(body)
        .into_iter()
        .map(|m| m.handle)
        .filter(|handle| !before.contains(handle))
        .collect()
}

/// Followers of the document's space hear of a new document; followers of the document of
/// a new revision (people newly mentioned in it heard already).
async fn tell_followers(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    doc: &DocumentRecord,
    previous: Option<&DocumentRecord>,
) -> OpResult<()> {
    use crate::store::follows::Followed;
    let told = fresh_mentions(previous.map_or("", |p| p.body.as_str()), &doc.body);
    let link = format!("/docs/{}", doc.slug);
    let subject = format!("doc:{}", doc.slug);
    let (followed, kind, title, key) = match previous {
        None => (
            Followed::Space(doc.space_id),
            "document.created",
            format!("{} wrote “{}”", actor.name, doc.title),
            format!("follow:doc:{}:created", doc.id),
        ),
        Some(_) => (
            Followed::Document(doc.id),
            "document.revised",
            format!("{} revised “{}”", actor.name, doc.title),
            format!("follow:doc:{}:revision:{}", doc.id, doc.revision),
        ),
    };
    let what = super::follows::ForFollowers {
        followed,
        readable: Followed::Document(doc.id),
        space_id: doc.space_id,
        kind,
        title: &title,
        body: &doc.intent,
        link: &link,
        key: &key,
        subject: &subject,
        told: &told,
    };
    super::follows::tell_followers(app, tx, actor, &what).await
}

/// A mention notification's wording.
pub(crate) struct Mentioned {
    pub title: String,
    pub link: String,
    pub key: String,
    pub excerpt: String,
}

/// Notifies each mentioned member who can read the document; returns the handles that name
/// nobody. Mentioning someone who cannot read the document notifies nobody (the notification
/// would leak its title) — they are left out silently, as if they had not been written.
pub(crate) async fn notify_mentions(
    conn: &mut crate::store::WriteTx,
    app: &App,
    actor: &Actor,
    document_id: i64,
    handles: &[String],
    what: &Mentioned,
) -> OpResult<Vec<String>> {
    let mut unknown = Vec::new();
    for handle in handles {
        let Ok(member) = store_members::by_handle(conn, handle).await else {
            unknown.push(handle.clone());
            continue;
        };
        if member.id == actor.id || !member.active {
            continue;
        }
        let doc = store_docs::by_id(conn, member.id, document_id).await?;
        if !rules::can_read(facts(member.role, member.id, &doc)) {
            continue;
        }
        let note = Notice {
            member_id: member.id,
            kind: "mention",
            title: &what.title,
            body: &what.excerpt,
            link: &what.link,
            dedupe_key: &format!("{}:{}", what.key, member.id),
            urgency: Urgency::Normal,
            audience: Audience::Direct,
            space_id: Some(doc.space_id),
            subject: Some(&format!("doc:{}", doc.slug)),
        };
        notify(app, conn, &note).await?;
    }
    Ok(unknown)
}

/// The space a document may be created in, for the "new document" form.
pub async fn writable_spaces(
    app: &App,
    actor: &Actor,
) -> OpResult<Vec<crate::views::spaces::SpaceRecord>> {
    let mut conn = app.store().read().await?;
    let spaces = store_spaces::visible_to(&mut conn, actor.id, actor.role != Role::Guest).await?;
    Ok(spaces)
}
