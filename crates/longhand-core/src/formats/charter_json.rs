//! The charter JSON: a team's response agreement on the wire and in the `charters` table.
//!
//! ```json
//! {"levels": [{"key": "urgent", "name": "Urgent", "target": "4h", "measure": "business", "counts_as_urgent": true}, …],
//!  "urgent_definition": "…", "urgent_budget": 0.1, "reminder_point": 0.75, "escalation": ["ana"]}
//! ```
//! `target` is a business duration (`4h`, `1d`, `3d`, ISO 8601) when `measure` is
//! `business`, and plain elapsed time when it is `clock`.
//!
//! Two optional keys say how the team decides: `review_window` (a review round's default
//! window, business days or hours, `3d` when absent) and `irreversible_categories` (decision
//! categories that need every decider's consent; financial, compliance and regulatory when
//! absent). Charters stored before these keys existed read with those defaults.

use jiff::SignedDuration;
use longhand_domain::asks::{Charter, DEFAULT_IRREVERSIBLE, Target, UrgencyLevel};
use longhand_domain::calendar::BusinessDuration;
use longhand_domain::reviews::Window;
use serde::{Deserialize, Serialize};

/// A charter on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CharterJson {
    pub levels: Vec<LevelJson>,
    #[serde(default)]
    pub urgent_definition: String,
    /// Share of asks that may be urgent, 0–1.
    pub urgent_budget: f64,
    /// Share of the window after which the responder is reminded, 0–1.
    pub reminder_point: f64,
    /// Handles who hear about a breach, in order.
    #[serde(default)]
    pub escalation: Vec<String>,
    /// A review round's default window: business days or hours (`3d`, `36h`).
    #[serde(default = "default_review_window")]
    #[schema(example = "3d")]
    pub review_window: String,
    /// Decision categories that make a decision irreversible (every decider must consent).
    #[serde(default = "default_irreversible")]
    pub irreversible_categories: Vec<String>,
}

fn default_review_window() -> String {
    Window::DEFAULT.key()
}

fn default_irreversible() -> Vec<String> {
    DEFAULT_IRREVERSIBLE.map(str::to_owned).to_vec()
}

/// One urgency level on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelJson {
    #[schema(example = "urgent")]
    pub key: String,
    pub name: String,
    #[schema(example = "4h")]
    pub target: String,
    /// `business` (responder's working time) or `clock` (elapsed time).
    pub measure: String,
    #[serde(default)]
    pub counts_as_urgent: bool,
}

impl LevelJson {
    fn to_domain(&self) -> Result<UrgencyLevel, String> {
        let target = match self.measure.as_str() {
            "business" => Target::Business(
                BusinessDuration::parse(&self.target)
                    .map_err(|e| format!("level \"{}\": {e}", self.key))?,
            ),
            "clock" => {
                let d: SignedDuration = self.target.trim().parse().map_err(|_| {
                    format!(
                        "level \"{}\": \"{}\" is not a duration such as 4h",
                        self.key, self.target
                    )
                })?;
                Target::Clock(d)
            }
            other => {
                return Err(format!(
                    "level \"{}\": measure \"{other}\" must be business or clock",
                    self.key
                ));
            }
        };
        let key = self.key.trim().to_ascii_lowercase();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "level key \"{}\" must be letters, digits, '-' or '_'",
                self.key
            ));
        }
        Ok(UrgencyLevel {
            key,
            name: self.name.trim().to_owned(),
            target,
            counts_as_urgent: self.counts_as_urgent,
        })
    }

    fn from_domain(level: &UrgencyLevel) -> LevelJson {
        let (target, measure) = match level.target {
            Target::Business(BusinessDuration::Days(n)) => (format!("{n}d"), "business"),
            Target::Business(BusinessDuration::Working(d)) => (duration_text(d), "business"),
            Target::Clock(d) => (duration_text(d), "clock"),
        };
        LevelJson {
            key: level.key.clone(),
            name: level.name.clone(),
            target,
            measure: measure.to_owned(),
            counts_as_urgent: level.counts_as_urgent,
        }
    }
}

fn duration_text(d: SignedDuration) -> String {
    let minutes = d.as_secs() / 60;
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h}h"),
        (0, m) => format!("{m}m"),
        (h, m) => format!("{h}h{m}m"),
    }
}

impl CharterJson {
    /// Validates and converts to the domain charter.
    pub fn to_domain(&self) -> Result<Charter, String> {
        let levels = self
            .levels
            .iter()
            .map(LevelJson::to_domain)
            .collect::<Result<Vec<_>, _>>()?;
        let window =
            Window::parse(&self.review_window).map_err(|e| format!("review_window: {e}"))?;
        let charter = Charter::new(
            levels,
            self.urgent_definition.trim().to_owned(),
            self.urgent_budget,
            self.reminder_point,
            self.escalation_handles(),
        )
        .map_err(|e| e.to_string())?;
        Ok(charter.with_decisions(window, &self.irreversible_categories))
    }

    /// The escalation path as handles (`@Ana ` is `ana`).
    pub fn escalation_handles(&self) -> Vec<String> {
        self.escalation
            .iter()
            .map(|h| h.trim().trim_start_matches('@').to_ascii_lowercase())
            .collect()
    }

    /// The JSON form of a domain charter.
    pub fn from_domain(charter: &Charter) -> CharterJson {
        CharterJson {
            levels: charter
                .levels()
                .iter()
                .map(LevelJson::from_domain)
                .collect(),
            urgent_definition: charter.urgent_definition().to_owned(),
            urgent_budget: charter.urgent_budget(),
            reminder_point: charter.reminder_point(),
            escalation: charter.escalation().to_vec(),
            review_window: charter.review_window().key(),
            irreversible_categories: charter.irreversible_categories().to_vec(),
        }
    }

    /// Parses stored text by today's rules.
    pub fn parse_text(text: &str) -> Result<Charter, String> {
        CharterJson::read_stored(text)?.to_domain()
    }

    /// Reads stored text as it was written, without today's rules. A version saved by an
    /// older release can break a rule added since (a target of `0h`, written for `20s`
    /// before targets were whole minutes); the charter editor still shows it, so the team's
    /// DRI can fix it.
    pub fn read_stored(text: &str) -> Result<CharterJson, String> {
        serde_json::from_str::<CharterJson>(text)
            .map_err(|e| format!("the charter is not valid JSON: {e}"))
    }

    /// The stored text of a domain charter.
    pub fn text_of(charter: &Charter) -> String {
        serde_json::to_string(&CharterJson::from_domain(charter))
            .unwrap_or_else(|_| "{}".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_charter_round_trips() {
        let standard = Charter::standard();
        let json = CharterJson::from_domain(&standard);
        assert_eq!(json.levels[0].target, "4h");
        assert_eq!(json.levels[1].target, "1d");
        assert_eq!(json.levels[4].measure, "clock");
        assert_eq!(json.to_domain().unwrap(), standard);
    }

    #[test]
    fn a_charter_saved_under_older_rules_is_read_as_written_but_refused() {
        let mut json = CharterJson::from_domain(&Charter::standard());
        json.levels[0].target = "0h".into();
        let text = serde_json::to_string(&json).unwrap();
        let refused = CharterJson::parse_text(&text).unwrap_err();
        assert!(refused.contains("longer than zero"), "{refused}");
        assert_eq!(CharterJson::read_stored(&text).unwrap(), json);
    }

    #[test]
    fn a_charter_stored_before_review_settings_reads_with_the_defaults() {
        let old = r#"{"levels": [{"key": "normal", "name": "Normal", "target": "1d", "measure": "business"}], "urgent_budget": 0.1, "reminder_point": 0.75}"#;
        let charter = CharterJson::parse_text(old).unwrap();
        assert_eq!(charter.review_window().key(), "3d");
        assert_eq!(
            charter.irreversible_categories(),
            ["financial", "compliance", "regulatory"]
        );
        let mut json = CharterJson::from_domain(&charter);
        json.review_window = "36h".into();
        json.irreversible_categories = vec![" Security ".into(), "security".into(), "".into()];
        let charter = json.to_domain().unwrap();
        assert_eq!(charter.review_window().to_string(), "36 business hours");
        assert_eq!(charter.irreversible_categories(), ["security"]);
        json.review_window = "forever".into();
        assert!(json.to_domain().unwrap_err().starts_with("review_window: "));
    }

    #[test]
    fn bad_levels_are_explained() {
        let mut json = CharterJson::from_domain(&Charter::standard());
        json.levels[0].measure = "vibes".into();
        assert_eq!(
            json.to_domain().unwrap_err(),
            "level \"urgent\": measure \"vibes\" must be business or clock"
        );
        json.levels[0].measure = "business".into();
        json.levels[0].target = "soon".into();
        assert!(
            json.to_domain()
                .unwrap_err()
                .starts_with("level \"urgent\": ")
        );
    }
}
