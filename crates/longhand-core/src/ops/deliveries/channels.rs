//! A member's own delivery channels: email, a Slack-compatible incoming webhook, a generic
//! JSON webhook (Standard Webhooks). In-app is always on and is not one of them.
//!
//! Each channel takes urgent messages as they happen, digests, or both; it can be paused
//! (kept, taking nothing) or removed. A JSON webhook gets a generated `whsec_` secret, shown
//! once when it is added and stored so deliveries can be signed. Adding, changing and
//! removing a channel are events; the secret and a webhook's path (Slack-style URLs carry
//! their secret there) never are.
//!
//! Every email carries an unsubscribe link (`/unsubscribe/TOKEN`) that pauses its channel
//! without a session: the token is the channel's id and an HMAC of it under a workspace key
//! kept in `settings`, so it cannot be guessed for another channel.

use hmac::{Hmac, Mac};
use longhand_domain::names::Email;
use serde_json::json;
use sha2::Sha256;

use super::super::{Actor, App, OpError, OpResult, commit, invalid, named};
use crate::outbound::{self, webhook::Secret};
use crate::store::channels::{self as store, NewChannel, Switches};
use crate::store::settings;
use crate::views::channels::{AddedChannel, Channel, ChannelKind};

/// How many channels one member may have.
pub const MAX_CHANNELS: usize = 10;

/// What adding a channel takes, as typed.
#[derive(Debug, Clone)]
pub struct ChannelInput {
    pub kind: ChannelKind,
    /// The address or URL; for email, empty means the member's own address.
    pub target: Option<String>,
    pub urgent: bool,
    pub digest: bool,
}

/// A change to a channel's switches; `None` leaves one as it is.
#[derive(Debug, Clone, Copy, Default)]
pub struct ChannelChange {
    pub urgent: Option<bool>,
    pub digest: Option<bool>,
    pub paused: Option<bool>,
}

/// The member's channels, and whether this server can send email at all.
#[derive(Debug, Clone)]
pub struct ChannelsView {
    pub channels: Vec<Channel>,
    pub email_available: bool,
    /// The member's own address, the default for a new email channel.
    pub own_email: String,
}

/// The actor's channels.
pub async fn list(app: &App, actor: &Actor) -> OpResult<ChannelsView> {
    let mut conn = app.store().read().await?;
    let channels = store::for_member(&mut conn, actor.id).await?;
    let me = crate::store::members::by_id(&mut conn, actor.id).await?;
    Ok(ChannelsView {
        channels,
        email_available: app.outbound().mailer.is_some(),
        own_email: me.email,
    })
}

/// Adds a channel for the actor; a JSON webhook's secret is in the answer, and only there.
pub async fn add(app: &App, actor: &Actor, input: ChannelInput) -> OpResult<AddedChannel> {
    let mut tx = app.store().write().await?;
    if store::for_member(&mut tx, actor.id).await?.len() >= MAX_CHANNELS {
        return Err(OpError::Conflict(format!(
            "you have {MAX_CHANNELS} channels already; remove one first"
        )));
    }
    let target = match (input.kind, input.target.as_deref().map(str::trim)) {
        (ChannelKind::Email, None | Some("")) => {
            crate::store::members::by_id(&mut tx, actor.id).await?.email
        }
        (ChannelKind::Email, Some(text)) => Email::parse(text).map_err(invalid)?.to_string(),
        (_, None | Some("")) => return Err(invalid("a webhook channel needs its URL")),
        (_, Some(text)) => outbound::checked_http_url(text)
            .map_err(|why| invalid(format!("the webhook URL {why}")))?,
    };
    let secret = match input.kind {
        ChannelKind::Webhook => Some(Secret::generate().map_err(internal)?.expose()),
        _ => None,
    };
    let new = NewChannel {
        member_id: actor.id,
        kind: input.kind,
        target: &target,
        secret: secret.as_deref(),
        urgent: input.urgent,
        digest: input.digest,
    };
    let id = store::insert(&mut tx, app.now(), &new).await?;
    let channel = store::one(&mut tx, actor.id, id).await?;
    let payload = json!({
        "member": actor.handle, "channel": id, "kind": input.kind.as_str(),
        "target": shown_target(&channel), "urgent": input.urgent, "digest": input.digest,
    });
    app.record(&mut tx, Some(actor), "channel.added", payload)
        .await?;
    commit(tx).await?;
    Ok(AddedChannel { channel, secret })
}

fn internal(why: String) -> OpError {
    OpError::Internal(anyhow::anyhow!(why))
}

/// Where a channel sends, as events and admins see it: an email address, or a webhook's
/// scheme and host without the path that may hold its secret.
pub fn shown_target(channel: &Channel) -> String {
    match channel.kind {
        ChannelKind::Email => channel.target.clone(),
        ChannelKind::Slack | ChannelKind::Webhook => outbound::shown_url(&channel.target),
    }
}

/// Changes the switches of one of the actor's channels.
pub async fn change(
    app: &App,
    actor: &Actor,
    id: i64,
    change: ChannelChange,
) -> OpResult<Channel> {
    let mut tx = app.store().write().await?;
    let channel = store::one(&mut tx, actor.id, id)
        .await
        .map_err(named("channel"))?;
    let paused_at = match change.paused {
        Some(true) => channel.paused_at.or(Some(app.now())),
        Some(false) => None,
        None => channel.paused_at,
    };
    let switches = Switches {
        urgent: change.urgent.unwrap_or(channel.urgent),
        digest: change.digest.unwrap_or(channel.digest),
        paused_at,
    };
    store::set_switches(&mut tx, app.now(), id, switches).await?;
    let payload = json!({
        "member": actor.handle, "channel": id, "kind": channel.kind.as_str(),
        "urgent": switches.urgent, "digest": switches.digest, "paused": paused_at.is_some(),
    });
    app.record(&mut tx, Some(actor), "channel.changed", payload)
        .await?;
    let channel = store::one(&mut tx, actor.id, id).await?;
    commit(tx).await?;
    Ok(channel)
}

/// Removes one of the actor's channels. Deliveries still queued for it are cancelled when
/// their turn comes.
pub async fn remove(app: &App, actor: &Actor, id: i64) -> OpResult<()> {
    let mut tx = app.store().write().await?;
    let channel = store::one(&mut tx, actor.id, id)
        .await
        .map_err(named("channel"))?;
    store::remove(&mut tx, app.now(), id).await?;
    let payload = json!({
        "member": actor.handle, "channel": id, "kind": channel.kind.as_str(),
        "target": shown_target(&channel),
    });
    app.record(&mut tx, Some(actor), "channel.removed", payload)
        .await?;
    commit(tx).await
}

const KEY_SETTING: &str = "channels.unsubscribe_key";

/// The workspace's key for unsubscribe links, made on first use.
async fn unsubscribe_key(app: &App) -> OpResult<Vec<u8>> {
    {
        let mut conn = app.store().read().await?;
        if let Some(key) = settings::get(&mut conn, KEY_SETTING).await? {
            return hex::decode(key).map_err(|err| OpError::Internal(err.into()));
        }
    }
    let fresh = super::super::auth::random_hex(32)?;
    let mut tx = app.store().write().await?;
    settings::insert_if_absent(&mut tx, KEY_SETTING, &fresh).await?;
    let key = settings::get(&mut tx, KEY_SETTING).await?.unwrap_or(fresh);
    commit(tx).await?;
    hex::decode(key).map_err(|err| OpError::Internal(err.into()))
}

fn mac(key: &[u8], channel_id: i64) -> OpResult<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).map_err(|err| {
        OpError::Internal(anyhow::anyhow!("unusable unsubscribe key: {err}"))
    })?;
    mac.update(format!("unsubscribe:{channel_id}").as_bytes());
    Ok(mac)
}

/// The in-app path that pauses a channel without signing in.
pub(crate) async fn unsubscribe_link(app: &App, channel_id: i64) -> OpResult<String> {
    let key = unsubscribe_key(app).await?;
    let tag = mac(&key, channel_id)?.finalize().into_bytes();
    Ok(format!("/unsubscribe/{channel_id}.{}", hex::encode(tag)))
}

/// The channel an unsubscribe token names, if the token is genuine.
async fn channel_of_token(app: &App, token: &str) -> OpResult<(i64, Channel)> {
    let not_found = || OpError::NotFound("unsubscribe link");
    let (id, tag) = token.split_once('.').ok_or_else(not_found)?;
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let tag = hex::decode(tag).map_err(|_| not_found())?;
    let key = unsubscribe_key(app).await?;
    mac(&key, id)?.verify_slice(&tag).map_err(|_| not_found())?;
    let mut conn = app.store().read().await?;
    store::by_id(&mut conn, id)
        .await
        .map_err(named("unsubscribe link"))
}

/// What an unsubscribe link is for (the page a GET shows before the person confirms).
pub async fn unsubscribe_preview(app: &App, token: &str) -> OpResult<Channel> {
    Ok(channel_of_token(app, token).await?.1)
}

/// Pauses the channel an unsubscribe link names (RFC 8058 one-click: no session needed, the
/// token is the proof). Pausing a paused channel changes nothing.
pub async fn unsubscribe(app: &App, token: &str) -> OpResult<Channel> {
    let (member_id, channel) = channel_of_token(app, token).await?;
    if channel.paused_at.is_some() {
        return Ok(channel);
    }
    let mut tx = app.store().write().await?;
    let switches = Switches {
        urgent: channel.urgent,
        digest: channel.digest,
        paused_at: Some(app.now()),
    };
    store::set_switches(&mut tx, app.now(), channel.id, switches).await?;
    let payload = json!({
        "member_id": member_id, "channel": channel.id, "kind": channel.kind.as_str(),
        "urgent": channel.urgent, "digest": channel.digest, "paused": true, "via": "unsubscribe link",
    });
    app.record(&mut tx, None, "channel.changed", payload).await?;
    let channel = store::one(&mut tx, member_id, channel.id).await?;
    commit(tx).await?;
    Ok(channel)
}
