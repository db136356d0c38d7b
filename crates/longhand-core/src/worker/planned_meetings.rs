//! The meeting gate's jobs: the flag at a planned meeting's agenda cutoff, and the reminder
//! at its end that the outcome is due.
//!
//! Both re-read the meeting and decide with `longhand_domain::meetings::gate` at the moment
//! they run, so a meeting whose agenda was finished in time, that was cancelled, or whose
//! outcome is already recorded is left alone. Each notification carries a dedupe key, and the
//! flag is set only while unset, so a job run twice flags and notifies once.

use super::Ran;
use super::asks::zone_of;
use crate::ops::notify::{self as door, Audience, Urgency};
use crate::ops::planned_meetings::load_facts;
use crate::ops::{App, OpResult};
use crate::store::WriteTx;
use crate::store::planned_meetings::{self as store};
use crate::views::planned_meetings::MeetingRecord;
use crate::wording;
use jiff::Timestamp;
use longhand_domain::meetings::gate::{self, Gate};
use serde_json::json;

/// Nobody: the jobs read a meeting without a viewer's memberships.
const NO_VIEWER: i64 = 0;

/// Flags a meeting without a complete agenda at its cutoff and tells the organiser and the
/// people attending.
pub(super) async fn flag(
    app: &App,
    tx: &mut WriteTx,
    meeting_id: i64,
    cutoff: Timestamp,
) -> OpResult<Ran> {
    let meeting = store::by_id(tx, NO_VIEWER, meeting_id).await?;
    if meeting.starts_at - gate::AGENDA_LEAD != cutoff {
        return Ok(Ran::Skipped("the meeting was moved since"));
    }
    let facts = load_facts(tx, meeting.organiser_id, &meeting).await?.facts;
    let state = gate::gate(&facts, app.now());
    let Gate::Cancel(missing) = &state else {
        return Ok(Ran::Skipped(
            "the meeting passes the gate (agenda ready, or cancelled)",
        ));
    };
    if !store::flag(tx, meeting_id, app.now()).await? {
        return Ok(Ran::Skipped("the meeting was flagged already"));
    }
    let missing: Vec<&str> = missing.iter().flatten().map(|p| p.title()).collect();
    let payload =
        json!({"meeting": meeting_id, "agenda": meeting.agenda_id.is_some(), "missing": missing});
    app.record(tx, None, "planned_meeting.flagged", payload)
        .await?;
    let mut recipients = vec![meeting.organiser_id];
    for person in store::people(tx, meeting_id).await? {
        if person.attending {
            recipients.push(person.member_id);
        }
    }
    for member_id in recipients {
        let note = Notice {
            kind: "meeting.flagged",
            title: format!("No agenda, cancel: {}", meeting.title),
            key: format!("planned:{meeting_id}:flagged:{member_id}"),
        };
        notify(app, tx, &meeting, member_id, &state, note).await?;
    }
    Ok(Ran::Acted)
}

/// Reminds the organiser that the outcome of a meeting that has ended is due.
pub(super) async fn outcome_due(
    app: &App,
    tx: &mut WriteTx,
    meeting_id: i64,
    end: Timestamp,
) -> OpResult<Ran> {
    let meeting = store::by_id(tx, NO_VIEWER, meeting_id).await?;
    let facts = load_facts(tx, meeting.organiser_id, &meeting).await?.facts;
    if facts.end() != end {
        return Ok(Ran::Skipped("the meeting was moved since"));
    }
    let state = gate::gate(&facts, app.now());
    if !matches!(state, Gate::OutcomeDue(_)) {
        return Ok(Ran::Skipped("no outcome is due (recorded, or cancelled)"));
    }
    let note = Notice {
        kind: "meeting.outcome_due",
        title: format!("Outcome due: {}", meeting.title),
        key: format!("planned:{meeting_id}:outcome-due"),
    };
    notify(app, tx, &meeting, meeting.organiser_id, &state, note).await?;
    Ok(Ran::Acted)
}

/// A gate notification's kind, title and dedupe key.
struct Notice {
    kind: &'static str,
    title: String,
    key: String,
}

/// Notifies one member with the gate's reasons and the meeting's start in their own time.
async fn notify(
    app: &App,
    tx: &mut WriteTx,
    meeting: &MeetingRecord,
    member_id: i64,
    state: &Gate,
    notice: Notice,
) -> OpResult<()> {
    let zone = zone_of(tx, member_id).await?;
    let body = format!(
        "{} The meeting starts {} your time.",
        state.reasons().join(" "),
        wording::when(meeting.starts_at, &zone)
    );
    let note = door::Notice {
        member_id,
        kind: notice.kind,
        title: &notice.title,
        body: &body,
        link: &format!("/meetings/planned/{}", meeting.id),
        dedupe_key: &notice.key,
        urgency: Urgency::Normal,
        audience: Audience::Direct,
        space_id: None,
        subject: Some(&format!("meeting:{}", meeting.id)),
    };
    door::notify(app, tx, &note).await?;
    Ok(())
}
