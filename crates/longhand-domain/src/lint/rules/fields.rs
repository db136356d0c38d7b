//! Rules on front matter fields: `intent`, `owner`, `required-field`, `field-value`, `bad-date`,
//! and turning front matter problems into `front-matter` findings.

use super::super::body::is_marker_placeholder;
use super::super::frontmatter::{Entry, Value, ValueKind};
use super::super::rule::RuleId;
use super::super::view::DocView;
use super::{Sink, parse_date};
use crate::lint::Position;
use crate::templates::{FieldSpec, FieldType};

/// Date fields checked even when no template declares them, because every kind uses them the same way.
const WELL_KNOWN_DATES: [&str; 4] = ["deadline", "due", "date", "review_date"];

pub(crate) fn check(view: &DocView<'_>, sink: &mut Sink<'_>) {
    front_matter(view, sink);
    intent(view, sink);
    owner(view, sink);
    declared_fields(view, sink);
    well_known_dates(view, sink);
}

fn front_matter(view: &DocView<'_>, sink: &mut Sink<'_>) {
    for problem in view.doc.problems() {
        sink.report(
            RuleId::FrontMatter,
            problem.position,
            problem.message.clone(),
            problem.hint.clone(),
        );
    }
}

/// Where a missing field points: its blank `key:` line if present, else the top of the file.
fn missing_at(entry: Option<&Entry>) -> Position {
    entry.map_or(Position::START, |entry| entry.key_position)
}

/// Whether a field has a real value: not blank and not a `TODO`-style marker.
fn is_filled(entry: Option<&Entry>) -> bool {
    entry.is_some_and(|e| {
        !e.value.is_blank() && !e.value.as_text().is_some_and(is_marker_placeholder)
    })
}

/// Whether the `intent` rule reports this document; `purpose` defers to it.
pub(crate) fn intent_missing(view: &DocView<'_>) -> bool {
    !is_filled(view.doc.front_matter().get("intent"))
}

fn intent(view: &DocView<'_>, sink: &mut Sink<'_>) {
    if !intent_missing(view) {
        return;
    }
    let entry = view.doc.front_matter().get("intent");
    sink.report(
        RuleId::Intent,
        missing_at(entry),
        "The document does not state its intent: the `intent:` field is missing or empty.".to_owned(),
        "Add `intent:` to the front matter with one sentence on why this document exists and what it should achieve.".to_owned(),
    );
}

fn owner(view: &DocView<'_>, sink: &mut Sink<'_>) {
    let entry = view.doc.front_matter().get("owner");
    if !is_filled(entry) {
        sink.report(
            RuleId::Owner,
            missing_at(entry),
            "The document has no owner: the `owner:` field is missing or empty.".to_owned(),
            "Add `owner: @handle` naming the one person responsible for the next step.".to_owned(),
        );
        return;
    }
    if let Some(entry) = entry {
        check_member(entry, sink);
    }
}

/// A member is one handle (`@ana`, `ana`) or an email address: one token, no spaces.
fn check_member(entry: &Entry, sink: &mut Sink<'_>) {
    let is_member = entry
        .value
        .as_text()
        .is_some_and(|text| !text.contains(char::is_whitespace));
    if is_member {
        return;
    }
    sink.report(
        RuleId::FieldValue,
        entry.value.position,
        format!("The `{}` field must name exactly one person.", entry.key),
        format!(
            "Write a single handle, such as `{}: @ana`; put other people in a list field.",
            entry.key
        ),
    );
}

fn declared_fields(view: &DocView<'_>, sink: &mut Sink<'_>) {
    let Some(template) = view.template else {
        return;
    };
    for spec in template.fields() {
        let entry = view.doc.front_matter().get(&spec.name);
        match entry {
            Some(entry) if !entry.value.is_blank() => check_value(spec, entry, sink),
            _ if spec.required => report_required(spec, entry, template.name(), sink),
            _ => {}
        }
    }
}

fn report_required(spec: &FieldSpec, entry: Option<&Entry>, template: &str, sink: &mut Sink<'_>) {
    let example = match &spec.field_type {
        FieldType::Date => "YYYY-MM-DD".to_owned(),
        FieldType::Member => "@handle".to_owned(),
        FieldType::List => "[first, second]".to_owned(),
        FieldType::Enum(options) => options.join(" | "),
        FieldType::Text => "…".to_owned(),
    };
    let purpose = if spec.hint.is_empty() {
        String::new()
    } else {
        format!(" ({})", spec.hint)
    };
    sink.report(
        RuleId::RequiredField,
        missing_at(entry),
        format!(
            "The {template} template requires the `{}` field, which is missing or empty.",
            spec.name
        ),
        format!(
            "Add `{}: {example}` to the front matter{purpose}.",
            spec.name
        ),
    );
}

fn check_value(spec: &FieldSpec, entry: &Entry, sink: &mut Sink<'_>) {
    match &spec.field_type {
        FieldType::Date => check_date(entry, sink),
        FieldType::Member => check_member(entry, sink),
        FieldType::Enum(options) => check_enum(entry, options, sink),
        FieldType::Text => check_text(entry, sink),
        FieldType::List => check_list(entry, sink),
    }
}

fn check_enum(entry: &Entry, options: &[String], sink: &mut Sink<'_>) {
    let text = entry.value.as_text();
    if text.is_some_and(|t| options.iter().any(|o| o.eq_ignore_ascii_case(t))) {
        return;
    }
    let shown = text.unwrap_or("(not text)");
    sink.report(
        RuleId::FieldValue,
        entry.value.position,
        format!(
            "The `{}` field is `{shown}`, which is not one of its allowed values.",
            entry.key
        ),
        format!("Use one of: {}.", options.join(", ")),
    );
}

fn check_text(entry: &Entry, sink: &mut Sink<'_>) {
    if matches!(entry.value.kind, ValueKind::Scalar(_)) {
        return;
    }
    sink.report(
        RuleId::FieldValue,
        entry.value.position,
        format!(
            "The `{}` field should be a piece of text, not a list or mapping.",
            entry.key
        ),
        format!(
            "Write `{}:` followed by the text on the same line.",
            entry.key
        ),
    );
}

/// A single scalar is accepted as a one-item list; only a mapping is wrong.
fn check_list(entry: &Entry, sink: &mut Sink<'_>) {
    if !matches!(entry.value.kind, ValueKind::Map(_)) {
        return;
    }
    sink.report(
        RuleId::FieldValue,
        entry.value.position,
        format!("The `{}` field should be a list, not a mapping.", entry.key),
        format!("Write it as `{}: [first, second]`.", entry.key),
    );
}

fn well_known_dates(view: &DocView<'_>, sink: &mut Sink<'_>) {
    let declared = |name: &str| view.template.is_some_and(|t| t.field(name).is_some());
    for name in WELL_KNOWN_DATES.into_iter().filter(|name| !declared(name)) {
        if let Some(entry) = view
            .doc
            .front_matter()
            .get(name)
            .filter(|e| !e.value.is_blank())
        {
            check_date(entry, sink);
        }
    }
}

fn check_date(entry: &Entry, sink: &mut Sink<'_>) {
    if date_value(&entry.value).is_some() {
        return;
    }
    let shown = entry.value.as_text().unwrap_or("(not text)");
    sink.report(
        RuleId::BadDate,
        entry.value.position,
        format!(
            "The `{}` field is `{shown}`, which is not a date.",
            entry.key
        ),
        format!(
            "Write the date as YYYY-MM-DD, for example `{}: 2025-03-14`.",
            entry.key
        ),
    );
}

pub(crate) fn date_value(value: &Value) -> Option<jiff::civil::Date> {
    value.as_text().and_then(parse_date)
}
