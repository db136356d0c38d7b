//! Asks, the inbox, charters and notifications on the wire.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use longhand_core::formats::charter_json::CharterJson;
use longhand_core::ops::asks::AskView;
use longhand_core::ops::asks::away::{Suggestion, away_note, routing_note};
use longhand_core::views::notifications::NotificationRecord;
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
    /// When you need the answer by (RFC 3339 with an offset, in the future). An ask still open
    /// then expires. It may be earlier than the due time; the answer then says so in
    /// `needed_sooner_than_due`.
    #[schema(example = "2026-03-12T17:00:00Z")]
    pub needed_by: Option<String>,
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
    /// `open`, `answered`, `declined`, `withdrawn` or `expired` (unanswered at its needed-by).
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
    /// When the asker needs the answer by (RFC 3339, UTC); an ask still open then expires.
    pub needed_by: Option<String>,
    /// The needed-by instant in both parties' local time.
    pub needed_by_local: Option<InstantDto>,
    /// While open: the needed-by comes before the due time, so the responder's target does
    /// not promise an answer in time.
    pub needed_sooner_than_due: bool,
    /// While open: the responder is on time off now.
    pub responder_away: Option<AwayDto>,
    /// While the responder is away: the teammate who would answer soonest. Reassign with
    /// `POST /api/v1/asks/{id}/reassign` and `{"to": handle}`.
    pub suggested_reassign: Option<SuggestionDto>,
    /// A team's ask that went past its away DRI to the member who would answer soonest.
    pub routed: Option<RoutedDto>,
}

/// The responder's current stretch of time off.
#[derive(Debug, Serialize, ToSchema)]
pub struct AwayDto {
    /// The last day off (`YYYY-MM-DD`, the responder's zone).
    pub until: String,
    /// The first working instant after it (RFC 3339, UTC).
    pub back_at: Option<String>,
    /// A sentence for people, e.g. "Ana is away until Thu 12 Mar; this ask is due Fri 13 Mar
    /// 11:00 Berlin time."
    pub message: String,
}

/// Who would answer soonest if the ask were reassigned now.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionDto {
    pub handle: String,
    pub name: String,
    pub time_zone: String,
    /// The due instant the ask would get (RFC 3339, UTC).
    pub due_at: String,
    /// The same, with their offset.
    pub due_local: String,
}

/// Why a team's ask is not with the team's DRI.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoutedDto {
    /// The DRI's handle.
    pub from: String,
    /// Always `away` for now.
    pub reason: String,
    /// The DRI's last day off (`YYYY-MM-DD`).
    pub away_until: Option<String>,
    pub message: String,
}

impl From<&Suggestion> for SuggestionDto {
    fn from(s: &Suggestion) -> SuggestionDto {
        let zone = s.calendar.time_zone();
        SuggestionDto {
            handle: s.handle.clone(),
            name: s.name.clone(),
            time_zone: zone.iana_name().unwrap_or("UTC").to_owned(),
            due_at: s.due_at.to_string(),
            due_local: local(s.due_at, zone),
        }
    }
}

fn away_dto(view: &AskView) -> Option<AwayDto> {
    let away = view.away?;
    Some(AwayDto {
        until: away.last_day.to_string(),
        back_at: away.back_at.map(|t| t.to_string()),
        message: away_note(view)?,
    })
}

fn routed_dto(view: &AskView) -> Option<RoutedDto> {
    let (from, _) = view.ask.routed_from.as_ref()?;
    Some(RoutedDto {
        from: from.clone(),
        reason: "away".to_owned(),
        away_until: view.ask.routed_away_until.clone(),
        message: routing_note(&view.ask)?,
    })
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
        let needed_by_local = view.ask.needed_by.map(|n| instant(n, &view));
        let responder_away = away_dto(&view);
        let routed = routed_dto(&view);
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
            needed_by: a.needed_by.map(|t| t.to_string()),
            needed_by_local,
            needed_sooner_than_due: view.needed_sooner,
            responder_away,
            suggested_reassign: view.suggestion.as_ref().map(SuggestionDto::from),
            routed,
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

/// One page of the inbox. Both open lists are paged together: page `n` holds the `n`-th
/// `per_page` asks of each; the totals say how many each list holds in all.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxDto {
    /// Open asks you owe an answer to, this page: overdue first, then by due time, FYIs last.
    pub waiting_on_me: Vec<AskDto>,
    /// Open asks you are waiting on, this page, in the same order.
    pub waiting_on_others: Vec<AskDto>,
    /// The latest answered, declined, withdrawn or expired asks (at most 10).
    pub recently_closed: Vec<AskDto>,
    /// Open asks you owe an answer to, on every page.
    pub waiting_on_me_total: i64,
    /// Of those, how many are past due.
    pub waiting_on_me_overdue: i64,
    /// Open asks you are waiting on, on every page.
    pub waiting_on_others_total: i64,
    /// Of those, how many are past due.
    pub waiting_on_others_overdue: i64,
    /// This page, 1-based.
    pub page: i64,
    pub per_page: i64,
    /// How many pages the longer list fills (at least 1).
    pub pages: i64,
}

/// A team's charter and its version.
#[derive(Debug, Serialize, ToSchema)]
pub struct CharterDto {
    /// 0 while the team uses the standard charter.
    pub version: i64,
    /// As stored, also when today's rules refuse it (see `problem`), so it can be fixed.
    pub charter: CharterJson,
    /// Why today's rules refuse the stored charter (it was saved by an older release); asks
    /// to the team get 409 until its DRI saves a valid one. Absent when the charter is valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
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
    /// `normal`, `urgent` or `sev1`.
    pub urgency: String,
    /// How it reaches you outside the app: `now`, `at` (at `deliver_at`) or `digest`.
    pub route: String,
    /// When the copy outside the app goes (`now`, `at`), RFC 3339.
    pub deliver_at: Option<String>,
    /// What it is about (`ask:12`); acting on that clears the notification.
    pub subject: Option<String>,
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
            urgency: n.urgency,
            route: n.route,
            deliver_at: n.deliver_at.map(|t| t.to_string()),
            subject: n.subject,
        }
    }
}

/// Notifications with the unread count.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationsDto {
    pub unread: i64,
    pub items: Vec<NotificationDto>,
}
