//! `Job::Deliver`: send one delivery to its channel, then mark it sent.
//!
//! The send happens in `prepare`, before the job's transaction (no database lock is held
//! while a mail server or webhook takes its time); the transaction then marks the delivery
//! sent together with the job's completion. A failed send is the job's error: the worker
//! retries it with its backoff and gives up after `MAX_ATTEMPTS`, and [`mirror_failure`]
//! copies each failure onto the delivery row (pending with the error, or dead).
//!
//! If the process dies after the send and before the commit, another replica sends the same
//! message again, under the same id (`webhook-id`, `Message-ID`): at least once on the wire,
//! exactly once per id.

use jiff::Timestamp;

use super::Ran;
use crate::ops::deliveries::channels::unsubscribe_link;
use crate::ops::{App, OpError, OpResult};
use crate::outbound::{self, Message, Sent, mail, slack, webhook};
use crate::store::StoreError;
use crate::store::WriteTx;
use crate::store::deliveries::{self as store, Pending};
use crate::store::jobs::ClaimedJob;
use crate::views::channels::{ChannelKind, DeliveryState};

use crate::ops::jobs::Job;

/// What `prepare` did.
#[derive(Debug)]
pub(super) enum Outcome {
    Sent(Sent),
    /// The channel was paused or removed: the delivery is cancelled, nothing sent.
    Cancel(&'static str),
    /// Nothing to do (sent already, cancelled, gone).
    Skip(&'static str),
}

/// Sends the delivery unless it went already; a failed send is an error.
pub(super) async fn send(app: &App, delivery_id: i64) -> OpResult<Outcome> {
    let delivery = {
        let mut conn = app.store().read().await?;
        match store::to_send(&mut conn, delivery_id).await {
            Ok(delivery) => delivery,
            Err(StoreError::NotFound) => return Ok(Outcome::Skip("the delivery is gone")),
            Err(err) => return Err(err.into()),
        }
    };
    match delivery.state {
        DeliveryState::Sent => return Ok(Outcome::Skip("the delivery was sent already")),
        DeliveryState::Cancelled => return Ok(Outcome::Skip("the delivery was cancelled")),
        DeliveryState::Pending | DeliveryState::Dead => {}
    }
    if !delivery.channel_open {
        return Ok(Outcome::Cancel(
            "the channel was paused or removed before the message went",
        ));
    }
    if settled_before_sending(app, &delivery.message_key).await? {
        return Ok(Outcome::Cancel(
            "the notification was opened or acted on before the message went",
        ));
    }
    let sent = put_on_wire(app, &delivery)
        .await
        .map_err(|why| OpError::Internal(anyhow::anyhow!(why)))?;
    Ok(Outcome::Sent(sent))
}

/// An urgent notification held for the member's working hours may be opened in the app, or
/// the ask it is about answered, before it goes: then it is not sent.
async fn settled_before_sending(app: &App, message_key: &str) -> OpResult<bool> {
    let Some(id) = message_key
        .strip_prefix("notification:")
        .and_then(|id| id.parse::<i64>().ok())
    else {
        return Ok(false);
    };
    let mut conn = app.store().read().await?;
    Ok(crate::store::notifications::settled(&mut conn, id).await?)
}

async fn put_on_wire(app: &App, delivery: &Pending) -> Result<Sent, String> {
    let config = app.outbound();
    let link = config.absolute(&delivery.link);
    let message = Message {
        id: &delivery.idempotency_key,
        class: &delivery.class,
        subject: &delivery.subject,
        text: &delivery.text,
        html: delivery.html.as_deref(),
        link: &link,
        thread: &delivery.thread,
        key: &delivery.message_key,
        created_at: delivery.created_at,
    };
    match delivery.kind {
        ChannelKind::Email => send_mail(app, &config, delivery, &message).await,
        ChannelKind::Slack => slack::send(&delivery.target, &message).await,
        ChannelKind::Webhook => {
            let secret = delivery
                .secret
                .as_deref()
                .ok_or_else(|| "the webhook channel has no signing secret".to_owned())
                .and_then(webhook::Secret::parse)?;
            webhook::send(&delivery.target, &secret, &message, app.now()).await
        }
    }
}

async fn send_mail(
    app: &App,
    config: &outbound::OutboundConfig,
    delivery: &Pending,
    message: &Message<'_>,
) -> Result<Sent, String> {
    let Some(mailer) = &config.mailer else {
        return Err(
            "email is not set up on this server: set smtp_url (--smtp-url, LONGHAND_SMTP_URL)"
                .to_owned(),
        );
    };
    let unsubscribe = unsubscribe_link(app, delivery.channel_id)
        .await
        .map_err(|err| format!("cannot make the unsubscribe link: {err}"))?;
    // Without a public URL the link cannot be absolute, and a relative one is no use in a
    // mail client: the header is left out.
    let unsubscribe = config.absolute(&unsubscribe);
    let envelope = mail::Envelope {
        to: &delivery.target,
        now: app.now(),
        unsubscribe: unsubscribe.contains("://").then_some(unsubscribe.as_str()),
    };
    mail::send(mailer, message, envelope).await
}

/// Records what `send` did, in the job's transaction.
pub(super) async fn record(
    app: &App,
    tx: &mut WriteTx,
    delivery_id: i64,
    outcome: Outcome,
) -> OpResult<Ran> {
    match outcome {
        Outcome::Sent(sent) => {
            if store::mark_sent(tx, delivery_id, app.now()).await? {
                tracing::info!(
                    delivery = delivery_id,
                    via = sent.via,
                    took_ms = sent.took.as_millis() as u64,
                    "delivery sent"
                );
                Ok(Ran::Acted)
            } else {
                Ok(Ran::Skipped("the delivery was marked sent meanwhile"))
            }
        }
        Outcome::Cancel(why) => {
            store::cancel(tx, delivery_id, why).await?;
            Ok(Ran::Skipped(why))
        }
        Outcome::Skip(why) => Ok(Ran::Skipped(why)),
    }
}

/// Copies a failed attempt of a `Deliver` job onto its delivery: pending with the error, or
/// dead when the job was given up on. Other jobs are left alone.
pub(super) async fn mirror_failure(
    tx: &mut WriteTx,
    claimed: &ClaimedJob,
    error: &str,
    dead_at: Option<Timestamp>,
) -> OpResult<()> {
    if claimed.kind != "deliver" {
        return Ok(());
    }
    let Ok(Job::Deliver { delivery_id, .. }) = serde_json::from_str::<Job>(&claimed.payload) else {
        return Ok(());
    };
    store::record_failure(tx, delivery_id, error, dead_at).await?;
    Ok(())
}
