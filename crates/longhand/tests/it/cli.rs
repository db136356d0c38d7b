//! The command line as an operator uses it.

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_longhand");

pub(crate) fn run(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn admin_commands_verify_backup_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let (code, out, err) = run(
        &[
            "admin",
            "create-user",
            "--data-dir",
            data,
            "--email",
            "Op@Example.org",
            "--name",
            "Op",
            "--role",
            "admin",
            "--password-stdin",
        ],
        Some("correct horse battery\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("created Op (@op, admin)"), "{out}");
    let (code, _, err) = run(
        &[
            "admin",
            "create-user",
            "--data-dir",
            data,
            "--email",
            "op@example.org",
            "--name",
            "Op",
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(err.contains("already taken"), "{err}");
    let (code, _, err) = run(
        &[
            "admin",
            "create-user",
            "--data-dir",
            data,
            "--email",
            "x@example.org",
            "--name",
            "X",
            "--role",
            "boss",
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(err.contains("unknown role \"boss\""), "{err}");
    let (code, out, _) = run(
        &[
            "admin",
            "create-token",
            "--data-dir",
            data,
            "--email",
            "op@example.org",
        ],
        None,
    );
    assert_eq!(code, 0);
    assert!(out.lines().last().unwrap().starts_with("lh_"));

    let (code, out, _) = run(&["verify", "--data-dir", data, "--format", "json"], None);
    assert_eq!(code, 0);
    let verdict: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        (verdict["ok"].as_bool(), verdict["entries"].as_i64()),
        (Some(true), Some(2))
    );

    let backup = dir.path().join("workspace.backup");
    let (code, out, err) = run(
        &[
            "backup",
            "--data-dir",
            data,
            "--to",
            backup.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("event chain at entry 2"), "{out}");
    let restored = dir.path().join("restored");
    truncated_restore_fails_and_can_be_retried(&backup, &restored);
    let (code, out, err) = run(
        &[
            "restore",
            "--data-dir",
            restored.to_str().unwrap(),
            "--from",
            backup.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("event chain verified (2 entries)"), "{out}");
    let (code, _, err) = run(
        &[
            "restore",
            "--data-dir",
            restored.to_str().unwrap(),
            "--from",
            backup.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(err.contains("not empty"), "{err}");
}

/// A backup missing its last line is refused with a readable message and a non-zero exit,
/// and leaves `target` empty: the caller then restores the intact file into the same place.
fn truncated_restore_fails_and_can_be_retried(backup: &std::path::Path, target: &std::path::Path) {
    let text = std::fs::read_to_string(backup).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.pop();
    let cut = backup.with_extension("cut");
    std::fs::write(&cut, lines.join("\n")).unwrap();
    let (code, out, err) = run(
        &[
            "restore",
            "--data-dir",
            target.to_str().unwrap(),
            "--from",
            cut.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("says the event chain ends at entry 2, but the file holds 1 entries"),
        "{err}"
    );
    assert!(err.contains("nothing was restored"), "{err}");
}

#[test]
fn bad_invocations_get_a_readable_message() {
    let (code, _, err) = run(&["serve", "--database-url", "mysql://x"], None);
    assert_eq!(code, 1);
    assert!(err.contains("unsupported database URL"), "{err}");
    let (code, _, err) = run(
        &[
            "serve",
            "--listen",
            "nowhere",
            "--data-dir",
            "/tmp/longhand-cli-test-unused",
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(err.contains("is not a listen address"), "{err}");
    let (code, _, err) = run(&["frobnicate"], None);
    assert_eq!(code, 2);
    assert!(err.contains("unrecognized subcommand"), "{err}");
}

#[test]
fn calendar_arithmetic_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let calendar = dir.path().join("berlin.json");
    std::fs::write(&calendar, r#"{"time_zone": "Europe/Berlin", "working_hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"], "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]}}"#).unwrap();
    let file = calendar.to_str().unwrap();
    // Friday 27 March 2026, 15:00 Berlin (14:00 UTC) + 4h: two hours on Friday, two on Monday
    // 30 March, after the switch to summer time (09:00 CEST = 07:00 UTC).
    let (code, out, err) = run(
        &[
            "calendar",
            "add",
            "--calendar",
            file,
            "--start",
            "2026-03-27T14:00:00Z",
            "--duration",
            "4h",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "2026-03-30T09:00:00Z");
    let (code, out, _) = run(
        &[
            "calendar",
            "between",
            "--calendar",
            file,
            "--from",
            "2026-03-27T14:00:00Z",
            "--to",
            "2026-03-30T09:00:00Z",
        ],
        None,
    );
    assert_eq!((code, out.trim()), (0, "14400"));
    let batch = "{\"start\": \"2026-03-27T14:00:00Z\", \"duration\": \"PT4H\"}\n{\"start\": \"yesterday\", \"duration\": \"4h\"}\n";
    let (code, out, _) = run(
        &["calendar", "add", "--calendar", file, "--batch"],
        Some(batch),
    );
    assert_eq!(code, 1, "a bad line fails the run but keeps output aligned");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "2026-03-30T09:00:00Z");
    assert!(lines[1].contains("not an RFC 3339 instant"), "{}", lines[1]);
    let (code, _, err) = run(
        &[
            "calendar",
            "add",
            "--calendar",
            file,
            "--start",
            "2026-03-27T14:00:00Z",
            "--duration",
            "soon",
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(!err.is_empty());
}
