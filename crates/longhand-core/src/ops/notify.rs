//! The one door every notification goes through (issue #12 §3): [`notify`] routes a notice
//! for its recipient with `longhand_domain::notify::route`, keeps the in-app copy (unless
//! the route is `Muted`) and queues the copies for the recipient's external channels.
//!
//! - `Now` and `At(instant)` queue an urgent delivery (`ops::deliveries::queue`) for then;
//!   the channels decide which of them take urgent messages.
//! - `Digest` only keeps the in-app row, with `route = 'digest'`, for the digest to collect.
//!
//! [`clear_subject`] is the other half: acting on a thing (answering an ask, giving a
//! verdict) clears the actor's notifications about it, so they leave the list and the digest.
//!
//! Architecture Invariant: nothing else inserts into `notifications`; a grep for
//! `notifications::insert` finds this file only.

use super::asks::calendar_of;
use super::deliveries::{self, Delivery, Outgoing};
use super::{App, OpResult};
use crate::store::WriteTx;
use crate::store::members as store_members;
use crate::store::notifications::{self as store_notifications, NewNotification};
use crate::store::notify_prefs as store_prefs;
use jiff::Timestamp;
use longhand_domain::instant::at_storage_precision;
use longhand_domain::notify::{self as policy, Recipient, Route};

pub use longhand_domain::notify::{Audience, Urgency};

/// One notice for one member.
#[derive(Debug, Clone)]
pub struct Notice<'a> {
    pub member_id: i64,
    /// What happened, for filtering and icons: `ask.received`, `mention`, …
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    /// The in-app path it leads to (`/asks/12`).
    pub link: &'a str,
    /// Unique per notification and member: the same key twice notifies once.
    pub dedupe_key: &'a str,
    pub urgency: Urgency,
    /// Whether it names the member or reaches them as a follower.
    pub audience: Audience,
    /// The space it happened in, whose noise level applies.
    pub space_id: Option<i64>,
    /// What it is about (`ask:12`, `doc:slug`, `thread:7`): acting on that clears it, and
    /// mail about one subject is threaded together.
    pub subject: Option<&'a str>,
}

/// Routes and records one notice; returns whether a notification was added (false when the
/// route was `Muted` or one with the same key exists already).
pub(crate) async fn notify(app: &App, tx: &mut WriteTx, notice: &Notice<'_>) -> OpResult<bool> {
    let now = app.now();
    let route = route_for(tx, notice, now).await?;
    let deliver_at = match route {
        Route::Muted => return Ok(false),
        Route::Now => Some(now),
        Route::At(at) => Some(at_storage_precision(at)),
        Route::Digest => None,
    };
    let new = NewNotification {
        member_id: notice.member_id,
        kind: notice.kind,
        title: notice.title,
        body: notice.body,
        link: notice.link,
        dedupe_key: notice.dedupe_key,
        urgency: notice.urgency.as_str(),
        space_id: notice.space_id,
        subject: notice.subject,
        route: route.as_str(),
        deliver_at,
    };
    let Some(id) = store_notifications::insert(tx, now, &new).await? else {
        return Ok(false);
    };
    if let Some(at) = deliver_at {
        let message = outgoing(notice, id);
        deliveries::queue(app, tx, notice.member_id, &message, at).await?;
    }
    Ok(true)
}

/// What the policy needs to know about the recipient and the notice's space, and its answer.
async fn route_for(tx: &mut WriteTx, notice: &Notice<'_>, now: Timestamp) -> OpResult<Route> {
    let member = store_members::by_id(tx, notice.member_id).await?;
    let calendar = calendar_of(&member.calendar, &member.handle)?;
    let dnd_until = store_prefs::dnd_until(tx, member.id).await?;
    let (space_noise, space_override) = match notice.space_id {
        Some(space) => (
            Some(store_prefs::space_noise(tx, space).await?),
            store_prefs::override_for(tx, member.id, space).await?,
        ),
        None => (None, None),
    };
    let facts = policy::Notice {
        urgency: notice.urgency,
        audience: notice.audience,
        space_noise,
    };
    let person = Recipient {
        calendar: &calendar,
        dnd_until,
        space_override,
    };
    Ok(policy::route(&facts, &person, now))
}

/// The channel-neutral message for notification `id`.
fn outgoing(notice: &Notice<'_>, id: i64) -> Outgoing {
    let text = if notice.body.is_empty() {
        notice.title.to_owned()
    } else {
        format!("{}\n\n{}", notice.title, notice.body)
    };
    Outgoing {
        class: Delivery::Urgent,
        subject: notice.title.to_owned(),
        text,
        html: None,
        link: notice.link.to_owned(),
        thread: notice.subject.unwrap_or(notice.link).to_owned(),
        key: format!("notification:{id}"),
    }
}

/// Clears `member_id`'s notifications about `subject` (they acted on it); returns how many
/// were still shown. Call it in the transaction of the action itself.
pub(crate) async fn clear_subject(
    app: &App,
    tx: &mut WriteTx,
    member_id: i64,
    subject: &str,
) -> OpResult<u64> {
    Ok(store_notifications::clear_subject(tx, member_id, subject, app.now()).await?)
}

/// The subject key of an ask.
pub(crate) fn ask_subject(ask_id: i64) -> String {
    format!("ask:{ask_id}")
}
