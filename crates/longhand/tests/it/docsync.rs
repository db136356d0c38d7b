//! Docs as code, through the real binary on both databases: `longhand import adr` over the
//! three ADR formats, `longhand export --git` with authors, dates and trailers, appending
//! only new revisions, the import → export → import round trip, classification on exports
//! and bad input.

use crate::both_databases;
use crate::cli::run;
use crate::helpers::TestApp;
use longhand_core::ops::documents::{self as docs, DocInput, NewDocInput};
use longhand_core::ops::{self, Actor};
use longhand_core::views::documents::DocumentRecord;
use longhand_domain::docfile::{self, FieldValue};
use longhand_domain::names::{DisplayName, Handle};
use longhand_domain::workspace::{Classification, Role, SpacePurpose, SpaceRole, Visibility};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures(format: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../longhand-domain/tests/fixtures/adr")
        .join(format)
}

/// ana (admin) and bo (member) in the workspace space `platform`.
async fn workspace(app: &TestApp) -> (Actor, Actor) {
    let ana = app.member("ana", Role::Admin).await;
    let bo = app.member("bo", Role::Member).await;
    let input = ops::spaces::SpaceInput {
        name: DisplayName::parse("Platform").unwrap(),
        slug: None,
        description: String::new(),
        purpose: SpacePurpose::Design,
        visibility: Visibility::Workspace,
        noise: None,
    };
    ops::spaces::create(&app.app, &ana, input).await.unwrap();
    (ana, bo)
}

/// Runs the binary on the app's database.
fn longhand(app: &TestApp, args: &[&str]) -> (i32, String, String) {
    run(
        &[args, &["--database-url", &app.database_url]].concat(),
        None,
    )
}

/// Runs `longhand import adr DIR --space platform --as HANDLE` on the app's database.
fn import(app: &TestApp, dir: &Path, handle: &str) -> (i32, String, String) {
    let dir = dir.to_str().unwrap();
    let args = ["import", "adr", dir, "--space", "platform", "--as", handle];
    longhand(app, &args)
}

/// Runs `longhand export --git DIR --as HANDLE` on the app's database.
fn export(app: &TestApp, dir: &Path, handle: &str) -> (i32, String, String) {
    let dir = dir.to_str().unwrap();
    let args = ["export", "--git", dir, "--as", handle];
    longhand(app, &args)
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// `git log` oldest first, one line per commit.
fn log(dir: &Path, format: &str) -> Vec<String> {
    let format = format!("--format={format}");
    git(dir, &["log", "--reverse", &format])
        .lines()
        .map(str::to_owned)
        .collect()
}

async fn doc(app: &TestApp, actor: &Actor, slug: &str) -> DocumentRecord {
    docs::get(&app.app, actor, slug).await.unwrap().doc
}

fn text(value: &str) -> Option<FieldValue> {
    Some(FieldValue::Text(value.to_owned()))
}

fn list(items: &[&str]) -> Option<FieldValue> {
    Some(FieldValue::List(
        items.iter().map(|s| s.to_string()).collect(),
    ))
}

fn field(doc: &DocumentRecord, name: &str) -> Option<FieldValue> {
    doc.fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.clone())
}

/// How many events of a kind the log holds, read through the API by an admin.
async fn events(app: &TestApp, admin: &Actor, kind: &str) -> usize {
    let token = app.token(admin).await;
    let (status, events) = app
        .api("GET", "/api/v1/events?limit=500", Some(&token), None)
        .await;
    assert_eq!(status, 200, "{events}");
    let events = events.as_array().unwrap();
    events.iter().filter(|e| e["kind"] == kind).count()
}

both_databases!(
    each_adr_format_becomes_decision_records,
    |app: TestApp| async move {
        let (ana, _) = workspace(&app).await;

        let (code, out, err) = import(&app, &fixtures("adr-tools"), "ana");
        assert_eq!(code, 0, "{out}{err}");
        assert!(err.contains("4 records into platform: 4 created"), "{err}");
        let sqlite = doc(&app, &ana, "platform-0002-store-the-ledger-in-sqlite").await;
        assert_eq!(
            (
                sqlite.kind.as_str(),
                sqlite.title.as_str(),
                sqlite.status.as_str()
            ),
            ("adr", "Store the ledger in SQLite", "superseded")
        );
        assert_eq!(field(&sqlite, "date"), text("2023-11-09"));
        let successor = "platform-0004-move-the-ledger-to-postgresql";
        assert_eq!(field(&sqlite, "superseded_by"), text(successor));
        assert!(
            sqlite.body.starts_with("## Context\n\nThe ledger runs"),
            "{}",
            sqlite.body
        );
        assert_eq!((sqlite.owner_handle.as_str(), sqlite.revision), ("ana", 1));
        assert_eq!(sqlite.classification, Classification::Internal);
        let postgres = doc(&app, &ana, successor).await;
        assert_eq!(postgres.status, "accepted");
        assert_eq!(
            field(&postgres, "supersedes"),
            text("platform-0002-store-the-ledger-in-sqlite")
        );

        let (code, out, err) = import(&app, &fixtures("madr"), "ana");
        assert_eq!(code, 0, "{out}{err}");
        let queue = doc(&app, &ana, "platform-0002-choose-a-queue-for-order-events").await;
        assert_eq!(queue.title, "Choose a queue for order events");
        assert_eq!(
            field(&queue, "deciders"),
            list(&["Priya Raman", "Jonas Weber"])
        );
        assert_eq!(
            field(&queue, "consulted"),
            list(&["SRE on-call", "Data team"])
        );
        let totals = doc(&app, &ana, "platform-0004-stream-order-totals").await;
        assert_eq!(totals.tags, ["finance", "events"]);
        assert_eq!(field(&totals, "date"), text("2024-02-30"));
        let file = fixtures("madr").join("0004-stream-order-totals.md");
        let file = file.display();
        assert!(
            out.contains(&format!("{file}:3: The date `2024-02-30`")),
            "{out}"
        );
        assert!(
            out.contains(&format!("{file}: note: The file names @aiko")),
            "{out}"
        );
        assert!(out.contains("(madr, accepted; lint: "), "{out}");

        let (code, out, err) = import(&app, &fixtures("log4brains"), "ana");
        assert_eq!(code, 0, "{out}{err}");
        assert!(err.contains("3 records into platform: 3 created, 0 revised, 0 unchanged, 0 failed; 3 other files skipped"), "{err}");
        let trunk = doc(
            &app,
            &ana,
            "platform-20240110-adopt-trunk-based-development",
        )
        .await;
        assert_eq!(
            (trunk.status.as_str(), trunk.tags.clone()),
            ("accepted", vec!["process".to_owned(), "git".to_owned()])
        );
        assert_eq!(
            field(&trunk, "deciders"),
            list(&["Aiko Tanaka", "Sam Whitfield"])
        );
        let draft = doc(&app, &ana, "platform-20240301-protect-the-main-branch").await;
        assert_eq!(draft.status, "proposed");

        let all = docs::list(&app.app, &ana, &docs::ListQuery::default())
            .await
            .unwrap()
            .docs;
        assert_eq!(all.len(), 11);
        assert_eq!(events(&app, &ana, "document.created").await, 11);
        let verified = ops::workspace::verify(&app.app).await.unwrap();
        assert!(verified.is_ok());
    }
);

/// A copy of a fixture folder that a test may change.
fn copy_of(format: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixtures(format)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

fn revisions(docs: &[DocumentRecord]) -> Vec<(String, i64)> {
    let mut found: Vec<(String, i64)> = docs.iter().map(|d| (d.slug.clone(), d.revision)).collect();
    found.sort();
    found
}

/// Completes an imported record the way its owner would in Longhand (intent, deciders, the
/// sections the lint asks for) and restricts it.
async fn complete_and_restrict(app: &TestApp, owner: &Actor, slug: &str) {
    let current = doc(app, owner, slug).await;
    let mut fields = current.fields.clone();
    fields.push((
        "deciders".into(),
        FieldValue::List(vec![owner.handle.clone()]),
    ));
    let input = DocInput {
        title: current.title.clone(),
        intent: "Keep decisions findable.".into(),
        classification: Some(Classification::Restricted),
        owner: None,
        tags: vec!["process".into()],
        fields,
        body: format!(
            "{}\n## Options considered\n\nA wiki.\n\n## Rationale\n\nReviews.\n",
            current.body
        ),
    };
    docs::update(&app.app, owner, slug, current.revision, input, "restrict")
        .await
        .unwrap();
}

both_databases!(
    importing_twice_duplicates_nothing_and_a_changed_file_is_a_new_revision,
    |app: TestApp| async move {
        let (ana, bo) = workspace(&app).await;
        let folder = copy_of("adr-tools");
        let (code, out, err) = import(&app, folder.path(), "ana");
        assert_eq!(code, 0, "{out}{err}");
        let query = docs::ListQuery::default();
        let before = docs::list(&app.app, &ana, &query).await.unwrap().docs;

        let dir = folder.path().to_str().unwrap();
        let args = [
            "import", "adr", dir, "--space", "platform", "--as", "bo", "--format", "json",
        ];
        let (code, out, err) = longhand(&app, &args);
        assert_eq!(code, 0, "{out}{err}");
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            report["summary"],
            serde_json::json!({"created": 0, "revised": 0, "unchanged": 4, "failed": 0, "skipped": 0})
        );
        assert_eq!(
            report["files"][1]["slug"],
            "platform-0002-store-the-ledger-in-sqlite"
        );
        assert_eq!(report["files"][1]["action"], "unchanged");
        let after = docs::list(&app.app, &ana, &query).await.unwrap().docs;
        assert_eq!(revisions(&after), revisions(&before));

        // The owner completes and restricts a record in Longhand; the folder says nothing about
        // intent or classification, so a later import of a changed file keeps both.
        let slug = "platform-0001-keep-a-decision-log";
        complete_and_restrict(&app, &ana, slug).await;
        docs::set_readers(&app.app, &ana, slug, &[Handle::parse("bo").unwrap()])
            .await
            .unwrap();
        let file = folder.path().join("0001-keep-a-decision-log.md");
        let changed = std::fs::read_to_string(&file)
            .unwrap()
            .replace("Accepted", "Deprecated")
            .replace("half an hour", "an hour");
        std::fs::write(&file, changed).unwrap();

        let (code, out, err) = import(&app, folder.path(), "bo");
        assert_eq!(code, 0, "{out}{err}");
        assert!(err.contains("0 created, 1 revised, 3 unchanged"), "{err}");
        assert!(
            out.contains(&format!("revised {slug} (adr-tools, deprecated")),
            "{out}"
        );
        let revised = doc(&app, &ana, slug).await;
        assert_eq!(
            (revised.revision, revised.status.as_str()),
            (3, "deprecated")
        );
        assert!(
            revised.body.contains("costs about an hour"),
            "{}",
            revised.body
        );
        assert_eq!(revised.classification, Classification::Restricted);
        assert_eq!(revised.intent, "Keep decisions findable.");
        let (_, history) = docs::history(&app.app, &ana, slug).await.unwrap();
        assert_eq!(history[0].author_handle, "bo");
        assert_eq!(history[0].note, "imported from 0001-keep-a-decision-log.md");

        // Someone who may not govern the records cannot hand them to another owner by import.
        let dir = folder.path().to_str().unwrap();
        let args = [
            "import", "adr", dir, "--space", "platform", "--as", "bo", "--owner", "bo",
        ];
        let (code, out, err) = longhand(&app, &args);
        assert_eq!(code, 1, "{out}{err}");
        assert!(out.contains("failed: the file changes the owner"), "{out}");
        assert!(
            err.contains("0 created, 0 revised, 0 unchanged, 4 failed"),
            "{err}"
        );
        assert_eq!(doc(&app, &bo, slug).await.owner_handle, "ana");
    }
);

fn rfc(title: &str, classification: Classification) -> NewDocInput {
    NewDocInput {
        space: "platform".into(),
        kind: "rfc".into(),
        parent: None,
        source_thread_id: None,
        content: DocInput {
            title: title.into(),
            intent: "Decide how we cache".into(),
            classification: Some(classification),
            body: "## Context\n\nLogins are slow.\n".into(),
            ..DocInput::default()
        },
    }
}

/// Saves a new revision of a document with one more paragraph.
async fn revise(app: &TestApp, actor: &Actor, slug: &str, note: &str) {
    let current = doc(app, actor, slug).await;
    let input = DocInput {
        title: current.title,
        intent: current.intent,
        classification: None,
        owner: None,
        tags: current.tags,
        fields: current.fields,
        body: format!("{}\n{note}.\n", current.body),
    };
    docs::update(&app.app, actor, slug, current.revision, input, note)
        .await
        .unwrap();
}

both_databases!(
    an_export_is_one_commit_per_revision_by_its_author_at_its_time,
    |app: TestApp| async move {
        let (ana, bo) = workspace(&app).await;
        docs::create(&app.app, &ana, rfc("Cache keys", Classification::Internal))
            .await
            .unwrap();
        app.clock_forward_minutes(90);
        revise(&app, &bo, "cache-keys", "Name the eviction policy").await;
        app.clock_forward_minutes(24 * 60);
        docs::create(&app.app, &bo, rfc("Session store", Classification::Public))
            .await
            .unwrap();

        let repo = tempfile::tempdir().unwrap();
        let dir = repo.path().join("docs");
        let (code, out, err) = export(&app, &dir, "ana");
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("exported 3 revisions of 2 documents"), "{out}");
        assert_eq!(
            log(&dir, "%an <%ae> %aI %cI %s"),
            [
                "ANA Tester <ana@example.org> 2026-03-10T11:00:00+01:00 2026-03-10T11:00:00+01:00 Cache keys — created",
                "BO Tester <bo@example.org> 2026-03-10T12:30:00+01:00 2026-03-10T12:30:00+01:00 Cache keys — Name the eviction policy",
                "BO Tester <bo@example.org> 2026-03-11T12:30:00+01:00 2026-03-11T12:30:00+01:00 Session store — created",
            ]
        );
        assert_eq!(
            log(&dir, "%(trailers:key=Longhand-Revision,valueonly)"),
            [
                "cache-keys@1",
                "",
                "cache-keys@2",
                "",
                "session-store@1",
                ""
            ]
        );
        let written = std::fs::read_to_string(dir.join("platform/cache-keys.md")).unwrap();
        let file = docfile::parse(&written).unwrap();
        assert_eq!(
            (
                file.slug.as_str(),
                file.kind.as_str(),
                file.owner.as_deref()
            ),
            ("cache-keys", "rfc", Some("ana"))
        );
        assert!(
            file.body.ends_with("Name the eviction policy.\n"),
            "{}",
            file.body
        );
        assert_eq!(git(&dir, &["status", "--porcelain"]), "");

        // Nothing new: nothing written.
        let (code, out, _) = export(&app, &dir, "ana");
        assert_eq!(code, 0);
        assert!(out.contains("is up to date"), "{out}");
        let head = git(&dir, &["rev-parse", "HEAD"]);
        let args = [
            "export",
            "--git",
            dir.to_str().unwrap(),
            "--as",
            "ana",
            "--format",
            "json",
        ];
        let (code, out, _) = longhand(&app, &args);
        assert_eq!(code, 0);
        let summary: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            (summary["commits"].as_u64(), summary["branch"].as_str()),
            (Some(0), Some("main"))
        );
        assert_eq!(summary["head"].as_str(), Some(head.trim()));
        assert_eq!(log(&dir, "%H").len(), 3);

        // One new revision: exactly one commit, also from a fresh clone of the export.
        app.clock_forward_minutes(60);
        revise(&app, &ana, "session-store", "Pick Redis").await;
        let clone = repo.path().join("clone");
        git(
            repo.path(),
            &[
                "clone",
                "--quiet",
                dir.to_str().unwrap(),
                clone.to_str().unwrap(),
            ],
        );
        for target in [&dir, &clone] {
            let (code, out, err) = export(&app, target, "ana");
            assert_eq!(code, 0, "{out}{err}");
            assert!(out.contains("exported 1 revision of 1 document"), "{out}");
            let subjects = log(target, "%an %aI %s");
            assert_eq!(subjects.len(), 4);
            assert_eq!(
                subjects[3],
                "ANA Tester 2026-03-11T13:30:00+01:00 Session store — Pick Redis"
            );
            let file = std::fs::read_to_string(target.join("platform/session-store.md")).unwrap();
            assert!(file.contains("Pick Redis."), "{file}");
        }

        // A local edit that the next revision would overwrite stops the export; nothing moves.
        let local = dir.join("platform/session-store.md");
        std::fs::write(&local, "my local notes\n").unwrap();
        revise(&app, &bo, "session-store", "Pick Valkey").await;
        let head = git(&dir, &["rev-parse", "HEAD"]);
        let (code, _, err) = export(&app, &dir, "ana");
        assert_eq!(code, 2);
        assert!(
            err.contains("commit, stash or remove the local changes"),
            "{err}"
        );
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), head);
        assert_eq!(
            git(&dir, &["for-each-ref", "--format=%(refname)"]),
            "refs/heads/main\n"
        );
        assert_eq!(std::fs::read_to_string(&local).unwrap(), "my local notes\n");
        git(&dir, &["checkout", "--", "."]);
        let (code, out, err) = export(&app, &dir, "ana");
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("exported 1 revision of 1 document"), "{out}");
    }
);

both_databases!(
    an_export_holds_only_what_its_member_may_read,
    |app: TestApp| async move {
        let (ana, bo) = workspace(&app).await;
        let guest = app.member("gil", Role::Guest).await;
        let gil = Handle::parse("gil").unwrap();
        ops::spaces::add_member(&app.app, &ana, "platform", &gil, SpaceRole::Member)
            .await
            .unwrap();
        docs::create(&app.app, &ana, rfc("Salaries", Classification::Restricted))
            .await
            .unwrap();
        docs::create(&app.app, &ana, rfc("Cache keys", Classification::Internal))
            .await
            .unwrap();
        docs::create(&app.app, &ana, rfc("Status page", Classification::Public))
            .await
            .unwrap();
        let slugs = |dir: &Path| -> Vec<String> {
            let mut found = log(dir, "%(trailers:key=Longhand-Revision,valueonly)");
            found.retain(|line| !line.is_empty());
            found.sort();
            found
        };

        let root = tempfile::tempdir().unwrap();
        let (code, out, err) = export(&app, &root.path().join("bo"), "bo");
        assert_eq!(code, 0, "{out}{err}");
        assert_eq!(
            slugs(&root.path().join("bo")),
            ["cache-keys@1", "status-page@1"]
        );
        assert!(!root.path().join("bo/platform/salaries.md").exists());

        let (code, _, _) = export(&app, &root.path().join("guest"), &guest.handle);
        assert_eq!(code, 0);
        assert_eq!(slugs(&root.path().join("guest")), ["status-page@1"]);

        let (code, _, _) = export(&app, &root.path().join("ana"), "ana");
        assert_eq!(code, 0);
        assert_eq!(
            slugs(&root.path().join("ana")),
            ["cache-keys@1", "salaries@1", "status-page@1"]
        );

        // Named as a reader, bo gets the restricted document on the next export.
        docs::set_readers(&app.app, &ana, "salaries", &[Handle::parse("bo").unwrap()])
            .await
            .unwrap();
        let (code, _, _) = export(&app, &root.path().join("bo"), &bo.handle);
        assert_eq!(code, 0);
        assert_eq!(
            slugs(&root.path().join("bo")),
            ["cache-keys@1", "salaries@1", "status-page@1"]
        );
    }
);

/// What a round trip must keep of a document.
fn content(doc: &DocumentRecord) -> impl PartialEq + std::fmt::Debug {
    (
        (
            doc.slug.clone(),
            doc.kind.clone(),
            doc.space_slug.clone(),
            doc.title.clone(),
        ),
        (
            doc.status.clone(),
            doc.classification,
            doc.owner_handle.clone(),
            doc.intent.clone(),
        ),
        (doc.tags.clone(), doc.fields.clone(), doc.body.clone()),
    )
}

both_databases!(
    import_export_import_loses_nothing,
    |app: TestApp| async move {
        let (ana, _) = workspace(&app).await;
        for format in ["adr-tools", "madr", "log4brains"] {
            let (code, out, err) = import(&app, &fixtures(format), "ana");
            assert_eq!(code, 0, "{out}{err}");
        }
        let query = docs::ListQuery::default();
        // The import ran on the system clock, this edit runs on the test's clock, months
        // earlier: revision 2 is older than revision 1. It must still be exported after it (a
        // bug once sorted it first and left revision 1 in the file).
        complete_and_restrict(&app, &ana, "platform-0003-emit-events-as-json-lines").await;
        let mut first = docs::list(&app.app, &ana, &query).await.unwrap().docs;
        first.sort_by(|a, b| a.slug.cmp(&b.slug));
        assert_eq!(first.len(), 11);

        let repo = tempfile::tempdir().unwrap();
        let (code, out, err) = export(&app, repo.path(), "ana");
        assert_eq!(code, 0, "{out}{err}");

        // Back into the same workspace: every record is already there, unchanged.
        let (code, out, err) = import(&app, repo.path(), "ana");

        assert_eq!(code, 0, "{out}{err}");
        assert!(
            err.contains("11 records into platform: 0 created, 0 revised, 11 unchanged"),
            "{err}"
        );

        // Into a new workspace: the same documents.
        let other = TestApp::spawn(app.db).await.unwrap();
        let (other_ana, _) = workspace(&other).await;
        let (code, out, err) = import(&other, repo.path(), "ana");
        assert_eq!(code, 0, "{out}{err}");
        assert!(err.contains("11 created"), "{err}");
        let mut second = docs::list(&other.app, &other_ana, &query)
            .await
            .unwrap()
            .docs;
        second.sort_by(|a, b| a.slug.cmp(&b.slug));
        let first: Vec<_> = first.iter().map(content).collect();
        let second: Vec<_> = second.iter().map(content).collect();
        assert_eq!(first, second);
        other.stop().await;
    }
);

both_databases!(
    bad_input_gets_a_readable_error_and_a_non_zero_exit,
    |app: TestApp| async move {
        workspace(&app).await;
        let scratch = tempfile::tempdir().unwrap();
        let missing = scratch.path().join("missing");
        let missing = missing.to_str().unwrap();
        let file = scratch.path().join("notes.txt");
        std::fs::write(&file, "not a folder").unwrap();
        let file = file.to_str().unwrap();
        let busy = scratch.path().join("busy");
        std::fs::create_dir(&busy).unwrap();
        std::fs::write(busy.join("todo.md"), "# Todo\n").unwrap();
        let busy = busy.to_str().unwrap();
        let adr = fixtures("adr-tools");
        let adr = adr.to_str().unwrap();
        let cases: [(&[&str], i32, &str); 9] = [
            (
                &[
                    "import", "adr", missing, "--space", "platform", "--as", "ana",
                ],
                2,
                "cannot read",
            ),
            (
                &["import", "adr", adr, "--space", "nope", "--as", "ana"],
                2,
                "--space nope: space not found",
            ),
            (
                &["import", "adr", adr, "--space", "platform", "--as", "zed"],
                2,
                "@zed is not a member",
            ),
            (
                &[
                    "import", "adr", adr, "--space", "platform", "--as", "ana", "--owner", "zed",
                ],
                2,
                "--owner",
            ),
            (
                &["import", "adr", adr, "--space", "platform"],
                2,
                "--as <HANDLE>",
            ),
            (
                &["export", "--git", file, "--as", "ana"],
                2,
                "is a file, not a directory",
            ),
            (
                &["export", "--git", busy, "--as", "ana"],
                2,
                "is not empty and is not the top directory of a git repository",
            ),
            (
                &["export", "--git", missing, "--as", "ana", "--space", "nope"],
                2,
                "--space nope: space not found",
            ),
            (
                &["export", "--git", missing, "--as", "B@D"],
                2,
                "invalid value 'B@D'",
            ),
        ];
        for (args, expect_code, expect_message) in cases {
            let (code, out, err) = longhand(&app, args);
            assert_eq!(code, expect_code, "{args:?}: {out}{err}");
            assert!(err.contains(expect_message), "{args:?}: {err}");
            assert!(!err.contains("panicked"), "{err}");
        }
        assert!(
            !Path::new(missing).exists(),
            "a failed export left a directory behind"
        );

        // A broken file fails alone; the other records are imported.
        let folder = copy_of("adr-tools");
        std::fs::write(
        folder.path().join("0009-broken-export.md"),
        "---\ntitle: Broken\nslug: platform-broken\nkind: adr\nclassification: secret\nstatus: accepted\n---\n\nBody.\n",
    )
    .unwrap();
        let (code, out, err) = import(&app, folder.path(), "ana");
        assert_eq!(code, 1, "{out}{err}");
        assert!(out.contains("0009-broken-export.md: failed: "), "{out}");
        assert!(
            err.contains("4 created, 0 revised, 0 unchanged, 1 failed"),
            "{err}"
        );
    }
);

/// Writes `files` (path inside the folder, text) into a new folder.
fn folder_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

both_databases!(
    records_kept_as_topic_index_files_are_imported_under_their_folder_names,
    |app: TestApp| async move {
        let (ana, _) = workspace(&app).await;
        let folder = folder_of(&[
            (
                "index.md",
                "# Decisions\n\n- [Use PostgreSQL](use-postgres/)\n",
            ),
            (
                "use-postgres/index.md",
                "# Use PostgreSQL\n\n## Status\n\nAccepted\n\nSupersedes [SQLite](../use-sqlite/index.md)\n",
            ),
            (
                "use-sqlite/index.md",
                "# Use SQLite\n\n## Status\n\nSuperseded\n",
            ),
        ]);
        let (code, out, err) = import(&app, folder.path(), "ana");
        assert_eq!(code, 0, "{out}{err}");
        assert!(err.contains("2 records into platform: 2 created"), "{err}");
        let postgres = doc(&app, &ana, "platform-use-postgres").await;
        assert_eq!(postgres.title, "Use PostgreSQL");
        assert_eq!(field(&postgres, "supersedes"), text("platform-use-sqlite"));
        assert_eq!(
            doc(&app, &ana, "platform-use-sqlite").await.status,
            "superseded"
        );
    }
);

both_databases!(
    skipped_files_are_named_in_the_import_report,
    |app: TestApp| async move {
        workspace(&app).await;
        let record = "# 1. Use PostgreSQL\n\nDate: 2024-03-01\n\n## Status\n\nAccepted\n";
        let folder = folder_of(&[
            ("0001-use-postgres.md", record),
            (
                "0002-use-kafka",
                "# 2. Use Kafka\n\n## Status\n\nAccepted\n",
            ),
            ("README.md", "# Decisions\n"),
        ]);
        let (code, out, err) = import(&app, folder.path(), "ana");
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            err.contains("1 created, 0 revised, 0 unchanged, 0 failed; 2 other files skipped"),
            "{err}"
        );
        let without_extension = folder.path().join("0002-use-kafka");
        let line = format!(
            "{}: skipped: not a Markdown file",
            without_extension.display()
        );
        assert!(out.contains(&line), "{out}");
        let readme = folder.path().join("README.md");
        let line = format!("{}: skipped: not a decision record", readme.display());
        assert!(out.contains(&line), "{out}");

        let dir = folder.path().to_str().unwrap();
        let args = [
            "import", "adr", dir, "--space", "platform", "--as", "ana", "--format", "json",
        ];
        let (code, out, err) = longhand(&app, &args);
        assert_eq!(code, 0, "{out}{err}");
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        let named: Vec<&str> = report["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["file"].as_str().unwrap())
            .collect();
        let expect = [
            without_extension.display().to_string(),
            readme.display().to_string(),
        ];
        assert_eq!(named, expect);
        assert_eq!(report["summary"]["skipped"], 2);
    }
);
