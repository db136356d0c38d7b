//! Golden outputs: the JSON lines of every hand-written corpus calendar for 2026, as checked
//! against Python's recurring_ical_events by `tests/differential.sh`, so regressions show up in
//! `cargo test` even where Python is not installed. The generated `random-rules-*` calendars
//! are left to the differential test to keep the repository small.
//!
//! After an intended change, rewrite them with `UPDATE_GOLDEN=1 cargo test -p longhand-ical
//! --test golden` and run the differential test before committing.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name.ends_with(".ics") && !name.starts_with("random-rules-")
    });
    files.sort();
    files
}

fn expand(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_default();
    let cal =
        longhand_ical::parse_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let at = |s: &str| s.parse::<Timestamp>().unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let occurrences = cal.occurrences(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"));
    longhand_ical::write_jsonl(&mut out, &occurrences).unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8(out).unwrap_or_default()
}

#[test]
fn corpus_expands_to_the_golden_json_lines() {
    let files = corpus();
    assert!(files.len() >= 10, "corpus not found");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    for path in files {
        let got = expand(&path);
        let name = path
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_owned();
        let golden = path.with_file_name(format!("../expected/{name}.jsonl"));
        if update {
            std::fs::write(&golden, &got).unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if got != want {
            let first = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            stale.push(format!(
                "{name}: first difference at line {}\n  got  {}\n  want {}",
                first + 1,
                got.lines().nth(first).unwrap_or("(end)"),
                want.lines().nth(first).unwrap_or("(end)")
            ));
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}
