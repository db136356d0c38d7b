//! Check-ins and blockers on the wire.

use super::instant;
use longhand_core::formats::calendar_json::day_key;
use longhand_core::ops::blockers::BlockerView;
use longhand_core::ops::checkins::{
    Answered, MemberCheckin, MyCheckin, ScheduleView, TeamCheckins,
};
use longhand_core::views::checkins::{CheckinRecord, HelpRecord};
use longhand_domain::checkins::{Period, Standing};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A team's check-in schedule.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleDto {
    pub team: String,
    /// `off`, `daily` or `weekly`.
    #[schema(example = "daily")]
    pub cadence: String,
    /// The weekly cadence's day, `mon` … `sun`.
    pub weekday: String,
    /// The prompt's local time (`HH:MM`), in each member's own zone.
    #[schema(example = "09:30")]
    pub at: String,
    /// How long an open blocker waits, in its owner's business hours, before each escalation.
    pub escalate_after_hours: i64,
    /// How many times the schedule was saved (0: never).
    pub version: i64,
    /// When the schedule took effect.
    pub since: Option<String>,
}

impl From<ScheduleView> for ScheduleDto {
    fn from(view: ScheduleView) -> ScheduleDto {
        ScheduleDto {
            team: view.team_slug,
            cadence: view.cadence.as_str().to_owned(),
            weekday: day_key(view.weekday).to_owned(),
            at: view.at.strftime("%H:%M").to_string(),
            escalate_after_hours: view.escalate_after_hours,
            version: view.version,
            since: view.since.map(instant),
        }
    }
}

/// A schedule to save.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleInDto {
    /// `off`, `daily` or `weekly`.
    pub cadence: String,
    /// For `weekly`: `mon` … `sun` (Monday when absent).
    pub weekday: Option<String>,
    /// `HH:MM`, 24-hour.
    pub at: String,
    /// Whole business hours, 1–160 (24 when absent).
    pub escalate_after_hours: Option<i64>,
}

/// One member's check-in period.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodDto {
    /// The member's local date of the prompt; names the period.
    #[schema(example = "2026-03-10")]
    pub date: String,
    pub opens_at: String,
    /// The end of that working day: answers after it are late.
    pub due_at: String,
    pub remind_at: String,
    /// The member's next prompt: from then on the answer can no longer change.
    pub closes_at: Option<String>,
    /// `upcoming`, `on_time`, `late` or `closed`.
    pub standing: String,
}

fn standing_word(standing: Standing) -> &'static str {
    match standing {
        Standing::Upcoming => "upcoming",
        Standing::OnTime => "on_time",
        Standing::Late => "late",
        Standing::Closed => "closed",
    }
}

impl PeriodDto {
    fn of(period: Period, now: jiff::Timestamp) -> PeriodDto {
        PeriodDto {
            date: period.date.to_string(),
            opens_at: instant(period.opens_at),
            due_at: instant(period.due_at),
            remind_at: instant(period.remind_at),
            closes_at: period.closes_at.map(instant),
            standing: standing_word(period.standing(now)).to_owned(),
        }
    }
}

/// What a check-in says.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckinDto {
    pub period: String,
    pub done: String,
    pub next: String,
    pub note: String,
    /// First answered after the end of the working day.
    pub late: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<CheckinRecord> for CheckinDto {
    fn from(c: CheckinRecord) -> CheckinDto {
        CheckinDto {
            period: c.period_date,
            done: c.done,
            next: c.next,
            note: c.note,
            late: c.late,
            created_at: instant(c.created_at),
            updated_at: instant(c.updated_at),
        }
    }
}

/// A help request and the ask it became.
#[derive(Debug, Serialize, ToSchema)]
pub struct HelpDto {
    /// Who was asked.
    pub to: String,
    pub question: String,
    pub ask: i64,
}

impl From<HelpRecord> for HelpDto {
    fn from(h: HelpRecord) -> HelpDto {
        HelpDto {
            to: h.handle,
            question: h.question,
            ask: h.ask_id,
        }
    }
}

/// The caller's previous check-in in the team: what they said would be next.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviousDto {
    pub period: String,
    pub next: String,
}

/// The caller's check-in in a team for the current period.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyCheckinDto {
    pub team: String,
    pub team_name: String,
    /// The caller's zone; the form shows instants in it.
    pub zone: String,
    /// `null` while the team's check-ins are off or before the caller's first prompt.
    pub period: Option<PeriodDto>,
    /// When the first period opens, while there is none.
    pub next_opens: Option<String>,
    pub checkin: Option<CheckinDto>,
    pub blockers: Vec<BlockerDto>,
    pub help_needed: Vec<HelpDto>,
    pub previous: Option<PreviousDto>,
}

impl MyCheckinDto {
    pub(crate) fn of(mine: MyCheckin, now: jiff::Timestamp) -> MyCheckinDto {
        MyCheckinDto {
            team: mine.team_slug,
            team_name: mine.team_name,
            zone: mine.zone.iana_name().unwrap_or("UTC").to_owned(),
            period: mine.period.map(|p| PeriodDto::of(p, now)),
            next_opens: mine.next_opens.map(instant),
            checkin: mine.checkin.map(CheckinDto::from),
            blockers: mine.blockers.into_iter().map(BlockerDto::brief).collect(),
            help_needed: mine.help.into_iter().map(HelpDto::from).collect(),
            previous: mine.previous.map(|p| PreviousDto {
                period: p.period_date,
                next: p.next,
            }),
        }
    }
}

/// A blocker to track: what blocks, and who can unblock it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockerInDto {
    pub text: String,
    /// The handle of who can unblock it.
    pub owner: String,
}

/// Help to ask for: an ask to the person named.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HelpInDto {
    /// The handle of who can help.
    pub to: String,
    /// The ask's title.
    pub question: String,
}

/// A check-in answer. Blockers and help requests the check-in holds already are kept, not
/// repeated, so sending the same answer twice changes nothing.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckinInDto {
    #[serde(default)]
    pub done: String,
    #[serde(default)]
    pub next: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub blockers: Vec<BlockerInDto>,
    #[serde(default)]
    pub help_needed: Vec<HelpInDto>,
    /// The period (`YYYY-MM-DD`) the answer is for; refused with 409 when that period closed.
    pub period: Option<String>,
}

/// What an answer recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnsweredDto {
    /// The period's first answer, not an edit.
    pub created: bool,
    pub late: bool,
    pub opened_blockers: usize,
    /// Asks opened for help needed.
    pub asked: usize,
    pub checkin: MyCheckinDto,
}

impl AnsweredDto {
    pub(crate) fn of(answered: Answered, now: jiff::Timestamp) -> AnsweredDto {
        AnsweredDto {
            created: answered.created,
            late: answered.late,
            opened_blockers: answered.opened_blockers,
            asked: answered.asked,
            checkin: MyCheckinDto::of(answered.checkin, now),
        }
    }
}

/// One member's row of a team's check-ins.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberCheckinDto {
    pub handle: String,
    pub name: String,
    pub zone: String,
    /// `answered`, `late`, `waiting`, `overdue`, `missed` or `none`.
    pub status: String,
    /// Whether the member has open blockers in the team.
    pub blocked: bool,
    pub period: Option<PeriodDto>,
    pub checkin: Option<CheckinDto>,
    /// Ids of the member's open blockers in the team.
    pub open_blockers: Vec<i64>,
}

impl MemberCheckinDto {
    fn of(row: MemberCheckin, now: jiff::Timestamp) -> MemberCheckinDto {
        MemberCheckinDto {
            blocked: row.blocked(),
            open_blockers: row.open_blockers.iter().map(|b| b.id).collect(),
            handle: row.handle,
            name: row.name,
            zone: row.zone.iana_name().unwrap_or("UTC").to_owned(),
            status: row.status.as_str().to_owned(),
            period: row.period.map(|p| PeriodDto::of(p, now)),
            checkin: row.checkin.map(CheckinDto::from),
        }
    }
}

/// A team's check-ins for a period (each member's current one unless a date was asked for).
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamCheckinsDto {
    pub team: String,
    pub schedule: ScheduleDto,
    /// The date asked for; `null` for each member's current period.
    pub period: Option<String>,
    pub answered: usize,
    pub late: usize,
    pub blocked: usize,
    pub not_yet: usize,
    pub members: Vec<MemberCheckinDto>,
}

impl TeamCheckinsDto {
    pub(crate) fn of(team: TeamCheckins, now: jiff::Timestamp) -> TeamCheckinsDto {
        TeamCheckinsDto {
            answered: team.answered(),
            late: team.late(),
            blocked: team.blocked(),
            not_yet: team.not_yet(),
            team: team.team_slug,
            schedule: team.schedule.into(),
            period: team.date.map(|d| d.to_string()),
            members: team
                .rows
                .into_iter()
                .map(|r| MemberCheckinDto::of(r, now))
                .collect(),
        }
    }
}

/// A blocker.
#[derive(Debug, Serialize, ToSchema)]
pub struct BlockerDto {
    pub id: i64,
    pub team: String,
    pub text: String,
    /// Who can unblock it.
    pub owner: String,
    pub reporter: String,
    /// `open`, `unblocked` or `wont_fix`.
    pub state: String,
    pub opened_at: String,
    pub resolved_at: Option<String>,
    pub resolution: String,
    /// How long it was (or has been) open, in the owner's business hours.
    pub business_hours: Option<f64>,
    /// Escalation steps fired so far.
    pub escalated: i64,
    /// Whether the caller may unblock it or mark it won't fix (absent in a check-in's list).
    pub can_resolve: Option<bool>,
}

impl BlockerDto {
    /// As listed in a check-in (no age computed).
    fn brief(b: longhand_core::views::checkins::BlockerRecord) -> BlockerDto {
        BlockerDto {
            id: b.id,
            team: b.team_slug,
            text: b.body,
            owner: b.owner_handle,
            reporter: b.reporter_handle,
            state: b.state,
            opened_at: instant(b.opened_at),
            resolved_at: b.resolved_at.map(instant),
            resolution: b.resolution,
            business_hours: b.business_seconds.map(|s| s as f64 / 3600.0),
            escalated: b.escalated,
            can_resolve: None,
        }
    }
}

impl From<BlockerView> for BlockerDto {
    fn from(view: BlockerView) -> BlockerDto {
        let hours = view.open_business.as_secs_f64() / 3600.0;
        BlockerDto {
            business_hours: Some((hours * 100.0).round() / 100.0),
            can_resolve: Some(view.can_resolve),
            ..BlockerDto::brief(view.blocker)
        }
    }
}

/// A blocker's resolution.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveDto {
    /// `unblocked` or `wont_fix`.
    pub state: String,
    pub note: Option<String>,
}
