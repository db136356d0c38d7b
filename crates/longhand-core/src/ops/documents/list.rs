//! The documents list, a page at a time: newest change first, narrowed by space, kind and
//! status, continued from a cursor.
//!
//! The store walks an index in list order and pre-filters in SQL with clauses the read rule
//! implies; `readable` then decides each row exactly. A page is cut by rows looked at, not
//! rows kept, so the cursor is the last row looked at and a row the rule drops never makes a
//! page repeat or skip another.

use super::super::{Actor, App, OpResult, invalid};
use super::readable;
use crate::store::documents::{self as store_docs, ListFilter};
use crate::views::documents::DocumentRecord;
use longhand_domain::workspace::Role;

/// The page size when the caller names none.
pub const DEFAULT_LIMIT: i64 = 200;
/// The largest page a caller may ask for.
pub const MAX_LIMIT: i64 = 500;
/// How many store pages one list page may read before it answers with what it has: a
/// budget, so a reader who may see little cannot make one request walk every document.
const MAX_BATCHES: usize = 4;

/// Where a page of the documents list starts: just after the last document the previous
/// page looked at. Its text form (`MICROS.ID`) is opaque to clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocCursor {
    updated_at: i64,
    id: i64,
}

impl DocCursor {
    /// Reads a cursor a previous page handed out.
    pub fn parse(text: &str) -> OpResult<DocCursor> {
        let refuse = || invalid(format!("\"{text}\" is not a cursor this list handed out"));
        let (at, id) = text.split_once('.').ok_or_else(refuse)?;
        let updated_at = at.parse().map_err(|_| refuse())?;
        let id = id.parse().map_err(|_| refuse())?;
        Ok(DocCursor { updated_at, id })
    }

    fn of(doc: &DocumentRecord) -> DocCursor {
        DocCursor {
            updated_at: doc.updated_at.as_microsecond(),
            id: doc.id,
        }
    }
}

impl std::fmt::Display for DocCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.updated_at, self.id)
    }
}

/// What a document list is narrowed to, as the edge parsed it.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub space: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
    /// 1 to [`MAX_LIMIT`]; [`DEFAULT_LIMIT`] when not given.
    pub limit: Option<i64>,
    /// Continue after this document; the first page when not given.
    pub after: Option<DocCursor>,
}

/// A page of the list and where the next one starts, if there may be one.
#[derive(Debug, Clone)]
pub struct DocPage {
    pub docs: Vec<DocumentRecord>,
    pub next: Option<DocCursor>,
}

/// Documents the actor may read, latest change first, one page.
pub async fn list(app: &App, actor: &Actor, query: &ListQuery) -> OpResult<DocPage> {
    let mut conn = app.store().read().await?;
    let space_id = match &query.space {
        Some(slug) => Some(
            super::super::spaces::visible_space(&mut conn, actor, slug)
                .await?
                .id,
        ),
        None => None,
    };
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let mut filter = ListFilter {
        space_id,
        kind: query.kind.as_deref(),
        status: query.status.as_deref(),
        after: query.after.map(|c| (c.updated_at, c.id)),
        guest: actor.role == Role::Guest,
        limit: 0,
    };
    let mut page = DocPage {
        docs: Vec::new(),
        next: None,
    };
    for _ in 0..MAX_BATCHES {
        let want = limit - page.docs.len() as i64;
        // One row more than the page needs tells whether anything follows it.
        filter.limit = want + 1;
        let batch = store_docs::list(&mut conn, actor.id, &filter).await?;
        let fetched = batch.len();
        let more = fetched as i64 > want;
        let (looked, last) = take(&mut page.docs, batch, actor, limit);
        let Some(last) = last else {
            return Ok(page);
        };
        filter.after = Some((last.updated_at, last.id));
        page.next = (looked < fetched || more).then_some(last);
        if page.docs.len() as i64 == limit || !more {
            break;
        }
    }
    Ok(page)
}

/// Keeps the readable rows of a batch until the page holds `limit`; answers how many rows
/// it looked at and the last of them.
fn take(
    docs: &mut Vec<DocumentRecord>,
    batch: Vec<DocumentRecord>,
    actor: &Actor,
    limit: i64,
) -> (usize, Option<DocCursor>) {
    let mut looked = 0;
    let mut last = None;
    for doc in batch {
        if docs.len() as i64 == limit {
            break;
        }
        looked += 1;
        last = Some(DocCursor::of(&doc));
        if readable(actor, &doc) {
            docs.push(doc);
        }
    }
    (looked, last)
}
