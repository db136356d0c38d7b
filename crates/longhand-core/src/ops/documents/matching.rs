//! The documents list's text filter: the documents a search matches, narrowed by the list's
//! own space, kind and status controls (structured fields of the request, never words added
//! to what the reader typed), a page at a time.
//!
//! The plain list pages by cursor along `updated_at`; a ranked search has no such order, so
//! a filtered list pages by the search's own page numbers instead. The search is a lookup
//! (not kept for the success rate: nobody opens a list row through `/search/open`), and
//! each hit is read back through [`load_readable`], like every other document read.

use super::super::search::{self, MAX_PAGE};
use super::super::{Actor, App, OpError, OpResult, invalid};
use super::load_readable;
use crate::views::documents::DocumentRecord;
use crate::views::search::{HitKind, SearchHit, SearchOrder, SearchRequest};

/// How many documents one page of a filtered list shows.
pub const MATCHES_PER_PAGE: u32 = 50;

/// A text filter over the documents list, as the edge read it.
#[derive(Debug, Clone, Default)]
pub struct TextFilter {
    /// The search box's text, in the query language of `/search`.
    pub q: String,
    /// A space's slug.
    pub space: Option<String>,
    /// A document kind (`rfc`, `adr`, a space's own kind).
    pub kind: Option<String>,
    pub status: Option<String>,
    /// 1-based, at most [`MAX_PAGE`].
    pub page: u32,
}

/// One page of the documents a text filter matches.
#[derive(Debug, Clone)]
pub struct MatchPage {
    pub docs: Vec<DocumentRecord>,
    /// How many readable documents match in all.
    pub total: u64,
    pub page: u32,
    /// How many pages there are (at least 1, at most [`MAX_PAGE`]).
    pub pages: u32,
    /// How the query was read, when not as written.
    pub notes: Vec<String>,
}

/// The documents (decision records included) the actor may read that match `filter`, best
/// match first.
pub async fn matching(app: &App, actor: &Actor, filter: &TextFilter) -> OpResult<MatchPage> {
    let req = SearchRequest {
        q: filter.q.clone(),
        order: SearchOrder::Relevance,
        page: filter.page,
        per_page: MATCHES_PER_PAGE,
        kinds: vec![HitKind::Document, HitKind::Decision],
        space: filter.space.clone(),
        doc_kinds: control("kind", filter.kind.as_deref())?,
        statuses: control("status", filter.status.as_deref())?,
    };
    let results = search::lookup(app, actor, &req).await?;
    let mut conn = app.store().read().await?;
    let mut docs = Vec::with_capacity(results.hits.len());
    for slug in results.hits.iter().filter_map(slug_of) {
        match load_readable(&mut conn, actor, slug).await {
            Ok(doc) => docs.push(doc),
            // Changed since the search read it: the list shows what the reader may open now.
            Err(OpError::NotFound(_)) => {}
            Err(err) => return Err(err),
        }
    }
    let pages = results
        .total
        .div_ceil(u64::from(MATCHES_PER_PAGE))
        .clamp(1, u64::from(MAX_PAGE));
    Ok(MatchPage {
        docs,
        total: results.total,
        page: results.page,
        pages: u32::try_from(pages).unwrap_or(MAX_PAGE),
        notes: results.notes,
    })
}

/// A kind or status control of the list, read as the index holds the value.
fn control(name: &str, value: Option<&str>) -> OpResult<Vec<String>> {
    value.map(|v| vocabulary(name, v)).into_iter().collect()
}

/// A kind or status as the query language reads one: lowercase letters, digits, `-`, `_`.
fn vocabulary(name: &str, raw: &str) -> OpResult<String> {
    let value = raw.trim().to_ascii_lowercase();
    let fits = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if fits {
        Ok(value)
    } else {
        Err(invalid(format!(
            "{name} \u{201c}{raw}\u{201d} is not a {name} name (letters, digits, - and _)"
        )))
    }
}

/// The slug of a document hit. The search links documents at `/docs/SLUG` and decision
/// records at `/decisions/SLUG` (`ops/search/hits.rs`); anything else is not a document.
fn slug_of(hit: &SearchHit) -> Option<&str> {
    hit.href
        .strip_prefix("/docs/")
        .or_else(|| hit.href.strip_prefix("/decisions/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, value: Option<&str>, expect: Result<&[&str], ()>) {
        let got = control(name, value).ok();
        let want = expect
            .ok()
            .map(|v| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(got, want, "{name} {value:?}");
    }

    #[test]
    fn the_lists_controls_are_read_as_the_index_holds_them() {
        check("kind", None, Ok(&[]));
        check("kind", Some("rfc"), Ok(&["rfc"]));
        check("status", Some(" Accepted "), Ok(&["accepted"]));
        check("kind", Some("vendor-review"), Ok(&["vendor-review"]));
        check("status", Some("in_review"), Ok(&["in_review"]));
    }

    #[test]
    fn a_control_that_is_not_a_name_is_refused_not_read_as_words() {
        check("status", Some("draft author:ana"), Err(()));
        check("kind", Some("rfc\""), Err(()));
        check("status", Some("   "), Err(()));
        check("kind", Some(&"k".repeat(65)), Err(()));
    }
}
