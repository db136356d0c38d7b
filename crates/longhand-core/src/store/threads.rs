//! Threads and their comments: comment threads on a document (optionally anchored to a
//! section heading) and topic threads in a space.

use super::members::expect_one;
use super::{StoreResult, from_micros, micros};
use crate::views::threads::{CommentRecord, ThreadRecord};
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

/// What starting a thread writes.
#[derive(Debug, Clone)]
pub(crate) struct NewThread<'a> {
    pub space_id: i64,
    pub document_id: Option<i64>,
    pub anchor: Option<&'a str>,
    pub anchor_text: Option<&'a str>,
    pub title: &'a str,
    pub created_by: i64,
    pub at: Timestamp,
}

macro_rules! select_threads {
    ($rest:literal) => {
        concat!(
            "SELECT t.id, t.space_id, t.document_id, t.anchor, t.anchor_text, t.title, t.created_by,
                    a.handle AS author_handle, a.name AS author_name, t.created_at, t.last_activity_at,
                    t.resolved_at, r.handle AS resolved_by_handle, t.elevated_to,
                    (SELECT COUNT(*) FROM comments c WHERE c.thread_id = t.id) AS comment_count
             FROM threads t JOIN members a ON a.id = t.created_by LEFT JOIN members r ON r.id = t.resolved_by ",
            $rest
        )
    };
}

fn from_row(row: &AnyRow) -> StoreResult<ThreadRecord> {
    Ok(ThreadRecord {
        id: row.try_get("id")?,
        space_id: row.try_get("space_id")?,
        document_id: row.try_get("document_id")?,
        anchor: row.try_get("anchor")?,
        anchor_text: row.try_get("anchor_text")?,
        title: row.try_get("title")?,
        created_by: row.try_get("created_by")?,
        author_handle: row.try_get("author_handle")?,
        author_name: row.try_get("author_name")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        last_activity_at: from_micros(row.try_get("last_activity_at")?)?,
        resolved_at: row
            .try_get::<Option<i64>, _>("resolved_at")?
            .map(from_micros)
            .transpose()?,
        resolved_by_handle: row.try_get("resolved_by_handle")?,
        elevated_to: row.try_get("elevated_to")?,
        comment_count: row.try_get("comment_count")?,
    })
}

/// Starts a thread; returns its id.
pub(crate) async fn insert(conn: &mut AnyConnection, thread: &NewThread<'_>) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO threads (space_id, document_id, anchor, anchor_text, title, created_by, created_at, last_activity_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(thread.space_id)
    .bind(thread.document_id)
    .bind(thread.anchor)
    .bind(thread.anchor_text)
    .bind(thread.title)
    .bind(thread.created_by)
    .bind(micros(thread.at))
    .fetch_one(conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// One thread.
pub(crate) async fn by_id(conn: &mut AnyConnection, id: i64) -> StoreResult<ThreadRecord> {
    let row = sqlx::query(select_threads!("WHERE t.id = $1"))
        .bind(id)
        .fetch_one(conn)
        .await?;
    from_row(&row)
}

/// The threads on a document, oldest first.
pub(crate) async fn on_document(
    conn: &mut AnyConnection,
    document_id: i64,
) -> StoreResult<Vec<ThreadRecord>> {
    let rows = sqlx::query(select_threads!(
        "WHERE t.document_id = $1 ORDER BY t.created_at, t.id"
    ))
    .bind(document_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The topic threads of a space (not attached to a document), latest activity first.
pub(crate) async fn topics(
    conn: &mut AnyConnection,
    space_id: i64,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<ThreadRecord>> {
    let rows = sqlx::query(select_threads!(
        "WHERE t.space_id = $1 AND t.document_id IS NULL ORDER BY t.last_activity_at DESC, t.id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(space_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Adds a comment and marks the thread active; returns the comment's id.
pub(crate) async fn add_comment(
    conn: &mut AnyConnection,
    thread_id: i64,
    author_id: i64,
    body: &str,
    at: Timestamp,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO comments (thread_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(thread_id)
    .bind(author_id)
    .bind(body)
    .bind(micros(at))
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("UPDATE threads SET last_activity_at = $2 WHERE id = $1")
        .bind(thread_id)
        .bind(micros(at))
        .execute(conn)
        .await?;
    Ok(row.try_get("id")?)
}

/// The comments of a thread, oldest first.
pub(crate) async fn comments(
    conn: &mut AnyConnection,
    thread_id: i64,
) -> StoreResult<Vec<CommentRecord>> {
    let rows = sqlx::query(
        "SELECT c.id, c.thread_id, c.author_id, m.handle AS author_handle, m.name AS author_name, c.body, c.created_at
         FROM comments c JOIN members m ON m.id = c.author_id WHERE c.thread_id = $1 ORDER BY c.id",
    )
    .bind(thread_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(CommentRecord {
                id: row.try_get("id")?,
                thread_id: row.try_get("thread_id")?,
                author_id: row.try_get("author_id")?,
                author_handle: row.try_get("author_handle")?,
                author_name: row.try_get("author_name")?,
                body: row.try_get("body")?,
                created_at: from_micros(row.try_get("created_at")?)?,
            })
        })
        .collect()
}

/// Resolves (with who and when) or reopens (both `None`) a thread.
pub(crate) async fn set_resolved(
    conn: &mut AnyConnection,
    thread_id: i64,
    resolved: Option<(i64, Timestamp)>,
) -> StoreResult<()> {
    let done = sqlx::query("UPDATE threads SET resolved_by = $2, resolved_at = $3 WHERE id = $1")
        .bind(thread_id)
        .bind(resolved.map(|(by, _)| by))
        .bind(resolved.map(|(_, at)| micros(at)))
        .execute(conn)
        .await?;
    expect_one(done.rows_affected())
}

/// Records the document a thread was elevated into.
pub(crate) async fn set_elevated(
    conn: &mut AnyConnection,
    thread_id: i64,
    document_id: i64,
) -> StoreResult<()> {
    let done = sqlx::query("UPDATE threads SET elevated_to = $2 WHERE id = $1")
        .bind(thread_id)
        .bind(document_id)
        .execute(conn)
        .await?;
    expect_one(done.rows_affected())
}

/// Who wrote in which thread: (thread id, the author's email), each pair once. Threads with
/// more than 50 authors are left out: an all-hands thread says little about who knows whom.
pub(crate) async fn participants(conn: &mut AnyConnection) -> StoreResult<Vec<(i64, String)>> {
    let rows = sqlx::query(
        "SELECT DISTINCT c.thread_id, m.email FROM comments c JOIN members m ON m.id = c.author_id
         WHERE c.thread_id IN (SELECT thread_id FROM comments GROUP BY thread_id HAVING COUNT(DISTINCT author_id) <= 50)",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("thread_id")?, row.try_get("email")?)))
        .collect()
}
