//! Recurring series: grouped by series key, measured, classified by purpose, placed on the
//! ConveRel quadrants, and ranked by person-hours.

use std::collections::BTreeMap;

use jiff::SignedDuration;

use super::cadence::{Cadence, median};
use super::converel::{Quadrant, Recommendation, Strength, relationship_fraction};
use super::purpose::{self, Purpose, Shape};
use super::spans::Span;
use super::{AuditInput, Meeting};

/// Each member's teams, by email.
pub(crate) type Teams<'a> = BTreeMap<&'a str, &'a [String]>;

/// How many series the report leads with.
pub const TOP_SERIES: usize = 10;

/// One recurring series, measured and classified.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesAudit {
    /// The series key (the iCalendar UID).
    pub series: String,
    /// The title of its first occurrence in the window.
    pub title: String,
    /// Occurrences in the window.
    pub occurrences: usize,
    /// Typical size and length, and cadence.
    pub shape: Shape,
    /// Length × participants, summed over the occurrences in the window.
    pub person_time: SignedDuration,
    pub purpose: Purpose,
    /// Why it has that purpose, e.g. "title mentions 'standup'; 8 attendees; 15 min; daily".
    pub reason: String,
    /// Whether the purpose came from the caller's overrides.
    pub overridden: bool,
    /// The shared-tenure signal, when known.
    pub shared_tenure: Option<f64>,
    pub strength: Strength,
    pub quadrant: Quadrant,
    pub recommendation: Recommendation,
    /// The person-time following the recommendation would give back in the window.
    pub recovered_time: SignedDuration,
}

/// A meeting in the window with its clipped span and participants.
pub(crate) struct InWindow<'a> {
    pub(crate) meeting: &'a Meeting,
    pub(crate) span: Span,
    pub(crate) participants: Vec<&'a str>,
}

/// Every recurring series in the window, the highest person-hours first.
pub(crate) fn rank(
    input: &AuditInput<'_>,
    meetings: &[InWindow<'_>],
    teams: &Teams<'_>,
) -> Vec<SeriesAudit> {
    let mut groups: BTreeMap<&str, Vec<&InWindow<'_>>> = BTreeMap::new();
    for m in meetings.iter().filter(|m| m.meeting.recurring) {
        groups.entry(&m.meeting.series).or_default().push(m);
    }
    let mut out: Vec<SeriesAudit> = groups
        .into_iter()
        .map(|(series, group)| audit_series(input, series, &group, teams))
        .collect();
    out.sort_by(|a, b| {
        (b.person_time, &a.title, &a.series).cmp(&(a.person_time, &b.title, &b.series))
    });
    out
}

fn audit_series(
    input: &AuditInput<'_>,
    series: &str,
    group: &[&InWindow<'_>],
    teams: &Teams<'_>,
) -> SeriesAudit {
    let shape = shape_of(group);
    let title = group
        .first()
        .map(|m| m.meeting.title.to_string())
        .unwrap_or_default();
    let (purpose, reason, overridden) = match input.overrides.get(series) {
        Some(&p) => (
            p,
            format!("set by override; {}", purpose::describe(&shape)),
            true,
        ),
        None => {
            let (p, reason) = purpose::classify(&title, &shape);
            (p, reason, false)
        }
    };
    let shared_tenure = shared_tenure(input, series, group, teams);
    let strength = match purpose {
        Purpose::Relationship => Strength::Strong,
        _ => Strength::from_shared_tenure(shared_tenure),
    };
    let quadrant = Quadrant::place(purpose, strength);
    let recommendation = quadrant.recommendation();
    SeriesAudit {
        series: series.to_owned(),
        title,
        occurrences: group.len(),
        shape,
        person_time: sum(group, |m| m.span.len()),
        purpose,
        reason,
        overridden,
        shared_tenure,
        strength,
        quadrant,
        recommendation,
        recovered_time: sum(group, |m| recommendation.recovered(m.span.len())),
    }
}

/// Σ per-participant seconds × participants, as a duration.
fn sum(group: &[&InWindow<'_>], per_participant: impl Fn(&InWindow<'_>) -> i64) -> SignedDuration {
    let total = group
        .iter()
        .map(|m| per_participant(m) * m.participants.len() as i64)
        .sum();
    SignedDuration::from_secs(total)
}

fn shape_of(group: &[&InWindow<'_>]) -> Shape {
    let mut sizes: Vec<usize> = group.iter().map(|m| m.participants.len()).collect();
    let mut lengths: Vec<i64> = group.iter().map(|m| m.meeting.length_secs()).collect();
    let starts: Vec<i64> = group.iter().map(|m| m.meeting.start.as_second()).collect();
    Shape {
        attendees: median(&mut sizes).unwrap_or(0),
        minutes: median(&mut lengths).unwrap_or(0) / 60,
        cadence: Cadence::of(&starts),
    }
}

/// The caller's value for the series, else the shared-team fraction over everyone who came.
fn shared_tenure(
    input: &AuditInput<'_>,
    series: &str,
    group: &[&InWindow<'_>],
    teams: &Teams<'_>,
) -> Option<f64> {
    if let Some(&share) = input.shared_tenure.get(series) {
        return Some(share);
    }
    let mut everyone: Vec<&str> = group
        .iter()
        .flat_map(|m| m.participants.iter().copied())
        .collect();
    everyone.sort_unstable();
    everyone.dedup();
    let together = |a: &str, b: &str| {
        let pair = if a <= b { (a, b) } else { (b, a) };
        input
            .written_together
            .contains(&(pair.0.to_owned(), pair.1.to_owned()))
    };
    relationship_fraction(&everyone, |email| teams.get(email).copied(), together)
}
