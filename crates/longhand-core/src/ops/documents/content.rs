//! A document's editable content: parsing what the editor or the API sent, composing it as
//! Markdown with front matter for the completeness lint, and mapping each finding back to the
//! form field or body line it is about.

use super::super::{OpResult, check_nesting, invalid, multi_line, one_line};
use longhand_domain::documents::{Classification, FieldValue};
use longhand_domain::lint::{self, Finding, LintConfig, LintContext, ParsedDoc, Severity};
use longhand_domain::names::Handle;
use longhand_domain::templates::{FieldType, Template};
use std::collections::HashSet;

/// The largest document body, in characters.
pub const MAX_BODY_CHARS: usize = 500_000;

/// What a person wrote: everything a revision records except the status.
#[derive(Debug, Clone, Default)]
pub struct DocInput {
    pub title: String,
    pub intent: String,
    pub classification: Option<Classification>,
    /// The DRI; the author when not given.
    pub owner: Option<Handle>,
    pub tags: Vec<String>,
    /// Template fields by name, as typed.
    pub fields: Vec<(String, FieldValue)>,
    pub body: String,
}

impl DocInput {
    /// Checks lengths and tidies whitespace; the lint judges everything else.
    pub(crate) fn tidy(mut self) -> OpResult<DocInput> {
        self.title = self.title.trim().to_owned();
        if self.title.is_empty() {
            return Err(invalid("a document needs a title"));
        }
        if self.title.chars().count() > 200 {
            return Err(invalid("the title can be at most 200 characters"));
        }
        one_line("title", &self.title)?;
        self.intent = self.intent.trim().to_owned();
        if self.intent.chars().count() > 1000 {
            return Err(invalid("the intent can be at most 1000 characters"));
        }
        multi_line("intent", &self.intent)?;
        multi_line("body", &self.body)?;
        if self.body.chars().count() > MAX_BODY_CHARS {
            return Err(invalid(format!(
                "a document can be at most {MAX_BODY_CHARS} characters"
            )));
        }
        check_nesting(&self.body)?;
        self.tags = tidy_tags(&self.tags)?;
        self.fields = tidy_fields(self.fields)?;
        Ok(self)
    }
}

fn tidy_tags(tags: &[String]) -> OpResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim().trim_start_matches('#').to_lowercase();
        if tag.is_empty() || out.contains(&tag) {
            continue;
        }
        one_line("tag", &tag)?;
        if tag.chars().count() > 40 || tag.contains(char::is_whitespace) {
            return Err(invalid(format!(
                "tag \"{tag}\" must be one word of at most 40 characters"
            )));
        }
        out.push(tag);
    }
    if out.len() > 20 {
        return Err(invalid("a document can have at most 20 tags"));
    }
    Ok(out)
}

/// Keys that are document attributes, not template fields.
const RESERVED: &[&str] = &[
    "title",
    "slug",
    "kind",
    "space",
    "owner",
    "intent",
    "classification",
    "status",
    "tags",
];

fn tidy_fields(fields: Vec<(String, FieldValue)>) -> OpResult<Vec<(String, FieldValue)>> {
    let mut out: Vec<(String, FieldValue)> = Vec::new();
    for (name, value) in fields {
        let name = name.trim().to_ascii_lowercase();
        let valid = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Err(invalid(format!("\"{name}\" is not a field name")));
        }
        if RESERVED.contains(&name.as_str()) || out.iter().any(|(n, _)| *n == name) {
            continue;
        }
        check_field(&name, &value)?;
        let value = match value {
            FieldValue::Text(text) => FieldValue::Text(text.trim().to_owned()),
            FieldValue::List(items) => FieldValue::List(
                items
                    .into_iter()
                    .map(|item| item.trim().to_owned())
                    .filter(|item| !item.is_empty())
                    .collect(),
            ),
        };
        out.push((name, value));
    }
    Ok(out)
}

/// A field's text is multi-line (a context paragraph); each item of a list is one line.
fn check_field(name: &str, value: &FieldValue) -> OpResult<()> {
    let field = format!("field \"{name}\"");
    match value {
        FieldValue::Text(text) => multi_line(&field, text),
        FieldValue::List(items) => items.iter().try_for_each(|item| one_line(&field, item)),
    }
}

/// A form value for a template field: lists are typed comma-separated.
pub fn field_from_form(template: Option<&Template>, name: &str, raw: &str) -> FieldValue {
    let is_list = template
        .and_then(|t| t.field(name))
        .is_some_and(|spec| spec.field_type == FieldType::List);
    if is_list {
        FieldValue::List(raw.split(',').map(|item| item.trim().to_owned()).collect())
    } else {
        FieldValue::Text(raw.to_owned())
    }
}

/// Where a finding points in the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A form field (`title`, `intent`, `owner`, or a template field name).
    Field(String),
    /// A line and column of the body.
    Body { line: u32, column: u32 },
}

/// A lint finding placed in the editor's terms.
#[derive(Debug, Clone)]
pub struct DocFinding {
    pub finding: Finding,
    pub place: Place,
}

impl DocFinding {
    pub fn is_error(&self) -> bool {
        self.finding.severity == Severity::Error
    }
}

/// The content as one Markdown file with front matter, and the key written on each front
/// matter line (line 2 is the first key).
struct Composed {
    text: String,
    keys: Vec<String>,
}

fn yaml_text(value: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar, escapes included.
    serde_json::Value::from(value).to_string()
}

fn yaml_value(value: &FieldValue) -> String {
    match value {
        FieldValue::Text(text) => yaml_text(text),
        FieldValue::List(items) => {
            let items: Vec<String> = items.iter().map(|item| yaml_text(item)).collect();
            format!("[{}]", items.join(", "))
        }
    }
}

fn compose(kind: &str, status: &str, owner: &str, input: &DocInput) -> Composed {
    let mut lines: Vec<(String, String)> = vec![
        ("title".into(), yaml_text(&input.title)),
        ("kind".into(), yaml_text(kind)),
        ("owner".into(), yaml_text(&format!("@{owner}"))),
        ("intent".into(), yaml_text(&input.intent)),
        ("status".into(), yaml_text(status)),
    ];
    if let Some(class) = input.classification {
        lines.push(("classification".into(), yaml_text(class.as_str())));
    }
    for (name, value) in &input.fields {
        lines.push((name.clone(), yaml_value(value)));
    }
    let mut text = String::from("---\n");
    for (key, value) in &lines {
        text.push_str(&format!("{key}: {value}\n"));
    }
    text.push_str("---\n");
    text.push_str(&input.body);
    Composed {
        text,
        keys: lines.into_iter().map(|(key, _)| key).collect(),
    }
}

/// What the lint needs besides the content.
#[derive(Debug)]
pub struct LintInputs<'a> {
    pub kind: &'a str,
    pub status: &'a str,
    pub owner_handle: &'a str,
    pub template: Option<&'a Template>,
    /// Slugs of the documents the body links to that exist.
    pub known_slugs: &'a HashSet<String>,
    pub today: jiff::civil::Date,
}

/// Lints the content against its template, placing each finding on a field or body line.
pub fn lint_content(input: &DocInput, inputs: &LintInputs<'_>) -> Vec<DocFinding> {
    let composed = compose(inputs.kind, inputs.status, inputs.owner_handle, input);
    let doc = ParsedDoc::parse(&composed.text);
    let ctx = LintContext {
        known_slugs: Some(inputs.known_slugs),
        today: inputs.today,
    };
    let body_line = doc.body_line();
    lint::lint(&doc, inputs.template, &LintConfig::default(), &ctx)
        .into_iter()
        .map(|finding| {
            let line = finding.position.line;
            let place = if line >= body_line {
                Place::Body {
                    line: line - body_line + 1,
                    column: finding.position.column,
                }
            } else {
                let key = (line as usize)
                    .checked_sub(2)
                    .and_then(|index| composed.keys.get(index))
                    .cloned()
                    .unwrap_or_else(|| "title".to_owned());
                Place::Field(key)
            };
            DocFinding { finding, place }
        })
        .collect()
}

/// The body a new document of a template starts from: the skeleton without its front matter.
pub fn skeleton_body(template: &Template) -> String {
    let skeleton = template.skeleton();
    let doc = ParsedDoc::parse(skeleton);
    let skip = doc.body_line().saturating_sub(1) as usize;
    skeleton
        .lines()
        .skip(skip)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_start()
        .to_owned()
        + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use longhand_domain::templates::{BuiltinKind, builtin};

    fn inputs<'a>(slugs: &'a HashSet<String>, template: &'a Template) -> LintInputs<'a> {
        LintInputs {
            kind: "rfc",
            status: "draft",
            owner_handle: "ana",
            template: Some(template),
            known_slugs: slugs,
            today: jiff::civil::date(2026, 3, 10),
        }
    }

    #[test]
    fn findings_land_on_fields_and_body_lines() {
        let template = builtin(BuiltinKind::Rfc);
        let slugs = HashSet::new();
        let input = DocInput {
            title: "Cache: \"warm\" # keys".into(),
            intent: String::new(),
            body: "## Context\n\nWe need a cache.\n".into(),
            ..DocInput::default()
        };
        let found = lint_content(&input, &inputs(&slugs, template));
        let intent = found
            .iter()
            .find(|f| f.finding.rule.as_str() == "intent")
            .unwrap();
        assert_eq!(intent.place, Place::Field("intent".into()));
        assert!(
            found
                .iter()
                .all(|f| f.finding.rule.as_str() != "front-matter"),
            "{found:?}"
        );
        let section = found
            .iter()
            .find(|f| f.finding.rule.as_str() == "required-section")
            .unwrap();
        assert!(matches!(
            section.place,
            Place::Body { .. } | Place::Field(_)
        ));
    }

    #[test]
    fn the_skeleton_body_drops_the_front_matter() {
        let body = skeleton_body(builtin(BuiltinKind::Rfc));
        assert!(body.starts_with("## TL;DR"), "{body}");
    }

    #[test]
    fn tidy_refuses_what_cannot_be_stored() {
        let long = DocInput {
            title: "x".repeat(201),
            ..DocInput::default()
        };
        assert!(long.tidy().is_err());
        let blank = DocInput {
            title: "  ".into(),
            ..DocInput::default()
        };
        assert!(blank.tidy().is_err());
        let tags = DocInput {
            title: "t".into(),
            tags: vec!["#Ops".into(), "ops".into(), " ".into()],
            ..DocInput::default()
        };
        assert_eq!(tags.tidy().unwrap().tags, ["ops"]);
    }
}
