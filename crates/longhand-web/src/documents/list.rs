//! The ways into documents: the documents list with its filters (and its text filter, which
//! lists what a search matches, by the search's page numbers), the new-document chooser (a
//! space and a template) and the handbook's tree of pages.

use super::edit::editor_for_new;
use super::{DocRow, non_empty, row};
use crate::asks::viewer_zone;
use crate::error::PageError;
use crate::search::{Pager, page_number};
use crate::view::{Chrome, render};
use crate::{AppState, Viewer};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use longhand_core::ops::documents::{
    self as docs, DocCursor, ListQuery, MATCHES_PER_PAGE, TextFilter,
};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "docs/list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<DocRow>,
    spaces: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    space: String,
    kind: String,
    status: String,
    can_write: bool,
    /// The next page's address, when there may be more.
    next: Option<String>,
    /// The cursor this page started from; empty on the first page.
    after: String,
    /// The text filter; empty when the list is not filtered by text.
    q: String,
    /// With a text filter: how many documents match, the pages, and how the text was read.
    total: u64,
    pager: Option<Pager>,
    notes: Vec<String>,
    /// The same text on the search page, which also finds threads, comments and asks.
    everywhere: String,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    #[serde(default)]
    space: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    status: String,
    /// Where the previous page stopped (a cursor it handed out).
    #[serde(default)]
    after: String,
    /// Text the documents must match, in the search box's language.
    #[serde(default)]
    q: String,
    /// The page of a text-filtered list (1-based).
    #[serde(default)]
    page: String,
}

/// How many documents one page of `/docs` shows.
const PER_PAGE: i64 = 50;

/// GET /docs
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<ListParams>,
) -> Result<Response, PageError> {
    if !params.q.trim().is_empty() {
        return text_filtered(&state, &viewer, params).await;
    }
    let after = non_empty(&params.after)
        .map(|text| DocCursor::parse(&text))
        .transpose()?;
    let query = ListQuery {
        space: non_empty(&params.space),
        kind: non_empty(&params.kind),
        status: non_empty(&params.status),
        limit: Some(PER_PAGE),
        after,
    };
    let found = docs::list(&state.app, &viewer.actor, &query).await?;
    let zone = viewer_zone(&state, &viewer).await?;
    let spaces = docs::writable_spaces(&state.app, &viewer.actor).await?;
    let page = ListPage {
        chrome: Chrome::for_viewer(&viewer, "Documents", "docs"),
        rows: found.docs.iter().map(|doc| row(doc, &zone)).collect(),
        next: found.next.map(|cursor| next_page(&params, cursor)),
        spaces: spaces.into_iter().map(|s| (s.slug, s.name)).collect(),
        kinds: kinds(),
        space: params.space,
        kind: params.kind,
        status: params.status,
        after: params.after,
        can_write: viewer.actor.role != longhand_domain::workspace::Role::Guest,
        q: String::new(),
        total: 0,
        pager: None,
        notes: Vec::new(),
        everywhere: String::new(),
    };
    Ok(render(&page))
}

/// GET /docs?q=… — the documents a search matches, best match first, keeping the space,
/// kind and status choices.
async fn text_filtered(
    state: &AppState,
    viewer: &Viewer,
    params: ListParams,
) -> Result<Response, PageError> {
    let filter = TextFilter {
        q: params.q.clone(),
        space: non_empty(&params.space),
        kind: non_empty(&params.kind),
        status: non_empty(&params.status),
        page: page_number(&params.page),
    };
    let found = docs::matching(&state.app, &viewer.actor, &filter).await?;
    let zone = viewer_zone(state, viewer).await?;
    let spaces = docs::writable_spaces(&state.app, &viewer.actor).await?;
    let pager = Pager::of(found.total, found.page, MATCHES_PER_PAGE, |page| {
        text_page(&params, page)
    });
    let page = ListPage {
        chrome: Chrome::for_viewer(viewer, "Documents", "docs"),
        rows: found.docs.iter().map(|doc| row(doc, &zone)).collect(),
        next: None,
        spaces: spaces.into_iter().map(|s| (s.slug, s.name)).collect(),
        kinds: kinds(),
        space: params.space,
        kind: params.kind,
        status: params.status,
        after: String::new(),
        can_write: viewer.actor.role != longhand_domain::workspace::Role::Guest,
        total: found.total,
        pager: Some(pager),
        notes: found.notes,
        everywhere: format!(
            "/search?{}",
            form_urlencoded::Serializer::new(String::new())
                .append_pair("q", &params.q)
                .finish()
        ),
        q: params.q,
    };
    Ok(render(&page))
}

/// The address of one page of a text-filtered list.
fn text_page(params: &ListParams, page: u32) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("q", &params.q);
    filters(&mut query, params);
    if page > 1 {
        query.append_pair("page", &page.to_string());
    }
    format!("/docs?{}", query.finish())
}

/// Adds the list's filters that are set to a page address.
fn filters(query: &mut form_urlencoded::Serializer<'_, String>, params: &ListParams) {
    for (key, value) in [
        ("space", &params.space),
        ("kind", &params.kind),
        ("status", &params.status),
    ] {
        if !value.trim().is_empty() {
            query.append_pair(key, value.trim());
        }
    }
}

/// The address of the page after `cursor`, with the same filters.
fn next_page(params: &ListParams, cursor: DocCursor) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    filters(&mut query, params);
    query.append_pair("after", &cursor.to_string());
    format!("/docs?{}", query.finish())
}

fn kinds() -> Vec<(String, String)> {
    longhand_domain::templates::builtins()
        .iter()
        .map(|t| (t.kind().as_str().to_owned(), t.name().to_owned()))
        .collect()
}

/// A template offered on the "new document" page.
struct TemplateCard {
    kind: String,
    name: String,
    custom: bool,
}

#[derive(Template)]
#[template(path = "docs/new.html")]
struct ChoosePage {
    chrome: Chrome,
    spaces: Vec<(String, String)>,
    space: String,
    templates: Vec<TemplateCard>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct NewParams {
    #[serde(default)]
    space: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent: String,
}

/// GET /docs/new — pick a space and a template, then the editor starts from its skeleton.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<NewParams>,
) -> Result<Response, PageError> {
    let spaces = docs::writable_spaces(&state.app, &viewer.actor).await?;
    let space = non_empty(&params.space)
        .or_else(|| spaces.first().map(|s| s.slug.clone()))
        .unwrap_or_default();
    if !params.kind.is_empty() && !space.is_empty() {
        return editor_for_new(&state, &viewer, &space, &params.kind, &params.parent).await;
    }
    let templates = if space.is_empty() {
        Vec::new()
    } else {
        docs::templates(&state.app, &viewer.actor, Some(&space)).await?
    };
    let page = ChoosePage {
        chrome: Chrome::for_viewer(&viewer, "New document", "docs"),
        spaces: spaces.into_iter().map(|s| (s.slug, s.name)).collect(),
        space,
        templates: templates
            .into_iter()
            .map(|info| TemplateCard {
                kind: info.template.kind().as_str().to_owned(),
                name: info.template.name().to_owned(),
                custom: info.custom,
            })
            .collect(),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "docs/handbook.html")]
struct HandbookPage {
    chrome: Chrome,
    entries: Vec<(String, String, usize, bool)>,
    spaces: Vec<(String, String)>,
    space: String,
    can_write: bool,
}

/// GET /handbook
pub(crate) async fn handbook(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<ListParams>,
) -> Result<Response, PageError> {
    let space = non_empty(&params.space);
    let entries = docs::handbook(&state.app, &viewer.actor, space.as_deref()).await?;
    let spaces = docs::writable_spaces(&state.app, &viewer.actor).await?;
    let page = HandbookPage {
        chrome: Chrome::for_viewer(&viewer, "Handbook", "handbook"),
        entries: entries
            .into_iter()
            .enumerate()
            .map(|(i, e)| (e.doc.slug, e.doc.title, e.depth, i == 0))
            .collect(),
        spaces: spaces.into_iter().map(|s| (s.slug, s.name)).collect(),
        space: params.space,
        can_write: viewer.actor.role != longhand_domain::workspace::Role::Guest,
    };
    Ok(render(&page))
}
