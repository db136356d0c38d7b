//! Workspace settings: a small key/value table (workspace name, whether the demo was seeded).

use super::StoreResult;
use sqlx::AnyConnection;

/// Writes a setting only if it is not set yet; `false` when it already was.
///
/// The row count is the answer, not an earlier read: on PostgreSQL a second transaction that
/// reaches this insert waits for the first one and then inserts nothing, where a
/// read-then-write would have seen "absent" and gone ahead.
pub(crate) async fn insert_if_absent(
    conn: &mut AnyConnection,
    key: &str,
    value: &str,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(value)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Writes a setting, replacing an earlier value.
pub(crate) async fn set(conn: &mut AnyConnection, key: &str, value: &str) -> StoreResult<()> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Reads a setting.
pub(crate) async fn get(conn: &mut AnyConnection, key: &str) -> StoreResult<Option<String>> {
    let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|row| sqlx::Row::try_get(&row, 0)).transpose()?)
}
