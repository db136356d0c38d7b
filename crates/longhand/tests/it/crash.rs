//! `kill -9` under write load: every acknowledged write survives, the database passes its
//! integrity check and the event chain verifies — on SQLite with one server, and on
//! PostgreSQL with two replicas sharing the database, one of them killed while the other
//! keeps serving. And the search index of a server killed while it indexes new documents
//! answers, after a restart, exactly what a scan of the database finds.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

const BIN: &str = env!("CARGO_BIN_EXE_longhand");

/// Where a `longhand` process keeps its files, and the database it uses (SQLite in the data
/// directory when `database_url` is `None`).
#[derive(Clone)]
struct Place {
    data_dir: std::path::PathBuf,
    database_url: Option<String>,
}

fn longhand(place: &Place, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .arg("--data-dir")
        .arg(&place.data_dir)
        .env("LONGHAND_LOG", "warn");
    match &place.database_url {
        Some(url) => command.env("LONGHAND_DATABASE_URL", url),
        None => command.env_remove("LONGHAND_DATABASE_URL"),
    };
    command
}

/// Starts the server and reads the address it prints.
fn start(place: &Place) -> (Child, String) {
    let mut child = longhand(place, &["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("the server printed its address")
            .unwrap();
        if let Some(rest) = line.strip_prefix("Longhand is running at ") {
            break rest.trim_end_matches('/').to_owned();
        }
    };
    (child, url)
}

fn create_admin_and_token(place: &Place) -> String {
    let mut create = longhand(
        place,
        &[
            "admin",
            "create-user",
            "--email",
            "op@example.org",
            "--name",
            "Operator",
            "--role",
            "admin",
            "--password-stdin",
        ],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::null())
    .spawn()
    .unwrap();
    create
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long enough password\n")
        .unwrap();
    assert!(create.wait().unwrap().success());
    let output = longhand(
        place,
        &["admin", "create-token", "--email", "op@example.org"],
    )
    .output()
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_owned()
}

/// What the writers create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// Spaces, each its own slug.
    Spaces,
    /// Documents in the space `crash`, each with [`CRASH_WORD`] in its body.
    Documents,
}

/// The word in every document the document writers create.
const CRASH_WORD: &str = "kumquatcrash";

impl Target {
    /// The path and body of the writer's `i`th request.
    fn request(self, slug: &str) -> (&'static str, serde_json::Value) {
        match self {
            Target::Spaces => (
                "/api/v1/spaces",
                serde_json::json!({"name": slug, "slug": slug, "purpose": "discussion"}),
            ),
            Target::Documents => (
                "/api/v1/documents",
                serde_json::json!({"space": "crash", "kind": "rfc", "title": format!("Crash {slug}"),
                    "body": format!("The **{CRASH_WORD}** note {slug}."), "classification": "internal",
                    "intent": "Written while the server is killed"}),
            ),
        }
    }

    /// What identifies an acknowledged write: the space's slug, or the document's.
    async fn acknowledged(self, slug: String, response: reqwest::Response) -> Option<String> {
        match self {
            Target::Spaces => Some(slug),
            Target::Documents => {
                let body: serde_json::Value = response.json().await.ok()?;
                Some(body["document"]["slug"].as_str()?.to_owned())
            }
        }
    }
}

/// Writers creating spaces as fast as the servers answer; a write counts once it got its 201.
struct Load {
    acknowledged: Arc<Mutex<Vec<String>>>,
    count: Arc<AtomicUsize>,
    reached: Arc<Notify>,
    stop: Arc<AtomicBool>,
    writers: Vec<tokio::task::JoinHandle<()>>,
}

impl Load {
    /// Three writers per server URL. A writer whose server is gone (a connection error) stops;
    /// any answer but 201 fails the test, since a surviving replica must keep serving.
    fn start(urls: &[&str], token: &str) -> Load {
        Load::start_writing(urls, token, Target::Spaces)
    }

    fn start_writing(urls: &[&str], token: &str, target: Target) -> Load {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let mut load = Load {
            acknowledged: Arc::default(),
            count: Arc::default(),
            reached: Arc::default(),
            stop: Arc::default(),
            writers: Vec::new(),
        };
        for (server, url) in urls.iter().enumerate() {
            for writer in 0..3 {
                let name = format!("s{server}w{writer}");
                let task = load.writer(&client, url, token, (target, name));
                load.writers.push(tokio::spawn(task));
            }
        }
        load
    }

    fn writer(
        &self,
        client: &reqwest::Client,
        url: &str,
        token: &str,
        (target, name): (Target, String),
    ) -> impl std::future::Future<Output = ()> + Send + 'static {
        let (client, url, token) = (client.clone(), url.to_owned(), token.to_owned());
        let (acknowledged, count, reached, stop) = (
            self.acknowledged.clone(),
            self.count.clone(),
            self.reached.clone(),
            self.stop.clone(),
        );
        async move {
            for i in 0.. {
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                let slug = format!("{name}-{i}");
                let (path, body) = target.request(&slug);
                let sent = client
                    .post(format!("{url}{path}"))
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await;
                match sent {
                    Ok(response) if response.status() == 201 => {
                        // A body cut off by the kill is no acknowledgement.
                        let Some(key) = target.acknowledged(slug, response).await else {
                            return;
                        };
                        acknowledged.lock().unwrap().push(key);
                        count.fetch_add(1, Ordering::SeqCst);
                        reached.notify_waiters();
                    }
                    Ok(response) => panic!("{url}: unexpected {}", response.status()),
                    Err(_) => return,
                }
            }
        }
    }

    /// Waits until `n` writes in all were acknowledged. The bound only turns a stalled load
    /// (every writer stopped early) into a failure instead of a hang.
    async fn until(&self, n: usize) {
        let wait = async {
            loop {
                let notified = self.reached.notified();
                if self.count.load(Ordering::SeqCst) >= n {
                    return;
                }
                notified.await;
            }
        };
        let done = tokio::time::timeout(Duration::from_secs(120), wait).await;
        assert!(
            done.is_ok(),
            "the load stalled before {n} acknowledged writes"
        );
    }

    /// Stops the writers and returns every acknowledged slug.
    async fn finish(self) -> Vec<String> {
        self.stop.store(true, Ordering::SeqCst);
        for writer in self.writers {
            writer.await.unwrap();
        }
        self.acknowledged.lock().unwrap().clone()
    }
}

fn kill(server: &mut Child) {
    server.kill().unwrap(); // SIGKILL: no shutdown hooks run.
    server.wait().unwrap();
}

fn verify(place: &Place) {
    let verify = longhand(place, &["verify"]).output().unwrap();
    assert!(
        verify.status.success(),
        "verify: {}",
        String::from_utf8_lossy(&verify.stderr)
    );
}

/// Every acknowledged slug is listed by the server at `url`.
async fn all_present(url: &str, token: &str, acknowledged: &[String]) {
    let spaces: serde_json::Value = reqwest::Client::new()
        .get(format!("{url}/api/v1/spaces"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let present: std::collections::HashSet<&str> = spaces
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["slug"].as_str().unwrap())
        .collect();
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|slug| !present.contains(slug.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged writes are missing, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_acknowledged_write_is_lost_when_the_server_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place {
        data_dir: dir.path().to_owned(),
        database_url: None,
    };
    let token = create_admin_and_token(&place);
    let (mut server, url) = start(&place);
    let load = Load::start(&[&url], &token);
    load.until(300).await;
    kill(&mut server);
    let acknowledged = load.finish().await;
    assert!(acknowledged.len() >= 300, "the load ran");

    verify(&place);
    let (mut server, url) = start(&place);
    all_present(&url, &token, &acknowledged).await;
    kill(&mut server);

    let db = format!("sqlite://{}", dir.path().join("longhand.sqlite3").display());
    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&db)
        .await
        .unwrap();
    let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(check, "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killing_one_of_two_postgres_replicas_loses_no_acknowledged_write() {
    let Some(database_url) = crate::helpers::postgres_database().await else {
        return;
    };
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let replica = |dir: &tempfile::TempDir| Place {
        data_dir: dir.path().to_owned(),
        database_url: Some(database_url.clone()),
    };
    let (a, b) = (replica(&dir_a), replica(&dir_b));
    let token = create_admin_and_token(&a);
    let (mut server_a, url_a) = start(&a);
    let (mut server_b, url_b) = start(&b);
    let load = Load::start(&[&url_a, &url_b], &token);
    load.until(300).await;
    kill(&mut server_a);
    // The survivor keeps taking writes after its peer died mid-transaction.
    let at_kill = load.count.load(Ordering::SeqCst);
    load.until(at_kill + 150).await;
    let acknowledged = load.finish().await;

    verify(&b);
    all_present(&url_b, &token, &acknowledged).await;
    kill(&mut server_b);
    // A replica started again on the same database sees the same workspace.
    let (mut server_a, url_a) = start(&a);
    all_present(&url_a, &token, &acknowledged).await;
    kill(&mut server_a);
}

/// The slugs of the documents a search for `word` finds, as the admin, every page of it.
async fn found_by_search(url: &str, token: &str, word: &str) -> BTreeSet<String> {
    let client = reqwest::Client::new();
    let mut found = BTreeSet::new();
    for page in 1.. {
        let results: serde_json::Value = client
            .get(format!(
                "{url}/api/v1/search?q={word}&kind=document&per_page=50&page={page}"
            ))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let hits = results["hits"].as_array().unwrap();
        for hit in hits {
            let href = hit["href"].as_str().unwrap();
            found.insert(href.strip_prefix("/docs/").unwrap().to_owned());
        }
        if hits.len() < 50 {
            assert_eq!(results["total"], found.len(), "{results}");
            return found;
        }
    }
    unreachable!("the pages end")
}

/// The slugs of the documents whose body holds `word`, read from the SQLite file.
async fn found_by_scan(place: &Place, word: &str) -> BTreeSet<String> {
    let db = format!(
        "sqlite://{}",
        place.data_dir.join("longhand.sqlite3").display()
    );
    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&db)
        .await
        .unwrap();
    let rows: Vec<(String,)> = sqlx::query_as("SELECT slug FROM documents WHERE body LIKE $1")
        .bind(format!("%{word}%"))
        .fetch_all(&mut conn)
        .await
        .unwrap();
    rows.into_iter().map(|(slug,)| slug).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_search_index_killed_while_indexing_answers_like_the_database_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let place = Place {
        data_dir: dir.path().to_owned(),
        database_url: None,
    };
    let token = create_admin_and_token(&place);
    let (mut server, url) = start(&place);
    let space = serde_json::json!({"name": "Crash", "slug": "crash", "purpose": "discussion"});
    let created = reqwest::Client::new()
        .post(format!("{url}/api/v1/spaces"))
        .bearer_auth(&token)
        .json(&space)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    // The server's tailer commits the index every half second while the documents stream in,
    // so the kill lands between, or in the middle of, its commits.
    let load = Load::start_writing(&[&url], &token, Target::Documents);
    load.until(150).await;
    kill(&mut server);
    let acknowledged: BTreeSet<String> = load.finish().await.into_iter().collect();
    assert!(acknowledged.len() >= 150, "the load ran");

    let (mut server, url) = start(&place);
    let searched = found_by_search(&url, &token, CRASH_WORD).await;
    kill(&mut server);
    let scanned = found_by_scan(&place, CRASH_WORD).await;
    let lost: Vec<&String> = acknowledged.difference(&scanned).collect();
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
    assert_eq!(
        searched.len(),
        scanned.len(),
        "only in the index: {:?}; only in the database: {:?}",
        searched.difference(&scanned).take(5).collect::<Vec<_>>(),
        scanned.difference(&searched).take(5).collect::<Vec<_>>()
    );
    assert_eq!(searched, scanned);
}
