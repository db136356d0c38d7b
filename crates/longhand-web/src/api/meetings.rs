//! `/api/v1/meetings/…` and `/api/v1/me/calendar-feed`: calendars in, the audit report out,
//! purposes by hand, and the overlap finder.

use super::dto::ErrorBody;
use super::dto::meetings::{
    CalendarDto, CalendarsDto, FeedDto, FeedUrlDto, OverlapDto, OverlapQuery, PurposeDto,
    PurposeSetDto, ReportQuery, UploadDto,
};
use super::{ApiActor, ApiError, ApiJson, ApiPath, ApiQuery, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use longhand_core::formats::audit_report::Report;
use longhand_core::ops::App;
use longhand_core::ops::meetings::{self as meetings_ops, FeedUrl};
use longhand_domain::meetings::{Purpose, Window};

/// Stores an `.ics` file for the audit as `owner`'s calendar (see the field). A file from which nothing can be used (text that is
/// not iCalendar, or not one readable event) is refused (422) with `error.problems` listing
/// why, each with its file and line. A file with some usable events is stored (201), and
/// `problems` tells what was skipped or will be left out (unreadable events, series that
/// repeat more than once a minute, what one calendar's budget cuts).
#[utoipa::path(post, path = "/api/v1/meetings/calendars", tag = "audit", request_body = UploadDto,
    responses((status = 201, body = CalendarDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn upload(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<UploadDto>,
) -> ApiResult<(StatusCode, Json<CalendarDto>)> {
    let owner = meetings_ops::CalendarOwner::parse(&body.owner)?;
    let uploaded =
        meetings_ops::upload(&state.app, &actor, &body.name, body.ics.as_bytes(), &owner).await?;
    Ok((StatusCode::CREATED, Json(uploaded.into())))
}

/// The stored calendars, newest first.
#[utoipa::path(get, path = "/api/v1/meetings/calendars", tag = "audit",
    responses((status = 200, body = CalendarsDto), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn calendars(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<CalendarsDto>> {
    let list = meetings_ops::calendars(&state.app, &actor).await?;
    Ok(Json(CalendarsDto {
        calendars: list.into_iter().map(CalendarDto::from).collect(),
    }))
}

/// Deletes a stored calendar (its uploader or an admin).
#[utoipa::path(delete, path = "/api/v1/meetings/calendars/{id}", tag = "audit", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn delete_calendar(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    meetings_ops::delete_calendar(&state.app, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The meeting audit over every stored calendar: load per person and team, the top
/// recurring meetings with purpose, quadrant and recommendation, weekly figures, and — with
/// `baseline_from` and `baseline_to` — the pilot comparison.
#[utoipa::path(get, path = "/api/v1/meetings/report", tag = "audit", params(ReportQuery),
    responses((status = 200, body = Report), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn report(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> ApiResult<Json<Report>> {
    let app = &state.app;
    let window = meetings_ops::window(query.from.as_deref(), query.to.as_deref(), app.now())?;
    let baseline = baseline(app, query.baseline_from, query.baseline_to)?;
    let data = meetings_ops::report(app, &actor, window, baseline).await?;
    Ok(Json(Report::new(
        &data.audit,
        data.comparison.as_ref(),
        data.read.clone(),
    )))
}

fn baseline(app: &App, from: Option<String>, to: Option<String>) -> ApiResult<Option<Window>> {
    match (from, to) {
        (None, None) => Ok(None),
        (Some(from), Some(to)) => Ok(Some(meetings_ops::window(
            Some(&from),
            Some(&to),
            app.now(),
        )?)),
        _ => Err(ApiError::invalid(
            "give both baseline_from and baseline_to, or neither",
        )),
    }
}

/// Sets a recurring series' purpose by hand (its UID, URL-encoded), or `null` to hand it
/// back to the classifier. Recorded in the event log and reflected in the report.
#[utoipa::path(put, path = "/api/v1/meetings/series/{key}/purpose", tag = "audit", params(("key" = String, Path, description = "The series' UID")),
    request_body = PurposeDto,
    responses((status = 200, body = PurposeSetDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn set_purpose(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<PurposeDto>,
) -> ApiResult<Json<PurposeSetDto>> {
    let purpose = match body.purpose.as_deref() {
        None => None,
        Some(raw) => Some(Purpose::parse(raw).ok_or_else(|| {
            ApiError::invalid("purpose must be update, decision, relationship or work session")
        })?),
    };
    meetings_ops::set_purpose(&state.app, &actor, &key, purpose).await?;
    Ok(Json(PurposeSetDto {
        series: key.trim().to_owned(),
        purpose: purpose.map(|p| p.label()),
    }))
}

/// When all of the given members work in a week, in each one's local time.
#[utoipa::path(get, path = "/api/v1/meetings/overlap", tag = "audit", params(OverlapQuery),
    responses((status = 200, body = OverlapDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn overlap(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(query): ApiQuery<OverlapQuery>,
) -> ApiResult<Json<OverlapDto>> {
    let handles = meetings_ops::parse_handles(&query.members)?;
    let week = match query.week.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(raw.parse().map_err(|_| {
            ApiError::invalid(format!("week \"{raw}\" is not a date like 2026-03-02"))
        })?),
    };
    let view = meetings_ops::overlap(&state.app, &actor, &handles, week).await?;
    Ok(Json(view.into()))
}

/// Your calendar feed and how polling it goes.
#[utoipa::path(get, path = "/api/v1/me/calendar-feed", tag = "audit",
    responses((status = 200, body = FeedDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn my_feed(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<FeedDto>> {
    let feed = meetings_ops::my_feed(&state.app, &actor)
        .await?
        .ok_or(longhand_core::ops::OpError::NotFound("calendar feed"))?;
    Ok(Json(feed.into()))
}

/// Registers your calendar's address (https or webcal); Longhand fetches it at once and then
/// every hour, retrying sooner after a failure.
#[utoipa::path(put, path = "/api/v1/me/calendar-feed", tag = "audit", request_body = FeedUrlDto,
    responses((status = 200, body = FeedDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn put_feed(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<FeedUrlDto>,
) -> ApiResult<Json<FeedDto>> {
    let url = FeedUrl::parse(&body.url)?;
    let feed = meetings_ops::set_feed(&state.app, &actor, &url).await?;
    Ok(Json(feed.into()))
}

/// Stops polling your calendar feed and drops what it brought.
#[utoipa::path(delete, path = "/api/v1/me/calendar-feed", tag = "audit",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn delete_feed(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<StatusCode> {
    meetings_ops::clear_feed(&state.app, &actor).await?;
    Ok(StatusCode::NO_CONTENT)
}
