//! Member pages: the directory, a profile with the working week, and the profile editor with
//! a live preview of the week.

use super::error::PageError;
use super::view::{Chrome, WeekView, availability_badge, offset_from, render, short_local};
use super::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use longhand_core::formats::calendar_json::{
    CalendarJson, DAY_KEYS, DateRangeJson, FocusBlockJson, parse_time,
};
use longhand_core::ops::members::{MemberView, ProfileInput};
use longhand_core::ops::{self, OpError};
use longhand_domain::access;
use longhand_domain::names::DisplayName;
use serde::Deserialize;

/// The `?ok=` notice code after a redirect.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Notice {
    ok: Option<String>,
}

impl Notice {
    pub(crate) fn code(&self) -> Option<&str> {
        self.ok.as_deref()
    }
}

pub(crate) struct MemberRow {
    handle: String,
    name: String,
    initial: char,
    role: &'static str,
    active: bool,
    local: String,
    zone: String,
    offset: String,
    badge_class: &'static str,
    badge: &'static str,
}

#[derive(Template)]
#[template(path = "members/list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<MemberRow>,
    viewer_time: String,
}

fn row(member: MemberView, viewer_zone: &jiff::tz::TimeZone, now: jiff::Timestamp) -> MemberRow {
    let (badge_class, badge) = availability_badge(member.availability);
    let zone = member.calendar.time_zone();
    MemberRow {
        initial: member.record.name.chars().next().unwrap_or('?'),
        offset: offset_from(viewer_zone, zone, now),
        zone: zone.iana_name().unwrap_or("UTC").to_owned(),
        local: short_local(&member.local_now),
        handle: member.record.handle,
        name: member.record.name,
        role: member.record.role.as_str(),
        active: member.record.active,
        badge_class,
        badge,
    }
}

/// GET /members
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Response, PageError> {
    let me = ops::members::me(&state.app, &viewer.actor).await?;
    let now = state.app.now();
    let members = ops::members::list(&state.app, &viewer.actor).await?;
    let rows = members
        .into_iter()
        .map(|m| row(m, me.calendar.time_zone(), now))
        .collect();
    let page = ListPage {
        chrome: Chrome::for_viewer(&viewer, "Members", "members"),
        rows,
        viewer_time: me.local_now.strftime("%H:%M").to_string(),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "members/profile.html")]
struct ProfilePage {
    chrome: Chrome,
    handle: String,
    name: String,
    initial: char,
    role: &'static str,
    email: String,
    local: String,
    zone: String,
    offset: String,
    badge_class: &'static str,
    badge: &'static str,
    can_edit: bool,
    week: WeekView,
    holidays: Vec<String>,
    time_off: Vec<String>,
    teams: Vec<(String, String)>,
    digest_time: String,
}

/// GET /members/{handle}
pub(crate) async fn profile(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(handle): Path<String>,
    Query(notice): Query<Notice>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let member = ops::members::get(app, &viewer.actor, &handle).await?;
    let me = ops::members::me(app, &viewer.actor).await?;
    let teams = ops::teams::list(app, &viewer.actor).await?;
    let (badge_class, badge) = availability_badge(member.availability);
    let today = member.local_now.date();
    let is_self = member.record.id == viewer.actor.id;
    let nav = if is_self { "me" } else { "members" };
    let page = ProfilePage {
        chrome: Chrome::for_viewer(&viewer, member.record.name.clone(), nav)
            .with_notice(notice.code()),
        handle: member.record.handle.clone(),
        name: member.record.name.clone(),
        initial: member.record.name.chars().next().unwrap_or('?'),
        role: member.record.role.as_str(),
        email: member.record.email.clone(),
        local: short_local(&member.local_now),
        zone: member
            .calendar
            .time_zone()
            .iana_name()
            .unwrap_or("UTC")
            .to_owned(),
        offset: if is_self {
            "you".to_owned()
        } else {
            offset_from(
                me.calendar.time_zone(),
                member.calendar.time_zone(),
                app.now(),
            )
        },
        badge_class,
        badge,
        can_edit: is_self || access::can_administer(viewer.actor.role),
        week: WeekView::of(&member.calendar),
        holidays: member
            .calendar
            .holidays()
            .filter(|d| *d >= today)
            .map(|d| d.strftime("%a %-d %b %Y").to_string())
            .collect(),
        time_off: member
            .calendar
            .time_off()
            .iter()
            .filter(|r| r.end() >= today)
            .map(|r| {
                format!(
                    "{} – {}",
                    r.start().strftime("%-d %b %Y"),
                    r.end().strftime("%-d %b %Y")
                )
            })
            .collect(),
        teams: teams
            .into_iter()
            .filter(|t| t.members.iter().any(|m| m.member_id == member.record.id))
            .map(|t| (t.team.slug, t.team.name))
            .collect(),
        digest_time: member.record.digest_time.clone(),
    };
    Ok(render(&page))
}

/// The profile editor's fields, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ProfileForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    hours_mon: String,
    #[serde(default)]
    hours_tue: String,
    #[serde(default)]
    hours_wed: String,
    #[serde(default)]
    hours_thu: String,
    #[serde(default)]
    hours_fri: String,
    #[serde(default)]
    hours_sat: String,
    #[serde(default)]
    hours_sun: String,
    #[serde(default)]
    digest_time: String,
    #[serde(default)]
    focus_blocks: String,
    #[serde(default)]
    holidays: String,
    #[serde(default)]
    time_off: String,
}

/// One weekday's input in the editor.
pub(crate) struct DayField {
    key: &'static str,
    label: &'static str,
    value: String,
}

/// The editor's view of the form.
pub(crate) struct FormView {
    name: String,
    time_zone: String,
    days: Vec<DayField>,
    digest_time: String,
    focus_blocks: String,
    holidays: String,
    time_off: String,
}

const DAY_LABELS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl ProfileForm {
    fn hours(&self) -> [&str; 7] {
        [
            &self.hours_mon,
            &self.hours_tue,
            &self.hours_wed,
            &self.hours_thu,
            &self.hours_fri,
            &self.hours_sat,
            &self.hours_sun,
        ]
    }

    fn from_member(member: &MemberView) -> ProfileForm {
        let json = CalendarJson::from_domain(&member.calendar);
        let day = |key: &str| {
            json.working_hours
                .get(key)
                .map(|r| r.join(", "))
                .unwrap_or_default()
        };
        ProfileForm {
            name: member.record.name.clone(),
            time_zone: json.time_zone.clone(),
            hours_mon: day("mon"),
            hours_tue: day("tue"),
            hours_wed: day("wed"),
            hours_thu: day("thu"),
            hours_fri: day("fri"),
            hours_sat: day("sat"),
            hours_sun: day("sun"),
            digest_time: member.record.digest_time.clone(),
            focus_blocks: json
                .focus_blocks
                .iter()
                .map(|f| format!("{} {}-{}", f.days.join(","), f.start, f.end))
                .collect::<Vec<_>>()
                .join("\n"),
            holidays: json.holidays.join("\n"),
            time_off: json
                .time_off
                .iter()
                .map(|r| format!("{} to {}", r.start, r.end))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    fn view(&self) -> FormView {
        let days = DAY_KEYS
            .iter()
            .zip(DAY_LABELS)
            .zip(self.hours())
            .map(|((key, label), value)| DayField {
                key,
                label,
                value: value.to_owned(),
            })
            .collect();
        FormView {
            name: self.name.clone(),
            time_zone: self.time_zone.clone(),
            days,
            digest_time: self.digest_time.clone(),
            focus_blocks: self.focus_blocks.clone(),
            holidays: self.holidays.clone(),
            time_off: self.time_off.clone(),
        }
    }

    /// Builds the calendar JSON from the typed text, then lets the domain validate it.
    fn calendar(&self) -> Result<longhand_domain::calendar::Calendar, String> {
        let mut json = CalendarJson::standard(self.time_zone.trim());
        for (key, text) in DAY_KEYS.iter().zip(self.hours()) {
            let ranges = text
                .split([',', ';'])
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
                .collect();
            json.working_hours.insert((*key).to_owned(), ranges);
        }
        json.holidays = lines(&self.holidays).map(str::to_owned).collect();
        json.time_off = lines(&self.time_off)
            .map(parse_time_off)
            .collect::<Result<_, _>>()?;
        json.focus_blocks = lines(&self.focus_blocks)
            .map(parse_focus)
            .collect::<Result<_, _>>()?;
        json.to_domain()
    }

    fn parse(&self) -> Result<ProfileInput, String> {
        Ok(ProfileInput {
            name: DisplayName::parse(&self.name).map_err(|e| e.to_string())?,
            calendar: self.calendar()?,
            digest_time: parse_time(&self.digest_time, "digest time")?,
        })
    }
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// `2026-08-03 to 2026-08-14`, `2026-08-03..2026-08-14`, or a single day.
fn parse_time_off(line: &str) -> Result<DateRangeJson, String> {
    let parts: Vec<&str> = line
        .split(" to ")
        .flat_map(|p| p.split(".."))
        .map(str::trim)
        .collect();
    match parts.as_slice() {
        [day] => Ok(DateRangeJson {
            start: (*day).to_owned(),
            end: (*day).to_owned(),
        }),
        [start, end] => Ok(DateRangeJson {
            start: (*start).to_owned(),
            end: (*end).to_owned(),
        }),
        _ => Err(format!(
            "time off \"{line}\" should look like 2026-08-03 to 2026-08-14"
        )),
    }
}

/// `mon,wed 13:00-16:00`.
fn parse_focus(line: &str) -> Result<FocusBlockJson, String> {
    let hint = || format!("focus block \"{line}\" should look like mon,wed 13:00-16:00");
    let (days, range) = line.rsplit_once(char::is_whitespace).ok_or_else(hint)?;
    let (start, end) = range.split_once('-').ok_or_else(hint)?;
    let days = days
        .split([',', ' '])
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect();
    Ok(FocusBlockJson {
        days,
        start: start.trim().to_owned(),
        end: end.trim().to_owned(),
    })
}

#[derive(Template)]
#[template(path = "members/edit.html")]
struct EditPage {
    chrome: Chrome,
    handle: String,
    error: Option<String>,
    form: FormView,
    week: WeekView,
    zones: Vec<String>,
}

async fn editable(
    state: &AppState,
    viewer: &Viewer,
    handle: &str,
) -> Result<MemberView, PageError> {
    let member = ops::members::get(&state.app, &viewer.actor, handle).await?;
    if member.record.id != viewer.actor.id && !access::can_administer(viewer.actor.role) {
        return Err(OpError::Forbidden("you can only edit your own profile".to_owned()).into());
    }
    Ok(member)
}

fn edit_page(
    viewer: &Viewer,
    member: &MemberView,
    form: &ProfileForm,
    error: Option<String>,
) -> Response {
    let week = form
        .calendar()
        .map(|c| WeekView::of(&c))
        .unwrap_or_else(|_| WeekView::of(&member.calendar));
    let nav = if member.record.id == viewer.actor.id {
        "me"
    } else {
        "members"
    };
    let page = EditPage {
        chrome: Chrome::for_viewer(viewer, "Edit profile", nav),
        handle: member.record.handle.clone(),
        error,
        form: form.view(),
        week,
        zones: longhand_core::tz::names(),
    };
    render(&page)
}

/// GET /members/{handle}/edit
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(handle): Path<String>,
) -> Result<Response, PageError> {
    let member = editable(&state, &viewer, &handle).await?;
    Ok(edit_page(
        &viewer,
        &member,
        &ProfileForm::from_member(&member),
        None,
    ))
}

/// POST /members/{handle}/edit
pub(crate) async fn edit_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(handle): Path<String>,
    Form(form): Form<ProfileForm>,
) -> Result<Response, PageError> {
    let member = editable(&state, &viewer, &handle).await?;
    let input = match form.parse() {
        Ok(input) => input,
        Err(message) => {
            return Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                edit_page(&viewer, &member, &form, Some(message)),
            )
                .into_response());
        }
    };
    match ops::members::update_profile(&state.app, &viewer.actor, &handle, input).await {
        Ok(updated) => Ok(Redirect::to(&format!(
            "/members/{}?ok=profile-saved",
            updated.record.handle
        ))
        .into_response()),
        Err(OpError::Invalid(message)) => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            edit_page(&viewer, &member, &form, Some(message)),
        )
            .into_response()),
        Err(err) => Err(err.into()),
    }
}

#[derive(Template)]
#[template(path = "members/preview.html")]
struct PreviewFragment {
    error: Option<String>,
    week: WeekView,
}

/// POST /members/{handle}/preview — the week as typed so far, for htmx.
pub(crate) async fn preview(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(handle): Path<String>,
    Form(form): Form<ProfileForm>,
) -> Result<Response, PageError> {
    let member = editable(&state, &viewer, &handle).await?;
    let fragment = match form.calendar() {
        Ok(calendar) => PreviewFragment {
            error: None,
            week: WeekView::of(&calendar),
        },
        Err(message) => PreviewFragment {
            error: Some(message),
            week: WeekView::of(&member.calendar),
        },
    };
    Ok(render(&fragment))
}
