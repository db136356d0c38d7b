//! Reading a calendar file into [`Calendar`]: components to events, TZIDs to zones, events to
//! series.
//!
//! The reader is forgiving by design. Calendar exports are produced by many tools and edited by
//! hand; one bad event must not hide a team's whole calendar. So only input that is not
//! iCalendar at all is an error; everything else that cannot be used is skipped and listed in
//! [`Calendar::skipped`] with its line.

use std::collections::HashMap;

use jiff::tz::TimeZone;

use crate::lex::{self, Component, ContentLine};
use crate::model::{
    Attendee, Calendar, Event, Organizer, ParseError, PartStat, RDate, RecurrenceId, Role, Series,
    Status, When,
};
use crate::rrule::Rule;
use crate::value::{self, Moment};
use crate::{Skipped, vtimezone, windows};

/// Parses iCalendar text.
///
/// # Example
/// ```
/// let cal = longhand_ical::parse("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20260105T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").unwrap();
/// assert_eq!(cal.series[0].uid, "1");
/// assert!(cal.skipped.is_empty());
/// ```
pub fn parse(input: &str) -> Result<Calendar, ParseError> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut skipped = Vec::new();
    let lines = read_lines(input, &mut skipped)?;
    let calendars: Vec<Component<'_>> = lex::components(lines, &mut skipped)?
        .into_iter()
        .filter(|c| c.name == "VCALENDAR")
        .collect();
    if calendars.is_empty() {
        return Err(ParseError {
            line: 1,
            message: "no BEGIN:VCALENDAR found".into(),
        });
    }
    let mut builder = Builder {
        series: Vec::new(),
        by_uid: HashMap::new(),
        skipped,
    };
    for cal in &calendars {
        builder.add_calendar(cal);
    }
    builder.skipped.sort_by_key(|s| s.line);
    Ok(Calendar {
        series: builder.series,
        skipped: builder.skipped,
    })
}

/// Parses iCalendar bytes; invalid UTF-8 is replaced rather than rejected, since a stray Latin-1
/// byte in a description should not cost the whole file.
pub fn parse_bytes(input: &[u8]) -> Result<Calendar, ParseError> {
    parse(&String::from_utf8_lossy(input))
}

/// Unfolds and splits lines, insisting that the file starts like an iCalendar file.
fn read_lines<'a>(
    input: &'a str,
    skipped: &mut Vec<Skipped>,
) -> Result<Vec<ContentLine<'a>>, ParseError> {
    let mut out = Vec::new();
    for (n, text) in lex::unfold(input) {
        match lex::parse_line(n, text) {
            Some(line) => out.push(line),
            None if out.is_empty() => break,
            None => skipped.push(Skipped::new(n, "line without `name:value` ignored".into())),
        }
    }
    match out.first() {
        Some(l) if l.name == "BEGIN" && l.value.trim().eq_ignore_ascii_case("VCALENDAR") => Ok(out),
        Some(l) => Err(ParseError {
            line: l.line,
            message: "not an iCalendar file: expected BEGIN:VCALENDAR".into(),
        }),
        None => {
            let line = lex::unfold(input).first().map_or(1, |(n, _)| *n);
            Err(ParseError {
                line,
                message: "not an iCalendar file: expected BEGIN:VCALENDAR".into(),
            })
        }
    }
}

/// Collects events into series across every VCALENDAR of the input.
struct Builder {
    series: Vec<Series>,
    by_uid: HashMap<String, usize>,
    skipped: Vec<Skipped>,
}

impl Builder {
    fn add_calendar(&mut self, cal: &Component<'_>) {
        let mut zones = Zones::new(cal);
        for comp in cal.children.iter().filter(|c| c.name == "VEVENT") {
            if let Some(event) = read_event(comp, &mut zones, &mut self.skipped) {
                self.add_event(event);
            }
        }
        self.skipped.append(&mut zones.skipped);
    }

    fn add_event(&mut self, event: Event) {
        let idx = match self.by_uid.get(&event.uid) {
            Some(&i) if !event.uid.is_empty() => i,
            _ => {
                self.series.push(Series {
                    uid: event.uid.clone(),
                    master: None,
                    overrides: Vec::new(),
                });
                self.by_uid.insert(event.uid.clone(), self.series.len() - 1);
                self.series.len() - 1
            }
        };
        let Some(series) = self.series.get_mut(idx) else {
            return;
        };
        if event.recurrence_id.is_some() {
            add_override(series, event, &mut self.skipped);
        } else {
            add_master(series, event, &mut self.skipped);
        }
    }
}

/// Two masters with one UID are two versions of the same event; the higher SEQUENCE is the
/// newer one (the first one wins a tie).
fn add_master(series: &mut Series, event: Event, skipped: &mut Vec<Skipped>) {
    match &series.master {
        Some(old) if old.sequence >= event.sequence => {
            skipped.push(Skipped::new(
                event.line,
                format!("duplicate VEVENT for UID `{}` skipped", event.uid),
            ));
        }
        Some(old) => {
            skipped.push(Skipped::new(
                old.line,
                format!("VEVENT for UID `{}` replaced by a newer SEQUENCE", old.uid),
            ));
            series.master = Some(event);
        }
        None => series.master = Some(event),
    }
}

fn add_override(series: &mut Series, event: Event, skipped: &mut Vec<Skipped>) {
    let key = |e: &Event| e.recurrence_id.as_ref().map(|r| r.value.instant_secs());
    let rid = key(&event);
    match series.overrides.iter().position(|o| key(o) == rid) {
        Some(i) if series.overrides[i].sequence >= event.sequence => {
            skipped.push(Skipped::new(
                event.line,
                "duplicate RECURRENCE-ID skipped".into(),
            ));
        }
        Some(i) => series.overrides[i] = event,
        None => {
            let at = series.overrides.partition_point(|o| key(o) < rid);
            series.overrides.insert(at, event);
        }
    }
}

/// Resolves TZIDs for one VCALENDAR, caching each answer.
struct Zones<'c, 'a> {
    vtimezones: HashMap<String, &'c Component<'a>>,
    /// The calendar's `X-WR-TIMEZONE`, when it names a zone we know.
    calendar_zone: Option<TimeZone>,
    cache: HashMap<String, Option<TimeZone>>,
    skipped: Vec<Skipped>,
}

impl<'c, 'a> Zones<'c, 'a> {
    fn new(cal: &'c Component<'a>) -> Self {
        let vtimezones = cal
            .children
            .iter()
            .filter(|c| c.name == "VTIMEZONE")
            .filter_map(|c| Some((c.prop("TZID")?.value.trim().to_owned(), c)))
            .collect();
        let mut zones = Zones {
            vtimezones,
            calendar_zone: None,
            cache: HashMap::new(),
            skipped: Vec::new(),
        };
        if let Some(p) = cal.prop("X-WR-TIMEZONE") {
            zones.calendar_zone = zones.get(&p.value, p.line);
        }
        zones
    }

    /// A UTC time from the file. Google Calendar feeds write every time in UTC and name the
    /// calendar's zone in the non-standard `X-WR-TIMEZONE`, meaning that events repeat on that
    /// zone's wall clock (a weekly 15:00 London meeting stays at 15:00 in summer). Readers
    /// such as `x-wr-timezone`/`recurring_ical_events` honour that, and so do we: the instant
    /// is unchanged, only the clock it repeats on.
    fn utc(&self, dt: jiff::civil::DateTime) -> When {
        let Some(tz) = &self.calendar_zone else {
            return When::Zoned(dt, TimeZone::UTC);
        };
        match TimeZone::UTC.to_timestamp(dt) {
            Ok(t) => When::Zoned(tz.to_datetime(t), tz.clone()),
            Err(_) => When::Zoned(dt, TimeZone::UTC),
        }
    }

    /// The zone for a TZID, reporting (once) a TZID that nothing can resolve.
    fn get(&mut self, tzid: &str, line: usize) -> Option<TimeZone> {
        let tzid = tzid.trim();
        if let Some(hit) = self.cache.get(tzid) {
            return hit.clone();
        }
        let found = self.resolve(tzid);
        if found.is_none() {
            self.skipped.push(Skipped::new(
                line,
                format!("unknown TZID `{tzid}`: times read as floating"),
            ));
        }
        self.cache.insert(tzid.to_owned(), found.clone());
        found
    }

    /// IANA names first, then Windows names, then IANA names hidden behind a vendor prefix
    /// (`/mozilla.org/20050126_1/Europe/Berlin`), and only then the file's own VTIMEZONE:
    /// the tz database knows about rule changes that a years-old export cannot.
    fn resolve(&mut self, tzid: &str) -> Option<TimeZone> {
        if let Some(tz) = iana(tzid) {
            return Some(tz);
        }
        if let Some(tz) = windows::iana_for_windows(tzid).and_then(iana) {
            return Some(tz);
        }
        if let Some(tz) = suffix_zone(tzid) {
            return Some(tz);
        }
        let comp = self.vtimezones.get(tzid)?;
        match vtimezone::zone_from_vtimezone(tzid, comp) {
            Ok(tz) => Some(tz),
            Err(e) => {
                self.skipped.push(Skipped::new(comp.line, e));
                None
            }
        }
    }
}

/// A zone from the tz database. Names with characters no tz name has are refused up front, so
/// odd TZIDs never reach the database.
fn iana(name: &str) -> Option<TimeZone> {
    let plausible = !name.is_empty()
        && name.len() < 64
        && !name.contains("..")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/_-+".contains(&b));
    if !plausible {
        return None;
    }
    crate::zones::get(name)
}

fn suffix_zone(tzid: &str) -> Option<TimeZone> {
    let parts: Vec<&str> = tzid.split('/').filter(|p| !p.is_empty()).collect();
    (1..parts.len()).find_map(|skip| iana(&parts[skip..].join("/")))
}

/// Reads one VEVENT; `None` (with a reason in `skipped`) when it cannot be used.
fn read_event(
    comp: &Component<'_>,
    zones: &mut Zones<'_, '_>,
    skipped: &mut Vec<Skipped>,
) -> Option<Event> {
    let Some(dtstart) = comp.prop("DTSTART") else {
        skipped.push(Skipped::new(
            comp.line,
            "VEVENT without DTSTART skipped".into(),
        ));
        return None;
    };
    let Some(start) = read_when(dtstart, zones) else {
        skipped.push(Skipped::new(
            dtstart.line,
            format!("VEVENT with unreadable DTSTART `{}` skipped", dtstart.value),
        ));
        return None;
    };
    let mut event = Event {
        line: comp.line,
        uid: comp
            .prop("UID")
            .map(|p| p.value.trim().to_owned())
            .unwrap_or_default(),
        summary: comp
            .prop("SUMMARY")
            .map(|p| value::unescape_text(&p.value))
            .unwrap_or_default(),
        start,
        end: None,
        duration: None,
        status: comp
            .prop("STATUS")
            .map_or(Status::Unset, |p| status(&p.value)),
        sequence: comp
            .prop("SEQUENCE")
            .and_then(|p| p.value.trim().parse().ok())
            .unwrap_or(0),
        organizer: comp.prop("ORGANIZER").map(organizer),
        attendees: comp.props_named("ATTENDEE").map(attendee).collect(),
        rrules: Vec::new(),
        rdates: Vec::new(),
        exdates: Vec::new(),
        recurrence_id: None,
    };
    read_length(comp, &mut event, zones, skipped);
    read_recurrence(comp, &mut event, zones, skipped);
    Some(event)
}

/// DTEND or DURATION. An end before the start is a typo we cannot fix, so the event is kept
/// with the default length instead.
fn read_length(
    comp: &Component<'_>,
    event: &mut Event,
    zones: &mut Zones<'_, '_>,
    skipped: &mut Vec<Skipped>,
) {
    if let Some(p) = comp.prop("DTEND") {
        match read_when(p, zones) {
            Some(end) if end.timestamp() >= event.start.timestamp() => event.end = Some(end),
            Some(_) => skipped.push(Skipped::new(p.line, "DTEND before DTSTART ignored".into())),
            None => skipped.push(Skipped::new(
                p.line,
                format!("unreadable DTEND `{}` ignored", p.value),
            )),
        }
    } else if let Some(p) = comp.prop("DURATION") {
        match value::parse_duration(&p.value) {
            Some(len) if len.days >= 0 && len.seconds >= 0 => event.duration = Some(len),
            _ => skipped.push(Skipped::new(
                p.line,
                format!("unusable DURATION `{}` ignored", p.value),
            )),
        }
    }
}

fn read_recurrence(
    comp: &Component<'_>,
    event: &mut Event,
    zones: &mut Zones<'_, '_>,
    skipped: &mut Vec<Skipped>,
) {
    for p in comp.props_named("RRULE") {
        match Rule::parse(&p.value) {
            Ok(rule) => event.rrules.push(rule),
            Err(e) => skipped.push(Skipped::new(p.line, format!("RRULE ignored: {e}"))),
        }
    }
    for p in comp.props_named("RDATE") {
        read_rdates(p, event, zones, skipped);
    }
    for p in comp.props_named("EXDATE") {
        for v in p.value.split(',').filter(|v| !v.trim().is_empty()) {
            match when_of(p, v, zones) {
                Some(w) => event.exdates.push(w),
                None => skipped.push(Skipped::new(
                    p.line,
                    format!("unreadable EXDATE `{v}` ignored"),
                )),
            }
        }
    }
    if let Some(p) = comp.prop("RECURRENCE-ID") {
        match read_when(p, zones) {
            Some(value) => {
                let this_and_future = p
                    .param("RANGE")
                    .is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE"));
                event.recurrence_id = Some(RecurrenceId {
                    value,
                    this_and_future,
                });
            }
            None => skipped.push(Skipped::new(
                p.line,
                format!("unreadable RECURRENCE-ID `{}` ignored", p.value),
            )),
        }
    }
}

/// RDATE values: DATE, DATE-TIME, or PERIOD as `start/end` or `start/duration`.
fn read_rdates(
    p: &ContentLine<'_>,
    event: &mut Event,
    zones: &mut Zones<'_, '_>,
    skipped: &mut Vec<Skipped>,
) {
    for v in p.value.split(',').filter(|v| !v.trim().is_empty()) {
        let (start_text, end_text) = v.split_once('/').map_or((v, None), |(s, e)| (s, Some(e)));
        let Some(start) = when_of(p, start_text, zones) else {
            skipped.push(Skipped::new(
                p.line,
                format!("unreadable RDATE `{v}` ignored"),
            ));
            continue;
        };
        let end = end_text.and_then(|e| period_end(p, &start, e, zones));
        event.rdates.push(RDate { start, end });
    }
}

fn period_end(
    p: &ContentLine<'_>,
    start: &When,
    text: &str,
    zones: &mut Zones<'_, '_>,
) -> Option<When> {
    if let Some(len) = value::parse_duration(text) {
        let end = start
            .timestamp()
            .checked_add(jiff::SignedDuration::from_secs(
                len.days * 86_400 + len.seconds,
            ))
            .ok()?;
        return Some(match start {
            When::Zoned(_, tz) => When::Zoned(tz.to_datetime(end), tz.clone()),
            _ => When::Floating(TimeZone::UTC.to_datetime(end)),
        });
    }
    when_of(p, text, zones)
}

fn read_when(p: &ContentLine<'_>, zones: &mut Zones<'_, '_>) -> Option<When> {
    when_of(p, &p.value, zones)
}

/// One date or date-time value of property `p`, placed in its TZID's zone.
fn when_of(p: &ContentLine<'_>, text: &str, zones: &mut Zones<'_, '_>) -> Option<When> {
    Some(match value::parse_moment(text)? {
        Moment::Date(d) => When::Date(d),
        Moment::Utc(dt) => zones.utc(dt),
        Moment::Local(dt) => match p.param("TZID").and_then(|tzid| zones.get(tzid, p.line)) {
            Some(tz) => When::Zoned(dt, tz),
            None => When::Floating(dt),
        },
    })
}

fn status(text: &str) -> Status {
    match text.trim().to_ascii_uppercase().as_str() {
        "CANCELLED" | "CANCELED" => Status::Cancelled,
        "TENTATIVE" => Status::Tentative,
        "CONFIRMED" => Status::Confirmed,
        _ => Status::Unset,
    }
}

/// The address of a `mailto:` URI in lower case (addresses are matched to members by email),
/// or the value as written for other URIs.
fn email(value: &str) -> String {
    let v = value.trim();
    match v.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => {
            v[7..].trim().to_ascii_lowercase()
        }
        _ => v.to_owned(),
    }
}

fn organizer(p: &ContentLine<'_>) -> Organizer {
    Organizer {
        email: email(&p.value),
        name: p.param("CN").map(str::to_owned),
    }
}

fn attendee(p: &ContentLine<'_>) -> Attendee {
    let partstat = match p.param("PARTSTAT").map(str::to_ascii_uppercase).as_deref() {
        None | Some("NEEDS-ACTION") => PartStat::NeedsAction,
        Some("ACCEPTED") => PartStat::Accepted,
        Some("DECLINED") => PartStat::Declined,
        Some("TENTATIVE") => PartStat::Tentative,
        Some("DELEGATED") => PartStat::Delegated,
        Some(other) => PartStat::Other(other.to_owned()),
    };
    let role = match p.param("ROLE").map(str::to_ascii_uppercase).as_deref() {
        None | Some("REQ-PARTICIPANT") => Role::Required,
        Some("CHAIR") => Role::Chair,
        Some("OPT-PARTICIPANT") => Role::Optional,
        Some("NON-PARTICIPANT") => Role::NonParticipant,
        Some(other) => Role::Other(other.to_owned()),
    };
    Attendee {
        email: email(&p.value),
        name: p.param("CN").map(str::to_owned),
        partstat,
        role,
        group: p
            .param("CUTYPE")
            .is_some_and(|c| c.eq_ignore_ascii_case("GROUP")),
        member_of: p
            .params
            .iter()
            .filter(|param| param.name == "MEMBER")
            .flat_map(|param| param.values.iter().map(|v| email(v)))
            .collect(),
    }
}
