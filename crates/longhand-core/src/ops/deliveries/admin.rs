//! Deliveries for admins: the ones that failed (waiting for a retry, or dead with the error
//! that ended them), retrying a dead one, and test sends through each transport — the same
//! function behind `longhand notify test` and the admin page's buttons.

use std::time::Duration;

use serde_json::json;

use super::super::jobs::Job;
use super::super::{Actor, App, OpError, OpResult, commit, forbidden, invalid};
use crate::outbound::{self, Message, OutboundConfig, Sent, mail, slack, webhook};
use jiff::Timestamp;
use crate::store::deliveries as store;
use crate::store::jobs as store_jobs;
use crate::views::channels::DeliveryStatus;
use longhand_domain::access;
use longhand_domain::names::Email;

/// How many failed deliveries the admin page and the API list, most recent first.
pub const LISTED: i64 = 100;

fn require_admin(actor: &Actor) -> OpResult<()> {
    if access::can_administer(actor.role) {
        Ok(())
    } else {
        Err(forbidden("only admins can see and retry deliveries"))
    }
}

/// Deliveries that failed: pending ones waiting for their next attempt and dead ones, with
/// their last error (admins only). Webhook addresses are cut to scheme and host.
pub async fn failed(app: &App, actor: &Actor) -> OpResult<Vec<DeliveryStatus>> {
    require_admin(actor)?;
    let mut conn = app.store().read().await?;
    let mut items = store::failed(&mut conn, LISTED).await?;
    for item in &mut items {
        if item.target.contains("://") {
            item.target = outbound::shown_url(&item.target);
        }
    }
    Ok(items)
}

/// Puts a dead delivery's job back in the queue with its attempts reset (admins only), as
/// `ops::jobs::retry` does for any job, and the delivery back to pending; recorded as
/// `delivery.retried`. A delivery that is not dead is a conflict.
pub async fn retry(app: &App, actor: &Actor, id: i64) -> OpResult<()> {
    require_admin(actor)?;
    let mut tx = app.store().write().await?;
    let Some(run_at) = store::revive(&mut tx, id).await? else {
        return Err(match store::state(&mut tx, id).await? {
            Some(state) => OpError::Conflict(format!(
                "delivery {id} is not dead (it is {}): only a dead delivery can be retried",
                state.as_str()
            )),
            None => OpError::NotFound("delivery"),
        });
    };
    let key = Job::Deliver {
        delivery_id: id,
        at: run_at,
    }
    .dedupe_key();
    let job = match store_jobs::id_by_key(&mut tx, &key).await? {
        Some(job) => job,
        None => return Err(OpError::Internal(anyhow::anyhow!("delivery {id} has no job"))),
    };
    if store_jobs::revive(&mut tx, job, app.now()).await?.is_none() {
        return Err(OpError::Conflict(format!(
            "delivery {id}'s job is already back in the queue"
        )));
    }
    let payload = json!({ "delivery": id, "job": job });
    app.record(&mut tx, Some(actor), "delivery.retried", payload)
        .await?;
    commit(tx).await
}

/// Where a test message goes.
#[derive(Debug, Clone)]
pub enum TestTarget {
    /// An address, through the configured SMTP server.
    Email(String),
    /// A Slack-compatible incoming webhook.
    Slack(String),
    /// A JSON webhook, signed with this `whsec_` secret, or a new one when `None`.
    Webhook { url: String, secret: Option<String> },
}

/// What a test send did. `result` is the send's own outcome: a failure there is reported,
/// not an error of the call.
#[derive(Debug, Clone)]
pub struct TestReport {
    /// The message's id (`webhook-id`, `Message-ID`).
    pub id: String,
    /// Where it went: the address, or the webhook's scheme and host.
    pub to: String,
    pub result: Result<Sent, String>,
    /// The secret generated for a webhook test sent without one, to verify it with.
    pub generated_secret: Option<String>,
}

impl TestReport {
    /// One line for people: "sent to … via … in 12 ms", or the error.
    pub fn summary(&self) -> String {
        match &self.result {
            Ok(sent) => format!(
                "sent to {} via {} in {} ms",
                self.to,
                sent.via,
                millis(sent.took)
            ),
            Err(why) => format!("could not send to {}: {why}", self.to),
        }
    }
}

fn millis(took: Duration) -> u128 {
    took.as_millis()
}

/// A test send by an admin from the admin page or the API.
pub async fn send_test_as(app: &App, actor: &Actor, target: TestTarget) -> OpResult<TestReport> {
    require_admin(actor)?;
    let by = format!("@{}", actor.handle);
    send_test(&app.outbound(), app.now(), target, &by).await
}

/// Sends one test message (the operator's `longhand notify test`, which needs no database,
/// or an admin's button). Bad input — an address that is not one, a URL that is not http(s),
/// a malformed secret, email without an SMTP server — is an error; a send that fails is a
/// report.
pub async fn send_test(
    config: &OutboundConfig,
    now: Timestamp,
    target: TestTarget,
    by: &str,
) -> OpResult<TestReport> {
    let id = format!("msg_test_{}", super::super::auth::random_hex(12)?);
    let text = format!(
        "This is a test message from Longhand, sent by {by} at {now}. If it arrived, this channel works."
    );
    let link = config.absolute("/");
    let message = Message {
        id: &id,
        class: "test",
        subject: "Longhand test message",
        text: &text,
        html: None,
        link: &link,
        thread: "test",
        key: &id,
        created_at: now,
    };
    let (to, result, generated_secret) = match target {
        TestTarget::Email(address) => {
            let address = Email::parse(address.trim()).map_err(invalid)?.to_string();
            let Some(mailer) = &config.mailer else {
                return Err(invalid(
                    "email is not set up: set smtp_url (--smtp-url, LONGHAND_SMTP_URL or the configuration file)",
                ));
            };
            let envelope = mail::Envelope {
                to: &address,
                now,
                unsubscribe: None,
            };
            let result = mail::send(mailer, &message, envelope).await;
            (address, result, None)
        }
        TestTarget::Slack(url) => {
            let url = checked(&url)?;
            (outbound::shown_url(&url), slack::send(&url, &message).await, None)
        }
        TestTarget::Webhook { url, secret } => {
            let url = checked(&url)?;
            let (secret, generated) = match secret {
                Some(text) => (webhook::Secret::parse(&text).map_err(invalid)?, None),
                None => {
                    let made = webhook::Secret::generate()
                        .map_err(|why| OpError::Internal(anyhow::anyhow!(why)))?;
                    let shown = made.expose();
                    (made, Some(shown))
                }
            };
            let result = webhook::send(&url, &secret, &message, now).await;
            (outbound::shown_url(&url), result, generated)
        }
    };
    Ok(TestReport {
        id,
        to,
        result,
        generated_secret,
    })
}

fn checked(url: &str) -> OpResult<String> {
    outbound::checked_http_url(url).map_err(|why| invalid(format!("the webhook URL {why}")))
}
