//! `/api/v1/documents`, `/api/v1/threads`, `/api/v1/templates` and `/api/v1/handbook`: the
//! written artifacts over JSON. Every read is filtered by classification in `ops`.

use super::dto::ErrorBody;
use super::dto::documents::{
    DiffDto, DocumentDetailDto, DocumentDto, ElevateDto, HandbookEntryDto, MoveDto, NewCommentDto,
    NewDocumentDto, NewThreadDto, PostedDto, ReadersDto, ResolveDto, ReviseDto, RevisionDto,
    SavedDto, ShareCreatedDto, ShareDecisionDto, ShareRequestDto, StatusDto, TemplateDto,
    TemplateSourceDto, ThreadDto,
};
use super::{ApiActor, ApiError, ApiJson, ApiPath, ApiQuery, ApiResult};
use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use longhand_core::ops::documents::{self as docs, DocCursor, ListQuery, NewDocInput};
use longhand_core::ops::paging::ListPage;
use longhand_core::ops::threads::{self, NewThreadInput, Posted, ThreadPlace};
use longhand_domain::names::Handle;
use serde::Deserialize;
use utoipa::IntoParams;

/// Filters for the document list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListParams {
    /// A space's slug.
    space: Option<String>,
    /// A template kind.
    kind: Option<String>,
    status: Option<String>,
    /// At most this many (1–500, default 200).
    limit: Option<i64>,
    /// Continue where the previous page stopped: the `cursor` of its `Link: <…>; rel="next"`
    /// header. A cursor the list did not hand out is a 422.
    cursor: Option<String>,
}

/// Documents you may read, latest change first, a page at a time. When more may follow,
/// the `Link` header names the next page (`rel="next"`), with the same filters and a
/// `cursor`; the last page has no `Link`.
#[utoipa::path(get, path = "/api/v1/documents", tag = "documents", params(ListParams),
    responses((status = 200, body = [DocumentDto],
        headers(("Link" = String, description = "`</api/v1/documents?…&cursor=…>; rel=\"next\"` while more may follow"))),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<(HeaderMap, Json<Vec<DocumentDto>>)> {
    let after = params.cursor.as_deref().map(DocCursor::parse).transpose()?;
    let query = ListQuery {
        space: params.space.clone(),
        kind: params.kind.clone(),
        status: params.status.clone(),
        limit: params.limit,
        after,
    };
    let found = docs::list(&state.app, &actor, &query).await?;
    let mut headers = HeaderMap::new();
    if let Some(cursor) = found.next {
        let link = format!("<{}>; rel=\"next\"", next_page(&params, cursor));
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers.insert(header::LINK, value);
        }
    }
    Ok((
        headers,
        Json(found.docs.iter().map(DocumentDto::summary).collect()),
    ))
}

/// The address of the page after `cursor`, with the same filters and limit.
fn next_page(params: &ListParams, cursor: DocCursor) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in [
        ("space", &params.space),
        ("kind", &params.kind),
        ("status", &params.status),
    ] {
        if let Some(value) = value {
            query.append_pair(key, value);
        }
    }
    if let Some(limit) = params.limit {
        query.append_pair("limit", &limit.to_string());
    }
    query.append_pair("cursor", &cursor.to_string());
    format!("/api/v1/documents?{}", query.finish())
}

/// Writes a new document from its template (a draft, or `proposed` for a decision record).
#[utoipa::path(post, path = "/api/v1/documents", tag = "documents", request_body = NewDocumentDto,
    responses((status = 201, body = SavedDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn create(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<NewDocumentDto>,
) -> ApiResult<(StatusCode, Json<SavedDto>)> {
    let (space, kind, parent) = (body.space.clone(), body.kind.clone(), body.parent.clone());
    let content = body.content().into_input()?;
    let input = NewDocInput {
        space,
        kind,
        parent,
        source_thread_id: None,
        content,
    };
    let saved = docs::create(&state.app, &actor, input).await?;
    Ok((StatusCode::CREATED, Json(saved.into())))
}

/// One document with its rendered body, lint findings, readers and backlinks.
#[utoipa::path(get, path = "/api/v1/documents/{slug}", tag = "documents", params(("slug" = String, Path)),
    responses((status = 200, body = DocumentDetailDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn get(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<DocumentDetailDto>> {
    Ok(Json(docs::get(&state.app, &actor, &slug).await?.into()))
}

/// Saves a new revision. Lint errors are refused once the document is published.
#[utoipa::path(put, path = "/api/v1/documents/{slug}", tag = "documents", params(("slug" = String, Path)), request_body = ReviseDto,
    responses((status = 200, body = SavedDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn revise(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<ReviseDto>,
) -> ApiResult<Json<SavedDto>> {
    let (base, note) = (body.base_revision, body.note.clone());
    let input = body.content().into_input()?;
    Ok(Json(
        docs::update(&state.app, &actor, &slug, base, input, &note)
            .await?
            .into(),
    ))
}

/// Changes the status; publishing needs a lint without errors.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/status", tag = "documents", params(("slug" = String, Path)), request_body = StatusDto,
    responses((status = 200, body = SavedDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn set_status(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<StatusDto>,
) -> ApiResult<Json<SavedDto>> {
    Ok(Json(
        docs::set_status(&state.app, &actor, &slug, body.base_revision, &body.to)
            .await?
            .into(),
    ))
}

/// Every revision, newest first (bodies left out).
#[utoipa::path(get, path = "/api/v1/documents/{slug}/revisions", tag = "documents", params(("slug" = String, Path)),
    responses((status = 200, body = [RevisionDto]), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn revisions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<Vec<RevisionDto>>> {
    let (_, revisions) = docs::history(&state.app, &actor, &slug).await?;
    Ok(Json(
        revisions
            .iter()
            .map(|r| RevisionDto::of(r, false))
            .collect(),
    ))
}

/// One revision, with its body.
#[utoipa::path(get, path = "/api/v1/documents/{slug}/revisions/{number}", tag = "documents", params(("slug" = String, Path), ("number" = i64, Path)),
    responses((status = 200, body = RevisionDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn revision(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, number)): ApiPath<(String, i64)>,
) -> ApiResult<Json<RevisionDto>> {
    let found = docs::revision(&state.app, &actor, &slug, number).await?;
    Ok(Json(RevisionDto::of(&found, true)))
}

/// Which two revisions to compare.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct DiffParams {
    from: i64,
    to: i64,
}

/// The difference between two revisions, line by line with changed words marked.
#[utoipa::path(get, path = "/api/v1/documents/{slug}/diff", tag = "documents", params(("slug" = String, Path), DiffParams),
    responses((status = 200, body = DiffDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn diff(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(params): ApiQuery<DiffParams>,
) -> ApiResult<Json<DiffDto>> {
    let view = docs::diff(&state.app, &actor, &slug, params.from, params.to).await?;
    Ok(Json(DiffDto::of(params.from, params.to, &view.diff)))
}

/// Replaces the named readers (owner or admin).
#[utoipa::path(put, path = "/api/v1/documents/{slug}/readers", tag = "documents", params(("slug" = String, Path)), request_body = ReadersDto,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn set_readers(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<ReadersDto>,
) -> ApiResult<StatusCode> {
    let handles = body
        .readers
        .iter()
        .map(|h| Handle::parse(h))
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::invalid)?;
    docs::set_readers(&state.app, &actor, &slug, &handles).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Asks to share a document into another space; a space admin decides.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/shares", tag = "documents", params(("slug" = String, Path)), request_body = ShareRequestDto,
    responses((status = 201, body = ShareCreatedDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn request_share(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<ShareRequestDto>,
) -> ApiResult<(StatusCode, Json<ShareCreatedDto>)> {
    let request = docs::request_share(&state.app, &actor, &slug, &body.space, &body.reason).await?;
    Ok((StatusCode::CREATED, Json(ShareCreatedDto { request })))
}

/// Approves or denies a share request (admins of the document's space).
#[utoipa::path(post, path = "/api/v1/documents/{slug}/shares/{id}", tag = "documents", params(("slug" = String, Path), ("id" = i64, Path)), request_body = ShareDecisionDto,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn decide_share(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ShareDecisionDto>,
) -> ApiResult<StatusCode> {
    let approve = match body.decision.as_str() {
        "approve" => true,
        "deny" => false,
        other => {
            return Err(ApiError::invalid(format!(
                "decision must be approve or deny, not \"{other}\""
            )));
        }
    };
    docs::decide_share(&state.app, &actor, &slug, id, approve).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Moves a handbook page under another page (or to the top) at a position.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/move", tag = "documents", params(("slug" = String, Path)), request_body = MoveDto,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn move_page(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<MoveDto>,
) -> ApiResult<StatusCode> {
    docs::move_page(
        &state.app,
        &actor,
        &slug,
        body.parent.as_deref(),
        body.position,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Narrows the handbook or templates to one space.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct SpaceParam {
    space: Option<String>,
}

/// The handbook pages you may read, in tree order; the first is "Start here".
#[utoipa::path(get, path = "/api/v1/handbook", tag = "documents", params(SpaceParam),
    responses((status = 200, body = [HandbookEntryDto]), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn handbook(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(params): ApiQuery<SpaceParam>,
) -> ApiResult<Json<Vec<HandbookEntryDto>>> {
    let entries = docs::handbook(&state.app, &actor, params.space.as_deref()).await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| HandbookEntryDto {
                slug: e.doc.slug,
                title: e.doc.title,
                depth: e.depth,
            })
            .collect(),
    ))
}

/// The built-in templates, and a space's own when `space` is given.
#[utoipa::path(get, path = "/api/v1/templates", tag = "documents", params(SpaceParam),
    responses((status = 200, body = [TemplateDto]), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn templates(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(params): ApiQuery<SpaceParam>,
) -> ApiResult<Json<Vec<TemplateDto>>> {
    let found = docs::templates(&state.app, &actor, params.space.as_deref()).await?;
    Ok(Json(
        found
            .iter()
            .map(|t| TemplateDto::of(&t.template, t.custom))
            .collect(),
    ))
}

/// Adds or replaces one of a space's own templates (space admins).
#[utoipa::path(post, path = "/api/v1/spaces/{slug}/templates", tag = "documents", params(("slug" = String, Path)), request_body = TemplateSourceDto,
    responses((status = 201, body = TemplateDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn save_template(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<TemplateSourceDto>,
) -> ApiResult<(StatusCode, Json<TemplateDto>)> {
    let template = docs::save_space_template(&state.app, &actor, &slug, &body.source).await?;
    Ok((StatusCode::CREATED, Json(TemplateDto::of(&template, true))))
}

fn posted(posted: Posted) -> PostedDto {
    PostedDto {
        comment: posted.comment_id,
        unknown_mentions: posted.unknown_mentions,
        thread: posted.thread.into(),
    }
}

/// The threads on a document, with their comments.
#[utoipa::path(get, path = "/api/v1/documents/{slug}/threads", tag = "documents", params(("slug" = String, Path)),
    responses((status = 200, body = [ThreadDto]), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn document_threads(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
) -> ApiResult<Json<Vec<ThreadDto>>> {
    let found = threads::on_document(&state.app, &actor, &slug).await?;
    Ok(Json(found.into_iter().map(ThreadDto::from).collect()))
}

/// Starts a thread on a document, optionally on one section.
#[utoipa::path(post, path = "/api/v1/documents/{slug}/threads", tag = "documents", params(("slug" = String, Path)), request_body = NewThreadDto,
    responses((status = 201, body = PostedDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn start_on_document(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<NewThreadDto>,
) -> ApiResult<(StatusCode, Json<PostedDto>)> {
    let input = NewThreadInput {
        place: ThreadPlace::Document {
            slug,
            anchor: body.anchor,
        },
        title: body.title,
        body: body.body,
    };
    Ok((
        StatusCode::CREATED,
        Json(posted(threads::start(&state.app, &actor, input).await?)),
    ))
}

/// Which page of a space's topic threads.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct TopicParams {
    /// 1-based; 1 when not given. A page past the end is empty.
    page: Option<i64>,
    /// Threads on a page: 1–200, default 50.
    per_page: Option<i64>,
}

/// Topic threads of a space, latest activity first, a page at a time (comments not
/// included).
#[utoipa::path(get, path = "/api/v1/spaces/{slug}/threads", tag = "documents", params(("slug" = String, Path), TopicParams),
    responses((status = 200, body = [ThreadDto]), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn space_threads(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(params): ApiQuery<TopicParams>,
) -> ApiResult<Json<Vec<ThreadDto>>> {
    let page = ListPage::parse(params.page, params.per_page)?;
    let found = threads::topics(&state.app, &actor, &slug, page).await?;
    Ok(Json(
        found
            .threads
            .into_iter()
            .map(|t| ThreadDto {
                id: t.id,
                title: t.title,
                document: None,
                anchor: None,
                section: None,
                resolved: t.resolved_at.is_some(),
                elevated_to: None,
                comments: Vec::new(),
            })
            .collect(),
    ))
}

/// Starts a topic thread in a space.
#[utoipa::path(post, path = "/api/v1/spaces/{slug}/threads", tag = "documents", params(("slug" = String, Path)), request_body = NewThreadDto,
    responses((status = 201, body = PostedDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn start_in_space(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<NewThreadDto>,
) -> ApiResult<(StatusCode, Json<PostedDto>)> {
    if body.anchor.is_some() {
        return Err(ApiError::invalid("a topic thread has no section anchor"));
    }
    let input = NewThreadInput {
        place: ThreadPlace::Space { slug },
        title: body.title,
        body: body.body,
    };
    Ok((
        StatusCode::CREATED,
        Json(posted(threads::start(&state.app, &actor, input).await?)),
    ))
}

/// One thread with its comments.
#[utoipa::path(get, path = "/api/v1/threads/{id}", tag = "documents", params(("id" = i64, Path)),
    responses((status = 200, body = ThreadDto), (status = 404, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn thread(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ThreadDto>> {
    Ok(Json(threads::get(&state.app, &actor, id).await?.into()))
}

/// Replies to a thread.
#[utoipa::path(post, path = "/api/v1/threads/{id}/comments", tag = "documents", params(("id" = i64, Path)), request_body = NewCommentDto,
    responses((status = 201, body = PostedDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn reply(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NewCommentDto>,
) -> ApiResult<(StatusCode, Json<PostedDto>)> {
    Ok((
        StatusCode::CREATED,
        Json(posted(
            threads::reply(&state.app, &actor, id, &body.body).await?,
        )),
    ))
}

/// Resolves or reopens a thread.
#[utoipa::path(post, path = "/api/v1/threads/{id}/resolve", tag = "documents", params(("id" = i64, Path)), request_body = ResolveDto,
    responses((status = 200, body = ThreadDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn resolve(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ResolveDto>,
) -> ApiResult<Json<ThreadDto>> {
    Ok(Json(
        threads::set_resolved(&state.app, &actor, id, body.resolved)
            .await?
            .into(),
    ))
}

/// Turns a thread into a decision record or handbook page, prefilled and linked both ways.
#[utoipa::path(post, path = "/api/v1/threads/{id}/elevate", tag = "documents", params(("id" = i64, Path)), request_body = ElevateDto,
    responses((status = 201, body = DocumentDto), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)), security(("bearer" = [])))]
pub(crate) async fn elevate(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ElevateDto>,
) -> ApiResult<(StatusCode, Json<DocumentDto>)> {
    let slug = threads::elevate(&state.app, &actor, id, &body.kind).await?;
    let view = docs::get(&state.app, &actor, &slug).await?;
    Ok((StatusCode::CREATED, Json(DocumentDto::full(&view.doc))))
}
