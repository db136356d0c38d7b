//! Reading the audit's inputs: `.ics` files into domain [`Meeting`]s (through
//! [`longhand_core::formats::audit_ics`]), and the `--members` file into domain [`Member`]s.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context;
use longhand_domain::calendar::Calendar;
use longhand_domain::meetings::{Meeting, Member, Window};
use serde::Deserialize;

use longhand_core::formats::audit_ics::Collector;
use longhand_core::formats::calendar_json::CalendarJson;

/// Reads and parses one `.ics` file; a file that cannot be read names its line.
pub(super) fn read_calendar(path: &Path) -> anyhow::Result<longhand_ical::Calendar> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let calendar = longhand_ical::parse_bytes(&bytes)
        .map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))?;
    Ok(calendar)
}

/// Reads every file and expands it over the window, reporting skipped items on stderr.
pub(super) fn load(files: &[PathBuf], window: Window) -> anyhow::Result<Collector> {
    let progress = Progress::new(files.len());
    let mut loaded = Collector::default();
    for (i, path) in files.iter().enumerate() {
        let calendar = read_calendar(path)?;
        loaded.add(&path.display().to_string(), &calendar, window);
        progress.step(i + 1, loaded.meetings.len());
    }
    progress.finish();
    for note in &loaded.notes {
        eprintln!("note: {note}");
    }
    Ok(loaded)
}

/// A counter on stderr while many files are read, shown only to a person at a terminal.
#[derive(Debug)]
struct Progress {
    files: usize,
    shown: bool,
}

impl Progress {
    fn new(files: usize) -> Progress {
        Progress {
            files,
            shown: files > 1 && std::io::stderr().is_terminal(),
        }
    }

    fn step(&self, done: usize, meetings: usize) {
        if self.shown {
            eprint!("\rread {done}/{} files, {meetings} meetings", self.files);
        }
    }

    fn finish(&self) {
        if self.shown {
            eprintln!();
        }
    }
}

/// One entry of the `--members` file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberJson {
    email: String,
    #[serde(default)]
    name: Option<String>,
    calendar: CalendarJson,
    #[serde(default)]
    teams: Vec<String>,
}

/// Reads the `--members` file; every error names the file and, for a bad member, which one.
pub(super) fn read_members(path: &Path) -> anyhow::Result<Vec<Member>> {
    let name = path.display();
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
    let list: Vec<MemberJson> = serde_json::from_str(&text).map_err(|err| {
        anyhow::anyhow!("{name}: not a JSON array of {{\"email\", \"name\", \"calendar\"}}: {err}")
    })?;
    let mut emails = BTreeSet::new();
    list.into_iter()
        .enumerate()
        .map(|(i, json)| {
            let member = json.to_domain().map_err(|err| {
                anyhow::anyhow!("{name}: member {} ({}): {err}", i + 1, json.email)
            })?;
            if !emails.insert(member.email.clone()) {
                anyhow::bail!("{name}: member {} ({}) is listed twice", i + 1, json.email);
            }
            Ok(member)
        })
        .collect()
}

impl MemberJson {
    fn to_domain(&self) -> Result<Member, String> {
        let email = self.email.trim().to_lowercase();
        if email.is_empty() {
            return Err("the email is empty".to_owned());
        }
        Ok(Member {
            name: self.name.clone().unwrap_or_else(|| email.clone()),
            email,
            calendar: self.calendar.to_domain()?,
            teams: self.teams.clone(),
        })
    }
}

/// Everyone who appears in a meeting, working Monday–Friday 09:00–17:00 UTC.
pub(super) fn default_members(meetings: &[Meeting]) -> anyhow::Result<Vec<Member>> {
    let calendar: Calendar = CalendarJson::standard("UTC")
        .to_domain()
        .map_err(|err| anyhow::anyhow!("the default calendar: {err}"))?;
    let emails: BTreeSet<&str> = meetings
        .iter()
        .filter(|m| !m.all_day)
        .flat_map(Meeting::participants)
        .collect();
    Ok(emails
        .into_iter()
        .map(|email| Member {
            email: email.to_owned(),
            name: email.to_owned(),
            calendar: calendar.clone(),
            teams: Vec::new(),
        })
        .collect())
}
