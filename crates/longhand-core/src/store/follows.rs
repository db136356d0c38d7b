//! Who follows which spaces and documents. Following is idempotent: following twice is one
//! row, unfollowing what one does not follow changes nothing.

use super::{StoreResult, micros};
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;

/// What can be followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Followed {
    Space(i64),
    Document(i64),
}

/// Starts following; returns whether the member did not follow it yet.
pub(crate) async fn follow(
    conn: &mut AnyConnection,
    member_id: i64,
    what: Followed,
    now: Timestamp,
) -> StoreResult<bool> {
    let query = match what {
        Followed::Space(id) => sqlx::query(
            "INSERT INTO space_follows (space_id, member_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(id),
        Followed::Document(id) => sqlx::query(
            "INSERT INTO document_follows (document_id, member_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(id),
    };
    let done = query
        .bind(member_id)
        .bind(micros(now))
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Stops following; returns whether the member followed it.
pub(crate) async fn unfollow(
    conn: &mut AnyConnection,
    member_id: i64,
    what: Followed,
) -> StoreResult<bool> {
    let query = match what {
        Followed::Space(id) => {
            sqlx::query("DELETE FROM space_follows WHERE space_id = $1 AND member_id = $2").bind(id)
        }
        Followed::Document(id) => {
            sqlx::query("DELETE FROM document_follows WHERE document_id = $1 AND member_id = $2")
                .bind(id)
        }
    };
    let done = query.bind(member_id).execute(&mut *conn).await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the member follows it.
pub(crate) async fn follows(
    conn: &mut AnyConnection,
    member_id: i64,
    what: Followed,
) -> StoreResult<bool> {
    let query = match what {
        Followed::Space(id) => {
            sqlx::query("SELECT 1 FROM space_follows WHERE space_id = $1 AND member_id = $2")
                .bind(id)
        }
        Followed::Document(id) => {
            sqlx::query("SELECT 1 FROM document_follows WHERE document_id = $1 AND member_id = $2")
                .bind(id)
        }
    };
    Ok(query
        .bind(member_id)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// The active members who follow it, by id.
pub(crate) async fn followers(conn: &mut AnyConnection, what: Followed) -> StoreResult<Vec<i64>> {
    let query = match what {
        Followed::Space(id) => sqlx::query(
            "SELECT f.member_id FROM space_follows f JOIN members m ON m.id = f.member_id WHERE f.space_id = $1 AND m.active = 1 ORDER BY f.member_id",
        )
        .bind(id),
        Followed::Document(id) => sqlx::query(
            "SELECT f.member_id FROM document_follows f JOIN members m ON m.id = f.member_id WHERE f.document_id = $1 AND m.active = 1 ORDER BY f.member_id",
        )
        .bind(id),
    };
    let rows = query.fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|row| row.try_get(0).map_err(Into::into))
        .collect()
}
