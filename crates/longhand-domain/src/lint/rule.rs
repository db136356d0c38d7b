//! The closed set of lint rules, their stable ids and default severities.
//!
//! Rule ids are part of the public contract: they appear in `longhand.toml` (`[lint]`), in CLI
//! output and in JSON reports, so a rule is never renamed, only added.

use std::fmt;
use std::str::FromStr;

/// How serious a finding is. `Error` blocks submission and makes `longhand lint` exit non-zero;
/// `Warning` is shown but never blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A configured level for a rule: off, or on with a severity. This is what a `longhand.toml`
/// value such as `tldr = "off"` or `deadline = "error"` parses into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    Off,
    On(Severity),
}

impl FromStr for Level {
    type Err = UnknownLevel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "off" | "allow" | "none" => Ok(Level::Off),
            "warn" | "warning" => Ok(Level::On(Severity::Warning)),
            "error" | "deny" => Ok(Level::On(Severity::Error)),
            _ => Err(UnknownLevel(s.to_owned())),
        }
    }
}

/// A level name that is not `off`, `warning` or `error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLevel(pub String);

impl fmt::Display for UnknownLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown lint level `{}`; use `off`, `warning` or `error`",
            self.0
        )
    }
}

impl std::error::Error for UnknownLevel {}

/// Every lint rule. See the rule table in the [`crate::lint`] module docs for what each checks
/// and why it has the default severity it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    FrontMatter,
    Intent,
    Owner,
    RequiredField,
    FieldValue,
    BadDate,
    RequiredSection,
    DecisionCriteria,
    PlaceholderText,
    Purpose,
    RequiredAction,
    Deadline,
    Context,
    Scope,
    Tldr,
    BrokenLink,
}

impl RuleId {
    /// All rules, in the order the rule table lists them.
    pub const ALL: [RuleId; 16] = [
        RuleId::FrontMatter,
        RuleId::Intent,
        RuleId::Owner,
        RuleId::RequiredField,
        RuleId::FieldValue,
        RuleId::BadDate,
        RuleId::RequiredSection,
        RuleId::DecisionCriteria,
        RuleId::PlaceholderText,
        RuleId::Purpose,
        RuleId::RequiredAction,
        RuleId::Deadline,
        RuleId::Context,
        RuleId::Scope,
        RuleId::Tldr,
        RuleId::BrokenLink,
    ];

    /// The stable id used in configuration and output.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::FrontMatter => "front-matter",
            RuleId::Intent => "intent",
            RuleId::Owner => "owner",
            RuleId::RequiredField => "required-field",
            RuleId::FieldValue => "field-value",
            RuleId::BadDate => "bad-date",
            RuleId::RequiredSection => "required-section",
            RuleId::DecisionCriteria => "decision-criteria",
            RuleId::PlaceholderText => "placeholder-text",
            RuleId::Purpose => "purpose",
            RuleId::RequiredAction => "required-action",
            RuleId::Deadline => "deadline",
            RuleId::Context => "context",
            RuleId::Scope => "scope",
            RuleId::Tldr => "tldr",
            RuleId::BrokenLink => "broken-link",
        }
    }

    /// The severity a rule has unless `LintConfig` overrides it.
    ///
    /// The split follows DESIGN.md §2.2 ("required fields block, the rest warn"): anything the
    /// product cannot store or act on without (front matter, owner, intent, declared fields,
    /// dates, required sections, decision criteria on a decision request) is an error; advice
    /// about how well a document communicates is a warning.
    pub fn default_severity(self) -> Severity {
        match self {
            RuleId::FrontMatter
            | RuleId::Intent
            | RuleId::Owner
            | RuleId::RequiredField
            | RuleId::FieldValue
            | RuleId::BadDate
            | RuleId::RequiredSection
            | RuleId::DecisionCriteria => Severity::Error,
            RuleId::PlaceholderText
            | RuleId::Purpose
            | RuleId::RequiredAction
            | RuleId::Deadline
            | RuleId::Context
            | RuleId::Scope
            | RuleId::Tldr
            | RuleId::BrokenLink => Severity::Warning,
        }
    }

    /// A one-line description for `--help`-style listings.
    pub fn summary(self) -> &'static str {
        match self {
            RuleId::FrontMatter => {
                "front matter is well-formed YAML mapping, terminated, no duplicate keys"
            }
            RuleId::Intent => "an `intent:` says why the document exists",
            RuleId::Owner => "an `owner:` names the directly responsible individual",
            RuleId::RequiredField => "every field the template marks required has a value",
            RuleId::FieldValue => "field values fit their declared type (enum, member, list)",
            RuleId::BadDate => "date fields hold ISO 8601 dates",
            RuleId::RequiredSection => "the template's required sections exist and are filled in",
            RuleId::DecisionCriteria => {
                "a decision request states the criteria it will be decided on"
            }
            RuleId::PlaceholderText => "no template guidance text is left in the document",
            RuleId::Purpose => "the reader can tell why this was written",
            RuleId::RequiredAction => "the reader can tell what they must do",
            RuleId::Deadline => "there is a deadline, and it has not passed",
            RuleId::Context => "a Context or Background section gives the full picture",
            RuleId::Scope => "the reader knows whether a brief read or a detailed review is wanted",
            RuleId::Tldr => "long documents open with a TL;DR",
            RuleId::BrokenLink => "links to other documents and headings resolve",
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RuleId {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        RuleId::ALL
            .into_iter()
            .find(|rule| rule.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownRule::new(wanted))
    }
}

/// A rule id in configuration that names no rule, with the closest real id when one is near.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRule {
    pub name: String,
    pub suggestion: Option<RuleId>,
}

impl UnknownRule {
    fn new(name: &str) -> UnknownRule {
        let suggestion = RuleId::ALL
            .into_iter()
            .map(|rule| (edit_distance(name, rule.as_str()), rule))
            .min_by_key(|(distance, _)| *distance)
            .filter(|(distance, _)| *distance <= 3)
            .map(|(_, rule)| rule);
        UnknownRule {
            name: name.to_owned(),
            suggestion,
        }
    }
}

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown lint rule `{}`", self.name)?;
        match self.suggestion {
            Some(rule) => write!(f, "; did you mean `{rule}`?"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for UnknownRule {}

/// Levenshtein distance over chars; the inputs are config keys, so quadratic cost is fine.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_ascii_lowercase().chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}
