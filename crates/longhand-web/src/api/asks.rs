//! `/api/v1/asks`, `/api/v1/inbox`, team charters and urgency, and notifications.

use super::dto::ErrorBody;
use super::dto::asks::{
    AskDto, CharterDto, InboxDto, MemberUrgencyDto, NewAskDto, NotificationsDto, ReassignDto,
    RespondDto, UrgencyReportDto,
};
use super::{ApiActor, ApiError, ApiJson, ApiPath, ApiQuery, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use longhand_core::formats::charter_json::CharterJson;
use longhand_core::ops::asks::{AskView, NeededBy, NewAskInput, Recipient, Response};
use longhand_core::ops::paging::ListPage;
use longhand_core::ops::{self};
use longhand_domain::asks::AskKind;
use longhand_domain::names::Handle;
use serde::Deserialize;
use utoipa::IntoParams;

/// Asks a member or a team; the due time is computed in the responder's business calendar.
/// A team's ask goes to its DRI, or past an away DRI to the member who would answer soonest;
/// a person on time off keeps the ask and the answer says so (`responder_away`,
/// `suggested_reassign`).
#[utoipa::path(post, path = "/api/v1/asks", tag = "asks", request_body = NewAskDto,
    responses((status = 201, body = AskDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewAskDto>,
) -> ApiResult<(StatusCode, Json<AskDto>)> {
    let needed_by = body.needed_by.as_deref().map(needed_by).transpose()?;
    let input = NewAskInput {
        to: Recipient::parse(&body.to)?,
        kind: AskKind::parse(&body.kind).map_err(ApiError::invalid)?,
        urgency: body.urgency,
        title: body.title,
        body: body.body,
        subject: body.subject,
    };
    let view = ops::asks::create_needed_by(&state.app, &actor, input, needed_by).await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}

/// Parses `needed_by`: RFC 3339 with an offset, so the instant is never a guess.
fn needed_by(raw: &str) -> Result<NeededBy, ApiError> {
    longhand_domain::instant::parse(raw)
        .map(NeededBy::At)
        .map_err(|_| {
            ApiError::invalid(format!(
                "needed_by \"{raw}\" is not an RFC 3339 instant; write it like 2026-03-12T17:00:00Z or 2026-03-12T18:00:00+01:00"
            ))
        })
}

/// One ask (its parties and, for team asks, the team's members).
#[utoipa::path(get, path = "/api/v1/asks/{id}", tag = "asks", params(("id" = i64, Path)),
    responses((status = 200, body = AskDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<AskDto>> {
    Ok(Json(ops::asks::get(&state.app, &actor, id).await?.into()))
}

/// The responder answers; the clock stops.
#[utoipa::path(post, path = "/api/v1/asks/{id}/respond", tag = "asks", params(("id" = i64, Path)), request_body = RespondDto,
    responses((status = 200, body = AskDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn respond(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<RespondDto>,
) -> ApiResult<Json<AskDto>> {
    let response = Response::parse(&body.response)?;
    Ok(Json(
        ops::asks::respond(&state.app, &actor, id, response, body.comment)
            .await?
            .into(),
    ))
}

/// Hands the ask to someone else; the clock is measured again in their calendar.
#[utoipa::path(post, path = "/api/v1/asks/{id}/reassign", tag = "asks", params(("id" = i64, Path)), request_body = ReassignDto,
    responses((status = 200, body = AskDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn reassign(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ReassignDto>,
) -> ApiResult<Json<AskDto>> {
    let to = Handle::parse(&body.to).map_err(ApiError::invalid)?;
    Ok(Json(
        ops::asks::reassign(&state.app, &actor, id, &to)
            .await?
            .into(),
    ))
}

/// The asker withdraws the ask.
#[utoipa::path(post, path = "/api/v1/asks/{id}/withdraw", tag = "asks", params(("id" = i64, Path)),
    responses((status = 200, body = AskDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<AskDto>> {
    Ok(Json(
        ops::asks::withdraw(&state.app, &actor, id).await?.into(),
    ))
}

/// Which page of the inbox.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct InboxParams {
    /// 1-based; 1 when not given. A page past the end has empty lists.
    page: Option<i64>,
    /// Asks per list on a page: 1–200, default 50.
    per_page: Option<i64>,
}

/// What waits on you and what you wait on, a page at a time, with the totals.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "asks", params(InboxParams),
    responses((status = 200, body = InboxDto), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub(crate) async fn inbox(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(params): ApiQuery<InboxParams>,
) -> ApiResult<Json<InboxDto>> {
    let page = ListPage::parse(params.page, params.per_page)?;
    let inbox = ops::asks::inbox(&state.app, &actor, page).await?;
    let pages = inbox.pages();
    let dtos =
        |views: Vec<AskView>| -> Vec<AskDto> { views.into_iter().map(AskDto::from).collect() };
    Ok(Json(InboxDto {
        waiting_on_me_total: inbox.counts.waiting_on_me,
        waiting_on_me_overdue: inbox.counts.waiting_on_me_overdue,
        waiting_on_others_total: inbox.counts.waiting_on_others,
        waiting_on_others_overdue: inbox.counts.waiting_on_others_overdue,
        page: inbox.page.page,
        per_page: inbox.page.per_page,
        pages,
        waiting_on_me: dtos(inbox.waiting_on_me),
        waiting_on_others: dtos(inbox.waiting_on_others),
        recently_closed: dtos(inbox.recently_closed),
    }))
}

/// A team's charter in force. A charter saved by an older release that today's rules refuse
/// is returned as stored, with the `problem`; asks to the team answer 409 until it is fixed.
#[utoipa::path(get, path = "/api/v1/teams/{slug}/charter", tag = "teams", params(("slug" = String, Path)),
    responses((status = 200, body = CharterDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn charter(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<CharterDto>> {
    let charter = ops::asks::charter(&state.app, &actor, &slug).await?;
    Ok(Json(CharterDto {
        version: charter.version,
        charter: charter.json,
        problem: charter.problem,
    }))
}

/// Saves a new version of a team's charter (DRI or admin).
#[utoipa::path(put, path = "/api/v1/teams/{slug}/charter", tag = "teams", params(("slug" = String, Path)), request_body = CharterJson,
    responses((status = 200, body = CharterDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn put_charter(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<CharterJson>,
) -> ApiResult<Json<CharterDto>> {
    let charter = body.to_domain().map_err(ApiError::invalid)?;
    let version = ops::asks::update_charter(&state.app, &actor, &slug, &charter).await?;
    Ok(Json(CharterDto {
        version,
        charter: CharterJson::from_domain(&charter),
        problem: None,
    }))
}

/// The share of asks marked urgent over the last 30 days, for the team and each member.
#[utoipa::path(get, path = "/api/v1/teams/{slug}/urgency", tag = "teams", params(("slug" = String, Path)),
    responses((status = 200, body = UrgencyReportDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn urgency(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<UrgencyReportDto>> {
    let (team, members) = ops::asks::urgency_report(&state.app, &actor, &slug).await?;
    Ok(Json(UrgencyReportDto {
        team: team.into(),
        members: members
            .into_iter()
            .map(|(handle, share)| MemberUrgencyDto {
                handle,
                share: share.into(),
            })
            .collect(),
    }))
}

/// Your latest in-app notifications.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", responses((status = 200, body = NotificationsDto)), security(("bearer" = [])))]
pub(crate) async fn notifications(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<NotificationsDto>> {
    let (items, unread) = ops::notifications::list(&state.app, &actor).await?;
    Ok(Json(NotificationsDto {
        unread,
        items: items.into_iter().map(Into::into).collect(),
    }))
}

/// Marks all your notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications", responses((status = 204)), security(("bearer" = [])))]
pub(crate) async fn mark_read(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<StatusCode> {
    ops::notifications::mark_all_read(&state.app, &actor).await?;
    Ok(StatusCode::NO_CONTENT)
}
