//! The rows behind the KPIs: each moment a decision was due, with its team and whether a
//! decision record came of it (`longhand_domain::kpi` does the arithmetic).

use super::{StoreResult, from_micros, micros};
use jiff::Timestamp;
use longhand_domain::kpi::{DecisionMoment, Opportunity};
use sqlx::AnyConnection;
use sqlx::Row;

/// Review rounds that closed in `[from, until)` and were not revised into another round (a
/// round reopened since is open again and not counted until it closes again), for the round's
/// team or else the owner's first team, as asks pick a member's team.
const CLOSED_ROUNDS: &str = "SELECT r.closed_at, COALESCE(r.team_id, \
     (SELECT MIN(tm.team_id) FROM team_members tm WHERE tm.member_id = r.owner_id)) AS team_id, \
     CASE WHEN r.decision_id IS NULL THEN 0 ELSE 1 END AS recorded \
     FROM review_rounds r \
     WHERE r.state IN ('closed', 'decided') AND r.closed_at >= $1 AND r.closed_at < $2";

/// Planned meetings whose outcome was recorded in `[from, until)`, for the organiser's first
/// team, and whether the outcome wrote a decision record.
const RECORDED_OUTCOMES: &str = "SELECT pm.outcome_recorded_at, \
     (SELECT MIN(tm.team_id) FROM team_members tm WHERE tm.member_id = pm.organiser_id) AS team_id, \
     CASE WHEN EXISTS (SELECT 1 FROM planned_meeting_decisions d WHERE d.meeting_id = pm.id) \
     THEN 1 ELSE 0 END AS recorded \
     FROM planned_meetings pm \
     WHERE pm.outcome_recorded_at >= $1 AND pm.outcome_recorded_at < $2";

/// The decision moments of the window `[from, until)`: closed review rounds and recorded
/// meeting outcomes.
pub(crate) async fn decision_moments(
    conn: &mut AnyConnection,
    from: Timestamp,
    until: Timestamp,
) -> StoreResult<Vec<Opportunity>> {
    let mut moments = Vec::new();
    let rounds = sqlx::query(CLOSED_ROUNDS)
        .bind(micros(from))
        .bind(micros(until))
        .fetch_all(&mut *conn)
        .await?;
    for row in rounds {
        moments.push(moment(&row, DecisionMoment::ReviewRound)?);
    }
    let outcomes = sqlx::query(RECORDED_OUTCOMES)
        .bind(micros(from))
        .bind(micros(until))
        .fetch_all(&mut *conn)
        .await?;
    for row in outcomes {
        moments.push(moment(&row, DecisionMoment::MeetingOutcome)?);
    }
    Ok(moments)
}

fn moment(row: &sqlx::any::AnyRow, kind: DecisionMoment) -> StoreResult<Opportunity> {
    Ok(Opportunity {
        moment: kind,
        at: from_micros(row.try_get::<i64, _>(0)?)?,
        team: row.try_get::<Option<i64>, _>("team_id")?,
        recorded: row.try_get::<i64, _>("recorded")? != 0,
    })
}
