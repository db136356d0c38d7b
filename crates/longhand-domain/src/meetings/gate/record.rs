//! The written side of the gate: the agenda a new meeting starts from, the decisions and
//! next steps read out of an outcome record, and the decision record each decision becomes.

use comrak::Arena;
use comrak::nodes::{AstNode, NodeValue};
use jiff::civil::Date;

use super::OutcomePart;
use crate::documents::FieldValue;
use crate::lint::{Fill, block_fill, markdown_options, normalize_text};
use crate::templates::{SectionSpec, normalize_heading};

/// One decision written under the outcome's "Decisions" heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The decision as one line of plain text.
    pub text: String,
    /// Its line in the body (1-based).
    pub line: u32,
}

/// The decisions of an outcome record: each list item under a "Decisions" heading (or, when
/// the section has no list, each paragraph). Template guidance and "none" are not decisions.
///
/// # Example
///
/// ```
/// use longhand_domain::meetings::gate::decisions;
///
/// let body = "## Decisions\n\n- Ship on Tuesday.\n- _[Each decision made.]_\n\n## Next steps\n\n- Tell support.\n";
/// let found: Vec<String> = decisions(body).into_iter().map(|d| d.text).collect();
/// assert_eq!(found, ["Ship on Tuesday."]);
/// ```
pub fn decisions(body: &str) -> Vec<Decision> {
    items_under(body, &OutcomePart::Decisions.spec())
        .into_iter()
        .filter(|d| !says_nothing(&d.text))
        .collect()
}

/// The next steps of an outcome record, read like its decisions.
pub fn next_steps(body: &str) -> Vec<String> {
    items_under(body, &OutcomePart::NextSteps.spec())
        .into_iter()
        .filter(|step| !says_nothing(&step.text))
        .map(|step| step.text)
        .collect()
}

/// The key that makes logging a decision idempotent: the same words, however re-wrapped or
/// re-cased, are the same decision.
pub fn decision_key(text: &str) -> String {
    let normal = normalize_text(text);
    normal
        .trim_end_matches(['.', '!'])
        .chars()
        .take(300)
        .collect()
}

/// "None", "No decisions", "n/a": a filled section that records that nothing was decided.
fn says_nothing(text: &str) -> bool {
    let normal = normalize_text(text);
    matches!(
        normal.trim_end_matches(['.', '!']),
        "none"
            | "nothing"
            | "nothing decided"
            | "no decision"
            | "no decisions"
            | "no decisions made"
            | "no decisions were made"
            | "none yet"
            | "n/a"
            | "na"
            | "-"
            | "—"
    )
}

/// List items (or, without a list, paragraphs) in every section matching `spec`, in order,
/// skipping empty ones and template guidance.
fn items_under(body: &str, spec: &SectionSpec) -> Vec<Decision> {
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, body, &markdown_options());
    let mut inside: Option<u8> = None;
    let (mut items, mut paragraphs) = (Vec::new(), Vec::new());
    for node in root.children() {
        if let NodeValue::Heading(heading) = &node.data().value {
            if inside.is_some_and(|level| heading.level <= level) {
                inside = None;
            }
            if inside.is_none() && spec.matches(&normalize_heading(&node.collect_text())) {
                inside = Some(heading.level);
            }
            continue;
        }
        if inside.is_none() || block_fill(node) != Fill::Filled {
            continue;
        }
        match &node.data().value {
            NodeValue::List(_) => items.extend(node.children().filter_map(item)),
            NodeValue::Paragraph => paragraphs.push(entry(node, node)),
            _ => {}
        }
    }
    if items.is_empty() { paragraphs } else { items }
}

/// A list item's first paragraph (its nested detail is left in the notes).
fn item<'a>(node: &'a AstNode<'a>) -> Option<Decision> {
    if block_fill(node) != Fill::Filled {
        return None;
    }
    let first = node
        .children()
        .find(|child| matches!(child.data().value, NodeValue::Paragraph))
        .unwrap_or(node);
    Some(entry(node, first)).filter(|d| !d.text.is_empty())
}

fn entry<'a>(at: &'a AstNode<'a>, text: &'a AstNode<'a>) -> Decision {
    let line = at.data().sourcepos.start.line;
    Decision {
        text: text
            .collect_text()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        line: u32::try_from(line).unwrap_or(u32::MAX),
    }
}

/// What a new meeting's agenda document starts with besides the template's skeleton.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaDraft {
    pub title: String,
    pub intent: String,
    pub fields: Vec<(String, FieldValue)>,
}

/// The agenda of a meeting: titled after it, dated on its (local) day, with the people
/// invited and the organiser as facilitator.
pub fn agenda_draft(meeting: &str, date: Date, organiser: &str, invited: &[String]) -> AgendaDraft {
    AgendaDraft {
        title: format!("Agenda: {meeting}"),
        intent: format!(
            "Prepare “{meeting}” on {date}: what it must produce and what to read before it."
        ),
        fields: vec![
            ("date".into(), FieldValue::Text(date.to_string())),
            ("attendees".into(), FieldValue::List(invited.to_vec())),
            ("facilitator".into(), FieldValue::Text(organiser.to_owned())),
        ],
    }
}

/// Where a decision was made, for its record.
#[derive(Debug, Clone, Copy)]
pub struct RecordSource<'a> {
    pub meeting: &'a str,
    /// The meeting's day, in the organiser's zone.
    pub date: Date,
    /// The slug of the outcome record the decision was read from.
    pub notes: &'a str,
    /// Handles of the organiser and the people who attended.
    pub deciders: &'a [String],
    pub next_steps: &'a [String],
}

/// A decision record (`adr`) for one decision, ready to be stored as accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub title: String,
    pub intent: String,
    pub fields: Vec<(String, FieldValue)>,
    pub body: String,
}

/// The longest decision-record title made from a decision's text.
const TITLE_CHARS: usize = 120;

/// The record of one decision, linking back to the meeting's notes with `[[slug]]`. Every
/// section the decision-record template requires is written, so the record can be accepted.
pub fn decision_record(decision: &Decision, source: &RecordSource<'_>) -> DecisionRecord {
    let RecordSource { meeting, notes, .. } = source;
    let consequences = match source.next_steps {
        [] => format!("The next steps are in [[{notes}]]."),
        steps => {
            let items: Vec<String> = steps.iter().map(|s| format!("- {s}")).collect();
            format!(
                "The meeting agreed these next steps:\n\n{}",
                items.join("\n")
            )
        }
    };
    let body = format!(
        "## Context\n\nDecided in the meeting “{meeting}” on {date}; its agenda, notes and outcome are in [[{notes}]].\n\n\
         ## Options considered\n\nThe options were discussed in the meeting; see [[{notes}]].\n\n\
         ## Decision\n\n{decision}\n\n\
         ## Rationale\n\nAgreed by the people who attended the meeting (the deciders below); the reasoning is in [[{notes}]].\n\n\
         ## Consequences\n\n{consequences}\n",
        date = source.date,
        decision = decision.text,
    );
    DecisionRecord {
        title: record_title(&decision.text),
        intent: format!("Record a decision made in the meeting “{meeting}”."),
        fields: vec![
            ("date".into(), FieldValue::Text(source.date.to_string())),
            (
                "deciders".into(),
                FieldValue::List(source.deciders.to_vec()),
            ),
        ],
        body,
    }
}

/// The decision's text as a title: without a final full stop, cut at a word boundary.
fn record_title(text: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    if text.chars().count() <= TITLE_CHARS {
        return text.to_owned();
    }
    let cut: String = text.chars().take(TITLE_CHARS).collect();
    let words = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", words.trim_end_matches([',', ';', ':']))
}
