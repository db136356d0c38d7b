//! Sending a member's digest (`Job::SendDigest`): compose what is new for them, record it,
//! queue it for their channels that take digests, and schedule the next one.
//!
//! Exactly once, also with several replicas: the job is claimed by one worker and finished
//! in the transaction that records the digest; the digest row is unique per member and
//! instant, and the deliveries' keys (`digest:<id>`) are unique per member. A job for an
//! instant the member's schedule no longer names (they changed their digest time, or were
//! deactivated) does nothing and starts no chain: the job for the new instant carries it.
//!
//! An empty digest is not sent, and neither recorded; the chain moves on all the same. A job
//! that runs late (the server was down) sends one digest and schedules the next one from
//! now, so nobody gets a backlog of digests at once.

use super::Ran;
use crate::ops::App;
use crate::ops::OpResult;
use crate::ops::digests::{compose_for, deliver, render, schedule_after};
use crate::store::WriteTx;
use crate::store::digests::{self as store, NewDigest};
use crate::store::members as store_members;
use jiff::Timestamp;

/// Sends the digest due at `at`, then schedules the next.
pub(super) async fn send(
    app: &App,
    tx: &mut WriteTx,
    member_id: i64,
    at: Timestamp,
) -> OpResult<Ran> {
    if store::next_at(tx, member_id).await? != Some(at) {
        return Ok(Ran::Skipped("the member's digest was rescheduled since"));
    }
    let member = store_members::by_id(tx, member_id).await?;
    let now = app.now();
    if !member.active {
        store::unschedule(tx, member_id).await?;
        return Ok(Ran::Skipped("the member is deactivated"));
    }
    let sent = record(app, tx, &member, at, now).await?;
    schedule_after(app, tx, &member, now.max(at)).await?;
    Ok(if sent {
        Ran::Acted
    } else {
        Ran::Skipped("nothing new for the member's digest")
    })
}

/// Composes and records the digest, and queues its deliveries; false when it was empty.
async fn record(
    app: &App,
    tx: &mut WriteTx,
    member: &crate::views::members::MemberRecord,
    at: Timestamp,
    now: Timestamp,
) -> OpResult<bool> {
    let (digest, settings) = compose_for(tx, member, now).await?;
    if digest.is_empty() {
        return Ok(false);
    }
    let items = render::to_json(&digest);
    let new = NewDigest {
        member_id: member.id,
        at,
        sent_at: now,
        headline: &digest.headline(),
        item_count: digest.items().count() as i64,
        items: &items,
    };
    let Some(id) = store::insert(tx, &new).await? else {
        return Ok(false);
    };
    store::record_keys(tx, member.id, id, &digest.keys()).await?;
    let zone = settings.calendar.time_zone();
    deliver(app, tx, member.id, id, &digest, zone, at).await?;
    Ok(true)
}
