//! `/api/v1/me/channels` (a member's own delivery channels) and `/api/v1/admin/deliveries`
//! with `/api/v1/admin/notify/test` (failed deliveries, retrying a dead one, test sends).

use super::dto::ErrorBody;
use super::dto::channels::{
    AddedChannelDto, ChannelChangeDto, ChannelDto, ChannelsDto, DeliveriesDto, DeliveryDto,
    NewChannelDto, NotifyTestDto, NotifyTestResultDto,
};
use super::{ApiActor, ApiError, ApiJson, ApiPath, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use longhand_core::ops::deliveries::admin::{self as admin_ops, TestTarget};
use longhand_core::ops::deliveries::channels::{self as channel_ops, ChannelChange, ChannelInput};
use longhand_core::views::channels::ChannelKind;

/// Your delivery channels (in-app is always on and not listed), and whether this server can
/// send email.
#[utoipa::path(get, path = "/api/v1/me/channels", tag = "notifications",
    responses((status = 200, body = ChannelsDto)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<ChannelsDto>> {
    Ok(Json(channel_ops::list(&state.app, &actor).await?.into()))
}

/// Adds a channel: `email` (your own address unless `target` names another), `slack` (a
/// Slack-compatible incoming webhook URL) or `webhook` (a JSON webhook URL; the answer holds
/// its `whsec_` signing secret, shown this once). URLs must be http or https.
#[utoipa::path(post, path = "/api/v1/me/channels", tag = "notifications", request_body = NewChannelDto,
    responses((status = 201, body = AddedChannelDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn add(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewChannelDto>,
) -> ApiResult<(StatusCode, Json<AddedChannelDto>)> {
    let kind = ChannelKind::parse(body.kind.trim())
        .ok_or_else(|| ApiError::invalid("kind must be email, slack or webhook"))?;
    let input = ChannelInput {
        kind,
        target: body.target,
        urgent: body.urgent.unwrap_or(true),
        digest: body.digest.unwrap_or(true),
    };
    let added = channel_ops::add(&state.app, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(added.into())))
}

/// Changes a channel: what it takes (`urgent`, `digest`) and whether it is `paused`.
#[utoipa::path(patch, path = "/api/v1/me/channels/{id}", tag = "notifications", params(("id" = i64, Path)), request_body = ChannelChangeDto,
    responses((status = 200, body = ChannelDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn change(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ChannelChangeDto>,
) -> ApiResult<Json<ChannelDto>> {
    let change = ChannelChange {
        urgent: body.urgent,
        digest: body.digest,
        paused: body.paused,
    };
    let channel = channel_ops::change(&state.app, &actor, id, change).await?;
    Ok(Json(channel.into()))
}

/// Removes a channel; messages still queued for it are not sent.
#[utoipa::path(delete, path = "/api/v1/me/channels/{id}", tag = "notifications", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn remove(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    channel_ops::remove(&state.app, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deliveries that failed, most recent first (admins only): pending ones waiting for their
/// next attempt and dead ones, with the last error. What a message said is not shown.
#[utoipa::path(get, path = "/api/v1/admin/deliveries", tag = "admin",
    responses((status = 200, body = DeliveriesDto), (status = 403, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn failed(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<DeliveriesDto>> {
    let items = admin_ops::failed(&state.app, &actor).await?;
    Ok(Json(DeliveriesDto {
        items: items.into_iter().map(DeliveryDto::from).collect(),
    }))
}

/// Retries a dead delivery (admins only): its job goes back in the queue with its attempts
/// reset and runs at once. A delivery that is not dead is a conflict.
#[utoipa::path(post, path = "/api/v1/admin/deliveries/{id}/retry", tag = "admin", params(("id" = i64, Path)),
    responses((status = 204, description = "Back in the queue"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn retry(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    admin_ops::retry(&state.app, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sends one test message (admins only) to an email address (`to`, through the configured
/// SMTP server), a Slack-compatible webhook (`slack`) or a JSON webhook (`webhook`, signed
/// with `secret` or a new one). A send that fails is reported in the answer (`sent: false`).
#[utoipa::path(post, path = "/api/v1/admin/notify/test", tag = "admin", request_body = NotifyTestDto,
    responses((status = 200, body = NotifyTestResultDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn test(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NotifyTestDto>,
) -> ApiResult<Json<NotifyTestResultDto>> {
    let target = match (body.to, body.slack, body.webhook) {
        (Some(to), None, None) => TestTarget::Email(to),
        (None, Some(url), None) => TestTarget::Slack(url),
        (None, None, Some(url)) => TestTarget::Webhook {
            url,
            secret: body.secret,
        },
        _ => {
            return Err(ApiError::invalid(
                "give exactly one of to, slack and webhook",
            ));
        }
    };
    let report = admin_ops::send_test_as(&state.app, &actor, target).await?;
    Ok(Json(report.into()))
}
