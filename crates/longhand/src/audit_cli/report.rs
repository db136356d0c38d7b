//! The audit report's wire shape: what `--format json` prints and what the table and HTML
//! outputs render. Hours are decimal hours rounded to two places, shares and FTE to four.
//!
//! Architecture Invariant: the domain's audit types never serialize themselves; this is the
//! one place they become JSON.

use jiff::SignedDuration;
use longhand_domain::meetings::{self, Audit, Load, SeriesAudit, TOP_SERIES, Totals, Window};
use serde::Serialize;

/// The whole report.
#[derive(Debug, Serialize)]
pub(super) struct Report {
    pub(super) window: WindowJson,
    /// Distinct meetings in the window (all-day events are not meetings).
    pub(super) meetings: usize,
    /// Length × participants over every meeting, members or not.
    pub(super) person_hours: f64,
    pub(super) organisation: TotalsJson,
    pub(super) teams: Vec<TotalsJson>,
    pub(super) people: Vec<PersonJson>,
    /// The top recurring series by person-hours.
    pub(super) series: Vec<SeriesJson>,
    /// Recurring series beyond the top ten.
    pub(super) more_series: usize,
    /// What was skipped while reading the files.
    pub(super) notes: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct WindowJson {
    pub(super) from: String,
    pub(super) to: String,
    pub(super) weeks: f64,
}

/// Load figures per week and as shares, for a person or a group.
#[derive(Debug, Serialize)]
pub(super) struct LoadJson {
    pub(super) meetings: usize,
    pub(super) meetings_per_week: f64,
    pub(super) meeting_hours: f64,
    pub(super) meeting_hours_per_week: f64,
    pub(super) person_hours: f64,
    pub(super) outside_hours_meetings: usize,
    pub(super) outside_hours: f64,
    pub(super) working_hours: f64,
    pub(super) meeting_share: f64,
    pub(super) focus_blocks: usize,
    pub(super) long_block_days: usize,
    pub(super) deep_work_hours: f64,
    pub(super) deep_work_share: f64,
}

#[derive(Debug, Serialize)]
pub(super) struct PersonJson {
    pub(super) email: String,
    pub(super) name: String,
    #[serde(flatten)]
    pub(super) load: LoadJson,
}

#[derive(Debug, Serialize)]
pub(super) struct TotalsJson {
    pub(super) name: String,
    pub(super) people: usize,
    #[serde(flatten)]
    pub(super) load: LoadJson,
}

#[derive(Debug, Serialize)]
pub(super) struct SeriesJson {
    pub(super) rank: usize,
    pub(super) uid: String,
    pub(super) title: String,
    pub(super) occurrences: usize,
    pub(super) attendees: usize,
    pub(super) minutes: i64,
    pub(super) cadence: &'static str,
    pub(super) person_hours: f64,
    pub(super) person_hours_per_month: f64,
    pub(super) purpose: &'static str,
    pub(super) reason: String,
    pub(super) overridden: bool,
    pub(super) shared_tenure: Option<f64>,
    pub(super) relationship: &'static str,
    pub(super) quadrant: &'static str,
    pub(super) recommendation: &'static str,
    pub(super) recovered_hours: f64,
    pub(super) recovered_hours_per_month: f64,
    pub(super) recovered_fte: f64,
}

impl Report {
    pub(super) fn new(audit: &Audit, notes: Vec<String>) -> Report {
        let window = audit.window;
        Report {
            window: WindowJson {
                from: window.from().to_string(),
                to: window.to().to_string(),
                weeks: round(window.weeks(), 2),
            },
            meetings: audit.meetings,
            person_hours: hours(audit.person_time),
            organisation: TotalsJson::new(&audit.organisation, window),
            teams: audit
                .teams
                .iter()
                .map(|t| TotalsJson::new(t, window))
                .collect(),
            people: audit
                .people
                .iter()
                .map(|p| PersonJson {
                    email: p.email.clone(),
                    name: p.name.clone(),
                    load: LoadJson::new(&p.load, window),
                })
                .collect(),
            series: audit
                .series
                .iter()
                .take(TOP_SERIES)
                .enumerate()
                .map(|(i, s)| SeriesJson::new(i + 1, s, window))
                .collect(),
            more_series: audit.series.len().saturating_sub(TOP_SERIES),
            notes,
        }
    }
}

impl LoadJson {
    fn new(load: &Load, window: Window) -> LoadJson {
        let weeks = window.weeks();
        LoadJson {
            meetings: load.meetings,
            meetings_per_week: round(load.meetings as f64 / weeks, 2),
            meeting_hours: hours(load.meeting_time),
            meeting_hours_per_week: round(window.hours_per_week(load.meeting_time), 2),
            person_hours: hours(load.person_time),
            outside_hours_meetings: load.outside_hours_meetings,
            outside_hours: hours(load.outside_hours_time),
            working_hours: hours(load.working_time),
            meeting_share: round(load.meeting_share(), 4),
            focus_blocks: load.focus_blocks,
            long_block_days: load.long_block_days,
            deep_work_hours: hours(load.deep_work),
            deep_work_share: round(load.deep_work_share(), 4),
        }
    }
}

impl TotalsJson {
    fn new(totals: &Totals, window: Window) -> TotalsJson {
        TotalsJson {
            name: totals.name.clone(),
            people: totals.people,
            load: LoadJson::new(&totals.load, window),
        }
    }
}

impl SeriesJson {
    fn new(rank: usize, s: &SeriesAudit, window: Window) -> SeriesJson {
        let recovered_month = window.hours_per_month(s.recovered_time);
        SeriesJson {
            rank,
            uid: s.series.clone(),
            title: s.title.clone(),
            occurrences: s.occurrences,
            attendees: s.shape.attendees,
            minutes: s.shape.minutes,
            cadence: s.shape.cadence.label(),
            person_hours: hours(s.person_time),
            person_hours_per_month: round(window.hours_per_month(s.person_time), 2),
            purpose: s.purpose.label(),
            reason: s.reason.clone(),
            overridden: s.overridden,
            shared_tenure: s.shared_tenure.map(|t| round(t, 4)),
            relationship: s.strength.label(),
            quadrant: s.quadrant.label(),
            recommendation: s.recommendation.label(),
            recovered_hours: hours(s.recovered_time),
            recovered_hours_per_month: round(recovered_month, 2),
            recovered_fte: round(meetings::fte(recovered_month), 4),
        }
    }
}

fn hours(time: SignedDuration) -> f64 {
    round(time.as_secs_f64() / 3600.0, 2)
}

fn round(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (x * scale).round() / scale
}
