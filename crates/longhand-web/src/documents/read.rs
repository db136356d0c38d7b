//! Reading a document: its page (rendered Markdown, fields, findings, threads, backlinks,
//! sharing, related asks), its history and the diff of two revisions.

use super::{DocRow, FindingRow, field_label, finding_rows, non_empty, row};
use crate::asks::viewer_zone;
use crate::error::PageError;
use crate::view::{Chrome, render};
use crate::{AppState, Viewer};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use jiff::tz::TimeZone;
use longhand_core::diff::Tag;
use longhand_core::ops;
use longhand_core::ops::documents::{self as docs, DocView};
use longhand_core::ops::threads::{self, ThreadView};
use longhand_core::wording::when;
use longhand_domain::documents::Classification;
use longhand_domain::lint::ParsedDoc;
use serde::Deserialize;

/// A thread as the document page lists it.
pub(crate) struct ThreadRow {
    pub(crate) id: i64,
    pub(crate) title: String,
    pub(crate) section: Option<String>,
    pub(crate) section_gone: Option<String>,
    pub(crate) anchor: String,
    pub(crate) resolved: bool,
    pub(crate) comments: Vec<CommentRow>,
    pub(crate) can_resolve: bool,
    pub(crate) elevated: Option<(String, String)>,
}

/// A comment with its rendered body.
pub(crate) struct CommentRow {
    pub(crate) id: i64,
    pub(crate) author: String,
    pub(crate) handle: String,
    pub(crate) at: String,
    pub(crate) html: String,
    /// Whether the comment carries a call's written outcome (the thread page marks it).
    pub(crate) outcome: bool,
}

pub(crate) fn thread_row(view: ThreadView, zone: &TimeZone) -> ThreadRow {
    let anchor = view.thread.anchor.clone().unwrap_or_default();
    let section_gone = match (&view.thread.anchor, &view.section) {
        (Some(_), None) => view.thread.anchor_text.clone(),
        _ => None,
    };
    ThreadRow {
        id: view.thread.id,
        title: view.thread.title.clone(),
        section: view.section.clone(),
        section_gone,
        anchor,
        resolved: view.thread.resolved_at.is_some(),
        can_resolve: view.can_resolve,
        elevated: view.elevated.clone(),
        comments: view
            .comments
            .into_iter()
            .map(|c| CommentRow {
                id: c.comment.id,
                author: c.comment.author_name,
                handle: c.comment.author_handle,
                at: when(c.comment.created_at, zone),
                html: c.html,
                outcome: false,
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "docs/view.html")]
struct ViewPage {
    chrome: Chrome,
    doc: DocRow,
    space_slug: String,
    intent: String,
    owner_handle: String,
    audience: &'static str,
    revision: i64,
    created: String,
    tags: Vec<String>,
    fields: Vec<(String, String)>,
    html: String,
    errors: usize,
    findings: Vec<FindingRow>,
    next_statuses: Vec<&'static str>,
    can_edit: bool,
    can_govern: bool,
    can_comment: bool,
    sections: Vec<(String, String)>,
    threads: Vec<ThreadRow>,
    backlinks: Vec<DocRow>,
    readers: Vec<(String, String)>,
    restricted: bool,
    shares: Vec<ShareRow>,
    share_spaces: Vec<(String, String)>,
    breadcrumbs: Vec<(String, String)>,
    children: Vec<(String, String)>,
    source_thread: Option<i64>,
    asks: Vec<(i64, String, String, String)>,
    /// For handbook pages: the other pages of the space, as possible parents.
    parents: Vec<(String, String)>,
    is_handbook: bool,
    unknown: String,
    error: Option<String>,
    thread_error: Option<String>,
    /// The "Review" section: rounds of review on a proposal.
    review: crate::reviews::ReviewPanel,
    /// The decision records this proposal's rounds produced (slug, title), newest first.
    decided_in: Vec<(String, String)>,
    /// A decision record: its page in the decision log is `/decisions/{slug}`.
    in_log: bool,
    /// Whether the viewer follows the document (hears of revisions and comments).
    following: bool,
}

/// A share request on the document page.
pub(crate) struct ShareRow {
    id: i64,
    space: String,
    by: String,
    reason: String,
    state: String,
    decided_by: String,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ViewParams {
    ok: Option<String>,
    #[serde(default)]
    unknown: String,
    /// Why a new thread was refused; `threads::start_on_document` redirects back with it.
    #[serde(default)]
    thread_error: String,
}

/// GET /docs/{slug}
pub(crate) async fn view(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Query(params): Query<ViewParams>,
) -> Result<Response, PageError> {
    let mut page = view_model(
        &state,
        &viewer,
        &slug,
        params.ok.as_deref(),
        &params.unknown,
        None,
    )
    .await?;
    page.thread_error = non_empty(&params.thread_error);
    Ok(render(&page))
}

pub(crate) async fn view_page(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    notice: Option<&str>,
    unknown: &str,
    error: Option<String>,
) -> Result<Response, PageError> {
    let page = view_model(state, viewer, slug, notice, unknown, error).await?;
    Ok(render(&page))
}

async fn view_model(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    notice: Option<&str>,
    unknown: &str,
    error: Option<String>,
) -> Result<ViewPage, PageError> {
    let view = docs::get(&state.app, &viewer.actor, slug).await?;
    let zone = viewer_zone(state, viewer).await?;
    let threads = threads::on_document(&state.app, &viewer.actor, slug).await?;
    let spaces = docs::writable_spaces(&state.app, &viewer.actor).await?;
    let asks = ops::asks::about_document(&state.app, &viewer.actor, slug).await?;
    let space = view.doc.space_slug.clone();
    let this = view.doc.slug.clone();
    let review = crate::reviews::panel(state, viewer, slug, &zone).await?;
    let mut page = view_of(viewer, view, threads, spaces, &zone, notice, unknown, error);
    let target = ops::follows::FollowTarget::Document(this.clone());
    page.following = ops::follows::is_following(&state.app, &viewer.actor, &target).await?;
    page.decided_in = decisions_of(&review);
    page.review = review;
    if page.is_handbook && page.can_edit {
        page.parents = parent_suggestions(state, viewer, &space, &this).await?;
    }
    page.asks = asks
        .into_iter()
        .map(|a| {
            let who = if a.responder_id == viewer.actor.id {
                a.asker_name
            } else {
                a.responder_name
            };
            (a.id, a.title, a.state, who)
        })
        .collect();
    Ok(page)
}

/// How many pages the "Move in the handbook" field suggests.
const PARENT_SUGGESTIONS: i64 = 20;

/// The space's most recently changed handbook pages other than this one, as suggestions for
/// the parent field: a handbook of thousands of pages must not put thousands of options in
/// every page (the field takes any page's slug; the move checks it).
async fn parent_suggestions(
    state: &AppState,
    viewer: &Viewer,
    space: &str,
    this: &str,
) -> Result<Vec<(String, String)>, PageError> {
    let query = docs::ListQuery {
        space: Some(space.to_owned()),
        kind: Some("handbook".to_owned()),
        limit: Some(PARENT_SUGGESTIONS + 1),
        ..docs::ListQuery::default()
    };
    Ok(docs::list(&state.app, &viewer.actor, &query)
        .await?
        .docs
        .into_iter()
        .filter(|doc| doc.slug != this)
        .take(PARENT_SUGGESTIONS as usize)
        .map(|doc| (doc.slug, doc.title))
        .collect())
}

#[allow(clippy::too_many_arguments)]
fn view_of(
    viewer: &Viewer,
    view: DocView,
    threads: Vec<ThreadView>,
    spaces: Vec<longhand_core::views::spaces::SpaceRecord>,
    zone: &TimeZone,
    notice: Option<&str>,
    unknown: &str,
    error: Option<String>,
) -> ViewPage {
    let doc = &view.doc;
    let sections = ParsedDoc::parse(&doc.body)
        .body()
        .headings()
        .iter()
        .map(|h| (h.anchor.clone(), h.text.clone()))
        .collect();
    ViewPage {
        chrome: Chrome::for_viewer(viewer, doc.title.clone(), "docs").with_notice(notice),
        doc: row(doc, zone),
        space_slug: doc.space_slug.clone(),
        intent: doc.intent.clone(),
        owner_handle: doc.owner_handle.clone(),
        audience: doc.classification.audience(),
        revision: doc.revision,
        created: when(doc.created_at, zone),
        tags: doc.tags.clone(),
        fields: doc
            .fields
            .iter()
            .filter(|(_, v)| !v.is_blank())
            .map(|(n, v)| (field_label(n), v.display()))
            .collect(),
        html: view.html.clone(),
        errors: view.findings.iter().filter(|f| f.is_error()).count(),
        findings: finding_rows(&view.findings),
        next_statuses: view.next_statuses.to_vec(),
        can_edit: view.rights.can_edit,
        can_govern: view.rights.can_govern,
        can_comment: view.rights.can_comment,
        sections,
        threads: threads.into_iter().map(|t| thread_row(t, zone)).collect(),
        backlinks: view.backlinks.iter().map(|d| row(d, zone)).collect(),
        readers: view
            .readers
            .iter()
            .map(|(_, h, n)| (h.clone(), n.clone()))
            .collect(),
        restricted: doc.classification == Classification::Restricted,
        shares: view
            .shares
            .iter()
            .map(|s| ShareRow {
                id: s.id,
                space: s.space_name.clone(),
                by: s.requested_by_handle.clone(),
                reason: s.reason.clone(),
                state: s.state.clone(),
                decided_by: s.decided_by_handle.clone().unwrap_or_default(),
            })
            .collect(),
        share_spaces: spaces
            .into_iter()
            .filter(|s| s.id != doc.space_id)
            .map(|s| (s.slug, s.name))
            .collect(),
        breadcrumbs: view.breadcrumbs.clone(),
        children: view
            .children
            .iter()
            .map(|c| (c.slug.clone(), c.title.clone()))
            .collect(),
        source_thread: doc.source_thread_id,
        asks: Vec::new(),
        parents: Vec::new(),
        is_handbook: doc.kind == "handbook",
        unknown: unknown.to_owned(),
        error,
        thread_error: None,
        review: crate::reviews::ReviewPanel::hidden(),
        decided_in: Vec::new(),
        in_log: doc.kind == ops::decisions::KIND,
        following: false,
    }
}

/// The decision records a proposal's rounds published, newest first (those the viewer may
/// read: the panel leaves out the others).
fn decisions_of(review: &crate::reviews::ReviewPanel) -> Vec<(String, String)> {
    review
        .current
        .iter()
        .chain(&review.history)
        .filter_map(|round| round.decision.clone())
        .collect()
}

/// A revision in the history list.
pub(crate) struct RevisionRow {
    number: i64,
    author: String,
    at: String,
    note: String,
    status: String,
}

#[derive(Template)]
#[template(path = "docs/history.html")]
struct HistoryPage {
    chrome: Chrome,
    slug: String,
    title: String,
    revisions: Vec<RevisionRow>,
}

/// GET /docs/{slug}/history
pub(crate) async fn history(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (doc, revisions) = docs::history(&state.app, &viewer.actor, &slug).await?;
    let zone = viewer_zone(&state, &viewer).await?;
    let page = HistoryPage {
        chrome: Chrome::for_viewer(&viewer, format!("History of {}", doc.title), "docs"),
        slug: doc.slug,
        title: doc.title,
        revisions: revisions
            .into_iter()
            .map(|r| RevisionRow {
                number: r.number,
                author: r.author_name,
                at: when(r.created_at, &zone),
                note: r.note,
                status: r.status,
            })
            .collect(),
    };
    Ok(render(&page))
}

/// One line of the diff, as the page shows it.
pub(crate) struct DiffLineRow {
    tag: &'static str,
    old: String,
    new: String,
    spans: Vec<(String, bool)>,
}

#[derive(Template)]
#[template(path = "docs/diff.html")]
struct DiffPage {
    chrome: Chrome,
    slug: String,
    title: String,
    from: i64,
    to: i64,
    from_label: String,
    to_label: String,
    hunks: Vec<Vec<DiffLineRow>>,
    added: usize,
    removed: usize,
    approximate: bool,
    numbers: Vec<i64>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct DiffParams {
    from: Option<i64>,
    to: Option<i64>,
}

/// GET /docs/{slug}/diff?from=&to=
pub(crate) async fn diff(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Query(params): Query<DiffParams>,
) -> Result<Response, PageError> {
    let doc = docs::current(&state.app, &viewer.actor, &slug).await?;
    let to = params.to.unwrap_or(doc.revision);
    let from = params.from.unwrap_or((to - 1).max(1));
    let view = docs::diff(&state.app, &viewer.actor, &slug, from, to).await?;
    let zone = viewer_zone(&state, &viewer).await?;
    let label = |r: &longhand_core::views::documents::RevisionRecord| {
        format!(
            "Revision {} · {} · {}",
            r.number,
            r.author_name,
            when(r.created_at, &zone)
        )
    };
    let page = DiffPage {
        chrome: Chrome::for_viewer(&viewer, format!("Changes to {}", doc.title), "docs"),
        slug: doc.slug.clone(),
        title: doc.title.clone(),
        from,
        to,
        from_label: label(&view.old),
        to_label: label(&view.new),
        hunks: view
            .diff
            .hunks
            .iter()
            .map(|hunk| {
                hunk.iter()
                    .map(|line| DiffLineRow {
                        tag: line.tag.as_str(),
                        old: line.old_number.map(|n| n.to_string()).unwrap_or_default(),
                        new: line.new_number.map(|n| n.to_string()).unwrap_or_default(),
                        spans: line
                            .spans
                            .iter()
                            .map(|s| (s.text.clone(), s.changed && line.tag != Tag::Same))
                            .collect(),
                    })
                    .collect()
            })
            .collect(),
        added: view.diff.added,
        removed: view.diff.removed,
        approximate: view.diff.approximate,
        numbers: (1..=doc.revision).rev().collect(),
    };
    Ok(render(&page))
}
