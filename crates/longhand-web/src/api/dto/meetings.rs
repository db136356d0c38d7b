//! Wire types of the meeting audit API: uploaded calendars, calendar feeds, purposes and the
//! overlap finder. The report itself is [`longhand_core::formats::audit_report::Report`], shared with the CLI.

use super::instant;
use longhand_core::formats::calendar_problems::Problem;
use longhand_core::ops::meetings::{OverlapView, feed_status};
use longhand_core::views::meetings::{CalendarRecord, FeedRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// An `.ics` file to store.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadDto {
    /// A name to tell the file by, e.g. the export's file name.
    #[serde(default)]
    pub name: String,
    /// The iCalendar text (RFC 5545).
    pub ics: String,
    /// Whose calendar it is: `auto` (the default: the member whose address the file names
    /// itself by in `X-WR-CALNAME`, else the uploader), `none` (not one person's calendar),
    /// or a member's handle (only an admin may name another member). Its owner attends every
    /// meeting it holds unless they declined it there.
    #[serde(default)]
    #[schema(example = "auto")]
    pub owner: String,
}

/// A stored calendar (its text is not repeated).
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarDto {
    pub id: i64,
    pub name: String,
    /// The uploader's handle.
    pub uploaded_by: String,
    pub uploaded_at: String,
    pub bytes: i64,
    /// Events and recurring series (one per UID).
    pub series: i64,
    /// Items skipped while reading.
    pub skipped: i64,
    /// The handle of the member whose calendar it is; null when it is not one member's.
    pub owner: Option<String>,
    /// How many problems reading it met (skipped items, series left out, what a budget cut);
    /// null for a calendar stored before problems were kept.
    pub problem_count: Option<usize>,
    /// The first problems, each as `{file, line, message}`; `line` is null for a problem of
    /// the whole file.
    pub problems: Vec<Problem>,
}

impl From<CalendarRecord> for CalendarDto {
    fn from(c: CalendarRecord) -> CalendarDto {
        CalendarDto {
            id: c.id,
            name: c.name,
            uploaded_by: c.uploader_handle,
            uploaded_at: instant(c.uploaded_at),
            bytes: c.bytes,
            series: c.series,
            skipped: c.skipped,
            owner: c.owner_handle,
            problem_count: c.problems.as_ref().map(|p| p.count),
            problems: c.problems.map(|p| p.listed).unwrap_or_default(),
        }
    }
}

/// The stored calendars, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarsDto {
    pub calendars: Vec<CalendarDto>,
}

/// The address of a calendar feed to poll.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedUrlDto {
    /// `https://…` or `webcal://…`.
    #[schema(example = "https://calendar.example.com/private/ana.ics")]
    pub url: String,
}

/// A member's calendar feed and how polling it goes.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedDto {
    pub url: String,
    /// `waiting` (not fetched yet), `ok`, or `failing` (the last attempt failed; a retry is
    /// scheduled).
    pub status: &'static str,
    pub registered_at: String,
    pub next_poll_at: String,
    pub last_attempt_at: Option<String>,
    /// The last successful fetch.
    pub fetched_at: Option<String>,
    pub bytes: Option<i64>,
    pub series: Option<i64>,
    /// Failed attempts since the last success.
    pub failures: i64,
    pub last_error: Option<String>,
    /// How many problems reading the last fetched text met (or the last refused one, when
    /// nothing in it could be used); null before a fetch read any.
    pub problem_count: Option<usize>,
    /// The first problems, each as `{file, line, message}`.
    pub problems: Vec<Problem>,
}

impl From<FeedRecord> for FeedDto {
    fn from(f: FeedRecord) -> FeedDto {
        FeedDto {
            status: feed_status(&f),
            url: f.url,
            registered_at: instant(f.created_at),
            next_poll_at: instant(f.next_poll_at),
            last_attempt_at: f.last_attempt_at.map(instant),
            fetched_at: f.fetched_at.map(instant),
            bytes: f.bytes,
            series: f.series,
            failures: f.failures,
            last_error: f.last_error,
            problem_count: f.problems.as_ref().map(|p| p.count),
            problems: f.problems.map(|p| p.listed).unwrap_or_default(),
        }
    }
}

/// A purpose for a recurring series, or `null` to let the classifier decide again.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PurposeDto {
    /// `update`, `decision`, `relationship`, `work session` (or `work-session`), or null.
    #[schema(example = "update")]
    pub purpose: Option<String>,
}

/// The purpose now set on a series.
#[derive(Debug, Serialize, ToSchema)]
pub struct PurposeSetDto {
    pub series: String,
    pub purpose: Option<&'static str>,
}

/// The report's window and optional baseline.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// Start, a date (00:00 UTC) or an RFC 3339 instant; default: `to` minus 28 days.
    pub from: Option<String>,
    /// End (exclusive); default: today, 00:00 UTC.
    pub to: Option<String>,
    /// Start of the baseline period to compare with.
    pub baseline_from: Option<String>,
    /// End of the baseline period.
    pub baseline_to: Option<String>,
}

/// Whose shared hours, and which week.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OverlapQuery {
    /// Handles, comma separated (2 to 20).
    #[param(example = "ana,ben")]
    pub members: String,
    /// A date in the week (Monday to Monday in your zone); default: this week.
    pub week: Option<String>,
}

/// A person in the overlap.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverlapPersonDto {
    pub handle: String,
    pub name: String,
    pub time_zone: String,
}

/// A shared stretch on one person's wall clock.
#[derive(Debug, Serialize, ToSchema)]
pub struct LocalSlotDto {
    pub handle: String,
    /// RFC 3339 with the person's offset, e.g. `2026-03-02T15:00:00+01:00`.
    pub start: String,
    pub end: String,
}

/// A stretch when everyone works.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotDto {
    pub start: String,
    pub end: String,
    pub minutes: i64,
    pub local: Vec<LocalSlotDto>,
}

/// When all of the people work in the week.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverlapDto {
    pub week_from: String,
    pub week_to: String,
    pub people: Vec<OverlapPersonDto>,
    pub total_hours: f64,
    pub slots: Vec<SlotDto>,
}

fn local(zoned: &jiff::Zoned) -> String {
    zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

impl From<OverlapView> for OverlapDto {
    fn from(view: OverlapView) -> OverlapDto {
        let handles: Vec<&str> = view.people.iter().map(|(m, _)| m.handle.as_str()).collect();
        let slots = view
            .overlap
            .slots
            .iter()
            .map(|slot| SlotDto {
                start: instant(slot.start),
                end: instant(slot.end),
                minutes: slot.length().as_mins(),
                local: slot
                    .local
                    .iter()
                    .zip(&handles)
                    .map(|((start, end), handle)| LocalSlotDto {
                        handle: (*handle).to_owned(),
                        start: local(start),
                        end: local(end),
                    })
                    .collect(),
            })
            .collect();
        OverlapDto {
            week_from: instant(view.overlap.window.from()),
            week_to: instant(view.overlap.window.to()),
            total_hours: view.overlap.total().as_secs_f64() / 3600.0,
            people: view
                .people
                .iter()
                .map(|(m, c)| OverlapPersonDto {
                    handle: m.handle.clone(),
                    name: m.name.clone(),
                    time_zone: c.time_zone().iana_name().unwrap_or("UTC").to_owned(),
                })
                .collect(),
            slots,
        }
    }
}
