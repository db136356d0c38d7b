//! Search pages: `/search` (the query box, order, filters with counts, highlighted snippets,
//! pages), `/search/quick` (the navigation's as-you-type list, which records nothing) and
//! `/search/open` (notes that a result was opened, then follows it on this site only).
//!
//! Snippets arrive as fragments and become `<mark>` in the template, auto-escaped: no HTML
//! from the engine reaches a page.

use super::asks::viewer_zone;
use super::error::{PageError, error_page, log_if_internal};
use super::redirect::site_path;
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use askama::Template;
use axum::extract::{Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::tz::TimeZone;
use longhand_core::ops::OpError;
use longhand_core::ops::search::{self, MAX_PAGE};
use longhand_core::views::search::{
    Facet, Fragment, HitKind, SearchHit, SearchOrder, SearchRequest, SearchResults,
};
use longhand_core::wording::when_dated;
use serde::Deserialize;

/// Results on one page of `/search`.
const PER_PAGE: u32 = 20;
/// Results in the navigation's quick list.
const QUICK_HITS: u32 = 6;

/// The search page's query string, read by hand because the kind checkboxes repeat `kind`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Params {
    q: String,
    order: String,
    page: String,
    kinds: Vec<String>,
    space: String,
}

impl Params {
    fn read(raw: Option<&str>) -> Params {
        let mut params = Params::default();
        for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            match key.as_ref() {
                "q" => params.q = value.into_owned(),
                "order" => params.order = value.trim().to_owned(),
                "page" => params.page = value.trim().to_owned(),
                "space" => params.space = value.trim().to_owned(),
                // `kind=a&kind=b` from the checkboxes, or `kind=a,b` as the API takes it.
                "kind" => {
                    for kind in value.split(',').map(str::trim).filter(|k| !k.is_empty()) {
                        if !params.kinds.iter().any(|k| k == kind) {
                            params.kinds.push(kind.to_owned());
                        }
                    }
                }
                _ => {}
            }
        }
        params
    }

    /// Whether there is anything to search for; otherwise the page shows the cheat sheet.
    fn searched(&self) -> bool {
        !self.q.trim().is_empty() || self.filtered()
    }

    fn filtered(&self) -> bool {
        !self.kinds.is_empty() || !self.space.is_empty()
    }

    /// The request, or why it cannot be made (said on the page, with a 422).
    fn request(&self, per_page: u32) -> Result<SearchRequest, String> {
        let order = match self.order.as_str() {
            "" => SearchOrder::Relevance,
            raw => SearchOrder::parse(raw)
                .ok_or_else(|| format!("the order “{raw}” must be relevance or newest"))?,
        };
        let kinds = self
            .kinds
            .iter()
            .map(|k| {
                HitKind::parse(k).ok_or_else(|| {
                    format!(
                        "the kind “{k}” must be document, decision, comment, thread, ask or checkin"
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SearchRequest {
            q: self.q.clone(),
            order,
            page: page_number(&self.page),
            per_page,
            kinds,
            space: (!self.space.is_empty()).then(|| self.space.clone()),
            doc_kinds: Vec::new(),
            statuses: Vec::new(),
        })
    }

    /// This search's address on another page, or with other filters.
    fn href(&self, page: u32) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("q", &self.q);
        if !self.order.is_empty() {
            query.append_pair("order", &self.order);
        }
        for kind in &self.kinds {
            query.append_pair("kind", kind);
        }
        if !self.space.is_empty() {
            query.append_pair("space", &self.space);
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        format!("/search?{}", query.finish())
    }
}

/// A page number from a query string: empty is the first page; anything that is not a
/// number reads as 0, which the search refuses with its own message.
pub(crate) fn page_number(raw: &str) -> u32 {
    match raw.trim() {
        "" => 1,
        text => text.parse().unwrap_or(0),
    }
}

/// Previous and next links around "page X of Y".
pub(crate) struct Pager {
    pub page: u32,
    pub pages: u32,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// The pager for `page` of `total` results, `per_page` a page, linking with `href`.
    pub(crate) fn of(total: u64, page: u32, per_page: u32, href: impl Fn(u32) -> String) -> Pager {
        let pages = total
            .div_ceil(u64::from(per_page.max(1)))
            .clamp(1, u64::from(MAX_PAGE));
        let pages = u32::try_from(pages).unwrap_or(MAX_PAGE);
        Pager {
            page,
            pages,
            prev: (page > 1).then(|| href(page.min(pages + 1) - 1)),
            next: (page < pages).then(|| href(page + 1)),
        }
    }
}

/// A filter choice with its count.
struct FilterOption {
    value: String,
    label: String,
    count: u64,
    checked: bool,
}

/// One result as the page shows it.
struct HitRow {
    kind: &'static str,
    kind_value: &'static str,
    title: String,
    open: String,
    space: Option<String>,
    author: Option<String>,
    status: Option<String>,
    when: String,
    datetime: String,
    snippet: Vec<Fragment>,
}

fn kind_name(kind: HitKind) -> &'static str {
    match kind {
        HitKind::Document => "Document",
        HitKind::Decision => "Decision",
        HitKind::Comment => "Comment",
        HitKind::Thread => "Thread",
        HitKind::Ask => "Ask",
        HitKind::Checkin => "Check-in",
    }
}

/// Where a result's link goes: through `/search/open` when the search was recorded, so the
/// opening counts for the success rate.
fn open_link(search_id: Option<i64>, href: &str) -> String {
    match search_id {
        Some(id) => {
            let to: String = form_urlencoded::byte_serialize(href.as_bytes()).collect();
            format!("/search/open?s={id}&to={to}")
        }
        None => href.to_owned(),
    }
}

fn hit_row(hit: &SearchHit, search_id: Option<i64>, zone: &TimeZone) -> HitRow {
    HitRow {
        kind: kind_name(hit.kind),
        kind_value: hit.kind.as_str(),
        title: hit.title.clone(),
        open: open_link(search_id, &hit.href),
        space: hit.space.as_ref().map(|(_, name)| name.clone()),
        author: hit.author.clone(),
        status: hit.status.clone(),
        when: when_dated(hit.at, zone),
        datetime: hit.at.to_string(),
        snippet: hit.snippet.clone(),
    }
}

/// Every kind, with its count in these results (0 when none match), checked as asked.
fn kind_options(facets: &[Facet], params: &Params) -> Vec<FilterOption> {
    HitKind::ALL
        .into_iter()
        .map(|kind| FilterOption {
            value: kind.as_str().to_owned(),
            label: kind.label().to_owned(),
            count: facets
                .iter()
                .find(|f| f.value == kind.as_str())
                .map_or(0, |f| f.count),
            checked: params.kinds.iter().any(|k| k == kind.as_str()),
        })
        .collect()
}

/// The spaces with matches, and the chosen one even when nothing in it matches.
fn space_options(facets: &[Facet], params: &Params) -> Vec<FilterOption> {
    let mut options: Vec<FilterOption> = facets
        .iter()
        .map(|f| FilterOption {
            value: f.value.clone(),
            label: f.label.clone(),
            count: f.count,
            checked: f.value == params.space,
        })
        .collect();
    if !params.space.is_empty() && !options.iter().any(|o| o.checked) {
        options.push(FilterOption {
            value: params.space.clone(),
            label: params.space.clone(),
            count: 0,
            checked: true,
        });
    }
    options
}

#[derive(Template)]
#[template(path = "search/page.html")]
struct SearchPage {
    chrome: Chrome,
    q: String,
    newest: bool,
    searched: bool,
    filtered: bool,
    /// No space is chosen.
    any_space: bool,
    kinds: Vec<FilterOption>,
    spaces: Vec<FilterOption>,
    hits: Vec<HitRow>,
    total: u64,
    /// The positions of the first and last hit shown, 1-based.
    first: u64,
    last: u64,
    pager: Pager,
    notes: Vec<String>,
    error: Option<String>,
    /// The same words without the kind and space choices.
    unfiltered: String,
}

impl SearchPage {
    fn new(viewer: &Viewer, params: &Params) -> SearchPage {
        let words: String = params.q.trim().chars().take(80).collect();
        let title = if words.is_empty() {
            "Search".to_owned()
        } else {
            format!("{words} — Search")
        };
        let unfiltered = Params {
            q: params.q.clone(),
            order: params.order.clone(),
            ..Params::default()
        };
        SearchPage {
            chrome: Chrome::for_viewer(viewer, title, "search"),
            q: params.q.clone(),
            newest: params.order == SearchOrder::Newest.as_str(),
            searched: params.searched(),
            filtered: params.filtered(),
            any_space: params.space.is_empty(),
            kinds: kind_options(&[], params),
            spaces: space_options(&[], params),
            hits: Vec::new(),
            total: 0,
            first: 0,
            last: 0,
            pager: Pager::of(0, 1, PER_PAGE, |p| params.href(p)),
            notes: Vec::new(),
            error: None,
            unfiltered: unfiltered.href(1),
        }
    }

    fn fill(&mut self, params: &Params, results: SearchResults, zone: &TimeZone) {
        self.kinds = kind_options(&results.kinds, params);
        self.spaces = space_options(&results.spaces, params);
        self.total = results.total;
        self.pager = Pager::of(results.total, results.page, results.per_page, |p| {
            params.href(p)
        });
        let skipped = u64::from(results.page - 1) * u64::from(results.per_page);
        self.first = skipped + 1;
        self.last = skipped + results.hits.len() as u64;
        self.hits = results
            .hits
            .iter()
            .map(|hit| hit_row(hit, results.search_id, zone))
            .collect();
        self.notes = results.notes;
    }

    /// The page with the reason a search could not run, as a 422.
    fn refused(mut self, message: String) -> Response {
        self.error = Some(message);
        (StatusCode::UNPROCESSABLE_ENTITY, render(&self)).into_response()
    }
}

/// GET /search
pub(crate) async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let params = Params::read(raw.as_deref());
    let mut page = SearchPage::new(&viewer, &params);
    if !params.searched() {
        return Ok(render(&page));
    }
    let req = match params.request(PER_PAGE) {
        Ok(req) => req,
        Err(message) => return Ok(page.refused(message)),
    };
    let zone = viewer_zone(&state, &viewer).await?;
    match search::search(&state.app, &viewer.actor, &req).await {
        Ok(results) => {
            page.fill(&params, results, &zone);
            Ok(render(&page))
        }
        Err(OpError::Invalid(message)) => Ok(page.refused(message)),
        Err(err) => Err(err.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct QuickParams {
    #[serde(default)]
    q: String,
}

/// One entry of the quick list.
struct QuickRow {
    title: String,
    href: String,
    kind: &'static str,
    space: Option<String>,
}

#[derive(Template)]
#[template(path = "search/quick.html")]
struct QuickList {
    q: String,
    hits: Vec<QuickRow>,
    all: String,
}

/// GET /search/quick — the navigation box's options as you type. A lookup, so typing does
/// not record one search per keystroke; "See all results" (or Enter) makes the real search.
pub(crate) async fn quick(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<QuickParams>,
) -> Result<Response, PageError> {
    let q = params.q.trim().to_owned();
    let mut list = QuickList {
        all: Params {
            q: q.clone(),
            ..Params::default()
        }
        .href(1),
        q,
        hits: Vec::new(),
    };
    if !list.q.is_empty() {
        let mut req = SearchRequest::new(list.q.clone());
        req.per_page = QUICK_HITS;
        let results = search::lookup(&state.app, &viewer.actor, &req).await?;
        list.hits = results
            .hits
            .into_iter()
            .map(|hit| QuickRow {
                kind: kind_name(hit.kind),
                space: hit.space.map(|(_, name)| name),
                title: hit.title,
                href: hit.href,
            })
            .collect();
    }
    Ok(render(&list))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct OpenParams {
    /// The search the result came from.
    #[serde(default)]
    s: String,
    /// Where the result is.
    #[serde(default)]
    to: String,
}

/// GET /search/open?s=&to= — notes that a result was opened and goes there, only if `to` is
/// a path on this site (a 400 otherwise). A search that is unknown or not the viewer's is
/// not their problem: the browser still goes to the (same-site) result.
pub(crate) async fn open(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<OpenParams>,
) -> Response {
    let Some(to) = site_path(&params.to) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Not a page of Longhand",
            "This link would leave Longhand, so it was not followed.".to_owned(),
        );
    };
    if let Ok(search_id) = params.s.trim().parse::<i64>()
        && let Err(err) = search::opened(&state.app, &viewer.actor, search_id, to).await
    {
        log_if_internal("/search/open", &err);
    }
    Redirect::to(to).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_and_comma_separated_kinds_are_read_once_each() {
        let params = Params::read(Some(
            "q=cache+%22flag%22&kind=decision&kind=thread,decision&space=+ops+&page=2&x=1",
        ));
        assert_eq!(params.q, "cache \"flag\"");
        assert_eq!(params.kinds, ["decision", "thread"]);
        assert_eq!(params.space, "ops");
        assert_eq!(params.page, "2");
        assert_eq!(
            params.href(3),
            "/search?q=cache+%22flag%22&kind=decision&kind=thread&space=ops&page=3"
        );
    }

    #[test]
    fn bad_controls_are_refused_with_a_reason() {
        let refused = |raw: &str| Params::read(Some(raw)).request(PER_PAGE).unwrap_err();
        assert!(refused("q=a&order=oldest").contains("oldest"));
        assert!(refused("q=a&kind=memo").contains("memo"));
        let req = Params::read(Some("q=a&page=abc"))
            .request(PER_PAGE)
            .unwrap();
        assert_eq!(req.page, 0, "the search refuses it with its own message");
        assert_eq!(Params::read(None).request(PER_PAGE).unwrap().page, 1);
    }

    #[test]
    fn the_pager_links_only_where_there_are_pages() {
        let href = |p: u32| format!("/p{p}");
        let one = Pager::of(0, 1, 20, href);
        assert_eq!((one.pages, one.prev, one.next), (1, None, None));
        let middle = Pager::of(41, 2, 20, href);
        assert_eq!(middle.pages, 3);
        assert_eq!(middle.prev.as_deref(), Some("/p1"));
        assert_eq!(middle.next.as_deref(), Some("/p3"));
        // Past the end (an old link after deletions): back to the last page there is.
        let past = Pager::of(41, 9, 20, href);
        assert_eq!((past.prev.as_deref(), past.next), (Some("/p3"), None));
        let capped = Pager::of(1_000_000, 1, 20, href);
        assert_eq!(capped.pages, MAX_PAGE);
    }

    #[test]
    fn opened_results_go_through_the_recorder_only_for_recorded_searches() {
        assert_eq!(
            open_link(Some(7), "/threads/3#c12"),
            "/search/open?s=7&to=%2Fthreads%2F3%23c12"
        );
        assert_eq!(open_link(None, "/docs/plan"), "/docs/plan");
    }
}
