//! The decision log's job: the review reminder on the morning of a decision record's review
//! date (`ops::decisions` queues it; see its `review` module for the rules).

use super::Ran;
use crate::ops::decisions::{in_force, review_date};
use crate::ops::notify::{Audience, Notice, Urgency, notify};
use crate::ops::{App, OpError, OpResult};
use crate::store::WriteTx;
use crate::store::documents as store_docs;
use crate::wording;
use jiff::civil::Date;

/// Nobody: the job reads the record without a viewer's memberships.
const NO_VIEWER: i64 = 0;

/// Reminds the owner that a decision is due for review, unless its review date moved or it
/// is no longer in force.
pub(super) async fn remind_review(
    app: &App,
    tx: &mut WriteTx,
    document_id: i64,
    day: Date,
) -> OpResult<Ran> {
    let doc = match store_docs::by_id(tx, NO_VIEWER, document_id).await {
        Ok(doc) => doc,
        Err(err) => {
            return match OpError::from(err) {
                OpError::NotFound(_) => Ok(Ran::Skipped("the decision record is gone")),
                other => Err(other),
            };
        }
    };
    if review_date(&doc) != Some(day) {
        return Ok(Ran::Skipped("the review date changed since"));
    }
    if !in_force(tx, &doc).await? {
        return Ok(Ran::Skipped(
            "the decision is no longer in force (superseded, deprecated or not accepted)",
        ));
    }
    let body = format!(
        "You set {} to check that “{}” still holds. Confirm it by moving the review date on, or supersede or deprecate it.",
        wording::day(day),
        doc.title
    );
    let note = Notice {
        member_id: doc.owner_id,
        kind: "decision.review_due",
        title: &format!("Review due: {}", doc.title),
        body: &body,
        link: &format!("/decisions/{}", doc.slug),
        dedupe_key: &format!("decision:{document_id}:review:{day}"),
        urgency: Urgency::Normal,
        audience: Audience::Direct,
        space_id: Some(doc.space_id),
        subject: Some(&format!("decision:{document_id}")),
    };
    if !notify(app, tx, &note).await? {
        return Ok(Ran::Skipped(
            "the owner was reminded of this review date already",
        ));
    }
    Ok(Ran::Acted)
}
