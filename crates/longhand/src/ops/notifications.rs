//! In-app notifications: the list and marking it read.

use super::{Actor, App, OpResult, commit};
use crate::store::notifications::{self as store_notifications, NotificationRecord};

/// The actor's latest notifications and how many are unread.
pub async fn list(app: &App, actor: &Actor) -> OpResult<(Vec<NotificationRecord>, i64)> {
    let mut conn = app.store().read().await?;
    let items = store_notifications::for_member(&mut conn, actor.id, 100).await?;
    let unread = store_notifications::unread_count(&mut conn, actor.id).await?;
    Ok((items, unread))
}

/// Marks every notification read; returns how many changed. Reading is bookkeeping, not a
/// change to the workspace, so it is not an event.
pub async fn mark_all_read(app: &App, actor: &Actor) -> OpResult<u64> {
    let mut tx = app.store().write().await?;
    let changed = store_notifications::mark_all_read(&mut tx, actor.id, app.now()).await?;
    commit(tx).await?;
    Ok(changed)
}

/// The actor's unread count (the navigation badge).
pub async fn unread_count(app: &App, actor: &Actor) -> OpResult<i64> {
    let mut conn = app.store().read().await?;
    Ok(store_notifications::unread_count(&mut conn, actor.id).await?)
}
