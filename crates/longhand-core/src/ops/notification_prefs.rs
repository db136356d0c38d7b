//! A person's notification preferences (issue #12 §6): their digest time, "do not disturb
//! until", and their own noise level per space (immediate, digest, muted, or the space's
//! default), with whether they follow each space. Which channels take urgent and digest
//! messages is the channel settings' business (`ops::deliveries::channels`).

use super::asks::calendar_of;
use super::{Actor, App, OpResult, commit, invalid};
use crate::store::WriteTx;
use crate::store::follows::{self as store_follows, Followed};
use crate::store::members as store_members;
use crate::store::notify_prefs as store_prefs;
use crate::store::spaces as store_spaces;
use jiff::civil::Time;
use jiff::{SignedDuration, Timestamp};
use longhand_domain::instant::at_storage_precision;
use longhand_domain::workspace::{NoiseLevel, Role};
use serde_json::json;

/// The longest "do not disturb".
const MAX_DND: SignedDuration = SignedDuration::from_hours(366 * 24);

/// One space the person can see, and how it notifies them.
#[derive(Debug, Clone)]
pub struct SpacePreference {
    pub slug: String,
    pub name: String,
    /// The space's default.
    pub default: NoiseLevel,
    /// The person's own level, if they set one.
    pub own: Option<NoiseLevel>,
    pub following: bool,
}

/// Everything on the preferences page.
#[derive(Debug, Clone)]
pub struct Preferences {
    /// "HH:MM" in the person's zone.
    pub digest_time: String,
    /// The person's zone, to write times in.
    pub zone: jiff::tz::TimeZone,
    /// Set and still ahead; a passed one reads as not set.
    pub dnd_until: Option<Timestamp>,
    pub spaces: Vec<SpacePreference>,
}

/// The actor's preferences.
pub async fn get(app: &App, actor: &Actor) -> OpResult<Preferences> {
    let mut conn = app.store().read().await?;
    load(&mut conn, actor, app.now()).await
}

async fn load(
    conn: &mut sqlx::AnyConnection,
    actor: &Actor,
    now: Timestamp,
) -> OpResult<Preferences> {
    let member = store_members::by_id(conn, actor.id).await?;
    let zone = calendar_of(&member.calendar, &member.handle)?
        .time_zone()
        .clone();
    let dnd_until = store_prefs::dnd_until(conn, actor.id)
        .await?
        .filter(|until| *until > now);
    let own = store_prefs::overrides(conn, actor.id).await?;
    let mut spaces = Vec::new();
    for space in store_spaces::visible_to(conn, actor.id, actor.role != Role::Guest).await? {
        let following = store_follows::follows(conn, actor.id, Followed::Space(space.id)).await?;
        spaces.push(SpacePreference {
            own: own.iter().find(|(id, _)| *id == space.id).map(|(_, l)| *l),
            slug: space.slug,
            name: space.name,
            default: space.noise,
            following,
        });
    }
    Ok(Preferences {
        digest_time: member.digest_time,
        zone,
        dnd_until,
        spaces,
    })
}

/// "Do not disturb": leave it, clear it, or set it until an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoNotDisturb {
    Keep,
    Clear,
    Until(Timestamp),
}

/// A change of preferences; what is left out stays as it is.
#[derive(Debug, Clone)]
pub struct PreferencesUpdate {
    pub digest_time: Option<Time>,
    pub dnd: DoNotDisturb,
    /// Space slug → the person's level, `None` for the space's default.
    pub spaces: Vec<(String, Option<NoiseLevel>)>,
}

/// Saves the actor's preferences in one transaction: one `member.notification_preferences`
/// event for the digest time and "do not disturb", one `space.noise_override` per space whose
/// level changed. An unknown space is not found; a past or far "do not disturb" is refused.
pub async fn update(app: &App, actor: &Actor, update: PreferencesUpdate) -> OpResult<Preferences> {
    let now = app.now();
    let dnd = match update.dnd {
        DoNotDisturb::Until(at) => DoNotDisturb::Until(check_dnd(at, now)?),
        other => other,
    };
    let mut tx = app.store().write().await?;
    save_member(app, &mut tx, actor, update.digest_time, dnd).await?;
    for (slug, level) in &update.spaces {
        save_space(app, &mut tx, actor, slug, *level).await?;
    }
    let saved = load(&mut tx, actor, now).await?;
    commit(tx).await?;
    Ok(saved)
}

fn check_dnd(at: Timestamp, now: Timestamp) -> OpResult<Timestamp> {
    let at = at_storage_precision(at);
    if at <= now {
        return Err(invalid("\"do not disturb until\" must be in the future"));
    }
    if at.duration_since(now) > MAX_DND {
        return Err(invalid("\"do not disturb\" can last at most a year"));
    }
    Ok(at)
}

async fn save_member(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    digest_time: Option<Time>,
    dnd: DoNotDisturb,
) -> OpResult<()> {
    if digest_time.is_none() && dnd == DoNotDisturb::Keep {
        return Ok(());
    }
    let digest_time = digest_time.map(|t| t.strftime("%H:%M").to_string());
    if let Some(text) = &digest_time {
        store_prefs::set_digest_time(tx, actor.id, text, app.now()).await?;
    }
    let dnd_until = match dnd {
        DoNotDisturb::Keep => None,
        DoNotDisturb::Clear => {
            store_prefs::set_dnd(tx, actor.id, None).await?;
            Some(serde_json::Value::Null)
        }
        DoNotDisturb::Until(at) => {
            store_prefs::set_dnd(tx, actor.id, Some(at)).await?;
            Some(json!(at.to_string()))
        }
    };
    let payload =
        json!({ "handle": actor.handle, "digest_time": digest_time, "dnd_until": dnd_until });
    app.record(tx, Some(actor), "member.notification_preferences", payload)
        .await?;
    Ok(())
}

async fn save_space(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    slug: &str,
    level: Option<NoiseLevel>,
) -> OpResult<()> {
    let space = super::spaces::visible_space(tx, actor, slug)
        .await
        .map_err(|_| super::OpError::NotFound("space"))?;
    if store_prefs::override_for(tx, actor.id, space.id).await? == level {
        return Ok(());
    }
    store_prefs::set_override(tx, actor.id, space.id, level, app.now()).await?;
    let payload = json!({ "space": space.slug, "noise": level.map(NoiseLevel::as_str) });
    app.record(tx, Some(actor), "space.noise_override", payload)
        .await?;
    Ok(())
}
