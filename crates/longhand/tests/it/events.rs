//! The event log: every change is recorded, appends never fork, tampering is detected.

use crate::both_databases;
use crate::helpers::TestApp;
use longhand::ops;
use longhand_domain::workspace::Role;
use serde_json::json;
use sqlx::{AssertSqlSafe, Connection};

both_databases!(
    every_change_is_on_the_chain_and_concurrent_writers_never_fork_it,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Admin).await;
        let token = app.token(&ana).await;
        let mut writers = Vec::new();
        for i in 0..24 {
            let (url, token) = (app.url.clone(), token.clone());
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
        let (status, events) = app
            .api("GET", "/api/v1/events?limit=500", Some(&token), None)
            .await;
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
        let (_, head) = app
            .api("GET", "/api/v1/events/head", Some(&token), None)
            .await;
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
