//! The meeting audit in the workspace (DESIGN.md §2.6): uploaded calendars, each member's
//! polled calendar feed, purposes set by hand, the report over all of it, and the overlap
//! finder.
//!
//! The report reads every stored calendar (uploads and the last good fetch of each feed),
//! matches attendees to members by email, takes each member's working hours from their
//! Longhand profile and their teams from the team list, and runs the domain's audit — the
//! same one `longhand audit` runs on files. Parsing and expanding is CPU work, so it runs on
//! the blocking pool rather than on the request's task, within the budgets of
//! [`crate::formats::audit_ics`], and the result is kept per input (`cache.rs`) so viewing the page
//! again costs a few small queries.

mod cache;

pub use cache::{CacheStats, ReportCache};

use super::{Actor, App, OpError, OpResult, commit, forbidden, invalid, named};
use crate::formats::audit_ics::{self, Collector};
use crate::formats::audit_report::Read;
use crate::formats::calendar_json::CalendarJson;
use crate::formats::calendar_problems::{self, Problem, ProblemList};
use crate::ops::jobs::Job;
use crate::store::meetings::{self as store, CalendarText, NewCalendar};
use crate::store::members as store_members;
use crate::views::meetings::{CalendarRecord, FeedRecord};
use jiff::Timestamp;
use jiff::civil::Date;
use longhand_domain::access;
use longhand_domain::calendar::Calendar;
use longhand_domain::meetings::{
    self, Audit, AuditInput, Member, Overlap, PilotComparison, Purpose, Window,
};
use longhand_domain::names::Handle;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The largest calendar accepted, uploaded or fetched.
pub const MAX_CALENDAR_BYTES: usize = 25 * 1024 * 1024;
/// The most people the overlap finder takes at once.
pub const MAX_OVERLAP_PEOPLE: usize = 20;

fn require_audit(actor: &Actor) -> OpResult<()> {
    if access::can_audit_meetings(actor.role) {
        Ok(())
    } else {
        Err(forbidden(
            "the meeting audit shows everyone's meetings; guests cannot open it",
        ))
    }
}

/// Whose calendar an upload is. Its owner attends every meeting it holds (unless they
/// declined it there), so a meeting sent to a group address counts everyone who has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarOwner {
    /// The member whose address the file names itself by (`X-WR-CALNAME`, as Google
    /// Calendar exports write it), else the uploader: the usual case of a member uploading
    /// their own export.
    AsTheFileSays,
    /// Not one person's calendar: a shared or team calendar, or an export of someone who is
    /// not a member.
    Nobody,
    /// This member's (only an admin may name someone else).
    Member(Handle),
}

impl CalendarOwner {
    /// `""` or `auto`, `none`, or a member's handle (with or without `@`).
    pub fn parse(raw: &str) -> OpResult<CalendarOwner> {
        match raw.trim() {
            "" | "auto" => Ok(CalendarOwner::AsTheFileSays),
            "none" => Ok(CalendarOwner::Nobody),
            handle => Handle::parse(handle.trim_start_matches('@'))
                .map(CalendarOwner::Member)
                .map_err(|err| invalid(format!("the calendar's owner: {err}"))),
        }
    }
}

/// Stores an uploaded `.ics` file. A file from which nothing can be used (text that is not
/// iCalendar, or no event that could be read) is refused with its problems, each naming its
/// line; a file with some good events is stored, and its problems (what a report will skip or
/// leave out, over the year either side of the upload) stay with the calendar.
pub async fn upload(
    app: &App,
    actor: &Actor,
    name: &str,
    bytes: &[u8],
    owner: &CalendarOwner,
) -> OpResult<CalendarRecord> {
    require_audit(actor)?;
    let name = calendar_name(name)?;
    if bytes.len() > MAX_CALENDAR_BYTES {
        return Err(invalid("a calendar can be at most 25 MB"));
    }
    let text = String::from_utf8_lossy(bytes).into_owned();
    // Checked before parsing, so a NUL is refused the same way on both databases whatever
    // the parser makes of it.
    super::multi_line(&format!("calendar {name}"), &text)?;
    let probe = probe_window(app.now())?;
    let (text, checked) = tokio::task::spawn_blocking(move || {
        let checked = check_calendar(&name, &text, probe).map(|problems| (name, problems));
        (text, checked)
    })
    .await
    .map_err(|err| OpError::Internal(anyhow::anyhow!("reading the calendar failed: {err}")))?;
    let (name, mut checked) = checked?;
    let mut tx = app.store().write().await?;
    let owner_id = owner_of(&mut tx, actor, owner, &text, &name, &mut checked.problems).await?;
    let listed = ProblemList::new(&checked.problems);
    let new = NewCalendar {
        name: &name,
        uploaded_by: actor.id,
        uploaded_at: app.now(),
        series: checked.series as i64,
        skipped: checked.skipped as i64,
        problems: &listed,
        body: &text,
        owner_id,
    };
    let id = store::insert_calendar(&mut tx, &new).await?;
    let payload = json!({ "calendar": id, "name": name, "bytes": text.len(), "series": new.series, "skipped": new.skipped, "problems": listed.count, "owner": owner_id });
    app.record(&mut tx, Some(actor), "meetings.calendar_uploaded", payload)
        .await?;
    let record = store::calendar(&mut tx, id).await?;
    commit(tx).await?;
    Ok(record)
}

/// The member `choice` makes an upload's owner, checked against what the actor may do; a
/// file naming an address that is no member's is nobody's, said in `problems`.
async fn owner_of(
    conn: &mut sqlx::AnyConnection,
    actor: &Actor,
    choice: &CalendarOwner,
    text: &str,
    name: &str,
    problems: &mut Vec<Problem>,
) -> OpResult<Option<i64>> {
    let member = match choice {
        CalendarOwner::Nobody => return Ok(None),
        CalendarOwner::Member(handle) => store_members::by_handle(&mut *conn, handle.as_str())
            .await
            .map_err(named("member"))?,
        CalendarOwner::AsTheFileSays => match audit_ics::named_owner(text.as_bytes()) {
            None => return Ok(Some(actor.id)),
            Some(email) => match store_members::by_email(&mut *conn, &email).await {
                Ok(member) => member,
                Err(crate::store::StoreError::NotFound) => {
                    problems.push(Problem::of(
                        name,
                        format!(
                            "the file is {email}'s calendar (X-WR-CALNAME), who is not a \
                             member: it is kept as not one person's calendar"
                        ),
                    ));
                    return Ok(None);
                }
                Err(other) => return Err(other.into()),
            },
        },
    };
    if !access::can_upload_calendar_of(actor.role, member.id == actor.id) {
        return Err(OpError::Forbidden(format!(
            "this is @{}'s calendar; only an admin can upload a calendar for another member \
             (choose \"not one person's calendar\" to upload it as a shared one)",
            member.handle
        )));
    }
    Ok(Some(member.id))
}

/// The year either side of `now`: where the problems of an upload or a fetched feed are
/// looked for.
pub(crate) fn probe_window(now: Timestamp) -> OpResult<Window> {
    let year = jiff::SignedDuration::from_hours(365 * 24);
    now.checked_sub(year)
        .ok()
        .zip(now.checked_add(year).ok())
        .and_then(|(from, to)| Window::new(from, to))
        .ok_or_else(|| invalid("the clock is out of range"))
}

/// What reading a calendar found: enough to use it, and its problems.
#[derive(Debug)]
pub(crate) struct Checked {
    pub series: usize,
    pub skipped: usize,
    /// Every problem, for counting; listing them is the caller's.
    pub problems: Vec<Problem>,
}

/// Parses a calendar (an upload or a fetched feed) and expands it over `probe` within one
/// calendar's budget, for its problems; CPU work, for the blocking pool. A calendar from which
/// nothing can be used is [`OpError::Unusable`].
pub(crate) fn check_calendar(name: &str, text: &str, probe: Window) -> OpResult<Checked> {
    let calendar = longhand_ical::parse(text).map_err(|err| {
        let problem = Problem::unreadable(name, &err);
        OpError::Unusable {
            message: problem.to_string(),
            problems: ProblemList::new(&[problem]),
        }
    })?;
    let problems = audit_ics::warnings(name, &calendar, probe);
    if !calendar_problems::usable(&calendar) {
        return Err(unusable(name, problems));
    }
    Ok(Checked {
        series: calendar.series.len(),
        skipped: calendar.skipped.len(),
        problems,
    })
}

/// The error for a calendar without a single usable event, listing why. A file with no
/// problem at all simply holds no event, and says so.
fn unusable(name: &str, problems: Vec<Problem>) -> OpError {
    let problems = calendar_problems::why_unusable(name, &problems);
    OpError::Unusable {
        message: calendar_problems::no_usable_events(name, problems.len()),
        problems: ProblemList::new(&problems),
    }
}

fn calendar_name(raw: &str) -> OpResult<String> {
    let name = raw.trim();
    if name.chars().count() > 200 {
        return Err(invalid("the calendar's name can be at most 200 characters"));
    }
    super::one_line("calendar's name", name)?;
    Ok(if name.is_empty() {
        "calendar.ics"
    } else {
        name
    }
    .to_owned())
}

/// Every uploaded calendar, newest first.
pub async fn calendars(app: &App, actor: &Actor) -> OpResult<Vec<CalendarRecord>> {
    require_audit(actor)?;
    let mut conn = app.store().read().await?;
    Ok(store::calendars(&mut conn).await?)
}

/// Deletes an uploaded calendar: its uploader or an admin may.
pub async fn delete_calendar(app: &App, actor: &Actor, id: i64) -> OpResult<()> {
    require_audit(actor)?;
    let mut tx = app.store().write().await?;
    let record = store::calendar(&mut tx, id)
        .await
        .map_err(named("calendar"))?;
    if !access::can_delete_calendar(actor.role, record.uploaded_by == actor.id) {
        return Err(forbidden(
            "only the person who uploaded a calendar, or an admin, can delete it",
        ));
    }
    store::delete_calendar(&mut tx, id).await?;
    let payload = json!({ "calendar": id, "name": record.name });
    app.record(&mut tx, Some(actor), "meetings.calendar_deleted", payload)
        .await?;
    commit(tx).await
}

/// A calendar feed's address: `https://…` (or `webcal://…`, which means the same), or plain
/// `http://` to this machine only, for a local proxy or a test server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedUrl(String);

impl FeedUrl {
    pub fn parse(raw: &str) -> OpResult<FeedUrl> {
        let raw = raw.trim();
        let url = match raw.strip_prefix("webcal://") {
            Some(rest) => format!("https://{rest}"),
            None => raw.to_owned(),
        };
        let parsed = reqwest::Url::parse(&url).map_err(|_| {
            invalid("the feed must be a full address, like https://calendar.example.com/me.ics")
        })?;
        let host = parsed.host_str().unwrap_or_default();
        let loopback = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
        match parsed.scheme() {
            "https" if !host.is_empty() => Ok(FeedUrl(url)),
            "http" if loopback => Ok(FeedUrl(url)),
            "http" => Err(invalid(
                "calendar feeds are fetched over https only (webcal:// works too)",
            )),
            _ => Err(invalid("the feed must be an https:// or webcal:// address")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host alone, for the event log: a feed's full address is often a secret.
    fn host(&self) -> String {
        reqwest::Url::parse(&self.0)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// Registers (or replaces) the actor's calendar feed and fetches it as soon as the job worker
/// runs.
pub async fn set_feed(app: &App, actor: &Actor, url: &FeedUrl) -> OpResult<FeedRecord> {
    require_audit(actor)?;
    let now = app.now();
    let mut tx = app.store().write().await?;
    store::set_feed(&mut tx, actor.id, url.as_str(), now).await?;
    Job::PollCalendarFeed {
        member_id: actor.id,
        run_at: now,
    }
    .enqueue(app, &mut tx)
    .await?;
    let payload = json!({ "member": actor.handle, "host": url.host() });
    app.record(&mut tx, Some(actor), "meetings.feed_set", payload)
        .await?;
    let feed = store::feed(&mut tx, actor.id)
        .await?
        .ok_or(OpError::NotFound("calendar feed"))?;
    commit(tx).await?;
    Ok(feed)
}

/// Removes the actor's calendar feed and what it brought.
pub async fn clear_feed(app: &App, actor: &Actor) -> OpResult<()> {
    require_audit(actor)?;
    let mut tx = app.store().write().await?;
    store::delete_feed(&mut tx, actor.id)
        .await
        .map_err(named("calendar feed"))?;
    let payload = json!({ "member": actor.handle });
    app.record(&mut tx, Some(actor), "meetings.feed_removed", payload)
        .await?;
    commit(tx).await
}

/// The actor's calendar feed, if any.
pub async fn my_feed(app: &App, actor: &Actor) -> OpResult<Option<FeedRecord>> {
    require_audit(actor)?;
    let mut conn = app.store().read().await?;
    Ok(store::feed(&mut conn, actor.id).await?)
}

/// Every member's feed status (callers show the address only to its owner).
pub async fn feeds(app: &App, actor: &Actor) -> OpResult<Vec<FeedRecord>> {
    require_audit(actor)?;
    let mut conn = app.store().read().await?;
    Ok(store::feeds(&mut conn).await?)
}

/// A feed's status word: `waiting` (never fetched), `ok`, or `failing` (the last attempt
/// failed; a retry is scheduled).
pub fn feed_status(feed: &FeedRecord) -> &'static str {
    match (&feed.last_error, feed.fetched_at) {
        (Some(_), _) => "failing",
        (None, Some(_)) => "ok",
        (None, None) => "waiting",
    }
}

/// Sets a recurring series' purpose by hand, or hands it back to the classifier (`None`).
pub async fn set_purpose(
    app: &App,
    actor: &Actor,
    series: &str,
    purpose: Option<Purpose>,
) -> OpResult<()> {
    require_audit(actor)?;
    let series = series.trim();
    if series.is_empty() || series.len() > 1000 {
        return Err(invalid("name the series by its UID (1 to 1000 characters)"));
    }
    let mut tx = app.store().write().await?;
    match purpose {
        Some(p) => store::set_purpose(&mut tx, series, p.label(), actor.id, app.now()).await?,
        None => {
            store::clear_purpose(&mut tx, series).await?;
        }
    }
    let payload = json!({ "series": series, "purpose": purpose.map(|p| p.label()) });
    app.record(&mut tx, Some(actor), "meetings.purpose_set", payload)
        .await?;
    commit(tx).await
}

/// The report's figures, before they become wire types.
#[derive(Debug)]
pub struct ReportData {
    pub audit: Audit,
    pub comparison: Option<PilotComparison>,
    /// Occurrences read and what was skipped while reading the stored calendars.
    pub read: Read,
    /// How many calendars (uploads and fetched feeds) were read.
    pub calendars: usize,
}

/// Everything the audit reads from the store but the calendars' text.
struct Inputs {
    members: Vec<Member>,
    overrides: BTreeMap<String, Purpose>,
    written_together: std::collections::BTreeSet<(String, String)>,
    /// A hash of the above, for the cache key.
    fingerprint: u64,
}

/// The audit of every stored calendar over `window`, compared with `baseline` when given;
/// the same inputs give the kept report without computing it again.
pub async fn report(
    app: &App,
    actor: &Actor,
    window: Window,
    baseline: Option<Window>,
) -> OpResult<Arc<ReportData>> {
    require_audit(actor)?;
    let mut conn = app.store().read().await?;
    let inputs = inputs(&mut conn).await?;
    let key = |calendars: Vec<(String, String)>| cache::Key {
        calendars,
        people: inputs.fingerprint,
        window: micros(window),
        baseline: baseline.map(micros),
    };
    let versions = store::calendar_versions(&mut conn).await?;
    if let Some(kept) = app.report_cache().get(&key(versions)) {
        return Ok(kept);
    }
    let texts = store::calendar_texts(&mut conn).await?;
    drop(conn);
    // The key comes from the texts actually read, so a calendar uploaded between the two
    // queries is never kept under the versions that did not have it.
    let key = key(texts
        .iter()
        .map(|t| (t.name.clone(), t.version.clone()))
        .collect());
    let data = tokio::task::spawn_blocking(move || compute(inputs, &texts, window, baseline))
        .await
        .map_err(|err| OpError::Internal(anyhow::anyhow!("the audit did not finish: {err}")))?;
    let data = Arc::new(data);
    app.report_cache().insert(key, Arc::clone(&data));
    Ok(data)
}

/// How often reports were built and served from the cache (for tests and diagnostics).
pub fn report_cache_stats(app: &App) -> CacheStats {
    app.report_cache().stats()
}

fn micros(window: Window) -> (i64, i64) {
    (window.from().as_microsecond(), window.to().as_microsecond())
}

async fn inputs(conn: &mut sqlx::AnyConnection) -> OpResult<Inputs> {
    let records = store_members::list(&mut *conn).await?;
    let mut teams: HashMap<i64, Vec<String>> = HashMap::new();
    for (member_id, team) in store::team_names(&mut *conn).await? {
        teams.entry(member_id).or_default().push(team);
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let mut members = Vec::new();
    for m in records.into_iter().filter(|m| m.active) {
        let member_teams = teams.remove(&m.id).unwrap_or_default();
        (&m.email, &m.name, &m.calendar, &member_teams).hash(&mut hasher);
        members.push(Member {
            calendar: stored_calendar(&m.calendar, &m.handle)?,
            teams: member_teams,
            email: m.email.to_lowercase(),
            name: m.name,
        });
    }
    let overrides: BTreeMap<String, Purpose> = store::purposes(&mut *conn)
        .await?
        .into_iter()
        .filter_map(|p| Some((p.series, Purpose::parse(&p.purpose)?)))
        .collect();
    let written_together = written_together(&mut *conn).await?;
    for (series, purpose) in &overrides {
        (series, purpose.label()).hash(&mut hasher);
    }
    written_together.hash(&mut hasher);
    Ok(Inputs {
        members,
        overrides,
        written_together,
        fingerprint: hasher.finish(),
    })
}

/// Pairs of people (emails) who have written in the same thread: part of how well they know
/// each other, for the ConveRel quadrants.
async fn written_together(
    conn: &mut sqlx::AnyConnection,
) -> OpResult<std::collections::BTreeSet<(String, String)>> {
    let mut by_thread: HashMap<i64, Vec<String>> = HashMap::new();
    for (thread, email) in crate::store::threads::participants(conn).await? {
        by_thread
            .entry(thread)
            .or_default()
            .push(email.to_lowercase());
    }
    let mut pairs = std::collections::BTreeSet::new();
    for mut people in by_thread.into_values() {
        people.sort();
        people.dedup();
        for (i, a) in people.iter().enumerate() {
            for b in &people[i + 1..] {
                pairs.insert((a.clone(), b.clone()));
            }
        }
    }
    Ok(pairs)
}

fn stored_calendar(text: &str, handle: &str) -> OpResult<Calendar> {
    CalendarJson::parse_text(text).map_err(|err| {
        OpError::Internal(anyhow::anyhow!(
            "stored calendar of {handle} is invalid: {err}"
        ))
    })
}

fn compute(
    inputs: Inputs,
    texts: &[CalendarText],
    window: Window,
    baseline: Option<Window>,
) -> ReportData {
    let hull = match baseline {
        Some(b) => {
            Window::new(b.from().min(window.from()), b.to().max(window.to())).unwrap_or(window)
        }
        None => window,
    };
    let mut collector = Collector::default();
    for text in texts {
        match longhand_ical::parse(&text.body) {
            Ok(calendar) => {
                let owner = text.owner.as_deref().map(str::to_lowercase);
                collector.add(&text.name, owner.as_deref(), &calendar, hull);
            }
            Err(err) => collector.notes.push(Problem::unreadable(&text.name, &err)),
        }
    }
    let audit_of = |window: Window| {
        meetings::audit(&AuditInput {
            window,
            members: &inputs.members,
            meetings: &collector.meetings,
            overrides: &inputs.overrides,
            shared_tenure: &BTreeMap::new(),
            written_together: &inputs.written_together,
            groups: &collector.groups,
        })
    };
    let audit = audit_of(window);
    let comparison = baseline.map(|b| meetings::compare(&audit_of(b), &audit));
    ReportData {
        audit,
        comparison,
        read: Read {
            occurrences: collector.occurrences,
            problems: collector.notes.clone(),
        },
        calendars: texts.len(),
    }
}

/// The people whose overlap was asked for, with their calendars.
#[derive(Debug)]
pub struct OverlapView {
    pub people: Vec<(crate::views::members::MemberRecord, Calendar)>,
    pub overlap: Overlap,
}

/// When all of `handles` work in the week holding `day` (the viewer's today by default),
/// weeks running Monday to Monday on the viewer's wall clock.
pub async fn overlap(
    app: &App,
    actor: &Actor,
    handles: &[Handle],
    day: Option<Date>,
) -> OpResult<OverlapView> {
    if !access::can_view_members(actor.role) {
        return Err(forbidden("you cannot see other people's working hours"));
    }
    if handles.len() < 2 || handles.len() > MAX_OVERLAP_PEOPLE {
        return Err(invalid(format!(
            "pick between 2 and {MAX_OVERLAP_PEOPLE} people to find their shared hours"
        )));
    }
    let mut conn = app.store().read().await?;
    let viewer = store_members::by_id(&mut conn, actor.id).await?;
    let zone = stored_calendar(&viewer.calendar, &viewer.handle)?
        .time_zone()
        .clone();
    let mut people = Vec::with_capacity(handles.len());
    for handle in handles {
        let member = store_members::by_handle(&mut conn, handle.as_str())
            .await
            .map_err(named("member"))?;
        let calendar = stored_calendar(&member.calendar, &member.handle)?;
        people.push((member, calendar));
    }
    let day = day.unwrap_or_else(|| app.now().to_zoned(zone.clone()).date());
    let week = meetings::week_of(day, &zone).ok_or_else(|| invalid("that week is out of range"))?;
    let calendars: Vec<Calendar> = people.iter().map(|(_, c)| c.clone()).collect();
    let overlap = meetings::overlap(&calendars, week).map_err(invalid)?;
    Ok(OverlapView { people, overlap })
}

/// "ana, @ben" into handles.
pub fn parse_handles(raw: &str) -> OpResult<Vec<Handle>> {
    raw.split([',', ' '])
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(|h| Handle::parse(h).map_err(invalid))
        .collect()
}

/// The instant a report window bound names: a date is 00:00 UTC of that day.
pub fn parse_bound(raw: &str, what: &str) -> OpResult<Timestamp> {
    let raw = raw.trim();
    if let Ok(instant) = longhand_domain::instant::parse(raw) {
        return Ok(instant);
    }
    raw.parse::<Date>()
        .ok()
        .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp())
        .ok_or_else(|| {
            invalid(format!(
                "{what} \"{raw}\" is neither a date (2026-03-02) nor an RFC 3339 instant"
            ))
        })
}

/// A report window from optional bounds: by default the four weeks before today (UTC).
pub fn window(from: Option<&str>, to: Option<&str>, now: Timestamp) -> OpResult<Window> {
    let to = match to {
        Some(raw) => parse_bound(raw, "to")?,
        None => {
            let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
            parse_bound(&today.to_string(), "to")?
        }
    };
    let from = match from {
        Some(raw) => parse_bound(raw, "from")?,
        None => to
            .checked_sub(jiff::SignedDuration::from_hours(28 * 24))
            .map_err(invalid)?,
    };
    let window = Window::new(from, to)
        .ok_or_else(|| invalid(format!("the start ({from}) must be before the end ({to})")))?;
    if window.weeks() > 106.0 {
        return Err(invalid("a report covers at most two years"));
    }
    Ok(window)
}
