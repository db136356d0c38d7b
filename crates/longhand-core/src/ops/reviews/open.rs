//! Opening a round — the first, a reopened one, or the next after a revision: who is asked
//! (members, or everyone in a named team), the window on the team's calendar, one review ask
//! per person through the response-time engine, and the round's jobs.

use super::{RoundView, find, load, require_owner, team_of, team_with, transition, view, zone_of};
use crate::ops::asks::{self, NewAskInput, Recipient};
use crate::ops::documents::{facts, load_readable, template_for};
use crate::ops::jobs::Job;
use crate::ops::{Actor, App, OpError, OpResult, commit, invalid};
use crate::store::WriteTx;
use crate::store::documents as store_docs;
use crate::store::members as store_members;
use crate::store::reviews::{self as store, NewRound};
use crate::store::teams as store_teams;
use crate::views::documents::DocumentRecord;
use crate::views::members::MemberRecord;
use crate::views::reviews::{ParticipantRecord, RoundRecord};
use crate::wording;
use jiff::Timestamp;
use longhand_domain::asks::{AskKind, Charter};
use longhand_domain::documents::{FieldValue, can_read};
use longhand_domain::names::Handle;
use longhand_domain::reviews::{
    self as rules, Reversibility, Role, RoundAction, RoundState, Schedule, Stakes, Window,
};
use serde_json::json;
use sqlx::AnyConnection;

/// The most people one round may ask.
const MAX_PARTICIPANTS: usize = 50;

/// What the owner chooses when opening a round; anything left out comes from the document's
/// `reviewers` and `deciders` fields (or the previous round, when revising) and the charter.
#[derive(Debug, Clone, Default)]
pub struct OpenInput {
    /// Handles or `team:slug`.
    pub reviewers: Option<Vec<String>>,
    /// Handles or `team:slug`; empty means the owner decides alone.
    pub deciders: Option<Vec<String>>,
    /// Business days or hours: `3d`, `36h`.
    pub window: Option<String>,
    pub reversibility: Option<Reversibility>,
    /// The decision's category; one the charter lists makes it irreversible.
    pub category: Option<String>,
}

/// Whether a document is a proposal: its template asks for a decision (an RFC, or a space's
/// template that says so).
pub(crate) async fn is_proposal(conn: &mut AnyConnection, doc: &DocumentRecord) -> OpResult<bool> {
    match template_for(conn, doc.space_id, &doc.kind).await {
        Ok(template) => Ok(template.is_some_and(|t| t.requests_decision())),
        // A custom kind whose template was since removed asks for nothing.
        Err(OpError::Invalid(_)) => Ok(false),
        Err(err) => Err(err),
    }
}

/// A list field of a document as entries (`reviewers: [ana, team:core]`); a text field is
/// read as a comma-separated list.
pub(crate) fn field_list(doc: &DocumentRecord, name: &str) -> Vec<String> {
    let items = match doc.fields.iter().find(|(n, _)| n == name) {
        Some((_, FieldValue::List(items))) => items.clone(),
        Some((_, FieldValue::Text(text))) => text.split(',').map(str::to_owned).collect(),
        None => Vec::new(),
    };
    items
        .into_iter()
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect()
}

/// Opens the first round of a proposal (or the next, after a decided one), as its owner.
pub async fn open(app: &App, actor: &Actor, slug: &str, input: OpenInput) -> OpResult<RoundView> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let doc = load_readable(&mut tx, actor, slug).await?;
    require_owner(actor, &doc, "open a review round")?;
    if !is_proposal(&mut tx, &doc).await? {
        return Err(invalid(format!(
            "only proposals go to review, and a {} does not ask for a decision; write it as an RFC",
            doc.kind
        )));
    }
    let rounds = store::rounds_of(&mut tx, doc.id).await?;
    if let Some(last) = rounds.last() {
        refuse_pending(last)?;
    }
    let number = rounds.last().map_or(1, |r| r.number + 1);
    let defaults = Defaults::of_document(&doc);
    let id = start(app, &mut tx, actor, &doc, number, &input, &defaults).await?;
    let result = reload(&mut tx, actor, &doc, id, now).await?;
    commit(tx).await?;
    Ok(result)
}

/// A round still open or closed must be decided or revised before another starts.
fn refuse_pending(last: &RoundRecord) -> OpResult<()> {
    let next = match last.state {
        RoundState::Open => "wait for its window to close (or close it early), then revise it",
        RoundState::Closed => "decide it, or revise it",
        RoundState::Decided | RoundState::Revised => return Ok(()),
    };
    Err(OpError::Conflict(format!(
        "round {} is still {}; to start round {}, {next}",
        last.number,
        last.state.as_str(),
        last.number + 1
    )))
}

/// The owner's view of round `id`, read inside the transaction that changed it.
async fn reload(
    tx: &mut WriteTx,
    actor: &Actor,
    doc: &DocumentRecord,
    id: i64,
    now: Timestamp,
) -> OpResult<RoundView> {
    let round = store::round(tx, id).await?;
    let loaded = load(tx, round).await?;
    view(tx, actor, doc, loaded, now).await
}

/// What a new round starts from when the owner leaves something out.
struct Defaults {
    reviewers: Vec<String>,
    deciders: Vec<String>,
    window: Option<String>,
    stakes: Option<Stakes>,
}

impl Defaults {
    fn of_document(doc: &DocumentRecord) -> Defaults {
        Defaults {
            reviewers: field_list(doc, "reviewers"),
            deciders: field_list(doc, "deciders"),
            window: None,
            stakes: None,
        }
    }

    /// The previous round's people, window and stakes.
    fn of_round(round: &RoundRecord, participants: &[ParticipantRecord]) -> Defaults {
        let entries = |role: Role| {
            participants
                .iter()
                .filter(|p| p.role == role)
                .map(|p| p.handle.clone())
                .collect()
        };
        Defaults {
            reviewers: entries(Role::Reviewer),
            deciders: entries(Role::Decider),
            window: Some(round.window.clone()),
            stakes: Some(Stakes {
                reversibility: round.reversibility,
                category: round.category.clone(),
            }),
        }
    }
}

/// Writes a new open round `number` with its people, their asks and its jobs; returns its id.
async fn start(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    doc: &DocumentRecord,
    number: i64,
    input: &OpenInput,
    defaults: &Defaults,
) -> OpResult<i64> {
    let now = app.now();
    let team = team_of(tx, doc.owner_id).await?;
    let window = window_of(input, defaults, &team.charter)?;
    let stakes = stakes_of(input, defaults, &team.charter)?;
    let reviewers = input.reviewers.as_ref().unwrap_or(&defaults.reviewers);
    let deciders = input.deciders.as_ref().unwrap_or(&defaults.deciders);
    let people = people(tx, doc, reviewers, deciders).await?;
    let placed = rules::schedule(now, window, &team.calendar).map_err(invalid)?;
    let new = NewRound {
        document_id: doc.id,
        number,
        owner_id: doc.owner_id,
        team_id: team.team_id,
        reversibility: stakes.reversibility,
        category: stakes.category.as_deref(),
        window: &window.key(),
        opened_at: now,
        closes_at: placed.closes_at,
        closing_soon_at: placed.closing_soon_at,
    };
    let id = store::insert_round(tx, &new).await?;
    for person in &people {
        store::add_participant(tx, id, person.member.id, person.role, person.via.as_deref())
            .await?;
    }
    let asked = Asked {
        doc,
        round_id: id,
        number,
        closes_at: placed.closes_at,
    };
    for person in &people {
        asked
            .ask(app, tx, actor, &person.member, person.role)
            .await?;
    }
    schedule_jobs(app, tx, id, &placed).await?;
    let handles = |role: Role| -> Vec<&str> {
        people
            .iter()
            .filter(|p| p.role == role)
            .map(|p| p.member.handle.as_str())
            .collect()
    };
    let payload = json!({"document": doc.slug, "round": number, "window": window.key(), "closes_at": placed.closes_at.to_string(),
        "reviewers": handles(Role::Reviewer), "deciders": handles(Role::Decider), "reversibility": stakes.reversibility.as_str(), "category": stakes.category});
    app.record(tx, Some(actor), "review.opened", payload)
        .await?;
    Ok(id)
}

fn window_of(input: &OpenInput, defaults: &Defaults, charter: &Charter) -> OpResult<Window> {
    let raw = input.window.as_deref().or(defaults.window.as_deref());
    match raw.map(str::trim).filter(|w| !w.is_empty()) {
        Some(raw) => Window::parse(raw).map_err(invalid),
        None => Ok(charter.review_window()),
    }
}

fn stakes_of(input: &OpenInput, defaults: &Defaults, charter: &Charter) -> OpResult<Stakes> {
    let listed = charter.irreversible_categories();
    let category = input.category.as_deref().filter(|c| !c.trim().is_empty());
    if let (None, None, Some(previous)) = (input.reversibility, category, &defaults.stakes) {
        return Ok(previous.clone());
    }
    rules::stakes(input.reversibility, category, listed).map_err(invalid)
}

/// The round's jobs: the close at the window's end and, for a window long enough, the
/// "closing soon" notice.
async fn schedule_jobs(app: &App, tx: &mut WriteTx, id: i64, placed: &Schedule) -> OpResult<()> {
    Job::CloseReviewRound {
        round_id: id,
        closes_at: placed.closes_at,
    }
    .enqueue(app, tx)
    .await?;
    if let Some(at) = placed.closing_soon_at {
        Job::ReviewClosingSoon { round_id: id, at }
            .enqueue(app, tx)
            .await?;
    }
    Ok(())
}

/// Someone to ask, and how they came to be asked.
struct Person {
    member: MemberRecord,
    role: Role,
    /// The team named when they were asked as part of it.
    via: Option<String>,
}

/// The people a round asks: deciders first (someone named as both decides), then reviewers;
/// the owner is left out (they decide anyway). Everyone must be an active member who can
/// read the document.
async fn people(
    tx: &mut WriteTx,
    doc: &DocumentRecord,
    reviewers: &[String],
    deciders: &[String],
) -> OpResult<Vec<Person>> {
    let mut out: Vec<Person> = Vec::new();
    for (entries, role) in [(deciders, Role::Decider), (reviewers, Role::Reviewer)] {
        for entry in entries {
            for (member, via) in resolve(tx, entry).await? {
                let known = out.iter().any(|p| p.member.id == member.id);
                if member.id == doc.owner_id || known {
                    continue;
                }
                check_reader(tx, doc, &member).await?;
                out.push(Person { member, role, via });
            }
        }
    }
    if out.is_empty() {
        return Err(invalid(
            "a review needs at least one reviewer or decider besides the owner; name them, or fill the document's reviewers field",
        ));
    }
    if out.len() > MAX_PARTICIPANTS {
        return Err(invalid(format!(
            "a round can ask at most {MAX_PARTICIPANTS} people; ask a team's DRI to gather the rest"
        )));
    }
    Ok(out)
}

/// One entry: `@handle`, `handle` or `team:slug` (a team's active members).
async fn resolve(tx: &mut WriteTx, entry: &str) -> OpResult<Vec<(MemberRecord, Option<String>)>> {
    let entry = entry.trim();
    crate::ops::one_line("reviewer", entry)?;
    match Recipient::parse(entry)? {
        Recipient::Member(handle) => {
            let member = store_members::by_handle(tx, handle.as_str())
                .await
                .map_err(|_| invalid(format!("@{handle} is not a member")))?;
            if !member.active {
                return Err(invalid(format!(
                    "@{handle} is deactivated and cannot be asked"
                )));
            }
            Ok(vec![(member, None)])
        }
        Recipient::Team(slug) => {
            let team = store_teams::by_slug(tx, slug.as_str())
                .await
                .map_err(|_| invalid(format!("team:{slug} is not a team")))?;
            let members = store_members::active_in_team(tx, team.id).await?;
            Ok(members
                .into_iter()
                .map(|m| (m, Some(team.slug.clone())))
                .collect())
        }
    }
}

/// Refuses someone who could not read the proposal they are asked to review.
async fn check_reader(
    tx: &mut WriteTx,
    doc: &DocumentRecord,
    member: &MemberRecord,
) -> OpResult<()> {
    let seen = store_docs::by_id(tx, member.id, doc.id).await?;
    if !can_read(facts(member.role, member.id, &seen)) {
        return Err(invalid(format!(
            "@{} cannot read “{}” ({}), so cannot review it; share it with them first",
            member.handle,
            doc.title,
            doc.classification.as_str()
        )));
    }
    Ok(())
}

/// What every review ask of one round says.
pub(crate) struct Asked<'a> {
    pub doc: &'a DocumentRecord,
    pub round_id: i64,
    pub number: i64,
    pub closes_at: Timestamp,
}

impl Asked<'_> {
    /// Asks `member` through the response-time engine (a review ask, or an approval for a
    /// decider) and links the ask to their place in the round.
    pub(crate) async fn ask(
        &self,
        app: &App,
        tx: &mut WriteTx,
        actor: &Actor,
        member: &MemberRecord,
        role: Role,
    ) -> OpResult<()> {
        let zone = zone_of(tx, member.id).await?;
        let owner_zone = zone_of(tx, self.doc.owner_id).await?;
        let closes = format!(
            "{} your time ({} {})",
            wording::when(self.closes_at, &zone),
            wording::when(self.closes_at, &owner_zone),
            wording::zone_time(&owner_zone)
        );
        let what = match role {
            Role::Decider => {
                "As a decider, approve it (with comments if you like), object with a reason, or abstain"
            }
            Role::Reviewer => {
                "Approve it (with comments if you like), object with a reason, or abstain"
            }
        };
        let input = NewAskInput {
            to: Recipient::Member(Handle::parse(&member.handle).map_err(invalid)?),
            kind: match role {
                Role::Decider => AskKind::Approve,
                Role::Reviewer => AskKind::Review,
            },
            urgency: review_urgency(tx, member.id).await?,
            title: ask_title(&self.doc.title, self.number),
            body: format!(
                "Round {} of the review of “{}” is open until {closes}. {what} on the document's page: /docs/{}",
                self.number, self.doc.title, self.doc.slug
            ),
            subject: Some(self.doc.slug.clone()),
        };
        let ask_id =
            asks::create_in(app, tx, actor, actor, input, None, asks::Level::Named).await?;
        store::set_ask(tx, self.round_id, member.id, ask_id).await?;
        Ok(())
    }
}

/// "Review “…” (round 2)", within an ask title's 200 characters.
fn ask_title(title: &str, number: i64) -> String {
    let short: String = title.chars().take(160).collect();
    let cut = if short.chars().count() < title.chars().count() {
        "…"
    } else {
        ""
    };
    format!("Review “{short}{cut}” (round {number})")
}

/// The urgency a review ask gets under the responder's charter: its design-review level,
/// else its normal one, else its first.
async fn review_urgency(tx: &mut WriteTx, member_id: i64) -> OpResult<String> {
    urgency_for(tx, member_id, &["design-review", "normal"]).await
}

/// The first of `preferred` that the charter applying to asks sent to `member_id` defines,
/// else that charter's first level.
pub(crate) async fn urgency_for(
    tx: &mut WriteTx,
    member_id: i64,
    preferred: &[&str],
) -> OpResult<String> {
    let home = crate::store::charters::home_team(tx, member_id).await?;
    let charter = crate::ops::asks::charter_for_team(tx, home).await?;
    let levels = charter.levels();
    let pick = preferred
        .iter()
        .find_map(|key| levels.iter().find(|l| l.key == *key))
        .or(levels.first());
    pick.map(|l| l.key.clone())
        .ok_or_else(|| invalid("the responder's charter has no urgency levels"))
}

/// Reopens a closed round with a new window from now (the round's own unless another is
/// given); everyone who has not answered is asked again.
pub async fn reopen(
    app: &App,
    actor: &Actor,
    slug: &str,
    number: i64,
    window: Option<String>,
) -> OpResult<RoundView> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let (doc, loaded) = find(&mut tx, actor, slug, number).await?;
    require_owner(actor, &doc, "reopen a review round")?;
    transition(loaded.round.state, RoundAction::Reopen)?;
    let round = &loaded.round;
    let team = team_with(&mut tx, round.owner_id, round.team_id).await?;
    let raw = window.as_deref().map(str::trim).filter(|w| !w.is_empty());
    let window = Window::parse(raw.unwrap_or(&round.window)).map_err(invalid)?;
    let placed = rules::schedule(now, window, &team.calendar).map_err(invalid)?;
    if !store::reopen(&mut tx, round.id, placed.closes_at, placed.closing_soon_at).await? {
        return Err(OpError::Conflict(
            "the round changed a moment ago".to_owned(),
        ));
    }
    let asked = Asked {
        doc: &doc,
        round_id: round.id,
        number,
        closes_at: placed.closes_at,
    };
    for person in loaded.participants.iter().filter(|p| p.verdict.is_none()) {
        let member = store_members::by_id(&mut tx, person.member_id).await?;
        if member.active {
            asked.ask(app, &mut tx, actor, &member, person.role).await?;
        }
    }
    schedule_jobs(app, &mut tx, round.id, &placed).await?;
    let payload = json!({"document": doc.slug, "round": number, "window": window.key(), "closes_at": placed.closes_at.to_string()});
    app.record(&mut tx, Some(actor), "review.reopened", payload)
        .await?;
    let result = reload(&mut tx, actor, &doc, round.id, now).await?;
    commit(tx).await?;
    Ok(result)
}

/// Revises a closed round: it is kept as history, marked revised, and round n+1 opens —
/// with the same people, window and stakes unless the owner names others.
pub async fn revise(
    app: &App,
    actor: &Actor,
    slug: &str,
    number: i64,
    input: OpenInput,
) -> OpResult<RoundView> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let (doc, loaded) = find(&mut tx, actor, slug, number).await?;
    require_owner(actor, &doc, "revise the proposal into a new round")?;
    transition(loaded.round.state, RoundAction::Revise)?;
    if !store::revise(&mut tx, loaded.round.id).await? {
        return Err(OpError::Conflict(
            "the round changed a moment ago".to_owned(),
        ));
    }
    let payload = json!({"document": doc.slug, "round": number, "next": number + 1});
    app.record(&mut tx, Some(actor), "review.revised", payload)
        .await?;
    let defaults = Defaults::of_round(&loaded.round, &loaded.participants);
    let id = start(app, &mut tx, actor, &doc, number + 1, &input, &defaults).await?;
    let result = reload(&mut tx, actor, &doc, id, now).await?;
    commit(tx).await?;
    Ok(result)
}
