//! Check-ins (DESIGN.md §1 rule 5): a team's schedule, a member's answer for their current
//! period, and the team's check-ins at a glance.
//!
//! The period arithmetic is `longhand_domain::checkins`; this module loads the team, the
//! member's calendar and the schedule, and writes. Prompts and reminders are jobs
//! (`Job::CheckinPrompt`, `Job::CheckinReminder`) run by `worker::checkins`: saving a schedule
//! queues each member's first prompt, adding a member to a team with check-ins queues theirs,
//! and every prompt queues the member's next one. Jobs carry the schedule's version, so a
//! chain queued under an older schedule stops.
//!
//! Who may do what: the team's members answer (guests too, when they are in the team); its
//! members, its DRI and admins see the team's check-ins; its DRI and admins set the schedule.
//! Blockers live in [`super::blockers`]; help requests become asks through
//! `asks::create_in`, in the answer's transaction.

mod answer;
mod schedule;
mod summary;

pub use answer::{Answered, CheckinInput, MyCheckin, answer, my_checkin, my_checkins};
pub use schedule::{CadenceChoice, ScheduleInput, ScheduleView, get_schedule, set_schedule};
pub(crate) use schedule::{
    domain_schedule, escalation_delay, queue_first_prompt, save as save_schedule,
};
pub(crate) use summary::checkin_link;
pub use summary::{
    CheckinStatus, MemberCheckin, OneCheckin, TeamCheckins, one, team_checkins_on,
    team_period_summary,
};

use super::notify::{Audience, Notice, Urgency};
use super::{Actor, App, OpError, OpResult, named};
use crate::store::WriteTx;
use crate::store::members as store_members;
use crate::store::teams as store_teams;
use crate::views::teams::TeamRecord;
use jiff::tz::TimeZone;
use longhand_domain::access::{self, TeamFacts};
use longhand_domain::calendar::Calendar;
use longhand_domain::workspace::Role;
use sqlx::AnyConnection;

/// What a notification about a check-in or a blocker says.
#[derive(Debug, Clone)]
pub(crate) struct Message<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub link: &'a str,
    /// One notification per key, ever: a job run twice notifies once.
    pub dedupe_key: &'a str,
}

/// Sends a check-in or blocker notification to one member through the notification router;
/// `false` when one with the same key went out already (or the router muted it).
///
/// An escalated blocker is urgent, like an escalated ask: it waited a business day on
/// someone. The rest batch into the digest. The subject is the page the notice links to
/// (`checkins:core`, `blockers:7`), so answering the check-in or resolving the blocker
/// clears the notices about it.
pub(crate) async fn notify_member(
    app: &App,
    tx: &mut WriteTx,
    member_id: i64,
    message: &Message<'_>,
) -> OpResult<bool> {
    let subject = subject_of(message.link);
    let urgency = if message.kind == "blocker_escalated" {
        Urgency::Urgent
    } else {
        Urgency::Normal
    };
    let notice = Notice {
        member_id,
        kind: message.kind,
        title: message.title,
        body: message.body,
        link: message.link,
        dedupe_key: message.dedupe_key,
        urgency,
        audience: Audience::Direct,
        space_id: None,
        subject: Some(&subject),
    };
    super::notify::notify(app, tx, &notice).await
}

/// The subject key of a check-in or blocker page: `/checkins/core` → `checkins:core`.
pub(crate) fn subject_of(link: &str) -> String {
    let path = link.split(['#', '?']).next().unwrap_or_default();
    path.trim_start_matches('/')
        .split('/')
        .take(2)
        .collect::<Vec<_>>()
        .join(":")
}

/// A team as the actor relates to it.
#[derive(Debug, Clone)]
pub(crate) struct TeamAccess {
    pub team: TeamRecord,
    pub is_member: bool,
    pub is_dri: bool,
}

impl TeamAccess {
    fn facts(&self) -> TeamFacts {
        TeamFacts {
            viewer_is_dri: self.is_dri,
            viewer_is_member: self.is_member,
        }
    }

    /// Whether the actor sees the team's check-ins and blockers.
    pub(crate) fn sees_checkins(&self, actor: &Actor) -> bool {
        self.is_member || self.is_dri || actor.role == Role::Admin
    }

    /// Whether the actor sets the team's schedule.
    pub(crate) fn manages(&self, actor: &Actor) -> bool {
        access::can_manage_team(actor.role, self.facts())
    }
}

/// Loads a team the actor may see ("team not found" otherwise).
pub(crate) async fn team_access(
    conn: &mut AnyConnection,
    actor: &Actor,
    slug: &str,
) -> OpResult<TeamAccess> {
    let team = store_teams::by_slug(conn, slug)
        .await
        .map_err(named("team"))?;
    access_to(conn, actor, team).await
}

pub(crate) async fn access_to(
    conn: &mut AnyConnection,
    actor: &Actor,
    team: TeamRecord,
) -> OpResult<TeamAccess> {
    let members = store_teams::members(conn, team.id).await?;
    let found = TeamAccess {
        is_member: members.iter().any(|m| m.member_id == actor.id),
        is_dri: team.dri_id == actor.id,
        team,
    };
    if !access::can_view_team(actor.role, found.facts()) {
        return Err(OpError::NotFound("team"));
    }
    Ok(found)
}

/// Refuses a reader who may not see the team's check-ins.
pub(crate) fn require_sight(actor: &Actor, access: &TeamAccess) -> OpResult<()> {
    if access.sees_checkins(actor) {
        Ok(())
    } else {
        Err(super::forbidden(
            "only the team's members, its DRI and admins see its check-ins",
        ))
    }
}

/// A member's calendar, from the stored JSON.
pub(crate) async fn calendar_of_member(
    conn: &mut AnyConnection,
    member_id: i64,
) -> OpResult<Calendar> {
    let member = store_members::by_id(conn, member_id).await?;
    super::asks::calendar_of(&member.calendar, &member.handle)
}

/// A member's zone, for instants written in their notifications.
pub(crate) async fn zone_of_member(conn: &mut AnyConnection, member_id: i64) -> OpResult<TimeZone> {
    Ok(calendar_of_member(conn, member_id)
        .await?
        .time_zone()
        .clone())
}
