//! `/api/v1/planned-meetings`: meetings registered in Longhand and their gate — agenda 24
//! hours ahead, 25 or 50 minutes, opt-in attendance, and an outcome whose decisions go to the
//! decision log.

use super::dto::ErrorBody;
use super::dto::planned_meetings::{
    AgendaDto, HoursCheckDto, NewPlannedMeetingDto, OutcomeDto, PlannedMeetingCheckDto,
    PlannedMeetingDto,
};
use super::{ApiActor, ApiError, ApiJson, ApiPath, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use longhand_core::ops::planned_meetings::{
    self as meetings, AgendaChoice, NewMeetingInput, Start,
};
use longhand_domain::names::Handle;

/// Meetings you can see that have not ended (or ended in the last two weeks), soonest first.
#[utoipa::path(get, path = "/api/v1/planned-meetings", tag = "meetings",
    responses((status = 200, body = [PlannedMeetingDto]), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Vec<PlannedMeetingDto>>> {
    let found = meetings::list(&state.app, &actor).await?;
    Ok(Json(
        found.into_iter().map(PlannedMeetingDto::from).collect(),
    ))
}

/// Registers a meeting. It needs an agenda (desired outcome, agenda, pre-read) 24 hours
/// before it starts or the gate flags it "no agenda, cancel"; the people invited attend only
/// once they opt in.
#[utoipa::path(post, path = "/api/v1/planned-meetings", tag = "meetings", request_body = NewPlannedMeetingDto,
    responses((status = 201, body = PlannedMeetingDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewPlannedMeetingDto>,
) -> ApiResult<(StatusCode, Json<PlannedMeetingDto>)> {
    let input = NewMeetingInput {
        title: body.title,
        space: body.space,
        start: Start::At(start(&body.start)?),
        minutes: body.minutes,
        invited: handles(&body.invited)?,
        create_agenda: body.create_agenda,
    };
    let view = meetings::register(&state.app, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}

/// Checks a meeting against people's hours before registering it: everyone's local time,
/// who it falls outside working hours or inside a focus block (or on a holiday or time off)
/// for, and the nearest quarter hour of the same length that suits everyone. Nothing is
/// stored.
#[utoipa::path(post, path = "/api/v1/planned-meetings/check", tag = "meetings", request_body = PlannedMeetingCheckDto,
    responses((status = 200, body = HoursCheckDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn check(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<PlannedMeetingCheckDto>,
) -> ApiResult<Json<HoursCheckDto>> {
    let input = NewMeetingInput {
        title: String::new(),
        space: String::new(),
        start: Start::At(start(&body.start)?),
        minutes: body.minutes,
        invited: handles(&body.invited)?,
        create_agenda: false,
    };
    let found = meetings::check_draft(&state.app, &actor, &input).await?;
    Ok(Json(HoursCheckDto::from(&found)))
}

fn start(raw: &str) -> Result<jiff::Timestamp, ApiError> {
    longhand_domain::instant::parse(raw).map_err(|_| {
        ApiError::invalid(format!(
            "start \"{raw}\" is not an RFC 3339 instant; write it like 2026-03-12T10:00:00Z or 2026-03-12T11:00:00+01:00"
        ))
    })
}

fn handles(raw: &[String]) -> Result<Vec<Handle>, ApiError> {
    raw.iter()
        .map(|h| Handle::parse(h).map_err(|err| ApiError::invalid(format!("invited: {err}"))))
        .collect()
}

/// One meeting with its gate.
#[utoipa::path(get, path = "/api/v1/planned-meetings/{id}", tag = "meetings", params(("id" = i64, Path)),
    responses((status = 200, body = PlannedMeetingDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<PlannedMeetingDto>> {
    Ok(Json(meetings::get(&state.app, &actor, id).await?.into()))
}

/// Gives the meeting its agenda: links a meeting-notes document, or creates one from the
/// template (organiser or admin, once). Everyone invited must be able to read it.
#[utoipa::path(post, path = "/api/v1/planned-meetings/{id}/agenda", tag = "meetings", params(("id" = i64, Path)), request_body = AgendaDto,
    responses((status = 200, body = PlannedMeetingDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn agenda(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<AgendaDto>,
) -> ApiResult<Json<PlannedMeetingDto>> {
    let choice = match body.slug {
        Some(slug) => AgendaChoice::Link(slug),
        None => AgendaChoice::Create,
    };
    Ok(Json(
        meetings::set_agenda(&state.app, &actor, id, choice)
            .await?
            .into(),
    ))
}

/// Opts you in: you attend (until the meeting ends).
#[utoipa::path(post, path = "/api/v1/planned-meetings/{id}/attend", tag = "meetings", params(("id" = i64, Path)),
    responses((status = 200, body = PlannedMeetingDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn attend(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<PlannedMeetingDto>> {
    Ok(Json(
        meetings::attend(&state.app, &actor, id, true).await?.into(),
    ))
}

/// Opts you out: you read the written record instead.
#[utoipa::path(post, path = "/api/v1/planned-meetings/{id}/unattend", tag = "meetings", params(("id" = i64, Path)),
    responses((status = 200, body = PlannedMeetingDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn unattend(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<PlannedMeetingDto>> {
    Ok(Json(
        meetings::attend(&state.app, &actor, id, false)
            .await?
            .into(),
    ))
}

/// Records the outcome: the notes need filled Decisions and Next steps sections, and each
/// decision becomes an accepted decision record linked back to them. Recording again logs
/// only decisions not logged before.
#[utoipa::path(post, path = "/api/v1/planned-meetings/{id}/outcome", tag = "meetings", params(("id" = i64, Path)), request_body = OutcomeDto,
    responses((status = 200, body = PlannedMeetingDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn outcome(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<OutcomeDto>,
) -> ApiResult<Json<PlannedMeetingDto>> {
    let view = meetings::record_outcome(&state.app, &actor, id, body.notes.as_deref()).await?;
    Ok(Json(view.into()))
}

/// Cancels the meeting (organiser or admin) and tells everyone invited.
#[utoipa::path(post, path = "/api/v1/planned-meetings/{id}/cancel", tag = "meetings", params(("id" = i64, Path)),
    responses((status = 200, body = PlannedMeetingDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn cancel(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<PlannedMeetingDto>> {
    Ok(Json(meetings::cancel(&state.app, &actor, id).await?.into()))
}
