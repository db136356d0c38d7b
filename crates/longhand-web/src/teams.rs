//! Team pages: the list with a create form, and a team with its members and settings.

use super::error::PageError;
use super::members::Notice;
use super::view::{Chrome, availability_badge, render, short_local};
use super::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use longhand_core::ops::teams::TeamInput;
use longhand_core::ops::{self, OpError};
use longhand_domain::access;
use longhand_domain::names::{DisplayName, Handle};
use serde::Deserialize;

pub(crate) struct TeamCard {
    slug: String,
    name: String,
    description: String,
    dri: String,
    members: usize,
    mine: bool,
}

#[derive(Template)]
#[template(path = "teams/list.html")]
struct ListPage {
    chrome: Chrome,
    teams: Vec<TeamCard>,
    can_create: bool,
    error: Option<String>,
    viewer_handle: String,
    handles: Vec<String>,
}

async fn handles(state: &AppState, viewer: &Viewer) -> Result<Vec<String>, OpError> {
    let members = ops::members::list(&state.app, &viewer.actor).await?;
    Ok(members
        .into_iter()
        .filter(|m| m.record.active)
        .map(|m| m.record.handle)
        .collect())
}

async fn list_page(
    state: &AppState,
    viewer: &Viewer,
    notice: Option<&str>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let teams = ops::teams::list(&state.app, &viewer.actor).await?;
    let page = ListPage {
        chrome: Chrome::for_viewer(viewer, "Teams", "teams").with_notice(notice),
        teams: teams
            .into_iter()
            .map(|t| TeamCard {
                mine: t.members.iter().any(|m| m.member_id == viewer.actor.id),
                members: t.members.len(),
                slug: t.team.slug,
                name: t.team.name,
                description: t.team.description,
                dri: t.dri_name,
            })
            .collect(),
        can_create: access::can_create(viewer.actor.role),
        error,
        viewer_handle: viewer.actor.handle.clone(),
        handles: handles(state, viewer).await?,
    };
    Ok(render(&page))
}

/// GET /teams
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    list_page(&state, &viewer, notice.code(), None).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct TeamForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    dri: String,
    #[serde(default)]
    description: String,
}

impl TeamForm {
    fn parse(&self) -> Result<TeamInput, OpError> {
        Ok(TeamInput {
            name: DisplayName::parse(&self.name).map_err(ops::invalid)?,
            slug: None,
            description: self.description.clone(),
            dri: Handle::parse(&self.dri).map_err(ops::invalid)?,
        })
    }
}

fn is_user_error(err: &OpError) -> bool {
    matches!(
        err,
        OpError::Invalid(_) | OpError::Conflict(_) | OpError::NotFound(_)
    )
}

/// POST /teams
pub(crate) async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<TeamForm>,
) -> Result<Response, PageError> {
    let result = match form.parse() {
        Ok(input) => ops::teams::create(&state.app, &viewer.actor, input).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(team) => {
            Ok(Redirect::to(&format!("/teams/{}?ok=team-created", team.team.slug)).into_response())
        }
        Err(err) if is_user_error(&err) => {
            let status = super::error::classify(&err).0;
            Ok((
                status,
                list_page(&state, &viewer, None, Some(err.to_string())).await?,
            )
                .into_response())
        }
        Err(err) => Err(err.into()),
    }
}

pub(crate) struct TeamMemberRow {
    handle: String,
    name: String,
    local: String,
    badge_class: &'static str,
    badge: &'static str,
    is_dri: bool,
    is_viewer: bool,
}

#[derive(Template)]
#[template(path = "teams/detail.html")]
struct DetailPage {
    chrome: Chrome,
    slug: String,
    name: String,
    description: String,
    dri_handle: String,
    dri_name: String,
    members: Vec<TeamMemberRow>,
    can_manage: bool,
    error: Option<String>,
    handles: Vec<String>,
    charter_version: i64,
    /// Why the stored charter is refused now (saved under older rules).
    charter_problem: Option<String>,
    levels: Vec<LevelRow>,
    urgent_definition: String,
    budget_percent: i64,
    reminder_percent: i64,
    escalation: String,
    /// The charter's default review window and irreversible decision categories.
    review_window: String,
    irreversible: String,
    team_share: String,
    member_shares: Vec<(String, String)>,
    schedule: ScheduleBox,
    /// The current period's check-ins, for readers who see them.
    checkins: Option<CheckinsBox>,
}

/// The team's check-in schedule as its panel shows it.
pub(crate) struct ScheduleBox {
    cadence: &'static str,
    weekday: &'static str,
    at: String,
    escalate_after_hours: i64,
    can_edit: bool,
    summary: String,
}

/// One member's line of the check-ins at a glance.
pub(crate) struct CheckinLine {
    handle: String,
    name: String,
    status: &'static str,
    status_class: &'static str,
    link: Option<String>,
    blockers: Vec<(i64, String, String)>,
}

/// The current period's check-ins at a glance.
pub(crate) struct CheckinsBox {
    answered: usize,
    late: usize,
    blocked: usize,
    not_yet: usize,
    lines: Vec<CheckinLine>,
}

fn schedule_box(view: &ops::checkins::ScheduleView) -> ScheduleBox {
    use ops::checkins::CadenceChoice;
    let at = view.at.strftime("%H:%M").to_string();
    let weekday = longhand_core::formats::calendar_json::day_key(view.weekday);
    let summary = match view.cadence {
        CadenceChoice::Off => "Check-ins are off.".to_owned(),
        CadenceChoice::Daily => {
            format!("Daily at {at}, each member's own time, on their working days.")
        }
        CadenceChoice::Weekly => format!(
            "Weekly from {weekday} at {at}, each member's own time, on their first working day of the week."
        ),
    };
    ScheduleBox {
        cadence: view.cadence.as_str(),
        weekday,
        at,
        escalate_after_hours: view.escalate_after_hours,
        can_edit: view.can_edit,
        summary,
    }
}

fn status_class(status: ops::checkins::CheckinStatus) -> &'static str {
    use ops::checkins::CheckinStatus as S;
    match status {
        S::Answered => "badge-ok",
        S::AnsweredLate | S::Overdue | S::Missed => "badge-late",
        S::Waiting | S::NoPeriod => "badge-off",
    }
}

fn checkins_box(team: ops::checkins::TeamCheckins) -> CheckinsBox {
    CheckinsBox {
        answered: team.answered(),
        late: team.late(),
        blocked: team.blocked(),
        not_yet: team.not_yet(),
        lines: team
            .rows
            .into_iter()
            .map(|r| CheckinLine {
                status: r.status.label(),
                status_class: status_class(r.status),
                link: r.checkin.as_ref().map(|c| {
                    format!(
                        "/checkins/{}/{}/{}",
                        team.team_slug, r.handle, c.period_date
                    )
                }),
                blockers: r
                    .open_blockers
                    .iter()
                    .map(|b| (b.id, b.body.clone(), b.owner_handle.clone()))
                    .collect(),
                handle: r.handle,
                name: r.name,
            })
            .collect(),
    }
}

pub(crate) struct LevelRow {
    key: String,
    name: String,
    target: String,
    business: bool,
    urgent: bool,
}

fn share_text(share: &longhand_domain::asks::UrgencyShare) -> String {
    if share.total == 0 {
        return "no asks yet".to_owned();
    }
    let verdict = if share.over_budget() {
        "over the budget"
    } else {
        "within the budget"
    };
    format!(
        "{} of {} asks urgent ({:.0}%), {verdict} of {:.0}%",
        share.urgent,
        share.total,
        share.share() * 100.0,
        share.budget * 100.0
    )
}

async fn detail_page(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    notice: Option<&str>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let team = ops::teams::get(&state.app, &viewer.actor, slug).await?;
    let people = ops::members::list(&state.app, &viewer.actor).await?;
    let members = team
        .members
        .iter()
        .filter_map(|m| people.iter().find(|p| p.record.id == m.member_id))
        .map(|p| {
            let (badge_class, badge) = availability_badge(p.availability);
            TeamMemberRow {
                handle: p.record.handle.clone(),
                name: p.record.name.clone(),
                local: short_local(&p.local_now),
                badge_class,
                badge,
                is_dri: p.record.id == team.team.dri_id,
                is_viewer: p.record.id == viewer.actor.id,
            }
        })
        .collect();
    let charter = ops::asks::charter(&state.app, &viewer.actor, slug).await?;
    let (charter_version, json) = (charter.version, charter.json);
    let (team_share, shares) = ops::asks::urgency_report(&state.app, &viewer.actor, slug).await?;
    let schedule = ops::checkins::get_schedule(&state.app, &viewer.actor, slug).await?;
    let now = state.app.now();
    let checkins =
        match ops::checkins::team_period_summary(&state.app, &viewer.actor, slug, now).await {
            Ok(team) => Some(checkins_box(team)),
            Err(OpError::Forbidden(_)) => None,
            Err(err) => return Err(err.into()),
        };
    let page = DetailPage {
        charter_version,
        charter_problem: charter.problem,
        schedule: schedule_box(&schedule),
        checkins,
        levels: json
            .levels
            .iter()
            .map(|l| LevelRow {
                key: l.key.clone(),
                name: l.name.clone(),
                target: l.target.clone(),
                business: l.measure == "business",
                urgent: l.counts_as_urgent,
            })
            .collect(),
        urgent_definition: json.urgent_definition.clone(),
        budget_percent: (json.urgent_budget * 100.0).round() as i64,
        reminder_percent: (json.reminder_point * 100.0).round() as i64,
        escalation: json.escalation.join(", "),
        review_window: json.review_window.clone(),
        irreversible: json.irreversible_categories.join(", "),
        team_share: share_text(&team_share),
        member_shares: shares
            .iter()
            .map(|(h, s)| (h.clone(), share_text(s)))
            .collect(),
        chrome: Chrome::for_viewer(viewer, team.team.name.clone(), "teams").with_notice(notice),
        can_manage: team.manageable_by(&viewer.actor),
        slug: team.team.slug,
        name: team.team.name,
        description: team.team.description,
        dri_handle: team.dri_handle,
        dri_name: team.dri_name,
        members,
        error,
        handles: people
            .into_iter()
            .filter(|p| p.record.active)
            .map(|p| p.record.handle)
            .collect(),
    };
    Ok(render(&page))
}

/// GET /teams/{slug}
pub(crate) async fn detail(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    detail_page(&state, &viewer, &slug, notice.code(), None).await
}

pub(crate) async fn after_change(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    result: Result<(), OpError>,
    notice: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/teams/{slug}?ok={notice}")).into_response()),
        Err(err) if is_user_error(&err) && !matches!(err, OpError::NotFound("team")) => {
            let status: StatusCode = super::error::classify(&err).0;
            Ok((
                status,
                detail_page(state, viewer, slug, None, Some(err.to_string())).await?,
            )
                .into_response())
        }
        Err(err) => Err(err.into()),
    }
}

/// POST /teams/{slug}
pub(crate) async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<TeamForm>,
) -> Result<Response, PageError> {
    let result = match form.parse() {
        Ok(input) => ops::teams::update(&state.app, &viewer.actor, &slug, input)
            .await
            .map(drop),
        Err(err) => Err(err),
    };
    after_change(&state, &viewer, &slug, result, "team-saved").await
}

#[derive(Debug, Deserialize)]
pub(crate) struct HandleForm {
    #[serde(default)]
    handle: String,
}

/// POST /teams/{slug}/members
pub(crate) async fn add_member(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<HandleForm>,
) -> Result<Response, PageError> {
    let result = match Handle::parse(&form.handle) {
        Ok(handle) => ops::teams::add_member(&state.app, &viewer.actor, &slug, &handle)
            .await
            .map(drop),
        Err(err) => Err(ops::invalid(err)),
    };
    after_change(&state, &viewer, &slug, result, "member-added").await
}

/// POST /teams/{slug}/members/{handle}/remove
pub(crate) async fn remove_member(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, handle)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let result = match Handle::parse(&handle) {
        Ok(handle) => ops::teams::remove_member(&state.app, &viewer.actor, &slug, &handle)
            .await
            .map(drop),
        Err(err) => Err(ops::invalid(err)),
    };
    after_change(&state, &viewer, &slug, result, "member-removed").await
}

/// The charter form: per-level targets and measures, plus the shared settings.
#[derive(Debug, Deserialize)]
pub(crate) struct CharterForm {
    #[serde(flatten)]
    fields: std::collections::HashMap<String, String>,
}

impl CharterForm {
    fn get(&self, key: &str) -> &str {
        self.fields.get(key).map(String::as_str).unwrap_or_default()
    }

    fn percent(&self, key: &str, what: &str) -> Result<f64, OpError> {
        let raw = self.get(key).trim();
        raw.parse::<f64>()
            .map(|p| p / 100.0)
            .map_err(|_| ops::invalid(format!("{what} \"{raw}\" is not a percentage")))
    }

    /// Applies the form to the charter as stored, keeping level names and urgent flags.
    fn apply(
        &self,
        current: &longhand_core::formats::charter_json::CharterJson,
    ) -> Result<longhand_domain::asks::Charter, OpError> {
        let mut json = current.clone();
        for level in &mut json.levels {
            level.target = self.get(&format!("target_{}", level.key)).trim().to_owned();
            level.measure = self
                .get(&format!("measure_{}", level.key))
                .trim()
                .to_owned();
        }
        json.urgent_budget = self.percent("urgent_budget", "the urgent budget")?;
        json.reminder_point = self.percent("reminder_point", "the reminder point")?;
        json.urgent_definition = self.get("urgent_definition").trim().to_owned();
        json.escalation = self
            .get("escalation")
            .split([',', ' '])
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(str::to_owned)
            .collect();
        // A form from before these fields existed leaves them as stored.
        if self.fields.contains_key("review_window") {
            let window = self.get("review_window").trim();
            json.review_window = match window {
                "" => longhand_domain::reviews::Window::DEFAULT.key(),
                typed => typed.to_owned(),
            };
        }
        if self.fields.contains_key("irreversible_categories") {
            json.irreversible_categories = self
                .get("irreversible_categories")
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect();
        }
        json.to_domain().map_err(OpError::Invalid)
    }
}

/// POST /teams/{slug}/charter
pub(crate) async fn update_charter(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<CharterForm>,
) -> Result<Response, PageError> {
    let current = ops::asks::charter(&state.app, &viewer.actor, &slug).await?;
    let result = match form.apply(&current.json) {
        Ok(charter) => ops::asks::update_charter(&state.app, &viewer.actor, &slug, &charter)
            .await
            .map(drop),
        Err(err) => Err(err),
    };
    after_change(&state, &viewer, &slug, result, "charter-saved").await
}
