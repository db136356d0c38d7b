//! Timings into percentiles, a report as a table or JSON, peak RSS, and two reports side by
//! side.

use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

/// The target for the engine: p95 under 50 ms.
const TARGET_P95_MS: f64 = 50.0;

/// One query's measurements.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    pub class: String,
    pub query: String,
    pub matches: u64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

/// What one mode measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// `engine` or `fts5`.
    pub mode: String,
    /// Lines said before the table: who searched, how the reference was built.
    pub notes: Vec<String>,
    pub runs: usize,
    pub rows: Vec<Row>,
    /// The process's peak resident set (VmHWM) at the end, in KiB.
    pub peak_rss_kib: u64,
}

impl Row {
    /// A row from the measured durations (at least one).
    pub fn new(class: &str, query: &str, matches: u64, mut times: Vec<Duration>) -> Row {
        times.sort_unstable();
        let at = |p: f64| percentile(&times, p).as_secs_f64() * 1000.0;
        Row {
            class: class.to_owned(),
            query: query.to_owned(),
            matches,
            p50_ms: at(0.50),
            p95_ms: at(0.95),
            p99_ms: at(0.99),
        }
    }
}

/// The nearest-rank percentile of sorted durations: the smallest one with at least `p` of
/// them at or below it.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted
        .get(rank.clamp(1, sorted.len().max(1)) - 1)
        .copied()
        .unwrap_or_default()
}

/// This process's peak resident set in KiB, from `/proc/self/status` (0 where there is none).
pub fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A size in MiB.
pub fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

impl Report {
    pub fn table(&self) -> String {
        let mut out = format!("== {} ==\n", self.mode);
        for note in &self.notes {
            let _ = writeln!(out, "{note}");
        }
        let _ = writeln!(
            out,
            "{:<18} {:<40} {:>9} {:>9} {:>9} {:>9}",
            "class", "query", "matches", "p50 ms", "p95 ms", "p99 ms"
        );
        for r in &self.rows {
            let _ = writeln!(
                out,
                "{:<18} {:<40} {:>9} {:>9.2} {:>9.2} {:>9.2}",
                r.class, r.query, r.matches, r.p50_ms, r.p95_ms, r.p99_ms
            );
        }
        let _ = writeln!(
            out,
            "{} measured runs per query after one warm-up (under 100 runs, p99 is the slowest); peak RSS {:.1} MiB",
            self.runs,
            self.peak_rss_kib as f64 / 1024.0
        );
        out
    }
}

fn read(path: &Path) -> anyhow::Result<Report> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not a report", path.display()))
}

/// The engine's and FTS5's reports side by side, query by query, with the p95 target.
pub fn compare(engine: &Path, fts5: &Path) -> anyhow::Result<String> {
    let (e, f) = (read(engine)?, read(fts5)?);
    let mut out = String::from("== side by side (ms; matches: the engine's are one member's) ==\n");
    let _ = writeln!(
        out,
        "{:<40} {:>9} {:>9} | {:>7} {:>7} {:>7} | {:>7} {:>7} {:>7}",
        "query (Longhand syntax)",
        "longhand",
        "fts5",
        "lh p50",
        "lh p95",
        "lh p99",
        "fts p50",
        "fts p95",
        "fts p99"
    );
    let mut worst: f64 = 0.0;
    for (a, b) in e.rows.iter().zip(&f.rows) {
        worst = worst.max(a.p95_ms);
        let _ = writeln!(
            out,
            "{:<40} {:>9} {:>9} | {:>7.2} {:>7.2} {:>7.2} | {:>7.2} {:>7.2} {:>7.2}",
            a.query,
            a.matches,
            b.matches,
            a.p50_ms,
            a.p95_ms,
            a.p99_ms,
            b.p50_ms,
            b.p95_ms,
            b.p99_ms
        );
    }
    let _ = writeln!(out, "{}", agreement(&e.rows, &f.rows));
    let verdict = if worst < TARGET_P95_MS {
        "met"
    } else {
        "NOT met"
    };
    let _ = writeln!(
        out,
        "peak RSS: longhand {:.1} MiB, fts5 {:.1} MiB; target p95 < {TARGET_P95_MS} ms on every query: {verdict} (worst {worst:.2} ms)",
        e.peak_rss_kib as f64 / 1024.0,
        f.peak_rss_kib as f64 / 1024.0,
    );
    Ok(out)
}

/// Which queries both counted the same number of matches: expected for all but `after:`
/// only on a workspace opened to everyone (`CHECK=1` in the script), since the engine
/// counts one member's items.
fn agreement(engine: &[Row], fts5: &[Row]) -> String {
    let differ: Vec<&str> = engine
        .iter()
        .zip(fts5)
        .filter(|(a, b)| a.matches != b.matches)
        .map(|(a, _)| a.query.as_str())
        .collect();
    let mut line = format!(
        "match counts equal on {} of {} queries",
        engine.len().min(fts5.len()) - differ.len(),
        engine.len().min(fts5.len())
    );
    if !differ.is_empty() {
        let _ = write!(line, "; they differ on: {}", differ.join(", "));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|v| Duration::from_millis(*v)).collect()
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let row = Row::new("c", "q", 0, ms(&[5, 1, 4, 2, 3, 6, 7, 8, 9, 10]));
        assert_eq!(row.p50_ms, 5.0);
        assert_eq!(row.p95_ms, 10.0);
        let one = Row::new("c", "q", 0, ms(&[7]));
        assert_eq!((one.p50_ms, one.p99_ms), (7.0, 7.0));
    }

    #[test]
    fn agreement_names_the_queries_whose_counts_differ() {
        let rows = |counts: &[u64]| -> Vec<Row> {
            counts
                .iter()
                .enumerate()
                .map(|(i, n)| Row::new("c", &format!("q{i}"), *n, ms(&[1])))
                .collect()
        };
        assert_eq!(
            agreement(&rows(&[1, 2, 3]), &rows(&[1, 5, 3])),
            "match counts equal on 2 of 3 queries; they differ on: q1"
        );
        assert_eq!(
            agreement(&rows(&[4]), &rows(&[4])),
            "match counts equal on 1 of 1 queries"
        );
    }
}
