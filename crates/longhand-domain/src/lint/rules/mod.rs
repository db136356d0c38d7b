//! The rules, grouped by what they look at. Each group is a function over a [`DocView`] that
//! reports into a [`Sink`]; the sink applies the configuration, so rules never check it.

pub(crate) mod completeness;
pub(crate) mod fields;
pub(crate) mod links;
pub(crate) mod structure;

use jiff::civil::Date;
use jiff::fmt::temporal::Pieces;

use super::config::LintConfig;
use super::finding::{Finding, Position};
use super::rule::RuleId;

/// Collects findings for enabled rules at their configured severity.
pub(crate) struct Sink<'c> {
    config: &'c LintConfig,
    pub findings: Vec<Finding>,
    /// Headings of sections already reported as unfilled, so `placeholder-text` does not repeat
    /// the same complaint for each guidance paragraph inside them.
    pub covered_sections: Vec<Position>,
}

impl<'c> Sink<'c> {
    pub fn new(config: &'c LintConfig) -> Sink<'c> {
        Sink {
            config,
            findings: Vec::new(),
            covered_sections: Vec::new(),
        }
    }

    pub fn enabled(&self, rule: RuleId) -> bool {
        self.config.is_enabled(rule)
    }

    pub fn tldr_words(&self) -> u32 {
        self.config.tldr_words()
    }

    /// Records a finding if the rule is on; returns whether it was recorded.
    pub fn report(
        &mut self,
        rule: RuleId,
        position: Position,
        message: String,
        hint: String,
    ) -> bool {
        let Some(severity) = self.config.severity(rule) else {
            return false;
        };
        self.findings.push(Finding {
            rule,
            severity,
            position,
            message,
            hint,
        });
        true
    }
}

/// Parses an ISO 8601 date, or the date part of an ISO 8601 date-time (`2025-03-14T17:00Z`).
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(date) = text.parse::<Date>() {
        return Some(date);
    }
    Pieces::parse(text).ok().map(|pieces| pieces.date())
}
