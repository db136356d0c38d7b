//! The job queue: rows with a run-at time and a dedupe key, claimed atomically.
//!
//! A worker claims one due job by setting a lease (`locked_until`). On PostgreSQL the claim
//! skips rows other replicas hold (`FOR UPDATE SKIP LOCKED`); on SQLite the single writer
//! makes the `UPDATE … RETURNING` atomic. A job is finished in the same transaction as its
//! effect, so an effect is recorded exactly when the job is; a replica that dies mid-run
//! leaves a lease that expires, and another replica runs the job again from the start.

use super::{Dialect, StoreResult, from_micros, micros};
use jiff::{SignedDuration, Timestamp};
use sqlx::AnyConnection;
use sqlx::Row;

/// A claimed job.
#[derive(Debug, Clone)]
pub struct ClaimedJob {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub run_at: Timestamp,
    pub attempts: i64,
}

/// How long a claim is held before another worker may take the job over.
pub const LEASE: SignedDuration = SignedDuration::from_secs(60);

/// Enqueues a job unless one with the same dedupe key exists; returns whether it was new.
pub(crate) async fn enqueue(
    conn: &mut AnyConnection,
    kind: &str,
    payload: &str,
    run_at: Timestamp,
    dedupe_key: &str,
    now: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO jobs (kind, payload, run_at, dedupe_key, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(kind)
    .bind(payload)
    .bind(micros(run_at))
    .bind(dedupe_key)
    .bind(micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Claims the most overdue job, if any, for `worker`.
pub(crate) async fn claim(
    conn: &mut AnyConnection,
    dialect: Dialect,
    worker: &str,
    now: Timestamp,
) -> StoreResult<Option<ClaimedJob>> {
    let sql = match dialect {
        Dialect::Sqlite => {
            "UPDATE jobs SET locked_by = $1, locked_until = $2, attempts = attempts + 1
             WHERE id = (SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $3 AND (locked_until IS NULL OR locked_until < $3)
                         ORDER BY run_at, id LIMIT 1)
             RETURNING id, kind, payload, run_at, attempts"
        }
        Dialect::Postgres => {
            "UPDATE jobs SET locked_by = $1, locked_until = $2, attempts = attempts + 1
             WHERE id = (SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $3 AND (locked_until IS NULL OR locked_until < $3)
                         ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
             RETURNING id, kind, payload, run_at, attempts"
        }
    };
    let row = sqlx::query(sql)
        .bind(worker)
        .bind(micros(now + LEASE))
        .bind(micros(now))
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| {
        Ok(ClaimedJob {
            id: row.try_get(0)?,
            kind: row.try_get(1)?,
            payload: row.try_get(2)?,
            run_at: from_micros(row.try_get(3)?)?,
            attempts: row.try_get(4)?,
        })
    })
    .transpose()
}

/// Marks a job done, if this worker still holds it; returns whether it did.
pub(crate) async fn finish(
    conn: &mut AnyConnection,
    id: i64,
    worker: &str,
    now: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query("UPDATE jobs SET done_at = $1, locked_until = NULL WHERE id = $2 AND locked_by = $3 AND done_at IS NULL")
        .bind(micros(now))
        .bind(id)
        .bind(worker)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Puts a failed job back with a later run time and the error.
pub(crate) async fn retry_later(
    conn: &mut AnyConnection,
    id: i64,
    run_at: Timestamp,
    error: &str,
) -> StoreResult<()> {
    sqlx::query("UPDATE jobs SET run_at = $1, last_error = $2, locked_by = NULL, locked_until = NULL WHERE id = $3")
        .bind(micros(run_at))
        .bind(error)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Jobs not yet done (for tests and the admin view).
pub(crate) async fn pending_count(conn: &mut AnyConnection) -> StoreResult<i64> {
    let row = sqlx::query("SELECT COUNT(*) FROM jobs WHERE done_at IS NULL")
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get(0)?)
}
