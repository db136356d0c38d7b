//! Teams (pods): a name, a DRI and members.

use super::members::expect_one;
use super::{StoreError, StoreResult, from_micros, micros};
use crate::views::teams::{TeamMemberRecord, TeamRecord};
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

fn from_row(row: &AnyRow) -> StoreResult<TeamRecord> {
    Ok(TeamRecord {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        dri_id: row.try_get("dri_id")?,
        created_at: from_micros(row.try_get("created_at")?)?,
    })
}

/// Creates a team and returns its id.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    now: Timestamp,
    slug: &str,
    name: &str,
    description: &str,
    dri_id: i64,
) -> StoreResult<i64> {
    let row = sqlx::query("INSERT INTO teams (slug, name, description, dri_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(slug)
        .bind(name)
        .bind(description)
        .bind(dri_id)
        .bind(micros(now))
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get(0)?)
}

/// Every team, by name.
pub(crate) async fn list(conn: &mut AnyConnection) -> StoreResult<Vec<TeamRecord>> {
    let rows = sqlx::query(
        "SELECT id, slug, name, description, dri_id, created_at FROM teams ORDER BY name, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The team with this slug.
pub(crate) async fn by_slug(conn: &mut AnyConnection, slug: &str) -> StoreResult<TeamRecord> {
    let row = sqlx::query(
        "SELECT id, slug, name, description, dri_id, created_at FROM teams WHERE slug = $1",
    )
    .bind(slug)
    .fetch_one(&mut *conn)
    .await?;
    from_row(&row)
}

/// Whether a team holds this slug.
pub(crate) async fn slug_taken(conn: &mut AnyConnection, slug: &str) -> StoreResult<bool> {
    let row = sqlx::query("SELECT id FROM teams WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.is_some())
}

/// The team with this id.
pub(crate) async fn by_id(conn: &mut AnyConnection, id: i64) -> StoreResult<TeamRecord> {
    let row = sqlx::query(
        "SELECT id, slug, name, description, dri_id, created_at FROM teams WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    from_row(&row)
}

/// Renames a team, changes its description or DRI.
pub(crate) async fn update(
    conn: &mut AnyConnection,
    id: i64,
    name: &str,
    description: &str,
    dri_id: i64,
) -> StoreResult<()> {
    let done =
        sqlx::query("UPDATE teams SET name = $1, description = $2, dri_id = $3 WHERE id = $4")
            .bind(name)
            .bind(description)
            .bind(dri_id)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    expect_one(done.rows_affected())
}

/// The members of a team, by name.
pub(crate) async fn members(
    conn: &mut AnyConnection,
    team_id: i64,
) -> StoreResult<Vec<TeamMemberRecord>> {
    let rows = sqlx::query(
        "SELECT m.id, m.handle, m.name, tm.joined_at FROM team_members tm JOIN members m ON m.id = tm.member_id
         WHERE tm.team_id = $1 ORDER BY m.name, m.id",
    )
    .bind(team_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(TeamMemberRecord {
                member_id: row.try_get(0)?,
                handle: row.try_get(1)?,
                name: row.try_get(2)?,
                joined_at: from_micros(row.try_get(3)?)?,
            })
        })
        .collect()
}

/// Adds a member; adding someone already there is a conflict the caller can report.
pub(crate) async fn add_member(
    conn: &mut AnyConnection,
    now: Timestamp,
    team_id: i64,
    member_id: i64,
) -> StoreResult<()> {
    let result =
        sqlx::query("INSERT INTO team_members (team_id, member_id, joined_at) VALUES ($1, $2, $3)")
            .bind(team_id)
            .bind(member_id)
            .bind(micros(now))
            .execute(&mut *conn)
            .await;
    match result.map_err(StoreError::from) {
        Err(StoreError::Conflict(_)) => Err(StoreError::Conflict(
            "that person is already in the team".to_owned(),
        )),
        other => other.map(drop),
    }
}

/// Removes a member from a team.
pub(crate) async fn remove_member(
    conn: &mut AnyConnection,
    team_id: i64,
    member_id: i64,
) -> StoreResult<()> {
    let done = sqlx::query("DELETE FROM team_members WHERE team_id = $1 AND member_id = $2")
        .bind(team_id)
        .bind(member_id)
        .execute(&mut *conn)
        .await?;
    expect_one(done.rows_affected())
}
