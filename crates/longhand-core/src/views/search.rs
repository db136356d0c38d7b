//! What a search hands out: the request as the surfaces fill it, and the results — hits with
//! highlighted snippets (as fragments, never HTML), facet counts and notes on how the query
//! was read.
//!
//! Architecture Invariant: every hit and every count here covers only items the searcher may
//! open right now (`ops::search` filters inside the index query, then re-checks each hit of
//! the page against the database).

use jiff::Timestamp;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchOrder {
    /// Best match first (BM25 with the title weighted up), newer first among equals.
    #[default]
    Relevance,
    /// Newest first.
    Newest,
}

impl SearchOrder {
    /// `relevance` or `newest`.
    pub fn as_str(self) -> &'static str {
        match self {
            SearchOrder::Relevance => "relevance",
            SearchOrder::Newest => "newest",
        }
    }

    /// Reads `relevance` or `newest`.
    pub fn parse(raw: &str) -> Option<SearchOrder> {
        match raw.trim() {
            "relevance" => Some(SearchOrder::Relevance),
            "newest" => Some(SearchOrder::Newest),
            _ => None,
        }
    }
}

/// What kind of thing a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HitKind {
    /// A document that is not a decision record.
    Document,
    /// A decision record (an `adr` document).
    Decision,
    /// A comment in a thread.
    Comment,
    /// A thread (on a document or a topic in a space).
    Thread,
    /// An ask.
    Ask,
    /// A member's check-in answer (done, next, note, blockers, help).
    Checkin,
}

impl HitKind {
    /// Every kind, in the order facets list them.
    pub const ALL: [HitKind; 6] = [
        HitKind::Document,
        HitKind::Decision,
        HitKind::Comment,
        HitKind::Thread,
        HitKind::Ask,
        HitKind::Checkin,
    ];

    /// `document`, `decision`, `comment`, `thread`, `ask` or `checkin`.
    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Document => "document",
            HitKind::Decision => "decision",
            HitKind::Comment => "comment",
            HitKind::Thread => "thread",
            HitKind::Ask => "ask",
            HitKind::Checkin => "checkin",
        }
    }

    /// Reads the textual form.
    pub fn parse(raw: &str) -> Option<HitKind> {
        HitKind::ALL.into_iter().find(|k| k.as_str() == raw.trim())
    }

    /// A plural label for facets: "Documents", "Decisions", ….
    pub fn label(self) -> &'static str {
        match self {
            HitKind::Document => "Documents",
            HitKind::Decision => "Decisions",
            HitKind::Comment => "Comments",
            HitKind::Thread => "Threads",
            HitKind::Ask => "Asks",
            HitKind::Checkin => "Check-ins",
        }
    }
}

/// A search as a surface asks for it. `kinds` and `space` are the page's filter controls,
/// applied on top of what `q` says; `doc_kinds` and `statuses` are the documents list's,
/// kept out of `q` so what the reader typed stays only their text (and within its budgets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    pub q: String,
    pub order: SearchOrder,
    /// 1-based.
    pub page: u32,
    /// 1 to 50.
    pub per_page: u32,
    /// Empty: every kind.
    pub kinds: Vec<HitKind>,
    /// A space's slug.
    pub space: Option<String>,
    /// Only documents of these kinds (`rfc`, `adr`, a space's own); empty: no such filter.
    pub doc_kinds: Vec<String>,
    /// Only items with one of these statuses; empty: no such filter.
    pub statuses: Vec<String>,
}

impl SearchRequest {
    /// The first page of 20 results for `q`, by relevance.
    pub fn new(q: impl Into<String>) -> SearchRequest {
        SearchRequest {
            q: q.into(),
            order: SearchOrder::Relevance,
            page: 1,
            per_page: 20,
            kinds: Vec::new(),
            space: None,
            doc_kinds: Vec::new(),
            statuses: Vec::new(),
        }
    }
}

/// A piece of a snippet; `highlighted` pieces matched the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    pub text: String,
    pub highlighted: bool,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub kind: HitKind,
    pub title: String,
    /// The site path to open it: `/docs/slug`, `/decisions/slug`, `/threads/7`,
    /// `/threads/7#c12` (a comment), `/asks/3`, `/checkins/core/ana/2026-03-02`.
    pub href: String,
    /// The space's slug and name.
    pub space: Option<(String, String)>,
    /// The author's (or owner's, or asker's) handle.
    pub author: Option<String>,
    pub status: Option<String>,
    /// When it last changed.
    pub at: Timestamp,
    pub snippet: Vec<Fragment>,
}

/// A count of results by one value (a kind, a space).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    /// The value to filter by (`decision`, a space's slug).
    pub value: String,
    pub label: String,
    pub count: u64,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// How many readable items match in all.
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    /// Matches by kind, over readable items only (before the request's kind filter, so the
    /// page can offer the others).
    pub kinds: Vec<Facet>,
    /// Matches by space, over readable items only (before the request's space filter).
    pub spaces: Vec<Facet>,
    /// How the query was read, when not as written.
    pub notes: Vec<String>,
    /// The recorded search, for `ops::search::opened`.
    pub search_id: Option<i64>,
}
