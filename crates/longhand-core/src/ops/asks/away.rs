//! Asks and away responders: routing a team's ask past an away DRI, the teammate who would
//! answer soonest, what the asker is told, and the notices queued for a stretch of time off.
//!
//! The rule itself — who is away, who answers soonest — lives in
//! `longhand_domain::asks::away`; this module loads the people and calendars it needs.

use super::{AskView, calendar_of, charter_for_team};
use crate::ops::jobs::Job;
use crate::ops::{App, OpError, OpResult};
use crate::store::WriteTx;
use crate::store::charters as store_charters;
use crate::store::members::{self as store_members};
use crate::views::asks::AskRecord;
use crate::views::members::MemberRecord;
use crate::wording;
use jiff::Timestamp;
use jiff::civil::Date;
use longhand_domain::asks::away::{
    Away, Candidate, Triage, away_at, soonest, stretches_from, triage,
};
use longhand_domain::asks::{AskKind, Charter, Target};
use longhand_domain::calendar::Calendar;
use sqlx::AnyConnection;

/// A team's ask that skipped its away DRI.
#[derive(Debug, Clone)]
pub(crate) struct Routed {
    pub from: MemberRecord,
    pub away: Away,
}

/// Who takes a new team ask: the DRI, or — when the DRI is away — the member who would answer
/// soonest (never the asker).
pub(super) async fn route(
    tx: &mut WriteTx,
    team_id: i64,
    dri: MemberRecord,
    asker_id: i64,
    target: Target,
    now: Timestamp,
) -> OpResult<(MemberRecord, Option<Routed>)> {
    let dri_calendar = calendar_of(&dri.calendar, &dri.handle)?;
    if away_at(&dri_calendar, now).is_none() {
        return Ok((dri, None));
    }
    let members: Vec<MemberRecord> = store_members::active_in_team(tx, team_id)
        .await?
        .into_iter()
        .filter(|m| m.id != dri.id && m.id != asker_id)
        .collect();
    let calendars = calendars_of(&members)?;
    let candidates: Vec<Candidate<'_, usize>> = calendars
        .iter()
        .enumerate()
        .map(|(key, calendar)| Candidate {
            key,
            calendar,
            target,
        })
        .collect();
    match triage(&dri_calendar, &candidates, now) {
        Triage::Routed { pick, dri_away } => Ok((
            members[pick.key].clone(),
            Some(Routed {
                from: dri,
                away: dri_away,
            }),
        )),
        Triage::Dri | Triage::DriAway(_) => Ok((dri, None)),
    }
}

fn calendars_of(members: &[MemberRecord]) -> OpResult<Vec<Calendar>> {
    members
        .iter()
        .map(|m| calendar_of(&m.calendar, &m.handle))
        .collect()
}

/// The charter that applies to an ask held by a member: the ask's team charter, or for a
/// direct ask the member's home-team charter. Reassignment measures the new clock with it.
pub(super) async fn charter_for(
    conn: &mut AnyConnection,
    ask: &AskRecord,
    member_id: i64,
) -> OpResult<Charter> {
    let team = match ask.team_id {
        Some(team) => Some(team),
        None => store_charters::home_team(conn, member_id).await?,
    };
    charter_for_team(conn, team).await
}

/// The target of the ask's urgency for a member; `None` for an FYI or when that charter
/// lacks the level (reassigning to them would leave the ask without a clock).
async fn target_for(
    conn: &mut AnyConnection,
    ask: &AskRecord,
    member_id: i64,
) -> OpResult<Option<Target>> {
    if ask.kind == AskKind::Fyi.as_str() {
        return Ok(None);
    }
    let charter = match charter_for(conn, ask, member_id).await {
        Ok(charter) => charter,
        // A charter saved under older rules gives no target until its DRI fixes it; the
        // ask's page still opens, without suggesting anyone under it.
        Err(OpError::Conflict(_)) => return Ok(None),
        Err(err) => return Err(err),
    };
    Ok(charter.level(&ask.urgency).ok().map(|l| l.target))
}

/// The teammate who would answer an open ask soonest, were it reassigned to them now.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub handle: String,
    pub name: String,
    /// The due instant the ask would get in their calendar.
    pub due_at: Timestamp,
    pub calendar: Calendar,
}

/// For an ask whose responder is away: of the ask's team (or the responder's teammates for a
/// direct ask), who is not away and would answer soonest. Neither party is suggested.
pub(crate) async fn suggestion(
    conn: &mut AnyConnection,
    ask: &AskRecord,
    now: Timestamp,
) -> OpResult<Option<Suggestion>> {
    let pool = match ask.team_id {
        Some(team) => store_members::active_in_team(conn, team).await?,
        None => store_members::active_teammates(conn, ask.responder_id).await?,
    };
    let pool: Vec<MemberRecord> = pool
        .into_iter()
        .filter(|m| m.id != ask.responder_id && m.id != ask.asker_id)
        .collect();
    let calendars = calendars_of(&pool)?;
    let mut candidates = Vec::new();
    for (key, (member, calendar)) in pool.iter().zip(&calendars).enumerate() {
        if let Some(target) = target_for(conn, ask, member.id).await? {
            candidates.push(Candidate {
                key,
                calendar,
                target,
            });
        }
    }
    Ok(
        soonest(&candidates, ask.created_at, now).map(|pick| Suggestion {
            handle: pool[pick.key].handle.clone(),
            name: pool[pick.key].name.clone(),
            due_at: pick.due_at,
            calendar: calendars[pick.key].clone(),
        }),
    )
}

/// Fills in the suggestion of a view whose responder is away.
pub(super) async fn suggest(
    conn: &mut AnyConnection,
    view: &mut AskView,
    now: Timestamp,
) -> OpResult<()> {
    if view.away.is_some() {
        view.suggestion = suggestion(conn, &view.ask, now).await?;
    }
    Ok(())
}

/// Queues one notice per stretch of time off that has not ended: when it begins, the askers
/// of open asks falling due during it hear about it (see `worker::away`). Saving the same
/// calendar twice queues nothing new.
pub(crate) async fn schedule_notices(
    app: &App,
    tx: &mut WriteTx,
    member_id: i64,
    calendar: &Calendar,
) -> OpResult<()> {
    for stretch in stretches_from(calendar, app.now()) {
        let starts_at = stretch.starts_at(calendar).unwrap_or_else(|| app.now());
        Job::NoteAway {
            member_id,
            first_day: stretch.first_day,
            starts_at,
        }
        .enqueue(app, tx)
        .await?;
    }
    Ok(())
}

fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// What the asker is told while the responder is away, e.g. "Ana is away until Thu 12 Mar;
/// this ask is due Fri 13 Mar 11:00 São Paulo time."
pub fn away_note(view: &AskView) -> Option<String> {
    let zone = view.responder_calendar.time_zone();
    let who = format!("{} is", first_name(&view.ask.responder_name));
    note(view, &who, &wording::zone_time(zone))
}

/// The same, told to the responder: "You are away until Thu 12 Mar; this ask is due Fri 13
/// Mar 11:00 your time."
pub fn own_away_note(view: &AskView) -> Option<String> {
    note(view, "You are", "your time")
}

fn note(view: &AskView, who: &str, zone_label: &str) -> Option<String> {
    let away = view.away?;
    let zone = view.responder_calendar.time_zone();
    let until = wording::day(away.last_day);
    let tail = match (view.clock, away.back_at) {
        (Some(clock), _) => format!(
            "; this ask is due {} {zone_label}",
            wording::when(clock.due_at, zone)
        ),
        (None, Some(back)) => format!("; back {} {zone_label}", wording::when(back, zone)),
        (None, None) => String::new(),
    };
    Some(format!("{who} away until {until}{tail}."))
}

/// Why a team's ask is not with its DRI, e.g. "Routed past Lead Tester, the team's DRI, away
/// until Thu 12 Mar."
pub fn routing_note(ask: &AskRecord) -> Option<String> {
    let (_, name) = ask.routed_from.as_ref()?;
    let until = ask
        .routed_away_until
        .as_deref()
        .and_then(|d| d.parse::<Date>().ok())
        .map(wording::day)
        .unwrap_or_else(|| "further notice".to_owned());
    Some(format!(
        "Routed past {name}, the team's DRI, away until {until}: it went to whoever would answer soonest."
    ))
}
