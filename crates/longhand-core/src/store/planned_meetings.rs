//! Planned meetings (the meeting gate): the meeting, the people invited or opted in, and the
//! decision records its outcome produced.
//!
//! Every read is for one viewer: the row carries the space's visibility and the viewer's
//! membership of it and of the meeting, so `ops` can apply the access rule. Lists filter in
//! SQL to a superset of what the viewer may see.

use super::members::expect_one;
use super::{StoreError, StoreResult, from_micros, micros};
use crate::views::planned_meetings::{MeetingRecord, PersonRecord};
use jiff::Timestamp;
use longhand_domain::workspace::{Role, SpaceRole, Visibility};
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

/// What registering a meeting writes.
#[derive(Debug, Clone)]
pub(crate) struct NewMeeting<'a> {
    pub title: &'a str,
    pub space_id: i64,
    pub organiser_id: i64,
    pub starts_at: Timestamp,
    pub minutes: i64,
    pub created_at: Timestamp,
}

macro_rules! select_meetings {
    ($rest:literal) => {
        concat!(
            "SELECT m.id, m.title, m.space_id, s.slug AS space_slug, s.name AS space_name, s.visibility AS space_visibility,
                    m.organiser_id, o.handle AS organiser_handle, o.name AS organiser_name, m.starts_at, m.minutes,
                    m.agenda_id, m.outcome_id, m.outcome_recorded_at, m.flagged_at, m.cancelled_at, m.created_at,
                    sm.role AS viewer_space_role,
                    (SELECT COUNT(*) FROM planned_meeting_people p WHERE p.meeting_id = m.id AND p.member_id = $1) AS viewer_listed
             FROM planned_meetings m JOIN spaces s ON s.id = m.space_id JOIN members o ON o.id = m.organiser_id
             LEFT JOIN space_members sm ON sm.space_id = m.space_id AND sm.member_id = $1 ",
            $rest
        )
    };
}

fn corrupt(err: impl std::fmt::Display) -> StoreError {
    StoreError::Other(anyhow::anyhow!("corrupt planned meeting: {err}"))
}

fn time(row: &AnyRow, column: &str) -> StoreResult<Option<Timestamp>> {
    row.try_get::<Option<i64>, _>(column)?
        .map(from_micros)
        .transpose()
}

fn from_row(row: &AnyRow) -> StoreResult<MeetingRecord> {
    let role: Option<String> = row.try_get("viewer_space_role")?;
    Ok(MeetingRecord {
        id: row.try_get("id")?,
        title: row.try_get("title")?,
        space_id: row.try_get("space_id")?,
        space_slug: row.try_get("space_slug")?,
        space_name: row.try_get("space_name")?,
        space_visibility: Visibility::parse(row.try_get("space_visibility")?).map_err(corrupt)?,
        organiser_id: row.try_get("organiser_id")?,
        organiser_handle: row.try_get("organiser_handle")?,
        organiser_name: row.try_get("organiser_name")?,
        starts_at: from_micros(row.try_get("starts_at")?)?,
        minutes: row.try_get("minutes")?,
        agenda_id: row.try_get("agenda_id")?,
        outcome_id: row.try_get("outcome_id")?,
        outcome_recorded_at: time(row, "outcome_recorded_at")?,
        flagged_at: time(row, "flagged_at")?,
        cancelled_at: time(row, "cancelled_at")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        viewer_space_role: role
            .map(|r| SpaceRole::parse(&r).map_err(corrupt))
            .transpose()?,
        viewer_listed: row.try_get::<i64, _>("viewer_listed")? > 0,
    })
}

/// Stores a new meeting and returns its id.
pub(crate) async fn insert(conn: &mut AnyConnection, new: &NewMeeting<'_>) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO planned_meetings (title, space_id, organiser_id, starts_at, minutes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(new.title)
    .bind(new.space_id)
    .bind(new.organiser_id)
    .bind(micros(new.starts_at))
    .bind(new.minutes)
    .bind(micros(new.created_at))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// One meeting, seen by `viewer_id`. Access is decided by the caller.
pub(crate) async fn by_id(
    conn: &mut AnyConnection,
    viewer_id: i64,
    id: i64,
) -> StoreResult<MeetingRecord> {
    let row = sqlx::query(select_meetings!("WHERE m.id = $2"))
        .bind(viewer_id)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    from_row(&row)
}

/// Meetings ending after `since` that the viewer might see (an open space, a space of theirs,
/// or a meeting they organise or are listed on), soonest first.
pub(crate) async fn list_since(
    conn: &mut AnyConnection,
    viewer_id: i64,
    since: Timestamp,
    limit: i64,
) -> StoreResult<Vec<MeetingRecord>> {
    let rows = sqlx::query(select_meetings!(
        "WHERE m.starts_at + m.minutes * 60000000 > $2
           AND (s.visibility = 'workspace' OR sm.member_id IS NOT NULL OR m.organiser_id = $1
                OR EXISTS (SELECT 1 FROM planned_meeting_people p WHERE p.meeting_id = m.id AND p.member_id = $1))
         ORDER BY m.starts_at, m.id LIMIT $3"
    ))
    .bind(viewer_id)
    .bind(micros(since))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The people invited to a meeting or opted in, invited first, then by name.
pub(crate) async fn people(
    conn: &mut AnyConnection,
    meeting_id: i64,
) -> StoreResult<Vec<PersonRecord>> {
    let rows = sqlx::query(
        "SELECT p.member_id, mb.handle, mb.name, mb.role, p.invited, p.attending
         FROM planned_meeting_people p JOIN members mb ON mb.id = p.member_id
         WHERE p.meeting_id = $1 ORDER BY p.invited DESC, mb.name, mb.id",
    )
    .bind(meeting_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PersonRecord {
                member_id: row.try_get(0)?,
                handle: row.try_get(1)?,
                name: row.try_get(2)?,
                role: Role::parse(row.try_get(3)?).map_err(corrupt)?,
                invited: row.try_get::<i64, _>(4)? != 0,
                attending: row.try_get::<i64, _>(5)? != 0,
            })
        })
        .collect()
}

/// Invites a member (not attending until they opt in).
pub(crate) async fn invite(
    conn: &mut AnyConnection,
    meeting_id: i64,
    member_id: i64,
    at: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO planned_meeting_people (meeting_id, member_id, invited, attending, changed_at) VALUES ($1, $2, 1, 0, $3)",
    )
    .bind(meeting_id)
    .bind(member_id)
    .bind(micros(at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Opts a member in or out; someone not invited gets a row of their own. Returns whether
/// anything changed.
pub(crate) async fn set_attending(
    conn: &mut AnyConnection,
    meeting_id: i64,
    member_id: i64,
    attending: bool,
    at: Timestamp,
) -> StoreResult<bool> {
    let flag = i64::from(attending);
    let done = sqlx::query(
        "INSERT INTO planned_meeting_people (meeting_id, member_id, invited, attending, changed_at) VALUES ($1, $2, 0, $3, $4)
         ON CONFLICT (meeting_id, member_id) DO UPDATE SET attending = $3, changed_at = $4
         WHERE planned_meeting_people.attending <> $3",
    )
    .bind(meeting_id)
    .bind(member_id)
    .bind(flag)
    .bind(micros(at))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Links the agenda document, only while none is linked.
pub(crate) async fn set_agenda(
    conn: &mut AnyConnection,
    id: i64,
    document_id: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE planned_meetings SET agenda_id = $1 WHERE id = $2 AND agenda_id IS NULL",
    )
    .bind(document_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the outcome (again): the outcome document and when. Taken first in the outcome's
/// transaction, this also holds the meeting's row lock on PostgreSQL, so two people recording
/// at once log each decision once.
pub(crate) async fn set_outcome(
    conn: &mut AnyConnection,
    id: i64,
    outcome_id: i64,
    at: Timestamp,
) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE planned_meetings SET outcome_id = $1, outcome_recorded_at = $2 WHERE id = $3 AND cancelled_at IS NULL",
    )
    .bind(outcome_id)
    .bind(micros(at))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    expect_one(done.rows_affected())
}

/// Flags a meeting "no agenda, cancel", once; returns whether this call flagged it.
pub(crate) async fn flag(conn: &mut AnyConnection, id: i64, at: Timestamp) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE planned_meetings SET flagged_at = $1 WHERE id = $2 AND flagged_at IS NULL AND cancelled_at IS NULL",
    )
    .bind(micros(at))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Cancels a meeting, once; returns whether this call cancelled it.
pub(crate) async fn cancel(conn: &mut AnyConnection, id: i64, at: Timestamp) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE planned_meetings SET cancelled_at = $1 WHERE id = $2 AND cancelled_at IS NULL",
    )
    .bind(micros(at))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The decision records a meeting produced: (decision key, document id), oldest first.
pub(crate) async fn decisions(
    conn: &mut AnyConnection,
    meeting_id: i64,
) -> StoreResult<Vec<(String, i64)>> {
    let rows = sqlx::query(
        "SELECT decision_key, document_id FROM planned_meeting_decisions WHERE meeting_id = $1 ORDER BY created_at, document_id",
    )
    .bind(meeting_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect()
}

/// Remembers the decision record of one decision.
pub(crate) async fn add_decision(
    conn: &mut AnyConnection,
    meeting_id: i64,
    key: &str,
    document_id: i64,
    at: Timestamp,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO planned_meeting_decisions (meeting_id, decision_key, document_id, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(meeting_id)
    .bind(key)
    .bind(document_id)
    .bind(micros(at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The planned meeting whose outcome produced a decision record, if one did.
pub(crate) async fn meeting_of_decision(
    conn: &mut AnyConnection,
    document_id: i64,
) -> StoreResult<Option<i64>> {
    let row = sqlx::query(
        "SELECT meeting_id FROM planned_meeting_decisions WHERE document_id = $1 ORDER BY created_at LIMIT 1",
    )
    .bind(document_id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| Ok(row.try_get("meeting_id")?)).transpose()
}
