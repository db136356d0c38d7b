//! Sync escalation on a page: the call suggestion's banner with a suggested time in the
//! reader's zone (and each person's), its "Record a call" form and "Dismiss", the calls
//! recorded with their outcome (and the form for the person who owes it) — the rows of
//! `templates/sync/escalation.html`, which the thread page and a round in the document's
//! Review section (`reviews/sync.rs`) both include — and the thread page's handlers behind
//! those forms.

use super::back_with_error;
use crate::error::PageError;
use crate::{AppState, Viewer};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use longhand_core::ops::sync::{
    self, CallInput, CallView, HeldAt, Subject, SuggestionView, SyncView,
};
use longhand_core::ops::{OpError, invalid};
use longhand_core::views::sync::SyncPerson;
use longhand_core::wording::{when, zone_time};
use longhand_domain::asks::AskState;
use longhand_domain::names::Handle;
use serde::Deserialize;

/// The banner of an open suggestion, as one reader sees it.
pub(crate) struct SuggestionRow {
    pub(crate) headline: &'static str,
    /// "Ana Tester and Ben Tester".
    pub(crate) names: String,
    /// The suggested time in the reader's zone.
    pub(crate) when: Option<String>,
    /// The suggested time on each other person's clock ("Tue 10 Mar 09:00 for Ben Tester,
    /// New York time").
    pub(crate) locals: Vec<String>,
    pub(crate) can_act: bool,
    /// The people, as the form's default ("ana, ben").
    pub(crate) handles: String,
    /// Now on the reader's wall clock, the latest a call can have been held.
    pub(crate) now_local: String,
}

/// A recorded call, as one reader sees it.
pub(crate) struct CallRow {
    pub(crate) id: i64,
    pub(crate) held: String,
    pub(crate) recorded_by: String,
    pub(crate) people: String,
    pub(crate) note: String,
    /// Who owes the outcome now (the ask's responder).
    pub(crate) responder: String,
    pub(crate) ask_id: i64,
    pub(crate) ask_open: bool,
    /// When the outcome is due, in the reader's zone.
    pub(crate) due: Option<String>,
    pub(crate) outcome_html: Option<String>,
    /// "Ana Tester, Wed 11 Mar 10:00".
    pub(crate) outcome_by: String,
    pub(crate) outcome_comment: Option<i64>,
    pub(crate) can_post: bool,
}

/// The banner and the calls, for the page.
pub(crate) struct SyncRows {
    pub(crate) suggestion: Option<SuggestionRow>,
    pub(crate) calls: Vec<CallRow>,
    /// Where the forms post: `/threads/12/sync`, `/docs/rfc/rounds/1/sync`.
    pub(crate) action: String,
    /// What the sections' ids start with, so a page can hold several: "" on a thread,
    /// `round-1-` in a Review section.
    pub(crate) key: String,
    /// Shown inside another panel (a round's), with smaller headings.
    pub(crate) nested: bool,
}

impl SyncRows {
    /// The comments that carry a call's outcome.
    pub(crate) fn outcome_comments(&self) -> Vec<i64> {
        self.calls
            .iter()
            .filter_map(|c| c.outcome_comment)
            .collect()
    }
}

/// Sync escalation on a thread for its page.
pub(crate) async fn rows(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    zone: &TimeZone,
) -> Result<SyncRows, OpError> {
    let view: SyncView = sync::get(&state.app, &viewer.actor, Subject::Thread(id)).await?;
    let mut rows = rows_of(view, viewer, zone, state.app.now());
    rows.action = format!("/threads/{id}/sync");
    Ok(rows)
}

/// The rows of a subject's escalation for a reader in `zone`; the caller says where its forms
/// post.
pub(crate) fn rows_of(
    view: SyncView,
    viewer: &Viewer,
    zone: &TimeZone,
    now: Timestamp,
) -> SyncRows {
    SyncRows {
        suggestion: view
            .suggestion
            .map(|s| suggestion_row(s, viewer, zone, now)),
        calls: view.calls.into_iter().map(|c| call_row(c, zone)).collect(),
        action: String::new(),
        key: String::new(),
        nested: false,
    }
}

fn suggestion_row(
    view: SuggestionView,
    viewer: &Viewer,
    zone: &TimeZone,
    now: Timestamp,
) -> SuggestionRow {
    let people: Vec<&SyncPerson> = view.people.iter().map(|(p, _)| p).collect();
    let locals = match view.suggested_at {
        Some(at) => view
            .people
            .iter()
            .filter(|(p, _)| p.member_id != viewer.actor.id)
            .map(|(p, their)| format!("{} for {}, {}", when(at, their), p.name, zone_time(their)))
            .collect(),
        None => Vec::new(),
    };
    SuggestionRow {
        headline: view.headline,
        names: names(&people),
        when: view
            .suggested_at
            .map(|at| format!("{}, {}", when(at, zone), zone_time(zone))),
        locals,
        can_act: view.can_act,
        handles: people
            .iter()
            .map(|p| p.handle.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        now_local: now
            .to_zoned(zone.clone())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string(),
    }
}

/// "Ana", "Ana and Ben", "Ana, Ben and Cy".
fn names(people: &[&SyncPerson]) -> String {
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_owned(),
        None => String::new(),
    }
}

fn call_row(view: CallView, zone: &TimeZone) -> CallRow {
    let call = view.call;
    let people: Vec<&SyncPerson> = call.people.iter().collect();
    let outcome_by = match (&call.outcome_by, call.outcome_at) {
        (Some(by), Some(at)) => format!("{}, {}", by.name, when(at, zone)),
        _ => String::new(),
    };
    CallRow {
        id: call.id,
        held: when(call.held_at, zone),
        recorded_by: call.recorded_by.name.clone(),
        people: names(&people),
        note: call.note.clone(),
        responder: view.ask.responder_name.clone(),
        ask_id: view.ask.id,
        ask_open: view.ask.state == AskState::Open.as_str(),
        due: view.ask.due_at.map(|at| when(at, zone)),
        outcome_html: view.outcome_html,
        outcome_by,
        outcome_comment: call.outcome_comment_id,
        can_post: view.can_post_outcome,
    }
}

/// POST /threads/{id}/sync/dismiss
pub(crate) async fn dismiss(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    match sync::dismiss(&state.app, &viewer.actor, Subject::Thread(id)).await {
        Ok(_) => Ok(Redirect::to(&format!("/threads/{id}")).into_response()),
        Err(err @ (OpError::Conflict(_) | OpError::Forbidden(_))) => Ok(back_with_error(id, &err)),
        Err(err) => Err(err.into()),
    }
}

/// The "Record a call" form.
#[derive(Debug, Deserialize)]
pub(crate) struct CallForm {
    /// A local date and time (`2026-03-10T14:00`) in the reader's zone; now when empty.
    #[serde(default)]
    held_at: String,
    /// "ana, ben"; the suggestion's people when empty.
    #[serde(default)]
    people: String,
    /// The handle of who writes the outcome; the recorder when empty.
    #[serde(default)]
    owner: String,
    #[serde(default)]
    note: String,
}

/// What the "Record a call" form says, checked.
pub(crate) fn call_input(form: CallForm) -> Result<CallInput, OpError> {
    let held_at = match form.held_at.trim() {
        "" => None,
        raw => Some(HeldAt::Local(raw.parse().map_err(|_| {
            invalid(format!(
                "the call's time should be a date and time like 2026-03-10 14:00, not \"{raw}\""
            ))
        })?)),
    };
    let people = form
        .people
        .split([',', ' '])
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(|h| Handle::parse(h).map_err(invalid))
        .collect::<Result<Vec<_>, _>>()?;
    let owner = match form.owner.trim() {
        "" => None,
        raw => Some(Handle::parse(raw).map_err(invalid)?),
    };
    Ok(CallInput {
        held_at,
        people,
        owner,
        note: form.note,
    })
}

/// POST /threads/{id}/sync/calls
pub(crate) async fn record_call(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<CallForm>,
) -> Result<Response, PageError> {
    let recorded = match call_input(form) {
        Ok(input) => sync::record_call(&state.app, &viewer.actor, Subject::Thread(id), input).await,
        Err(err) => Err(err),
    };
    match recorded {
        Ok(call) => {
            Ok(Redirect::to(&format!("/threads/{id}#call-{}", call.call.id)).into_response())
        }
        Err(err @ (OpError::Invalid(_) | OpError::Conflict(_) | OpError::Forbidden(_))) => {
            Ok(back_with_error(id, &err))
        }
        Err(err) => Err(err.into()),
    }
}

/// The outcome form.
#[derive(Debug, Deserialize)]
pub(crate) struct OutcomeForm {
    #[serde(default)]
    pub(crate) outcome: String,
}

/// POST /threads/{id}/sync/calls/{call}/outcome
pub(crate) async fn post_outcome(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, call)): Path<(i64, i64)>,
    Form(form): Form<OutcomeForm>,
) -> Result<Response, PageError> {
    let subject = Subject::Thread(id);
    match sync::post_outcome(&state.app, &viewer.actor, subject, call, &form.outcome).await {
        Ok(view) => {
            let anchor = view
                .call
                .outcome_comment_id
                .map_or(format!("call-{call}"), |c| format!("c{c}"));
            Ok(Redirect::to(&format!("/threads/{id}#{anchor}")).into_response())
        }
        Err(err @ (OpError::Invalid(_) | OpError::Conflict(_) | OpError::Forbidden(_))) => {
            Ok(back_with_error(id, &err))
        }
        Err(err) => Err(err.into()),
    }
}
