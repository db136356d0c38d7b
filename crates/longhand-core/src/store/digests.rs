//! Digests: each member's next digest instant, the digests sent (their items as JSON), the
//! keys of what each member was sent, and the reads that gather a digest's candidates where
//! no other area's store already has them (unread notifications not yet in a digest, review
//! rounds waiting on a verdict).
//!
//! A digest is one row per member and due instant (`UNIQUE (member_id, at)`), so a job run
//! twice by two replicas cannot send it twice; the keys are one row per member and key.

use super::{StoreResult, from_micros, micros};
use crate::views::digests::DigestSummary;
use crate::views::notifications::NotificationRecord;
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::HashSet;

/// Remembers a member's next digest instant; the job for that instant is the live one.
pub(crate) async fn schedule(
    conn: &mut AnyConnection,
    member_id: i64,
    next_at: Timestamp,
    now: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO digest_schedules (member_id, next_at, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (member_id) DO UPDATE SET next_at = excluded.next_at, updated_at = excluded.updated_at",
    )
    .bind(member_id)
    .bind(micros(next_at))
    .bind(micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Forgets a member's next digest (their calendar has none ahead).
pub(crate) async fn unschedule(conn: &mut AnyConnection, member_id: i64) -> StoreResult<()> {
    sqlx::query("DELETE FROM digest_schedules WHERE member_id = $1")
        .bind(member_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A member's next digest instant, if one is scheduled.
pub(crate) async fn next_at(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<Option<Timestamp>> {
    let row = sqlx::query("SELECT next_at FROM digest_schedules WHERE member_id = $1")
        .bind(member_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| from_micros(row.try_get(0)?)).transpose()
}

/// Active members without a live digest chain: never scheduled, or their scheduled instant
/// has no job waiting (the job key is `send_digest:<member>:<microseconds>`, as
/// `ops::jobs::Job::dedupe_key` writes it).
pub(crate) async fn unscheduled(conn: &mut AnyConnection) -> StoreResult<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT m.id FROM members m LEFT JOIN digest_schedules s ON s.member_id = m.id
         WHERE m.active = 1 AND (s.member_id IS NULL OR NOT EXISTS (
             SELECT 1 FROM jobs j WHERE j.done_at IS NULL
                AND j.dedupe_key = 'send_digest:' || CAST(m.id AS TEXT) || ':' || CAST(s.next_at AS TEXT)))
         ORDER BY m.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|row| Ok(row.try_get(0)?)).collect()
}

/// When the member's last digest went, if one did.
pub(crate) async fn last_sent_at(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<Option<Timestamp>> {
    let row = sqlx::query("SELECT MAX(sent_at) FROM digests WHERE member_id = $1")
        .bind(member_id)
        .fetch_one(&mut *conn)
        .await?;
    row.try_get::<Option<i64>, _>(0)?
        .map(from_micros)
        .transpose()
}

/// The keys of everything the member was sent in a digest.
pub(crate) async fn sent_keys(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<HashSet<String>> {
    let rows = sqlx::query("SELECT key FROM digest_items WHERE member_id = $1")
        .bind(member_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|row| Ok(row.try_get(0)?)).collect()
}

/// What a sent digest records.
#[derive(Debug, Clone)]
pub(crate) struct NewDigest<'a> {
    pub member_id: i64,
    pub at: Timestamp,
    pub sent_at: Timestamp,
    pub headline: &'a str,
    pub item_count: i64,
    pub items: &'a str,
}

/// Records a sent digest; `None` when the member's digest for that instant exists already.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    new: &NewDigest<'_>,
) -> StoreResult<Option<i64>> {
    let row = sqlx::query(
        "INSERT INTO digests (member_id, at, sent_at, headline, item_count, items) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (member_id, at) DO NOTHING RETURNING id",
    )
    .bind(new.member_id)
    .bind(micros(new.at))
    .bind(micros(new.sent_at))
    .bind(new.headline)
    .bind(new.item_count)
    .bind(new.items)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| Ok(row.try_get(0)?)).transpose()
}

/// Records the keys a digest held, so the next one leaves them out.
pub(crate) async fn record_keys(
    conn: &mut AnyConnection,
    member_id: i64,
    digest_id: i64,
    keys: &[String],
) -> StoreResult<()> {
    for key in keys {
        sqlx::query(
            "INSERT INTO digest_items (member_id, key, digest_id) VALUES ($1, $2, $3) ON CONFLICT (member_id, key) DO NOTHING",
        )
        .bind(member_id)
        .bind(key)
        .bind(digest_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A sent digest's row.
#[derive(Debug, Clone)]
pub(crate) struct DigestRow {
    pub id: i64,
    pub member_id: i64,
    pub at: Timestamp,
    pub sent_at: Timestamp,
    pub headline: String,
    pub items: String,
}

/// One sent digest.
pub(crate) async fn by_id(conn: &mut AnyConnection, id: i64) -> StoreResult<DigestRow> {
    let row = sqlx::query(
        "SELECT id, member_id, at, sent_at, headline, items FROM digests WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(DigestRow {
        id: row.try_get(0)?,
        member_id: row.try_get(1)?,
        at: from_micros(row.try_get(2)?)?,
        sent_at: from_micros(row.try_get(3)?)?,
        headline: row.try_get(4)?,
        items: row.try_get(5)?,
    })
}

/// A member's latest digests, newest first.
pub(crate) async fn recent(
    conn: &mut AnyConnection,
    member_id: i64,
    limit: i64,
) -> StoreResult<Vec<DigestSummary>> {
    let rows = sqlx::query(
        "SELECT id, at, headline, item_count FROM digests WHERE member_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(member_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(DigestSummary {
                id: row.try_get(0)?,
                at: from_micros(row.try_get(1)?)?,
                headline: row.try_get(2)?,
                item_count: row.try_get(3)?,
            })
        })
        .collect()
}

/// A member's unread notifications up to `now` that no digest held yet, oldest first:
/// neither cleared (the member acted on what it is about) nor snoozed past `now`. An urgent
/// one that already reached a channel but is still unread is still waiting on them, so it
/// is here too.
pub(crate) async fn undigested_notifications(
    conn: &mut AnyConnection,
    member_id: i64,
    now: Timestamp,
) -> StoreResult<Vec<NotificationRecord>> {
    let rows = sqlx::query(
        "SELECT n.id, n.kind, n.title, n.body, n.link, n.created_at, n.read_at, n.urgency, n.subject, n.route, n.deliver_at, n.snoozed_until FROM notifications n
         WHERE n.member_id = $1 AND n.read_at IS NULL AND n.created_at <= $2
           AND n.cleared_at IS NULL AND (n.snoozed_until IS NULL OR n.snoozed_until <= $2)
           AND NOT EXISTS (SELECT 1 FROM digest_items di WHERE di.member_id = n.member_id
                           AND di.key = 'notification:' || CAST(n.id AS TEXT))
         ORDER BY n.id",
    )
    .bind(member_id)
    .bind(micros(now))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(crate::store::notifications::from_row)
        .collect()
}

/// An open review round, as a digest names it.
#[derive(Debug, Clone)]
pub(crate) struct OpenRound {
    pub round_id: i64,
    pub document_id: i64,
    pub owner_name: String,
    pub closes_at: Timestamp,
}

fn open_round(row: &AnyRow) -> StoreResult<OpenRound> {
    Ok(OpenRound {
        round_id: row.try_get(0)?,
        document_id: row.try_get(1)?,
        owner_name: row.try_get(2)?,
        closes_at: from_micros(row.try_get(3)?)?,
    })
}

/// Open rounds the member was asked in and has given no verdict on, that close soon: their
/// "closing soon" instant has come (24 business hours before the close), or — for a window
/// too short to have one — they close before `soon`. Soonest first.
pub(crate) async fn rounds_awaiting_verdict(
    conn: &mut AnyConnection,
    member_id: i64,
    now: Timestamp,
    soon: Timestamp,
) -> StoreResult<Vec<OpenRound>> {
    let rows = sqlx::query(
        "SELECT r.id, r.document_id, o.name, r.closes_at
         FROM review_participants p JOIN review_rounds r ON r.id = p.round_id JOIN members o ON o.id = r.owner_id
         WHERE p.member_id = $1 AND p.verdict IS NULL AND r.state = 'open' AND r.closes_at > $2
           AND ((r.closing_soon_at IS NOT NULL AND r.closing_soon_at <= $2) OR r.closes_at <= $3)
         ORDER BY r.closes_at, r.id",
    )
    .bind(member_id)
    .bind(micros(now))
    .bind(micros(soon))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(open_round).collect()
}

/// A team's open rounds closing soon (as in [`rounds_awaiting_verdict`]), soonest first.
pub(crate) async fn team_rounds_closing(
    conn: &mut AnyConnection,
    team_id: i64,
    now: Timestamp,
    soon: Timestamp,
) -> StoreResult<Vec<OpenRound>> {
    let rows = sqlx::query(
        "SELECT r.id, r.document_id, o.name, r.closes_at
         FROM review_rounds r JOIN members o ON o.id = r.owner_id
         WHERE r.team_id = $1 AND r.state = 'open' AND r.closes_at > $2
           AND ((r.closing_soon_at IS NOT NULL AND r.closing_soon_at <= $2) OR r.closes_at <= $3)
         ORDER BY r.closes_at, r.id",
    )
    .bind(team_id)
    .bind(micros(now))
    .bind(micros(soon))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(open_round).collect()
}
