//! Times the business-calendar engine itself, without process start or JSON IO, for
//! `scripts/bench-calendar.sh` (DESIGN.md §4: at least 1M due-time computations per second on
//! one core).
//!
//! It reads the same member-calendar JSON files and JSON-lines cases that
//! `longhand calendar add --batch` reads, parses everything up front, then calls
//! `Calendar::add` over all cases in turn until at least `--seconds` have passed. It prints one
//! JSON object per calendar and one for the total, each with the calls made, the wall-clock
//! seconds they took and, on Linux, the CPU seconds this thread ran: on a shared machine the
//! CPU time is what "calls per second on one core" means, as it leaves out the time other
//! processes held the core. With `--answers FILE` it also writes every case's answer, in input order, in the
//! CLI's format, so the benchmark can check that the timed calls compute what the CLI prints.
//!
//! ```text
//! cargo build --release --example calendar_throughput
//! target/release/examples/calendar_throughput [--seconds 2] [--answers FILE] \
//!     CALENDAR.json CASES.jsonl [CALENDAR.json CASES.jsonl …]
//! ```

use std::hint::black_box;
use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use jiff::Timestamp;
use longhand_core::formats::calendar_json::CalendarJson;
use longhand_domain::calendar::{BusinessDuration, Calendar};

/// One calendar with its parsed cases.
struct Workload {
    name: String,
    calendar: Calendar,
    cases: Vec<(Timestamp, BusinessDuration)>,
}

struct Args {
    seconds: f64,
    answers: Option<String>,
    files: Vec<(String, String)>,
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let workloads = args
        .files
        .iter()
        .map(|(calendar, cases)| load(calendar, cases))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if let Some(path) = &args.answers {
        write_answers(path, &workloads)?;
    }
    let budget = Duration::from_secs_f64(args.seconds / workloads.len() as f64);
    let mut total = Timing::default();
    for workload in &workloads {
        let timing = time_adds(workload, budget);
        report(&workload.name, &timing);
        total.calls += timing.calls;
        total.wall += timing.wall;
        total.cpu = total.cpu.zip(timing.cpu).map(|(a, b)| a + b);
    }
    report("all", &total);
    Ok(())
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        seconds: 2.0,
        answers: None,
        files: Vec::new(),
    };
    let mut positional = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--seconds" => {
                let value = it.next().context("--seconds needs a value")?;
                args.seconds = value.parse().context("--seconds needs a number")?;
            }
            "--answers" => args.answers = Some(it.next().context("--answers needs a file")?),
            _ => positional.push(arg),
        }
    }
    if positional.is_empty() || positional.len() % 2 != 0 {
        bail!("usage: calendar_throughput [--seconds S] [--answers FILE] (CALENDAR CASES)…");
    }
    args.files = positional
        .chunks(2)
        .map(|pair| (pair[0].clone(), pair[1].clone()))
        .collect();
    Ok(args)
}

/// Parses a calendar file and its cases, exactly as the CLI's batch mode does.
fn load(calendar_path: &str, cases_path: &str) -> anyhow::Result<Workload> {
    let text = std::fs::read_to_string(calendar_path)
        .with_context(|| format!("cannot read {calendar_path}"))?;
    let calendar = CalendarJson::parse_text(&text).map_err(|err| anyhow::anyhow!(err))?;
    let file =
        std::fs::File::open(cases_path).with_context(|| format!("cannot read {cases_path}"))?;
    let mut cases = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line?;
        if !line.trim().is_empty() {
            cases.push(parse_case(&line).with_context(|| format!("{cases_path}: {line}"))?);
        }
    }
    let name = std::path::Path::new(calendar_path)
        .file_stem()
        .map_or_else(|| calendar_path.to_owned(), |s| s.to_string_lossy().into());
    Ok(Workload {
        name,
        calendar,
        cases,
    })
}

fn parse_case(line: &str) -> anyhow::Result<(Timestamp, BusinessDuration)> {
    let value: serde_json::Value = serde_json::from_str(line)?;
    let field = |name: &str| {
        value
            .get(name)
            .and_then(serde_json::Value::as_str)
            .with_context(|| format!("no \"{name}\" string"))
    };
    let start = field("start")?.trim().parse()?;
    Ok((start, BusinessDuration::parse(field("duration")?)?))
}

/// Writes one answer per case in the CLI's format: an RFC 3339 instant, or an error object.
fn write_answers(path: &str, workloads: &[Workload]) -> anyhow::Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("cannot write {path}"))?;
    let mut out = std::io::BufWriter::new(file);
    for workload in workloads {
        for &(start, business) in &workload.cases {
            match workload.calendar.add(start, business) {
                Ok(due) => writeln!(out, "{due}")?,
                Err(err) => writeln!(out, "{}", serde_json::json!({ "error": err.to_string() }))?,
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// Calls made and the time they took: wall clock, and this thread's CPU time when known.
#[derive(Debug)]
struct Timing {
    calls: u64,
    wall: Duration,
    cpu: Option<Duration>,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing {
            calls: 0,
            wall: Duration::ZERO,
            cpu: Some(Duration::ZERO),
        }
    }
}

/// Calls `add` over the cases in turn, in whole passes, until `budget` has passed. Reading the
/// clock once per pass keeps its cost out of the figure.
fn time_adds(workload: &Workload, budget: Duration) -> Timing {
    let calendar = &workload.calendar;
    let (started, cpu_started) = (Instant::now(), thread_cpu_time());
    let mut calls = 0u64;
    while started.elapsed() < budget {
        for &(start, business) in &workload.cases {
            let _ = black_box(calendar.add(black_box(start), black_box(business)));
        }
        calls += workload.cases.len() as u64;
    }
    Timing {
        calls,
        wall: started.elapsed(),
        cpu: thread_cpu_time()
            .zip(cpu_started)
            .map(|(end, start)| end.saturating_sub(start)),
    }
}

/// The CPU time this thread has run so far, from Linux's `/proc/thread-self/schedstat`
/// (its first field, in nanoseconds); `None` where that file does not exist.
fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn report(name: &str, timing: &Timing) {
    let line = serde_json::json!({
        "calendar": name,
        "calls": timing.calls,
        "seconds": timing.wall.as_secs_f64(),
        "cpu_seconds": timing.cpu.map(|cpu| cpu.as_secs_f64()),
    });
    println!("{line}");
}
