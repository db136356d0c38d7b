//! Recording a meeting's outcome: the notes that hold its decisions and next steps, and one
//! accepted decision record (`adr`) per decision, linked back to the notes with `[[slug]]`.
//!
//! Recording is idempotent: each decision is remembered by its normalised words, so recording
//! again — after fixing a typo elsewhere, or adding a decision — logs only what is new. The
//! outcome, its decision records and the list of what was logged commit in one transaction,
//! and the meeting's row is updated first, so two people recording at once on PostgreSQL
//! queue on its lock rather than log a decision twice.

use super::{
    MeetingView, check_shared, gaps_of, load_facts, load_visible, refused, reload, zone_of,
};
use crate::ops::documents::{self as docs, DocInput, NewDocInput, readable};
use crate::ops::{Actor, App, OpError, OpResult, commit, forbidden, invalid};
use crate::store::WriteTx;
use crate::store::documents::{self as store_docs};
use crate::store::planned_meetings::{self as store};
use crate::views::documents::DocumentRecord;
use crate::views::planned_meetings::{MeetingRecord, PersonRecord};
use longhand_domain::meetings::gate::{self, DecisionRecord, RecordSource};
use longhand_domain::names::Handle;
use serde_json::json;
use std::collections::HashSet;

/// Records the outcome from `notes` (a document's slug), or from the agenda document when
/// none is named. The organiser, an admin, or someone who attended may record it once the
/// meeting has started and the notes have their decisions and next steps.
pub async fn record_outcome(
    app: &App,
    actor: &Actor,
    id: i64,
    notes: Option<&str>,
) -> OpResult<MeetingView> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let (meeting, people, viewer) = load_visible(&mut tx, actor, id).await?;
    if !gate::can_record(viewer) {
        return Err(forbidden(
            "only the organiser and the people who attended can record the outcome",
        ));
    }
    let mut facts = load_facts(&mut tx, actor.id, &meeting).await?.facts;
    gate::check_recordable(&facts, now).map_err(refused)?;
    let doc = notes_doc(&mut tx, actor, &meeting, notes).await?;
    check_shared(&mut tx, &people, &doc).await?;
    facts.outcome_gaps = gaps_of(&mut tx, &doc).await?.1;
    gate::check_outcome(&facts, now).map_err(refused)?;
    store::set_outcome(&mut tx, id, doc.id, now).await?;
    let logged = log_decisions(app, &mut tx, actor, &meeting, &people, &doc).await?;
    let payload = json!({"meeting": id, "notes": doc.slug, "decisions": logged});
    app.record(&mut tx, Some(actor), "planned_meeting.outcome", payload)
        .await?;
    let result = reload(app, &mut tx, actor, id).await?;
    commit(tx).await?;
    Ok(result)
}

/// The document holding the outcome: the one named, or the meeting's agenda.
async fn notes_doc(
    tx: &mut WriteTx,
    actor: &Actor,
    meeting: &MeetingRecord,
    notes: Option<&str>,
) -> OpResult<DocumentRecord> {
    let slug = notes.map(str::trim).filter(|s| !s.is_empty());
    if let Some(slug) = slug {
        return docs::load_readable(
            tx,
            actor,
            slug.trim_start_matches("[[").trim_end_matches("]]"),
        )
        .await;
    }
    let Some(agenda_id) = meeting.agenda_id else {
        return Err(invalid(
            "this meeting has no agenda document to hold its outcome; name the document with its decisions and next steps",
        ));
    };
    let doc = store_docs::by_id(tx, actor.id, agenda_id).await?;
    if !readable(actor, &doc) {
        return Err(OpError::NotFound("document"));
    }
    Ok(doc)
}

/// Creates a decision record for each decision not logged before; returns their slugs.
async fn log_decisions(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    meeting: &MeetingRecord,
    people: &[PersonRecord],
    notes: &DocumentRecord,
) -> OpResult<Vec<String>> {
    let mut seen: HashSet<String> = store::decisions(tx, meeting.id)
        .await?
        .into_iter()
        .map(|(key, _)| key)
        .collect();
    let date = meeting
        .starts_at
        .to_zoned(zone_of(tx, meeting.organiser_id).await?)
        .date();
    let deciders: Vec<String> = std::iter::once(meeting.organiser_handle.clone())
        .chain(
            people
                .iter()
                .filter(|p| p.attending)
                .map(|p| p.handle.clone()),
        )
        .collect();
    let steps = gate::next_steps(&notes.body);
    let source = RecordSource {
        meeting: &meeting.title,
        date,
        notes: &notes.slug,
        deciders: &deciders,
        next_steps: &steps,
    };
    let mut logged = Vec::new();
    for decision in gate::decisions(&notes.body) {
        let key = gate::decision_key(&decision.text);
        if !seen.insert(key.clone()) {
            continue;
        }
        let record = gate::decision_record(&decision, &source);
        let input = record_input(meeting, notes, record)?;
        let saved = docs::create_in(app, tx, actor, input, Some("accepted")).await?;
        store::add_decision(tx, meeting.id, &key, saved.doc.id, app.now()).await?;
        logged.push(saved.doc.slug);
    }
    Ok(logged)
}

/// A decision record in the meeting's space, owned by the organiser, as confidential as the
/// notes it came from.
fn record_input(
    meeting: &MeetingRecord,
    notes: &DocumentRecord,
    record: DecisionRecord,
) -> OpResult<NewDocInput> {
    let content = DocInput {
        title: record.title,
        intent: record.intent,
        classification: Some(notes.classification),
        owner: Some(Handle::parse(&meeting.organiser_handle).map_err(invalid)?),
        tags: vec!["meeting".to_owned()],
        fields: record.fields,
        body: record.body,
    };
    Ok(NewDocInput {
        space: meeting.space_slug.clone(),
        kind: "adr".to_owned(),
        parent: None,
        source_thread_id: None,
        content,
    })
}
