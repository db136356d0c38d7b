//! What the notification tests talk to: a webhook receiver (axum on port 0, which can be
//! down, or hold a request unanswered), the Python environment of
//! `scripts/notify-test-deps.sh` with a real SMTP server (`scripts/smtp_sink.py`) and the
//! reference Standard Webhooks verifier (`scripts/verify_webhooks.py`).

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: BTreeMap<String, String>,
    pub body: String,
    /// Whether the receiver was up (it answered 204, or held the request unanswered).
    pub accepted: bool,
}

impl Received {
    pub fn id(&self) -> &str {
        self.headers.get("webhook-id").map_or("", String::as_str)
    }
}

#[derive(Default)]
struct Inner {
    down: AtomicBool,
    hold: AtomicBool,
    requests: Mutex<Vec<Received>>,
    arrived: tokio::sync::Notify,
}

/// An HTTP receiver on loopback for webhooks.
pub struct Receiver {
    pub url: String,
    inner: Arc<Inner>,
    task: tokio::task::JoinHandle<()>,
}

async fn take(State(inner): State<Arc<Inner>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let down = inner.down.load(Ordering::SeqCst);
    let received = Received {
        headers: headers
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect(),
        body: String::from_utf8_lossy(&body).into_owned(),
        accepted: !down,
    };
    inner.requests.lock().unwrap().push(received);
    inner.arrived.notify_waiters();
    if down {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    if inner.hold.load(Ordering::SeqCst) {
        // The message is in; the answer never leaves, as when the sender dies first.
        std::future::pending::<()>().await;
    }
    StatusCode::NO_CONTENT
}

impl Receiver {
    /// Binds port 0, then serves.
    pub async fn start() -> Receiver {
        let inner = Arc::new(Inner::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks/longhand", listener.local_addr().unwrap());
        let router = Router::new()
            .route("/hooks/longhand", axum::routing::post(take))
            .with_state(inner.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Receiver { url, inner, task }
    }

    /// Answers 503 from now on (or 204 again).
    pub fn set_down(&self, down: bool) {
        self.inner.down.store(down, Ordering::SeqCst);
    }

    /// Keeps every request unanswered from now on (or answers again).
    pub fn set_hold(&self, hold: bool) {
        self.inner.hold.store(hold, Ordering::SeqCst);
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Received> {
        self.inner.requests.lock().unwrap().clone()
    }

    /// The requests it took while up.
    pub fn accepted(&self) -> Vec<Received> {
        self.requests().into_iter().filter(|r| r.accepted).collect()
    }

    /// How many accepted requests carried each `webhook-id`.
    pub fn accepted_by_id(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for request in self.accepted() {
            *counts.entry(request.id().to_owned()).or_insert(0) += 1;
        }
        counts
    }

    /// Waits until the receiver holds `n` requests.
    pub async fn wait_for(&self, n: usize) {
        loop {
            let arrived = self.inner.arrived.notified();
            if self.requests().len() >= n {
                return;
            }
            tokio::time::timeout(std::time::Duration::from_secs(20), arrived)
                .await
                .expect("the request arrives");
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The python of `scripts/notify-test-deps.sh`: `LONGHAND_TEST_PYTHON`, else the checkout's
/// `.venv-notify`. Missing, the test is skipped with a loud message — except in CI, where it
/// fails.
pub fn python() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("LONGHAND_TEST_PYTHON") {
        return Some(PathBuf::from(path));
    }
    let local = workspace_root().join(".venv-notify/bin/python");
    if local.exists() {
        return Some(local);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "LONGHAND_TEST_PYTHON is not set in CI: run scripts/notify-test-deps.sh (scripts/test.sh does)"
    );
    eprintln!(
        "\n*** SKIPPED: no Python with aiosmtpd and standardwebhooks. Run scripts/notify-test-deps.sh \
         and export LONGHAND_TEST_PYTHON to run the email and webhook verification tests. ***\n"
    );
    None
}

/// A real SMTP server (aiosmtpd) writing each message to a directory.
pub struct SmtpSink {
    pub port: u16,
    pub dir: tempfile::TempDir,
    child: Child,
}

impl SmtpSink {
    pub fn start(python: &Path) -> SmtpSink {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(python)
            .arg(workspace_root().join("scripts/smtp_sink.py"))
            .arg(dir.path())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().expect("the sink prints its port");
        SmtpSink { port, dir, child }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages received so far, in order, as text.
    pub fn messages(&self) -> Vec<String> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A header of a raw message (the top-level block, folded lines joined).
pub fn header(message: &str, name: &str) -> Option<String> {
    let head = message
        .replace("\r\n", "\n")
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .to_owned();
    let mut unfolded: Vec<String> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = unfolded.last_mut() {
                last.push(' ');
                last.push_str(line.trim());
            }
        } else {
            unfolded.push(line.to_owned());
        }
    }
    let prefix = format!("{}:", name.to_ascii_lowercase());
    unfolded
        .iter()
        .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
        .map(|l| l[prefix.len()..].trim().to_owned())
}

/// Verifies requests with the reference `standardwebhooks` library at `now` (unix seconds);
/// returns its output, or panics with what did not verify.
pub fn verify_with_reference(
    python: &Path,
    secret: &str,
    now: i64,
    requests: &[Received],
) -> String {
    let input = serde_json::to_string(
        &requests
            .iter()
            .map(|r| serde_json::json!({"headers": r.headers, "body": r.body}))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let mut child = Command::new(python)
        .arg(workspace_root().join("scripts/verify_webhooks.py"))
        .arg(secret)
        .arg(now.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "standardwebhooks: {out}{err}");
    out
}
