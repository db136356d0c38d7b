//! The five completeness criteria of async writing (DESIGN.md §1 rule 2): `purpose`,
//! `required-action`, `deadline`, `context` and `scope`, plus `tldr` for long documents.
//!
//! Each criterion can be met in the front matter or in the body, because teams write both ways.
//! A criterion stays quiet when the template already makes the same thing a required field or
//! section: `required-field` or `required-section` then reports it, once, as an error.

use super::super::body::Fill;
use super::super::rule::RuleId;
use super::super::view::{ACTION, CONTEXT, DocView, PURPOSE, Presence, TLDR};
use super::Sink;
use super::fields::{date_value, intent_missing};
use super::structure::unfilled_section;
use crate::templates::Criterion;

/// Statuses after which a past deadline is history, not a problem.
const CLOSED: [&str; 15] = [
    "done",
    "closed",
    "accepted",
    "rejected",
    "superseded",
    "deprecated",
    "decided",
    "resolved",
    "published",
    "cancelled",
    "canceled",
    "complete",
    "completed",
    "shipped",
    "released",
];

/// How many top-level blocks count as "near the top" for a TL;DR line or heading.
const TLDR_WINDOW: usize = 6;

pub(crate) fn check(view: &DocView<'_>, sink: &mut Sink<'_>) {
    let applies = |c: Criterion| view.template.is_none_or(|t| t.applies(c));
    if applies(Criterion::Purpose) {
        purpose(view, sink);
    }
    if applies(Criterion::RequiredAction) {
        required_action(view, sink);
    }
    if applies(Criterion::Deadline) {
        deadline(view, sink);
    }
    if applies(Criterion::Context) {
        context(view, sink);
    }
    if applies(Criterion::Scope) {
        scope(view, sink);
    }
    past_deadline(view, sink);
    tldr(view, sink);
}

/// An `intent:` already states the purpose; when it is missing the `intent` rule (an error)
/// says so, and this warning would only repeat it. So `purpose` speaks only when `intent` is
/// switched off, for teams whose documents state their purpose in prose.
fn purpose(view: &DocView<'_>, sink: &mut Sink<'_>) {
    let intent_reported = sink.enabled(RuleId::Intent) && intent_missing(view);
    let field = view
        .doc
        .front_matter()
        .first_filled(&["intent", "purpose"])
        .is_some();
    if intent_reported || field || view.template_requires_any(PURPOSE) {
        return;
    }
    report_concept(
        view,
        sink,
        RuleId::Purpose,
        PURPOSE,
        "The document does not say why it was written.",
        "Add `intent:` to the front matter, or a \"Purpose\" section saying what problem this addresses.",
    );
}

fn required_action(view: &DocView<'_>, sink: &mut Sink<'_>) {
    let field = view
        .doc
        .front_matter()
        .first_filled(&["action", "ask"])
        .is_some();
    if field || view.template_requires_field("action") || view.template_requires_any(ACTION) {
        return;
    }
    report_concept(
        view,
        sink,
        RuleId::RequiredAction,
        ACTION,
        "The document does not say what the reader must do.",
        "Add `action:` to the front matter (such as `action: approve or object` or `action: none, FYI`) or an \"Ask\" section.",
    );
}

fn context(view: &DocView<'_>, sink: &mut Sink<'_>) {
    if view.template_requires_any(CONTEXT) {
        return;
    }
    report_concept(
        view,
        sink,
        RuleId::Context,
        CONTEXT,
        "There is no Context or Background section, so a reader without your background cannot judge the document.",
        "Add a \"Context\" section with what is true today, what led here and links to earlier work.",
    );
}

/// Reports a concept that is neither in a filled section nor (already checked by the caller) a field.
/// A blank front matter key for the concept (say `action:`) is where the writer will type, so
/// an absent concept is reported there when the key exists.
fn report_concept(
    view: &DocView<'_>,
    sink: &mut Sink<'_>,
    rule: RuleId,
    names: &[&str],
    message: &str,
    hint: &str,
) {
    let blank_key = concept_keys(rule)
        .iter()
        .find_map(|k| view.doc.front_matter().get(k));
    match view.find(names) {
        Presence::Filled => {}
        Presence::Unfilled(section) => unfilled_section(rule, section, sink),
        Presence::Absent => {
            let at = blank_key.map_or(view.body_start(), |entry| entry.key_position);
            sink.report(rule, at, message.to_owned(), hint.to_owned());
        }
    }
}

fn concept_keys(rule: RuleId) -> &'static [&'static str] {
    match rule {
        RuleId::Purpose => &["intent", "purpose"],
        RuleId::RequiredAction => &["action", "ask"],
        _ => &[],
    }
}

fn deadline(view: &DocView<'_>, sink: &mut Sink<'_>) {
    let front = view.doc.front_matter();
    let present = ["deadline", "due"]
        .iter()
        .any(|k| front.get(k).is_some_and(|e| !e.value.is_blank()));
    if present || view.template_requires_field("deadline") || view.template_requires_field("due") {
        return;
    }
    let at = front
        .get("deadline")
        .or_else(|| front.get("due"))
        .map_or(view.body_start(), |e| e.key_position);
    sink.report(
        RuleId::Deadline,
        at,
        "The document has no deadline, so readers cannot tell when a response is needed."
            .to_owned(),
        "Add `deadline: YYYY-MM-DD` to the front matter.".to_owned(),
    );
}

/// A deadline in the past on a document that is still open is a sign the ask was missed.
fn past_deadline(view: &DocView<'_>, sink: &mut Sink<'_>) {
    let front = view.doc.front_matter();
    let Some(entry) = front.first_filled(&["deadline", "due"]) else {
        return;
    };
    let Some(date) = date_value(&entry.value) else {
        return;
    };
    let closed = front
        .text("status")
        .is_some_and(|s| CLOSED.iter().any(|c| c.eq_ignore_ascii_case(s)));
    if closed || date >= view.ctx.today {
        return;
    }
    sink.report(
        RuleId::Deadline,
        entry.value.position,
        format!("The deadline {date} has passed and the document is still open."),
        "Move the deadline and tell the readers, or set the status to show the work is finished."
            .to_owned(),
    );
}

fn scope(view: &DocView<'_>, sink: &mut Sink<'_>) {
    let front = view.doc.front_matter();
    match front.get("read").filter(|e| !e.value.is_blank()) {
        Some(entry) => check_read_value(entry, sink),
        None if view.doc.body().mentions_scope => {}
        None => {
            let at = front
                .get("read")
                .map_or(view.body_start(), |e| e.key_position);
            sink.report(
                RuleId::Scope,
                at,
                "The document does not say whether it needs a brief read or a detailed review.".to_owned(),
                "Add `read: brief` (skim and react) or `read: detailed` (review closely) to the front matter.".to_owned(),
            );
        }
    }
}

fn check_read_value(entry: &crate::lint::Entry, sink: &mut Sink<'_>) {
    let text = entry.value.as_text().unwrap_or("");
    if ["brief", "detailed"]
        .iter()
        .any(|v| v.eq_ignore_ascii_case(text))
    {
        return;
    }
    sink.report(
        RuleId::Scope,
        entry.value.position,
        format!("The `read` field is `{text}`; it must be `brief` or `detailed`."),
        "Use `read: brief` for a skim and reaction, or `read: detailed` for a close review."
            .to_owned(),
    );
}

/// Long documents need a TL;DR near the top: a `tldr:` field, a TL;DR or Summary heading among
/// the first blocks, or a paragraph opening with "TL;DR".
fn tldr(view: &DocView<'_>, sink: &mut Sink<'_>) {
    let words = view.doc.body().word_count();
    if words <= sink.tldr_words()
        || view
            .doc
            .front_matter()
            .first_filled(&["tldr", "summary"])
            .is_some()
    {
        return;
    }
    if has_tldr_near_top(view) {
        return;
    }
    sink.report(
        RuleId::Tldr,
        view.body_start(),
        format!("The document is {words} words long but has no TL;DR near the top."),
        "Add a `tldr:` field or open with a \"TL;DR\" section of two or three sentences, so readers can decide how closely to read.".to_owned(),
    );
}

fn has_tldr_near_top(view: &DocView<'_>) -> bool {
    let body = view.doc.body();
    body.blocks
        .iter()
        .zip(&view.fills)
        .take(TLDR_WINDOW)
        .any(|(block, fill)| {
            let heading = block.heading.map(|i| &view.sections[i]);
            let filled_heading = heading
                .is_some_and(|s| TLDR.contains(&s.normalized.as_str()) && s.fill == Fill::Filled);
            filled_heading || (block.is_tldr_line && *fill == Fill::Filled)
        })
}
