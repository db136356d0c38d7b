//! Ask pages: the inbox, a new ask, one ask with its clock, and notifications.

use super::error::PageError;
use super::members::Notice;
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response as HttpResponse};
use jiff::SignedDuration;
use jiff::tz::TimeZone;
use longhand_core::ops::asks::away::{away_note, own_away_note, routing_note};
use longhand_core::ops::asks::{AskView, InboxCounts, NeededBy, NewAskInput, Recipient, Response};
use longhand_core::ops::paging::ListPage;
use longhand_core::ops::{self, OpError};
use longhand_core::wording::when;
use longhand_domain::asks::{AskKind, AskState, Charter, ClockState};
use longhand_domain::names::Handle;
use serde::Deserialize;

/// One ask as a row: the viewer's side and the other party's.
pub(crate) struct AskRow {
    id: i64,
    title: String,
    kind: String,
    urgency: String,
    target: String,
    team: Option<String>,
    direction: &'static str,
    other_handle: String,
    other_name: String,
    other_first: String,
    responder_is_viewer: bool,
    asker_is_viewer: bool,
    open: bool,
    clock: Option<&'static str>,
    clock_class: &'static str,
    due_viewer: Option<String>,
    due_other: String,
    remaining: String,
    closed_note: String,
    /// While open: when the asker needs it by, in the viewer's time.
    needed_by: Option<String>,
    needed_sooner: bool,
    /// While open: the responder is on time off.
    away: Option<String>,
}

/// "3h 30m left" or "overdue by 1h" in business time.
fn remaining_text(remaining: SignedDuration) -> String {
    let minutes = remaining.as_secs().abs() / 60;
    let amount = match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    };
    if remaining.is_negative() {
        format!("overdue by {amount}")
    } else {
        format!("{amount} left")
    }
}

fn clock_badge(state: ClockState) -> (&'static str, &'static str) {
    match state {
        ClockState::OnTrack => ("on track", "badge-ontrack"),
        ClockState::AtRisk => ("at risk", "badge-atrisk"),
        ClockState::Breached => ("overdue", "badge-breached"),
    }
}

fn first_name(name: &str) -> String {
    name.split_whitespace().next().unwrap_or(name).to_owned()
}

pub(crate) fn row(view: &AskView, viewer: &Viewer, viewer_zone: &TimeZone) -> AskRow {
    let a = &view.ask;
    let responder_is_viewer = a.responder_id == viewer.actor.id;
    let (direction, other_handle, other_name, other_zone) = if responder_is_viewer {
        (
            "from",
            &a.asker_handle,
            &a.asker_name,
            view.asker_calendar.time_zone(),
        )
    } else {
        (
            "to",
            &a.responder_handle,
            &a.responder_name,
            view.responder_calendar.time_zone(),
        )
    };
    let open = view.state == AskState::Open;
    let due = view.clock.filter(|_| open).map(|c| c.due_at);
    let (clock, clock_class) = view
        .clock_state
        .map(clock_badge)
        .map_or((None, ""), |(label, class)| (Some(label), class));
    let closed_note = match (view.state, a.responded_at) {
        (AskState::Open, _) => "no clock (for your information)".to_owned(),
        (state, Some(at)) => format!("{} {}", state.as_str(), when(at, viewer_zone)),
        (state, None) => state.as_str().to_owned(),
    };
    AskRow {
        id: a.id,
        title: a.title.clone(),
        kind: a.kind.clone(),
        urgency: a.urgency.clone(),
        target: a.target.clone(),
        team: a.team_slug.clone(),
        direction,
        other_handle: other_handle.clone(),
        other_name: other_name.clone(),
        other_first: first_name(other_name),
        responder_is_viewer,
        asker_is_viewer: a.asker_id == viewer.actor.id,
        open,
        clock,
        clock_class,
        due_viewer: due.map(|d| when(d, viewer_zone)),
        due_other: due.map(|d| when(d, other_zone)).unwrap_or_default(),
        remaining: view.remaining.map(remaining_text).unwrap_or_default(),
        closed_note,
        needed_by: a.needed_by.filter(|_| open).map(|n| when(n, viewer_zone)),
        needed_sooner: view.needed_sooner,
        away: if responder_is_viewer {
            own_away_note(view)
        } else {
            away_note(view)
        },
    }
}

pub(crate) async fn viewer_zone(state: &AppState, viewer: &Viewer) -> Result<TimeZone, OpError> {
    Ok(ops::members::me(&state.app, &viewer.actor)
        .await?
        .calendar
        .time_zone()
        .clone())
}

#[derive(Template)]
#[template(path = "asks/inbox.html")]
struct InboxPage {
    chrome: Chrome,
    mine: Vec<AskRow>,
    theirs: Vec<AskRow>,
    closed: Vec<AskRow>,
    counts: InboxCounts,
    page: i64,
    pages: i64,
    /// Asks of each list on later pages.
    mine_more: i64,
    theirs_more: i64,
}

/// `?page=N` as typed; anything but a whole number from 1 is refused with a readable page.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct InboxParams {
    #[serde(default)]
    page: String,
}

impl InboxParams {
    fn page(&self) -> Result<ListPage, OpError> {
        ListPage::from_text(&self.page, ListPage::PER_PAGE)
    }
}

/// GET /inbox
pub(crate) async fn inbox(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(notice): Query<Notice>,
    Query(params): Query<InboxParams>,
) -> Result<HttpResponse, PageError> {
    let page = params.page()?;
    let zone = viewer_zone(&state, &viewer).await?;
    let inbox = ops::asks::inbox(&state.app, &viewer.actor, page).await?;
    let rows = |views: &[AskView]| views.iter().map(|v| row(v, &viewer, &zone)).collect();
    let page = InboxPage {
        chrome: Chrome::for_viewer(&viewer, "Inbox", "inbox").with_notice(notice.code()),
        mine: rows(&inbox.waiting_on_me),
        theirs: rows(&inbox.waiting_on_others),
        closed: rows(&inbox.recently_closed),
        counts: inbox.counts,
        page: inbox.page.page,
        pages: inbox.pages(),
        mine_more: inbox.after_this_page(inbox.counts.waiting_on_me),
        theirs_more: inbox.after_this_page(inbox.counts.waiting_on_others),
    };
    Ok(render(&page))
}

/// The new-ask form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AskForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    urgency: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    subject: String,
    /// A local date and time in the asker's zone (`datetime-local`), or empty.
    #[serde(default)]
    needed_by: String,
}

#[derive(Template)]
#[template(path = "asks/new.html")]
struct NewPage {
    chrome: Chrome,
    error: Option<String>,
    form: AskForm,
    recipients: Vec<String>,
    kinds: Vec<(&'static str, &'static str, bool)>,
    urgencies: Vec<(String, String, bool)>,
    urgent_definition: String,
    /// The asker's zone, in which the needed-by is read.
    zone: String,
    /// Now in the asker's zone, the earliest needed-by the picker offers.
    now_local: String,
}

const KIND_LABELS: [(AskKind, &str); 5] = [
    (AskKind::Review, "A review"),
    (AskKind::Approve, "An approval"),
    (AskKind::Input, "Input"),
    (AskKind::Answer, "An answer"),
    (AskKind::Fyi, "Nothing — for your information"),
];

async fn new_page(
    state: &AppState,
    viewer: &Viewer,
    form: AskForm,
    error: Option<String>,
) -> Result<HttpResponse, PageError> {
    let people = ops::members::list(&state.app, &viewer.actor).await?;
    let teams = ops::teams::list(&state.app, &viewer.actor).await?;
    let mut recipients: Vec<String> = people
        .iter()
        .filter(|p| p.record.active && p.record.id != viewer.actor.id)
        .map(|p| p.record.handle.clone())
        .collect();
    recipients.extend(teams.iter().map(|t| format!("team:{}", t.team.slug)));
    let zone = viewer_zone(state, viewer).await?;
    let now_local = state
        .app
        .now()
        .to_zoned(zone.clone())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    let charter = Charter::standard();
    let chosen_urgency = if form.urgency.is_empty() {
        "normal".to_owned()
    } else {
        form.urgency.clone()
    };
    let page = NewPage {
        chrome: Chrome::for_viewer(viewer, "Ask someone", "inbox"),
        error,
        kinds: KIND_LABELS
            .iter()
            .map(|(k, label)| (k.as_str(), *label, k.as_str() == form.kind))
            .collect(),
        urgencies: charter
            .levels()
            .iter()
            .map(|l| {
                (
                    l.key.clone(),
                    format!("{} — {}", l.name, l.target),
                    l.key == chosen_urgency,
                )
            })
            .collect(),
        urgent_definition: charter.urgent_definition().to_owned(),
        zone: zone.iana_name().unwrap_or("UTC").to_owned(),
        now_local,
        form,
        recipients,
    };
    Ok(render(&page))
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ToQuery {
    #[serde(default)]
    to: String,
    /// Prefills "About", e.g. from a document's "Ask for a review".
    #[serde(default)]
    subject: String,
    #[serde(default)]
    kind: String,
}

/// GET /asks/new
pub(crate) async fn new_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<ToQuery>,
) -> Result<HttpResponse, PageError> {
    new_page(
        &state,
        &viewer,
        AskForm {
            to: query.to,
            subject: query.subject,
            kind: query.kind,
            ..AskForm::default()
        },
        None,
    )
    .await
}

fn parse_ask(form: &AskForm) -> Result<NewAskInput, OpError> {
    let subject = form.subject.trim();
    Ok(NewAskInput {
        to: Recipient::parse(&form.to)?,
        kind: AskKind::parse(&form.kind).map_err(ops::invalid)?,
        urgency: form.urgency.clone(),
        title: form.title.clone(),
        body: form.body.clone(),
        subject: (!subject.is_empty()).then(|| subject.to_owned()),
    })
}

/// The form's needed-by: empty, or a local date and time (`2026-03-12T17:00`).
fn parse_needed_by(raw: &str) -> Result<Option<NeededBy>, OpError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<jiff::civil::DateTime>()
        .map(|local| Some(NeededBy::Local(local)))
        .map_err(|_| {
            ops::invalid(format!(
                "\"needed by\" should be a date and time like 2026-03-12 17:00, not \"{raw}\""
            ))
        })
}

/// POST /asks
pub(crate) async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<AskForm>,
) -> Result<HttpResponse, PageError> {
    let result = match (parse_ask(&form), parse_needed_by(&form.needed_by)) {
        (Ok(input), Ok(needed_by)) => {
            ops::asks::create_needed_by(&state.app, &viewer.actor, input, needed_by).await
        }
        (Err(err), _) | (_, Err(err)) => Err(err),
    };
    match result {
        Ok(view) => Ok(Redirect::to(&format!("/asks/{}", view.ask.id)).into_response()),
        // A conflict is the team's state (a charter saved under older rules): the form stays
        // filled in, with the message saying who can fix it.
        Err(
            err @ (OpError::Invalid(_)
            | OpError::NotFound(_)
            | OpError::Forbidden(_)
            | OpError::Conflict(_)),
        ) => {
            let status = super::error::classify(&err).0;
            Ok((
                status,
                new_page(&state, &viewer, form, Some(err.to_string())).await?,
            )
                .into_response())
        }
        Err(err) => Err(err.into()),
    }
}

#[derive(Template)]
#[template(path = "asks/detail.html")]
struct DetailPage {
    chrome: Chrome,
    row: AskRow,
    state: &'static str,
    asker_name: String,
    responder_name: String,
    created: String,
    body: String,
    subject: Option<String>,
    /// The document the subject names, as (slug), when it names one.
    subject_doc: Option<String>,
    /// The thread the subject links to, when it is a thread's link.
    subject_thread: Option<i64>,
    response: Option<String>,
    responded: Option<String>,
    comment: Option<String>,
    remind: Option<String>,
    handles: Vec<String>,
    error: Option<String>,
    /// The needed-by in the other party's time.
    needed_by_other: Option<String>,
    routing: Option<String>,
    /// While the responder is away: who would answer soonest, and by when (viewer's time).
    suggestion: Option<(String, String, String)>,
}

async fn detail_page(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    error: Option<String>,
) -> Result<HttpResponse, PageError> {
    let zone = viewer_zone(state, viewer).await?;
    let view = ops::asks::get(&state.app, &viewer.actor, id).await?;
    let people = ops::members::list(&state.app, &viewer.actor).await?;
    let open = view.state == AskState::Open;
    let page = DetailPage {
        chrome: Chrome::for_viewer(viewer, view.ask.title.clone(), "inbox"),
        row: row(&view, viewer, &zone),
        state: view.state.as_str(),
        asker_name: view.ask.asker_name.clone(),
        responder_name: view.ask.responder_name.clone(),
        created: when(view.ask.created_at, &zone),
        body: view.ask.body.clone(),
        subject: view.ask.subject.clone(),
        subject_doc: view
            .ask
            .subject
            .as_deref()
            .and_then(ops::asks::subject_slug)
            .filter(|slug| view.ask.subject.as_deref() == Some(slug.as_str())),
        subject_thread: view
            .ask
            .subject
            .as_deref()
            .and_then(ops::asks::subject_thread),
        response: view.ask.response.clone(),
        responded: view.ask.responded_at.map(|t| when(t, &zone)),
        comment: view.ask.comment.clone(),
        remind: view
            .clock
            .filter(|_| open)
            .map(|c| when(c.remind_at, &zone)),
        handles: people
            .into_iter()
            .filter(|p| p.record.active)
            .map(|p| p.record.handle)
            .collect(),
        error,
        needed_by_other: needed_by_other(&view, viewer),
        routing: routing_note(&view.ask),
        suggestion: view
            .suggestion
            .as_ref()
            .map(|s| (s.handle.clone(), s.name.clone(), when(s.due_at, &zone))),
    };
    Ok(render(&page))
}

fn needed_by_other(view: &AskView, viewer: &Viewer) -> Option<String> {
    let other = if view.ask.responder_id == viewer.actor.id {
        &view.asker_calendar
    } else {
        &view.responder_calendar
    };
    let open = view.state == AskState::Open;
    view.ask
        .needed_by
        .filter(|_| open)
        .map(|n| when(n, other.time_zone()))
}

/// GET /asks/{id}
pub(crate) async fn detail(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<HttpResponse, PageError> {
    detail_page(&state, &viewer, id, None).await
}

async fn after(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    result: Result<AskView, OpError>,
) -> Result<HttpResponse, PageError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/asks/{id}")).into_response()),
        Err(err @ (OpError::Invalid(_) | OpError::Conflict(_) | OpError::Forbidden(_))) => {
            let status: StatusCode = super::error::classify(&err).0;
            Ok((
                status,
                detail_page(state, viewer, id, Some(err.to_string())).await?,
            )
                .into_response())
        }
        Err(err) => Err(err.into()),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct RespondForm {
    #[serde(default)]
    response: String,
    #[serde(default)]
    comment: String,
}

/// POST /asks/{id}/respond
pub(crate) async fn respond(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<RespondForm>,
) -> Result<HttpResponse, PageError> {
    let result = match Response::parse(&form.response) {
        Ok(response) => {
            ops::asks::respond(&state.app, &viewer.actor, id, response, Some(form.comment)).await
        }
        Err(err) => Err(err),
    };
    after(&state, &viewer, id, result).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct ReassignForm {
    #[serde(default)]
    to: String,
}

/// POST /asks/{id}/reassign
pub(crate) async fn reassign(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<ReassignForm>,
) -> Result<HttpResponse, PageError> {
    let result = match Handle::parse(&form.to) {
        Ok(to) => ops::asks::reassign(&state.app, &viewer.actor, id, &to).await,
        Err(err) => Err(ops::invalid(err)),
    };
    after(&state, &viewer, id, result).await
}

/// POST /asks/{id}/withdraw
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<HttpResponse, PageError> {
    let result = ops::asks::withdraw(&state.app, &viewer.actor, id).await;
    after(&state, &viewer, id, result).await
}

pub(crate) struct NotificationRow {
    id: i64,
    title: String,
    body: String,
    at: String,
    unread: bool,
    urgent: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    chrome: Chrome,
    items: Vec<NotificationRow>,
    snoozed: Vec<NotificationRow>,
    unread: i64,
}

/// GET /notifications
pub(crate) async fn notifications(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(notice): Query<Notice>,
) -> Result<HttpResponse, PageError> {
    let zone = viewer_zone(&state, &viewer).await?;
    let (items, unread) = ops::notifications::list(&state.app, &viewer.actor).await?;
    let snoozed = ops::notifications::snoozed(&state.app, &viewer.actor).await?;
    let row = |n: longhand_core::views::notifications::NotificationRecord, at| NotificationRow {
        id: n.id,
        title: n.title,
        body: n.body,
        at: when(at, &zone),
        unread: n.read_at.is_none(),
        urgent: n.urgency != "normal",
    };
    let items = items
        .into_iter()
        .map(|n| {
            let at = n.created_at;
            row(n, at)
        })
        .collect();
    let snoozed = snoozed
        .into_iter()
        .map(|n| {
            let at = n.snoozed_until.unwrap_or(n.created_at);
            row(n, at)
        })
        .collect();
    Ok(render(&NotificationsPage {
        chrome: Chrome::for_viewer(&viewer, "Notifications", "notifications")
            .with_notice(notice.code()),
        items,
        snoozed,
        unread,
    }))
}

/// POST /notifications/read
pub(crate) async fn mark_read(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<HttpResponse, PageError> {
    ops::notifications::mark_all_read(&state.app, &viewer.actor).await?;
    Ok(Redirect::to("/notifications").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remaining_time_reads_naturally() {
        assert_eq!(
            remaining_text(SignedDuration::from_mins(210)),
            "3h 30m left"
        );
        assert_eq!(remaining_text(SignedDuration::from_mins(45)), "45m left");
        assert_eq!(
            remaining_text(SignedDuration::from_hours(-2)),
            "overdue by 2h"
        );
    }
}
