//! Reading a calendar file into [`Calendar`]: components to events, TZIDs to zones, events to
//! series.
//!
//! The reader is forgiving by design. Calendar exports are produced by many tools and edited by
//! hand; one bad event must not hide a team's whole calendar. So only input that is not
//! iCalendar at all is an error; everything else that cannot be used is skipped and listed in
//! [`Calendar::skipped`] with its line.

use std::collections::HashMap;

use jiff::tz::TimeZone;

use crate::expand::{STALE_CHECK_STEPS, stale_overrides};
use crate::lex::{self, Component, ContentLine, Unfolded};
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
    let unfolded = lex::unfold(input);
    let lines = read_lines(&unfolded, &mut skipped)?;
    let top = lex::components(lines, &mut skipped)?;
    let calendars = gather_calendars(top, &mut skipped);
    let mut builder = Builder {
        series: Vec::new(),
        by_uid: HashMap::new(),
        skipped,
    };
    for cal in &calendars {
        builder.add_calendar(cal);
    }
    builder.drop_stale_overrides();
    builder.skipped.sort_by_key(|s| s.line);
    Ok(Calendar {
        series: builder.series,
        skipped: builder.skipped,
    })
}

/// Parses iCalendar bytes; invalid UTF-8 is replaced rather than rejected, since a stray Latin-1
/// byte in a description should not cost the whole file.
pub fn parse_bytes(input: &[u8]) -> Result<Calendar, ParseError> {
    // Validating first is several times faster than the lossy decoder on the (usual) valid
    // file, which only then needs no copy.
    match std::str::from_utf8(input) {
        Ok(text) => parse(text),
        Err(_) => parse(&String::from_utf8_lossy(input)),
    }
}

/// Unfolds and splits lines, insisting that the file starts like an iCalendar file: with
/// `BEGIN:VCALENDAR`, or with the `BEGIN` of a component that belongs in one (a bare VEVENT).
fn read_lines<'a>(
    unfolded: &'a Unfolded<'_>,
    skipped: &mut Vec<Skipped>,
) -> Result<Vec<ContentLine<'a>>, ParseError> {
    let mut out = Vec::new();
    for (n, text) in unfolded.lines() {
        match lex::parse_line(n, text) {
            Some(line) => out.push(line),
            None if out.is_empty() => break,
            None => skipped.push(Skipped::new(n, "line without `name:value` ignored".into())),
        }
    }
    match out.first() {
        Some(l) if l.name == "BEGIN" && begins_calendar(&l.value) => Ok(out),
        Some(l) => Err(ParseError {
            line: l.line,
            message: "not an iCalendar file: expected BEGIN:VCALENDAR".into(),
        }),
        None => {
            let line = unfolded.lines().next().map_or(1, |(n, _)| n);
            Err(ParseError {
                line,
                message: "not an iCalendar file: expected BEGIN:VCALENDAR".into(),
            })
        }
    }
}

fn begins_calendar(component: &str) -> bool {
    let name = component.trim().to_ascii_uppercase();
    name == "VCALENDAR" || lex::is_calendar_level(&name)
}

/// The VCALENDARs to read, with everything outside them placed in one.
///
/// Exports are concatenated, hand-edited and produced by tools that skip the envelope, so one
/// lenient policy covers every component outside a single VCALENDAR, each with a warning: a
/// second VCALENDAR after the first is read too; an event after `END:VCALENDAR` is read as
/// part of the calendar before it (its TZIDs may name that calendar's VTIMEZONEs); an event
/// with no VCALENDAR before it (a file holding a bare VEVENT) is read as if one were around
/// it; and a VCALENDAR nested inside another is read as a calendar of its own.
fn gather_calendars<'a>(top: Vec<Component<'a>>, skipped: &mut Vec<Skipped>) -> Vec<Component<'a>> {
    let mut calendars: Vec<Component<'a>> = Vec::new();
    for comp in top {
        if comp.name == "VCALENDAR" {
            if let Some(first) = calendars.first() {
                let reason = format!(
                    "another VCALENDAR after the one on line {}: its events are read too",
                    first.line
                );
                skipped.push(Skipped::new(comp.line, reason));
            }
            calendars.push(comp);
        } else if lex::is_calendar_level(&comp.name) {
            place_stray(comp, &mut calendars, skipped);
        } else {
            let reason = format!("{} outside any VCALENDAR ignored", comp.name);
            skipped.push(Skipped::new(comp.line, reason));
        }
    }
    let mut i = 0;
    while let Some(cal) = calendars.get_mut(i) {
        let outer = cal.line;
        let (nested, rest) = std::mem::take(&mut cal.children)
            .into_iter()
            .partition(|c| c.name == "VCALENDAR");
        cal.children = rest;
        for inner in nested {
            let reason = format!(
                "VCALENDAR nested inside the VCALENDAR on line {outer}: read as a calendar of its own"
            );
            skipped.push(Skipped::new(inner.line, reason));
            calendars.push(inner);
        }
        i += 1;
    }
    calendars
}

/// Puts a calendar-level component found outside any VCALENDAR into the last one read, or
/// into a VCALENDAR of its own when none came before it.
fn place_stray<'a>(
    comp: Component<'a>,
    calendars: &mut Vec<Component<'a>>,
    skipped: &mut Vec<Skipped>,
) {
    let reason = match calendars.last() {
        Some(cal) => format!(
            "{} after END:VCALENDAR: read as part of the VCALENDAR on line {}",
            comp.name, cal.line
        ),
        None => format!("{} outside any VCALENDAR: read as if inside one", comp.name),
    };
    skipped.push(Skipped::new(comp.line, reason));
    if calendars.is_empty() {
        calendars.push(Component::new("VCALENDAR".into(), comp.line));
    }
    if let Some(cal) = calendars.last_mut() {
        cal.children.push(comp);
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
        zones.check_unused();
        self.skipped.append(&mut zones.skipped);
    }

    fn add_event(&mut self, event: Event) {
        let idx = match self.by_uid.get(&event.uid) {
            Some(&i) => i,
            None => {
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

    /// Leaves out overrides that a newer master has made stale (see `expand::stale`), once
    /// every calendar is read, since a master may come after its overrides.
    fn drop_stale_overrides(&mut self) {
        let mut fuel = STALE_CHECK_STEPS;
        for series in &mut self.series {
            let stale = stale_overrides(series, &mut fuel);
            let Some(master) = &series.master else {
                continue;
            };
            let (seq, line) = (master.sequence, master.line);
            for i in stale.into_iter().rev() {
                let o = series.overrides.remove(i);
                let rid = o
                    .recurrence_id
                    .as_ref()
                    .map_or(String::new(), |r| r.value.civil().to_string());
                let reason = format!(
                    "override of {rid} (SEQUENCE {}) is older than its master (SEQUENCE {seq}, \
                     line {line}), which no longer has that instance: left out as stale",
                    o.sequence
                );
                self.skipped.push(Skipped::new(o.line, reason));
            }
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
        let mut zones = Zones {
            vtimezones: HashMap::new(),
            calendar_zone: None,
            cache: HashMap::new(),
            skipped: Vec::new(),
        };
        for c in cal.children.iter().filter(|c| c.name == "VTIMEZONE") {
            match c
                .prop("TZID")
                .map(|p| p.value.trim())
                .filter(|t| !t.is_empty())
            {
                Some(tzid) => {
                    zones.vtimezones.insert(tzid.to_owned(), c);
                }
                None => zones.skipped.push(Skipped::new(
                    c.line,
                    "VTIMEZONE without TZID ignored".into(),
                )),
            }
        }
        if let Some(p) = cal
            .prop("X-WR-TIMEZONE")
            .filter(|p| !p.value.trim().is_empty())
        {
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

    /// A date-time without `Z` and without TZID. RFC 5545 calls it floating (the same wall
    /// clock in every zone), but a calendar that names its zone in `X-WR-TIMEZONE` (Apple and
    /// Google exports) means its own zone by it: a 09:00 in a Stockholm calendar is 09:00 in
    /// Stockholm. Dates (all-day events) stay dates.
    fn floating(&self, dt: jiff::civil::DateTime) -> When {
        match &self.calendar_zone {
            Some(tz) => When::Zoned(dt, tz.clone()),
            None => When::Floating(dt),
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

    /// The tz database first, and the file's own VTIMEZONE last: the database knows about
    /// rule changes that a years-old export cannot (a 2005 Mozilla VTIMEZONE for New York
    /// still has the pre-2007 US rules). In order: an IANA name, also written as a globally
    /// unique TZID with a leading slash (`/Europe/Stockholm`, RFC 5545 §3.2.19); a Windows
    /// name (Outlook); an IANA `Area/City` behind a vendor prefix
    /// (`/mozilla.org/20050126_1/Europe/Berlin`); the VTIMEZONE of that TZID.
    fn resolve(&mut self, tzid: &str) -> Option<TimeZone> {
        if let Some(tz) = iana(tzid.strip_prefix('/').unwrap_or(tzid)) {
            return Some(tz);
        }
        if let Some(tz) = windows::iana_for_windows(tzid).and_then(iana) {
            return Some(tz);
        }
        if let Some(tz) = vendor_zone(tzid) {
            return Some(tz);
        }
        let comp = self.vtimezones.get(tzid)?;
        match vtimezone::zone_from_vtimezone(tzid, comp) {
            Ok(tz) => Some(tz),
            Err(e) => {
                let reason = format!("VTIMEZONE `{tzid}` cannot be read ({e}): ignored");
                self.skipped.push(Skipped::new(comp.line, reason));
                None
            }
        }
    }

    /// Reports VTIMEZONEs that no TZID asked for and that could not be used if one did: a
    /// broken zone is worth knowing about before an event starts to use it.
    fn check_unused(&mut self) {
        let mut unused: Vec<(&String, &&Component<'_>)> = self
            .vtimezones
            .iter()
            .filter(|(tzid, _)| !self.cache.contains_key(tzid.as_str()))
            .collect();
        unused.sort_by_key(|(_, c)| c.line);
        for (tzid, comp) in unused {
            if let Err(e) = vtimezone::zone_from_vtimezone(tzid, comp) {
                let reason =
                    format!("VTIMEZONE `{tzid}` cannot be read ({e}); no event uses it: ignored");
                self.skipped.push(Skipped::new(comp.line, reason));
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

/// The longest `Area/City` (two parts or more) at the end of a TZID that is an IANA name, as
/// vendors write them after their own prefix. A single trailing part is not enough: in
/// `Custom/UTC` the `UTC` may be a coincidence, and the file's VTIMEZONE says more.
fn vendor_zone(tzid: &str) -> Option<TimeZone> {
    let parts: Vec<&str> = tzid.split('/').filter(|p| !p.is_empty()).collect();
    (0..parts.len().saturating_sub(1)).find_map(|skip| iana(&parts[skip..].join("/")))
}

/// The value of parameter `name`, treating an empty one (`TZID=`) as absent.
fn param<'p>(p: &'p ContentLine<'_>, name: &str) -> Option<&'p str> {
    p.param(name).filter(|v| !v.trim().is_empty())
}

/// Reports empty parameters (`DTSTART;TZID=:…`), which are read as absent.
fn note_empty_params(comp: &Component<'_>, skipped: &mut Vec<Skipped>) {
    for p in &comp.props {
        for param in p
            .params
            .iter()
            .filter(|x| x.values.iter().any(|v| v.trim().is_empty()))
        {
            let reason = format!(
                "empty {} parameter on {}: read as absent",
                param.name, p.name
            );
            skipped.push(Skipped::new(p.line, reason));
        }
    }
}

/// The first DTSTART, reporting a missing one and any after it.
fn first_dtstart<'c, 'a>(
    comp: &'c Component<'a>,
    skipped: &mut Vec<Skipped>,
) -> Option<&'c ContentLine<'a>> {
    let mut all = comp.props_named("DTSTART");
    let Some(first) = all.next() else {
        skipped.push(Skipped::new(
            comp.line,
            "VEVENT without DTSTART skipped".into(),
        ));
        return None;
    };
    for extra in all {
        let reason = format!(
            "second DTSTART ignored: the one on line {} is kept",
            first.line
        );
        skipped.push(Skipped::new(extra.line, reason));
    }
    Some(first)
}

/// The UID, or one made from the event's line when it has none. RFC 5545 requires a UID; an
/// event without one cannot be matched to its changed instances, so it is read as an event of
/// its own under a name a person can find in the file.
fn uid(comp: &Component<'_>, skipped: &mut Vec<Skipped>) -> String {
    let given = comp
        .prop("UID")
        .map(|p| p.value.trim())
        .filter(|v| !v.is_empty());
    if let Some(uid) = given {
        return uid.to_owned();
    }
    let made = format!("no-uid-line-{}", comp.line);
    let reason = format!("VEVENT without UID: read as an event of its own, UID `{made}`");
    skipped.push(Skipped::new(comp.line, reason));
    made
}

/// Reads one VEVENT; `None` (with a reason in `skipped`) when it cannot be used.
fn read_event(
    comp: &Component<'_>,
    zones: &mut Zones<'_, '_>,
    skipped: &mut Vec<Skipped>,
) -> Option<Event> {
    note_empty_params(comp, skipped);
    let dtstart = first_dtstart(comp, skipped)?;
    let Some(start) = read_when(dtstart, zones) else {
        skipped.push(Skipped::new(
            dtstart.line,
            format!("VEVENT with unreadable DTSTART `{}` skipped", dtstart.value),
        ));
        return None;
    };
    let mut event = Event {
        line: comp.line,
        uid: uid(comp, skipped),
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
            Some(_) => {
                let length = match event.start.is_date() {
                    true => "one day",
                    false => "no time",
                };
                let reason = format!(
                    "DTEND `{}` is before DTSTART: ignored, the event is read as lasting {length}",
                    p.value.trim()
                );
                skipped.push(Skipped::new(p.line, reason));
            }
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
    let mut dropped = Vec::new();
    for p in comp.props_named("RRULE") {
        match Rule::parse_repairing(&p.value) {
            Ok((rule, repairs)) => {
                for r in repairs {
                    skipped.push(Skipped::new(p.line, format!("RRULE repaired: {r}")));
                }
                note_date_until(&rule, event, p.line, skipped);
                event.rrules.push(rule);
            }
            Err(e) => dropped.push((p.line, e)),
        }
    }
    for p in comp.props_named("RDATE") {
        read_rdates(p, event, zones, skipped);
    }
    for p in comp.props_named("EXDATE") {
        read_exdates(p, event, zones, skipped);
    }
    if let Some(p) = comp.prop("RECURRENCE-ID") {
        read_recurrence_id(p, event, zones, skipped);
    }
    let rest = match event.rrules.is_empty() && event.rdates.is_empty() {
        true => "the event counts once",
        false => "the event's other dates still count",
    };
    for (line, e) in dropped {
        skipped.push(Skipped::new(
            line,
            format!("RRULE {e}: rule dropped, {rest}"),
        ));
    }
}

/// Reports a DATE-valued UNTIL on a series with times. RFC 5545 asks for the same value type
/// as DTSTART; the author meant "until that day", so UNTIL counts as the end of that day on
/// the series' wall clock (see `expand::base::until_civil`).
fn note_date_until(rule: &Rule, event: &Event, line: usize, skipped: &mut Vec<Skipped>) {
    if let (Some(Moment::Date(d)), false) = (rule.until, event.start.is_date()) {
        let reason = format!(
            "RRULE UNTIL `{}` is a date on a series with times: read as the end of {d}",
            d.strftime("%Y%m%d")
        );
        skipped.push(Skipped::new(line, reason));
    }
}

fn read_exdates(
    p: &ContentLine<'_>,
    event: &mut Event,
    zones: &mut Zones<'_, '_>,
    skipped: &mut Vec<Skipped>,
) {
    if p.value.split(',').all(|v| v.trim().is_empty()) {
        skipped.push(Skipped::new(p.line, "empty EXDATE ignored".into()));
        return;
    }
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

fn read_recurrence_id(
    p: &ContentLine<'_>,
    event: &mut Event,
    zones: &mut Zones<'_, '_>,
    skipped: &mut Vec<Skipped>,
) {
    match read_when(p, zones) {
        Some(value) => {
            let this_and_future =
                param(p, "RANGE").is_some_and(|r| r.eq_ignore_ascii_case("THISANDFUTURE"));
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

/// One date or date-time value of property `p`, placed in its TZID's zone, or for a floating
/// time in the calendar's `X-WR-TIMEZONE`. A TZID that names no known zone is not replaced by
/// the calendar's zone: it names some other zone, and floating is the honest reading.
fn when_of(p: &ContentLine<'_>, text: &str, zones: &mut Zones<'_, '_>) -> Option<When> {
    Some(match value::parse_moment(text)? {
        Moment::Date(d) => When::Date(d),
        Moment::Utc(dt) => zones.utc(dt),
        Moment::Local(dt) => match param(p, "TZID") {
            Some(tzid) => match zones.get(tzid, p.line) {
                Some(tz) => When::Zoned(dt, tz),
                None => When::Floating(dt),
            },
            None => zones.floating(dt),
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
        name: param(p, "CN").map(str::to_owned),
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
        name: param(p, "CN").map(str::to_owned),
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
