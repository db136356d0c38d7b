//! Check-in pages: my check-ins (`/checkins`), the form for one team's current period
//! (`/checkins/{team}`), one member's check-in as teammates read it, and the team page's
//! schedule form. Blockers' pages are in `blockers.rs`.

use super::asks::viewer_zone;
use super::error::{PageError, classify};
use super::members::Notice;
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use longhand_core::ops::checkins::{self, CheckinInput, MyCheckin, ScheduleInput};
use longhand_core::ops::{self, OpError};
use longhand_core::wording;
use longhand_domain::checkins::{Standing, parse_blocker, parse_help};
use serde::Deserialize;

/// A team in the list of my check-ins.
pub(crate) struct TeamLine {
    slug: String,
    name: String,
    state: String,
}

#[derive(Template)]
#[template(path = "checkins/index.html")]
struct IndexPage {
    chrome: Chrome,
    teams: Vec<TeamLine>,
}

fn state_line(mine: &MyCheckin) -> String {
    let answered = mine.checkin.is_some();
    match (mine.standing, answered) {
        (_, true) => "answered".to_owned(),
        (Some(Standing::OnTime), false) => match mine.period {
            Some(p) => format!("due {}", wording::when(p.due_at, &mine.zone)),
            None => "open".to_owned(),
        },
        (Some(_), false) => "not answered, late".to_owned(),
        (None, _) => match mine.next_opens {
            Some(at) => format!("first one opens {}", wording::when(at, &mine.zone)),
            None => "no check-in".to_owned(),
        },
    }
}

/// GET /checkins — the viewer's teams that check in; straight to the form when there is one.
pub(crate) async fn index(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Response, PageError> {
    let mine = checkins::my_checkins(&state.app, &viewer.actor).await?;
    if let [only] = mine.as_slice() {
        return Ok(Redirect::to(&format!("/checkins/{}", only.team_slug)).into_response());
    }
    let page = IndexPage {
        chrome: Chrome::for_viewer(&viewer, "Check-ins", "checkins"),
        teams: mine
            .iter()
            .map(|m| TeamLine {
                slug: m.team_slug.clone(),
                name: m.team_name.clone(),
                state: state_line(m),
            })
            .collect(),
    };
    Ok(render(&page))
}

/// A blocker or help request as the form lists it.
pub(crate) struct ItemLine {
    id: i64,
    text: String,
    who: String,
    state: String,
}

#[derive(Template)]
#[template(path = "checkins/form.html")]
struct FormPage {
    chrome: Chrome,
    slug: String,
    team_name: String,
    /// The period's date (`YYYY-MM-DD`), sent back with the answer.
    period: Option<String>,
    period_day: String,
    due: String,
    zone: String,
    late: bool,
    answered: bool,
    answered_late: bool,
    next_opens: Option<String>,
    previous_next: Option<(String, String)>,
    done: String,
    next: String,
    note: String,
    /// New blockers and help as typed, kept when the form comes back with an error.
    blockers_text: String,
    help_text: String,
    blockers: Vec<ItemLine>,
    help: Vec<ItemLine>,
    error: Option<String>,
}

fn form_page(viewer: &Viewer, mine: MyCheckin, notice: Option<&str>) -> FormPage {
    let zone = &mine.zone;
    let checkin = mine.checkin.as_ref();
    FormPage {
        chrome: Chrome::for_viewer(viewer, format!("Check-in · {}", mine.team_name), "checkins")
            .with_notice(notice),
        period: mine.period.map(|p| p.date.to_string()),
        period_day: mine
            .period
            .map(|p| wording::day(p.date))
            .unwrap_or_default(),
        due: mine
            .period
            .map(|p| wording::when(p.due_at, zone))
            .unwrap_or_default(),
        zone: wording::zone_time(zone),
        late: mine.standing == Some(Standing::Late),
        answered: checkin.is_some(),
        answered_late: checkin.is_some_and(|c| c.late),
        next_opens: mine.next_opens.map(|at| wording::when(at, zone)),
        previous_next: mine
            .previous
            .as_ref()
            .filter(|p| !p.next.is_empty())
            .map(|p| (p.period_date.clone(), p.next.clone())),
        done: checkin.map(|c| c.done.clone()).unwrap_or_default(),
        next: checkin.map(|c| c.next.clone()).unwrap_or_default(),
        note: checkin.map(|c| c.note.clone()).unwrap_or_default(),
        blockers_text: String::new(),
        help_text: String::new(),
        blockers: mine
            .blockers
            .iter()
            .map(|b| ItemLine {
                id: b.id,
                text: b.body.clone(),
                who: b.owner_handle.clone(),
                state: b.state.replace('_', " ").replace("wont", "won't"),
            })
            .collect(),
        help: mine
            .help
            .iter()
            .map(|h| ItemLine {
                id: h.ask_id,
                text: h.question.clone(),
                who: h.handle.clone(),
                state: String::new(),
            })
            .collect(),
        slug: mine.team_slug,
        team_name: mine.team_name,
        error: None,
    }
}

/// GET /checkins/{slug} — the viewer's check-in for their current period.
pub(crate) async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    let mine = checkins::my_checkin(&state.app, &viewer.actor, &slug).await?;
    Ok(render(&form_page(&viewer, mine, notice.code())))
}

/// The check-in form: blockers one per line as `TEXT @handle`, help one per line as
/// `@handle QUESTION`.
#[derive(Debug, Deserialize)]
pub(crate) struct CheckinForm {
    #[serde(default)]
    done: String,
    #[serde(default)]
    next: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    blockers: String,
    #[serde(default)]
    help: String,
    #[serde(default)]
    period: String,
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

impl CheckinForm {
    fn parse(&self) -> Result<CheckinInput, OpError> {
        let blockers = lines(&self.blockers)
            .map(parse_blocker)
            .collect::<Result<Vec<_>, _>>()
            .map_err(ops::invalid)?;
        let help = lines(&self.help)
            .map(parse_help)
            .collect::<Result<Vec<_>, _>>()
            .map_err(ops::invalid)?;
        let period = match self.period.trim() {
            "" => None,
            raw => Some(
                raw.parse()
                    .map_err(|_| ops::invalid("the form's period is not a date"))?,
            ),
        };
        Ok(CheckinInput {
            done: self.done.clone(),
            next: self.next.clone(),
            note: self.note.clone(),
            blockers,
            help,
            period,
        })
    }
}

/// POST /checkins/{slug}
pub(crate) async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<CheckinForm>,
) -> Result<Response, PageError> {
    let result = match form.parse() {
        Ok(input) => checkins::answer(&state.app, &viewer.actor, &slug, input).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(answered) => {
            let code = if answered.late {
                "checkin-saved-late"
            } else {
                "checkin-saved"
            };
            Ok(Redirect::to(&format!("/checkins/{slug}?ok={code}")).into_response())
        }
        Err(err @ (OpError::Invalid(_) | OpError::Conflict(_))) => {
            let status = classify(&err).0;
            let mine = checkins::my_checkin(&state.app, &viewer.actor, &slug).await?;
            let mut page = form_page(&viewer, mine, None);
            page.error = Some(err.to_string());
            (page.done, page.next, page.note) = (form.done, form.next, form.note);
            (page.blockers_text, page.help_text) = (form.blockers, form.help);
            Ok((status, render(&page)).into_response())
        }
        Err(err) => Err(err.into()),
    }
}

#[derive(Template)]
#[template(path = "checkins/one.html")]
struct OnePage {
    chrome: Chrome,
    slug: String,
    team_name: String,
    handle: String,
    name: String,
    day: String,
    answered: String,
    late: bool,
    done: String,
    next: String,
    note: String,
    blockers: Vec<ItemLine>,
    help: Vec<ItemLine>,
}

/// GET /checkins/{slug}/{handle}/{date} — one member's check-in, as their teammates read it.
pub(crate) async fn one(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, handle, date)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let date = date
        .parse::<jiff::civil::Date>()
        .map_err(|_| OpError::NotFound("check-in"))?;
    let found = checkins::one(&state.app, &viewer.actor, &slug, &handle, date).await?;
    let zone = viewer_zone(&state, &viewer).await?;
    let c = &found.checkin;
    let page = OnePage {
        chrome: Chrome::for_viewer(&viewer, format!("{}'s check-in", found.name), "checkins"),
        day: wording::day(date),
        answered: wording::when(c.created_at, &zone),
        late: c.late,
        done: c.done.clone(),
        next: c.next.clone(),
        note: c.note.clone(),
        blockers: found
            .blockers
            .iter()
            .map(|b| ItemLine {
                id: b.id,
                text: b.body.clone(),
                who: b.owner_handle.clone(),
                state: b.state.replace('_', " ").replace("wont", "won't"),
            })
            .collect(),
        help: found
            .help
            .iter()
            .map(|h| ItemLine {
                id: h.ask_id,
                text: h.question.clone(),
                who: h.handle.clone(),
                state: String::new(),
            })
            .collect(),
        slug: found.team_slug,
        team_name: found.team_name,
        handle: found.handle,
        name: found.name,
    };
    Ok(render(&page))
}

/// The team page's schedule form.
#[derive(Debug, Deserialize)]
pub(crate) struct ScheduleForm {
    #[serde(default)]
    cadence: String,
    #[serde(default)]
    weekday: String,
    #[serde(default)]
    at: String,
    #[serde(default)]
    escalate_after_hours: String,
}

impl ScheduleForm {
    fn parse(&self) -> Result<ScheduleInput, OpError> {
        let hours = match self.escalate_after_hours.trim() {
            "" => None,
            raw => Some(raw.parse::<i64>().map_err(|_| {
                ops::invalid(format!("\"{raw}\" is not a whole number of business hours"))
            })?),
        };
        ScheduleInput::parse(&self.cadence, Some(&self.weekday), &self.at, hours)
    }
}

/// POST /teams/{slug}/checkin-schedule
pub(crate) async fn save_schedule(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<ScheduleForm>,
) -> Result<Response, PageError> {
    let result = match form.parse() {
        Ok(input) => checkins::set_schedule(&state.app, &viewer.actor, &slug, input)
            .await
            .map(drop),
        Err(err) => Err(err),
    };
    super::teams::after_change(&state, &viewer, &slug, result, "schedule-saved").await
}
