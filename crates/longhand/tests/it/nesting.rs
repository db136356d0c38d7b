//! Nothing a client sends may crash the server: Markdown nested past the budget is refused
//! with a 422 in the API's error shape (lint, documents, comments, asks), the web editor shows
//! the same sentence, deeply nested JSON bodies are refused, and the server keeps answering
//! afterwards. Before the budget, one 10 KB line of `>` overflowed a worker's stack and aborted
//! the process for everyone.

use crate::both_databases;
use crate::browser::csrf as csrf_of;
use crate::helpers::{TestApp, code};
use longhand_core::ops;
use longhand_domain::names::DisplayName;
use longhand_domain::workspace::{Role, SpacePurpose, Visibility};
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

async fn design_space(app: &TestApp, owner: &ops::Actor) {
    let input = ops::spaces::SpaceInput {
        name: DisplayName::parse("design").unwrap(),
        slug: None,
        description: String::new(),
        purpose: SpacePurpose::Design,
        visibility: Visibility::Workspace,
        noise: None,
    };
    ops::spaces::create(&app.app, owner, input).await.unwrap();
}

fn handbook_page(title: &str, body: &str) -> Value {
    json!({"space": "design", "kind": "handbook", "title": title,
           "intent": "Say how we deploy", "body": body})
}

both_databases!(
    a_quote_bomb_at_the_lint_api_is_a_422_and_the_server_still_answers,
    |app: TestApp| async move {
        let guest = app.member("gus", Role::Guest).await;
        let token = app.token(&guest).await;
        let bomb = json!({"markdown": quote_bomb()});
        let (status, body) = app
            .api("POST", "/api/v1/lint", Some(&token), Some(bomb))
            .await;
        assert_too_deep(status, &body);
        let fine = json!({"markdown": "> one\n>> two\n"});
        let (status, body) = app
            .api("POST", "/api/v1/lint", Some(&token), Some(fine))
            .await;
        assert_eq!(status, 200, "{body}");
        app.stop().await;
    }
);

both_databases!(
    deep_markdown_in_documents_comments_and_asks_is_refused_with_422,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Member).await;
        app.member("ben", Role::Member).await;
        design_space(&app, &ana).await;
        let token = app.token(&ana).await;
        let bomb = quote_bomb();

        let (status, body) = app
            .api(
                "POST",
                "/api/v1/documents",
                Some(&token),
                Some(handbook_page("Deploys", &bomb)),
            )
            .await;
        assert_too_deep(status, &body);

        let page = handbook_page("Deploys", "## Overview\n\nWe deploy on Tuesdays.\n");
        let (status, saved) = app
            .api("POST", "/api/v1/documents", Some(&token), Some(page))
            .await;
        assert_eq!(status, 201, "{saved}");
        let slug = saved["document"]["slug"].as_str().unwrap().to_owned();

        let thread = json!({"body": bomb});
        let path = format!("/api/v1/documents/{slug}/threads");
        let (status, body) = app.api("POST", &path, Some(&token), Some(thread)).await;
        assert_too_deep(status, &body);

        let ask = json!({"to": "ben", "kind": "answer", "urgency": "urgent",
                         "title": "Which region?", "body": bomb});
        let (status, body) = app
            .api("POST", "/api/v1/asks", Some(&token), Some(ask))
            .await;
        assert_too_deep(status, &body);

        // Nothing was written, and the server still serves the page that was.
        let (status, doc) = app
            .api(
                "GET",
                &format!("/api/v1/documents/{slug}"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 200, "{doc}");
        app.stop().await;
    }
);

both_databases!(
    deeply_nested_json_bodies_are_refused_not_a_crash,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Admin).await;
        let token = app.token(&ana).await;
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
                .raw(method, &path, &token, "application/json", body.into_bytes())
                .await;
            assert!(
                (400..500).contains(&status) && answer["error"]["code"].is_string(),
                "{method} {path}: {status} {answer}"
            );
        }
        let (status, me) = app.api("GET", "/api/v1/me", Some(&token), None).await;
        assert_eq!(status, 200, "{me}");
        app.stop().await;
    }
);

/// A browser signed in with a password, and the CSRF token of its session.
async fn signed_in_browser(app: &TestApp, handle: &str) -> (reqwest::Client, String) {
    use longhand_core::ops::auth::{NewAccount, Password};
    use longhand_domain::names::{Email, Handle};
    let account = NewAccount {
        email: Email::parse(&format!("{handle}@example.org")).unwrap(),
        name: DisplayName::parse("Deep Writer").unwrap(),
        handle: Some(Handle::parse(handle).unwrap()),
        role: Role::Member,
        password: Some(Password::parse("a long enough password").unwrap()),
        time_zone: "Europe/Berlin".into(),
    };
    let actor = ops::auth::create_account(&app.app, None, account)
        .await
        .unwrap();
    design_space(app, &actor).await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = page_text(&client, &format!("{}/login", app.url)).await;
    let form = [
        ("email", format!("{handle}@example.org")),
        ("password", "a long enough password".to_owned()),
        ("csrf", csrf_of(&login)),
    ];
    let response = client
        .post(format!("{}/login", app.url))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let editor = page_text(&client, &format!("{}/docs/new?space=design", app.url)).await;
    (client, csrf_of(&editor))
}

async fn page_text(client: &reqwest::Client, url: &str) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
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
            let response = client
                .post(format!("{}{path}", app.url))
                .form(&form)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            let html = response.text().await.unwrap();
            assert!(status < 500, "{path}: {status}");
            assert!(html.contains("more than 64 levels deep"), "{path}: {html}");
        }
        let home = client
            .get(format!("{}/docs", app.url))
            .send()
            .await
            .unwrap();
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
