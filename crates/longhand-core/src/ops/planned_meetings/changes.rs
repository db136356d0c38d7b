//! Changes to a planned meeting while it is still ahead or under way: its agenda document,
//! who attends, and cancelling it.

use super::{
    DocLink, MeetingView, check_shared, load_facts, load_visible, refused, reload, zone_of,
};
use crate::ops::documents::{self as docs, DocInput, NewDocInput, skeleton_body};
use crate::ops::notify::{Audience, Notice, Urgency, notify};
use crate::ops::{Actor, App, OpError, OpResult, commit, forbidden, invalid};
use crate::store::WriteTx;
use crate::store::planned_meetings::{self as store};
use crate::views::documents::DocumentRecord;
use crate::views::planned_meetings::{MeetingRecord, PersonRecord};
use longhand_domain::meetings::gate;
use longhand_domain::names::Handle;
use serde_json::json;

/// Where a meeting's agenda comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgendaChoice {
    /// A new meeting-notes document from the template, in the meeting's space.
    Create,
    /// An existing meeting-notes document, by slug.
    Link(String),
}

/// Gives a meeting its agenda document (organiser or admin; once).
pub async fn set_agenda(
    app: &App,
    actor: &Actor,
    id: i64,
    choice: AgendaChoice,
) -> OpResult<MeetingView> {
    let mut tx = app.store().write().await?;
    agenda_in(app, &mut tx, actor, id, choice).await?;
    let result = reload(app, &mut tx, actor, id).await?;
    commit(tx).await?;
    Ok(result)
}

/// Links or creates the agenda inside the caller's transaction.
pub(super) async fn agenda_in(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    id: i64,
    choice: AgendaChoice,
) -> OpResult<DocLink> {
    let (meeting, people, viewer) = load_visible(tx, actor, id).await?;
    if !gate::can_manage(viewer) {
        return Err(forbidden(
            "only the organiser or an admin can set the agenda",
        ));
    }
    let loaded = load_facts(tx, actor.id, &meeting).await?;
    gate::check_open(&loaded.facts, app.now()).map_err(refused)?;
    if let Some(agenda) = &loaded.agenda {
        return Err(OpError::Conflict(format!(
            "this meeting already has its agenda, {}; edit that document",
            agenda.slug
        )));
    }
    let created = choice == AgendaChoice::Create;
    let doc = match choice {
        AgendaChoice::Create => create_agenda(app, tx, actor, &meeting, &people).await?,
        AgendaChoice::Link(slug) => linkable(tx, actor, &slug).await?,
    };
    check_shared(tx, &people, &doc).await?;
    if !store::set_agenda(tx, id, doc.id).await? {
        return Err(OpError::Conflict(
            "an agenda was linked a moment ago".to_owned(),
        ));
    }
    let payload = json!({"meeting": id, "agenda": doc.slug, "created": created});
    app.record(tx, Some(actor), "planned_meeting.agenda", payload)
        .await?;
    Ok(DocLink::of(&doc))
}

async fn linkable(tx: &mut WriteTx, actor: &Actor, slug: &str) -> OpResult<DocumentRecord> {
    let doc = docs::load_readable(
        tx,
        actor,
        slug.trim().trim_start_matches("[[").trim_end_matches("]]"),
    )
    .await?;
    if doc.kind != "meeting-notes" {
        return Err(invalid(format!(
            "“{}” is a {} document; an agenda is a meeting-notes document (desired outcome, agenda, pre-read)",
            doc.title, doc.kind
        )));
    }
    Ok(doc)
}

/// A meeting-notes document from the space's template, named after the meeting, dated on
/// its day in the organiser's zone, with the organiser as its owner.
async fn create_agenda(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    meeting: &MeetingRecord,
    people: &[PersonRecord],
) -> OpResult<DocumentRecord> {
    let template = docs::template_for(tx, meeting.space_id, "meeting-notes").await?;
    let body = template.as_ref().map(skeleton_body).unwrap_or_default();
    let date = meeting
        .starts_at
        .to_zoned(zone_of(tx, meeting.organiser_id).await?)
        .date();
    let invited: Vec<String> = people
        .iter()
        .filter(|p| p.invited)
        .map(|p| p.handle.clone())
        .collect();
    let draft = gate::agenda_draft(&meeting.title, date, &meeting.organiser_handle, &invited);
    let content = DocInput {
        title: draft.title,
        intent: draft.intent,
        owner: Some(Handle::parse(&meeting.organiser_handle).map_err(invalid)?),
        fields: draft.fields,
        body,
        ..DocInput::default()
    };
    let input = NewDocInput {
        space: meeting.space_slug.clone(),
        kind: "meeting-notes".to_owned(),
        parent: None,
        source_thread_id: None,
        content,
    };
    Ok(docs::create_in(app, tx, actor, input, None).await?.doc)
}

/// Opts the actor in or out of attending (anyone who can see the meeting, until it ends;
/// the organiser always attends). Doing what is already done changes nothing.
pub async fn attend(app: &App, actor: &Actor, id: i64, attending: bool) -> OpResult<MeetingView> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let (meeting, _, viewer) = load_visible(&mut tx, actor, id).await?;
    let loaded = load_facts(&mut tx, actor.id, &meeting).await?;
    gate::check_attendance(&loaded.facts, now, viewer.organiser).map_err(refused)?;
    if store::set_attending(&mut tx, id, actor.id, attending, now).await? {
        let payload = json!({"meeting": id, "member": actor.handle, "attending": attending});
        app.record(&mut tx, Some(actor), "planned_meeting.attendance", payload)
            .await?;
    }
    let result = reload(app, &mut tx, actor, id).await?;
    commit(tx).await?;
    Ok(result)
}

/// Cancels a meeting that is not over (organiser or admin), telling everyone invited.
pub async fn cancel(app: &App, actor: &Actor, id: i64) -> OpResult<MeetingView> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let (meeting, people, viewer) = load_visible(&mut tx, actor, id).await?;
    if !gate::can_manage(viewer) {
        return Err(forbidden(
            "only the organiser or an admin can cancel the meeting",
        ));
    }
    let loaded = load_facts(&mut tx, actor.id, &meeting).await?;
    gate::check_open(&loaded.facts, now).map_err(refused)?;
    if !store::cancel(&mut tx, id, now).await? {
        return Err(OpError::Conflict(
            "the meeting was cancelled a moment ago".to_owned(),
        ));
    }
    app.record(
        &mut tx,
        Some(actor),
        "planned_meeting.cancelled",
        json!({"meeting": id}),
    )
    .await?;
    for person in people.iter().filter(|p| p.member_id != actor.id) {
        let note = Notice {
            member_id: person.member_id,
            kind: "meeting.cancelled",
            title: &format!("Cancelled: {}", meeting.title),
            body: &format!("{} cancelled the meeting.", actor.name),
            link: &format!("/meetings/planned/{id}"),
            dedupe_key: &format!("planned:{id}:cancelled:{}", person.member_id),
            urgency: Urgency::Normal,
            audience: Audience::Direct,
            space_id: None,
            subject: Some(&format!("meeting:{id}")),
        };
        notify(app, &mut tx, &note).await?;
    }
    let result = reload(app, &mut tx, actor, id).await?;
    commit(tx).await?;
    Ok(result)
}
