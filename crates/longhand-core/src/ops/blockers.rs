//! Blockers (DESIGN.md §1 rule 5, §2.5): opened from check-ins, listed for managers by age,
//! resolved (unblocked or won't fix) by their owner, reporter, the team's DRI or an admin, and
//! escalated along the team charter's path while open (`Job::EscalateBlocker`, run by
//! `worker::checkins`).
//!
//! Who sees a blocker: its owner and reporter, and whoever sees its team's check-ins (the
//! team's members, its DRI, admins).

use super::checkins::{Message, TeamAccess, access_to, calendar_of_member, notify_member};
use super::jobs::Job;
use super::{Actor, App, OpError, OpResult, commit, forbidden, invalid, named};
use crate::store::WriteTx;
use crate::store::blockers::{self as store_blockers, NewBlocker, Resolution};
use crate::store::checkins as store_checkins;
use crate::store::teams as store_teams;
use crate::views::checkins::BlockerRecord;
use crate::views::members::MemberRecord;
use crate::views::teams::TeamRecord;
use crate::wording;
use jiff::{SignedDuration, Timestamp};
use longhand_domain::checkins::{BlockerAction, BlockerState, escalation_at, resolution_time};
use longhand_domain::workspace::Role;
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// The longest resolution note, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;

/// A blocker with its age and what the reader may do.
#[derive(Debug, Clone)]
pub struct BlockerView {
    pub blocker: BlockerRecord,
    pub state: BlockerState,
    /// How long it has been open (until resolved), in the owner's business time.
    pub open_business: SignedDuration,
    /// The same, in clock time.
    pub open_clock: SignedDuration,
    /// Whether the reader may unblock it or mark it won't fix.
    pub can_resolve: bool,
}

/// Which blockers to list.
#[derive(Debug, Clone, Default)]
pub struct BlockerFilter {
    /// A team's slug; every team the reader sees when `None`.
    pub team: Option<String>,
    /// `None` lists every state; the manager's view asks for open ones.
    pub state: Option<BlockerState>,
}

fn is_resolver(actor: &Actor, blocker: &BlockerRecord, team: &TeamRecord) -> bool {
    actor.id == blocker.owner_id
        || actor.id == blocker.reporter_id
        || actor.id == team.dri_id
        || actor.role == Role::Admin
}

async fn view(
    conn: &mut AnyConnection,
    actor: &Actor,
    blocker: BlockerRecord,
    team: &TeamRecord,
    now: Timestamp,
) -> OpResult<BlockerView> {
    let state = BlockerState::parse(&blocker.state).map_err(|err| OpError::Internal(err.into()))?;
    let until = blocker.resolved_at.unwrap_or(now);
    let owner = calendar_of_member(conn, blocker.owner_id).await?;
    Ok(BlockerView {
        open_business: match blocker.business_seconds {
            Some(seconds) => SignedDuration::from_secs(seconds),
            None => resolution_time(&owner, blocker.opened_at, until),
        },
        open_clock: until.duration_since(blocker.opened_at),
        can_resolve: state == BlockerState::Open && is_resolver(actor, &blocker, team),
        state,
        blocker,
    })
}

/// Whether the reader sees a blocker of a team they relate to as `access` says.
fn sees(actor: &Actor, blocker: &BlockerRecord, access: &TeamAccess) -> bool {
    actor.id == blocker.owner_id || actor.id == blocker.reporter_id || access.sees_checkins(actor)
}

/// Loads a blocker the reader may see ("blocker not found" otherwise), with its team.
async fn load_visible(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
) -> OpResult<(BlockerRecord, TeamRecord)> {
    let blocker = store_blockers::by_id(conn, id)
        .await
        .map_err(named("blocker"))?;
    let team = store_teams::by_id(conn, blocker.team_id).await?;
    let access = team_relation(conn, actor, &team).await?;
    if !sees(actor, &blocker, &access) {
        return Err(OpError::NotFound("blocker"));
    }
    Ok((blocker, team))
}

/// How the reader relates to a team, also when they may not see the team itself (a guest
/// outside it who owns a blocker still sees that blocker).
async fn team_relation(
    conn: &mut AnyConnection,
    actor: &Actor,
    team: &TeamRecord,
) -> OpResult<TeamAccess> {
    match access_to(conn, actor, team.clone()).await {
        Ok(access) => Ok(access),
        Err(OpError::NotFound(_)) => Ok(TeamAccess {
            team: team.clone(),
            is_member: false,
            is_dri: false,
        }),
        Err(err) => Err(err),
    }
}

/// Blockers the reader sees, oldest first (the manager's view asks for the open ones).
pub async fn list(app: &App, actor: &Actor, filter: &BlockerFilter) -> OpResult<Vec<BlockerView>> {
    let now = app.now();
    let mut conn = app.store().read().await?;
    let team_id = match &filter.team {
        Some(slug) => Some(
            super::checkins::team_access(&mut conn, actor, slug)
                .await?
                .team
                .id,
        ),
        None => None,
    };
    let state = filter.state.map(BlockerState::as_str);
    let mut teams: HashMap<i64, TeamAccess> = HashMap::new();
    let mut found = Vec::new();
    for blocker in store_blockers::in_state(&mut conn, state).await? {
        if team_id.is_some_and(|t| t != blocker.team_id) {
            continue;
        }
        let access = match teams.get(&blocker.team_id) {
            Some(access) => access.clone(),
            None => {
                let team = store_teams::by_id(&mut conn, blocker.team_id).await?;
                let access = team_relation(&mut conn, actor, &team).await?;
                teams.insert(blocker.team_id, access.clone());
                access
            }
        };
        if sees(actor, &blocker, &access) {
            found.push(view(&mut conn, actor, blocker, &access.team, now).await?);
        }
    }
    Ok(found)
}

/// A team's open blockers, oldest first (for the team digest).
pub async fn open_for_team(
    app: &App,
    actor: &Actor,
    team_slug: &str,
) -> OpResult<Vec<BlockerView>> {
    let filter = BlockerFilter {
        team: Some(team_slug.to_owned()),
        state: Some(BlockerState::Open),
    };
    list(app, actor, &filter).await
}

/// One blocker.
pub async fn get(app: &App, actor: &Actor, id: i64) -> OpResult<BlockerView> {
    let mut conn = app.store().read().await?;
    let (blocker, team) = load_visible(&mut conn, actor, id).await?;
    view(&mut conn, actor, blocker, &team, app.now()).await
}

/// Unblocks a blocker or marks it won't fix (its owner, reporter, the team's DRI or an
/// admin). A resolved blocker is a 409 naming what is allowed. Records the resolution time in
/// the owner's business hours and tells the reporter.
pub async fn resolve(
    app: &App,
    actor: &Actor,
    id: i64,
    action: BlockerAction,
    note: &str,
) -> OpResult<BlockerView> {
    let note = note.trim();
    super::multi_line("note", note)?;
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(invalid(format!(
            "the note can be at most {MAX_NOTE_CHARS} characters"
        )));
    }
    let now = app.now();
    let mut tx = app.store().write().await?;
    let (blocker, team) = load_visible(&mut tx, actor, id).await?;
    if !is_resolver(actor, &blocker, &team) {
        return Err(forbidden(
            "only the blocker's owner, its reporter, the team's DRI or an admin can resolve it",
        ));
    }
    let state = BlockerState::parse(&blocker.state)
        .and_then(|s| s.apply(action))
        .map_err(|err| OpError::Conflict(err.to_string()))?;
    let owner = calendar_of_member(&mut tx, blocker.owner_id).await?;
    let business = resolution_time(&owner, blocker.opened_at, now);
    let resolution = Resolution {
        state: state.as_str(),
        by: actor.id,
        note,
        business_seconds: business.as_secs(),
    };
    if !store_blockers::resolve(&mut tx, id, &resolution, now).await? {
        return Err(OpError::Conflict(
            "this blocker was resolved a moment ago".to_owned(),
        ));
    }
    let payload = json!({ "blocker": id, "team": team.slug, "state": state.as_str(), "business_seconds": business.as_secs() });
    app.record(&mut tx, Some(actor), "blocker.resolved", payload)
        .await?;
    // The owner's and the resolver's notices about it (opened, escalated) are acted on; the
    // reporter hears of the resolution next, as a new notice.
    let subject = super::checkins::subject_of(&format!("/blockers/{id}"));
    for member in [blocker.owner_id, actor.id] {
        super::notify::clear_subject(app, &mut tx, member, &subject).await?;
    }
    tell_reporter(app, &mut tx, actor, &blocker, state, note).await?;
    let resolved = store_blockers::by_id(&mut tx, id).await?;
    let result = view(&mut tx, actor, resolved, &team, now).await?;
    commit(tx).await?;
    Ok(result)
}

async fn tell_reporter(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    blocker: &BlockerRecord,
    state: BlockerState,
    note: &str,
) -> OpResult<()> {
    if blocker.reporter_id == actor.id {
        return Ok(());
    }
    let body = if note.is_empty() {
        format!("“{}”", blocker.body)
    } else {
        format!("“{}” — {note}", blocker.body)
    };
    let message = Message {
        kind: "blocker_resolved",
        title: &format!("{} marked your blocker {}", actor.name, state.label()),
        body: &body,
        link: &format!("/blockers/{}", blocker.id),
        dedupe_key: &format!("blocker:{}:resolved", blocker.id),
    };
    notify_member(app, tx, blocker.reporter_id, &message).await?;
    Ok(())
}

/// Opens a blocker a check-in reports, inside the answer's transaction: records it, tells the
/// owner and queues the first escalation step. `false` when the check-in reports it already.
pub(crate) async fn open_in(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    team: &TeamRecord,
    checkin_id: i64,
    owner: &MemberRecord,
    text: &str,
) -> OpResult<bool> {
    let now = app.now();
    let new = NewBlocker {
        team_id: team.id,
        checkin_id,
        reporter_id: actor.id,
        owner_id: owner.id,
        body: text,
    };
    let Some(id) = store_blockers::insert(tx, &new, now).await? else {
        return Ok(false);
    };
    let payload = json!({ "blocker": id, "team": team.slug, "owner": owner.handle });
    app.record(tx, Some(actor), "blocker.opened", payload)
        .await?;
    let message = Message {
        kind: "blocker_opened",
        title: &format!("{} is blocked on you: {text}", actor.name),
        body: &format!(
            "Reported in {}'s check-in. Unblock it, or mark it won't fix.",
            team.name
        ),
        link: &format!("/blockers/{id}"),
        dedupe_key: &format!("blocker:{id}:opened"),
    };
    notify_member(app, tx, owner.id, &message).await?;
    queue_escalation(app, tx, id, 0).await?;
    Ok(true)
}

/// Queues escalation step `step` of a blocker, at its instant on the owner's calendar, when
/// the team's escalation path (or its DRI, for a charter without one) has that many people.
pub(crate) async fn queue_escalation(
    app: &App,
    tx: &mut WriteTx,
    blocker_id: i64,
    step: u32,
) -> OpResult<()> {
    let blocker = store_blockers::by_id(tx, blocker_id).await?;
    let path = escalation_path(tx, blocker.team_id).await?;
    if usize::try_from(step).map_or(true, |s| s >= path.len()) {
        return Ok(());
    }
    let record = store_checkins::schedule(tx, blocker.team_id).await?;
    let delay = super::checkins::escalation_delay(record.as_ref());
    let owner = calendar_of_member(tx, blocker.owner_id).await?;
    let Some(at) = escalation_at(&owner, blocker.opened_at, delay, step) else {
        return Ok(());
    };
    Job::EscalateBlocker {
        blocker_id,
        step,
        at,
    }
    .enqueue(app, tx)
    .await
}

/// Who a team's blockers escalate to, in order: the charter's escalation path, or the team's
/// DRI when the charter names nobody.
pub(crate) async fn escalation_path(
    conn: &mut AnyConnection,
    team_id: i64,
) -> OpResult<Vec<MemberRecord>> {
    let handles = match crate::store::charters::current(conn, team_id).await? {
        Some(record) => crate::formats::charter_json::CharterJson::read_stored(&record.body)
            .map(|json| json.escalation_handles())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let mut people = Vec::new();
    for handle in handles {
        if let Ok(member) = crate::store::members::by_handle(conn, &handle).await
            && member.active
            && !people.iter().any(|p: &MemberRecord| p.id == member.id)
        {
            people.push(member);
        }
    }
    if people.is_empty() {
        let team = store_teams::by_id(conn, team_id).await?;
        people.push(crate::store::members::by_id(conn, team.dri_id).await?);
    }
    Ok(people)
}

/// How long ago, in a person's words: "3 business hours".
pub fn business_hours_text(d: SignedDuration) -> String {
    let minutes = d.as_mins();
    match minutes {
        m if m < 60 => format!("{m} business min"),
        m => format!("{:.1} business h", m as f64 / 60.0).replace(".0 ", " "),
    }
}

/// When a blocker opened, in the reader's zone.
pub fn opened_text(at: Timestamp, zone: &jiff::tz::TimeZone) -> String {
    wording::when(at, zone)
}
