//! The meeting gate (DESIGN.md §1 rule 7, §2.6) for meetings registered in Longhand.
//!
//! A meeting that stays needs three things written down 24 hours before it starts — a
//! desired outcome, the agenda and a pre-read — or it is flagged "no agenda, cancel". It is
//! booked for 25 or 50 minutes, so back-to-back meetings leave a break and long ones get split.
//! Attendance is opt-in: the written record is shared with everyone invited, so staying away
//! costs nothing. Once it is over it owes an outcome record — decisions and next steps — and
//! each decision goes to the decision log.
//!
//! Everything here is a function of the meeting's facts, the parsed documents and `now`.
//! Section fills come from the completeness lint ([`crate::lint`]), so "is the pre-read
//! written" means the same thing on the gate as in the editor.

mod hours;
mod record;
#[cfg(test)]
mod tests;

pub use hours::{Clash, LocalTime, SEARCH_DAYS, Suggestion, local_time, nearest_slot};
pub use record::{
    AgendaDraft, Decision, DecisionRecord, RecordSource, agenda_draft, decision_key,
    decision_record, decisions, next_steps,
};

use std::fmt;

use jiff::{SignedDuration, Timestamp};

use crate::lint::{Fill, ParsedDoc, sections_of};
use crate::templates::{SectionSpec, Template};
use crate::workspace::Role;

/// How long before the start the agenda must be complete.
pub const AGENDA_LEAD: SignedDuration = SignedDuration::from_hours(24);
/// The longest meeting that can be registered: a working day.
pub const MAX_MINUTES: u16 = 480;
/// The standard lengths.
pub const SHORT_MINUTES: u16 = 25;
pub const LONG_MINUTES: u16 = 50;
/// The longest meeting title, so "Agenda: …" still fits a document title.
pub const MAX_TITLE_CHARS: usize = 150;

/// The rule behind the length advice, in one sentence for people.
pub const LENGTH_RULE: &str = "Meetings are booked for 25 or 50 minutes — the standard length \
nearest to what you need, 50 at most (shorter calls are fine): a meeting that fills its half \
hour or hour leaves no break before the next one, and one longer than 50 minutes is better \
split or partly written down.";

/// Why a change to a planned meeting is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GateError {
    /// The title is blank or too long.
    Title,
    /// The length in minutes is not within 1..=480.
    Length(i64),
    /// The start is before now.
    StartsInPast,
    /// The meeting has not started yet, so it has no outcome.
    NotStarted,
    /// The meeting is over.
    Over,
    /// The meeting was cancelled.
    Cancelled,
    /// The organiser always attends.
    OrganiserAttends,
    /// The outcome record still lacks these sections.
    OutcomeIncomplete(Vec<OutcomePart>),
}

impl fmt::Display for GateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GateError::Title => write!(
                f,
                "a meeting needs a title of at most {MAX_TITLE_CHARS} characters"
            ),
            GateError::Length(minutes) => write!(
                f,
                "a meeting lasts 1 to {MAX_MINUTES} minutes, not {minutes}; book 25 or 50"
            ),
            GateError::StartsInPast => f.write_str("the start is in the past"),
            GateError::NotStarted => {
                f.write_str("the meeting has not started yet, so it has no outcome to record")
            }
            GateError::Over => f.write_str("the meeting is over"),
            GateError::Cancelled => f.write_str("the meeting was cancelled"),
            GateError::OrganiserAttends => {
                f.write_str("the organiser always attends; cancel the meeting instead")
            }
            GateError::OutcomeIncomplete(parts) => write!(
                f,
                "the outcome record still needs its {} section{}; write {} in the notes first",
                outcome_list(parts),
                if parts.len() == 1 { "" } else { "s" },
                if parts.len() == 1 { "it" } else { "them" }
            ),
        }
    }
}

impl std::error::Error for GateError {}

/// Trims a meeting title and checks its length.
pub fn check_title(title: &str) -> Result<String, GateError> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return Err(GateError::Title);
    }
    Ok(title.to_owned())
}

/// A new meeting must start now or later.
pub fn check_start(start: Timestamp, now: Timestamp) -> Result<(), GateError> {
    if start < now {
        return Err(GateError::StartsInPast);
    }
    Ok(())
}

/// A meeting's length: whole minutes, 1 to [`MAX_MINUTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Length(u16);

/// A better length and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LengthAdvice {
    pub suggested: Length,
    pub why: String,
}

impl Length {
    /// Accepts 1 to 480 minutes.
    pub fn from_minutes(minutes: i64) -> Result<Length, GateError> {
        match u16::try_from(minutes) {
            Ok(m) if (1..=MAX_MINUTES).contains(&m) => Ok(Length(m)),
            _ => Err(GateError::Length(minutes)),
        }
    }

    pub fn minutes(self) -> u16 {
        self.0
    }

    pub fn duration(self) -> SignedDuration {
        SignedDuration::from_mins(i64::from(self.0))
    }

    /// The standard length to book instead, if this is not one ([`LENGTH_RULE`]).
    ///
    /// # Example
    ///
    /// ```
    /// use longhand_domain::meetings::gate::Length;
    ///
    /// let advice = |m| Length::from_minutes(m).unwrap().advice().map(|a| a.suggested.minutes());
    /// assert_eq!((advice(30), advice(60), advice(25), advice(15)), (Some(25), Some(50), None, None));
    /// ```
    pub fn advice(self) -> Option<LengthAdvice> {
        let m = self.0;
        let (suggested, why) = match m {
            0..=SHORT_MINUTES | LONG_MINUTES => return None,
            26..=37 => (
                SHORT_MINUTES,
                format!(
                    "Book 25 minutes, not {m}: it ends {} minutes sooner and leaves a break before the next meeting.",
                    m - SHORT_MINUTES
                ),
            ),
            38..=49 => (
                LONG_MINUTES,
                format!(
                    "Book 50 minutes, not {m}: the standard length nearest to it, which leaves ten minutes of the hour for a break."
                ),
            ),
            _ => (
                LONG_MINUTES,
                format!(
                    "Book 50 minutes, not {m}: longer meetings lose focus. Split the rest into a second session or move it to writing — a pre-read or a follow-up document."
                ),
            ),
        };
        Some(LengthAdvice {
            suggested: Length(suggested),
            why,
        })
    }
}

/// The sections an agenda must have filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgendaPart {
    DesiredOutcome,
    Agenda,
    PreRead,
}

impl AgendaPart {
    pub const ALL: [AgendaPart; 3] = [
        AgendaPart::DesiredOutcome,
        AgendaPart::Agenda,
        AgendaPart::PreRead,
    ];

    /// The section's heading in the meeting-notes template.
    pub fn title(self) -> &'static str {
        match self {
            AgendaPart::DesiredOutcome => "Desired outcome",
            AgendaPart::Agenda => "Agenda",
            AgendaPart::PreRead => "Pre-read",
        }
    }

    fn spec(self) -> SectionSpec {
        SectionSpec::parse(match self {
            AgendaPart::DesiredOutcome => "Desired outcome|Desired outcomes|Outcome",
            AgendaPart::Agenda => "Agenda|Topics",
            AgendaPart::PreRead => "Pre-read|Pre-reading|Pre-reads|Reading",
        })
    }
}

/// The sections an outcome record must have filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutcomePart {
    Decisions,
    NextSteps,
}

impl OutcomePart {
    pub const ALL: [OutcomePart; 2] = [OutcomePart::Decisions, OutcomePart::NextSteps];

    pub fn title(self) -> &'static str {
        match self {
            OutcomePart::Decisions => "Decisions",
            OutcomePart::NextSteps => "Next steps",
        }
    }

    fn spec(self) -> SectionSpec {
        SectionSpec::parse(match self {
            OutcomePart::Decisions => "Decisions|Decision|Decisions made",
            OutcomePart::NextSteps => "Next steps|Action items|Actions|Follow-ups",
        })
    }
}

/// Section titles joined for a sentence: "desired outcome, agenda and pre-read".
fn list(titles: impl IntoIterator<Item = &'static str>) -> String {
    let names: Vec<String> = titles.into_iter().map(str::to_lowercase).collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn agenda_list(parts: &[AgendaPart]) -> String {
    list(parts.iter().map(|p| p.title()))
}

fn outcome_list(parts: &[OutcomePart]) -> String {
    list(parts.iter().map(|p| p.title()))
}

/// The parts whose section is missing, empty or still template guidance.
fn gaps<P: Copy>(
    doc: &ParsedDoc,
    template: Option<&Template>,
    parts: &[P],
    spec: impl Fn(P) -> SectionSpec,
) -> Vec<P> {
    let sections = sections_of(doc, template);
    parts
        .iter()
        .copied()
        .filter(|part| {
            let spec = spec(*part);
            !sections
                .iter()
                .any(|s| s.fill == Fill::Filled && spec.matches(&s.normalized))
        })
        .collect()
}

/// What an agenda document still lacks (empty when it is complete).
pub fn agenda_gaps(doc: &ParsedDoc, template: Option<&Template>) -> Vec<AgendaPart> {
    gaps(doc, template, &AgendaPart::ALL, AgendaPart::spec)
}

/// What an outcome record still lacks (empty when decisions and next steps are written).
pub fn outcome_gaps(doc: &ParsedDoc, template: Option<&Template>) -> Vec<OutcomePart> {
    gaps(doc, template, &OutcomePart::ALL, OutcomePart::spec)
}

/// What the gate knows about one meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub start: Timestamp,
    pub length: Length,
    /// What the agenda still lacks; `None` while no agenda document is linked.
    pub agenda_gaps: Option<Vec<AgendaPart>>,
    /// What the outcome record (the agenda document unless another is linked) still lacks.
    pub outcome_gaps: Vec<OutcomePart>,
    pub outcome_recorded: bool,
    /// The gate flagged the meeting at its cutoff.
    pub flagged: bool,
    pub cancelled: bool,
}

impl Facts {
    pub fn end(&self) -> Timestamp {
        self.start + self.length.duration()
    }

    /// The instant by which the agenda must be complete.
    pub fn cutoff(&self) -> Timestamp {
        self.start - AGENDA_LEAD
    }
}

/// Where a meeting stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// No agenda document yet, and the cutoff is still ahead.
    NeedsAgenda,
    /// The agenda lacks these sections, and the cutoff is still ahead.
    AgendaIncomplete(Vec<AgendaPart>),
    /// The agenda is complete; `late` when it was completed after the meeting was flagged.
    Ready {
        late: bool,
    },
    /// Past the cutoff without a complete agenda: "no agenda, cancel". `None` when there is
    /// no agenda document at all.
    Cancel(Option<Vec<AgendaPart>>),
    /// Over, and the outcome is not recorded; the outcome record lacks these sections.
    OutcomeDue(Vec<OutcomePart>),
    /// Over, outcome recorded, decisions logged.
    Done,
    Cancelled,
}

/// Decides where a meeting stands at `now`.
pub fn gate(facts: &Facts, now: Timestamp) -> Gate {
    if facts.cancelled {
        return Gate::Cancelled;
    }
    if now >= facts.end() {
        return match facts.outcome_recorded {
            true => Gate::Done,
            false => Gate::OutcomeDue(facts.outcome_gaps.clone()),
        };
    }
    match &facts.agenda_gaps {
        Some(gaps) if gaps.is_empty() => Gate::Ready {
            late: facts.flagged,
        },
        gaps if now >= facts.cutoff() => Gate::Cancel(gaps.clone()),
        None => Gate::NeedsAgenda,
        Some(gaps) => Gate::AgendaIncomplete(gaps.clone()),
    }
}

impl Gate {
    /// A stable key for the wire and for CSS.
    pub fn key(&self) -> &'static str {
        match self {
            Gate::NeedsAgenda => "needs_agenda",
            Gate::AgendaIncomplete(_) => "agenda_incomplete",
            Gate::Ready { .. } => "ready",
            Gate::Cancel(_) => "cancel",
            Gate::OutcomeDue(_) => "outcome_due",
            Gate::Done => "done",
            Gate::Cancelled => "cancelled",
        }
    }

    /// The badge people read.
    pub fn label(&self) -> &'static str {
        match self {
            Gate::NeedsAgenda => "needs agenda",
            Gate::AgendaIncomplete(_) => "agenda incomplete",
            Gate::Ready { .. } => "ready",
            Gate::Cancel(_) => "no agenda, cancel",
            Gate::OutcomeDue(_) => "outcome due",
            Gate::Done => "done",
            Gate::Cancelled => "cancelled",
        }
    }

    /// Whether the organiser is expected to act.
    pub fn needs_action(&self) -> bool {
        !matches!(
            self,
            Gate::Ready { late: false } | Gate::Done | Gate::Cancelled
        )
    }

    /// The agenda sections still missing (empty unless the agenda is what is wrong).
    pub fn agenda_missing(&self) -> &[AgendaPart] {
        match self {
            Gate::AgendaIncomplete(gaps) | Gate::Cancel(Some(gaps)) => gaps,
            _ => &[],
        }
    }

    /// The outcome sections still missing.
    pub fn outcome_missing(&self) -> &[OutcomePart] {
        match self {
            Gate::OutcomeDue(gaps) => gaps,
            _ => &[],
        }
    }

    /// Why the meeting stands where it does, in sentences for people.
    pub fn reasons(&self) -> Vec<String> {
        const RULE: &str = "A meeting needs a desired outcome, an agenda and a pre-read 24 hours before it starts; otherwise it is flagged \"no agenda, cancel\".";
        match self {
            Gate::NeedsAgenda => vec!["No agenda document is linked yet.".into(), RULE.into()],
            Gate::AgendaIncomplete(gaps) => {
                vec![format!("The agenda still lacks its {}.", agenda_list(gaps)), RULE.into()]
            }
            Gate::Ready { late: false } => {
                vec!["The agenda has a desired outcome, an agenda and a pre-read.".into()]
            }
            Gate::Ready { late: true } => vec![
                "The agenda is complete now, but it was not 24 hours before the start, so people had less than a day for the pre-read.".into(),
            ],
            Gate::Cancel(None) => vec![
                "There was no agenda 24 hours before the start.".into(),
                "Cancel the meeting, or write the agenda and move the meeting to a day after it is shared.".into(),
            ],
            Gate::Cancel(Some(gaps)) => vec![
                format!("24 hours before the start the agenda still lacked its {}.", agenda_list(gaps)),
                "Cancel the meeting, or finish the agenda and move the meeting to a day after it is shared.".into(),
            ],
            Gate::OutcomeDue(gaps) if gaps.is_empty() => vec![
                "The meeting is over and the notes have decisions and next steps: record the outcome to send the decisions to the decision log.".into(),
            ],
            Gate::OutcomeDue(gaps) => vec![
                "The meeting is over; its outcome record is due.".into(),
                format!("The notes still lack their {}.", outcome_list(gaps)),
            ],
            Gate::Done => vec![
                "The outcome is recorded and its decisions are in the decision log.".into(),
            ],
            Gate::Cancelled => vec!["The organiser cancelled this meeting.".into()],
        }
    }
}

/// Whether someone may opt in or out at `now`.
pub fn check_attendance(facts: &Facts, now: Timestamp, organiser: bool) -> Result<(), GateError> {
    check_open(facts, now)?;
    if organiser {
        return Err(GateError::OrganiserAttends);
    }
    Ok(())
}

/// Whether the meeting still takes changes (an agenda, attendance, cancelling): not
/// cancelled, not over.
pub fn check_open(facts: &Facts, now: Timestamp) -> Result<(), GateError> {
    if facts.cancelled {
        return Err(GateError::Cancelled);
    }
    if now >= facts.end() {
        return Err(GateError::Over);
    }
    Ok(())
}

/// Whether the meeting can have an outcome at `now`: it has started and was not cancelled.
pub fn check_recordable(facts: &Facts, now: Timestamp) -> Result<(), GateError> {
    if facts.cancelled {
        return Err(GateError::Cancelled);
    }
    if now < facts.start {
        return Err(GateError::NotStarted);
    }
    Ok(())
}

/// Whether the outcome can be recorded at `now`: the meeting can have one, and the outcome
/// record has its decisions and next steps.
pub fn check_outcome(facts: &Facts, now: Timestamp) -> Result<(), GateError> {
    check_recordable(facts, now)?;
    if !facts.outcome_gaps.is_empty() {
        return Err(GateError::OutcomeIncomplete(facts.outcome_gaps.clone()));
    }
    Ok(())
}

/// A viewer's relation to one planned meeting, as the application loaded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub role: Role,
    /// Whether the viewer can see the meeting's space (`access::can_view_space`).
    pub space_visible: bool,
    pub organiser: bool,
    /// Invited, or opted in uninvited.
    pub listed: bool,
    pub attending: bool,
}

/// Whether the viewer may see the meeting: everyone who can see its space, and whoever was
/// invited or opted in (so an invitation into a private space still shows the meeting).
pub fn can_see(viewer: Viewer) -> bool {
    viewer.organiser || viewer.listed || viewer.space_visible
}

/// Whether the viewer may link its agenda or cancel it: the organiser, or an admin who can
/// see it.
pub fn can_manage(viewer: Viewer) -> bool {
    viewer.organiser || (viewer.role == Role::Admin && can_see(viewer))
}

/// Whether the viewer may record the outcome: whoever may manage it, and the people who
/// attended (the note-taker is often not the organiser).
pub fn can_record(viewer: Viewer) -> bool {
    can_manage(viewer) || (viewer.attending && can_see(viewer))
}
