//! Creating an ask: who it lands with (a person, a team's DRI, or past an away DRI), its
//! response clock, its optional "needed by", and what is recorded, queued and notified.

use super::away::{self, Routed};
use super::{AskView, NewAskInput, Recipient, calendar_of, charter_for_team, schedule, view};
use crate::ops::jobs::Job;
use crate::ops::notify::{Audience, Notice, Urgency, ask_subject, notify};
use crate::ops::{Actor, App, OpResult, check_nesting, commit, forbidden, invalid, named};
use crate::store::WriteTx;
use crate::store::asks::{self as store_asks, NewAsk};
use crate::store::charters as store_charters;
use crate::store::members::{self as store_members};
use crate::store::teams as store_teams;
use crate::views::members::MemberRecord;
use jiff::Timestamp;
use longhand_domain::asks::{
    AskKind, Charter, ResponseClock, UrgencyLevel, check_needed_by, response_clock,
};
use longhand_domain::calendar::Calendar;
use longhand_domain::instant::at_storage_precision;
use longhand_domain::workspace::Role;
use serde_json::json;

/// When the asker needs the answer by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeededBy {
    /// An instant (the API's RFC 3339).
    At(Timestamp),
    /// A wall-clock time in the asker's own zone (the web form's date and time).
    Local(jiff::civil::DateTime),
}

/// Asks someone (or a team) for something, with the clock placed in their calendar.
pub async fn create(app: &App, actor: &Actor, input: NewAskInput) -> OpResult<AskView> {
    create_needed_by(app, actor, input, None).await
}

/// Asks, optionally needing the answer by a time; an ask still open then expires.
pub async fn create_needed_by(
    app: &App,
    actor: &Actor,
    input: NewAskInput,
    needed_by: Option<NeededBy>,
) -> OpResult<AskView> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let id = create_in(app, &mut tx, actor, actor, input, needed_by, Level::Named).await?;
    let ask = store_asks::by_id(&mut tx, id).await?;
    let mut result = view(&mut tx, ask, now).await?;
    away::suggest(&mut tx, &mut result, now).await?;
    commit(tx).await?;
    Ok(result)
}

/// Opens an ask inside the caller's transaction, so another action (recording a call, which
/// owes a written outcome) commits with it or not at all; returns its id. `actor` is who acts
/// (the `ask.created` event is theirs), `asker` who the ask is from and waits on the answer —
/// the same person but for asks the product opens on someone's behalf.
pub(crate) async fn create_in(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    asker: &Actor,
    input: NewAskInput,
    needed_by: Option<NeededBy>,
    level: Level,
) -> OpResult<i64> {
    if asker.role == Role::Guest && matches!(input.to, Recipient::Team(_)) {
        return Err(forbidden("guests can ask people directly, not whole teams"));
    }
    let (title, body) = check_text(&input.title, &input.body)?;
    let now = app.now();
    let mut input = input;
    input.subject = subject_of(tx, asker, input.subject.take()).await?;
    let needed_by = match needed_by {
        Some(n) => Some(resolve_needed_by(tx, asker, input.kind, n, now).await?),
        None => None,
    };
    let placed = place(tx, asker, &input, level, now).await?;
    let draft = Draft::new(input, title, body, needed_by, placed, level, now)?;
    let id = insert(tx, asker, &draft, now).await?;
    record_created(app, tx, actor, &draft, id).await?;
    notify_received(app, tx, asker, &draft, id).await?;
    Ok(id)
}

/// An ask's subject as stored: a document the asker may read becomes its slug, so the ask
/// and the document link to each other; anything else (a URL, a ticket id) stays as written.
async fn subject_of(
    conn: &mut sqlx::AnyConnection,
    actor: &Actor,
    subject: Option<String>,
) -> OpResult<Option<String>> {
    let Some(subject) = subject
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
    else {
        return Ok(None);
    };
    if subject.chars().count() > 500 {
        return Err(super::super::invalid(
            "the subject can be at most 500 characters",
        ));
    }
    let Some(slug) = super::subject_slug(&subject) else {
        return Ok(Some(subject));
    };
    match crate::ops::documents::load_readable(conn, actor, &slug).await {
        Ok(doc) => Ok(Some(doc.slug)),
        Err(super::super::OpError::NotFound(_)) => Ok(Some(subject)),
        Err(err) => Err(err),
    }
}

fn check_text(title: &str, body: &str) -> OpResult<(String, String)> {
    let title = title.trim();
    if title.is_empty() {
        return Err(invalid("an ask needs a title that says what you need"));
    }
    if title.chars().count() > 200 {
        return Err(invalid("the title can be at most 200 characters"));
    }
    if body.chars().count() > 20_000 {
        return Err(invalid("the body can be at most 20,000 characters"));
    }
    crate::ops::one_line("title", title)?;
    crate::ops::multi_line("body", body)?;
    check_nesting(body)?;
    Ok((title.to_owned(), body.trim().to_owned()))
}

async fn resolve_needed_by(
    tx: &mut WriteTx,
    actor: &Actor,
    kind: AskKind,
    needed_by: NeededBy,
    now: Timestamp,
) -> OpResult<Timestamp> {
    let at = match needed_by {
        NeededBy::At(at) => at,
        NeededBy::Local(local) => {
            let me = store_members::by_id(tx, actor.id).await?;
            let zone = calendar_of(&me.calendar, &me.handle)?.time_zone().clone();
            local
                .to_zoned(zone)
                .map_err(|_| invalid("\"needed by\" is not a date and time we can place"))?
                .timestamp()
        }
    };
    // The edge may have sent nanoseconds; the row and the expiry job must hold one value.
    let at = at_storage_precision(at);
    check_needed_by(kind, at, now).map_err(invalid)?;
    Ok(at)
}

/// The person first in line for an ask (the member, or the team's DRI), the team whose
/// charter applies, and the slug when a team was asked.
async fn responder_of(
    tx: &mut WriteTx,
    to: &Recipient,
) -> OpResult<(MemberRecord, Option<i64>, Option<String>)> {
    match to {
        Recipient::Member(handle) => {
            let member = store_members::by_handle(tx, handle.as_str())
                .await
                .map_err(named("member"))?;
            let home = store_charters::home_team(tx, member.id).await?;
            Ok((member, home, None))
        }
        Recipient::Team(slug) => {
            let team = store_teams::by_slug(tx, slug.as_str())
                .await
                .map_err(named("team"))?;
            let dri = store_members::by_id(tx, team.dri_id).await?;
            Ok((dri, Some(team.id), Some(team.slug)))
        }
    }
}

/// How a new ask's urgency level comes from the charter that applies to it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Level {
    /// The level the input's urgency names.
    Named,
    /// A level derived from the charter, for asks the product opens with a fixed target
    /// (a call's outcome is due in one business day, whatever the team's levels say).
    Derived(fn(&Charter) -> UrgencyLevel),
}

impl Level {
    fn of(self, charter: &Charter, urgency: &str) -> OpResult<UrgencyLevel> {
        match self {
            Level::Named => Ok(charter.level(urgency).map_err(invalid)?.clone()),
            Level::Derived(derive) => Ok(derive(charter)),
        }
    }
}

/// Where a new ask lands and under which charter.
struct Placement {
    responder: MemberRecord,
    calendar: Calendar,
    charter: Charter,
    /// The team asked: its id and slug.
    team: Option<(i64, String)>,
    routed: Option<Routed>,
}

async fn place(
    tx: &mut WriteTx,
    actor: &Actor,
    input: &NewAskInput,
    level: Level,
    now: Timestamp,
) -> OpResult<Placement> {
    let (first, charter_team, team_slug) = responder_of(tx, &input.to).await?;
    let charter = charter_for_team(tx, charter_team).await?;
    let target = level.of(&charter, &input.urgency)?.target;
    let team = charter_team.zip(team_slug);
    let (responder, routed) = match &team {
        Some((team_id, _)) => away::route(tx, *team_id, first, actor.id, target, now).await?,
        None => (first, None),
    };
    if !responder.active {
        return Err(invalid(format!(
            "@{} is deactivated and cannot be asked",
            responder.handle
        )));
    }
    if responder.id == actor.id && team.is_none() {
        return Err(invalid(
            "you cannot ask yourself; write it down as a task instead",
        ));
    }
    let calendar = calendar_of(&responder.calendar, &responder.handle)?;
    Ok(Placement {
        responder,
        calendar,
        charter,
        team,
        routed,
    })
}

/// Everything a new ask is, before it is stored.
struct Draft {
    input: NewAskInput,
    title: String,
    body: String,
    needed_by: Option<Timestamp>,
    placed: Placement,
    level: UrgencyLevel,
    clock: Option<ResponseClock>,
}

impl Draft {
    fn new(
        input: NewAskInput,
        title: String,
        body: String,
        needed_by: Option<Timestamp>,
        placed: Placement,
        level: Level,
        now: Timestamp,
    ) -> OpResult<Draft> {
        let level = level.of(&placed.charter, &input.urgency)?;
        let point = placed.charter.reminder_point();
        let clock = if input.kind.clock_runs() {
            let clock = response_clock(now, level.target, point, &placed.calendar);
            Some(clock.map_err(invalid)?)
        } else {
            None
        };
        Ok(Draft {
            input,
            title,
            body,
            needed_by,
            placed,
            level,
            clock,
        })
    }

    /// The skipped DRI's last day off, `YYYY-MM-DD`.
    fn away_until(&self) -> Option<String> {
        let routed = self.placed.routed.as_ref()?;
        Some(routed.away.last_day.to_string())
    }
}

async fn insert(tx: &mut WriteTx, actor: &Actor, d: &Draft, now: Timestamp) -> OpResult<i64> {
    let target = d.level.target.to_string();
    let away_until = d.away_until();
    let routed_from = d.placed.routed.as_ref().map(|r| r.from.id);
    let new = NewAsk {
        asker_id: actor.id,
        responder_id: d.placed.responder.id,
        team_id: d.placed.team.as_ref().map(|(id, _)| *id),
        kind: d.input.kind.as_str(),
        urgency: &d.level.key,
        target: &target,
        counts_urgent: d.level.counts_as_urgent,
        title: &d.title,
        body: &d.body,
        subject: d.input.subject.as_deref(),
        created_at: now,
        remind_at: d.clock.map(|c| c.remind_at),
        due_at: d.clock.map(|c| c.due_at),
        needed_by: d.needed_by,
        routed_from: routed_from.zip(away_until.as_deref()),
    };
    Ok(store_asks::insert(tx, &new).await?)
}

/// The `ask.created` event, with why a team's ask skipped its DRI, and the ask's jobs.
async fn record_created(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    d: &Draft,
    id: i64,
) -> OpResult<()> {
    let routed =
        d.placed.routed.as_ref().map(
            |r| json!({ "from": r.from.handle, "reason": "away", "away_until": d.away_until() }),
        );
    let payload = json!({ "ask": id, "to": d.placed.responder.handle, "team": d.placed.team.as_ref().map(|(_, slug)| slug), "kind": d.input.kind.as_str(), "urgency": d.level.key, "due_at": d.clock.map(|c| c.due_at.to_string()), "needed_by": d.needed_by.map(|t| t.to_string()), "routed": routed });
    app.record(tx, Some(actor), "ask.created", payload).await?;
    if let Some(clock) = d.clock {
        schedule(app, tx, id, &clock, None).await?;
    }
    if let Some(needed_by) = d.needed_by {
        Job::ExpireAsk {
            ask_id: id,
            needed_by,
        }
        .enqueue(app, tx)
        .await?;
    }
    Ok(())
}

async fn notify_received(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    d: &Draft,
    id: i64,
) -> OpResult<()> {
    let zone = d.placed.calendar.time_zone();
    let due = d
        .clock
        .map(|c| format!(" — due {}", crate::wording::when(c.due_at, zone)))
        .unwrap_or_default();
    let urgency = if d.level.counts_as_urgent {
        Urgency::Urgent
    } else {
        Urgency::Normal
    };
    let note = Notice {
        member_id: d.placed.responder.id,
        kind: "ask.received",
        title: &format!("{} asks you: {}", actor.name, d.title),
        body: &format!("{} · {}{due}", d.input.kind.as_str(), d.level.name),
        link: &format!("/asks/{id}"),
        dedupe_key: &format!("ask:{id}:received:{}", d.placed.responder.id),
        urgency,
        audience: Audience::Direct,
        space_id: None,
        subject: Some(&ask_subject(id)),
    };
    notify(app, tx, &note).await?;
    Ok(())
}
