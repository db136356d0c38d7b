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
use longhand_core::formats::calendar_problems::{self, Problem};

/// Reads and parses one `.ics` file. Failing to read the file is an error of the command;
/// text that is not iCalendar is a problem of the file, with its line.
pub(super) fn read_calendar(
    path: &Path,
) -> anyhow::Result<Result<longhand_ical::Calendar, Problem>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.display().to_string();
    Ok(longhand_ical::parse_bytes(&bytes).map_err(|err| Problem::unreadable(&name, &err)))
}

/// The calendars read, and how many files gave nothing to use.
pub(super) struct Loaded {
    pub collector: Collector,
    pub unusable: usize,
}

/// Reads every file and expands it over the window. Each problem is told on stderr as it is
/// met (`warning: FILE:LINE: …`); a file that gives nothing to use is an `error: …` line and
/// counted, and the others are still read so that every error is told in one run.
pub(super) fn load(files: &[PathBuf], window: Window) -> anyhow::Result<Loaded> {
    let progress = Progress::new(files.len());
    let mut loaded = Loaded {
        collector: Collector::default(),
        unusable: 0,
    };
    for (i, path) in files.iter().enumerate() {
        let told = match read_calendar(path)? {
            Ok(calendar) => loaded.add(path, &calendar, window),
            Err(problem) => {
                loaded.unusable += 1;
                vec![format!("error: {problem}")]
            }
        };
        progress.tell(&told);
        progress.step(i + 1, loaded.collector.meetings.len());
    }
    progress.finish();
    Ok(loaded)
}

impl Loaded {
    /// Adds one parsed calendar; returns the lines that tell its problems.
    fn add(
        &mut self,
        path: &Path,
        calendar: &longhand_ical::Calendar,
        window: Window,
    ) -> Vec<String> {
        let name = path.display().to_string();
        let before = self.collector.notes.len();
        self.collector.add(&name, calendar, window);
        let problems = &self.collector.notes[before..];
        if calendar_problems::usable(calendar) {
            return warning_lines(problems);
        }
        self.unusable += 1;
        unusable_lines(&name, problems)
    }
}

/// The lines for a file that gave nothing to use: why, then the error.
pub(super) fn unusable_lines(name: &str, problems: &[Problem]) -> Vec<String> {
    let why = calendar_problems::why_unusable(name, problems);
    let mut lines = warning_lines(&why);
    let error = calendar_problems::no_usable_events(name, why.len());
    lines.push(format!("error: {error}"));
    lines
}

/// Each problem as a `warning:` line.
pub(super) fn warning_lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| format!("warning: {p}")).collect()
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

    /// Writes `lines` on stderr, below the counter when it is shown.
    fn tell(&self, lines: &[String]) {
        if lines.is_empty() {
            return;
        }
        if self.shown {
            eprintln!();
        }
        for line in lines {
            eprintln!("{line}");
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
