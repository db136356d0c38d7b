//! Slugs derived from titles and names: readable in any script, cut at a word, and numbered
//! without a limit when titles repeat.

use crate::both_databases;
use crate::helpers::TestApp;
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
