//! The handbook: handbook pages arranged in a tree per space, with a "Start here" page (the
//! first page at the top), breadcrumbs, and moving or reordering pages.

use super::super::{Actor, App, OpError, OpResult, commit, forbidden, invalid};
use super::{load_readable, readable, rights};
use crate::store::documents::{self as store_docs};
use crate::views::documents::DocumentRecord;
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// Pages deeper than this are shown at this depth; it also stops a corrupt cycle.
const MAX_DEPTH: usize = 12;

/// One page of the handbook tree, with its depth (0 at the top).
#[derive(Debug, Clone)]
pub struct HandbookEntry {
    pub doc: DocumentRecord,
    pub depth: usize,
}

/// The handbook pages the actor may read, in tree order. A readable page under a page the
/// actor may not read is shown at the top, so hiding a parent never hides its children's
/// existence from people allowed to read them — nor reveals the parent.
pub async fn handbook(
    app: &App,
    actor: &Actor,
    space: Option<&str>,
) -> OpResult<Vec<HandbookEntry>> {
    let mut conn = app.store().read().await?;
    let space_id = match space {
        Some(slug) => Some(
            super::super::spaces::visible_space(&mut conn, actor, slug)
                .await?
                .id,
        ),
        None => None,
    };
    let pages: Vec<DocumentRecord> = store_docs::handbook(&mut conn, actor.id, space_id)
        .await?
        .into_iter()
        .filter(|doc| readable(actor, doc))
        .collect();
    Ok(tree(pages))
}

fn tree(pages: Vec<DocumentRecord>) -> Vec<HandbookEntry> {
    let present: Vec<i64> = pages.iter().map(|p| p.id).collect();
    let mut children: HashMap<Option<i64>, Vec<DocumentRecord>> = HashMap::new();
    for page in pages {
        let parent = page.parent_id.filter(|id| present.contains(id));
        children.entry(parent).or_default().push(page);
    }
    let mut out = Vec::new();
    walk(&mut children, None, 0, &mut out);
    out
}

fn walk(
    children: &mut HashMap<Option<i64>, Vec<DocumentRecord>>,
    parent: Option<i64>,
    depth: usize,
    out: &mut Vec<HandbookEntry>,
) {
    let Some(mut pages) = children.remove(&parent) else {
        return;
    };
    pages.sort_by(|a, b| (a.position, &a.title).cmp(&(b.position, &b.title)));
    for page in pages {
        let id = page.id;
        out.push(HandbookEntry {
            doc: page,
            depth: depth.min(MAX_DEPTH),
        });
        walk(children, Some(id), depth + 1, out);
    }
}

/// The readable ancestors of a page, top first, as (slug, title).
pub(crate) async fn breadcrumbs(
    conn: &mut AnyConnection,
    actor: &Actor,
    doc: &DocumentRecord,
) -> OpResult<Vec<(String, String)>> {
    let mut crumbs = Vec::new();
    let mut next = doc.parent_id;
    while let Some(id) = next {
        if crumbs.len() >= MAX_DEPTH {
            break;
        }
        let parent = store_docs::by_id(conn, actor.id, id).await?;
        next = parent.parent_id;
        if readable(actor, &parent) {
            crumbs.push((parent.slug, parent.title));
        }
    }
    crumbs.reverse();
    Ok(crumbs)
}

/// The id of a parent page for a new page: a readable handbook page in the same space.
pub(crate) async fn parent_in(
    conn: &mut AnyConnection,
    actor: &Actor,
    slug: &str,
    space_id: i64,
) -> OpResult<i64> {
    let parent = load_readable(conn, actor, slug).await?;
    if parent.kind != "handbook" || parent.space_id != space_id {
        return Err(invalid(
            "a parent must be a handbook page in the same space",
        ));
    }
    Ok(parent.id)
}

async fn is_descendant(
    conn: &mut AnyConnection,
    actor: &Actor,
    page: i64,
    candidate: i64,
) -> OpResult<bool> {
    let mut next = Some(candidate);
    let mut steps = 0;
    while let Some(id) = next {
        if id == page {
            return Ok(true);
        }
        steps += 1;
        if steps > MAX_DEPTH * 4 {
            return Ok(true);
        }
        next = store_docs::by_id(conn, actor.id, id).await?.parent_id;
    }
    Ok(false)
}

/// Moves a handbook page under `parent` (or to the top) at `position` among its siblings
/// (0 is first; past the end is last). The first page at the top is "Start here".
pub async fn move_page(
    app: &App,
    actor: &Actor,
    slug: &str,
    parent: Option<&str>,
    position: usize,
) -> OpResult<()> {
    let mut tx = app.store().write().await?;
    let page = load_readable(&mut tx, actor, slug).await?;
    if page.kind != "handbook" {
        return Err(invalid("only handbook pages are arranged in the handbook"));
    }
    if !rights(actor, &page).can_edit {
        return Err(forbidden("you can read this page but not move it"));
    }
    let parent_id = match parent {
        Some(parent) => {
            let id = parent_in(&mut tx, actor, parent, page.space_id).await?;
            if is_descendant(&mut tx, actor, page.id, id).await? {
                return Err(invalid(
                    "a page cannot move under itself or one of its own pages",
                ));
            }
            Some(id)
        }
        None => None,
    };
    let mut siblings: Vec<DocumentRecord> =
        store_docs::handbook(&mut tx, actor.id, Some(page.space_id))
            .await?
            .into_iter()
            .filter(|doc| doc.parent_id == parent_id && doc.id != page.id)
            .collect();
    siblings.sort_by(|a, b| (a.position, &a.title).cmp(&(b.position, &b.title)));
    let at = position.min(siblings.len());
    let mut order: Vec<i64> = siblings.iter().map(|doc| doc.id).collect();
    order.insert(at, page.id);
    for (index, id) in order.iter().enumerate() {
        let parent_of = if *id == page.id {
            parent_id
        } else {
            siblings
                .iter()
                .find(|d| d.id == *id)
                .and_then(|d| d.parent_id)
        };
        store_docs::place(&mut tx, *id, parent_of, index as i64).await?;
    }
    let payload = json!({"slug": page.slug, "parent": parent, "position": at});
    app.record(&mut tx, Some(actor), "document.moved", payload)
        .await?;
    commit(tx).await.map_err(|err: OpError| err)
}
