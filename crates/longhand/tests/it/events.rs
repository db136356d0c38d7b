//! The event log: every change is recorded, appends never fork, tampering is detected.

use crate::both_databases;
use crate::browser::{Browser, with_password};
use crate::helpers::TestApp;
use crate::stories::Caller;
use longhand_core::ops::{self, Actor};
use longhand_domain::workspace::Role;
use serde_json::json;
use sqlx::{AssertSqlSafe, Connection};

both_databases!(
    every_change_is_on_the_chain_and_concurrent_writers_never_fork_it,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Admin).await;
        let mut writers = Vec::new();
        for i in 0..24 {
            let (url, token) = (app.url.clone(), ana.token.clone());
            writers.push(tokio::spawn(async move {
                let body = json!({"name": format!("Space {i}"), "purpose": "discussion"});
                reqwest::Client::new()
                    .post(format!("{url}/api/v1/spaces"))
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }));
        }
        for writer in writers {
            assert_eq!(writer.await.unwrap(), 201);
        }
        let verified = ops::workspace::verify(&app.app)
            .await
            .unwrap()
            .expect("the chain verifies");
        // 1 member + 1 token + 24 × (space created + creator added) … counted by kind below.
        let (status, events) = ana.get("/api/v1/events?limit=500").await;
        assert_eq!(status, 200);
        let events = events.as_array().unwrap();
        assert_eq!(
            events.len() as i64,
            verified.id,
            "ids are contiguous from 1"
        );
        assert_eq!(
            events
                .iter()
                .filter(|e| e["kind"] == "space.created")
                .count(),
            24
        );
        let ids: Vec<i64> = events.iter().map(|e| e["id"].as_i64().unwrap()).collect();
        assert!(
            ids.windows(2).all(|w| w[0] == w[1] + 1),
            "newest first, no gaps: {ids:?}"
        );
        let (_, head) = ana.get("/api/v1/events/head").await;
        assert_eq!(
            (head["verified"].as_bool(), head["id"].as_i64()),
            (Some(true), Some(verified.id))
        );
        app.stop().await;
    }
);

both_databases!(
    the_log_refuses_edits_and_verify_names_the_first_altered_entry,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Admin).await;
        for name in ["One", "Two", "Three"] {
            let input = ops::teams::TeamInput {
                name: longhand_domain::names::DisplayName::parse(name).unwrap(),
                slug: None,
                description: String::new(),
                dri: longhand_domain::names::Handle::parse("ana").unwrap(),
            };
            ops::teams::create(&app.app, &ana, input).await.unwrap();
        }
        let mut conn = sqlx::AnyConnection::connect(&app.database_url)
            .await
            .unwrap();
        let refused = sqlx::query("UPDATE events SET payload = '{}' WHERE id = 3")
            .execute(&mut conn)
            .await;
        assert!(refused.unwrap_err().to_string().contains("append-only"));
        let refused = sqlx::query("DELETE FROM events WHERE id = 3")
            .execute(&mut conn)
            .await;
        assert!(refused.is_err(), "deletes are refused too");

        // Someone with the database's owner rights drops the guard and edits history.
        let drop_guard = match app.db {
            crate::helpers::Db::Sqlite => "DROP TRIGGER events_no_update",
            crate::helpers::Db::Postgres => "DROP TRIGGER events_no_update_or_delete ON events",
        };
        sqlx::query(AssertSqlSafe(drop_guard))
            .execute(&mut conn)
            .await
            .unwrap();
        sqlx::query("UPDATE events SET payload = '{\"team\":\"forged\"}' WHERE id = 4")
            .execute(&mut conn)
            .await
            .unwrap();
        let broken = ops::workspace::verify(&app.app).await.unwrap().unwrap_err();
        assert_eq!(broken.id, 4);
        assert!(broken.reason.contains("altered"), "{}", broken.reason);
        app.stop().await;
    }
);

/// Names that exist only inside the private space; none may reach an outsider.
const SECRETS: [&str; 6] = [
    "Zephyr Vault",
    "zephyr-vault",
    "Quokka Acquisition",
    "quokka-acquisition",
    "Narwhal pricing",
    "Platypus offsite",
];

/// An admin who signs in with a password, for the page, and over the API.
async fn admin_with_password<'a>(app: &'a TestApp, handle: &str) -> Caller<'a> {
    let admin = with_password(app, handle, "Admin Tester", Role::Admin).await;
    app.signed_in_as(admin).await
}

/// The event-log page as `admin` sees it after signing in.
async fn events_page(app: &TestApp, admin: &Actor) -> String {
    let browser = Browser::log_in(app, admin.clone()).await;
    let (status, page) = browser.get("/admin/events").await;
    assert_eq!(status, 200);
    page
}

/// Fills the private space `zephyr-vault` (as its admin `mia`): a restricted document with
/// a named reader, a topic thread, a planned meeting with an invitee, a custom template; and
/// one open space for contrast.
async fn fill_private_space(mia: &Caller<'_>) {
    let steps = [
        (
            "POST",
            "/api/v1/spaces",
            json!({"name": "Zephyr Vault", "purpose": "design", "visibility": "private"}),
        ),
        (
            "POST",
            "/api/v1/spaces",
            json!({"name": "Open Plaza", "purpose": "discussion"}),
        ),
        ("PUT", "/api/v1/spaces/zephyr-vault/members/sam", json!({})),
        (
            "POST",
            "/api/v1/documents",
            json!({"space": "zephyr-vault", "kind": "handbook", "title": "Quokka Acquisition Plan",
            "classification": "restricted", "body": "## Overview\n\nThe plan.\n"}),
        ),
        (
            "PUT",
            "/api/v1/documents/quokka-acquisition-plan/readers",
            json!({"readers": ["sam"]}),
        ),
        (
            "POST",
            "/api/v1/documents/quokka-acquisition-plan/threads",
            json!({"body": "Is the price right?"}),
        ),
        (
            "POST",
            "/api/v1/spaces/zephyr-vault/threads",
            json!({"title": "Narwhal pricing", "body": "Thoughts?"}),
        ),
        (
            "POST",
            "/api/v1/planned-meetings",
            json!({"title": "Platypus offsite", "space": "zephyr-vault",
            "start": "2026-03-12T10:00:00Z", "minutes": 25, "invited": ["sam"]}),
        ),
    ];
    for (method, path, body) in steps {
        let (status, answer) = mia.send(method, path, Some(body)).await;
        assert!(status < 300, "{method} {path}: {status} {answer}");
    }
}

both_databases!(
    the_event_log_withholds_private_spaces_from_admins_outside_them,
    |app: TestApp| async move {
        let ada = admin_with_password(&app, "ada").await;
        let mia = admin_with_password(&app, "mia").await;
        app.member("sam", Role::Member).await;
        fill_private_space(&mia).await;

        // The outsider: every secret is gone from the API and the page, yet each entry is
        // still listed with its kind and hashes, and events outside the space are whole.
        let (status, outside) = ada.get("/api/v1/events?limit=500").await;
        assert_eq!(status, 200);
        let text = outside.to_string();
        for secret in SECRETS {
            assert!(!text.contains(secret), "the API leaks {secret:?}: {text}");
        }
        let withheld: Vec<&str> = outside
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["withheld"] == true)
            .map(|e| {
                assert!(e["payload"].is_null() && e["hash"].as_str().unwrap().len() == 64);
                e["kind"].as_str().unwrap()
            })
            .collect();
        for kind in [
            "space.created",
            "space.member_added",
            "document.created",
            "document.readers",
            "thread.started",
            "planned_meeting.registered",
        ] {
            assert!(withheld.contains(&kind), "{kind} is withheld: {withheld:?}");
        }
        assert!(
            text.contains("Open Plaza"),
            "events about open spaces stay whole"
        );
        let page = events_page(&app, &ada.actor).await;
        for secret in SECRETS {
            assert!(!page.contains(secret), "the page leaks {secret:?}");
        }
        assert!(page.contains("Withheld") && page.contains("Open Plaza"));

        // A member of the space sees it all, on both surfaces.
        let (_, inside) = mia.get("/api/v1/events?limit=500").await;
        let text = inside.to_string();
        let page = events_page(&app, &mia.actor).await;
        for secret in SECRETS {
            assert!(text.contains(secret), "a member sees {secret:?} in the API");
            assert!(
                page.contains(secret),
                "a member sees {secret:?} on the page"
            );
        }
        assert!(
            inside
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["withheld"] == false)
        );
        let invited = inside
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "planned_meeting.registered")
            .unwrap();
        assert_eq!(invited["payload"]["invited"], json!(["sam"]));

        // Verification runs over the raw chain, whoever asks.
        let verified = ops::workspace::verify(&app.app).await.unwrap().unwrap();
        let (_, head) = ada.get("/api/v1/events/head").await;
        assert_eq!(head["verified"], true);
        assert_eq!(head["id"].as_i64(), Some(verified.id));
        app.stop().await;
    }
);
