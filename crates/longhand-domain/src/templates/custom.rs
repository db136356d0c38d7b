//! Custom templates: a team's own kind, written as Markdown with front matter.
//!
//! ```markdown
//! ---
//! kind: vendor-review
//! name: Vendor review
//! requests_decision: true                # optional, default false
//! criteria: [purpose, deadline, context] # optional, default all five
//! fields:
//!   - name: vendor
//!     type: text                         # text | date | member | list | enum
//!     required: true                     # optional, default false
//!     hint: legal name of the vendor     # optional
//!   - name: risk
//!     type: enum
//!     options: [low, medium, high]
//! required_sections:
//!   - Context|Background                 # `|` separates accepted alternatives
//!   - Options considered
//! ---
//! ## Context
//!
//! Describe the need this vendor fills.
//! ...
//! ```
//!
//! The body is the skeleton's body. Every paragraph in it counts as guidance, so a document
//! that leaves one in place is told to replace it. Errors carry the line they refer to, and all
//! of them are reported at once so a template author fixes everything in one pass.

use std::fmt;

use super::{
    Criterion, FieldSpec, FieldType, SectionSpec, Template, TemplateKind, TemplateParts,
    normalize_heading,
};
use crate::lint::frontmatter::split as split_front_matter;
use crate::lint::{Entry, ParsedDoc, Position, Value, ValueKind};

/// Why a custom template could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub position: Position,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{} {}",
            self.position.line, self.position.column, self.message
        )
    }
}

impl std::error::Error for TemplateError {}

/// Fields every document has already; a template redeclaring them would fight the lint's own rules.
const RESERVED_FIELDS: [&str; 4] = ["kind", "title", "owner", "intent"];

pub(super) fn parse(source: &str) -> Result<Template, Vec<TemplateError>> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let split = split_front_matter(source);
    let mut reader = Reader::default();
    // Without readable front matter every later check would only repeat "missing", so stop here.
    if !split.problems.is_empty() {
        return Err(split
            .problems
            .into_iter()
            .map(|p| TemplateError {
                position: p.position,
                message: p.message,
            })
            .collect());
    }
    if !split.front_matter.is_present() {
        reader.error(
            Position::START,
            "A template must start with front matter (`---`) declaring at least `kind` and `name`.",
        );
        return Err(reader.errors);
    }
    for entry in split.front_matter.entries() {
        reader.entry(entry);
    }
    let body = split.body.to_owned();
    reader.check_sections_exist(&body);
    reader.finish(Position::START, body)
}

#[derive(Default)]
struct Reader {
    errors: Vec<TemplateError>,
    kind: Option<TemplateKind>,
    name: Option<String>,
    fields: Vec<FieldSpec>,
    sections: Vec<(SectionSpec, Position)>,
    criteria: Option<Vec<Criterion>>,
    requests_decision: bool,
    /// Whether `kind` / `name` keys appeared at all, so a bad value is not also called missing.
    seen_kind: bool,
    seen_name: bool,
}

impl Reader {
    fn error(&mut self, position: Position, message: impl Into<String>) {
        self.errors.push(TemplateError {
            position,
            message: message.into(),
        });
    }

    fn entry(&mut self, entry: &Entry) {
        let value = &entry.value;
        match entry.key.as_str() {
            "kind" => {
                self.seen_kind = true;
                self.kind(value);
            }
            "name" => {
                self.seen_name = true;
                self.name = self.text(value, "name");
            }
            "requests_decision" => self.requests_decision = self.boolean(value, "requests_decision"),
            "criteria" => self.criteria(value),
            "fields" => self.fields(value),
            "required_sections" => self.sections(value),
            other => self.error(
                entry.key_position,
                format!("Unknown template key `{other}`; expected kind, name, requests_decision, criteria, fields or required_sections."),
            ),
        }
    }

    fn text(&mut self, value: &Value, what: &str) -> Option<String> {
        let text = value.as_text().map(str::to_owned);
        if text.is_none() {
            self.error(
                value.position,
                format!("`{what}` must be a non-empty text value."),
            );
        }
        text
    }

    fn boolean(&mut self, value: &Value, what: &str) -> bool {
        match value.as_text().map(str::to_ascii_lowercase).as_deref() {
            Some("true" | "yes") => true,
            Some("false" | "no") => false,
            _ => {
                self.error(value.position, format!("`{what}` must be true or false."));
                false
            }
        }
    }

    fn kind(&mut self, value: &Value) {
        let Some(text) = self.text(value, "kind") else {
            return;
        };
        self.kind = TemplateKind::parse(&text);
        if self.kind.is_none() {
            self.error(value.position, format!("The kind `{text}` must use only lower-case letters, digits and `-`, such as `vendor-review`."));
        }
    }

    fn list<'v>(&mut self, value: &'v Value, what: &str) -> &'v [Value] {
        match &value.kind {
            ValueKind::List(items) => items,
            ValueKind::Null => &[],
            _ => {
                self.error(value.position, format!("`{what}` must be a list."));
                &[]
            }
        }
    }

    fn criteria(&mut self, value: &Value) {
        let mut criteria = Vec::new();
        for item in self.list(value, "criteria") {
            match item.as_text().and_then(Criterion::from_id) {
                Some(criterion) => criteria.push(criterion),
                None => self.error(item.position, "Each criterion must be one of purpose, required-action, deadline, context or scope."),
            }
        }
        self.criteria = Some(criteria);
    }

    fn sections(&mut self, value: &Value) {
        for item in self.list(value, "required_sections") {
            match item.as_text() {
                Some(text) => self
                    .sections
                    .push((SectionSpec::parse(text), item.position)),
                None => self.error(
                    item.position,
                    "Each required section must be a heading text, such as `Context`.",
                ),
            }
        }
    }

    fn fields(&mut self, value: &Value) {
        for item in self.list(value, "fields") {
            let ValueKind::Map(entries) = &item.kind else {
                self.error(
                    item.position,
                    "Each field must be a mapping with at least `name` and `type`.",
                );
                continue;
            };
            if let Some(field) = self.field(entries, item.position) {
                self.fields.push(field);
            }
        }
    }

    fn field(&mut self, entries: &[Entry], position: Position) -> Option<FieldSpec> {
        let mut draft = FieldDraft::read(self, entries);
        let name = self.field_name(draft.name.take(), position)?;
        let field_type = self.field_type(&draft, position)?;
        Some(FieldSpec {
            name,
            field_type,
            required: draft.required,
            hint: draft.hint.unwrap_or_default(),
        })
    }

    fn field_name(&mut self, name: Option<String>, position: Position) -> Option<String> {
        let Some(name) = name else {
            self.error(position, "This field has no `name`.");
            return None;
        };
        let valid = name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if !valid {
            self.error(
                position,
                format!(
                    "The field name `{name}` must use only lower-case letters, digits, `_` and `-`."
                ),
            );
            return None;
        }
        if RESERVED_FIELDS.contains(&name.as_str()) {
            self.error(
                position,
                format!("`{name}` is present on every document; remove it from `fields`."),
            );
            return None;
        }
        if self.fields.iter().any(|field| field.name == name) {
            self.error(position, format!("The field `{name}` is declared twice."));
            return None;
        }
        Some(name)
    }

    fn field_type(&mut self, draft: &FieldDraft, position: Position) -> Option<FieldType> {
        let options = draft.options.clone();
        let field_type = match draft.type_name.as_deref() {
            Some("text") => FieldType::Text,
            Some("date") => FieldType::Date,
            Some("member") => FieldType::Member,
            Some("list") => FieldType::List,
            Some("enum") => match options {
                Some(options) if !options.is_empty() => return Some(FieldType::Enum(options)),
                _ => {
                    self.error(
                        position,
                        "An `enum` field needs a non-empty `options` list.",
                    );
                    return None;
                }
            },
            Some(other) => {
                self.error(
                    position,
                    format!("Unknown field type `{other}`; use text, date, member, list or enum."),
                );
                return None;
            }
            None => {
                self.error(
                    position,
                    "This field has no `type`; use text, date, member, list or enum.",
                );
                return None;
            }
        };
        if options.is_some() {
            self.error(position, "`options` only applies to fields of type `enum`.");
        }
        Some(field_type)
    }

    /// A required section the skeleton itself lacks would make every new document fail the lint.
    fn check_sections_exist(&mut self, body: &str) {
        let doc = ParsedDoc::parse(body);
        let headings: Vec<String> = doc
            .body()
            .headings()
            .iter()
            .map(|h| normalize_heading(&h.text))
            .collect();
        let missing: Vec<(String, Position)> = self
            .sections
            .iter()
            .filter(|(spec, _)| !headings.iter().any(|heading| spec.matches(heading)))
            .map(|(spec, position)| (spec.title.clone(), *position))
            .collect();
        for (title, position) in missing {
            self.error(position, format!("The required section `{title}` has no heading in the template body, so every new document would fail the lint."));
        }
    }

    fn finish(mut self, position: Position, body: String) -> Result<Template, Vec<TemplateError>> {
        if !self.seen_name {
            self.error(
                position,
                "The template has no `name`; add e.g. `name: Vendor review`.",
            );
        }
        let kind = self.kind.take();
        if !self.seen_kind {
            self.error(
                position,
                "The template has no `kind`; add e.g. `kind: vendor-review`.",
            );
        }
        let (Some(kind), Some(name), true) = (kind, self.name.take(), self.errors.is_empty())
        else {
            self.errors.sort_by_key(|error| error.position);
            return Err(self.errors);
        };
        Ok(Template::from_parts(TemplateParts {
            kind,
            name,
            fields: self.fields,
            required_sections: self.sections.into_iter().map(|(spec, _)| spec).collect(),
            criteria: self.criteria.unwrap_or_else(|| Criterion::ALL.to_vec()),
            requests_decision: self.requests_decision,
            body,
        }))
    }
}

/// The raw keys of one `fields:` item, before validation.
#[derive(Default)]
struct FieldDraft {
    name: Option<String>,
    type_name: Option<String>,
    required: bool,
    hint: Option<String>,
    options: Option<Vec<String>>,
}

impl FieldDraft {
    fn read(reader: &mut Reader, entries: &[Entry]) -> FieldDraft {
        let mut draft = FieldDraft::default();
        for entry in entries {
            let value = &entry.value;
            match entry.key.as_str() {
                "name" => draft.name = reader.text(value, "name"),
                "type" => draft.type_name = reader.text(value, "type").map(|t| t.to_ascii_lowercase()),
                "required" => draft.required = reader.boolean(value, "required"),
                "hint" => draft.hint = value.as_text().map(str::to_owned),
                "options" => draft.options = Some(options(reader, value)),
                other => reader.error(entry.key_position, format!("Unknown field key `{other}`; expected name, type, required, hint or options.")),
            }
        }
        draft
    }
}

fn options(reader: &mut Reader, value: &Value) -> Vec<String> {
    let items = reader.list(value, "options");
    let mut options = Vec::new();
    for item in items {
        match item.as_text() {
            Some(text) => options.push(text.to_owned()),
            None => reader.error(item.position, "Each option must be a non-empty text value."),
        }
    }
    options
}
