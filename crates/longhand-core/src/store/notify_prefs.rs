//! What the notification router reads about a person besides their calendar: "do not
//! disturb until", their noise level per space, and a space's default noise level.

use super::{StoreError, StoreResult, from_micros, micros};
use jiff::Timestamp;
use longhand_domain::workspace::NoiseLevel;
use sqlx::AnyConnection;
use sqlx::Row;

fn noise(raw: &str) -> StoreResult<NoiseLevel> {
    NoiseLevel::parse(raw).map_err(|err| StoreError::Other(err.into()))
}

/// The member's "do not disturb" instant, set or not (whether it has passed is the
/// caller's question).
pub(crate) async fn dnd_until(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<Option<Timestamp>> {
    let row = sqlx::query("SELECT dnd_until FROM members WHERE id = $1")
        .bind(member_id)
        .fetch_one(&mut *conn)
        .await?;
    row.try_get::<Option<i64>, _>(0)?
        .map(from_micros)
        .transpose()
}

/// Sets or clears "do not disturb".
pub(crate) async fn set_dnd(
    conn: &mut AnyConnection,
    member_id: i64,
    until: Option<Timestamp>,
) -> StoreResult<()> {
    sqlx::query("UPDATE members SET dnd_until = $1 WHERE id = $2")
        .bind(until.map(micros))
        .bind(member_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A space's default noise level.
pub(crate) async fn space_noise(
    conn: &mut AnyConnection,
    space_id: i64,
) -> StoreResult<NoiseLevel> {
    let row = sqlx::query("SELECT noise FROM spaces WHERE id = $1")
        .bind(space_id)
        .fetch_one(&mut *conn)
        .await?;
    noise(row.try_get(0)?)
}

/// The member's own noise level for a space, if they set one.
pub(crate) async fn override_for(
    conn: &mut AnyConnection,
    member_id: i64,
    space_id: i64,
) -> StoreResult<Option<NoiseLevel>> {
    let row = sqlx::query(
        "SELECT noise FROM space_noise_overrides WHERE member_id = $1 AND space_id = $2",
    )
    .bind(member_id)
    .bind(space_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| noise(row.try_get(0)?)).transpose()
}

/// Every override of the member, by space id.
pub(crate) async fn overrides(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<Vec<(i64, NoiseLevel)>> {
    let rows = sqlx::query(
        "SELECT space_id, noise FROM space_noise_overrides WHERE member_id = $1 ORDER BY space_id",
    )
    .bind(member_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get(0)?, noise(row.try_get(1)?)?)))
        .collect()
}

/// Sets the member's noise level for a space, or (`None`) goes back to its default.
pub(crate) async fn set_override(
    conn: &mut AnyConnection,
    member_id: i64,
    space_id: i64,
    level: Option<NoiseLevel>,
    now: Timestamp,
) -> StoreResult<()> {
    let query = match level {
        Some(level) => sqlx::query(
            "INSERT INTO space_noise_overrides (member_id, space_id, noise, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (member_id, space_id) DO UPDATE SET noise = excluded.noise, updated_at = excluded.updated_at",
        )
        .bind(member_id)
        .bind(space_id)
        .bind(level.as_str())
        .bind(micros(now)),
        None => sqlx::query(
            "DELETE FROM space_noise_overrides WHERE member_id = $1 AND space_id = $2",
        )
        .bind(member_id)
        .bind(space_id),
    };
    query.execute(&mut *conn).await?;
    Ok(())
}

/// Sets the member's digest time ("HH:MM", their zone).
pub(crate) async fn set_digest_time(
    conn: &mut AnyConnection,
    member_id: i64,
    digest_time: &str,
    now: Timestamp,
) -> StoreResult<()> {
    sqlx::query("UPDATE members SET digest_time = $1, updated_at = $2 WHERE id = $3")
        .bind(digest_time)
        .bind(micros(now))
        .bind(member_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
