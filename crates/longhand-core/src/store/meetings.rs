//! The meeting audit's inputs: uploaded calendars, each member's polled calendar feed, and
//! purposes set by hand for recurring series.
//!
//! Calendar text is stored as uploaded or fetched and parsed again for each report, so a
//! better parser improves old uploads too. Listing queries leave the text out.

use super::{StoreResult, from_micros, micros};
use crate::formats::calendar_problems::ProblemList;
use crate::views::meetings::{CalendarRecord, FeedRecord};
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

/// What storing an uploaded calendar writes.
#[derive(Debug, Clone)]
pub(crate) struct NewCalendar<'a> {
    pub name: &'a str,
    pub uploaded_by: i64,
    pub uploaded_at: Timestamp,
    pub series: i64,
    pub skipped: i64,
    pub problems: &'a ProblemList,
    pub body: &'a str,
    /// The member whose calendar it is, if it is one member's.
    pub owner_id: Option<i64>,
}

/// A successful fetch.
#[derive(Debug, Clone)]
pub(crate) struct Fetched<'a> {
    pub at: Timestamp,
    pub body: &'a str,
    pub hash: &'a str,
    pub series: i64,
    pub problems: &'a ProblemList,
    pub next_poll_at: Timestamp,
}

/// A failed fetch.
#[derive(Debug, Clone)]
pub(crate) struct FetchFailed<'a> {
    pub at: Timestamp,
    pub error: &'a str,
    /// The problems of a text from which nothing could be used; `None` when no text was read.
    pub problems: Option<&'a ProblemList>,
    pub next_poll_at: Timestamp,
}

/// A purpose set by hand.
#[derive(Debug, Clone)]
pub(crate) struct PurposeRecord {
    pub series: String,
    pub purpose: String,
}

fn optional_time(row: &AnyRow, column: &str) -> StoreResult<Option<Timestamp>> {
    row.try_get::<Option<i64>, _>(column)?
        .map(from_micros)
        .transpose()
}

macro_rules! select_calendars {
    ($rest:literal) => {
        concat!(
            "SELECT c.id, c.name, c.uploaded_by, m.handle, c.uploaded_at, c.bytes, c.series, c.skipped,
                    c.owner_id, o.handle, c.problem_count, c.problems
             FROM meeting_calendars c JOIN members m ON m.id = c.uploaded_by
             LEFT JOIN members o ON o.id = c.owner_id ",
            $rest
        )
    };
}

/// The problem count and list kept in columns `count` and `list`.
fn stored_problems<I>(row: &AnyRow, count: I, list: I) -> StoreResult<Option<ProblemList>>
where
    I: sqlx::ColumnIndex<AnyRow>,
{
    let count: Option<i64> = row.try_get(count)?;
    let list: Option<String> = row.try_get(list)?;
    Ok(ProblemList::from_stored(count, list.as_deref()))
}

fn calendar_from_row(row: &AnyRow) -> StoreResult<CalendarRecord> {
    Ok(CalendarRecord {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        uploaded_by: row.try_get(2)?,
        uploader_handle: row.try_get(3)?,
        uploaded_at: from_micros(row.try_get(4)?)?,
        bytes: row.try_get(5)?,
        series: row.try_get(6)?,
        skipped: row.try_get(7)?,
        owner_id: row.try_get(8)?,
        owner_handle: row.try_get(9)?,
        problems: stored_problems(row, 10, 11)?,
    })
}

/// Stores an uploaded calendar and returns its id.
pub(crate) async fn insert_calendar(
    conn: &mut AnyConnection,
    calendar: &NewCalendar<'_>,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO meeting_calendars (name, uploaded_by, uploaded_at, bytes, series, skipped, body,
             owner_id, problem_count, problems)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(calendar.name)
    .bind(calendar.uploaded_by)
    .bind(micros(calendar.uploaded_at))
    .bind(calendar.body.len() as i64)
    .bind(calendar.series)
    .bind(calendar.skipped)
    .bind(calendar.body)
    .bind(calendar.owner_id)
    .bind(calendar.problems.count as i64)
    .bind(calendar.problems.to_json())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// Every uploaded calendar, newest first.
pub(crate) async fn calendars(conn: &mut AnyConnection) -> StoreResult<Vec<CalendarRecord>> {
    let rows = sqlx::query(select_calendars!("ORDER BY c.uploaded_at DESC, c.id DESC"))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(calendar_from_row).collect()
}

/// One uploaded calendar.
pub(crate) async fn calendar(conn: &mut AnyConnection, id: i64) -> StoreResult<CalendarRecord> {
    let row = sqlx::query(select_calendars!("WHERE c.id = $1"))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    calendar_from_row(&row)
}

/// Deletes an uploaded calendar.
pub(crate) async fn delete_calendar(conn: &mut AnyConnection, id: i64) -> StoreResult<()> {
    let done = sqlx::query("DELETE FROM meeting_calendars WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    super::members::expect_one(done.rows_affected())
}

/// A stored calendar's text with its label and version.
#[derive(Debug, Clone)]
pub(crate) struct CalendarText {
    /// The upload's file name, or `@handle's feed`.
    pub name: String,
    /// Changes whenever the text behind `name` may have: see `calendar_versions`.
    pub version: String,
    pub body: String,
    /// The address of the member whose calendar it is, if it is one member's.
    pub owner: Option<String>,
}

/// Each stored calendar's label and version, without the text, in the order of
/// [`calendar_texts`]. An upload never changes, but SQLite may reuse a deleted row's id, so
/// its version is the id with its upload time and size; a feed's is the hash of its body.
pub(crate) async fn calendar_versions(
    conn: &mut AnyConnection,
) -> StoreResult<Vec<(String, String)>> {
    let texts = calendar_rows(conn, false).await?;
    Ok(texts.into_iter().map(|t| (t.name, t.version)).collect())
}

/// The text of every uploaded calendar and every fetched feed, uploads first in upload order.
pub(crate) async fn calendar_texts(conn: &mut AnyConnection) -> StoreResult<Vec<CalendarText>> {
    calendar_rows(conn, true).await
}

async fn calendar_rows(
    conn: &mut AnyConnection,
    with_body: bool,
) -> StoreResult<Vec<CalendarText>> {
    let uploads = if with_body {
        sqlx::query(
            "SELECT c.name, c.id, c.uploaded_at, c.bytes, o.email, c.owner_id, c.body
             FROM meeting_calendars c LEFT JOIN members o ON o.id = c.owner_id ORDER BY c.id",
        )
    } else {
        sqlx::query(
            "SELECT c.name, c.id, c.uploaded_at, c.bytes, o.email, c.owner_id
             FROM meeting_calendars c LEFT JOIN members o ON o.id = c.owner_id ORDER BY c.id",
        )
    }
    .fetch_all(&mut *conn)
    .await?;
    let feeds = if with_body {
        sqlx::query(
            "SELECT m.handle, f.body_hash, m.email, f.body FROM calendar_feeds f JOIN members m ON m.id = f.member_id
             WHERE f.body IS NOT NULL ORDER BY m.handle",
        )
    } else {
        sqlx::query(
            "SELECT m.handle, f.body_hash, m.email FROM calendar_feeds f JOIN members m ON m.id = f.member_id
             WHERE f.body IS NOT NULL ORDER BY m.handle",
        )
    }
    .fetch_all(&mut *conn)
    .await?;
    let body = |row: &AnyRow, at: usize| -> StoreResult<String> {
        Ok(if with_body {
            row.try_get(at)?
        } else {
            String::new()
        })
    };
    let mut out = Vec::with_capacity(uploads.len() + feeds.len());
    for row in &uploads {
        let (id, at, bytes): (i64, i64, i64) = (row.try_get(1)?, row.try_get(2)?, row.try_get(3)?);
        let owner_id: Option<i64> = row.try_get(5)?;
        out.push(CalendarText {
            name: row.try_get(0)?,
            version: format!("upload {id} {at} {bytes} {owner_id:?}"),
            body: body(row, 6)?,
            owner: row.try_get(4)?,
        });
    }
    for row in &feeds {
        let handle: String = row.try_get(0)?;
        let hash: Option<String> = row.try_get(1)?;
        out.push(CalendarText {
            name: format!("@{handle}'s feed"),
            version: format!("feed {}", hash.unwrap_or_default()),
            body: body(row, 3)?,
            owner: Some(row.try_get(2)?),
        });
    }
    Ok(out)
}

macro_rules! select_feeds {
    ($rest:literal) => {
        concat!(
            "SELECT f.member_id, m.handle, m.name, f.url, f.created_at, f.next_poll_at, f.last_attempt_at,
                    f.fetched_at, f.body_hash, f.bytes, f.series, f.failures, f.last_error,
                    f.problem_count, f.problems
             FROM calendar_feeds f JOIN members m ON m.id = f.member_id ",
            $rest
        )
    };
}

fn feed_from_row(row: &AnyRow) -> StoreResult<FeedRecord> {
    Ok(FeedRecord {
        member_id: row.try_get("member_id")?,
        handle: row.try_get("handle")?,
        name: row.try_get("name")?,
        url: row.try_get("url")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        next_poll_at: from_micros(row.try_get("next_poll_at")?)?,
        last_attempt_at: optional_time(row, "last_attempt_at")?,
        fetched_at: optional_time(row, "fetched_at")?,
        body_hash: row.try_get("body_hash")?,
        bytes: row.try_get("bytes")?,
        series: row.try_get("series")?,
        failures: row.try_get("failures")?,
        last_error: row.try_get("last_error")?,
        problems: stored_problems(row, "problem_count", "problems")?,
    })
}

/// Registers or replaces a member's feed. A new URL is a new calendar: what was fetched from
/// the old one, and its error count, are dropped.
pub(crate) async fn set_feed(
    conn: &mut AnyConnection,
    member_id: i64,
    url: &str,
    now: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO calendar_feeds (member_id, url, created_at, next_poll_at, failures) VALUES ($1, $2, $3, $3, 0)
         ON CONFLICT (member_id) DO UPDATE SET url = $2, created_at = $3, next_poll_at = $3, last_attempt_at = NULL,
             fetched_at = NULL, body = NULL, body_hash = NULL, bytes = NULL, series = NULL, failures = 0, last_error = NULL,
             problem_count = NULL, problems = NULL",
    )
    .bind(member_id)
    .bind(url)
    .bind(micros(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Removes a member's feed; `NotFound` when there is none.
pub(crate) async fn delete_feed(conn: &mut AnyConnection, member_id: i64) -> StoreResult<()> {
    let done = sqlx::query("DELETE FROM calendar_feeds WHERE member_id = $1")
        .bind(member_id)
        .execute(&mut *conn)
        .await?;
    super::members::expect_one(done.rows_affected())
}

/// A member's feed, if they registered one.
pub(crate) async fn feed(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<Option<FeedRecord>> {
    let row = sqlx::query(select_feeds!("WHERE f.member_id = $1"))
        .bind(member_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(feed_from_row).transpose()
}

/// Every feed, by member handle.
pub(crate) async fn feeds(conn: &mut AnyConnection) -> StoreResult<Vec<FeedRecord>> {
    let rows = sqlx::query(select_feeds!("ORDER BY m.handle"))
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(feed_from_row).collect()
}

/// Records a successful fetch and when the next one is due.
pub(crate) async fn feed_fetched(
    conn: &mut AnyConnection,
    member_id: i64,
    fetched: &Fetched<'_>,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE calendar_feeds SET last_attempt_at = $1, fetched_at = $1, body = $2, body_hash = $3, bytes = $4,
             series = $5, failures = 0, last_error = NULL, next_poll_at = $6, problem_count = $8, problems = $9
         WHERE member_id = $7",
    )
    .bind(micros(fetched.at))
    .bind(fetched.body)
    .bind(fetched.hash)
    .bind(fetched.body.len() as i64)
    .bind(fetched.series)
    .bind(micros(fetched.next_poll_at))
    .bind(member_id)
    .bind(fetched.problems.count as i64)
    .bind(fetched.problems.to_json())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records a failed fetch, keeping what the last good one brought, and when to retry. A fetch
/// that failed because nothing in the text could be used brings its `problems`, which replace
/// the kept ones; any other failure leaves them.
pub(crate) async fn feed_failed(
    conn: &mut AnyConnection,
    member_id: i64,
    failed: &FetchFailed<'_>,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE calendar_feeds SET last_attempt_at = $1, failures = failures + 1, last_error = $2, next_poll_at = $3,
             problem_count = COALESCE($5, problem_count), problems = COALESCE($6, problems)
         WHERE member_id = $4",
    )
    .bind(micros(failed.at))
    .bind(failed.error)
    .bind(micros(failed.next_poll_at))
    .bind(member_id)
    .bind(failed.problems.map(|p| p.count as i64))
    .bind(failed.problems.map(ProblemList::to_json))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Sets a series' purpose by hand.
pub(crate) async fn set_purpose(
    conn: &mut AnyConnection,
    series: &str,
    purpose: &str,
    by: i64,
    at: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO meeting_purposes (series, purpose, set_by, set_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (series) DO UPDATE SET purpose = $2, set_by = $3, set_at = $4",
    )
    .bind(series)
    .bind(purpose)
    .bind(by)
    .bind(micros(at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Hands a series back to the classifier; returns whether a purpose was set.
pub(crate) async fn clear_purpose(conn: &mut AnyConnection, series: &str) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM meeting_purposes WHERE series = $1")
        .bind(series)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Every purpose set by hand.
pub(crate) async fn purposes(conn: &mut AnyConnection) -> StoreResult<Vec<PurposeRecord>> {
    let rows = sqlx::query(
        "SELECT p.series, p.purpose FROM meeting_purposes p JOIN members m ON m.id = p.set_by
         ORDER BY p.series",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PurposeRecord {
                series: row.try_get(0)?,
                purpose: row.try_get(1)?,
            })
        })
        .collect()
}

/// Each member's teams, as (member id, team name) pairs.
pub(crate) async fn team_names(conn: &mut AnyConnection) -> StoreResult<Vec<(i64, String)>> {
    let rows = sqlx::query(
        "SELECT tm.member_id, t.name FROM team_members tm JOIN teams t ON t.id = tm.team_id
         ORDER BY tm.member_id, t.name",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect()
}
