//! Search results and the search success rate on the wire.

use longhand_core::views::search::{Facet, Fragment, SearchHit, SearchResults};
use longhand_domain::kpi::SearchSuccess;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One page of search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResultsDto {
    pub hits: Vec<SearchHitDto>,
    /// Matches in all, among the items you may open.
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub facets: FacetsDto,
    /// How the query was read where it differs from what was typed (an unclosed quote, an
    /// unknown filter, a space you cannot see).
    pub notes: Vec<String>,
    /// Send it to `POST /api/v1/search/opened` when a result is opened; null for an empty
    /// query.
    pub search_id: Option<i64>,
}

/// Matches by kind and by space, counting only items you may open.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetsDto {
    pub kinds: Vec<FacetDto>,
    pub spaces: Vec<FacetDto>,
}

/// One facet value.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetDto {
    /// What to filter by: a kind (`document`, `decision`, `comment`, `thread`, `ask`,
    /// `checkin`) or a
    /// space's slug.
    pub value: String,
    pub label: String,
    pub count: u64,
}

/// One result.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHitDto {
    /// `document`, `decision`, `comment`, `thread`, `ask` or `checkin`.
    pub kind: String,
    pub title: String,
    /// The site path to open it.
    pub href: String,
    pub space: Option<HitSpaceDto>,
    /// The author's handle.
    pub author: Option<String>,
    pub status: Option<String>,
    /// When it last changed (RFC 3339).
    pub at: String,
    /// The text around the match; `highlighted` pieces matched the query. Plain text.
    pub snippet: Vec<FragmentDto>,
}

/// A hit's space.
#[derive(Debug, Serialize, ToSchema)]
pub struct HitSpaceDto {
    pub slug: String,
    pub name: String,
}

/// A piece of a snippet.
#[derive(Debug, Serialize, ToSchema)]
pub struct FragmentDto {
    pub text: String,
    pub highlighted: bool,
}

/// A result opened after a search.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenedDto {
    /// The `search_id` of the results.
    pub search_id: i64,
    /// The `href` of the result opened.
    pub href: String,
}

/// The search success rate per week.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchSuccessDto {
    /// A search succeeds when a result is opened within this many seconds (60).
    pub window_seconds: i64,
    /// One row per ISO week (UTC) with searches, oldest first.
    pub weeks: Vec<SearchWeekDto>,
}

/// One week's searches.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchWeekDto {
    /// `YYYY-Www`, ISO 8601, UTC.
    pub week: String,
    /// The week's first instant (Monday 00:00 UTC).
    pub starts_at: String,
    pub searches: u32,
    pub successes: u32,
    /// `successes / searches`, between 0 and 1.
    pub rate: f64,
}

impl From<&Fragment> for FragmentDto {
    fn from(f: &Fragment) -> Self {
        FragmentDto {
            text: f.text.clone(),
            highlighted: f.highlighted,
        }
    }
}

impl From<&Facet> for FacetDto {
    fn from(f: &Facet) -> Self {
        FacetDto {
            value: f.value.clone(),
            label: f.label.clone(),
            count: f.count,
        }
    }
}

impl From<&SearchHit> for SearchHitDto {
    fn from(hit: &SearchHit) -> Self {
        SearchHitDto {
            kind: hit.kind.as_str().to_owned(),
            title: hit.title.clone(),
            href: hit.href.clone(),
            space: hit.space.as_ref().map(|(slug, name)| HitSpaceDto {
                slug: slug.clone(),
                name: name.clone(),
            }),
            author: hit.author.clone(),
            status: hit.status.clone(),
            at: hit.at.to_string(),
            snippet: hit.snippet.iter().map(FragmentDto::from).collect(),
        }
    }
}

impl From<&SearchResults> for SearchResultsDto {
    fn from(r: &SearchResults) -> Self {
        SearchResultsDto {
            hits: r.hits.iter().map(SearchHitDto::from).collect(),
            total: r.total,
            page: r.page,
            per_page: r.per_page,
            facets: FacetsDto {
                kinds: r.kinds.iter().map(FacetDto::from).collect(),
                spaces: r.spaces.iter().map(FacetDto::from).collect(),
            },
            notes: r.notes.clone(),
            search_id: r.search_id,
        }
    }
}

impl From<&SearchSuccess> for SearchWeekDto {
    fn from(w: &SearchSuccess) -> Self {
        SearchWeekDto {
            week: w.week.to_string(),
            starts_at: w.week.start().to_string(),
            searches: w.searches,
            successes: w.successes,
            rate: w.rate().unwrap_or(0.0),
        }
    }
}
