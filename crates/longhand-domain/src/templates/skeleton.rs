//! Renders the skeleton a new document starts from: generated front matter plus the template body.
//!
//! The front matter is generated rather than written by hand so that it always lists exactly the
//! fields the lint will ask for, with a YAML comment saying what goes in each.

use std::fmt::Write;

use super::{Criterion, FieldSpec, FieldType, TemplateParts};

/// The fields every artifact carries (DESIGN.md §1 rule 1), before the template's own.
const COMMON: [(&str, &str); 3] = [
    ("title", "a short, specific title"),
    ("owner", "the directly responsible individual, e.g. @ana"),
    ("intent", "one sentence: why this document exists"),
];

pub(super) fn render(parts: &TemplateParts) -> String {
    let mut out = String::from("---\n");
    line(&mut out, "kind", parts.kind.as_str(), "");
    for (name, hint) in COMMON {
        line(&mut out, name, "", hint);
    }
    for (name, hint) in criterion_fields(parts) {
        line(&mut out, name, "", hint);
    }
    for field in &parts.fields {
        line(&mut out, &field.name, "", &field_hint(field));
    }
    out.push_str("---\n\n");
    out.push_str(&parts.body);
    out
}

/// Fields the applicable completeness criteria read, unless the template declares them itself.
fn criterion_fields(parts: &TemplateParts) -> Vec<(&'static str, &'static str)> {
    let wanted = [
        (
            Criterion::RequiredAction,
            "action",
            "what the reader must do, e.g. approve or object",
        ),
        (
            Criterion::Scope,
            "read",
            "brief | detailed: how closely you need this read",
        ),
        (
            Criterion::Deadline,
            "deadline",
            "YYYY-MM-DD: when you need the action done",
        ),
    ];
    wanted
        .into_iter()
        .filter(|(criterion, name, _)| {
            parts.criteria.contains(criterion) && !parts.fields.iter().any(|f| f.name == *name)
        })
        .map(|(_, name, hint)| (name, hint))
        .collect()
}

fn field_hint(field: &FieldSpec) -> String {
    let shape = match &field.field_type {
        FieldType::Enum(options) => options.join(" | "),
        FieldType::Date => "YYYY-MM-DD".to_owned(),
        FieldType::Member => "@handle".to_owned(),
        FieldType::List => "[a, b]".to_owned(),
        FieldType::Text => String::new(),
    };
    let required = if field.required {
        "required"
    } else {
        "optional"
    };
    [shape.as_str(), field.hint.as_str(), required]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn line(out: &mut String, key: &str, value: &str, hint: &str) {
    let assignment = if value.is_empty() {
        format!("{key}:")
    } else {
        format!("{key}: {value}")
    };
    // Writing to a String cannot fail.
    let _ = if hint.is_empty() {
        writeln!(out, "{assignment}")
    } else {
        writeln!(out, "{assignment:<15} # {hint}")
    };
}
