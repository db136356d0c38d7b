//! Planned-meeting pages: the list with gate badges and the register form (with the 25/50
//! advice live as the length is typed), and one meeting with its gate, agenda, attendance and
//! outcome. Times are shown in the viewer's zone.

use super::asks::viewer_zone;
use super::error::{PageError, classify};
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::tz::TimeZone;
use longhand_core::ops::planned_meetings::{
    self as meetings, AgendaChoice, MeetingView, NewMeetingInput, PersonTime, SlotHint, Start,
};
use longhand_core::ops::{self, OpError};
use longhand_core::wording::when;
use longhand_domain::meetings::gate::{Gate, LENGTH_RULE};
use longhand_domain::names::Handle;
use serde::Deserialize;

/// CSS class of a gate badge.
fn badge_class(gate: &Gate) -> &'static str {
    match gate {
        Gate::Ready { late: false } | Gate::Done => "badge-ontrack",
        Gate::Cancel(_) => "badge-breached",
        Gate::Cancelled => "badge-closed",
        _ => "badge-atrisk",
    }
}

/// One meeting as a list row.
pub(crate) struct MeetingRow {
    id: i64,
    title: String,
    space: String,
    when: String,
    minutes: u16,
    label: &'static str,
    class: &'static str,
    reason: String,
    organiser: String,
    attending: usize,
    invited: usize,
    viewer_attending: bool,
    ended: bool,
}

fn row(view: &MeetingView, zone: &TimeZone, now: jiff::Timestamp) -> MeetingRow {
    MeetingRow {
        id: view.meeting.id,
        title: view.meeting.title.clone(),
        space: view.meeting.space_name.clone(),
        when: when(view.meeting.starts_at, zone),
        minutes: view.facts.length.minutes(),
        label: view.gate.label(),
        class: badge_class(&view.gate),
        reason: view.gate.reasons().into_iter().next().unwrap_or_default(),
        organiser: view.meeting.organiser_name.clone(),
        attending: view.attendees().len(),
        invited: view.people.iter().filter(|p| p.invited).count(),
        viewer_attending: view.viewer_attending,
        ended: now >= view.end(),
    }
}

/// The register form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct RegisterForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    space: String,
    /// A local date and time in the viewer's zone (`datetime-local`).
    #[serde(default)]
    start: String,
    #[serde(default)]
    minutes: String,
    /// Handles separated by commas or spaces.
    #[serde(default)]
    invited: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    create_agenda: Option<String>,
    /// The suggested start the "use this time" button carries (`datetime-local`).
    #[serde(default)]
    apply: Option<String>,
}

/// The length advice as shown under the minutes field.
pub(crate) struct AdviceView {
    text: String,
    suggested: Option<u16>,
}

#[derive(Template)]
#[template(path = "planned_meetings/list.html")]
struct ListPage {
    chrome: Chrome,
    upcoming: Vec<MeetingRow>,
    ended: Vec<MeetingRow>,
    form: RegisterForm,
    create_agenda: bool,
    spaces: Vec<(String, String)>,
    handles: Vec<String>,
    advice: Option<AdviceView>,
    rule: &'static str,
    zone: String,
    now_local: String,
    error: Option<String>,
    /// The hours check of the form as filled, once it has a start (without JS it shows after
    /// a suggestion is applied or a submit is refused).
    hours: Option<HoursFragment>,
}

async fn list_page(
    state: &AppState,
    viewer: &Viewer,
    form: RegisterForm,
    error: Option<String>,
) -> Result<Response, PageError> {
    let zone = viewer_zone(state, viewer).await?;
    let hours = if form.start.trim().is_empty() {
        None
    } else {
        Some(hours_of(state, viewer, &form, &zone).await?)
    };
    let now = state.app.now();
    let found = meetings::list(&state.app, &viewer.actor).await?;
    let (ended, upcoming): (Vec<MeetingRow>, Vec<MeetingRow>) = found
        .iter()
        .map(|view| row(view, &zone, now))
        .partition(|r| r.ended);
    let spaces = ops::documents::writable_spaces(&state.app, &viewer.actor).await?;
    let people = ops::members::list(&state.app, &viewer.actor).await?;
    let page = ListPage {
        chrome: Chrome::for_viewer(viewer, "Planned meetings", "meetings"),
        upcoming,
        ended: ended.into_iter().rev().collect(),
        create_agenda: form.create_agenda.is_some() || form.title.is_empty(),
        spaces: spaces.into_iter().map(|s| (s.slug, s.name)).collect(),
        handles: people
            .into_iter()
            .filter(|p| p.record.active && p.record.id != viewer.actor.id)
            .map(|p| p.record.handle)
            .collect(),
        advice: advice_of(&form.minutes),
        rule: LENGTH_RULE,
        zone: zone.iana_name().unwrap_or("UTC").to_owned(),
        now_local: now.to_zoned(zone).strftime("%Y-%m-%dT%H:%M").to_string(),
        form,
        error,
        hours,
    };
    Ok(render(&page))
}

/// GET /meetings/planned
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Response, PageError> {
    let form = RegisterForm {
        minutes: "25".to_owned(),
        ..RegisterForm::default()
    };
    list_page(&state, &viewer, form, None).await
}

fn parse_minutes(raw: &str) -> Result<i64, OpError> {
    raw.trim().parse().map_err(|_| {
        ops::invalid(format!(
            "the length should be a number of minutes, not \"{}\"",
            raw.trim()
        ))
    })
}

fn parse_start(raw: &str) -> Result<Start, OpError> {
    raw.trim()
        .parse::<jiff::civil::DateTime>()
        .map(Start::Local)
        .map_err(|_| ops::invalid("the start should be a date and time like 2026-03-12 10:00"))
}

fn parse_handles(raw: &str) -> Result<Vec<Handle>, OpError> {
    raw.split([',', ' ', '\n', '\r', '\t'])
        .filter(|h| !h.trim().is_empty())
        .map(|h| Handle::parse(h.trim()).map_err(ops::invalid))
        .collect()
}

fn parse_register(form: &RegisterForm) -> Result<NewMeetingInput, OpError> {
    Ok(NewMeetingInput {
        title: form.title.clone(),
        space: form.space.clone(),
        start: parse_start(&form.start)?,
        minutes: parse_minutes(&form.minutes)?,
        invited: parse_handles(&form.invited)?,
        create_agenda: form.create_agenda.is_some(),
    })
}

/// One person's line in the hours check and on the meeting page.
pub(crate) struct TimeRow {
    name: String,
    handle: String,
    zone: String,
    city: String,
    span: String,
    /// "before their hours (09:00–17:00)" when the time does not suit them.
    clash: Option<String>,
}

fn time_rows(people: &[PersonTime]) -> Vec<TimeRow> {
    people
        .iter()
        .map(|p| TimeRow {
            name: p.name.clone(),
            handle: p.handle.clone(),
            zone: p.zone.clone(),
            city: p.city(),
            span: p.span(),
            clash: p.local.clash.as_ref().map(ToString::to_string),
        })
        .collect()
}

/// The suggestion as the form shows it: the start in the viewer's zone, for people and for
/// the `datetime-local` field.
pub(crate) struct SuggestionView {
    text: String,
    value: Option<String>,
}

fn suggestion_view(hint: &SlotHint, zone: &TimeZone) -> SuggestionView {
    match hint {
        SlotHint::At(at) => SuggestionView {
            text: format!("{} your time", when(*at, zone)),
            value: Some(
                at.to_zoned(zone.clone())
                    .strftime("%Y-%m-%dT%H:%M")
                    .to_string(),
            ),
        },
        SlotHint::NoCommonSlot(people) => SuggestionView {
            text: SlotHint::none_text(people),
            value: None,
        },
    }
}

/// The hours check under the register form.
#[derive(Template)]
#[template(path = "planned_meetings/hours.html")]
pub(crate) struct HoursFragment {
    error: Option<String>,
    warnings: Vec<String>,
    people: Vec<TimeRow>,
    suggestion: Option<SuggestionView>,
}

async fn hours_of(
    state: &AppState,
    viewer: &Viewer,
    form: &RegisterForm,
    zone: &TimeZone,
) -> Result<HoursFragment, PageError> {
    let checked = match parse_register(form) {
        Ok(input) => meetings::check_draft(&state.app, &viewer.actor, &input).await,
        Err(err) => Err(err),
    };
    Ok(match checked {
        Ok(found) => HoursFragment {
            error: None,
            warnings: found.warnings(),
            people: time_rows(&found.people),
            suggestion: found.suggestion.as_ref().map(|h| suggestion_view(h, zone)),
        },
        Err(err @ (OpError::Invalid(_) | OpError::Forbidden(_))) => HoursFragment {
            error: Some(err.to_string()),
            warnings: Vec::new(),
            people: Vec::new(),
            suggestion: None,
        },
        Err(err) => return Err(err.into()),
    })
}

/// POST /meetings/planned/hours — the hours check of the form as filled so far, for htmx.
pub(crate) async fn hours(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<RegisterForm>,
) -> Result<Response, PageError> {
    let zone = viewer_zone(&state, &viewer).await?;
    Ok(render(&hours_of(&state, &viewer, &form, &zone).await?))
}

/// POST /meetings/planned/draft — the register form again with the suggested start applied
/// (the "use this time" button), checked; it works without JS.
pub(crate) async fn draft(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(mut form): Form<RegisterForm>,
) -> Result<Response, PageError> {
    if let Some(start) = form.apply.take() {
        form.start = start;
    }
    list_page(&state, &viewer, form, None).await
}

/// POST /meetings/planned
pub(crate) async fn register(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<RegisterForm>,
) -> Result<Response, PageError> {
    let result = match parse_register(&form) {
        Ok(input) => meetings::register(&state.app, &viewer.actor, input).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(view) => {
            Ok(Redirect::to(&format!("/meetings/planned/{}", view.meeting.id)).into_response())
        }
        Err(err @ (OpError::Invalid(_) | OpError::NotFound(_) | OpError::Forbidden(_))) => {
            let status = classify(&err).0;
            Ok((
                status,
                list_page(&state, &viewer, form, Some(err.to_string())).await?,
            )
                .into_response())
        }
        Err(err) => Err(err.into()),
    }
}

fn advice_of(minutes: &str) -> Option<AdviceView> {
    if minutes.trim().is_empty() {
        return None;
    }
    let advice = parse_minutes(minutes).and_then(meetings::length_advice);
    Some(match advice {
        Ok(Some(advice)) => AdviceView {
            text: advice.why,
            suggested: Some(advice.suggested.minutes()),
        },
        Ok(None) => AdviceView {
            text: "A good length: it leaves a break before the next meeting.".to_owned(),
            suggested: None,
        },
        Err(err) => AdviceView {
            text: err.to_string(),
            suggested: None,
        },
    })
}

#[derive(Template)]
#[template(path = "planned_meetings/advice.html")]
struct AdviceFragment {
    advice: Option<AdviceView>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct MinutesForm {
    #[serde(default)]
    minutes: String,
}

/// POST /meetings/planned/advice — the 25/50 advice for the length typed so far, for htmx.
pub(crate) async fn advice(_viewer: Viewer, Form(form): Form<MinutesForm>) -> Response {
    render(&AdviceFragment {
        advice: advice_of(&form.minutes),
    })
}

/// Someone on the meeting, for the detail page.
pub(crate) struct PersonRow {
    handle: String,
    name: String,
    invited: bool,
    attending: bool,
}

#[derive(Template)]
#[template(path = "planned_meetings/detail.html")]
struct DetailPage {
    chrome: Chrome,
    view: MeetingView,
    label: &'static str,
    class: &'static str,
    reasons: Vec<String>,
    starts: String,
    ends: String,
    cutoff: String,
    flagged: Option<String>,
    advice: Option<String>,
    people: Vec<PersonRow>,
    open: bool,
    started: bool,
    error: Option<String>,
    /// Everyone's local time, the organiser first.
    times: Vec<TimeRow>,
    warnings: Vec<String>,
    suggestion: Option<SuggestionView>,
}

async fn detail_page(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    error: Option<String>,
) -> Result<Response, PageError> {
    let zone = viewer_zone(state, viewer).await?;
    let view = meetings::get(&state.app, &viewer.actor, id).await?;
    let now = state.app.now();
    let organiser = PersonRow {
        handle: view.meeting.organiser_handle.clone(),
        name: format!("{} (organiser)", view.meeting.organiser_name),
        invited: true,
        attending: true,
    };
    let people = std::iter::once(organiser)
        .chain(view.people.iter().map(|p| PersonRow {
            handle: p.handle.clone(),
            name: p.name.clone(),
            invited: p.invited,
            attending: p.attending,
        }))
        .collect();
    let page = DetailPage {
        chrome: Chrome::for_viewer(viewer, view.meeting.title.clone(), "meetings"),
        label: view.gate.label(),
        class: badge_class(&view.gate),
        reasons: view.gate.reasons(),
        starts: when(view.meeting.starts_at, &zone),
        ends: view
            .end()
            .to_zoned(zone.clone())
            .strftime("%H:%M")
            .to_string(),
        cutoff: when(view.facts.cutoff(), &zone),
        flagged: view.meeting.flagged_at.map(|at| when(at, &zone)),
        advice: view.advice.as_ref().map(|a| a.why.clone()),
        people,
        open: view.meeting.cancelled_at.is_none() && now < view.end(),
        started: now >= view.meeting.starts_at,
        error,
        times: time_rows(&view.hours.people),
        warnings: view.hours.warnings(),
        suggestion: view
            .hours
            .suggestion
            .as_ref()
            .map(|h| suggestion_view(h, &zone)),
        view,
    };
    Ok(render(&page))
}

/// GET /meetings/planned/{id}
pub(crate) async fn detail(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    detail_page(&state, &viewer, id, None).await
}

/// Back to the meeting after an action, or its page again with what went wrong.
async fn after(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    result: Result<MeetingView, OpError>,
) -> Result<Response, PageError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/meetings/planned/{id}")).into_response()),
        Err(err @ (OpError::Invalid(_) | OpError::Conflict(_) | OpError::Forbidden(_))) => {
            let status = classify(&err).0;
            Ok((
                status,
                detail_page(state, viewer, id, Some(err.to_string())).await?,
            )
                .into_response())
        }
        Err(err) => Err(err.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct SlugForm {
    #[serde(default)]
    slug: String,
}

/// POST /meetings/planned/{id}/agenda — links the named document, or creates one.
pub(crate) async fn agenda(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<SlugForm>,
) -> Result<Response, PageError> {
    let slug = form.slug.trim();
    let choice = if slug.is_empty() {
        AgendaChoice::Create
    } else {
        AgendaChoice::Link(slug.to_owned())
    };
    let result = meetings::set_agenda(&state.app, &viewer.actor, id, choice).await;
    after(&state, &viewer, id, result).await
}

/// POST /meetings/planned/{id}/attend
pub(crate) async fn attend(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = meetings::attend(&state.app, &viewer.actor, id, true).await;
    after(&state, &viewer, id, result).await
}

/// POST /meetings/planned/{id}/unattend
pub(crate) async fn unattend(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = meetings::attend(&state.app, &viewer.actor, id, false).await;
    after(&state, &viewer, id, result).await
}

/// POST /meetings/planned/{id}/outcome — from the named document, or the agenda.
pub(crate) async fn outcome(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<SlugForm>,
) -> Result<Response, PageError> {
    let notes = Some(form.slug.as_str()).filter(|s| !s.trim().is_empty());
    let result = meetings::record_outcome(&state.app, &viewer.actor, id, notes).await;
    after(&state, &viewer, id, result).await
}

/// POST /meetings/planned/{id}/cancel
pub(crate) async fn cancel(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = meetings::cancel(&state.app, &viewer.actor, id).await;
    after(&state, &viewer, id, result).await
}
