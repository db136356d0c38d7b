//! `kill -9` under write load: every acknowledged write survives, SQLite's integrity check
//! passes and the event chain verifies.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_longhand");

fn longhand(data_dir: &std::path::Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env("LONGHAND_LOG", "warn");
    command
}

/// Starts the server and reads the address it prints.
fn start(data_dir: &std::path::Path) -> (Child, String) {
    let mut child = longhand(data_dir, &["serve", "--listen", "127.0.0.1:0"])
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

fn create_admin_and_token(data_dir: &std::path::Path) -> String {
    let mut create = longhand(
        data_dir,
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
        data_dir,
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_acknowledged_write_is_lost_when_the_server_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let token = create_admin_and_token(dir.path());
    let (mut server, url) = start(dir.path());
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let mut writers = Vec::new();
    for writer in 0..6 {
        let (client, url, token, acknowledged) = (
            client.clone(),
            url.clone(),
            token.clone(),
            acknowledged.clone(),
        );
        writers.push(tokio::spawn(async move {
            for i in 0..10_000 {
                let slug = format!("w{writer}-{i}");
                let body = serde_json::json!({"name": slug, "slug": slug, "purpose": "discussion"});
                match client
                    .post(format!("{url}/api/v1/spaces"))
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await
                {
                    Ok(response) if response.status() == 201 => {
                        acknowledged.lock().unwrap().push(slug)
                    }
                    Ok(response) => panic!("unexpected {}", response.status()),
                    Err(_) => return,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    server.kill().unwrap(); // SIGKILL: no shutdown hooks run.
    server.wait().unwrap();
    for writer in writers {
        writer.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() > 20,
        "the load ran ({} writes)",
        acknowledged.len()
    );

    let verify = longhand(dir.path(), &["verify"]).output().unwrap();
    assert!(
        verify.status.success(),
        "verify: {}",
        String::from_utf8_lossy(&verify.stderr)
    );

    let (mut server, url) = start(dir.path());
    let spaces: serde_json::Value = client
        .get(format!("{url}/api/v1/spaces"))
        .bearer_auth(&token)
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
    server.kill().unwrap();
    server.wait().unwrap();

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
