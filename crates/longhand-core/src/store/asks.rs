//! Asks: who asked whom for what, and the response clock's instants.

use super::members::expect_one;
use super::{StoreResult, from_micros, micros};
use crate::views::asks::AskRecord;
use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

/// What creating an ask writes.
#[derive(Debug, Clone)]
pub(crate) struct NewAsk<'a> {
    pub asker_id: i64,
    pub responder_id: i64,
    pub team_id: Option<i64>,
    pub kind: &'a str,
    pub urgency: &'a str,
    pub target: &'a str,
    pub counts_urgent: bool,
    pub title: &'a str,
    pub body: &'a str,
    pub subject: Option<&'a str>,
    pub created_at: Timestamp,
    pub remind_at: Option<Timestamp>,
    pub due_at: Option<Timestamp>,
    pub needed_by: Option<Timestamp>,
    /// The away DRI a team ask skipped, and their last day off.
    pub routed_from: Option<(i64, &'a str)>,
}

macro_rules! select_asks {
    ($rest:literal) => {
        concat!(
            "SELECT a.id, a.asker_id, qa.handle AS asker_handle, qa.name AS asker_name,
                    a.responder_id, qr.handle AS responder_handle, qr.name AS responder_name,
                    a.team_id, t.slug AS team_slug, a.kind, a.urgency, a.target, a.counts_urgent, a.title, a.body,
                    a.subject, a.state, a.created_at, a.remind_at, a.due_at, a.responded_at, a.response, a.comment,
                    a.needed_by, qf.handle AS routed_from_handle, qf.name AS routed_from_name, a.routed_away_until
             FROM asks a JOIN members qa ON qa.id = a.asker_id JOIN members qr ON qr.id = a.responder_id
             LEFT JOIN teams t ON t.id = a.team_id LEFT JOIN members qf ON qf.id = a.routed_from_id ",
            $rest
        )
    };
}

fn time(row: &AnyRow, column: &str) -> StoreResult<Option<Timestamp>> {
    row.try_get::<Option<i64>, _>(column)?
        .map(from_micros)
        .transpose()
}

fn from_row(row: &AnyRow) -> StoreResult<AskRecord> {
    Ok(AskRecord {
        id: row.try_get("id")?,
        asker_id: row.try_get("asker_id")?,
        asker_handle: row.try_get("asker_handle")?,
        asker_name: row.try_get("asker_name")?,
        responder_id: row.try_get("responder_id")?,
        responder_handle: row.try_get("responder_handle")?,
        responder_name: row.try_get("responder_name")?,
        team_id: row.try_get("team_id")?,
        team_slug: row.try_get("team_slug")?,
        kind: row.try_get("kind")?,
        urgency: row.try_get("urgency")?,
        target: row.try_get("target")?,
        counts_urgent: row.try_get::<i64, _>("counts_urgent")? != 0,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        subject: row.try_get("subject")?,
        state: row.try_get("state")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        remind_at: time(row, "remind_at")?,
        due_at: time(row, "due_at")?,
        responded_at: time(row, "responded_at")?,
        response: row.try_get("response")?,
        comment: row.try_get("comment")?,
        needed_by: time(row, "needed_by")?,
        routed_from: row
            .try_get::<Option<String>, _>("routed_from_handle")?
            .zip(row.try_get::<Option<String>, _>("routed_from_name")?),
        routed_away_until: row.try_get("routed_away_until")?,
    })
}

/// Asks whose subject is a document, where the member is the asker or the responder.
pub(crate) async fn about(
    conn: &mut AnyConnection,
    subject: &str,
    member_id: i64,
) -> StoreResult<Vec<AskRecord>> {
    let rows = sqlx::query(select_asks!(
        "WHERE a.subject = $1 AND (a.asker_id = $2 OR a.responder_id = $2) ORDER BY a.created_at DESC LIMIT 50"
    ))
    .bind(subject)
    .bind(member_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Stores a new, open ask and returns its id.
pub(crate) async fn insert(conn: &mut AnyConnection, ask: &NewAsk<'_>) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO asks (asker_id, responder_id, team_id, kind, urgency, target, counts_urgent, title, body, subject, state, created_at, remind_at, due_at,
                           needed_by, routed_from_id, routed_away_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $12, $13, $14, $15, $16) RETURNING id",
    )
    .bind(ask.asker_id)
    .bind(ask.responder_id)
    .bind(ask.team_id)
    .bind(ask.kind)
    .bind(ask.urgency)
    .bind(ask.target)
    .bind(i64::from(ask.counts_urgent))
    .bind(ask.title)
    .bind(ask.body)
    .bind(ask.subject)
    .bind(micros(ask.created_at))
    .bind(ask.remind_at.map(micros))
    .bind(ask.due_at.map(micros))
    .bind(ask.needed_by.map(micros))
    .bind(ask.routed_from.map(|(id, _)| id))
    .bind(ask.routed_from.map(|(_, until)| until))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// One ask.
pub(crate) async fn by_id(conn: &mut AnyConnection, id: i64) -> StoreResult<AskRecord> {
    let row = sqlx::query(select_asks!("WHERE a.id = $1"))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    from_row(&row)
}

/// Open asks waiting on a member, soonest due first (FYIs, with no due time, last).
pub(crate) async fn open_for_responder(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<Vec<AskRecord>> {
    let rows = sqlx::query(select_asks!(
        "WHERE a.responder_id = $1 AND a.state = 'open' ORDER BY CASE WHEN a.due_at IS NULL THEN 1 ELSE 0 END, a.due_at, a.id"
    ))
    .bind(member_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Open asks a member is waiting on, soonest due first.
pub(crate) async fn open_for_asker(
    conn: &mut AnyConnection,
    member_id: i64,
) -> StoreResult<Vec<AskRecord>> {
    let rows = sqlx::query(select_asks!(
        "WHERE a.asker_id = $1 AND a.state = 'open' ORDER BY CASE WHEN a.due_at IS NULL THEN 1 ELSE 0 END, a.due_at, a.id"
    ))
    .bind(member_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Recently closed asks involving a member, newest first. Each side is read from its own
/// index newest first and stops at `limit`, so a member with years of asks costs as little
/// as a new one.
pub(crate) async fn recently_closed(
    conn: &mut AnyConnection,
    member_id: i64,
    limit: i64,
) -> StoreResult<Vec<AskRecord>> {
    let rows = sqlx::query(select_asks!(
        "WHERE a.id IN (SELECT id FROM (SELECT id FROM asks WHERE asker_id = $1 AND responded_at IS NOT NULL AND state <> 'open'
                                        ORDER BY responded_at DESC, id DESC LIMIT $2) AS sent
                        UNION SELECT id FROM (SELECT id FROM asks WHERE responder_id = $1 AND responded_at IS NOT NULL AND state <> 'open'
                                        ORDER BY responded_at DESC, id DESC LIMIT $2) AS received)
         ORDER BY a.responded_at DESC, a.id DESC LIMIT $2"
    ))
    .bind(member_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Which side of an open ask a member is on.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Side {
    Responder,
    Asker,
}

/// The inbox's order, by id alone so the sort reads only the index: soonest due first,
/// FYIs (no due time) last.
macro_rules! open_page {
    ($side:literal) => {
        concat!(
            select_asks!("WHERE a.id IN (SELECT id FROM asks WHERE "),
            $side,
            " = $1 AND state = 'open'
               ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, id LIMIT $2 OFFSET $3)
             ORDER BY CASE WHEN a.due_at IS NULL THEN 1 ELSE 0 END, a.due_at, a.id"
        )
    };
}

/// One page of the open asks on one side of a member, in the inbox's order.
pub(crate) async fn open_page(
    conn: &mut AnyConnection,
    member_id: i64,
    side: Side,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<AskRecord>> {
    let sql = match side {
        Side::Responder => open_page!("responder_id"),
        Side::Asker => open_page!("asker_id"),
    };
    let rows = sqlx::query(sql)
        .bind(member_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// How many asks are open on each side of a member, and how many of them are overdue at
/// `now`, counted on the indexes.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct OpenCounts {
    pub on_me: i64,
    pub on_me_overdue: i64,
    pub on_others: i64,
    pub on_others_overdue: i64,
}

pub(crate) async fn open_counts(
    conn: &mut AnyConnection,
    member_id: i64,
    now: Timestamp,
) -> StoreResult<OpenCounts> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM asks WHERE responder_id = $1 AND state = 'open') AS on_me,
                (SELECT COUNT(*) FROM asks WHERE responder_id = $1 AND state = 'open' AND due_at <= $2) AS on_me_overdue,
                (SELECT COUNT(*) FROM asks WHERE asker_id = $1 AND state = 'open') AS on_others,
                (SELECT COUNT(*) FROM asks WHERE asker_id = $1 AND state = 'open' AND due_at <= $2) AS on_others_overdue",
    )
    .bind(member_id)
    .bind(micros(now))
    .fetch_one(&mut *conn)
    .await?;
    Ok(OpenCounts {
        on_me: row.try_get("on_me")?,
        on_me_overdue: row.try_get("on_me_overdue")?,
        on_others: row.try_get("on_others")?,
        on_others_overdue: row.try_get("on_others_overdue")?,
    })
}

/// Open asks that wait on a member and fall due in `[from, until)` (to the end of time when
/// `until` is absent), soonest first: the asks a stretch of time off holds up.
pub(crate) async fn open_due_between(
    conn: &mut AnyConnection,
    member_id: i64,
    from: Timestamp,
    until: Option<Timestamp>,
) -> StoreResult<Vec<AskRecord>> {
    let rows = sqlx::query(select_asks!(
        "WHERE a.responder_id = $1 AND a.state = 'open' AND a.due_at >= $2 AND a.due_at < $3 ORDER BY a.due_at, a.id"
    ))
    .bind(member_id)
    .bind(micros(from))
    .bind(until.map_or(i64::MAX, micros))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Open asks past their due time that wait on a team: sent to the team, or to one of its
/// members or its DRI; most overdue first.
pub(crate) async fn overdue_for_team(
    conn: &mut AnyConnection,
    team_id: i64,
    now: Timestamp,
) -> StoreResult<Vec<AskRecord>> {
    let rows = sqlx::query(select_asks!(
        "WHERE a.state = 'open' AND a.due_at <= $2 AND (a.team_id = $1
            OR a.responder_id IN (SELECT member_id FROM team_members WHERE team_id = $1)
            OR a.responder_id = (SELECT dri_id FROM teams WHERE id = $1))
         ORDER BY a.due_at, a.id"
    ))
    .bind(team_id)
    .bind(micros(now))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(from_row).collect()
}

/// How many open asks wait on a member (the navigation badge).
pub(crate) async fn open_count(conn: &mut AnyConnection, member_id: i64) -> StoreResult<i64> {
    let row = sqlx::query("SELECT COUNT(*) FROM asks WHERE responder_id = $1 AND state = 'open'")
        .bind(member_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get(0)?)
}

/// Closes an ask with a response; only an open ask changes (returns false otherwise).
pub(crate) async fn close(
    conn: &mut AnyConnection,
    id: i64,
    state: &str,
    response: &str,
    comment: Option<&str>,
    at: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query("UPDATE asks SET state = $1, response = $2, comment = $3, responded_at = $4 WHERE id = $5 AND state = 'open'")
        .bind(state)
        .bind(response)
        .bind(comment)
        .bind(micros(at))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Hands an open ask to someone else with a recomputed clock.
pub(crate) async fn reassign(
    conn: &mut AnyConnection,
    id: i64,
    responder_id: i64,
    remind_at: Option<Timestamp>,
    due_at: Option<Timestamp>,
) -> StoreResult<()> {
    let done = sqlx::query("UPDATE asks SET responder_id = $1, remind_at = $2, due_at = $3 WHERE id = $4 AND state = 'open'")
        .bind(responder_id)
        .bind(remind_at.map(micros))
        .bind(due_at.map(micros))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    expect_one(done.rows_affected())
}

/// Asks created since `since` by the given members: (asker id, counts urgent) pairs, for the
/// false-urgency share.
pub(crate) async fn urgency_samples(
    conn: &mut AnyConnection,
    since: Timestamp,
) -> StoreResult<Vec<(i64, bool)>> {
    let rows = sqlx::query(
        "SELECT asker_id, counts_urgent FROM asks WHERE created_at >= $1 AND kind <> 'fyi'",
    )
    .bind(micros(since))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get::<i64, _>(1)? != 0)))
        .collect()
}
