//! Documents and threads end to end through the JSON API, on both databases: writing from a
//! template behind the lint, revisions and diffs, classification on every read path,
//! mentions, backlinks, anchored threads, elevating, sharing approvals, the handbook and bad
//! input.

use crate::both_databases;
use crate::helpers::{TestApp, code};
use longhand_core::ops;
use longhand_domain::workspace::{Role, Visibility};
use serde_json::{Value, json};

const COMPLETE_RFC: &str = "## TL;DR\n\nCache sessions in Redis.\n\n## Context\n\nLogins hit the database on every request.\n\n## Proposal\n\nA Redis cache with a 30-minute expiry.\n\n## Alternatives considered\n\nDoing nothing; an in-process cache.\n\n## Decision criteria\n\nLatency first, then cost.\n\n## Ask\n\nReview by Friday; this needs a detailed review.\n\n## Open questions\n\nNone yet.\n";

fn rfc(title: &str, body: &str) -> Value {
    json!({"space": "design", "kind": "rfc", "title": title, "intent": "Decide how we cache sessions",
           "fields": {"deadline": "2026-03-20", "reviewers": ["ben"]}, "body": body})
}

/// The kinds of every event so far, read through the API as an admin.
async fn event_kinds(app: &TestApp) -> Vec<String> {
    let auditor = app.signed_in("auditor", Role::Admin).await;
    let (status, events) = auditor.get("/api/v1/events?limit=500").await;
    assert_eq!(status, 200, "{events}");
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect()
}

fn rules(findings: &Value) -> Vec<String> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

both_databases!(
    a_draft_is_linted_published_only_when_complete_and_every_edit_is_kept,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        app.member("ben", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;

        let skeleton = "## Context\n\n_[What is true today.]_\n";
        let (status, saved) = ana
            .post("/api/v1/documents", rfc("Session cache", skeleton))
            .await;
        assert_eq!(status, 201, "{saved}");
        assert_eq!(saved["document"]["slug"], "session-cache");
        assert_eq!(saved["document"]["status"], "draft");
        assert!(
            rules(&saved["findings"]).contains(&"required-section".to_owned()),
            "{saved}"
        );

        let status_path = "/api/v1/documents/session-cache/status";
        let publish = json!({"base_revision": 1, "to": "published"});
        let (status, body) = ana.post(status_path, publish).await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("required-section")
        );

        let path = "/api/v1/documents/session-cache";
        let mut revise = rfc("Session cache", COMPLETE_RFC);
        revise["base_revision"] = json!(1);
        revise.as_object_mut().unwrap().remove("space");
        revise.as_object_mut().unwrap().remove("kind");
        let (status, saved) = ana.put(path, revise.clone()).await;
        assert_eq!(status, 200, "{saved}");
        assert_eq!(saved["document"]["revision"], 2);
        assert!(rules(&saved["findings"]).is_empty(), "{saved}");

        // Someone saving over revision 1 again is told to reload, not allowed to overwrite.
        let (status, body) = ana.put(path, revise.clone()).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");

        let publish = json!({"base_revision": 2, "to": "published"});
        let (status, saved) = ana.post(status_path, publish).await;
        assert_eq!(status, 200, "{saved}");
        assert_eq!(saved["document"]["status"], "published");

        // A published document does not take a revision with lint errors.
        let mut broken = revise.clone();
        broken["base_revision"] = json!(3);
        broken["body"] = json!("## Context\n\nOnly context now.\n");
        let (status, body) = ana.put(path, broken).await;
        assert_eq!(status, 422, "{body}");

        let mut edit = revise;
        edit["base_revision"] = json!(3);
        edit["body"] = json!(COMPLETE_RFC.replace("30-minute", "15-minute"));
        edit["note"] = json!("shorter expiry");
        let (status, _) = ana.put(path, edit).await;
        assert_eq!(status, 200);

        let (_, revisions) = ana.get("/api/v1/documents/session-cache/revisions").await;
        let numbers: Vec<i64> = revisions
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_i64().unwrap())
            .collect();
        assert_eq!(numbers, [4, 3, 2, 1]);
        assert_eq!(revisions[0]["note"], "shorter expiry");
        assert_eq!(revisions[0]["author"], "ana");
        let (_, old) = ana.get("/api/v1/documents/session-cache/revisions/1").await;
        assert_eq!(old["body"], skeleton);

        let (status, diff) = ana
            .get("/api/v1/documents/session-cache/diff?from=3&to=4")
            .await;
        assert_eq!(status, 200, "{diff}");
        assert_eq!(
            (diff["added"].as_u64(), diff["removed"].as_u64()),
            (Some(1), Some(1))
        );
        let changed: Vec<String> = diff["hunks"][0]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|line| line["spans"].as_array().unwrap().clone())
            .filter(|span| span["changed"] == true)
            .map(|span| span["text"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(changed, ["30-minute", "15-minute"], "{diff}");

        let events = event_kinds(&app).await;
        for kind in ["document.created", "document.revised", "document.status"] {
            assert!(
                events.iter().any(|e| e == kind),
                "{kind} missing from {events:?}"
            );
        }
        app.stop().await;
    }
);

fn slugs(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| d["slug"].as_str().unwrap().to_owned())
        .collect()
}

both_databases!(
    classification_decides_every_read_path,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let cy = app.signed_in("cy", Role::Member).await;
        let gia = app.signed_in("gia", Role::Guest).await;
        let root = app.signed_in("root", Role::Admin).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        app.space(&ana.actor, "vault", Visibility::Private).await;
        app.add_to_space(&ana.actor, "design", &["ben", "gia"])
            .await;
        for (title, space_slug, class) in [
            ("Open notes", "design", "public"),
            ("Team notes", "design", "internal"),
            ("Space notes", "design", "confidential"),
            ("Named notes", "design", "restricted"),
            ("Vault notes", "vault", "internal"),
        ] {
            let body = json!({"space": space_slug, "kind": "handbook", "title": title, "classification": class,
                              "body": "## Overview\n\nSee [[hub]].\n"});
            let (status, saved) = ana.post("/api/v1/documents", body).await;
            assert_eq!(status, 201, "{saved}");
        }
        let hub = json!({"space": "design", "kind": "handbook", "title": "Hub", "classification": "public", "body": "## Overview\n\nThe hub.\n"});
        ana.post("/api/v1/documents", hub).await;
        // The links were written before the hub existed; a revision of each note makes them count.
        for slug in [
            "open-notes",
            "team-notes",
            "space-notes",
            "named-notes",
            "vault-notes",
        ] {
            let path = format!("/api/v1/documents/{slug}");
            let (_, doc) = ana.get(&path).await;
            let edit = json!({"base_revision": doc["document"]["revision"], "title": doc["document"]["title"],
                              "body": doc["document"]["body"]});
            let (status, body) = ana.put(&path, edit).await;
            assert_eq!(status, 200, "{body}");
        }
        let readers = json!({"readers": ["ben"]});
        let (status, _) = ana
            .put("/api/v1/documents/named-notes/readers", readers)
            .await;
        assert_eq!(status, 204);

        // Who sees which notes, in the list, one by one, and as backlinks of the hub.
        let expected: [(&str, &[&str]); 5] = [
            (
                "ana",
                &[
                    "open-notes",
                    "team-notes",
                    "space-notes",
                    "named-notes",
                    "vault-notes",
                ],
            ),
            (
                "ben",
                &["open-notes", "team-notes", "space-notes", "named-notes"],
            ),
            ("cy", &["open-notes", "team-notes"]),
            ("gia", &["open-notes", "space-notes"]),
            ("root", &["open-notes", "team-notes"]),
        ];
        let all = [
            "open-notes",
            "team-notes",
            "space-notes",
            "named-notes",
            "vault-notes",
        ];
        let callers = [&ana, &ben, &cy, &gia, &root];
        for (caller, (_, visible)) in callers.into_iter().zip(expected) {
            let who = &caller.actor.handle;
            let (_, list) = caller.get("/api/v1/documents?limit=50").await;
            let listed = slugs(&list);
            for slug in all {
                let should = visible.contains(&slug);
                assert_eq!(
                    listed.contains(&slug.to_owned()),
                    should,
                    "{who} listing {slug}"
                );
                let (status, _) = caller.get(&format!("/api/v1/documents/{slug}")).await;
                assert_eq!(
                    status,
                    if should { 200 } else { 404 },
                    "{who} reading {slug}"
                );
            }
            let (_, hub) = caller.get("/api/v1/documents/hub").await;
            let mut backlinks = slugs(&hub["backlinks"]);
            backlinks.sort();
            let mut wanted: Vec<String> = visible.iter().map(|s| (*s).to_owned()).collect();
            wanted.sort();
            assert_eq!(backlinks, wanted, "{who}'s backlinks");
        }
        app.stop().await;
    }
);

both_databases!(
    mentions_notify_readers_only_and_unknown_handles_are_reported,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.member("ben", Role::Member).await;
        let cy = app.member("cy", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        app.add_to_space(&ana.actor, "design", &["ben"]).await;
        let body = json!({"space": "design", "kind": "handbook", "title": "Runbook", "classification": "confidential",
                          "body": "## Overview\n\nAsk @ben or @cy, not `@code`; @ghost-person is unknown.\n"});
        let (status, saved) = ana.post("/api/v1/documents", body).await;
        assert_eq!(status, 201, "{saved}");
        assert_eq!(saved["unknown_mentions"], json!(["ghost-person"]));

        let ben = app.signed_in_as(ben).await;
        let (_, notes) = ben.get("/api/v1/notifications").await;
        let text = notes.to_string();
        assert!(
            text.contains("Ana Tester mentioned you in Runbook")
                || text.contains("mentioned you in Runbook"),
            "{notes}"
        );
        // Cy is mentioned but may not read a confidential document of a space he is not in.
        let cy = app.signed_in_as(cy).await;
        let (_, notes) = cy.get("/api/v1/notifications").await;
        assert!(!notes.to_string().contains("Runbook"), "{notes}");

        // A comment mention notifies once; an edit that keeps the old mention does not repeat it.
        let thread = json!({"anchor": "overview", "body": "@ben can you check this?"});
        let (status, posted) = ana.post("/api/v1/documents/runbook/threads", thread).await;
        assert_eq!(status, 201, "{posted}");
        let (_, notes) = ben.get("/api/v1/notifications").await;
        let count = notes.to_string().matches("mentioned you").count();
        assert_eq!(count, 2, "{notes}");

        // Restricting the document later hides what the notifications said about it.
        let (_, doc) = ana.get("/api/v1/documents/runbook").await;
        let edit = json!({"base_revision": 1, "title": "Runbook", "classification": "restricted",
                          "body": doc["document"]["body"]});
        let (status, body) = ana.put("/api/v1/documents/runbook", edit).await;
        assert_eq!(status, 200, "{body}");
        let (_, notes) = ben.get("/api/v1/notifications").await;
        assert!(!notes.to_string().contains("Runbook"), "{notes}");
        app.stop().await;
    }
);

both_databases!(
    threads_stay_with_their_section_and_can_be_elevated,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        let body = "## Overview\n\nFirst.\n\n## Rollout\n\nCanary first.\n\n## Risks\n\nNone.\n";
        let doc = json!({"space": "design", "kind": "handbook", "title": "Deploys", "body": body});
        ana.post("/api/v1/documents", doc).await;
        let thread = json!({"anchor": "rollout", "body": "What about rollback?"});
        let (status, posted) = ana.post("/api/v1/documents/deploys/threads", thread).await;
        assert_eq!(status, 201, "{posted}");
        let id = posted["thread"]["id"].as_i64().unwrap();
        assert_eq!(posted["thread"]["section"], "Rollout");
        let thread_path = format!("/api/v1/threads/{id}");

        // Moving the section to the end keeps the thread on it.
        let moved = "## Overview\n\nFirst.\n\n## Risks\n\nNone.\n\n## Rollout\n\nCanary first.\n";
        let edit = json!({"base_revision": 1, "title": "Deploys", "body": moved});
        ana.put("/api/v1/documents/deploys", edit).await;
        let (_, threads) = ana.get("/api/v1/documents/deploys/threads").await;
        assert_eq!(threads[0]["section"], "Rollout");
        // Removing it leaves the thread, saying its section is gone.
        let removed = "## Overview\n\nFirst.\n\n## Risks\n\nNone.\n";
        let edit = json!({"base_revision": 2, "title": "Deploys", "body": removed});
        ana.put("/api/v1/documents/deploys", edit).await;
        let (_, thread) = ana.get(&thread_path).await;
        assert_eq!(thread["anchor"], "rollout");
        assert_eq!(thread["section"], Value::Null);

        let resolve = format!("{thread_path}/resolve");
        let (status, _) = ana.post(&resolve, json!({"resolved": true})).await;
        assert_eq!(status, 200);
        let (status, body) = ana.post(&resolve, json!({"resolved": true})).await;
        assert_eq!((status, code(&body)), (409, "conflict"));

        let elevate = format!("{thread_path}/elevate");
        let (status, adr) = ana.post(&elevate, json!({"kind": "adr"})).await;
        assert_eq!(status, 201, "{adr}");
        assert_eq!(adr["kind"], "adr");
        assert_eq!(adr["status"], "proposed");
        assert!(
            adr["body"]
                .as_str()
                .unwrap()
                .contains("> What about rollback?"),
            "{adr}"
        );
        assert!(
            adr["body"].as_str().unwrap().contains("[[deploys]]"),
            "{adr}"
        );
        let (_, thread) = ana.get(&thread_path).await;
        assert_eq!(thread["elevated_to"], adr["slug"]);
        // The decision record links back to the document, so it shows as a backlink there.
        let (_, deploys) = ana.get("/api/v1/documents/deploys").await;
        assert_eq!(
            slugs(&deploys["backlinks"]),
            [adr["slug"].as_str().unwrap()]
        );
        let (status, body) = ana.post(&elevate, json!({"kind": "adr"})).await;
        assert_eq!((status, code(&body)), (409, "conflict"));
        app.stop().await;
    }
);

both_databases!(
    sharing_outside_the_space_needs_a_space_admins_approval,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Member).await;
        let ben = app.member("ben", Role::Member).await;
        let cy = app.member("cy", Role::Member).await;
        app.space(&ana, "design", Visibility::Workspace).await;
        app.space(&cy, "sales", Visibility::Private).await;
        app.add_to_space(&ana, "design", &["ben"]).await;
        app.add_to_space(&cy, "sales", &["ben"]).await;
        let ana = app.signed_in_as(ana).await;
        let ben = app.signed_in_as(ben).await;
        let cy = app.signed_in_as(cy).await;
        let doc = json!({"space": "design", "kind": "handbook", "title": "Pricing", "classification": "confidential", "body": "## Overview\n\nx\n"});
        ana.post("/api/v1/documents", doc).await;
        let (status, _) = cy.get("/api/v1/documents/pricing").await;
        assert_eq!(status, 404);

        let request = json!({"space": "sales", "reason": "Sales quotes these prices"});
        let (status, created) = ben.post("/api/v1/documents/pricing/shares", request).await;
        assert_eq!(status, 201, "{created}");
        let id = created["request"].as_i64().unwrap();
        let share = format!("/api/v1/documents/pricing/shares/{id}");
        // Requested, not shared: Cy still cannot read it, and Ben (not a space admin) cannot approve.
        assert_eq!(cy.get("/api/v1/documents/pricing").await.0, 404);
        let decide = json!({"decision": "approve"});
        let (status, _) = ben.post(&share, decide.clone()).await;
        assert_eq!(status, 403);
        let (status, _) = ana.post(&share, decide.clone()).await;
        assert_eq!(status, 204);
        let (status, _) = cy.get("/api/v1/documents/pricing").await;
        assert_eq!(status, 200);
        let (status, body) = ana.post(&share, decide).await;
        assert_eq!((status, code(&body)), (409, "conflict"));
        let events = event_kinds(&app).await;
        assert!(
            events.contains(&"share.requested".to_owned())
                && events.contains(&"share.approved".to_owned()),
            "{events:?}"
        );
        app.stop().await;
    }
);

both_databases!(
    the_handbook_is_a_tree_that_can_be_rearranged,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        for (title, parent) in [
            ("Start here", None),
            ("Deploying", None),
            ("Rollbacks", Some("deploying")),
        ] {
            let mut doc = json!({"space": "design", "kind": "handbook", "title": title, "body": "## Overview\n\nx\n"});
            if let Some(parent) = parent {
                doc["parent"] = json!(parent);
            }
            let (status, saved) = ana.post("/api/v1/documents", doc).await;
            assert_eq!(status, 201, "{saved}");
        }
        let tree = |v: &Value| -> Vec<(String, u64)> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["slug"].as_str().unwrap().to_owned(),
                        e["depth"].as_u64().unwrap(),
                    )
                })
                .collect()
        };
        let (_, handbook) = ana.get("/api/v1/handbook").await;
        assert_eq!(
            tree(&handbook),
            [
                ("start-here".into(), 0),
                ("deploying".into(), 0),
                ("rollbacks".into(), 1)
            ]
        );

        let under_own_child = json!({"parent": "rollbacks", "position": 0});
        let (status, body) = ana
            .post("/api/v1/documents/deploying/move", under_own_child)
            .await;
        assert_eq!(
            (status, code(&body)),
            (422, "invalid"),
            "a page cannot move under its own child"
        );
        let to_the_top = json!({"position": 0});
        let (status, _) = ana
            .post("/api/v1/documents/rollbacks/move", to_the_top)
            .await;
        assert_eq!(status, 204);
        let (_, handbook) = ana.get("/api/v1/handbook").await;
        assert_eq!(
            tree(&handbook),
            [
                ("rollbacks".into(), 0),
                ("start-here".into(), 0),
                ("deploying".into(), 0)
            ]
        );
        app.stop().await;
    }
);

both_databases!(bad_input_gets_clear_errors, |app: TestApp| async move {
    let ana = app.signed_in("ana", Role::Member).await;
    app.space(&ana.actor, "design", Visibility::Workspace).await;
    let cases = [
        (
            json!({"space": "design", "kind": "memo", "title": "x"}),
            422,
        ),
        (json!({"space": "design", "kind": "rfc", "title": ""}), 422),
        (
            json!({"space": "design", "kind": "rfc", "title": "x".repeat(201)}),
            422,
        ),
        (
            json!({"space": "design", "kind": "rfc", "title": "x", "fields": {"deadline": 5}}),
            422,
        ),
        (
            json!({"space": "design", "kind": "rfc", "title": "x", "classification": "secret"}),
            422,
        ),
        (
            json!({"space": "design", "kind": "rfc", "title": "x", "owner": "nobody-here"}),
            422,
        ),
        (
            json!({"space": "design", "kind": "rfc", "title": "x", "colour": "red"}),
            422,
        ),
        (
            json!({"space": "nowhere", "kind": "rfc", "title": "x"}),
            404,
        ),
        (
            json!({"space": "design", "kind": "rfc", "title": "x", "tags": ["two words"]}),
            422,
        ),
    ];
    for (body, expected) in cases {
        let (status, answer) = ana.post("/api/v1/documents", body.clone()).await;
        assert_eq!(status, expected, "{body} → {answer}");
        assert!(answer["error"]["message"].is_string(), "{answer}");
    }
    let doc = json!({"space": "design", "kind": "rfc", "title": "Real"});
    ana.post("/api/v1/documents", doc).await;
    for (path, expected) in [
        ("/api/v1/documents/real/diff?from=0&to=1", 422),
        ("/api/v1/documents/real/diff?from=1&to=9", 404),
        ("/api/v1/documents/real/diff?from=x&to=1", 400),
        ("/api/v1/documents/real/revisions/7", 404),
        ("/api/v1/documents/ghost", 404),
        ("/api/v1/threads/999", 404),
    ] {
        let (status, answer) = ana.get(path).await;
        assert_eq!(status, expected, "{path} → {answer}");
    }
    let bad_status = json!({"base_revision": 1, "to": "archived"});
    let (status, answer) = ana.post("/api/v1/documents/real/status", bad_status).await;
    assert_eq!(status, 422, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("can become: published"),
        "{answer}"
    );
    let template = json!({"source": "---\nkind: rfc\nname: Mine\n---\n## A\n"});
    let (status, answer) = ana.post("/api/v1/spaces/design/templates", template).await;
    assert_eq!(status, 422, "{answer}");
    let huge = json!({"space": "design", "kind": "rfc", "title": "x", "body": "a".repeat(600_000)});
    let (status, _) = ana.post("/api/v1/documents", huge).await;
    assert_eq!(status, 422);
    app.stop().await;
});

both_databases!(
    a_space_template_becomes_a_kind_of_document,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        let source = "---\nkind: vendor-review\nname: Vendor review\nfields:\n  - name: vendor\n    type: text\n    required: true\nrequired_sections:\n  - Risks\n---\n## Risks\n\nWhat could go wrong with this vendor.\n";
        let (status, template) = ana
            .post("/api/v1/spaces/design/templates", json!({"source": source}))
            .await;
        assert_eq!(status, 201, "{template}");
        let (_, templates) = ana.get("/api/v1/templates?space=design").await;
        assert!(
            templates
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["kind"] == "vendor-review" && t["custom"] == true)
        );
        let doc = json!({"space": "design", "kind": "vendor-review", "title": "Acme review", "body": "## Risks\n\nWhat could go wrong with this vendor.\n"});
        let (status, saved) = ana.post("/api/v1/documents", doc).await;
        assert_eq!(status, 201, "{saved}");
        let found = rules(&saved["findings"]);
        assert!(found.contains(&"required-field".to_owned()), "{saved}");
        assert!(
            found.contains(&"required-section".to_owned()),
            "guidance left in place: {saved}"
        );
        app.stop().await;
    }
);

both_databases!(
    an_ask_about_a_document_links_both_ways,
    |app: TestApp| async move {
        let ana = app.member("ana", Role::Member).await;
        let ben = app.member("ben", Role::Member).await;
        let cy = app.member("cy", Role::Member).await;
        app.space(&ana, "design", Visibility::Workspace).await;
        let ana = app.signed_in_as(ana).await;
        ana.post("/api/v1/documents", rfc("Session cache", COMPLETE_RFC))
            .await;
        let ask = json!({"to": "ben", "kind": "review", "urgency": "normal", "title": "Please review",
                         "subject": "https://longhand.example.org/docs/session-cache#proposal"});
        let (status, created) = ana.post("/api/v1/asks", ask).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["subject"], "session-cache");
        let free = json!({"to": "ben", "kind": "input", "urgency": "normal", "title": "Ticket", "subject": "JIRA-42"});
        let (_, other) = ana.post("/api/v1/asks", free).await;
        assert_eq!(other["subject"], "JIRA-42");

        let about = |actor| {
            let app = app.app.clone();
            async move {
                ops::asks::about_document(&app, &actor, "session-cache")
                    .await
                    .unwrap()
            }
        };
        let for_ben = about(ben.clone()).await;
        assert_eq!(for_ben.len(), 1);
        assert_eq!(for_ben[0].title, "Please review");
        assert!(about(cy.clone()).await.is_empty(), "not a party to the ask");
        app.stop().await;
    }
);
