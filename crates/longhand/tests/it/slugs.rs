//! Slugs derived from titles and names: readable in any script, cut at a word, and numbered
//! without a limit when titles or names repeat; a slug the user typed is never renumbered.

use crate::both_databases;
use crate::helpers::{TestApp, code};
use longhand_domain::workspace::Role;
use serde_json::json;

async fn create(app: &TestApp, token: &str, title: &str) -> String {
    let doc =
        json!({"space": "notes", "kind": "handbook", "title": title, "body": "## Overview\n\nx\n"});
    let (status, saved) = app
        .api("POST", "/api/v1/documents", Some(token), Some(doc))
        .await;
    assert_eq!(status, 201, "{title}: {saved}");
    saved["document"]["slug"].as_str().unwrap().to_owned()
}

async fn setup(app: &TestApp) -> String {
    let ana = app.member("ana", Role::Admin).await;
    let token = app.token(&ana).await;
    let space = json!({"name": "Notes", "purpose": "discussion"});
    let (status, _) = app
        .api("POST", "/api/v1/spaces", Some(&token), Some(space))
        .await;
    assert_eq!(status, 201);
    token
}

/// The document answers at its slug, and a `[[slug]]` link to it is not reported broken.
async fn reachable(app: &TestApp, token: &str, slug: &str, title: &str) {
    let (status, doc) = app
        .api(
            "GET",
            &format!("/api/v1/documents/{slug}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["document"]["title"], title, "{doc}");
    let lint = json!({"kind": "handbook", "markdown": format!("# Links\n\n## Overview\n\nSee [[{slug}]].\n")});
    let (status, findings) = app
        .api("POST", "/api/v1/lint", Some(token), Some(lint))
        .await;
    assert_eq!(status, 200, "{findings}");
    assert!(!findings.to_string().contains("broken-link"), "{findings}");
}

both_databases!(
    titles_in_any_script_and_long_titles_get_readable_slugs,
    |app: TestApp| async move {
        let token = setup(&app).await;
        let cases = [
            (
                "Переход на новую базу данных",
                "perekhod-na-novuiu-bazu-dannykh",
            ),
            ("週次ミーティングの記録", "zhou-ci-miteingunoji-lu"),
        ];
        for (title, expected) in cases {
            let slug = create(&app, &token, title).await;
            assert_eq!(slug, expected);
            reachable(&app, &token, &slug, title).await;
        }
        let long: String = "Moving the billing service onto its own nodes "
            .repeat(5)
            .chars()
            .take(200)
            .collect();
        let slug = create(&app, &token, &long).await;
        assert!((40..=80).contains(&slug.len()), "{slug}");
        let words = long.to_lowercase().replace(' ', "-");
        assert!(
            words.starts_with(&format!("{slug}-")),
            "cut at a word: {slug}"
        );
        reachable(&app, &token, &slug, &long).await;

        // A space named in Cyrillic gets a readable slug too, instead of a 422.
        let space = json!({"name": "Разработка", "purpose": "discussion"});
        let (status, created) = app
            .api("POST", "/api/v1/spaces", Some(&token), Some(space))
            .await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["slug"], "razrabotka", "{created}");
    }
);

both_databases!(
    a_hundred_and_fifty_documents_with_one_title_are_all_created,
    |app: TestApp| async move {
        let token = setup(&app).await;
        let mut slugs = std::collections::HashSet::new();
        for _ in 0..150 {
            slugs.insert(create(&app, &token, "Ежедневная сводка").await);
        }
        assert_eq!(slugs.len(), 150);
        assert!(slugs.contains("ezhednevnaia-svodka"));
        assert!(
            slugs.contains("ezhednevnaia-svodka-150"),
            "numbered on, past 99"
        );
    }
);

/// Creates a space or team through the API; the status and the slug (or error message).
async fn create_named(
    app: &TestApp,
    token: &str,
    path: &str,
    body: serde_json::Value,
) -> (u16, String) {
    let (status, answer) = app.api("POST", path, Some(token), Some(body)).await;
    let text = match status {
        201 => answer["slug"].as_str().unwrap_or_default(),
        _ => answer["error"]["message"].as_str().unwrap_or_default(),
    };
    if status != 201 {
        assert_eq!(code(&answer), "conflict", "{answer}");
    }
    (status, text.to_owned())
}

both_databases!(
    spaces_named_alike_are_numbered_and_a_typed_slug_that_is_taken_is_a_409,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Admin).await;
        let ben = app.member("ben", Role::Member).await;
        let (ana, ben) = (app.token(&ana).await, app.token(&ben).await);
        let spaces = "/api/v1/spaces";
        let named = |name: &str| json!({"name": name, "purpose": "design"});
        assert_eq!(
            create_named(&app, &ana, spaces, named("Design")).await,
            (201, "design".to_owned())
        );
        // A private space ana cannot see still holds its number: numbering skips it rather
        // than colliding with it.
        let private = json!({"name": "design!", "purpose": "design", "visibility": "private"});
        assert_eq!(
            create_named(&app, &ben, spaces, private).await,
            (201, "design-2".to_owned())
        );
        assert_eq!(
            create_named(&app, &ana, spaces, named("DESIGN")).await,
            (201, "design-3".to_owned())
        );
        let typed = json!({"name": "Other", "slug": "design-2", "purpose": "design"});
        let (status, message) = create_named(&app, &ana, spaces, typed).await;
        assert_eq!(status, 409, "a typed slug is the user's address: {message}");
        assert!(
            message.contains("\"design-2\" is already taken"),
            "{message}"
        );
        let (status, listed) = app.api("GET", spaces, Some(&ana), None).await;
        assert_eq!(status, 200);
        assert_eq!(listed.as_array().map(Vec::len), Some(2), "{listed}");
        app.stop().await;
    }
);

both_databases!(
    teams_named_alike_are_numbered_and_a_typed_slug_that_is_taken_is_a_409,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Admin).await;
        let ana = app.token(&ana).await;
        let teams = "/api/v1/teams";
        for expect in ["platform", "platform-2", "platform-3"] {
            let team = json!({"name": "Platform", "dri": "ana"});
            assert_eq!(
                create_named(&app, &ana, teams, team).await,
                (201, expect.to_owned())
            );
        }
        let typed = json!({"name": "Another", "slug": "platform", "dri": "ana"});
        let (status, message) = create_named(&app, &ana, teams, typed).await;
        assert_eq!(status, 409, "{message}");
        assert!(
            message.contains("\"platform\" is already taken"),
            "{message}"
        );
        app.stop().await;
    }
);
