//! Workspace settings: a small key/value table (workspace name, whether the demo was seeded).

use super::StoreResult;
use sqlx::AnyConnection;
use sqlx::Row;

/// Reads a setting.
pub(crate) async fn get(conn: &mut AnyConnection, key: &str) -> StoreResult<Option<String>> {
    let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|row| row.try_get(0)).transpose()?)
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
