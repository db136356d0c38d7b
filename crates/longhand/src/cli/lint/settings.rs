//! The `[lint]` section of `longhand.toml`, turned into a [`LintConfig`] and the set of
//! templates documents can name.
//!
//! ```toml
//! [lint]
//! disable = ["tldr"]          # rules switched off
//! tldr_words = 600            # body length above which a TL;DR is required
//! templates = "docs/templates" # custom templates (Markdown), relative to this file
//!
//! [lint.severity]
//! deadline = "error"          # off | warning | error
//! ```
//!
//! Every mistake here (an unknown key, an unknown rule id, a bad level, a template that does
//! not parse) stops the command with exit code 2: a lint that silently ignores part of its
//! configuration would pass documents the team meant to block.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use longhand_domain::lint::{Level, LintConfig, RuleId};
use longhand_domain::templates::{Template, builtins, find_builtin};
use serde::Deserialize;

use super::walk;

/// The keys `[lint]` accepts; anything else is refused so a typo does not go unnoticed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LintSection {
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    tldr_words: Option<u32>,
    templates: Option<PathBuf>,
}

/// What the lint runs with.
#[derive(Debug, Default)]
pub(super) struct Settings {
    config: LintConfig,
    /// Custom templates; a custom kind replaces a built-in one of the same id, so a team can
    /// tighten the stock RFC template without renaming its documents' kind.
    custom: Vec<Template>,
    /// The custom templates' directory, canonical, so the walk can leave it out.
    templates_dir: Option<PathBuf>,
}

impl Settings {
    /// Reads `--config FILE`, or `./longhand.toml` when it exists, or uses the defaults.
    pub fn load(explicit: Option<&Path>) -> anyhow::Result<Settings> {
        let file = crate::cli::config::read_file(explicit)?;
        let path = explicit.unwrap_or(Path::new("longhand.toml"));
        let Some(table) = file.lint else {
            return Ok(Settings::default());
        };
        let section: LintSection = toml::Value::Table(table)
            .try_into()
            .map_err(|err| anyhow!("{}: [lint]: {}", path.display(), one_line(&err.to_string())))?;
        Settings::from_section(&section, path).with_context(|| format!("{}", path.display()))
    }

    fn from_section(section: &LintSection, file: &Path) -> anyhow::Result<Settings> {
        let config = lint_config(section)?;
        let Some(dir) = &section.templates else {
            return Ok(Settings {
                config,
                ..Settings::default()
            });
        };
        // Relative to the configuration file, so the command works from any directory.
        let dir = file.parent().unwrap_or(Path::new("")).join(dir);
        Ok(Settings {
            config,
            custom: load_templates(&dir)?,
            templates_dir: std::fs::canonicalize(&dir).ok(),
        })
    }

    pub fn config(&self) -> &LintConfig {
        &self.config
    }

    pub fn templates_dir(&self) -> Option<&Path> {
        self.templates_dir.as_deref()
    }

    /// The template a document's `kind:` names.
    pub fn template(&self, kind: &str) -> Option<&Template> {
        self.custom
            .iter()
            .find(|t| t.kind().as_str() == kind)
            .or_else(|| find_builtin(kind))
    }

    /// Every kind a document may name, custom ones first.
    pub fn kinds(&self) -> Vec<&str> {
        let mut kinds: Vec<&str> = self.custom.iter().map(|t| t.kind().as_str()).collect();
        for template in builtins() {
            if !kinds.contains(&template.kind().as_str()) {
                kinds.push(template.kind().as_str());
            }
        }
        kinds
    }
}

fn lint_config(section: &LintSection) -> anyhow::Result<LintConfig> {
    let mut builder = LintConfig::builder();
    for (name, level) in &section.severity {
        let rule = parse_rule(name).context("[lint.severity]")?;
        let level: Level = level
            .parse()
            .map_err(|err| anyhow!("[lint.severity] {name}: {err}"))?;
        builder = builder.level(rule, level);
    }
    for name in &section.disable {
        let rule = parse_rule(name).context("[lint] disable")?;
        if section
            .severity
            .keys()
            .any(|key| parse_rule(key).ok() == Some(rule))
        {
            bail!("[lint] rule `{rule}` is both disabled and given a severity; keep one");
        }
        builder = builder.disable(rule);
    }
    if let Some(words) = section.tldr_words {
        builder = builder.tldr_words(words);
    }
    Ok(builder.build())
}

fn parse_rule(name: &str) -> anyhow::Result<RuleId> {
    name.parse::<RuleId>().map_err(|err| anyhow!("{err}"))
}

/// Parses every `*.md` file in `dir` as a custom template, reporting all problems at once.
fn load_templates(dir: &Path) -> anyhow::Result<Vec<Template>> {
    let mut paths = template_files(dir)?;
    paths.sort();
    let mut templates: Vec<Template> = Vec::new();
    let mut problems = Vec::new();
    for path in &paths {
        match load_template(path) {
            Ok(template) if templates.iter().any(|t| t.kind() == template.kind()) => {
                problems.push(format!(
                    "{}: a second template for kind `{}`",
                    path.display(),
                    template.kind()
                ))
            }
            Ok(template) => templates.push(template),
            Err(err) => problems.push(err),
        }
    }
    if !problems.is_empty() {
        bail!("bad custom template:\n  {}", problems.join("\n  "));
    }
    Ok(templates)
}

fn template_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let context = || format!("cannot read the templates directory {}", dir.display());
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(context)? {
        let path = entry.with_context(context)?.path();
        if walk::is_markdown(&path) {
            paths.push(path);
        }
    }
    Ok(paths)
}

/// One template, or its problems as `file:line:col message` lines.
fn load_template(path: &Path) -> Result<Template, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    Template::parse_custom(&text).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|err| format!("{}:{err}", path.display()))
            .collect();
        lines.join("\n  ")
    })
}

/// toml's messages end in a newline and put "in `key`" on a line of its own.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
