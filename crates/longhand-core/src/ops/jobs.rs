//! Jobs for admins: the ones given up on (dead), and putting one back in the queue.
//!
//! A job dies after `jobs::MAX_ATTEMPTS` failures; `/readyz` only counts them. Here an admin
//! sees which they are and why they failed, and once the cause is fixed (a feed back up, a
//! rolled-back release rolled forward) retries one: it runs at once, with its attempts reset.

use super::{Actor, App, OpError, OpResult, commit, forbidden};
use crate::store::jobs::{self as store_jobs};
use crate::views::jobs::DeadJob;
use longhand_domain::access;
use serde_json::json;

/// How many dead jobs the admin page and the API list, most recent first.
pub const DEAD_LISTED: i64 = 100;

fn require_admin(actor: &Actor) -> OpResult<()> {
    if access::can_administer(actor.role) {
        Ok(())
    } else {
        Err(forbidden("only admins can see and retry failed jobs"))
    }
}

/// The most recent dead jobs, with the error that ended each (admins only).
pub async fn dead(app: &App, actor: &Actor) -> OpResult<Vec<DeadJob>> {
    require_admin(actor)?;
    let mut conn = app.store().read().await?;
    Ok(store_jobs::dead(&mut conn, DEAD_LISTED).await?)
}

/// Puts a dead job back in the queue with its attempts reset (admins only), recorded as
/// `job.retried`. A job that is not dead (retried already, or still trying) is a conflict.
pub async fn retry(app: &App, actor: &Actor, id: i64) -> OpResult<()> {
    require_admin(actor)?;
    let mut tx = app.store().write().await?;
    let Some(kind) = store_jobs::revive(&mut tx, id, app.now()).await? else {
        return Err(if store_jobs::exists(&mut tx, id).await? {
            OpError::Conflict(format!(
                "job {id} is not dead: it was retried already or is still being tried"
            ))
        } else {
            OpError::NotFound("job")
        });
    };
    app.record(
        &mut tx,
        Some(actor),
        "job.retried",
        json!({ "job": id, "kind": kind }),
    )
    .await?;
    commit(tx).await
}
