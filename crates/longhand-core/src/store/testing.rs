//! Real databases for the crate's own tests: a fresh SQLite file, and a fresh PostgreSQL
//! database when `LONGHAND_TEST_POSTGRES_URL` names a server (as for the integration tests).

use super::Store;

/// A migrated store; the directory keeps the SQLite file alive.
pub(crate) struct TestStore {
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
}

/// One migrated store per available database: SQLite always, PostgreSQL when configured.
pub(crate) async fn stores() -> Vec<TestStore> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("t.sqlite3").display()
    );
    let mut out = vec![TestStore {
        store: migrated(&url).await,
        _dir: Some(dir),
    }];
    if let Some(url) = postgres().await {
        out.push(TestStore {
            store: migrated(&url).await,
            _dir: None,
        });
    }
    out
}

async fn migrated(url: &str) -> Store {
    let store = Store::connect(url)
        .await
        .expect("connect to the test database");
    store.migrate().await.expect("migrate the test database");
    store
}

/// A fresh, migrated PostgreSQL database's URL, when a server is configured.
async fn postgres() -> Option<String> {
    let admin = std::env::var("LONGHAND_TEST_POSTGRES_URL").ok()?;
    // Named after the process, as the integration tests' databases are, so a later run can
    // tell an abandoned one from one in use and drop it (tests/it/helpers.rs).
    let mut tag = [0u8; 6];
    getrandom::fill(&mut tag).ok()?;
    let name = format!("lh_unit_{}_{}", std::process::id(), hex::encode(tag));
    super::test_databases::sweep_abandoned(&admin);
    Some(super::test_databases::create_migrated(&admin, &name).await)
}
