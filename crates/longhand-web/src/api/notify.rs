//! `/api/v1/notifications/{id}/…`, following spaces and documents, and
//! `/api/v1/me/notification-preferences`.

use super::dto::ErrorBody;
use super::dto::asks::NotificationDto;
use super::dto::notify::{FollowDto, PreferencesDto, PreferencesPut, SnoozeDto, SnoozedDto};
use super::{ApiActor, ApiError, ApiJson, ApiPath, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use jiff::civil::Time;
use longhand_core::ops::follows::FollowTarget;
use longhand_core::ops::notification_prefs::{DoNotDisturb, PreferencesUpdate};
use longhand_core::ops::{self};
use longhand_domain::notify::Snooze;
use longhand_domain::workspace::NoiseLevel;

/// Opens one of your notifications: marks it read and returns it (its `link` is where to go).
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notifications",
    params(("id" = i64, Path)),
    responses((status = 200, body = NotificationDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn read_one(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<NotificationDto>> {
    let record = ops::notifications::open(&state.app, &actor, id).await?;
    Ok(Json(record.into()))
}

/// "Remind me later": hides one of your notifications until then, when it comes back unread.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/snooze", tag = "notifications",
    params(("id" = i64, Path)), request_body = SnoozeDto,
    responses((status = 200, body = SnoozedDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub(crate) async fn snooze(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<SnoozeDto>,
) -> ApiResult<Json<SnoozedDto>> {
    let choice = snooze_choice(&body.until)?;
    let until = ops::notifications::snooze(&state.app, &actor, id, choice).await?;
    Ok(Json(SnoozedDto {
        id,
        until: until.to_string(),
    }))
}

fn snooze_choice(raw: &str) -> ApiResult<Snooze> {
    match raw.trim() {
        "later_today" => Ok(Snooze::LaterToday),
        "tomorrow_morning" => Ok(Snooze::TomorrowMorning),
        other => longhand_domain::instant::parse(other)
            .map(Snooze::Until)
            .map_err(|_| {
                ApiError::invalid(format!(
                    "until \"{raw}\" is not later_today, tomorrow_morning or an RFC 3339 instant like 2026-03-12T17:00:00Z"
                ))
            }),
    }
}

/// Your notification preferences.
#[utoipa::path(get, path = "/api/v1/me/notification-preferences", tag = "notifications",
    responses((status = 200, body = PreferencesDto)), security(("bearer" = [])))]
pub(crate) async fn preferences(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<PreferencesDto>> {
    let prefs = ops::notification_prefs::get(&state.app, &actor).await?;
    Ok(Json(prefs.into()))
}

/// Changes your notification preferences; fields left out stay as they are.
#[utoipa::path(put, path = "/api/v1/me/notification-preferences", tag = "notifications",
    request_body = PreferencesPut,
    responses((status = 200, body = PreferencesDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub(crate) async fn put_preferences(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<PreferencesPut>,
) -> ApiResult<Json<PreferencesDto>> {
    let update = preferences_update(body)?;
    let prefs = ops::notification_prefs::update(&state.app, &actor, update).await?;
    Ok(Json(prefs.into()))
}

fn preferences_update(body: PreferencesPut) -> ApiResult<PreferencesUpdate> {
    let digest_time = body
        .digest_time
        .as_deref()
        .map(|raw| {
            Time::strptime("%H:%M", raw.trim()).map_err(|_| {
                ApiError::invalid(format!("digest_time \"{raw}\" is not a time like 08:30"))
            })
        })
        .transpose()?;
    let dnd = match body.dnd_until {
        None => DoNotDisturb::Keep,
        Some(None) => DoNotDisturb::Clear,
        Some(Some(raw)) => {
            DoNotDisturb::Until(longhand_domain::instant::parse(&raw).map_err(|_| {
                ApiError::invalid(format!(
                    "dnd_until \"{raw}\" is not an RFC 3339 instant like 2026-03-12T17:00:00Z"
                ))
            })?)
        }
    };
    let spaces = body
        .spaces
        .into_iter()
        .map(|s| Ok((s.slug, space_level(&s.noise)?)))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(PreferencesUpdate {
        digest_time,
        dnd,
        spaces,
    })
}

/// A space level as the API and forms write it: a noise level, or `default`.
pub(crate) fn space_level(raw: &str) -> ApiResult<Option<NoiseLevel>> {
    match raw.trim() {
        "default" | "" => Ok(None),
        other => NoiseLevel::parse(other)
            .map(Some)
            .map_err(ApiError::invalid),
    }
}

async fn following(
    state: &AppState,
    actor: &ops::Actor,
    target: FollowTarget,
) -> ApiResult<Json<FollowDto>> {
    let following = ops::follows::is_following(&state.app, actor, &target).await?;
    Ok(Json(FollowDto { following }))
}

/// Whether you follow a space.
#[utoipa::path(get, path = "/api/v1/spaces/{slug}/follow", tag = "notifications",
    params(("slug" = String, Path)),
    responses((status = 200, body = FollowDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn space_following(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<FollowDto>> {
    following(&state, &actor, FollowTarget::Space(slug)).await
}

/// Follows a space: you hear of its new documents and topic threads (in your digest).
#[utoipa::path(put, path = "/api/v1/spaces/{slug}/follow", tag = "notifications",
    params(("slug" = String, Path)),
    responses((status = 200, body = FollowDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn follow_space(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<FollowDto>> {
    ops::follows::follow(&state.app, &actor, &FollowTarget::Space(slug)).await?;
    Ok(Json(FollowDto { following: true }))
}

/// Stops following a space.
#[utoipa::path(delete, path = "/api/v1/spaces/{slug}/follow", tag = "notifications",
    params(("slug" = String, Path)),
    responses((status = 200, body = FollowDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn unfollow_space(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<FollowDto>> {
    ops::follows::unfollow(&state.app, &actor, &FollowTarget::Space(slug)).await?;
    Ok(Json(FollowDto { following: false }))
}

/// Whether you follow a document.
#[utoipa::path(get, path = "/api/v1/documents/{slug}/follow", tag = "notifications",
    params(("slug" = String, Path)),
    responses((status = 200, body = FollowDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn document_following(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<FollowDto>> {
    following(&state, &actor, FollowTarget::Document(slug)).await
}

/// Follows a document: you hear of its revisions and comments (in your digest).
#[utoipa::path(put, path = "/api/v1/documents/{slug}/follow", tag = "notifications",
    params(("slug" = String, Path)),
    responses((status = 200, body = FollowDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn follow_document(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<FollowDto>> {
    ops::follows::follow(&state.app, &actor, &FollowTarget::Document(slug)).await?;
    Ok(Json(FollowDto { following: true }))
}

/// Stops following a document.
#[utoipa::path(delete, path = "/api/v1/documents/{slug}/follow", tag = "notifications",
    params(("slug" = String, Path)),
    responses((status = 200, body = FollowDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn unfollow_document(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<FollowDto>> {
    ops::follows::unfollow(&state.app, &actor, &FollowTarget::Document(slug)).await?;
    Ok(Json(FollowDto { following: false }))
}
