//! Threads: comment threads on documents (optionally anchored to a section), topic threads in
//! spaces, replies, resolving, @mentions, links to documents, and elevating a thread into a
//! decision record or handbook page.
//!
//! A thread on a document is readable exactly when the document is; a topic thread when its
//! space is. Anchors are heading anchors (`decision-criteria`), so a comment stays with its
//! section when the section moves; a removed section is named from the text kept at the time.

use super::documents::{self as docs, DocInput, Mentioned, NewDocInput, notify_mentions};
use super::paging::ListPage;
use super::{Actor, App, OpError, OpResult, check_nesting, commit, forbidden, invalid, named};
use crate::ops::notify::{Audience, Notice, Urgency, notify};
use crate::render;
use crate::store::documents::{self as store_docs, LinkSource};
use crate::store::members as store_members;
use crate::store::spaces::{self as store_spaces};
use crate::store::threads::{self as store_threads, NewThread};
use crate::views::documents::DocumentRecord;
use crate::views::spaces::SpaceRecord;
use crate::views::threads::{CommentRecord, ThreadRecord};
use longhand_domain::access::{self, SpaceFacts};
use longhand_domain::documents as rules;
use longhand_domain::lint::ParsedDoc;
use serde_json::json;
use sqlx::AnyConnection;

/// The largest comment, in characters.
const MAX_COMMENT_CHARS: usize = 20_000;

/// A comment with its rendered body.
#[derive(Debug, Clone)]
pub struct CommentView {
    pub comment: CommentRecord,
    pub html: String,
}

/// A thread with its comments, as a reader sees it.
#[derive(Debug, Clone)]
pub struct ThreadView {
    pub thread: ThreadRecord,
    pub comments: Vec<CommentView>,
    /// For an anchored thread: the heading's current text, or `None` when the section is gone.
    pub section: Option<String>,
    pub document: Option<(String, String)>,
    pub elevated: Option<(String, String)>,
    pub can_resolve: bool,
}

/// Where a new thread goes.
#[derive(Debug, Clone)]
pub enum ThreadPlace {
    Document {
        slug: String,
        anchor: Option<String>,
    },
    Space {
        slug: String,
    },
}

/// A comment's text, trimmed, or why it cannot be posted.
pub(crate) fn check_comment(body: &str) -> OpResult<String> {
    let body = body.trim();
    if body.is_empty() {
        return Err(invalid("write something first"));
    }
    super::multi_line("comment", body)?;
    if body.chars().count() > MAX_COMMENT_CHARS {
        return Err(invalid(format!(
            "a comment can be at most {MAX_COMMENT_CHARS} characters"
        )));
    }
    check_nesting(body)?;
    Ok(body.to_owned())
}

fn check_title(title: &str) -> OpResult<String> {
    let title = title.trim();
    if title.chars().count() > 200 {
        return Err(invalid("a thread title can be at most 200 characters"));
    }
    super::one_line("thread title", title)?;
    Ok(title.to_owned())
}

fn space_visible(actor: &Actor, space: &SpaceRecord) -> bool {
    let facts = SpaceFacts {
        visibility: space.visibility,
        membership: space.viewer_role,
    };
    access::can_view_space(actor.role, facts)
}

fn space_admin(actor: &Actor, space: &SpaceRecord) -> bool {
    let facts = SpaceFacts {
        visibility: space.visibility,
        membership: space.viewer_role,
    };
    access::can_manage_space(actor.role, facts)
}

/// What a thread hangs on, loaded and checked for the actor.
struct Context {
    thread: ThreadRecord,
    space: SpaceRecord,
    document: Option<DocumentRecord>,
}

async fn load(conn: &mut AnyConnection, actor: &Actor, id: i64) -> OpResult<Context> {
    load_among(conn, actor, id, &KnownSpaces::new()).await
}

/// Spaces already read for the actor, by id, so reading many threads (a page of search
/// hits) does not read their few spaces again each time.
pub(crate) type KnownSpaces = std::collections::HashMap<i64, SpaceRecord>;

/// The spaces the actor can see, for [`readable_thread_among`].
pub(crate) async fn visible_spaces(
    conn: &mut AnyConnection,
    actor: &Actor,
) -> OpResult<KnownSpaces> {
    let open = actor.role != longhand_domain::workspace::Role::Guest;
    Ok(store_spaces::visible_to(conn, actor.id, open)
        .await?
        .into_iter()
        .map(|space| (space.id, space))
        .collect())
}

async fn load_among(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    known: &KnownSpaces,
) -> OpResult<Context> {
    let thread = store_threads::by_id(conn, id)
        .await
        .map_err(named("thread"))?;
    let document = match thread.document_id {
        Some(doc_id) => {
            let doc = store_docs::by_id(conn, actor.id, doc_id).await?;
            if !docs::readable(actor, &doc) {
                return Err(OpError::NotFound("thread"));
            }
            Some(doc)
        }
        None => None,
    };
    let space = match known.get(&thread.space_id) {
        Some(space) => space.clone(),
        None => store_spaces::by_id(conn, actor.id, thread.space_id).await?,
    };
    if document.is_none() && !space_visible(actor, &space) {
        return Err(OpError::NotFound("thread"));
    }
    Ok(Context {
        thread,
        space,
        document,
    })
}

/// Checks that the actor may see a thread (for other areas that mention one); "not found"
/// otherwise.
pub(crate) async fn check_visible(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
) -> OpResult<()> {
    load(conn, actor, id).await.map(drop)
}

fn can_resolve(actor: &Actor, ctx: &Context) -> bool {
    let editor = ctx
        .document
        .as_ref()
        .is_some_and(|doc| rules::can_edit(docs::facts(actor.role, actor.id, doc)));
    ctx.thread.created_by == actor.id || editor || space_admin(actor, &ctx.space)
}

async fn view(conn: &mut AnyConnection, actor: &Actor, ctx: Context) -> OpResult<ThreadView> {
    let comments = store_threads::comments(conn, ctx.thread.id)
        .await?
        .into_iter()
        .map(|comment| CommentView {
            html: render::to_html(&comment.body),
            comment,
        })
        .collect();
    let section = match (&ctx.thread.anchor, &ctx.document) {
        (Some(anchor), Some(doc)) => heading_text(&doc.body, anchor),
        _ => None,
    };
    let elevated = match ctx.thread.elevated_to {
        Some(id) => {
            let doc = store_docs::by_id(conn, actor.id, id).await?;
            docs::readable(actor, &doc).then_some((doc.slug, doc.title))
        }
        None => None,
    };
    Ok(ThreadView {
        can_resolve: can_resolve(actor, &ctx),
        document: ctx
            .document
            .as_ref()
            .map(|d| (d.slug.clone(), d.title.clone())),
        thread: ctx.thread,
        comments,
        section,
        elevated,
    })
}

/// The current text of the heading with this anchor, if the section still exists.
pub fn heading_text(body: &str, anchor: &str) -> Option<String> {
    ParsedDoc::parse(body)
        .body()
        .headings()
        .iter()
        .find(|heading| heading.anchor == anchor)
        .map(|heading| heading.text.clone())
}

/// Whether the actor may read a thread (`NotFound` when not).
pub(crate) async fn check_readable(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
) -> OpResult<()> {
    load(conn, actor, id).await.map(|_| ())
}

/// A thread the actor may read, as stored; "not found" otherwise. `known` holds spaces
/// already read for the actor (see [`visible_spaces`]); others are read here.
pub(crate) async fn readable_thread_among(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
    known: &KnownSpaces,
) -> OpResult<ThreadRecord> {
    load_among(conn, actor, id, known)
        .await
        .map(|ctx| ctx.thread)
}

/// One thread, if the actor may read it.
pub async fn get(app: &App, actor: &Actor, id: i64) -> OpResult<ThreadView> {
    let mut conn = app.store().read().await?;
    let ctx = load(&mut conn, actor, id).await?;
    view(&mut conn, actor, ctx).await
}

/// The threads on a readable document, oldest first.
pub async fn on_document(app: &App, actor: &Actor, slug: &str) -> OpResult<Vec<ThreadView>> {
    let mut conn = app.store().read().await?;
    let doc = docs::load_readable(&mut conn, actor, slug).await?;
    let mut out = Vec::new();
    // The threads of a document are in its space: read it once, not once per thread.
    let mut last_space: Option<SpaceRecord> = None;
    for thread in store_threads::on_document(&mut conn, doc.id).await? {
        let space = match last_space.take().filter(|s| s.id == thread.space_id) {
            Some(known) => known,
            None => store_spaces::by_id(&mut conn, actor.id, thread.space_id).await?,
        };
        last_space = Some(space.clone());
        let ctx = Context {
            thread,
            space,
            document: Some(doc.clone()),
        };
        out.push(view(&mut conn, actor, ctx).await?);
    }
    Ok(out)
}

/// One page of a space's topic threads.
#[derive(Debug, Clone)]
pub struct Topics {
    pub threads: Vec<ThreadRecord>,
    /// Whether a later page has more.
    pub more: bool,
}

/// A page of the topic threads of a visible space, latest activity first (comments not
/// loaded). One more than the page is read, to tell whether another page follows.
pub async fn topics(app: &App, actor: &Actor, space: &str, page: ListPage) -> OpResult<Topics> {
    let mut conn = app.store().read().await?;
    let space = super::spaces::visible_space(&mut conn, actor, space).await?;
    let mut threads =
        store_threads::topics(&mut conn, space.id, page.per_page + 1, page.offset()).await?;
    let per_page = usize::try_from(page.per_page).unwrap_or(usize::MAX);
    let more = threads.len() > per_page;
    threads.truncate(per_page);
    Ok(Topics { threads, more })
}

/// What a new thread says.
#[derive(Debug, Clone)]
pub struct NewThreadInput {
    pub place: ThreadPlace,
    pub title: String,
    pub body: String,
}

/// The result of posting: the thread, and `@handles` that name nobody.
#[derive(Debug, Clone)]
pub struct Posted {
    pub thread: ThreadView,
    pub comment_id: i64,
    pub unknown_mentions: Vec<String>,
}

async fn place_of(
    conn: &mut AnyConnection,
    actor: &Actor,
    place: &ThreadPlace,
) -> OpResult<(
    SpaceRecord,
    Option<DocumentRecord>,
    Option<(String, String)>,
)> {
    match place {
        ThreadPlace::Document { slug, anchor } => {
            let doc = docs::load_readable(conn, actor, slug).await?;
            let anchor = match anchor.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
                Some(anchor) => {
                    let anchor = anchor
                        .trim_start_matches('#')
                        .trim_start_matches(crate::render::ANCHOR_PREFIX);
                    let text = heading_text(&doc.body, anchor).ok_or_else(|| {
                        invalid(format!("the document has no section \"{anchor}\""))
                    })?;
                    Some((anchor.to_owned(), text))
                }
                None => None,
            };
            let space = store_spaces::by_id(conn, actor.id, doc.space_id).await?;
            Ok((space, Some(doc), anchor))
        }
        ThreadPlace::Space { slug } => {
            let space = super::spaces::visible_space(conn, actor, slug).await?;
            Ok((space, None, None))
        }
    }
}

/// Starts a thread with its first comment.
pub async fn start(app: &App, actor: &Actor, input: NewThreadInput) -> OpResult<Posted> {
    let body = check_comment(&input.body)?;
    let mut title = check_title(&input.title)?;
    let now = app.now();
    let mut tx = app.store().write().await?;
    let (space, document, anchor) = place_of(&mut tx, actor, &input.place).await?;
    if title.is_empty() {
        title = match (&document, &anchor) {
            (_, Some((_, text))) => format!("On “{text}”"),
            (Some(doc), None) => format!("On {}", doc.title),
            (None, None) => return Err(invalid("a topic thread needs a title")),
        };
    }
    let new = NewThread {
        space_id: space.id,
        document_id: document.as_ref().map(|d| d.id),
        anchor: anchor.as_ref().map(|(a, _)| a.as_str()),
        anchor_text: anchor.as_ref().map(|(_, t)| t.as_str()),
        title: &title,
        created_by: actor.id,
        at: now,
    };
    let id = store_threads::insert(&mut tx, &new).await?;
    let comment_id = store_threads::add_comment(&mut tx, id, actor.id, &body, now).await?;
    let payload = json!({"thread": id, "space": space.slug, "document": document.as_ref().map(|d| &d.slug),
                         "anchor": anchor.as_ref().map(|(a, _)| a), "title": title, "comment": comment_id});
    app.record(&mut tx, Some(actor), "thread.started", payload)
        .await?;
    let comment = (comment_id, body.as_str());
    tell_followers(app, &mut tx, actor, id, comment, Opening::Thread).await?;
    finish_post(tx, app, actor, id, comment_id, &body).await
}

/// Replies to a thread (reopening is separate: replying to a resolved thread is allowed).
pub async fn reply(app: &App, actor: &Actor, id: i64, body: &str) -> OpResult<Posted> {
    let body = check_comment(body)?;
    let now = app.now();
    let mut tx = app.store().write().await?;
    load(&mut tx, actor, id).await?;
    let comment_id = store_threads::add_comment(&mut tx, id, actor.id, &body, now).await?;
    let payload = json!({"thread": id, "comment": comment_id});
    app.record(&mut tx, Some(actor), "thread.replied", payload)
        .await?;
    let thread = store_threads::by_id(&mut tx, id).await?;
    super::sync::after_reply(app, &mut tx, &thread).await?;
    let comment = (comment_id, body.as_str());
    tell_followers(app, &mut tx, actor, id, comment, Opening::Reply).await?;
    finish_post(tx, app, actor, id, comment_id, &body).await
}

/// Whether a comment opened its thread or replied in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opening {
    Thread,
    Reply,
}

/// Followers of the document hear of every comment on it; followers of a space of each new
/// topic thread in it (not of every reply: that is the thread's business). People the
/// comment mentions hear of it as a mention only.
async fn tell_followers(
    app: &App,
    tx: &mut crate::store::WriteTx,
    actor: &Actor,
    id: i64,
    (comment_id, body): (i64, &str),
    opening: Opening,
) -> OpResult<()> {
    use crate::store::follows::Followed;
    let ctx = load(tx, actor, id).await?;
    let (followed, kind, title) = match (&ctx.document, opening) {
        (Some(doc), _) => (
            Followed::Document(doc.id),
            "comment",
            format!("{} commented on “{}”", actor.name, doc.title),
        ),
        (None, Opening::Thread) => (
            Followed::Space(ctx.space.id),
            "thread.started",
            format!(
                "{} started “{}” in {}",
                actor.name, ctx.thread.title, ctx.space.name
            ),
        ),
        (None, Opening::Reply) => return Ok(()),
    };
    let told: Vec<String> = rules::mentions(body)
        .into_iter()
        .map(|m| m.handle)
        .collect();
    let what = super::follows::ForFollowers {
        followed,
        readable: followed,
        space_id: ctx.space.id,
        kind,
        title: &title,
        body: &excerpt(body),
        link: &format!("/threads/{}#c{comment_id}", ctx.thread.id),
        key: &format!("follow:comment:{comment_id}"),
        subject: &format!("thread:{}", ctx.thread.id),
        told: &told,
    };
    super::follows::tell_followers(app, tx, actor, &what).await
}

/// Adds a checked comment inside the caller's transaction, with the links and mention notices
/// every comment gets; the caller records the event (posting a call's outcome does). Returns
/// the comment's id.
pub(crate) async fn comment_in(
    app: &App,
    tx: &mut crate::store::WriteTx,
    actor: &Actor,
    id: i64,
    body: &str,
) -> OpResult<i64> {
    let ctx = load(tx, actor, id).await?;
    let comment_id = store_threads::add_comment(tx, id, actor.id, body, app.now()).await?;
    link_thread(tx, &ctx.thread).await?;
    let handles: Vec<String> = rules::mentions(body)
        .into_iter()
        .map(|m| m.handle)
        .collect();
    notify_thread_mentions(tx, app, actor, &ctx, comment_id, &handles, body).await?;
    Ok(comment_id)
}

async fn finish_post(
    mut tx: crate::store::WriteTx,
    app: &App,
    actor: &Actor,
    id: i64,
    comment_id: i64,
    body: &str,
) -> OpResult<Posted> {
    let ctx = load(&mut tx, actor, id).await?;
    link_thread(&mut tx, &ctx.thread).await?;
    let handles: Vec<String> = rules::mentions(body)
        .into_iter()
        .map(|m| m.handle)
        .collect();
    let unknown =
        notify_thread_mentions(&mut tx, app, actor, &ctx, comment_id, &handles, body).await?;
    let thread = view(&mut tx, actor, ctx).await?;
    commit(tx).await?;
    Ok(Posted {
        thread,
        comment_id,
        unknown_mentions: unknown,
    })
}

/// Rebuilds the links a thread's comments make, for backlinks.
async fn link_thread(conn: &mut AnyConnection, thread: &ThreadRecord) -> OpResult<()> {
    let mut slugs: Vec<String> = Vec::new();
    for comment in store_threads::comments(conn, thread.id).await? {
        for r in rules::doc_refs(&comment.body) {
            if !slugs.contains(&r.slug) {
                slugs.push(r.slug);
            }
        }
    }
    let targets: Vec<i64> = store_docs::ids_of(conn, &slugs)
        .await?
        .into_iter()
        .map(|(_, id)| id)
        .filter(|id| Some(*id) != thread.document_id)
        .collect();
    store_docs::set_links(conn, LinkSource::Thread(thread.id), &targets).await?;
    Ok(())
}

fn excerpt(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 160 {
        flat.chars().take(157).collect::<String>() + "…"
    } else {
        flat
    }
}

async fn notify_thread_mentions(
    conn: &mut crate::store::WriteTx,
    app: &App,
    actor: &Actor,
    ctx: &Context,
    comment_id: i64,
    handles: &[String],
    body: &str,
) -> OpResult<Vec<String>> {
    let link = format!("/threads/{}#c{comment_id}", ctx.thread.id);
    let key = format!("mention:comment:{comment_id}");
    if let Some(doc) = &ctx.document {
        let what = Mentioned {
            title: format!("{} mentioned you on {}", actor.name, doc.title),
            link,
            key,
            excerpt: excerpt(body),
        };
        return notify_mentions(conn, app, actor, doc.id, handles, &what).await;
    }
    let mut unknown = Vec::new();
    for handle in handles {
        let Ok(member) = store_members::by_handle(conn, handle).await else {
            unknown.push(handle.clone());
            continue;
        };
        if member.id == actor.id || !member.active {
            continue;
        }
        let space = store_spaces::by_id(conn, member.id, ctx.space.id).await?;
        let facts = SpaceFacts {
            visibility: space.visibility,
            membership: space.viewer_role,
        };
        if !access::can_view_space(member.role, facts) {
            continue;
        }
        let note = Notice {
            member_id: member.id,
            kind: "mention",
            title: &format!("{} mentioned you in {}", actor.name, ctx.thread.title),
            body: &excerpt(body),
            link: &link,
            dedupe_key: &format!("{key}:{}", member.id),
            urgency: Urgency::Normal,
            audience: Audience::Direct,
            space_id: Some(ctx.space.id),
            subject: Some(&format!("thread:{}", ctx.thread.id)),
        };
        notify(app, conn, &note).await?;
    }
    Ok(unknown)
}

/// Resolves (`true`) or reopens (`false`) a thread: its author, the document's editors or
/// the space's admins.
pub async fn set_resolved(
    app: &App,
    actor: &Actor,
    id: i64,
    resolved: bool,
) -> OpResult<ThreadView> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let ctx = load(&mut tx, actor, id).await?;
    if !can_resolve(actor, &ctx) {
        return Err(forbidden(
            "only the thread's author, the document's editors or the space's admins can do that",
        ));
    }
    if ctx.thread.resolved_at.is_some() == resolved {
        return Err(OpError::Conflict(if resolved {
            "the thread is already resolved".into()
        } else {
            "the thread is already open".into()
        }));
    }
    store_threads::set_resolved(&mut tx, id, resolved.then_some((actor.id, now))).await?;
    let kind = if resolved {
        "thread.resolved"
    } else {
        "thread.reopened"
    };
    app.record(&mut tx, Some(actor), kind, json!({"thread": id}))
        .await?;
    let ctx = load(&mut tx, actor, id).await?;
    let thread = view(&mut tx, actor, ctx).await?;
    commit(tx).await?;
    Ok(thread)
}

/// Turns a thread into a decision record (`adr`) or a handbook page in the thread's space,
/// prefilled with the discussion and linked both ways. Returns the new document's slug.
pub async fn elevate(app: &App, actor: &Actor, id: i64, kind: &str) -> OpResult<String> {
    let kind = kind.trim().to_ascii_lowercase();
    if kind != "adr" && kind != "handbook" {
        return Err(invalid(
            "a thread can become a decision record (adr) or a handbook page (handbook)",
        ));
    }
    let (space_slug, input) = {
        let mut conn = app.store().read().await?;
        let ctx = load(&mut conn, actor, id).await?;
        if let Some(doc_id) = ctx.thread.elevated_to {
            let doc = store_docs::by_id(&mut conn, actor.id, doc_id).await?;
            return Err(OpError::Conflict(format!(
                "this thread was already elevated into {}",
                doc.slug
            )));
        }
        let comments = store_threads::comments(&mut conn, id).await?;
        (ctx.space.slug.clone(), prefill(&ctx, &comments, &kind))
    };
    let saved = docs::create(
        app,
        actor,
        NewDocInput {
            space: space_slug,
            kind,
            parent: None,
            source_thread_id: Some(id),
            content: input,
        },
    )
    .await?;
    let mut tx = app.store().write().await?;
    store_threads::set_elevated(&mut tx, id, saved.doc.id).await?;
    let payload = json!({"thread": id, "document": saved.doc.slug});
    app.record(&mut tx, Some(actor), "thread.elevated", payload)
        .await?;
    commit(tx).await?;
    Ok(saved.doc.slug)
}

fn prefill(ctx: &Context, comments: &[CommentRecord], kind: &str) -> DocInput {
    let mut discussion = format!(
        "Elevated from the thread “{}” (/threads/{}).\n\n",
        ctx.thread.title, ctx.thread.id
    );
    if let Some(doc) = &ctx.document {
        discussion.push_str(&format!("It was a discussion of [[{}]].\n\n", doc.slug));
    }
    for comment in comments {
        for line in comment.body.lines() {
            discussion.push_str(&format!("> {line}\n"));
        }
        discussion.push_str(&format!(">\n> — @{}\n\n", comment.author_handle));
    }
    let body = match kind {
        "adr" => format!(
            "## Context\n\n{discussion}## Decision\n\n_[What was decided, in one or two sentences.]_\n\n## Consequences\n\n_[What becomes easier or harder because of this decision.]_\n"
        ),
        _ => format!("## Overview\n\n{discussion}"),
    };
    DocInput {
        title: ctx.thread.title.clone(),
        intent: String::new(),
        body,
        ..DocInput::default()
    }
}
