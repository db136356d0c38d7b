//! The review-round side of sync escalation: what a round's close does about its call
//! suggestion, and a round's escalation as a reader of its document sees it.
//!
//! Every close of a round — the automatic one at the window's end and the owner's early one —
//! calls [`at_close`] in its own transaction, after the round's `review.closed` event. When
//! blocking objections stand (by anyone but the owner), a 15-minute call is suggested between
//! the owner and every objector: one call where the objectors also hear each other, at most
//! twelve people in all. An objection withdrawn before the close (the verdict changed) is not
//! standing, so it suggests nothing. The close itself happens once — a guarded update only
//! one worker wins — so a retried job or a second replica suggests nothing more, and the
//! database holds at most one open suggestion per round besides.
//!
//! A reopened round keeps its suggestion open: a call while the window runs again is just
//! what may get an objection withdrawn. When it closes again, a suggestion still open for the
//! same people stands (nobody is told twice); one naming other people, or with no objection
//! left, is retired by the product (`sync.retired`, closed as dismissed by nobody) and a
//! fresh one names whoever objects now. A suggestion dismissed, or whose call was recorded,
//! is settled history: a round closing again on objections suggests a call again.
//!
//! A call on a round has no thread to carry its outcome: the outcome is stored on the call
//! and shown with the round in the document's Review section, and answers the outcome's ask,
//! whose subject is the document.

use super::{Subject, SyncView, about, describe, of_round, suggest_call, view};
use crate::ops::{Actor, App, OpResult, reviews};
use crate::store::WriteTx;
use crate::store::sync::{self as store, Closing};
use crate::views::documents::DocumentRecord;
use crate::views::reviews::RoundRecord;
use crate::views::sync::SuggestionRecord;
use jiff::Timestamp;
use longhand_domain::sync::{self as rules, CloseStep, Reason, SuggestionState};
use serde_json::json;
use sqlx::AnyConnection;

/// What a round's close does about its call suggestion, inside the close's transaction:
/// `objectors` are the member ids whose blocking objection stands, in the round's order.
pub(crate) async fn at_close(
    app: &App,
    tx: &mut WriteTx,
    round: &RoundRecord,
    objectors: &[i64],
) -> OpResult<()> {
    let subject = Subject::Round {
        document_id: round.document_id,
        round_id: round.id,
    };
    let open = match store::latest(tx, &subject.key()).await? {
        Some((record, _)) if record.state == SuggestionState::Open.as_str() => Some(record),
        _ => None,
    };
    let named: Option<Vec<i64>> = open
        .as_ref()
        .map(|r| r.people.iter().map(|p| p.member_id).collect());
    let people = match rules::at_round_close(round.owner_id, objectors, named.as_deref()) {
        CloseStep::Nothing | CloseStep::Keep => None,
        CloseStep::Suggest(people) => Some(people),
        CloseStep::Replace(people) => {
            if let Some(record) = &open {
                retire(app, tx, subject, round, record).await?;
            }
            people
        }
    };
    if let Some(people) = people {
        suggest_call(app, tx, subject, &people, Reason::Objections).await?;
    }
    Ok(())
}

/// The product closes a suggestion an earlier close left open and this close outdated.
/// Someone acting on it a moment before leaves nothing to retire.
async fn retire(
    app: &App,
    tx: &mut WriteTx,
    subject: Subject,
    round: &RoundRecord,
    record: &SuggestionRecord,
) -> OpResult<()> {
    let closing = Closing {
        state: SuggestionState::Dismissed.as_str(),
        by: None,
        at: app.now(),
        settled_after: None,
    };
    if !store::close(tx, record.id, closing).await? {
        return Ok(());
    }
    let loaded = describe(tx, subject, round.owner_id).await?;
    let mut payload = about(&loaded);
    payload["suggestion"] = json!(record.id);
    payload["round"] = json!(round.id);
    app.record(tx, None, "sync.retired", payload).await?;
    Ok(())
}

/// A round's escalation for `actor`, who the caller checked may read `doc`.
pub(crate) async fn view_of(
    conn: &mut AnyConnection,
    actor: &Actor,
    doc: &DocumentRecord,
    round: &RoundRecord,
    now: Timestamp,
) -> OpResult<SyncView> {
    view(conn, actor, &of_round(doc, round), now).await
}

/// The subject of round `number` of the document `slug`, if the actor may read the document:
/// what the sync actions take for a round.
pub async fn round_subject(app: &App, actor: &Actor, slug: &str, number: i64) -> OpResult<Subject> {
    let mut conn = app.store().read().await?;
    let (doc, loaded) = reviews::find(&mut conn, actor, slug, number).await?;
    Ok(Subject::Round {
        document_id: doc.id,
        round_id: loaded.round.id,
    })
}
