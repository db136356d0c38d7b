//! Team charters: versioned JSON documents; the newest version is in force.

use super::{StoreResult, micros};
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;

/// One version of a team's charter.
#[derive(Debug, Clone)]
pub(crate) struct CharterRecord {
    pub version: i64,
    pub body: String,
}

/// The charter in force for a team, if it has one.
pub(crate) async fn current(
    conn: &mut AnyConnection,
    team_id: i64,
) -> StoreResult<Option<CharterRecord>> {
    let row = sqlx::query(
        "SELECT version, body FROM charters WHERE team_id = $1 ORDER BY version DESC LIMIT 1",
    )
    .bind(team_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(CharterRecord {
            version: row.try_get(0)?,
            body: row.try_get(1)?,
        })
    })
    .transpose()
}

/// Stores a new version and returns its number.
pub(crate) async fn insert_version(
    conn: &mut AnyConnection,
    team_id: i64,
    body: &str,
    author_id: i64,
    now: Timestamp,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO charters (team_id, version, body, author_id, created_at)
         VALUES ($1, COALESCE((SELECT MAX(version) FROM charters WHERE team_id = $1), 0) + 1, $2, $3, $4) RETURNING version",
    )
    .bind(team_id)
    .bind(body)
    .bind(author_id)
    .bind(micros(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// The first team (lowest id) a member belongs to: whose charter applies to asks sent to them.
pub(crate) async fn home_team(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<Option<i64>> {
    let row = sqlx::query("SELECT MIN(team_id) FROM team_members WHERE member_id = $1")
        .bind(member_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get(0)?)
}
