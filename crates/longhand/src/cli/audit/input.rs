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
use longhand_core::formats::calendar_problems::{self, Problem};

/// Reads and parses one `.ics` file. Failing to read the file is an error of the command;
/// text that is not iCalendar is a problem of the file, with its line.
pub(super) fn read_calendar(
    path: &Path,
) -> anyhow::Result<Result<longhand_ical::Calendar, Problem>> {
    Ok(read_owned_calendar(path, &Owners::default())?.0)
}

/// A file's calendar (or why it is not one) and the person whose calendar it is, if known.
type Owned = (Result<longhand_ical::Calendar, Problem>, Option<String>);

/// Reads and parses one `.ics` file, with the person whose calendar it is, if known.
fn read_owned_calendar(path: &Path, owners: &Owners) -> anyhow::Result<Owned> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.display().to_string();
    let calendar =
        longhand_ical::parse_bytes(&bytes).map_err(|err| Problem::unreadable(&name, &err));
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

/// Reads every file and expands it over the window, `jobs` files at a time. Each problem is
/// told on stderr as its file is merged (`warning: FILE:LINE: …`); a file that gives nothing
/// to use is an `error: …` line and counted, and the others are still read so that every
/// error is told in one run.
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
) -> anyhow::Result<Loaded> {
    let progress = Progress::new(files.len());
    let jobs = jobs.clamp(1, files.len().max(1));
    let loaded = if jobs == 1 {
        load_one_by_one(files, owners, window, &progress)?
    } else {
        load_in_parallel(files, owners, window, jobs, &progress)?
    };
    progress.finish();
    Ok(loaded)
}

/// How many read files a worker may hold while the merge has not taken them yet.
const AHEAD: usize = 4;

/// The calendars read, and how many files gave nothing to use.
pub(super) struct Loaded {
    pub collector: Collector,
    pub unusable: usize,
}

impl Loaded {
    fn new() -> Loaded {
        Loaded {
            collector: Collector::default(),
            unusable: 0,
        }
    }

    /// Adds one parsed calendar; returns the lines that tell its problems.
    fn add(
        &mut self,
        path: &Path,
        owner: Option<&str>,
        calendar: &longhand_ical::Calendar,
        window: Window,
    ) -> Vec<String> {
        let name = path.display().to_string();
        let before = self.collector.notes.len();
        self.collector.add(&name, owner, calendar, window);
        self.told(&name, before, calendar_problems::usable(calendar))
    }

    /// The lines for the problems noted since `before` by the file `name`; counts the file
    /// when it gave nothing to use.
    fn told(&mut self, name: &str, before: usize, usable: bool) -> Vec<String> {
        let problems = &self.collector.notes[before..];
        if usable {
            return warning_lines(problems);
        }
        self.unusable += 1;
        unusable_lines(name, problems)
    }

    /// A file that is not iCalendar at all.
    fn unreadable(&mut self, problem: &Problem) -> Vec<String> {
        self.unusable += 1;
        vec![format!("error: {problem}")]
    }
}

fn load_one_by_one(
    files: &[PathBuf],
    owners: &Owners,
    window: Window,
    progress: &Progress,
) -> anyhow::Result<Loaded> {
    let mut loaded = Loaded::new();
    for (i, path) in files.iter().enumerate() {
        let told = match read_owned_calendar(path, owners)? {
            (Ok(calendar), owner) => loaded.add(path, owner.as_deref(), &calendar, window),
            (Err(problem), _) => loaded.unreadable(&problem),
        };
        progress.tell(&told);
        progress.step(i + 1, loaded.collector.meetings.len());
    }
    Ok(loaded)
}

/// One file as a worker read it: its meetings and whether anything in it was usable, or why
/// it is not iCalendar.
type WorkerRead = Result<(CalendarMeetings, bool), Problem>;

fn load_in_parallel(
    files: &[PathBuf],
    owners: &Owners,
    window: Window,
    jobs: usize,
    progress: &Progress,
) -> anyhow::Result<Loaded> {
    std::thread::scope(|scope| {
        let workers: Vec<Receiver<anyhow::Result<WorkerRead>>> = (0..jobs)
            .map(|first| {
                let (sender, receiver) = mpsc::sync_channel(AHEAD);
                let share = files.iter().skip(first).step_by(jobs);
                scope.spawn(move || read_share(share, owners, window, &sender));
                receiver
            })
            .collect();
        let mut loaded = Loaded::new();
        for (i, path) in files.iter().enumerate() {
            let read = workers[i % jobs]
                .recv()
                .with_context(|| format!("reading {} stopped", path.display()))??;
            let told = match read {
                Ok((read, usable)) => merge(&mut loaded, read, usable, path, owners, window)?,
                Err(problem) => loaded.unreadable(&problem),
            };
            progress.tell(&told);
            progress.step(i + 1, loaded.collector.meetings.len());
        }
        // Dropping the receivers here stops the workers at their next file.
        Ok(loaded)
    })
}

/// Merges one file a worker read; returns the lines that tell its problems.
fn merge(
    loaded: &mut Loaded,
    read: CalendarMeetings,
    usable: bool,
    path: &Path,
    owners: &Owners,
    window: Window,
) -> anyhow::Result<Vec<String>> {
    let before = loaded.collector.notes.len();
    if loaded.collector.merge(read) {
        return Ok(loaded.told(&path.display().to_string(), before, usable));
    }
    // Near the end of the report's budget this file gets less than a whole calendar's
    // budget, which only a reading after the earlier files can know.
    Ok(match read_owned_calendar(path, owners)? {
        (Ok(calendar), owner) => loaded.add(path, owner.as_deref(), &calendar, window),
        (Err(problem), _) => loaded.unreadable(&problem),
    })
}

/// A worker: reads its files in order and sends each one's meetings, stopping after a file
/// that cannot be read from disk (the command stops there) or when the merge has stopped.
fn read_share<'f>(
    share: impl Iterator<Item = &'f PathBuf>,
    owners: &Owners,
    window: Window,
    sender: &SyncSender<anyhow::Result<WorkerRead>>,
) {
    for path in share {
        let read = read_owned_calendar(path, owners).map(|(calendar, owner)| {
            let name = path.display().to_string();
            calendar.map(|calendar| {
                let usable = calendar_problems::usable(&calendar);
                let meetings = CalendarMeetings::read(
                    &name,
                    owner.as_deref(),
                    &calendar,
                    window,
                    Budget::PER_FILE,
                );
                (meetings, usable)
            })
        });
        let failed = read.is_err();
        if sender.send(read).is_err() || failed {
            return;
        }
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
