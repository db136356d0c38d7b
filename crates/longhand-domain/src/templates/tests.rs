//! Template tests: built-in skeletons produce exactly the "fill this in" findings, filled-in
//! examples produce none, and custom templates parse or fail with line numbers.

use insta::assert_snapshot;
use jiff::civil::date;

use super::{BuiltinKind, FieldType, Template, builtin, builtins, find_builtin};
use crate::lint::{LintConfig, LintContext, ParsedDoc, lint};

fn lint_with(source: &str, template: &Template) -> Vec<String> {
    let doc = ParsedDoc::parse(source);
    let ctx = LintContext {
        known_slugs: None,
        today: date(2025, 3, 14),
    };
    lint(&doc, Some(template), &LintConfig::default(), &ctx)
        .iter()
        .map(|f| format!("{}.md:{f} [{}]", template.kind(), f.severity))
        .collect()
}

fn example(kind: BuiltinKind) -> &'static str {
    match kind {
        BuiltinKind::Rfc => include_str!("examples/rfc.md"),
        BuiltinKind::Adr => include_str!("examples/adr.md"),
        BuiltinKind::StatusUpdate => include_str!("examples/status-update.md"),
        BuiltinKind::Postmortem => include_str!("examples/postmortem.md"),
        BuiltinKind::TaskBrief => include_str!("examples/task-brief.md"),
        BuiltinKind::ReleaseChecklist => include_str!("examples/release-checklist.md"),
        BuiltinKind::MeetingNotes => include_str!("examples/meeting-notes.md"),
        BuiltinKind::Handbook => include_str!("examples/handbook.md"),
        BuiltinKind::Charter => include_str!("examples/charter.md"),
    }
}

#[test]
fn builtin_ids_and_names() {
    let table: Vec<String> = builtins()
        .iter()
        .map(|t| {
            let fields: Vec<String> = t
                .fields()
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}{}",
                        f.name,
                        f.field_type.name(),
                        if f.required { "!" } else { "" }
                    )
                })
                .collect();
            let sections: Vec<&str> = t
                .required_sections()
                .iter()
                .map(|s| s.title.as_str())
                .collect();
            let criteria: Vec<&str> = t.criteria().iter().map(|c| c.rule().as_str()).collect();
            format!(
                "{} | {} | decision={} | {} | {} | {}",
                t.kind(),
                t.name(),
                t.requests_decision(),
                fields.join(" "),
                sections.join(", "),
                criteria.join(" ")
            )
        })
        .collect();
    assert_snapshot!(table.join("\n"), @"
    rfc | RFC / design proposal | decision=true | deadline:date! reviewers:list! deciders:list | Context, Proposal, Alternatives considered, Decision criteria | purpose required-action deadline context scope
    adr | Decision record | decision=false | status:enum! date:date! deciders:list! reversibility:enum supersedes:text superseded_by:text review_date:date source:text category:text | Context, Options considered, Decision, Rationale, Consequences | purpose context
    status-update | Status update | decision=false | date:date! period:text | Done, Next, Blockers | purpose required-action scope
    postmortem | Incident postmortem | decision=false | severity:enum! incident_date:date! resolved_date:date | Summary, Impact, Timeline, Root cause, Action items | purpose required-action deadline scope
    task-brief | Task brief | decision=false | deadline:date! assignee:member estimate:text | Context, Expected output, Acceptance criteria | purpose required-action deadline context scope
    release-checklist | Release checklist | decision=false | version:text! deadline:date! | Scope, Checklist, Rollback plan | purpose required-action deadline
    meeting-notes | Meeting notes | decision=false | date:date! attendees:list facilitator:member | Desired outcome, Agenda, Pre-read | purpose required-action scope
    handbook | Handbook page | decision=false | audience:text review_date:date | Overview | purpose
    charter | Team charter | decision=false | team:text! review_date:date | Mission, Response targets, What counts as urgent, Escalation path, Irreversible decisions | purpose
    ");
    assert_eq!(
        find_builtin("adr").map(|t| t.name()),
        Some("Decision record")
    );
    assert!(find_builtin("nope").is_none());
}

#[test]
fn adr_status_values() {
    let status = builtin(BuiltinKind::Adr)
        .field("status")
        .map(|f| f.field_type.clone());
    let expected = [
        "proposed",
        "accepted",
        "rejected",
        "superseded",
        "deprecated",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(status, Some(FieldType::Enum(expected)));
}

#[test]
fn rfc_skeleton_text() {
    assert_snapshot!(builtin(BuiltinKind::Rfc).skeleton(), @"
    ---
    kind: rfc
    title:          # a short, specific title
    owner:          # the directly responsible individual, e.g. @ana
    intent:         # one sentence: why this document exists
    action:         # what the reader must do, e.g. approve or object
    read:           # brief | detailed: how closely you need this read
    deadline:       # YYYY-MM-DD; when the review window closes; required
    reviewers:      # [a, b]; who must review; required
    deciders:       # [a, b]; who decides, if not the owner; optional
    ---

    ## TL;DR

    _[Two or three sentences: what you propose and what you need from readers. Someone who stops here should know whether this affects them.]_

    ## Context

    _[What is true today and why it has become a problem now. Link the data, incidents or earlier decisions a newcomer would need; assume the reader shares none of your background.]_

    ## Proposal

    _[The change you want to make, in enough detail that a reviewer could find a flaw in it. Say what is deliberately out of scope.]_

    ## Alternatives considered

    _[At least one other way to solve the problem, including doing nothing, and why you set it aside.]_

    ## Decision criteria

    _[How this will be decided: the two to four properties that matter most, such as cost, risk, reversibility or time to ship, and which one wins a tie.]_

    ## Ask

    _[What each reviewer must do before the review window closes: approve, object with a reason, or answer an open question.]_

    ## Open questions

    _[Questions you cannot answer alone. Give each an owner; after 48 business hours the owner decides on what is known.]_
    ");
}

#[test]
fn fresh_skeletons_ask_to_be_filled_in() {
    let report: Vec<String> = BuiltinKind::ALL
        .into_iter()
        .flat_map(|kind| {
            let template = builtin(kind);
            lint_with(template.skeleton(), template)
        })
        .collect();
    assert_snapshot!(report.join("\n"), @r#"
    rfc.md:4:1 owner The document has no owner: the `owner:` field is missing or empty. [error]
    rfc.md:5:1 intent The document does not state its intent: the `intent:` field is missing or empty. [error]
    rfc.md:7:1 scope The document does not say whether it needs a brief read or a detailed review. [warning]
    rfc.md:8:1 required-field The RFC / design proposal template requires the `deadline` field, which is missing or empty. [error]
    rfc.md:9:1 required-field The RFC / design proposal template requires the `reviewers` field, which is missing or empty. [error]
    rfc.md:15:1 placeholder-text Placeholder text is still in the document under "TL;DR". [warning]
    rfc.md:17:1 required-section The "Context" section still holds only placeholder text. [error]
    rfc.md:21:1 required-section The "Proposal" section still holds only placeholder text. [error]
    rfc.md:25:1 required-section The "Alternatives considered" section still holds only placeholder text. [error]
    rfc.md:29:1 required-section The "Decision criteria" section still holds only placeholder text. [error]
    rfc.md:33:1 required-action The "Ask" section still holds only placeholder text. [warning]
    rfc.md:39:1 placeholder-text Placeholder text is still in the document under "Open questions". [warning]
    adr.md:4:1 owner The document has no owner: the `owner:` field is missing or empty. [error]
    adr.md:5:1 intent The document does not state its intent: the `intent:` field is missing or empty. [error]
    adr.md:6:1 required-field The Decision record template requires the `status` field, which is missing or empty. [error]
    adr.md:7:1 required-field The Decision record template requires the `date` field, which is missing or empty. [error]
    adr.md:8:1 required-field The Decision record template requires the `deciders` field, which is missing or empty. [error]
    adr.md:17:1 required-section The "Context" section still holds only placeholder text. [error]
    adr.md:23:1 placeholder-text Placeholder text is still in the document under "Decision drivers". [warning]
    adr.md:25:1 required-section The "Options considered" section still holds only placeholder text. [error]
    adr.md:30:1 required-section The "Decision" section still holds only placeholder text. [error]
    adr.md:34:1 required-section The "Rationale" section still holds only placeholder text. [error]
    adr.md:38:1 required-section The "Consequences" section still holds only placeholder text. [error]
    status-update.md:4:1 owner The document has no owner: the `owner:` field is missing or empty. [error]
    status-update.md:5:1 intent The document does not state its intent: the `intent:` field is missing or empty. [error]
    status-update.md:7:1 scope The document does not say whether it needs a brief read or a detailed review. [warning]
    status-update.md:8:1 required-field The Status update template requires the `date` field, which is missing or empty. [error]
    status-update.md:14:1 placeholder-text Placeholder text is still in the document under "TL;DR". [warning]
    status-update.md:16:1 required-section The "Done" section still holds only placeholder text. [error]
    status-update.md:20:1 required-section The "Next" section still holds only placeholder text. [error]
    status-update.md:24:1 required-section The "Blockers" section still holds only placeholder text. [error]
    status-update.md:28:1 required-action The "Help needed" section still holds only placeholder text. [warning]
    postmortem.md:4:1 owner The document has no owner: the `owner:` field is missing or empty. [error]
    postmortem.md:5:1 intent The document does not state its intent: the `intent:` field is missing or empty. [error]
    postmortem.md:6:1 required-action The document does not say what the reader must do. [warning]
    postmortem.md:7:1 scope The document does not say whether it needs a brief read or a detailed review. [warning]
    postmortem.md:8:1 deadline The document has no deadline, so readers cannot tell when a response is needed. [warning]
    postmortem.md:9:1 required-field The Incident postmortem template requires the `severity` field, which is missing or empty. [error]
    postmortem.md:10:1 required-field The Incident postmortem template requires the `incident_date` field, which is missing or empty. [error]
    postmortem.md:14:1 required-section The "Summary" section still holds only placeholder text. [error]
    postmortem.md:18:1 required-section The "Impact" section still holds only placeholder text. [error]
    postmortem.md:22:1 required-section The "Timeline" section still holds only placeholder text. [error]
    postmortem.md:26:1 required-section The "Root cause" section still holds only placeholder text. [error]
    postmortem.md:32:1 placeholder-text Placeholder text is still in the document under "What went well". [warning]
    postmortem.md:34:1 required-section The "Action items" section still holds only placeholder text. [error]
    task-brief.md:4:1 owner The document has no owner: the `owner:` field is missing or empty. [error]
    task-brief.md:5:1 intent The document does not state its intent: the `intent:` field is missing or empty. [error]
    task-brief.md:6:1 required-action The document does not say what the reader must do. [warning]
    task-brief.md:7:1 scope The document does not say whether it needs a brief read or a detailed review. [warning]
    task-brief.md:8:1 required-field The Task brief template requires the `deadline` field, which is missing or empty. [error]
    task-brief.md:13:1 required-section The "Context" section still holds only placeholder text. [error]
    task-brief.md:17:1 required-section The "Expected output" section still holds only placeholder text. [error]
    task-brief.md:21:1 required-section The "Acceptance criteria" section still holds only placeholder text. [error]
    task-brief.md:27:1 placeholder-text Placeholder text is still in the document under "Constraints". [warning]
    release-checklist.md:4:1 owner The document has no owner: the `owner:` field is missing or empty. [error]
    release-checklist.md:5:1 intent The document does not state its intent: the `intent:` field is missing or empty. [error]
    release-checklist.md:6:1 required-action The document does not say what the reader must do. [warning]
    release-checklist.md:7:1 required-field The Release checklist template requires the `version` field, which is missing or empty. [error]
    release-checklist.md:8:1 required-field The Release checklist template requires the `deadline` field, which is missing or empty. [error]
    release-checklist.md:11:1 required-section The "Scope" section still holds only placeholder text. [error]
    release-checklist.md:24:1 required-section The "Rollback plan" section still holds only placeholder text. [error]
    release-checklist.md:30:1 placeholder-text Placeholder text is still in the document under "Announcement". [warning]
    meeting-notes.md:4:1 owner The document has no owner: the `owner:` field is missing or empty. [error]
    meeting-notes.md:5:1 intent The document does not state its intent: the `intent:` field is missing or empty. [error]
    meeting-notes.md:6:1 required-action The document does not say what the reader must do. [warning]
    meeting-notes.md:7:1 scope The document does not say whether it needs a brief read or a detailed review. [warning]
    meeting-notes.md:8:1 required-field The Meeting notes template requires the `date` field, which is missing or empty. [error]
    meeting-notes.md:13:1 required-section The "Desired outcome" section still holds only placeholder text. [error]
    meeting-notes.md:17:1 required-section The "Agenda" section still holds only placeholder text. [error]
    meeting-notes.md:21:1 required-section The "Pre-read" section still holds only placeholder text. [error]
    meeting-notes.md:27:1 placeholder-text Placeholder text is still in the document under "Decisions". [warning]
    meeting-notes.md:31:1 placeholder-text Placeholder text is still in the document under "Next steps". [warning]
    handbook.md:4:1 owner The document has no owner: the `owner:` field is missing or empty. [error]
    handbook.md:5:1 intent The document does not state its intent: the `intent:` field is missing or empty. [error]
    handbook.md:10:1 required-section The "Overview" section still holds only placeholder text. [error]
    handbook.md:16:1 placeholder-text Placeholder text is still in the document under "Details". [warning]
    handbook.md:20:1 placeholder-text Placeholder text is still in the document under "Related pages". [warning]
    charter.md:4:1 owner The document has no owner: the `owner:` field is missing or empty. [error]
    charter.md:5:1 intent The document does not state its intent: the `intent:` field is missing or empty. [error]
    charter.md:6:1 required-field The Team charter template requires the `team` field, which is missing or empty. [error]
    charter.md:10:1 required-section The "Mission" section still holds only placeholder text. [error]
    charter.md:16:1 placeholder-text Placeholder text is still in the document under "Members". [warning]
    charter.md:30:1 required-section The "What counts as urgent" section still holds only placeholder text. [error]
    charter.md:34:1 required-section The "Escalation path" section still holds only placeholder text. [error]
    charter.md:38:1 required-section The "Irreversible decisions" section still holds only placeholder text. [error]
    charter.md:44:1 placeholder-text Placeholder text is still in the document under "Core overlap hours". [warning]
    charter.md:48:1 placeholder-text Placeholder text is still in the document under "Meeting policy". [warning]
    charter.md:52:1 placeholder-text Placeholder text is still in the document under "Check-ins". [warning]
    "#);
}

#[test]
fn filled_examples_are_clean() {
    for kind in BuiltinKind::ALL {
        let findings = lint_with(example(kind), builtin(kind));
        assert_eq!(findings, Vec::<String>::new(), "{kind:?}");
    }
}

#[test]
fn skeleton_front_matter_parses_cleanly() {
    for template in builtins() {
        let doc = ParsedDoc::parse(template.skeleton());
        assert_eq!(doc.problems(), &[], "{}", template.kind());
        assert_eq!(
            doc.front_matter().text("kind"),
            Some(template.kind().as_str())
        );
    }
}

// Custom templates.

const VENDOR: &str = "---
kind: vendor-review
name: Vendor review
requests_decision: true
criteria: [purpose, deadline, context]
fields:
  - name: vendor
    type: text
    required: true
    hint: legal name
  - name: risk
    type: enum
    options: [low, medium, high]
required_sections:
  - Context|Background
  - Options considered
---
## Context

Describe the need this vendor fills.

## Options considered

List the vendors you looked at.

## Decision criteria

Say what matters most.
";

#[test]
fn custom_template_parses() {
    let template = Template::parse_custom(VENDOR).expect("valid template");
    assert_eq!(template.kind().as_str(), "vendor-review");
    assert!(template.requests_decision());
    assert_snapshot!(template.skeleton(), @"
    ---
    kind: vendor-review
    title:          # a short, specific title
    owner:          # the directly responsible individual, e.g. @ana
    intent:         # one sentence: why this document exists
    deadline:       # YYYY-MM-DD: when you need the action done
    vendor:         # legal name; required
    risk:           # low | medium | high; optional
    ---

    ## Context

    Describe the need this vendor fills.

    ## Options considered

    List the vendors you looked at.

    ## Decision criteria

    Say what matters most.
    ");
    let findings = lint_with(template.skeleton(), &template);
    assert_snapshot!(findings.join("\n"), @r#"
    vendor-review.md:4:1 owner The document has no owner: the `owner:` field is missing or empty. [error]
    vendor-review.md:5:1 intent The document does not state its intent: the `intent:` field is missing or empty. [error]
    vendor-review.md:6:1 deadline The document has no deadline, so readers cannot tell when a response is needed. [warning]
    vendor-review.md:7:1 required-field The Vendor review template requires the `vendor` field, which is missing or empty. [error]
    vendor-review.md:11:1 required-section The "Context" section still holds only placeholder text. [error]
    vendor-review.md:15:1 required-section The "Options considered" section still holds only placeholder text. [error]
    vendor-review.md:19:1 decision-criteria The "Decision criteria" section still holds only placeholder text. [error]
    "#);
}

fn errors(source: &str) -> String {
    match Template::parse_custom(source) {
        Ok(template) => format!("parsed {}", template.kind()),
        Err(errors) => errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[test]
fn custom_template_errors_have_lines() {
    assert_snapshot!(errors("## Just a body\n"), @"1:1 A template must start with front matter (`---`) declaring at least `kind` and `name`.");
    assert_snapshot!(errors("---\nkind: Vendor Review\nnmae: x\n---\n"), @"
    1:1 The template has no `name`; add e.g. `name: Vendor review`.
    2:7 The kind `Vendor Review` must use only lower-case letters, digits and `-`, such as `vendor-review`.
    3:1 Unknown template key `nmae`; expected kind, name, requests_decision, criteria, fields or required_sections.
    ");
    let bad_fields = "---
kind: x
name: X
fields:
  - name: owner
    type: member
  - name: level
    type: enum
  - name: due
    type: datetime
  - type: text
  - name: tags
    type: list
    options: [a]
  - just-a-string
required_sections:
  - Missing section
criteria: [purpose, urgency]
requests_decision: maybe
---
## Present
";
    assert_snapshot!(errors(bad_fields), @"
    5:5 `owner` is present on every document; remove it from `fields`.
    7:5 An `enum` field needs a non-empty `options` list.
    9:5 Unknown field type `datetime`; use text, date, member, list or enum.
    11:5 This field has no `name`.
    12:5 `options` only applies to fields of type `enum`.
    15:5 Each field must be a mapping with at least `name` and `type`.
    17:5 The required section `Missing section` has no heading in the template body, so every new document would fail the lint.
    18:21 Each criterion must be one of purpose, required-action, deadline, context or scope.
    19:20 `requests_decision` must be true or false.
    ");
    assert_snapshot!(errors("---\nkind: x\nname: [1, 2\n---\n"), @"4:1 The front matter is not valid YAML: while parsing a flow sequence, expected ',' or ']'.");
    assert_snapshot!(errors("---\nkind: x\nname: X\n"), @"1:1 The front matter that opens on line 1 is never closed, so none of its fields are read.");
}

#[test]
fn heading_normalisation() {
    let cases = [
        "1. Context",
        "2.3 Options considered:",
        "4) Why?",
        "2025 roadmap",
        "  TL;DR  ",
        "Décision",
    ];
    let normalized: Vec<String> = cases.iter().map(|c| super::normalize_heading(c)).collect();
    assert_snapshot!(normalized.join("\n"), @"
    context
    options considered
    why
    2025 roadmap
    tl;dr
    décision
    ");
}
