//! Helpers shared by pages: the page chrome, rendering, notices, and view models for times and
//! the working week.

use super::Viewer;
use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use jiff::civil::{Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use longhand_core::ops::Actor;
use longhand_domain::calendar::{Availability, Calendar};

/// What every page's frame needs: title, active navigation entry, viewer and CSRF token.
#[derive(Debug, Clone)]
pub(crate) struct Chrome {
    pub title: String,
    pub nav: &'static str,
    pub viewer: Option<Actor>,
    pub csrf: String,
    pub notice: Option<&'static str>,
    pub badges: super::Badges,
}

impl Chrome {
    pub(crate) fn for_viewer(
        viewer: &Viewer,
        title: impl Into<String>,
        nav: &'static str,
    ) -> Chrome {
        Chrome {
            title: title.into(),
            nav,
            viewer: Some(viewer.actor.clone()),
            csrf: viewer.csrf.clone(),
            notice: None,
            badges: viewer.badges,
        }
    }

    pub(crate) fn anonymous(title: impl Into<String>, csrf: String) -> Chrome {
        Chrome {
            title: title.into(),
            nav: "",
            viewer: None,
            csrf,
            notice: None,
            badges: super::Badges::default(),
        }
    }

    pub(crate) fn with_notice(mut self, code: Option<&str>) -> Chrome {
        self.notice = code.and_then(notice_text);
        self
    }

    pub(crate) fn is_guest(&self) -> bool {
        self.viewer
            .as_ref()
            .is_some_and(|v| v.role == longhand_domain::workspace::Role::Guest)
    }

    pub(crate) fn is_admin(&self) -> bool {
        self.viewer
            .as_ref()
            .is_some_and(|v| v.role == longhand_domain::workspace::Role::Admin)
    }
}

/// Confirmation messages after a redirect, by code (`?ok=saved`), so no text travels in URLs.
fn notice_text(code: &str) -> Option<&'static str> {
    Some(match code {
        "profile-saved" => "Profile saved.",
        "team-created" => "Team created.",
        "team-saved" => "Team saved.",
        "schedule-saved" => {
            "Check-in schedule saved. Each member's first prompt is their next one from now."
        }
        "checkin-saved" => "Check-in saved.",
        "checkin-saved-late" => {
            "Check-in saved, marked late: it came after the end of your working day."
        }
        "blocker-resolved" => "Blocker resolved. Whoever reported it has been told.",
        "space-created" => "Space created.",
        "space-saved" => "Space saved.",
        "joined" => "You joined the space.",
        "left" => "You left the space.",
        "member-added" => "Member added.",
        "member-removed" => "Member removed.",
        "person-created" => "Person added. Share their sign-in details with them.",
        "access-saved" => "Access updated.",
        "token-revoked" => "Token revoked.",
        "job-retried" => "Job put back in the queue.",
        "delivery-retried" => "Delivery put back in the queue; it is tried again now.",
        "channel-saved" => "Channel saved.",
        "channel-removed" => "Channel removed. Messages still queued for it will not be sent.",
        "charter-saved" => "Charter saved as a new version.",
        "password-changed" => "Password changed. Other sessions were signed out.",
        "calendars-uploaded" => "Calendars uploaded. The report below includes them.",
        "calendars-uploaded-with-warnings" => {
            "Calendars uploaded, with problems: some events could not be read or are left \
             out. Each calendar below lists its problems by line."
        }
        "calendar-deleted" => "Calendar deleted.",
        "feed-saved" => "Calendar feed saved. Longhand fetches it now and then every hour.",
        "feed-removed" => "Calendar feed removed.",
        "purpose-saved" => "Purpose saved. The recommendation below follows it.",
        "doc-saved" => "Saved as a new revision.",
        "doc-saved-unknown" => {
            "Saved as a new revision. Some @mentions name nobody, so nobody was notified for them."
        }
        "doc-status" => "Status changed.",
        "readers-saved" => "Readers saved.",
        "share-requested" => "Share requested. The space's admins decide.",
        "share-approved" => "Share approved.",
        "share-denied" => "Share denied.",
        "page-moved" => "Page moved.",
        "review-opened" => "Review opened. Everyone asked got a review ask with the closing time.",
        "verdict-saved" => "Verdict saved. You can change it until the window closes.",
        "round-closed" => "Review window closed. Write the synthesis when you are ready.",
        "round-reopened" => "Round reopened. Whoever had not answered was asked again.",
        "round-revised" => {
            "Proposal revised: the next round is open; the last one stays in the history."
        }
        "question-raised" => "Question raised. It is due in 48 business hours.",
        "question-answered" => "Question answered.",
        "tie-broken" => "Tie-break recorded. The owner decides that way.",
        "call-dismissed" => "Call suggestion dismissed.",
        "call-recorded" => {
            "Call recorded. Whoever writes the outcome has an ask for it, due in one business day."
        }
        "outcome-posted" => "Outcome posted with the round. It answered its ask.",
        "decision-published" => "Decision record published. Everyone asked heard the outcome.",
        "following" => "Following. You will hear of what is new in your digest.",
        "unfollowed" => "You no longer follow it.",
        "snoozed" => "Snoozed. It comes back unread at the time shown under Snoozed.",
        "notification-preferences-saved" => "Notification preferences saved.",
        _ => return None,
    })
}

/// Renders a template, or a plain 500 if the template itself fails.
pub(crate) fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "template failed to render");
            (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side.",
            )
                .into_response()
        }
    }
}

/// `Tue 14:05`.
pub(crate) fn short_local(zoned: &Zoned) -> String {
    zoned.strftime("%a %H:%M").to_string()
}

/// The difference between two zones' offsets now, as "+5h 30m", "−3h" or "same time".
pub(crate) fn offset_from(viewer: &TimeZone, other: &TimeZone, at: Timestamp) -> String {
    let diff = other.to_offset(at).seconds() - viewer.to_offset(at).seconds();
    if diff == 0 {
        return "same time as you".to_owned();
    }
    let sign = if diff > 0 { "+" } else { "−" };
    let (hours, minutes) = (diff.abs() / 3600, diff.abs() % 3600 / 60);
    let amount = if minutes == 0 {
        format!("{hours}h")
    } else {
        format!("{hours}h {minutes}m")
    };
    format!("{sign}{amount} from you")
}

/// CSS class and label for an availability.
pub(crate) fn availability_badge(availability: Availability) -> (&'static str, &'static str) {
    match availability {
        Availability::Working => ("badge-working", "Working"),
        Availability::Focus => ("badge-focus", "In focus time"),
        Availability::OffHours => ("badge-off", "Off hours"),
        Availability::Holiday => ("badge-holiday", "Holiday"),
        Availability::TimeOff => ("badge-away", "Time off"),
    }
}

/// One drawn block in the week chart, positioned in percent of a day.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub top: String,
    pub height: String,
    pub kind: &'static str,
    pub label: String,
}

/// One weekday column.
#[derive(Debug, Clone)]
pub(crate) struct DayColumn {
    pub label: &'static str,
    pub blocks: Vec<Block>,
    pub total: String,
}

/// The working week drawn in the member's own time zone.
#[derive(Debug, Clone)]
pub(crate) struct WeekView {
    pub days: Vec<DayColumn>,
    pub zone: String,
    pub weekly_hours: String,
}

const DAYS: [(Weekday, &str); 7] = [
    (Weekday::Monday, "Mon"),
    (Weekday::Tuesday, "Tue"),
    (Weekday::Wednesday, "Wed"),
    (Weekday::Thursday, "Thu"),
    (Weekday::Friday, "Fri"),
    (Weekday::Saturday, "Sat"),
    (Weekday::Sunday, "Sun"),
];

fn minutes(time: Time) -> i32 {
    i32::from(time.hour()) * 60 + i32::from(time.minute())
}

fn block(start: i32, end: i32, kind: &'static str, label: String) -> Block {
    let percent = |m: i32| format!("{:.3}%", f64::from(m) * 100.0 / 1440.0);
    Block {
        top: percent(start),
        height: percent(end - start),
        kind,
        label,
    }
}

fn hours_label(total_minutes: i64) -> String {
    let (h, m) = (total_minutes / 60, total_minutes % 60);
    if m == 0 {
        format!("{h}h")
    } else {
        format!("{h}h {m:02}m")
    }
}

impl WeekView {
    /// Lays out working hours and focus blocks; ranges across midnight continue next day.
    pub(crate) fn of(calendar: &Calendar) -> WeekView {
        let mut days: Vec<DayColumn> = DAYS
            .iter()
            .map(|(_, label)| DayColumn {
                label,
                blocks: vec![],
                total: String::new(),
            })
            .collect();
        let mut totals = [0i64; 7];
        for (index, (day, _)) in DAYS.iter().enumerate() {
            for range in calendar.hours().day(*day) {
                let (start, end) = (minutes(range.start()), minutes(range.end()));
                let label = range.to_string();
                totals[index] += range.duration().as_secs() / 60;
                if range.crosses_midnight() || end == 0 {
                    days[index]
                        .blocks
                        .push(block(start, 1440, "work", label.clone()));
                    if end > 0 {
                        days[(index + 1) % 7]
                            .blocks
                            .push(block(0, end, "work", label));
                    }
                } else {
                    days[index].blocks.push(block(start, end, "work", label));
                }
            }
        }
        for focus in calendar.focus_blocks() {
            let label = format!(
                "Focus {}–{}",
                focus.start().strftime("%H:%M"),
                focus.end().strftime("%H:%M")
            );
            for day in focus.days() {
                let index = day.to_monday_zero_offset() as usize;
                days[index].blocks.push(block(
                    minutes(focus.start()),
                    minutes(focus.end()).max(minutes(focus.start()) + 1),
                    "focus",
                    label.clone(),
                ));
            }
        }
        for (column, total) in days.iter_mut().zip(totals) {
            column.total = if total == 0 {
                "off".to_owned()
            } else {
                hours_label(total)
            };
        }
        WeekView {
            days,
            zone: calendar.time_zone().iana_name().unwrap_or("UTC").to_owned(),
            weekly_hours: hours_label(calendar.hours().weekly_total().as_secs() / 60),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_naturally() {
        let at: Timestamp = "2026-01-15T12:00:00Z".parse().unwrap();
        let berlin = longhand_core::tz::lookup("Europe/Berlin").unwrap();
        let kolkata = longhand_core::tz::lookup("Asia/Kolkata").unwrap();
        let new_york = longhand_core::tz::lookup("America/New_York").unwrap();
        assert_eq!(offset_from(&berlin, &kolkata, at), "+4h 30m from you");
        assert_eq!(offset_from(&berlin, &new_york, at), "−6h from you");
        assert_eq!(offset_from(&berlin, &berlin, at), "same time as you");
    }

    #[test]
    fn the_week_continues_a_night_shift_into_the_next_day() {
        let json = r#"{"time_zone": "UTC", "working_hours": {"sun": ["22:00-06:00"]}}"#;
        let calendar =
            longhand_core::formats::calendar_json::CalendarJson::parse_text(json).unwrap();
        let week = WeekView::of(&calendar);
        assert_eq!(week.days[6].blocks[0].top, "91.667%");
        assert_eq!(week.days[0].blocks[0].height, "25.000%");
        assert_eq!(week.days[6].total, "8h");
        assert_eq!(week.weekly_hours, "8h");
    }
}
