//! Search: the query language people type into the search box (`query.rs`) and the rules
//! that do not depend on an index — how many typos a word tolerates.
//!
//! The index itself lives in `longhand-core`; what a query *means* is decided here, so the
//! web page, the API and the command line read `deploy* -draft kind:rfc` the same way.

mod query;

pub use query::{Filter, MAX_INPUT_CHARS, MAX_TERMS, MAX_WORD_CHARS, Query, Term, parse};

/// How many edits (insertions, deletions, substitutions, transpositions) a typed word may be
/// away from an indexed word and still match it.
///
/// Short words get none: "cat" one edit away is "cut", "car", "at" — noise, not a typo. A
/// word of five to eight letters tolerates one, a longer word two.
///
/// # Example
/// ```
/// use longhand_domain::search::allowed_edits;
/// assert_eq!(allowed_edits("plan"), 0);
/// assert_eq!(allowed_edits("deploy"), 1);
/// assert_eq!(allowed_edits("kubernetes"), 2);
/// ```
pub fn allowed_edits(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests;
