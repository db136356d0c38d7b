//! In-app notifications. A dedupe key per notification makes delivery idempotent: a job that
//! runs twice (a replica died after sending, before recording) cannot notify twice.

use super::{StoreResult, from_micros, micros};
use crate::views::notifications::NotificationRecord;
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;

/// What a new notification says.
#[derive(Debug, Clone)]
pub(crate) struct NewNotification<'a> {
    pub member_id: i64,
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub link: &'a str,
    pub dedupe_key: &'a str,
}

/// Inserts unless one with the same dedupe key exists; returns whether it was new.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    now: Timestamp,
    new: &NewNotification<'_>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO notifications (member_id, kind, title, body, link, dedupe_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(new.member_id)
    .bind(new.kind)
    .bind(new.title)
    .bind(new.body)
    .bind(new.link)
    .bind(new.dedupe_key)
    .bind(micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A member's latest notifications, newest first.
pub(crate) async fn for_member(
    conn: &mut AnyConnection,
    member_id: i64,
    limit: i64,
) -> StoreResult<Vec<NotificationRecord>> {
    let rows = sqlx::query("SELECT id, kind, title, body, link, created_at, read_at FROM notifications WHERE member_id = $1 ORDER BY id DESC LIMIT $2")
        .bind(member_id)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(NotificationRecord {
                id: row.try_get(0)?,
                kind: row.try_get(1)?,
                title: row.try_get(2)?,
                body: row.try_get(3)?,
                link: row.try_get(4)?,
                created_at: from_micros(row.try_get(5)?)?,
                read_at: row
                    .try_get::<Option<i64>, _>(6)?
                    .map(from_micros)
                    .transpose()?,
            })
        })
        .collect()
}

/// Unread notifications of a member.
pub(crate) async fn unread_count(conn: &mut AnyConnection, member_id: i64) -> StoreResult<i64> {
    let row =
        sqlx::query("SELECT COUNT(*) FROM notifications WHERE member_id = $1 AND read_at IS NULL")
            .bind(member_id)
            .fetch_one(&mut *conn)
            .await?;
    Ok(row.try_get(0)?)
}

/// Marks all of a member's notifications read.
pub(crate) async fn mark_all_read(
    conn: &mut AnyConnection,
    member_id: i64,
    now: Timestamp,
) -> StoreResult<u64> {
    let done = sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE member_id = $2 AND read_at IS NULL",
    )
    .bind(micros(now))
    .bind(member_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}
