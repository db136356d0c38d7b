//! TZIDs resolve against the tz database bundled into the binary, never the host's zoneinfo.
//!
//! The test cannot pass through the host database: it runs itself again with `TZDIR` pointing
//! at a directory whose `Europe/Berlin` is a forged zone five hours east of UTC all year. jiff's
//! system lookup honours `TZDIR`, so a crate that asked it would read 09:00 in Berlin as
//! 04:00Z; the bundled database says 08:00Z (winter time).

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Set in the child process, which then does the actual check.
const CHILD: &str = "LONGHAND_ICAL_BUNDLED_ZONES_CHILD";

const ICS: &str = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:sync\r\n\
                   DTSTART;TZID=Europe/Berlin:20260302T090000\r\nDURATION:PT30M\r\n\
                   END:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn tzids_ignore_the_host_zoneinfo_even_when_tzdir_forges_a_zone() {
    if std::env::var_os(CHILD).is_some() {
        return check_berlin_is_winter_time();
    }
    let dir = forged_tzdir();
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "tzids_ignore_the_host_zoneinfo_even_when_tzdir_forges_a_zone",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .env("TZDIR", &dir)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "the child failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn check_berlin_is_winter_time() {
    // The forged database is really in use in this process: jiff's own system lookup sees it.
    let forged = jiff::tz::TimeZone::get("Europe/Berlin").unwrap();
    let instant: jiff::Timestamp = "2026-03-02T08:00:00Z".parse().unwrap();
    assert_eq!(
        forged.to_offset(instant).seconds(),
        5 * 3600,
        "TZDIR was not read"
    );

    let calendar = longhand_ical::parse(ICS).unwrap();
    let from = "2026-03-01T00:00:00Z".parse().unwrap();
    let to = "2026-03-03T00:00:00Z".parse().unwrap();
    let starts: Vec<String> = calendar
        .occurrences(from, to)
        .iter()
        .map(|o| o.start.to_string())
        .collect();
    assert_eq!(starts, ["2026-03-02T08:00:00Z"]);
}

/// A zoneinfo directory whose only zone, `Europe/Berlin`, is UTC+05:00 without DST.
fn forged_tzdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("longhand-ical-tzdir-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("Europe")).unwrap();
    write_fixed_zone(&dir.join("Europe/Berlin"), 5 * 3600, "+05", "<+05>-5");
    dir
}

/// Writes a TZif version 2 file (RFC 8536) with no transitions and one local time type.
fn write_fixed_zone(path: &Path, offset: i32, abbreviation: &str, footer: &str) {
    let mut designations = abbreviation.as_bytes().to_vec();
    designations.push(0);
    let mut out = Vec::new();
    // The version 1 block and the version 2 block have the same shape here, since there are
    // no transition times whose width differs.
    for _ in 0..2 {
        out.extend_from_slice(b"TZif2");
        out.extend_from_slice(&[0; 15]);
        // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
        for count in [0u32, 0, 0, 0, 1, designations.len() as u32] {
            out.extend_from_slice(&count.to_be_bytes());
        }
        out.extend_from_slice(&offset.to_be_bytes());
        out.push(0); // not DST
        out.push(0); // designation index
        out.extend_from_slice(&designations);
    }
    out.extend_from_slice(format!("\n{footer}\n").as_bytes());
    std::fs::write(path, out).unwrap();
}
