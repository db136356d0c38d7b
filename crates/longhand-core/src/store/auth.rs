//! Sign-in state: sessions, API tokens and sign-in attempt counts.
//!
//! Only hashes of secrets are stored. A stolen database copy cannot be replayed as a session
//! or a token.

use super::members::expect_one;
use super::{Dialect, StoreResult, from_micros, micros};
use crate::views::auth::TokenRecord;
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;

/// A live session, found by the hash of its cookie value.
#[derive(Debug, Clone)]
pub(crate) struct SessionRecord {
    pub member_id: i64,
    pub csrf_token: String,
}

/// Stores a new session.
pub(crate) async fn insert_session(
    conn: &mut AnyConnection,
    token_hash: &str,
    member_id: i64,
    csrf_token: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO sessions (token_hash, member_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_hash)
        .bind(member_id)
        .bind(csrf_token)
        .bind(micros(now))
        .bind(micros(expires_at))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The session with this hash if it has not expired.
pub(crate) async fn session(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: Timestamp,
) -> StoreResult<Option<SessionRecord>> {
    let row = sqlx::query(
        "SELECT member_id, csrf_token FROM sessions WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(micros(now))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        Ok(SessionRecord {
            member_id: row.try_get(0)?,
            csrf_token: row.try_get(1)?,
        })
    })
    .transpose()
}

/// Ends one session.
pub(crate) async fn delete_session(conn: &mut AnyConnection, token_hash: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Ends every session of a member (deactivation, password change).
pub(crate) async fn delete_sessions_of(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE member_id = $1")
        .bind(member_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn token_from_row(row: &sqlx::any::AnyRow) -> StoreResult<TokenRecord> {
    let optional_time = |value: Option<i64>| value.map(from_micros).transpose();
    Ok(TokenRecord {
        id: row.try_get("id")?,
        member_id: row.try_get("member_id")?,
        name: row.try_get("name")?,
        prefix: row.try_get("prefix")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        last_used_at: optional_time(row.try_get("last_used_at")?)?,
        revoked_at: optional_time(row.try_get("revoked_at")?)?,
    })
}

/// Stores a token's hash and returns its id.
pub(crate) async fn insert_token(
    conn: &mut AnyConnection,
    member_id: i64,
    name: &str,
    token_hash: &str,
    prefix: &str,
    now: Timestamp,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO api_tokens (member_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(member_id)
    .bind(name)
    .bind(token_hash)
    .bind(prefix)
    .bind(micros(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// The member id behind a live (unrevoked) token, and when the token was last used.
pub(crate) async fn token_owner(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> StoreResult<Option<(i64, Option<Timestamp>)>> {
    let row = sqlx::query("SELECT member_id, last_used_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL")
        .bind(token_hash)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| {
        Ok((
            row.try_get(0)?,
            row.try_get::<Option<i64>, _>(1)?
                .map(from_micros)
                .transpose()?,
        ))
    })
    .transpose()
}

/// Records that a token was used; a best-effort hint for the tokens page.
pub(crate) async fn touch_token(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: Timestamp,
) -> StoreResult<()> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2")
        .bind(micros(now))
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Tokens of one member, or of everyone when `member_id` is `None`, newest first.
pub(crate) async fn tokens(
    conn: &mut AnyConnection,
    member_id: Option<i64>,
) -> StoreResult<Vec<TokenRecord>> {
    let rows = sqlx::query(
        "SELECT id, member_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens
         WHERE $1 IS NULL OR member_id = $1 ORDER BY id DESC",
    )
    .bind(member_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(token_from_row).collect()
}

/// One token by id.
pub(crate) async fn token(conn: &mut AnyConnection, id: i64) -> StoreResult<TokenRecord> {
    let row = sqlx::query("SELECT id, member_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    token_from_row(&row)
}

/// Revokes a token; revoking twice is harmless.
pub(crate) async fn revoke_token(
    conn: &mut AnyConnection,
    id: i64,
    now: Timestamp,
) -> StoreResult<()> {
    let done =
        sqlx::query("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2")
            .bind(micros(now))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    expect_one(done.rows_affected())
}

/// Counts one more sign-in attempt for a bucket (an email, an address) and returns the count
/// in the bucket's current window, this attempt included. A window that began before
/// `window_open_since` is over: the count starts again at 1 with a window opening `now`.
///
/// One statement both counts and records, so parallel attempts cannot all read the same low
/// count: PostgreSQL makes a second upsert of the same row wait for the first and then apply
/// to its result, and SQLite has one writer.
pub(crate) async fn count_signin_attempt(
    conn: &mut AnyConnection,
    bucket: &str,
    now: Timestamp,
    window_open_since: Timestamp,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO signin_attempts (bucket, window_start, attempts) VALUES ($1, $2, 1)
         ON CONFLICT (bucket) DO UPDATE SET
           attempts = CASE WHEN signin_attempts.window_start < $3 THEN 1
                           ELSE signin_attempts.attempts + 1 END,
           window_start = CASE WHEN signin_attempts.window_start < $3 THEN excluded.window_start
                               ELSE signin_attempts.window_start END
         RETURNING attempts",
    )
    .bind(bucket)
    .bind(micros(now))
    .bind(micros(window_open_since))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// Takes back one attempt of a bucket (it turned out not to be a failure).
pub(crate) async fn uncount_signin_attempt(
    conn: &mut AnyConnection,
    bucket: &str,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE signin_attempts SET attempts = attempts - 1 WHERE bucket = $1 AND attempts > 0",
    )
    .bind(bucket)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Forgets a bucket's attempts (after a successful sign-in).
pub(crate) async fn clear_signin_attempts(
    conn: &mut AnyConnection,
    bucket: &str,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM signin_attempts WHERE bucket = $1")
        .bind(bucket)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Deletes up to 500 buckets whose window began before `older_than`, so guessed emails and
/// passing addresses do not pile up.
///
/// On PostgreSQL it skips rows another transaction holds: a bucket being counted right now is
/// not stale, and waiting for it while holding other rows could deadlock with a sign-in that
/// counts two old buckets in the opposite order.
pub(crate) async fn prune_signin_attempts(
    conn: &mut AnyConnection,
    dialect: Dialect,
    older_than: Timestamp,
) -> StoreResult<()> {
    let sql = match dialect {
        Dialect::Sqlite => {
            "DELETE FROM signin_attempts WHERE bucket IN
               (SELECT bucket FROM signin_attempts WHERE window_start < $1 LIMIT 500)"
        }
        Dialect::Postgres => {
            "DELETE FROM signin_attempts WHERE bucket IN
               (SELECT bucket FROM signin_attempts WHERE window_start < $1 LIMIT 500
                FOR UPDATE SKIP LOCKED)"
        }
    };
    sqlx::query(sql)
        .bind(micros(older_than))
        .execute(&mut *conn)
        .await?;
    Ok(())
}
