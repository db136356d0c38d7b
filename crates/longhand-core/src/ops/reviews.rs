//! Review rounds on proposals (DESIGN.md §1 rule 4, §2.4): open a round, give and change
//! verdicts, raise and answer open questions, close early, reopen, revise into the next
//! round, the team DRI's tie-break, the synthesis and publishing its decision record.
//!
//! The rules live in `longhand_domain::reviews`; this module loads a round, its people and
//! its calendar, asks the rules, and writes — each action in one transaction with its event.
//! Jobs watch the clock (`worker::reviews`): the "closing soon" notice, the close at the
//! window's end, and an open question's deadline. Every close, the job's and the owner's
//! early one, hands the standing objections to `ops::sync::rounds::at_close`, which suggests
//! a 15-minute call between the owner and the objectors; a round's view carries that
//! suggestion and the calls recorded on it.
//!
//! Which team a round follows: the owner's home team (their first team, the one whose
//! charter applies to asks sent to them). Its charter gives the default window and the
//! irreversible categories, its DRI breaks ties, and the window runs on the team's calendar —
//! the union of its members' working time (a window counts whenever someone on the team
//! works), with business days counted in the owner's zone. An owner in no team follows the
//! standard charter, their own calendar, and has no DRI to break a tie.
//!
//! Who may do what: a round is seen by whoever may read its document. Its owner (the
//! document's owner) opens, closes early, reopens, revises and publishes; the people asked
//! give verdicts; the owner and the people asked raise and answer questions; the team's DRI
//! breaks a tie. Every person asked must be able to read the document.

mod open;
mod publish;
mod respond;

pub(crate) use open::urgency_for;
pub use open::{OpenInput, open, reopen, revise};
pub use publish::{PublishInput, Published, Synthesis, publish, synthesis};
pub(crate) use respond::expire_asks;
pub use respond::{answer_question, close, raise_question, tie_break, verdict};

use super::asks::{calendar_of, charter_for_team};
use super::documents::{load_readable, readable};
use super::sync::{self as sync_ops, SyncView};
use super::{Actor, App, OpError, OpResult, named};
use crate::store::charters as store_charters;
use crate::store::documents as store_docs;
use crate::store::members as store_members;
use crate::store::reviews as store;
use crate::store::teams as store_teams;
use crate::views::documents::DocumentRecord;
use crate::views::reviews::{ParticipantRecord, QuestionRecord, RoundRecord, TieBreakRecord};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use longhand_domain::asks::Charter;
use longhand_domain::calendar::{
    BusinessCalendar, BusinessDuration, Calendar, CalendarError, TeamCalendar,
};
use longhand_domain::reviews::{
    self as rules, Answer, Blocked, Facts, Outcome, RoundState, TieReason, Verdict,
};
use sqlx::AnyConnection;

/// The business calendar a round's window runs on: the team's, or the owner's own.
#[derive(Debug, Clone)]
pub(crate) enum RoundCalendar {
    /// Boxed: a member's calendar is several times the size of a team's handle on theirs.
    Member(Box<Calendar>),
    Team(TeamCalendar),
}

impl BusinessCalendar for RoundCalendar {
    fn add(
        &self,
        start: Timestamp,
        business: BusinessDuration,
    ) -> Result<Timestamp, CalendarError> {
        match self {
            RoundCalendar::Member(c) => c.add(start, business),
            RoundCalendar::Team(c) => c.add(start, business),
        }
    }

    fn between(&self, a: Timestamp, b: Timestamp) -> SignedDuration {
        match self {
            RoundCalendar::Member(c) => c.between(a, b),
            RoundCalendar::Team(c) => c.between(a, b),
        }
    }

    fn next_working_instant(&self, at: Timestamp) -> Option<Timestamp> {
        match self {
            RoundCalendar::Member(c) => c.next_working_instant(at),
            RoundCalendar::Team(c) => c.next_working_instant(at),
        }
    }
}

/// The team a round follows, with what it brings.
pub(crate) struct RoundTeam {
    pub team_id: Option<i64>,
    pub charter: Charter,
    pub calendar: RoundCalendar,
}

/// The owner's home team, its charter and the calendar a window of theirs runs on.
pub(crate) async fn team_of(conn: &mut AnyConnection, owner_id: i64) -> OpResult<RoundTeam> {
    let team_id = store_charters::home_team(conn, owner_id).await?;
    team_with(conn, owner_id, team_id).await
}

/// The charter and calendar of `team_id` (or the owner's own, without a team).
pub(crate) async fn team_with(
    conn: &mut AnyConnection,
    owner_id: i64,
    team_id: Option<i64>,
) -> OpResult<RoundTeam> {
    let owner = store_members::by_id(conn, owner_id).await?;
    let own = calendar_of(&owner.calendar, &owner.handle)?;
    let charter = charter_for_team(conn, team_id).await?;
    let Some(team) = team_id else {
        return Ok(RoundTeam {
            team_id,
            charter,
            calendar: RoundCalendar::Member(Box::new(own)),
        });
    };
    let mut calendars = Vec::new();
    for member in store_members::active_in_team(conn, team).await? {
        calendars.push(calendar_of(&member.calendar, &member.handle)?);
    }
    let zone = own.time_zone().clone();
    let calendar = match TeamCalendar::union(calendars, zone) {
        Ok(team) => RoundCalendar::Team(team),
        // A team whose members were all deactivated: the owner's own calendar.
        Err(_) => RoundCalendar::Member(Box::new(own)),
    };
    Ok(RoundTeam {
        team_id,
        charter,
        calendar,
    })
}

/// A member's time zone.
pub(crate) async fn zone_of(conn: &mut AnyConnection, member_id: i64) -> OpResult<TimeZone> {
    let member = store_members::by_id(conn, member_id).await?;
    Ok(calendar_of(&member.calendar, &member.handle)?
        .time_zone()
        .clone())
}

/// A document a round is about, as a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLink {
    pub slug: String,
    pub title: String,
}

impl DocLink {
    fn of(doc: &DocumentRecord) -> DocLink {
        DocLink {
            slug: doc.slug.clone(),
            title: doc.title.clone(),
        }
    }
}

/// What the viewer may do with a round now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundRights {
    /// Give or change a verdict (a participant, while the window is open).
    pub can_verdict: bool,
    /// Close the window before its end (the owner, once everyone deciding answered).
    pub can_close: bool,
    pub can_reopen: bool,
    pub can_revise: bool,
    /// Break the tie (the team's DRI, when the rules call for it).
    pub can_tie_break: bool,
    /// Open the synthesis and publish (the owner, once the window closed).
    pub can_synthesise: bool,
    pub can_raise_question: bool,
    pub can_answer_questions: bool,
}

/// A round as one viewer sees it, with what the rules say now.
#[derive(Debug, Clone)]
pub struct RoundView {
    pub document: DocLink,
    pub round: RoundRecord,
    pub participants: Vec<ParticipantRecord>,
    pub questions: Vec<QuestionRecord>,
    pub tie_break: Option<TieBreakRecord>,
    /// The window as people read it: "3 business days".
    pub window_label: String,
    /// The owner's zone, so pages show the closing time in it beside the viewer's.
    pub owner_zone: TimeZone,
    /// The team's DRI (handle, name), who breaks ties.
    pub dri: Option<(String, String)>,
    /// Why accepting, or rejecting, is not possible now (`None`: it is).
    pub accept_blocked: Option<Blocked>,
    pub reject_blocked: Option<Blocked>,
    /// Why the round needs the team's DRI, while it does.
    pub tie_break_needed: Option<TieReason>,
    /// Who deciding has not answered yet (the window may close early once nobody).
    pub waiting_on: Vec<String>,
    /// The decision record published from the round, when the viewer may read it.
    pub decision: Option<DocLink>,
    pub rights: RoundRights,
    /// The viewer's own verdict and reason.
    pub my_verdict: Option<(Verdict, Option<String>)>,
    /// The 15-minute call suggested when the round closed on standing objections, and the
    /// calls recorded on it.
    pub sync: SyncView,
}

impl RoundView {
    /// Whether the viewer is asked in this round.
    pub fn is_participant(&self, actor: &Actor) -> bool {
        self.participants.iter().any(|p| p.member_id == actor.id)
    }
}

/// A document's review: its rounds, newest first, and whether the viewer may open one.
#[derive(Debug, Clone)]
pub struct DocReview {
    pub document: DocLink,
    pub rounds: Vec<RoundView>,
    /// The owner may open a round: the kind asks for a decision and no round is pending.
    pub can_open: bool,
    /// Defaults for the open form: the document's reviewers and deciders fields and the
    /// charter's window.
    pub default_reviewers: Vec<String>,
    pub default_deciders: Vec<String>,
    pub default_window: String,
}

/// The answers the rules read.
fn answers(participants: &[ParticipantRecord]) -> Vec<Answer> {
    participants
        .iter()
        .map(|p| Answer {
            handle: p.handle.clone(),
            role: p.role,
            verdict: p.verdict,
        })
        .collect()
}

/// Deadlines of the questions still waiting for an answer.
fn open_deadlines(questions: &[QuestionRecord]) -> Vec<Timestamp> {
    questions
        .iter()
        .filter(|q| q.answer.is_none())
        .map(|q| q.deadline)
        .collect()
}

/// Everything loaded about one round.
pub(crate) struct Loaded {
    pub round: RoundRecord,
    pub participants: Vec<ParticipantRecord>,
    pub questions: Vec<QuestionRecord>,
    pub tie_break: Option<TieBreakRecord>,
}

impl Loaded {
    /// The rules' facts at `now`, borrowing `answers` and `deadlines` built from `self`.
    fn facts<'a>(
        &self,
        answers: &'a [Answer],
        deadlines: &'a [Timestamp],
        now: Timestamp,
    ) -> Facts<'a> {
        Facts {
            state: self.round.state,
            reversibility: self.round.reversibility,
            answers,
            tie_break: self.tie_break.as_ref().map(|t| t.outcome),
            open_questions: deadlines,
            now,
        }
    }

    /// Whether the owner may decide the round with `outcome` at `now`.
    pub(crate) fn decide(&self, outcome: Outcome, now: Timestamp) -> Result<(), Blocked> {
        let (answers, deadlines) = (answers(&self.participants), open_deadlines(&self.questions));
        rules::decide(&self.facts(&answers, &deadlines, now), outcome)
    }

    /// Why the round needs the DRI now, if it does.
    pub(crate) fn tie_break_needed(&self, now: Timestamp) -> Option<TieReason> {
        let (answers, deadlines) = (answers(&self.participants), open_deadlines(&self.questions));
        rules::tie_break_needed(&self.facts(&answers, &deadlines, now))
    }

    /// Who deciding has not answered yet.
    pub(crate) fn waiting_on(&self) -> Vec<String> {
        match rules::may_close_early(&answers(&self.participants)) {
            Ok(()) => Vec::new(),
            Err(waiting) => waiting.missing,
        }
    }

    pub(crate) fn participant(&self, member_id: i64) -> Option<&ParticipantRecord> {
        self.participants.iter().find(|p| p.member_id == member_id)
    }

    /// The people whose blocking objection stands, in the round's order.
    pub(crate) fn objectors(&self) -> Vec<i64> {
        self.participants
            .iter()
            .filter(|p| p.verdict == Some(Verdict::Object))
            .map(|p| p.member_id)
            .collect()
    }
}

/// Loads a round with its people, questions and tie-break.
pub(crate) async fn load(conn: &mut AnyConnection, round: RoundRecord) -> OpResult<Loaded> {
    let participants = store::participants(conn, round.id).await?;
    let questions = store::questions(conn, round.id).await?;
    let tie_break = store::tie_break(conn, round.id).await?;
    Ok(Loaded {
        round,
        participants,
        questions,
        tie_break,
    })
}

/// The document (readable by the actor) and its round `number`.
pub(crate) async fn find(
    conn: &mut AnyConnection,
    actor: &Actor,
    slug: &str,
    number: i64,
) -> OpResult<(DocumentRecord, Loaded)> {
    let doc = load_readable(conn, actor, slug).await?;
    let round = store::rounds_of(conn, doc.id)
        .await?
        .into_iter()
        .find(|r| r.number == number)
        .ok_or(OpError::NotFound("review round"))?;
    let loaded = load(conn, round).await?;
    Ok((doc, loaded))
}

/// The team's DRI of a round, as (member id, handle, name).
async fn dri_of(
    conn: &mut AnyConnection,
    round: &RoundRecord,
) -> OpResult<Option<(i64, String, String)>> {
    let Some(team_id) = round.team_id else {
        return Ok(None);
    };
    let team = store_teams::by_id(conn, team_id).await?;
    let dri = store_members::by_id(conn, team.dri_id).await?;
    Ok(Some((dri.id, dri.handle, dri.name)))
}

/// Builds what `actor` sees of a loaded round at `now`.
pub(crate) async fn view(
    conn: &mut AnyConnection,
    actor: &Actor,
    doc: &DocumentRecord,
    loaded: Loaded,
    now: Timestamp,
) -> OpResult<RoundView> {
    let dri = dri_of(conn, &loaded.round).await?;
    let owner_zone = zone_of(conn, loaded.round.owner_id).await?;
    let decision = match loaded.round.decision_id {
        Some(id) => {
            let record = store_docs::by_id(conn, actor.id, id).await?;
            readable(actor, &record).then(|| DocLink::of(&record))
        }
        None => None,
    };
    let is_dri = dri.as_ref().is_some_and(|(id, _, _)| *id == actor.id);
    let rights = rights_of(actor, doc, &loaded, is_dri, now);
    let me = loaded.participant(actor.id);
    let my_verdict = me.and_then(|p| p.verdict.map(|v| (v, p.reason.clone())));
    let window_label = rules::Window::parse(&loaded.round.window)
        .map(|w| w.to_string())
        .unwrap_or_else(|_| loaded.round.window.clone());
    let sync = sync_ops::rounds::view_of(conn, actor, doc, &loaded.round, now).await?;
    Ok(RoundView {
        sync,
        document: DocLink::of(doc),
        accept_blocked: loaded.decide(Outcome::Accepted, now).err(),
        reject_blocked: loaded.decide(Outcome::Rejected, now).err(),
        tie_break_needed: loaded.tie_break_needed(now),
        waiting_on: loaded.waiting_on(),
        window_label,
        owner_zone,
        dri: dri.map(|(_, handle, name)| (handle, name)),
        decision,
        rights,
        my_verdict,
        round: loaded.round,
        participants: loaded.participants,
        questions: loaded.questions,
        tie_break: loaded.tie_break,
    })
}

fn rights_of(
    actor: &Actor,
    doc: &DocumentRecord,
    loaded: &Loaded,
    is_dri: bool,
    now: Timestamp,
) -> RoundRights {
    let state = loaded.round.state;
    let owner = doc.owner_id == actor.id;
    let participant = loaded.participant(actor.id).is_some();
    let open = state == RoundState::Open;
    let closed = state == RoundState::Closed;
    let live = open || closed;
    RoundRights {
        can_verdict: participant && open,
        can_close: owner && open && loaded.waiting_on().is_empty(),
        can_reopen: owner && closed,
        can_revise: owner && closed,
        can_tie_break: is_dri && loaded.tie_break_needed(now).is_some(),
        can_synthesise: owner && closed,
        can_raise_question: (owner || participant) && open,
        can_answer_questions: (owner || participant) && live,
    }
}

/// A document's rounds, newest first, and the defaults of a new one.
pub async fn for_document(app: &App, actor: &Actor, slug: &str) -> OpResult<DocReview> {
    let now = app.now();
    let mut conn = app.store().read().await?;
    let doc = load_readable(&mut conn, actor, slug).await?;
    let records = store::rounds_of(&mut conn, doc.id).await?;
    let pending = records
        .last()
        .is_some_and(|r| matches!(r.state, RoundState::Open | RoundState::Closed));
    let proposal = open::is_proposal(&mut conn, &doc).await?;
    let mut rounds = Vec::new();
    for record in records.into_iter().rev() {
        let loaded = load(&mut conn, record).await?;
        rounds.push(view(&mut conn, actor, &doc, loaded, now).await?);
    }
    // Only the charter: the team's calendars are not needed to show the default window.
    let home = store_charters::home_team(&mut conn, doc.owner_id).await?;
    let window = match charter_for_team(&mut conn, home).await {
        Ok(charter) => charter.review_window(),
        // A charter today's rules refuse: opening a round says so; the page shows the default.
        Err(OpError::Conflict(_)) => rules::Window::DEFAULT,
        Err(err) => return Err(err),
    };
    Ok(DocReview {
        document: DocLink::of(&doc),
        can_open: doc.owner_id == actor.id && proposal && !pending,
        default_reviewers: open::field_list(&doc, "reviewers"),
        default_deciders: open::field_list(&doc, "deciders"),
        default_window: window.key(),
        rounds,
    })
}

/// One round of a document.
pub async fn get(app: &App, actor: &Actor, slug: &str, number: i64) -> OpResult<RoundView> {
    let mut conn = app.store().read().await?;
    let (doc, loaded) = find(&mut conn, actor, slug, number).await?;
    view(&mut conn, actor, &doc, loaded, app.now()).await
}

/// The round that published a decision record, for the record's page (its history).
pub async fn for_decision(app: &App, actor: &Actor, slug: &str) -> OpResult<Option<RoundView>> {
    let mut conn = app.store().read().await?;
    let record = load_readable(&mut conn, actor, slug).await?;
    let Some(round) = store::round_of_decision(&mut conn, record.id).await? else {
        return Ok(None);
    };
    let doc = store_docs::by_id(&mut conn, actor.id, round.document_id)
        .await
        .map_err(named("document"))?;
    if !readable(actor, &doc) {
        return Ok(None);
    }
    let loaded = load(&mut conn, round).await?;
    Ok(Some(view(&mut conn, actor, &doc, loaded, app.now()).await?))
}

/// Why a decision is blocked, for people: the rule's sentence, with the moment the last
/// open question falls due in `zone`.
pub fn blocked_reason(blocked: &Blocked, zone: &TimeZone) -> String {
    match blocked {
        Blocked::QuestionsOpen { until, .. } => format!(
            "{} (the last on {} {})",
            blocked.reason(),
            crate::wording::when(*until, zone),
            crate::wording::zone_time(zone)
        ),
        other => other.reason(),
    }
}

/// A round that is not in the state an action needs: a conflict naming what it can do.
pub(crate) fn transition(
    state: RoundState,
    action: rules::RoundAction,
) -> Result<RoundState, OpError> {
    state
        .apply(action)
        .map_err(|err| OpError::Conflict(err.to_string()))
}

/// Only the document's owner does this.
pub(crate) fn require_owner(actor: &Actor, doc: &DocumentRecord, what: &str) -> OpResult<()> {
    if doc.owner_id != actor.id {
        return Err(OpError::Forbidden(format!(
            "only the document's owner, @{}, can {what}",
            doc.owner_handle
        )));
    }
    Ok(())
}
