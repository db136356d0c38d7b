//! The meeting audit report's wire shape: what `longhand audit --format json` prints, what
//! `GET /api/v1/meetings/report` answers, and what the table, the standalone HTML and the
//! Meetings page render. Hours are decimal hours rounded to two places, shares and FTE to
//! four.
//!
//! Architecture Invariant: the domain's audit types never serialize themselves; this is the
//! one place they become JSON, for the CLI, the API and the web page alike.

use jiff::SignedDuration;
use longhand_domain::meetings::{
    self, Audit, Change, GroupChange, Load, PilotComparison, SeriesAudit, TOP_SERIES, Totals,
    WeekTotals, Window,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::calendar_problems::{PROBLEMS_LISTED, Problem, listed};

/// The whole report.
#[derive(Debug, Serialize, ToSchema)]
pub struct Report {
    pub window: WindowJson,
    /// Occurrences read from the calendars over the window (and the baseline), duplicates
    /// across calendars and all-day events included.
    pub occurrences_read: usize,
    /// Distinct meetings in the window (all-day events are not meetings).
    pub meetings: usize,
    /// Length × participants over every meeting, members or not.
    pub person_hours: f64,
    pub organisation: TotalsJson,
    pub teams: Vec<TotalsJson>,
    pub people: Vec<PersonJson>,
    /// The top recurring series by person-hours.
    pub series: Vec<SeriesJson>,
    /// Recurring series beyond the top ten.
    pub more_series: usize,
    /// The organisation's load week by week, per person.
    pub weeks: Vec<WeekJson>,
    /// The baseline against this window, when a baseline was asked for.
    pub comparison: Option<ComparisonJson>,
    /// What went wrong while reading the calendars and what was done about it: the first
    /// [`PROBLEMS_LISTED`] of each calendar, then a line counting the rest.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WindowJson {
    /// RFC 3339, inclusive.
    pub from: String,
    /// RFC 3339, exclusive.
    pub to: String,
    pub weeks: f64,
}

/// Load figures per week and as shares, for a person or a group.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoadJson {
    pub meetings: usize,
    pub meetings_per_week: f64,
    pub meeting_hours: f64,
    pub meeting_hours_per_week: f64,
    pub person_hours: f64,
    pub outside_hours_meetings: usize,
    pub outside_hours: f64,
    pub working_hours: f64,
    pub meeting_share: f64,
    pub focus_blocks: usize,
    pub long_block_days: usize,
    pub deep_work_hours: f64,
    pub deep_work_share: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonJson {
    pub email: String,
    pub name: String,
    #[serde(flatten)]
    pub load: LoadJson,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TotalsJson {
    pub name: String,
    pub people: usize,
    #[serde(flatten)]
    pub load: LoadJson,
}

/// One recurring series, classified and priced.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesJson {
    pub rank: usize,
    /// The series key (the iCalendar UID); purpose overrides are set on it.
    pub uid: String,
    pub title: String,
    pub occurrences: usize,
    pub attendees: usize,
    pub minutes: i64,
    pub cadence: &'static str,
    pub person_hours: f64,
    pub person_hours_per_month: f64,
    /// `update`, `decision`, `relationship` or `work session`.
    pub purpose: &'static str,
    /// Why it has that purpose.
    pub reason: String,
    /// Whether a person set the purpose.
    pub overridden: bool,
    /// The share of participant pairs who share a team (0–1), when known.
    pub shared_tenure: Option<f64>,
    /// `strong` or `weak`.
    pub relationship: &'static str,
    pub quadrant: &'static str,
    pub recommendation: &'static str,
    pub recovered_hours: f64,
    pub recovered_hours_per_month: f64,
    pub recovered_fte: f64,
}

/// One week of the organisation's load, per person.
#[derive(Debug, Serialize, ToSchema)]
pub struct WeekJson {
    pub from: String,
    pub to: String,
    pub meetings: usize,
    pub meeting_hours_per_person: f64,
    pub deep_work_hours_per_person: f64,
    pub focus_blocks_per_person: f64,
}

/// A baseline period against a pilot period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComparisonJson {
    pub baseline: WindowJson,
    pub pilot: WindowJson,
    pub organisation: GroupChangeJson,
    pub teams: Vec<GroupChangeJson>,
    pub people: Vec<GroupChangeJson>,
}

/// Every metric of one person or group, before and after.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupChangeJson {
    /// A person's email, a team's name, or `organisation`.
    pub key: String,
    pub name: String,
    pub people: usize,
    pub metrics: Vec<ChangeJson>,
}

/// One metric before and after. Group figures are per person; counts and hours per week.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeJson {
    /// e.g. `meeting_hours_per_week`.
    pub metric: &'static str,
    pub label: &'static str,
    pub before: f64,
    pub after: f64,
    pub change: f64,
    /// The change relative to the baseline; absent when the baseline is zero.
    pub relative_change: Option<f64>,
    /// `better`, `worse` or `same`.
    pub verdict: &'static str,
}

impl Report {
    /// The report of `audit`, with a comparison against a baseline when there is one.
    pub fn new(audit: &Audit, comparison: Option<&PilotComparison>, read: Read) -> Report {
        let window = audit.window;
        Report {
            window: WindowJson::new(window),
            occurrences_read: read.occurrences,
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
            weeks: audit
                .weeks
                .iter()
                .map(|w| WeekJson::new(w, audit.organisation.people))
                .collect(),
            comparison: comparison.map(ComparisonJson::new),
            problems: listed(&read.problems, PROBLEMS_LISTED),
        }
    }
}

/// What reading the calendars found, besides the meetings.
#[derive(Debug, Default, Clone)]
pub struct Read {
    pub occurrences: usize,
    /// Every problem met while reading, calendar by calendar.
    pub problems: Vec<Problem>,
}

impl WindowJson {
    fn new(window: Window) -> WindowJson {
        WindowJson {
            from: window.from().to_string(),
            to: window.to().to_string(),
            weeks: round(window.weeks(), 2),
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

impl WeekJson {
    fn new(week: &WeekTotals, people: usize) -> WeekJson {
        let per_person = |time: SignedDuration| {
            round(week.window.hours_per_week(time) / people.max(1) as f64, 2)
        };
        WeekJson {
            from: week.window.from().to_string(),
            to: week.window.to().to_string(),
            meetings: week.load.meetings,
            meeting_hours_per_person: per_person(week.load.meeting_time),
            deep_work_hours_per_person: per_person(week.load.deep_work),
            focus_blocks_per_person: round(
                week.load.focus_blocks as f64 / week.window.weeks() / people.max(1) as f64,
                2,
            ),
        }
    }
}

impl ComparisonJson {
    fn new(c: &PilotComparison) -> ComparisonJson {
        ComparisonJson {
            baseline: WindowJson::new(c.baseline),
            pilot: WindowJson::new(c.pilot),
            organisation: GroupChangeJson::new(&c.organisation),
            teams: c.teams.iter().map(GroupChangeJson::new).collect(),
            people: c.people.iter().map(GroupChangeJson::new).collect(),
        }
    }
}

impl GroupChangeJson {
    fn new(g: &GroupChange) -> GroupChangeJson {
        GroupChangeJson {
            key: g.key.clone(),
            name: g.name.clone(),
            people: g.people,
            metrics: g.changes.iter().map(ChangeJson::new).collect(),
        }
    }
}

impl ChangeJson {
    fn new(c: &Change) -> ChangeJson {
        ChangeJson {
            metric: c.metric.key(),
            label: c.metric.label(),
            before: round(c.before, 4),
            after: round(c.after, 4),
            change: round(c.delta(), 4),
            relative_change: c.relative().map(|r| round(r, 4)),
            verdict: c.verdict().label(),
        }
    }
}

/// A change for people: "2.0 → 1.5 (−25%)", with shares as whole percentages.
pub fn change_text(m: &ChangeJson) -> String {
    let value = |x: f64| {
        if m.metric == "meeting_share" {
            format!("{:.0}%", x * 100.0)
        } else {
            format!("{x:.1}")
        }
    };
    let relative = m
        .relative_change
        .map(|r| {
            format!(
                " ({}{:.0}%)",
                if r < 0.0 { "−" } else { "+" },
                r.abs() * 100.0
            )
        })
        .unwrap_or_default();
    format!("{} → {}{relative}", value(m.before), value(m.after))
}

fn hours(time: SignedDuration) -> f64 {
    round(time.as_secs_f64() / 3600.0, 2)
}

fn round(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (x * scale).round() / scale
}
