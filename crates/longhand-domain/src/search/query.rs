//! The search box's query language, read without ever failing.
//!
//! ```text
//! deploy rollback        words (all must match, each in any field)
//! "feature flag"         a phrase (the words next to each other, in that order)
//! deploy*                a prefix (deploy, deploys, deployment, …)
//! -draft -"old plan"     exclusions (a word, a prefix or a phrase)
//! kind:rfc               filters: kind (document kinds such as rfc or adr, and decision,
//! space:platform           comment, thread, ask, document), space (a slug), author (a
//! author:@ana              handle, `@` optional), status, before / after (YYYY-MM-DD: before
//! status:accepted          is the day's start, exclusive; after is inclusive)
//! after:2026-01-01
//! ```
//!
//! Several values of one filter widen it (`kind:rfc kind:adr` is either); different filters
//! narrow each other. What cannot be read as written — an unclosed quote, an unknown `foo:`,
//! a date that is not one, a lone `-` — is read as plain words instead, and [`Query::notes`]
//! says so in a sentence the search page can show. Budgets keep a pasted novel cheap: the
//! input is cut at [`MAX_INPUT_CHARS`], at most [`MAX_TERMS`] terms and filters are read, and a
//! word is cut at [`MAX_WORD_CHARS`].

use crate::names::{Handle, Slug};
use jiff::civil::Date;

/// The longest input read, in characters; the rest is ignored (with a note).
pub const MAX_INPUT_CHARS: usize = 1_000;
/// The most terms (words, phrases, prefixes, exclusions) and filters read from one query.
pub const MAX_TERMS: usize = 32;
/// The longest word, in characters; a longer one is cut (with a note).
pub const MAX_WORD_CHARS: usize = 64;
/// The shortest stem a prefix may have: `a*` would match half the index.
const MIN_PREFIX_CHARS: usize = 2;

/// One thing to look for (or, in [`Query::excluded`], to leave out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word, lowercased.
    Word(String),
    /// The start of a word, lowercased, without its `*`.
    Prefix(String),
    /// Words that must appear next to each other, lowercased, as typed between the quotes.
    Phrase(String),
}

/// A narrowing of the results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// A document kind (`rfc`, `adr`, a space's own kind) or `decision`, `comment`,
    /// `thread`, `ask`, `document`.
    Kind(String),
    /// A space's slug.
    Space(Slug),
    /// An author's handle.
    Author(Handle),
    /// A status, lowercased (`draft`, `accepted`, `open`, …).
    Status(String),
    /// Before this day (its start, in the reader's zone).
    Before(Date),
    /// On or after this day (in the reader's zone).
    After(Date),
}

/// A query as read: what to find, what to leave out, the filters, and notes on anything
/// read differently from how it was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
    pub excluded: Vec<Term>,
    pub filters: Vec<Filter>,
    pub notes: Vec<String>,
}

impl Query {
    /// Whether the query asks for nothing at all (no term, no exclusion, no filter).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.excluded.is_empty() && self.filters.is_empty()
    }

    pub(crate) fn count(&self) -> usize {
        self.terms.len() + self.excluded.len() + self.filters.len()
    }
}

/// Reads a query. Never fails: see the module docs for what falls back to plain words.
///
/// # Example
/// ```
/// use longhand_domain::search::{Term, parse};
/// let q = parse(r#"deploy* "feature flag" -draft kind:rfc"#);
/// assert_eq!(q.terms, [Term::Prefix("deploy".into()), Term::Phrase("feature flag".into())]);
/// assert_eq!(q.excluded, [Term::Word("draft".into())]);
/// assert!(q.notes.is_empty());
/// ```
pub fn parse(input: &str) -> Query {
    let mut query = Query::default();
    let input = cut_input(input, &mut query.notes);
    let mut dropped = false;
    for token in tokens(input, &mut query.notes) {
        if query.count() >= MAX_TERMS {
            dropped = true;
            break;
        }
        read_token(token, &mut query);
    }
    if query.count() > MAX_TERMS {
        // A word split at `:` adds two terms at once; keep to the budget exactly.
        truncate_to(&mut query, MAX_TERMS);
        dropped = true;
    }
    if dropped {
        query.notes.push(format!(
            "only the first {MAX_TERMS} terms and filters were used"
        ));
    }
    query
}

/// Drops terms from the end so the query holds `keep` terms and filters in all.
fn truncate_to(query: &mut Query, keep: usize) {
    while query.count() > keep {
        if query.terms.pop().is_none() && query.excluded.pop().is_none() {
            query.filters.pop();
        }
    }
}

fn cut_input<'a>(input: &'a str, notes: &mut Vec<String>) -> &'a str {
    match input.char_indices().nth(MAX_INPUT_CHARS) {
        Some((end, _)) => {
            notes.push(format!(
                "the query was cut to its first {} characters",
                thousands(MAX_INPUT_CHARS)
            ));
            &input[..end]
        }
        None => input,
    }
}

fn thousands(n: usize) -> String {
    match n {
        1_000.. => format!("{},{:03}", n / 1_000, n % 1_000),
        _ => n.to_string(),
    }
}

/// A piece of the input as the lexer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<'a> {
    /// Text up to the next whitespace.
    Bare(&'a str),
    /// Text between quotes; `negated` when written `-"…"`.
    Quoted { text: &'a str, negated: bool },
}

/// Splits the input into bare tokens and quoted phrases. An unclosed quote reads the rest of
/// the input as bare words.
fn tokens<'a>(input: &'a str, notes: &mut Vec<String>) -> Vec<Token<'a>> {
    let mut out = Vec::new();
    let mut rest = input.trim_start();
    while !rest.is_empty() {
        let (negated, after_dash) = match rest.strip_prefix("-\"") {
            Some(after) => (true, after),
            None => (false, rest.strip_prefix('"').unwrap_or(rest)),
        };
        let quoted = negated || rest.starts_with('"');
        if quoted {
            if let Some(end) = after_dash.find('"') {
                out.push(Token::Quoted {
                    text: &after_dash[..end],
                    negated,
                });
                rest = after_dash[end + 1..].trim_start();
                continue;
            }
            notes.push("a quote was not closed, so its words were searched one by one".into());
            out.extend(after_dash.split_whitespace().map(Token::Bare));
            break;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        out.push(Token::Bare(&rest[..end]));
        rest = rest[end..].trim_start();
    }
    out
}

fn read_token(token: Token<'_>, query: &mut Query) {
    match token {
        Token::Quoted { text, negated } => read_phrase(text, negated, query),
        Token::Bare(text) => match text.strip_prefix('-') {
            Some("") => query
                .notes
                .push("a lone \u{201c}-\u{201d} excludes nothing and was ignored".into()),
            Some(rest) if filter_name(rest).is_some() => query.notes.push(format!(
                "\u{201c}{text}\u{201d}: a filter cannot be excluded, so it was ignored"
            )),
            Some(rest) => {
                if let Some(term) = read_word(rest, &mut query.notes) {
                    query.excluded.push(term);
                }
            }
            None => read_bare(text, query),
        },
    }
}

fn read_phrase(text: &str, negated: bool, query: &mut Query) {
    let words: Vec<String> = text
        .split_whitespace()
        .filter_map(|w| word(w, &mut query.notes))
        .collect();
    let term = match words.len() {
        0 => {
            query
                .notes
                .push("an empty phrase (\u{201c}\u{201d}) was ignored".into());
            return;
        }
        1 => Term::Word(words.concat()),
        _ => Term::Phrase(words.join(" ")),
    };
    if negated {
        query.excluded.push(term);
    } else {
        query.terms.push(term);
    }
}

/// A bare token: a filter, or a word or prefix.
fn read_bare(text: &str, query: &mut Query) {
    if let Some((name, value)) = text.split_once(':')
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphabetic())
    {
        match filter_name(text) {
            Some(known) => match read_filter(known, value) {
                Ok(filter) => query.filters.push(filter),
                Err(why) => {
                    query.notes.push(format!(
                        "\u{201c}{text}\u{201d} was searched as words: {why}"
                    ));
                    words_of(text, query);
                }
            },
            None => {
                query.notes.push(format!(
                    "\u{201c}{name}:\u{201d} is not a filter (try kind:, space:, author:, status:, before: or after:), so \u{201c}{text}\u{201d} was searched as words"
                ));
                words_of(text, query);
            }
        }
        return;
    }
    if let Some(term) = read_word(text, &mut query.notes) {
        query.terms.push(term);
    }
}

/// Each part of `text` split at `:` as a plain word.
fn words_of(text: &str, query: &mut Query) {
    for part in text.split(':') {
        if let Some(w) = word(part, &mut query.notes) {
            query.terms.push(Term::Word(w));
        }
    }
}

/// The filters by name, matched case-insensitively before the first `:`.
const FILTERS: [&str; 6] = ["kind", "space", "author", "status", "before", "after"];

fn filter_name(text: &str) -> Option<&'static str> {
    let (name, _) = text.split_once(':')?;
    FILTERS
        .into_iter()
        .find(|known| known.eq_ignore_ascii_case(name))
}

fn read_filter(name: &str, value: &str) -> Result<Filter, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(format!("{name}: needs a value"));
    }
    match name {
        "kind" => vocabulary_word(value).map(Filter::Kind),
        "status" => vocabulary_word(value).map(Filter::Status),
        "space" => Slug::parse(value)
            .map(Filter::Space)
            .map_err(|err| err.to_string()),
        "author" => Handle::parse(value)
            .map(Filter::Author)
            .map_err(|err| err.to_string()),
        "before" => day(value).map(Filter::Before),
        _ => day(value).map(Filter::After),
    }
}

/// A kind or status: lowercase letters, digits, `-` and `_`, at most 64 characters.
fn vocabulary_word(value: &str) -> Result<String, String> {
    let lower = value.to_lowercase();
    let ok = lower.len() <= MAX_WORD_CHARS
        && lower
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(lower)
    } else {
        Err(format!(
            "\u{201c}{value}\u{201d} is not a kind or status name"
        ))
    }
}

/// A day written `YYYY-MM-DD`.
fn day(value: &str) -> Result<Date, String> {
    let bad = || format!("\u{201c}{value}\u{201d} is not a date; write it as YYYY-MM-DD");
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    value.parse::<Date>().map_err(|_| bad())
}

/// A word or prefix (`deploy*`).
fn read_word(text: &str, notes: &mut Vec<String>) -> Option<Term> {
    let stem = text.trim_end_matches('*');
    if stem.len() == text.len() {
        return word(text, notes).map(Term::Word);
    }
    let stem = word(stem, notes)?;
    if stem.chars().count() < MIN_PREFIX_CHARS {
        notes.push(format!(
            "\u{201c}{text}\u{201d} is too short a prefix, so it was searched as a word"
        ));
        return Some(Term::Word(stem));
    }
    Some(Term::Prefix(stem))
}

/// A word lowercased and cut to [`MAX_WORD_CHARS`], or `None` when it holds no letter or
/// digit (punctuation alone matches nothing).
fn word(text: &str, notes: &mut Vec<String>) -> Option<String> {
    if !text.chars().any(char::is_alphanumeric) {
        if !text.is_empty() {
            notes.push(format!(
                "\u{201c}{text}\u{201d} has no letters or digits and was ignored"
            ));
        }
        return None;
    }
    let lower = text.to_lowercase();
    match lower.char_indices().nth(MAX_WORD_CHARS) {
        Some((end, _)) => {
            notes.push(format!(
                "a word longer than {MAX_WORD_CHARS} characters was cut"
            ));
            Some(lower[..end].to_owned())
        }
        None => Some(lower),
    }
}
