//! Nothing a client sends may crash the server: Markdown nested past the budget is refused
//! with a 422 in the API's error shape (lint, documents, comments, asks), the web editor shows
//! the same sentence, deeply nested JSON bodies are refused, and the server keeps answering
//! afterwards. Before the budget, one 10 KB line of `>` overflowed a worker's stack and aborted
//! the process for everyone.

use crate::both_databases;
use crate::browser::{Browser, get_raw, post_raw, with_password};
use crate::helpers::{TestApp, code};
use longhand_domain::workspace::{Role, Visibility};
use serde_json::{Value, json};

/// Ten thousand nested quotes: 10 KB of Markdown.
fn quote_bomb() -> String {
    format!("{} deep\n", ">".repeat(10_000))
}

/// Asserts a 422 `invalid` whose message names the nesting budget.
fn assert_too_deep(status: u16, body: &Value) {
    assert_eq!((status, code(body)), (422, "invalid"), "{body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("more than 64 levels deep"), "{message}");
}

fn handbook_page(title: &str, body: &str) -> Value {
    json!({"space": "design", "kind": "handbook", "title": title,
           "intent": "Say how we deploy", "body": body})
}

both_databases!(
    a_quote_bomb_at_the_lint_api_is_a_422_and_the_server_still_answers,
    |app: TestApp| async move {
        let guest = app.signed_in("gus", Role::Guest).await;
        let bomb = json!({"markdown": quote_bomb()});
        let (status, body) = guest.post("/api/v1/lint", bomb).await;
        assert_too_deep(status, &body);
        let fine = json!({"markdown": "> one\n>> two\n"});
        let (status, body) = guest.post("/api/v1/lint", fine).await;
        assert_eq!(status, 200, "{body}");
        app.stop().await;
    }
);

both_databases!(
    deep_markdown_in_documents_comments_and_asks_is_refused_with_422,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Member).await;
        app.member("ben", Role::Member).await;
        app.space(&ana, "design", Visibility::Workspace).await;
        let ana = app.signed_in_as(ana).await;
        let bomb = quote_bomb();

        let (status, body) = ana
            .post("/api/v1/documents", handbook_page("Deploys", &bomb))
            .await;
        assert_too_deep(status, &body);

        let page = handbook_page("Deploys", "## Overview\n\nWe deploy on Tuesdays.\n");
        let (status, saved) = ana.post("/api/v1/documents", page).await;
        assert_eq!(status, 201, "{saved}");
        let slug = saved["document"]["slug"].as_str().unwrap().to_owned();

        let thread = json!({"body": bomb});
        let path = format!("/api/v1/documents/{slug}/threads");
        let (status, body) = ana.post(&path, thread).await;
        assert_too_deep(status, &body);

        let ask = json!({"to": "ben", "kind": "answer", "urgency": "urgent",
                         "title": "Which region?", "body": bomb});
        let (status, body) = ana.post("/api/v1/asks", ask).await;
        assert_too_deep(status, &body);

        // Nothing was written, and the server still serves the page that was.
        let (status, doc) = ana.get(&format!("/api/v1/documents/{slug}")).await;
        assert_eq!(status, 200, "{doc}");
        app.stop().await;
    }
);

both_databases!(
    deeply_nested_json_bodies_are_refused_not_a_crash,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Admin).await;
        let deep =
            |open: &str, close: &str| format!("{}{}", open.repeat(100_000), close.repeat(100_000));
        let bodies = [
            (
                "PATCH",
                "/api/v1/me".to_owned(),
                format!("{{\"calendar\": {}}}", deep("[", "]")),
            ),
            (
                "PATCH",
                "/api/v1/me".to_owned(),
                format!("{{\"calendar\": {}}}", deep("{\"a\":", "}")),
            ),
            (
                "PUT",
                "/api/v1/teams/core/charter".to_owned(),
                format!("{{\"levels\": {}}}", deep("[", "]")),
            ),
            ("POST", "/api/v1/lint".to_owned(), deep("[", "]")),
        ];
        for (method, path, body) in bodies {
            let (status, answer) = app
                .raw(
                    method,
                    &path,
                    &ana.token,
                    "application/json",
                    body.into_bytes(),
                )
                .await;
            assert!(
                (400..500).contains(&status) && answer["error"]["code"].is_string(),
                "{method} {path}: {status} {answer}"
            );
        }
        let (status, me) = ana.get("/api/v1/me").await;
        assert_eq!(status, 200, "{me}");
        app.stop().await;
    }
);

/// A browser signed in with a password, who owns the space `design`, and the CSRF token of
/// its session.
async fn signed_in_browser(app: &TestApp, handle: &str) -> (reqwest::Client, String) {
    let actor = with_password(app, handle, "Deep Writer", Role::Member).await;
    app.space(&actor, "design", Visibility::Workspace).await;
    let browser = Browser::log_in(app, actor).await;
    let token = browser.form_token("/docs/new?space=design").await;
    (browser.client, token)
}

both_databases!(
    the_editor_shows_a_readable_error_for_a_quote_bomb,
    |app: TestApp| async move {
        let (client, csrf) = signed_in_browser(&app, "wes").await;
        let bomb = quote_bomb();
        let form = [
            ("csrf", csrf.as_str()),
            ("space", "design"),
            ("kind", "handbook"),
            ("title", "Deploys"),
            ("intent", "Say how we deploy"),
            ("body", bomb.as_str()),
        ];
        for path in ["/docs", "/docs/lint"] {
            let response = post_raw(&app, &client, path, &form).await;
            let status = response.status().as_u16();
            let html = response.text().await.unwrap();
            assert!(status < 500, "{path}: {status}");
            assert!(html.contains("more than 64 levels deep"), "{path}: {html}");
        }
        let home = get_raw(&app, &client, "/docs").await;
        assert_eq!(home.status(), 200);
        app.stop().await;
    }
);

#[test]
fn the_icalendar_crate_uses_the_same_nesting_budget() {
    assert_eq!(
        longhand_ical::MAX_NESTING,
        longhand_domain::nesting::MAX_NESTING
    );
}
