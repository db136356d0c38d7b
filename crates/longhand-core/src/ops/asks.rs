//! Asks: create, respond, reassign, withdraw; the inbox; charters and the false-urgency share.
//!
//! Which charter applies: an ask to a team uses that team's charter; an ask to a person uses
//! the charter of the person's first team; without one, the standard charter of DESIGN §1.
//! Reassignment keeps the ask's creation instant and measures the same target again in the
//! new responder's business calendar — the team still owes the answer it was asked for.
//!
//! An ask may carry a "needed by" instant; an ask still open then expires (a job, see
//! `worker::asks::expire`). Away responders are handled in [`away`].

pub mod away;
mod create;
mod inbox;

pub(crate) use create::{Level, create_in};
pub use create::{NeededBy, create, create_needed_by};
pub use inbox::{Inbox, InboxCounts, inbox};

/// The document slug an ask's subject names, if it names one: `slug`, `[[slug]]`, or a link
/// to a document's page (`/docs/slug`, on any host).
pub fn subject_slug(subject: &str) -> Option<String> {
    let subject = subject
        .trim()
        .trim_start_matches("[[")
        .trim_end_matches("]]");
    let markdown = if subject.contains('/') {
        format!("[subject]({subject})")
    } else {
        format!("[[{subject}]]")
    };
    longhand_domain::documents::doc_refs(&markdown)
        .into_iter()
        .next()
        .map(|r| r.slug)
}

/// The thread an ask's subject links to, if it is a thread's link (`/threads/12`), as a call's
/// outcome ask is.
pub fn subject_thread(subject: &str) -> Option<i64> {
    subject.trim().strip_prefix("/threads/")?.parse().ok()
}

/// The asks about a document that the actor is a party to, newest first.
pub async fn about_document(app: &App, actor: &Actor, slug: &str) -> OpResult<Vec<AskRecord>> {
    let mut conn = app.store().read().await?;
    let doc = super::documents::load_readable(&mut conn, actor, slug).await?;
    Ok(store_asks::about(&mut conn, &doc.slug, actor.id).await?)
}

use super::{
    Actor, App, OpError, OpResult, check_nesting, commit, forbidden, invalid, multi_line, named,
};
use crate::formats::calendar_json::CalendarJson;
use crate::formats::charter_json::CharterJson;
use crate::ops::jobs::Job;
use crate::ops::notify::{Audience, Notice, Urgency, ask_subject, clear_subject, notify};
use crate::store::asks::{self as store_asks};
use crate::store::charters as store_charters;
use crate::store::members as store_members;
use crate::store::teams as store_teams;
use crate::store::{StoreError, WriteTx};
use crate::views::asks::AskRecord;
use jiff::{SignedDuration, Timestamp};
use longhand_domain::access;
use longhand_domain::asks::away::{Away, away_at};
use longhand_domain::asks::{
    AskAction, AskKind, AskState, Charter, ClockState, ResponseClock, UrgencyShare,
    needed_sooner_than_due, response_clock,
};
use longhand_domain::calendar::Calendar;
use longhand_domain::names::{Handle, Slug};
use serde_json::json;
use sqlx::AnyConnection;

/// Who an ask goes to.
#[derive(Debug, Clone)]
pub enum Recipient {
    Member(Handle),
    /// A team: the ask lands with the team's DRI, who triages it.
    Team(Slug),
}

impl Recipient {
    /// Parses `handle`, `@handle` or `team:slug`.
    pub fn parse(raw: &str) -> OpResult<Recipient> {
        match raw.trim().strip_prefix("team:") {
            Some(slug) => Ok(Recipient::Team(Slug::parse(slug).map_err(invalid)?)),
            None => Ok(Recipient::Member(Handle::parse(raw).map_err(invalid)?)),
        }
    }
}

/// A parsed request for a new ask.
#[derive(Debug, Clone)]
pub struct NewAskInput {
    pub to: Recipient,
    pub kind: AskKind,
    pub urgency: String,
    pub title: String,
    pub body: String,
    pub subject: Option<String>,
}

/// An ask with its clock as it stands at `now`, and both parties' calendars.
#[derive(Debug, Clone)]
pub struct AskView {
    pub ask: AskRecord,
    pub state: AskState,
    pub clock: Option<ResponseClock>,
    pub clock_state: Option<ClockState>,
    /// Business time left in the responder's calendar (negative when overdue).
    pub remaining: Option<SignedDuration>,
    pub responder_calendar: Calendar,
    pub asker_calendar: Calendar,
    /// While open: the responder's stretch of time off, when they are away now.
    pub away: Option<Away>,
    /// While the responder is away: the teammate who would answer soonest (filled in for one
    /// ask — `get`, `create` — not for inbox rows).
    pub suggestion: Option<away::Suggestion>,
    /// While open: the asker needs the answer before the target makes it due.
    pub needed_sooner: bool,
}

pub(crate) fn calendar_of(text: &str, handle: &str) -> OpResult<Calendar> {
    CalendarJson::parse_text(text).map_err(|err| {
        OpError::Internal(anyhow::anyhow!(
            "stored calendar of {handle} is invalid: {err}"
        ))
    })
}

async fn view(conn: &mut AnyConnection, ask: AskRecord, now: Timestamp) -> OpResult<AskView> {
    let responder = store_members::by_id(conn, ask.responder_id).await?;
    let asker = store_members::by_id(conn, ask.asker_id).await?;
    let responder_calendar = calendar_of(&responder.calendar, &responder.handle)?;
    let asker_calendar = calendar_of(&asker.calendar, &asker.handle)?;
    view_with(ask, now, responder_calendar, asker_calendar)
}

/// An ask's view from both parties' calendars, already loaded.
fn view_with(
    ask: AskRecord,
    now: Timestamp,
    responder_calendar: Calendar,
    asker_calendar: Calendar,
) -> OpResult<AskView> {
    let state = AskState::parse(&ask.state).ok_or_else(|| {
        OpError::Internal(anyhow::anyhow!(
            "ask {} has unknown state {}",
            ask.id,
            ask.state
        ))
    })?;
    let clock = match (ask.remind_at, ask.due_at) {
        (Some(remind_at), Some(due_at)) => Some(ResponseClock {
            started: ask.created_at,
            remind_at,
            due_at,
        }),
        _ => None,
    };
    let open = state == AskState::Open;
    let clock_state = clock.filter(|_| open).map(|c| c.state(now));
    let remaining = clock
        .filter(|_| open)
        .map(|c| c.remaining(now, &responder_calendar));
    let away = away_at(&responder_calendar, now).filter(|_| open);
    let needed_sooner = open
        && ask
            .needed_by
            .is_some_and(|n| needed_sooner_than_due(n, clock.as_ref()));
    Ok(AskView {
        ask,
        state,
        clock,
        clock_state,
        remaining,
        responder_calendar,
        asker_calendar,
        away,
        suggestion: None,
        needed_sooner,
    })
}

/// The charter in force for a team, or the standard one.
///
/// A stored charter that today's rules refuse was saved by an older release (a target of
/// `0h`, written for `20s` before targets were whole minutes). Nothing the asker sends can
/// change that, and it is no fault of the server either: it is the team's state, a conflict
/// that names the team and who fixes it, until its DRI saves a valid charter.
pub(crate) async fn charter_for_team(
    conn: &mut AnyConnection,
    team_id: Option<i64>,
) -> OpResult<Charter> {
    let Some(team_id) = team_id else {
        return Ok(Charter::standard());
    };
    let Some(record) = store_charters::current(conn, team_id).await? else {
        return Ok(Charter::standard());
    };
    match CharterJson::parse_text(&record.body) {
        Ok(charter) => Ok(charter),
        Err(reason) => Err(outdated_charter(conn, team_id, &reason).await?),
    }
}

async fn outdated_charter(
    conn: &mut AnyConnection,
    team_id: i64,
    reason: &str,
) -> OpResult<OpError> {
    let team = store_teams::by_id(conn, team_id).await?;
    let dri = store_members::by_id(conn, team.dri_id).await?;
    Ok(OpError::Conflict(format!(
        "team \"{}\" cannot be asked until its DRI, @{}, fixes its charter on the team page \
         (it was saved under older rules: {reason})",
        team.slug, dri.handle
    )))
}

/// Queues an ask's reminder and escalation for the responder's turn: `assignment` is the
/// `ask.reassigned` event that began it, `None` for the first responder.
async fn schedule(
    app: &App,
    tx: &mut WriteTx,
    id: i64,
    clock: &ResponseClock,
    assignment: Option<i64>,
) -> OpResult<()> {
    Job::RemindAsk {
        ask_id: id,
        remind_at: clock.remind_at,
        assignment,
    }
    .enqueue(app, tx)
    .await?;
    Job::EscalateAsk {
        ask_id: id,
        due_at: clock.due_at,
        assignment,
    }
    .enqueue(app, tx)
    .await
}

fn can_see(actor: &Actor, ask: &AskRecord, team_member: bool) -> bool {
    ask.asker_id == actor.id || ask.responder_id == actor.id || team_member
}

pub(crate) async fn load_visible(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
) -> OpResult<AskRecord> {
    let ask = store_asks::by_id(conn, id).await.map_err(named("ask"))?;
    let team_member = match ask.team_id {
        Some(team_id) => store_teams::members(conn, team_id)
            .await?
            .iter()
            .any(|m| m.member_id == actor.id),
        None => false,
    };
    if !can_see(actor, &ask, team_member) {
        return Err(OpError::NotFound("ask"));
    }
    Ok(ask)
}

/// One ask, if the actor is a party to it (or in the team it was sent to).
pub async fn get(app: &App, actor: &Actor, id: i64) -> OpResult<AskView> {
    let now = app.now();
    let mut conn = app.store().read().await?;
    let ask = load_visible(&mut conn, actor, id).await?;
    let mut result = view(&mut conn, ask, now).await?;
    away::suggest(&mut conn, &mut result, now).await?;
    Ok(result)
}

/// How the responder answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    Comment,
    Approve,
    Object,
    Acknowledge,
    Decline,
}

impl Response {
    /// Parses `comment`, `approve`, `object`, `acknowledge` or `decline`.
    pub fn parse(raw: &str) -> OpResult<Response> {
        Ok(match raw.trim() {
            "comment" | "answer" => Response::Comment,
            "approve" => Response::Approve,
            "object" => Response::Object,
            "acknowledge" => Response::Acknowledge,
            "decline" => Response::Decline,
            other => {
                return Err(invalid(format!(
                    "unknown response \"{other}\"; use comment, approve, object, acknowledge or decline"
                )));
            }
        })
    }

    fn as_str(self) -> &'static str {
        match self {
            Response::Comment => "comment",
            Response::Approve => "approve",
            Response::Object => "object",
            Response::Acknowledge => "acknowledge",
            Response::Decline => "decline",
        }
    }
}

async fn transition(
    app: &App,
    actor: &Actor,
    id: i64,
    action: AskAction,
    response: &str,
    comment: Option<&str>,
) -> OpResult<AskView> {
    let mut tx = app.store().write().await?;
    transition_in(app, &mut tx, actor, id, (action, response), comment).await?;
    let ask = store_asks::by_id(&mut tx, id).await?;
    let result = view(&mut tx, ask, app.now()).await?;
    commit(tx).await?;
    Ok(result)
}

/// Closes an ask inside the caller's transaction: the responder answers or declines, the
/// asker withdraws. Records `ask.closed` and tells the other party.
async fn transition_in(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    id: i64,
    (action, response): (AskAction, &str),
    comment: Option<&str>,
) -> OpResult<()> {
    let now = app.now();
    let ask = load_visible(tx, actor, id).await?;
    let allowed = match action {
        AskAction::Withdraw => ask.asker_id == actor.id,
        _ => ask.responder_id == actor.id,
    };
    if !allowed {
        let who = if action == AskAction::Withdraw {
            "the person who asked"
        } else {
            "the person asked"
        };
        return Err(forbidden(&format!("only {who} can do that")));
    }
    let state = AskState::parse(&ask.state)
        .unwrap_or(AskState::Open)
        .apply(action)
        .map_err(|err| OpError::Conflict(err.to_string()))?;
    if !store_asks::close(tx, id, state.as_str(), response, comment, now).await? {
        return Err(OpError::Conflict(
            "this ask was closed a moment ago".to_owned(),
        ));
    }
    app.record(
        tx,
        Some(actor),
        "ask.closed",
        json!({ "ask": id, "state": state.as_str(), "response": response }),
    )
    .await?;
    let (told, verb) = if action == AskAction::Withdraw {
        (ask.responder_id, "withdrew")
    } else {
        (ask.asker_id, "answered")
    };
    // Closed, the ask needs nothing more from either side: what told them about it goes.
    let subject = ask_subject(id);
    for member in [ask.asker_id, ask.responder_id] {
        clear_subject(app, tx, member, &subject).await?;
    }
    let note = Notice {
        member_id: told,
        kind: "ask.closed",
        title: &format!("{} {verb}: {}", actor.name, ask.title),
        body: comment.unwrap_or(response),
        link: &format!("/asks/{id}"),
        dedupe_key: &format!("ask:{id}:closed"),
        urgency: Urgency::Normal,
        audience: Audience::Direct,
        space_id: None,
        subject: Some(&subject),
    };
    notify(app, tx, &note).await?;
    Ok(())
}

/// The responder answers an open ask with a comment inside the caller's transaction (posting
/// a call's written outcome answers the ask for it). `false`, and nothing written, when the
/// ask is no longer open — withdrawn, expired or answered from the inbox already.
pub(crate) async fn answer_in(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    id: i64,
    comment: &str,
) -> OpResult<bool> {
    let ask = store_asks::by_id(tx, id).await.map_err(named("ask"))?;
    if ask.state != AskState::Open.as_str() {
        return Ok(false);
    }
    let answer = (AskAction::Answer, Response::Comment.as_str());
    transition_in(app, tx, actor, id, answer, Some(comment)).await?;
    Ok(true)
}

/// The responder answers; the clock stops.
pub async fn respond(
    app: &App,
    actor: &Actor,
    id: i64,
    response: Response,
    comment: Option<String>,
) -> OpResult<AskView> {
    let comment = comment
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    if comment.as_ref().is_some_and(|c| c.chars().count() > 20_000) {
        return Err(invalid("the comment can be at most 20,000 characters"));
    }
    if let Some(comment) = &comment {
        multi_line("comment", comment)?;
        check_nesting(comment)?;
    }
    if response == Response::Object && comment.is_none() {
        return Err(invalid("an objection needs a reason"));
    }
    let action = if response == Response::Decline {
        AskAction::Decline
    } else {
        AskAction::Answer
    };
    transition(
        app,
        actor,
        id,
        action,
        response.as_str(),
        comment.as_deref(),
    )
    .await
}

/// The asker withdraws the ask.
pub async fn withdraw(app: &App, actor: &Actor, id: i64) -> OpResult<AskView> {
    transition(app, actor, id, AskAction::Withdraw, "withdrawn", None).await
}

/// Hands an open ask to someone else (the responder, the asker, or an admin may).
pub async fn reassign(app: &App, actor: &Actor, id: i64, to: &Handle) -> OpResult<AskView> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let ask = load_visible(&mut tx, actor, id).await?;
    if ask.responder_id != actor.id
        && ask.asker_id != actor.id
        && !access::can_administer(actor.role)
    {
        return Err(forbidden(
            "only the person asked, the asker or an admin can reassign",
        ));
    }
    if ask.state != "open" {
        return Err(OpError::Conflict(format!(
            "an ask that is {} cannot be reassigned",
            ask.state
        )));
    }
    let new = store_members::by_handle(&mut tx, to.as_str())
        .await
        .map_err(named("member"))?;
    if !new.active || new.id == ask.asker_id {
        return Err(invalid(format!("@{} cannot take this ask", new.handle)));
    }
    let clock = reassigned_clock(&mut tx, &ask, &new).await?;
    store_asks::reassign(
        &mut tx,
        id,
        new.id,
        clock.map(|c| c.remind_at),
        clock.map(|c| c.due_at),
    )
    .await?;
    let event = app
        .record(
            &mut tx,
            Some(actor),
            "ask.reassigned",
            json!({ "ask": id, "to": new.handle, "due_at": clock.map(|c| c.due_at.to_string()) }),
        )
        .await?;
    if let Some(clock) = clock {
        schedule(app, &mut tx, id, &clock, Some(event)).await?;
    }
    // Keyed by the reassignment, not the person: handed A → B → A, A hears again.
    let subject = ask_subject(id);
    let note = Notice {
        member_id: new.id,
        kind: "ask.received",
        title: &format!("{} handed you: {}", actor.name, ask.title),
        body: &format!("{} · {}", ask.kind, ask.target),
        link: &format!("/asks/{id}"),
        dedupe_key: &format!("ask:{id}:reassigned:{event}"),
        urgency: ask_urgency(&ask),
        audience: Audience::Direct,
        space_id: None,
        subject: Some(&subject),
    };
    notify(app, &mut tx, &note).await?;
    let ask = store_asks::by_id(&mut tx, id).await?;
    let result = view(&mut tx, ask, now).await?;
    commit(tx).await?;
    Ok(result)
}

/// How urgent notices about an ask are: urgent when it was asked at a level the charter
/// counts as urgent.
pub(crate) fn ask_urgency(ask: &AskRecord) -> Urgency {
    if ask.counts_urgent {
        Urgency::Urgent
    } else {
        Urgency::Normal
    }
}

/// The clock of `ask` measured again from its creation in `new`'s calendar.
async fn reassigned_clock(
    tx: &mut WriteTx,
    ask: &AskRecord,
    new: &crate::views::members::MemberRecord,
) -> OpResult<Option<ResponseClock>> {
    if ask.kind == AskKind::Fyi.as_str() {
        return Ok(None);
    }
    let charter = away::charter_for(tx, ask, new.id).await?;
    let Ok(level) = charter.level(&ask.urgency) else {
        return Ok(None);
    };
    let calendar = calendar_of(&new.calendar, &new.handle)?;
    let clock = response_clock(
        ask.created_at,
        level.target,
        charter.reminder_point(),
        &calendar,
    );
    Ok(Some(clock.map_err(invalid)?))
}

/// Open asks waiting on the actor (the navigation badge).
pub async fn open_count(app: &App, actor: &Actor) -> OpResult<i64> {
    let mut conn = app.store().read().await?;
    Ok(store_asks::open_count(&mut conn, actor.id).await?)
}

/// A team's charter as its page, its editor and the API show it.
#[derive(Debug, Clone)]
pub struct TeamCharter {
    /// 0 while the team uses the standard charter.
    pub version: i64,
    /// The charter as stored, also when today's rules refuse it, so its DRI can fix it.
    pub json: CharterJson,
    /// Why today's rules refuse the stored charter; asks to the team are refused meanwhile.
    pub problem: Option<String>,
}

impl TeamCharter {
    fn standard() -> TeamCharter {
        TeamCharter {
            version: 0,
            json: CharterJson::from_domain(&Charter::standard()),
            problem: None,
        }
    }

    fn stored(record: &crate::store::charters::CharterRecord) -> TeamCharter {
        let problem = match CharterJson::parse_text(&record.body) {
            Ok(charter) => {
                return TeamCharter {
                    version: record.version,
                    json: CharterJson::from_domain(&charter),
                    problem: None,
                };
            }
            Err(reason) => reason,
        };
        let (json, start) = match CharterJson::read_stored(&record.body) {
            Ok(json) => (json, ""),
            Err(_) => (
                CharterJson::from_domain(&Charter::standard()),
                " The editor starts from the standard charter.",
            ),
        };
        TeamCharter {
            version: record.version,
            json,
            problem: Some(format!(
                "Version {} of this charter was saved under older rules and is refused now: \
                 {problem}. The team cannot be asked until its DRI saves a valid charter.{start}",
                record.version
            )),
        }
    }
}

/// A team's charter in force, or as stored when today's rules refuse it (see [`TeamCharter`]).
pub async fn charter(app: &App, actor: &Actor, slug: &str) -> OpResult<TeamCharter> {
    let team = super::teams::get(app, actor, slug).await?;
    let mut conn = app.store().read().await?;
    Ok(
        match store_charters::current(&mut conn, team.team.id).await? {
            Some(record) => TeamCharter::stored(&record),
            None => TeamCharter::standard(),
        },
    )
}

/// Saves a new version of a team's charter (DRI or admin).
pub async fn update_charter(
    app: &App,
    actor: &Actor,
    slug: &str,
    charter: &Charter,
) -> OpResult<i64> {
    let team = super::teams::get(app, actor, slug).await?;
    if !team.manageable_by(actor) {
        return Err(forbidden(
            "only the team's DRI or an admin can change its charter",
        ));
    }
    let mut tx = app.store().write().await?;
    for handle in charter.escalation() {
        store_members::by_handle(&mut tx, handle)
            .await
            .map_err(|err| match err {
                StoreError::NotFound => invalid(format!(
                    "the escalation path names @{handle}, who is not a member"
                )),
                other => other.into(),
            })?;
    }
    let body = CharterJson::text_of(charter);
    let version =
        store_charters::insert_version(&mut tx, team.team.id, &body, actor.id, app.now()).await?;
    let payload = json!({ "team": slug, "version": version, "charter": serde_json::from_str::<serde_json::Value>(&body).unwrap_or_default() });
    app.record(&mut tx, Some(actor), "charter.updated", payload)
        .await?;
    commit(tx).await?;
    Ok(version)
}

/// The false-urgency signal of a team over the last 30 days: the team's share and each
/// member's, against the charter's budget.
pub async fn urgency_report(
    app: &App,
    actor: &Actor,
    slug: &str,
) -> OpResult<(UrgencyShare, Vec<(String, UrgencyShare)>)> {
    let team = super::teams::get(app, actor, slug).await?;
    let budget = charter(app, actor, slug).await?.json.urgent_budget;
    let since = app.now() - SignedDuration::from_hours(24 * 30);
    let mut conn = app.store().read().await?;
    let samples = store_asks::urgency_samples(&mut conn, since).await?;
    let share_of = |ids: &[i64]| {
        let mine: Vec<bool> = samples
            .iter()
            .filter(|(asker, _)| ids.contains(asker))
            .map(|(_, urgent)| *urgent)
            .collect();
        UrgencyShare {
            urgent: mine.iter().filter(|u| **u).count() as u64,
            total: mine.len() as u64,
            budget,
        }
    };
    let ids: Vec<i64> = team.members.iter().map(|m| m.member_id).collect();
    let members = team
        .members
        .iter()
        .map(|m| (m.handle.clone(), share_of(&[m.member_id])))
        .collect();
    Ok((share_of(&ids), members))
}
