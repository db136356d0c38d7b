//! In-app notifications: the list, opening one (which marks it read), marking all read, and
//! "remind me later" (snoozing one until a time, when a job brings it back as unread).

use super::asks::calendar_of;
use super::jobs::Job;
use super::{Actor, App, OpResult, commit, invalid, named};
use crate::store::WriteTx;
use crate::store::members as store_members;
use crate::store::notifications::{self as store_notifications};
use crate::views::notifications::NotificationRecord;
use jiff::Timestamp;
use longhand_domain::instant::at_storage_precision;
use longhand_domain::notify::{Snooze, snooze_until};
use serde_json::json;

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

/// Opens one of the actor's notifications: marks it read (and ends a snooze) and returns
/// the link it leads to. Someone else's notification is not found.
pub async fn open(app: &App, actor: &Actor, id: i64) -> OpResult<NotificationRecord> {
    let mut tx = app.store().write().await?;
    let mut record = store_notifications::by_id(&mut tx, actor.id, id)
        .await
        .map_err(named("notification"))?;
    store_notifications::mark_read(&mut tx, actor.id, id, app.now()).await?;
    commit(tx).await?;
    record.read_at.get_or_insert(app.now());
    record.snoozed_until = None;
    Ok(record)
}

/// "Remind me later": hides one of the actor's notifications until the chosen time (placed
/// in the actor's zone), when it comes back unread. Recorded as `notification.snoozed`;
/// returns the instant it comes back.
pub async fn snooze(app: &App, actor: &Actor, id: i64, choice: Snooze) -> OpResult<Timestamp> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let record = store_notifications::by_id(&mut tx, actor.id, id)
        .await
        .map_err(named("notification"))?;
    let member = store_members::by_id(&mut tx, actor.id).await?;
    let calendar = calendar_of(&member.calendar, &member.handle)?;
    let choice = match choice {
        Snooze::Until(at) => Snooze::Until(at_storage_precision(at)),
        other => other,
    };
    let until = snooze_until(choice, &calendar, now).map_err(invalid)?;
    if !store_notifications::snooze(&mut tx, actor.id, record.id, until).await? {
        return Err(super::OpError::Conflict(
            "this notification was cleared: what it was about is done".to_owned(),
        ));
    }
    schedule_return(app, &mut tx, record.id, until).await?;
    let payload = json!({ "notification": record.id, "until": until.to_string() });
    app.record(&mut tx, Some(actor), "notification.snoozed", payload)
        .await?;
    commit(tx).await?;
    Ok(until)
}

async fn schedule_return(
    app: &App,
    tx: &mut WriteTx,
    notification_id: i64,
    until: Timestamp,
) -> OpResult<()> {
    Job::ReturnNotification {
        notification_id,
        until,
    }
    .enqueue(app, tx)
    .await
}

/// The actor's snoozed notifications, the soonest back first (only those still readable).
pub async fn snoozed(app: &App, actor: &Actor) -> OpResult<Vec<NotificationRecord>> {
    let mut conn = app.store().read().await?;
    let items = store_notifications::snoozed(&mut conn, actor.id).await?;
    let mut visible = Vec::with_capacity(items.len());
    for item in items {
        if still_readable(&mut conn, actor, &item.link).await? {
            visible.push(item);
        }
    }
    Ok(visible)
}
