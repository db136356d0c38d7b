//! Team charters stored by older versions: a charter that today's rules refuse (a target of
//! "0h", which versions before whole-minute targets wrote for "20s") must not turn asks to
//! the team into server errors, and its DRI must still be able to open and fix it.

use crate::both_databases;
use crate::browser::{Browser, csrf, post_raw};
use crate::helpers::{TestApp, code};
use longhand_core::formats::charter_json::CharterJson;
use longhand_domain::asks::Charter;
use longhand_domain::workspace::Role;
use serde_json::{Value, json};

/// Writes a new charter version straight into the `charters` table, as an older release did.
async fn store_charter_as_written_before(app: &TestApp, team: &str, author: i64, body: &Value) {
    sqlx::any::install_default_drivers();
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&app.database_url)
        .await
        .unwrap();
    let row = sqlx::query("SELECT id FROM teams WHERE slug = $1")
        .bind(team)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let team_id: i64 = sqlx::Row::get(&row, 0);
    sqlx::query("INSERT INTO charters (team_id, version, body, author_id, created_at) VALUES ($1, 1, $2, $3, $4)")
        .bind(team_id)
        .bind(body.to_string())
        .bind(author)
        .bind(app.app.now().as_microsecond())
        .execute(&mut conn)
        .await
        .unwrap();
}

/// The charter form as the team page posts it, from a charter's JSON.
fn charter_form(charter: &Value, csrf: String) -> Vec<(String, String)> {
    let mut form = vec![("csrf".to_owned(), csrf)];
    for level in charter["levels"].as_array().unwrap() {
        let key = level["key"].as_str().unwrap();
        let target = level["target"].as_str().unwrap();
        let target = if target == "0h" { "4h" } else { target };
        form.push((format!("target_{key}"), target.to_owned()));
        form.push((
            format!("measure_{key}"),
            level["measure"].as_str().unwrap().to_owned(),
        ));
    }
    form.push(("urgent_budget".into(), "10".into()));
    form.push(("reminder_point".into(), "75".into()));
    form.push(("urgent_definition".into(), "Production is down".into()));
    form.push(("escalation".into(), String::new()));
    form
}

both_databases!(
    a_charter_stored_before_whole_minute_targets_is_a_conflict_to_ask_and_its_dri_can_fix_it,
    |app: TestApp| async move {
        let lead = Browser::sign_in(&app, "lead", Role::Member).await;
        let ana = app.member("ana", Role::Member).await;
        let (lead_api, ana) = (
            app.signed_in_as(lead.actor.clone()).await,
            app.signed_in_as(ana).await,
        );
        lead_api.team("Core", &[]).await;
        let mut old = serde_json::to_value(CharterJson::from_domain(&Charter::standard())).unwrap();
        old["levels"][0]["target"] = json!("0h");
        store_charter_as_written_before(&app, "core", lead.actor.id, &old).await;

        let to_team = json!({"to": "team:core", "kind": "review", "urgency": "normal", "title": "Review the plan"});
        let (status, body) = ana.post("/api/v1/asks", to_team.clone()).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("\"core\"") && message.contains("DRI") && message.contains("@lead"),
            "names the team and who fixes it: {message}"
        );
        // A direct ask to the DRI runs under the same (home-team) charter.
        let to_lead = json!({"to": "lead", "kind": "review", "urgency": "normal", "title": "Review the plan"});
        let (status, body) = ana.post("/api/v1/asks", to_lead).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");

        // The web form says so too, and keeps what was typed.
        let (_, form) = lead.get("/asks/new").await;
        let ask = [
            ("csrf", csrf(&form)),
            ("to", "team:core".to_owned()),
            ("kind", "review".to_owned()),
            ("urgency", "normal".to_owned()),
            ("title", "Review the rollout".to_owned()),
        ];
        let response = post_raw(&app, &lead.client, "/asks", &ask).await;
        assert_eq!(response.status(), 409);
        let html = response.text().await.unwrap();
        assert!(
            html.contains("@lead") && html.contains("Review the rollout"),
            "{html}"
        );

        // The charter still opens, as stored, with what is wrong with it.
        let (status, stored) = lead_api.get("/api/v1/teams/core/charter").await;
        assert_eq!(status, 200, "{stored}");
        assert_eq!(stored["charter"]["levels"][0]["target"], "0h");
        assert_eq!(stored["version"], 1);
        let problem = stored["problem"].as_str().unwrap_or_default();
        assert!(problem.contains("longer than zero"), "{stored}");
        let (status, page) = lead.get("/teams/core").await;
        assert_eq!(status, 200, "{page}");
        assert!(
            page.contains("value=\"0h\""),
            "the editor shows the stored target"
        );
        assert!(
            page.contains("longer than zero"),
            "the page says what to fix"
        );

        // The DRI fixes it in the editor; the team can be asked again.
        let form = charter_form(&stored["charter"], csrf(&page));
        let form: Vec<(&str, String)> = form.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let (status, location) = lead.post("/teams/core/charter", &form).await;
        assert_eq!(
            (status, location.as_str()),
            (303, "/teams/core?ok=charter-saved")
        );
        let (status, fixed) = lead_api.get("/api/v1/teams/core/charter").await;
        assert_eq!(status, 200);
        assert_eq!(
            (
                fixed["version"].as_i64(),
                fixed["charter"]["levels"][0]["target"].as_str()
            ),
            (Some(2), Some("4h"))
        );
        assert!(fixed["problem"].is_null(), "{fixed}");
        let (status, body) = ana.post("/api/v1/asks", to_team).await;
        assert_eq!(status, 201, "{body}");
        app.stop().await;
    }
);
