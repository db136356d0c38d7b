//! In-app notifications. A dedupe key per notification makes delivery idempotent: a job that
//! runs twice (a replica died after sending, before recording) cannot notify twice.
//!
//! A notification is *shown* (listed, counted, digested) unless cleared or snoozed; see the
//! migration `0015_notify_routing` for what each routing column means.

use super::{StoreResult, from_micros, micros};
use crate::views::notifications::NotificationRecord;
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

/// What a new notification says and where the router sent it.
#[derive(Debug, Clone)]
pub(crate) struct NewNotification<'a> {
    pub member_id: i64,
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub link: &'a str,
    pub dedupe_key: &'a str,
    pub urgency: &'a str,
    pub space_id: Option<i64>,
    pub subject: Option<&'a str>,
    pub route: &'a str,
    pub deliver_at: Option<Timestamp>,
}

/// Inserts unless one with the same dedupe key exists; returns the new row's id.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    now: Timestamp,
    new: &NewNotification<'_>,
) -> StoreResult<Option<i64>> {
    let row = sqlx::query(
        "INSERT INTO notifications (member_id, kind, title, body, link, dedupe_key, created_at, urgency, space_id, subject, route, deliver_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
    )
    .bind(new.member_id)
    .bind(new.kind)
    .bind(new.title)
    .bind(new.body)
    .bind(new.link)
    .bind(new.dedupe_key)
    .bind(micros(now))
    .bind(new.urgency)
    .bind(new.space_id)
    .bind(new.subject)
    .bind(new.route)
    .bind(new.deliver_at.map(micros))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| row.try_get(0))
        .transpose()
        .map_err(Into::into)
}

macro_rules! select {
    ($rest:literal) => {
        concat!(
            "SELECT id, kind, title, body, link, created_at, read_at, urgency, subject, route, deliver_at, snoozed_until FROM notifications ",
            $rest
        )
    };
}

/// One row of the columns `select!` names, in that order.
pub(crate) fn from_row(row: &AnyRow) -> StoreResult<NotificationRecord> {
    let at = |i: usize| -> StoreResult<Option<Timestamp>> {
        row.try_get::<Option<i64>, _>(i)?
            .map(from_micros)
            .transpose()
    };
    Ok(NotificationRecord {
        id: row.try_get(0)?,
        kind: row.try_get(1)?,
        title: row.try_get(2)?,
        body: row.try_get(3)?,
        link: row.try_get(4)?,
        created_at: from_micros(row.try_get(5)?)?,
        read_at: at(6)?,
        urgency: row.try_get(7)?,
        subject: row.try_get(8)?,
        route: row.try_get(9)?,
        deliver_at: at(10)?,
        snoozed_until: at(11)?,
    })
}

/// A member's latest shown notifications (not cleared, not snoozed), newest first.
pub(crate) async fn for_member(
    conn: &mut AnyConnection,
    member_id: i64,
    limit: i64,
) -> StoreResult<Vec<NotificationRecord>> {
    const SQL: &str = select!(
        "WHERE member_id = $1 AND cleared_at IS NULL AND snoozed_until IS NULL ORDER BY id DESC LIMIT $2"
    );
    let rows = sqlx::query(SQL)
        .bind(member_id)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// A member's snoozed notifications, the soonest back first.
pub(crate) async fn snoozed(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<Vec<NotificationRecord>> {
    const SQL: &str = select!(
        "WHERE member_id = $1 AND cleared_at IS NULL AND snoozed_until IS NOT NULL ORDER BY snoozed_until, id LIMIT 100"
    );
    let rows = sqlx::query(SQL)
        .bind(member_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// One of a member's notifications, shown or not (not found: someone else's, or none).
pub(crate) async fn by_id(
    conn: &mut AnyConnection,
    member_id: i64,
    id: i64,
) -> StoreResult<NotificationRecord> {
    const SQL: &str = select!("WHERE id = $1 AND member_id = $2");
    let row = sqlx::query(SQL)
        .bind(id)
        .bind(member_id)
        .fetch_one(&mut *conn)
        .await?;
    from_row(&row)
}

/// Unread shown notifications of a member.
pub(crate) async fn unread_count(conn: &mut AnyConnection, member_id: i64) -> StoreResult<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM notifications WHERE member_id = $1 AND read_at IS NULL AND cleared_at IS NULL AND snoozed_until IS NULL",
    )
    .bind(member_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// Marks all of a member's shown notifications read (a snoozed one stays for later).
pub(crate) async fn mark_all_read(
    conn: &mut AnyConnection,
    member_id: i64,
    now: Timestamp,
) -> StoreResult<u64> {
    let done = sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE member_id = $2 AND read_at IS NULL AND snoozed_until IS NULL",
    )
    .bind(micros(now))
    .bind(member_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Marks one notification read (its first reading counts); a snoozed one is back for good.
pub(crate) async fn mark_read(
    conn: &mut AnyConnection,
    member_id: i64,
    id: i64,
    now: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE notifications SET read_at = COALESCE(read_at, $1), snoozed_until = NULL WHERE id = $2 AND member_id = $3",
    )
    .bind(micros(now))
    .bind(id)
    .bind(member_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Clears a member's notifications about `subject`; returns how many were still shown.
pub(crate) async fn clear_subject(
    conn: &mut AnyConnection,
    member_id: i64,
    subject: &str,
    now: Timestamp,
) -> StoreResult<u64> {
    let done = sqlx::query(
        "UPDATE notifications SET cleared_at = $1 WHERE member_id = $2 AND subject = $3 AND cleared_at IS NULL",
    )
    .bind(micros(now))
    .bind(member_id)
    .bind(subject)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Hides a notification until `until`; false when it is not the member's or is cleared.
pub(crate) async fn snooze(
    conn: &mut AnyConnection,
    member_id: i64,
    id: i64,
    until: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE notifications SET snoozed_until = $1 WHERE id = $2 AND member_id = $3 AND cleared_at IS NULL",
    )
    .bind(micros(until))
    .bind(id)
    .bind(member_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Brings a snoozed notification back as unread, if it is still snoozed until `until` (a
/// later snooze or an opening moved it on); returns whether it came back.
pub(crate) async fn unsnooze(
    conn: &mut AnyConnection,
    id: i64,
    until: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE notifications SET snoozed_until = NULL, read_at = NULL WHERE id = $1 AND snoozed_until = $2",
    )
    .bind(id)
    .bind(micros(until))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether a notification was opened or its subject acted on: a delivery of it still
/// waiting (held for the member's working hours) has nothing left to say.
pub(crate) async fn settled(conn: &mut AnyConnection, id: i64) -> StoreResult<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM notifications WHERE id = $1 AND (read_at IS NOT NULL OR cleared_at IS NOT NULL)",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get::<i64, _>(0)? > 0)
}
