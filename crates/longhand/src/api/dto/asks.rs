//! Asks, the inbox, charters and notifications on the wire.

use crate::charter_json::CharterJson;
use crate::ops::asks::AskView;
use crate::store::notifications::NotificationRecord;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use longhand_domain::asks::UrgencyShare;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A request for a new ask.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAskDto {
    /// A member's handle, or `team:<slug>` to ask a team (its DRI triages).
    #[schema(example = "chloe")]
    pub to: String,
    /// `review`, `approve`, `input`, `answer` or `fyi` (no clock).
    pub kind: String,
    /// A level of the applicable charter: `urgent`, `normal`, `complex`, `design-review`,
    /// `incident` by default.
    pub urgency: String,
    pub title: String,
    #[serde(default)]
    pub body: String,
    /// What the ask is about: a document slug, a thread or a URL.
    pub subject: Option<String>,
}

/// One party of an ask.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyDto {
    pub handle: String,
    pub name: String,
    pub time_zone: String,
}

/// An instant in UTC and in both parties' local time.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstantDto {
    /// RFC 3339, UTC.
    pub utc: String,
    /// RFC 3339 with the responder's offset.
    pub responder_local: String,
    /// RFC 3339 with the asker's offset.
    pub asker_local: String,
}

fn local(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn instant(at: Timestamp, view: &AskView) -> InstantDto {
    InstantDto {
        utc: at.to_string(),
        responder_local: local(at, view.responder_calendar.time_zone()),
        asker_local: local(at, view.asker_calendar.time_zone()),
    }
}

/// An ask and its response clock.
#[derive(Debug, Serialize, ToSchema)]
pub struct AskDto {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub kind: String,
    pub urgency: String,
    /// The target in words, e.g. "4 business hours".
    pub target: String,
    pub subject: Option<String>,
    /// `open`, `answered`, `declined`, `withdrawn` or `expired`.
    pub state: String,
    /// While open: `on_track`, `at_risk` (past the reminder point) or `breached`.
    pub clock: Option<String>,
    pub asker: PartyDto,
    pub responder: PartyDto,
    /// The team asked, when the ask went to a team.
    pub team: Option<String>,
    pub created_at: String,
    /// When the answer is due (absent for FYIs).
    pub due_at: Option<String>,
    pub due: Option<InstantDto>,
    pub remind_at: Option<String>,
    /// Business seconds left in the responder's calendar; negative once overdue.
    pub remaining_business_seconds: Option<i64>,
    pub responded_at: Option<String>,
    pub response: Option<String>,
    pub comment: Option<String>,
}

fn party(handle: &str, name: &str, zone: &TimeZone) -> PartyDto {
    PartyDto {
        handle: handle.to_owned(),
        name: name.to_owned(),
        time_zone: zone.iana_name().unwrap_or("UTC").to_owned(),
    }
}

impl From<AskView> for AskDto {
    fn from(view: AskView) -> AskDto {
        let due = view.clock.map(|c| instant(c.due_at, &view));
        let a = &view.ask;
        AskDto {
            id: a.id,
            title: a.title.clone(),
            body: a.body.clone(),
            kind: a.kind.clone(),
            urgency: a.urgency.clone(),
            target: a.target.clone(),
            subject: a.subject.clone(),
            state: view.state.as_str().to_owned(),
            clock: view.clock_state.map(|s| s.as_str().to_owned()),
            asker: party(
                &a.asker_handle,
                &a.asker_name,
                view.asker_calendar.time_zone(),
            ),
            responder: party(
                &a.responder_handle,
                &a.responder_name,
                view.responder_calendar.time_zone(),
            ),
            team: a.team_slug.clone(),
            created_at: a.created_at.to_string(),
            due_at: a.due_at.map(|t| t.to_string()),
            due,
            remind_at: a.remind_at.map(|t| t.to_string()),
            remaining_business_seconds: view.remaining.map(|d| d.as_secs()),
            responded_at: a.responded_at.map(|t| t.to_string()),
            response: a.response.clone(),
            comment: a.comment.clone(),
        }
    }
}

/// A response to an ask.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RespondDto {
    /// `comment`, `approve`, `object` (needs a comment), `acknowledge` or `decline`.
    pub response: String,
    pub comment: Option<String>,
}

/// Who takes the ask over.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReassignDto {
    pub to: String,
}

/// The inbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxDto {
    /// Open asks you owe an answer to: overdue first, then by due time.
    pub waiting_on_me: Vec<AskDto>,
    /// Open asks you are waiting on.
    pub waiting_on_others: Vec<AskDto>,
    /// Recently answered, declined or withdrawn asks.
    pub recently_closed: Vec<AskDto>,
}

/// A team's charter and its version.
#[derive(Debug, Serialize, ToSchema)]
pub struct CharterDto {
    /// 0 while the team uses the standard charter.
    pub version: i64,
    pub charter: CharterJson,
}

/// Share of urgent asks against the budget.
#[derive(Debug, Serialize, ToSchema)]
pub struct UrgencyShareDto {
    pub urgent: u64,
    pub total: u64,
    pub share: f64,
    pub budget: f64,
    pub over_budget: bool,
}

impl From<UrgencyShare> for UrgencyShareDto {
    fn from(s: UrgencyShare) -> UrgencyShareDto {
        UrgencyShareDto {
            urgent: s.urgent,
            total: s.total,
            share: s.share(),
            budget: s.budget,
            over_budget: s.over_budget(),
        }
    }
}

/// The false-urgency signal of a team and its members over 30 days.
#[derive(Debug, Serialize, ToSchema)]
pub struct UrgencyReportDto {
    pub team: UrgencyShareDto,
    pub members: Vec<MemberUrgencyDto>,
}

/// One member's urgency share.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberUrgencyDto {
    pub handle: String,
    #[serde(flatten)]
    pub share: UrgencyShareDto,
}

/// An in-app notification.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationDto {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub created_at: String,
    pub read: bool,
}

impl From<NotificationRecord> for NotificationDto {
    fn from(n: NotificationRecord) -> NotificationDto {
        NotificationDto {
            id: n.id,
            kind: n.kind,
            title: n.title,
            body: n.body,
            link: n.link,
            created_at: n.created_at.to_string(),
            read: n.read_at.is_some(),
        }
    }
}

/// Notifications with the unread count.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationsDto {
    pub unread: i64,
    pub items: Vec<NotificationDto>,
}
