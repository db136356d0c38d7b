//! Snippets: the part of a hit's text around its first match, as fragments with the matching
//! words marked. Plain text pieces, never HTML: each surface escapes and styles them itself.
//!
//! A word counts as matching the way the query matched: the same stem, the same start for a
//! prefix, or within the allowed typos for a longer word.

use super::query::tokens;
use crate::views::search::Fragment;
use longhand_domain::search::{Query as Parsed, Term, allowed_edits};
use std::collections::HashSet;
use tantivy::Index;
use tantivy::tokenizer::TokenStream;

/// The longest snippet, in characters.
const SNIPPET_CHARS: usize = 220;
/// How much text to show before the first match, in characters.
const LEAD_CHARS: usize = 40;

/// What marks a word of a snippet as a match.
#[derive(Debug, Clone, Default)]
pub(crate) struct Highlighter {
    stems: HashSet<String>,
    prefixes: Vec<String>,
    typos: Vec<(String, u8)>,
}

impl Highlighter {
    /// The marks for a query's terms (not its exclusions).
    pub(crate) fn new(index: &Index, parsed: &Parsed) -> Highlighter {
        let mut h = Highlighter::default();
        for term in &parsed.terms {
            match term {
                Term::Word(word) => {
                    h.stems.extend(tokens(index, "en_stem", word));
                    if let [raw] = tokens(index, "default", word).as_slice() {
                        let edits = allowed_edits(raw);
                        if edits > 0 {
                            h.typos.push((raw.clone(), edits));
                        }
                    }
                }
                Term::Phrase(phrase) => h.stems.extend(tokens(index, "en_stem", phrase)),
                Term::Prefix(prefix) => h.prefixes.extend(tokens(index, "default", prefix)),
            }
        }
        h
    }

    fn matches(&self, stem: &str, raw: &str) -> bool {
        self.stems.contains(stem)
            || self.prefixes.iter().any(|p| raw.starts_with(p.as_str()))
            || self
                .typos
                .iter()
                .any(|(word, edits)| within(word, raw, usize::from(*edits)))
    }

    /// The snippet of `text`: about [`SNIPPET_CHARS`] characters from a little before the
    /// first match (or the start), the matching words marked.
    pub(crate) fn snippet(&self, index: &Index, text: &str) -> Vec<Fragment> {
        let marks = self.marks(index, text);
        let first = marks.first().map_or(0, |m| m.0);
        let start = back_to_word(text, first);
        let end = text[start..]
            .char_indices()
            .nth(SNIPPET_CHARS)
            .map_or(text.len(), |(i, _)| start + i);
        let mut out = Vec::new();
        let mut at = start;
        for (from, to) in marks
            .into_iter()
            .filter(|(from, to)| *from >= start && *to <= end)
        {
            push(&mut out, &text[at..from], false);
            push(&mut out, &text[from..to], true);
            at = to;
        }
        push(&mut out, text[at..end].trim_end(), false);
        if start > 0 {
            out.insert(0, plain("…"));
        }
        if end < text.len() {
            out.push(plain("…"));
        }
        out
    }

    /// The byte ranges of matching words, in order.
    fn marks(&self, index: &Index, text: &str) -> Vec<(usize, usize)> {
        let Some(mut analyzer) = index.tokenizers().get("en_stem") else {
            return Vec::new();
        };
        let mut stream = analyzer.token_stream(text);
        let mut marks = Vec::new();
        while let Some(token) = stream.next() {
            let raw = text
                .get(token.offset_from..token.offset_to)
                .unwrap_or_default()
                .to_lowercase();
            if self.matches(&token.text, &raw) {
                marks.push((token.offset_from, token.offset_to));
            }
        }
        marks
    }
}

fn plain(text: &str) -> Fragment {
    Fragment {
        text: text.to_owned(),
        highlighted: false,
    }
}

/// Adds a piece on one line; empty pieces are left out. A line break ends a block (a
/// heading, a list item, a paragraph), so it becomes a visible separator: flattened to a
/// space, a heading ran into the sentence after it ("Context The team agreed…").
fn push(out: &mut Vec<Fragment>, text: &str, highlighted: bool) {
    if text.is_empty() {
        return;
    }
    let text = text.replace('\t', " ").replace('\r', "");
    let mut lines: Vec<&str> = text.split('\n').collect();
    // Spaces before a break would double the separator's own; the last line's are words'.
    if let Some((_, ended)) = lines.split_last_mut() {
        for line in ended {
            *line = line.trim_end();
        }
    }
    let text = lines.join(" \u{b7} ");
    out.push(Fragment { text, highlighted });
}

/// A start about [`LEAD_CHARS`] before `at`, moved forward to the start of a word.
fn back_to_word(text: &str, at: usize) -> usize {
    let before: Vec<(usize, char)> = text[..at].char_indices().collect();
    if before.len() <= LEAD_CHARS {
        return 0;
    }
    let from = before[before.len() - LEAD_CHARS].0;
    text[from..at]
        .find(char::is_whitespace)
        .map_or(from, |i| from + i + 1)
}

/// Whether `a` and `b` are at most `max` edits apart (insertions, deletions, substitutions
/// and swaps of neighbours), compared by character.
pub(crate) fn within(a: &str, b: &str, max: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut rows = vec![(0..=b.len()).collect::<Vec<usize>>()];
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let prev = &rows[i - 1];
            row[j] = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(rows[i - 2][j - 2] + 1);
            }
        }
        rows.push(row);
    }
    rows[a.len()][b.len()] <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &str, text: &str) -> String {
        let (schema, _) = super::super::index::schema();
        let index = Index::create_in_ram(schema);
        let h = Highlighter::new(&index, &longhand_domain::search::parse(query));
        h.snippet(&index, text)
            .iter()
            .map(|f| {
                if f.highlighted {
                    format!("[{}]", f.text)
                } else {
                    f.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn matches_are_marked_by_stem_prefix_and_typo() {
        assert_eq!(
            check("deploys", "We deployed the deploy script."),
            "We [deployed] the [deploy] script."
        );
        assert_eq!(
            check("deploym*", "A deployment plan"),
            "A [deployment] plan"
        );
        assert_eq!(
            check("rollbakc", "The rollback failed"),
            "The [rollback] failed"
        );
        assert_eq!(check("plan", "No match here"), "No match here");
    }

    #[test]
    fn a_heading_is_kept_apart_from_the_sentence_after_it() {
        assert_eq!(
            check("agreed", "Context\nThe team agreed\r\nto ship."),
            "Context \u{b7} The team [agreed] \u{b7} to ship."
        );
    }

    #[test]
    fn a_long_text_is_cut_around_the_first_match() {
        let text = format!("{} needle {}", "hay ".repeat(100), "straw ".repeat(100));
        let snippet = check("needle", &text);
        assert!(snippet.starts_with("…hay"), "{snippet}");
        assert!(snippet.contains("[needle]"), "{snippet}");
        assert!(snippet.ends_with('…'), "{snippet}");
        assert!(snippet.chars().count() < 260, "{snippet}");
    }

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        assert!(within("rollback", "rollbakc", 1));
        assert!(within("kitten", "sitten", 1));
        assert!(!within("kitten", "sitting", 2));
        assert!(within("", "ab", 2));
        assert!(!within("abc", "abcdef", 2));
    }
}
