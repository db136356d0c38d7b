//! Workspace-wide operations: the event chain, backups, and the overview counts.

use super::event_log::LogEntry;
use super::{Actor, App, OpResult, forbidden};
use crate::store::events::{self};
use crate::views::events::ChainBreak;
use crate::views::events::ChainHead;
use longhand_domain::access;

/// Walks the whole event chain.
pub async fn verify(app: &App) -> OpResult<Result<ChainHead, ChainBreak>> {
    let mut conn = app.store().read().await?;
    Ok(events::verify(&mut conn).await?)
}

/// The newest event, for external anchoring.
pub async fn chain_head(app: &App) -> OpResult<ChainHead> {
    let mut conn = app.store().read().await?;
    Ok(events::head(&mut conn).await?)
}

/// The latest events, newest first (admins only), with the payloads of events about things
/// the admin may not see (a private space they are not in, a restricted document) withheld.
/// The page and the API both read the log through here, so both apply the same rule.
pub async fn recent_events(app: &App, actor: &Actor, limit: i64) -> OpResult<Vec<LogEntry>> {
    if !access::can_administer(actor.role) {
        return Err(forbidden("only admins can read the event log"));
    }
    let mut conn = app.store().read().await?;
    let recent = events::recent(&mut conn, limit.clamp(1, 500)).await?;
    super::event_log::as_seen_by(&mut conn, actor, recent).await
}
