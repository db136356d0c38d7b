//! Reading the audit's inputs: `.ics` files into domain [`Meeting`]s (through
//! [`longhand_core::formats::audit_ics`]), and the `--members` file into domain [`Member`]s.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, SyncSender};

use anyhow::Context;
use longhand_domain::calendar::Calendar;
use longhand_domain::meetings::{Groups, Meeting, Member, Window};
use longhand_ical::Budget;
use serde::Deserialize;

use longhand_core::formats::audit_ics::{self, CalendarMeetings, Collector};
use longhand_core::formats::calendar_json::CalendarJson;

/// Reads and parses one `.ics` file; a file that cannot be read names its line.
pub(super) fn read_calendar(path: &Path) -> anyhow::Result<longhand_ical::Calendar> {
    Ok(read_owned_calendar(path, &Owners::default())?.0)
}

/// Reads and parses one `.ics` file, with the person whose calendar it is, if known.
fn read_owned_calendar(
    path: &Path,
    owners: &Owners,
) -> anyhow::Result<(longhand_ical::Calendar, Option<String>)> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let calendar = longhand_ical::parse_bytes(&bytes)
        .map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))?;
    Ok((calendar, owners.of(path, &bytes)))
}

/// Whose calendar each file is, as given with `--owner FILE=EMAIL` (or `FILE=none`).
#[derive(Debug, Default)]
pub(super) struct Owners {
    given: Vec<(String, Option<String>)>,
}

impl Owners {
    /// Parses the `--owner` values; each must name one of `files` (as written, or by its
    /// file name) and an address or `none`.
    pub(super) fn parse(raw: &[String], files: &[PathBuf]) -> anyhow::Result<Owners> {
        let mut given = Vec::with_capacity(raw.len());
        for pair in raw {
            let (file, who) = pair.rsplit_once('=').with_context(|| {
                format!("--owner \"{pair}\" must look like FILE=EMAIL or FILE=none")
            })?;
            let owner = match who.trim() {
                "none" => None,
                email => Some(audit_ics::email_address(email).with_context(|| {
                    format!("--owner \"{pair}\": \"{email}\" is not an e-mail address")
                })?),
            };
            if !files.iter().any(|path| names(file, path)) {
                anyhow::bail!("--owner \"{pair}\": {file} is not one of the calendar files");
            }
            given.push((file.to_owned(), owner));
        }
        Ok(Owners { given })
    }

    /// The owner of the file at `path`: given with `--owner`, else the address the file
    /// names itself by (`X-WR-CALNAME`), else its name's stem when that is an address
    /// (`ana@example.com.ics`).
    fn of(&self, path: &Path, bytes: &[u8]) -> Option<String> {
        if let Some((_, owner)) = self.given.iter().find(|(file, _)| names(file, path)) {
            return owner.clone();
        }
        audit_ics::named_owner(bytes).or_else(|| {
            let stem = path.file_stem()?.to_str()?;
            audit_ics::email_address(stem)
        })
    }
}

/// Whether `file`, from an `--owner` flag, names `path`: as written, or by its file name.
fn names(file: &str, path: &Path) -> bool {
    Path::new(file) == path || path.file_name().is_some_and(|name| name == file)
}

/// Reads every file and expands it over the window, `jobs` files at a time, reporting
/// skipped items on stderr.
///
/// With one job the files are added one by one. With more, each worker thread reads, parses
/// and expands its share of the files (every `jobs`-th one) into compact per-file meetings
/// and drops the text, while this thread merges the results in file order, so the report is
/// the same as reading one by one: the first calendar to hold a meeting gives its details,
/// holders are listed in file order, and the report's budget is spent file by file. Each
/// worker runs at most [`AHEAD`] files ahead of the merge, which bounds memory to a few
/// files whatever their number.
pub(super) fn load(
    files: &[PathBuf],
    owners: &Owners,
    window: Window,
    jobs: usize,
) -> anyhow::Result<Collector> {
    let progress = Progress::new(files.len());
    let jobs = jobs.clamp(1, files.len().max(1));
    let loaded = if jobs == 1 {
        load_one_by_one(files, owners, window, &progress)?
    } else {
        load_in_parallel(files, owners, window, jobs, &progress)?
    };
    progress.finish();
    for note in &loaded.notes {
        eprintln!("note: {note}");
    }
    Ok(loaded)
}

/// How many read files a worker may hold while the merge has not taken them yet.
const AHEAD: usize = 4;

fn load_one_by_one(
    files: &[PathBuf],
    owners: &Owners,
    window: Window,
    progress: &Progress,
) -> anyhow::Result<Collector> {
    let mut loaded = Collector::default();
    for (i, path) in files.iter().enumerate() {
        let (calendar, owner) = read_owned_calendar(path, owners)?;
        loaded.add(
            &path.display().to_string(),
            owner.as_deref(),
            &calendar,
            window,
        );
        progress.step(i + 1, loaded.meetings.len());
    }
    Ok(loaded)
}

fn load_in_parallel(
    files: &[PathBuf],
    owners: &Owners,
    window: Window,
    jobs: usize,
    progress: &Progress,
) -> anyhow::Result<Collector> {
    std::thread::scope(|scope| {
        let workers: Vec<Receiver<anyhow::Result<CalendarMeetings>>> = (0..jobs)
            .map(|first| {
                let (sender, receiver) = mpsc::sync_channel(AHEAD);
                let share = files.iter().skip(first).step_by(jobs);
                scope.spawn(move || read_share(share, owners, window, &sender));
                receiver
            })
            .collect();
        let mut loaded = Collector::default();
        for (i, path) in files.iter().enumerate() {
            let read = workers[i % jobs]
                .recv()
                .with_context(|| format!("reading {} stopped", path.display()))??;
            if !loaded.merge(read) {
                // Near the end of the report's budget this file gets less than a whole
                // calendar's budget, which only a reading after the earlier files can know.
                let (calendar, owner) = read_owned_calendar(path, owners)?;
                let name = path.display().to_string();
                loaded.add(&name, owner.as_deref(), &calendar, window);
            }
            progress.step(i + 1, loaded.meetings.len());
        }
        // Dropping the receivers here stops the workers at their next file.
        Ok(loaded)
    })
}

/// A worker: reads its files in order and sends each one's meetings, stopping after the
/// first file that cannot be read (the merge stops there) or when the merge has stopped.
fn read_share<'f>(
    share: impl Iterator<Item = &'f PathBuf>,
    owners: &Owners,
    window: Window,
    sender: &SyncSender<anyhow::Result<CalendarMeetings>>,
) {
    for path in share {
        let read = read_owned_calendar(path, owners).map(|(calendar, owner)| {
            let name = path.display().to_string();
            let owner = owner.as_deref();
            CalendarMeetings::read(&name, owner, &calendar, window, Budget::PER_FILE)
        });
        let failed = read.is_err();
        if sender.send(read).is_err() || failed {
            return;
        }
    }
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

/// Everyone who attends a meeting, working Monday–Friday 09:00–17:00 UTC.
pub(super) fn default_members(
    meetings: &[Meeting],
    groups: &Groups,
) -> anyhow::Result<Vec<Member>> {
    let calendar: Calendar = CalendarJson::standard("UTC")
        .to_domain()
        .map_err(|err| anyhow::anyhow!("the default calendar: {err}"))?;
    let emails: BTreeSet<&str> = meetings
        .iter()
        .filter(|m| !m.all_day)
        .flat_map(|m| m.participants(groups))
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
