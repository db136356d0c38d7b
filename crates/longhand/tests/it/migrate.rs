//! Migrations: applied at start, and safe when several replicas start at once.

use crate::helpers::{Db, database_url};
use longhand_core::Store;

async fn migrate_concurrently(db: Db) {
    let dir = tempfile::tempdir().unwrap();
    let Some(url) = database_url(db, dir.path()).await else {
        return;
    };
    let replicas: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move {
                let store = Store::connect(&url).await.unwrap();
                store.migrate().await
            })
        })
        .collect();
    for replica in replicas {
        replica.await.unwrap().expect("every replica starts");
    }
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.expect("migrating again is a no-op");
    assert!(store.ping().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn replicas_starting_together_on_postgres_all_come_up() {
    migrate_concurrently(Db::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn repeated_starts_on_sqlite_are_harmless() {
    migrate_concurrently(Db::Sqlite).await;
}
