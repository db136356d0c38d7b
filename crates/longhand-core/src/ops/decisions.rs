//! The decision log (DESIGN.md §2.4): every decision record (`adr` document) — written here,
//! elevated from a thread, recorded from a meeting's outcome or imported — listed with
//! filters, one decision with where it was decided, the review it was published from
//! (`history`) and its supersede chain in both directions, Atom feeds of new and changed decisions, and review-date reminders.
//!
//! The log adds no table: a decision is a document, read through the same rule as every
//! document (`documents::readable`), so the log, a decision's page, its feed and its export
//! never show a record the reader may not read. Statuses and supersede links are computed
//! over the records the reader may read (see `graph`), so they cannot reveal another.
//!
//! The command line reads the log as the workspace's operator ([`Reader::Operator`]): whoever
//! runs the binary against the database holds every record already, as `backup` does.

mod cache;
mod export;
mod graph;
mod history;
mod review;

pub(crate) use cache::LogCache;
pub use export::markdown;
pub use history::ending as round_ending;
pub(crate) use review::{in_force, review_date, schedule_review};

use super::documents::readable;
use super::spaces::visible_space;
use super::{Actor, App, OpError, OpResult, invalid, named};
use crate::render;
use crate::store::documents as store_docs;
use crate::store::events as store_events;
use crate::store::planned_meetings as store_meetings;
use crate::store::spaces as store_spaces;
use crate::store::threads as store_threads;
use crate::views::decisions::{
    Decision, DecisionDetail, DecisionFeed, DecisionPage, DecisionSource, SourceKind,
};
use crate::views::documents::DocumentRecord;
use jiff::civil::Date;
use longhand_domain::decisions::{SourceRef, source_ref};
use longhand_domain::documents::{Lifecycle, lifecycle_of};
use sqlx::AnyConnection;
use std::sync::Arc;

/// The template kind of decision records.
pub const KIND: &str = "adr";

/// How many decisions a page of the log holds unless asked, and at most.
pub const PER_PAGE: usize = 50;
pub const MAX_PER_PAGE: usize = 200;

/// How many entries a feed holds: the latest changes.
pub const FEED_ENTRIES: usize = 50;

/// Who reads the log.
#[derive(Debug, Clone, Copy)]
pub enum Reader<'a> {
    /// A member: only what they may read.
    Member(&'a Actor),
    /// The operator at the command line: every record (see the module documentation).
    Operator,
}

impl Reader<'_> {
    fn may_read(&self, doc: &DocumentRecord) -> bool {
        match self {
            Reader::Member(actor) => readable(actor, doc),
            Reader::Operator => true,
        }
    }
}

/// What the log is narrowed to, as the edge received it; [`list`] checks every value.
#[derive(Debug, Clone, Default)]
pub struct DecisionQuery {
    /// A status as the log shows it (`superseded` includes accepted records someone replaced).
    pub status: Option<String>,
    /// A space's slug.
    pub space: Option<String>,
    /// The owner's handle, with or without `@`.
    pub owner: Option<String>,
    /// `reversible` or `irreversible`.
    pub reversibility: Option<String>,
    /// Decided on or after this day, and on or before `to` (the `date` field).
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Words in the title, intent or body (case-insensitive).
    pub text: Option<String>,
    /// 1-based; 1 when not given.
    pub page: Option<usize>,
    pub per_page: Option<usize>,
}

/// The filters, checked.
struct Filters {
    status: Option<&'static str>,
    space: Option<String>,
    owner: Option<String>,
    reversibility: Option<&'static str>,
    from: Option<Date>,
    to: Option<Date>,
    words: Vec<String>,
}

fn blank_is_none(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Filters {
    fn parse(query: &DecisionQuery) -> OpResult<Filters> {
        let status = blank_is_none(&query.status)
            .map(|s| Lifecycle::Decision.parse(s))
            .transpose()
            .map_err(invalid)?;
        let reversibility = match blank_is_none(&query.reversibility) {
            None => None,
            Some(r) if r.eq_ignore_ascii_case("reversible") => Some("reversible"),
            Some(r) if r.eq_ignore_ascii_case("irreversible") => Some("irreversible"),
            Some(other) => {
                return Err(invalid(format!(
                    "unknown reversibility \"{other}\"; expected reversible or irreversible"
                )));
            }
        };
        if let (Some(from), Some(to)) = (query.from, query.to)
            && from > to
        {
            return Err(invalid(format!(
                "the date range is empty: {from} is after {to}"
            )));
        }
        let words = blank_is_none(&query.text)
            .map(|t| t.split_whitespace().map(str::to_lowercase).collect())
            .unwrap_or_default();
        Ok(Filters {
            status,
            space: blank_is_none(&query.space).map(str::to_ascii_lowercase),
            owner: blank_is_none(&query.owner)
                .map(|o| o.trim_start_matches('@').to_ascii_lowercase()),
            reversibility,
            from: query.from,
            to: query.to,
            words,
        })
    }

    fn keeps(&self, d: &Decision) -> bool {
        let dated = |check: fn(Date, Date) -> bool, bound: Option<Date>| match bound {
            None => true,
            Some(bound) => d.date.is_some_and(|date| check(date, bound)),
        };
        self.status.is_none_or(|s| d.status == s)
            && self.space.as_ref().is_none_or(|s| d.doc.space_slug == *s)
            && self.owner.as_ref().is_none_or(|o| d.doc.owner_handle == *o)
            && self
                .reversibility
                .is_none_or(|r| d.reversibility.as_deref() == Some(r))
            && dated(|date, from| date >= from, self.from)
            && dated(|date, to| date <= to, self.to)
            && self.matches_words(d)
    }

    fn matches_words(&self, d: &Decision) -> bool {
        if self.words.is_empty() {
            return true;
        }
        let haystack = format!("{}\n{}\n{}", d.doc.title, d.doc.intent, d.doc.body).to_lowercase();
        self.words.iter().all(|word| haystack.contains(word))
    }
}

/// Every decision the reader may read, with statuses and links computed among them.
async fn readable_log(conn: &mut AnyConnection, reader: Reader<'_>) -> OpResult<Vec<Decision>> {
    let records = match reader {
        Reader::Member(actor) => store_docs::of_kind(conn, actor.id, KIND).await?,
        Reader::Operator => store_docs::all_of_kind(conn, KIND).await?,
    };
    let records = records.into_iter().filter(|d| reader.may_read(d)).collect();
    Ok(graph::decisions(records))
}

/// Refuses a space the reader cannot see, as every other list does.
async fn check_space(conn: &mut AnyConnection, reader: Reader<'_>, slug: &str) -> OpResult<()> {
    match reader {
        Reader::Member(actor) => visible_space(conn, actor, slug).await.map(drop),
        Reader::Operator => store_spaces::by_slug(conn, 0, slug)
            .await
            .map(drop)
            .map_err(named("space")),
    }
}

/// Newest decision first: by decision date (the day it was recorded when it states none),
/// then by when it was written.
fn newest_first(log: &mut [Decision]) {
    let day = |d: &Decision| {
        d.date
            .unwrap_or_else(|| d.doc.created_at.to_zoned(jiff::tz::TimeZone::UTC).date())
    };
    log.sort_by_key(|d| std::cmp::Reverse((day(d), d.doc.created_at, d.doc.id)));
}

/// A page of the log: the decisions the reader may read that pass the filters, newest first.
pub async fn list(app: &App, reader: Reader<'_>, query: &DecisionQuery) -> OpResult<DecisionPage> {
    let filters = Filters::parse(query)?;
    let per_page = query.per_page.unwrap_or(PER_PAGE).clamp(1, MAX_PER_PAGE);
    let page = query.page.unwrap_or(1).max(1);
    let mut conn = app.store().read().await?;
    if let Some(space) = &filters.space {
        check_space(&mut conn, reader, space).await?;
    }
    let skip = (page - 1).saturating_mul(per_page);
    let (items, total) = if filters.words.is_empty() {
        let log = cached_log(app, &mut conn, reader).await?;
        page_of(log.iter().filter(|d| filters.keeps(d)), skip, per_page)
    } else {
        // Words are looked for in bodies, which the kept logs leave out.
        let mut log = readable_log(&mut conn, reader).await?;
        newest_first(&mut log);
        page_of(log.iter().filter(|d| filters.keeps(d)), skip, per_page)
    };
    Ok(DecisionPage {
        items,
        total,
        page,
        per_page,
    })
}

/// The decisions on one page, and how many there are in all.
fn page_of<'d>(
    found: impl Iterator<Item = &'d Decision>,
    skip: usize,
    per_page: usize,
) -> (Vec<Decision>, usize) {
    let mut total = 0;
    let mut items = Vec::new();
    for decision in found {
        if total >= skip && items.len() < per_page {
            items.push(decision.clone());
        }
        total += 1;
    }
    (items, total)
}

/// The reader's log, newest first, without bodies: kept per reader until the next event
/// (see `cache`), so paging and filtering it reads only the event log's head.
async fn cached_log(
    app: &App,
    conn: &mut AnyConnection,
    reader: Reader<'_>,
) -> OpResult<Arc<Vec<Decision>>> {
    // The version is read before the records: a change landing in between makes the kept
    // log newer than its key, never older, and the next request's key differs anyway.
    let key = cache::Key {
        reader: match reader {
            Reader::Member(actor) => Some((actor.id, actor.role.as_str())),
            Reader::Operator => None,
        },
        head: log_version(app, conn).await?,
    };
    if let Some(log) = app.decision_logs().get(&key) {
        return Ok(log);
    }
    let _building = app.decision_logs().building().await;
    if let Some(log) = app.decision_logs().get(&key) {
        return Ok(log);
    }
    let viewer = match reader {
        Reader::Member(actor) => Some(actor.id),
        Reader::Operator => None,
    };
    let records = store_docs::outlines_of_kind(conn, viewer, KIND)
        .await?
        .into_iter()
        .filter(|d| reader.may_read(d))
        .collect();
    let mut log = graph::decisions(records);
    newest_first(&mut log);
    let log = Arc::new(log);
    app.decision_logs().insert(key, Arc::clone(&log));
    Ok(log)
}

/// The decision logs' version now, looking only at events this process has not seen.
async fn log_version(app: &App, conn: &mut AnyConnection) -> OpResult<i64> {
    let seen = app.decision_logs().seen();
    let newer = store_events::latest_kinds_after(conn, seen.examined, cache::WINDOW).await?;
    let seen = seen.advance(&newer);
    app.decision_logs().saw(seen);
    Ok(seen.version)
}

/// One decision with its source and rendered body. A document that is not a decision record
/// is "not found" here, like one the reader may not read.
pub async fn get(app: &App, reader: Reader<'_>, slug: &str) -> OpResult<DecisionDetail> {
    let mut conn = app.store().read().await?;
    let slug = slug.trim().to_ascii_lowercase();
    let mut decision = cached_log(app, &mut conn, reader)
        .await?
        .iter()
        .find(|d| d.doc.slug == slug)
        .cloned()
        .ok_or(OpError::NotFound("decision"))?;
    decision.doc.body = store_docs::by_id(&mut conn, viewer_id(reader), decision.doc.id)
        .await?
        .body;
    let source = source(&mut conn, reader, &decision.doc).await?;
    let review = history::of_record(&mut conn, reader, &decision.doc).await?;
    Ok(DecisionDetail {
        html: render::to_html(&decision.doc.body),
        source,
        review,
        decision,
    })
}

/// Where a decision was made: the meeting whose outcome recorded it, the thread it was
/// elevated from, or what its `source` field names — each only when the reader may see it.
async fn source(
    conn: &mut AnyConnection,
    reader: Reader<'_>,
    doc: &DocumentRecord,
) -> OpResult<Option<DecisionSource>> {
    if let Some(id) = store_meetings::meeting_of_decision(conn, doc.id).await?
        && let Some(found) = meeting_source(conn, reader, id).await?
    {
        return Ok(Some(found));
    }
    if let Some(id) = doc.source_thread_id
        && let Some(found) = thread_source(conn, reader, id).await?
    {
        return Ok(Some(found));
    }
    match graph::text(doc, "source") {
        Some(written) => written_source(conn, reader, &written).await.map(Some),
        None => Ok(None),
    }
}

async fn meeting_source(
    conn: &mut AnyConnection,
    reader: Reader<'_>,
    id: i64,
) -> OpResult<Option<DecisionSource>> {
    let visible = match reader {
        Reader::Member(actor) => super::planned_meetings::load_visible(conn, actor, id)
            .await
            .map(|(meeting, _, _)| meeting),
        Reader::Operator => store_meetings::by_id(conn, 0, id)
            .await
            .map_err(named("meeting")),
    };
    hidden_is_none(visible.map(|meeting| DecisionSource {
        kind: SourceKind::Meeting,
        label: meeting.title,
        href: Some(format!("/meetings/planned/{id}")),
    }))
}

async fn thread_source(
    conn: &mut AnyConnection,
    reader: Reader<'_>,
    id: i64,
) -> OpResult<Option<DecisionSource>> {
    if let Reader::Member(actor) = reader
        && let Err(err) = super::threads::check_visible(conn, actor, id).await
    {
        return hidden_is_none(Err(err));
    }
    let thread = store_threads::by_id(conn, id)
        .await
        .map_err(named("thread"));
    hidden_is_none(thread.map(|thread| DecisionSource {
        kind: SourceKind::Thread,
        label: thread.title,
        href: Some(format!("/threads/{id}")),
    }))
}

/// A source the reader may not see (or that is gone) is no source: "not found" becomes `None`.
fn hidden_is_none<T>(found: OpResult<T>) -> OpResult<Option<T>> {
    match found {
        Ok(value) => Ok(Some(value)),
        Err(OpError::NotFound(_)) => Ok(None),
        Err(err) => Err(err),
    }
}

/// The place a `source` field names; what cannot be resolved (or may not be seen) is shown
/// as written, never as a link.
async fn written_source(
    conn: &mut AnyConnection,
    reader: Reader<'_>,
    written: &str,
) -> OpResult<DecisionSource> {
    let as_written = || DecisionSource {
        kind: SourceKind::Text,
        label: written.to_owned(),
        href: None,
    };
    let found = match source_ref(written) {
        SourceRef::Document(slug) => document_source(conn, reader, &slug).await?,
        SourceRef::Thread(id) => thread_source(conn, reader, id).await?,
        SourceRef::Meeting(id) => meeting_source(conn, reader, id).await?,
        SourceRef::Link { url, label } => Some(DecisionSource {
            kind: SourceKind::Link,
            label: label.unwrap_or_else(|| url.clone()),
            href: Some(url),
        }),
        SourceRef::Text(_) => None,
    };
    Ok(found.unwrap_or_else(as_written))
}

async fn document_source(
    conn: &mut AnyConnection,
    reader: Reader<'_>,
    slug: &str,
) -> OpResult<Option<DecisionSource>> {
    let doc = store_docs::by_slug(conn, viewer_id(reader), slug)
        .await
        .map_err(named("document"));
    let doc = hidden_is_none(doc)?.filter(|doc| reader.may_read(doc));
    Ok(doc.map(|doc| DecisionSource {
        kind: SourceKind::Proposal,
        label: doc.title,
        href: Some(format!("/docs/{}", doc.slug)),
    }))
}

fn viewer_id(reader: Reader<'_>) -> i64 {
    match reader {
        Reader::Member(actor) => actor.id,
        Reader::Operator => 0,
    }
}

/// The latest new and changed decisions the actor may read, of one space or of the whole
/// workspace, latest change first.
///
/// The entries come from the reader's kept log (no bodies), and only the few entries the
/// feed holds have their bodies read: a feed reader polling every few minutes must not read
/// every decision record's body each time.
pub async fn feed(app: &App, actor: &Actor, space: Option<&str>) -> OpResult<DecisionFeed> {
    let mut conn = app.store().read().await?;
    let space = match space {
        Some(slug) => Some(visible_space(&mut conn, actor, slug).await?),
        None => None,
    };
    let log = cached_log(app, &mut conn, Reader::Member(actor)).await?;
    let mut entries: Vec<Decision> = log
        .iter()
        .filter(|d| space.as_ref().is_none_or(|s| d.doc.space_id == s.id))
        .cloned()
        .collect();
    entries.sort_by_key(|d| std::cmp::Reverse((d.doc.updated_at, d.doc.id)));
    entries.truncate(FEED_ENTRIES);
    for entry in &mut entries {
        entry.doc.body = store_docs::by_id(&mut conn, actor.id, entry.doc.id)
            .await?
            .body;
    }
    Ok(DecisionFeed {
        updated: entries.first().map(|d| d.doc.updated_at),
        space: space.map(|s| (s.slug, s.name)),
        entries,
    })
}

/// Whether a document kind is the decision record's (the review reminder is scheduled only
/// for those).
pub(crate) fn is_decision(kind: &str) -> bool {
    lifecycle_of(kind) == Lifecycle::Decision
}
