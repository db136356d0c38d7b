//! Personal digests and the team digest page (DESIGN.md §1 rule 6, §2.5; issue #12 item 4).
//!
//! Each active member has one digest chain: a `Job::SendDigest` for their next digest
//! instant (`longhand_domain::digests::next_digest`: their digest time, on working days,
//! never inside a focus block), remembered in `digest_schedules`. [`schedule`] starts or
//! moves the chain — when a member is created, changes their digest time or calendar, is
//! reactivated, and at worker start for anyone whose chain broke off ([`schedule_missing`]).
//! The job (`worker::digests`) composes, records and delivers the digest, then schedules the
//! next one; a job for an instant the schedule no longer names does nothing.
//!
//! What a digest holds is gathered in `gather.rs` (re-checking readability) and decided by
//! `longhand_domain::digests::compose`; `render.rs` writes it as JSON, text and HTML.

mod gather;
pub(crate) mod render;

use super::auth::actor_of;
use super::decisions::KIND as DECISION_KIND;
use super::deliveries::{Delivery, Outgoing};
use super::documents::readable;
use super::jobs::Job;
use super::{Actor, App, OpError, OpResult, named};
use crate::store::WriteTx;
use crate::store::asks as store_asks;
use crate::store::digests as store;
use crate::store::documents as store_docs;
use crate::store::members as store_members;
use crate::store::teams as store_teams;
use crate::views::digests::{DigestPreview, SentDigest, TeamDigest, TeamLine};
use crate::views::members::MemberRecord;
use jiff::civil::Time;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use longhand_domain::access::{self, TeamFacts};
use longhand_domain::calendar::Calendar;
use longhand_domain::digests::{Digest, compose, next_digest};
use sqlx::AnyConnection;

/// How far back the first digest looks for decisions, and the team page always.
pub const LOOKBACK: SignedDuration = SignedDuration::from_hours(7 * 24);

/// How many sent digests the preview page lists.
pub const RECENT: i64 = 10;

/// A member's calendar and digest time, read from their record.
pub(crate) struct Settings {
    pub calendar: Calendar,
    pub digest_time: Time,
}

impl Settings {
    pub(crate) fn of(member: &MemberRecord) -> OpResult<Settings> {
        let calendar = super::asks::calendar_of(&member.calendar, &member.handle)?;
        let digest_time = member.digest_time.parse::<Time>().map_err(|err| {
            OpError::Internal(anyhow::anyhow!(
                "stored digest time of {} is invalid: {err}",
                member.handle
            ))
        })?;
        Ok(Settings {
            calendar,
            digest_time,
        })
    }

    fn zone(&self) -> &TimeZone {
        self.calendar.time_zone()
    }
}

/// Starts or moves a member's digest chain to their next digest after `after`, inside the
/// caller's transaction; returns that instant. Nothing changes when the chain is already
/// there; a member without a working day ahead (or deactivated) has no chain.
pub(crate) async fn schedule_after(
    app: &App,
    tx: &mut WriteTx,
    member: &MemberRecord,
    after: Timestamp,
) -> OpResult<Option<Timestamp>> {
    let next = if member.active {
        let settings = Settings::of(member)?;
        next_digest(&settings.calendar, settings.digest_time, after)
    } else {
        None
    };
    let Some(at) = next else {
        store::unschedule(tx, member.id).await?;
        return Ok(None);
    };
    store::schedule(tx, member.id, at, app.now()).await?;
    Job::SendDigest {
        member_id: member.id,
        at,
    }
    .enqueue(app, tx)
    .await?;
    Ok(Some(at))
}

/// [`schedule_after`] from now, for a member by id (after a profile or access change).
pub(crate) async fn schedule(app: &App, tx: &mut WriteTx, member_id: i64) -> OpResult<()> {
    let member = store_members::by_id(tx, member_id).await?;
    schedule_after(app, tx, &member, app.now()).await.map(drop)
}

/// Starts the chain of every active member who has none (never scheduled, or whose job was
/// given up on): run at worker start. Returns how many chains it started.
pub async fn schedule_missing(app: &App) -> OpResult<usize> {
    let ids = {
        let mut conn = app.store().read().await?;
        store::unscheduled(&mut conn).await?
    };
    for &id in &ids {
        let mut tx = app.store().write().await?;
        schedule(app, &mut tx, id).await?;
        super::commit(tx).await?;
    }
    Ok(ids.len())
}

/// A member's digest as it would be composed at `now`, with their zone.
pub(crate) async fn compose_for(
    conn: &mut AnyConnection,
    member: &MemberRecord,
    now: Timestamp,
) -> OpResult<(Digest, Settings)> {
    let settings = Settings::of(member)?;
    let actor = actor_of(member);
    let since = store::last_sent_at(conn, member.id)
        .await?
        .unwrap_or(now - LOOKBACK);
    let who = gather::For {
        actor: &actor,
        zone: settings.zone(),
        since,
        now,
    };
    let candidates = gather::candidates(conn, &who).await?;
    let sent = store::sent_keys(conn, member.id).await?;
    Ok((compose(candidates, |key| sent.contains(key), now), settings))
}

/// The actor's digest as it would go now, when the next one goes, and the latest sent.
pub async fn preview(app: &App, actor: &Actor) -> OpResult<DigestPreview> {
    let now = app.now();
    let mut conn = app.store().read().await?;
    let member = store_members::by_id(&mut conn, actor.id).await?;
    let (digest, settings) = compose_for(&mut conn, &member, now).await?;
    let next_at = match store::next_at(&mut conn, actor.id).await? {
        Some(at) if at > now => Some(at),
        _ => next_digest(&settings.calendar, settings.digest_time, now),
    };
    Ok(DigestPreview {
        next_at,
        zone: settings.zone().clone(),
        digest_time: member.digest_time.clone(),
        digest,
        recent: store::recent(&mut conn, actor.id, RECENT).await?,
    })
}

/// One of the actor's sent digests; anyone else's is "not found". Items the actor may no
/// longer open are left out.
pub async fn sent(app: &App, actor: &Actor, id: i64) -> OpResult<SentDigest> {
    let mut conn = app.store().read().await?;
    let row = store::by_id(&mut conn, id).await.map_err(named("digest"))?;
    if row.member_id != actor.id {
        return Err(OpError::NotFound("digest"));
    }
    let mut digest = render::from_json(&row.items)?;
    for section in &mut digest.sections {
        let mut kept = Vec::with_capacity(section.items.len());
        for item in section.items.drain(..) {
            if super::notifications::still_readable(&mut conn, actor, &item.link).await? {
                kept.push(item);
            }
        }
        section.items = kept;
    }
    let member = store_members::by_id(&mut conn, actor.id).await?;
    Ok(SentDigest {
        id: row.id,
        member_id: row.member_id,
        at: row.at,
        sent_at: row.sent_at,
        headline: row.headline,
        zone: Settings::of(&member)?.zone().clone(),
        digest,
    })
}

/// A team's digest with the check-ins slice's parts: the current period's check-ins at a
/// glance and the open blockers, for those who may see the team's check-ins (its members,
/// DRI and admins); `None` and empty for anyone else who may see the team.
#[derive(Debug, Clone)]
pub struct TeamDigestView {
    pub digest: TeamDigest,
    pub checkins: Option<super::checkins::TeamCheckins>,
    pub blockers: Vec<super::blockers::BlockerView>,
}

/// [`team`] with the check-in summary (`checkins::team_period_summary`) and the open
/// blockers (`blockers::open_for_team`).
pub async fn team_with_checkins(app: &App, actor: &Actor, slug: &str) -> OpResult<TeamDigestView> {
    let digest = team(app, actor, slug).await?;
    let checkins =
        match super::checkins::team_period_summary(app, actor, &digest.slug, app.now()).await {
            Ok(summary) => Some(summary),
            Err(OpError::Forbidden(_)) => None,
            Err(err) => return Err(err),
        };
    let blockers = match checkins {
        Some(_) => super::blockers::open_for_team(app, actor, &digest.slug).await?,
        None => Vec::new(),
    };
    Ok(TeamDigestView {
        digest,
        checkins,
        blockers,
    })
}

/// A team's digest page: decisions its people published in the last seven days, its review
/// rounds closing soon and the asks overdue with its people — each only as far as the
/// viewer may read it.
pub async fn team(app: &App, actor: &Actor, slug: &str) -> OpResult<TeamDigest> {
    let now = app.now();
    let mut conn = app.store().read().await?;
    let team = store_teams::by_slug(&mut conn, &slug.to_ascii_lowercase())
        .await
        .map_err(named("team"))?;
    let members = store_teams::members(&mut conn, team.id).await?;
    let facts = TeamFacts {
        viewer_is_dri: team.dri_id == actor.id,
        viewer_is_member: members.iter().any(|m| m.member_id == actor.id),
    };
    if !access::can_view_team(actor.role, facts) {
        return Err(OpError::NotFound("team"));
    }
    let viewer = store_members::by_id(&mut conn, actor.id).await?;
    let since = now - LOOKBACK;
    let window = (since, now);
    let decisions =
        store_docs::of_kind_by_team_between(&mut conn, actor.id, DECISION_KIND, team.id, window)
            .await?
            .into_iter()
            .filter(|doc| readable(actor, doc))
            .map(|doc| TeamLine {
                link: format!("/decisions/{}", doc.slug),
                title: doc.title,
                who: doc.owner_name,
                at: doc.created_at,
            })
            .collect();
    let reviews = team_reviews(&mut conn, actor, team.id, now).await?;
    let overdue_asks = team_overdue(&mut conn, actor, team.id, facts.viewer_is_member, now).await?;
    Ok(TeamDigest {
        slug: team.slug,
        name: team.name,
        zone: Settings::of(&viewer)?.zone().clone(),
        since,
        decisions,
        reviews,
        overdue_asks,
    })
}

async fn team_reviews(
    conn: &mut AnyConnection,
    actor: &Actor,
    team_id: i64,
    now: Timestamp,
) -> OpResult<Vec<TeamLine>> {
    let soon = now + SignedDuration::from_hours(24);
    let mut lines = Vec::new();
    for round in store::team_rounds_closing(conn, team_id, now, soon).await? {
        let doc = store_docs::by_id(conn, actor.id, round.document_id).await?;
        if readable(actor, &doc) {
            lines.push(TeamLine {
                title: doc.title,
                link: format!("/docs/{}#review", doc.slug),
                who: round.owner_name,
                at: round.closes_at,
            });
        }
    }
    Ok(lines)
}

/// Overdue asks with the team's people that the viewer may open: a party to it, or a member
/// of the team it was sent to; an ask about a document must also be readable.
async fn team_overdue(
    conn: &mut AnyConnection,
    actor: &Actor,
    team_id: i64,
    viewer_in_team: bool,
    now: Timestamp,
) -> OpResult<Vec<TeamLine>> {
    let mut lines = Vec::new();
    for ask in store_asks::overdue_for_team(conn, team_id, now).await? {
        let party = ask.asker_id == actor.id || ask.responder_id == actor.id;
        let via_team = viewer_in_team && ask.team_id == Some(team_id);
        if !(party || via_team) {
            continue;
        }
        let subject_ok = match ask.subject.as_deref().and_then(super::asks::subject_slug) {
            Some(slug) => {
                super::notifications::still_readable(conn, actor, &format!("/docs/{slug}")).await?
            }
            None => true,
        };
        if subject_ok {
            lines.push(TeamLine {
                title: ask.title,
                link: format!("/asks/{}", ask.id),
                who: ask.responder_name,
                at: ask.due_at.unwrap_or(now),
            });
        }
    }
    Ok(lines)
}

/// Queues a recorded digest for the member's channels that take digests: the text and HTML
/// renderings, item links absolute with the public URL, and the digest's page as its link
/// (the in-app copy). Keyed `digest:<id>`, so queuing it again queues nothing.
pub(crate) async fn deliver(
    app: &App,
    tx: &mut WriteTx,
    member_id: i64,
    digest_id: i64,
    digest: &Digest,
    zone: &TimeZone,
    at: Timestamp,
) -> OpResult<usize> {
    let page = format!("/digests/{digest_id}");
    let base = link_base(app);
    let message = Outgoing {
        class: Delivery::Digest,
        subject: render::subject(digest),
        text: render::text(digest, &base, &page, zone, at),
        html: Some(render::html(digest, &base, &page, zone, at)),
        link: page,
        thread: "digest".to_owned(),
        key: format!("digest:{digest_id}"),
    };
    super::deliveries::queue(app, tx, member_id, &message, app.now()).await
}

/// The base that makes an in-app path absolute: the public URL, or nothing when none is
/// configured (the channels then carry paths, as they do for every message's link).
fn link_base(app: &App) -> String {
    app.outbound().absolute("")
}

/// What every active member's digest would hold at an instant, composed and not sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DryRun {
    /// Active members composed for.
    pub members: usize,
    /// Digests that would go (not empty).
    pub would_send: usize,
    /// Items in them, together.
    pub items: usize,
}

/// Composes every active member's digest at `now` without sending or recording anything,
/// on `parallel` read connections at once: the benchmark's measure, and a check an operator
/// can run against a copy of the database.
pub async fn dry_run(app: &App, now: Timestamp, parallel: usize) -> OpResult<DryRun> {
    let members: Vec<MemberRecord> = {
        let mut conn = app.store().read().await?;
        store_members::list(&mut conn).await?
    };
    let active: Vec<MemberRecord> = members.into_iter().filter(|m| m.active).collect();
    let chunk = active.len().div_ceil(parallel.max(1)).max(1);
    let mut tasks = tokio::task::JoinSet::new();
    for part in active.chunks(chunk) {
        let (app, part) = (app.clone(), part.to_vec());
        tasks.spawn(async move { dry_run_part(&app, &part, now).await });
    }
    let mut total = DryRun::default();
    while let Some(joined) = tasks.join_next().await {
        let part = joined.map_err(|err| OpError::Internal(err.into()))??;
        total.members += part.members;
        total.would_send += part.would_send;
        total.items += part.items;
    }
    Ok(total)
}

async fn dry_run_part(app: &App, members: &[MemberRecord], now: Timestamp) -> OpResult<DryRun> {
    let mut conn = app.store().read().await?;
    let mut out = DryRun::default();
    for member in members {
        let (digest, _) = compose_for(&mut conn, member, now).await?;
        out.members += 1;
        if !digest.is_empty() {
            out.would_send += 1;
            out.items += digest.items().count();
        }
    }
    Ok(out)
}
