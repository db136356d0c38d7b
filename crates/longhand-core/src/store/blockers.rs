//! Blockers reported in check-ins: opened, listed, resolved once, escalated step by step.

use super::{StoreResult, from_micros, micros};
use crate::views::checkins::BlockerRecord;
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

/// The selected columns with the team's and both people's names, as a literal so queries stay
/// `&'static str`.
macro_rules! select_blockers {
    ($rest:literal) => {
        concat!(
            "SELECT b.id, b.team_id, t.slug AS team_slug, t.name AS team_name, b.checkin_id,
                    b.reporter_id, r.handle AS reporter_handle, r.name AS reporter_name,
                    b.owner_id, o.handle AS owner_handle, o.name AS owner_name,
                    b.body, b.state, b.opened_at, b.resolved_at, b.resolved_by, b.resolution,
                    b.business_seconds, b.escalated
             FROM blockers b JOIN teams t ON t.id = b.team_id
             JOIN members r ON r.id = b.reporter_id JOIN members o ON o.id = b.owner_id ",
            $rest
        )
    };
}

fn from_row(row: &AnyRow) -> StoreResult<BlockerRecord> {
    Ok(BlockerRecord {
        id: row.try_get("id")?,
        team_id: row.try_get("team_id")?,
        team_slug: row.try_get("team_slug")?,
        team_name: row.try_get("team_name")?,
        checkin_id: row.try_get("checkin_id")?,
        reporter_id: row.try_get("reporter_id")?,
        reporter_handle: row.try_get("reporter_handle")?,
        reporter_name: row.try_get("reporter_name")?,
        owner_id: row.try_get("owner_id")?,
        owner_handle: row.try_get("owner_handle")?,
        owner_name: row.try_get("owner_name")?,
        body: row.try_get("body")?,
        state: row.try_get("state")?,
        opened_at: from_micros(row.try_get("opened_at")?)?,
        resolved_at: row
            .try_get::<Option<i64>, _>("resolved_at")?
            .map(from_micros)
            .transpose()?,
        resolved_by: row.try_get("resolved_by")?,
        resolution: row.try_get("resolution")?,
        business_seconds: row.try_get("business_seconds")?,
        escalated: row.try_get("escalated")?,
    })
}

/// A blocker as reported.
#[derive(Debug, Clone)]
pub(crate) struct NewBlocker<'a> {
    pub team_id: i64,
    pub checkin_id: i64,
    pub reporter_id: i64,
    pub owner_id: i64,
    pub body: &'a str,
}

/// Opens a blocker unless its check-in already reports it (same owner, same text); returns
/// the new id, `None` for a repeat.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    new: &NewBlocker<'_>,
    now: Timestamp,
) -> StoreResult<Option<i64>> {
    let row = sqlx::query(
        "INSERT INTO blockers (team_id, checkin_id, reporter_id, owner_id, body, state, opened_at)
         VALUES ($1, $2, $3, $4, $5, 'open', $6)
         ON CONFLICT (checkin_id, owner_id, body) DO NOTHING RETURNING id",
    )
    .bind(new.team_id)
    .bind(new.checkin_id)
    .bind(new.reporter_id)
    .bind(new.owner_id)
    .bind(new.body)
    .bind(micros(now))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| Ok(r.try_get(0)?)).transpose()
}

/// The blocker with this id.
pub(crate) async fn by_id(conn: &mut AnyConnection, id: i64) -> StoreResult<BlockerRecord> {
    let row = sqlx::query(select_blockers!("WHERE b.id = $1"))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    from_row(&row)
}

/// The blockers a check-in reported, oldest first.
pub(crate) async fn of_checkin(
    conn: &mut AnyConnection,
    checkin_id: i64,
) -> StoreResult<Vec<BlockerRecord>> {
    let rows = sqlx::query(select_blockers!("WHERE b.checkin_id = $1 ORDER BY b.id"))
        .bind(checkin_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The blockers in a state (every state when `None`), oldest first; the caller filters by
/// what the reader may see.
pub(crate) async fn in_state(
    conn: &mut AnyConnection,
    state: Option<&str>,
) -> StoreResult<Vec<BlockerRecord>> {
    let rows = sqlx::query(select_blockers!(
        "WHERE ($1 IS NULL OR b.state = $1) ORDER BY b.opened_at, b.id LIMIT 1000"
    ))
    .bind(state)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// A team's blockers in a state, oldest first.
pub(crate) async fn of_team(
    conn: &mut AnyConnection,
    team_id: i64,
    state: &str,
) -> StoreResult<Vec<BlockerRecord>> {
    let rows = sqlx::query(select_blockers!(
        "WHERE b.team_id = $1 AND b.state = $2 ORDER BY b.opened_at, b.id"
    ))
    .bind(team_id)
    .bind(state)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// How a blocker was resolved.
#[derive(Debug, Clone)]
pub(crate) struct Resolution<'a> {
    pub state: &'a str,
    pub by: i64,
    pub note: &'a str,
    pub business_seconds: i64,
}

/// Resolves an open blocker; `false` when it was no longer open (someone else was quicker).
pub(crate) async fn resolve(
    conn: &mut AnyConnection,
    id: i64,
    resolution: &Resolution<'_>,
    now: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE blockers SET state = $1, resolved_at = $2, resolved_by = $3, resolution = $4, business_seconds = $5
         WHERE id = $6 AND state = 'open'",
    )
    .bind(resolution.state)
    .bind(micros(now))
    .bind(resolution.by)
    .bind(resolution.note)
    .bind(resolution.business_seconds)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts an escalation step as fired.
pub(crate) async fn mark_escalated(
    conn: &mut AnyConnection,
    id: i64,
    steps: i64,
) -> StoreResult<()> {
    sqlx::query("UPDATE blockers SET escalated = $1 WHERE id = $2 AND escalated < $1")
        .bind(steps)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
