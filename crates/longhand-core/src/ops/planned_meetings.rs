//! Planned meetings and the meeting gate (DESIGN.md §1 rule 7, §2.6): register a meeting,
//! give it an agenda document, opt in or out of attending, record its outcome — whose
//! decisions become accepted decision records — or cancel it.
//!
//! The rules live in `longhand_domain::meetings::gate`; this module loads the meeting, its
//! documents and its people, asks the rules, and writes. Two jobs watch the clock: at 24 hours
//! before the start the gate flags a meeting without a complete agenda "no agenda, cancel",
//! and at the end the organiser is reminded that the outcome is due (`worker::planned_meetings`).
//!
//! Who sees what: a meeting is visible to everyone who can see its space and to whoever was
//! invited; its agenda and outcome are linked only for people who may read those documents,
//! and everyone invited must be able to read them, since the written record replaces being
//! there.

mod changes;
mod hours;
mod outcome;

pub use changes::{AgendaChoice, attend, cancel, set_agenda};
pub use hours::{HoursCheck, PersonTime, SlotHint, check_draft};
pub use outcome::record_outcome;

use super::asks::calendar_of;
use super::documents::{self as docs, readable};
use super::{Actor, App, OpError, OpResult, commit, forbidden, invalid, named};
use crate::ops::jobs::Job;
use crate::ops::notify::{Audience, Notice, Urgency, notify};
use crate::store::WriteTx;
use crate::store::documents::{self as store_docs};
use crate::store::members as store_members;
use crate::store::planned_meetings::{self as store, NewMeeting};
use crate::views::documents::DocumentRecord;
use crate::views::planned_meetings::{MeetingRecord, PersonRecord};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use longhand_domain::access::{self, SpaceFacts};
use longhand_domain::instant::at_storage_precision;
use longhand_domain::lint::ParsedDoc;
use longhand_domain::meetings::gate::{
    self, AgendaPart, Facts, Gate, Length, LengthAdvice, OutcomePart, Viewer,
};
use longhand_domain::names::Handle;
use longhand_domain::workspace::Role;
use serde_json::json;
use sqlx::AnyConnection;

/// The most people one meeting can invite.
const MAX_INVITED: usize = 100;
/// How long ended meetings stay in the list.
const RECENT: SignedDuration = SignedDuration::from_hours(24 * 14);

/// When a meeting starts, as the edge read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// An instant (the API's RFC 3339).
    At(Timestamp),
    /// A wall-clock time in the organiser's zone (the web form's date and time).
    Local(jiff::civil::DateTime),
}

/// A parsed request to register a meeting.
#[derive(Debug, Clone)]
pub struct NewMeetingInput {
    pub title: String,
    /// The slug of the space the meeting (and its agenda) belongs to.
    pub space: String,
    pub start: Start,
    pub minutes: i64,
    pub invited: Vec<Handle>,
    /// Create the agenda document from the meeting-notes template right away.
    pub create_agenda: bool,
}

/// A document a meeting links to, as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLink {
    pub slug: String,
    pub title: String,
}

impl DocLink {
    fn of(doc: &DocumentRecord) -> DocLink {
        DocLink {
            slug: doc.slug.clone(),
            title: doc.title.clone(),
        }
    }
}

/// What the viewer may do with a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rights {
    pub can_manage: bool,
    pub can_record: bool,
    pub can_attend: bool,
}

/// A meeting with its gate as it stands now, seen by one viewer.
#[derive(Debug, Clone)]
pub struct MeetingView {
    pub meeting: MeetingRecord,
    pub facts: Facts,
    pub gate: Gate,
    pub advice: Option<LengthAdvice>,
    pub people: Vec<PersonRecord>,
    /// The agenda, when one is linked and the viewer may read it.
    pub agenda: Option<DocLink>,
    /// An agenda is linked that the viewer may not read.
    pub agenda_hidden: bool,
    /// The outcome record, once recorded (and readable).
    pub outcome: Option<DocLink>,
    /// The decision records the outcome produced that the viewer may read.
    pub decisions: Vec<DocLink>,
    pub viewer_attending: bool,
    pub rights: Rights,
    /// Everyone's local time, with a warning for whoever it does not suit; the suggestion is
    /// filled for one meeting shown on its own (not in lists) while it can still move.
    pub hours: HoursCheck,
}

impl MeetingView {
    pub fn end(&self) -> Timestamp {
        self.facts.end()
    }

    /// Handles of the people attending: the organiser, then whoever opted in.
    pub fn attendees(&self) -> Vec<String> {
        let opted = self.people.iter().filter(|p| p.attending);
        std::iter::once(self.meeting.organiser_handle.clone())
            .chain(opted.map(|p| p.handle.clone()))
            .collect()
    }
}

/// The 25/50 advice for a length typed into a form (the register page's live hint).
pub fn length_advice(minutes: i64) -> OpResult<Option<LengthAdvice>> {
    Ok(Length::from_minutes(minutes).map_err(invalid)?.advice())
}

/// A member's time zone.
pub(crate) async fn zone_of(conn: &mut AnyConnection, member_id: i64) -> OpResult<TimeZone> {
    let member = store_members::by_id(conn, member_id).await?;
    Ok(calendar_of(&member.calendar, &member.handle)?
        .time_zone()
        .clone())
}

fn viewer_of(actor: &Actor, m: &MeetingRecord, people: &[PersonRecord]) -> Viewer {
    let space = SpaceFacts {
        visibility: m.space_visibility,
        membership: m.viewer_space_role,
    };
    let me = people.iter().find(|p| p.member_id == actor.id);
    Viewer {
        role: actor.role,
        space_visible: access::can_view_space(actor.role, space),
        organiser: m.organiser_id == actor.id,
        listed: me.is_some(),
        attending: me.is_some_and(|p| p.attending),
    }
}

/// Loads a meeting the actor may see; anything else is "not found".
pub(crate) async fn load_visible(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
) -> OpResult<(MeetingRecord, Vec<PersonRecord>, Viewer)> {
    let meeting = store::by_id(conn, actor.id, id)
        .await
        .map_err(named("meeting"))?;
    let people = store::people(conn, id).await?;
    let viewer = viewer_of(actor, &meeting, &people);
    if !gate::can_see(viewer) {
        return Err(OpError::NotFound("meeting"));
    }
    Ok((meeting, people, viewer))
}

/// A meeting's documents loaded for one viewer, and the gate's facts read from them.
pub(crate) struct Loaded {
    pub facts: Facts,
    pub agenda: Option<DocumentRecord>,
    pub outcome: Option<DocumentRecord>,
}

/// What a document still lacks as an agenda, and as an outcome record.
async fn gaps_of(
    conn: &mut AnyConnection,
    doc: &DocumentRecord,
) -> OpResult<(Vec<AgendaPart>, Vec<OutcomePart>)> {
    // A document of a custom kind whose template was since removed still has sections.
    let template = match docs::template_for(conn, doc.space_id, &doc.kind).await {
        Ok(template) => template,
        Err(OpError::Invalid(_)) => None,
        Err(err) => return Err(err),
    };
    let parsed = ParsedDoc::parse_body(&doc.body);
    Ok((
        gate::agenda_gaps(&parsed, template.as_ref()),
        gate::outcome_gaps(&parsed, template.as_ref()),
    ))
}

async fn doc(
    conn: &mut AnyConnection,
    viewer_id: i64,
    id: Option<i64>,
) -> OpResult<Option<DocumentRecord>> {
    match id {
        Some(id) => Ok(Some(store_docs::by_id(conn, viewer_id, id).await?)),
        None => Ok(None),
    }
}

/// Loads the agenda and outcome documents (as `viewer_id` sees them) and the gate's facts.
pub(crate) async fn load_facts(
    conn: &mut AnyConnection,
    viewer_id: i64,
    m: &MeetingRecord,
) -> OpResult<Loaded> {
    let agenda = doc(conn, viewer_id, m.agenda_id).await?;
    let outcome = doc(conn, viewer_id, m.outcome_id).await?;
    let agenda_gaps = match &agenda {
        Some(doc) => Some(gaps_of(conn, doc).await?.0),
        None => None,
    };
    let outcome_gaps = match outcome.as_ref().or(agenda.as_ref()) {
        Some(doc) => gaps_of(conn, doc).await?.1,
        None => OutcomePart::ALL.to_vec(),
    };
    let facts = Facts {
        start: m.starts_at,
        length: Length::from_minutes(m.minutes).map_err(|err| {
            OpError::Internal(anyhow::anyhow!("meeting {} is stored with {err}", m.id))
        })?,
        agenda_gaps,
        outcome_gaps,
        outcome_recorded: m.outcome_recorded_at.is_some(),
        flagged: m.flagged_at.is_some(),
        cancelled: m.cancelled_at.is_some(),
    };
    Ok(Loaded {
        facts,
        agenda,
        outcome,
    })
}

/// Builds what a viewer sees of a meeting at `now`.
pub(crate) async fn view(
    conn: &mut AnyConnection,
    actor: &Actor,
    meeting: MeetingRecord,
    people: Vec<PersonRecord>,
    now: Timestamp,
) -> OpResult<MeetingView> {
    let viewer = viewer_of(actor, &meeting, &people);
    let loaded = load_facts(conn, actor.id, &meeting).await?;
    let visible =
        |doc: &Option<DocumentRecord>| doc.as_ref().filter(|d| readable(actor, d)).map(DocLink::of);
    let agenda = visible(&loaded.agenda);
    let outcome = visible(&loaded.outcome.or_else(|| loaded.agenda.clone()))
        .filter(|_| meeting.outcome_recorded_at.is_some());
    let mut decisions = Vec::new();
    for (_, id) in store::decisions(conn, meeting.id).await? {
        let record = store_docs::by_id(conn, actor.id, id).await?;
        if readable(actor, &record) {
            decisions.push(DocLink::of(&record));
        }
    }
    let open = gate::check_open(&loaded.facts, now).is_ok();
    let hours = hours::of_meeting(conn, &meeting, &people, loaded.facts.length).await?;
    Ok(MeetingView {
        hours,
        gate: gate::gate(&loaded.facts, now),
        advice: loaded.facts.length.advice(),
        agenda_hidden: loaded.agenda.is_some() && agenda.is_none(),
        agenda,
        outcome,
        decisions,
        viewer_attending: viewer.organiser || viewer.attending,
        rights: Rights {
            can_manage: gate::can_manage(viewer),
            can_record: gate::can_record(viewer) && now >= meeting.starts_at,
            can_attend: open && !viewer.organiser,
        },
        facts: loaded.facts,
        people,
        meeting,
    })
}

/// One meeting with its gate.
pub async fn get(app: &App, actor: &Actor, id: i64) -> OpResult<MeetingView> {
    let mut conn = app.store().read().await?;
    let (meeting, people, _) = load_visible(&mut conn, actor, id).await?;
    let view = view(&mut conn, actor, meeting, people, app.now()).await?;
    Ok(with_suggestion(view, app.now()))
}

/// Adds the nearest slot that suits everyone to a meeting that has not started and does not
/// suit someone.
fn with_suggestion(mut view: MeetingView, now: Timestamp) -> MeetingView {
    let movable = view.meeting.cancelled_at.is_none() && now < view.meeting.starts_at;
    if movable {
        let length = view.facts.length.duration();
        view.hours.suggest(view.meeting.starts_at, length, now);
    }
    view
}

/// Meetings the actor may see that have not ended, or ended in the last two weeks, soonest
/// first.
pub async fn list(app: &App, actor: &Actor) -> OpResult<Vec<MeetingView>> {
    let now = app.now();
    let mut conn = app.store().read().await?;
    let mut out = Vec::new();
    for meeting in store::list_since(&mut conn, actor.id, now - RECENT, 200).await? {
        let people = store::people(&mut conn, meeting.id).await?;
        if gate::can_see(viewer_of(actor, &meeting, &people)) {
            out.push(view(&mut conn, actor, meeting, people, now).await?);
        }
    }
    Ok(out)
}

/// Reloads a meeting inside a write transaction and builds the actor's view of it.
pub(crate) async fn reload(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    id: i64,
) -> OpResult<MeetingView> {
    let meeting = store::by_id(tx, actor.id, id).await?;
    let people = store::people(tx, id).await?;
    view(tx, actor, meeting, people, app.now()).await
}

/// Registers a meeting: checked against the gate's rules, its people invited (none attends
/// until they opt in), its agenda created when asked, and its two jobs queued.
pub async fn register(app: &App, actor: &Actor, input: NewMeetingInput) -> OpResult<MeetingView> {
    if actor.role == Role::Guest {
        return Err(forbidden("guests can attend meetings, not register them"));
    }
    let title = gate::check_title(&input.title).map_err(invalid)?;
    super::one_line("title", &title)?;
    let length = Length::from_minutes(input.minutes).map_err(invalid)?;
    let now = app.now();
    let mut tx = app.store().write().await?;
    let start = resolve_start(&mut tx, actor, input.start).await?;
    gate::check_start(start, now).map_err(invalid)?;
    let space = super::spaces::visible_space(&mut tx, actor, &input.space).await?;
    let invited = invitees(&mut tx, actor, &input.invited).await?;
    let new = NewMeeting {
        title: &title,
        space_id: space.id,
        organiser_id: actor.id,
        starts_at: start,
        minutes: i64::from(length.minutes()),
        created_at: now,
    };
    let id = store::insert(&mut tx, &new).await?;
    for member in &invited {
        store::invite(&mut tx, id, member.member_id, now).await?;
    }
    let handles: Vec<&str> = invited.iter().map(|p| p.handle.as_str()).collect();
    let payload = json!({"meeting": id, "title": title, "space": space.slug, "start": start.to_string(), "minutes": length.minutes(), "invited": handles});
    app.record(&mut tx, Some(actor), "planned_meeting.registered", payload)
        .await?;
    schedule(app, &mut tx, id, start, length).await?;
    notify_invited(&mut tx, app, actor, id, &title, &invited).await?;
    if input.create_agenda {
        changes::agenda_in(app, &mut tx, actor, id, AgendaChoice::Create).await?;
    }
    let result = reload(app, &mut tx, actor, id).await?;
    commit(tx).await?;
    Ok(with_suggestion(result, now))
}

/// The start as an instant at storage precision: the row and the gate's jobs (whose
/// payloads are compared with it) must hold one value, whatever digits the edge sent.
async fn resolve_start(
    conn: &mut AnyConnection,
    actor: &Actor,
    start: Start,
) -> OpResult<Timestamp> {
    let at = match start {
        Start::At(at) => at,
        Start::Local(local) => {
            let zone = zone_of(conn, actor.id).await?;
            local
                .to_zoned(zone)
                .map_err(|_| invalid("the start is not a date and time we can place"))?
                .timestamp()
        }
    };
    Ok(at_storage_precision(at))
}

/// The people to invite: each handle once, the organiser left out; a handle that names
/// nobody, or someone deactivated, is refused.
async fn invitees(
    conn: &mut AnyConnection,
    actor: &Actor,
    handles: &[Handle],
) -> OpResult<Vec<PersonRecord>> {
    if handles.len() > MAX_INVITED {
        return Err(invalid(format!(
            "a meeting can invite at most {MAX_INVITED} people; share the notes with the rest"
        )));
    }
    let mut out: Vec<PersonRecord> = Vec::new();
    for handle in handles {
        let member = store_members::by_handle(conn, handle.as_str())
            .await
            .map_err(|_| invalid(format!("@{handle} is not a member")))?;
        if !member.active {
            return Err(invalid(format!("@{handle} is deactivated")));
        }
        if member.id == actor.id || out.iter().any(|p| p.member_id == member.id) {
            continue;
        }
        out.push(PersonRecord {
            member_id: member.id,
            handle: member.handle,
            name: member.name,
            role: member.role,
            invited: true,
            attending: false,
        });
    }
    Ok(out)
}

/// The gate's two jobs: the flag at the cutoff and the outcome reminder at the end.
async fn schedule(
    app: &App,
    tx: &mut WriteTx,
    id: i64,
    start: Timestamp,
    length: Length,
) -> OpResult<()> {
    Job::FlagMeeting {
        meeting_id: id,
        cutoff: start - gate::AGENDA_LEAD,
    }
    .enqueue(app, tx)
    .await?;
    Job::MeetingOutcomeDue {
        meeting_id: id,
        end: start + length.duration(),
    }
    .enqueue(app, tx)
    .await
}

async fn notify_invited(
    tx: &mut WriteTx,
    app: &App,
    actor: &Actor,
    id: i64,
    title: &str,
    invited: &[PersonRecord],
) -> OpResult<()> {
    for person in invited {
        let note = Notice {
            member_id: person.member_id,
            kind: "meeting.invited",
            title: &format!("{} invites you: {title}", actor.name),
            body: "Opt in if you need to be there; the written record is shared with everyone invited either way.",
            link: &format!("/meetings/planned/{id}"),
            dedupe_key: &format!("planned:{id}:invited:{}", person.member_id),
            urgency: Urgency::Normal,
            audience: Audience::Direct,
            space_id: None,
            subject: Some(&format!("meeting:{id}")),
        };
        notify(app, tx, &note).await?;
    }
    Ok(())
}

/// Refuses a document that someone invited may not read: the written record replaces being
/// there, so everyone invited must be able to read it.
pub(crate) async fn check_shared(
    conn: &mut AnyConnection,
    people: &[PersonRecord],
    doc: &DocumentRecord,
) -> OpResult<()> {
    for person in people.iter().filter(|p| p.invited) {
        let seen = store_docs::by_id(conn, person.member_id, doc.id).await?;
        let facts = docs::facts(person.role, person.member_id, &seen);
        if !longhand_domain::documents::can_read(facts) {
            return Err(invalid(format!(
                "@{} cannot read “{}” ({}): everyone invited must be able to read the meeting's record, so choose a document they can read",
                person.handle,
                doc.title,
                doc.classification.as_str()
            )));
        }
    }
    Ok(())
}

/// A gate rule's refusal, by what the caller does next: a meeting that is over, cancelled or
/// not yet started is a state conflict; anything else is input to fix.
pub(crate) fn refused(err: gate::GateError) -> OpError {
    use gate::GateError::{Cancelled, NotStarted, Over};
    match err {
        Over | Cancelled | NotStarted => OpError::Conflict(err.to_string()),
        other => invalid(other),
    }
}
