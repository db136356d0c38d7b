//! A parsed query (`longhand_domain::search::Query`) as a tantivy query, with the reader's
//! permission filter inside it.
//!
//! Words match the stemmed title (weighted up) or text; a word of five letters or more also
//! matches words a typo away (`allowed_edits`), scored below an exact match. Prefixes and
//! typos run against the unstemmed `words` field, where "deploym*" still finds "deployment".
//! Filters and the permission filter score nothing, so they never change the order.
//!
//! Typos are looked for only when the word as typed is rare in the index (fewer than
//! [`TYPO_WHEN_UNDER`] entries hold it): a word found in thousands of entries is spelled as
//! the workspace spells it, and expanding it would walk the postings of every neighbour for
//! nothing but noise. The permission filter is kept per segment and reader
//! (`filter_cache`).

use super::filter_cache::{Cached, ViewerKey};
use super::index::{Fields, SearchIndex};
use super::items::kind_code;
use crate::views::search::HitKind;
use longhand_domain::search::{Query as Parsed, Term as QTerm, allowed_edits};
use longhand_domain::workspace::Role;
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, Searcher, Term};

/// How much more a word in the title counts than one in the text.
const TITLE_BOOST: f32 = 3.0;
/// What a match one typo away adds, below any exact match's BM25 score.
const TYPO_SCORE: f32 = 0.3;
/// A word held by at least this many entries is not expanded to its typo neighbours.
const TYPO_WHEN_UNDER: u64 = 50;

/// What building a query reads: the analyzers, the fields, and the term statistics.
struct Ctx<'a> {
    index: &'a Index,
    f: &'a Fields,
    searcher: &'a Searcher,
}

impl Ctx<'_> {
    /// Whether a word (as typed, unstemmed) is rare enough to be a typo.
    fn is_rare(&self, raw: &str) -> bool {
        let term = Term::from_field_text(self.f.words, raw);
        self.searcher
            .doc_freq(&term)
            .map_or(true, |n| n < TYPO_WHEN_UNDER)
    }
}

/// Who is searching, as the permission filter needs it.
#[derive(Debug, Clone)]
pub(crate) struct Viewer {
    pub id: i64,
    pub role: Role,
    /// Spaces the viewer may see (their own, and workspace-visible ones unless a guest).
    pub visible: Vec<i64>,
    /// Spaces the viewer belongs to.
    pub member_of: Vec<i64>,
    pub teams: Vec<i64>,
    /// Teams the viewer is the DRI of.
    pub dri_teams: Vec<i64>,
}

impl Viewer {
    /// The teams whose check-ins the viewer sees, as `ops::checkins` decides: those they are
    /// in, and those they lead unless a guest (who sees only teams they are in). `None`:
    /// every team's, for an admin.
    fn checkin_teams(&self) -> Option<Vec<i64>> {
        match self.role {
            Role::Admin => None,
            Role::Guest => Some(self.teams.clone()),
            Role::Member => Some(self.teams.iter().chain(&self.dri_teams).copied().collect()),
        }
    }
}

/// The filters of the query with names resolved to ids; `None` in a list means a value that
/// names nothing (so the filter matches nothing).
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolved {
    pub kinds: Vec<String>,
    pub spaces: Vec<Option<i64>>,
    pub authors: Vec<Option<i64>>,
    pub statuses: Vec<String>,
    /// The request's own document kinds and statuses (`SearchRequest::doc_kinds`,
    /// `statuses`): each list one more condition, on top of the query's.
    pub doc_kinds: Vec<String>,
    pub required_statuses: Vec<String>,
    /// Microseconds: on or after.
    pub after: Option<i64>,
    /// Microseconds: strictly before.
    pub before: Option<i64>,
}

/// The tokens an analyzer makes of `text`.
pub(crate) fn tokens(index: &Index, analyzer: &str, text: &str) -> Vec<String> {
    let Some(mut analyzer) = index.tokenizers().get(analyzer) else {
        return Vec::new();
    };
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn u64_term(field: Field, value: i64) -> Term {
    Term::from_field_u64(field, u64::try_from(value).unwrap_or(u64::MAX))
}

fn any_of(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if clauses.is_empty() {
        return Box::new(EmptyQuery);
    }
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn all_of(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

/// Matches without scoring.
fn unscored(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// The clauses that find one term (word, prefix, phrase), scored.
fn term_clause(cx: &Ctx<'_>, term: &QTerm) -> Option<Box<dyn Query>> {
    let f = cx.f;
    match term {
        QTerm::Word(word) => word_clause(cx, word),
        QTerm::Phrase(phrase) => {
            let stems = tokens(cx.index, "en_stem", phrase);
            stems_clause(f, &stems)
        }
        QTerm::Prefix(prefix) => {
            let raw = tokens(cx.index, "default", prefix);
            let (last, before) = raw.split_last()?;
            let prefix: Box<dyn Query> = Box::new(FuzzyTermQuery::new_prefix(
                Term::from_field_text(f.words, last),
                0,
                true,
            ));
            let mut clauses: Vec<Box<dyn Query>> =
                before.iter().filter_map(|w| word_clause(cx, w)).collect();
            clauses.push(prefix);
            Some(all_of(clauses))
        }
    }
}

fn word_clause(cx: &Ctx<'_>, word: &str) -> Option<Box<dyn Query>> {
    let stems = tokens(cx.index, "en_stem", word);
    let mut clause = stems_clause(cx.f, &stems)?;
    let raw = tokens(cx.index, "default", word);
    if let [single] = raw.as_slice() {
        let edits = allowed_edits(single);
        if edits > 0 && cx.is_rare(single) {
            let typo: Box<dyn Query> = Box::new(FuzzyTermQuery::new(
                Term::from_field_text(cx.f.words, single),
                edits,
                true,
            ));
            clause = any_of(vec![
                clause,
                Box::new(ConstScoreQuery::new(typo, TYPO_SCORE)),
            ]);
        }
    }
    Some(clause)
}

/// One stem in the title or text, or several as a phrase in either.
fn stems_clause(f: &Fields, stems: &[String]) -> Option<Box<dyn Query>> {
    let in_field = |field: Field| -> Box<dyn Query> {
        match stems {
            [one] => term_query(field, one),
            many => Box::new(PhraseQuery::new(
                many.iter()
                    .map(|s| Term::from_field_text(field, s))
                    .collect(),
            )),
        }
    };
    if stems.is_empty() {
        return None;
    }
    Some(any_of(vec![
        Box::new(BoostQuery::new(in_field(f.title), TITLE_BOOST)),
        in_field(f.text),
    ]))
}

/// The permission filter: an entry matches when the viewer could open it.
pub(crate) fn readable_by(f: &Fields, viewer: &Viewer) -> Box<dyn Query> {
    let reach = |spaces: &[i64]| -> Box<dyn Query> {
        Box::new(TermSetQuery::new(
            spaces.iter().map(|s| u64_term(f.reach, *s)),
        ))
    };
    let class = |name: &str| term_query(f.class, name);
    let me = |field: Field| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            u64_term(field, viewer.id),
            IndexRecordOption::Basic,
        ))
    };
    let mut ways: Vec<Box<dyn Query>> = vec![
        me(f.owner),
        all_of(vec![class("public"), reach(&viewer.visible)]),
        all_of(vec![class("confidential"), reach(&viewer.member_of)]),
        all_of(vec![class("restricted"), me(f.reader)]),
        all_of(vec![
            class("ask"),
            any_of(vec![
                me(f.reader),
                Box::new(TermSetQuery::new(
                    viewer.teams.iter().map(|t| u64_term(f.team, *t)),
                )),
            ]),
        ]),
    ];
    if viewer.role != Role::Guest {
        ways.push(all_of(vec![class("internal"), reach(&viewer.visible)]));
    }
    ways.push(match viewer.checkin_teams() {
        None => class("checkin"),
        Some(teams) => all_of(vec![
            class("checkin"),
            Box::new(TermSetQuery::new(
                teams.iter().map(|t| u64_term(f.team, *t)),
            )),
        ]),
    });
    unscored(any_of(ways))
}

/// The query's own filters (`kind:`, `space:`, …), each an unscored clause.
fn filter_clauses(f: &Fields, filters: &Resolved) -> Vec<Box<dyn Query>> {
    let mut out = Vec::new();
    if !filters.kinds.is_empty() {
        let kinds = filters
            .kinds
            .iter()
            .map(|kind| match HitKind::parse(kind) {
                Some(hit) => Box::new(TermQuery::new(
                    Term::from_field_u64(f.kind, kind_code(hit)),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
                None => term_query(f.doc_kind, kind),
            })
            .collect();
        out.push(any_of(kinds));
    }
    let ids = |field: Field, values: &[Option<i64>]| -> Box<dyn Query> {
        Box::new(TermSetQuery::new(
            values.iter().flatten().map(|v| u64_term(field, *v)),
        ))
    };
    if !filters.spaces.is_empty() {
        out.push(ids(f.space, &filters.spaces));
    }
    if !filters.authors.is_empty() {
        out.push(ids(f.author, &filters.authors));
    }
    if !filters.statuses.is_empty() {
        out.push(any_of(
            filters
                .statuses
                .iter()
                .map(|s| term_query(f.status, s))
                .collect(),
        ));
    }
    for (field, values) in [
        (f.doc_kind, &filters.doc_kinds),
        (f.status, &filters.required_statuses),
    ] {
        if !values.is_empty() {
            out.push(any_of(
                values.iter().map(|v| term_query(field, v)).collect(),
            ));
        }
    }
    if filters.after.is_some() || filters.before.is_some() {
        let bound = |v: Option<i64>, inclusive: bool| match v {
            None => Bound::Unbounded,
            Some(v) if inclusive => Bound::Included(Term::from_field_i64(f.at, v)),
            Some(v) => Bound::Excluded(Term::from_field_i64(f.at, v)),
        };
        out.push(Box::new(RangeQuery::new(
            bound(filters.after, true),
            bound(filters.before, false),
        )));
    }
    out.into_iter().map(unscored).collect()
}

/// The whole query: terms (all must match), exclusions, filters and the permission filter.
pub(crate) fn build(
    index: &SearchIndex,
    searcher: &Searcher,
    parsed: &Parsed,
    filters: &Resolved,
    viewer: &Viewer,
) -> Box<dyn Query> {
    let f = &index.fields;
    let cx = Ctx {
        index: &index.index,
        f,
        searcher,
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = parsed
        .terms
        .iter()
        .filter_map(|t| term_clause(&cx, t))
        .map(|q| (Occur::Must, q))
        .collect();
    if clauses.is_empty() {
        // No terms: the filters alone choose. Terms that all analysed to nothing (symbols
        // the tokenizer drops) choose nothing rather than everything.
        let all: Box<dyn Query> = if parsed.terms.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(EmptyQuery)
        };
        clauses.push((Occur::Must, unscored(all)));
    }
    for excluded in &parsed.excluded {
        if let Some(q) = term_clause(&cx, excluded) {
            clauses.push((Occur::MustNot, q));
        }
    }
    for filter in filter_clauses(f, filters) {
        clauses.push((Occur::Must, filter));
    }
    let readable = Cached {
        filter: readable_by(f, viewer),
        key: ViewerKey::of(viewer),
        cache: std::sync::Arc::clone(&index.filters),
    };
    clauses.push((Occur::Must, Box::new(readable)));
    Box::new(BooleanQuery::new(clauses))
}

/// Narrows `base` to the kinds and space the page's controls ask for.
pub(crate) fn narrowed(
    f: &Fields,
    base: Box<dyn Query>,
    kinds: &[HitKind],
    space: Option<Option<i64>>,
) -> Box<dyn Query> {
    let mut clauses = vec![(Occur::Must, base)];
    if !kinds.is_empty() {
        let terms = kinds
            .iter()
            .map(|k| Term::from_field_u64(f.kind, kind_code(*k)));
        clauses.push((Occur::Must, unscored(Box::new(TermSetQuery::new(terms)))));
    }
    if let Some(space) = space {
        let terms = space.map(|s| u64_term(f.space, s));
        clauses.push((Occur::Must, unscored(Box::new(TermSetQuery::new(terms)))));
    }
    Box::new(BooleanQuery::new(clauses))
}
