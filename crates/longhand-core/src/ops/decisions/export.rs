//! A decision as a Markdown file with front matter (`/decisions/{slug}.md`): the document file
//! format of `export --git` (`longhand_domain::docfile`), written as the log shows the record.
//!
//! Two things differ from the stored record, both so the file says what the log says: the
//! status is the effective one (an accepted record someone superseded is `superseded`), and
//! `supersedes` / `superseded_by` list both directions of each relation, whichever record
//! stated it — the other record's slug when it resolves, the reference as written when not.
//! Reading the file back (`longhand import adr`) therefore records the relation on this side
//! too.
//!
//! A record published from a review ends with a "Review history" section: each round's
//! window, who was asked and what they said, the open questions, the tie-break and how the
//! round ended. Its times are in the owner's zone, named once, so every copy of the file says
//! the same thing whoever downloaded it.

use super::history::ending;
use crate::views::decisions::{DecisionDetail, DecisionLink, ReviewHistory, ReviewedRound};
use crate::views::reviews::{ParticipantRecord, QuestionRecord};
use crate::wording::{when_dated, zone_time};
use jiff::tz::TimeZone;
use longhand_domain::docfile::{self, DocFile, FieldValue};
use std::fmt::Write;

/// The decision as a Markdown file: front matter, then the body as stored, then the review it
/// was published from.
pub fn markdown(detail: &DecisionDetail) -> String {
    let decision = &detail.decision;
    let doc = &decision.doc;
    let mut fields = doc.fields.clone();
    set_links(&mut fields, "supersedes", &decision.supersedes);
    set_links(&mut fields, "superseded_by", &decision.superseded_by);
    let file = DocFile {
        slug: doc.slug.clone(),
        title: doc.title.clone(),
        kind: doc.kind.clone(),
        space: doc.space_slug.clone(),
        owner: Some(doc.owner_handle.clone()),
        intent: doc.intent.clone(),
        classification: doc.classification.as_str().to_owned(),
        status: decision.status.clone(),
        tags: doc.tags.clone(),
        fields,
        body: with_history(&doc.body, detail.review.as_ref()),
    };
    docfile::render(&file)
}

/// The body, and the review history after it when there is one.
fn with_history(body: &str, review: Option<&ReviewHistory>) -> String {
    let Some(review) = review else {
        return body.to_owned();
    };
    format!("{}\n\n{}", body.trim_end(), history(review))
}

/// The "Review history" section.
fn history(review: &ReviewHistory) -> String {
    let Some(last) = review.published_from() else {
        return String::new();
    };
    let zone = &last.owner_zone;
    let mut out = String::from("## Review history\n\n");
    let _ = writeln!(
        out,
        "Published from round {} of the review of [{}](/docs/{}). Times are {}, the owner's.",
        last.round.number,
        escape_brackets(&review.proposal_title),
        review.proposal_slug,
        zone_time(zone)
    );
    for round in &review.rounds {
        out.push('\n');
        out.push_str(&round_section(round, zone));
    }
    out
}

fn round_section(reviewed: &ReviewedRound, zone: &TimeZone) -> String {
    let round = &reviewed.round;
    let state = round.outcome.map_or(round.state.as_str(), |o| o.as_str());
    let mut out = format!("### Round {}: {state}\n\n", round.number);
    let category = round
        .category
        .as_ref()
        .map(|c| format!(" ({c})"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "- Window: {}, opened {}\n- Stakes: {}{category}\n- How it ended: {}\n",
        reviewed.window_label,
        when_dated(round.opened_at, zone),
        round.reversibility.as_str(),
        ending(round, zone)
    );
    out.push_str("Verdicts:\n\n");
    for person in &reviewed.participants {
        let _ = writeln!(out, "{}", item(&verdict_line(person)));
    }
    if !reviewed.questions.is_empty() {
        out.push_str("\nOpen questions:\n\n");
        for question in &reviewed.questions {
            let _ = writeln!(out, "{}", item(&question_line(question, zone)));
        }
    }
    if let Some(tie) = &reviewed.tie_break {
        let line = format!(
            "Tie-break: @{}, the team's DRI, {} it: {}",
            tie.dri_handle,
            tie.outcome.as_str(),
            tie.reason
        );
        let _ = writeln!(out, "\n{}", indent(&line));
    }
    out
}

fn verdict_line(person: &ParticipantRecord) -> String {
    let verdict = person.verdict.map_or("no verdict", |v| v.label());
    let via = person
        .via_team
        .as_ref()
        .map(|team| format!(", via {team}"))
        .unwrap_or_default();
    let mut line = format!(
        "@{} ({}{via}): {verdict}",
        person.handle,
        person.role.as_str()
    );
    if let Some(reason) = person.reason.as_deref().filter(|r| !r.trim().is_empty()) {
        let _ = write!(line, " — {}", reason.trim());
    }
    line
}

fn question_line(question: &QuestionRecord, zone: &TimeZone) -> String {
    let mut line = format!(
        "{} (@{}, due {})",
        question.question.trim(),
        question.raised_by_handle,
        when_dated(question.deadline, zone)
    );
    match (&question.answer, &question.answered_by_handle) {
        (Some(answer), by) => {
            let by = by.as_deref().map(|h| format!(" @{h}")).unwrap_or_default();
            let _ = write!(line, " — answered by{by}: {}", answer.trim());
        }
        (None, _) if question.expired_at.is_some() => {
            line.push_str(" — unanswered at its deadline; the owner decided on what was known");
        }
        (None, _) => line.push_str(" — not answered"),
    }
    line
}

/// A list item; the lines of a multi-line reason stay inside it.
fn item(text: &str) -> String {
    format!("- {}", indent(text))
}

/// Continuation lines indented two spaces, so they stay in the paragraph or list item.
fn indent(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join("\n  ")
}

/// A title inside a link's brackets.
fn escape_brackets(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

/// Writes a supersede field as the comma-separated list the template's text field holds, in
/// its place when the record has it, else at the end; an empty relation leaves it alone.
fn set_links(fields: &mut Vec<(String, FieldValue)>, name: &str, links: &[DecisionLink]) {
    if links.is_empty() {
        return;
    }
    let labels: Vec<&str> = links.iter().map(DecisionLink::label).collect();
    let value = FieldValue::Text(labels.join(", "));
    match fields
        .iter_mut()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
    {
        Some((_, existing)) => *existing = value,
        None => fields.push((name.to_owned(), value)),
    }
}
