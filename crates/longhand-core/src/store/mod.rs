//! Storage: the only module that writes SQL.
//!
//! One SQL text serves both backends. Longhand keeps its SQL to the portable core that SQLite
//! and PostgreSQL share (`$1` parameters, `RETURNING`, integer timestamps in microseconds,
//! integer booleans), runs it through sqlx's `Any` driver, and keeps the few real differences —
//! how a write transaction begins, how the event log is locked, the migrations — in
//! [`Dialect`]. Two copies of every query would drift apart; one copy is tested twice instead,
//! since the whole store suite runs against both databases.
//!
//! Errors say what the caller does next: [`StoreError::NotFound`], [`StoreError::Conflict`]
//! (a uniqueness rule was hit — tell the user), or [`StoreError::Other`] (log it, answer 500).
//!
//! Architecture Invariant: every write goes through [`Store::write`], and every write
//! transaction appends to the event log (`events::append`) before it commits.

pub(crate) mod asks;
pub(crate) mod auth;
pub(crate) mod backup;
pub(crate) mod blockers;
pub(crate) mod bulk;
pub(crate) mod channels;
pub(crate) mod charters;
pub(crate) mod checkins;
pub(crate) mod deliveries;
pub(crate) mod digests;
pub(crate) mod documents;
pub(crate) mod events;
pub(crate) mod follows;
pub(crate) mod idempotency;
pub(crate) mod jobs;
pub(crate) mod meetings;
pub(crate) mod members;
pub(crate) mod metrics;
pub(crate) mod notifications;
pub(crate) mod notify_prefs;
pub(crate) mod planned_meetings;
pub(crate) mod reviews;
pub(crate) mod search;
pub(crate) mod seed;
pub(crate) mod settings;
pub(crate) mod spaces;
pub(crate) mod sync;
pub(crate) mod teams;
pub(crate) mod test_databases;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod threads;

use sqlx::AnyConnection;
use sqlx::any::AnyPoolOptions;
use sqlx::{Any, AnyPool, Transaction};
use std::path::Path;
use std::time::Duration;

/// A write transaction. It derefs to a connection, so store functions take `&mut AnyConnection`.
pub(crate) type WriteTx = Transaction<'static, Any>;
/// A pooled connection for reads.
pub(crate) type ReadConn = sqlx::pool::PoolConnection<Any>;

/// What went wrong in the store, classified by what the caller should do next.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StoreError {
    /// The row does not exist (or is not visible).
    #[error("not found")]
    NotFound,
    /// A uniqueness or consistency rule refused the write; the message names the rule.
    #[error("{0}")]
    Conflict(String),
    /// Anything else: the database is down, a bug, a corrupt row.
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> StoreError {
        match err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(unique_violation_message(db.message()))
            }
            other => StoreError::Other(anyhow::Error::new(other)),
        }
    }
}

/// Maps a unique-constraint message from either database to a sentence about the column.
fn unique_violation_message(message: &str) -> String {
    let columns = ["handle", "email", "slug", "token_hash", "name"];
    match columns.iter().find(|column| message.contains(*column)) {
        Some(column) => format!("that {} is already taken", column.replace('_', " ")),
        None => "that value is already taken".to_owned(),
    }
}

pub(crate) type StoreResult<T> = Result<T, StoreError>;

/// Which database a store talks to; the place where their SQL differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    fn of(url: &str) -> Dialect {
        if url.starts_with("sqlite:") {
            Dialect::Sqlite
        } else {
            Dialect::Postgres
        }
    }

    /// SQLite must take the write lock at BEGIN: a deferred transaction that reads first and
    /// writes later can fail with SQLITE_BUSY instead of waiting on `busy_timeout`.
    fn begin_statement(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        }
    }

    /// The name shown in `/readyz` and `longhand verify`.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// A handle on the database: a read pool and a write pool (the same pool on PostgreSQL).
#[derive(Debug, Clone)]
pub struct Store {
    dialect: Dialect,
    read: AnyPool,
    write: AnyPool,
}

impl Store {
    /// Connects, creating the SQLite file (and its directory) when needed. Does not migrate.
    pub async fn connect(url: &str) -> anyhow::Result<Store> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::of(url);
        match dialect {
            Dialect::Sqlite => connect_sqlite(url).await,
            Dialect::Postgres => connect_postgres(url).await,
        }
    }

    /// Applies pending migrations. Safe when several replicas start at once: sqlx holds an
    /// advisory lock on PostgreSQL, and SQLite serves a single process.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.dialect {
            Dialect::Sqlite => &SQLITE_MIGRATIONS,
            Dialect::Postgres => &POSTGRES_MIGRATIONS,
        };
        let mut attempt = 0;
        loop {
            match migrator.run(&self.write).await {
                Ok(()) => return Ok(()),
                // sqlx takes no lock on SQLite, so two processes opening a fresh data directory
                // at once (a server and a CLI command) can both try migration 1; the loser's
                // transaction rolls back. Running again sees the winner's work.
                Err(err) if self.dialect == Dialect::Sqlite && attempt < 10 && lost_race(&err) => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(50 * attempt)).await;
                }
                Err(err) => return Err(anyhow::anyhow!("database migration failed: {err}")),
            }
        }
    }

    /// The backend in use.
    pub(crate) fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The backend's name for logs and health checks: `sqlite` or `postgres`.
    pub fn backend_name(&self) -> &'static str {
        self.dialect.name()
    }

    /// Begins a write transaction.
    pub(crate) async fn write(&self) -> StoreResult<WriteTx> {
        Ok(self
            .write
            .begin_with(self.dialect.begin_statement())
            .await?)
    }

    /// Takes a connection for reads.
    pub(crate) async fn read(&self) -> StoreResult<ReadConn> {
        Ok(self.read.acquire().await?)
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.read).await.is_ok()
    }

    /// Closes the pools, waiting for connections in use to be returned.
    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

async fn connect_sqlite(url: &str) -> anyhow::Result<Store> {
    let dir = sqlite_path(url).and_then(|path| path.parent().map(Path::to_owned));
    if let Some(dir) = dir.filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(&dir).map_err(|err| {
            anyhow::anyhow!("cannot create the data directory {}: {err}", dir.display())
        })?;
    }
    // One writer connection: SQLite allows one writer at a time anyway, and queueing in the
    // pool is fairer and cheaper than spinning on SQLITE_BUSY.
    let write = sqlite_pool(url, 1).await?;
    let read = sqlite_pool(url, 8).await?;
    Ok(Store {
        dialect: Dialect::Sqlite,
        read,
        write,
    })
}

async fn sqlite_pool(url: &str, size: u32) -> anyhow::Result<AnyPool> {
    AnyPoolOptions::new()
        .max_connections(size)
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(|conn, _meta| Box::pin(async move { sqlite_pragmas(conn).await }))
        .connect(url)
        .await
        .map_err(|err| anyhow::anyhow!("cannot open the SQLite database ({url}): {err}"))
}

/// WAL lets readers run beside the writer; `synchronous = NORMAL` in WAL mode keeps every
/// committed transaction across a process crash (only a power loss can drop the last ones).
async fn sqlite_pragmas(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    for pragma in [
        "PRAGMA journal_mode = WAL",
        "PRAGMA busy_timeout = 10000",
        "PRAGMA foreign_keys = ON",
        "PRAGMA synchronous = NORMAL",
    ] {
        sqlx::query(pragma).execute(&mut *conn).await?;
    }
    Ok(())
}

async fn connect_postgres(url: &str) -> anyhow::Result<Store> {
    let pool = AnyPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(30))
        .connect(url)
        .await
        .map_err(|err| anyhow::anyhow!("cannot connect to PostgreSQL: {err}"))?;
    Ok(Store {
        dialect: Dialect::Postgres,
        read: pool.clone(),
        write: pool,
    })
}

fn sqlite_path(url: &str) -> Option<&Path> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| Path::new(path))
}

/// Whether a SQLite migration failed because another process ran it at the same moment.
fn lost_race(err: &sqlx::migrate::MigrateError) -> bool {
    let text = err.to_string();
    text.contains("already exists")
        || text.contains("duplicate column name")
        || text.contains("database is locked")
        || text.contains("UNIQUE constraint failed")
}

/// Microseconds since the Unix epoch: the one timestamp encoding in the database.
pub(crate) fn micros(at: jiff::Timestamp) -> i64 {
    at.as_microsecond()
}

/// The inverse of [`micros`]; a corrupt value is an error rather than a panic.
pub(crate) fn from_micros(value: i64) -> StoreResult<jiff::Timestamp> {
    jiff::Timestamp::from_microsecond(value)
        .map_err(|err| StoreError::Other(anyhow::anyhow!("corrupt timestamp {value}: {err}")))
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

    /// Regression: statements with a bound LIMIT were compiled again on every run, because
    /// SQLite planned with the bound value. The build turns the planner stability guarantee
    /// on (`.cargo/config.toml`); a build without it fails here.
    #[tokio::test]
    async fn sqlite_plans_do_not_depend_on_bound_values() {
        let store = super::Store::connect("sqlite::memory:").await.unwrap();
        let mut conn = store.read().await.unwrap();
        let options: Vec<String> = sqlx::query("PRAGMA compile_options")
            .fetch_all(&mut *conn)
            .await
            .unwrap()
            .iter()
            .map(|row| row.get::<String, _>(0))
            .collect();
        assert!(options.iter().any(|o| o == "ENABLE_QPSG"), "{options:?}");
    }
}
