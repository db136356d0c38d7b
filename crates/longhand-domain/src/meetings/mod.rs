//! The meeting audit (DESIGN.md §1 rules 7–8, §2.6): how much of each person's working time
//! goes to meetings, how much stays free for deep work, and which recurring meetings could be
//! replaced by writing — with the hours and FTE that would give back.
//!
//! - `attendance.rs`: who attends a meeting — people, counted once, not invitation lines.
//! - `spans.rs`: interval arithmetic in UTC seconds.
//! - `load.rs`: one person's load, and sums of loads.
//! - `cadence.rs`, `purpose.rs`: how often a series meets and what it is for.
//! - `converel.rs`: the ConveRel quadrants and their recommendations.
//! - `series.rs`: recurring series grouped, classified and ranked.
//! - `pilot.rs`: a baseline period against a pilot period, metric by metric.
//! - `overlap.rs`: when a set of people all work, in each one's local time.
//!
//! Architecture Invariant: the audit is a pure function of its input. It knows nothing of
//! iCalendar; the application turns occurrences into [`Meeting`]s (one per occurrence, with
//! the calendars that hold it and the groups it invites) and members into [`Member`]s.
//!
//! Architecture Invariant: all-day events are not meetings, and a meeting counts only for
//! the part of it inside the window.
//!
//! Meetings registered in Longhand itself pass the meeting gate in [`gate`]: an agenda 24 hours
//! ahead, a 25 or 50-minute length, opt-in attendance and an outcome record afterwards.

mod attendance;
mod cadence;
mod converel;
mod load;
mod overlap;
mod pilot;
mod purpose;
mod series;
mod spans;

#[cfg(test)]
mod tests;

pub mod gate;

use std::collections::{BTreeMap, HashMap};

use jiff::{SignedDuration, Timestamp};

use crate::calendar::Calendar;
use series::InWindow;
use spans::Span;

pub use attendance::{Groups, learn_group};
pub use cadence::Cadence;
pub use converel::{
    Quadrant, Recommendation, SHORT_MEETING_MINUTES, STRONG_SHARED_TENURE, Strength,
    relationship_fraction, shared_team_fraction,
};
pub use load::{FOCUS_BLOCK_MINUTES, LONG_BLOCK_HOURS, Load, PersonLoad};
#[cfg(test)]
pub(crate) use overlap::next_quarter;
pub use overlap::{Overlap, QUARTER, Slot, focus_clash, overlap, unfocused, week_of};
pub use pilot::{Change, GroupChange, Metric, PilotComparison, Verdict, compare};
pub use purpose::{Purpose, Shape};
pub use series::{SeriesAudit, TOP_SERIES};

/// Working hours in one full-time month: 40 hours a week × 52 weeks / 12 months.
pub const FTE_HOURS_PER_MONTH: f64 = 40.0 * 52.0 / 12.0;

/// Text shared by the occurrences of one event: a daily series holds its title, UID and
/// invitation once, not 250 times a year (a year of an organisation's calendars is some
/// 100,000 occurrences).
pub type Shared = std::sync::Arc<str>;

/// One occurrence of a meeting, as the audit sees it. Who attends follows from the
/// invitation and the calendars holding it: see [`Meeting::participants`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meeting {
    /// The series it belongs to (for iCalendar, the UID).
    pub series: Shared,
    pub uid: Shared,
    pub title: Shared,
    pub start: Timestamp,
    pub end: Timestamp,
    /// Attendees invited by address, except those who declined or take no part; normalised
    /// by the caller (lower case). An address known as a group stands for its members.
    pub attendees: std::sync::Arc<[Shared]>,
    /// Group addresses invited (iCalendar `CUTYPE=GROUP`): they stand for their known members
    /// and for the people whose calendars hold the meeting, never for one person.
    pub groups: std::sync::Arc<[Shared]>,
    /// The people whose own calendars hold the meeting and did not decline it there.
    pub holders: Vec<Shared>,
    /// The people who declined it in their own calendar (or take no part there): they do not
    /// attend, whatever other copies of the invitation say.
    pub declined: Vec<Shared>,
    pub organizer: Option<Shared>,
    pub all_day: bool,
    /// Whether it is an occurrence of a recurring series.
    pub recurring: bool,
}

impl Meeting {
    fn length_secs(&self) -> i64 {
        (self.end.as_second() - self.start.as_second()).max(0)
    }
}

/// A member of the organisation: who they are, when they work, which teams they are in.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// Normalised by the caller (lower case).
    pub email: String,
    pub name: String,
    pub calendar: Calendar,
    pub teams: Vec<String>,
}

/// The audited window `[from, to)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    from: Timestamp,
    to: Timestamp,
}

impl Window {
    /// A window; `None` unless `from` is before `to`.
    pub fn new(from: Timestamp, to: Timestamp) -> Option<Window> {
        (from < to).then_some(Window { from, to })
    }

    pub fn from(&self) -> Timestamp {
        self.from
    }

    pub fn to(&self) -> Timestamp {
        self.to
    }

    /// The window's length in weeks.
    pub fn weeks(&self) -> f64 {
        self.to.duration_since(self.from).as_secs_f64() / (7.0 * 86_400.0)
    }

    /// Hours per week for a duration spent over the window.
    pub fn hours_per_week(&self, time: SignedDuration) -> f64 {
        time.as_secs_f64() / 3600.0 / self.weeks()
    }

    /// Hours per month (52/12 weeks) for a duration spent over the window.
    pub fn hours_per_month(&self, time: SignedDuration) -> f64 {
        self.hours_per_week(time) * 52.0 / 12.0
    }

    fn span(&self) -> Span {
        Span::new(self.from.as_second(), self.to.as_second())
    }
}

/// Full-time equivalents for hours per month.
pub fn fte(hours_per_month: f64) -> f64 {
    hours_per_month / FTE_HOURS_PER_MONTH
}

/// What the audit needs.
#[derive(Clone, Copy, Debug)]
pub struct AuditInput<'a> {
    pub window: Window,
    pub members: &'a [Member],
    pub meetings: &'a [Meeting],
    /// Purposes set by hand, by series; they win over the classifier.
    pub overrides: &'a BTreeMap<String, Purpose>,
    /// Precomputed shared tenure by series (0–1); without an entry the members' shared teams
    /// and written history decide (see [`relationship_fraction`]).
    pub shared_tenure: &'a BTreeMap<String, f64>,
    /// Pairs of people (emails, the smaller first) who have worked together in writing — in
    /// the same thread — which counts towards a strong relationship like a shared team does.
    pub written_together: &'a std::collections::BTreeSet<(String, String)>,
    /// Group addresses and their known members: who a group invitation reaches besides the
    /// calendars that hold it.
    pub groups: &'a Groups,
}

/// A sum of loads for a team or the organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Totals {
    /// The team's name, or "organisation".
    pub name: String,
    pub people: usize,
    pub load: Load,
}

/// The audit's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Audit {
    pub window: Window,
    /// One entry per member, in the members' order.
    pub people: Vec<PersonLoad>,
    /// Distinct meetings in the window (all-day events excluded).
    pub meetings: usize,
    /// Length × participants over every meeting, members or not.
    pub person_time: SignedDuration,
    /// The members' loads summed.
    pub organisation: Totals,
    /// The members' loads summed per team, by team name.
    pub teams: Vec<Totals>,
    /// Every recurring series, the highest person-hours first.
    pub series: Vec<SeriesAudit>,
    /// The members' loads summed per week: seven-day steps from the window's start, the last
    /// one cut at the window's end.
    pub weeks: Vec<WeekTotals>,
}

/// The members' loads summed over one week of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct WeekTotals {
    pub window: Window,
    pub load: Load,
}

/// Runs the audit.
pub fn audit(input: &AuditInput<'_>) -> Audit {
    let window = input.window.span();
    let meetings: Vec<InWindow<'_>> = input
        .meetings
        .iter()
        .filter(|m| !m.all_day)
        .filter_map(|meeting| {
            let span = Span::new(meeting.start.as_second(), meeting.end.as_second());
            Some(InWindow {
                meeting,
                span: span.clip(window)?,
                participants: meeting.participants(input.groups),
            })
        })
        .collect();
    let spans_of = spans_by_member(input.members, &meetings);
    let people = people(input.members, &spans_of, window);
    let weeks = weeks(input, &spans_of);
    let teams: series::Teams<'_> = input
        .members
        .iter()
        .map(|m| (m.email.as_str(), m.teams.as_slice()))
        .collect();
    Audit {
        window: input.window,
        meetings: meetings.len(),
        person_time: SignedDuration::from_secs(
            meetings
                .iter()
                .map(|m| m.span.len() * m.participants.len() as i64)
                .sum(),
        ),
        organisation: totals("organisation", people.iter()),
        teams: team_totals(input.members, &people),
        series: series::rank(input, &meetings, &teams),
        people,
        weeks,
    }
}

/// Each member's meetings in the window, by email.
fn spans_by_member<'a>(
    members: &'a [Member],
    meetings: &[InWindow<'_>],
) -> HashMap<&'a str, Vec<Span>> {
    let mut spans_of: HashMap<&str, Vec<Span>> = members
        .iter()
        .map(|m| (m.email.as_str(), Vec::new()))
        .collect();
    for m in meetings {
        for email in &m.participants {
            if let Some(list) = spans_of.get_mut(*email) {
                list.push(m.span);
            }
        }
    }
    spans_of
}

fn people(
    members: &[Member],
    spans_of: &HashMap<&str, Vec<Span>>,
    window: Span,
) -> Vec<PersonLoad> {
    members
        .iter()
        .map(|member| {
            let spans = spans_of
                .get(member.email.as_str())
                .map_or(&[][..], Vec::as_slice);
            load::person_load(member, spans, window)
        })
        .collect()
}

/// The organisation's load week by week. A meeting across a week boundary counts in each
/// week for the part inside it.
fn weeks(input: &AuditInput<'_>, spans_of: &HashMap<&str, Vec<Span>>) -> Vec<WeekTotals> {
    const WEEK: i64 = 7 * 86_400;
    let whole = input.window.span();
    let starts = (whole.start..whole.end).step_by(WEEK as usize);
    starts
        .filter_map(|start| {
            let week = Span::new(start, (start + WEEK).min(whole.end));
            let mut load = Load::default();
            for member in input.members {
                let spans: Vec<Span> = spans_of
                    .get(member.email.as_str())
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.clip(week))
                    .collect();
                load.add(&load::person_load(member, &spans, week).load);
            }
            let window = Window::new(
                Timestamp::from_second(week.start).ok()?,
                Timestamp::from_second(week.end).ok()?,
            )?;
            Some(WeekTotals { window, load })
        })
        .collect()
}

fn totals<'a>(name: &str, people: impl Iterator<Item = &'a PersonLoad>) -> Totals {
    let mut out = Totals {
        name: name.to_owned(),
        people: 0,
        load: Load::default(),
    };
    for person in people {
        out.people += 1;
        out.load.add(&person.load);
    }
    out
}

/// Per-team sums; `people` is in the members' order.
fn team_totals(members: &[Member], people: &[PersonLoad]) -> Vec<Totals> {
    let mut by_team: BTreeMap<&str, Vec<&PersonLoad>> = BTreeMap::new();
    for (member, person) in members.iter().zip(people) {
        for team in &member.teams {
            by_team.entry(team).or_default().push(person);
        }
    }
    by_team
        .into_iter()
        .map(|(team, list)| totals(team, list.into_iter()))
        .collect()
}
