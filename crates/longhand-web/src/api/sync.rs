//! Sync escalation: `/api/v1/threads/{id}/sync` on a thread — the call suggested when it goes
//! in circles, dismissing it, recording the call, and posting the call's written outcome — and
//! the same actions under `/api/v1/documents/{slug}/rounds/{number}/sync` on a review round
//! that closed with blocking objections standing (its suggestion and calls are read with the
//! round, `GET /api/v1/documents/{slug}/rounds/{number}`).

use super::dto::ErrorBody;
use super::dto::sync::{CallDto, NewCallDto, NewCallOutcomeDto, SyncDto};
use super::{ApiActor, ApiError, ApiJson, ApiPath, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use longhand_core::ops::sync::{self, CallInput, HeldAt, Subject};
use longhand_domain::names::Handle;

/// The thread's open call suggestion (with a quarter hour when its people all work) and the
/// calls recorded on it.
#[utoipa::path(get, path = "/api/v1/threads/{id}/sync", tag = "documents", params(("id" = i64, Path)),
    responses((status = 200, body = SyncDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<SyncDto>> {
    let view = sync::get(&state.app, &actor, Subject::Thread(id)).await?;
    Ok(Json(view.into()))
}

/// Dismisses the open call suggestion (one of its people): no call needed. Another comes only
/// after six fresh alternating turns.
#[utoipa::path(post, path = "/api/v1/threads/{id}/sync/dismiss", tag = "documents", params(("id" = i64, Path)),
    responses((status = 200, body = SyncDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn dismiss(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<SyncDto>> {
    let view = sync::dismiss(&state.app, &actor, Subject::Thread(id)).await?;
    Ok(Json(view.into()))
}

/// Records that the suggested call happened (one of its people). The outcome's owner gets an
/// ask for the written outcome, due one business day later in their own calendar.
#[utoipa::path(post, path = "/api/v1/threads/{id}/sync/calls", tag = "documents", params(("id" = i64, Path)), request_body = NewCallDto,
    responses((status = 201, body = CallDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn record_call(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NewCallDto>,
) -> ApiResult<(StatusCode, Json<CallDto>)> {
    let input = call_input(body)?;
    let view = sync::record_call(&state.app, &actor, Subject::Thread(id), input).await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}

fn call_input(body: NewCallDto) -> Result<CallInput, ApiError> {
    Ok(CallInput {
        held_at: body.held_at.as_deref().map(held_at).transpose()?,
        people: handles("people", &body.people)?,
        owner: body
            .owner
            .as_deref()
            .map(|h| handle("owner", h))
            .transpose()?,
        note: body.note,
    })
}

fn held_at(raw: &str) -> Result<HeldAt, ApiError> {
    longhand_domain::instant::parse(raw)
        .map(HeldAt::At)
        .map_err(|_| {
            ApiError::invalid(format!(
                "held_at \"{raw}\" is not an RFC 3339 instant; write it like 2026-03-10T14:00:00Z or 2026-03-10T15:00:00+01:00"
            ))
        })
}

fn handle(field: &str, raw: &str) -> Result<Handle, ApiError> {
    Handle::parse(raw).map_err(|err| ApiError::invalid(format!("{field}: {err}")))
}

fn handles(field: &str, raw: &[String]) -> Result<Vec<Handle>, ApiError> {
    raw.iter().map(|h| handle(field, h)).collect()
}

/// Posts a call's written outcome (whoever owes it): a comment on the thread, marked as the
/// call's outcome, which answers the outcome's ask.
#[utoipa::path(post, path = "/api/v1/threads/{id}/sync/calls/{call}/outcome", tag = "documents",
    params(("id" = i64, Path), ("call" = i64, Path)), request_body = NewCallOutcomeDto,
    responses((status = 200, body = CallDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn post_outcome(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, call)): ApiPath<(i64, i64)>,
    ApiJson(body): ApiJson<NewCallOutcomeDto>,
) -> ApiResult<Json<CallDto>> {
    let subject = Subject::Thread(id);
    let view = sync::post_outcome(&state.app, &actor, subject, call, &body.outcome).await?;
    Ok(Json(view.into()))
}

/// Dismisses the call suggested when the round closed on standing objections (one of its
/// people): no call needed.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/rounds/{number}/sync/dismiss", tag = "reviews",
    params(("slug" = String, Path), ("number" = i64, Path)),
    responses((status = 200, body = SyncDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn round_dismiss(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, number)): ApiPath<(String, i64)>,
) -> ApiResult<Json<SyncDto>> {
    let subject = sync::round_subject(&state.app, &actor, &slug, number).await?;
    let view = sync::dismiss(&state.app, &actor, subject).await?;
    Ok(Json(view.into()))
}

/// Records that the call suggested on the round happened (one of its people). The outcome's
/// owner gets an ask for the written outcome, due one business day later in their own
/// calendar, about the document.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/rounds/{number}/sync/calls", tag = "reviews",
    params(("slug" = String, Path), ("number" = i64, Path)), request_body = NewCallDto,
    responses((status = 201, body = CallDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn round_record_call(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, number)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<NewCallDto>,
) -> ApiResult<(StatusCode, Json<CallDto>)> {
    let input = call_input(body)?;
    let subject = sync::round_subject(&state.app, &actor, &slug, number).await?;
    let view = sync::record_call(&state.app, &actor, subject, input).await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}

/// Posts the written outcome of a call on the round (whoever owes it): stored on the call,
/// shown with the round, and the answer to the outcome's ask.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/rounds/{number}/sync/calls/{call}/outcome", tag = "reviews",
    params(("slug" = String, Path), ("number" = i64, Path), ("call" = i64, Path)), request_body = NewCallOutcomeDto,
    responses((status = 200, body = CallDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn round_post_outcome(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, number, call)): ApiPath<(String, i64, i64)>,
    ApiJson(body): ApiJson<NewCallOutcomeDto>,
) -> ApiResult<Json<CallDto>> {
    let subject = sync::round_subject(&state.app, &actor, &slug, number).await?;
    let view = sync::post_outcome(&state.app, &actor, subject, call, &body.outcome).await?;
    Ok(Json(view.into()))
}
