//! Dead jobs for admins: the API lists them, the admin page shows them with a retry button
//! that puts a job back in the queue with its attempts reset (and says so in the event log).

use crate::both_databases;
use crate::browser::{Browser, csrf};
use crate::helpers::{START, TestApp, code};
use crate::stories::Caller;
use longhand_core::worker;
use longhand_domain::workspace::Role;
use serde_json::Value;

/// Runs the queue until the job has failed every attempt it is given.
async fn fail_until_dead(app: &TestApp) {
    for _ in 0..worker::MAX_ATTEMPTS {
        if worker::dead_count(&app.app).await.unwrap() == 1 {
            break;
        }
        app.clock_forward_minutes(61);
        assert_eq!(app.run_due_jobs().await, 1);
    }
    assert_eq!(worker::dead_count(&app.app).await.unwrap(), 1);
}

async fn dead_list(admin: &Caller<'_>) -> Vec<Value> {
    let (status, body) = admin.get("/api/v1/admin/jobs/dead").await;
    assert_eq!(status, 200, "{body}");
    body["items"].as_array().unwrap().clone()
}

both_databases!(
    a_job_that_keeps_failing_is_listed_for_admins_and_retried_from_the_admin_page,
    |app: TestApp| async move {
        let ada = Browser::sign_in(&app, "ada", Role::Admin).await;
        let mel = Browser::sign_in(&app, "mel", Role::Member).await;
        let ada_api = app.signed_in_as(ada.actor.clone()).await;
        let mel_api = app.signed_in_as(mel.actor.clone()).await;
        assert!(dead_list(&ada_api).await.is_empty());
        let (status, page) = ada.get("/admin").await;
        assert_eq!(status, 200);
        assert!(page.contains("No failed jobs"), "the empty state");

        app.queue_unreadable_job().await;
        fail_until_dead(&app).await;
        let items = dead_list(&ada_api).await;
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
        let (status, body) = mel_api.get("/api/v1/admin/jobs/dead").await;
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

        assert!(dead_list(&ada_api).await.is_empty());
        let (_, page) = ada.get(&location).await;
        assert!(page.contains("No failed jobs") && page.contains("Job put back in the queue."));
        let retried = app.events_of(&ada.actor, "job.retried").await;
        assert_eq!(retried.len(), 1);
        assert_eq!(
            (retried[0]["job"].as_i64(), retried[0]["kind"].as_str()),
            (Some(id), Some("remind_ask"))
        );

        // Back in the queue with its attempts reset: it runs at once and fails its first
        // attempt again, instead of being given up on straight away.
        assert_eq!(app.pending_jobs().await, 1);
        assert_eq!(app.run_due_jobs().await, 1);
        assert_eq!(app.pending_jobs().await, 1, "waiting for its retry");
        assert_eq!(worker::dead_count(&app.app).await.unwrap(), 0);

        // A job that is not dead cannot be retried.
        let (status, _) = ada.post(&retry, &[("csrf", csrf(&page))]).await;
        assert_eq!(status, 409, "already back in the queue");
        let api_retry = format!("/api/v1/admin/jobs/{id}/retry");
        let (status, body) = ada_api.post_empty(&api_retry).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");

        // Dead again, it can be retried through the API as well (admins only).
        fail_until_dead(&app).await;
        let (status, body) = mel_api.post_empty(&api_retry).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        let (status, body) = ada_api.post_empty(&api_retry).await;
        assert_eq!(status, 204, "{body}");
        assert!(dead_list(&ada_api).await.is_empty());
        let missing = "/api/v1/admin/jobs/999999/retry";
        let (status, body) = ada_api.post_empty(missing).await;
        assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
        app.stop().await;
    }
);
