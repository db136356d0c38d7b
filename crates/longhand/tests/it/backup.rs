//! Backup and restore, including moving a workspace between SQLite and PostgreSQL.

use crate::helpers::{Db, TestApp, database_url};
use crate::stories::Caller;
use longhand_core::Store;
use longhand_core::clock::Clock;
use longhand_core::ops::{self, App};
use longhand_core::views::backup::RestoreError;
use longhand_domain::workspace::Role;
use serde_json::json;

async fn seeded(db: Db) -> Option<TestApp> {
    let app = TestApp::spawn(db).await?;
    let ana = app.signed_in("ana", Role::Admin).await;
    let secret = json!({"name": "Secret", "purpose": "design", "visibility": "private"});
    ana.post("/api/v1/spaces", secret).await;
    ana.post("/api/v1/teams", json!({"name": "Core", "dri": "ana"}))
        .await;
    seed_documents(&ana).await;
    Some(app)
}

/// A handbook page placed under a page created after it (so restoring cannot rely on parents
/// coming first), a thread with a link, and a second revision.
async fn seed_documents(ana: &Caller<'_>) {
    for title in ["Child first", "Parent later"] {
        let doc = json!({"space": "secret", "kind": "handbook", "title": title, "body": "## Overview\n\nx\n"});
        let (status, body) = ana.post("/api/v1/documents", doc).await;
        assert_eq!(status, 201, "{body}");
    }
    let place = json!({"parent": "parent-later", "position": 0});
    let (status, _) = ana.post("/api/v1/documents/child-first/move", place).await;
    assert_eq!(status, 204);
    let thread = json!({"anchor": "overview", "body": "See [[child-first]]."});
    let (status, _) = ana
        .post("/api/v1/documents/parent-later/threads", thread)
        .await;
    assert_eq!(status, 201);
}

async fn round_trip(from: Db, to: Db) {
    let Some(source) = seeded(from).await else {
        return;
    };
    let mut dump = Vec::new();
    let summary = ops::backup::dump(&source.app, &mut dump).await.unwrap();
    assert!(summary.rows > 5);

    let dir = tempfile::tempdir().unwrap();
    let Some(url) = database_url(to, dir.path()).await else {
        return;
    };
    let target = Store::connect(&url).await.unwrap();
    target.migrate().await.unwrap();
    let restored = restore(&target, &mut dump.as_slice()).await.unwrap();
    assert_eq!(restored.rows, summary.rows);
    let app = App::new(target.clone(), Clock::System);
    let head = ops::workspace::verify(&app)
        .await
        .unwrap()
        .expect("the restored chain verifies");
    assert_eq!(head.id, summary.chain_head_id);
    // Ids keep counting after the restored rows (sequences were moved on PostgreSQL).
    let actor = ops::members::actor_by_email(&app, "ana@example.org")
        .await
        .unwrap();
    let spaces = ops::spaces::list(&app, &actor).await.unwrap();
    assert_eq!(spaces[0].0.slug, "secret");
    let tree: Vec<(String, usize)> = ops::documents::handbook(&app, &actor, None)
        .await
        .unwrap()
        .into_iter()
        .map(|entry| (entry.doc.slug, entry.depth))
        .collect();
    assert_eq!(
        tree,
        [
            ("parent-later".to_owned(), 0),
            ("child-first".to_owned(), 1)
        ]
    );
    let child = ops::documents::get(&app, &actor, "child-first")
        .await
        .unwrap();
    assert_eq!(child.backlinks.len(), 1, "the thread's link survives");
    let threads = ops::threads::on_document(&app, &actor, "parent-later")
        .await
        .unwrap();
    assert_eq!(threads[0].comments.len(), 1);
    let ben = ops::auth::NewAccount {
        email: longhand_domain::names::Email::parse("ben@example.org").unwrap(),
        name: longhand_domain::names::DisplayName::parse("Ben").unwrap(),
        handle: None,
        role: Role::Member,
        password: None,
        time_zone: "UTC".into(),
    };
    ops::auth::create_account(&app, Some(&actor), ben)
        .await
        .unwrap();
    assert!(ops::workspace::verify(&app).await.unwrap().is_ok());

    // A second restore into the same database is refused rather than mixing workspaces.
    assert!(matches!(
        restore(&target, &mut dump.as_slice()).await,
        Err(RestoreError::NotEmpty)
    ));
    source.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_to_sqlite() {
    round_trip(Db::Sqlite, Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_to_postgres() {
    round_trip(Db::Sqlite, Db::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_to_sqlite() {
    round_trip(Db::Postgres, Db::Sqlite).await;
}

/// The header of an empty workspace's backup.
const HEADER: &str = r#"{"longhand_backup": 1, "chain_head": {"id": 0, "hash": "0000000000000000000000000000000000000000000000000000000000000000"}}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_is_not_restored() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(Db::Sqlite, dir.path()).await.unwrap();
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    for (input, expected) in [
        (&b""[..], "the file is empty"),
        (b"hello\n", "not a backup header"),
        (
            b"{\"longhand_backup\": 1}\n",
            "the header has no chain head",
        ),
        (
            format!("{HEADER}\n{{\"table\": \"users\", \"row\": {{}}}}\n").as_bytes(),
            "unknown table",
        ),
        (
            format!("{HEADER}\n{{\"table\": \"members\", \"row\": {{\"id\": \"x\"}}}}\n")
                .as_bytes(),
            "id is not an integer",
        ),
    ] {
        let err = restore(&store, &mut &input[..])
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{err}");
    }
    assert_eq!(
        App::new(store, Clock::System).store().backend_name(),
        "sqlite"
    );
}

/// A dump of a seeded workspace on `db`, as lines.
async fn dump_lines(db: Db) -> Option<Vec<String>> {
    let source = seeded(db).await?;
    let mut dump = Vec::new();
    ops::backup::dump(&source.app, &mut dump).await.unwrap();
    source.stop().await;
    Some(
        String::from_utf8(dump)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect(),
    )
}

/// A fresh, migrated target of kind `db` (its directory must outlive the store).
async fn empty_target(db: Db, dir: &std::path::Path) -> Option<Store> {
    let url = database_url(db, dir).await?;
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    Some(store)
}

fn joined(lines: &[String]) -> Vec<u8> {
    let mut text = lines.join("\n");
    text.push('\n');
    text.into_bytes()
}

/// A restore that fails must leave nothing behind: the good file then restores.
async fn refused_then_retried(db: Db, bad: Vec<u8>, good: &[String], expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let Some(target) = empty_target(db, dir.path()).await else {
        return;
    };
    let err = restore(&target, &mut bad.as_slice()).await.unwrap_err();
    assert!(err.to_string().contains(expected), "{err}");
    assert!(err.to_string().contains("nothing was restored"), "{err}");
    let restored = restore(&target, &mut joined(good).as_slice())
        .await
        .expect("the target was left empty, so the good backup restores");
    assert!(restored.chain_head_id > 0);
}

async fn truncated_backup_is_refused_and_leaves_the_target_empty(db: Db) {
    let Some(lines) = dump_lines(db).await else {
        return;
    };
    let events = lines
        .iter()
        .filter(|l| l.contains("\"table\":\"events\""))
        .count();
    assert!(events > 3, "the seed wrote events");
    let cut = &lines[..lines.len() - 2];
    let expected = format!("holds {} entries", events - 2);
    refused_then_retried(db, joined(cut), &lines, &expected).await;
}

async fn backup_without_event_lines_is_refused(db: Db) {
    let Some(lines) = dump_lines(db).await else {
        return;
    };
    let kept: Vec<String> = lines
        .iter()
        .filter(|l| !l.contains("\"table\":\"events\""))
        .cloned()
        .collect();
    refused_then_retried(db, joined(&kept), &lines, "holds 0 entries").await;
}

async fn backup_row_with_nul_is_named_and_nothing_is_restored(db: Db) {
    let Some(lines) = dump_lines(db).await else {
        return;
    };
    // A row an older SQLite workspace could hold: a title with U+0000 in it.
    let (index, bad_line) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains("\"table\":\"documents\""))
        .map(|(i, l)| (i, l.replacen("\"title\":\"", "\"title\":\"nul\\u0000", 1)))
        .unwrap();
    let mut bad = lines.clone();
    bad[index] = bad_line;
    let expected = format!(
        "line {}: cannot load the documents row id=1: title contains a NUL character",
        index + 1
    );
    refused_then_retried(db, joined(&bad), &lines, &expected).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn truncated_backup_is_refused_and_leaves_the_target_empty_sqlite() {
    truncated_backup_is_refused_and_leaves_the_target_empty(Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn truncated_backup_is_refused_and_leaves_the_target_empty_postgres() {
    truncated_backup_is_refused_and_leaves_the_target_empty(Db::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_without_event_lines_is_refused_sqlite() {
    backup_without_event_lines_is_refused(Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_without_event_lines_is_refused_postgres() {
    backup_without_event_lines_is_refused(Db::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_row_with_nul_is_named_and_nothing_is_restored_sqlite() {
    backup_row_with_nul_is_named_and_nothing_is_restored(Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_row_with_nul_is_named_and_nothing_is_restored_postgres() {
    backup_row_with_nul_is_named_and_nothing_is_restored(Db::Postgres).await;
}

/// Restores through the same action the command line uses.
async fn restore(
    store: &Store,
    input: &mut dyn std::io::BufRead,
) -> Result<longhand_core::views::backup::DumpSummary, RestoreError> {
    ops::backup::restore(&App::new(store.clone(), Clock::System), input).await
}
