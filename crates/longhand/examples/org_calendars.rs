//! Writes an organisation's calendar exports for the audit benchmark
//! (`scripts/bench-audit.sh`): one `.ics` file per person, as each would export their own
//! calendar, plus `members.json` for `longhand audit --members`.
//!
//! ```text
//! cargo run --release -p longhand --example org_calendars -- DIR [PEOPLE] [YEAR]
//! ```
//!
//! People sit in teams of eight, each team in one zone (IANA names and the Windows names
//! Outlook writes). Every team has a daily standup, a weekly planning, a retro every two
//! weeks and weekly 1:1s between the lead and each member; leads meet in a weekly sync;
//! everyone is invited to a monthly all-hands through the group address `all@org.example`
//! (`CUTYPE=GROUP`, no line per person); some people pair twice a week. Series carry
//! EXDATEs (holidays) and RECURRENCE-ID overrides (moved or cancelled instances); every file
//! also has one-off meetings and an all-day out-of-office. Shared meetings appear in every
//! attendee's file with the same UID, as in real exports, and each file names its owner the
//! way Google Calendar exports do (`X-WR-CALNAME:person7@org.example`).
//!
//! The files are as heavy as real exports: each event carries what calendar clients write
//! (creation and change stamps, a sequence, a location, a description with a call link
//! folded over several lines, attendees with their names and roles, a reminder alarm), each
//! file defines its zones in VTIMEZONE blocks, and each holds two earlier years of history
//! (series that ended, one-off meetings). For 500 people that is about 125 MB and 390,000
//! occurrences in the audited year, the size of the organisation the audit's speed target
//! was set on.

use std::fmt::Write as _;
use std::path::Path;

/// Zones, as the exporting client names them.
const ZONES: &[(&str, &str)] = &[
    ("Europe/Berlin", "Europe/Berlin"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("America/New_York", "America/New_York"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Asia/Kolkata", "Asia/Kolkata"),
    ("India Standard Time", "Asia/Kolkata"),
    ("Europe/London", "Europe/London"),
    ("Australia/Sydney", "Australia/Sydney"),
];

const TEAM: usize = 8;

/// One-off meetings per person in the audited year.
const ONE_OFFS: usize = 50;

const ONE_OFF_TITLES: &[&str] = &[
    "Customer call",
    "Interview",
    "Vendor demo",
    "Architecture chat",
    "Onboarding buddy",
];

/// Earlier years each export still holds.
const HISTORY_YEARS: i32 = 2;

struct Event {
    uid: String,
    title: String,
    zone: &'static str,
    start: String,
    minutes: u32,
    rule: Option<String>,
    exdates: Vec<String>,
    /// Who has it in their calendar; the first organises it.
    attendees: Vec<usize>,
    /// The group address it is sent to, instead of one ATTENDEE line per person.
    group: Option<&'static str>,
    /// The year it belongs to: the audited one, or one of the history's.
    year: i32,
}

fn email(p: usize) -> String {
    format!("person{p}@org.example")
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "org-calendars".into());
    let people: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(500);
    let year: i32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2026);
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    let mut events = organisation(people, year);
    for past in year - HISTORY_YEARS..year {
        events.extend(organisation(people, past).into_iter().map(ended));
    }
    for p in 0..people {
        let mine: Vec<&Event> = events.iter().filter(|e| e.attendees.contains(&p)).collect();
        let text = export(p, &mine, year);
        std::fs::write(dir.join(format!("person{p:04}.ics")), text)?;
    }
    std::fs::write(dir.join("members.json"), members(people))?;
    eprintln!(
        "wrote {people} calendars and members.json to {}",
        dir.display()
    );
    Ok(())
}

/// A series of an earlier year as an export keeps it: its own UID, ended with that year.
fn ended(mut e: Event) -> Event {
    e.uid = format!("{}-{}", e.uid, e.year);
    if let Some(rule) = &mut e.rule
        && !rule.contains("UNTIL=")
        && !rule.contains("COUNT=")
    {
        rule.push_str(&format!(";UNTIL={}1231T235959Z", e.year));
    }
    e
}

fn members(people: usize) -> String {
    let list: Vec<String> = (0..people)
        .map(|p| {
            let zone = ZONES[(p / TEAM) % ZONES.len()].1;
            format!(
                r#"{{"email": "{}", "name": "Person {p}", "teams": ["team {}"], "calendar": {{"time_zone": "{zone}", "working_hours": {{"mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"], "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]}}}}}}"#,
                email(p),
                p / TEAM
            )
        })
        .collect();
    format!("[\n{}\n]\n", list.join(",\n"))
}

/// Every event of the organisation.
fn organisation(people: usize, year: i32) -> Vec<Event> {
    let mut out = Vec::new();
    let teams = people.div_ceil(TEAM);
    for t in 0..teams {
        let members: Vec<usize> = (t * TEAM..((t + 1) * TEAM).min(people)).collect();
        team_events(&mut out, t, &members, year);
    }
    let leads: Vec<usize> = (0..teams).map(|t| t * TEAM).collect();
    out.push(series(
        "leads-sync",
        "Engineering leads sync",
        0,
        &format!("{year}0106T160000"),
        45,
        "FREQ=WEEKLY;BYDAY=TU",
        leads,
        year,
    ));
    let everyone: Vec<usize> = (0..people).collect();
    let mut all_hands = series(
        "all-hands",
        "All hands",
        2,
        &format!("{year}0108T170000"),
        60,
        "FREQ=MONTHLY;BYDAY=2TH",
        everyone,
        year,
    );
    all_hands.group = Some("all@org.example");
    out.push(all_hands);
    for p in (3..people).step_by(3) {
        let pair = vec![p, (p + 13) % people];
        let uid = format!("pairing-{p}");
        out.push(series(
            &uid,
            "Pairing session",
            p / TEAM,
            &format!("{year}0113T100000"),
            120,
            "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=60",
            pair,
            year,
        ));
    }
    for p in 0..people {
        for k in 0..ONE_OFFS {
            let month = 1 + (p + k * 2) % 12;
            let day = 1 + (p * 7 + k * 5) % 28;
            out.push(Event {
                uid: format!("oneoff-{p}-{k}"),
                title: ONE_OFF_TITLES[k % ONE_OFF_TITLES.len()].into(),
                zone: ZONES[(p / TEAM) % ZONES.len()].0,
                start: format!("{year}{month:02}{day:02}T{:02}3000", 9 + k % 7),
                minutes: 45,
                rule: None,
                exdates: vec![],
                attendees: vec![p],
                group: None,
                year,
            });
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn series(
    uid: &str,
    title: &str,
    team: usize,
    start: &str,
    minutes: u32,
    rule: &str,
    attendees: Vec<usize>,
    year: i32,
) -> Event {
    let time = &start[8..];
    Event {
        uid: format!("{uid}@org.example"),
        title: title.into(),
        zone: ZONES[team % ZONES.len()].0,
        start: start.into(),
        minutes,
        rule: Some(rule.into()),
        exdates: vec![format!("{year}1225{time}"), format!("{year}0406{time}")],
        attendees,
        group: None,
        year,
    }
}

fn team_events(out: &mut Vec<Event>, t: usize, members: &[usize], year: i32) {
    let lead = members[0];
    let hour = 9 + t % 3;
    let uid = |kind: &str| format!("team{t}-{kind}");
    out.push(series(
        &uid("standup"),
        "Daily standup",
        t,
        &format!("{year}0105T{hour:02}0000"),
        15,
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        members.to_vec(),
        year,
    ));
    out.push(series(
        &uid("planning"),
        "Sprint planning",
        t,
        &format!("{year}0105T{:02}0000", hour + 4),
        60,
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        members.to_vec(),
        year,
    ));
    out.push(series(
        &uid("retro"),
        "Retro",
        t,
        &format!("{year}0116T{:02}0000", hour + 5),
        60,
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
        members.to_vec(),
        year,
    ));
    out.push(series(
        &uid("review"),
        "Design review",
        t,
        &format!("{year}0107T{:02}3000", hour + 3),
        50,
        &format!("FREQ=WEEKLY;BYDAY=WE;UNTIL={year}1101T000000Z"),
        members.to_vec(),
        year,
    ));
    out.push(series(
        &uid("refinement"),
        "Backlog refinement",
        t,
        &format!("{year}0108T{:02}0000", hour + 1),
        50,
        "FREQ=WEEKLY;BYDAY=TH",
        members.to_vec(),
        year,
    ));
    out.push(series(
        &uid("demo"),
        "Team demo",
        t,
        &format!("{year}0109T{:02}3000", hour + 4),
        25,
        "FREQ=WEEKLY;BYDAY=FR",
        members.to_vec(),
        year,
    ));
    out.push(series(
        &uid("incidents"),
        "Incident review",
        t,
        &format!("{year}0106T{:02}3000", hour + 5),
        25,
        "FREQ=WEEKLY;BYDAY=TU",
        members.to_vec(),
        year,
    ));
    if members.len() > 2 {
        out.push(series(
            &uid("handover"),
            "Support handover",
            t,
            &format!("{year}0105T{:02}4500", hour + 6),
            15,
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            vec![members[1], members[2]],
            year,
        ));
    }
    for (i, &m) in members.iter().enumerate().skip(1) {
        let day = ["MO", "TU", "WE", "TH", "FR"][i % 5];
        out.push(series(
            &uid(&format!("1on1-{m}")),
            "1:1",
            t,
            &format!("{year}01{:02}T{:02}0000", 5 + i % 5, hour + 2),
            30,
            &format!("FREQ=WEEKLY;BYDAY={day}"),
            vec![lead, m],
            year,
        ));
    }
}

/// One person's export: their events, with overrides on the team's series.
fn export(p: usize, events: &[&Event], year: i32) -> String {
    let mut out =
        String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Longhand//bench org//EN\r\n");
    let _ = write!(out, "X-WR-CALNAME:{}\r\n", email(p));
    let mut zones: Vec<&str> = events.iter().map(|e| e.zone).collect();
    zones.sort_unstable();
    zones.dedup();
    for zone in zones {
        out.push_str(&vtimezone(zone));
    }
    for e in events {
        vevent(&mut out, e);
        if e.rule.is_some() && e.uid.contains("-standup") {
            overrides(&mut out, e, e.year);
        }
    }
    let month = 1 + p % 12;
    let _ = write!(
        out,
        "BEGIN:VEVENT\r\nUID:ooo-{p}@org.example\r\nDTSTAMP:{year}0101T000000Z\r\nDTSTART;VALUE=DATE:{year}{month:02}10\r\nDTEND;VALUE=DATE:{year}{month:02}13\r\nSUMMARY:Out of office\r\nEND:VEVENT\r\n"
    );
    out.push_str("END:VCALENDAR\r\n");
    out
}

fn vevent(out: &mut String, e: &Event) {
    let organiser = e.attendees[0];
    let _ = write!(
        out,
        "BEGIN:VEVENT\r\nDTSTART;TZID=\"{}\":{}\r\nDURATION:PT{}M\r\n",
        e.zone, e.start, e.minutes
    );
    if let Some(rule) = &e.rule {
        let _ = write!(out, "RRULE:{rule}\r\n");
        for ex in &e.exdates {
            let _ = write!(out, "EXDATE;TZID=\"{}\":{ex}\r\n", e.zone);
        }
    }
    let _ = write!(
        out,
        "DTSTAMP:20260101T000000Z\r\nORGANIZER;CN=Person {organiser}:mailto:{}\r\nUID:{}\r\n",
        email(organiser),
        e.uid
    );
    match e.group {
        Some(group) => {
            let _ = write!(
                out,
                "ATTENDEE;CUTYPE=GROUP;ROLE=REQ-PARTICIPANT;CN=Everyone:mailto:{group}\r\n"
            );
        }
        None => {
            for &a in &e.attendees {
                fold(
                    out,
                    &format!(
                        "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE;CN=Person {a};X-NUM-GUESTS=0:mailto:{}",
                        email(a)
                    ),
                );
            }
        }
    }
    let made = e.year - 1;
    let _ = write!(
        out,
        "CREATED:{made}1201T101500Z\r\nLAST-MODIFIED:{made}1215T163000Z\r\nLOCATION:Room {} / video call\r\n",
        e.attendees[0] % 40
    );
    fold(out, &description(e));
    let _ = write!(
        out,
        "SEQUENCE:0\r\nSTATUS:CONFIRMED\r\nSUMMARY:{}\r\nTRANSP:OPAQUE\r\n\
         BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:This is an event reminder\r\nTRIGGER:-P0DT0H10M0S\r\nEND:VALARM\r\nEND:VEVENT\r\n",
        e.title
    );
}

/// The invitation text clients put in DESCRIPTION: a call link, dial-in numbers, a note.
fn description(e: &Event) -> String {
    let room = e.uid.len() * 7919 % 1_000_000;
    format!(
        "DESCRIPTION:{title} — agenda and notes in the team's space.\\n\\nJoin the video \
         call: https://video.org.example/{room:06}\\nOr dial in: +1 555 0100 (PIN {room:06}#)\\n\
         More phone numbers: https://video.org.example/{room:06}/numbers\\n\\nPlease keep \
         your camera on if you can\\, and add topics to the agenda before the meeting so \
         everyone can read up on them. Questions? Ask the organiser.\\n\\n-::~:~::~:~:~:~\
         :~:~:~:~:~:~:~:~::~:~::-\\nDo not edit this section of the description.",
        title = e.title
    )
}

/// Writes one content line, folded at 75 octets as RFC 5545 §3.1 asks (the text is ASCII
/// apart from the dash, which is never cut: folding happens on character boundaries).
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// A zone's definition, as exporting clients write it beside the events that use it.
fn vtimezone(zone: &str) -> String {
    // (standard offset, daylight offset, names, daylight start, standard start); the
    // starts are "MMDDTHHMMSS;rule" pairs, and zones without daylight time have none.
    let (std, dst, names, rules) = match zone {
        "Europe/Berlin" | "W. Europe Standard Time" => (
            "+0100",
            "+0200",
            ("CET", "CEST"),
            Some((
                ("0329T020000", "3;BYDAY=-1SU"),
                ("1025T030000", "10;BYDAY=-1SU"),
            )),
        ),
        "America/New_York" => (
            "-0500",
            "-0400",
            ("EST", "EDT"),
            Some((
                ("0308T020000", "3;BYDAY=2SU"),
                ("1101T020000", "11;BYDAY=1SU"),
            )),
        ),
        "Pacific Standard Time" | "America/Los_Angeles" => (
            "-0800",
            "-0700",
            ("PST", "PDT"),
            Some((
                ("0308T020000", "3;BYDAY=2SU"),
                ("1101T020000", "11;BYDAY=1SU"),
            )),
        ),
        "Europe/London" => (
            "+0000",
            "+0100",
            ("GMT", "BST"),
            Some((
                ("0329T010000", "3;BYDAY=-1SU"),
                ("1025T020000", "10;BYDAY=-1SU"),
            )),
        ),
        "Australia/Sydney" => (
            "+1000",
            "+1100",
            ("AEST", "AEDT"),
            Some((
                ("1004T020000", "10;BYDAY=1SU"),
                ("0405T030000", "4;BYDAY=1SU"),
            )),
        ),
        _ => ("+0530", "+0530", ("IST", "IST"), None),
    };
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{zone}\r\n");
    match rules {
        Some(((dst_start, dst_rule), (std_start, std_rule))) => {
            let _ = write!(
                out,
                "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:{std}\r\nTZOFFSETTO:{dst}\r\nTZNAME:{}\r\nDTSTART:1970{dst_start}\r\nRRULE:FREQ=YEARLY;BYMONTH={dst_rule}\r\nEND:DAYLIGHT\r\n\
                 BEGIN:STANDARD\r\nTZOFFSETFROM:{dst}\r\nTZOFFSETTO:{std}\r\nTZNAME:{}\r\nDTSTART:1970{std_start}\r\nRRULE:FREQ=YEARLY;BYMONTH={std_rule}\r\nEND:STANDARD\r\n",
                names.1, names.0
            );
        }
        None => {
            let _ = write!(
                out,
                "BEGIN:STANDARD\r\nTZOFFSETFROM:{std}\r\nTZOFFSETTO:{std}\r\nTZNAME:{}\r\nDTSTART:19700101T000000\r\nEND:STANDARD\r\n",
                names.0
            );
        }
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

/// The standup moved an hour later on the first Wednesday of March and cancelled on the
/// second Monday of June.
fn overrides(out: &mut String, e: &Event, year: i32) {
    let time = &e.start[8..];
    let hour: u32 = time[1..3].parse().unwrap_or(9);
    let _ = write!(
        out,
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nRECURRENCE-ID;TZID=\"{z}\":{year}0304{time}\r\nDTSTART;TZID=\"{z}\":{year}0304T{h:02}0000\r\nDURATION:PT{m}M\r\nSUMMARY:{t} (moved)\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nRECURRENCE-ID;TZID=\"{z}\":{year}0608{time}\r\nDTSTART;TZID=\"{z}\":{year}0608{time}\r\nDURATION:PT{m}M\r\nSTATUS:CANCELLED\r\nSUMMARY:{t}\r\nEND:VEVENT\r\n",
        uid = e.uid,
        z = e.zone,
        h = hour + 1,
        m = e.minutes,
        t = e.title,
    );
}
