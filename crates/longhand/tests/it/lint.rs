//! `longhand lint PATH…` as a CI job runs it: the real binary over temporary trees, checking
//! the exact lines, the JSON report, the configuration and the exit codes.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_longhand");

/// A document with no template that meets every rule, deadline far in the future.
const COMPLETE: &str = "---
owner: '@ana'
intent: Decide how we store attachments.
action: Approve or object.
deadline: 2099-03-20
read: brief
---
## Context

We keep attachments in the database today, and backups have grown past 40 GB.
";

/// `COMPLETE` without its owner: one error, at 1:1.
const NO_OWNER: &str = "---
intent: Decide how we store attachments.
action: Approve or object.
deadline: 2099-03-20
read: brief
---
## Context

We keep attachments in the database today, and backups have grown past 40 GB.
";

/// `COMPLETE` without `deadline:` and `read:`: two warnings at the body's first line.
const TWO_WARNINGS: &str = "---
owner: '@ana'
intent: Decide how we store attachments.
action: Approve or object.
---
## Context

We keep attachments in the database today, and backups have grown past 40 GB.
";

const OWNER_LINE: &str =
    "noowner.md:1:1 owner The document has no owner: the `owner:` field is missing or empty.";
const DEADLINE_LINE: &str = "warn.md:6:1 deadline The document has no deadline, so readers cannot tell when a response is needed.";
const SCOPE_LINE: &str = "warn.md:6:1 scope The document does not say whether it needs a brief read or a detailed review.";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The finding lines, without the indented hint lines under them.
    fn findings(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|line| !line.starts_with(' '))
            .collect()
    }
}

/// Runs `longhand lint ARGS` with `dir` as the working directory, so `./longhand.toml` is the
/// test's own.
fn lint(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .arg("lint")
        .args(args)
        .current_dir(dir)
        .env_remove("LONGHAND_CONFIG")
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Writes `files` (`relative path`, contents) under a fresh temporary directory.
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn clean_tree_exits_zero_with_a_summary() {
    let dir = tree(&[("docs/a.md", COMPLETE), ("docs/rfc/b.markdown", COMPLETE)]);
    let run = lint(dir.path(), &["docs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "0 errors, 0 warnings in 2 files\n");
}

#[test]
fn an_error_exits_one_with_the_file_line_col_rule_line() {
    let dir = tree(&[("noowner.md", NO_OWNER)]);
    let run = lint(dir.path(), &["noowner.md"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        format!(
            "{OWNER_LINE}\n    [error] hint: Add `owner: @handle` naming the one person responsible for the next step.\n"
        )
    );
    assert_eq!(run.stderr, "1 error, 0 warnings in 1 file\n");
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = tree(&[("warn.md", TWO_WARNINGS)]);
    let run = lint(dir.path(), &["warn.md"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.findings(), [DEADLINE_LINE, SCOPE_LINE]);
    assert_eq!(run.stderr, "0 errors, 2 warnings in 1 file\n");
}

#[test]
fn findings_are_sorted_by_file_then_position() {
    let dir = tree(&[
        ("warn.md", TWO_WARNINGS),
        ("noowner.md", NO_OWNER),
        ("a/clean.md", COMPLETE),
    ]);
    let run = lint(dir.path(), &["."]);
    assert_eq!(run.code, 1);
    let prefixed = |line: &str| format!("./{line}");
    assert_eq!(
        run.findings(),
        [
            prefixed(OWNER_LINE),
            prefixed(DEADLINE_LINE),
            prefixed(SCOPE_LINE)
        ]
    );
    assert_eq!(run.stderr, "1 error, 2 warnings in 3 files\n");
}

#[test]
fn json_format_reports_every_field_and_a_summary() {
    let dir = tree(&[("noowner.md", NO_OWNER), ("warn.md", TWO_WARNINGS)]);
    let run = lint(dir.path(), &["--format", "json", "noowner.md", "warn.md"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "", "the JSON report carries its own summary");
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3);
    assert_eq!(
        findings[0],
        serde_json::json!({
            "file": "noowner.md",
            "line": 1,
            "column": 1,
            "rule": "owner",
            "severity": "error",
            "message": "The document has no owner: the `owner:` field is missing or empty.",
            "hint": "Add `owner: @handle` naming the one person responsible for the next step.",
        })
    );
    let places: Vec<_> = findings
        .iter()
        .map(|f| {
            (
                f["file"].as_str(),
                f["line"].as_u64(),
                f["rule"].as_str(),
                f["severity"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        places[1..],
        [
            (Some("warn.md"), Some(6), Some("deadline"), Some("warning")),
            (Some("warn.md"), Some(6), Some("scope"), Some("warning")),
        ]
    );
    assert_eq!(
        report["summary"],
        serde_json::json!({ "errors": 1, "warnings": 2, "files": 2, "skipped": 0 })
    );
}

#[test]
fn config_disables_a_rule_and_raises_another_to_an_error() {
    let config = "[lint]\ndisable = [\"scope\"]\n\n[lint.severity]\ndeadline = \"error\"\n";
    let dir = tree(&[("warn.md", TWO_WARNINGS), ("longhand.toml", config)]);
    let run = lint(dir.path(), &["warn.md"]);
    assert_eq!(run.code, 1, "deadline is now an error");
    assert_eq!(
        run.stdout,
        format!(
            "{DEADLINE_LINE}\n    [error] hint: Add `deadline: YYYY-MM-DD` to the front matter.\n"
        )
    );
    assert_eq!(run.stderr, "1 error, 0 warnings in 1 file\n");
}

#[test]
fn config_flag_names_another_file() {
    let config = "[lint]\ndisable = [\"deadline\", \"scope\"]\n";
    let dir = tree(&[("warn.md", TWO_WARNINGS), ("ci/lint.toml", config)]);
    let run = lint(dir.path(), &["--config", "ci/lint.toml", "warn.md"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    let without = lint(dir.path(), &["warn.md"]);
    assert_eq!(without.findings(), [DEADLINE_LINE, SCOPE_LINE]);
}

#[test]
fn tldr_words_from_config() {
    let long_body = format!("{COMPLETE}\n{}\n", "word ".repeat(120));
    let dir = tree(&[
        ("long.md", &long_body),
        ("longhand.toml", "[lint]\ntldr_words = 100\n"),
    ]);
    let run = lint(dir.path(), &["long.md"]);
    assert_eq!(run.code, 0);
    let rules: Vec<_> = run
        .findings()
        .iter()
        .map(|line| line.split(' ').nth(1).unwrap().to_owned())
        .collect();
    assert_eq!(rules, ["tldr"]);
    std::fs::remove_file(dir.path().join("longhand.toml")).unwrap();
    assert_eq!(
        lint(dir.path(), &["long.md"]).stdout,
        "",
        "400 words by default"
    );
}

#[test]
fn unknown_rule_in_config_exits_two_with_the_suggestion() {
    let dir = tree(&[
        ("a.md", COMPLETE),
        ("longhand.toml", "[lint]\ndisable = [\"tdlr\"]\n"),
    ]);
    let run = lint(dir.path(), &["a.md"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: longhand.toml: [lint] disable: unknown lint rule `tdlr`; did you mean `tldr`?\n"
    );
}

#[test]
fn bad_config_values_exit_two() {
    let cases = [
        (
            "[lint.severity]\nowner = \"loud\"\n",
            "[lint.severity] owner: unknown lint level `loud`",
        ),
        (
            "[lint.severity]\nownr = \"error\"\n",
            "[lint.severity]: unknown lint rule `ownr`; did you mean `owner`?",
        ),
        (
            "[lint]\ndisabled = [\"tldr\"]\n",
            "unknown field `disabled`",
        ),
        (
            "[lint]\ndisable = \"tldr\"\n",
            "invalid type: string \"tldr\", expected a sequence in `disable`",
        ),
        (
            "[lint]\ndisable = [\"tldr\"]\n[lint.severity]\ntldr = \"error\"\n",
            "rule `tldr` is both disabled and given a severity",
        ),
        (
            "[lint\n",
            "longhand.toml is not a valid Longhand configuration",
        ),
    ];
    for (config, expected) in cases {
        let dir = tree(&[("a.md", COMPLETE), ("longhand.toml", config)]);
        let run = lint(dir.path(), &["a.md"]);
        assert_eq!(run.code, 2, "{config}");
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert!(run.stderr.contains(expected), "{config}: {}", run.stderr);
    }
}

#[test]
fn unreadable_paths_exit_two() {
    let dir = tree(&[("a.md", COMPLETE), ("latin1.md", "")]);
    std::fs::write(dir.path().join("latin1.md"), b"---\nowner: Jos\xe9\n---\n").unwrap();
    let missing = lint(dir.path(), &["a.md", "missing.md"]);
    assert_eq!(missing.code, 2);
    assert_eq!(missing.stdout, "");
    assert_eq!(
        missing.stderr,
        "error: cannot read missing.md: No such file or directory (os error 2)\n"
    );
    let latin1 = lint(dir.path(), &["latin1.md"]);
    assert_eq!(latin1.code, 2);
    assert_eq!(latin1.stderr, "error: latin1.md is not UTF-8 text\n");
    let config = lint(dir.path(), &["--config", "nope.toml", "a.md"]);
    assert_eq!(config.code, 2);
    assert!(
        config
            .stderr
            .starts_with("error: cannot read the configuration file nope.toml")
    );
}

#[test]
fn usage_errors_exit_two() {
    let dir = tree(&[("a.md", COMPLETE), ("empty/notes.txt", "x")]);
    let unknown_flag = lint(dir.path(), &["--strict", "a.md"]);
    assert_eq!(unknown_flag.code, 2);
    assert!(
        unknown_flag
            .stderr
            .contains("unexpected argument '--strict'")
    );
    assert_eq!(lint(dir.path(), &[]).code, 2, "PATH is required");
    let bad_format = lint(dir.path(), &["--format", "xml", "a.md"]);
    assert_eq!(bad_format.code, 2);
    let nothing = lint(dir.path(), &["empty"]);
    assert_eq!(nothing.code, 2);
    assert_eq!(
        nothing.stderr,
        "error: no Markdown files (*.md, *.markdown) found in empty\n"
    );
}

#[test]
fn walk_skips_hidden_dirs_vendored_dirs_and_files_without_front_matter() {
    let dir = tree(&[
        ("docs/a.md", COMPLETE),
        ("docs/.drafts/bad.md", NO_OWNER),
        ("docs/.bad.md", NO_OWNER),
        ("docs/node_modules/pkg/bad.md", NO_OWNER),
        ("docs/target/bad.md", NO_OWNER),
        ("docs/notes.txt", NO_OWNER),
        ("docs/README.md", "# Docs\n\nHow this folder works.\n"),
    ]);
    let run = lint(dir.path(), &["docs"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "0 errors, 0 warnings in 1 file (1 without front matter skipped)\n"
    );
}

#[test]
fn explicit_paths_are_linted_even_when_hidden_or_without_front_matter() {
    let dir = tree(&[
        (".drafts/noowner.md", NO_OWNER),
        ("README.md", "# Docs\n\nHow this folder works.\n"),
    ]);
    let hidden = lint(dir.path(), &[".drafts"]);
    assert_eq!(hidden.code, 1);
    assert_eq!(hidden.findings(), [format!(".drafts/{OWNER_LINE}")]);
    let readme = lint(dir.path(), &["README.md"]);
    assert_eq!(readme.code, 1);
    assert!(
        readme.stdout.starts_with("README.md:1:1 intent "),
        "{}",
        readme.stdout
    );
}

#[test]
fn unknown_kind_is_a_field_value_error_at_the_value() {
    let doc = COMPLETE.replace("read: brief\n", "read: brief\nkind: rfcc\n");
    let dir = tree(&[("a.md", &doc)]);
    let run = lint(dir.path(), &["a.md"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.findings(),
        [
            "a.md:7:7 field-value The `kind` is `rfcc`, which names no template, so only the five completeness criteria were checked."
        ]
    );
    assert!(
        run.stdout
            .contains("hint: Use one of rfc, adr, status-update,"),
        "{}",
        run.stdout
    );
}

#[test]
fn kind_selects_the_builtin_template() {
    let doc = COMPLETE.replace("read: brief\n", "read: brief\nkind: handbook\n");
    let dir = tree(&[("page.md", &doc)]);
    let run = lint(dir.path(), &["page.md"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.findings(),
        [
            "page.md:9:1 required-section The Handbook page template requires a \"Overview\" section, and this document has none."
        ]
    );
}

#[test]
fn custom_templates_come_from_the_config_directory() {
    let template = "---\nkind: vendor-review\nname: Vendor review\nfields:\n  - name: vendor\n    type: text\n    required: true\n---\n## Context\n\nDescribe the need.\n";
    let doc = COMPLETE.replace("read: brief\n", "read: brief\nkind: vendor-review\n");
    let dir = tree(&[
        ("longhand.toml", "[lint]\ntemplates = \"docs/templates\"\n"),
        ("docs/templates/vendor.md", template),
        ("docs/acme.md", &doc),
    ]);
    let run = lint(dir.path(), &["docs"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings = run.findings();
    assert_eq!(
        findings.len(),
        1,
        "the template itself is not linted: {findings:?}"
    );
    assert!(
        findings[0].starts_with("docs/acme.md:1:1 required-field "),
        "{}",
        findings[0]
    );
    assert!(findings[0].contains("vendor"), "{}", findings[0]);
}

#[test]
fn a_bad_custom_template_exits_two_naming_its_line() {
    let dir = tree(&[
        ("longhand.toml", "[lint]\ntemplates = \"templates\"\n"),
        ("templates/bad.md", "---\nkind: x\nnmae: X\n---\n"),
        ("a.md", COMPLETE),
    ]);
    let run = lint(dir.path(), &["a.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("templates/bad.md:3:1 Unknown template key `nmae`"),
        "{}",
        run.stderr
    );
}

#[test]
fn links_resolve_against_stems_and_slugs_of_the_walked_tree() {
    let linking = COMPLETE.replace(
        "past 40 GB.",
        "past 40 GB. See [[b]], [[storage-plan]], [c](sub/C.md) and [[missing]].",
    );
    let dir = tree(&[
        ("docs/a.md", &linking),
        ("docs/b.md", COMPLETE),
        ("docs/sub/c.md", COMPLETE),
        (
            "docs/plan.md",
            &COMPLETE.replace("read: brief\n", "read: brief\nslug: storage-plan\n"),
        ),
    ]);
    let run = lint(dir.path(), &["docs"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.findings(),
        ["docs/a.md:10:126 broken-link The link `[[missing]]` points to no known document."]
    );
    let files_only = lint(dir.path(), &["docs/a.md"]);
    assert_eq!(
        files_only.stdout, "",
        "without a tree, document links are not judged"
    );
}

#[test]
fn deadlines_pass_on_the_utc_date_whatever_the_host_zone() {
    // 26 hours apart, UTC+14 and UTC−12 never share a date, so at any hour at least one of
    // them disagrees with UTC about whether yesterday's or today's deadline has passed.
    let today = longhand_core::clock::Clock::System
        .now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let yesterday = today.yesterday().unwrap();
    let due = |date: jiff::civil::Date| COMPLETE.replace("2099-03-20", &date.to_string());
    let dir = tree(&[("yesterday.md", &due(yesterday)), ("today.md", &due(today))]);
    for zone in ["Etc/GMT-14", "Etc/GMT+12", "UTC"] {
        let output = Command::new(BIN)
            .args(["lint", "."])
            .current_dir(dir.path())
            .env_remove("LONGHAND_CONFIG")
            .env("TZ", zone)
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(output.status.code(), Some(0), "TZ={zone}: {stdout}");
        let deadlines: Vec<&str> = stdout
            .lines()
            .filter(|l| !l.starts_with(' ') && l.contains(" deadline "))
            .collect();
        assert_eq!(
            deadlines,
            [format!(
                "./yesterday.md:5:11 deadline The deadline {yesterday} has passed and the document is still open."
            )],
            "TZ={zone}"
        );
    }
}

#[test]
fn a_hundred_thousand_nested_quotes_are_a_readable_error_not_an_abort() {
    let bomb = format!("---\nowner: '@ana'\n---\n{} deep\n", ">".repeat(100_000));
    let dir = tree(&[("deep.md", &bomb), ("ok.md", COMPLETE)]);
    let run = lint(dir.path(), &["."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: ")
            && run.stderr.contains("deep.md:4: the text nests")
            && run.stderr.contains("more than 64 levels deep"),
        "{}",
        run.stderr
    );
}
