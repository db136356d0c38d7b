//! Differences between two texts, line by line with the changed words highlighted, computed
//! under a deadline.
//!
//! A pathological pair (two unrelated 500 KB documents) can make an exact diff quadratic.
//! similar's deadline makes the algorithm settle for a coarser, still correct, answer once the
//! time is up, so a huge diff never holds a request; [`Diff::approximate`] says when that
//! happened so the page can tell the reader.

use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};
use std::time::{Duration, Instant};

/// How long one diff may take before it settles for a coarser answer.
pub const DEADLINE: Duration = Duration::from_millis(300);

/// A stretch of a line: unchanged, or changed (removed on the old side, added on the new).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub changed: bool,
}

/// One line of the diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub tag: Tag,
    pub old_number: Option<usize>,
    pub new_number: Option<usize>,
    pub spans: Vec<Span>,
}

/// Whether a line is shared, removed or added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Same,
    Removed,
    Added,
}

impl Tag {
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::Same => "same",
            Tag::Removed => "removed",
            Tag::Added => "added",
        }
    }
}

/// A whole diff, with unchanged runs trimmed to a little context around each change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub hunks: Vec<Vec<Line>>,
    pub added: usize,
    pub removed: usize,
    /// Whether the deadline passed and the answer is coarser than it could be.
    pub approximate: bool,
}

/// Lines of unchanged context kept around each change.
const CONTEXT: usize = 3;

/// Diffs `old` against `new`, highlighting changed words inside changed lines.
pub fn diff(old: &str, new: &str) -> Diff {
    let started = Instant::now();
    let deadline = started + DEADLINE;
    let text_diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .deadline(deadline)
        .diff_lines(old, new);
    let mut diff = Diff {
        hunks: Vec::new(),
        added: 0,
        removed: 0,
        approximate: false,
    };
    for group in text_diff.grouped_ops(CONTEXT) {
        let mut hunk = Vec::new();
        for op in &group {
            push_op(&text_diff, op, &mut hunk, &mut diff);
        }
        diff.hunks.push(hunk);
    }
    diff.approximate = Instant::now() > deadline;
    diff
}

fn push_op<'a>(
    text_diff: &'a TextDiff<'a, 'a, 'a, str>,
    op: &DiffOp,
    hunk: &mut Vec<Line>,
    diff: &mut Diff,
) {
    for change in text_diff.iter_inline_changes(op) {
        let tag = match change.tag() {
            ChangeTag::Equal => Tag::Same,
            ChangeTag::Delete => {
                diff.removed += 1;
                Tag::Removed
            }
            ChangeTag::Insert => {
                diff.added += 1;
                Tag::Added
            }
        };
        let spans = change
            .iter_strings_lossy()
            .map(|(emphasized, text)| Span {
                text: text.trim_end_matches(['\n', '\r']).to_owned(),
                changed: emphasized,
            })
            .filter(|span| !span.text.is_empty())
            .collect();
        hunk.push(Line {
            tag,
            old_number: change.old_index().map(|i| i + 1),
            new_number: change.new_index().map(|i| i + 1),
            spans,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed_words(line: &Line) -> Vec<&str> {
        line.spans
            .iter()
            .filter(|s| s.changed)
            .map(|s| s.text.as_str())
            .collect()
    }

    #[test]
    fn a_changed_word_is_highlighted_on_both_sides() {
        let d = diff(
            "one\nWe ship on Friday.\nthree\n",
            "one\nWe ship on Monday.\nthree\n",
        );
        assert_eq!((d.added, d.removed), (1, 1));
        let lines = &d.hunks[0];
        let removed = lines.iter().find(|l| l.tag == Tag::Removed).unwrap();
        let added = lines.iter().find(|l| l.tag == Tag::Added).unwrap();
        assert_eq!(changed_words(removed), ["Friday."]);
        assert_eq!(changed_words(added), ["Monday."]);
        assert_eq!((removed.old_number, added.new_number), (Some(2), Some(2)));
    }

    #[test]
    fn identical_texts_have_no_hunks() {
        let d = diff("same\n", "same\n");
        assert!(d.hunks.is_empty());
        assert!(!d.approximate);
    }

    #[test]
    fn far_apart_changes_make_separate_hunks() {
        let old: String = (0..40).map(|i| format!("line {i}\n")).collect();
        let new = old
            .replace("line 2\n", "line two\n")
            .replace("line 35\n", "line thirty-five\n");
        let d = diff(&old, &new);
        assert_eq!(d.hunks.len(), 2);
    }

    #[test]
    fn a_huge_unrelated_pair_finishes_near_the_deadline() {
        let old: String = (0..40_000)
            .map(|i| format!("{} alpha\n", i * 7 % 1000))
            .collect();
        let new: String = (0..40_000)
            .map(|i| format!("{} beta\n", i * 13 % 997))
            .collect();
        let started = Instant::now();
        let d = diff(&old, &new);
        assert!(d.added > 0 && d.removed > 0);
        // Generous bound: the point is that it does not run for minutes.
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
    }
}
