//! The test harness: a real server on port 0 over a fresh database, SQLite or PostgreSQL.
//!
//! PostgreSQL tests run when `LONGHAND_TEST_POSTGRES_URL` names a server whose user may create
//! databases (the test script sets it); each app gets a database of its own. Without it they
//! print that they were skipped — unless `LONGHAND_REQUIRE_POSTGRES=1`, which makes a missing
//! server a failure (CI sets that).

use jiff::Timestamp;
use longhand_core::Store;
use longhand_core::clock::Clock;
use longhand_core::ops::auth::{self, NewAccount};
use longhand_core::ops::{Actor, App};
use longhand_domain::names::{DisplayName, Email, Handle};
use longhand_domain::workspace::Role;
use longhand_web::WebConfig;
use serde_json::Value;
use sqlx::Executor;
use std::sync::atomic::{AtomicU32, Ordering};

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// A running server and a handle on its application.
pub struct TestApp {
    pub url: String,
    pub app: App,
    pub database_url: String,
    pub db: Db,
    _dir: tempfile::TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    client: reqwest::Client,
}

/// The instant tests start at: Tuesday 10 March 2026, 10:00 UTC and an odd fraction of a
/// second, with nanoseconds as the system clock has them. A clock at whole seconds hid that
/// jobs compared nanosecond payloads with microsecond rows; this one does not.
pub fn start_instant() -> Timestamp {
    "2026-03-10T10:00:00.123456789Z".parse().unwrap()
}

/// What the application sees of [`start_instant`]: the clock keeps whole microseconds.
pub const START: &str = "2026-03-10T10:00:00.123456Z";

/// How the test app's jobs run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Jobs {
    /// The test drains the queue with `worker::run_due` on a fake clock.
    ByHand,
    /// The server's own worker loop on the system clock, as `longhand serve` runs.
    Live,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh, empty PostgreSQL database, or `None` when PostgreSQL tests are off.
pub async fn postgres_database() -> Option<String> {
    let (admin_url, name) = postgres_test_name()?;
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url)
        .await
        .expect("connect to the PostgreSQL test server");
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .expect("create a test database");
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .unwrap_or(&admin_url);
    Some(format!("{base}/{name}"))
}

/// A fresh PostgreSQL database with every migration applied (a clone of this process's
/// migrated template), or `None` when PostgreSQL tests are off.
pub async fn postgres_migrated_database() -> Option<String> {
    let (admin_url, name) = postgres_test_name()?;
    Some(longhand_core::create_migrated_test_database(&admin_url, &name).await)
}

/// The admin URL and a new database name of this process, or `None` when PostgreSQL tests are
/// off; starts clearing away what earlier runs left behind.
fn postgres_test_name() -> Option<(String, String)> {
    let Ok(admin_url) = std::env::var("LONGHAND_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("LONGHAND_REQUIRE_POSTGRES").is_err(),
            "LONGHAND_REQUIRE_POSTGRES is set but LONGHAND_TEST_POSTGRES_URL is not"
        );
        eprintln!("skipped on PostgreSQL: LONGHAND_TEST_POSTGRES_URL is not set");
        return None;
    };
    let name = format!(
        "lh_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    longhand_core::sweep_abandoned_test_databases(&admin_url);
    Some((admin_url, name))
}

/// A database URL of the given kind in `dir`, or `None` when that kind is unavailable.
pub async fn database_url(db: Db, dir: &std::path::Path) -> Option<String> {
    match db {
        Db::Sqlite => Some(format!(
            "sqlite://{}?mode=rwc",
            dir.join("test.sqlite3").display()
        )),
        Db::Postgres => postgres_database().await,
    }
}

impl TestApp {
    /// Starts an empty workspace on `db`; `None` when that database is unavailable.
    pub async fn spawn(db: Db) -> Option<TestApp> {
        TestApp::start(db, Jobs::ByHand).await
    }

    /// Starts an empty workspace on the system clock with the server's job worker running,
    /// as `longhand serve` does; `None` when that database is unavailable.
    pub async fn spawn_live(db: Db) -> Option<TestApp> {
        TestApp::start(db, Jobs::Live).await
    }

    async fn start(db: Db, jobs: Jobs) -> Option<TestApp> {
        let dir = tempfile::tempdir().unwrap();
        let database_url = match db {
            Db::Sqlite => database_url(db, dir.path()).await?,
            Db::Postgres => postgres_migrated_database().await?,
        };
        let store = Store::connect(&database_url).await.unwrap();
        store.migrate().await.unwrap();
        let clock = match jobs {
            Jobs::ByHand => Clock::fake(start_instant()),
            Jobs::Live => Clock::System,
        };
        let app = App::new(store, clock);
        app.set_search_dir(dir.path().join("search"));
        let mut bound = longhand_web::server::bind(
            app.clone(),
            "127.0.0.1:0".parse().unwrap(),
            WebConfig::default(),
        )
        .await
        .unwrap();
        if jobs == Jobs::ByHand {
            bound = bound.without_job_worker();
        }
        let url = format!("http://{}", bound.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            bound
                .serve(async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Some(TestApp {
            url,
            app,
            database_url,
            db,
            _dir: dir,
            shutdown: Some(tx),
            server: Some(server),
            client,
        })
    }

    /// Stops the server, waiting for in-flight requests.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap();
        }
    }

    /// Adds a person without a password (tests sign them in with tokens).
    pub async fn member(&self, handle: &str, role: Role) -> Actor {
        self.member_in(handle, role, "Europe/Berlin").await
    }

    /// Adds a person in a time zone.
    pub async fn member_in(&self, handle: &str, role: Role, zone: &str) -> Actor {
        let account = NewAccount {
            email: Email::parse(&format!("{handle}@example.org")).unwrap(),
            name: DisplayName::parse(&format!("{} Tester", handle.to_uppercase())).unwrap(),
            handle: Some(Handle::parse(handle).unwrap()),
            role,
            password: None,
            time_zone: zone.to_owned(),
        };
        auth::create_account(&self.app, None, account)
            .await
            .unwrap()
    }

    /// An API token for a person.
    pub async fn token(&self, actor: &Actor) -> String {
        auth::create_token(&self.app, None, &actor.handle, "test")
            .await
            .unwrap()
            .secret
    }

    /// Sends a JSON request with a bearer token (or none) and returns status and body.
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.client.request(method, format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// Sends a raw body with a content type.
    pub async fn raw(
        &self,
        method: &str,
        path: &str,
        token: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = self
            .client
            .request(method, format!("{}{path}", self.url))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

/// Declares one async test per database: `both_databases!(name, |app| async move { … });`
#[macro_export]
macro_rules! both_databases {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::helpers::TestApp::spawn($crate::helpers::Db::Sqlite)
                    .await
                    .unwrap();
                ($body)(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) =
                    $crate::helpers::TestApp::spawn($crate::helpers::Db::Postgres).await
                {
                    ($body)(app).await;
                }
            }
        }
    };
}

/// The error code of an API error body.
pub fn code(body: &Value) -> &str {
    body.pointer("/error/code")
        .and_then(Value::as_str)
        .unwrap_or("<no error code>")
}

impl TestApp {
    /// The single number a query such as `SELECT COUNT(*) …` answers, read straight from the
    /// database, for checks of what the surfaces do not show.
    pub async fn count(&self, sql: &'static str) -> i64 {
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&self.database_url)
            .await
            .unwrap();
        let row = sqlx::query(sql).fetch_one(&mut conn).await.unwrap();
        sqlx::Row::try_get(&row, 0).unwrap()
    }

    /// Sets the fake clock to `at`, an RFC 3339 instant.
    pub fn set_clock(&self, at: &str) {
        self.app.clock().set(at.parse().unwrap());
    }

    /// Runs every job due on the fake clock, as one worker would; how many ran, leaving out
    /// the digest jobs: every member has a digest chain running beside each story (see
    /// `digests.rs` for the stories about it), and a clock moved past 09:00 runs it.
    pub async fn run_due_jobs(&self) -> usize {
        let digests_before = self.digest_jobs_done().await;
        let ran = longhand_core::worker::run_due(&self.app, "w1")
            .await
            .unwrap();
        let digests = self.digest_jobs_done().await - digests_before;
        ran - usize::try_from(digests).unwrap()
    }

    /// Runs every job due on the fake clock, digest jobs included; how many ran.
    pub async fn run_all_due_jobs(&self) -> usize {
        longhand_core::worker::run_due(&self.app, "w1")
            .await
            .unwrap()
    }

    /// How many digest jobs ran so far.
    pub async fn digest_jobs_done(&self) -> i64 {
        self.count("SELECT COUNT(*) FROM jobs WHERE kind = 'send_digest' AND done_at IS NOT NULL")
            .await
    }

    /// How many jobs wait in the queue, due or not, but the members' digest chains (one
    /// pending job per active member).
    pub async fn pending_jobs(&self) -> i64 {
        self.count("SELECT COUNT(*) FROM jobs WHERE done_at IS NULL AND kind <> 'send_digest'")
            .await
    }

    /// Moves the fake clock forward, plus an odd few nanoseconds, as a real clock moves.
    pub fn clock_forward_minutes(&self, minutes: i64) {
        self.clock_forward(jiff::SignedDuration::from_mins(minutes));
    }

    /// Moves the fake clock forward by `by` plus 321 ns.
    pub fn clock_forward(&self, by: jiff::SignedDuration) {
        let now = self.app.now();
        self.app
            .clock()
            .set(now + by + jiff::SignedDuration::from_nanos(321));
    }
}

impl TestApp {
    /// Announces a 2 MiB JSON body and reads the answer before sending any of it. The server
    /// refuses on the `Content-Length` alone; a client that kept writing the body would race
    /// the server closing the connection (a broken pipe), so the test does not write it.
    pub async fn announce_huge_body(&self, path: &str, token: &str) -> u16 {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let addr = self.url.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "PATCH {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            2 * 1024 * 1024
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let mut answer = vec![0u8; 1024];
        let read = stream.read(&mut answer).await.unwrap();
        let text = String::from_utf8_lossy(&answer[..read]);
        text.split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0)
    }
}
