//! What the lint reports: a rule, a severity, a place in the file and words a writer can act on.

use std::fmt;

use super::rule::{RuleId, Severity};

/// A 1-based place in the original file, front matter included. Columns count Unicode scalar
/// values, not bytes, so they match what an editor shows for non-ASCII text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    /// The first character of the file.
    pub const START: Position = Position { line: 1, column: 1 };

    pub fn new(line: u32, column: u32) -> Position {
        Position {
            line: line.max(1),
            column: column.max(1),
        }
    }
}

/// One problem the lint found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub position: Position,
    /// A full sentence saying what is wrong.
    pub message: String,
    /// A full sentence saying how to fix it.
    pub hint: String,
}

/// Renders `line:col rule message`; callers prefix the file path to get the
/// `file:line:col rule message` form that editors and terminals turn into links.
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Position { line, column } = self.position;
        write!(f, "{line}:{column} {} {}", self.rule, self.message)
    }
}
