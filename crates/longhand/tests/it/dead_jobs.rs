//! Dead jobs for admins: the API lists them, the admin page shows them with a retry button
//! that puts a job back in the queue with its attempts reset (and says so in the event log).

use crate::both_databases;
use crate::browser::{Browser, csrf};
use crate::helpers::{START, TestApp, code};
use jiff::Timestamp;
use longhand_core::ops;
use longhand_core::worker;
use longhand_domain::workspace::Role;
use serde_json::Value;

/// Queues a job no worker can read, as a newer release rolled back might leave behind.
async fn queue_unreadable_job(database_url: &str, at: Timestamp) {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(database_url)
        .await
        .unwrap();
    sqlx::query("INSERT INTO jobs (kind, payload, run_at, dedupe_key, created_at) VALUES ('remind_ask', 'not a job', $1, 'broken:1', $1)")
        .bind(at.as_microsecond())
        .execute(&mut conn)
        .await
        .unwrap();
}

/// Runs the queue until the job has failed every attempt it is given.
async fn fail_until_dead(app: &TestApp) {
    for _ in 0..worker::MAX_ATTEMPTS {
        if worker::dead_count(&app.app).await.unwrap() == 1 {
            break;
        }
        app.clock_forward_minutes(61);
        assert_eq!(worker::run_due(&app.app, "w1").await.unwrap(), 1);
    }
    assert_eq!(worker::dead_count(&app.app).await.unwrap(), 1);
}

async fn dead_list(app: &TestApp, token: &str) -> Vec<Value> {
    let (status, body) = app
        .api("GET", "/api/v1/admin/jobs/dead", Some(token), None)
        .await;
    assert_eq!(status, 200, "{body}");
    body["items"].as_array().unwrap().clone()
}

both_databases!(
    a_job_that_keeps_failing_is_listed_for_admins_and_retried_from_the_admin_page,
    |app: TestApp| async move {
        let ada = Browser::sign_in(&app, "ada", Role::Admin).await;
        let mel = Browser::sign_in(&app, "mel", Role::Member).await;
        let (ada_token, mel_token) = (app.token(&ada.actor).await, app.token(&mel.actor).await);
        assert!(dead_list(&app, &ada_token).await.is_empty());
        let (status, page) = ada.get("/admin").await;
        assert_eq!(status, 200);
        assert!(page.contains("No failed jobs"), "the empty state");

        queue_unreadable_job(&app.database_url, app.app.now()).await;
        fail_until_dead(&app).await;
        let items = dead_list(&app, &ada_token).await;
        assert_eq!(items.len(), 1, "{items:?}");
        let job = &items[0];
        let id = job["id"].as_i64().unwrap();
        assert_eq!(
            (
                job["kind"].as_str(),
                job["attempts"].as_i64(),
                job["created_at"].as_str()
            ),
            (Some("remind_ask"), Some(worker::MAX_ATTEMPTS), Some(START))
        );
        assert!(job["dead_at"].as_str().is_some(), "{job}");
        let error = job["last_error"].as_str().unwrap_or_default();
        assert!(error.contains("unreadable job"), "{error}");

        // Members and strangers are refused, in the API's error shape.
        let (status, body) = app
            .api("GET", "/api/v1/admin/jobs/dead", Some(&mel_token), None)
            .await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        let (status, body) = app.api("GET", "/api/v1/admin/jobs/dead", None, None).await;
        assert_eq!((status, code(&body)), (401, "unauthenticated"), "{body}");

        let (status, page) = ada.get("/admin").await;
        assert_eq!(status, 200);
        assert!(!page.contains("No failed jobs"));
        assert!(page.contains("remind_ask") && page.contains("unreadable job"));
        let retry = format!("/admin/jobs/{id}/retry");
        assert!(
            page.contains(&format!("action=\"{retry}\"")),
            "a retry button"
        );

        // The retry is a CSRF-protected admin form.
        assert_eq!(ada.post(&retry, &[]).await.0, 403, "no CSRF token");
        let (_, settings) = mel.get("/settings").await;
        let (status, _) = mel.post(&retry, &[("csrf", csrf(&settings))]).await;
        assert_eq!(status, 403, "a member cannot retry");
        assert_eq!(worker::dead_count(&app.app).await.unwrap(), 1);
        let (status, location) = ada.post(&retry, &[("csrf", csrf(&page))]).await;
        assert_eq!(
            (status, location.as_str()),
            (303, "/admin?ok=job-retried#dead-jobs")
        );

        assert!(dead_list(&app, &ada_token).await.is_empty());
        let (_, page) = ada.get(&location).await;
        assert!(page.contains("No failed jobs") && page.contains("Job put back in the queue."));
        let retried: Vec<Value> = ops::workspace::recent_events(&app.app, &ada.actor, 50)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == "job.retried")
            .map(|e| serde_json::from_str(e.payload.as_deref().expect("shown to admins")).unwrap())
            .collect();
        assert_eq!(retried.len(), 1);
        assert_eq!(
            (retried[0]["job"].as_i64(), retried[0]["kind"].as_str()),
            (Some(id), Some("remind_ask"))
        );

        // Back in the queue with its attempts reset: it runs at once and fails its first
        // attempt again, instead of being given up on straight away.
        assert_eq!(worker::pending(&app.app).await.unwrap(), 1);
        assert_eq!(worker::run_due(&app.app, "w1").await.unwrap(), 1);
        assert_eq!(
            worker::pending(&app.app).await.unwrap(),
            1,
            "waiting for its retry"
        );
        assert_eq!(worker::dead_count(&app.app).await.unwrap(), 0);

        // A job that is not dead cannot be retried.
        let (status, _) = ada.post(&retry, &[("csrf", csrf(&page))]).await;
        assert_eq!(status, 409, "already back in the queue");
        let api_retry = format!("/api/v1/admin/jobs/{id}/retry");
        let (status, body) = app.api("POST", &api_retry, Some(&ada_token), None).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");

        // Dead again, it can be retried through the API as well (admins only).
        fail_until_dead(&app).await;
        let (status, body) = app.api("POST", &api_retry, Some(&mel_token), None).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        let (status, body) = app.api("POST", &api_retry, Some(&ada_token), None).await;
        assert_eq!(status, 204, "{body}");
        assert!(dead_list(&app, &ada_token).await.is_empty());
        let missing = "/api/v1/admin/jobs/999999/retry";
        let (status, body) = app.api("POST", missing, Some(&ada_token), None).await;
        assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
        app.stop().await;
    }
);
