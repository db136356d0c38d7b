//! The Meetings pages: the audit report with its charts, calendar uploads and feeds, purpose
//! overrides, and the overlap finder.
//!
//! The report on the page is the same [`Report`] the CLI prints and the API returns; the two
//! charts get their data through `data-` attributes (escaped like any attribute) and are drawn
//! by `assets/meetings.js`, since the CSP allows no inline script.

use super::error::PageError;
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use longhand_core::formats::audit_report::{ChangeJson, LoadJson, Report, change_text};
use longhand_core::formats::calendar_problems::{Problem, ProblemList};
use longhand_core::ops::meetings::{self as meetings_ops, CalendarOwner, FeedUrl, feed_status};
use longhand_core::ops::{self, OpError};
use longhand_core::views::meetings::{CalendarRecord, FeedRecord};
use longhand_domain::meetings::{Purpose, Window};
use serde::Deserialize;
use serde_json::json;

/// The report's range as the form sends it (dates, `YYYY-MM-DD`; empty means default).
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct Range {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    baseline_from: String,
    #[serde(default)]
    baseline_to: String,
    ok: Option<String>,
}

fn given(raw: &str) -> Option<&str> {
    Some(raw.trim()).filter(|s| !s.is_empty())
}

impl Range {
    fn windows(&self, now: Timestamp) -> Result<(Window, Option<Window>), OpError> {
        let window = meetings_ops::window(given(&self.from), given(&self.to), now)?;
        let baseline = match (given(&self.baseline_from), given(&self.baseline_to)) {
            (None, None) => None,
            (Some(from), Some(to)) => Some(meetings_ops::window(Some(from), Some(to), now)?),
            _ => {
                return Err(ops::invalid(
                    "give the baseline both a start and an end, or leave both empty",
                ));
            }
        };
        Ok((window, baseline))
    }

    /// The range as a query string, to come back to the same report after a form.
    fn query(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("from", &self.from),
            ("to", &self.to),
            ("baseline_from", &self.baseline_from),
            ("baseline_to", &self.baseline_to),
        ] {
            if !value.trim().is_empty() {
                out.append_pair(key, value.trim());
            }
        }
        out.finish()
    }
}

/// A stored calendar as a row.
struct CalendarRow {
    id: i64,
    name: String,
    uploaded_by: String,
    uploaded_at: String,
    /// Whose calendar it is, `@handle`, or empty when it is not one member's.
    owner: String,
    size: String,
    series: i64,
    skipped: i64,
    problems: Problems,
    can_delete: bool,
}

/// The problems kept with a calendar or a feed, as the page lists them.
#[derive(Default)]
struct Problems {
    count: usize,
    /// `warning: FILE:LINE: message`, the first few.
    lines: Vec<String>,
}

impl Problems {
    fn of(list: Option<&ProblemList>) -> Problems {
        list.map_or_else(Problems::default, |list| Problems {
            count: list.count,
            lines: warning_lines(&list.listed),
        })
    }

    fn label(&self) -> String {
        match self.count {
            1 => "1 problem".to_owned(),
            n => format!("{n} problems"),
        }
    }
}

/// Each problem as the command line prints it.
fn warning_lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| format!("warning: {p}")).collect()
}

/// Why a form did not work: a message, and for a calendar from which nothing could be used
/// the first problems that say why.
#[derive(Default)]
struct Failure {
    message: String,
    problems: Vec<String>,
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure {
            message,
            problems: Vec::new(),
        }
    }
}

/// A member's feed as a row; the address only for its owner.
struct FeedRow {
    handle: String,
    name: String,
    status: &'static str,
    status_class: &'static str,
    detail: String,
    next: String,
    problems: Problems,
}

/// One headline figure.
struct Figure {
    value: String,
    label: &'static str,
    hint: String,
}

#[derive(Template)]
#[template(path = "meetings/index.html")]
struct MeetingsPage {
    chrome: Chrome,
    error: Option<Failure>,
    range: Range,
    window_label: String,
    report: Report,
    figures: Vec<Figure>,
    has_calendars: bool,
    calendars: Vec<CalendarRow>,
    feeds: Vec<FeedRow>,
    my_feed: Option<FeedRow>,
    my_feed_url: String,
    weeks_json: String,
    quadrants_json: String,
    return_query: String,
    purposes: [&'static str; 4],
    /// The viewer's handle, for "my calendar" in the upload form.
    my_handle: String,
    /// Whether the viewer may upload a calendar as another member's.
    is_admin: bool,
}

impl MeetingsPage {
    fn percent(&self, share: &f64) -> String {
        format!("{:.0}%", share * 100.0)
    }

    fn change(&self, m: &ChangeJson) -> String {
        change_text(m)
    }

    /// A metric's value: a share as a percentage, anything else to one decimal.
    fn value(&self, m: &ChangeJson, x: &f64) -> String {
        if m.metric == "meeting_share" {
            format!("{:.0}%", x * 100.0)
        } else {
            format!("{x:.1}")
        }
    }

    fn verdict_class(&self, m: &ChangeJson) -> &'static str {
        match m.verdict {
            "better" => "badge-ontrack",
            "worse" => "badge-breached",
            _ => "badge-closed",
        }
    }

    fn purpose_value(&self, label: &str) -> String {
        label.replace(' ', "-")
    }
}

fn when(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%a %-d %b %Y, %H:%M")
        .to_string()
}

fn day(at: Timestamp) -> String {
    at.to_zoned(TimeZone::UTC).date().to_string()
}

fn size(bytes: i64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / 1024.0 / 1024.0),
        b if b >= 1024 => format!("{:.0} KB", b as f64 / 1024.0),
        b => format!("{b} bytes"),
    }
}

fn calendar_row(c: CalendarRecord, viewer: &Viewer, zone: &TimeZone) -> CalendarRow {
    let can_delete = longhand_domain::access::can_delete_calendar(
        viewer.actor.role,
        c.uploaded_by == viewer.actor.id,
    );
    CalendarRow {
        id: c.id,
        name: c.name,
        uploaded_by: c.uploader_handle,
        uploaded_at: when(c.uploaded_at, zone),
        owner: c.owner_handle.map(|h| format!("@{h}")).unwrap_or_default(),
        size: size(c.bytes),
        series: c.series,
        skipped: c.skipped,
        problems: Problems::of(c.problems.as_ref()),
        can_delete,
    }
}

fn feed_row(f: &FeedRecord, zone: &TimeZone) -> FeedRow {
    let status = feed_status(f);
    let (status, status_class) = match status {
        "ok" => ("fetched", "badge-ontrack"),
        "failing" => ("failing", "badge-breached"),
        _ => ("waiting", "badge-closed"),
    };
    let fetched = f.fetched_at.map(|at| {
        format!(
            "last fetched {}, {} events, {}",
            when(at, zone),
            f.series.unwrap_or(0),
            size(f.bytes.unwrap_or(0))
        )
    });
    let detail = match (&f.last_error, fetched) {
        (Some(error), Some(fetched)) => format!(
            "{error} ({} failed attempts; using what was {fetched})",
            f.failures
        ),
        (Some(error), None) => format!("{error} ({} failed attempts)", f.failures),
        (None, Some(fetched)) => fetched,
        (None, None) => "not fetched yet".to_owned(),
    };
    FeedRow {
        handle: f.handle.clone(),
        name: f.name.clone(),
        status,
        status_class,
        detail,
        next: when(f.next_poll_at, zone),
        problems: Problems::of(f.problems.as_ref()),
    }
}

/// The headline figures: the team's load at a glance.
fn figures(report: &Report) -> Vec<Figure> {
    let org: &LoadJson = &report.organisation.load;
    let people = report.organisation.people.max(1) as f64;
    let recovered: f64 = report
        .series
        .iter()
        .map(|s| s.recovered_hours_per_month)
        .sum();
    let fte: f64 = report.series.iter().map(|s| s.recovered_fte).sum();
    vec![
        Figure {
            value: format!("{:.1} h", org.meeting_hours_per_week / people),
            label: "in meetings per person per week",
            hint: format!("{:.0}% of working time", org.meeting_share * 100.0),
        },
        Figure {
            value: format!("{:.0}", report.person_hours),
            label: "person-hours in meetings",
            hint: format!(
                "{} meetings over {} weeks",
                report.meetings, report.window.weeks
            ),
        },
        Figure {
            value: format!(
                "{:.1}",
                org.focus_blocks as f64 / people / report.window.weeks.max(0.01)
            ),
            label: "focus blocks ≥ 90 min per person per week",
            hint: format!(
                "{:.1} deep-work hours per person per week",
                org.deep_work_hours / people / report.window.weeks.max(0.01)
            ),
        },
        Figure {
            value: format!("{recovered:.0} h"),
            label: "a month to win back from the top 10",
            hint: format!("{fte:.2} FTE"),
        },
    ]
}

/// The weekly chart's data: week starts (seconds) and hours per person.
fn weeks_json(report: &Report) -> String {
    let starts: Vec<i64> = report
        .weeks
        .iter()
        .filter_map(|w| w.from.parse::<Timestamp>().ok())
        .map(|t| t.as_second())
        .collect();
    let meeting: Vec<f64> = report
        .weeks
        .iter()
        .map(|w| w.meeting_hours_per_person)
        .collect();
    let deep: Vec<f64> = report
        .weeks
        .iter()
        .map(|w| w.deep_work_hours_per_person)
        .collect();
    json!({ "starts": starts, "meeting": meeting, "deep": deep }).to_string()
}

/// The quadrant chart's data: one bubble per top series.
fn quadrants_json(report: &Report) -> String {
    let series: Vec<serde_json::Value> = report
        .series
        .iter()
        .map(|s| {
            json!({
                "rank": s.rank,
                "title": s.title,
                "purpose": s.purpose,
                "relationship": s.relationship,
                "shared": s.shared_tenure,
                "person_hours": s.person_hours_per_month,
                "recommendation": s.recommendation,
            })
        })
        .collect();
    serde_json::Value::Array(series).to_string()
}

async fn viewer_zone(state: &AppState, viewer: &Viewer) -> Result<TimeZone, OpError> {
    Ok(ops::members::me(&state.app, &viewer.actor)
        .await?
        .calendar
        .time_zone()
        .clone())
}

/// GET /meetings
pub(crate) async fn index(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(range): Query<Range>,
) -> Result<Response, PageError> {
    page(&state, &viewer, range, None).await
}

async fn page(
    state: &AppState,
    viewer: &Viewer,
    range: Range,
    error: Option<Failure>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let (window, baseline, error) = match range.windows(app.now()) {
        Ok((w, b)) => (w, b, error),
        Err(OpError::Invalid(message)) => (
            Range::default().windows(app.now())?.0,
            None,
            Some(message.into()),
        ),
        Err(other) => return Err(other.into()),
    };
    let data = meetings_ops::report(app, &viewer.actor, window, baseline).await?;
    let has_calendars = data.calendars > 0;
    let report = Report::new(&data.audit, data.comparison.as_ref(), data.read.clone());
    let zone = viewer_zone(state, viewer).await?;
    let calendars = meetings_ops::calendars(app, &viewer.actor).await?;
    let feeds = meetings_ops::feeds(app, &viewer.actor).await?;
    let mine = feeds.iter().find(|f| f.member_id == viewer.actor.id);
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = MeetingsPage {
        chrome: Chrome::for_viewer(viewer, "Meetings", "meetings").with_notice(range.ok.as_deref()),
        error,
        window_label: format!(
            "{} – {}",
            day(window.from()),
            day(window.to() - jiff::SignedDuration::from_secs(1))
        ),
        return_query: range.query(),
        range: Range {
            from: day(window.from()),
            to: day(window.to()),
            ..range
        },
        figures: figures(&report),
        weeks_json: weeks_json(&report),
        quadrants_json: quadrants_json(&report),
        has_calendars,
        report,
        calendars: calendars
            .into_iter()
            .map(|c| calendar_row(c, viewer, &zone))
            .collect(),
        my_feed: mine.map(|f| feed_row(f, &zone)),
        my_feed_url: mine.map(|f| f.url.clone()).unwrap_or_default(),
        feeds: feeds.iter().map(|f| feed_row(f, &zone)).collect(),
        purposes: ["update", "decision", "relationship", "work session"],
        my_handle: viewer.actor.handle.clone(),
        is_admin: viewer.actor.role == longhand_domain::workspace::Role::Admin,
    };
    Ok((status, render(&page)).into_response())
}

/// POST /meetings/calendars (multipart): whose calendars they are (`owner`, or an admin's
/// `owner_handle`, both before the files), then one or more `.ics` files.
pub(crate) async fn upload(
    State(state): State<AppState>,
    viewer: Viewer,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let mut stored = 0;
    let mut warned = false;
    let mut owner = CalendarOwner::AsTheFileSays;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) => return upload_failed(&state, &viewer, err.body_text().into()).await,
        };
        if matches!(field.name(), Some("owner" | "owner_handle")) {
            let raw = match field.text().await {
                Ok(raw) => raw,
                Err(err) => return upload_failed(&state, &viewer, err.body_text().into()).await,
            };
            if raw.trim().is_empty() {
                continue;
            }
            owner = match CalendarOwner::parse(&raw) {
                Ok(owner) => owner,
                Err(err) => return upload_failed(&state, &viewer, err.to_string().into()).await,
            };
            continue;
        }
        if field.name() != Some("calendars") {
            continue;
        }
        let name = field.file_name().unwrap_or("calendar.ics").to_owned();
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(err) => return upload_failed(&state, &viewer, err.body_text().into()).await,
        };
        if bytes.is_empty() && name.is_empty() {
            continue;
        }
        match meetings_ops::upload(&state.app, &viewer.actor, &name, &bytes, &owner).await {
            Ok(record) => {
                stored += 1;
                warned |= record.problems.is_some_and(|p| p.count > 0);
            }
            Err(err @ (OpError::Invalid(_) | OpError::Forbidden(_) | OpError::Unusable { .. })) => {
                return upload_failed(&state, &viewer, refused(err, stored)).await;
            }
            Err(other) => return Err(other.into()),
        }
    }
    if stored == 0 {
        let message = "choose one or more .ics files to upload".to_owned();
        return upload_failed(&state, &viewer, message.into()).await;
    }
    // Each calendar's problems are listed with it, in the table of uploaded calendars.
    let notice = if warned {
        "calendars-uploaded-with-warnings#calendars"
    } else {
        "calendars-uploaded"
    };
    Ok(Redirect::to(&format!("/meetings?ok={notice}")).into_response())
}

/// A refused upload as the page says it, with the problems of a calendar from which nothing
/// could be used, and how many files before it were stored.
fn refused(err: OpError, stored: usize) -> Failure {
    let message = match stored {
        0 => err.to_string(),
        n => format!("{err} ({n} earlier files were stored)"),
    };
    let problems = match err {
        OpError::Unusable { problems, .. } => warning_lines(&problems.listed),
        _ => Vec::new(),
    };
    Failure { message, problems }
}

async fn upload_failed(
    state: &AppState,
    viewer: &Viewer,
    failure: Failure,
) -> Result<Response, PageError> {
    page(state, viewer, Range::default(), Some(failure)).await
}

/// POST /meetings/calendars/{id}/delete
pub(crate) async fn delete_calendar(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    meetings_ops::delete_calendar(&state.app, &viewer.actor, id).await?;
    Ok(Redirect::to("/meetings?ok=calendar-deleted").into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct FeedForm {
    #[serde(default)]
    url: String,
    #[serde(default)]
    remove: Option<String>,
}

/// POST /meetings/feed: save or remove the viewer's calendar feed.
pub(crate) async fn set_feed(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<FeedForm>,
) -> Result<Response, PageError> {
    if form.remove.is_some() {
        meetings_ops::clear_feed(&state.app, &viewer.actor).await?;
        return Ok(Redirect::to("/meetings?ok=feed-removed#calendars").into_response());
    }
    let saved = match FeedUrl::parse(&form.url) {
        Ok(url) => meetings_ops::set_feed(&state.app, &viewer.actor, &url).await,
        Err(err) => Err(err),
    };
    match saved {
        Ok(_) => Ok(Redirect::to("/meetings?ok=feed-saved#calendars").into_response()),
        Err(OpError::Invalid(message)) => {
            page(&state, &viewer, Range::default(), Some(message.into())).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct PurposeForm {
    series: String,
    purpose: String,
    #[serde(default)]
    back: String,
}

/// POST /meetings/purpose: set a series' purpose by hand, or `automatic` to clear it.
pub(crate) async fn set_purpose(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<PurposeForm>,
) -> Result<Response, PageError> {
    let purpose = match form.purpose.as_str() {
        "automatic" => None,
        raw => Some(Purpose::parse(raw).ok_or_else(|| {
            PageError(ops::invalid(
                "choose update, decision, relationship or work session",
            ))
        })?),
    };
    meetings_ops::set_purpose(&state.app, &viewer.actor, &form.series, purpose).await?;
    let back: String = form
        .back
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "=&-_.%:+".contains(*c))
        .collect();
    let sep = if back.is_empty() { "" } else { "&" };
    Ok(Redirect::to(&format!(
        "/meetings?{back}{sep}ok=purpose-saved#top-meetings"
    ))
    .into_response())
}

/// A person to pick in the overlap finder.
struct Pick {
    handle: String,
    name: String,
    zone: String,
    checked: bool,
}

/// One shared stretch, on each person's clock.
struct SlotRow {
    length: String,
    local: Vec<String>,
}

#[derive(Template)]
#[template(path = "meetings/overlap.html")]
struct OverlapPage {
    chrome: Chrome,
    error: Option<String>,
    picks: Vec<Pick>,
    week: String,
    week_label: String,
    people: Vec<(String, String)>,
    slots: Vec<SlotRow>,
    total: String,
    asked: bool,
}

fn length_label(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m:02}m"),
    }
}

/// GET /meetings/overlap?members=ana&members=ben&week=2026-03-02
pub(crate) async fn overlap(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let (handles, week) = overlap_query(query.as_deref().unwrap_or(""));
    let members = ops::members::list(&state.app, &viewer.actor).await?;
    let picks: Vec<Pick> = members
        .iter()
        .filter(|m| m.record.active)
        .map(|m| Pick {
            handle: m.record.handle.clone(),
            name: m.record.name.clone(),
            zone: m
                .calendar
                .time_zone()
                .iana_name()
                .unwrap_or("UTC")
                .to_owned(),
            checked: handles.iter().any(|h| h == &m.record.handle),
        })
        .collect();
    let mut page = OverlapPage {
        chrome: Chrome::for_viewer(&viewer, "Overlap finder", "meetings"),
        error: None,
        picks,
        week: week.clone(),
        week_label: String::new(),
        people: vec![],
        slots: vec![],
        total: String::new(),
        asked: !handles.is_empty(),
    };
    if page.asked {
        fill_overlap(&state, &viewer, &handles, &week, &mut page).await?;
    }
    let status = if page.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, render(&page)).into_response())
}

fn overlap_query(raw: &str) -> (Vec<String>, String) {
    let mut handles = Vec::new();
    let mut week = String::new();
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        match key.as_ref() {
            "members" => handles.extend(
                value
                    .split([',', ' '])
                    .map(|h| h.trim().trim_start_matches('@').to_owned())
                    .filter(|h| !h.is_empty()),
            ),
            "week" => week = value.trim().to_owned(),
            _ => {}
        }
    }
    (handles, week)
}

async fn fill_overlap(
    state: &AppState,
    viewer: &Viewer,
    handles: &[String],
    week: &str,
    page: &mut OverlapPage,
) -> Result<(), PageError> {
    let parsed = meetings_ops::parse_handles(&handles.join(","));
    let day = match given(week).map(str::parse::<jiff::civil::Date>) {
        None => Ok(None),
        Some(Ok(day)) => Ok(Some(day)),
        Some(Err(_)) => Err(ops::invalid(format!("\"{week}\" is not a date"))),
    };
    let found = match (parsed, day) {
        (Ok(handles), Ok(day)) => {
            meetings_ops::overlap(&state.app, &viewer.actor, &handles, day).await
        }
        (Err(err), _) | (_, Err(err)) => Err(err),
    };
    let view = match found {
        Ok(view) => view,
        Err(OpError::Invalid(message)) => {
            page.error = Some(message);
            return Ok(());
        }
        Err(OpError::NotFound(what)) => {
            page.error = Some(format!("{what} not found: check the handles"));
            return Ok(());
        }
        Err(other) => return Err(other.into()),
    };
    let zone = viewer_zone(state, viewer).await?;
    let week = view.overlap.window;
    page.week = week.from().to_zoned(zone.clone()).date().to_string();
    page.week_label = format!(
        "the week of {} ({})",
        week.from().to_zoned(zone.clone()).strftime("%A %-d %B %Y"),
        zone.iana_name().unwrap_or("UTC")
    );
    page.people = view
        .people
        .iter()
        .map(|(m, c)| {
            (
                m.name.clone(),
                c.time_zone().iana_name().unwrap_or("UTC").to_owned(),
            )
        })
        .collect();
    page.total = length_label(view.overlap.total().as_mins());
    page.slots = view
        .overlap
        .slots
        .iter()
        .map(|slot| SlotRow {
            length: length_label(slot.length().as_mins()),
            local: slot
                .local
                .iter()
                .map(|(a, b)| {
                    format!(
                        "{} – {}",
                        a.strftime("%a %-d %b %H:%M"),
                        b.strftime("%H:%M")
                    )
                })
                .collect(),
        })
        .collect();
    Ok(())
}
