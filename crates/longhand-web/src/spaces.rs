//! Space pages: the list, the create form, and a space with members and settings.

use super::error::PageError;
use super::members::Notice;
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use longhand_core::ops::spaces::{SpaceInput, SpaceView};
use longhand_core::ops::{self, OpError};
use longhand_domain::access;
use longhand_domain::names::{DisplayName, Handle};
use longhand_domain::workspace::{NoiseLevel, SpacePurpose, SpaceRole, Visibility};
use serde::Deserialize;

pub(crate) struct SpaceRow {
    slug: String,
    name: String,
    description: String,
    purpose: &'static str,
    private: bool,
    noise: &'static str,
    members: i64,
    is_member: bool,
    can_join: bool,
}

#[derive(Template)]
#[template(path = "spaces/list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<SpaceRow>,
    can_create: bool,
}

/// GET /spaces
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    let spaces = ops::spaces::list(&state.app, &viewer.actor).await?;
    let rows = spaces
        .into_iter()
        .map(|(s, rights)| SpaceRow {
            slug: s.slug,
            name: s.name,
            description: s.description,
            purpose: s.purpose.as_str(),
            private: s.visibility == Visibility::Private,
            noise: s.noise.as_str(),
            members: s.member_count,
            is_member: rights.is_member,
            can_join: rights.can_join,
        })
        .collect();
    let page = ListPage {
        chrome: Chrome::for_viewer(&viewer, "Spaces", "spaces").with_notice(notice.code()),
        rows,
        can_create: access::can_create(viewer.actor.role),
    };
    Ok(render(&page))
}

/// The space settings form, as typed.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct SpaceForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    noise: String,
}

impl SpaceForm {
    fn empty() -> SpaceForm {
        SpaceForm {
            name: String::new(),
            description: String::new(),
            purpose: "discussion".into(),
            visibility: "workspace".into(),
            noise: String::new(),
        }
    }

    fn of(view: &SpaceView) -> SpaceForm {
        let s = &view.space;
        SpaceForm {
            name: s.name.clone(),
            description: s.description.clone(),
            purpose: s.purpose.as_str().into(),
            visibility: s.visibility.as_str().into(),
            noise: s.noise.as_str().into(),
        }
    }

    fn parse(&self) -> Result<SpaceInput, OpError> {
        let noise = self.noise.trim();
        Ok(SpaceInput {
            name: DisplayName::parse(&self.name).map_err(ops::invalid)?,
            slug: None,
            description: self.description.clone(),
            purpose: SpacePurpose::parse(&self.purpose).map_err(ops::invalid)?,
            visibility: Visibility::parse(&self.visibility).map_err(ops::invalid)?,
            noise: if noise.is_empty() {
                None
            } else {
                Some(NoiseLevel::parse(noise).map_err(ops::invalid)?)
            },
        })
    }
}

/// The choices of the settings form, with the current ones marked.
pub(crate) struct FormOptions {
    purposes: Vec<(&'static str, &'static str, bool)>,
    noises: Vec<(&'static str, bool)>,
    private: bool,
}

impl FormOptions {
    fn of(form: &SpaceForm) -> FormOptions {
        FormOptions {
            purposes: SpacePurpose::ALL
                .iter()
                .map(|p| (p.as_str(), p.describe(), p.as_str() == form.purpose))
                .collect(),
            noises: NoiseLevel::ALL
                .iter()
                .map(|n| (n.as_str(), n.as_str() == form.noise))
                .collect(),
            private: form.visibility == "private",
        }
    }
}

#[derive(Template)]
#[template(path = "spaces/new.html")]
struct NewPage {
    chrome: Chrome,
    error: Option<String>,
    form: SpaceForm,
    options: FormOptions,
}

fn new_page(viewer: &Viewer, form: SpaceForm, error: Option<String>) -> Response {
    render(&NewPage {
        chrome: Chrome::for_viewer(viewer, "New space", "spaces"),
        error,
        options: FormOptions::of(&form),
        form,
    })
}

/// GET /spaces/new
pub(crate) async fn new_form(viewer: Viewer) -> Response {
    new_page(&viewer, SpaceForm::empty(), None)
}

fn is_user_error(err: &OpError) -> bool {
    matches!(
        err,
        OpError::Invalid(_) | OpError::Conflict(_) | OpError::Forbidden(_)
    )
}

/// POST /spaces
pub(crate) async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<SpaceForm>,
) -> Result<Response, PageError> {
    let result = match form.parse() {
        Ok(input) => ops::spaces::create(&state.app, &viewer.actor, input).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(view) => Ok(
            Redirect::to(&format!("/spaces/{}?ok=space-created", view.space.slug)).into_response(),
        ),
        Err(err) if is_user_error(&err) => {
            let status = super::error::classify(&err).0;
            Ok((status, new_page(&viewer, form, Some(err.to_string()))).into_response())
        }
        Err(err) => Err(err.into()),
    }
}

pub(crate) struct SpaceMemberRow {
    handle: String,
    name: String,
    admin: bool,
    is_viewer: bool,
}

#[derive(Template)]
#[template(path = "spaces/detail.html")]
struct DetailPage {
    chrome: Chrome,
    slug: String,
    name: String,
    description: String,
    purpose: &'static str,
    noise: &'static str,
    private: bool,
    members: Vec<SpaceMemberRow>,
    can_manage: bool,
    can_join: bool,
    is_member: bool,
    error: Option<String>,
    handles: Vec<String>,
    form: SpaceForm,
    options: FormOptions,
    /// Topic threads: (id, title, comments, resolved).
    topics: Vec<(i64, String, i64, bool)>,
    /// Links to the newer and older pages of topic threads.
    newer_topics: Option<String>,
    older_topics: Option<String>,
    /// How many members the space has, and whether some are left out of `members`.
    member_count: usize,
    members_cut: bool,
    /// Recent documents: (slug, title, kind, status).
    documents: Vec<(String, String, String, String)>,
    following: bool,
}

/// How many topic threads a page of the space shows.
const TOPICS_PER_PAGE: i64 = 25;
/// How many members the space page lists before "show all".
const MEMBERS_SHOWN: usize = 48;

/// What part of a space's lists the page shows: `?threads=N` pages the topic threads,
/// `?members=all` lists every member.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DetailParams {
    #[serde(default)]
    threads: String,
    #[serde(default)]
    members: String,
}

impl DetailParams {
    fn topics(&self) -> Result<ops::paging::ListPage, OpError> {
        ops::paging::ListPage::from_text(&self.threads, TOPICS_PER_PAGE)
    }

    fn all_members(&self) -> bool {
        self.members == "all"
    }
}

async fn detail_page(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    shown: &DetailParams,
    notice: Option<&str>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let topics_page = shown.topics()?;
    let view = ops::spaces::get(&state.app, &viewer.actor, slug).await?;
    let handles = if view.rights.can_manage {
        ops::members::list(&state.app, &viewer.actor)
            .await?
            .into_iter()
            .filter(|m| m.record.active)
            .map(|m| m.record.handle)
            .collect()
    } else {
        Vec::new()
    };
    let form = SpaceForm::of(&view);
    let target = ops::follows::FollowTarget::Space(slug.to_owned());
    let following = ops::follows::is_following(&state.app, &viewer.actor, &target).await?;
    let found = ops::threads::topics(&state.app, &viewer.actor, slug, topics_page).await?;
    let topics_link = |page: i64| format!("/spaces/{slug}?threads={page}#topics");
    let newer_topics = (topics_page.page > 1).then(|| topics_link(topics_page.page - 1));
    let older_topics = found.more.then(|| topics_link(topics_page.page + 1));
    let topics = found
        .threads
        .into_iter()
        .map(|t| (t.id, t.title, t.comment_count, t.resolved_at.is_some()))
        .collect();
    let member_count = view.members.len();
    let members_cut = !shown.all_members() && member_count > MEMBERS_SHOWN;
    let query = ops::documents::ListQuery {
        space: Some(slug.to_owned()),
        limit: Some(10),
        ..ops::documents::ListQuery::default()
    };
    let documents = ops::documents::list(&state.app, &viewer.actor, &query)
        .await?
        .docs
        .into_iter()
        .map(|d| (d.slug, d.title, d.kind, d.status))
        .collect();
    let page = DetailPage {
        chrome: Chrome::for_viewer(viewer, view.space.name.clone(), "spaces").with_notice(notice),
        slug: view.space.slug.clone(),
        name: view.space.name.clone(),
        description: view.space.description.clone(),
        purpose: view.space.purpose.as_str(),
        noise: view.space.noise.as_str(),
        private: view.space.visibility == Visibility::Private,
        members: view
            .members
            .iter()
            .take(if members_cut {
                MEMBERS_SHOWN
            } else {
                usize::MAX
            })
            .map(|m| SpaceMemberRow {
                handle: m.handle.clone(),
                name: m.name.clone(),
                admin: m.role == SpaceRole::Admin,
                is_viewer: m.member_id == viewer.actor.id,
            })
            .collect(),
        can_manage: view.rights.can_manage,
        can_join: view.rights.can_join,
        is_member: view.rights.is_member,
        error,
        topics,
        newer_topics,
        older_topics,
        member_count,
        members_cut,
        documents,
        following,
        handles,
        options: FormOptions::of(&form),
        form,
    };
    Ok(render(&page))
}

/// GET /spaces/{slug}
pub(crate) async fn detail(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Query(notice): Query<Notice>,
    Query(shown): Query<DetailParams>,
) -> Result<Response, PageError> {
    detail_page(&state, &viewer, &slug, &shown, notice.code(), None).await
}

async fn after_change(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    result: Result<(), OpError>,
    notice: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/spaces/{slug}?ok={notice}")).into_response()),
        Err(err)
            if is_user_error(&err)
                || matches!(err, OpError::NotFound("member" | "space membership")) =>
        {
            let status = super::error::classify(&err).0;
            Ok((
                status,
                detail_page(
                    state,
                    viewer,
                    slug,
                    &DetailParams::default(),
                    None,
                    Some(err.to_string()),
                )
                .await?,
            )
                .into_response())
        }
        Err(err) => Err(err.into()),
    }
}

/// POST /spaces/{slug}
pub(crate) async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<SpaceForm>,
) -> Result<Response, PageError> {
    let result = match form.parse() {
        Ok(input) => ops::spaces::update(&state.app, &viewer.actor, &slug, input)
            .await
            .map(drop),
        Err(err) => Err(err),
    };
    after_change(&state, &viewer, &slug, result, "space-saved").await
}

/// POST /spaces/{slug}/join
pub(crate) async fn join(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let result = ops::spaces::join(&state.app, &viewer.actor, &slug)
        .await
        .map(drop);
    after_change(&state, &viewer, &slug, result, "joined").await
}

/// POST /spaces/{slug}/leave
pub(crate) async fn leave(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    match ops::spaces::leave(&state.app, &viewer.actor, &slug).await {
        Ok(Some(_)) => Ok(Redirect::to(&format!("/spaces/{slug}?ok=left")).into_response()),
        // A private space disappears from view once you leave it.
        Ok(None) => Ok(Redirect::to("/spaces?ok=left").into_response()),
        Err(err) => after_change(&state, &viewer, &slug, Err(err), "left").await,
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct AddMemberForm {
    #[serde(default)]
    handle: String,
    #[serde(default)]
    role: String,
}

/// POST /spaces/{slug}/members
pub(crate) async fn add_member(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<AddMemberForm>,
) -> Result<Response, PageError> {
    let parsed = Handle::parse(&form.handle)
        .map_err(ops::invalid)
        .and_then(|h| {
            Ok((
                h,
                SpaceRole::parse(if form.role.is_empty() {
                    "member"
                } else {
                    &form.role
                })
                .map_err(ops::invalid)?,
            ))
        });
    let result = match parsed {
        Ok((handle, role)) => {
            ops::spaces::add_member(&state.app, &viewer.actor, &slug, &handle, role)
                .await
                .map(drop)
        }
        Err(err) => Err(err),
    };
    after_change(&state, &viewer, &slug, result, "member-added").await
}

/// POST /spaces/{slug}/members/{handle}/remove
pub(crate) async fn remove_member(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, handle)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let result = match Handle::parse(&handle) {
        Ok(handle) => ops::spaces::remove_member(&state.app, &viewer.actor, &slug, &handle)
            .await
            .map(drop),
        Err(err) => Err(ops::invalid(err)),
    };
    after_change(&state, &viewer, &slug, result, "member-removed").await
}
