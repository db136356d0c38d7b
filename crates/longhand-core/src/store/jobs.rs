//! The job queue: rows with a run-at time and a dedupe key, claimed atomically.
//!
//! A worker claims one due job by setting a lease (`locked_until`). On PostgreSQL the claim
//! skips rows other replicas hold (`FOR UPDATE SKIP LOCKED`); on SQLite the single writer
//! makes the `UPDATE … RETURNING` atomic. A job is finished in the same transaction as its
//! effect, so an effect is recorded exactly when the job is; a replica that dies mid-run
//! leaves a lease that expires, and another replica runs the job again from the start.
//!
//! The lease is short ([`LEASE`]) and a running job renews it ([`renew`]), so a dead
//! replica's job resumes within seconds while a slow one on a live replica keeps its claim.
//! A job that keeps failing is finished as dead ([`bury`]) instead of being retried for ever.

use super::{Dialect, StoreResult, from_micros, micros};
use crate::views::jobs::DeadJob;
use jiff::{SignedDuration, Timestamp};
use sqlx::AnyConnection;
use sqlx::Row;

/// A claimed job.
#[derive(Debug, Clone)]
pub(crate) struct ClaimedJob {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
}

/// How long a claim is held before another worker may take the job over, unless renewed.
pub(crate) const LEASE: SignedDuration = SignedDuration::from_secs(10);

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

/// Extends `worker`'s lease on a running job to `now + LEASE`; false when the worker no
/// longer holds it (another worker took it over, or it is finished).
pub(crate) async fn renew(
    conn: &mut AnyConnection,
    id: i64,
    worker: &str,
    now: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE jobs SET locked_until = $1 WHERE id = $2 AND locked_by = $3 AND done_at IS NULL",
    )
    .bind(micros(now + LEASE))
    .bind(id)
    .bind(worker)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Puts a failed job back with a later run time and the error — only while `worker` still
/// holds it: after a lease ran out another worker may be running it, and clearing that
/// worker's lease would let a third claim it too.
pub(crate) async fn retry_later(
    conn: &mut AnyConnection,
    id: i64,
    worker: &str,
    run_at: Timestamp,
    error: &str,
) -> StoreResult<bool> {
    let done = sqlx::query("UPDATE jobs SET run_at = $1, last_error = $2, locked_by = NULL, locked_until = NULL WHERE id = $3 AND locked_by = $4 AND done_at IS NULL")
        .bind(micros(run_at))
        .bind(error)
        .bind(id)
        .bind(worker)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives up on a job: finished, so nobody claims it again, and dead, with the error that
/// ended it. Only while `worker` holds it, like [`retry_later`].
pub(crate) async fn bury(
    conn: &mut AnyConnection,
    id: i64,
    worker: &str,
    now: Timestamp,
    error: &str,
) -> StoreResult<bool> {
    let done = sqlx::query("UPDATE jobs SET done_at = $1, dead_at = $1, last_error = $2, locked_until = NULL WHERE id = $3 AND locked_by = $4 AND done_at IS NULL")
        .bind(micros(now))
        .bind(error)
        .bind(id)
        .bind(worker)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Dead jobs, the most recent first, at most `limit`.
pub(crate) async fn dead(conn: &mut AnyConnection, limit: i64) -> StoreResult<Vec<DeadJob>> {
    let rows = sqlx::query(
        "SELECT id, kind, attempts, last_error, created_at, dead_at FROM jobs WHERE dead_at IS NOT NULL ORDER BY dead_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(DeadJob {
                id: row.try_get(0)?,
                kind: row.try_get(1)?,
                attempts: row.try_get(2)?,
                last_error: row.try_get(3)?,
                created_at: from_micros(row.try_get(4)?)?,
                dead_at: from_micros(row.try_get(5)?)?,
            })
        })
        .collect()
}

/// Puts a dead job back in the queue to run at `now`, with its attempts reset and no
/// error; returns its kind, or `None` when no dead job has that id. Its payload and dedupe
/// key stay: it is the same job, given another chance.
pub(crate) async fn revive(
    conn: &mut AnyConnection,
    id: i64,
    now: Timestamp,
) -> StoreResult<Option<String>> {
    let row = sqlx::query(
        "UPDATE jobs SET dead_at = NULL, done_at = NULL, attempts = 0, last_error = NULL, locked_by = NULL, locked_until = NULL, run_at = $1
         WHERE id = $2 AND dead_at IS NOT NULL RETURNING kind",
    )
    .bind(micros(now))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(row) => Ok(Some(row.try_get(0)?)),
        None => Ok(None),
    }
}

/// The id of the job with this dedupe key.
pub(crate) async fn id_by_key(conn: &mut AnyConnection, dedupe_key: &str) -> StoreResult<Option<i64>> {
    let row = sqlx::query("SELECT id FROM jobs WHERE dedupe_key = $1")
        .bind(dedupe_key)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| Ok(row.try_get(0)?)).transpose()
}

/// Whether a job with this id exists, dead or not.
pub(crate) async fn exists(conn: &mut AnyConnection, id: i64) -> StoreResult<bool> {
    let row = sqlx::query("SELECT COUNT(*) FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get::<i64, _>(0)? > 0)
}

/// How many jobs were given up on.
pub(crate) async fn dead_count(conn: &mut AnyConnection) -> StoreResult<i64> {
    let row = sqlx::query("SELECT COUNT(*) FROM jobs WHERE dead_at IS NOT NULL")
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get(0)?)
}

/// Jobs not yet done (for tests and the admin view).
pub(crate) async fn pending_count(conn: &mut AnyConnection) -> StoreResult<i64> {
    let row = sqlx::query("SELECT COUNT(*) FROM jobs WHERE done_at IS NULL")
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get(0)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::stores;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_attempt_leaves_alone_a_job_another_worker_took_over() {
        for t in stores().await {
            let (store, t0) = (&t.store, at("2026-03-10T10:00:00.123456Z"));
            let claim_at = |worker: &'static str, now: Timestamp| async move {
                let mut tx = store.write().await.unwrap();
                let job = claim(&mut tx, store.dialect(), worker, now).await.unwrap();
                tx.commit().await.unwrap();
                job
            };
            let mut tx = store.write().await.unwrap();
            enqueue(&mut tx, "remind_ask", "{}", t0, "k:1", t0)
                .await
                .unwrap();
            tx.commit().await.unwrap();

            let slow = claim_at("a", t0).await.expect("a claims the job");
            let past_lease = t0 + LEASE + SignedDuration::from_micros(1);
            let taken = claim_at("b", past_lease).await.expect("b takes it over");
            assert_eq!(taken.id, slow.id);

            // A's attempt fails late: it must not put back a job B is running.
            let mut tx = store.write().await.unwrap();
            let held = retry_later(&mut tx, slow.id, "a", t0, "boom")
                .await
                .unwrap();
            tx.commit().await.unwrap();
            assert!(!held);
            let later = past_lease + SignedDuration::from_micros(1);
            assert!(
                claim_at("c", later).await.is_none(),
                "b's lease still stands"
            );
            let mut tx = store.write().await.unwrap();
            assert!(finish(&mut tx, slow.id, "b", later).await.unwrap());
            tx.commit().await.unwrap();
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_lease_is_renewed_only_by_its_holder() {
        for t in stores().await {
            let (store, t0) = (&t.store, at("2026-03-10T10:00:00.654321Z"));
            let mut tx = store.write().await.unwrap();
            enqueue(&mut tx, "remind_ask", "{}", t0, "k:2", t0)
                .await
                .unwrap();
            let job = claim(&mut tx, store.dialect(), "a", t0)
                .await
                .unwrap()
                .unwrap();
            let nine = t0 + SignedDuration::from_secs(9);
            assert!(!renew(&mut tx, job.id, "b", nine).await.unwrap());
            assert!(renew(&mut tx, job.id, "a", nine).await.unwrap());
            let eighteen = t0 + SignedDuration::from_secs(18);
            assert!(
                claim(&mut tx, store.dialect(), "b", eighteen)
                    .await
                    .unwrap()
                    .is_none()
            );
            let past = nine + LEASE + SignedDuration::from_micros(1);
            assert!(
                claim(&mut tx, store.dialect(), "b", past)
                    .await
                    .unwrap()
                    .is_some()
            );
            tx.commit().await.unwrap();
        }
    }
}
