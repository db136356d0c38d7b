//! Workspace-wide operations: the event chain, backups, and the overview counts.

use super::{Actor, App, OpResult, forbidden};
use crate::store::events::{self, ChainBreak, ChainHead, Event};
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

/// The latest events, newest first (admins only: payloads can name private spaces).
pub async fn recent_events(app: &App, actor: &Actor, limit: i64) -> OpResult<Vec<Event>> {
    if !access::can_administer(actor.role) {
        return Err(forbidden("only admins can read the event log"));
    }
    let mut conn = app.store().read().await?;
    Ok(events::recent(&mut conn, limit.clamp(1, 500)).await?)
}
