//! Rules on the body's shape: `required-section`, `decision-criteria` and `placeholder-text`.

use super::super::body::Fill;
use super::super::rule::RuleId;
use super::super::view::{CRITERIA, DocView, Presence, Section};
use super::Sink;
use crate::lint::Position;
use crate::templates::SectionSpec;

pub(crate) fn check(view: &DocView<'_>, sink: &mut Sink<'_>) {
    required_sections(view, sink);
    decision_criteria(view, sink);
}

fn required_sections(view: &DocView<'_>, sink: &mut Sink<'_>) {
    let Some(template) = view.template else {
        return;
    };
    for spec in template.required_sections() {
        let matching = view.sections.iter().filter(|s| spec.matches(&s.normalized));
        match matching.max_by_key(|s| s.fill) {
            None => missing_section(view, spec, template.name(), sink),
            Some(section) if section.fill != Fill::Filled => {
                unfilled_section(RuleId::RequiredSection, section, sink)
            }
            Some(_) => {}
        }
    }
}

fn missing_section(view: &DocView<'_>, spec: &SectionSpec, template: &str, sink: &mut Sink<'_>) {
    sink.report(
        RuleId::RequiredSection,
        view.body_start(),
        format!(
            "The {template} template requires a \"{}\" section, and this document has none.",
            spec.title
        ),
        format!(
            "Add a `## {}` heading and write that part of the document under it.",
            spec.title
        ),
    );
}

/// Reports a section that exists but holds nothing of the writer's own, and marks it covered so
/// its guidance paragraphs are not reported one by one as well.
pub(crate) fn unfilled_section(rule: RuleId, section: &Section, sink: &mut Sink<'_>) {
    let state = match section.fill {
        Fill::Placeholder => "still holds only placeholder text",
        _ => "is empty",
    };
    let reported = sink.report(
        rule,
        section.position,
        format!("The \"{}\" section {state}.", section.title),
        format!(
            "Write the \"{}\" section in your own words, replacing any `_[…]_` guidance or `TODO`.",
            section.title
        ),
    );
    if reported {
        sink.covered_sections.push(section.position);
    }
}

fn decision_criteria(view: &DocView<'_>, sink: &mut Sink<'_>) {
    if !view.template.is_some_and(|t| t.requests_decision()) {
        return;
    }
    let has_field = ["decision_criteria", "criteria"]
        .iter()
        .any(|k| view.doc.front_matter().text(k).is_some());
    if has_field || view.template_requires_any(CRITERIA) {
        return;
    }
    match view.find(CRITERIA) {
        Presence::Filled => {}
        Presence::Unfilled(section) => unfilled_section(RuleId::DecisionCriteria, section, sink),
        Presence::Absent => {
            sink.report(
                RuleId::DecisionCriteria,
                view.body_start(),
                "This document asks for a decision but does not say how the decision will be made.".to_owned(),
                "Add a \"Decision criteria\" section listing the few properties the decision turns on, most important first.".to_owned(),
            );
        }
    }
}

/// Reports each guidance block left in a section that no other finding already covers. Runs
/// last, after every rule that may cover a section.
pub(crate) fn placeholder_text(view: &DocView<'_>, sink: &mut Sink<'_>) {
    let headings = view.doc.body().headings();
    let mut open: Vec<usize> = Vec::new();
    let mut pending: Vec<(Position, Option<usize>)> = Vec::new();
    for (block, fill) in view.doc.body().blocks.iter().zip(&view.fills) {
        if let Some(index) = block.heading {
            open.retain(|&i| headings[i].level < headings[index].level);
            open.push(index);
            continue;
        }
        let covered = open
            .iter()
            .any(|&i| sink.covered_sections.contains(&view.sections[i].position));
        if *fill == Fill::Placeholder && !covered {
            pending.push((block.position, open.last().copied()));
        }
    }
    for (position, section) in pending {
        let place = section.map_or(String::new(), |i| {
            format!(" under \"{}\"", view.sections[i].title)
        });
        sink.report(
            RuleId::PlaceholderText,
            position,
            format!("Placeholder text is still in the document{place}."),
            "Replace it with your own writing, or delete it if it does not apply.".to_owned(),
        );
    }
}
