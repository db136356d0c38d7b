//! Lint tests: each renders findings as `doc.md:line:col rule message` and compares them with an
//! inline snapshot, so a change in wording or position shows up as a readable diff.

use std::collections::HashSet;

use insta::assert_snapshot;
use jiff::civil::{Date, date};

use super::{LintConfig, LintContext, ParsedDoc, RuleId, Severity, lint};
use crate::templates::{BuiltinKind, Template, builtin};

const TODAY: Date = date(2025, 3, 14);

fn render(
    source: &str,
    template: Option<&Template>,
    config: &LintConfig,
    slugs: Option<&HashSet<String>>,
) -> String {
    let doc = ParsedDoc::parse(source);
    let ctx = LintContext {
        known_slugs: slugs,
        today: TODAY,
    };
    let findings = lint(&doc, template, config, &ctx);
    findings
        .iter()
        .map(|f| format!("doc.md:{f}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Lints with only `rules` switched on, so each test shows one behaviour.
fn check_only(source: &str, template: Option<&Template>, rules: &[RuleId]) -> String {
    let config = RuleId::ALL
        .into_iter()
        .filter(|rule| !rules.contains(rule))
        .fold(LintConfig::builder(), |builder, rule| builder.disable(rule))
        .build();
    render(source, template, &config, None)
}

fn check(source: &str, template: Option<&Template>) -> String {
    render(source, template, &LintConfig::default(), None)
}

/// A document that meets every criterion without a template.
const COMPLETE: &str = "---
owner: '@ana'
intent: Decide how we store attachments.
action: Approve or object.
deadline: 2025-03-20
read: brief
---
## Context

We keep attachments in the database today, and backups have grown past 40 GB.
";

#[test]
fn complete_document_has_no_findings() {
    assert_snapshot!(check(COMPLETE, None), @"");
}

#[test]
fn bare_document_reports_every_criterion() {
    assert_snapshot!(check("# Notes\n\nSome words.\n", None), @"
    doc.md:1:1 intent The document does not state its intent: the `intent:` field is missing or empty.
    doc.md:1:1 owner The document has no owner: the `owner:` field is missing or empty.
    doc.md:1:1 required-action The document does not say what the reader must do.
    doc.md:1:1 deadline The document has no deadline, so readers cannot tell when a response is needed.
    doc.md:1:1 context There is no Context or Background section, so a reader without your background cannot judge the document.
    doc.md:1:1 scope The document does not say whether it needs a brief read or a detailed review.
    ");
}

// Front matter edge cases.

#[test]
fn no_front_matter() {
    assert_snapshot!(check_only("# Title\n\nText.\n", None, &[RuleId::FrontMatter, RuleId::Owner]), @"doc.md:1:1 owner The document has no owner: the `owner:` field is missing or empty.");
}

#[test]
fn empty_front_matter() {
    assert_snapshot!(check_only("---\n---\n# Title\n", None, &[RuleId::FrontMatter, RuleId::Owner]), @"doc.md:1:1 owner The document has no owner: the `owner:` field is missing or empty.");
}

#[test]
fn unterminated_front_matter() {
    assert_snapshot!(check_only("---\nowner: ana\n# Title\n", None, &[RuleId::FrontMatter, RuleId::Owner]), @"
    doc.md:1:1 front-matter The front matter that opens on line 1 is never closed, so none of its fields are read.
    doc.md:1:1 owner The document has no owner: the `owner:` field is missing or empty.
    ");
}

#[test]
fn bom_is_skipped() {
    assert_snapshot!(check_only("\u{feff}---\nowner: ana\n---\n", None, &[RuleId::FrontMatter, RuleId::Owner]), @"");
}

#[test]
fn crlf_line_ends_keep_positions() {
    let source = "---\r\nowner: ana\r\nread: skim\r\n---\r\n# Title\r\n\r\nSee [x](#nowhere).\r\n";
    assert_snapshot!(check_only(source, None, &[RuleId::FrontMatter, RuleId::Scope, RuleId::BrokenLink]), @"
    doc.md:3:7 scope The `read` field is `skim`; it must be `brief` or `detailed`.
    doc.md:7:5 broken-link The link `(#nowhere)` points to no heading `#nowhere` in this document.
    ");
}

#[test]
fn non_mapping_front_matter() {
    assert_snapshot!(check_only("---\n- owner\n- intent\n---\n", None, &[RuleId::FrontMatter]), @"doc.md:2:1 front-matter The front matter is not a list of `key: value` fields, so none of it is read.");
    assert_snapshot!(check_only("---\njust a sentence\n---\n", None, &[RuleId::FrontMatter]), @"doc.md:2:1 front-matter The front matter is not a list of `key: value` fields, so none of it is read.");
}

#[test]
fn invalid_yaml_reports_its_line() {
    let source = "---\nowner: ana\nintent: \"unclosed\nread: brief\n---\n";
    assert_snapshot!(check_only(source, None, &[RuleId::FrontMatter]), @"doc.md:3:9 front-matter The front matter is not valid YAML: invalid indentation in quoted scalar.");
    assert_snapshot!(check_only("---\nowner: ana\n  bad: indent\n---\n", None, &[RuleId::FrontMatter]), @"doc.md:3:6 front-matter The front matter is not valid YAML: mapping values are not allowed in this context.");
}

#[test]
fn duplicate_keys_keep_the_first() {
    let source = "---\nowner: ana\nintent: First.\nowner: bo\n---\n";
    assert_snapshot!(check_only(source, None, &[RuleId::FrontMatter]), @"doc.md:4:1 front-matter The field `owner` is repeated; the value on line 2 is used and this one is ignored.");
    let doc = ParsedDoc::parse(source);
    assert_eq!(doc.front_matter().text("owner"), Some("ana"));
}

#[test]
fn dots_close_front_matter_too() {
    assert_snapshot!(check_only("---\nowner: ana\n...\n# Title\n", None, &[RuleId::FrontMatter, RuleId::Owner]), @"");
}

#[test]
fn deep_nesting_is_refused_not_recursed() {
    let source = format!("---\nx: {}{}\n---\n", "[".repeat(200), "]".repeat(200));
    assert_snapshot!(check_only(&source, None, &[RuleId::FrontMatter]), @"doc.md:2:67 front-matter The front matter nests lists or mappings more than 64 levels deep.");
}

#[test]
fn bare_handles_are_accepted() {
    let source = "---\nowner: @ana   # the DRI\nreviewers:\n  - @bo\n  - @cy\n---\n";
    let doc = ParsedDoc::parse(source);
    assert_eq!(doc.problems(), &[]);
    assert_eq!(doc.front_matter().text("owner"), Some("@ana"));
    assert_snapshot!(check_only(source, None, &[RuleId::FrontMatter, RuleId::Owner, RuleId::FieldValue]), @"");
}

// Field rules.

#[test]
fn intent_and_owner() {
    assert_snapshot!(check_only("---\nintent:\nowner: TODO\n---\n", None, &[RuleId::Intent, RuleId::Owner]), @"
    doc.md:2:1 intent The document does not state its intent: the `intent:` field is missing or empty.
    doc.md:3:1 owner The document has no owner: the `owner:` field is missing or empty.
    ");
    assert_snapshot!(check_only("---\nowner: the platform team\nintent: Why.\n---\n", None, &[RuleId::Intent, RuleId::Owner, RuleId::FieldValue]), @"doc.md:2:8 field-value The `owner` field must name exactly one person.");
}

#[test]
fn required_fields_and_values() {
    let source =
        "---\nstatus: maybe\ndate: 14/03/2025\ndeciders:\n  a: b\nreview_date: soon\n---\n";
    let rules = [RuleId::RequiredField, RuleId::FieldValue, RuleId::BadDate];
    assert_snapshot!(check_only(source, Some(builtin(BuiltinKind::Adr)), &rules), @"
    doc.md:2:9 field-value The `status` field is `maybe`, which is not one of its allowed values.
    doc.md:3:7 bad-date The `date` field is `14/03/2025`, which is not a date.
    doc.md:5:3 field-value The `deciders` field should be a list, not a mapping.
    doc.md:6:14 bad-date The `review_date` field is `soon`, which is not a date.
    ");
    assert_snapshot!(check_only("---\nsuperseded_by: [a, b]\n---\n", Some(builtin(BuiltinKind::Adr)), &rules), @"
    doc.md:1:1 required-field The Decision record template requires the `status` field, which is missing or empty.
    doc.md:1:1 required-field The Decision record template requires the `date` field, which is missing or empty.
    doc.md:1:1 required-field The Decision record template requires the `deciders` field, which is missing or empty.
    doc.md:2:16 field-value The `superseded_by` field should be a piece of text, not a list or mapping.
    ");
}

#[test]
fn well_known_dates_without_template() {
    let source = "---\ndeadline: next friday\ndue: 2025-03-20T17:00+01:00\ndate: 2025-02-30\n---\n";
    assert_snapshot!(check_only(source, None, &[RuleId::BadDate]), @"
    doc.md:2:11 bad-date The `deadline` field is `next friday`, which is not a date.
    doc.md:4:7 bad-date The `date` field is `2025-02-30`, which is not a date.
    ");
}

// Completeness criteria.

#[test]
fn purpose_speaks_only_when_intent_is_off() {
    let source = "---\nowner: ana\n---\n## Why\n\n_[Say why.]_\n";
    assert_snapshot!(check_only(source, None, &[RuleId::Intent, RuleId::Purpose]), @"doc.md:1:1 intent The document does not state its intent: the `intent:` field is missing or empty.");
    assert_snapshot!(check_only(source, None, &[RuleId::Purpose]), @r#"doc.md:4:1 purpose The "Why" section still holds only placeholder text."#);
    assert_snapshot!(check_only("## Purpose\n\nWe need this.\n", None, &[RuleId::Purpose]), @"");
}

#[test]
fn required_action() {
    assert_snapshot!(check_only("# T\n\nText.\n", None, &[RuleId::RequiredAction]), @"doc.md:1:1 required-action The document does not say what the reader must do.");
    assert_snapshot!(check_only("## Ask\n\nTODO\n", None, &[RuleId::RequiredAction]), @r#"doc.md:1:1 required-action The "Ask" section still holds only placeholder text."#);
    assert_snapshot!(check_only("## What I need from you\n\nA yes or no by Friday.\n", None, &[RuleId::RequiredAction]), @"");
    assert_snapshot!(check_only("---\nask: Review the plan.\n---\n", None, &[RuleId::RequiredAction]), @"");
}

#[test]
fn deadline() {
    assert_snapshot!(check_only("---\ndeadline:\n---\n", None, &[RuleId::Deadline]), @"doc.md:2:1 deadline The document has no deadline, so readers cannot tell when a response is needed.");
    assert_snapshot!(check_only("---\ndue: 2025-03-01\n---\n", None, &[RuleId::Deadline]), @"doc.md:2:6 deadline The deadline 2025-03-01 has passed and the document is still open.");
    assert_snapshot!(check_only("---\ndue: 2025-03-01\nstatus: Done\n---\n", None, &[RuleId::Deadline]), @"");
    assert_snapshot!(check_only("---\ndeadline: 2025-03-14\n---\n", None, &[RuleId::Deadline]), @"");
}

#[test]
fn context() {
    assert_snapshot!(check_only("# T\n\nText.\n", None, &[RuleId::Context]), @"doc.md:1:1 context There is no Context or Background section, so a reader without your background cannot judge the document.");
    assert_snapshot!(check_only("## Background\n\n<!-- later -->\n\n## Plan\n\nDo it.\n", None, &[RuleId::Context]), @r#"doc.md:1:1 context The "Background" section is empty."#);
    assert_snapshot!(check_only("## Background\n\n### History\n\nIt started in 2019.\n", None, &[RuleId::Context]), @"");
}

#[test]
fn scope() {
    assert_snapshot!(check_only("# T\n", None, &[RuleId::Scope]), @"doc.md:1:1 scope The document does not say whether it needs a brief read or a detailed review.");
    assert_snapshot!(check_only("---\nread: Detailed\n---\n", None, &[RuleId::Scope]), @"");
    assert_snapshot!(check_only("This needs a detailed review of section 2.\n", None, &[RuleId::Scope]), @"");
}

#[test]
fn tldr_threshold_is_configurable() {
    let long = format!("## Context\n\n{}\n", "word ".repeat(450));
    assert_snapshot!(check_only(&long, None, &[RuleId::Tldr]), @"doc.md:1:1 tldr The document is 451 words long but has no TL;DR near the top.");
    let with_line = format!("TL;DR: we switch to S3.\n\n{long}");
    assert_snapshot!(check_only(&with_line, None, &[RuleId::Tldr]), @"");
    let with_heading = format!("## TL;DR\n\nWe switch to S3.\n\n{long}");
    assert_snapshot!(check_only(&with_heading, None, &[RuleId::Tldr]), @"");
    let config = LintConfig::builder().tldr_words(500).build();
    let doc = ParsedDoc::parse(&long);
    let ctx = LintContext {
        known_slugs: None,
        today: TODAY,
    };
    assert!(
        lint(&doc, None, &config, &ctx)
            .iter()
            .all(|f| f.rule != RuleId::Tldr)
    );
}

// Template structure.

#[test]
fn required_sections() {
    let source = "## Context\n\nWe have a problem.\n\n## Proposal\n\n_[Describe the change.]_\n\n## Alternatives\n\n## decision criteria:\n\nCost first.\n";
    assert_snapshot!(check_only(source, Some(builtin(BuiltinKind::Rfc)), &[RuleId::RequiredSection, RuleId::PlaceholderText]), @r#"
    doc.md:5:1 required-section The "Proposal" section still holds only placeholder text.
    doc.md:9:1 required-section The "Alternatives" section is empty.
    "#);
}

#[test]
fn decision_criteria_when_the_template_requests_a_decision() {
    let template = Template::parse_custom(
        "---\nkind: pick\nname: Pick a vendor\nrequests_decision: true\n---\n## Options\n",
    )
    .expect("valid template");
    assert_snapshot!(check_only("## Options\n\nA or B.\n", Some(&template), &[RuleId::DecisionCriteria]), @"doc.md:1:1 decision-criteria This document asks for a decision but does not say how the decision will be made.");
    assert_snapshot!(check_only("## Options\n\nA or B.\n\n## Criteria\n\nTODO\n", Some(&template), &[RuleId::DecisionCriteria]), @r#"doc.md:5:1 decision-criteria The "Criteria" section still holds only placeholder text."#);
    assert_snapshot!(check_only("---\ndecision_criteria: Price, then support.\n---\n", Some(&template), &[RuleId::DecisionCriteria]), @"");
}

#[test]
fn placeholder_text_left_beside_real_writing() {
    let source =
        "## Context\n\nReal words.\n\n_[Link the data a newcomer needs.]_\n\n- TODO: add numbers\n";
    assert_snapshot!(check_only(source, None, &[RuleId::PlaceholderText, RuleId::Context]), @r#"
    doc.md:5:1 placeholder-text Placeholder text is still in the document under "Context".
    doc.md:7:1 placeholder-text Placeholder text is still in the document under "Context".
    "#);
}

#[test]
fn custom_template_guidance_is_recognised_verbatim() {
    let template = Template::parse_custom("---\nkind: note\nname: Note\n---\n## Details\n\nDescribe what you found.\n\n## Extra\n\nAnything else worth saying.\n").expect("valid template");
    let source = "## Details\n\nThe cache misses on cold start.\n\n## Extra\n\nAnything else\nworth saying.\n";
    assert_snapshot!(check_only(source, Some(&template), &[RuleId::PlaceholderText]), @r#"doc.md:7:1 placeholder-text Placeholder text is still in the document under "Extra"."#);
}

// Links.

#[test]
fn broken_links() {
    let slugs: HashSet<String> = ["roadmap", "0007-use-sqlite"].map(String::from).into();
    let source = "## Plan\n\nSee [[roadmap]], [[Roadmap-2026]], [ADR](../adr/0007-use-sqlite.md#decision), [old](notes/old.md), [web](https://example.com/a.md), [up](#plan) and [gone](#risks).\n";
    let config = LintConfig::default();
    let only_links = RuleId::ALL
        .into_iter()
        .filter(|r| *r != RuleId::BrokenLink)
        .fold(LintConfig::builder(), |b, r| b.disable(r))
        .build();
    assert_snapshot!(render(source, None, &only_links, Some(&slugs)), @"
    doc.md:3:18 broken-link The link `[[Roadmap-2026]]` points to no known document.
    doc.md:3:79 broken-link The link `(notes/old.md)` points to no known document.
    doc.md:3:149 broken-link The link `(#risks)` points to no heading `#risks` in this document.
    ");
    // Without known slugs only in-page anchors are checked.
    assert!(render(source, None, &config, None).contains("#risks"));
    assert!(!render(source, None, &config, None).contains("old.md"));
}

// Configuration.

#[test]
fn severity_overrides_and_defaults() {
    let config = LintConfig::builder()
        .level(RuleId::Scope, super::Level::On(Severity::Error))
        .disable(RuleId::Tldr)
        .build();
    let doc = ParsedDoc::parse("# T\n");
    let ctx = LintContext {
        known_slugs: None,
        today: TODAY,
    };
    let findings = lint(&doc, None, &config, &ctx);
    let severity = |rule| findings.iter().find(|f| f.rule == rule).map(|f| f.severity);
    assert_eq!(severity(RuleId::Scope), Some(Severity::Error));
    assert_eq!(severity(RuleId::Owner), Some(Severity::Error));
    assert_eq!(severity(RuleId::Context), Some(Severity::Warning));
    let table: Vec<String> = RuleId::ALL
        .iter()
        .map(|r| format!("{r} {}", r.default_severity()))
        .collect();
    assert_snapshot!(table.join("\n"), @"
    front-matter error
    intent error
    owner error
    required-field error
    field-value error
    bad-date error
    required-section error
    decision-criteria error
    placeholder-text warning
    purpose warning
    required-action warning
    deadline warning
    context warning
    scope warning
    tldr warning
    broken-link warning
    ");
}

#[test]
fn unknown_rule_ids_are_reported_with_a_suggestion() {
    let errors: Vec<String> = ["deadlines", "TLDR", "frontmatter", "xyzzy-quux"]
        .iter()
        .map(|name| match name.parse::<RuleId>() {
            Ok(rule) => format!("{name} -> {rule}"),
            Err(error) => error.to_string(),
        })
        .collect();
    assert_snapshot!(errors.join("\n"), @"
    unknown lint rule `deadlines`; did you mean `deadline`?
    TLDR -> tldr
    unknown lint rule `frontmatter`; did you mean `front-matter`?
    unknown lint rule `xyzzy-quux`
    ");
    assert!("loud".parse::<super::Level>().is_err());
    assert_eq!("off".parse::<super::Level>(), Ok(super::Level::Off));
}

#[test]
fn findings_carry_a_hint() {
    let doc = ParsedDoc::parse("# T\n");
    let ctx = LintContext {
        known_slugs: None,
        today: TODAY,
    };
    for finding in lint(&doc, None, &LintConfig::default(), &ctx) {
        assert!(finding.hint.ends_with('.'), "{finding}: {}", finding.hint);
        assert!(finding.message.ends_with('.'), "{finding}");
    }
}

#[test]
fn columns_count_characters_not_bytes() {
    let source = "## Überblick\n\nSiehe „Plan“ [x](#fehlt).\n";
    assert_snapshot!(check_only(source, None, &[RuleId::BrokenLink]), @"doc.md:3:14 broken-link The link `(#fehlt)` points to no heading `#fehlt` in this document.");
}

// Robustness: no input makes parsing or linting panic, and every position is inside the file.

fn fragment() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        Just("---\n".to_owned()),
        Just("...\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("owner: @ana\n".to_owned()),
        Just("- @bo, [@cy\n".to_owned()),
        Just("deadline: 2025-02-30\n".to_owned()),
        Just("## Context\n".to_owned()),
        Just("_[guidance]_\n".to_owned()),
        Just("[[slug]] [x](#a) [y](b.md)\n".to_owned()),
        Just("  key: {a: [b, &c *c]}\n".to_owned()),
        "[ -~\u{e9}\u{201c}\t\n]{0,20}",
    ]
}

proptest::proptest! {
    #[test]
    fn never_panics_and_positions_stay_in_the_file(parts in proptest::collection::vec(fragment(), 0..24)) {
        let source = parts.concat();
        let lines = u32::try_from(source.lines().count()).unwrap_or(u32::MAX).max(1);
        let doc = ParsedDoc::parse(&source);
        let slugs = HashSet::from(["slug".to_owned()]);
        let ctx = LintContext { known_slugs: Some(&slugs), today: TODAY };
        for template in crate::templates::builtins().iter().map(Some).chain([None]) {
            for finding in lint(&doc, template, &LintConfig::default(), &ctx) {
                proptest::prop_assert!(finding.position.line <= lines, "{finding} beyond line {lines}");
            }
        }
    }

    #[test]
    fn custom_template_parsing_never_panics(parts in proptest::collection::vec(fragment(), 0..24)) {
        let _ = Template::parse_custom(&parts.concat());
    }
}

/// Runs `f` on a thread with a 256 KiB stack, so recursion driven by a deep input overflows
/// (aborting the test binary) at sizes a test can afford.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawning a test thread")
        .join()
        .expect("the test thread panicked")
}

#[test]
fn a_hundred_thousand_nested_quotes_are_linted_without_a_crash() {
    let source = format!("---\nowner: '@ana'\n---\n{} deep\n", ">".repeat(100_000));
    let doc = on_small_stack(move || {
        let doc = ParsedDoc::parse(&source);
        let ctx = LintContext {
            known_slugs: None,
            today: TODAY,
        };
        let _ = lint(
            &doc,
            Some(builtin(BuiltinKind::Rfc)),
            &LintConfig::default(),
            &ctx,
        );
        doc
    });
    let deep = doc.body().too_deep().expect("the body is past the budget");
    assert_eq!(deep.line, 4, "the line in the file, front matter included");
    assert!(doc.body().headings().is_empty() && doc.body().links().is_empty());
}

#[test]
fn a_quote_inside_deep_lists_still_counts_as_writing() {
    // `block_fill` walks containers with its own stack now; the answer must not change.
    let lists: String = (0..20)
        .map(|i| format!("{}- _[guidance]_\n", "  ".repeat(i)))
        .collect();
    let source = format!("## Context\n\n{lists}{}> real text\n", "  ".repeat(20));
    let doc = ParsedDoc::parse(&source);
    let fills: Vec<_> = super::view::sections_of(&doc, None)
        .into_iter()
        .map(|section| section.fill)
        .collect();
    assert_eq!(fills, [super::Fill::Filled]);
}
