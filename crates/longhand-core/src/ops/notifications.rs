//! In-app notifications: the list and marking it read.

use super::{Actor, App, OpResult, commit};
use crate::store::notifications::{self as store_notifications};
use crate::views::notifications::NotificationRecord;

/// The actor's latest notifications and how many are unread.
///
/// A notification about a document or thread is shown only while the actor may still read
/// it: a document reclassified after the notification was sent must not keep leaking its
/// title through the notifications list.
pub async fn list(app: &App, actor: &Actor) -> OpResult<(Vec<NotificationRecord>, i64)> {
    let mut conn = app.store().read().await?;
    let items = store_notifications::for_member(&mut conn, actor.id, 100).await?;
    let unread = store_notifications::unread_count(&mut conn, actor.id).await?;
    let mut visible = Vec::with_capacity(items.len());
    for item in items {
        if still_readable(&mut conn, actor, &item.link).await? {
            visible.push(item);
        }
    }
    Ok((visible, unread))
}

pub(crate) async fn still_readable(
    conn: &mut sqlx::AnyConnection,
    actor: &Actor,
    link: &str,
) -> OpResult<bool> {
    let path = link.split(['#', '?']).next().unwrap_or_default();
    let answer = if let Some(rest) = path.strip_prefix("/docs/") {
        // A document's own pages (`/docs/slug/rounds/1/synthesis`) follow its slug.
        let slug = rest.split('/').next().unwrap_or_default();
        super::documents::load_readable(conn, actor, slug)
            .await
            .map(|_| ())
    } else if let Some(id) = path
        .strip_prefix("/threads/")
        .and_then(|id| id.parse().ok())
    {
        super::threads::check_readable(conn, actor, id).await
    } else {
        return Ok(true);
    };
    match answer {
        Ok(()) => Ok(true),
        Err(super::OpError::NotFound(_)) => Ok(false),
        Err(err) => Err(err),
    }
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
