//! The HTML forms driven as a browser drives them: load the page, keep every field the form
//! carries (its CSRF token, hidden fields, defaults), change what a person types, submit to
//! the form's action and follow the redirect. Bad input must come back as a readable page.

use crate::both_databases;
use crate::browser::{PASSWORD, cookie_client as browser, with_password};
use crate::helpers::TestApp;
use crate::stories::Caller;
use longhand_domain::workspace::Role;
use serde_json::json;

/// The value of `name="value"` inside one tag, unescaped as a browser reads it.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let end = start + tag[start..].find('"')?;
    Some(unescape(&tag[start..end]))
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#x22;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The fields a browser would submit from the form posting to `action`: inputs (but not
/// buttons or unticked boxes), textareas, and each select's chosen (else first) option.
fn form_fields(html: &str, action: &str) -> Vec<(String, String)> {
    let opening = format!("action=\"{action}\"");
    let start = html
        .find(&opening)
        .unwrap_or_else(|| panic!("no form posts to {action}"));
    let form = &html[start..start + html[start..].find("</form>").unwrap()];
    let mut fields = Vec::new();
    for (at, _) in form.match_indices('<') {
        let tag = &form[at..at + form[at..].find('>').unwrap_or(form.len() - at)];
        let Some(name) = attribute(tag, "name") else {
            continue;
        };
        let kind = attribute(tag, "type").unwrap_or_default();
        if tag.starts_with("<input") {
            let unticked =
                matches!(kind.as_str(), "checkbox" | "radio") && !tag.contains("checked");
            if !matches!(kind.as_str(), "submit" | "button") && !unticked {
                fields.push((name, attribute(tag, "value").unwrap_or_default()));
            }
        } else if tag.starts_with("<textarea") {
            let text = &form[at + tag.len() + 1..];
            fields.push((name, unescape(&text[..text.find("</textarea>").unwrap()])));
        } else if tag.starts_with("<select") {
            let options = &form[at..at + form[at..].find("</select>").unwrap()];
            let chosen = options
                .split("<option")
                .skip(1)
                .find(|option| option.contains(" selected"))
                .or_else(|| options.split("<option").nth(1))
                .and_then(|option| attribute(option, "value"))
                .unwrap_or_default();
            fields.push((name, chosen));
        }
    }
    fields
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    let field = fields
        .iter_mut()
        .find(|(key, _)| key == name)
        .unwrap_or_else(|| panic!("the form has no field {name}"));
    field.1 = value.to_owned();
}

/// The status and page after submitting the form at `page` posting to `action` with
/// `typed` changes; a redirect is followed once, as a browser would.
async fn submit(
    app: &TestApp,
    client: &reqwest::Client,
    page: &str,
    action: &str,
    typed: &[(&str, &str)],
) -> (u16, String) {
    let html = get(app, client, page).await;
    let mut fields = form_fields(&html, action);
    for (name, value) in typed {
        set(&mut fields, name, value);
    }
    post_form(app, client, action, &fields).await
}

async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    action: &str,
    fields: &[(String, String)],
) -> (u16, String) {
    let response = client
        .post(format!("{}{action}", app.url))
        .form(fields)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    if status == 303 {
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        return (status, get(app, client, &location).await);
    }
    (status, response.text().await.unwrap())
}

async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let response = client
        .get(format!("{}{path}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.unwrap()
}

/// A member with a password, signed in through the login form, and over the API too.
async fn signed_in(app: &TestApp) -> (reqwest::Client, Caller<'_>) {
    let ana = with_password(app, "ana", "Ana Tester", Role::Member).await;
    let client = browser();
    let typed = [("email", "ana@example.org"), ("password", PASSWORD)];
    let (status, _) = submit(app, &client, "/login", "/login", &typed).await;
    assert_eq!(status, 303, "signed in");
    (client, app.signed_in_as(ana).await)
}

/// The page shows `message` in an alert, and the request was answered without a server error.
fn readable(what: &str, status: u16, page: &str, message: &str) {
    assert!(status < 500, "{what}: answered {status}");
    let alert = page
        .split("role=\"alert\">")
        .nth(1)
        .unwrap_or_else(|| panic!("{what}: no error shown (status {status})"));
    assert!(alert.contains(message), "{what}: {alert}");
}

both_databases!(
    nul_typed_into_web_forms_is_shown_as_an_error_and_nothing_is_stored,
    |app: TestApp| async move {
        let (client, ana) = signed_in(&app).await;
        let space = json!({"name": "Notes", "purpose": "discussion"});
        let (status, _) = ana.post("/api/v1/spaces", space).await;
        assert_eq!(status, 201);
        let editor = "/docs/new?space=notes&kind=handbook";

        let (status, page) = submit(&app, &client, editor, "/docs", &[("title", "Plan\0B")]).await;
        readable("document title", status, &page, "the title contains");
        let body = "## Overview\n\nnul \0 here\n";
        let typed = [("title", "Plan"), ("body", body)];
        let (status, page) = submit(&app, &client, editor, "/docs", &typed).await;
        readable("document body", status, &page, "the body contains");
        assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 0);

        let doc = json!({"space": "notes", "kind": "handbook", "title": "Plan", "body": "## Overview\n\nx\n"});
        let (status, _) = ana.post("/api/v1/documents", doc).await;
        assert_eq!(status, 201);
        let comment = [("body", "hello\0")];
        let (status, page) =
            submit(&app, &client, "/docs/plan", "/docs/plan/threads", &comment).await;
        readable("new thread", status, &page, "the comment contains");
        let thread = json!({"body": "fine"});
        let (status, thread) = ana.post("/api/v1/documents/plan/threads", thread).await;
        assert_eq!(status, 201, "{thread}");
        let id = thread["thread"]["id"].as_i64().unwrap();
        let (page, reply) = (format!("/threads/{id}"), format!("/threads/{id}/reply"));
        let (status, html) = submit(&app, &client, &page, &reply, &comment).await;
        readable("reply", status, &html, "the comment contains");
        assert_eq!(app.count("SELECT COUNT(*) FROM comments").await, 1);

        // The space form types no slug, so a second "Notes" is numbered instead of refused.
        let (status, _) = submit(
            &app,
            &client,
            "/spaces/new",
            "/spaces",
            &[("name", "Notes")],
        )
        .await;
        assert_eq!(status, 303, "a space named like another is created");
        let (status, space) = ana.get("/api/v1/spaces/notes-2").await;
        assert_eq!(
            (status, space["name"].as_str()),
            (200, Some("Notes")),
            "{space}"
        );

        let name = [("name", "Ana\0Tester")];
        let (status, page) = submit(
            &app,
            &client,
            "/members/ana/edit",
            "/members/ana/edit",
            &name,
        )
        .await;
        readable("display name", status, &page, "the name contains");
        let stored = app
            .count("SELECT COUNT(*) FROM members WHERE name = 'Ana Tester'")
            .await;
        assert_eq!(stored, 1, "the name is unchanged");
        app.stop().await;
    }
);

/// Writes a whole `size`-byte form to `path` over a raw connection, then reads the answer to
/// its end: the status line and page, or how the connection failed.
async fn post_whole_form(app: &TestApp, path: &str, size: usize) -> Result<String, String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {size}\r\n\r\n"
    );
    let mut request = head.into_bytes();
    request.extend(b"name=");
    request.resize(request.len() + size - 5, b'x');
    stream
        .write_all(&request)
        .await
        .map_err(|err| format!("writing the form: {err}"))?;
    let mut answer = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        match stream.read(&mut buffer).await {
            Ok(0) => break,
            Ok(read) => answer.extend_from_slice(&buffer[..read]),
            Err(err) => return Err(format!("reading the answer: {err}")),
        }
        let text = String::from_utf8_lossy(&answer);
        if text.contains("</html>") {
            break;
        }
    }
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

both_databases!(
    an_oversized_form_gets_the_413_page_not_a_connection_reset,
    |app: TestApp| async move {
        // Forms over the 1 MiB limit used to be answered after reading the first MiB; the
        // server then closed the connection with the rest unread, so the kernel reset it and
        // the browser showed "connection reset" instead of the page. Every size is tried a few
        // times because whether the reset beats the page was a race.
        for size in [1024 * 1024 + 100, 3 * 1024 * 1024, 12 * 1024 * 1024] {
            for _ in 0..3 {
                let answer = post_whole_form(&app, "/setup", size).await;
                let page = answer.unwrap_or_else(|err| panic!("{size} bytes: {err}"));
                assert!(page.starts_with("HTTP/1.1 413"), "{size} bytes: {page}");
                assert!(page.contains("the request body is too large"), "{page}");
            }
        }
        app.stop().await;
    }
);

/// The setup form as the first visitor's browser fills it in.
async fn setup_form(app: &TestApp, client: &reqwest::Client, name: &str) -> Vec<(String, String)> {
    let mut fields = form_fields(&get(app, client, "/setup").await, "/setup");
    for (field, value) in [
        ("name", name),
        ("email", "ana@example.org"),
        ("handle", "ana"),
        ("time_zone", "Europe/Berlin"),
        ("password", PASSWORD),
    ] {
        set(&mut fields, field, value);
    }
    fields
}

/// The first visitor sets up the workspace through the form (a NUL in the name is shown back
/// as an error first), lands signed in on the overview, and a second browser that loaded the
/// form meanwhile is told the workspace is already set up.
async fn setup_story(app: TestApp) {
    let (first, late) = (browser(), browser());
    let form = setup_form(&app, &first, "Ana\0Tester").await;
    let (status, page) = post_form(&app, &first, "/setup", &form).await;
    readable("setup name", status, &page, "the name contains");
    assert_eq!(app.count("SELECT COUNT(*) FROM members").await, 0);
    let late_form = setup_form(&app, &late, "Eve").await;
    let form = setup_form(&app, &first, "Ana Tester").await;
    let (status, home) = post_form(&app, &first, "/setup", &form).await;
    assert_eq!(status, 303);
    assert!(home.contains("aria-current=\"page\">Overview"), "{home}");
    let admins = "SELECT COUNT(*) FROM members WHERE role = 'admin'";
    assert_eq!(app.count(admins).await, 1);
    let (status, page) = post_form(&app, &late, "/setup", &late_form).await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("already set up; sign in instead"), "{page}");
    app.stop().await;
}

both_databases!(
    a_fresh_workspace_is_set_up_through_the_web_form,
    setup_story
);
