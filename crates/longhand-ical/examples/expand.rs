//! Prints every occurrence of a calendar file in a window as JSON lines, sorted by start.
//!
//! `cargo run -p longhand-ical --example expand -- FILE.ics --from 2026-01-01 --to 2027-01-01`
//!
//! Dates are UTC midnights; full RFC 3339 instants work too. Skipped items go to stderr. This
//! is the engine behind `longhand audit expand … --format jsonl`.

use std::io::Write as _;
use std::process::ExitCode;

use jiff::Timestamp;

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("expand: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let (file, from, to) = parse_args(&args)?;
    let bytes = std::fs::read(&file).map_err(|e| format!("{file}: {e}"))?;
    let cal = longhand_ical::parse_bytes(&bytes).map_err(|e| format!("{file}: {e}"))?;
    for s in &cal.skipped {
        eprintln!("{file}: {s}");
    }
    let expansion = cal.expand(from, to);
    for key in &expansion.truncated {
        let uid = cal
            .series
            .get(key.0 as usize)
            .map_or("", |s| s.uid.as_str());
        eprintln!(
            "{file}: UID `{uid}` cut off after {} occurrences",
            longhand_ical::MAX_OCCURRENCES_PER_SERIES
        );
    }
    if !expansion.over_budget.is_empty() {
        eprintln!(
            "{file}: {} series left out or cut short: the file's budget ({} occurrences, {} steps) ran out",
            expansion.over_budget.len(),
            longhand_ical::MAX_OCCURRENCES_PER_FILE,
            longhand_ical::MAX_STEPS_PER_FILE
        );
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    longhand_ical::write_jsonl(&mut out, &expansion.occurrences)
        .and_then(|()| out.flush())
        .map_err(|e| e.to_string())
}

fn parse_args(args: &[String]) -> Result<(String, Timestamp, Timestamp), String> {
    const USAGE: &str = "usage: expand FILE.ics --from YYYY-MM-DD --to YYYY-MM-DD";
    let (mut file, mut from, mut to) = (None, None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--from" => from = Some(instant(it.next().ok_or(USAGE)?)?),
            "--to" => to = Some(instant(it.next().ok_or(USAGE)?)?),
            _ if file.is_none() => file = Some(a.clone()),
            _ => return Err(USAGE.into()),
        }
    }
    Ok((file.ok_or(USAGE)?, from.ok_or(USAGE)?, to.ok_or(USAGE)?))
}

fn instant(text: &str) -> Result<Timestamp, String> {
    if let Ok(date) = text.parse::<jiff::civil::Date>() {
        return date
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp())
            .map_err(|e| e.to_string());
    }
    text.parse()
        .map_err(|e| format!("`{text}` is neither a date nor an RFC 3339 instant: {e}"))
}
