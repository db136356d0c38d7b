//! The away notice: when a member's time off begins, each asker whose open ask falls due
//! during it hears so, with the teammate who would answer soonest.

use super::Ran;
use super::asks::zone_of;
use crate::formats::calendar_json::CalendarJson;
use crate::ops::asks::away::suggestion;
use crate::ops::notify::{Audience, Notice, Urgency, ask_subject, notify};
use crate::ops::{App, OpError, OpResult};
use crate::store::WriteTx;
use crate::store::asks::{self as store_asks};
use crate::store::members as store_members;
use crate::views::asks::AskRecord;
use crate::wording;
use jiff::Timestamp;
use jiff::civil::Date;
use longhand_domain::asks::away::{Away, away_at};
use longhand_domain::calendar::Calendar;
use longhand_domain::instant::at_storage_precision;

/// Runs at `starts_at`, the start of a stretch of time off that began on `first_day`. Does
/// nothing when the member's calendar no longer has that stretch, or has it beginning at
/// another instant (a new zone): the job queued for the new instant sends the notice.
///
/// Each asker hears once per stretch, keyed by its first day, which no zone change moves.
pub(super) async fn note(
    app: &App,
    tx: &mut WriteTx,
    member_id: i64,
    first_day: Date,
    starts_at: Timestamp,
) -> OpResult<Ran> {
    let member = store_members::by_id(tx, member_id).await?;
    let calendar = CalendarJson::parse_text(&member.calendar).map_err(|err| {
        OpError::Internal(anyhow::anyhow!(
            "stored calendar of {} is invalid: {err}",
            member.handle
        ))
    })?;
    let now = app.now();
    let Some(away) = away_at(&calendar, now).filter(|a| a.first_day == first_day) else {
        return Ok(Ran::Skipped("the member is not away on that stretch now"));
    };
    let begins = away.starts_at(&calendar).map(at_storage_precision);
    if begins.is_some_and(|b| b != starts_at) {
        return Ok(Ran::Skipped("the time off begins at another instant now"));
    }
    let from = begins.unwrap_or(now);
    for ask in store_asks::open_due_between(tx, member_id, from, away.back_at).await? {
        tell_asker(app, tx, &ask, &away, &calendar).await?;
    }
    Ok(Ran::Acted)
}

async fn tell_asker(
    app: &App,
    tx: &mut WriteTx,
    ask: &AskRecord,
    away: &Away,
    calendar: &Calendar,
) -> OpResult<()> {
    let zone = zone_of(tx, ask.asker_id).await?;
    let due = ask
        .due_at
        .map(|d| format!("It is due {} your time", wording::when(d, &zone)))
        .unwrap_or_default();
    let back = away
        .back_at
        .map(|b| {
            let their = calendar.time_zone();
            format!(
                ", back {} {}",
                wording::when(b, their),
                wording::zone_time(their)
            )
        })
        .unwrap_or_default();
    let offer = match suggestion(tx, ask, app.now()).await? {
        Some(s) => format!(
            "; {} would answer by {} your time if you reassign it.",
            s.name,
            wording::when(s.due_at, &zone)
        ),
        None => ".".to_owned(),
    };
    let note = Notice {
        member_id: ask.asker_id,
        kind: "ask.responder_away",
        title: &format!(
            "{} is away until {}{back}: “{}” may wait",
            ask.responder_name,
            wording::day(away.last_day),
            ask.title
        ),
        body: &format!("{due}{offer}"),
        link: &format!("/asks/{}", ask.id),
        dedupe_key: &format!("ask:{}:away:{}", ask.id, away.first_day),
        urgency: Urgency::Normal,
        audience: Audience::Direct,
        space_id: None,
        subject: Some(&ask_subject(ask.id)),
    };
    notify(app, tx, &note).await?;
    Ok(())
}
