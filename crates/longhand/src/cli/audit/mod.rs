//! `longhand audit`: the meeting audit of DESIGN.md §2.6 from `.ics` files, in the terminal.
//!
//! ```text
//! longhand audit [--from D] [--to D] [--baseline D..D] [--members FILE] [--owner FILE=EMAIL]… [--purpose UID=PURPOSE]… [--format table|json|html] [--jobs N] FILE.ics…
//! longhand audit expand FILE.ics --from D --to D [--format jsonl]
//! ```
//!
//! Every problem met reading the files goes to stderr as `warning: FILE:LINE: what was wrong
//! and what was done` (`warning: FILE: …` when it belongs to no line), and the command exits
//! 0. A file that gives nothing to use (text that is not iCalendar, or not one readable event)
//! is `error: FILE: no usable events (N problems)` (or the line that is not iCalendar), and
//! the command prints no report or occurrences and exits 1.
//!
//! The window is half-open, `[from, to)`. A date (`2026-03-02`) means 00:00 UTC of that day;
//! an RFC 3339 instant is taken as written. Without flags the window is the 28 days before
//! today's 00:00 UTC, i.e. the last four full weeks of days. With `--baseline FROM..TO` the
//! report also compares that earlier period (the baseline) with the window (the pilot).
//!
//! This module is glue: `input` reads files into domain types, the domain's `meetings::audit`
//! and `meetings::compare` do the arithmetic, and [`longhand_core::formats::audit_report`] turns the result into
//! the one wire shape that the table, JSON and HTML outputs all print — the same shape the
//! server's Meetings page and API use.

mod html;
mod input;
mod table;

use std::io::Write;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Subcommand, ValueEnum};
use jiff::{Timestamp, ToSpan};
use longhand_domain::meetings::{self, Audit, AuditInput, Purpose, Window};

use longhand_core::clock::Clock;
use longhand_core::formats::audit_ics;
use longhand_core::formats::audit_report::{Read, Report};
use longhand_core::formats::calendar_problems;

/// How many days the default window covers.
const DEFAULT_DAYS: i64 = 28;

/// The arguments of `longhand audit`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: Option<AuditCommand>,
    #[command(flatten)]
    report: ReportArgs,
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Print every occurrence overlapping the window as JSON lines, sorted by start.
    Expand(ExpandArgs),
}

#[derive(Debug, clap::Args)]
struct ReportArgs {
    /// Start of the window: YYYY-MM-DD (00:00 UTC) or an RFC 3339 instant. Default: `--to`
    /// minus 28 days.
    #[arg(long, value_name = "D")]
    from: Option<String>,
    /// End of the window (exclusive): YYYY-MM-DD (00:00 UTC) or an RFC 3339 instant.
    /// Default: today, 00:00 UTC.
    #[arg(long, value_name = "D")]
    to: Option<String>,
    /// Compare with an earlier period: FROM..TO, each a date or an RFC 3339 instant
    /// (e.g. 2026-01-05..2026-02-02). The window given by --from/--to is the pilot.
    #[arg(long, value_name = "D..D")]
    baseline: Option<String>,
    /// A JSON array of {"email", "name", "calendar", "teams"}; `calendar` is member-calendar
    /// JSON. Without it everyone in the files works Monday–Friday 09:00–17:00 UTC.
    #[arg(long, value_name = "FILE")]
    members: Option<PathBuf>,
    /// Whose calendar a file is: FILE=EMAIL, or FILE=none for a calendar that is not one
    /// person's (FILE as given, or its file name). Without it a file belongs to the address
    /// it names itself by (X-WR-CALNAME, as Google exports write it), else to its name's
    /// stem when that is an address (ana@example.com.ics). Everyone whose calendar holds a
    /// meeting attends it, unless they declined it there, so a meeting sent to a group
    /// address counts each person who has it.
    #[arg(long = "owner", value_name = "FILE=EMAIL")]
    owners: Vec<String>,
    /// Set a series' purpose by hand: UID=update|decision|relationship|work-session.
    #[arg(long = "purpose", value_name = "UID=PURPOSE")]
    purposes: Vec<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: ReportFormat,
    /// How many files to read at once. Default: one per CPU. The report is the same for any
    /// number.
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<NonZeroUsize>,
    /// The calendar files.
    #[arg(required = true, value_name = "FILE.ics")]
    files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct ExpandArgs {
    /// The calendar file.
    file: PathBuf,
    /// Start of the window: YYYY-MM-DD (00:00 UTC) or an RFC 3339 instant.
    #[arg(long, value_name = "D")]
    from: String,
    /// End of the window (exclusive).
    #[arg(long, value_name = "D")]
    to: String,
    #[arg(long, value_enum, default_value = "jsonl")]
    format: ExpandFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ReportFormat {
    Table,
    Json,
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ExpandFormat {
    Jsonl,
}

/// Runs `longhand audit …`.
pub fn run(args: AuditArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        Some(AuditCommand::Expand(expand)) => run_expand(expand),
        None => run_report(args.report),
    }
}

/// `audit expand`: the problems on stderr as warnings, the occurrences on stdout; a file
/// that gives nothing to use is an error (exit 1) and prints no occurrence.
fn run_expand(args: ExpandArgs) -> anyhow::Result<ExitCode> {
    let ExpandFormat::Jsonl = args.format;
    let window = window(
        parse_when(&args.from, "--from")?,
        parse_when(&args.to, "--to")?,
    )?;
    let name = args.file.display().to_string();
    let calendar = match input::read_calendar(&args.file)? {
        Ok(calendar) => calendar,
        Err(problem) => return Ok(unusable(&[format!("error: {problem}")])),
    };
    let expansion = calendar.expand(window.from(), window.to());
    let problems = audit_ics::expansion_problems(&name, &calendar, &expansion);
    if !calendar_problems::usable(&calendar) {
        return Ok(unusable(&input::unusable_lines(&name, &problems)));
    }
    tell(&input::warning_lines(&problems));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    longhand_ical::write_jsonl(&mut out, &expansion.occurrences)
        .context("cannot write the output")?;
    out.flush().context("cannot write the output")?;
    Ok(ExitCode::SUCCESS)
}

/// Writes `lines` on stderr.
fn tell(lines: &[String]) {
    for line in lines {
        eprintln!("{line}");
    }
}

/// Tells `lines` and ends with the exit code of input that gave nothing to use: 1, as for
/// `lint` errors (2 stays for usage errors).
fn unusable(lines: &[String]) -> ExitCode {
    tell(lines);
    ExitCode::FAILURE
}

/// The report. Every problem is a warning on stderr; when a file gave nothing to use the
/// report is not printed, since totals without one of the calendars would be wrong without
/// saying so, and the command exits 1.
fn run_report(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let window = report_window(&args, Clock::System.now())?;
    let baseline = args.baseline.as_deref().map(parse_range).transpose()?;
    let overrides = parse_purposes(&args.purposes)?;
    let owners = input::Owners::parse(&args.owners, &args.files)?;
    let jobs = args
        .jobs
        .or_else(|| std::thread::available_parallelism().ok());
    let jobs = jobs.map_or(1, NonZeroUsize::get);
    let loaded = input::load(&args.files, &owners, hull(window, baseline), jobs)?;
    if loaded.unusable > 0 {
        return Ok(ExitCode::FAILURE);
    }
    let loaded = loaded.collector;
    let members = match &args.members {
        Some(path) => input::read_members(path)?,
        None => input::default_members(&loaded.meetings, &loaded.groups)?,
    };
    let audit_of = |window: Window| -> Audit {
        meetings::audit(&AuditInput {
            window,
            members: &members,
            meetings: &loaded.meetings,
            overrides: &overrides,
            shared_tenure: &Default::default(),
            written_together: &std::collections::BTreeSet::new(),
            groups: &loaded.groups,
        })
    };
    let audit = audit_of(window);
    let comparison = baseline.map(|b| meetings::compare(&audit_of(b), &audit));
    let read = Read {
        occurrences: loaded.occurrences,
        problems: loaded.notes.clone(),
    };
    let report = Report::new(&audit, comparison.as_ref(), read);
    print_report(&report, args.format)?;
    Ok(ExitCode::SUCCESS)
}

fn print_report(report: &Report, format: ReportFormat) -> anyhow::Result<()> {
    let text = match format {
        ReportFormat::Table => table::render(report),
        ReportFormat::Json => serde_json::to_string_pretty(report)? + "\n",
        ReportFormat::Html => html::render(report)?,
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .context("cannot write the report")
}

/// The smallest window holding both the pilot and the baseline, so the files are read once.
fn hull(window: Window, baseline: Option<Window>) -> Window {
    let Some(b) = baseline else { return window };
    Window::new(b.from().min(window.from()), b.to().max(window.to())).unwrap_or(window)
}

/// `FROM..TO` into a window.
fn parse_range(raw: &str) -> anyhow::Result<Window> {
    let (from, to) = raw
        .split_once("..")
        .with_context(|| format!("--baseline \"{raw}\" must look like 2026-01-05..2026-02-02"))?;
    let from = parse_when(from, "--baseline")?;
    let to = parse_when(to, "--baseline")?;
    Window::new(from, to).with_context(|| format!("--baseline: {from} must be before {to}"))
}

/// The window from the flags, defaulting to the 28 days before today's 00:00 UTC.
fn report_window(args: &ReportArgs, now: Timestamp) -> anyhow::Result<Window> {
    let to = match &args.to {
        Some(raw) => parse_when(raw, "--to")?,
        None => midnight_utc(now)?,
    };
    let from = match &args.from {
        Some(raw) => parse_when(raw, "--from")?,
        None => to
            .checked_sub((DEFAULT_DAYS * 24).hours())
            .context("--to is too early for the default window")?,
    };
    window(from, to)
}

fn window(from: Timestamp, to: Timestamp) -> anyhow::Result<Window> {
    Window::new(from, to).with_context(|| format!("--from ({from}) must be before --to ({to})"))
}

fn midnight_utc(now: Timestamp) -> anyhow::Result<Timestamp> {
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    Ok(today.to_zoned(jiff::tz::TimeZone::UTC)?.timestamp())
}

/// A date (00:00 UTC) or an RFC 3339 instant.
fn parse_when(raw: &str, flag: &str) -> anyhow::Result<Timestamp> {
    let raw = raw.trim();
    if let Ok(instant) = raw.parse::<Timestamp>() {
        return Ok(instant);
    }
    match raw.parse::<jiff::civil::Date>() {
        Ok(date) => Ok(date.to_zoned(jiff::tz::TimeZone::UTC)?.timestamp()),
        Err(_) => bail!(
            "{flag} \"{raw}\" is neither a date (2026-03-02) nor an RFC 3339 instant (2026-03-02T09:00:00Z)"
        ),
    }
}

/// `UID=PURPOSE` pairs into the override map.
fn parse_purposes(raw: &[String]) -> anyhow::Result<std::collections::BTreeMap<String, Purpose>> {
    raw.iter()
        .map(|pair| {
            let (uid, purpose) = pair
                .rsplit_once('=')
                .with_context(|| format!("--purpose \"{pair}\" must look like UID=update"))?;
            let purpose = Purpose::parse(purpose).with_context(|| {
                format!("--purpose \"{pair}\": use update, decision, relationship or work-session")
            })?;
            Ok((uid.to_owned(), purpose))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_instants() {
        let check = |raw: &str, expect: &str| {
            assert_eq!(parse_when(raw, "--from").unwrap().to_string(), expect);
        };
        check("2026-03-02", "2026-03-02T00:00:00Z");
        check("2026-03-02T09:30:00+01:00", "2026-03-02T08:30:00Z");
        let range = parse_range("2026-01-05..2026-02-02").unwrap();
        assert_eq!(range.from().to_string(), "2026-01-05T00:00:00Z");
        assert!(parse_range("2026-02-02..2026-01-05").is_err());
        assert!(parse_range("2026-01-05").is_err());
        assert!(
            parse_when("March", "--from")
                .unwrap_err()
                .to_string()
                .contains("--from \"March\"")
        );
        let now: Timestamp = "2026-03-30T15:00:00Z".parse().unwrap();
        assert_eq!(
            midnight_utc(now).unwrap().to_string(),
            "2026-03-30T00:00:00Z"
        );
    }
}
