//! Stories through the JSON API, each on SQLite and PostgreSQL.

use crate::both_databases;
use crate::helpers::{TestApp, code};
use longhand_domain::workspace::Role;
use serde_json::json;

both_databases!(
    a_member_sets_up_their_calendar_and_everyone_sees_it_in_their_zone,
    |app: TestApp| async move {
        let ana = app.signed_in_at("ana", Role::Member, "Asia/Kolkata").await;
        let ben = app.signed_in("ben", Role::Member).await;
        let calendar = json!({
            "time_zone": "Asia/Kolkata",
            "working_hours": {"mon": ["10:00-13:00", "14:00-19:00"], "tue": ["10:00-13:00", "14:00-19:00"], "sat": [], "sun": []},
            "holidays": ["2026-03-10"],
            "time_off": [{"start": "2026-08-03", "end": "2026-08-14"}],
            "focus_blocks": [{"days": ["mon"], "start": "10:00", "end": "12:00"}]
        });
        let (status, me) = ana
            .patch(
                "/api/v1/me",
                json!({"calendar": calendar, "digest_time": "08:30"}),
            )
            .await;
        assert_eq!(status, 200, "{me}");
        assert_eq!(
            me["calendar"]["working_hours"]["mon"],
            json!(["10:00-13:00", "14:00-19:00"])
        );
        assert_eq!(me["calendar"]["working_hours"]["wed"], json!([]));
        assert_eq!(me["digest_time"], "08:30");
        // The fake clock stands at Tuesday 10:00 UTC = 15:30 in Kolkata, which is a holiday.
        assert_eq!(me["local_time"], "2026-03-10T15:30:00+05:30");
        assert_eq!(me["availability"], "holiday");

        let (status, seen) = ben.get("/api/v1/members/ana").await;
        assert_eq!(status, 200);
        assert_eq!(seen["time_zone"], "Asia/Kolkata");
        assert_eq!(seen["calendar"]["holidays"], json!(["2026-03-10"]));
        app.stop().await;
    }
);

both_databases!(
    bad_calendars_get_a_clear_422_and_change_nothing,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let cases = [
            (json!({"time_zone": "Mars/Olympus"}), "unknown time zone"),
            (
                json!({"time_zone": "UTC", "working_hours": {"mon": ["09:00-12:00", "11:00-13:00"]}}),
                "overlaps",
            ),
            (
                json!({"time_zone": "UTC", "working_hours": {"mon": ["9am-5pm"]}}),
                "9am",
            ),
            (
                json!({"time_zone": "UTC", "working_hours": {}}),
                "no working time",
            ),
            (
                json!({"time_zone": "UTC", "working_hours": {"mon": ["09:00-17:00"]}, "time_off": [{"start": "2026-08-14", "end": "2026-08-03"}]}),
                "before",
            ),
            (
                json!({"time_zone": "UTC", "working_hours": {"mon": ["09:00-17:00"]}, "holidays": ["christmas"]}),
                "not a date",
            ),
            (
                json!({"time_zone": "UTC", "working_hours": {"funday": ["09:00-17:00"]}}),
                "unknown weekday",
            ),
        ];
        for (calendar, expected) in cases {
            let (status, body) = ana.patch("/api/v1/me", json!({"calendar": calendar})).await;
            assert_eq!(status, 422, "{calendar} → {body}");
            assert_eq!(code(&body), "invalid");
            let message = body["error"]["message"].as_str().unwrap().to_lowercase();
            assert!(
                message.contains(expected),
                "{calendar}: message {message:?} lacks {expected:?}"
            );
        }
        let (_, me) = ana.get("/api/v1/me").await;
        assert_eq!(
            me["calendar"]["working_hours"]["mon"],
            json!(["09:00-17:00"]),
            "nothing was saved"
        );
        app.stop().await;
    }
);

both_databases!(
    malformed_requests_get_the_error_shape_never_a_5xx,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Admin).await;
        let token = &ana.token;
        let (status, body) = app
            .raw(
                "PATCH",
                "/api/v1/me",
                token,
                "application/json",
                b"{not json".to_vec(),
            )
            .await;
        assert_eq!((status, code(&body)), (400, "bad_request"), "{body}");
        let (status, body) = app
            .raw("PATCH", "/api/v1/me", token, "text/plain", b"{}".to_vec())
            .await;
        assert_eq!(
            (status, code(&body)),
            (415, "unsupported_media_type"),
            "{body}"
        );
        let (status, body) = ana.patch("/api/v1/me", json!({"nmae": "typo"})).await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");
        assert_eq!(app.announce_huge_body("/api/v1/me", token).await, 413);
        let (status, body) = ana.delete("/api/v1/tokens/not-a-number").await;
        assert_eq!((status, code(&body)), (400, "bad_request"), "{body}");
        let (status, body) = ana.get("/api/v1/nowhere").await;
        assert_eq!((status, code(&body)), (404, "not_found"));
        let (status, body) = ana.get("/api/v1/events?limit=lots").await;
        assert_eq!((status, code(&body)), (400, "bad_request"));
        let member = json!({"email": "nope", "name": "X"});
        let (status, body) = ana.post("/api/v1/members", member).await;
        assert_eq!((status, code(&body)), (422, "invalid"));
        let space = json!({"name": "X", "purpose": "gossip"});
        let (status, body) = ana.post("/api/v1/spaces", space).await;
        assert_eq!((status, code(&body)), (422, "invalid"));
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("expected one of")
        );
        app.stop().await;
    }
);

both_databases!(
    teams_have_a_dri_who_manages_them,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        app.member("cy", Role::Member).await;
        let team = json!({"name": "Platform Team", "dri": "ana"});
        let (status, team) = ana.post("/api/v1/teams", team).await;
        assert_eq!(status, 201, "{team}");
        assert_eq!(team["slug"], "platform-team");
        assert_eq!(team["members"][0]["handle"], "ana");
        let add_cy = "/api/v1/teams/platform-team/members/cy";
        let (status, _) = ben.put_empty(add_cy).await;
        assert_eq!(status, 403, "only the DRI or an admin manages the team");
        let (status, team) = ana.put_empty(add_cy).await;
        assert_eq!(status, 200);
        assert_eq!(team["members"].as_array().unwrap().len(), 2);
        let (status, body) = ana.put_empty(add_cy).await;
        assert_eq!((status, code(&body)), (409, "conflict"));
        let (status, body) = ana.delete("/api/v1/teams/platform-team/members/ana").await;
        assert_eq!(
            (status, code(&body)),
            (409, "conflict"),
            "the DRI must hand over first: {body}"
        );
        let (status, team) = ana
            .patch("/api/v1/teams/platform-team", json!({"dri": "cy"}))
            .await;
        assert_eq!((status, team["dri"].as_str()), (200, Some("cy")));
        let taken = json!({"name": "Platform Team", "slug": "platform-team", "dri": "ana"});
        let (status, _) = ana.post("/api/v1/teams", taken).await;
        assert_eq!(status, 409, "a typed slug that is taken is refused");
        let ghosts = json!({"name": "Ghosts", "dri": "nobody"});
        let (status, body) = ana.post("/api/v1/teams", ghosts).await;
        assert_eq!((status, code(&body)), (404, "not_found"));
        app.stop().await;
    }
);

both_databases!(
    private_spaces_stay_invisible_until_you_are_added,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Admin).await;
        let body =
            json!({"name": "Hiring Panel", "purpose": "discussion", "visibility": "private"});
        let (status, space) = ana.post("/api/v1/spaces", body).await;
        assert_eq!(status, 201, "{space}");
        assert_eq!(
            (space["your_role"].as_str(), space["noise"].as_str()),
            (Some("admin"), Some("digest"))
        );

        let (_, list) = ben.get("/api/v1/spaces").await;
        assert!(
            list.as_array().unwrap().is_empty(),
            "even a workspace admin does not see it: {list}"
        );
        for (method, path) in [
            ("GET", "/api/v1/spaces/hiring-panel"),
            ("POST", "/api/v1/spaces/hiring-panel/join"),
            ("PATCH", "/api/v1/spaces/hiring-panel"),
        ] {
            let (status, body) = ben.send(method, path, Some(json!({}))).await;
            assert_eq!((status, code(&body)), (404, "not_found"), "{method} {path}");
        }
        let (status, _) = ana
            .put_empty("/api/v1/spaces/hiring-panel/members/ben")
            .await;
        assert_eq!(status, 200);
        let (_, list) = ben.get("/api/v1/spaces").await;
        assert_eq!(list[0]["slug"], "hiring-panel");
        let (status, _) = ben.post_empty("/api/v1/spaces/hiring-panel/leave").await;
        assert_eq!(
            status, 204,
            "leaving a private space leaves nothing to show"
        );
        let (status, _) = ben.get("/api/v1/spaces/hiring-panel").await;
        assert_eq!(status, 404);
        app.stop().await;
    }
);

both_databases!(
    tokens_are_shown_once_and_stop_working_when_revoked,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let (status, issued) = ana.post("/api/v1/tokens", json!({"name": "CI"})).await;
        assert_eq!(status, 201);
        let secret = issued["token"].as_str().unwrap().to_owned();
        assert!(secret.starts_with("lh_") && secret.len() > 40);
        let (_, list) = app.api("GET", "/api/v1/tokens", Some(&secret), None).await;
        assert!(
            list.to_string().find(&secret).is_none(),
            "listing never shows secrets"
        );
        assert_eq!(list.as_array().unwrap().len(), 2);
        let id = issued["id"].as_i64().unwrap();
        let (status, _) = ana.delete(&format!("/api/v1/tokens/{id}")).await;
        assert_eq!(status, 204);
        let (status, body) = app.api("GET", "/api/v1/me", Some(&secret), None).await;
        assert_eq!((status, code(&body)), (401, "unauthenticated"));
        let (status, _) = ana.get("/api/v1/me").await;
        assert_eq!(status, 200, "the other token still works");
        app.stop().await;
    }
);

both_databases!(
    the_last_admin_cannot_be_demoted_and_deactivated_people_lose_access,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Admin).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let demote = json!({"role": "member"});
        let (status, body) = ana.patch("/api/v1/members/ana", demote).await;
        assert_eq!((status, code(&body)), (409, "conflict"));
        let deactivate = json!({"active": false});
        let (status, body) = ana.patch("/api/v1/members/ben", deactivate).await;
        assert_eq!((status, body["active"].as_bool()), (200, Some(false)));
        let (status, _) = ben.get("/api/v1/me").await;
        assert_eq!(status, 401, "a deactivated person's tokens stop working");
        app.stop().await;
    }
);

both_databases!(
    the_openapi_document_lists_every_route,
    |app: TestApp| async move {
        let (status, doc) = app.api("GET", "/api/openapi.json", None, None).await;
        assert_eq!(status, 200);
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        let paths = doc["paths"].as_object().unwrap();
        for path in [
            "/api/v1/me",
            "/api/v1/members/{handle}",
            "/api/v1/teams/{slug}/members/{handle}",
            "/api/v1/spaces/{slug}/join",
            "/api/v1/tokens/{id}",
            "/api/v1/events/head",
        ] {
            assert!(
                paths.contains_key(path),
                "{path} is missing from the OpenAPI document"
            );
        }
        assert!(doc.pointer("/components/schemas/CalendarJson").is_some());
        assert!(doc.pointer("/components/securitySchemes/bearer").is_some());
        app.stop().await;
    }
);

both_databases!(
    the_lint_endpoint_reports_findings_with_positions,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let doc =
            "---\nkind: rfc\ntitle: Retry policy\n---\n\n# Retry policy\n\nWe should retry.\n";
        let (status, body) = ana.post("/api/v1/lint", json!({"markdown": doc})).await;
        assert_eq!(status, 200, "{body}");
        assert!(
            body["errors"].as_u64().unwrap() > 0,
            "an RFC without intent or owner has errors: {body}"
        );
        let findings = body["findings"].as_array().unwrap();
        let owner = findings
            .iter()
            .find(|f| f["rule"] == "owner")
            .expect("the missing owner is reported");
        assert_eq!(
            (owner["severity"].as_str(), owner["line"].as_u64()),
            (Some("error"), Some(1))
        );
        assert!(!owner["hint"].as_str().unwrap().is_empty());
        let memo = json!({"markdown": doc, "kind": "memo"});
        let (status, body) = ana.post("/api/v1/lint", memo).await;
        assert_eq!((status, code(&body)), (422, "invalid"));
        let (status, _) = app
            .api("POST", "/api/v1/lint", None, Some(json!({"markdown": doc})))
            .await;
        assert_eq!(status, 401);
        app.stop().await;
    }
);

both_databases!(
    every_routed_api_operation_is_documented_and_refuses_strangers_in_the_error_shape,
    |app: TestApp| async move {
        let (_, doc) = app.api("GET", "/api/openapi.json", None, None).await;
        for (method, path) in longhand_web::routes::api_operations() {
            assert!(
                doc["paths"][path].get(method).is_some(),
                "{method} {path} is routed but not in the OpenAPI document"
            );
            let concrete = path.replace("{slug}", "design").replace("{handle}", "ana");
            let concrete = concrete.replace("{id}", "1").replace("{number}", "1");
            let concrete = concrete.replace("{key}", "uid-1");
            let verb = method.to_ascii_uppercase();
            let (status, body) = app.api(&verb, &concrete, None, None).await;
            assert_eq!(
                (status, code(&body)),
                (401, "unauthenticated"),
                "{verb} {concrete}: {body}"
            );
        }
        app.stop().await;
    }
);
