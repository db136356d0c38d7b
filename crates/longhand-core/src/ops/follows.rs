//! Following spaces and documents (issue #12 §3): recipients beyond mentions, asks and
//! owners. Followers of a space hear of its new documents and topic threads; followers of a
//! document of its new revisions and comments. Every follower notice is `Normal` and reaches
//! them as a `Follower` (so a muted space silences it), never goes to the actor, never to
//! someone who may not read what it is about, and never doubles a mention of the same
//! change (the caller passes who was mentioned).

use super::notify::{Audience, Notice, Urgency, notify};
use super::{Actor, App, OpResult, commit, documents, spaces};
use crate::store::WriteTx;
use crate::store::documents as store_docs;
use crate::store::follows::{self as store_follows, Followed};
use crate::store::members as store_members;
use crate::store::spaces as store_spaces;
use longhand_domain::access::{self, SpaceFacts};
use longhand_domain::documents as rules;
use serde_json::json;
use sqlx::AnyConnection;

/// What a person follows or stops following, by slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowTarget {
    Space(String),
    Document(String),
}

/// The thing behind a target, checked readable for the actor, and its event's payload.
async fn resolve(
    conn: &mut AnyConnection,
    actor: &Actor,
    target: &FollowTarget,
) -> OpResult<(Followed, &'static str, serde_json::Value)> {
    match target {
        FollowTarget::Space(slug) => {
            let space = spaces::visible_space(conn, actor, slug).await?;
            Ok((
                Followed::Space(space.id),
                "space",
                json!({ "space": space.slug }),
            ))
        }
        FollowTarget::Document(slug) => {
            let doc = documents::load_readable(conn, actor, slug).await?;
            Ok((
                Followed::Document(doc.id),
                "document",
                json!({ "document": doc.slug }),
            ))
        }
    }
}

/// Follows a space or document the actor may read; returns whether they did not yet.
/// Recorded as `space.followed` / `document.followed` when it changed something.
pub async fn follow(app: &App, actor: &Actor, target: &FollowTarget) -> OpResult<bool> {
    let mut tx = app.store().write().await?;
    let (what, noun, payload) = resolve(&mut tx, actor, target).await?;
    let changed = store_follows::follow(&mut tx, actor.id, what, app.now()).await?;
    if changed {
        let kind = if noun == "space" {
            "space.followed"
        } else {
            "document.followed"
        };
        app.record(&mut tx, Some(actor), kind, payload).await?;
    }
    commit(tx).await?;
    Ok(changed)
}

/// Stops following; returns whether the actor followed it.
pub async fn unfollow(app: &App, actor: &Actor, target: &FollowTarget) -> OpResult<bool> {
    let mut tx = app.store().write().await?;
    let (what, noun, payload) = resolve(&mut tx, actor, target).await?;
    let changed = store_follows::unfollow(&mut tx, actor.id, what).await?;
    if changed {
        let kind = if noun == "space" {
            "space.unfollowed"
        } else {
            "document.unfollowed"
        };
        app.record(&mut tx, Some(actor), kind, payload).await?;
    }
    commit(tx).await?;
    Ok(changed)
}

/// Whether the actor follows it (not found when they may not read it).
pub async fn is_following(app: &App, actor: &Actor, target: &FollowTarget) -> OpResult<bool> {
    let mut conn = app.store().read().await?;
    let (what, _, _) = resolve(&mut conn, actor, target).await?;
    Ok(store_follows::follows(&mut conn, actor.id, what).await?)
}

/// A notice for the followers of something.
#[derive(Debug, Clone)]
pub(crate) struct ForFollowers<'a> {
    /// Whose followers hear of it.
    pub followed: Followed,
    /// What each follower must be able to read to hear of it.
    pub readable: Followed,
    pub space_id: i64,
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub link: &'a str,
    /// The dedupe key's stem; the follower's id is appended.
    pub key: &'a str,
    pub subject: &'a str,
    /// Handles told of the same change directly (mentioned): they hear of it once.
    pub told: &'a [String],
}

/// Notifies each follower who may read it, but the actor and those told already.
pub(crate) async fn tell_followers(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    what: &ForFollowers<'_>,
) -> OpResult<()> {
    for member_id in store_follows::followers(tx, what.followed).await? {
        if member_id == actor.id {
            continue;
        }
        let member = store_members::by_id(tx, member_id).await?;
        if what.told.contains(&member.handle) || !may_read(tx, &member, what.readable).await? {
            continue;
        }
        let note = Notice {
            member_id,
            kind: what.kind,
            title: what.title,
            body: what.body,
            link: what.link,
            dedupe_key: &format!("{}:{member_id}", what.key),
            urgency: Urgency::Normal,
            audience: Audience::Follower,
            space_id: Some(what.space_id),
            subject: Some(what.subject),
        };
        notify(app, tx, &note).await?;
    }
    Ok(())
}

/// Whether the member may read the space or document, by the same rules as its pages.
async fn may_read(
    conn: &mut AnyConnection,
    member: &crate::views::members::MemberRecord,
    thing: Followed,
) -> OpResult<bool> {
    match thing {
        Followed::Document(id) => {
            let doc = store_docs::by_id(conn, member.id, id).await?;
            Ok(rules::can_read(documents::facts(
                member.role,
                member.id,
                &doc,
            )))
        }
        Followed::Space(id) => {
            let space = store_spaces::by_id(conn, member.id, id).await?;
            let facts = SpaceFacts {
                visibility: space.visibility,
                membership: space.viewer_role,
            };
            Ok(access::can_view_space(member.role, facts))
        }
    }
}
