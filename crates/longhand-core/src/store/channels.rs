//! Members' external delivery channels (`member_channels`): email, Slack-compatible and
//! generic JSON webhooks. Removed channels stay as rows (`removed_at`) so the deliveries that
//! name them keep their history; every read here leaves them out.

use super::{StoreError, StoreResult, from_micros, micros};
use crate::views::channels::{Channel, ChannelKind};
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

/// What adding a channel needs.
#[derive(Debug, Clone)]
pub(crate) struct NewChannel<'a> {
    pub member_id: i64,
    pub kind: ChannelKind,
    pub target: &'a str,
    pub secret: Option<&'a str>,
    pub urgent: bool,
    pub digest: bool,
}

/// A channel's switches, as a member sets them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Switches {
    pub urgent: bool,
    pub digest: bool,
    pub paused_at: Option<Timestamp>,
}

macro_rules! select_channels {
    ($rest:literal) => {
        concat!(
            "SELECT id, kind, target, urgent, digest, paused_at, created_at FROM member_channels ",
            $rest
        )
    };
}

pub(crate) fn kind_of(text: &str) -> StoreResult<ChannelKind> {
    ChannelKind::parse(text)
        .ok_or_else(|| StoreError::Other(anyhow::anyhow!("unknown channel kind {text:?}")))
}

fn from_row(row: &AnyRow) -> StoreResult<Channel> {
    Ok(Channel {
        id: row.try_get("id")?,
        kind: kind_of(&row.try_get::<String, _>("kind")?)?,
        target: row.try_get("target")?,
        urgent: row.try_get::<i64, _>("urgent")? != 0,
        digest: row.try_get::<i64, _>("digest")? != 0,
        paused_at: row
            .try_get::<Option<i64>, _>("paused_at")?
            .map(from_micros)
            .transpose()?,
        created_at: from_micros(row.try_get("created_at")?)?,
    })
}

/// Adds a channel; returns its id.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    now: Timestamp,
    new: &NewChannel<'_>,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO member_channels (member_id, kind, target, secret, urgent, digest, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(new.member_id)
    .bind(new.kind.as_str())
    .bind(new.target)
    .bind(new.secret)
    .bind(i64::from(new.urgent))
    .bind(i64::from(new.digest))
    .bind(micros(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// A member's channels (not removed), oldest first.
pub(crate) async fn for_member(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<Vec<Channel>> {
    let rows = sqlx::query(select_channels!(
        "WHERE member_id = $1 AND removed_at IS NULL ORDER BY id"
    ))
    .bind(member_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// One of a member's channels (not removed).
pub(crate) async fn one(
    conn: &mut AnyConnection,
    member_id: i64,
    id: i64,
) -> StoreResult<Channel> {
    let row = sqlx::query(select_channels!(
        "WHERE id = $1 AND member_id = $2 AND removed_at IS NULL"
    ))
    .bind(id)
    .bind(member_id)
    .fetch_one(&mut *conn)
    .await?;
    from_row(&row)
}

/// The channel with this id whoever it belongs to (not removed), and its member.
pub(crate) async fn by_id(conn: &mut AnyConnection, id: i64) -> StoreResult<(i64, Channel)> {
    let row = sqlx::query(
        "SELECT id, kind, target, urgent, digest, paused_at, created_at, member_id FROM member_channels WHERE id = $1 AND removed_at IS NULL",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get("member_id")?, from_row(&row)?))
}

/// Sets a channel's switches.
pub(crate) async fn set_switches(
    conn: &mut AnyConnection,
    now: Timestamp,
    id: i64,
    switches: Switches,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE member_channels SET urgent = $1, digest = $2, paused_at = $3, updated_at = $4 WHERE id = $5 AND removed_at IS NULL",
    )
    .bind(i64::from(switches.urgent))
    .bind(i64::from(switches.digest))
    .bind(switches.paused_at.map(micros))
    .bind(micros(now))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Removes a channel (kept as a row for its deliveries' history).
pub(crate) async fn remove(conn: &mut AnyConnection, now: Timestamp, id: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE member_channels SET removed_at = $1, updated_at = $1 WHERE id = $2 AND removed_at IS NULL",
    )
    .bind(micros(now))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An active member's channels that take urgent messages now (not paused).
pub(crate) async fn taking_urgent(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<Vec<Channel>> {
    let rows = sqlx::query(
        "SELECT c.id, c.kind, c.target, c.urgent, c.digest, c.paused_at, c.created_at FROM member_channels c JOIN members m ON m.id = c.member_id
         WHERE c.member_id = $1 AND c.removed_at IS NULL AND c.paused_at IS NULL AND c.urgent = 1 AND m.active = 1 ORDER BY c.id",
    )
    .bind(member_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// An active member's channels that take digests (not paused).
pub(crate) async fn taking_digests(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<Vec<Channel>> {
    let rows = sqlx::query(
        "SELECT c.id, c.kind, c.target, c.urgent, c.digest, c.paused_at, c.created_at FROM member_channels c JOIN members m ON m.id = c.member_id
         WHERE c.member_id = $1 AND c.removed_at IS NULL AND c.paused_at IS NULL AND c.digest = 1 AND m.active = 1 ORDER BY c.id",
    )
    .bind(member_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}
