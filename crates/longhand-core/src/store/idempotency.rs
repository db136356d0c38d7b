//! Idempotency keys: a caller's key, the fingerprint of the request that first used it, and
//! the response that request got once it finished.
//!
//! Bookkeeping, not anyone's change to the workspace, so nothing here appends an event.

use super::{StoreResult, from_micros, micros};
use crate::views::idempotency::StoredResponse;
use jiff::Timestamp;
use sqlx::{AnyConnection, Row};

/// What the store holds for a key that was already taken.
#[derive(Debug, Clone)]
pub(crate) struct KeyRecord {
    pub fingerprint: String,
    pub reserved_at: Timestamp,
    /// `None` while the first request is still running.
    pub response: Option<StoredResponse>,
}

/// Drops every key whose 24 hours are over.
pub(crate) async fn purge_expired(conn: &mut AnyConnection, now: Timestamp) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM idempotency_keys WHERE expires_at <= $1")
        .bind(micros(now))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected())
}

/// Takes a key for a request; `false` when the caller already holds it.
pub(crate) async fn reserve(
    conn: &mut AnyConnection,
    member_id: i64,
    key: &str,
    fingerprint: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO idempotency_keys (member_id, idem_key, fingerprint, reserved_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (member_id, idem_key) DO NOTHING",
    )
    .bind(member_id)
    .bind(key)
    .bind(fingerprint)
    .bind(micros(now))
    .bind(micros(expires_at))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The record of a key the caller holds.
pub(crate) async fn find(
    conn: &mut AnyConnection,
    member_id: i64,
    key: &str,
) -> StoreResult<Option<KeyRecord>> {
    let row = sqlx::query(
        "SELECT fingerprint, reserved_at, status, content_type, location, body \
         FROM idempotency_keys WHERE member_id = $1 AND idem_key = $2",
    )
    .bind(member_id)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        let status: Option<i64> = row.try_get(2)?;
        let response = status
            .map(|status| -> StoreResult<StoredResponse> {
                Ok(StoredResponse {
                    status: u16::try_from(status).unwrap_or(500),
                    content_type: row.try_get(3)?,
                    location: row.try_get(4)?,
                    body: row.try_get::<Option<String>, _>(5)?.unwrap_or_default(),
                })
            })
            .transpose()?;
        Ok(KeyRecord {
            fingerprint: row.try_get(0)?,
            reserved_at: from_micros(row.try_get(1)?)?,
            response,
        })
    })
    .transpose()
}

/// Hands an abandoned reservation (its request never finished) to a new request.
pub(crate) async fn take_over(
    conn: &mut AnyConnection,
    member_id: i64,
    key: &str,
    fingerprint: &str,
    now: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE idempotency_keys SET fingerprint = $1, reserved_at = $2 \
         WHERE member_id = $3 AND idem_key = $4 AND status IS NULL",
    )
    .bind(fingerprint)
    .bind(micros(now))
    .bind(member_id)
    .bind(key)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Keeps the response the first request got.
pub(crate) async fn complete(
    conn: &mut AnyConnection,
    member_id: i64,
    key: &str,
    response: &StoredResponse,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE idempotency_keys SET status = $1, content_type = $2, location = $3, body = $4 \
         WHERE member_id = $5 AND idem_key = $6",
    )
    .bind(i64::from(response.status))
    .bind(response.content_type.as_deref())
    .bind(response.location.as_deref())
    .bind(response.body.as_str())
    .bind(member_id)
    .bind(key)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Frees a key whose request failed on our side, so a retry runs it again.
pub(crate) async fn release(
    conn: &mut AnyConnection,
    member_id: i64,
    key: &str,
) -> StoreResult<()> {
    sqlx::query(
        "DELETE FROM idempotency_keys WHERE member_id = $1 AND idem_key = $2 AND status IS NULL",
    )
    .bind(member_id)
    .bind(key)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
