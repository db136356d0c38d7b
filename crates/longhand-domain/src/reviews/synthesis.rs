//! The synthesis: a decision record's draft, pre-filled from the proposal's own sections and
//! what the round produced — approvals, objections with their reasons, open questions,
//! threads still unresolved on the proposal, and the DRI's tie-break.
//!
//! The owner edits the draft before publishing; every section comes out filled, so the record
//! passes the decision-record template's lint as drafted.

use super::Outcome;
use crate::templates::{SectionSpec, normalize_heading};

/// What a round produced, for the synthesis.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// The proposal's slug, linked from the record as `[[slug]]`.
    pub proposal: String,
    pub round: i64,
    /// Handles that approved, with their comment if they wrote one.
    pub approvals: Vec<(String, Option<String>)>,
    /// Handles that objected, with their reason.
    pub objections: Vec<(String, String)>,
    pub abstentions: Vec<String>,
    /// Handles that gave no verdict.
    pub silent: Vec<String>,
    /// Questions raised during the review, with their answers.
    pub questions: Vec<(String, Option<String>)>,
    /// Titles of the proposal's discussion threads nobody resolved.
    pub unresolved_threads: Vec<String>,
    /// The DRI's handle, outcome and reason.
    pub tie_break: Option<(String, Outcome, String)>,
}

/// A decision record's draft, section by section (Markdown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub title: String,
    pub context: String,
    pub options: String,
    pub decision: String,
    pub rationale: String,
    pub consequences: String,
}

impl Draft {
    /// The record's body: its sections under the decision-record template's headings.
    pub fn body(&self) -> String {
        format!(
            "## Context\n\n{}\n\n## Options considered\n\n{}\n\n## Decision\n\n{}\n\n## Rationale\n\n{}\n\n## Consequences\n\n{}\n",
            self.context.trim(),
            self.options.trim(),
            self.decision.trim(),
            self.rationale.trim(),
            self.consequences.trim()
        )
    }
}

/// The draft of a record deciding the proposal `title` (whose body is `body`) with `outcome`.
pub fn draft(title: &str, body: &str, tally: &Tally, outcome: Outcome) -> Draft {
    let link = format!("[[{}]]", tally.proposal);
    let context = section_text(body, "Context|Background|Problem")
        .unwrap_or_else(|| format!("The proposal {link} explains why a decision was needed."));
    Draft {
        title: title.trim().to_owned(),
        context: format!(
            "{context}\n\nProposed in {link} and reviewed in round {}.",
            tally.round
        ),
        options: options(body, &link),
        decision: decision(body, &link, outcome),
        rationale: rationale(body, tally),
        consequences: consequences(tally, &link),
    }
}

fn options(body: &str, link: &str) -> String {
    let mut out = format!("- The proposal in {link}.");
    match section_text(
        body,
        "Alternatives considered|Alternatives|Options considered|Options",
    ) {
        Some(alternatives) => out.push_str(&format!(
            "\n\nThe alternatives it weighed:\n\n{alternatives}"
        )),
        None => out.push_str("\n- Doing nothing."),
    }
    out
}

fn decision(body: &str, link: &str, outcome: Outcome) -> String {
    match (
        outcome,
        section_text(body, "Proposal|Proposed solution|Design"),
    ) {
        (Outcome::Accepted, Some(proposal)) => {
            format!("We will adopt the proposal in {link}:\n\n{proposal}")
        }
        (Outcome::Accepted, None) => format!("We will adopt the proposal in {link}."),
        (Outcome::Rejected, _) => format!("We will not adopt the proposal in {link}."),
    }
}

fn rationale(body: &str, tally: &Tally) -> String {
    let mut parts = Vec::new();
    if let Some(criteria) = section_text(body, "Decision criteria|Decision drivers|Criteria") {
        parts.push(format!("Judged on the proposal's criteria:\n\n{criteria}"));
    }
    parts.push(verdicts(tally));
    if let Some((dri, outcome, reason)) = &tally.tie_break {
        parts.push(format!(
            "The team's DRI, @{dri}, broke the tie ({}): {reason}",
            outcome.as_str()
        ));
    }
    parts.join("\n\n")
}

/// The verdicts as a list: who approved (and what they commented), who objected and why.
fn verdicts(tally: &Tally) -> String {
    let mut lines = Vec::new();
    for (who, comment) in &tally.approvals {
        lines.push(match comment {
            Some(comment) => format!("- @{who} approved, commenting: {}", one_line(comment)),
            None => format!("- @{who} approved."),
        });
    }
    for (who, reason) in &tally.objections {
        lines.push(format!("- @{who} objected: {}", one_line(reason)));
    }
    if !tally.abstentions.is_empty() {
        lines.push(format!("- Abstained: {}.", at_list(&tally.abstentions)));
    }
    if !tally.silent.is_empty() {
        lines.push(format!("- No verdict from {}.", at_list(&tally.silent)));
    }
    match lines.is_empty() {
        true => "Nobody gave a verdict during the review.".to_owned(),
        false => format!("In the review:\n\n{}", lines.join("\n")),
    }
}

fn consequences(tally: &Tally, link: &str) -> String {
    let mut parts = vec![format!(
        "The work follows the proposal in {link}; revisit this decision if its assumptions stop holding."
    )];
    let unanswered: Vec<&str> = tally
        .questions
        .iter()
        .filter(|(_, answer)| answer.is_none())
        .map(|(q, _)| q.as_str())
        .collect();
    let answered: Vec<String> = tally
        .questions
        .iter()
        .filter_map(|(q, a)| {
            a.as_ref()
                .map(|a| format!("- {} — {}", one_line(q), one_line(a)))
        })
        .collect();
    if !answered.is_empty() {
        parts.push(format!(
            "Questions answered during the review:\n\n{}",
            answered.join("\n")
        ));
    }
    if !unanswered.is_empty() {
        let items: Vec<String> = unanswered
            .iter()
            .map(|q| format!("- {}", one_line(q)))
            .collect();
        parts.push(format!(
            "Decided on what was known; these questions stayed open:\n\n{}",
            items.join("\n")
        ));
    }
    if !tally.unresolved_threads.is_empty() {
        let items: Vec<String> = tally
            .unresolved_threads
            .iter()
            .map(|t| format!("- {}", one_line(t)))
            .collect();
        parts.push(format!(
            "Still unresolved in the proposal's discussion:\n\n{}",
            items.join("\n")
        ));
    }
    parts.join("\n\n")
}

fn at_list(handles: &[String]) -> String {
    let at: Vec<String> = handles.iter().map(|h| format!("@{h}")).collect();
    at.join(", ")
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text under the first heading matching `spec` (`Title|Alias`), up to the next heading
/// of the same or a higher level, without template guidance (`_[…]_` lines); `None` when
/// there is no such section or nothing is written in it.
///
/// # Example
///
/// ```
/// use longhand_domain::reviews::section_text;
///
/// let body = "## Context\n\n_[Why now.]_\n\nThe queue is full.\n\n## Proposal\n\nShard it.\n";
/// assert_eq!(section_text(body, "Context|Background").as_deref(), Some("The queue is full."));
/// assert_eq!(section_text(body, "Risks"), None);
/// ```
pub fn section_text(body: &str, spec: &str) -> Option<String> {
    let spec = SectionSpec::parse(spec);
    let mut inside: Option<usize> = None;
    let mut fence: Option<&str> = None;
    let mut lines: Vec<&str> = Vec::new();
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
        } else if let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
            fence = Some(marker);
        } else if let Some((level, text)) = heading(line) {
            if inside.is_some_and(|at| level <= at) {
                break;
            }
            if inside.is_none() && spec.matches(&normalize_heading(text)) {
                inside = Some(level);
                continue;
            }
        }
        if inside.is_some() && !is_guidance(trimmed) {
            lines.push(line);
        }
    }
    let text = lines.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// An ATX heading's level and text.
fn heading(line: &str) -> Option<(usize, &str)> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let rest = &line[hashes..];
    let is_heading = (1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with(' '));
    is_heading.then(|| (hashes, rest.trim().trim_end_matches('#').trim()))
}

/// A template's guidance line: `_[…]_` or `*[…]*`, alone or as a list item.
fn is_guidance(line: &str) -> bool {
    let text = line.trim();
    let item = text
        .strip_prefix(['-', '+'])
        .or_else(|| text.strip_prefix("* "))
        .unwrap_or(text)
        .trim();
    (item.starts_with("_[") && item.ends_with("]_"))
        || (item.starts_with("*[") && item.ends_with("]*"))
}
