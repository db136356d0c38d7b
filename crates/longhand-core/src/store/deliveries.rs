//! Deliveries: one message for one member's channel, with where it stands (`deliveries`).
//!
//! A delivery is inserted once per member, message and channel (a unique index), and its
//! `idempotency_key` is unique too: it travels with the message as the Standard Webhooks
//! `webhook-id` and the email's `Message-ID`. The row mirrors its job: attempts and the last
//! error while it is retried, `dead` once the job gives up.

use super::{StoreResult, from_micros, micros};
use crate::store::channels::kind_of;
use crate::views::channels::{ChannelKind, DeliveryState, DeliveryStatus};
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

/// What queueing a delivery needs.
#[derive(Debug, Clone)]
pub(crate) struct NewDelivery<'a> {
    pub member_id: i64,
    pub channel_id: i64,
    pub kind: ChannelKind,
    pub target: &'a str,
    pub idempotency_key: &'a str,
    pub message_key: &'a str,
    pub class: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: Option<&'a str>,
    pub link: &'a str,
    pub thread: &'a str,
    pub run_at: Timestamp,
}

/// A delivery with everything needed to send it.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    pub id: i64,
    pub member_id: i64,
    pub channel_id: i64,
    pub kind: ChannelKind,
    pub target: String,
    pub idempotency_key: String,
    pub class: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub link: String,
    pub thread: String,
    pub message_key: String,
    pub state: DeliveryState,
    pub created_at: Timestamp,
    /// The channel's signing secret (JSON webhooks).
    pub secret: Option<String>,
    /// Whether the channel still takes messages (not paused, not removed).
    pub channel_open: bool,
}

/// Whether anything was queued for this member under this message key.
pub(crate) async fn exists_for(
    conn: &mut AnyConnection,
    member_id: i64,
    message_key: &str,
) -> StoreResult<bool> {
    let row = sqlx::query("SELECT COUNT(*) FROM deliveries WHERE member_id = $1 AND message_key = $2")
        .bind(member_id)
        .bind(message_key)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get::<i64, _>(0)? > 0)
}

/// Inserts a delivery unless it exists; returns the new id, `None` when it existed.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    now: Timestamp,
    new: &NewDelivery<'_>,
) -> StoreResult<Option<i64>> {
    let row = sqlx::query(
        "INSERT INTO deliveries (member_id, channel_id, kind, target, idempotency_key, message_key, class, subject, text, html, link, thread, state, run_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'pending', $13, $14)
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(new.member_id)
    .bind(new.channel_id)
    .bind(new.kind.as_str())
    .bind(new.target)
    .bind(new.idempotency_key)
    .bind(new.message_key)
    .bind(new.class)
    .bind(new.subject)
    .bind(new.text)
    .bind(new.html)
    .bind(new.link)
    .bind(new.thread)
    .bind(micros(new.run_at))
    .bind(micros(now))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| Ok(row.try_get(0)?)).transpose()
}

fn state_of(text: &str) -> StoreResult<DeliveryState> {
    DeliveryState::parse(text).ok_or_else(|| {
        super::StoreError::Other(anyhow::anyhow!("unknown delivery state {text:?}"))
    })
}

fn pending_from_row(row: &AnyRow) -> StoreResult<Pending> {
    Ok(Pending {
        id: row.try_get("id")?,
        member_id: row.try_get("member_id")?,
        channel_id: row.try_get("channel_id")?,
        kind: kind_of(&row.try_get::<String, _>("kind")?)?,
        target: row.try_get("target")?,
        idempotency_key: row.try_get("idempotency_key")?,
        class: row.try_get("class")?,
        subject: row.try_get("subject")?,
        text: row.try_get("text")?,
        html: row.try_get("html")?,
        link: row.try_get("link")?,
        thread: row.try_get("thread")?,
        message_key: row.try_get("message_key")?,
        state: state_of(&row.try_get::<String, _>("state")?)?,
        created_at: from_micros(row.try_get("created_at")?)?,
        secret: row.try_get("secret")?,
        channel_open: row.try_get::<i64, _>("channel_open")? != 0,
    })
}

/// A delivery and its channel's secret and state.
pub(crate) async fn to_send(conn: &mut AnyConnection, id: i64) -> StoreResult<Pending> {
    let row = sqlx::query(
        "SELECT d.id, d.member_id, d.channel_id, d.kind, d.target, d.idempotency_key, d.class, d.subject, d.text, d.html, d.link, d.thread, d.message_key, d.state, d.created_at, c.secret,
                CASE WHEN c.paused_at IS NULL AND c.removed_at IS NULL THEN 1 ELSE 0 END AS channel_open
         FROM deliveries d JOIN member_channels c ON c.id = d.channel_id WHERE d.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    pending_from_row(&row)
}

/// Marks a delivery sent (from pending, or dead when an admin revived its job); returns
/// whether it changed.
pub(crate) async fn mark_sent(
    conn: &mut AnyConnection,
    id: i64,
    now: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE deliveries SET state = 'sent', sent_at = $1, attempts = attempts + 1, dead_at = NULL WHERE id = $2 AND state IN ('pending', 'dead')",
    )
    .bind(micros(now))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks a delivery cancelled: its channel was paused or removed before it went.
pub(crate) async fn cancel(conn: &mut AnyConnection, id: i64, why: &str) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE deliveries SET state = 'cancelled', last_error = $1 WHERE id = $2 AND state IN ('pending', 'dead')",
    )
    .bind(why)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a failed attempt: pending again with the error, or dead at `dead_at`.
pub(crate) async fn record_failure(
    conn: &mut AnyConnection,
    id: i64,
    error: &str,
    dead_at: Option<Timestamp>,
) -> StoreResult<()> {
    let state = if dead_at.is_some() { "dead" } else { "pending" };
    sqlx::query(
        "UPDATE deliveries SET state = $1, attempts = attempts + 1, last_error = $2, dead_at = $3 WHERE id = $4 AND state IN ('pending', 'dead')",
    )
    .bind(state)
    .bind(error)
    .bind(dead_at.map(micros))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Puts a dead delivery back to pending; returns its run-at time (which names its job), or
/// `None` when no dead delivery has that id.
pub(crate) async fn revive(conn: &mut AnyConnection, id: i64) -> StoreResult<Option<Timestamp>> {
    let row = sqlx::query(
        "UPDATE deliveries SET state = 'pending', dead_at = NULL WHERE id = $1 AND state = 'dead' RETURNING run_at",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| from_micros(row.try_get(0)?)).transpose()
}

/// The state of a delivery, if it exists.
pub(crate) async fn state(conn: &mut AnyConnection, id: i64) -> StoreResult<Option<DeliveryState>> {
    let row = sqlx::query("SELECT state FROM deliveries WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| state_of(&row.try_get::<String, _>(0)?))
        .transpose()
}

fn status_from_row(row: &AnyRow) -> StoreResult<DeliveryStatus> {
    let opt = |name: &str| -> StoreResult<Option<Timestamp>> {
        row.try_get::<Option<i64>, _>(name)?
            .map(from_micros)
            .transpose()
    };
    Ok(DeliveryStatus {
        id: row.try_get("id")?,
        member_handle: row.try_get("handle")?,
        kind: kind_of(&row.try_get::<String, _>("kind")?)?,
        target: row.try_get("target")?,
        state: state_of(&row.try_get::<String, _>("state")?)?,
        attempts: row.try_get("attempts")?,
        last_error: row.try_get("last_error")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        sent_at: opt("sent_at")?,
        dead_at: opt("dead_at")?,
    })
}

/// Deliveries that failed: dead ones, and pending ones with an error (waiting to be retried),
/// the most recent first, at most `limit`.
pub(crate) async fn failed(
    conn: &mut AnyConnection,
    limit: i64,
) -> StoreResult<Vec<DeliveryStatus>> {
    let rows = sqlx::query(
        "SELECT d.id, m.handle, d.kind, d.target, d.state, d.attempts, d.last_error, d.created_at, d.sent_at, d.dead_at
         FROM deliveries d JOIN members m ON m.id = d.member_id
         WHERE d.state = 'dead' OR (d.state = 'pending' AND d.last_error IS NOT NULL)
         ORDER BY d.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(status_from_row).collect()
}

/// A member's most recent deliveries, at most `limit`.
pub(crate) async fn for_member(
    conn: &mut AnyConnection,
    member_id: i64,
    limit: i64,
) -> StoreResult<Vec<DeliveryStatus>> {
    let rows = sqlx::query(
        "SELECT d.id, m.handle, d.kind, d.target, d.state, d.attempts, d.last_error, d.created_at, d.sent_at, d.dead_at
         FROM deliveries d JOIN members m ON m.id = d.member_id
         WHERE d.member_id = $1 ORDER BY d.id DESC LIMIT $2",
    )
    .bind(member_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(status_from_row).collect()
}
