//! The decision log's pages: `/decisions` (the log, filtered with a form) and
//! `/decisions/{slug}` (one decision: its fields, where it was decided, its supersede chain in
//! both directions, the review it was published from — `history`), with
//! `/decisions/{slug}.md` as its Markdown export. `atom` writes the feeds the API serves; the
//! log page links them (`<link rel="alternate">` too).

pub(crate) mod atom;
mod history;

use crate::asks::viewer_zone;
use crate::error::PageError;
use crate::view::{Chrome, render};
use crate::{AppState, Viewer};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use longhand_core::ops::decisions::{self, DecisionQuery, Reader};
use longhand_core::ops::{documents as docs, invalid};
use longhand_core::views::decisions::{Decision, DecisionLink};
use longhand_core::wording;
use longhand_domain::documents::Lifecycle;
use serde::Deserialize;

/// The address the reader used, for the absolute links a feed needs: `https` when the server
/// was given an `https://` public URL, the request's `Host`.
pub(crate) fn feed_base(state: &AppState, headers: &HeaderMap) -> String {
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("{scheme}://{host}")
}

/// One end of a supersede relation, as the pages show it.
pub(crate) struct LinkRow {
    /// The other record's slug, when the reference names one the viewer may read.
    slug: Option<String>,
    label: String,
    status: String,
    /// The other record states the relation; this one says nothing.
    stated_there: bool,
}

fn link_rows(links: &[DecisionLink]) -> Vec<LinkRow> {
    links
        .iter()
        .map(|link| LinkRow {
            slug: link.target.as_ref().map(|t| t.slug.clone()),
            label: link
                .target
                .as_ref()
                .map_or_else(|| link.label().to_owned(), |t| t.title.clone()),
            status: link
                .target
                .as_ref()
                .map(|t| t.status.clone())
                .unwrap_or_default(),
            stated_there: link.written.is_none(),
        })
        .collect()
}

/// A decision as a row of the log.
pub(crate) struct DecisionRow {
    slug: String,
    title: String,
    status: String,
    owner: String,
    owner_handle: String,
    date: String,
    space: String,
    reversibility: String,
    category: String,
    supersedes: Vec<LinkRow>,
    superseded_by: Vec<LinkRow>,
}

/// The decision date, or the day it was recorded in the viewer's zone when it states none.
fn date_label(decision: &Decision, zone: &TimeZone) -> String {
    match decision.date {
        Some(date) => wording::date(date),
        None => format!(
            "recorded {}",
            wording::date(decision.doc.created_at.to_zoned(zone.clone()).date())
        ),
    }
}

fn row(decision: &Decision, zone: &TimeZone) -> DecisionRow {
    DecisionRow {
        slug: decision.doc.slug.clone(),
        title: decision.doc.title.clone(),
        status: decision.status.clone(),
        owner: decision.doc.owner_name.clone(),
        owner_handle: decision.doc.owner_handle.clone(),
        date: date_label(decision, zone),
        space: decision.doc.space_name.clone(),
        reversibility: decision.reversibility.clone().unwrap_or_default(),
        category: decision.category.clone().unwrap_or_default(),
        supersedes: link_rows(&decision.supersedes),
        superseded_by: link_rows(&decision.superseded_by),
    }
}

#[derive(Template)]
#[template(path = "decisions/log.html")]
struct LogPage {
    chrome: Chrome,
    rows: Vec<DecisionRow>,
    total: usize,
    page: usize,
    pages: usize,
    statuses: &'static [&'static str],
    spaces: Vec<(String, String)>,
    form: LogParams,
    filtered: bool,
    feed: String,
    /// The query string of the current filters without `page`, for the pager's links.
    pager_query: String,
}

/// The log's filter form, as typed.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct LogParams {
    #[serde(default)]
    status: String,
    #[serde(default)]
    space: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    reversibility: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    q: String,
    page: Option<usize>,
}

fn some(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn form_day(name: &str, raw: &str) -> Result<Option<Date>, PageError> {
    match some(raw) {
        None => Ok(None),
        Some(raw) => raw.parse().map(Some).map_err(|_| {
            PageError(invalid(format!(
                "{name} \"{raw}\" is not a date written YYYY-MM-DD"
            )))
        }),
    }
}

impl LogParams {
    fn query(&self) -> Result<DecisionQuery, PageError> {
        Ok(DecisionQuery {
            status: some(&self.status),
            space: some(&self.space),
            owner: some(&self.owner),
            reversibility: some(&self.reversibility),
            from: form_day("from", &self.from)?,
            to: form_day("to", &self.to)?,
            text: some(&self.q),
            page: self.page,
            per_page: None,
        })
    }

    fn is_filtered(&self) -> bool {
        [
            &self.status,
            &self.space,
            &self.owner,
            &self.reversibility,
            &self.from,
            &self.to,
            &self.q,
        ]
        .iter()
        .any(|value| !value.trim().is_empty())
    }

    fn pager_query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("status", &self.status),
            ("space", &self.space),
            ("owner", &self.owner),
            ("reversibility", &self.reversibility),
            ("from", &self.from),
            ("to", &self.to),
            ("q", &self.q),
        ] {
            if !value.trim().is_empty() {
                query.append_pair(key, value.trim());
            }
        }
        query.finish()
    }
}

/// GET /decisions
pub(crate) async fn log(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<LogParams>,
) -> Result<Response, PageError> {
    let query = params.query()?;
    let page = decisions::list(&state.app, Reader::Member(&viewer.actor), &query).await?;
    let zone = viewer_zone(&state, &viewer).await?;
    let spaces = docs::writable_spaces(&state.app, &viewer.actor).await?;
    let feed = match some(&params.space) {
        Some(space) => format!("/api/v1/spaces/{space}/decisions/feed.atom"),
        None => "/api/v1/decisions/feed.atom".to_owned(),
    };
    let page = LogPage {
        chrome: Chrome::for_viewer(&viewer, "Decisions", "decisions"),
        rows: page.items.iter().map(|d| row(d, &zone)).collect(),
        total: page.total,
        page: page.page,
        pages: page.pages(),
        statuses: Lifecycle::Decision.statuses(),
        spaces: spaces.into_iter().map(|s| (s.slug, s.name)).collect(),
        filtered: params.is_filtered(),
        pager_query: params.pager_query(),
        form: params,
        feed,
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "decisions/view.html")]
struct DecisionPage {
    chrome: Chrome,
    row: DecisionRow,
    recorded_status: String,
    space_slug: String,
    intent: String,
    deciders: Vec<String>,
    review_date: String,
    source: Option<(String, String, Option<String>)>,
    /// The review the record was published from; no section when there was none.
    history: Option<history::HistorySection>,
    html: String,
    updated: String,
}

/// GET /decisions/{slug}, and /decisions/{slug}.md for the Markdown export (slugs never hold
/// a dot, so the two cannot meet).
pub(crate) async fn view(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    if let Some(slug) = slug.strip_suffix(".md") {
        return markdown(&state, &viewer, slug).await;
    }
    let detail = decisions::get(&state.app, Reader::Member(&viewer.actor), &slug).await?;
    let zone = viewer_zone(&state, &viewer).await?;
    let decision = &detail.decision;
    let page = DecisionPage {
        chrome: Chrome::for_viewer(&viewer, decision.doc.title.clone(), "decisions"),
        row: row(decision, &zone),
        recorded_status: decision.doc.status.clone(),
        space_slug: decision.doc.space_slug.clone(),
        intent: decision.doc.intent.clone(),
        deciders: decision.deciders.clone(),
        review_date: decision.review_date.map(wording::date).unwrap_or_default(),
        source: detail
            .source
            .as_ref()
            .map(|s| (s.kind.as_str().to_owned(), s.label.clone(), s.href.clone())),
        history: detail.review.as_ref().map(|r| history::section(r, &zone)),
        html: detail.html.clone(),
        updated: wording::when(decision.doc.updated_at, &zone),
    };
    Ok(render(&page))
}

async fn markdown(state: &AppState, viewer: &Viewer, slug: &str) -> Result<Response, PageError> {
    let detail = decisions::get(&state.app, Reader::Member(&viewer.actor), slug).await?;
    let file = format!("attachment; filename=\"{}.md\"", detail.decision.doc.slug);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/markdown; charset=utf-8".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, file),
        ],
        decisions::markdown(&detail),
    )
        .into_response())
}
