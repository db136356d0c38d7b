//! Clearing away the PostgreSQL databases that test runs leave behind. Used by this crate's
//! unit tests and by the integration tests; nothing in the product calls it.
//!
//! Every test database is named after the process that made it (`lh_test_<pid>_…` for the
//! integration tests, `lh_unit_<pid>_…` for the core's unit tests). A run that was killed, or
//! a plain `cargo test` that `scripts/test.sh` did not wrap, leaves its databases behind; the
//! next run drops those whose process has ended, so they never pile up on a developer's server.
//!
//! Most tests want a migrated database. Running every migration takes PostgreSQL over a second
//! (the authorization matrix alone makes some 300 databases), so each process migrates one
//! template database (`…_<pid>_template`) once and clones it: `CREATE DATABASE … TEMPLATE`
//! copies a few megabytes in a fraction of that.

use sqlx::{Connection, Row};
use std::sync::Once;
use tokio::sync::OnceCell;

/// This process's migrated template database, made on first use.
static TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// Creates the database `name` (of the form `<prefix>_<pid>_<tag>`) on the server behind
/// `admin_url`, already migrated, and returns its URL. Panics when the server refuses: these
/// are tests, and a test cannot go on without its database.
pub async fn create_migrated(admin_url: &str, name: &str) -> String {
    let prefix = name.split('_').take(2).collect::<Vec<_>>().join("_");
    let template = TEMPLATE
        .get_or_init(|| make_template(admin_url, prefix))
        .await;
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("connect to the PostgreSQL test server");
    let create = format!("CREATE DATABASE {name} TEMPLATE {template}");
    sqlx::query(sqlx::AssertSqlSafe(create))
        .execute(&mut conn)
        .await
        .expect("clone the migrated template database");
    url_of(admin_url, name)
}

/// Creates and migrates the template, then closes every connection to it: PostgreSQL clones
/// only a database nobody is connected to.
async fn make_template(admin_url: &str, prefix: String) -> String {
    let name = format!("{prefix}_{}_template", std::process::id());
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("connect to the PostgreSQL test server");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create the template test database");
    let store = super::Store::connect(&url_of(admin_url, &name))
        .await
        .expect("connect to the template test database");
    store
        .migrate()
        .await
        .expect("migrate the template test database");
    store.close().await;
    name
}

/// The URL of database `name` on the server of `admin_url`.
pub fn url_of(admin_url: &str, name: &str) -> String {
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    format!("{base}/{name}")
}

/// Starts dropping, once per process and in the background, the test databases whose process
/// has ended. It never holds a test up: a large pile is cleared while the tests run, and what
/// a short run does not finish the next one does. Only where `/proc` tells live processes
/// from dead ones.
pub fn sweep_abandoned(admin_url: &str) {
    static STARTED: Once = Once::new();
    if !std::path::Path::new("/proc/self").exists() {
        return;
    }
    let admin_url = admin_url.to_owned();
    STARTED.call_once(|| {
        std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(drop_abandoned(&admin_url));
        });
    });
}

async fn drop_abandoned(admin_url: &str) {
    let Ok(mut conn) = sqlx::PgConnection::connect(admin_url).await else {
        return;
    };
    let names: Vec<String> = sqlx::query(
        "SELECT datname FROM pg_database WHERE datname LIKE 'lh\\_test\\_%' OR datname LIKE 'lh\\_unit\\_%'",
    )
    .fetch_all(&mut conn)
    .await
    .map(|rows| rows.iter().filter_map(|r| r.try_get(0).ok()).collect())
    .unwrap_or_default();
    for name in names.iter().filter(|name| abandoned(name)) {
        let drop = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        // A failure (another run dropping the same one) is left for the next run.
        let _ = sqlx::query(sqlx::AssertSqlSafe(drop))
            .execute(&mut conn)
            .await;
    }
}

/// Whether a test database's process (the number after its prefix) has ended.
fn abandoned(name: &str) -> bool {
    let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
    pid.is_some_and(|pid| !std::path::Path::new(&format!("/proc/{pid}")).exists())
}

#[cfg(test)]
mod tests {
    use super::abandoned;

    #[test]
    fn only_databases_of_ended_processes_are_abandoned() {
        let me = std::process::id();
        assert!(!abandoned(&format!("lh_unit_{me}_a1b2c3")));
        assert!(!abandoned(&format!("lh_test_{me}_7")));
        // Process ids stay below 2^22 on Linux, so this one cannot be running.
        assert!(abandoned("lh_test_4294967290_3"));
        assert!(!abandoned("lh_test_notapid_3"));
    }
}
