//! The ask jobs: the reminder at the reminder point, the escalation on breach, and expiry at
//! the asker's "needed by".

use super::Ran;
use crate::formats::calendar_json::CalendarJson;
use crate::formats::charter_json::CharterJson;
use crate::ops::asks::ask_urgency;
use crate::ops::notify::{Audience, Notice, Urgency, ask_subject, notify};
use crate::ops::{App, OpError, OpResult};
use crate::store::WriteTx;
use crate::store::asks as store_asks;
use crate::store::charters as store_charters;
use crate::store::members as store_members;
use crate::wording;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use longhand_domain::asks::{AskAction, AskState};
use serde_json::json;

/// Reminds the responder, unless the ask closed or was rescheduled since.
pub(super) async fn remind(
    app: &App,
    tx: &mut WriteTx,
    ask_id: i64,
    remind_at: Timestamp,
) -> OpResult<Ran> {
    let ask = store_asks::by_id(tx, ask_id).await?;
    if ask.state != "open" {
        return Ok(Ran::Skipped("the ask is no longer open"));
    }
    if ask.remind_at != Some(remind_at) {
        return Ok(Ran::Skipped("the ask's reminder was moved since"));
    }
    let due = ask.due_at.map(|d| d.to_string()).unwrap_or_default();
    let note = Notice {
        member_id: ask.responder_id,
        kind: "ask.reminder",
        title: &format!(
            "Reminder: {} is waiting for your {}",
            ask.asker_name, ask.kind
        ),
        body: &format!("“{}” is due {due} ({}).", ask.title, ask.target),
        link: &format!("/asks/{ask_id}"),
        // Keyed by the person too: handed to a colleague with the same calendar, the ask
        // keeps its reminder instant, and reminding the colleague is not reminding its holder.
        dedupe_key: &format!(
            "ask:{ask_id}:remind:{}:{}",
            remind_at.as_microsecond(),
            ask.responder_id
        ),
        urgency: ask_urgency(&ask),
        audience: Audience::Direct,
        space_id: None,
        subject: Some(&ask_subject(ask_id)),
    };
    if !notify(app, tx, &note).await? {
        return Ok(Ran::Skipped(
            "the responder was reminded at this instant already",
        ));
    }
    Ok(Ran::Acted)
}

/// Tells the responder, the asker and the charter's escalation path that an ask is overdue.
pub(super) async fn escalate(
    app: &App,
    tx: &mut WriteTx,
    ask_id: i64,
    due_at: Timestamp,
) -> OpResult<Ran> {
    let ask = store_asks::by_id(tx, ask_id).await?;
    if ask.state != "open" {
        return Ok(Ran::Skipped("the ask is no longer open"));
    }
    if ask.due_at != Some(due_at) {
        return Ok(Ran::Skipped("the ask's due time was moved since"));
    }
    let charter_team = match ask.team_id {
        Some(team) => Some(team),
        None => store_charters::home_team(tx, ask.responder_id).await?,
    };
    let mut recipients = vec![ask.responder_id, ask.asker_id];
    for handle in escalation_path(tx, charter_team).await? {
        if let Ok(member) = store_members::by_handle(tx, &handle).await {
            recipients.push(member.id);
        }
    }
    recipients.dedup();
    let mut told = false;
    for member_id in recipients {
        let note = Notice {
            member_id,
            kind: "ask.breached",
            title: &format!(
                "Overdue: {} asked {} — “{}”",
                ask.asker_name, ask.responder_name, ask.title
            ),
            body: &format!(
                "The {} target ({}) passed at {due_at}.",
                ask.urgency, ask.target
            ),
            link: &format!("/asks/{ask_id}"),
            dedupe_key: &format!(
                "ask:{ask_id}:breach:{}:{member_id}",
                due_at.as_microsecond()
            ),
            urgency: Urgency::Urgent,
            audience: Audience::Direct,
            space_id: None,
            subject: Some(&ask_subject(ask_id)),
        };
        told |= notify(app, tx, &note).await?;
    }
    if !told {
        // Handed away and back, the ask can have two escalation jobs of one due instant.
        return Ok(Ran::Skipped("everyone was told of this breach already"));
    }
    app.record(
        tx,
        None,
        "ask.breached",
        json!({ "ask": ask_id, "due_at": due_at.to_string() }),
    )
    .await?;
    Ok(Ran::Acted)
}

/// Who hears about a breach under a team's charter. A charter that today's rules refuse
/// still names its escalation path (asks to the team are refused until its DRI fixes it, but
/// the ones already open keep their clocks); one that cannot be read at all falls back to the
/// standard charter's, which names nobody.
async fn escalation_path(tx: &mut WriteTx, team: Option<i64>) -> OpResult<Vec<String>> {
    let Some(team) = team else {
        return Ok(Vec::new());
    };
    let Some(record) = store_charters::current(tx, team).await? else {
        return Ok(Vec::new());
    };
    Ok(CharterJson::read_stored(&record.body)
        .map(|json| json.escalation_handles())
        .unwrap_or_default())
}

/// Expires an ask still open at its "needed by" and tells both parties. Asks answered since,
/// or whose needed-by changed, are left alone; the reminder and escalation jobs of an expired
/// ask find it closed and do nothing.
pub(super) async fn expire(
    app: &App,
    tx: &mut WriteTx,
    ask_id: i64,
    needed_by: Timestamp,
) -> OpResult<Ran> {
    let ask = store_asks::by_id(tx, ask_id).await?;
    let state = AskState::parse(&ask.state).unwrap_or(AskState::Open);
    let Ok(expired) = state.apply(AskAction::Expire) else {
        return Ok(Ran::Skipped("the ask is no longer open"));
    };
    if ask.needed_by != Some(needed_by) {
        return Ok(Ran::Skipped("the ask's needed-by was changed since"));
    }
    if !store_asks::close(tx, ask_id, expired.as_str(), "expired", None, app.now()).await? {
        return Ok(Ran::Skipped("the ask was closed meanwhile"));
    }
    app.record(
        tx,
        None,
        "ask.expired",
        json!({ "ask": ask_id, "needed_by": needed_by.to_string() }),
    )
    .await?;
    for member_id in [ask.asker_id, ask.responder_id] {
        let zone = zone_of(tx, member_id).await?;
        let by = format!("{} your time", wording::when(needed_by, &zone));
        let body = if member_id == ask.asker_id {
            format!(
                "You needed it by {by}; {} had not answered.",
                ask.responder_name
            )
        } else {
            format!(
                "{} needed it by {by}; no answer is expected any more.",
                ask.asker_name
            )
        };
        let note = Notice {
            member_id,
            kind: "ask.expired",
            title: &format!("Expired unanswered: “{}”", ask.title),
            body: &body,
            link: &format!("/asks/{ask_id}"),
            dedupe_key: &format!("ask:{ask_id}:expired:{member_id}"),
            urgency: Urgency::Normal,
            audience: Audience::Direct,
            space_id: None,
            subject: Some(&ask_subject(ask_id)),
        };
        notify(app, tx, &note).await?;
    }
    Ok(Ran::Acted)
}

/// A member's time zone, for times in their notifications.
pub(super) async fn zone_of(tx: &mut WriteTx, member_id: i64) -> OpResult<TimeZone> {
    let member = store_members::by_id(tx, member_id).await?;
    let calendar = CalendarJson::parse_text(&member.calendar).map_err(|err| {
        OpError::Internal(anyhow::anyhow!(
            "stored calendar of {} is invalid: {err}",
            member.handle
        ))
    })?;
    Ok(calendar.time_zone().clone())
}
