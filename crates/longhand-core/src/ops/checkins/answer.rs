//! A member's check-in for their current period: reading it (with the previous "next") and
//! answering it, which opens the blockers it names and asks for the help it needs.

use super::{TeamAccess, calendar_of_member, domain_schedule, team_access};
use crate::ops::asks::{self, Level, NewAskInput, Recipient};
use crate::ops::blockers::open_in;
use crate::ops::{Actor, App, OpError, OpResult, commit, forbidden, invalid};
use crate::store::WriteTx;
use crate::store::blockers as store_blockers;
use crate::store::checkins::{self as store_checkins, Answer};
use crate::store::members as store_members;
use crate::views::checkins::{BlockerRecord, CheckinRecord, HelpRecord};
use crate::views::members::MemberRecord;
use crate::wording;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use longhand_domain::asks::{AskKind, Charter, UrgencyLevel};
use longhand_domain::calendar::Calendar;
use longhand_domain::checkins::{
    HelpRequest, NamedBlocker, Period, Schedule, Standing, check_fields,
};
use serde_json::json;
use sqlx::AnyConnection;

/// A member's check-in in one team as it stands now.
#[derive(Debug, Clone)]
pub struct MyCheckin {
    pub team_slug: String,
    pub team_name: String,
    /// The member's zone: every instant here is shown in it.
    pub zone: TimeZone,
    /// The current period; `None` while the team's check-ins are off or before the first
    /// prompt.
    pub period: Option<Period>,
    pub standing: Option<Standing>,
    /// When the first period opens, when there is no current one yet.
    pub next_opens: Option<Timestamp>,
    pub checkin: Option<CheckinRecord>,
    pub blockers: Vec<BlockerRecord>,
    pub help: Vec<HelpRecord>,
    /// The member's previous check-in in the team: its "next" is what they said they would do.
    pub previous: Option<CheckinRecord>,
}

/// A check-in answer, parsed at the edge.
#[derive(Debug, Clone, Default)]
pub struct CheckinInput {
    pub done: String,
    pub next: String,
    pub note: String,
    /// Blockers to track; ones this check-in already reports are kept, not repeated.
    pub blockers: Vec<NamedBlocker>,
    /// Help to ask for; each becomes an ask (once).
    pub help: Vec<HelpRequest>,
    /// The period the answer is for, when the surface showed one: an answer to a period that
    /// closed meanwhile is refused rather than filed under the next.
    pub period: Option<Date>,
}

/// What answering did.
#[derive(Debug, Clone)]
pub struct Answered {
    pub checkin: MyCheckin,
    /// The first answer of the period (not an edit).
    pub created: bool,
    pub late: bool,
    pub opened_blockers: usize,
    pub asked: usize,
}

/// The member's check-in in a team, for the current period.
pub async fn my_checkin(app: &App, actor: &Actor, slug: &str) -> OpResult<MyCheckin> {
    let mut conn = app.store().read().await?;
    let access = team_access(&mut conn, actor, slug).await?;
    require_member(&access)?;
    load_mine(&mut conn, &access, actor.id, app.now()).await
}

/// The member's check-ins in every team of theirs that checks in.
pub async fn my_checkins(app: &App, actor: &Actor) -> OpResult<Vec<MyCheckin>> {
    let mut conn = app.store().read().await?;
    let mut found = Vec::new();
    for team_id in store_checkins::scheduled_teams_of(&mut conn, actor.id).await? {
        let team = crate::store::teams::by_id(&mut conn, team_id).await?;
        let access = super::access_to(&mut conn, actor, team).await?;
        found.push(load_mine(&mut conn, &access, actor.id, app.now()).await?);
    }
    Ok(found)
}

fn require_member(access: &TeamAccess) -> OpResult<()> {
    if access.is_member {
        Ok(())
    } else {
        Err(forbidden("only members of the team check in"))
    }
}

struct Context {
    calendar: Calendar,
    schedule: Option<Schedule>,
}

async fn context(conn: &mut AnyConnection, team_id: i64, member_id: i64) -> OpResult<Context> {
    let record = store_checkins::schedule(conn, team_id).await?;
    let schedule = match &record {
        Some(r) => domain_schedule(r)?,
        None => None,
    };
    let calendar = calendar_of_member(conn, member_id).await?;
    Ok(Context { calendar, schedule })
}

pub(super) async fn load_mine(
    conn: &mut AnyConnection,
    access: &TeamAccess,
    member_id: i64,
    now: Timestamp,
) -> OpResult<MyCheckin> {
    let ctx = context(conn, access.team.id, member_id).await?;
    let period = ctx.schedule.and_then(|s| s.period_at(&ctx.calendar, now));
    let next_opens = match (period, ctx.schedule) {
        (None, Some(s)) => s.next_prompt(&ctx.calendar, now),
        _ => None,
    };
    let mut mine = MyCheckin {
        team_slug: access.team.slug.clone(),
        team_name: access.team.name.clone(),
        zone: ctx.calendar.time_zone().clone(),
        period,
        standing: period.map(|p| p.standing(now)),
        next_opens,
        checkin: None,
        blockers: Vec::new(),
        help: Vec::new(),
        previous: None,
    };
    let Some(period) = period else {
        return Ok(mine);
    };
    let date = period.date.to_string();
    mine.checkin = store_checkins::find(conn, access.team.id, member_id, &date).await?;
    mine.previous = store_checkins::previous(conn, access.team.id, member_id, &date).await?;
    if let Some(checkin) = &mine.checkin {
        mine.blockers = store_blockers::of_checkin(conn, checkin.id).await?;
        mine.help = store_checkins::help_of(conn, checkin.id).await?;
    }
    Ok(mine)
}

/// Answers (or edits) the member's check-in for the current period. Late after the end of
/// the working day; refused once the period closed (the member's next prompt). Blockers are
/// opened and help is asked for in the same transaction, so an unknown handle leaves nothing
/// half-written.
pub async fn answer(
    app: &App,
    actor: &Actor,
    slug: &str,
    input: CheckinInput,
) -> OpResult<Answered> {
    let fields = [
        ("done", input.done.as_str()),
        ("next", input.next.as_str()),
        ("note", input.note.as_str()),
    ];
    check_fields(fields, input.blockers.len(), input.help.len()).map_err(invalid)?;
    let now = app.now();
    let mut tx = app.store().write().await?;
    let access = team_access(&mut tx, actor, slug).await?;
    require_member(&access)?;
    let period = current_period(&mut tx, &access, actor.id, input.period, now).await?;
    let owners = people(
        &mut tx,
        actor,
        input.blockers.iter().map(|b| &b.owner),
        "blocker",
    )
    .await?;
    let helpers = people(
        &mut tx,
        actor,
        input.help.iter().map(|h| &h.to),
        "help needed",
    )
    .await?;
    let late = period.standing(now) == Standing::Late;
    let answer = Answer {
        done: input.done.trim(),
        next: input.next.trim(),
        note: input.note.trim(),
    };
    let team = (access.team.id, actor.id);
    let date = period.date.to_string();
    let (id, created) = match store_checkins::find(&mut tx, team.0, team.1, &date).await? {
        Some(existing) => {
            store_checkins::update(&mut tx, existing.id, &answer, now).await?;
            (existing.id, false)
        }
        None => {
            let id = store_checkins::insert(&mut tx, team, &period, &answer, late, now).await?;
            (id, true)
        }
    };
    let mut opened = 0;
    for (blocker, owner) in input.blockers.iter().zip(&owners) {
        opened += usize::from(
            open_in(app, &mut tx, actor, &access.team, id, owner, &blocker.text).await?,
        );
    }
    let help: Vec<_> = input.help.iter().zip(&helpers).collect();
    let asked = ask_for_help(app, &mut tx, actor, (&access, id, period.date), &help).await?;
    let stored = store_checkins::by_id(&mut tx, id).await?;
    let payload = json!({ "team": access.team.slug, "period": date, "late": stored.late, "created": created, "blockers": opened, "asks": asked });
    app.record(&mut tx, Some(actor), "checkin.answered", payload)
        .await?;
    // Answering is acting on the prompt and its reminder.
    let subject = super::subject_of(&format!("/checkins/{}", access.team.slug));
    super::super::notify::clear_subject(app, &mut tx, actor.id, &subject).await?;
    let checkin = load_mine(&mut tx, &access, actor.id, now).await?;
    commit(tx).await?;
    Ok(Answered {
        checkin,
        created,
        late: stored.late,
        opened_blockers: opened,
        asked,
    })
}

/// The period an answer goes to: the member's current one, which must be the one the
/// surface showed.
async fn current_period(
    tx: &mut WriteTx,
    access: &TeamAccess,
    member_id: i64,
    shown: Option<Date>,
    now: Timestamp,
) -> OpResult<Period> {
    let ctx = context(tx, access.team.id, member_id).await?;
    let Some(schedule) = ctx.schedule else {
        return Err(OpError::Conflict(format!(
            "team \"{}\" has no check-in schedule; its DRI can set one on the team page",
            access.team.slug
        )));
    };
    let zone = ctx.calendar.time_zone();
    let Some(period) = schedule.period_at(&ctx.calendar, now) else {
        let opens = schedule
            .next_prompt(&ctx.calendar, now)
            .map(|at| {
                format!(
                    "opens {} ({})",
                    wording::when(at, zone),
                    wording::zone_time(zone)
                )
            })
            .unwrap_or_else(|| "is not scheduled: you have no working days ahead".to_owned());
        return Err(OpError::Conflict(format!(
            "your first check-in in team \"{}\" {opens}",
            access.team.slug
        )));
    };
    if let Some(shown) = shown.filter(|d| *d != period.date) {
        return Err(OpError::Conflict(format!(
            "the check-in for {} is closed and can no longer be changed; the current one is for {}",
            wording::day(shown),
            wording::day(period.date)
        )));
    }
    Ok(period)
}

/// The members the handles name, in order; an unknown, deactivated or own handle is a 422
/// that says which.
async fn people(
    tx: &mut WriteTx,
    actor: &Actor,
    handles: impl Iterator<Item = &longhand_domain::names::Handle>,
    what: &str,
) -> OpResult<Vec<MemberRecord>> {
    let mut found = Vec::new();
    for handle in handles {
        let member = match store_members::by_handle(tx, handle.as_str()).await {
            Ok(m) if m.active => m,
            Ok(_) => return Err(invalid(format!("{what}: @{handle} is deactivated"))),
            Err(crate::store::StoreError::NotFound) => {
                return Err(invalid(format!(
                    "{what}: nobody in the workspace has the handle @{handle}"
                )));
            }
            Err(err) => return Err(err.into()),
        };
        if member.id == actor.id {
            return Err(invalid(format!(
                "{what}: name someone else than yourself (@{handle})"
            )));
        }
        found.push(member);
    }
    Ok(found)
}

/// The charter's `normal` level (its first when it has none): how soon help is expected.
fn help_level(charter: &Charter) -> UrgencyLevel {
    let standard = Charter::standard();
    charter
        .level("normal")
        .ok()
        .or_else(|| charter.levels().first())
        .or_else(|| standard.levels().first())
        .cloned()
        .unwrap_or_else(|| UrgencyLevel {
            key: "normal".into(),
            name: "Normal".into(),
            target: longhand_domain::asks::Target::Business(
                longhand_domain::calendar::BusinessDuration::Days(1),
            ),
            counts_as_urgent: false,
        })
}

/// Opens one ask per new help request, from the member, about the check-in.
async fn ask_for_help(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    (access, checkin_id, date): (&TeamAccess, i64, Date),
    help: &[(&HelpRequest, &MemberRecord)],
) -> OpResult<usize> {
    let existing = store_checkins::help_of(tx, checkin_id).await?;
    let mut asked = 0;
    for (request, member) in help {
        let repeat = existing
            .iter()
            .any(|h| h.handle == request.to.as_str() && h.question == request.question);
        if repeat {
            continue;
        }
        let input = NewAskInput {
            to: Recipient::Member(request.to.clone()),
            kind: AskKind::Input,
            urgency: "normal".to_owned(),
            title: request.question.clone(),
            body: format!(
                "Help needed, from {}'s check-in in {} for {}.",
                actor.name,
                access.team.name,
                wording::day(date)
            ),
            subject: Some(super::summary::checkin_link(
                &access.team.slug,
                &actor.handle,
                date,
            )),
        };
        let ask_id = asks::create_in(
            app,
            tx,
            actor,
            actor,
            input,
            None,
            Level::Derived(help_level),
        )
        .await?;
        store_checkins::insert_help(tx, checkin_id, member.id, &request.question, ask_id).await?;
        asked += 1;
    }
    Ok(asked)
}
