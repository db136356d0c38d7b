//! Safe retries with `Idempotency-Key`, each story on SQLite and PostgreSQL.

use crate::both_databases;
use crate::helpers::{TestApp, code};
use crate::stories::Caller;
use longhand_core::ops::idempotency::{self, IdempotencyKey};
use longhand_domain::workspace::Role;
use serde_json::{Value, json};

/// A POST with a bearer token and an `Idempotency-Key`: status, the replay marker, body.
async fn keyed_post(who: &Caller<'_>, path: &str, key: &str, body: &Value) -> (u16, bool, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", who.app().url))
        .bearer_auth(&who.token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let replayed = response.headers().get("idempotent-replayed").is_some();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, replayed, body)
}

fn space() -> Value {
    json!({"name": "Retry probe", "slug": "retry-probe", "purpose": "discussion"})
}

fn document(title: &str) -> Value {
    json!({"space": "retry-probe", "kind": "handbook", "title": title,
           "body": "## Overview\n\nWritten once, whatever the network does.\n"})
}

async fn count(who: &Caller<'_>, path: &str) -> usize {
    let (status, list) = who.get(path).await;
    assert_eq!(status, 200, "{list}");
    list.as_array().unwrap().len()
}

both_databases!(
    a_retried_create_replays_the_first_response_and_creates_nothing_new,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let key = "6b1c3f0e-space";
        let first = keyed_post(&ana, "/api/v1/spaces", key, &space()).await;
        assert_eq!((first.0, first.1), (201, false), "{}", first.2);
        // The answer was lost; the client sends the same request again. An explicit slug
        // used to answer 409 here, indistinguishable from someone else's space.
        let retry = keyed_post(&ana, "/api/v1/spaces", key, &space()).await;
        assert_eq!((retry.0, retry.1), (201, true), "{}", retry.2);
        assert_eq!(retry.2, first.2, "the first response, byte for byte");

        let key = "6b1c3f0e-doc";
        let first = keyed_post(&ana, "/api/v1/documents", key, &document("Probe")).await;
        assert_eq!(first.0, 201, "{}", first.2);
        let retry = keyed_post(&ana, "/api/v1/documents", key, &document("Probe")).await;
        assert_eq!((retry.0, retry.1, &retry.2), (201, true, &first.2));
        assert_eq!(
            count(&ana, "/api/v1/documents").await,
            1,
            "no retry-probe-2"
        );
        assert_eq!(count(&ana, "/api/v1/spaces").await, 1);

        // Without a key, the same body is a new request, as before.
        let (status, _) = ana.post("/api/v1/documents", document("Probe")).await;
        assert_eq!(status, 201);
        assert_eq!(count(&ana, "/api/v1/documents").await, 2);
        app.stop().await;
    }
);

both_databases!(
    an_idempotency_key_reused_with_another_body_is_refused_with_422,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        keyed_post(&ana, "/api/v1/spaces", "space-1", &space()).await;
        let key = "doc-1";
        let first = keyed_post(&ana, "/api/v1/documents", key, &document("One")).await;
        assert_eq!(first.0, 201, "{}", first.2);
        let other = keyed_post(&ana, "/api/v1/documents", key, &document("Two")).await;
        assert_eq!((other.0, code(&other.2)), (422, "idempotency_key_reused"));
        // The same body on another route is another request too.
        let elsewhere = keyed_post(&ana, "/api/v1/lint", key, &document("One")).await;
        assert_eq!(
            (elsewhere.0, code(&elsewhere.2)),
            (422, "idempotency_key_reused")
        );
        assert_eq!(count(&ana, "/api/v1/documents").await, 1);
        app.stop().await;
    }
);

both_databases!(
    the_same_idempotency_key_from_two_callers_does_not_collide,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let key = "shared-key";
        let body = |slug: &str| json!({"name": "Probe", "slug": slug, "purpose": "discussion"});
        let by_ana = keyed_post(&ana, "/api/v1/spaces", key, &body("ana-probe")).await;
        let by_ben = keyed_post(&ben, "/api/v1/spaces", key, &body("ben-probe")).await;
        assert_eq!((by_ana.0, by_ana.1), (201, false), "{}", by_ana.2);
        assert_eq!((by_ben.0, by_ben.1), (201, false), "{}", by_ben.2);
        assert_eq!(by_ben.2["slug"], "ben-probe");
        app.stop().await;
    }
);

both_databases!(
    an_empty_overlong_or_non_ascii_idempotency_key_is_refused_with_400,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        for key in ["", "\"\"", &"k".repeat(256), "clé"] {
            let (status, _, body) = keyed_post(&ana, "/api/v1/spaces", key, &space()).await;
            assert_eq!(
                (status, code(&body)),
                (400, "bad_request"),
                "key {key:?}: {body}"
            );
        }
        assert_eq!(count(&ana, "/api/v1/spaces").await, 0);
        // The longest key allowed, and the draft's quoted form, are accepted.
        let longest = "k".repeat(255);
        let (status, _, body) = keyed_post(&ana, "/api/v1/spaces", &longest, &space()).await;
        assert_eq!(status, 201, "{body}");
        let quoted = format!("\"{longest}\"");
        let (status, replayed, _) = keyed_post(&ana, "/api/v1/spaces", &quoted, &space()).await;
        assert_eq!(
            (status, replayed),
            (201, true),
            "the quotes are not part of the key"
        );
        app.stop().await;
    }
);

both_databases!(
    a_retry_while_the_first_request_is_still_running_gets_409,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        // Reserve the key exactly as the first request's guard would, and leave it running.
        let key = IdempotencyKey::parse("in-flight").unwrap();
        let body = serde_json::to_vec(&space()).unwrap();
        let print = idempotency::fingerprint("POST", "/api/v1/spaces", None, &body);
        let reserved = idempotency::reserve(&app.app, ana.actor.id, &key, &print)
            .await
            .unwrap();
        assert_eq!(reserved, idempotency::Reservation::Run);
        let retry = keyed_post(&ana, "/api/v1/spaces", "in-flight", &space()).await;
        assert_eq!((retry.0, code(&retry.2)), (409, "idempotency_key_in_use"));
        assert_eq!(count(&ana, "/api/v1/spaces").await, 0, "nothing ran twice");
        // A reservation whose request died with its process is handed on after a while.
        let later = app.app.now() + idempotency::ABANDONED_AFTER;
        app.app.clock().set(later);
        let taken = keyed_post(&ana, "/api/v1/spaces", "in-flight", &space()).await;
        assert_eq!((taken.0, taken.1), (201, false), "{}", taken.2);
        app.stop().await;
    }
);

both_databases!(
    an_idempotency_key_is_forgotten_after_24_hours,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        keyed_post(&ana, "/api/v1/spaces", "space", &space()).await;
        let key = "daily";
        let first = keyed_post(&ana, "/api/v1/documents", key, &document("Day one")).await;
        assert_eq!(first.0, 201, "{}", first.2);
        let later = app.app.now() + jiff::SignedDuration::from_hours(24);
        app.app.clock().set(later);
        let next = keyed_post(&ana, "/api/v1/documents", key, &document("Day two")).await;
        assert_eq!(
            (next.0, next.1),
            (201, false),
            "an expired key is purged: {}",
            next.2
        );
        assert_eq!(count(&ana, "/api/v1/documents").await, 2);
        app.stop().await;
    }
);
