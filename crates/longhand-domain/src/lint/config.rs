//! Lint configuration (from `longhand.toml` `[lint]`) and the facts a pure lint cannot look up.
//!
//! The app parses TOML; this module only offers a builder over typed values plus
//! [`RuleId::from_str`](std::str::FromStr) and [`Level::from_str`](std::str::FromStr), whose
//! errors name the bad key (with a "did you mean" suggestion) so the app can report it.

use std::collections::HashSet;

use jiff::civil::Date;

use super::rule::{Level, RuleId, Severity};

/// The default word count above which a document needs a TL;DR.
pub const DEFAULT_TLDR_WORDS: u32 = 400;

/// Which rules run and how loud they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintConfig {
    levels: [Level; RuleId::ALL.len()],
    tldr_words: u32,
}

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig {
            levels: RuleId::ALL.map(|rule| Level::On(rule.default_severity())),
            tldr_words: DEFAULT_TLDR_WORDS,
        }
    }
}

impl LintConfig {
    pub fn builder() -> LintConfigBuilder {
        LintConfigBuilder {
            config: LintConfig::default(),
        }
    }

    /// The severity the rule reports with, or `None` when it is switched off.
    pub fn severity(&self, rule: RuleId) -> Option<Severity> {
        match self.levels[rule as usize] {
            Level::Off => None,
            Level::On(severity) => Some(severity),
        }
    }

    pub fn is_enabled(&self, rule: RuleId) -> bool {
        self.severity(rule).is_some()
    }

    /// Body word count above which the `tldr` rule asks for a TL;DR.
    pub fn tldr_words(&self) -> u32 {
        self.tldr_words
    }
}

/// Builds a [`LintConfig`] starting from the defaults.
///
/// # Example
///
/// ```
/// use longhand_domain::lint::{LintConfig, Level, RuleId, Severity};
///
/// let config = LintConfig::builder()
///     .disable(RuleId::Scope)
///     .level(RuleId::Deadline, Level::On(Severity::Error))
///     .tldr_words(600)
///     .build();
/// assert_eq!(config.severity(RuleId::Scope), None);
/// assert_eq!(config.severity(RuleId::Deadline), Some(Severity::Error));
/// ```
#[derive(Debug, Clone)]
pub struct LintConfigBuilder {
    config: LintConfig,
}

impl LintConfigBuilder {
    pub fn disable(self, rule: RuleId) -> Self {
        self.level(rule, Level::Off)
    }

    pub fn level(mut self, rule: RuleId, level: Level) -> Self {
        self.config.levels[rule as usize] = level;
        self
    }

    pub fn tldr_words(mut self, words: u32) -> Self {
        self.config.tldr_words = words;
        self
    }

    pub fn build(self) -> LintConfig {
        self.config
    }
}

/// What the caller knows that a pure function cannot: which documents exist and what day it is.
#[derive(Debug, Clone, Copy)]
pub struct LintContext<'a> {
    /// Slugs of every known document (a file's stem, e.g. `0007-use-sqlite` for
    /// `adr/0007-use-sqlite.md`), looked up as written and then lower-cased. `None` skips
    /// cross-document link checks; in-page `#anchor` links are checked either way.
    pub known_slugs: Option<&'a HashSet<String>>,
    /// Today in the workspace's zone, for "deadline has passed" warnings.
    pub today: Date,
}
