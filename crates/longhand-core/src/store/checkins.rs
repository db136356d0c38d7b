//! Check-in schedules, check-ins and their help requests.

use super::{StoreResult, from_micros, micros};
use crate::views::checkins::{CheckinRecord, HelpRecord, ScheduleRecord};
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

fn schedule_from_row(row: &AnyRow) -> StoreResult<ScheduleRecord> {
    Ok(ScheduleRecord {
        team_id: row.try_get("team_id")?,
        cadence: row.try_get("cadence")?,
        weekday: row.try_get("weekday")?,
        local_time: row.try_get("local_time")?,
        escalate_after_minutes: row.try_get("escalate_after_minutes")?,
        version: row.try_get("version")?,
        since: from_micros(row.try_get("since")?)?,
        updated_at: from_micros(row.try_get("updated_at")?)?,
    })
}

/// A team's schedule, if one was ever saved.
pub(crate) async fn schedule(
    conn: &mut AnyConnection,
    team_id: i64,
) -> StoreResult<Option<ScheduleRecord>> {
    let row = sqlx::query("SELECT team_id, cadence, weekday, local_time, escalate_after_minutes, version, since, updated_at FROM checkin_schedules WHERE team_id = $1")
        .bind(team_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(schedule_from_row).transpose()
}

/// What saving a schedule writes.
#[derive(Debug, Clone)]
pub(crate) struct NewSchedule<'a> {
    pub team_id: i64,
    pub cadence: &'a str,
    pub weekday: &'a str,
    pub local_time: &'a str,
    pub escalate_after_minutes: i64,
    pub since: Timestamp,
    pub updated_by: i64,
}

/// Saves a team's schedule (the first save or a change) and returns its new version.
pub(crate) async fn save_schedule(
    conn: &mut AnyConnection,
    new: &NewSchedule<'_>,
    now: Timestamp,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO checkin_schedules (team_id, cadence, weekday, local_time, escalate_after_minutes, version, since, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8)
         ON CONFLICT (team_id) DO UPDATE SET cadence = excluded.cadence, weekday = excluded.weekday,
             local_time = excluded.local_time, escalate_after_minutes = excluded.escalate_after_minutes,
             version = checkin_schedules.version + 1, since = excluded.since,
             updated_by = excluded.updated_by, updated_at = excluded.updated_at
         RETURNING version",
    )
    .bind(new.team_id)
    .bind(new.cadence)
    .bind(new.weekday)
    .bind(new.local_time)
    .bind(new.escalate_after_minutes)
    .bind(micros(new.since))
    .bind(new.updated_by)
    .bind(micros(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// The ids of the teams a member belongs to whose check-ins are on, by team name.
pub(crate) async fn scheduled_teams_of(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT t.id FROM teams t JOIN checkin_schedules s ON s.team_id = t.id
         JOIN team_members tm ON tm.team_id = t.id
         WHERE tm.member_id = $1 AND s.cadence <> 'off' ORDER BY t.name, t.id",
    )
    .bind(member_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

macro_rules! select_checkins {
    ($rest:literal) => {
        concat!(
            "SELECT id, team_id, member_id, period_date, opens_at, due_at, done_text, next_text, note_text, late, created_at, updated_at FROM checkins ",
            $rest
        )
    };
}

fn checkin_from_row(row: &AnyRow) -> StoreResult<CheckinRecord> {
    Ok(CheckinRecord {
        id: row.try_get("id")?,
        team_id: row.try_get("team_id")?,
        member_id: row.try_get("member_id")?,
        period_date: row.try_get("period_date")?,
        opens_at: from_micros(row.try_get("opens_at")?)?,
        due_at: from_micros(row.try_get("due_at")?)?,
        done: row.try_get("done_text")?,
        next: row.try_get("next_text")?,
        note: row.try_get("note_text")?,
        late: row.try_get::<i64, _>("late")? != 0,
        created_at: from_micros(row.try_get("created_at")?)?,
        updated_at: from_micros(row.try_get("updated_at")?)?,
    })
}

/// A member's check-in for the period of a local date.
pub(crate) async fn find(
    conn: &mut AnyConnection,
    team_id: i64,
    member_id: i64,
    period_date: &str,
) -> StoreResult<Option<CheckinRecord>> {
    let row = sqlx::query(select_checkins!(
        "WHERE team_id = $1 AND member_id = $2 AND period_date = $3"
    ))
    .bind(team_id)
    .bind(member_id)
    .bind(period_date)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(checkin_from_row).transpose()
}

/// A member's latest check-in before a period: whose "next" the form shows.
pub(crate) async fn previous(
    conn: &mut AnyConnection,
    team_id: i64,
    member_id: i64,
    before_date: &str,
) -> StoreResult<Option<CheckinRecord>> {
    let row = sqlx::query(select_checkins!(
        "WHERE team_id = $1 AND member_id = $2 AND period_date < $3 ORDER BY period_date DESC LIMIT 1"
    ))
    .bind(team_id)
    .bind(member_id)
    .bind(before_date)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(checkin_from_row).transpose()
}

/// The check-in with this id.
pub(crate) async fn by_id(conn: &mut AnyConnection, id: i64) -> StoreResult<CheckinRecord> {
    let row = sqlx::query(select_checkins!("WHERE id = $1"))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    checkin_from_row(&row)
}

/// What a check-in says.
#[derive(Debug, Clone)]
pub(crate) struct Answer<'a> {
    pub done: &'a str,
    pub next: &'a str,
    pub note: &'a str,
}

/// A new check-in for a period; returns its id.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    (team_id, member_id): (i64, i64),
    period: &longhand_domain::checkins::Period,
    answer: &Answer<'_>,
    late: bool,
    now: Timestamp,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO checkins (team_id, member_id, period_date, opens_at, due_at, done_text, next_text, note_text, late, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(team_id)
    .bind(member_id)
    .bind(period.date.to_string())
    .bind(micros(period.opens_at))
    .bind(micros(period.due_at))
    .bind(answer.done)
    .bind(answer.next)
    .bind(answer.note)
    .bind(i64::from(late))
    .bind(micros(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// Changes what a check-in says (its lateness stays as first answered).
pub(crate) async fn update(
    conn: &mut AnyConnection,
    id: i64,
    answer: &Answer<'_>,
    now: Timestamp,
) -> StoreResult<()> {
    sqlx::query("UPDATE checkins SET done_text = $1, next_text = $2, note_text = $3, updated_at = $4 WHERE id = $5")
        .bind(answer.done)
        .bind(answer.next)
        .bind(answer.note)
        .bind(micros(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The help requests of a check-in, in the order they were made.
pub(crate) async fn help_of(
    conn: &mut AnyConnection,
    checkin_id: i64,
) -> StoreResult<Vec<HelpRecord>> {
    let rows = sqlx::query(
        "SELECT h.checkin_id, h.member_id, m.handle, m.name, h.question, h.ask_id
         FROM checkin_help h JOIN members m ON m.id = h.member_id WHERE h.checkin_id = $1 ORDER BY h.ask_id",
    )
    .bind(checkin_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(HelpRecord {
                checkin_id: row.try_get(0)?,
                member_id: row.try_get(1)?,
                handle: row.try_get(2)?,
                name: row.try_get(3)?,
                question: row.try_get(4)?,
                ask_id: row.try_get(5)?,
            })
        })
        .collect()
}

/// Records that a help request of a check-in became an ask.
pub(crate) async fn insert_help(
    conn: &mut AnyConnection,
    checkin_id: i64,
    member_id: i64,
    question: &str,
    ask_id: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO checkin_help (checkin_id, member_id, question, ask_id) VALUES ($1, $2, $3, $4)",
    )
    .bind(checkin_id)
    .bind(member_id)
    .bind(question)
    .bind(ask_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
