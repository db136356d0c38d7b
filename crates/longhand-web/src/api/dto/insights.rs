//! The KPIs on the wire.

use longhand_core::ops::metrics::{RecordShareReport, TeamMonthShare};
use longhand_domain::kpi::DECISION_RECORD_TARGET;
use serde::Serialize;
use utoipa::ToSchema;

/// The share of decisions with a written record, per team and month.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionRecordsDto {
    /// The first month reported, `YYYY-MM` (UTC months).
    pub from: String,
    /// The last month reported, `YYYY-MM`.
    pub to: String,
    /// The share a team should exceed (0.8).
    pub target: f64,
    /// One row per team and month that had anything to decide; months without are left out.
    pub months: Vec<TeamMonthShareDto>,
}

/// One team's decisions in one month.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamMonthShareDto {
    /// `YYYY-MM`.
    pub month: String,
    /// The team's slug; null for people in no team.
    pub team: Option<String>,
    pub team_name: Option<String>,
    /// Review rounds that closed (rounds revised into a next round are not counted).
    pub rounds_closed: u32,
    /// Of those, the ones a decision record was published from.
    pub rounds_recorded: u32,
    /// Planned meetings whose outcome was recorded.
    pub meeting_outcomes: u32,
    /// Of those, the ones whose outcome wrote at least one decision record.
    pub meeting_outcomes_recorded: u32,
    /// `rounds_closed + meeting_outcomes`.
    pub decisions: u32,
    /// `rounds_recorded + meeting_outcomes_recorded`.
    pub recorded: u32,
    /// `recorded / decisions`, between 0 and 1.
    pub share: f64,
    /// Whether `share` exceeds the target.
    pub meets_target: bool,
}

impl From<&TeamMonthShare> for TeamMonthShareDto {
    fn from(row: &TeamMonthShare) -> Self {
        let c = &row.counts;
        TeamMonthShareDto {
            month: c.month.to_string(),
            team: row.team.as_ref().map(|t| t.slug.clone()),
            team_name: row.team.as_ref().map(|t| t.name.clone()),
            rounds_closed: c.rounds_closed,
            rounds_recorded: c.rounds_recorded,
            meeting_outcomes: c.outcomes_recorded,
            meeting_outcomes_recorded: c.outcomes_with_decision,
            decisions: c.moments(),
            recorded: c.recorded(),
            // Rows exist only for months with a decision moment, so the share is defined.
            share: c.share().unwrap_or(0.0),
            meets_target: c.meets_target().unwrap_or(false),
        }
    }
}

impl From<&RecordShareReport> for DecisionRecordsDto {
    fn from(report: &RecordShareReport) -> Self {
        DecisionRecordsDto {
            from: report.from.to_string(),
            to: report.to.to_string(),
            target: DECISION_RECORD_TARGET,
            months: report.shares.iter().map(TeamMonthShareDto::from).collect(),
        }
    }
}
