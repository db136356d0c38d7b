//! Sync escalation on the wire: the call suggested on a thread or a review round, the calls
//! recorded and their written outcome.

use super::instant;
use longhand_core::ops::sync::{CallView, SuggestionView, SyncView};
use longhand_core::views::sync::SyncPerson;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A person a suggestion or a call names.
#[derive(Debug, Serialize, ToSchema)]
pub struct SyncPersonDto {
    pub handle: String,
    pub name: String,
}

impl From<&SyncPerson> for SyncPersonDto {
    fn from(person: &SyncPerson) -> SyncPersonDto {
        SyncPersonDto {
            handle: person.handle.clone(),
            name: person.name.clone(),
        }
    }
}

/// Sync escalation on a thread or a review round: the open call suggestion and the calls
/// recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct SyncDto {
    /// The open suggestion; none when nothing is suggested, or the thread is resolved or
    /// elevated, or the round decided or revised.
    pub suggestion: Option<CallSuggestionDto>,
    /// The calls recorded on the thread or round, oldest first.
    pub calls: Vec<CallDto>,
}

impl From<SyncView> for SyncDto {
    fn from(view: SyncView) -> SyncDto {
        SyncDto {
            suggestion: view.suggestion.map(CallSuggestionDto::from),
            calls: view.calls.into_iter().map(CallDto::from).collect(),
        }
    }
}

/// A suggestion of a 15-minute call.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallSuggestionDto {
    pub id: i64,
    /// `circles` (a thread going in circles) or `objections` (a review round closed with
    /// blocking objections standing).
    #[schema(example = "circles")]
    pub reason: String,
    #[schema(example = "This thread is going in circles — a 15-minute call may settle it")]
    pub headline: String,
    /// The people the call is suggested for, each with the suggested time on their clock.
    pub people: Vec<SuggestedPersonDto>,
    /// A quarter hour in the next two weeks when all of them work (RFC 3339, UTC); none when
    /// they share no working time then.
    pub suggested_at: Option<String>,
    pub created_at: String,
    /// Whether the caller is one of its people, who may dismiss it or record the call.
    pub can_act: bool,
}

/// Someone a call is suggested for.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestedPersonDto {
    pub handle: String,
    pub name: String,
    #[schema(example = "America/New_York")]
    pub time_zone: String,
    /// The suggested time on this person's wall clock, with its offset.
    #[schema(example = "2026-03-10T09:00:00-04:00")]
    pub suggested_local: Option<String>,
}

impl From<SuggestionView> for CallSuggestionDto {
    fn from(view: SuggestionView) -> CallSuggestionDto {
        let people = view
            .people
            .iter()
            .map(|(person, zone)| SuggestedPersonDto {
                handle: person.handle.clone(),
                name: person.name.clone(),
                time_zone: zone.iana_name().unwrap_or("UTC").to_owned(),
                suggested_local: view.suggested_at.map(|at| {
                    at.to_zoned(zone.clone())
                        .strftime("%Y-%m-%dT%H:%M:%S%:z")
                        .to_string()
                }),
            })
            .collect();
        CallSuggestionDto {
            id: view.record.id,
            reason: view.reason.as_str().to_owned(),
            headline: view.headline.to_owned(),
            people,
            suggested_at: view.suggested_at.map(instant),
            created_at: instant(view.record.created_at),
            can_act: view.can_act,
        }
    }
}

/// A recorded call and its written outcome.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallDto {
    pub id: i64,
    /// When the call was held (RFC 3339, UTC).
    pub held_at: String,
    pub recorded_by: SyncPersonDto,
    /// Who was on the call.
    pub people: Vec<SyncPersonDto>,
    /// Who owes the written outcome.
    pub owner: SyncPersonDto,
    pub note: String,
    pub ask: CallAskDto,
    /// The written outcome, once posted.
    pub outcome: Option<CallOutcomeDto>,
    /// Whether the caller owes the outcome and may post it now.
    pub can_post_outcome: bool,
}

/// The ask for a call's written outcome.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallAskDto {
    pub id: i64,
    /// Who owes the answer now (the owner, unless the ask was handed on).
    pub responder: String,
    /// `open`, `answered`, `declined`, `withdrawn` or `expired`.
    pub state: String,
    /// One business day after the call was recorded, in the responder's calendar.
    pub due_at: Option<String>,
}

/// A call's written outcome.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallOutcomeDto {
    /// As written (Markdown).
    pub text: String,
    pub html: String,
    pub by: Option<SyncPersonDto>,
    pub at: Option<String>,
    /// The thread comment that carries it (on a thread; a round's call keeps it on the call).
    pub comment: Option<i64>,
}

impl From<CallView> for CallDto {
    fn from(view: CallView) -> CallDto {
        let call = view.call;
        let outcome = call.outcome.map(|text| CallOutcomeDto {
            text,
            html: view.outcome_html.unwrap_or_default(),
            by: call.outcome_by.as_ref().map(SyncPersonDto::from),
            at: call.outcome_at.map(instant),
            comment: call.outcome_comment_id,
        });
        CallDto {
            id: call.id,
            held_at: instant(call.held_at),
            recorded_by: SyncPersonDto::from(&call.recorded_by),
            people: call.people.iter().map(SyncPersonDto::from).collect(),
            owner: SyncPersonDto::from(&call.owner),
            note: call.note,
            ask: CallAskDto {
                id: view.ask.id,
                responder: view.ask.responder_handle,
                state: view.ask.state,
                due_at: view.ask.due_at.map(instant),
            },
            outcome,
            can_post_outcome: view.can_post_outcome,
        }
    }
}

/// Recording that a suggested call happened.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCallDto {
    /// When it was held (RFC 3339 with an offset); now when absent. Not in the future.
    #[schema(example = "2026-03-10T14:00:00+01:00")]
    pub held_at: Option<String>,
    /// Handles of the people on the call; the suggestion's people when empty.
    #[serde(default)]
    pub people: Vec<String>,
    /// Who writes the outcome, one of the people on the call; the caller when absent.
    pub owner: Option<String>,
    /// An optional note (plain text, at most 2,000 characters).
    #[serde(default)]
    pub note: String,
}

/// A call's written outcome.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCallOutcomeDto {
    /// What was decided and what happens next (Markdown): posted on the thread, or, for a
    /// review round, stored on the call and shown with the round.
    pub outcome: String,
}
