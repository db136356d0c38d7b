//! Review-date reminders: a decision record's `review_date` is when someone should check the
//! decision still holds, so on the morning of that day (09:00 in the owner's zone) the owner
//! is notified — once.
//!
//! Every save of a decision record (written, revised, imported) queues a
//! `Job::ReviewDecision` for its review date and its owner's morning; the dedupe key holds the
//! instant, so saving again without a change queues nothing new. The job re-reads the record
//! when it runs and does nothing when the date has changed since (the save that changed it
//! queued a job for the new date) or the decision is no longer in force. The notification's
//! own key is the record and the date, so two jobs for one date (the owner changed zone, or
//! handed the record on, between two saves) notify once.
//!
//! A review date already past when it is written is history — an imported record reviewed in
//! 2021 — and queues nothing.

use super::super::planned_meetings::zone_of;
use super::super::{App, OpResult, invalid};
use super::{Reader, graph, is_decision, readable_log};
use crate::ops::jobs::Job;
use crate::store::WriteTx;
use crate::views::documents::DocumentRecord;
use jiff::Timestamp;
use jiff::civil::{Date, time};
use jiff::tz::TimeZone;
use longhand_domain::decisions::is_in_force;
use sqlx::AnyConnection;

/// The local time a review reminder goes out on its day.
const MORNING: jiff::civil::Time = time(9, 0, 0, 0);

/// A record's review date, when its field holds a calendar date.
pub(crate) fn review_date(doc: &DocumentRecord) -> Option<Date> {
    graph::date(doc, "review_date")
}

/// Queues the review reminder of a decision record just saved, if it has a review date that
/// has not passed in its owner's zone.
pub(crate) async fn schedule_review(
    app: &App,
    tx: &mut WriteTx,
    doc: &DocumentRecord,
) -> OpResult<()> {
    if !is_decision(&doc.kind) {
        return Ok(());
    }
    let Some(day) = review_date(doc) else {
        return Ok(());
    };
    let zone = zone_of(tx, doc.owner_id).await?;
    if day < app.now().to_zoned(zone.clone()).date() {
        return Ok(());
    }
    let job = Job::ReviewDecision {
        document_id: doc.id,
        review_date: day,
        remind_at: morning(day, &zone)?,
    };
    job.enqueue(app, tx).await
}

/// 09:00 on `day` in `zone` (or the first instant after, on a day that skips it).
pub(crate) fn morning(day: Date, zone: &TimeZone) -> OpResult<Timestamp> {
    day.to_datetime(MORNING)
        .to_zoned(zone.clone())
        .map(|zoned| zoned.timestamp())
        .map_err(invalid)
}

/// Whether a decision record is still in force: accepted, and superseded by no record,
/// whoever stated it. Jobs act for nobody, so every record counts.
pub(crate) async fn in_force(conn: &mut AnyConnection, doc: &DocumentRecord) -> OpResult<bool> {
    let log = readable_log(conn, Reader::Operator).await?;
    Ok(log
        .iter()
        .find(|d| d.doc.id == doc.id)
        .is_some_and(|d| is_in_force(&d.status)))
}
