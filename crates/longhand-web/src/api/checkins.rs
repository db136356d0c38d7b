//! `/api/v1/teams/{slug}/checkin-schedule`, `/api/v1/teams/{slug}/checkins`,
//! `/api/v1/me/checkins` and `/api/v1/blockers`.

use super::dto::ErrorBody;
use super::dto::checkins::{
    AnsweredDto, BlockerDto, CheckinInDto, MyCheckinDto, ResolveDto, ScheduleDto, ScheduleInDto,
    TeamCheckinsDto,
};
use super::{ApiActor, ApiError, ApiJson, ApiPath, ApiQuery, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use longhand_core::ops::blockers::{self, BlockerFilter};
use longhand_core::ops::checkins::{self, CheckinInput, ScheduleInput};
use longhand_domain::checkins::{BlockerAction, BlockerState, HelpRequest, NamedBlocker};
use serde::Deserialize;
use utoipa::IntoParams;

/// A team's check-in schedule (anyone who sees the team).
#[utoipa::path(get, path = "/api/v1/teams/{slug}/checkin-schedule", tag = "checkins", params(("slug" = String, Path)),
    responses((status = 200, body = ScheduleDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn schedule(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<ScheduleDto>> {
    let view = checkins::get_schedule(&state.app, &actor, &slug).await?;
    Ok(Json(view.into()))
}

/// Sets a team's check-in schedule (its DRI or an admin), effective now.
#[utoipa::path(put, path = "/api/v1/teams/{slug}/checkin-schedule", tag = "checkins", params(("slug" = String, Path)), request_body = ScheduleInDto,
    responses((status = 200, body = ScheduleDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn put_schedule(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<ScheduleInDto>,
) -> ApiResult<Json<ScheduleDto>> {
    let input = ScheduleInput::parse(
        &body.cadence,
        body.weekday.as_deref(),
        &body.at,
        body.escalate_after_hours,
    )?;
    let view = checkins::set_schedule(&state.app, &actor, &slug, input).await?;
    Ok(Json(view.into()))
}

/// The caller's check-in in a team for their current period (members of the team).
#[utoipa::path(get, path = "/api/v1/teams/{slug}/checkins/me", tag = "checkins", params(("slug" = String, Path)),
    responses((status = 200, body = MyCheckinDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn mine(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<MyCheckinDto>> {
    let mine = checkins::my_checkin(&state.app, &actor, &slug).await?;
    Ok(Json(MyCheckinDto::of(mine, state.app.now())))
}

impl CheckinInDto {
    fn parse(self) -> ApiResult<CheckinInput> {
        let blockers = self
            .blockers
            .iter()
            .map(|b| NamedBlocker::new(&b.text, &b.owner))
            .collect::<Result<Vec<_>, _>>()
            .map_err(ApiError::invalid)?;
        let help = self
            .help_needed
            .iter()
            .map(|h| HelpRequest::new(&h.to, &h.question))
            .collect::<Result<Vec<_>, _>>()
            .map_err(ApiError::invalid)?;
        let period = self
            .period
            .as_deref()
            .map(|p| {
                p.trim().parse::<jiff::civil::Date>().map_err(|_| {
                    ApiError::invalid(format!("period \"{p}\" is not a date; use YYYY-MM-DD"))
                })
            })
            .transpose()?;
        Ok(CheckinInput {
            done: self.done,
            next: self.next,
            note: self.note,
            blockers,
            help,
            period,
        })
    }
}

/// Answers (or edits) the caller's check-in for their current period. Late after the end of
/// their working day; 409 once the period closed or before the first one opens.
#[utoipa::path(put, path = "/api/v1/teams/{slug}/checkins/me", tag = "checkins", params(("slug" = String, Path)), request_body = CheckinInDto,
    responses((status = 200, body = AnsweredDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn answer(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<CheckinInDto>,
) -> ApiResult<Json<AnsweredDto>> {
    let input = body.parse()?;
    let answered = checkins::answer(&state.app, &actor, &slug, input).await?;
    Ok(Json(AnsweredDto::of(answered, state.app.now())))
}

/// The caller's check-ins in every team of theirs that checks in.
#[utoipa::path(get, path = "/api/v1/me/checkins", tag = "checkins",
    responses((status = 200, body = [MyCheckinDto])), security(("bearer" = [])))]
pub(crate) async fn all_mine(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Json<Vec<MyCheckinDto>>> {
    let now = state.app.now();
    let found = checkins::my_checkins(&state.app, &actor).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|m| MyCheckinDto::of(m, now))
            .collect(),
    ))
}

/// Which period of a team's check-ins.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeriodParams {
    /// A date (`YYYY-MM-DD`): the periods whose prompt fell on it in each member's zone.
    /// Each member's current period when absent.
    period: Option<String>,
}

/// A team's check-ins (its members, its DRI and admins): who answered, late, who is blocked,
/// who has not answered yet.
#[utoipa::path(get, path = "/api/v1/teams/{slug}/checkins", tag = "checkins", params(("slug" = String, Path), PeriodParams),
    responses((status = 200, body = TeamCheckinsDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn team(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(params): ApiQuery<PeriodParams>,
) -> ApiResult<Json<TeamCheckinsDto>> {
    let now = state.app.now();
    let found = match params.period.as_deref() {
        Some(raw) => {
            let date = raw.trim().parse::<jiff::civil::Date>().map_err(|_| {
                ApiError::invalid(format!("period \"{raw}\" is not a date; use YYYY-MM-DD"))
            })?;
            checkins::team_checkins_on(&state.app, &actor, &slug, date).await?
        }
        None => checkins::team_period_summary(&state.app, &actor, &slug, now).await?,
    };
    Ok(Json(TeamCheckinsDto::of(found, now)))
}

/// Which blockers to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct BlockerParams {
    /// A team's slug.
    team: Option<String>,
    /// `open` (the default), `unblocked`, `wont_fix` or `all`.
    state: Option<String>,
}

/// Blockers the caller sees, oldest first: the manager's view of open blockers by age.
#[utoipa::path(get, path = "/api/v1/blockers", tag = "checkins", params(BlockerParams),
    responses((status = 200, body = [BlockerDto]), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn list_blockers(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(params): ApiQuery<BlockerParams>,
) -> ApiResult<Json<Vec<BlockerDto>>> {
    let state_filter = match params.state.as_deref().map(str::trim) {
        None | Some("open") => Some(BlockerState::Open),
        Some("all") => None,
        Some(raw) => Some(BlockerState::parse(raw).map_err(ApiError::invalid)?),
    };
    let filter = BlockerFilter {
        team: params.team,
        state: state_filter,
    };
    let found = blockers::list(&state.app, &actor, &filter).await?;
    Ok(Json(found.into_iter().map(BlockerDto::from).collect()))
}

/// One blocker.
#[utoipa::path(get, path = "/api/v1/blockers/{id}", tag = "checkins", params(("id" = i64, Path)),
    responses((status = 200, body = BlockerDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn get_blocker(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<BlockerDto>> {
    Ok(Json(blockers::get(&state.app, &actor, id).await?.into()))
}

/// Unblocks a blocker or marks it won't fix (its owner, reporter, the team's DRI or an
/// admin); 409 naming what is allowed when it is resolved already.
#[utoipa::path(post, path = "/api/v1/blockers/{id}/resolve", tag = "checkins", params(("id" = i64, Path)), request_body = ResolveDto,
    responses((status = 200, body = BlockerDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn resolve_blocker(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ResolveDto>,
) -> ApiResult<Json<BlockerDto>> {
    let action = BlockerAction::parse(&body.state).map_err(ApiError::invalid)?;
    let note = body.note.unwrap_or_default();
    let view = blockers::resolve(&state.app, &actor, id, action, &note).await?;
    Ok(Json(view.into()))
}
