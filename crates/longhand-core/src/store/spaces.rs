//! Spaces: purpose, visibility, noise level and members.
//!
//! Listing is filtered in SQL by what the viewer may see, and the access rules in
//! `longhand_domain::access` decide again on every single-space read: two checks that must
//! agree, so a mistake in one does not leak a private space.

use super::members::expect_one;
use super::{StoreError, StoreResult, from_micros, micros};
use crate::views::spaces::{SpaceMemberRecord, SpaceRecord};
use jiff::Timestamp;
use longhand_domain::workspace::{NoiseLevel, SpacePurpose, SpaceRole, Visibility};
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A space's settings, for inserts and updates.
#[derive(Debug, Clone)]
pub(crate) struct SpaceFields<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub purpose: SpacePurpose,
    pub visibility: Visibility,
    pub noise: NoiseLevel,
}

fn vocabulary<T>(parsed: Result<T, longhand_domain::workspace::UnknownWord>) -> StoreResult<T> {
    parsed.map_err(|err| StoreError::Other(err.into()))
}

fn from_row(row: &AnyRow) -> StoreResult<SpaceRecord> {
    let viewer_role: Option<String> = row.try_get("viewer_role")?;
    Ok(SpaceRecord {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        purpose: vocabulary(SpacePurpose::parse(row.try_get("purpose")?))?,
        visibility: vocabulary(Visibility::parse(row.try_get("visibility")?))?,
        noise: vocabulary(NoiseLevel::parse(row.try_get("noise")?))?,
        created_at: from_micros(row.try_get("created_at")?)?,
        member_count: row.try_get("member_count")?,
        viewer_role: viewer_role
            .map(|role| vocabulary(SpaceRole::parse(&role)))
            .transpose()?,
    })
}

macro_rules! select_spaces {
    ($rest:literal) => {
        concat!(
            "SELECT s.id, s.slug, s.name, s.description, s.purpose, s.visibility, s.noise, s.created_by, s.created_at,
                    (SELECT COUNT(*) FROM space_members c WHERE c.space_id = s.id) AS member_count,
                    sm.role AS viewer_role
             FROM spaces s LEFT JOIN space_members sm ON sm.space_id = s.id AND sm.member_id = $1 ",
            $rest
        )
    };
}

/// Spaces the viewer may see: their own, and (unless a guest) every workspace-visible one.
pub(crate) async fn visible_to(
    conn: &mut AnyConnection,
    viewer_id: i64,
    include_open: bool,
) -> StoreResult<Vec<SpaceRecord>> {
    let rows = sqlx::query(select_spaces!(
        "WHERE sm.member_id IS NOT NULL OR ($2 = 1 AND s.visibility = 'workspace') ORDER BY s.name, s.id"
    ))
    .bind(viewer_id)
    .bind(i64::from(include_open))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// One space by slug, with the viewer's membership. Access is decided by the caller.
pub(crate) async fn by_slug(
    conn: &mut AnyConnection,
    viewer_id: i64,
    slug: &str,
) -> StoreResult<SpaceRecord> {
    let row = sqlx::query(select_spaces!("WHERE s.slug = $2"))
        .bind(viewer_id)
        .bind(slug)
        .fetch_one(&mut *conn)
        .await?;
    from_row(&row)
}

/// Whether any space, private ones included, holds this slug.
pub(crate) async fn slug_taken(conn: &mut AnyConnection, slug: &str) -> StoreResult<bool> {
    let row = sqlx::query("SELECT id FROM spaces WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.is_some())
}

/// One space by id, with the viewer's membership. Access is decided by the caller.
pub(crate) async fn by_id(
    conn: &mut AnyConnection,
    viewer_id: i64,
    id: i64,
) -> StoreResult<SpaceRecord> {
    let row = sqlx::query(select_spaces!("WHERE s.id = $2"))
        .bind(viewer_id)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    from_row(&row)
}

/// Creates a space and returns its id.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    now: Timestamp,
    fields: &SpaceFields<'_>,
    created_by: i64,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO spaces (slug, name, description, purpose, visibility, noise, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(fields.slug)
    .bind(fields.name)
    .bind(fields.description)
    .bind(fields.purpose.as_str())
    .bind(fields.visibility.as_str())
    .bind(fields.noise.as_str())
    .bind(created_by)
    .bind(micros(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// Saves a space's settings (the slug stays).
pub(crate) async fn update(
    conn: &mut AnyConnection,
    id: i64,
    fields: &SpaceFields<'_>,
) -> StoreResult<()> {
    let done = sqlx::query("UPDATE spaces SET name = $1, description = $2, purpose = $3, visibility = $4, noise = $5 WHERE id = $6")
        .bind(fields.name)
        .bind(fields.description)
        .bind(fields.purpose.as_str())
        .bind(fields.visibility.as_str())
        .bind(fields.noise.as_str())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    expect_one(done.rows_affected())
}

/// The members of a space, admins first.
pub(crate) async fn members(
    conn: &mut AnyConnection,
    space_id: i64,
) -> StoreResult<Vec<SpaceMemberRecord>> {
    let rows = sqlx::query(
        "SELECT m.id, m.handle, m.name, sm.role FROM space_members sm JOIN members m ON m.id = sm.member_id
         WHERE sm.space_id = $1 ORDER BY sm.role, m.name, m.id",
    )
    .bind(space_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(SpaceMemberRecord {
                member_id: row.try_get(0)?,
                handle: row.try_get(1)?,
                name: row.try_get(2)?,
                role: vocabulary(SpaceRole::parse(row.try_get(3)?))?,
            })
        })
        .collect()
}

/// Adds a member with a role; an existing member is a conflict.
pub(crate) async fn add_member(
    conn: &mut AnyConnection,
    now: Timestamp,
    space_id: i64,
    member_id: i64,
    role: SpaceRole,
) -> StoreResult<()> {
    let result = sqlx::query(
        "INSERT INTO space_members (space_id, member_id, role, joined_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(space_id)
    .bind(member_id)
    .bind(role.as_str())
    .bind(micros(now))
    .execute(&mut *conn)
    .await;
    match result.map_err(StoreError::from) {
        Err(StoreError::Conflict(_)) => Err(StoreError::Conflict(
            "that person is already in the space".to_owned(),
        )),
        other => other.map(drop),
    }
}

/// Removes a member from a space.
pub(crate) async fn remove_member(
    conn: &mut AnyConnection,
    space_id: i64,
    member_id: i64,
) -> StoreResult<()> {
    let done = sqlx::query("DELETE FROM space_members WHERE space_id = $1 AND member_id = $2")
        .bind(space_id)
        .bind(member_id)
        .execute(&mut *conn)
        .await?;
    expect_one(done.rows_affected())
}

/// How many admins a space has; its last admin may not leave while others remain.
pub(crate) async fn admin_count(conn: &mut AnyConnection, space_id: i64) -> StoreResult<i64> {
    let row =
        sqlx::query("SELECT COUNT(*) FROM space_members WHERE space_id = $1 AND role = 'admin'")
            .bind(space_id)
            .fetch_one(&mut *conn)
            .await?;
    Ok(row.try_get(0)?)
}
