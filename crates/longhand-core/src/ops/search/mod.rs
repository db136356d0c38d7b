//! Search across documents, decisions, threads, comments, asks and check-ins.
//!
//! A search reads the query (`longhand_domain::search::parse`), lets the index catch up with
//! the event log (bounded, so a slow catch-up delays an answer rather than failing it), then
//! asks the index with the searcher's permission filter inside the query, counts the facets
//! over the same filtered matches, and reads every hit of the page back from the database
//! through its area's readable check. Each search is kept (no event: it changes nothing in
//! the workspace) so the success rate can be computed.
//!
//! Architecture Invariant: results are permission-filtered inside the index query — so no
//! count or facet covers an item the searcher could not open — and every returned hit is
//! re-checked against the database.

mod facets;
mod filter_cache;
mod hits;
mod index;
mod items;
mod query;
mod snippet;
mod tail;

pub use items::BuildProgress;
pub(crate) use tail::Engine;
pub use tail::{BuildSummary, catch_up, rebuild, tail};

use super::{Actor, App, OpError, OpResult, commit, invalid};
use crate::store::search as store;
use crate::views::search::{Facet, HitKind, SearchOrder, SearchRequest, SearchResults};
use facets::{Counts, KindSpaceCounts};
use hits::{Loader, SpaceNames};
use jiff::Timestamp;
use longhand_domain::kpi::{SearchRun, SearchSuccess, search_success};
use longhand_domain::search::{Filter, Query as Parsed, parse};
use longhand_domain::workspace::Role;
use query::{Resolved, Viewer};
use snippet::Highlighter;
use sqlx::AnyConnection;
use std::time::Duration;
use tantivy::collector::TopDocs;
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::schema::Value;
use tantivy::{DocAddress, Order, TantivyDocument};

/// The most results on one page.
pub const MAX_PER_PAGE: u32 = 50;
/// The deepest page: nobody reads past the 5,000th result, and the index would have to rank
/// them all.
pub const MAX_PAGE: u32 = 100;
/// How long a search waits for the index to catch up before answering from what it has.
const CATCH_UP_BUDGET: Duration = Duration::from_secs(3);

/// Whether a search is kept for the success rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// A search someone can follow by opening a result (the page, the API).
    Recorded,
    /// A search nobody opens results of (the command line).
    Unrecorded,
}

/// Searches what the actor may read, and keeps the search for the success rate.
pub async fn search(app: &App, actor: &Actor, req: &SearchRequest) -> OpResult<SearchResults> {
    run(app, actor, req, Keep::Recorded).await
}

/// Searches what the actor may read without keeping the search (`longhand search`, where
/// no result is ever "opened").
pub async fn lookup(app: &App, actor: &Actor, req: &SearchRequest) -> OpResult<SearchResults> {
    run(app, actor, req, Keep::Unrecorded).await
}

async fn run(app: &App, actor: &Actor, req: &SearchRequest, keep: Keep) -> OpResult<SearchResults> {
    check_request(req)?;
    let parsed = parse(&req.q);
    let mut results = SearchResults {
        hits: Vec::new(),
        total: 0,
        page: req.page,
        per_page: req.per_page,
        kinds: Vec::new(),
        spaces: Vec::new(),
        notes: parsed.notes.clone(),
        search_id: None,
    };
    let unfiltered = req.kinds.is_empty()
        && req.space.is_none()
        && req.doc_kinds.is_empty()
        && req.statuses.is_empty();
    if parsed.is_empty() && unfiltered {
        return Ok(results);
    }
    catch_up_bounded(app).await;
    let index = app
        .search_engine()
        .index()
        .await
        .map_err(OpError::Internal)?;
    let mut conn = app.store().read().await?;
    let viewer = viewer(&mut conn, actor).await?;
    let mut filters = resolve(&mut conn, actor, &parsed, &viewer, &mut results.notes).await?;
    filters.doc_kinds.clone_from(&req.doc_kinds);
    filters.required_statuses.clone_from(&req.statuses);
    let page_space = match &req.space {
        Some(slug) => Some(space_in(&mut conn, slug, &viewer, &mut results.notes).await?),
        None => None,
    };
    let searcher = index.reader.searcher();
    let base = query::build(&index, &searcher, &parsed, &filters, &viewer);
    let (counts, keys) = if req.kinds.is_empty() && page_space.is_none() {
        // Nothing narrows the page: one pass over the matches gives both.
        page_and_counts(&searcher, base.as_ref(), req, &index.fields)?
    } else {
        let narrowed = query::narrowed(&index.fields, base.box_clone(), &req.kinds, page_space);
        let counts = searcher
            .search(base.as_ref(), &KindSpaceCounts)
            .map_err(|e| OpError::Internal(e.into()))?;
        let keys = page_keys(&searcher, narrowed.as_ref(), req, &index.fields)?;
        (counts, keys)
    };
    let spaces = space_names(&mut conn).await?;
    facet_counts(&mut results, &counts, req, page_space, &spaces);
    let highlighter = Highlighter::new(&index.index, &parsed);
    let known = super::threads::visible_spaces(&mut conn, actor).await?;
    let loader = Loader {
        actor,
        index: &index.index,
        highlighter: &highlighter,
        spaces: &spaces,
        known: &known,
    };
    for key in keys {
        if let Some(hit) = loader.hit(&mut conn, &key).await? {
            results.hits.push(hit);
        }
    }
    drop(conn);
    if keep == Keep::Recorded {
        results.search_id = Some(record(app, actor, &req.q, results.total).await?);
    }
    Ok(results)
}

fn check_request(req: &SearchRequest) -> OpResult<()> {
    if !(1..=MAX_PER_PAGE).contains(&req.per_page) {
        return Err(invalid(format!(
            "per_page must be between 1 and {MAX_PER_PAGE}"
        )));
    }
    if !(1..=MAX_PAGE).contains(&req.page) {
        return Err(invalid(format!("page must be between 1 and {MAX_PAGE}")));
    }
    Ok(())
}

/// Lets the index catch up for at most [`CATCH_UP_BUDGET`]; the catch-up goes on in the
/// background if it takes longer, and the search answers from what is committed.
async fn catch_up_bounded(app: &App) {
    let work = tokio::spawn({
        let app = app.clone();
        async move { catch_up(&app).await }
    });
    match tokio::time::timeout(CATCH_UP_BUDGET, work).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(err))) => {
            tracing::error!(error = %format!("{err:#}"), "the search index could not catch up");
        }
        Ok(Err(err)) => tracing::error!(error = %err, "the search index catch-up stopped"),
        Err(_) => tracing::warn!("the search index is behind; answering from what it has"),
    }
}

async fn viewer(conn: &mut AnyConnection, actor: &Actor) -> OpResult<Viewer> {
    let member_of = store::member_spaces(conn, actor.id).await?;
    let mut visible = member_of.clone();
    if actor.role != Role::Guest {
        visible.extend(store::open_spaces(conn).await?);
        visible.sort_unstable();
        visible.dedup();
    }
    Ok(Viewer {
        id: actor.id,
        role: actor.role,
        visible,
        member_of,
        teams: store::member_teams(conn, actor.id).await?,
        dri_teams: store::dri_teams(conn, actor.id).await?,
    })
}

/// A space slug the viewer can see, as an id; `None` (matching nothing) with a note when
/// there is no such space for them — a private space they are not in reads as absent.
async fn space_in(
    conn: &mut AnyConnection,
    slug: &str,
    viewer: &Viewer,
    notes: &mut Vec<String>,
) -> OpResult<Option<i64>> {
    let slug = slug.trim().to_ascii_lowercase();
    let id = store::space_id(conn, &slug)
        .await?
        .filter(|id| viewer.visible.contains(id));
    if id.is_none() {
        notes.push(format!(
            "there is no space \u{201c}{slug}\u{201d} you can see"
        ));
    }
    Ok(id)
}

async fn resolve(
    conn: &mut AnyConnection,
    actor: &Actor,
    parsed: &Parsed,
    viewer: &Viewer,
    notes: &mut Vec<String>,
) -> OpResult<Resolved> {
    let mut resolved = Resolved::default();
    let needs_zone = parsed
        .filters
        .iter()
        .any(|f| matches!(f, Filter::Before(_) | Filter::After(_)));
    let zone = if needs_zone {
        super::checkins::calendar_of_member(conn, actor.id)
            .await?
            .time_zone()
            .clone()
    } else {
        jiff::tz::TimeZone::UTC
    };
    for filter in &parsed.filters {
        match filter {
            Filter::Kind(kind) => resolved.kinds.push(kind.clone()),
            Filter::Status(status) => resolved.statuses.push(status.clone()),
            Filter::Space(slug) => resolved
                .spaces
                .push(space_in(conn, slug.as_str(), viewer, notes).await?),
            Filter::Author(handle) => {
                let id = store::member_id(conn, handle.as_str()).await?;
                if id.is_none() {
                    notes.push(format!("there is no member @{}", handle.as_str()));
                }
                resolved.authors.push(id);
            }
            Filter::Before(day) => {
                let at = day_start(*day, &zone);
                resolved.before = Some(resolved.before.map_or(at, |b| b.min(at)));
            }
            Filter::After(day) => {
                let at = day_start(*day, &zone);
                resolved.after = Some(resolved.after.map_or(at, |a| a.max(at)));
            }
        }
    }
    Ok(resolved)
}

/// The first microsecond of a day in a zone.
fn day_start(day: jiff::civil::Date, zone: &jiff::tz::TimeZone) -> i64 {
    day.to_zoned(zone.clone())
        .map_or(i64::MIN, |z| z.timestamp().as_microsecond())
}

async fn space_names(conn: &mut AnyConnection) -> OpResult<SpaceNames> {
    Ok(store::space_names(conn)
        .await?
        .into_iter()
        .map(|(id, slug, name)| (id, (slug, name)))
        .collect())
}

/// Fills the total and the facets from the per-(kind, space) counts: kinds over the page's
/// space choice, spaces over its kind choice, the total over both.
fn facet_counts(
    results: &mut SearchResults,
    counts: &Counts,
    req: &SearchRequest,
    page_space: Option<Option<i64>>,
    spaces: &SpaceNames,
) {
    let kind_ok = |code: u64| {
        req.kinds.is_empty() || items::kind_of(code).is_some_and(|k| req.kinds.contains(&k))
    };
    let space_ok = |space: u64| match page_space {
        None => true,
        Some(want) => want.and_then(|w| u64::try_from(w).ok()) == Some(space),
    };
    let mut by_kind: std::collections::BTreeMap<HitKind, u64> = Default::default();
    let mut by_space: std::collections::BTreeMap<u64, u64> = Default::default();
    for (&(kind, space), &n) in counts {
        if space_ok(space)
            && let Some(kind) = items::kind_of(kind)
        {
            *by_kind.entry(kind).or_default() += n;
        }
        if kind_ok(kind) && space != 0 {
            *by_space.entry(space).or_default() += n;
        }
        if kind_ok(kind) && space_ok(space) {
            results.total += n;
        }
    }
    results.kinds = by_kind
        .into_iter()
        .map(|(kind, count)| Facet {
            value: kind.as_str().to_owned(),
            label: kind.label().to_owned(),
            count,
        })
        .collect();
    let mut facets: Vec<Facet> = by_space
        .into_iter()
        .filter_map(|(id, count)| {
            let (slug, name) = spaces.get(&i64::try_from(id).ok()?)?;
            Some(Facet {
                value: slug.clone(),
                label: name.clone(),
                count,
            })
        })
        .collect();
    facets.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    results.spaces = facets;
}

/// The page's entries, best first, as the order asks: by score then newest, or newest.
fn top(req: &SearchRequest) -> TopDocs {
    let per_page = req.per_page as usize;
    TopDocs::with_limit(per_page).and_offset(per_page * (req.page as usize - 1))
}

fn newest() -> SortByStaticFastValue<i64> {
    SortByStaticFastValue::<i64>::for_field("at")
}

fn internal(e: tantivy::TantivyError) -> OpError {
    OpError::Internal(e.into())
}

/// The keys of the page's entries, in order.
fn page_keys(
    searcher: &tantivy::Searcher,
    query: &dyn tantivy::query::Query,
    req: &SearchRequest,
    f: &index::Fields,
) -> OpResult<Vec<String>> {
    let addresses: Vec<DocAddress> = match req.order {
        SearchOrder::Relevance => searcher
            .search(
                query,
                &top(req).order_by((
                    (SortBySimilarityScore, Order::Desc),
                    (newest(), Order::Desc),
                )),
            )
            .map_err(internal)?
            .into_iter()
            .map(|(_, a)| a)
            .collect(),
        SearchOrder::Newest => searcher
            .search(query, &top(req).order_by((newest(), Order::Desc)))
            .map_err(internal)?
            .into_iter()
            .map(|(_, a)| a)
            .collect(),
    };
    keys_of(searcher, addresses, f)
}

/// The counts and the page's keys from one pass over the matches.
fn page_and_counts(
    searcher: &tantivy::Searcher,
    query: &dyn tantivy::query::Query,
    req: &SearchRequest,
    f: &index::Fields,
) -> OpResult<(Counts, Vec<String>)> {
    let (counts, addresses): (Counts, Vec<DocAddress>) = match req.order {
        SearchOrder::Relevance => {
            let order = top(req).order_by((
                (SortBySimilarityScore, Order::Desc),
                (newest(), Order::Desc),
            ));
            let (counts, page) = searcher
                .search(query, &(KindSpaceCounts, order))
                .map_err(internal)?;
            (counts, page.into_iter().map(|(_, a)| a).collect())
        }
        SearchOrder::Newest => {
            let order = top(req).order_by((newest(), Order::Desc));
            let (counts, page) = searcher
                .search(query, &(KindSpaceCounts, order))
                .map_err(internal)?;
            (counts, page.into_iter().map(|(_, a)| a).collect())
        }
    };
    Ok((counts, keys_of(searcher, addresses, f)?))
}

fn keys_of(
    searcher: &tantivy::Searcher,
    addresses: Vec<DocAddress>,
    f: &index::Fields,
) -> OpResult<Vec<String>> {
    let mut keys = Vec::with_capacity(addresses.len());
    for address in addresses {
        let doc: TantivyDocument = searcher.doc(address).map_err(internal)?;
        if let Some(key) = doc.get_first(f.key).and_then(|v| v.as_str()) {
            keys.push(key.to_owned());
        }
    }
    Ok(keys)
}

/// Keeps the search for the success rate: bookkeeping, not a change to the workspace, so no
/// event (like a session).
async fn record(app: &App, actor: &Actor, q: &str, total: u64) -> OpResult<i64> {
    let kept: String = q
        .chars()
        .take(longhand_domain::search::MAX_INPUT_CHARS)
        .collect();
    let mut tx = app.store().write().await?;
    let id = store::record_search(
        &mut tx,
        actor.id,
        app.now(),
        &kept,
        i64::try_from(total).unwrap_or(i64::MAX),
    )
    .await?;
    commit(tx).await?;
    Ok(id)
}

/// The longest `href` kept for an opened result.
const MAX_HREF_CHARS: usize = 500;

/// Notes that the actor opened a result of their search `search_id`; the first opening counts.
pub async fn opened(app: &App, actor: &Actor, search_id: i64, href: &str) -> OpResult<()> {
    let href = href.trim();
    if !href.starts_with('/') || href.chars().count() > MAX_HREF_CHARS {
        return Err(invalid(format!(
            "href must be a site path starting with / of at most {MAX_HREF_CHARS} characters"
        )));
    }
    super::one_line("href", href)?;
    let mut tx = app.store().write().await?;
    let found = store::mark_opened(&mut tx, search_id, actor.id, app.now(), href).await?;
    commit(tx).await?;
    if found {
        Ok(())
    } else {
        Err(OpError::NotFound("search"))
    }
}

/// The most weeks in one success-rate answer.
pub const MAX_WEEKS: u32 = 52;

/// The search success rate per ISO week (UTC) for the `weeks` weeks up to and including the
/// current one; weeks without searches have no row. Members and admins only, as the other
/// insights.
pub async fn success_rate(app: &App, actor: &Actor, weeks: u32) -> OpResult<Vec<SearchSuccess>> {
    if actor.role == Role::Guest {
        return Err(super::forbidden(
            "insights are for members of the workspace",
        ));
    }
    if !(1..=MAX_WEEKS).contains(&weeks) {
        return Err(invalid(format!("weeks must be between 1 and {MAX_WEEKS}")));
    }
    let now = app.now();
    let this_week = longhand_domain::kpi::IsoWeek::of(now).start();
    let from = this_week
        .checked_sub(jiff::SignedDuration::from_hours(
            24 * 7 * i64::from(weeks - 1),
        ))
        .unwrap_or(Timestamp::MIN);
    let mut conn = app.store().read().await?;
    let runs = store::search_runs(
        &mut conn,
        from,
        now.checked_add(jiff::SignedDuration::from_secs(1))
            .unwrap_or(now),
    )
    .await?;
    Ok(search_success(
        runs.into_iter()
            .map(|(at, opened_at)| SearchRun { at, opened_at }),
    ))
}
