//! `/api/v1/documents/{slug}/rounds`: review rounds on proposals — open, verdicts, open
//! questions, close early, reopen, revise, the DRI's tie-break, the synthesis and publishing
//! the decision record.

use super::dto::ErrorBody;
use super::dto::reviews::{
    AnswerDto, NewQuestionDto, OpenRoundDto, PublishDto, PublishedDto, ReopenDto, ReviewDto,
    RoundDto, SynthesisDto, TieBreakDto, VerdictDto,
};
use super::{ApiActor, ApiError, ApiJson, ApiPath, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use longhand_core::ops::reviews::{self, OpenInput, PublishInput};
use longhand_domain::reviews::{Outcome, Reversibility, Verdict};

impl TryFrom<OpenRoundDto> for OpenInput {
    type Error = ApiError;

    fn try_from(body: OpenRoundDto) -> Result<OpenInput, ApiError> {
        let reversibility = body
            .reversibility
            .as_deref()
            .map(|raw| {
                Reversibility::parse(raw).ok_or_else(|| {
                    ApiError::invalid(format!(
                        "reversibility \"{raw}\" must be reversible or irreversible"
                    ))
                })
            })
            .transpose()?;
        Ok(OpenInput {
            reviewers: body.reviewers,
            deciders: body.deciders,
            window: body.window,
            reversibility,
            category: body.category,
        })
    }
}

fn outcome(raw: &str) -> Result<Outcome, ApiError> {
    Outcome::parse(raw)
        .ok_or_else(|| ApiError::invalid(format!("outcome \"{raw}\" must be accepted or rejected")))
}

/// A document's review rounds, newest first, and whether you may open one.
#[utoipa::path(get, path = "/api/v1/documents/{slug}/rounds", tag = "reviews", params(("slug" = String, Path)),
    responses((status = 200, body = ReviewDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<ReviewDto>> {
    let review = reviews::for_document(&state.app, &actor, &slug).await?;
    Ok(Json(ReviewDto::from(&review)))
}

/// Opens a review round on a proposal (its owner only). Each reviewer gets a review ask and
/// each decider an approval ask through the response-time engine; the window closes on the
/// team's calendar and a "closing soon" notice goes out 24 business hours before.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/rounds", tag = "reviews", params(("slug" = String, Path)), request_body = OpenRoundDto,
    responses((status = 201, body = RoundDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn open(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<OpenRoundDto>,
) -> ApiResult<(StatusCode, Json<RoundDto>)> {
    let view = reviews::open(&state.app, &actor, &slug, body.try_into()?).await?;
    Ok((StatusCode::CREATED, Json(RoundDto::from(&view))))
}

/// One round, with what the decision rules say now.
#[utoipa::path(get, path = "/api/v1/documents/{slug}/rounds/{number}", tag = "reviews", params(("slug" = String, Path), ("number" = i64, Path)),
    responses((status = 200, body = RoundDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, number)): ApiPath<(String, i64)>,
) -> ApiResult<Json<RoundDto>> {
    let view = reviews::get(&state.app, &actor, &slug, number).await?;
    Ok(Json(RoundDto::from(&view)))
}

/// Gives or changes your verdict while the window is open: approve, approve with comments,
/// object (blocking; a reason is required) or abstain. The first answers your review ask.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/rounds/{number}/verdict", tag = "reviews", params(("slug" = String, Path), ("number" = i64, Path)), request_body = VerdictDto,
    responses((status = 200, body = RoundDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn verdict(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, number)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<VerdictDto>,
) -> ApiResult<Json<RoundDto>> {
    let verdict = Verdict::parse(&body.verdict).map_err(ApiError::invalid)?;
    let view = reviews::verdict(&state.app, &actor, &slug, number, verdict, &body.reason).await?;
    Ok(Json(RoundDto::from(&view)))
}

/// Closes the window early (the owner), once everyone deciding has answered.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/rounds/{number}/close", tag = "reviews", params(("slug" = String, Path), ("number" = i64, Path)),
    responses((status = 200, body = RoundDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn close(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, number)): ApiPath<(String, i64)>,
) -> ApiResult<Json<RoundDto>> {
    let view = reviews::close(&state.app, &actor, &slug, number).await?;
    Ok(Json(RoundDto::from(&view)))
}

/// Reopens a closed round with a new window from now (the owner); whoever has not answered
/// is asked again.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/rounds/{number}/reopen", tag = "reviews", params(("slug" = String, Path), ("number" = i64, Path)), request_body = ReopenDto,
    responses((status = 200, body = RoundDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn reopen(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, number)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ReopenDto>,
) -> ApiResult<Json<RoundDto>> {
    let view = reviews::reopen(&state.app, &actor, &slug, number, body.window).await?;
    Ok(Json(RoundDto::from(&view)))
}

/// Revises a closed round (the owner): it is kept as history and the next round opens, with
/// the same people, window and stakes unless the body names others.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/rounds/{number}/revise", tag = "reviews", params(("slug" = String, Path), ("number" = i64, Path)), request_body = OpenRoundDto,
    responses((status = 201, body = RoundDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn revise(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, number)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<OpenRoundDto>,
) -> ApiResult<(StatusCode, Json<RoundDto>)> {
    let view = reviews::revise(&state.app, &actor, &slug, number, body.try_into()?).await?;
    Ok((StatusCode::CREATED, Json(RoundDto::from(&view))))
}

/// Raises an open question while the window is open (the owner or someone asked). Unanswered
/// after 48 business hours, the owner is asked to decide on what is known.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/rounds/{number}/questions", tag = "reviews", params(("slug" = String, Path), ("number" = i64, Path)), request_body = NewQuestionDto,
    responses((status = 201, body = RoundDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn raise_question(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, number)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<NewQuestionDto>,
) -> ApiResult<(StatusCode, Json<RoundDto>)> {
    let view = reviews::raise_question(&state.app, &actor, &slug, number, &body.question).await?;
    Ok((StatusCode::CREATED, Json(RoundDto::from(&view))))
}

/// Answers an open question (the owner or someone asked), once.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/rounds/{number}/questions/{id}/answer", tag = "reviews",
    params(("slug" = String, Path), ("number" = i64, Path), ("id" = i64, Path)), request_body = AnswerDto,
    responses((status = 200, body = RoundDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn answer_question(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, number, id)): ApiPath<(String, i64, i64)>,
    ApiJson(body): ApiJson<AnswerDto>,
) -> ApiResult<Json<RoundDto>> {
    let view =
        reviews::answer_question(&state.app, &actor, &slug, number, id, &body.answer).await?;
    Ok(Json(RoundDto::from(&view)))
}

/// The team's DRI breaks a tie, or a standing objection, on a closed reversible round; the
/// reason is recorded and the owner must then decide that way.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/rounds/{number}/tie-break", tag = "reviews", params(("slug" = String, Path), ("number" = i64, Path)), request_body = TieBreakDto,
    responses((status = 200, body = RoundDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn tie_break(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, number)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<TieBreakDto>,
) -> ApiResult<Json<RoundDto>> {
    let outcome = outcome(&body.outcome)?;
    let view = reviews::tie_break(&state.app, &actor, &slug, number, outcome, &body.reason).await?;
    Ok(Json(RoundDto::from(&view)))
}

/// The synthesis of a closed round (its owner): approvals, objections with reasons, open
/// questions, unresolved threads, and a draft decision record.
#[utoipa::path(get, path = "/api/v1/documents/{slug}/rounds/{number}/synthesis", tag = "reviews", params(("slug" = String, Path), ("number" = i64, Path)),
    responses((status = 200, body = SynthesisDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn synthesis(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, number)): ApiPath<(String, i64)>,
) -> ApiResult<Json<SynthesisDto>> {
    let found = reviews::synthesis(&state.app, &actor, &slug, number).await?;
    Ok(Json(SynthesisDto::from(&found)))
}

/// Publishes the round's decision record (its owner): an accepted or rejected `adr` document
/// with the ADR fields. Refused with 409 while the decision rules do not allow that outcome.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/rounds/{number}/publish", tag = "reviews", params(("slug" = String, Path), ("number" = i64, Path)), request_body = PublishDto,
    responses((status = 201, body = PublishedDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn publish(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, number)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<PublishDto>,
) -> ApiResult<(StatusCode, Json<PublishedDto>)> {
    let input = publish_input(body)?;
    let published = reviews::publish(&state.app, &actor, &slug, number, input).await?;
    Ok((StatusCode::CREATED, Json(PublishedDto::from(&published))))
}

fn publish_input(body: PublishDto) -> Result<PublishInput, ApiError> {
    let review_date = body
        .review_date
        .as_deref()
        .map(|raw| {
            raw.trim().parse::<jiff::civil::Date>().map_err(|_| {
                ApiError::invalid(format!(
                    "review_date \"{raw}\" is not a date like 2026-09-30"
                ))
            })
        })
        .transpose()?;
    Ok(PublishInput {
        outcome: body.outcome.as_deref().map(outcome).transpose()?,
        title: body.title,
        context: body.context,
        options: body.options,
        decision: body.decision,
        rationale: body.rationale,
        consequences: body.consequences,
        review_date,
        supersedes: body.supersedes,
    })
}
