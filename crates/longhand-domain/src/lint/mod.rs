//! The completeness lint: checks a Markdown document against its template and the "five
//! completeness criteria" of async writing (DESIGN.md §1 rules 1–2, §2.2).
//!
//! The same function backs the live editor, the submit check (errors block) and
//! `longhand lint PATH…`. It is pure: the caller parses the file with [`ParsedDoc::parse`],
//! picks the template named by its `kind:` (see [`crate::templates`]), and passes what only it
//! can know — which documents exist and today's date — in a [`LintContext`].
//!
//! # Rules
//!
//! | id | default | reports |
//! |---|---|---|
//! | `front-matter` | error | front matter that is unterminated, invalid YAML, not a mapping, or repeats a key |
//! | `intent` | error | no `intent:` (or a blank or `TODO` one) — every artifact states why it exists |
//! | `owner` | error | no `owner:` — every artifact names its directly responsible individual |
//! | `required-field` | error | a field the template marks required is missing or blank |
//! | `field-value` | error | a value that does not fit its type: an enum value not allowed, an owner or member that is not one handle, a text field given a list |
//! | `bad-date` | error | a date field (`deadline`, `due`, `date`, `review_date` or any template date field) that is not ISO 8601 |
//! | `required-section` | error | a section the template requires is missing, empty, or still only guidance text |
//! | `decision-criteria` | error | a template that requests a decision, with no criteria section or `decision_criteria:` field |
//! | `placeholder-text` | warning | template guidance (`_[…]_`, `TODO`, or the template's own paragraphs) left in a section no other finding covers |
//! | `purpose` | warning | neither `intent:`/`purpose:` nor a filled Purpose/Why/Intent section; silent while `intent` is on and already reports it |
//! | `required-action` | warning | neither `action:`/`ask:` nor a filled Ask/Required action section |
//! | `deadline` | warning | no `deadline:`/`due:`; or one that has passed on a document whose `status` is not closed |
//! | `context` | warning | no filled Context/Background section |
//! | `scope` | warning | no `read: brief\|detailed` (or a wrong value) and no "brief read"/"detailed review" in the text |
//! | `tldr` | warning | a body over [`LintConfig::tldr_words`] words (400 by default) without a `tldr:` field, a TL;DR/Summary heading or a "TL;DR" line near the top |
//! | `broken-link` | warning | a `[[slug]]` or relative `*.md` link to an unknown document (when the context knows the slugs), or a `#anchor` with no such heading |
//!
//! Why these defaults: DESIGN.md §2.2 says required fields block and the rest warn. What the
//! product needs to store or route a document — parseable front matter, an owner, an intent,
//! the template's fields and sections, valid dates, and (product rule 1) the criteria of a
//! decision request — is an error. Whether a document communicates well is a judgement the
//! writer may reasonably overrule, so it warns.
//!
//! The completeness criteria apply per template (a handbook page has no deadline); with no
//! template, all five apply. When a template makes the same thing a required field or section,
//! only the `required-…` error is reported, never a second warning for it.
//!
//! Architecture Invariant: linting does no IO, reads no clock and compiles no patterns per
//! call; its cost is linear in the document, so a 10,000-file tree lints in well under a second.

mod body;
mod config;
mod doc;
mod finding;
pub(crate) mod frontmatter;
mod rule;
mod rules;
mod view;

pub use body::{Body, Heading, Link, LinkKind};
pub use config::{DEFAULT_TLDR_WORDS, LintConfig, LintConfigBuilder, LintContext};
pub use doc::ParsedDoc;
pub use finding::{Finding, Position};
pub use frontmatter::{Entry, FrontMatter, Problem, Value, ValueKind};
pub use rule::{Level, RuleId, Severity, UnknownLevel, UnknownRule};

pub(crate) use body::{Fill, block_fill, markdown_options, normalize as normalize_text};
pub(crate) use view::sections_of;

use crate::templates::Template;
use rules::Sink;
use view::DocView;

/// Lints one parsed document, optionally against its template. Findings come back in file order.
///
/// # Example
///
/// ```
/// use jiff::civil::date;
/// use longhand_domain::lint::{lint, LintConfig, LintContext, ParsedDoc};
/// use longhand_domain::templates::{builtin, BuiltinKind};
///
/// let doc = ParsedDoc::parse("---\nkind: handbook\nowner: '@ana'\n---\n## Overview\n\nHow we deploy.\n");
/// let ctx = LintContext { known_slugs: None, today: date(2025, 3, 14) };
/// let findings = lint(&doc, Some(builtin(BuiltinKind::Handbook)), &LintConfig::default(), &ctx);
/// assert_eq!(findings[0].rule.as_str(), "intent");
/// ```
pub fn lint(
    doc: &ParsedDoc,
    template: Option<&Template>,
    config: &LintConfig,
    ctx: &LintContext<'_>,
) -> Vec<Finding> {
    let view = DocView::new(doc, template, ctx);
    let mut sink = Sink::new(config);
    rules::fields::check(&view, &mut sink);
    rules::structure::check(&view, &mut sink);
    rules::completeness::check(&view, &mut sink);
    rules::links::check(&view, &mut sink);
    rules::structure::placeholder_text(&view, &mut sink);
    let mut findings = sink.findings;
    findings.sort_by_key(|finding| (finding.position, finding.rule));
    findings
}

#[cfg(test)]
mod tests;
