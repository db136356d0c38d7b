//! Delivery channels end to end: members' channels through the API, webhook deliveries to a
//! real receiver (down for a while, then back: each message exactly once; signatures checked
//! by the reference Standard Webhooks library), dead deliveries retried by an admin, and
//! email without an SMTP server failing with a reason.

use crate::both_databases;
use crate::browser::{Browser, csrf};
use crate::helpers::{TestApp, code};
use crate::notify_support::{Receiver, python, verify_with_reference};
use jiff::SignedDuration;
use longhand_core::ops::deliveries::{self, Delivery, Outgoing};
use longhand_core::outbound::OutboundConfig;
use longhand_core::worker;
use longhand_domain::workspace::Role;
use serde_json::{Value, json};

/// An urgent message about ask `n`.
pub fn urgent(n: i64) -> Outgoing {
    Outgoing {
        class: Delivery::Urgent,
        subject: format!("Review requested: RFC {n}"),
        text: format!("Ana asks you to review RFC {n}.\nDue Thursday 17:00 your time."),
        html: None,
        link: format!("/asks/{n}"),
        thread: format!("ask:{n}"),
        key: format!("notification:{n}"),
    }
}

fn public(app: &TestApp) {
    let config = OutboundConfig::new(Some("https://longhand.example.com"), None, None).unwrap();
    app.app.set_outbound(config);
}

both_databases!(
    members_add_change_and_remove_their_channels_and_events_never_hold_a_secret,
    |app: TestApp| async move {
        let ada = app.signed_in("ada", Role::Admin).await;
        let mel = app.signed_in("mel", Role::Member).await;
        let oli = app.signed_in("oli", Role::Member).await;
        let (status, body) = mel.get("/api/v1/me/channels").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body, json!({"items": [], "email_available": false}));

        let (status, email) = mel
            .post("/api/v1/me/channels", json!({"kind": "email"}))
            .await;
        assert_eq!(status, 201, "{email}");
        assert_eq!(email["channel"]["target"], "mel@example.org", "own address");
        assert_eq!(email["secret"], Value::Null);
        let hook = json!({"kind": "webhook", "target": "https://hooks.example.com/T0/secret-path", "digest": false});
        let (status, added) = mel.post("/api/v1/me/channels", hook).await;
        assert_eq!(status, 201, "{added}");
        let secret = added["secret"].as_str().unwrap();
        assert!(
            secret.starts_with("whsec_") && secret.len() > 40,
            "{secret}"
        );
        let channel = &added["channel"];
        assert_eq!(
            (channel["urgent"].as_bool(), channel["digest"].as_bool()),
            (Some(true), Some(false))
        );

        for (bad, why) in [
            (
                json!({"kind": "webhook", "target": "ftp://hooks.example.com/x"}),
                "http:// or https://",
            ),
            (
                json!({"kind": "slack", "target": "javascript:alert(1)"}),
                "http:// or https://",
            ),
            (
                json!({"kind": "webhook", "target": "hooks.example.com"}),
                "is not a URL",
            ),
            (json!({"kind": "slack"}), "needs its URL"),
            (
                json!({"kind": "email", "target": "not an address"}),
                "email",
            ),
            (
                json!({"kind": "sms", "target": "+49 30 1234"}),
                "email, slack or webhook",
            ),
        ] {
            let (status, body) = mel.post("/api/v1/me/channels", bad.clone()).await;
            assert_eq!((status, code(&body)), (422, "invalid"), "{bad}: {body}");
            let message = body["error"]["message"].as_str().unwrap();
            assert!(message.contains(why), "{bad}: {message}");
        }

        let (_, list) = mel.get("/api/v1/me/channels").await;
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert!(
            !list.to_string().contains("whsec_"),
            "the secret is shown once: {list}"
        );

        let id = channel["id"].as_i64().unwrap();
        let path = format!("/api/v1/me/channels/{id}");
        let (status, paused) = mel.patch(&path, json!({"paused": true})).await;
        assert_eq!(
            (status, paused["paused"].as_bool()),
            (200, Some(true)),
            "{paused}"
        );
        assert!(paused["paused_at"].as_str().is_some());
        let (status, body) = oli.patch(&path, json!({"paused": false})).await;
        assert_eq!(
            (status, code(&body)),
            (404, "not_found"),
            "not oli's channel"
        );
        let (status, body) = oli.delete(&path).await;
        assert_eq!(status, 404, "{body}");
        let (status, resumed) = mel
            .patch(&path, json!({"paused": false, "digest": true}))
            .await;
        assert_eq!(
            (
                status,
                resumed["paused"].as_bool(),
                resumed["digest"].as_bool()
            ),
            (200, Some(false), Some(true))
        );
        let (status, _) = mel.delete(&path).await;
        assert_eq!(status, 204);
        let (status, _) = mel.delete(&path).await;
        assert_eq!(status, 404, "removed already");
        let (_, list) = mel.get("/api/v1/me/channels").await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1);

        let mut events = Vec::new();
        for kind in ["channel.added", "channel.changed", "channel.removed"] {
            events.extend(app.events_of(&ada.actor, kind).await);
        }
        assert_eq!(events.len(), 2 + 2 + 1, "{events:?}");
        let text = serde_json::to_string(&events).unwrap();
        assert!(
            !text.contains("whsec_") && !text.contains("secret-path"),
            "{text}"
        );
        assert!(text.contains("https://hooks.example.com"), "{text}");
        app.stop().await;
    }
);

both_databases!(
    webhook_deliveries_arrive_exactly_once_after_the_receiver_comes_back_and_verify_with_the_reference_library,
    |app: TestApp| async move {
        public(&app);
        let receiver = Receiver::start().await;
        let ada = app.signed_in("ada", Role::Admin).await;
        let mel = app.signed_in("mel", Role::Member).await;
        let hook = json!({"kind": "webhook", "target": receiver.url, "digest": false});
        let (_, added) = mel.post("/api/v1/me/channels", hook).await;
        let secret = added["secret"].as_str().unwrap().to_owned();
        let digests_only = json!({"kind": "slack", "target": format!("{}?slack", receiver.url), "urgent": false});
        assert_eq!(mel.post("/api/v1/me/channels", digests_only).await.0, 201);

        receiver.set_down(true);
        for n in 1..=3 {
            let queued = deliveries::send(&app.app, mel.actor.id, &urgent(n)).await.unwrap();
            assert_eq!(queued, 1, "urgent goes to the webhook, not the digest-only hook");
        }
        let again = deliveries::send(&app.app, mel.actor.id, &urgent(1)).await.unwrap();
        assert_eq!(again, 0, "the same key for the same member queues nothing new");

        assert_eq!(app.run_due_jobs().await, 3);
        assert_eq!((receiver.requests().len(), receiver.accepted().len()), (3, 0));
        let (status, failed) = ada.get("/api/v1/admin/deliveries").await;
        assert_eq!(status, 200, "{failed}");
        let items = failed["items"].as_array().unwrap();
        assert_eq!(items.len(), 3, "{failed}");
        for item in items {
            assert_eq!((item["state"].as_str(), item["attempts"].as_i64()), (Some("pending"), Some(1)));
            let error = item["last_error"].as_str().unwrap();
            assert!(error.contains("answered HTTP 503"), "{error}");
            let target = item["target"].as_str().unwrap();
            assert!(!target.contains("/hooks"), "only scheme and host: {target}");
        }

        // Still down at the first retry (30 s of backoff), back before the second (60 s).
        app.clock_forward(SignedDuration::from_secs(31));
        assert_eq!(app.run_due_jobs().await, 3);
        assert!(receiver.accepted().is_empty());
        receiver.set_down(false);
        app.clock_forward(SignedDuration::from_secs(30));
        assert_eq!(app.run_due_jobs().await, 0, "not before its backoff");
        app.clock_forward(SignedDuration::from_secs(31));
        assert_eq!(app.run_due_jobs().await, 3);
        app.clock_forward(SignedDuration::from_hours(3));
        assert_eq!(app.run_due_jobs().await, 0);
        let by_id = receiver.accepted_by_id();
        assert_eq!(by_id.len(), 3, "{by_id:?}");
        assert!(by_id.values().all(|&n| n == 1), "each exactly once: {by_id:?}");
        assert!(by_id.keys().all(|id| id.starts_with("msg_")), "{by_id:?}");
        let (_, failed) = ada.get("/api/v1/admin/deliveries").await;
        assert_eq!(failed["items"], json!([]));

        let accepted = receiver.accepted();
        let first: Value = serde_json::from_str(&accepted[0].body).unwrap();
        assert_eq!(first["type"], "longhand.urgent");
        assert_eq!(first["data"]["link"], "https://longhand.example.com/asks/1");
        assert_eq!(first["data"]["thread"], "ask:1");
        assert_eq!(first["data"]["key"], "notification:1");
        let sent_at = app.app.now().as_second() - 3 * 3600;
        let stamp: i64 = accepted[0].headers["webhook-timestamp"].parse().unwrap();
        assert!((stamp - sent_at).abs() <= 1, "the attempt's time, unix seconds: {stamp}");
        if let Some(python) = python() {
            let out = verify_with_reference(&python, &secret, stamp, &accepted);
            assert!(out.contains("verified 3"), "{out}");
        }

        // A digest goes to the digest-only Slack hook, as mrkdwn with a link.
        let digest = Outgoing {
            class: Delivery::Digest,
            key: "digest:1".to_owned(),
            thread: "digest".to_owned(),
            subject: "Your digest: 2 items".to_owned(),
            link: "/inbox".to_owned(),
            ..urgent(9)
        };
        assert_eq!(deliveries::send(&app.app, mel.actor.id, &digest).await.unwrap(), 1);
        assert_eq!(app.run_due_jobs().await, 1);
        let slack = receiver.accepted().pop().unwrap();
        let body: Value = serde_json::from_str(&slack.body).unwrap();
        let text = body["text"].as_str().unwrap();
        assert!(text.starts_with("*<https://longhand.example.com/inbox|Your digest: 2 items>*\n"), "{text}");
        assert!(!slack.headers.contains_key("webhook-signature"), "Slack hooks are not signed");
        app.stop().await;
    }
);

/// Runs the queue until the only job has failed every attempt it is given.
async fn fail_until_dead(app: &TestApp) {
    for _ in 0..worker::MAX_ATTEMPTS {
        app.clock_forward_minutes(61);
        assert_eq!(app.run_due_jobs().await, 1);
    }
    assert_eq!(worker::dead_count(&app.app).await.unwrap(), 1);
}

both_databases!(
    a_delivery_failing_every_attempt_is_dead_for_admins_to_see_and_retry,
    |app: TestApp| async move {
        let receiver = Receiver::start().await;
        let root = Browser::sign_in(&app, "root", Role::Admin).await;
        let ada = app.signed_in_as(root.actor.clone()).await;
        let mel = app.signed_in("mel", Role::Member).await;
        let hook = json!({"kind": "webhook", "target": receiver.url});
        assert_eq!(mel.post("/api/v1/me/channels", hook).await.0, 201);
        receiver.set_down(true);
        assert_eq!(
            deliveries::send(&app.app, mel.actor.id, &urgent(1))
                .await
                .unwrap(),
            1
        );
        fail_until_dead(&app).await;

        let (_, failed) = ada.get("/api/v1/admin/deliveries").await;
        let item = &failed["items"][0];
        assert_eq!(
            (item["state"].as_str(), item["attempts"].as_i64()),
            (Some("dead"), Some(worker::MAX_ATTEMPTS)),
            "{item}"
        );
        assert!(item["dead_at"].as_str().is_some());
        assert_eq!(item["member"], "mel");
        let id = item["id"].as_i64().unwrap();
        let (_, page) = root.get("/admin").await;
        assert!(
            page.contains("answered HTTP 503"),
            "the error on the admin page"
        );
        let form = format!("action=\"/admin/deliveries/{id}/retry\"");
        assert!(page.contains(&form), "a retry button");

        let retry = format!("/api/v1/admin/deliveries/{id}/retry");
        let (status, body) = mel.post_empty(&retry).await;
        assert_eq!((status, code(&body)), (403, "forbidden"));
        receiver.set_down(false);
        let (status, location) = root
            .post(
                &format!("/admin/deliveries/{id}/retry"),
                &[("csrf", csrf(&page))],
            )
            .await;
        assert_eq!(
            (status, location.as_str()),
            (303, "/admin?ok=delivery-retried#deliveries")
        );
        let (status, body) = ada.post_empty(&retry).await;
        assert_eq!(
            (status, code(&body)),
            (409, "conflict"),
            "not dead any more: {body}"
        );
        assert_eq!(app.run_due_jobs().await, 1, "it runs at once");
        assert_eq!(receiver.accepted().len(), 1);
        let (_, failed) = ada.get("/api/v1/admin/deliveries").await;
        assert_eq!(failed["items"], json!([]));
        assert_eq!(worker::dead_count(&app.app).await.unwrap(), 0);
        let (status, body) = ada
            .post_empty("/api/v1/admin/deliveries/999999/retry")
            .await;
        assert_eq!((status, code(&body)), (404, "not_found"));
        assert_eq!(
            app.events_of(&root.actor, "delivery.retried").await.len(),
            1
        );
        app.stop().await;
    }
);

both_databases!(
    email_without_an_smtp_server_fails_with_a_reason_and_a_paused_channel_gets_nothing,
    |app: TestApp| async move {
        let receiver = Receiver::start().await;
        let ada = app.signed_in("ada", Role::Admin).await;
        let mel = app.signed_in("mel", Role::Member).await;
        assert_eq!(
            mel.post("/api/v1/me/channels", json!({"kind": "email"}))
                .await
                .0,
            201
        );
        let (_, hook) = mel
            .post(
                "/api/v1/me/channels",
                json!({"kind": "webhook", "target": receiver.url}),
            )
            .await;
        assert_eq!(
            deliveries::send(&app.app, mel.actor.id, &urgent(1))
                .await
                .unwrap(),
            2
        );
        let path = format!("/api/v1/me/channels/{}", hook["channel"]["id"]);
        assert_eq!(mel.patch(&path, json!({"paused": true})).await.0, 200);
        assert_eq!(app.run_due_jobs().await, 2);
        assert!(
            receiver.requests().is_empty(),
            "paused after it was queued: not sent"
        );
        let (_, failed) = ada.get("/api/v1/admin/deliveries").await;
        let items = failed["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{failed}");
        assert_eq!(items[0]["kind"], "email");
        let error = items[0]["last_error"].as_str().unwrap();
        assert!(
            error.contains("email is not set up on this server"),
            "{error}"
        );
        assert_eq!(
            deliveries::send(&app.app, mel.actor.id, &urgent(2))
                .await
                .unwrap(),
            1,
            "the paused hook takes nothing new"
        );
        let (_, mine) = mel.get("/api/v1/me/channels").await;
        assert_eq!(mine["email_available"], false);
        app.stop().await;
    }
);

both_databases!(
    the_channels_page_adds_a_webhook_showing_its_secret_once_and_pauses_and_removes_it,
    |app: TestApp| async move {
        let mel = Browser::sign_in(&app, "mel", Role::Member).await;
        let (status, settings) = mel.get("/settings").await;
        assert_eq!(status, 200);
        assert!(
            settings.contains("href=\"/settings/channels\""),
            "linked from settings"
        );
        let (status, page) = mel.get("/settings/channels").await;
        assert_eq!(status, 200);
        assert!(
            page.contains("In-app") && page.contains("no SMTP server set up"),
            "{page}"
        );
        let token = csrf(&page);
        let form = |kind: &str, target: &str| {
            vec![
                ("csrf", token.clone()),
                ("kind", kind.to_owned()),
                ("target", target.to_owned()),
                ("urgent", "1".to_owned()),
            ]
        };
        // The answer to adding a channel is the page itself (with the secret), not a redirect.
        let post = |path: &str, fields: Vec<(&str, String)>| {
            mel.client
                .post(format!("{}{path}", app.url))
                .form(&fields)
                .send()
        };
        let answer = post(
            "/settings/channels",
            form("webhook", "https://hooks.example.com/x"),
        )
        .await
        .unwrap();
        assert_eq!(answer.status(), 200);
        let shown = answer.text().await.unwrap();
        assert!(
            shown.contains("id=\"new-secret\">whsec_"),
            "the secret, once: {shown}"
        );
        let (_, again) = mel.get("/settings/channels").await;
        assert!(!again.contains("whsec_"), "not twice");
        assert!(again.contains("https://hooks.example.com/x"));
        let refused = post(
            "/settings/channels",
            form("slack", "ftp://hooks.example.com"),
        )
        .await
        .unwrap();
        assert_eq!(refused.status(), 422);
        assert!(
            refused
                .text()
                .await
                .unwrap()
                .contains("http:// or https://")
        );

        let id = again
            .split("action=\"/settings/channels/")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_owned();
        let pause = vec![("csrf", token.clone()), ("action", "pause".to_owned())];
        let (status, location) = mel.post(&format!("/settings/channels/{id}"), &pause).await;
        assert_eq!(
            (status, location.as_str()),
            (303, "/settings/channels?ok=channel-saved")
        );
        let (_, paused) = mel.get("/settings/channels").await;
        assert!(
            paused.contains("paused") && paused.contains(">Resume<"),
            "{paused}"
        );
        let remove = vec![("csrf", token.clone())];
        let (status, _) = mel
            .post(&format!("/settings/channels/{id}/remove"), &remove)
            .await;
        assert_eq!(status, 303);
        let (_, gone) = mel.get("/settings/channels").await;
        assert!(!gone.contains("https://hooks.example.com/x"));
        let (status, _) = mel
            .post(&format!("/settings/channels/{id}/remove"), &[])
            .await;
        assert_eq!(status, 403, "forms keep their CSRF token");
        app.stop().await;
    }
);
