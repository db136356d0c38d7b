//! The meeting gate through the API and the job queue, on SQLite and PostgreSQL. The fake
//! clock starts on Tuesday 10 March 2026, 10:00 UTC; the meetings start on Thursday 12 March
//! at 10:00 UTC, so their agenda cutoff is Wednesday 11 March, 10:00 UTC.

use crate::both_databases;
use crate::browser::{Browser, post_raw, with_password};
use crate::helpers::{TestApp, code};
use crate::stories::Caller;
use longhand_domain::workspace::Role;
use serde_json::{Value, json};

const START: &str = "2026-03-12T10:00:00Z";
const CUTOFF: &str = "2026-03-11T10:00:00Z";

const PREPARED: &str = "## Desired outcome\n\nA go or no-go for the storage migration.\n\n## Agenda\n\n1. Dry-run results — @bo — 10 minutes.\n\n## Pre-read\n\nThe dry-run report, linked here.\n\n## Decisions\n\n_[Each decision made.]_\n\n## Next steps\n\n- _[Action — owner — due date.]_\n";

const DECIDED: &str = "## Desired outcome\n\nA go or no-go for the storage migration.\n\n## Agenda\n\n1. Dry-run results — @bo — 10 minutes.\n\n## Pre-read\n\nThe dry-run report, linked here.\n\n## Decisions\n\n- Go on Tuesday night.\n- Bo runs the migration.\n\n## Next steps\n\n- Announce the window — @dee — today.\n";

/// The organiser `ana`, and `bo` and `dee`, who are invited, signed in over the API; the
/// open space `design`.
struct People<'a> {
    ana: Caller<'a>,
    bo: Caller<'a>,
    dee: Caller<'a>,
}

async fn people(app: &TestApp) -> People<'_> {
    let people = People {
        ana: app.signed_in("ana", Role::Member).await,
        bo: app.signed_in("bo", Role::Member).await,
        dee: app.signed_in("dee", Role::Member).await,
    };
    let space = json!({"name": "Design", "purpose": "design"});
    let (status, body) = people.ana.post("/api/v1/spaces", space).await;
    assert_eq!(status, 201, "{body}");
    people
}

fn meeting(changes: Value) -> Value {
    let mut body = json!({"title": "Storage go/no-go", "space": "design", "start": START, "minutes": 25, "invited": ["bo", "dee"]});
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

async fn register(who: &Caller<'_>, changes: Value) -> Value {
    let (status, body) = who.post("/api/v1/planned-meetings", meeting(changes)).await;
    assert_eq!(status, 201, "{body}");
    body
}

async fn get(who: &Caller<'_>, id: i64) -> Value {
    let (status, body) = who.get(&format!("/api/v1/planned-meetings/{id}")).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn post(who: &Caller<'_>, id: i64, action: &str, body: Option<Value>) -> (u16, Value) {
    let path = format!("/api/v1/planned-meetings/{id}/{action}");
    who.send("POST", &path, body).await
}

/// A document's detail: the document, its findings and its backlinks.
async fn document(who: &Caller<'_>, slug: &str) -> Value {
    let (status, body) = who.get(&format!("/api/v1/documents/{slug}")).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Writes a new revision of a meeting-notes document with `body`.
async fn write_notes(who: &Caller<'_>, slug: &str, body: &str) {
    let path = format!("/api/v1/documents/{slug}");
    let doc = document(who, slug).await["document"].clone();
    let revision = json!({"base_revision": doc["revision"], "title": doc["title"], "intent": doc["intent"], "fields": doc["fields"], "body": body});
    let (status, saved) = who.put(&path, revision).await;
    assert_eq!(status, 200, "{saved}");
}

fn state(meeting: &Value) -> &str {
    meeting["gate"]["state"].as_str().unwrap()
}

both_databases!(
    without_an_agenda_a_meeting_is_flagged_once_at_its_cutoff,
    |app: TestApp| async move {
        let p = people(&app).await;
        let created = register(&p.ana, json!({})).await;
        let id = created["id"].as_i64().unwrap();
        assert_eq!(state(&created), "needs_agenda");
        assert_eq!(created["gate"]["agenda_cutoff"], CUTOFF);
        assert_eq!(created["end"], "2026-03-12T10:25:00Z");
        assert_eq!(
            created["length_advice"],
            Value::Null,
            "25 minutes needs no advice"
        );
        assert_eq!(
            created["attendees"],
            json!(["ana"]),
            "invitees attend only once they opt in"
        );
        assert_eq!(created["people"][0]["attending"], false);
        assert_eq!(p.bo.notification_kinds().await, ["meeting.invited"]);

        let (status, opted) = post(&p.bo, id, "attend", None).await;
        assert_eq!(status, 200, "{opted}");
        assert_eq!(opted["attendees"], json!(["ana", "bo"]));
        assert_eq!(opted["attending"], true);
        assert_eq!(app.run_due_jobs().await, 0, "nothing is due yet");

        app.set_clock("2026-03-11T09:59:00Z");
        assert_eq!(state(&get(&p.ana, id).await), "needs_agenda");
        app.set_clock(CUTOFF);
        let flagged = get(&p.dee, id).await;
        assert_eq!(state(&flagged), "cancel");
        assert_eq!(flagged["gate"]["label"], "no agenda, cancel");
        assert_eq!(app.run_due_jobs().await, 1);
        assert_eq!(app.run_due_jobs().await, 0, "a job runs once");
        assert_eq!(get(&p.ana, id).await["gate"]["flagged_at"], CUTOFF);
        assert_eq!(p.ana.notification_kinds().await, ["meeting.flagged"]);
        assert_eq!(
            p.bo.notification_kinds().await,
            ["meeting.flagged", "meeting.invited"]
        );
        assert_eq!(
            p.dee.notification_kinds().await,
            ["meeting.invited"],
            "people who did not opt in are not told"
        );
        let notes = p.ana.notifications().await;
        let body = notes[0]["body"].as_str().unwrap();
        assert!(
            body.contains("There was no agenda 24 hours before the start."),
            "{body}"
        );
        assert!(
            body.ends_with("starts Thu 12 Mar 11:00 your time."),
            "{body}"
        );

        // A late agenda takes the flag off the badge, but the meeting stays marked late.
        let (status, linked) = post(&p.ana, id, "agenda", Some(json!({}))).await;
        assert_eq!(status, 200, "{linked}");
        assert_eq!(
            state(&linked),
            "cancel",
            "a skeleton agenda is still no agenda"
        );
        let slug = linked["agenda"]["slug"].as_str().unwrap().to_owned();
        write_notes(&p.ana, &slug, PREPARED).await;
        let late = get(&p.ana, id).await;
        assert_eq!(state(&late), "ready");
        assert_eq!(late["gate"]["needs_action"], true);
        assert_eq!(app.run_due_jobs().await, 0);
        assert_eq!(p.ana.notification_kinds().await.len(), 1, "flagged once");
        app.stop().await;
    }
);

both_databases!(
    a_complete_agenda_is_ready_and_the_outcome_logs_each_decision_once,
    |app: TestApp| async move {
        let p = people(&app).await;
        let created = register(&p.ana, json!({"minutes": 50, "create_agenda": true})).await;
        let id = created["id"].as_i64().unwrap();
        assert_eq!(state(&created), "agenda_incomplete");
        assert_eq!(
            created["gate"]["agenda_missing"],
            json!(["Desired outcome", "Agenda", "Pre-read"])
        );
        let slug = created["agenda"]["slug"].as_str().unwrap().to_owned();
        assert_eq!(slug, "agenda-storage-go-no-go");
        let agenda = document(&p.bo, &slug).await["document"].clone();
        assert_eq!(
            (agenda["kind"].as_str(), agenda["owner"].as_str()),
            (Some("meeting-notes"), Some("ana"))
        );
        assert_eq!(agenda["fields"]["date"], "2026-03-12");
        assert_eq!(agenda["fields"]["attendees"], json!(["bo", "dee"]));

        write_notes(&p.ana, &slug, PREPARED).await;
        assert_eq!(state(&get(&p.ana, id).await), "ready");
        app.set_clock(CUTOFF);
        assert_eq!(app.run_due_jobs().await, 1, "the flag job runs");
        let ready = get(&p.ana, id).await;
        assert_eq!(
            (state(&ready), &ready["gate"]["flagged_at"]),
            ("ready", &Value::Null)
        );
        assert!(p.ana.notification_kinds().await.is_empty());

        let (status, body) = post(&p.ana, id, "outcome", Some(json!({}))).await;
        assert_eq!(
            (status, code(&body)),
            (409, "conflict"),
            "no outcome before the start: {body}"
        );
        app.set_clock("2026-03-12T10:05:00Z");
        assert_eq!(post(&p.bo, id, "attend", None).await.0, 200);
        let (status, body) = post(&p.ana, id, "outcome", Some(json!({}))).await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("decisions and next steps")
        );

        app.set_clock("2026-03-12T10:50:00Z");
        let due = get(&p.ana, id).await;
        assert_eq!(state(&due), "outcome_due");
        assert_eq!(
            due["gate"]["outcome_missing"],
            json!(["Decisions", "Next steps"])
        );
        assert_eq!(app.run_due_jobs().await, 1);
        assert_eq!(p.ana.notification_kinds().await, ["meeting.outcome_due"]);
        assert!(
            !p.bo
                .notification_kinds()
                .await
                .contains(&"meeting.outcome_due".to_owned())
        );

        write_notes(&p.bo, &slug, DECIDED).await;
        let (status, done) = post(&p.bo, id, "outcome", Some(json!({}))).await;
        assert_eq!(status, 200, "an attendee may record the outcome: {done}");
        assert_eq!(state(&done), "done");
        assert_eq!(done["outcome"]["slug"], slug);
        let titles: Vec<&str> = done["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles, ["Go on Tuesday night", "Bo runs the migration"]);
        let adr = done["decisions"][0]["slug"].as_str().unwrap().to_owned();
        let record = document(&p.dee, &adr).await["document"].clone();
        assert_eq!(
            (record["kind"].as_str(), record["status"].as_str()),
            (Some("adr"), Some("accepted"))
        );
        assert_eq!(
            (record["owner"].as_str(), record["space"].as_str()),
            (Some("ana"), Some("design"))
        );
        assert_eq!(record["fields"]["deciders"], json!(["ana", "bo"]));
        assert_eq!(record["fields"]["date"], "2026-03-12");
        let text = record["body"].as_str().unwrap();
        assert!(text.contains(&format!("[[{slug}]]")), "{text}");
        assert!(
            text.contains("- Announce the window — @dee — today."),
            "{text}"
        );

        let (status, again) = post(&p.ana, id, "outcome", Some(json!({}))).await;
        assert_eq!(status, 200, "{again}");
        assert_eq!(
            again["decisions"].as_array().unwrap().len(),
            2,
            "recording again adds nothing"
        );
        write_notes(
            &p.ana,
            &slug,
            &DECIDED.replace("- Bo runs", "- Dee tells support.\n- Bo  runs"),
        )
        .await;
        let (_, more) = post(&p.ana, id, "outcome", Some(json!({}))).await;
        assert_eq!(
            more["decisions"].as_array().unwrap().len(),
            3,
            "only the new decision is added"
        );
        let (_, adrs) = p.ana.get("/api/v1/documents?kind=adr").await;
        assert_eq!(adrs.as_array().unwrap().len(), 3);
        let backlinked = document(&p.ana, &slug).await;
        assert_eq!(
            backlinked["document"]["status"], "draft",
            "the notes themselves are left as they are"
        );
        assert_eq!(
            backlinked["backlinks"].as_array().unwrap().len(),
            3,
            "each decision record links back"
        );
        assert_eq!(app.run_due_jobs().await, 0);
        app.stop().await;
    }
);

both_databases!(
    lengths_get_the_25_or_50_minute_advice,
    |app: TestApp| async move {
        let p = people(&app).await;
        for (asked, suggested) in [(30, 25), (60, 50), (45, 50)] {
            let created = register(&p.ana, json!({"minutes": asked})).await;
            assert_eq!(created["minutes"], asked);
            assert_eq!(
                created["length_advice"]["suggested_minutes"], suggested,
                "{asked}"
            );
            assert!(
                created["length_advice"]["rule"]
                    .as_str()
                    .unwrap()
                    .contains("25 or 50 minutes")
            );
        }
        app.stop().await;
    }
);

both_databases!(
    attendance_is_opt_in_and_ends_with_the_meeting,
    |app: TestApp| async move {
        let p = people(&app).await;
        let id = register(&p.ana, json!({})).await["id"].as_i64().unwrap();
        let oli = app.signed_in("oli", Role::Member).await;
        let (status, joined) = post(&oli, id, "attend", None).await;
        assert_eq!(
            status, 200,
            "anyone who can see the meeting may opt in: {joined}"
        );
        let oli_row = joined["people"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["handle"] == "oli")
            .unwrap()
            .clone();
        assert_eq!(
            (oli_row["invited"].as_bool(), oli_row["attending"].as_bool()),
            (Some(false), Some(true))
        );
        assert_eq!(
            post(&oli, id, "attend", None).await.0,
            200,
            "opting in twice is harmless"
        );
        let (_, left) = post(&oli, id, "unattend", None).await;
        assert_eq!(left["attendees"], json!(["ana"]));
        let (status, body) = post(&p.ana, id, "unattend", None).await;
        assert_eq!(
            (status, code(&body)),
            (422, "invalid"),
            "the organiser always attends"
        );
        app.set_clock("2026-03-12T10:25:00Z");
        let (status, body) = post(&p.dee, id, "attend", None).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        app.stop().await;
    }
);

both_databases!(
    a_cancelled_meeting_is_left_alone_by_the_gate,
    |app: TestApp| async move {
        let p = people(&app).await;
        let id = register(&p.ana, json!({})).await["id"].as_i64().unwrap();
        let (status, body) = post(&p.bo, id, "cancel", None).await;
        assert_eq!((status, code(&body)), (403, "forbidden"));
        let (status, cancelled) = post(&p.ana, id, "cancel", None).await;
        assert_eq!(status, 200, "{cancelled}");
        assert_eq!(state(&cancelled), "cancelled");
        assert_eq!(
            p.dee.notification_kinds().await,
            ["meeting.cancelled", "meeting.invited"]
        );
        assert_eq!(post(&p.ana, id, "cancel", None).await.0, 409);
        assert_eq!(post(&p.bo, id, "attend", None).await.0, 409);
        app.set_clock("2026-03-13T00:00:00Z");
        assert_eq!(app.run_due_jobs().await, 2);
        assert!(
            p.ana.notification_kinds().await.is_empty(),
            "no flag, no outcome reminder"
        );
        app.stop().await;
    }
);

both_databases!(
    bad_input_is_refused_with_a_reason,
    |app: TestApp| async move {
        let p = people(&app).await;
        let gil = app.signed_in("gil", Role::Guest).await;
        let cases = [
            (json!({"minutes": 0}), 422, "1 to 480 minutes"),
            (json!({"minutes": 481}), 422, "1 to 480 minutes"),
            (
                json!({"start": "2026-03-10T09:59:00Z"}),
                422,
                "the start is in the past",
            ),
            (json!({"start": "next thursday"}), 422, "RFC 3339"),
            (
                json!({"invited": ["nobody"]}),
                422,
                "@nobody is not a member",
            ),
            (json!({"invited": ["not a handle"]}), 422, "invited"),
            (json!({"title": "  "}), 422, "needs a title"),
            (json!({"space": "nowhere"}), 404, "space not found"),
            (json!({"minutes": "25"}), 422, "minutes"),
        ];
        for (changes, status, message) in cases {
            let (got, body) = p
                .ana
                .post("/api/v1/planned-meetings", meeting(changes.clone()))
                .await;
            assert_eq!(got, status, "{changes}: {body}");
            let text = body["error"]["message"].as_str().unwrap();
            assert!(text.contains(message), "{changes}: {text}");
        }
        let (status, body) = gil
            .post("/api/v1/planned-meetings", meeting(json!({})))
            .await;
        assert_eq!((status, code(&body)), (403, "forbidden"));
        let (_, list) = p.ana.get("/api/v1/planned-meetings").await;
        assert!(
            list.as_array().unwrap().is_empty(),
            "nothing was registered"
        );

        let id = register(&p.ana, json!({})).await["id"].as_i64().unwrap();
        let rfc = json!({"space": "design", "kind": "rfc", "title": "Not notes"});
        p.ana.post("/api/v1/documents", rfc).await;
        let (status, body) = post(&p.ana, id, "agenda", Some(json!({"slug": "not-notes"}))).await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");
        let (status, body) = post(&p.bo, id, "agenda", Some(json!({}))).await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        assert_eq!(post(&p.ana, id, "agenda", Some(json!({}))).await.0, 200);
        let (status, body) = post(&p.ana, id, "agenda", Some(json!({}))).await;
        assert_eq!((status, code(&body)), (409, "conflict"), "{body}");
        let (status, body) = p.ana.get("/api/v1/planned-meetings/9999").await;
        assert_eq!((status, code(&body)), (404, "not_found"));
        app.stop().await;
    }
);

both_databases!(
    a_private_spaces_meeting_is_seen_by_its_members_and_invitees_only,
    |app: TestApp| async move {
        let p = people(&app).await;
        let oli = app.signed_in("oli", Role::Member).await;
        let vault = json!({"name": "Vault", "purpose": "design", "visibility": "private"});
        assert_eq!(p.ana.post("/api/v1/spaces", vault).await.0, 201);
        let in_vault = meeting(json!({"space": "vault", "create_agenda": true}));
        let (status, body) = p.ana.post("/api/v1/planned-meetings", in_vault).await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("@bo cannot read"),
            "{body}"
        );

        let created = register(&p.ana, json!({"space": "vault"})).await;
        let id = created["id"].as_i64().unwrap();
        assert_eq!(
            get(&p.bo, id).await["title"],
            "Storage go/no-go",
            "invited, so bo sees it"
        );
        let (status, _) = oli.get(&format!("/api/v1/planned-meetings/{id}")).await;
        assert_eq!(status, 404);
        let (_, list) = oli.get("/api/v1/planned-meetings").await;
        assert!(list.as_array().unwrap().is_empty());
        assert_eq!(post(&oli, id, "attend", None).await.0, 404);
        let (status, body) = post(&p.ana, id, "agenda", Some(json!({}))).await;
        assert_eq!(
            (status, code(&body)),
            (422, "invalid"),
            "the record must be readable by everyone invited: {body}"
        );
        app.stop().await;
    }
);

both_databases!(
    the_pages_register_a_meeting_and_show_its_gate_in_the_viewers_time,
    |app: TestApp| async move {
        let p = people(&app).await;
        let wes = with_password(&app, "wes", "Web Tester", Role::Member).await;
        let wes = Browser::log_in(&app, wes).await;
        let token = wes.form_token("/meetings/planned").await;
        let (_, list) = wes.get("/meetings/planned").await;
        assert!(
            list.contains("Register a meeting") && list.contains("No meetings planned"),
            "{list}"
        );

        let advice = wes
            .client
            .post(format!("{}/meetings/planned/advice", app.url))
            .header("x-csrf-token", &token)
            .form(&[("minutes", "30")])
            .send()
            .await
            .unwrap();
        assert_eq!(advice.status(), 200);
        let advice = advice.text().await.unwrap();
        assert!(advice.contains("Suggested: 25 minutes."), "{advice}");

        let form = |minutes: &str| {
            vec![
                ("csrf", token.clone()),
                ("title", "Release <review>".to_owned()),
                ("space", "design".to_owned()),
                ("start", "2026-03-12T11:00".to_owned()),
                ("minutes", minutes.to_owned()),
                ("invited", "bo, @dee".to_owned()),
            ]
        };
        let refused = post_raw(&app, &wes.client, "/meetings/planned", &form("0")).await;
        assert_eq!(refused.status(), 422);
        let text = refused.text().await.unwrap();
        assert!(text.contains("a meeting lasts 1 to 480 minutes"), "{text}");
        assert!(
            text.contains("value=\"Release &#60;review&#62;\"")
                || text.contains("value=\"Release &lt;review&gt;\""),
            "the form keeps what was typed, escaped"
        );

        let created = post_raw(&app, &wes.client, "/meetings/planned", &form("60")).await;
        assert_eq!(created.status(), 303);
        let location = created.headers()["location"].to_str().unwrap().to_owned();
        let (_, detail) = wes.get(&location).await;
        assert!(detail.contains("needs agenda"), "{detail}");
        assert!(
            detail.contains("Thu 12 Mar 11:00–12:00 your time"),
            "11:00 Berlin is 10:00 UTC: {detail}"
        );
        assert!(detail.contains("Book 50 minutes, not 60"), "{detail}");
        let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
        let api_view = get(&p.bo, id).await;
        assert_eq!(api_view["start"], START);
        assert_eq!(api_view["organiser"], "wes");

        let csrf_only = [("csrf", token.clone())];
        let (status, _) = wes.post(&format!("{location}/agenda"), &csrf_only).await;
        assert_eq!(status, 303);
        let (_, detail) = wes.get(&location).await;
        assert!(
            detail.contains("href=\"/docs/agenda-release-review\""),
            "{detail}"
        );
        assert!(
            detail.contains("Still to write: Desired outcome, Agenda, Pre-read."),
            "{detail}"
        );
        let (status, _) = wes.post(&format!("{location}/unattend"), &csrf_only).await;
        assert_eq!(status, 422, "the organiser always attends");
        let (_, list) = wes.get("/meetings/planned").await;
        assert!(
            list.contains("agenda incomplete") && list.contains("Thu 12 Mar 11:00 your time"),
            "{list}"
        );
        app.stop().await;
    }
);

both_databases!(
    a_backup_keeps_meetings_their_people_and_their_decisions,
    |app: TestApp| async move {
        use longhand_core::Store;
        use longhand_core::clock::Clock;
        use longhand_core::ops::{self, App};
        let p = people(&app).await;
        let id = register(&p.ana, json!({"create_agenda": true})).await["id"]
            .as_i64()
            .unwrap();
        post(&p.bo, id, "attend", None).await;
        write_notes(&p.ana, "agenda-storage-go-no-go", DECIDED).await;
        app.set_clock("2026-03-12T10:30:00Z");
        let (status, done) = post(&p.ana, id, "outcome", Some(json!({}))).await;
        assert_eq!(status, 200, "{done}");

        let mut dump = Vec::new();
        ops::backup::dump(&app.app, &mut dump).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let url = crate::helpers::database_url(crate::helpers::Db::Sqlite, dir.path())
            .await
            .unwrap();
        let target = Store::connect(&url).await.unwrap();
        target.migrate().await.unwrap();
        let restored = App::new(target, Clock::fake(app.app.now()));
        ops::backup::restore(&restored, &mut dump.as_slice())
            .await
            .unwrap();
        let ana = ops::members::actor_by_email(&restored, "ana@example.org")
            .await
            .unwrap();
        let view = ops::planned_meetings::get(&restored, &ana, id)
            .await
            .unwrap();
        assert_eq!(view.gate.key(), "done");
        assert_eq!(view.attendees(), ["ana", "bo"]);
        assert_eq!(view.decisions.len(), 2);
        assert_eq!(view.agenda.unwrap().slug, "agenda-storage-go-no-go");
        app.stop().await;
    }
);

both_databases!(
    the_openapi_document_describes_the_gate,
    |app: TestApp| async move {
        let (status, doc) = app.api("GET", "/api/openapi.json", None, None).await;
        assert_eq!(status, 200);
        let paths = doc["paths"].as_object().unwrap();
        for (path, method) in [
            ("/api/v1/planned-meetings", "get"),
            ("/api/v1/planned-meetings", "post"),
            ("/api/v1/planned-meetings/{id}", "get"),
            ("/api/v1/planned-meetings/{id}/agenda", "post"),
            ("/api/v1/planned-meetings/{id}/attend", "post"),
            ("/api/v1/planned-meetings/{id}/unattend", "post"),
            ("/api/v1/planned-meetings/{id}/outcome", "post"),
            ("/api/v1/planned-meetings/{id}/cancel", "post"),
        ] {
            assert!(
                paths[path].get(method).is_some(),
                "{method} {path} is not documented"
            );
        }
        let gate = doc
            .pointer("/components/schemas/GateDto/properties/state")
            .unwrap();
        assert!(
            gate["description"]
                .as_str()
                .unwrap()
                .contains("outcome_due")
        );
        app.stop().await;
    }
);

both_databases!(
    a_meeting_registered_inside_the_last_day_is_flagged_at_once_unless_prepared,
    |app: TestApp| async move {
        let p = people(&app).await;
        let soon = json!({"start": "2026-03-10T12:00:00Z"});
        let created = register(&p.ana, soon).await;
        assert_eq!(state(&created), "cancel", "the cutoff has already passed");
        assert_eq!(app.run_due_jobs().await, 1, "the flag job is due at once");
        assert_eq!(p.ana.notification_kinds().await, ["meeting.flagged"]);
        let id = created["id"].as_i64().unwrap();
        let agenda = json!({"slug": null});
        let (_, linked) = post(&p.ana, id, "agenda", Some(agenda)).await;
        let slug = linked["agenda"]["slug"].as_str().unwrap().to_owned();
        write_notes(&p.ana, &slug, PREPARED).await;
        assert_eq!(state(&get(&p.ana, id).await), "ready");
        app.stop().await;
    }
);
