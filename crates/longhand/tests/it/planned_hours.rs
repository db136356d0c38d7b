//! The meeting gate and people's hours, through the API and the pages, on SQLite and
//! PostgreSQL. The fake clock stands at Tuesday 10 March 2026, 10:00 UTC. The organiser `ana`
//! works 09:00–17:00 in Berlin (08:00–16:00 UTC), `dee` 09:00–17:00 in Lisbon (UTC in March)
//! and `bo` 09:00–17:00 in Kathmandu (UTC+05:45, so 03:15–11:15 UTC): all three share
//! 09:00–11:15 UTC on weekdays.

use crate::both_databases;
use crate::browser::{Browser, post_raw, with_password};
use crate::helpers::TestApp;
use crate::stories::Caller;
use longhand_domain::workspace::Role;
use serde_json::{Value, json};

/// Thursday 07:30 UTC: 08:30 in Berlin and 07:30 in Lisbon, before both days start.
const EARLY: &str = "2026-03-12T07:30:00Z";
/// The nearest quarter hour that suits all three: Thursday 09:00 UTC.
const SUGGESTED: &str = "2026-03-12T09:00:00Z";

struct People<'a> {
    ana: Caller<'a>,
    bo: Caller<'a>,
}

async fn people(app: &TestApp) -> People<'_> {
    let ana = app.signed_in("ana", Role::Member).await;
    app.member_in("dee", Role::Member, "Europe/Lisbon").await;
    let bo = app.signed_in_at("bo", Role::Member, "Asia/Kathmandu").await;
    let (status, body) = ana
        .post(
            "/api/v1/spaces",
            json!({"name": "Design", "purpose": "design"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    People { ana, bo }
}

fn draft(start: &str, invited: &[&str]) -> Value {
    json!({"start": start, "minutes": 50, "invited": invited})
}

async fn check(who: &Caller<'_>, body: Value) -> Value {
    let (status, found) = who.post("/api/v1/planned-meetings/check", body).await;
    assert_eq!(status, 200, "{found}");
    found
}

/// Each person's line: "handle local-start fits|reason".
fn lines(found: &Value) -> Vec<String> {
    found["local_times"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let verdict = p["outside"].as_str().unwrap_or("fits");
            format!(
                "{} {} {verdict}",
                p["handle"].as_str().unwrap(),
                p["local_start"].as_str().unwrap()
            )
        })
        .collect()
}

both_databases!(
    a_meeting_outside_invitees_hours_warns_with_their_local_time_and_suggests_the_nearest_slot,
    |app: TestApp| async move {
        let p = people(&app).await;
        let found = check(&p.ana, draft(EARLY, &["dee", "bo"])).await;
        assert_eq!(
            lines(&found),
            [
                "ana 2026-03-12T08:30:00+01:00 before_hours",
                "dee 2026-03-12T07:30:00+00:00 before_hours",
                "bo 2026-03-12T13:15:00+05:45 fits",
            ]
        );
        assert_eq!(
            found["hours_warnings"][1],
            "DEE Tester — 07:30 Thu in Lisbon, before their hours (09:00–17:00)"
        );
        assert_eq!(found["suggestion"]["start"], SUGGESTED);

        // Registering anyway is allowed; the answer carries the same warnings.
        let body = json!({"title": "Early sync", "space": "design", "start": EARLY, "minutes": 50, "invited": ["dee", "bo"]});
        let (status, created) = p.ana.post("/api/v1/planned-meetings", body).await;
        assert_eq!(status, 201, "{created}");
        // The meeting lists its people in its own order (by handle); the lines are the same.
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        assert_eq!(sorted(lines(&created)), sorted(lines(&found)));
        assert_eq!(created["suggestion"]["start"], SUGGESTED);
        let id = created["id"].as_i64().unwrap();
        let (_, shown) = p.ana.get(&format!("/api/v1/planned-meetings/{id}")).await;
        assert_eq!(
            shown["hours_warnings"],
            json!([
                "ANA Tester — 08:30 Thu in Berlin, before their hours (09:00–17:00)",
                "DEE Tester — 07:30 Thu in Lisbon, before their hours (09:00–17:00)",
            ])
        );

        // At the suggested time everyone is inside their hours: no warning, no suggestion.
        let fine = check(&p.ana, draft(SUGGESTED, &["dee", "bo"])).await;
        assert_eq!(fine["hours_warnings"], json!([]));
        assert_eq!(fine["suggestion"], Value::Null);
        app.stop().await;
    }
);

both_databases!(
    focus_blocks_time_off_and_people_without_overlap_are_named,
    |app: TestApp| async move {
        let p = people(&app).await;
        let kai = app.signed_in_at("kai", Role::Member, "Asia/Tokyo").await;
        let focus = json!({
            "time_zone": "Asia/Kathmandu",
            "working_hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"], "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]},
            "time_off": [{"start": "2026-03-16", "end": "2026-03-20"}],
            "focus_blocks": [{"days": ["thu"], "start": "14:00", "end": "17:00"}]
        });
        let (status, me) = p.bo.patch("/api/v1/me", json!({"calendar": focus})).await;
        assert_eq!(status, 200, "{me}");
        // Thursday 09:00 UTC is 14:45 in Kathmandu, inside bo's focus block, which takes
        // 08:15–11:15 UTC on Thursdays: the nearest 50 minutes are Wednesday's last ones.
        let found = check(&p.ana, draft(SUGGESTED, &["dee", "bo"])).await;
        assert_eq!(
            found["hours_warnings"],
            json!(["BO Tester — 14:45 Thu in Kathmandu, in their focus block (14:00–17:00)"])
        );
        assert_eq!(found["local_times"][2]["outside"], "focus");
        assert_eq!(found["suggestion"]["start"], "2026-03-11T10:15:00Z");
        let away = check(&p.ana, draft("2026-03-17T09:00:00Z", &["bo"])).await;
        assert_eq!(away["local_times"][1]["outside"], "time_off");

        // Tokyo's 09:00–17:00 is 00:00–08:00 UTC, Berlin's 08:00–16:00 UTC: never together.
        let none = check(&p.ana, draft(SUGGESTED, &["dee", "kai"])).await;
        assert_eq!(none["suggestion"]["start"], Value::Null);
        assert_eq!(none["suggestion"]["no_overlap"], json!([kai.actor.handle]));
        let text = none["suggestion"]["text"].as_str().unwrap();
        assert!(
            text.ends_with("no working time in common with the others: KAI Tester."),
            "{text}"
        );

        let (status, refused) = p
            .ana
            .post(
                "/api/v1/planned-meetings/check",
                draft("2026-03-09T09:00:00Z", &["bo"]),
            )
            .await;
        assert_eq!(status, 422, "a start in the past: {refused}");
        let (status, refused) = p
            .ana
            .post("/api/v1/planned-meetings/check", draft(EARLY, &["nobody"]))
            .await;
        assert_eq!(status, 422, "{refused}");
        app.stop().await;
    }
);

both_databases!(
    the_register_form_warns_as_it_is_filled_applies_the_suggestion_and_the_page_shows_everyones_time,
    |app: TestApp| async move {
        people(&app).await;
        let wes = with_password(&app, "wes", "Web Tester", Role::Member).await;
        let wes = Browser::log_in(&app, wes).await;
        let token = wes.form_token("/meetings/planned").await;
        // 08:30 Berlin (the viewer's zone) is 07:30 UTC.
        let form = |start: &str| {
            vec![
                ("csrf", token.clone()),
                ("title", "Early sync".to_owned()),
                ("space", "design".to_owned()),
                ("start", start.to_owned()),
                ("minutes", "50".to_owned()),
                ("invited", "dee, bo".to_owned()),
            ]
        };
        let fragment = post_raw(&app, &wes.client, "/meetings/planned/hours", &form("2026-03-12T08:30")).await;
        assert_eq!(fragment.status(), 200);
        let fragment = fragment.text().await.unwrap();
        assert!(
            fragment.contains("DEE Tester — 07:30 Thu in Lisbon, before their hours (09:00–17:00)"),
            "{fragment}"
        );
        assert!(fragment.contains("Thu 12 Mar 10:00 your time"), "09:00 UTC is 10:00 in Berlin: {fragment}");
        assert!(fragment.contains("name=\"apply\" value=\"2026-03-12T10:00\""), "{fragment}");

        // Without JS, the button posts the form to the draft page with the suggestion applied.
        let mut applied = form("2026-03-12T08:30");
        applied.push(("apply", "2026-03-12T10:00".to_owned()));
        let page = post_raw(&app, &wes.client, "/meetings/planned/draft", &applied).await;
        assert_eq!(page.status(), 200);
        let page = page.text().await.unwrap();
        assert!(page.contains("value=\"2026-03-12T10:00\""), "{page}");
        assert!(page.contains("Inside everyone's working hours"), "{page}");

        // Registered at the early time anyway, the page marks who it does not suit.
        let created = post_raw(&app, &wes.client, "/meetings/planned", &form("2026-03-12T08:30")).await;
        assert_eq!(created.status(), 303);
        let location = created.headers()["location"].to_str().unwrap().to_owned();
        let (_, detail) = wes.get(&location).await;
        assert!(detail.contains("This time is outside someone's hours"), "{detail}");
        assert!(detail.contains("Thu 07:30–08:20"), "dee's time in Lisbon: {detail}");
        assert!(detail.contains("Thu 13:15–14:05"), "bo's time in Kathmandu: {detail}");
        assert!(detail.contains("Asia/Kathmandu"), "{detail}");
        assert!(detail.contains("⚠ before their hours (09:00–17:00)"), "{detail}");
        assert!(detail.contains("Thu 12 Mar 08:30–09:20 your time"), "{detail}");
        assert!(detail.contains("Nearest time that suits everyone: <strong>Thu 12 Mar 10:00 your time"), "{detail}");
        app.stop().await;
    }
);
