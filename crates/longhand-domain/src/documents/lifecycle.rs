//! The status of a document, as a small state machine per kind.
//!
//! Most kinds are drafted, published and eventually archived. Decision records follow the ADR
//! vocabulary instead (proposed → accepted or rejected → superseded or deprecated), so an
//! imported ADR keeps the status its authors gave it. Leaving the first status is
//! "publishing": the application refuses it while the completeness lint reports errors.

use std::fmt;

/// Which status vocabulary a kind uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    /// draft → published ⇄ archived; a published document can go back to draft.
    Standard,
    /// proposed → accepted | rejected; accepted → superseded | deprecated; rejected → proposed.
    Decision,
}

/// The lifecycle of a template kind: decision records use ADR statuses, everything else the
/// standard one.
pub fn lifecycle_of(kind: &str) -> Lifecycle {
    if kind == "adr" {
        Lifecycle::Decision
    } else {
        Lifecycle::Standard
    }
}

/// A status change the lifecycle does not allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusError(String);

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StatusError {}

const STANDARD: &[&str] = &["draft", "published", "archived"];
const DECISION: &[&str] = &[
    "proposed",
    "accepted",
    "rejected",
    "superseded",
    "deprecated",
];

impl Lifecycle {
    /// Every status, in the order a document usually passes through them.
    pub fn statuses(self) -> &'static [&'static str] {
        match self {
            Lifecycle::Standard => STANDARD,
            Lifecycle::Decision => DECISION,
        }
    }

    /// The status a new document starts in.
    pub fn initial(self) -> &'static str {
        self.statuses()[0]
    }

    /// Parses a status of this lifecycle (case-insensitive).
    pub fn parse(self, raw: &str) -> Result<&'static str, StatusError> {
        let word = raw.trim().to_ascii_lowercase();
        self.statuses()
            .iter()
            .copied()
            .find(|status| *status == word)
            .ok_or_else(|| {
                StatusError(format!(
                    "unknown status \"{}\"; expected one of: {}",
                    raw.trim(),
                    self.statuses().join(", ")
                ))
            })
    }

    /// The statuses reachable from `from` in one step.
    pub fn next(self, from: &str) -> &'static [&'static str] {
        match (self, from) {
            (Lifecycle::Standard, "draft") => &["published"],
            (Lifecycle::Standard, "published") => &["archived", "draft"],
            (Lifecycle::Standard, "archived") => &["published"],
            (Lifecycle::Decision, "proposed") => &["accepted", "rejected"],
            (Lifecycle::Decision, "accepted") => &["superseded", "deprecated"],
            (Lifecycle::Decision, "rejected") => &["proposed"],
            _ => &[],
        }
    }

    /// Checks a change from `from` to `to`; both must be statuses of this lifecycle.
    pub fn check(self, from: &str, to: &str) -> Result<&'static str, StatusError> {
        let to = self.parse(to)?;
        if self.next(from).contains(&to) {
            return Ok(to);
        }
        Err(StatusError(format!(
            "a {from} document cannot become {to}; from {from} it can become: {}",
            match self.next(from) {
                [] => "nothing (it is final)".to_owned(),
                next => next.join(", "),
            }
        )))
    }

    /// Whether moving to `to` publishes the document, which needs a lint without errors.
    pub fn publishes(self, from: &str, to: &str) -> bool {
        from == self.initial() && to != self.initial()
    }
}
