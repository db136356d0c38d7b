//! Members: who is in the workspace, their role, password hash and calendar.

use super::{StoreError, StoreResult, from_micros, micros};
use crate::views::members::MemberRecord;
use jiff::Timestamp;
use longhand_domain::workspace::Role;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

/// What creating a member needs.
#[derive(Debug, Clone)]
pub(crate) struct NewMember<'a> {
    pub handle: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: Option<&'a str>,
    pub calendar: &'a str,
}

/// The selected columns, as a literal so queries stay `&'static str` (sqlx's SQL-safety rule).
macro_rules! select_members {
    ($rest:literal) => {
        concat!("SELECT id, handle, email, name, role, password_hash, calendar, digest_time, active, created_at FROM members ", $rest)
    };
}

fn from_row(row: &AnyRow) -> StoreResult<MemberRecord> {
    let role: String = row.try_get("role")?;
    Ok(MemberRecord {
        id: row.try_get("id")?,
        handle: row.try_get("handle")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: Role::parse(&role).map_err(|err| StoreError::Other(err.into()))?,
        password_hash: row.try_get("password_hash")?,
        calendar: row.try_get("calendar")?,
        digest_time: row.try_get("digest_time")?,
        active: row.try_get::<i64, _>("active")? != 0,
        created_at: from_micros(row.try_get("created_at")?)?,
    })
}

/// Inserts a member and returns their id.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    now: Timestamp,
    member: &NewMember<'_>,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO members (handle, email, name, role, password_hash, calendar, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(member.handle)
    .bind(member.email)
    .bind(member.name)
    .bind(member.role.as_str())
    .bind(member.password_hash)
    .bind(member.calendar)
    .bind(micros(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// The member with this handle.
pub(crate) async fn by_handle(conn: &mut AnyConnection, handle: &str) -> StoreResult<MemberRecord> {
    let row = sqlx::query(select_members!("WHERE handle = $1"))
        .bind(handle)
        .fetch_one(&mut *conn)
        .await?;
    from_row(&row)
}

/// The member with this (lowercased) email.
pub(crate) async fn by_email(conn: &mut AnyConnection, email: &str) -> StoreResult<MemberRecord> {
    let row = sqlx::query(select_members!("WHERE email = $1"))
        .bind(email)
        .fetch_one(&mut *conn)
        .await?;
    from_row(&row)
}

/// The member with this id.
pub(crate) async fn by_id(conn: &mut AnyConnection, id: i64) -> StoreResult<MemberRecord> {
    let row = sqlx::query(select_members!("WHERE id = $1"))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    from_row(&row)
}

/// The members with these ids, in no particular order; an id naming nobody is left out.
/// One statement per 500 ids, so a page of asks reads its people at once.
pub(crate) async fn by_ids(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> StoreResult<Vec<MemberRecord>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        // Only numbered placeholders are added to the statement; the ids are bound.
        let sql = format!("{} WHERE id IN ({})", select_members!(""), marks.join(", "));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&mut *conn).await? {
            out.push(from_row(&row)?);
        }
    }
    Ok(out)
}

/// Every member, active first, then by name.
pub(crate) async fn list(conn: &mut AnyConnection) -> StoreResult<Vec<MemberRecord>> {
    let rows = sqlx::query(select_members!("ORDER BY active DESC, name, id"))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The active members of a team (its DRI included when they are a member), by name.
pub(crate) async fn active_in_team(
    conn: &mut AnyConnection,
    team_id: i64,
) -> StoreResult<Vec<MemberRecord>> {
    let rows = sqlx::query(select_members!(
        "WHERE active = 1 AND id IN (SELECT member_id FROM team_members WHERE team_id = $1) ORDER BY name, id"
    ))
    .bind(team_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The active members who share a team with a member (as members or DRIs), by name.
pub(crate) async fn active_teammates(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<Vec<MemberRecord>> {
    let rows = sqlx::query(select_members!(
        "WHERE active = 1 AND id <> $1 AND (
             id IN (SELECT tm.member_id FROM team_members tm WHERE tm.team_id IN
                    (SELECT team_id FROM team_members WHERE member_id = $1 UNION SELECT id FROM teams WHERE dri_id = $1))
             OR id IN (SELECT t.dri_id FROM teams t WHERE t.id IN
                    (SELECT team_id FROM team_members WHERE member_id = $1 UNION SELECT id FROM teams WHERE dri_id = $1)))
         ORDER BY name, id"
    ))
    .bind(member_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// How many admins can still sign in; the last one may not be demoted or deactivated.
pub(crate) async fn count_active_admins(conn: &mut AnyConnection) -> StoreResult<i64> {
    let row = sqlx::query("SELECT COUNT(*) FROM members WHERE role = 'admin' AND active = 1")
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get(0)?)
}

/// How many members exist at all (zero means the setup page is open).
pub(crate) async fn count(conn: &mut AnyConnection) -> StoreResult<i64> {
    let row = sqlx::query("SELECT COUNT(*) FROM members")
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get(0)?)
}

/// The editable profile fields.
#[derive(Debug, Clone)]
pub(crate) struct ProfileUpdate<'a> {
    pub name: &'a str,
    pub calendar: &'a str,
    pub digest_time: &'a str,
}

/// Saves a member's profile.
pub(crate) async fn update_profile(
    conn: &mut AnyConnection,
    now: Timestamp,
    id: i64,
    update: &ProfileUpdate<'_>,
) -> StoreResult<()> {
    let done = sqlx::query("UPDATE members SET name = $1, calendar = $2, digest_time = $3, updated_at = $4 WHERE id = $5")
        .bind(update.name)
        .bind(update.calendar)
        .bind(update.digest_time)
        .bind(micros(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    expect_one(done.rows_affected())
}

/// Changes a member's role and whether they can sign in.
pub(crate) async fn update_access(
    conn: &mut AnyConnection,
    now: Timestamp,
    id: i64,
    role: Role,
    active: bool,
) -> StoreResult<()> {
    let done =
        sqlx::query("UPDATE members SET role = $1, active = $2, updated_at = $3 WHERE id = $4")
            .bind(role.as_str())
            .bind(i64::from(active))
            .bind(micros(now))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    expect_one(done.rows_affected())
}

/// Replaces a member's password hash.
pub(crate) async fn set_password(
    conn: &mut AnyConnection,
    now: Timestamp,
    id: i64,
    hash: &str,
) -> StoreResult<()> {
    let done = sqlx::query("UPDATE members SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(micros(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    expect_one(done.rows_affected())
}

pub(crate) fn expect_one(rows: u64) -> StoreResult<()> {
    if rows == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}
