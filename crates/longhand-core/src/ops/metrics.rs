//! The KPIs computed from what happens in the product (DESIGN §2.8). Today: the share of
//! decisions with a written record — closed review rounds and recorded meeting outcomes that
//! produced a decision record — per team and month, against the target of more than 80 %.
//!
//! The figures are counts, never content, so every member may read them for every team; a
//! guest may not (insights are about how the team works, not what a guest was invited to).

use crate::ops::{Actor, App, OpResult, forbidden, invalid, named};
use crate::store::metrics as store_metrics;
use crate::store::teams as store_teams;
use crate::views::teams::TeamRecord;
use jiff::Timestamp;
use longhand_domain::kpi::{Month, RecordShare, record_shares};
use longhand_domain::workspace::Role;
use std::collections::HashMap;

/// At most this many months in one answer: two years, one row per team each.
pub const MAX_MONTHS: usize = 24;

/// Which months and teams to report.
#[derive(Debug, Clone, Default)]
pub struct ShareQuery {
    /// `YYYY-MM`; default: five months before `to`.
    pub from: Option<String>,
    /// `YYYY-MM`; default: the current month (UTC).
    pub to: Option<String>,
    /// A team's slug; default: every team (and moments of people in no team).
    pub team: Option<String>,
}

/// One team's share in one month; `team` is `None` for people in no team.
#[derive(Debug, Clone)]
pub struct TeamMonthShare {
    pub team: Option<TeamRecord>,
    pub counts: RecordShare,
}

/// The months reported and the shares found in them (months without any decision moment
/// have no row).
#[derive(Debug, Clone)]
pub struct RecordShareReport {
    pub from: Month,
    pub to: Month,
    pub shares: Vec<TeamMonthShare>,
}

/// The share of decisions with a written record, per team and UTC month.
pub async fn decision_records(
    app: &App,
    actor: &Actor,
    query: &ShareQuery,
) -> OpResult<RecordShareReport> {
    if actor.role == Role::Guest {
        return Err(forbidden("insights are for members of the workspace"));
    }
    let (from, to) = months(query, app.now())?;
    let mut conn = app.store().read().await?;
    let only = match query
        .team
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(slug) => Some(
            store_teams::by_slug(&mut conn, slug)
                .await
                .map_err(named("team"))?,
        ),
        None => None,
    };
    let moments =
        store_metrics::decision_moments(&mut conn, from.start(), to.next().start()).await?;
    let teams: HashMap<i64, TeamRecord> = store_teams::list(&mut conn)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let shares = record_shares(
        moments
            .into_iter()
            .filter(|m| only.as_ref().is_none_or(|t| m.team == Some(t.id))),
    )
    .into_iter()
    .map(|counts| TeamMonthShare {
        team: counts.team.and_then(|id| teams.get(&id).cloned()),
        counts,
    })
    .collect();
    Ok(RecordShareReport { from, to, shares })
}

/// The month range asked for, checked: `from` not after `to`, at most [`MAX_MONTHS`].
fn months(query: &ShareQuery, now: Timestamp) -> OpResult<(Month, Month)> {
    let parse = |raw: &Option<String>| {
        raw.as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(Month::parse)
            .transpose()
            .map_err(invalid)
    };
    let to = parse(&query.to)?.unwrap_or_else(|| Month::of(now));
    let from = match parse(&query.from)? {
        Some(from) => from,
        None => (0..5).fold(to, |m, _| m.previous()),
    };
    if from > to {
        return Err(invalid(format!("from ({from}) is after to ({to})")));
    }
    let span = (0..=MAX_MONTHS).scan(from, |m, _| {
        let this = *m;
        *m = m.next();
        Some(this)
    });
    if !span.take(MAX_MONTHS).any(|m| m == to) {
        return Err(invalid(format!(
            "from {from} to {to} is more than {MAX_MONTHS} months; ask for a shorter range"
        )));
    }
    Ok((from, to))
}
