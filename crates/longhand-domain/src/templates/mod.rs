//! Document templates: the nine built-in kinds and custom templates written as Markdown.
//!
//! A template says which structured fields a document of its kind carries, which sections it
//! must have, which of the five completeness criteria apply to it, whether it asks for a
//! decision, and the skeleton a new document starts from. The skeleton's guidance is written as
//! `_[…]_` paragraphs, which the lint recognises as "not filled in yet".
//!
//! Architecture Invariant: a `Template` is plain data; the lint reads it, nothing here lints.

mod builtin;
mod custom;
mod skeleton;

use std::collections::HashSet;
use std::fmt;

use crate::lint::{Fill, normalize_text};
use crate::lint::{ParsedDoc, RuleId};

pub use builtin::{BuiltinKind, builtin, builtins, find_builtin};
pub use custom::TemplateError;

/// A template's kind id: lower-case ASCII letters, digits and `-`, such as `rfc` or
/// `vendor-review`. It is what a document's `kind:` field names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TemplateKind(String);

impl TemplateKind {
    /// Accepts `[a-z0-9][a-z0-9-]*`, at most 64 characters.
    pub fn parse(id: &str) -> Option<TemplateKind> {
        let valid_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        let valid =
            !id.is_empty() && id.len() <= 64 && !id.starts_with('-') && id.chars().all(valid_char);
        valid.then(|| TemplateKind(id.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TemplateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The type of a structured front matter field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    /// Free text.
    Text,
    /// An ISO 8601 date (`2025-03-14`).
    Date,
    /// A workspace member, written as a handle (`@ana` or `ana`).
    Member,
    /// A YAML list of text items.
    List,
    /// One of a fixed set of values, compared case-insensitively.
    Enum(Vec<String>),
}

impl FieldType {
    /// The name used in custom templates' `type:`.
    pub fn name(&self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Date => "date",
            FieldType::Member => "member",
            FieldType::List => "list",
            FieldType::Enum(_) => "enum",
        }
    }
}

/// One structured field a template declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: String,
    pub field_type: FieldType,
    pub required: bool,
    /// A short note shown as a YAML comment in the skeleton.
    pub hint: String,
}

/// A section a template requires. A heading matches when its normalised text equals the title
/// or one of the aliases, so imported documents that say "Considered options" still count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSpec {
    pub title: String,
    pub aliases: Vec<String>,
    /// Title and aliases, normalised once so matching does not allocate.
    keys: Vec<String>,
}

impl SectionSpec {
    /// Parses `Title|Alias|Alias`.
    pub fn parse(spec: &str) -> SectionSpec {
        let mut names = spec
            .split('|')
            .map(str::trim)
            .filter(|name| !name.is_empty());
        let title = names.next().unwrap_or_default().to_owned();
        let aliases: Vec<String> = names.map(str::to_owned).collect();
        let keys = std::iter::once(&title)
            .chain(&aliases)
            .map(|name| normalize_heading(name))
            .collect();
        SectionSpec {
            title,
            aliases,
            keys,
        }
    }

    /// Whether a heading (already passed through [`normalize_heading`]) names this section.
    pub fn matches(&self, normalized_heading: &str) -> bool {
        self.keys.iter().any(|key| key == normalized_heading)
    }
}

/// The five completeness criteria of async writing (DESIGN.md §1 rule 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Criterion {
    Purpose,
    RequiredAction,
    Deadline,
    Context,
    Scope,
}

impl Criterion {
    pub const ALL: [Criterion; 5] = [
        Criterion::Purpose,
        Criterion::RequiredAction,
        Criterion::Deadline,
        Criterion::Context,
        Criterion::Scope,
    ];

    /// The lint rule that checks this criterion; its id doubles as the criterion's name.
    pub fn rule(self) -> RuleId {
        match self {
            Criterion::Purpose => RuleId::Purpose,
            Criterion::RequiredAction => RuleId::RequiredAction,
            Criterion::Deadline => RuleId::Deadline,
            Criterion::Context => RuleId::Context,
            Criterion::Scope => RuleId::Scope,
        }
    }

    pub fn from_id(id: &str) -> Option<Criterion> {
        Criterion::ALL
            .into_iter()
            .find(|c| c.rule().as_str() == id.trim())
    }
}

/// A document template.
#[derive(Debug, Clone)]
pub struct Template {
    kind: TemplateKind,
    name: String,
    fields: Vec<FieldSpec>,
    required_sections: Vec<SectionSpec>,
    criteria: Vec<Criterion>,
    requests_decision: bool,
    skeleton: String,
    /// Normalised text of every paragraph in the skeleton body, so guidance written without the
    /// `_[…]_` convention (common in custom templates) is still recognised when left in place.
    guidance: HashSet<String>,
}

/// Everything needed to build a template; the skeleton front matter is generated from it.
pub(crate) struct TemplateParts {
    pub kind: TemplateKind,
    pub name: String,
    pub fields: Vec<FieldSpec>,
    pub required_sections: Vec<SectionSpec>,
    pub criteria: Vec<Criterion>,
    pub requests_decision: bool,
    pub body: String,
}

impl Template {
    pub(crate) fn from_parts(parts: TemplateParts) -> Template {
        let skeleton = skeleton::render(&parts);
        let guidance = guidance_of(&parts.body);
        Template {
            kind: parts.kind,
            name: parts.name,
            fields: parts.fields,
            required_sections: parts.required_sections,
            criteria: parts.criteria,
            requests_decision: parts.requests_decision,
            skeleton,
            guidance,
        }
    }

    /// Parses a custom template; see [`custom`](self) for the format.
    pub fn parse_custom(source: &str) -> Result<Template, Vec<TemplateError>> {
        custom::parse(source)
    }

    pub fn kind(&self) -> &TemplateKind {
        &self.kind
    }

    /// The display name, such as "Decision record".
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }

    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields
            .iter()
            .find(|field| field.name.eq_ignore_ascii_case(name))
    }

    pub fn required_sections(&self) -> &[SectionSpec] {
        &self.required_sections
    }

    /// Which completeness criteria the lint checks for this kind. A handbook page has no
    /// deadline and a decision record asks nothing of its reader, so not every kind needs all five.
    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }

    pub fn applies(&self, criterion: Criterion) -> bool {
        self.criteria.contains(&criterion)
    }

    /// Whether documents of this kind ask for a decision, and so must state decision criteria.
    pub fn requests_decision(&self) -> bool {
        self.requests_decision
    }

    /// The Markdown, front matter included, that a new document of this kind starts from.
    pub fn skeleton(&self) -> &str {
        &self.skeleton
    }

    /// Whether a normalised paragraph is this template's own guidance text.
    pub(crate) fn has_verbatim_guidance(&self) -> bool {
        !self.guidance.is_empty()
    }

    pub(crate) fn is_guidance(&self, normalized: &str) -> bool {
        self.guidance.contains(normalized)
    }

    /// Whether a normalised heading names one of the required sections.
    pub(crate) fn requires_section(&self, normalized_heading: &str) -> bool {
        self.required_sections
            .iter()
            .any(|spec| spec.matches(normalized_heading))
    }
}

/// A template that marks its guidance with `_[…]_` (as the built-ins do) needs nothing more:
/// its other paragraphs are real content, such as the charter's note on response clocks. A
/// custom template that never uses the convention has only plain paragraphs, which are then
/// taken as guidance so a document that keeps them verbatim is still told to replace them.
fn guidance_of(body: &str) -> HashSet<String> {
    let doc = ParsedDoc::parse(body);
    let blocks = &doc.body().blocks;
    if blocks.iter().any(|block| block.fill == Fill::Placeholder) {
        return HashSet::new();
    }
    blocks
        .iter()
        .filter(|block| block.fill == Fill::Filled)
        .filter_map(|block| block.text.as_deref().map(normalize_text))
        .collect()
}

/// Normalises heading text for matching: lower case, collapsed whitespace, without leading
/// numbering ("2.1 ") or a trailing colon or question mark.
pub fn normalize_heading(text: &str) -> String {
    let lower = normalize_text(text);
    strip_numbering(&lower)
        .trim_end_matches([':', '?', '.'])
        .trim_end()
        .to_owned()
}

/// Strips "1. ", "2.3 " or "4) " but not the year in "2025 roadmap".
fn strip_numbering(heading: &str) -> &str {
    let end = heading
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ')'))
        .unwrap_or(heading.len());
    let (prefix, rest) = heading.split_at(end);
    let numbered = prefix.starts_with(|c: char| c.is_ascii_digit())
        && (prefix.contains('.') || prefix.ends_with(')'))
        && rest.starts_with(' ');
    if numbered { rest.trim_start() } else { heading }
}

#[cfg(test)]
mod tests;
