//! Control characters in typed text are refused the same way on both databases: a NUL is a
//! 422 naming the field, never a 500 on PostgreSQL or a silent success on SQLite.

use crate::both_databases;
use crate::helpers::{TestApp, code};
use crate::stories::Caller;
use longhand_domain::workspace::Role;
use serde_json::{Value, json};

const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:sync@example.org\r\nSUMMARY:Sync\u{0}\r\nDTSTART:20260302T090000Z\r\nDURATION:PT30M\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

fn doc(title: &str, intent: &str, body: &str) -> Value {
    json!({"space": "notes", "kind": "handbook", "title": title, "intent": intent, "body": body})
}

/// Sends `body` and expects a 422 whose message names `field` and the character.
async fn refused(who: &Caller<'_>, method: &str, path: &str, body: Value, field: &str) {
    let (status, answer) = who.send(method, path, Some(body)).await;
    assert_eq!(status, 422, "{path} {field}: {answer}");
    assert_eq!(code(&answer), "invalid", "{answer}");
    let message = answer["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(&format!("the {field} contains")),
        "{field}: {message}"
    );
}

both_databases!(
    nul_in_any_typed_field_is_a_422_on_both_databases,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Admin).await;
        app.member("ben", Role::Member).await;
        let ana = app.signed_in_as(ana).await;
        let notes = json!({"name": "Notes", "purpose": "discussion"});
        let (status, _) = ana.post("/api/v1/spaces", notes).await;
        assert_eq!(status, 201);
        let body = "## Overview\n\nx\n";
        let docs = "/api/v1/documents";
        refused(&ana, "POST", docs, doc("A\u{0}B", "", body), "title").await;
        refused(&ana, "POST", docs, doc("Tab\tin title", "", body), "title").await;
        refused(&ana, "POST", docs, doc("Plan", "why\u{0}", body), "intent").await;
        let nul_body = "## Overview\n\nnul \u{0} here\n";
        refused(&ana, "POST", docs, doc("Plan", "", nul_body), "body").await;

        let (status, created) = ana.post(docs, doc("Plan", "Why\n\tindented", body)).await;
        assert_eq!(
            status, 201,
            "tabs and line breaks stay allowed in text: {created}"
        );
        let slug = created["document"]["slug"].as_str().unwrap().to_owned();
        let revise = json!({"base_revision": 1, "title": "Plan", "body": "## Overview\n\n\u{0}\n"});
        refused(&ana, "PUT", &format!("{docs}/{slug}"), revise, "body").await;
        let tags = json!({"base_revision": 1, "title": "Plan", "tags": ["ops\u{0}"], "body": body});
        refused(&ana, "PUT", &format!("{docs}/{slug}"), tags, "tag").await;

        let threads = format!("{docs}/{slug}/threads");
        let thread = json!({"body": "hello\u{0}"});
        refused(&ana, "POST", &threads, thread, "comment").await;
        let (status, thread) = ana.post(&threads, json!({"body": "fine"})).await;
        assert_eq!(status, 201, "{thread}");
        let id = thread["thread"]["id"].as_i64().unwrap();
        let reply = json!({"body": "\u{0}"});
        refused(
            &ana,
            "POST",
            &format!("/api/v1/threads/{id}/comments"),
            reply,
            "comment",
        )
        .await;
        let topic = json!({"title": "Topic\u{0}", "body": "x"});
        refused(
            &ana,
            "POST",
            "/api/v1/spaces/notes/threads",
            topic,
            "thread title",
        )
        .await;

        let ask =
            json!({"to": "ben", "kind": "answer", "urgency": "normal", "title": "Which\u{0}?"});
        refused(&ana, "POST", "/api/v1/asks", ask, "title").await;
        let ask = json!({"to": "ben", "kind": "answer", "urgency": "normal", "title": "Which?", "body": "\u{0}"});
        refused(&ana, "POST", "/api/v1/asks", ask, "body").await;

        let upload = json!({"name": "team.ics", "ics": CALENDAR});
        refused(
            &ana,
            "POST",
            "/api/v1/meetings/calendars",
            upload,
            "calendar team.ics",
        )
        .await;
        let space = json!({"name": "Ops", "purpose": "discussion", "description": "\u{0}"});
        refused(&ana, "POST", "/api/v1/spaces", space, "description").await;

        let name = json!({"name": "Ana\u{0}"});
        refused(&ana, "PATCH", "/api/v1/me", name, "name").await;

        // Nothing refused was stored: one space, one document, one thread, no ask or calendar.
        let (_, events) = ana.get("/api/v1/events?limit=100").await;
        let kinds: Vec<&str> = events
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["kind"].as_str())
            .collect();
        let count = |prefix: &str| kinds.iter().filter(|k| k.starts_with(prefix)).count();
        assert_eq!(
            (
                count("space."),
                count("document."),
                count("thread."),
                count("ask"),
                count("meetings.")
            ),
            (1, 1, 1, 0, 0),
            "{kinds:?}"
        );
    }
);

both_databases!(
    a_polled_feed_with_nul_fails_with_a_message_on_both_databases,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let route = axum::routing::get(|| async { CALENDAR.to_owned() });
        let router = axum::Router::new().route("/ana.ics", route);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/ana.ics", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        let path = "/api/v1/me/calendar-feed";
        let (status, feed) = ana.put(path, json!({"url": url})).await;
        assert_eq!(status, 200, "{feed}");
        assert_eq!(app.run_due_jobs().await, 1);
        let (_, feed) = ana.get(path).await;
        assert_eq!(feed["status"], "failing", "{feed}");
        let error = feed["last_error"].as_str().unwrap_or_default();
        assert!(
            error.contains("the feed contains a NUL character"),
            "{feed}"
        );
    }
);
