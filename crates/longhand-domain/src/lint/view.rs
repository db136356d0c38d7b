//! A lint-time view of one document against one template: section fills (with the template's
//! own guidance counted as placeholder) and lookups of the concept sections the rules look for.
//!
//! Built once per `lint` call in a single pass over the blocks, so every rule after it works on
//! precomputed data and the whole lint stays linear in the document size.

use super::body::{Block, Fill};
use super::config::LintContext;
use super::doc::ParsedDoc;
use super::finding::Position;
use super::normalize_text;
use crate::templates::{Template, normalize_heading};

/// Heading texts (normalised) that count as each concept section.
pub(crate) const PURPOSE: &[&str] = &[
    "purpose",
    "why",
    "intent",
    "motivation",
    "goal",
    "goals",
    "objective",
    "objectives",
    "desired outcome",
    "mission",
    "why this matters",
];
pub(crate) const ACTION: &[&str] = &[
    "ask",
    "the ask",
    "required action",
    "action required",
    "requested action",
    "call to action",
    "what i need from you",
    "what we need from you",
    "how you can help",
    "help needed",
];
pub(crate) const CONTEXT: &[&str] = &[
    "context",
    "background",
    "context and problem statement",
    "problem",
    "problem statement",
    "current state",
    "situation",
];
pub(crate) const CRITERIA: &[&str] = &[
    "decision criteria",
    "decision drivers",
    "criteria",
    "evaluation criteria",
    "how we will decide",
    "how we'll decide",
];
pub(crate) const TLDR: &[&str] = &["tl;dr", "tldr", "summary", "executive summary", "in short"];

/// One heading and how filled the text under it (down to the next heading of the same or a
/// higher level) is.
#[derive(Debug)]
pub(crate) struct Section {
    pub title: String,
    pub normalized: String,
    pub position: Position,
    pub fill: Fill,
}

/// What a rule found when it looked for a concept section.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Presence<'v> {
    Filled,
    Unfilled(&'v Section),
    Absent,
}

pub(crate) struct DocView<'d> {
    pub doc: &'d ParsedDoc,
    pub ctx: &'d LintContext<'d>,
    pub template: Option<&'d Template>,
    pub sections: Vec<Section>,
    /// Effective fill of each block in `doc.body().blocks`, template guidance included.
    pub fills: Vec<Fill>,
}

impl<'d> DocView<'d> {
    pub fn new(
        doc: &'d ParsedDoc,
        template: Option<&'d Template>,
        ctx: &'d LintContext<'d>,
    ) -> DocView<'d> {
        let fills = block_fills(doc, template);
        let sections = sections(doc, &fills);
        DocView {
            doc,
            ctx,
            template,
            sections,
            fills,
        }
    }

    /// The best-filled section whose heading is one of `names`.
    pub fn find(&self, names: &[&str]) -> Presence<'_> {
        let mut found = Presence::Absent;
        for section in self
            .sections
            .iter()
            .filter(|s| names.contains(&s.normalized.as_str()))
        {
            if section.fill == Fill::Filled {
                return Presence::Filled;
            }
            found = Presence::Unfilled(section);
        }
        found
    }

    /// Whether the template requires a section that is one of `names`, in which case the
    /// `required-section` rule already speaks for it and a concept rule should stay quiet.
    pub fn template_requires_any(&self, names: &[&str]) -> bool {
        self.template
            .is_some_and(|t| names.iter().any(|name| t.requires_section(name)))
    }

    /// Whether the template declares `field` as required (so `required-field` reports it).
    pub fn template_requires_field(&self, field: &str) -> bool {
        self.template
            .and_then(|t| t.field(field))
            .is_some_and(|f| f.required)
    }

    /// Where "missing" findings point: the first line of the body.
    pub fn body_start(&self) -> Position {
        Position::new(self.doc.body_line(), 1)
    }
}

/// The effective fill of each top-level block, template guidance counted as placeholder.
fn block_fills(doc: &ParsedDoc, template: Option<&Template>) -> Vec<Fill> {
    doc.body()
        .blocks
        .iter()
        .map(|block| effective_fill(block, template))
        .collect()
}

/// Every section of the body with how filled it is, judged exactly as the lint's
/// `required-section` rule judges it (for rules outside the lint, such as the meeting gate).
pub(crate) fn sections_of(doc: &ParsedDoc, template: Option<&Template>) -> Vec<Section> {
    sections(doc, &block_fills(doc, template))
}

/// Only custom templates without `_[…]_` guidance carry verbatim guidance, so the text is
/// normalised (an allocation) only for them.
fn effective_fill(block: &Block, template: Option<&Template>) -> Fill {
    let verbatim = template.filter(|t| t.has_verbatim_guidance());
    let is_guidance = block.fill == Fill::Filled
        && verbatim.is_some_and(|t| {
            let text = block.text.as_deref();
            text.is_some_and(|text| t.is_guidance(&normalize_text(text)))
        });
    if is_guidance {
        Fill::Placeholder
    } else {
        block.fill
    }
}

/// Folds block fills into sections with a stack of open headings: each block raises the fill of
/// every heading still open above it. Headings nest at most six deep, so this is linear.
fn sections(doc: &ParsedDoc, fills: &[Fill]) -> Vec<Section> {
    let headings = doc.body().headings();
    let mut sections: Vec<Section> = headings
        .iter()
        .map(|h| Section {
            title: h.text.clone(),
            normalized: normalize_heading(&h.text),
            position: h.position,
            fill: Fill::Empty,
        })
        .collect();
    let mut open: Vec<usize> = Vec::new();
    for (block, fill) in doc.body().blocks.iter().zip(fills) {
        if let Some(index) = block.heading {
            let level = headings[index].level;
            open.retain(|&i| headings[i].level < level);
            open.push(index);
            continue;
        }
        for &i in &open {
            sections[i].fill = sections[i].fill.max(*fill);
        }
    }
    sections
}
