//! Planned meetings and their gate on the wire.

use super::instant;
use longhand_core::ops::planned_meetings::{
    DocLink, HoursCheck, MeetingView, PersonTime, SlotHint,
};
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
    /// Everyone's local time for the meeting (the organiser first), with a mark for whoever
    /// it does not suit, and the nearest time that suits everyone.
    #[serde(flatten)]
    pub hours: HoursCheckDto,
}

/// A meeting to check against people's hours before registering it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlannedMeetingCheckDto {
    /// When it would start: RFC 3339 with an offset, now or later.
    #[schema(example = "2026-03-12T07:30:00Z")]
    pub start: String,
    #[schema(example = 50)]
    pub minutes: i64,
    /// Handles of the people to invite.
    #[serde(default)]
    pub invited: Vec<String>,
}

/// One person's local time for a meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct LocalTimeDto {
    pub handle: String,
    pub name: String,
    /// IANA zone name.
    #[schema(example = "Europe/Lisbon")]
    pub zone: String,
    pub organiser: bool,
    /// The start on their clock, RFC 3339 with their offset.
    #[schema(example = "2026-03-12T07:30:00+00:00")]
    pub local_start: String,
    pub local_end: String,
    /// Whether the meeting is inside their working hours and outside their focus blocks.
    pub fits: bool,
    /// Why it does not fit: `before_hours`, `between_hours`, `after_hours`, `past_hours`,
    /// `day_off`, `holiday`, `time_off` or `focus`.
    pub outside: Option<String>,
    /// The same in a sentence: "Ana — 07:30 Thu in Lisbon, before their hours (09:00–17:00)".
    pub warning: Option<String>,
}

impl From<&PersonTime> for LocalTimeDto {
    fn from(p: &PersonTime) -> LocalTimeDto {
        LocalTimeDto {
            handle: p.handle.clone(),
            name: p.name.clone(),
            zone: p.zone.clone(),
            organiser: p.organiser,
            local_start: p
                .local
                .start
                .timestamp()
                .display_with_offset(p.local.start.offset())
                .to_string(),
            local_end: p
                .local
                .end
                .timestamp()
                .display_with_offset(p.local.end.offset())
                .to_string(),
            fits: p.local.clash.is_none(),
            outside: p.local.clash.as_ref().map(|c| c.key().to_owned()),
            warning: p.warning(),
        }
    }
}

/// The nearest time that suits everyone, or who has no overlap.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotSuggestionDto {
    /// The suggested start (RFC 3339, UTC), same length, on a quarter hour; absent when no
    /// time suits everyone.
    pub start: Option<String>,
    /// Handles of the people who share no working time with the rest, when there is no slot.
    pub no_overlap: Vec<String>,
    pub text: String,
}

/// Everyone's local time, the warnings and the suggestion.
#[derive(Debug, Serialize, ToSchema)]
pub struct HoursCheckDto {
    pub local_times: Vec<LocalTimeDto>,
    /// One sentence per person the time does not suit.
    pub hours_warnings: Vec<String>,
    /// Present when the time does not suit someone and the meeting can still move.
    pub suggestion: Option<SlotSuggestionDto>,
}

impl From<&HoursCheck> for HoursCheckDto {
    fn from(check: &HoursCheck) -> HoursCheckDto {
        HoursCheckDto {
            local_times: check.people.iter().map(LocalTimeDto::from).collect(),
            hours_warnings: check.warnings(),
            suggestion: check.suggestion.as_ref().map(suggestion_dto),
        }
    }
}

fn suggestion_dto(hint: &SlotHint) -> SlotSuggestionDto {
    match hint {
        SlotHint::At(at) => SlotSuggestionDto {
            start: Some(instant(*at)),
            no_overlap: Vec::new(),
            text: format!(
                "The nearest time that suits everyone starts at {}.",
                instant(*at)
            ),
        },
        SlotHint::NoCommonSlot(people) => SlotSuggestionDto {
            start: None,
            no_overlap: people.iter().map(|p| p.handle.clone()).collect(),
            text: SlotHint::none_text(people),
        },
    }
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
            hours: HoursCheckDto::from(&view.hours),
        }
    }
}
