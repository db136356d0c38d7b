//! Sync escalation: call suggestions and the people they name, recorded calls with their
//! people and written outcome, and the turns of a thread the circle detection reads.
//!
//! A suggestion's subject is addressed by its `subject_key` ("thread:12", "round:7:3"); a
//! partial unique index keeps one open suggestion per subject, so inserting a second is a
//! no-op rather than an error.

use super::{StoreResult, from_micros, micros};
use crate::views::sync::{CallRecord, SuggestionRecord, SyncPerson};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// What opening a suggestion writes.
#[derive(Debug, Clone)]
pub(crate) struct NewSuggestion<'a> {
    pub subject_key: &'a str,
    pub thread_id: Option<i64>,
    pub document_id: Option<i64>,
    pub round_id: Option<i64>,
    pub reason: &'a str,
    pub at: Timestamp,
}

/// What recording a call writes.
#[derive(Debug, Clone)]
pub(crate) struct NewCall<'a> {
    pub suggestion_id: i64,
    pub recorded_by: i64,
    pub held_at: Timestamp,
    pub note: &'a str,
    pub owner_id: i64,
    pub ask_id: i64,
    pub at: Timestamp,
}

/// How a suggestion was closed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Closing<'a> {
    pub state: &'a str,
    /// Who closed it; `None` when the product retired it (a round closed again on other
    /// objections, or on none).
    pub by: Option<i64>,
    pub at: Timestamp,
    /// The thread's last comment at that moment.
    pub settled_after: Option<i64>,
}

fn time(row: &AnyRow, column: &str) -> StoreResult<Option<Timestamp>> {
    row.try_get::<Option<i64>, _>(column)?
        .map(from_micros)
        .transpose()
}

/// The person whose columns are `{prefix}_id`, `{prefix}_handle` and `{prefix}_name`, if any.
fn person(row: &AnyRow, prefix: &str) -> StoreResult<Option<SyncPerson>> {
    let Some(member_id) = row.try_get::<Option<i64>, _>(format!("{prefix}_id").as_str())? else {
        return Ok(None);
    };
    Ok(Some(SyncPerson {
        member_id,
        handle: row.try_get(format!("{prefix}_handle").as_str())?,
        name: row.try_get(format!("{prefix}_name").as_str())?,
    }))
}

fn required(row: &AnyRow, prefix: &str) -> StoreResult<SyncPerson> {
    person(row, prefix)?
        .ok_or_else(|| super::StoreError::Other(anyhow::anyhow!("a call names no {prefix}")))
}

/// Opens a suggestion; `None` when the subject already has an open one.
pub(crate) async fn insert_suggestion(
    conn: &mut AnyConnection,
    new: &NewSuggestion<'_>,
) -> StoreResult<Option<i64>> {
    let row = sqlx::query(
        "INSERT INTO sync_suggestions (subject_key, thread_id, document_id, round_id, reason, state, created_at)
         VALUES ($1, $2, $3, $4, $5, 'open', $6) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(new.subject_key)
    .bind(new.thread_id)
    .bind(new.document_id)
    .bind(new.round_id)
    .bind(new.reason)
    .bind(micros(new.at))
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| row.try_get("id")).transpose()?)
}

/// Names a person on a suggestion, in `position` order.
pub(crate) async fn add_person(
    conn: &mut AnyConnection,
    suggestion_id: i64,
    member_id: i64,
    position: i64,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO sync_people (suggestion_id, member_id, position) VALUES ($1, $2, $3)")
        .bind(suggestion_id)
        .bind(member_id)
        .bind(position)
        .execute(conn)
        .await?;
    Ok(())
}

/// The newest suggestion on a subject, whatever its state.
pub(crate) async fn latest(
    conn: &mut AnyConnection,
    subject_key: &str,
) -> StoreResult<Option<(SuggestionRecord, Option<i64>)>> {
    let row = sqlx::query(
        "SELECT g.id, g.thread_id, g.document_id, g.round_id, g.reason, g.state, g.created_at, g.closed_at,
                g.settled_after, c.id AS closer_id, c.handle AS closer_handle, c.name AS closer_name
         FROM sync_suggestions g LEFT JOIN members c ON c.id = g.closed_by
         WHERE g.subject_key = $1 ORDER BY g.id DESC LIMIT 1",
    )
    .bind(subject_key)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let id: i64 = row.try_get("id")?;
    let record = SuggestionRecord {
        id,
        thread_id: row.try_get("thread_id")?,
        document_id: row.try_get("document_id")?,
        round_id: row.try_get("round_id")?,
        reason: row.try_get("reason")?,
        state: row.try_get("state")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        closed_by: person(&row, "closer")?,
        closed_at: time(&row, "closed_at")?,
        people: people_of(conn, id).await?,
    };
    Ok(Some((record, row.try_get("settled_after")?)))
}

async fn people_of(conn: &mut AnyConnection, suggestion_id: i64) -> StoreResult<Vec<SyncPerson>> {
    let rows = sqlx::query(
        "SELECT m.id AS p_id, m.handle AS p_handle, m.name AS p_name FROM sync_people p
         JOIN members m ON m.id = p.member_id WHERE p.suggestion_id = $1 ORDER BY p.position",
    )
    .bind(suggestion_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|row| required(row, "p")).collect()
}

/// Closes an open suggestion; `false` when it was no longer open.
pub(crate) async fn close(
    conn: &mut AnyConnection,
    suggestion_id: i64,
    closing: Closing<'_>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE sync_suggestions SET state = $2, closed_by = $3, closed_at = $4, settled_after = $5
         WHERE id = $1 AND state = 'open'",
    )
    .bind(suggestion_id)
    .bind(closing.state)
    .bind(closing.by)
    .bind(micros(closing.at))
    .bind(closing.settled_after)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The id of a thread's last comment.
pub(crate) async fn last_comment(
    conn: &mut AnyConnection,
    thread_id: i64,
) -> StoreResult<Option<i64>> {
    let row = sqlx::query("SELECT MAX(id) AS last FROM comments WHERE thread_id = $1")
        .bind(thread_id)
        .fetch_one(conn)
        .await?;
    Ok(row.try_get("last")?)
}

/// The authors of a thread's last `limit` comments after the comment `after` (all of them
/// when `None`), oldest first.
pub(crate) async fn turns(
    conn: &mut AnyConnection,
    thread_id: i64,
    after: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT author_id FROM comments WHERE thread_id = $1 AND id > $2 ORDER BY id DESC LIMIT $3",
    )
    .bind(thread_id)
    .bind(after.unwrap_or(0))
    .bind(limit)
    .fetch_all(conn)
    .await?;
    let mut authors = rows
        .iter()
        .map(|row| row.try_get("author_id"))
        .collect::<Result<Vec<i64>, _>>()?;
    authors.reverse();
    Ok(authors)
}

/// Records a call; returns its id.
pub(crate) async fn insert_call(conn: &mut AnyConnection, call: &NewCall<'_>) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO sync_calls (suggestion_id, recorded_by, held_at, note, owner_id, ask_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(call.suggestion_id)
    .bind(call.recorded_by)
    .bind(micros(call.held_at))
    .bind(call.note)
    .bind(call.owner_id)
    .bind(call.ask_id)
    .bind(micros(call.at))
    .fetch_one(conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// Names a person who was on a call, in `position` order.
pub(crate) async fn add_call_person(
    conn: &mut AnyConnection,
    call_id: i64,
    member_id: i64,
    position: i64,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO sync_call_people (call_id, member_id, position) VALUES ($1, $2, $3)")
        .bind(call_id)
        .bind(member_id)
        .bind(position)
        .execute(conn)
        .await?;
    Ok(())
}

macro_rules! select_calls {
    ($rest:literal) => {
        concat!(
            "SELECT k.id, k.suggestion_id, k.held_at, k.note, k.ask_id, k.outcome, k.outcome_at,
                    k.outcome_comment_id, k.created_at,
                    r.id AS recorder_id, r.handle AS recorder_handle, r.name AS recorder_name,
                    o.id AS owner_id, o.handle AS owner_handle, o.name AS owner_name,
                    w.id AS writer_id, w.handle AS writer_handle, w.name AS writer_name
             FROM sync_calls k JOIN sync_suggestions g ON g.id = k.suggestion_id
             JOIN members r ON r.id = k.recorded_by JOIN members o ON o.id = k.owner_id
             LEFT JOIN members w ON w.id = k.outcome_by ",
            $rest
        )
    };
}

async fn call_from_row(conn: &mut AnyConnection, row: &AnyRow) -> StoreResult<CallRecord> {
    let id: i64 = row.try_get("id")?;
    Ok(CallRecord {
        id,
        suggestion_id: row.try_get("suggestion_id")?,
        recorded_by: required(row, "recorder")?,
        held_at: from_micros(row.try_get("held_at")?)?,
        note: row.try_get("note")?,
        owner: required(row, "owner")?,
        ask_id: row.try_get("ask_id")?,
        outcome: row.try_get("outcome")?,
        outcome_by: person(row, "writer")?,
        outcome_at: time(row, "outcome_at")?,
        outcome_comment_id: row.try_get("outcome_comment_id")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        people: call_people(conn, id).await?,
    })
}

async fn call_people(conn: &mut AnyConnection, call_id: i64) -> StoreResult<Vec<SyncPerson>> {
    let rows = sqlx::query(
        "SELECT m.id AS p_id, m.handle AS p_handle, m.name AS p_name FROM sync_call_people p
         JOIN members m ON m.id = p.member_id WHERE p.call_id = $1 ORDER BY p.position",
    )
    .bind(call_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|row| required(row, "p")).collect()
}

/// The calls recorded on a subject, oldest first.
pub(crate) async fn calls(
    conn: &mut AnyConnection,
    subject_key: &str,
) -> StoreResult<Vec<CallRecord>> {
    let rows = sqlx::query(select_calls!("WHERE g.subject_key = $1 ORDER BY k.id"))
        .bind(subject_key)
        .fetch_all(&mut *conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(call_from_row(conn, row).await?);
    }
    Ok(out)
}

/// One call recorded on a subject.
pub(crate) async fn call(
    conn: &mut AnyConnection,
    subject_key: &str,
    call_id: i64,
) -> StoreResult<CallRecord> {
    let row = sqlx::query(select_calls!("WHERE g.subject_key = $1 AND k.id = $2"))
        .bind(subject_key)
        .bind(call_id)
        .fetch_one(&mut *conn)
        .await?;
    call_from_row(conn, &row).await
}

/// Stores a call's written outcome; `false` when it already had one.
pub(crate) async fn set_outcome(
    conn: &mut AnyConnection,
    call_id: i64,
    outcome: &str,
    by: i64,
    at: Timestamp,
    comment_id: Option<i64>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE sync_calls SET outcome = $2, outcome_by = $3, outcome_at = $4, outcome_comment_id = $5
         WHERE id = $1 AND outcome IS NULL",
    )
    .bind(call_id)
    .bind(outcome)
    .bind(by)
    .bind(micros(at))
    .bind(comment_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
