//! The nesting budget: how deep anything a client writes may nest before it is refused.
//!
//! Every tree we build from user text (Markdown blocks and inlines, YAML front matter,
//! iCalendar components, JSON bodies) is bounded by the same number, [`MAX_NESTING`], so one
//! request can never exhaust a worker's stack and abort the process for everyone. Real writing
//! stays far below it: a quote inside a list inside a list with emphasis is about eight levels,
//! while a 10 KB line of `>` is ten thousand.
//!
//! The Markdown check runs on comrak's tree right after the parse — comrak itself parses and
//! walks without recursion — and before any of our own walks, so what follows may recurse
//! freely within the budget.

use std::fmt;

use comrak::Arena;
use comrak::arena_tree::NodeEdge;
use comrak::nodes::AstNode;

use crate::lint::markdown_options;

/// The deepest nesting accepted in any text a client sends: Markdown containers and inline
/// spans (counted per node of the syntax tree, so a list level counts twice, list and item),
/// YAML collections, iCalendar components. Deeper input is refused with [`TooDeep`].
pub const MAX_NESTING: usize = 64;

/// Text nested deeper than [`MAX_NESTING`], with the line where the limit was crossed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    /// The 1-based line of the first node past the budget.
    pub line: u32,
}

impl fmt::Display for TooDeep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the text nests quotes, lists or emphasis more than {MAX_NESTING} levels deep \
             (line {}); flatten it there and send it again",
            self.line
        )
    }
}

impl std::error::Error for TooDeep {}

/// Checks Markdown against the budget.
///
/// # Example
///
/// ```
/// use longhand_domain::nesting::check_markdown;
///
/// assert!(check_markdown("> quoted\n>> twice\n").is_ok());
/// let bomb = ">".repeat(10_000);
/// assert_eq!(check_markdown(&bomb).map_err(|e| e.line), Err(1));
/// ```
pub fn check_markdown(text: &str) -> Result<(), TooDeep> {
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, text, &markdown_options());
    match too_deep(root) {
        Some(deep) => Err(deep),
        None => Ok(()),
    }
}

/// The first node of a parsed Markdown tree that lies deeper than [`MAX_NESTING`]. Walks with
/// comrak's iterative traversal, so it is itself safe on any depth.
pub fn too_deep<'a>(root: &'a AstNode<'a>) -> Option<TooDeep> {
    let mut depth = 0usize;
    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(node) if depth > MAX_NESTING => {
                let line = node.data().sourcepos.start.line;
                return Some(TooDeep {
                    line: u32::try_from(line).unwrap_or(u32::MAX).max(1),
                });
            }
            NodeEdge::Start(_) => depth += 1,
            NodeEdge::End(_) => depth = depth.saturating_sub(1),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{MAX_NESTING, TooDeep, check_markdown};

    /// Runs `f` on a thread with a small stack, so a recursion that would only overflow a
    /// larger stack at a larger input overflows here (and aborts the test binary) instead.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(f)
            .expect("spawning a test thread");
        handle.join().expect("the test thread panicked")
    }

    #[test]
    fn ordinary_nesting_is_accepted() {
        let text = "- a\n  - b\n    - > *quoted **and** strong*\n";
        assert_eq!(check_markdown(text), Ok(()));
    }

    #[test]
    fn nesting_at_the_budget_is_accepted_and_one_more_is_not() {
        // A line of n `>` and a word is n quotes, one paragraph and one text node.
        let at = format!("{} x", ">".repeat(MAX_NESTING - 2));
        assert_eq!(check_markdown(&at), Ok(()));
        let past = format!("{} x", ">".repeat(MAX_NESTING - 1));
        assert_eq!(check_markdown(&past), Err(TooDeep { line: 1 }));
    }

    #[test]
    fn a_hundred_thousand_nested_quotes_are_refused_not_a_crash() {
        let result = on_small_stack(|| check_markdown(&">".repeat(100_000)));
        assert_eq!(result, Err(TooDeep { line: 1 }));
    }

    #[test]
    fn deeply_nested_emphasis_and_lists_are_refused() {
        let stars = format!("{}x{}", "*".repeat(400), "*".repeat(400));
        let lists: String = (0..200)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect();
        for text in [stars, lists] {
            let result = on_small_stack(move || check_markdown(&text));
            assert!(result.is_err(), "accepted");
        }
    }

    #[test]
    fn the_message_says_where_and_what_to_do() {
        let message = TooDeep { line: 7 }.to_string();
        assert!(message.contains("line 7"), "{message}");
        assert!(message.contains("64 levels"), "{message}");
        assert!(message.contains("flatten"), "{message}");
    }
}
