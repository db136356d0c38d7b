//! Deliveries: a message for a member, queued for each of their external channels that take
//! it (email, Slack-compatible webhook, JSON webhook), and sent later by the worker's
//! `Job::Deliver`, with retries and a dead letter that admins can see and retry.
//!
//! This file is the interface the notification router and the digests use ([`queue`],
//! [`Outgoing`], [`Delivery`]); `channels.rs` holds a member's channel settings and
//! `admin.rs` the admins' view of failed deliveries and the test sends.
//!
//! Delivery is at least once on the wire and exactly once per id: each delivery has an
//! idempotency key, unique in the database, that travels with every attempt (the webhook's
//! `webhook-id`, the email's `Message-ID`). A replica killed between sending and committing
//! leaves the job to another replica, which sends the same message again under the same id;
//! the receiver tells the two apart from a new message by that id.

pub mod admin;
pub mod channels;

use super::jobs::Job;
use super::{App, OpResult};
use crate::store::WriteTx;
use crate::store::channels as store_channels;
use crate::store::deliveries::{self as store, NewDelivery};
use crate::views::channels::Channel;
use jiff::Timestamp;
use sha2::{Digest, Sha256};

/// Which of a member's external channels take a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Now: channels that take urgent messages.
    Urgent,
    /// A digest: channels that take digests.
    Digest,
}

impl Delivery {
    /// The one textual form (the `deliveries.class` column, the webhook's `type`).
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Urgent => "urgent",
            Delivery::Digest => "digest",
        }
    }
}

/// One message for one member, channel-neutral.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub class: Delivery,
    /// One line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body for email (already safe HTML); `None`: derived from `text`.
    pub html: Option<String>,
    /// The in-app path ("/asks/12"), made absolute with the public URL.
    pub link: String,
    /// What it is about, for mail threading: "ask:12", "doc:slug", "digest".
    pub thread: String,
    /// Unique per message per member: "notification:123", "digest:45".
    pub key: String,
}

/// Queues the message for each of the member's enabled external channels that take its
/// class (in-app is not a channel here: the notification row is the in-app copy), to go at
/// `at` or as soon as possible after it. Idempotent: the same `key` for the same member
/// queues nothing new. Returns how many deliveries were queued.
pub(crate) async fn queue(
    app: &App,
    tx: &mut WriteTx,
    member_id: i64,
    message: &Outgoing,
    at: Timestamp,
) -> OpResult<usize> {
    check(message)?;
    if store::exists_for(tx, member_id, &message.key).await? {
        return Ok(0);
    }
    let channels = match message.class {
        Delivery::Urgent => store_channels::taking_urgent(tx, member_id).await?,
        Delivery::Digest => store_channels::taking_digests(tx, member_id).await?,
    };
    let at = longhand_domain::instant::at_storage_precision(at);
    let mut queued = 0;
    for channel in &channels {
        if queue_one(app, tx, member_id, channel, message, at).await? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// The link must be an in-app path: it is made absolute with the public URL, and an
/// absolute one would send people elsewhere.
fn check(message: &Outgoing) -> OpResult<()> {
    if !message.link.starts_with('/') || message.link.starts_with("//") {
        return Err(super::invalid(
            "a delivery's link is an in-app path such as /asks/12",
        ));
    }
    Ok(())
}

/// Text as every channel can carry it and both databases store it: control characters
/// (NUL above all) become spaces; line breaks and tabs stay unless the field is one line.
fn clean(text: &str, one_line: bool) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' if !one_line => c,
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

async fn queue_one(
    app: &App,
    tx: &mut WriteTx,
    member_id: i64,
    channel: &Channel,
    message: &Outgoing,
    at: Timestamp,
) -> OpResult<bool> {
    let idempotency_key = idempotency_key(member_id, channel.id, &message.key);
    let subject = clean(&message.subject, true);
    let text = clean(&message.text, false);
    let html = message.html.as_deref().map(|html| clean(html, false));
    let thread = clean(&message.thread, true);
    let new = NewDelivery {
        member_id,
        channel_id: channel.id,
        kind: channel.kind,
        target: &channel.target,
        idempotency_key: &idempotency_key,
        message_key: &message.key,
        class: message.class.as_str(),
        subject: &subject,
        text: &text,
        html: html.as_deref(),
        link: &message.link,
        thread: &thread,
        run_at: at,
    };
    let Some(delivery_id) = store::insert(tx, app.now(), &new).await? else {
        return Ok(false);
    };
    Job::Deliver { delivery_id, at }.enqueue(app, tx).await?;
    Ok(true)
}

/// The delivery's id on the wire: `msg_` and 32 hex digits, a function of the member, the
/// channel and the message key, so it is the same however often the message is sent. It is
/// also a valid `Message-ID` left-hand side (only letters, digits and `_`).
pub(crate) fn idempotency_key(member_id: i64, channel_id: i64, key: &str) -> String {
    let digest = Sha256::digest(format!("{member_id}\n{channel_id}\n{key}").as_bytes());
    format!("msg_{}", &hex::encode(digest)[..32])
}
