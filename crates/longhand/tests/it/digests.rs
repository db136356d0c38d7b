//! Personal digests and the team digest (issue #12 item 4): a digest goes at the person's
//! local time on working days and never inside a focus block, holds only what is new, visible
//! to them and still needing them, is not sent when empty, and goes exactly once — also with
//! two replicas, and on the live clock.
//!
//! The fake clock starts on Tuesday 10 March 2026, 10:00 UTC. Berlin is +01:00 (a 09:00
//! digest is 08:00 UTC), Kolkata +05:30.

use crate::both_databases;
use crate::browser::{Browser, with_password};
use crate::helpers::{Db, TestApp, code};
use crate::stories::Caller;
use jiff::Timestamp;
use longhand_domain::workspace::{Role, Visibility};
use serde_json::{Value, json};

/// Gives the caller a calendar in `zone` (weekdays 09:00–17:00, the focus blocks given) and
/// a digest time.
async fn calendar(caller: &Caller<'_>, zone: &str, focus: Value, digest_time: &str) {
    let day = json!(["09:00-17:00"]);
    let week = json!({"mon": day, "tue": day, "wed": day, "thu": day, "fri": day});
    let calendar = json!({"time_zone": zone, "working_hours": week, "focus_blocks": focus});
    let body = json!({"calendar": calendar, "digest_time": digest_time});
    let (status, saved) = caller.patch("/api/v1/me", body).await;
    assert_eq!(status, 200, "{saved}");
}

async fn ask(from: &Caller<'_>, to: &str, title: &str) -> i64 {
    ask_at(from, to, title, "normal").await
}

/// An ask at an urgency of the standard charter (`complex` is due in three business days).
async fn ask_at(from: &Caller<'_>, to: &str, title: &str, urgency: &str) -> i64 {
    let body = json!({"to": to, "kind": "input", "urgency": urgency, "title": title});
    let (status, created) = from.post("/api/v1/asks", body).await;
    assert_eq!(status, 201, "{created}");
    created["id"].as_i64().unwrap()
}

async fn preview(caller: &Caller<'_>) -> Value {
    let (status, body) = caller.get("/api/v1/me/digest/preview").await;
    assert_eq!(status, 200, "{body}");
    body
}

/// The links of a preview's items, in digest order.
fn links(preview: &Value) -> Vec<String> {
    preview["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["link"].as_str().unwrap().to_owned())
        .collect()
}

async fn digests_sent(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM digests").await
}

both_databases!(
    a_digest_goes_at_local_time_in_kolkata_never_inside_a_focus_block,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let priya = app
            .signed_in_at("priya", Role::Member, "Asia/Kolkata")
            .await;
        let focus = json!([{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "10:30"}]);
        calendar(&priya, "Asia/Kolkata", focus, "09:00").await;
        // 15:30 in Kolkata on Tuesday: the next digest is Wednesday, after the focus block.
        let before = preview(&priya).await;
        assert_eq!(before["next_at"]["local"], "2026-03-11T10:30:00+05:30");
        assert_eq!(before["next_at"]["utc"], "2026-03-11T05:00:00Z");
        assert_eq!(before["zone"], "Asia/Kolkata");
        assert_eq!(before["would_send"], false, "{before}");
        assert_eq!(before["headline"], "nothing new");

        let id = ask(&ana, "priya", "Which region for the cache?").await;
        let waiting = preview(&priya).await;
        // The ask and its notification are one item, waiting on her.
        assert_eq!(links(&waiting), [format!("/asks/{id}")], "{waiting}");
        assert_eq!(waiting["groups"][0]["group"], "waiting_on_you");
        assert_eq!(waiting["headline"], "1 waiting on you");

        // Not at 09:00 local (inside the block), not a breath before 10:30.
        app.set_clock("2026-03-11T03:30:00.734512Z");
        app.run_all_due_jobs().await;
        app.set_clock("2026-03-11T04:59:59.734512Z");
        app.run_all_due_jobs().await;
        assert_eq!(digests_sent(&app).await, 0);
        app.set_clock("2026-03-11T05:00:00.000321Z");
        assert_eq!(app.run_all_due_jobs().await, 1);
        assert_eq!(digests_sent(&app).await, 1);
        let at = app.count("SELECT at FROM digests").await;
        assert_eq!(
            Timestamp::from_microsecond(at).unwrap().to_string(),
            "2026-03-11T05:00:00Z"
        );
        // Sent: nothing is new now, and the next one is Thursday's.
        let after = preview(&priya).await;
        assert_eq!(after["would_send"], false, "{after}");
        assert_eq!(after["next_at"]["local"], "2026-03-12T10:30:00+05:30");
        app.stop().await;
    }
);

both_databases!(
    a_digest_holds_only_what_is_new_and_an_empty_one_is_not_sent,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        // Complex asks: due in three business days, so neither is overdue by Thursday.
        let first = ask_at(&ana, "ben", "Review the retry budget", "complex").await;
        app.set_clock("2026-03-11T08:00:00.250001Z");
        app.run_all_due_jobs().await;
        assert_eq!(digests_sent(&app).await, 1);

        let second = ask_at(&ana, "ben", "Pick a name for the cache", "complex").await;
        assert_eq!(links(&preview(&ben).await), [format!("/asks/{second}")]);
        app.set_clock("2026-03-12T08:00:00.250001Z");
        app.run_all_due_jobs().await;
        assert_eq!(digests_sent(&app).await, 2);
        let newest = "SELECT COUNT(*) FROM digests WHERE items LIKE '%Pick a name%' AND items NOT LIKE '%retry budget%'";
        assert_eq!(
            app.count(newest).await,
            1,
            "the second digest has only the new ask"
        );

        // Ben answers both before Friday's digest: nothing is left for it, and none is sent.
        for id in [first, second] {
            let answer = json!({"response": "comment", "comment": "Done."});
            let (status, body) = ben
                .post(&format!("/api/v1/asks/{id}/respond"), answer)
                .await;
            assert_eq!(status, 200, "{body}");
        }
        app.set_clock("2026-03-13T08:00:00.250001Z");
        app.run_all_due_jobs().await;
        let bens = "SELECT COUNT(*) FROM digests WHERE member_id = (SELECT id FROM members WHERE handle = 'ben')";
        assert_eq!(app.count(bens).await, 2, "an empty digest is not sent");
        // The chain goes on: Monday's digest is queued.
        let next = app.count("SELECT next_at FROM digest_schedules WHERE member_id = (SELECT id FROM members WHERE handle = 'ben')").await;
        assert_eq!(
            Timestamp::from_microsecond(next).unwrap().to_string(),
            "2026-03-16T08:00:00Z"
        );
        app.stop().await;
    }
);

both_databases!(
    read_and_answered_items_stay_out_of_the_digest,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        let answered = ask(&ana, "ben", "Ship it today?").await;
        let open = ask(&ana, "ben", "Who owns the runbook?").await;
        let doc = json!({"space": "design", "kind": "handbook", "title": "Deploys",
                         "body": "## Overview\n\n@ben please look at the rollback steps.\n"});
        let (status, body) = ana.post("/api/v1/documents", doc).await;
        assert_eq!(status, 201, "{body}");
        let answer = json!({"response": "comment", "comment": "Yes."});
        ben.post(&format!("/api/v1/asks/{answered}/respond"), answer)
            .await;
        // The answered ask and its notification are gone; the mention is an update.
        let items = links(&preview(&ben).await);
        assert_eq!(items, [format!("/asks/{open}"), "/docs/deploys".to_owned()]);
        // Read notifications are not news; the open ask still waits on him.
        ben.post_empty("/api/v1/notifications/read").await;
        assert_eq!(links(&preview(&ben).await), [format!("/asks/{open}")]);
        // Ana hears that her ask was answered: that is news for the asker.
        let ana_items = links(&preview(&ana).await);
        assert!(
            ana_items.contains(&format!("/asks/{answered}")),
            "{ana_items:?}"
        );
        app.stop().await;
    }
);

both_databases!(
    a_confidential_documents_notification_leaves_the_digest_of_someone_who_lost_access,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        app.space(&ana.actor, "board", Visibility::Private).await;
        let doc = json!({"space": "design", "kind": "handbook", "title": "Pricing", "classification": "internal",
                         "body": "## Overview\n\n@ben what do you think?\n"});
        let (status, body) = ana.post("/api/v1/documents", doc).await;
        assert_eq!(status, 201, "{body}");
        for (space, title) in [("design", "Use PostgreSQL"), ("board", "Cut prices")] {
            let adr = json!({"space": space, "kind": "adr", "title": title, "body": "## Context\n\nWhy.\n"});
            let (status, body) = ana.post("/api/v1/documents", adr).await;
            assert_eq!(status, 201, "{body}");
        }
        let before = preview(&ben).await;
        assert_eq!(
            links(&before),
            ["/decisions/use-postgresql", "/docs/pricing"],
            "{before}"
        );

        // Reclassified confidential: Ben is not in the space, so it leaves his digest.
        let (_, current) = ana.get("/api/v1/documents/pricing").await;
        let edit = json!({"base_revision": 1, "title": "Pricing", "classification": "confidential",
                          "body": current["document"]["body"]});
        let (status, body) = ana.put("/api/v1/documents/pricing", edit).await;
        assert_eq!(status, 200, "{body}");
        let after = preview(&ben).await;
        assert_eq!(links(&after), ["/decisions/use-postgresql"]);
        assert!(!after.to_string().contains("Pricing"), "{after}");

        // Nor is it in the digest that goes.
        app.set_clock("2026-03-11T08:00:00.250001Z");
        app.run_all_due_jobs().await;
        let leaked = "SELECT COUNT(*) FROM digests WHERE items LIKE '%Pricing%' OR items LIKE '%Cut prices%'";
        assert_eq!(app.count(leaked).await, 0);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM digests WHERE items LIKE '%Use PostgreSQL%'")
                .await,
            1
        );
        app.stop().await;
    }
);

both_databases!(
    each_digest_goes_exactly_once_with_two_replicas,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        for handle in ["ben", "cy", "dee", "eve"] {
            app.member(handle, Role::Member).await;
            ask(&ana, handle, &format!("A question for {handle}")).await;
        }
        let at: Timestamp = "2026-03-11T08:00:00.734512Z".parse().unwrap();
        let (a, b) = app.drain_on_two_replicas(at).await;
        assert_eq!(
            app.digest_jobs_done().await,
            5,
            "every member's digest job ran once: {a} + {b}"
        );
        assert_eq!(digests_sent(&app).await, 4, "one each for the four asked");
        let per_member = "SELECT COUNT(*) FROM (SELECT member_id FROM digests GROUP BY member_id HAVING COUNT(*) > 1) twice";
        assert_eq!(app.count(per_member).await, 0);
        // Running again on both changes nothing; each chain has exactly one next job.
        app.drain_on_two_replicas(at).await;
        assert_eq!(digests_sent(&app).await, 4);
        let pending = "SELECT COUNT(*) FROM jobs WHERE kind = 'send_digest' AND done_at IS NULL";
        assert_eq!(app.count(pending).await, 5);
        app.stop().await;
    }
);

both_databases!(
    a_new_digest_time_moves_the_chain_and_a_broken_chain_is_restarted,
    |app: TestApp| async move {
        let ben = app.signed_in("ben", Role::Member).await;
        calendar(&ben, "Europe/Berlin", json!([]), "16:30").await;
        assert_eq!(
            preview(&ben).await["next_at"]["utc"],
            "2026-03-10T15:30:00Z"
        );
        // Tuesday's 16:30 runs (empty, not sent) and queues Wednesday's; the 09:00 job of
        // the old time finds itself stale and starts nothing.
        app.set_clock("2026-03-11T08:00:00.250001Z");
        assert_eq!(app.run_all_due_jobs().await, 2);
        let pending = "SELECT COUNT(*) FROM jobs WHERE kind = 'send_digest' AND done_at IS NULL";
        assert_eq!(app.count(pending).await, 1);
        let next = "SELECT next_at FROM digest_schedules";
        let next_at = Timestamp::from_microsecond(app.count(next).await).unwrap();
        assert_eq!(next_at.to_string(), "2026-03-11T15:30:00Z");

        // A chain whose job is gone (given up on, say) is started again at worker start.
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&app.database_url)
            .await
            .unwrap();
        sqlx::query("DELETE FROM jobs WHERE kind = 'send_digest'")
            .execute(&mut conn)
            .await
            .unwrap();
        let started = longhand_core::ops::digests::schedule_missing(&app.app)
            .await
            .unwrap();
        assert_eq!(started, 1);
        assert_eq!(app.count(pending).await, 1);
        assert_eq!(
            longhand_core::ops::digests::schedule_missing(&app.app)
                .await
                .unwrap(),
            0
        );
        app.stop().await;
    }
);

both_databases!(
    the_team_digest_lists_decisions_and_overdue_asks,
    |app: TestApp| async move {
        let lead = app.signed_in("lead", Role::Member).await;
        let ana = app.signed_in("ana", Role::Member).await;
        let oli = app.signed_in("oli", Role::Member).await;
        lead.team("Core", &["ana"]).await;
        app.space(&lead.actor, "design", Visibility::Workspace)
            .await;
        let adr = json!({"space": "design", "kind": "adr", "title": "Use PostgreSQL", "body": "## Context\n\nWhy.\n"});
        ana.post("/api/v1/documents", adr).await;
        let late = ask(&lead, "ana", "Pick the region").await;
        let empty = oli.get("/api/v1/teams/core/digest").await.1;
        assert_eq!(empty["decisions"][0]["title"], "Use PostgreSQL", "{empty}");
        assert_eq!(empty["overdue_asks"], json!([]), "nothing is overdue yet");

        // Two days on the ask is overdue: the lead (a party) sees it, Oli (neither party nor
        // on the team's ask) does not.
        app.set_clock("2026-03-12T15:00:00.734512Z");
        let (status, team) = lead.get("/api/v1/teams/core/digest").await;
        assert_eq!(status, 200, "{team}");
        assert_eq!(
            team["overdue_asks"][0]["link"],
            format!("/asks/{late}"),
            "{team}"
        );
        assert_eq!(team["overdue_asks"][0]["who"], "ANA Tester");
        assert!(team["since"]["local"].as_str().unwrap().ends_with("+01:00"));
        let (_, other) = oli.get("/api/v1/teams/core/digest").await;
        assert_eq!(other["overdue_asks"], json!([]));
        // A week on, the decision is no longer "made in the last seven days".
        app.set_clock("2026-03-18T10:00:00.5Z");
        let (_, later) = lead.get("/api/v1/teams/core/digest").await;
        assert_eq!(later["decisions"], json!([]));
        app.stop().await;
    }
);

both_databases!(
    the_digest_apis_refuse_bad_input,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let (status, body) = ana.get("/api/v1/teams/nope/digest").await;
        assert_eq!((status, code(&body)), (404, "not_found"));
        let (status, body) = ana.get("/api/v1/teams/%00%ff/digest").await;
        assert!(matches!(status, 400 | 404), "{status} {body}");
        let (status, _) = app
            .api("GET", "/api/v1/me/digest/preview", None, None)
            .await;
        assert_eq!(status, 401);
        let (status, body) = app
            .api(
                "GET",
                "/api/v1/me/digest/preview",
                Some("lh_not-a-token"),
                None,
            )
            .await;
        assert_eq!((status, code(&body)), (401, "unauthenticated"));
        app.stop().await;
    }
);

both_databases!(
    digest_pages_show_the_preview_a_sent_digest_and_the_team_digest,
    |app: TestApp| async move {
        let ben = with_password(&app, "ben", "Ben Tester", Role::Member).await;
        let ana = app.signed_in("ana", Role::Member).await;
        ana.team("Core", &["ben"]).await;
        ask(&ana, "ben", "Is <b>this</b> escaped?").await;
        let browser = Browser::log_in(&app, ben).await;
        let (status, page) = browser.get("/digest").await;
        assert_eq!(status, 200);
        assert!(page.contains("Waiting on you"), "{page}");
        assert!(page.contains("this") && page.contains("escaped?"), "{page}");
        assert!(!page.contains("<b>this</b>"), "a title is text, not markup");
        assert!(
            page.contains("Wed 11 Mar 09:00"),
            "the next digest in Ben's zone: {page}"
        );
        app.set_clock("2026-03-11T08:00:00.250001Z");
        app.run_all_due_jobs().await;
        let id = app.count("SELECT id FROM digests").await;
        let (status, sent) = browser.get(&format!("/digests/{id}")).await;
        assert_eq!(status, 200);
        assert!(sent.contains("1 waiting on you"), "{sent}");
        // Somebody else's digest, a missing one and a malformed id are refused.
        let other = Browser::sign_in(&app, "oli", Role::Member).await;
        assert_eq!(other.get(&format!("/digests/{id}")).await.0, 404);
        assert_eq!(browser.get("/digests/999999").await.0, 404);
        assert_eq!(browser.get("/digests/nope").await.0, 400);
        let (status, team) = browser.get("/teams/core/digest").await;
        assert_eq!(status, 200);
        assert!(team.contains("Decisions made"), "{team}");
        assert!(
            browser
                .get("/teams/core")
                .await
                .1
                .contains("/teams/core/digest")
        );
        app.stop().await;
    }
);

async fn live_digest_story(app: TestApp) {
    let ana = app.signed_in("ana", Role::Member).await;
    let ben = app.signed_in_at("ben", Role::Member, "Asia/Kolkata").await;
    // Every day is a working day; the digest time is the next whole minute (the one after,
    // when that is only seconds away), so the real worker loop has to send it.
    let now = longhand_core::clock::Clock::System
        .now()
        .to_zoned(jiff::tz::TimeZone::get("Asia/Kolkata").unwrap());
    let lead = if now.second() >= 50 { 2 } else { 1 };
    let at = now
        .round(
            jiff::ZonedRound::new()
                .smallest(jiff::Unit::Minute)
                .mode(jiff::RoundMode::Trunc),
        )
        .unwrap()
        .checked_add(jiff::SignedDuration::from_mins(lead))
        .unwrap();
    let all = json!(["00:00-24:00"]);
    let week =
        json!({"mon": all, "tue": all, "wed": all, "thu": all, "fri": all, "sat": all, "sun": all});
    let calendar = json!({"time_zone": "Asia/Kolkata", "working_hours": week});
    let body = json!({"calendar": calendar, "digest_time": at.strftime("%H:%M").to_string()});
    let (status, saved) = ben.patch("/api/v1/me", body).await;
    assert_eq!(status, 200, "{saved}");
    ask(&ana, "ben", "Live question").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(150);
    while digests_sent(&app).await == 0 {
        assert!(std::time::Instant::now() < deadline, "no digest by {at}");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    let sent_at = app.count("SELECT at FROM digests").await;
    assert_eq!(sent_at, at.timestamp().as_microsecond());
    assert_eq!(digests_sent(&app).await, 1);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_goes_on_the_live_clock_sqlite() {
    live_digest_story(TestApp::spawn_live(Db::Sqlite).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_goes_on_the_live_clock_postgres() {
    if let Some(app) = TestApp::spawn_live(Db::Postgres).await {
        live_digest_story(app).await;
    }
}
