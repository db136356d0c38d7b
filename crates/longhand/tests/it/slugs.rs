//! Slugs derived from titles and names: readable in any script, cut at a word, and numbered
//! without a limit when titles or names repeat; a slug the user typed is never renumbered.

use crate::both_databases;
use crate::helpers::{TestApp, code};
use crate::stories::Caller;
use longhand_domain::workspace::Role;
use serde_json::json;

async fn create(who: &Caller<'_>, title: &str) -> String {
    let doc =
        json!({"space": "notes", "kind": "handbook", "title": title, "body": "## Overview\n\nx\n"});
    let (status, saved) = who.post("/api/v1/documents", doc).await;
    assert_eq!(status, 201, "{title}: {saved}");
    saved["document"]["slug"].as_str().unwrap().to_owned()
}

/// Ana, an admin, and her space `notes`.
async fn setup(app: &TestApp) -> Caller<'_> {
    let ana = app.signed_in("ana", Role::Admin).await;
    let space = json!({"name": "Notes", "purpose": "discussion"});
    let (status, _) = ana.post("/api/v1/spaces", space).await;
    assert_eq!(status, 201);
    ana
}

/// The document answers at its slug, and a `[[slug]]` link to it is not reported broken.
async fn reachable(who: &Caller<'_>, slug: &str, title: &str) {
    let (status, doc) = who.get(&format!("/api/v1/documents/{slug}")).await;
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["document"]["title"], title, "{doc}");
    let lint = json!({"kind": "handbook", "markdown": format!("# Links\n\n## Overview\n\nSee [[{slug}]].\n")});
    let (status, findings) = who.post("/api/v1/lint", lint).await;
    assert_eq!(status, 200, "{findings}");
    assert!(!findings.to_string().contains("broken-link"), "{findings}");
}

both_databases!(
    titles_in_any_script_and_long_titles_get_readable_slugs,
    |app: TestApp| async move {
        let ana = setup(&app).await;
        let cases = [
            (
                "Переход на новую базу данных",
                "perekhod-na-novuiu-bazu-dannykh",
            ),
            ("週次ミーティングの記録", "zhou-ci-miteingunoji-lu"),
        ];
        for (title, expected) in cases {
            let slug = create(&ana, title).await;
            assert_eq!(slug, expected);
            reachable(&ana, &slug, title).await;
        }
        let long: String = "Moving the billing service onto its own nodes "
            .repeat(5)
            .chars()
            .take(200)
            .collect();
        let slug = create(&ana, &long).await;
        assert!((40..=80).contains(&slug.len()), "{slug}");
        let words = long.to_lowercase().replace(' ', "-");
        assert!(
            words.starts_with(&format!("{slug}-")),
            "cut at a word: {slug}"
        );
        reachable(&ana, &slug, &long).await;

        // A space named in Cyrillic gets a readable slug too, instead of a 422.
        let space = json!({"name": "Разработка", "purpose": "discussion"});
        let (status, created) = ana.post("/api/v1/spaces", space).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["slug"], "razrabotka", "{created}");
    }
);

both_databases!(
    a_hundred_and_fifty_documents_with_one_title_are_all_created,
    |app: TestApp| async move {
        let ana = setup(&app).await;
        let mut slugs = std::collections::HashSet::new();
        for _ in 0..150 {
            slugs.insert(create(&ana, "Ежедневная сводка").await);
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
async fn create_named(who: &Caller<'_>, path: &str, body: serde_json::Value) -> (u16, String) {
    let (status, answer) = who.post(path, body).await;
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
        let ana = app.signed_in("ana", Role::Admin).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let spaces = "/api/v1/spaces";
        let named = |name: &str| json!({"name": name, "purpose": "design"});
        assert_eq!(
            create_named(&ana, spaces, named("Design")).await,
            (201, "design".to_owned())
        );
        // A private space ana cannot see still holds its number: numbering skips it rather
        // than colliding with it.
        let private = json!({"name": "design!", "purpose": "design", "visibility": "private"});
        assert_eq!(
            create_named(&ben, spaces, private).await,
            (201, "design-2".to_owned())
        );
        assert_eq!(
            create_named(&ana, spaces, named("DESIGN")).await,
            (201, "design-3".to_owned())
        );
        let typed = json!({"name": "Other", "slug": "design-2", "purpose": "design"});
        let (status, message) = create_named(&ana, spaces, typed).await;
        assert_eq!(status, 409, "a typed slug is the user's address: {message}");
        assert!(
            message.contains("\"design-2\" is already taken"),
            "{message}"
        );
        let (status, listed) = ana.get(spaces).await;
        assert_eq!(status, 200);
        assert_eq!(listed.as_array().map(Vec::len), Some(2), "{listed}");
        app.stop().await;
    }
);

both_databases!(
    teams_named_alike_are_numbered_and_a_typed_slug_that_is_taken_is_a_409,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Admin).await;
        let teams = "/api/v1/teams";
        for expect in ["platform", "platform-2", "platform-3"] {
            let team = json!({"name": "Platform", "dri": "ana"});
            assert_eq!(
                create_named(&ana, teams, team).await,
                (201, expect.to_owned())
            );
        }
        let typed = json!({"name": "Another", "slug": "platform", "dri": "ana"});
        let (status, message) = create_named(&ana, teams, typed).await;
        assert_eq!(status, 409, "{message}");
        assert!(
            message.contains("\"platform\" is already taken"),
            "{message}"
        );
        app.stop().await;
    }
);
