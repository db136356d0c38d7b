//! Review rounds: the round, its participants and their verdicts, open questions and the
//! DRI's tie-break.
//!
//! Every state change is a guarded `UPDATE … WHERE state = …` that reports whether it
//! happened, so two replicas closing the same round, or a verdict racing the close, change it
//! once. A change that must see the round open takes the round's row first ([`lock_open`]):
//! on PostgreSQL a close waits for it, or it waits for the close and then finds the round
//! closed; SQLite has one writer at a time anyway.

use super::{StoreError, StoreResult, from_micros, micros};
use crate::views::reviews::{ParticipantRecord, QuestionRecord, RoundRecord, TieBreakRecord};
use jiff::Timestamp;
use longhand_domain::reviews::{Outcome, Reversibility, Role, RoundState, Verdict};
use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Other(anyhow::anyhow!("corrupt review row: {what} \"{value}\""))
}

fn time(row: &AnyRow, column: &str) -> StoreResult<Option<Timestamp>> {
    row.try_get::<Option<i64>, _>(column)?
        .map(from_micros)
        .transpose()
}

/// What opening a round writes.
#[derive(Debug, Clone)]
pub(crate) struct NewRound<'a> {
    pub document_id: i64,
    pub number: i64,
    pub owner_id: i64,
    pub team_id: Option<i64>,
    pub reversibility: Reversibility,
    pub category: Option<&'a str>,
    pub window: &'a str,
    pub opened_at: Timestamp,
    pub closes_at: Timestamp,
    pub closing_soon_at: Option<Timestamp>,
}

macro_rules! select_rounds {
    ($rest:literal) => {
        concat!(
            "SELECT r.id, r.document_id, r.number, r.owner_id, o.handle AS owner_handle, o.name AS owner_name,
                    r.team_id, t.slug AS team_slug, r.state, r.reversibility, r.category, r.window_text, r.opened_at,
                    r.closes_at, r.closing_soon_at, r.closed_at, r.closed_early, r.decided_at, r.outcome, r.decision_id
             FROM review_rounds r JOIN members o ON o.id = r.owner_id LEFT JOIN teams t ON t.id = r.team_id ",
            $rest
        )
    };
}

fn round_from_row(row: &AnyRow) -> StoreResult<RoundRecord> {
    let state: String = row.try_get("state")?;
    let reversibility: String = row.try_get("reversibility")?;
    let outcome: Option<String> = row.try_get("outcome")?;
    Ok(RoundRecord {
        id: row.try_get("id")?,
        document_id: row.try_get("document_id")?,
        number: row.try_get("number")?,
        owner_id: row.try_get("owner_id")?,
        owner_handle: row.try_get("owner_handle")?,
        owner_name: row.try_get("owner_name")?,
        team_id: row.try_get("team_id")?,
        team_slug: row.try_get("team_slug")?,
        state: RoundState::parse(&state).ok_or_else(|| corrupt("state", &state))?,
        reversibility: Reversibility::parse(&reversibility)
            .ok_or_else(|| corrupt("reversibility", &reversibility))?,
        category: row.try_get("category")?,
        window: row.try_get("window_text")?,
        opened_at: from_micros(row.try_get("opened_at")?)?,
        closes_at: from_micros(row.try_get("closes_at")?)?,
        closing_soon_at: time(row, "closing_soon_at")?,
        closed_at: time(row, "closed_at")?,
        closed_early: row.try_get::<i64, _>("closed_early")? != 0,
        decided_at: time(row, "decided_at")?,
        outcome: outcome
            .map(|o| Outcome::parse(&o).ok_or_else(|| corrupt("outcome", &o)))
            .transpose()?,
        decision_id: row.try_get("decision_id")?,
    })
}

/// Stores a new open round; returns its id.
pub(crate) async fn insert_round(conn: &mut AnyConnection, new: &NewRound<'_>) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO review_rounds (document_id, number, owner_id, team_id, state, reversibility, category, window_text,
                                    opened_at, closes_at, closing_soon_at)
         VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(new.document_id)
    .bind(new.number)
    .bind(new.owner_id)
    .bind(new.team_id)
    .bind(new.reversibility.as_str())
    .bind(new.category)
    .bind(new.window)
    .bind(micros(new.opened_at))
    .bind(micros(new.closes_at))
    .bind(new.closing_soon_at.map(micros))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

/// One round by id.
pub(crate) async fn round(conn: &mut AnyConnection, id: i64) -> StoreResult<RoundRecord> {
    let row = sqlx::query(select_rounds!("WHERE r.id = $1"))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    round_from_row(&row)
}

/// A document's rounds, first to last.
pub(crate) async fn rounds_of(
    conn: &mut AnyConnection,
    document_id: i64,
) -> StoreResult<Vec<RoundRecord>> {
    let rows = sqlx::query(select_rounds!("WHERE r.document_id = $1 ORDER BY r.number"))
        .bind(document_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(round_from_row).collect()
}

/// The round that published a decision record, if one did.
pub(crate) async fn round_of_decision(
    conn: &mut AnyConnection,
    decision_id: i64,
) -> StoreResult<Option<RoundRecord>> {
    let row = sqlx::query(select_rounds!("WHERE r.decision_id = $1"))
        .bind(decision_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(round_from_row).transpose()
}

/// Takes the round's row while it is open; false when it is not open (any more).
pub(crate) async fn lock_open(conn: &mut AnyConnection, id: i64) -> StoreResult<bool> {
    let done =
        sqlx::query("UPDATE review_rounds SET state = 'open' WHERE id = $1 AND state = 'open'")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Closes an open round at the end of its window, if `closes_at` is still its closing time
/// (a job queued before a reopen finds it moved and closes nothing). Returns whether this
/// call closed it.
pub(crate) async fn close_due(
    conn: &mut AnyConnection,
    id: i64,
    closes_at: Timestamp,
    at: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE review_rounds SET state = 'closed', closed_at = $1, closed_early = 0
         WHERE id = $2 AND state = 'open' AND closes_at = $3",
    )
    .bind(micros(at))
    .bind(id)
    .bind(micros(closes_at))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Closes an open round before its window ends; returns whether this call closed it.
pub(crate) async fn close_early(
    conn: &mut AnyConnection,
    id: i64,
    at: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE review_rounds SET state = 'closed', closed_at = $1, closed_early = 1 WHERE id = $2 AND state = 'open'",
    )
    .bind(micros(at))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Opens a closed round again with a new closing time.
pub(crate) async fn reopen(
    conn: &mut AnyConnection,
    id: i64,
    closes_at: Timestamp,
    closing_soon_at: Option<Timestamp>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE review_rounds SET state = 'open', closes_at = $1, closing_soon_at = $2, closed_at = NULL, closed_early = 0
         WHERE id = $3 AND state = 'closed'",
    )
    .bind(micros(closes_at))
    .bind(closing_soon_at.map(micros))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks a closed round revised (the next round took over).
pub(crate) async fn revise(conn: &mut AnyConnection, id: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE review_rounds SET state = 'revised' WHERE id = $1 AND state = 'closed'",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks a closed round decided, with the record published from it.
pub(crate) async fn decide(
    conn: &mut AnyConnection,
    id: i64,
    at: Timestamp,
    outcome: Outcome,
    decision_id: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE review_rounds SET state = 'decided', decided_at = $1, outcome = $2, decision_id = $3
         WHERE id = $4 AND state = 'closed'",
    )
    .bind(micros(at))
    .bind(outcome.as_str())
    .bind(decision_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Adds someone to a round.
pub(crate) async fn add_participant(
    conn: &mut AnyConnection,
    round_id: i64,
    member_id: i64,
    role: Role,
    via_team: Option<&str>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO review_participants (round_id, member_id, role, via_team) VALUES ($1, $2, $3, $4)",
    )
    .bind(round_id)
    .bind(member_id)
    .bind(role.as_str())
    .bind(via_team)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Links a participant's review ask.
pub(crate) async fn set_ask(
    conn: &mut AnyConnection,
    round_id: i64,
    member_id: i64,
    ask_id: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE review_participants SET ask_id = $1 WHERE round_id = $2 AND member_id = $3",
    )
    .bind(ask_id)
    .bind(round_id)
    .bind(member_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A round's participants: deciders first, then reviewers, each by name.
pub(crate) async fn participants(
    conn: &mut AnyConnection,
    round_id: i64,
) -> StoreResult<Vec<ParticipantRecord>> {
    let rows = sqlx::query(
        "SELECT p.round_id, p.member_id, m.handle, m.name, p.role, p.via_team, p.ask_id, p.verdict, p.reason, p.answered_at
         FROM review_participants p JOIN members m ON m.id = p.member_id
         WHERE p.round_id = $1 ORDER BY CASE WHEN p.role = 'decider' THEN 0 ELSE 1 END, m.name, m.id",
    )
    .bind(round_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(participant_from_row).collect()
}

fn participant_from_row(row: &AnyRow) -> StoreResult<ParticipantRecord> {
    let role: String = row.try_get("role")?;
    let verdict: Option<String> = row.try_get("verdict")?;
    Ok(ParticipantRecord {
        round_id: row.try_get("round_id")?,
        member_id: row.try_get("member_id")?,
        handle: row.try_get("handle")?,
        name: row.try_get("name")?,
        role: Role::parse(&role).ok_or_else(|| corrupt("role", &role))?,
        via_team: row.try_get("via_team")?,
        ask_id: row.try_get("ask_id")?,
        verdict: verdict
            .map(|v| Verdict::parse(&v).map_err(|_| corrupt("verdict", &v)))
            .transpose()?,
        reason: row.try_get("reason")?,
        answered_at: time(row, "answered_at")?,
    })
}

/// Records (or changes) a participant's verdict; returns whether they are a participant.
pub(crate) async fn set_verdict(
    conn: &mut AnyConnection,
    round_id: i64,
    member_id: i64,
    verdict: Verdict,
    reason: Option<&str>,
    at: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE review_participants SET verdict = $1, reason = $2, answered_at = $3 WHERE round_id = $4 AND member_id = $5",
    )
    .bind(verdict.as_str())
    .bind(reason)
    .bind(micros(at))
    .bind(round_id)
    .bind(member_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What raising a question writes.
#[derive(Debug, Clone)]
pub(crate) struct NewQuestion<'a> {
    pub round_id: i64,
    pub raised_by: i64,
    pub question: &'a str,
    pub raised_at: Timestamp,
    pub deadline: Timestamp,
}

/// Stores an open question; returns its id.
pub(crate) async fn insert_question(
    conn: &mut AnyConnection,
    new: &NewQuestion<'_>,
) -> StoreResult<i64> {
    let row = sqlx::query(
        "INSERT INTO review_questions (round_id, raised_by, question, raised_at, deadline) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(new.round_id)
    .bind(new.raised_by)
    .bind(new.question)
    .bind(micros(new.raised_at))
    .bind(micros(new.deadline))
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get(0)?)
}

macro_rules! select_questions {
    ($rest:literal) => {
        concat!(
            "SELECT q.id, q.round_id, q.raised_by, r.handle AS raised_by_handle, q.question, q.raised_at, q.deadline,
                    q.answer, a.handle AS answered_by_handle, q.answered_at, q.expired_at, q.ask_id
             FROM review_questions q JOIN members r ON r.id = q.raised_by LEFT JOIN members a ON a.id = q.answered_by ",
            $rest
        )
    };
}

fn question_from_row(row: &AnyRow) -> StoreResult<QuestionRecord> {
    Ok(QuestionRecord {
        id: row.try_get("id")?,
        round_id: row.try_get("round_id")?,
        raised_by: row.try_get("raised_by")?,
        raised_by_handle: row.try_get("raised_by_handle")?,
        question: row.try_get("question")?,
        raised_at: from_micros(row.try_get("raised_at")?)?,
        deadline: from_micros(row.try_get("deadline")?)?,
        answer: row.try_get("answer")?,
        answered_by_handle: row.try_get("answered_by_handle")?,
        answered_at: time(row, "answered_at")?,
        expired_at: time(row, "expired_at")?,
        ask_id: row.try_get("ask_id")?,
    })
}

/// A round's questions, oldest first.
pub(crate) async fn questions(
    conn: &mut AnyConnection,
    round_id: i64,
) -> StoreResult<Vec<QuestionRecord>> {
    let rows = sqlx::query(select_questions!("WHERE q.round_id = $1 ORDER BY q.id"))
        .bind(round_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(question_from_row).collect()
}

/// One question.
pub(crate) async fn question(conn: &mut AnyConnection, id: i64) -> StoreResult<QuestionRecord> {
    let row = sqlx::query(select_questions!("WHERE q.id = $1"))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    question_from_row(&row)
}

/// Answers a question once; returns whether this answered it.
pub(crate) async fn answer_question(
    conn: &mut AnyConnection,
    id: i64,
    answer: &str,
    by: i64,
    at: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE review_questions SET answer = $1, answered_by = $2, answered_at = $3 WHERE id = $4 AND answer IS NULL",
    )
    .bind(answer)
    .bind(by)
    .bind(micros(at))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks an unanswered question expired, once; returns whether this marked it.
pub(crate) async fn expire_question(
    conn: &mut AnyConnection,
    id: i64,
    at: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE review_questions SET expired_at = $1 WHERE id = $2 AND answer IS NULL AND expired_at IS NULL",
    )
    .bind(micros(at))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Links the ask the owner got when a question expired.
pub(crate) async fn set_question_ask(
    conn: &mut AnyConnection,
    id: i64,
    ask_id: i64,
) -> StoreResult<()> {
    sqlx::query("UPDATE review_questions SET ask_id = $1 WHERE id = $2")
        .bind(ask_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Records the DRI's tie-break; a second one for the same round is a conflict.
pub(crate) async fn insert_tie_break(
    conn: &mut AnyConnection,
    round_id: i64,
    dri_id: i64,
    outcome: Outcome,
    reason: &str,
    at: Timestamp,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO review_tie_breaks (round_id, dri_id, outcome, reason, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (round_id) DO NOTHING",
    )
    .bind(round_id)
    .bind(dri_id)
    .bind(outcome.as_str())
    .bind(reason)
    .bind(micros(at))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A round's tie-break, if the DRI recorded one.
pub(crate) async fn tie_break(
    conn: &mut AnyConnection,
    round_id: i64,
) -> StoreResult<Option<TieBreakRecord>> {
    let row = sqlx::query(
        "SELECT b.round_id, m.handle, m.name, b.outcome, b.reason, b.created_at
         FROM review_tie_breaks b JOIN members m ON m.id = b.dri_id WHERE b.round_id = $1",
    )
    .bind(round_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let outcome: String = row.try_get(3)?;
    Ok(Some(TieBreakRecord {
        round_id: row.try_get(0)?,
        dri_handle: row.try_get(1)?,
        dri_name: row.try_get(2)?,
        outcome: Outcome::parse(&outcome).ok_or_else(|| corrupt("outcome", &outcome))?,
        reason: row.try_get(4)?,
        created_at: from_micros(row.try_get(5)?)?,
    }))
}
