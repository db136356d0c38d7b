//! The command line as an operator uses it.

use std::io::Write;
use std::path::Path;
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

/// `longhand admin create-user` on the data directory `data` with an email and a name, then
/// `more` flags, reading `stdin`.
fn create_user(
    data: &str,
    email: &str,
    name: &str,
    more: &[&str],
    stdin: Option<&str>,
) -> (i32, String, String) {
    let user = ["admin", "create-user", "--data-dir", data];
    let args = [&user[..], &["--email", email, "--name", name], more].concat();
    run(&args, stdin)
}

/// `longhand restore` of the backup file `from` into the data directory `data`.
fn restore(data: &Path, from: &Path) -> (i32, String, String) {
    let (data, from) = (data.to_str().unwrap(), from.to_str().unwrap());
    run(&["restore", "--data-dir", data, "--from", from], None)
}

#[test]
fn admin_commands_verify_backup_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let admin = ["--role", "admin", "--password-stdin"];
    let password = Some("correct horse battery\n");
    let (code, out, err) = create_user(data, "Op@Example.org", "Op", &admin, password);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("created Op (@op, admin)"), "{out}");
    let (code, _, err) = create_user(data, "op@example.org", "Op", &[], None);
    assert_eq!(code, 1);
    assert!(err.contains("already taken"), "{err}");
    let boss = ["--role", "boss"];
    let (code, _, err) = create_user(data, "x@example.org", "X", &boss, None);
    assert_eq!(code, 1);
    assert!(err.contains("unknown role \"boss\""), "{err}");
    let token = ["admin", "create-token", "--data-dir", data];
    let (code, out, _) = run(&[&token[..], &["--email", "op@example.org"]].concat(), None);
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
    let to = backup.to_str().unwrap();
    let (code, out, err) = run(&["backup", "--data-dir", data, "--to", to], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("event chain at entry 2"), "{out}");
    let restored = dir.path().join("restored");
    truncated_restore_fails_and_can_be_retried(&backup, &restored);
    let (code, out, err) = restore(&restored, &backup);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("event chain verified (2 entries)"), "{out}");
    let (code, _, err) = restore(&restored, &backup);
    assert_eq!(code, 1);
    assert!(err.contains("not empty"), "{err}");
}

/// A backup missing its last line is refused with a readable message and a non-zero exit,
/// and leaves `target` empty: the caller then restores the intact file into the same place.
fn truncated_restore_fails_and_can_be_retried(backup: &Path, target: &Path) {
    let text = std::fs::read_to_string(backup).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.pop();
    let cut = backup.with_extension("cut");
    std::fs::write(&cut, lines.join("\n")).unwrap();
    let (code, out, err) = restore(target, &cut);
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
    let calendar = |command: &'static str, more: &[&str], stdin: Option<&str>| {
        run(
            &[&["calendar", command, "--calendar", file], more].concat(),
            stdin,
        )
    };
    let friday_afternoon = ["--start", "2026-03-27T14:00:00Z"];
    let four_hours = [&friday_afternoon[..], &["--duration", "4h"]].concat();
    let (code, out, err) = calendar("add", &four_hours, None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "2026-03-30T09:00:00Z");
    let span = [
        "--from",
        "2026-03-27T14:00:00Z",
        "--to",
        "2026-03-30T09:00:00Z",
    ];
    let (code, out, _) = calendar("between", &span, None);
    assert_eq!((code, out.trim()), (0, "14400"));
    let batch = "{\"start\": \"2026-03-27T14:00:00Z\", \"duration\": \"PT4H\"}\n{\"start\": \"yesterday\", \"duration\": \"4h\"}\n";
    let (code, out, _) = calendar("add", &["--batch"], Some(batch));
    assert_eq!(code, 1, "a bad line fails the run but keeps output aligned");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "2026-03-30T09:00:00Z");
    assert!(lines[1].contains("not an RFC 3339 instant"), "{}", lines[1]);
    let soon = [&friday_afternoon[..], &["--duration", "soon"]].concat();
    let (code, _, err) = calendar("add", &soon, None);
    assert_eq!(code, 1);
    assert!(!err.is_empty());
}
