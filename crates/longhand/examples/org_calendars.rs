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
    let events = organisation(people, year);
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
    for p in (3..people).step_by(9) {
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
        for k in 0..6 {
            let month = 1 + (p + k * 2) % 12;
            let day = 1 + (p * 7 + k * 5) % 28;
            out.push(Event {
                uid: format!("oneoff-{p}-{k}"),
                title: "Customer call".into(),
                zone: ZONES[(p / TEAM) % ZONES.len()].0,
                start: format!("{year}{month:02}{day:02}T{:02}3000", 9 + k % 7),
                minutes: 45,
                rule: None,
                exdates: vec![],
                attendees: vec![p],
                group: None,
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
        "FREQ=WEEKLY;BYDAY=WE;UNTIL=20261101T000000Z",
        members.to_vec(),
        year,
    ));
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
    for e in events {
        vevent(&mut out, e);
        if e.rule.is_some() && e.uid.contains("-standup") {
            overrides(&mut out, e, year);
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
    let _ = write!(
        out,
        "BEGIN:VEVENT\r\nUID:{}\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:{}\r\nDTSTART;TZID=\"{}\":{}\r\nDURATION:PT{}M\r\nORGANIZER:mailto:{}\r\n",
        e.uid,
        e.title,
        e.zone,
        e.start,
        e.minutes,
        email(e.attendees[0])
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
                let _ = write!(out, "ATTENDEE;PARTSTAT=ACCEPTED:mailto:{}\r\n", email(a));
            }
        }
    }
    if let Some(rule) = &e.rule {
        let _ = write!(out, "RRULE:{rule}\r\n");
        for ex in &e.exdates {
            let _ = write!(out, "EXDATE;TZID=\"{}\":{ex}\r\n", e.zone);
        }
    }
    out.push_str("END:VEVENT\r\n");
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
