//! The pilot comparison (DESIGN.md §2.6): a baseline period against a pilot period, each
//! metric before and after, per person, per team and for the organisation.
//!
//! The two periods rarely have the same length, so counts and hours are compared per week;
//! a group's figures are per person, so a team that grew between the periods is not read as
//! one that meets more. The share of working time in meetings is a share either way.

use super::{Audit, Load, Window};

/// What the comparison measures, in the order reports list it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    MeetingHours,
    Meetings,
    PersonHours,
    OutsideHoursMeetings,
    FocusBlocks,
    LongBlockDays,
    MeetingShare,
    DeepWorkHours,
}

impl Metric {
    pub const ALL: [Metric; 8] = [
        Metric::MeetingHours,
        Metric::Meetings,
        Metric::PersonHours,
        Metric::OutsideHoursMeetings,
        Metric::FocusBlocks,
        Metric::LongBlockDays,
        Metric::MeetingShare,
        Metric::DeepWorkHours,
    ];

    /// A stable key for JSON, e.g. `meeting_hours_per_week`.
    pub fn key(&self) -> &'static str {
        match self {
            Metric::MeetingHours => "meeting_hours_per_week",
            Metric::Meetings => "meetings_per_week",
            Metric::PersonHours => "person_hours_per_week",
            Metric::OutsideHoursMeetings => "outside_hours_meetings_per_week",
            Metric::FocusBlocks => "focus_blocks_per_week",
            Metric::LongBlockDays => "long_block_days_per_week",
            Metric::MeetingShare => "meeting_share",
            Metric::DeepWorkHours => "deep_work_hours_per_week",
        }
    }

    /// A label for people, e.g. "meeting hours / week".
    pub fn label(&self) -> &'static str {
        match self {
            Metric::MeetingHours => "meeting hours / week",
            Metric::Meetings => "meetings / week",
            Metric::PersonHours => "person-hours / week",
            Metric::OutsideHoursMeetings => "outside-hours meetings / week",
            Metric::FocusBlocks => "focus blocks ≥ 90 min / week",
            Metric::LongBlockDays => "days with a ≥ 3h block / week",
            Metric::MeetingShare => "share of working time in meetings",
            Metric::DeepWorkHours => "deep-work hours / week",
        }
    }

    /// Whether a fall is an improvement (fewer meetings) rather than a rise (more focus).
    pub fn lower_is_better(&self) -> bool {
        !matches!(
            self,
            Metric::FocusBlocks | Metric::LongBlockDays | Metric::DeepWorkHours
        )
    }

    /// The metric of `load`, summed over `people` people in `window`, per person.
    pub fn of(&self, load: &Load, window: Window, people: usize) -> f64 {
        let weeks = window.weeks() * people.max(1) as f64;
        let hours = |d: jiff::SignedDuration| d.as_secs_f64() / 3600.0 / weeks;
        let count = |n: usize| n as f64 / weeks;
        match self {
            Metric::MeetingHours => hours(load.meeting_time),
            Metric::Meetings => count(load.meetings),
            Metric::PersonHours => hours(load.person_time),
            Metric::OutsideHoursMeetings => count(load.outside_hours_meetings),
            Metric::FocusBlocks => count(load.focus_blocks),
            Metric::LongBlockDays => count(load.long_block_days),
            Metric::MeetingShare => load.meeting_share(),
            Metric::DeepWorkHours => hours(load.deep_work),
        }
    }
}

/// Whether a change is for the better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    Better,
    Worse,
    Same,
}

impl Verdict {
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Better => "better",
            Verdict::Worse => "worse",
            Verdict::Same => "same",
        }
    }
}

/// One metric before and after.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change {
    pub metric: Metric,
    pub before: f64,
    pub after: f64,
}

/// Changes smaller than this are "the same": rounding noise, not a result.
const SAME: f64 = 1e-9;

impl Change {
    /// `after − before`.
    pub fn delta(&self) -> f64 {
        self.after - self.before
    }

    /// The change relative to the baseline, `None` when the baseline is zero.
    pub fn relative(&self) -> Option<f64> {
        (self.before.abs() > SAME).then(|| self.delta() / self.before)
    }

    pub fn verdict(&self) -> Verdict {
        let delta = self.delta();
        if delta.abs() <= SAME {
            return Verdict::Same;
        }
        if (delta < 0.0) == self.metric.lower_is_better() {
            Verdict::Better
        } else {
            Verdict::Worse
        }
    }
}

/// Every metric for one person or group.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupChange {
    /// A person's email, a team's name, or "organisation".
    pub key: String,
    /// A person's name; a group's name again.
    pub name: String,
    pub people: usize,
    pub changes: Vec<Change>,
}

/// The whole comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct PilotComparison {
    pub baseline: Window,
    pub pilot: Window,
    pub organisation: GroupChange,
    pub teams: Vec<GroupChange>,
    pub people: Vec<GroupChange>,
}

/// Compares two audits of the same members. People and teams are matched by email and name;
/// those found only in the pilot are compared with an empty baseline.
pub fn compare(baseline: &Audit, pilot: &Audit) -> PilotComparison {
    let windows = (baseline.window, pilot.window);
    let empty = Load::default();
    let people = pilot
        .people
        .iter()
        .map(|p| {
            let before = baseline.people.iter().find(|b| b.email == p.email);
            group(
                (&p.email, &p.name, 1),
                before.map_or(&empty, |b| &b.load),
                &p.load,
                windows,
            )
        })
        .collect();
    let teams = pilot
        .teams
        .iter()
        .map(|t| {
            let before = baseline.teams.iter().find(|b| b.name == t.name);
            let before_people = before.map_or(t.people, |b| b.people);
            group_of_sizes(
                t,
                before.map_or(&empty, |b| &b.load),
                before_people,
                windows,
            )
        })
        .collect();
    let org = &pilot.organisation;
    PilotComparison {
        baseline: baseline.window,
        pilot: pilot.window,
        organisation: group_of_sizes(
            org,
            &baseline.organisation.load,
            baseline.organisation.people,
            windows,
        ),
        teams,
        people,
    }
}

fn group_of_sizes(
    after: &super::Totals,
    before: &Load,
    before_people: usize,
    (baseline, pilot): (Window, Window),
) -> GroupChange {
    GroupChange {
        key: after.name.clone(),
        name: after.name.clone(),
        people: after.people,
        changes: Metric::ALL
            .iter()
            .map(|&metric| Change {
                metric,
                before: metric.of(before, baseline, before_people),
                after: metric.of(&after.load, pilot, after.people),
            })
            .collect(),
    }
}

fn group(
    (key, name, people): (&str, &str, usize),
    before: &Load,
    after: &Load,
    (baseline, pilot): (Window, Window),
) -> GroupChange {
    GroupChange {
        key: key.to_owned(),
        name: name.to_owned(),
        people,
        changes: Metric::ALL
            .iter()
            .map(|&metric| Change {
                metric,
                before: metric.of(before, baseline, people),
                after: metric.of(after, pilot, people),
            })
            .collect(),
    }
}
