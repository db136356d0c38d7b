//! The ask jobs: the reminder at the reminder point and the escalation on breach.

use crate::charter_json::CharterJson;
use crate::ops::{App, OpResult};
use crate::store::WriteTx;
use crate::store::asks as store_asks;
use crate::store::charters as store_charters;
use crate::store::members as store_members;
use crate::store::notifications::{self as store_notifications, NewNotification};
use jiff::Timestamp;
use longhand_domain::asks::Charter;
use serde_json::json;

/// Reminds the responder, unless the ask closed or was rescheduled since.
pub(super) async fn remind(
    app: &App,
    tx: &mut WriteTx,
    ask_id: i64,
    remind_at: Timestamp,
) -> OpResult<()> {
    let ask = store_asks::by_id(tx, ask_id).await?;
    if ask.state != "open" || ask.remind_at != Some(remind_at) {
        return Ok(());
    }
    let due = ask.due_at.map(|d| d.to_string()).unwrap_or_default();
    let note = NewNotification {
        member_id: ask.responder_id,
        kind: "ask.reminder",
        title: &format!(
            "Reminder: {} is waiting for your {}",
            ask.asker_name, ask.kind
        ),
        body: &format!("“{}” is due {due} ({}).", ask.title, ask.target),
        link: &format!("/asks/{ask_id}"),
        dedupe_key: &format!("ask:{ask_id}:remind:{}", remind_at.as_second()),
    };
    store_notifications::insert(tx, app.now(), &note).await?;
    Ok(())
}

/// Tells the responder, the asker and the charter's escalation path that an ask is overdue.
pub(super) async fn escalate(
    app: &App,
    tx: &mut WriteTx,
    ask_id: i64,
    due_at: Timestamp,
) -> OpResult<()> {
    let ask = store_asks::by_id(tx, ask_id).await?;
    if ask.state != "open" || ask.due_at != Some(due_at) {
        return Ok(());
    }
    let charter_team = match ask.team_id {
        Some(team) => Some(team),
        None => store_charters::home_team(tx, ask.responder_id).await?,
    };
    let charter = match charter_team {
        Some(team) => match store_charters::current(tx, team).await? {
            Some(record) => {
                CharterJson::parse_text(&record.body).unwrap_or_else(|_| Charter::standard())
            }
            None => Charter::standard(),
        },
        None => Charter::standard(),
    };
    let mut recipients = vec![ask.responder_id, ask.asker_id];
    for handle in charter.escalation() {
        if let Ok(member) = store_members::by_handle(tx, handle).await {
            recipients.push(member.id);
        }
    }
    recipients.dedup();
    for member_id in recipients {
        let note = NewNotification {
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
            dedupe_key: &format!("ask:{ask_id}:breach:{}:{member_id}", due_at.as_second()),
        };
        store_notifications::insert(tx, app.now(), &note).await?;
    }
    app.record(
        tx,
        None,
        "ask.breached",
        json!({ "ask": ask_id, "due_at": due_at.to_string() }),
    )
    .await?;
    Ok(())
}
