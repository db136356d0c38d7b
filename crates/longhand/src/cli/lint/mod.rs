//! `longhand lint PATH…`: the completeness lint over Markdown files kept in git
//! (DESIGN.md §1 rule 2, §2.2).
//!
//! This module is glue: it finds the files ([`walk`]), reads the `[lint]` section of
//! `longhand.toml` ([`settings`]), reads and parses every file in parallel, hands each one to
//! the pure [`longhand_domain::lint::lint`] and prints what it returns ([`report`]).
//!
//! Behaviour worth knowing:
//!
//! - The template is the one named by the file's `kind:` (a custom template from
//!   `[lint] templates = "DIR"` first, then the built-ins). A file without `kind:` is checked
//!   against the five completeness criteria only. A `kind:` that names no template is a
//!   `field-value` finding (an error by default) at the value, because a typo there would
//!   otherwise switch off every template check without anyone noticing; the file is then
//!   checked as if it had no `kind:`.
//! - Files found by walking a directory are skipped when they have no front matter at all
//!   (a `README.md` is not a Longhand document); the summary counts them. Files named on the
//!   command line are always linted.
//! - Links to other documents are checked against the stems and `slug:` values of every
//!   Markdown file found, but only when a directory was given: with only files named (a
//!   pre-commit hook passing the changed files), the command cannot know which documents
//!   exist, and flagging every link would be noise. In-page `#anchor` links are always checked.
//! - "Today", for deadlines that have passed, is the date in UTC, as on the server; the
//!   host's time zone does not change the findings.
//! - Exit codes: 0 without errors (warnings allowed), 1 with at least one error, 2 when the
//!   command could not run (unreadable path, bad configuration, bad flag).

mod report;
mod settings;
pub(crate) mod walk;

use std::collections::HashSet;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use longhand_domain::lint::{self, Finding, LintContext, ParsedDoc, Position, RuleId};
use longhand_domain::templates::Template;

use longhand_core::clock::Clock;
use report::{FileReport, Format};
use settings::Settings;
use walk::Source;

/// Flags of `longhand lint`.
#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Output format: `file:line:col rule message` lines, or one JSON object.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// A TOML file with a `[lint]` section (default: ./longhand.toml when it exists).
    #[arg(long, env = "LONGHAND_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Markdown files, or directories to search for `*.md` and `*.markdown` files.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Exit code when the command could not do its job, as opposed to finding errors.
const USAGE: u8 = 2;

/// Runs the lint and maps the outcome to the documented exit codes.
pub fn run(args: LintArgs) -> ExitCode {
    match lint_paths(&args) {
        Ok(outcome) => outcome,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(USAGE)
        }
    }
}

fn lint_paths(args: &LintArgs) -> anyhow::Result<ExitCode> {
    let settings = Settings::load(args.config.as_deref())?;
    let sources = walk::discover(&args.paths, settings.templates_dir())?;
    let documents = read_all(&sources)?;
    let slugs = known_slugs(&documents);
    let walked_a_tree = args.paths.iter().any(|path| path.is_dir());
    let ctx = LintContext {
        known_slugs: walked_a_tree.then_some(&slugs),
        today: today(),
    };
    let lintable: Vec<&Document> = documents.iter().filter(|d| d.lintable()).collect();
    let reports = par_map(&lintable, |doc| FileReport {
        path: doc.path.clone(),
        findings: lint_one(doc, &settings, &ctx),
    });
    let skipped = documents.len() - lintable.len();
    report::print(args.format, &reports, skipped)
}

/// Today in UTC, the same day the server's lint uses (`ops::lint`): a deadline that has
/// passed in the editor has passed here, on a laptop in Auckland or a CI runner in UTC alike,
/// whatever `TZ` says.
fn today() -> Date {
    Clock::System.now().to_zoned(TimeZone::UTC).date()
}

/// One file, read and parsed.
#[derive(Debug)]
struct Document {
    path: PathBuf,
    explicit: bool,
    doc: ParsedDoc,
}

impl Document {
    /// Whether the file is a Longhand document: it was named on the command line, or it opens
    /// with front matter (an unterminated block counts, so it gets its `front-matter` error).
    fn lintable(&self) -> bool {
        self.explicit || self.doc.front_matter().is_present() || !self.doc.problems().is_empty()
    }
}

/// Reads and parses every file in parallel; any unreadable file fails the whole run, naming
/// every file that could not be read.
fn read_all(sources: &[Source]) -> anyhow::Result<Vec<Document>> {
    let mut documents = Vec::with_capacity(sources.len());
    let mut errors = Vec::new();
    for result in par_map(sources, read_one) {
        match result {
            Ok(document) => documents.push(document),
            Err(err) => errors.push(format!("{err:#}")),
        }
    }
    if !errors.is_empty() {
        anyhow::bail!("{}", errors.join("\nerror: "));
    }
    Ok(documents)
}

fn read_one(source: &Source) -> anyhow::Result<Document> {
    let path = &source.path;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", path.display()))?;
    let doc = ParsedDoc::parse(&text);
    // A body past the nesting budget was not read, so linting it would report every section
    // missing; the file is refused as unreadable instead.
    if let Some(deep) = doc.body().too_deep() {
        anyhow::bail!("{}:{}: {deep}", path.display(), deep.line);
    }
    Ok(Document {
        path: path.clone(),
        explicit: source.explicit,
        doc,
    })
}

/// The documents links may point to: every file's stem and `slug:` value, also lower-cased
/// because the lint looks a link up as written and then lower-cased.
fn known_slugs(documents: &[Document]) -> HashSet<String> {
    let stems = documents
        .iter()
        .filter_map(|d| d.path.file_stem()?.to_str());
    let declared = documents
        .iter()
        .filter_map(|d| d.doc.front_matter().text("slug"));
    stems
        .chain(declared)
        .flat_map(|slug| [slug.to_owned(), slug.to_lowercase()])
        .collect()
}

fn lint_one(document: &Document, settings: &Settings, ctx: &LintContext<'_>) -> Vec<Finding> {
    let (template, kind_finding) = template_for(&document.doc, settings);
    let mut findings = lint::lint(&document.doc, template, settings.config(), ctx);
    if let Some(finding) = kind_finding {
        findings.push(finding);
        findings.sort_by_key(|f| (f.position, f.rule));
    }
    findings
}

/// The template named by `kind:`, or a `field-value` finding when it names none.
fn template_for<'s>(
    doc: &ParsedDoc,
    settings: &'s Settings,
) -> (Option<&'s Template>, Option<Finding>) {
    let Some(entry) = doc.front_matter().get("kind") else {
        return (None, None);
    };
    let Some(kind) = entry.value.as_text() else {
        return (None, None);
    };
    match settings.template(kind) {
        Some(template) => (Some(template), None),
        None => (None, unknown_kind(kind, entry.value.position, settings)),
    }
}

fn unknown_kind(kind: &str, position: Position, settings: &Settings) -> Option<Finding> {
    let severity = settings.config().severity(RuleId::FieldValue)?;
    Some(Finding {
        rule: RuleId::FieldValue,
        severity,
        position,
        message: format!(
            "The `kind` is `{kind}`, which names no template, so only the five completeness criteria were checked."
        ),
        hint: format!(
            "Use one of {}, or add a custom template to the directory `[lint] templates` names.",
            settings.kinds().join(", ")
        ),
    })
}

/// Maps `f` over `items` on every available core, keeping the order. Chunks are contiguous,
/// which balances well enough here because documents are small and similar in size.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let chunk = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
            .collect()
    })
}
