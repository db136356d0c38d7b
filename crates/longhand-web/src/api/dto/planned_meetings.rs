//! Planned meetings and their gate on the wire.

use super::instant;
use longhand_core::ops::planned_meetings::{DocLink, MeetingView};
use longhand_domain::meetings::gate::{Gate, LENGTH_RULE, LengthAdvice};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A request to register a meeting.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPlannedMeetingDto {
    #[schema(example = "Storage migration go/no-go")]
    pub title: String,
    /// The space the meeting belongs to (its agenda is written there), by slug.
    pub space: String,
    /// When it starts: RFC 3339 with an offset, now or later.
    #[schema(example = "2026-03-12T10:00:00Z")]
    pub start: String,
    /// 1 to 480; 25 or 50 is advised (see `length_advice` in the answer).
    #[schema(example = 25)]
    pub minutes: i64,
    /// Handles of the people invited. Nobody attends until they opt in.
    #[serde(default)]
    pub invited: Vec<String>,
    /// Create the agenda document from the meeting-notes template right away.
    #[serde(default)]
    pub create_agenda: bool,
}

/// Which agenda a meeting gets.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaDto {
    /// An existing meeting-notes document to link; without it, one is created from the
    /// template in the meeting's space.
    pub slug: Option<String>,
}

/// Where the outcome is written.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeDto {
    /// The document with the Decisions and Next steps sections; the agenda document when
    /// absent.
    pub notes: Option<String>,
}

/// A document a meeting links to.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocLinkDto {
    pub slug: String,
    pub title: String,
}

impl From<&DocLink> for DocLinkDto {
    fn from(link: &DocLink) -> DocLinkDto {
        DocLinkDto {
            slug: link.slug.clone(),
            title: link.title.clone(),
        }
    }
}

/// Someone invited, or who opted in uninvited.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingPersonDto {
    pub handle: String,
    pub name: String,
    pub invited: bool,
    pub attending: bool,
}

/// Where the meeting stands on the gate.
#[derive(Debug, Serialize, ToSchema)]
pub struct GateDto {
    /// `needs_agenda`, `agenda_incomplete`, `ready`, `cancel` ("no agenda, cancel"),
    /// `outcome_due`, `done` or `cancelled`.
    pub state: String,
    pub label: String,
    /// Why, in sentences.
    pub reasons: Vec<String>,
    /// Agenda sections still missing: `Desired outcome`, `Agenda`, `Pre-read`.
    pub agenda_missing: Vec<String>,
    /// Outcome sections still missing: `Decisions`, `Next steps`.
    pub outcome_missing: Vec<String>,
    /// When the agenda must be complete: 24 hours before the start (RFC 3339, UTC).
    pub agenda_cutoff: String,
    /// When the gate flagged the meeting "no agenda, cancel".
    pub flagged_at: Option<String>,
    /// Whether the organiser is expected to act.
    pub needs_action: bool,
}

fn gate_dto(view: &MeetingView) -> GateDto {
    let gate: &Gate = &view.gate;
    GateDto {
        state: gate.key().to_owned(),
        label: gate.label().to_owned(),
        reasons: gate.reasons(),
        agenda_missing: gate
            .agenda_missing()
            .iter()
            .map(|p| p.title().to_owned())
            .collect(),
        outcome_missing: gate
            .outcome_missing()
            .iter()
            .map(|p| p.title().to_owned())
            .collect(),
        agenda_cutoff: instant(view.facts.cutoff()),
        flagged_at: view.meeting.flagged_at.map(instant),
        needs_action: gate.needs_action(),
    }
}

/// A better length, and the rule behind it.
#[derive(Debug, Serialize, ToSchema)]
pub struct LengthAdviceDto {
    pub suggested_minutes: u16,
    pub why: String,
    pub rule: String,
}

impl From<&LengthAdvice> for LengthAdviceDto {
    fn from(advice: &LengthAdvice) -> LengthAdviceDto {
        LengthAdviceDto {
            suggested_minutes: advice.suggested.minutes(),
            why: advice.why.clone(),
            rule: LENGTH_RULE.to_owned(),
        }
    }
}

/// What the caller may do with the meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingRightsDto {
    /// Set the agenda, cancel.
    pub can_manage: bool,
    pub can_record_outcome: bool,
    pub can_attend: bool,
}

/// A planned meeting with its gate.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlannedMeetingDto {
    pub id: i64,
    pub title: String,
    pub space: String,
    pub organiser: String,
    /// RFC 3339, UTC.
    pub start: String,
    pub end: String,
    pub minutes: u16,
    /// Present when the length is not 25 or 50 minutes (or shorter).
    pub length_advice: Option<LengthAdviceDto>,
    pub gate: GateDto,
    /// The agenda document, when linked and readable by you.
    pub agenda: Option<DocLinkDto>,
    /// An agenda is linked that you may not read.
    pub agenda_hidden: bool,
    /// The outcome record, once recorded.
    pub outcome: Option<DocLinkDto>,
    pub outcome_recorded_at: Option<String>,
    /// Decision records the outcome produced (accepted `adr` documents).
    pub decisions: Vec<DocLinkDto>,
    pub people: Vec<MeetingPersonDto>,
    /// Handles of the organiser and everyone who opted in.
    pub attendees: Vec<String>,
    /// Whether you attend.
    pub attending: bool,
    pub cancelled_at: Option<String>,
    pub rights: MeetingRightsDto,
}

impl From<MeetingView> for PlannedMeetingDto {
    fn from(view: MeetingView) -> PlannedMeetingDto {
        let m = &view.meeting;
        PlannedMeetingDto {
            id: m.id,
            title: m.title.clone(),
            space: m.space_slug.clone(),
            organiser: m.organiser_handle.clone(),
            start: instant(m.starts_at),
            end: instant(view.end()),
            minutes: view.facts.length.minutes(),
            length_advice: view.advice.as_ref().map(LengthAdviceDto::from),
            gate: gate_dto(&view),
            agenda: view.agenda.as_ref().map(DocLinkDto::from),
            agenda_hidden: view.agenda_hidden,
            outcome: view.outcome.as_ref().map(DocLinkDto::from),
            outcome_recorded_at: m.outcome_recorded_at.map(instant),
            decisions: view.decisions.iter().map(DocLinkDto::from).collect(),
            people: view
                .people
                .iter()
                .map(|p| MeetingPersonDto {
                    handle: p.handle.clone(),
                    name: p.name.clone(),
                    invited: p.invited,
                    attending: p.attending,
                })
                .collect(),
            attendees: view.attendees(),
            attending: view.viewer_attending,
            cancelled_at: m.cancelled_at.map(instant),
            rights: MeetingRightsDto {
                can_manage: view.rights.can_manage,
                can_record_outcome: view.rights.can_record,
                can_attend: view.rights.can_attend,
            },
        }
    }
}
