//! The decision log: filters and pages, supersede links in both directions (stated on either
//! side, written here or imported), what a member outside a private space never sees (log,
//! page, feeds), the Atom feeds as XML, the review-date reminder, and `longhand decisions`.

use crate::both_databases;
use crate::browser::{Browser, with_password};
use crate::helpers::{Db, TestApp};
use crate::stories::Caller;
use longhand_core::ops::documents::{ImportInput, import};
use longhand_domain::workspace::{Role, Visibility};
use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::{Value, json};

const BODY: &str = "## Context\n\nWhy we had to choose.\n\n## Options considered\n\n- One\n- Two\n\n## Decision\n\nWe will do one.\n\n## Rationale\n\nIt is simpler.\n\n## Consequences\n\nLess to run.\n";

/// Writes a decision record through the API and, unless `status` is `proposed`, moves it
/// there; returns its slug.
async fn record(who: &Caller<'_>, space: &str, title: &str, fields: Value, status: &str) -> String {
    let mut all = json!({"date": "2026-03-02", "deciders": [who.actor.handle.clone()]});
    for (key, value) in fields.as_object().unwrap() {
        all[key] = value.clone();
    }
    let (code, saved) = who
        .post(
            "/api/v1/documents",
            json!({"space": space, "kind": "adr", "title": title, "intent": "Record the choice.",
                   "fields": all, "body": BODY}),
        )
        .await;
    assert_eq!(code, 201, "{saved}");
    let slug = saved["document"]["slug"].as_str().unwrap().to_owned();
    if status != "proposed" {
        let path = format!("/api/v1/documents/{slug}/status");
        let (code, body) = who
            .post(&path, json!({"base_revision": 1, "to": status}))
            .await;
        assert_eq!(code, 200, "{body}");
    }
    slug
}

fn slugs(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["slug"].as_str().unwrap().to_owned())
        .collect()
}

/// The slugs of a decision's links in one direction, with whether this record wrote them.
fn links(decision: &Value, direction: &str) -> Vec<(String, bool)> {
    decision[direction]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["slug"].as_str().unwrap_or("-").to_owned(),
                l["written"].is_string(),
            )
        })
        .collect()
}

both_databases!(
    supersedes_show_on_both_records_whichever_side_stated_it,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        app.space(&ana.actor, "Platform", Visibility::Workspace)
            .await;
        let old = record(&ana, "platform", "Use SQLite", json!({}), "accepted").await;
        let new = record(
            &ana,
            "platform",
            "Use PostgreSQL",
            json!({"supersedes": "[[use-sqlite]]"}),
            "accepted",
        )
        .await;
        let (_, sqlite) = ana.get(&format!("/api/v1/decisions/{old}")).await;
        assert_eq!(sqlite["status"], "superseded", "{sqlite}");
        assert_eq!(sqlite["recorded_status"], "accepted");
        assert_eq!(links(&sqlite, "superseded_by"), [(new.clone(), false)]);
        let (_, postgres) = ana.get(&format!("/api/v1/decisions/{new}")).await;
        assert_eq!(postgres["status"], "accepted");
        assert_eq!(links(&postgres, "supersedes"), [(old.clone(), true)]);

        // Stated only on the superseded side this time.
        let memory = record(
            &ana,
            "platform",
            "Cache in memory",
            json!({"superseded_by": "cache-in-redis"}),
            "accepted",
        )
        .await;
        let redis = record(&ana, "platform", "Cache in Redis", json!({}), "accepted").await;
        let (_, redis_view) = ana.get(&format!("/api/v1/decisions/{redis}")).await;
        assert_eq!(links(&redis_view, "supersedes"), [(memory.clone(), false)]);
        let (_, memory_view) = ana.get(&format!("/api/v1/decisions/{memory}")).await;
        assert_eq!(memory_view["status"], "superseded");
        assert_eq!(
            links(&memory_view, "superseded_by"),
            [(redis.clone(), true)]
        );

        // A reference that names no record stays as written.
        let lost = record(
            &ana,
            "platform",
            "Use queues",
            json!({"supersedes": "the 2019 batch decision"}),
            "proposed",
        )
        .await;
        let (_, lost_view) = ana.get(&format!("/api/v1/decisions/{lost}")).await;
        assert_eq!(lost_view["supersedes"][0]["slug"], Value::Null);
        assert_eq!(
            lost_view["supersedes"][0]["written"],
            "the 2019 batch decision"
        );

        let (code, superseded) = ana.get("/api/v1/decisions?status=superseded").await;
        assert_eq!(code, 200);
        let mut found = slugs(&superseded);
        found.sort();
        assert_eq!(found, [memory, old]);
    }
);

/// Imports adr-tools files into `space` as `who`, as `longhand import adr` does.
async fn import_folder(app: &TestApp, who: &Caller<'_>, space: &str, files: &[(&str, &str)]) {
    for (name, text) in files {
        let imported = longhand_domain::adr::import(name, text, space).unwrap();
        let input = ImportInput::from_adr(imported, None, name).unwrap();
        import(&app.app, &who.actor, input).await.unwrap();
    }
}

both_databases!(
    an_imported_pair_links_both_ways,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        app.space(&ana.actor, "Ledger", Visibility::Workspace).await;
        let folder = [
            (
                "0001-store-in-sqlite.md",
                "# 1. Store in SQLite\n\nDate: 2021-02-01\n\n## Status\n\nAccepted\n\n## Context\n\nSmall.\n",
            ),
            (
                "0002-store-in-postgres.md",
                "# 2. Store in PostgreSQL\n\nDate: 2022-05-03\n\n## Status\n\nAccepted\n\nSupersedes [1. Store in SQLite](0001-store-in-sqlite.md)\n\n## Context\n\nBigger.\n",
            ),
            (
                "0003-nightly-export.md",
                "# 3. Nightly export\n\nDate: 2022-06-01\n\n## Status\n\nSuperseded by [4. Stream totals](0004-stream-totals.md)\n\n## Context\n\nSlow.\n",
            ),
            (
                "0004-stream-totals.md",
                "# 4. Stream totals\n\nDate: 2023-01-09\n\n## Status\n\nAccepted\n\n## Context\n\nFaster.\n",
            ),
        ];
        import_folder(&app, &ana, "ledger", &folder).await;
        let (_, first) = ana
            .get("/api/v1/decisions/ledger-0001-store-in-sqlite")
            .await;
        assert_eq!(first["status"], "superseded", "{first}");
        assert_eq!(
            links(&first, "superseded_by"),
            [("ledger-0002-store-in-postgres".to_owned(), false)]
        );
        let (_, fourth) = ana.get("/api/v1/decisions/ledger-0004-stream-totals").await;
        assert_eq!(
            links(&fourth, "supersedes"),
            [("ledger-0003-nightly-export".to_owned(), false)]
        );
        let (_, page) = ana.get("/api/v1/decisions?space=ledger").await;
        assert_eq!(
            slugs(&page),
            [
                "ledger-0004-stream-totals",
                "ledger-0003-nightly-export",
                "ledger-0002-store-in-postgres",
                "ledger-0001-store-in-sqlite"
            ],
            "newest decision first"
        );
        assert_eq!(page["items"][3]["date"], "2021-02-01");
    }
);

both_databases!(the_log_filters_and_pages, |app: TestApp| async move {
    let ana = app.signed_in("ana", Role::Member).await;
    let bo = app.signed_in("bo", Role::Member).await;
    app.space(&ana.actor, "Platform", Visibility::Workspace)
        .await;
    app.space(&ana.actor, "Web", Visibility::Workspace).await;
    record(
        &ana,
        "platform",
        "Buy the support plan",
        json!({"date": "2025-11-03", "reversibility": "irreversible", "category": "financial"}),
        "accepted",
    )
    .await;
    record(
        &ana,
        "web",
        "Adopt htmx",
        json!({"date": "2026-01-15", "reversibility": "reversible"}),
        "accepted",
    )
    .await;
    record(
        &bo,
        "web",
        "Try server components",
        json!({"date": "2026-02-20"}),
        "proposed",
    )
    .await;
    let cases: [(&str, &[&str]); 9] = [
        (
            "",
            &[
                "try-server-components",
                "adopt-htmx",
                "buy-the-support-plan",
            ],
        ),
        ("?space=web", &["try-server-components", "adopt-htmx"]),
        ("?owner=bo", &["try-server-components"]),
        (
            "?owner=%40ana&status=accepted",
            &["adopt-htmx", "buy-the-support-plan"],
        ),
        ("?reversibility=irreversible", &["buy-the-support-plan"]),
        ("?from=2026-01-01&to=2026-01-31", &["adopt-htmx"]),
        ("?q=HTMX", &["adopt-htmx"]),
        ("?status=proposed", &["try-server-components"]),
        ("?per_page=1&page=2", &["adopt-htmx"]),
    ];
    for (query, expect) in cases {
        let (code, page) = ana.get(&format!("/api/v1/decisions{query}")).await;
        assert_eq!(code, 200, "{query}: {page}");
        assert_eq!(slugs(&page), expect, "{query}");
    }
    let (_, paged) = ana.get("/api/v1/decisions?per_page=1&page=2").await;
    assert_eq!(
        (paged["total"].as_u64(), paged["pages"].as_u64()),
        (Some(3), Some(3))
    );
    let (_, plan) = ana.get("/api/v1/decisions/buy-the-support-plan").await;
    assert_eq!(
        (plan["reversibility"].as_str(), plan["category"].as_str()),
        (Some("irreversible"), Some("financial"))
    );
    for (query, status) in [
        ("?status=maybe", 422),
        ("?from=March", 422),
        ("?from=2026-02-01&to=2026-01-01", 422),
        ("?reversibility=sometimes", 422),
        ("?space=nowhere", 404),
        ("?colour=red", 400),
    ] {
        let (code, body) = ana.get(&format!("/api/v1/decisions{query}")).await;
        assert_eq!(code, status, "{query}: {body}");
        assert!(body["error"]["message"].is_string(), "{body}");
    }
    let (code, _) = ana.get("/api/v1/decisions/no-such-decision").await;
    assert_eq!(code, 404);
    // A document that is not a decision record is no decision.
    let (_, rfc) = ana
        .post(
            "/api/v1/documents",
            json!({"space": "web", "kind": "rfc", "title": "An RFC"}),
        )
        .await;
    let (code, _) = ana
        .get(&format!(
            "/api/v1/decisions/{}",
            rfc["document"]["slug"].as_str().unwrap()
        ))
        .await;
    assert_eq!(code, 404);
});

/// The titles of a feed's entries, checking on the way that it is well-formed Atom: a real
/// XML parser reads it, and entity references are resolved as XML defines them.
fn feed_titles(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let (mut path, mut titles, mut root) = (Vec::<String>::new(), Vec::<String>::new(), None);
    let in_title = |path: &[String]| path.ends_with(&["entry".to_owned(), "title".to_owned()]);
    loop {
        match reader.read_event().expect("the feed is well-formed XML") {
            Event::Start(e) => {
                let name = e.name().as_ref().to_owned();
                if path.is_empty() {
                    let ns = e.try_get_attribute("xmlns").unwrap();
                    let ns = ns.map(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned()
                    });
                    root = Some((name.clone(), ns));
                }
                path.push(name);
                if in_title(&path) {
                    titles.push(String::new());
                }
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Text(t) if in_title(&path) => {
                let text = t.to_string();
                titles.last_mut().unwrap().push_str(&text);
            }
            Event::GeneralRef(r) if in_title(&path) => {
                let text = match &*r {
                    "lt" => "<".to_owned(),
                    "gt" => ">".to_owned(),
                    "amp" => "&".to_owned(),
                    "quot" => "\"".to_owned(),
                    "apos" => "'".to_owned(),
                    _ => r.resolve_char_ref().unwrap().unwrap().to_string(),
                };
                titles.last_mut().unwrap().push_str(&text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let atom = Some("http://www.w3.org/2005/Atom".to_owned());
    assert_eq!(root, Some(("feed".to_owned(), atom)));
    titles
}

async fn fetch(app: &TestApp, path: &str, bearer: Option<&str>) -> (u16, String, String) {
    let client = reqwest::Client::new();
    let mut request = client.get(format!("{}{path}", app.url));
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, response.text().await.unwrap())
}

both_databases!(
    a_private_spaces_decisions_never_reach_an_outsider,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let oli = with_password(&app, "oli", "Oli Tester", Role::Member).await;
        let oli = app.signed_in_as(oli).await;
        app.space(&ana.actor, "Platform", Visibility::Workspace)
            .await;
        app.space(&ana.actor, "Vault", Visibility::Private).await;
        let open = record(
            &ana,
            "platform",
            "Use <Kafka> & friends",
            json!({}),
            "accepted",
        )
        .await;
        record(
            &ana,
            "vault",
            "Raise prices",
            json!({"supersedes": format!("[[{open}]]")}),
            "accepted",
        )
        .await;

        let (_, mine) = ana.get("/api/v1/decisions").await;
        assert_eq!(slugs(&mine), ["raise-prices".to_owned(), open.clone()]);
        let (_, theirs) = oli.get("/api/v1/decisions").await;
        assert_eq!(slugs(&theirs), [open.as_str()]);
        // Nor does the private record change what the outsider reads of the open one.
        let (_, seen) = oli.get(&format!("/api/v1/decisions/{open}")).await;
        assert_eq!(
            (
                seen["status"].as_str(),
                seen["superseded_by"].as_array().map(Vec::len)
            ),
            (Some("accepted"), Some(0))
        );
        let (code, _) = oli.get("/api/v1/decisions/raise-prices").await;
        assert_eq!(code, 404);
        let (code, _) = oli.get("/api/v1/decisions?space=vault").await;
        assert_eq!(code, 404);

        let (code, kind, xml) = fetch(
            &app,
            &format!("/api/v1/decisions/feed.atom?token={}", oli.token),
            None,
        )
        .await;
        assert_eq!(
            (code, kind.as_str()),
            (200, "application/atom+xml; charset=utf-8"),
            "{xml}"
        );
        assert_eq!(feed_titles(&xml), ["Use <Kafka> & friends"]);
        assert!(xml.contains("Use &lt;Kafka&gt; &amp; friends"), "{xml}");
        let (_, _, xml) = fetch(&app, "/api/v1/decisions/feed.atom", Some(&ana.token)).await;
        assert_eq!(feed_titles(&xml), ["Raise prices", "Use <Kafka> & friends"]);
        let (code, _, xml) = fetch(
            &app,
            "/api/v1/spaces/vault/decisions/feed.atom",
            Some(&ana.token),
        )
        .await;
        assert_eq!(code, 200);
        assert_eq!(feed_titles(&xml), ["Raise prices"]);
        let (code, _, _) = fetch(
            &app,
            &format!(
                "/api/v1/spaces/vault/decisions/feed.atom?token={}",
                oli.token
            ),
            None,
        )
        .await;
        assert_eq!(code, 404);
        for path in [
            "/api/v1/decisions/feed.atom",
            "/api/v1/decisions/feed.atom?token=lh_made_up",
        ] {
            let (code, _, body) = fetch(&app, path, None).await;
            assert_eq!(code, 401, "{path}: {body}");
            assert!(body.contains("\"unauthenticated\""), "{body}");
        }

        // The pages: the log and the decision page in a browser session.
        let browser = Browser::log_in(&app, oli.actor.clone()).await;
        let (code, html) = browser.get("/decisions").await;
        assert_eq!(code, 200);
        assert!(html.contains(r#"<link rel="alternate" type="application/atom+xml" title="Decisions" href="/api/v1/decisions/feed.atom">"#), "{html}");
        assert!(
            html.contains("Use &#60;Kafka&#62; &#38; friends") && !html.contains("Raise prices"),
            "{html}"
        );
        let (code, _) = browser.get("/decisions/raise-prices").await;
        assert_eq!(code, 404);
        let (code, _) = browser.get("/decisions/raise-prices.md").await;
        assert_eq!(code, 404);
    }
);

both_databases!(
    the_pages_show_the_chain_and_export_markdown,
    |app: TestApp| async move {
        let ana = with_password(&app, "ana", "Ana Tester", Role::Member).await;
        let ana = app.signed_in_as(ana).await;
        app.space(&ana.actor, "Platform", Visibility::Workspace)
            .await;
        let old = record(&ana, "platform", "Use SQLite", json!({}), "accepted").await;
        record(&ana, "platform", "Use PostgreSQL", json!({"supersedes": old.clone(), "source": "[INC-7](https://status.example.test/inc/7)"}), "accepted").await;
        let browser = Browser::log_in(&app, ana.actor.clone()).await;
        let (_, empty) = browser.get("/decisions?status=deprecated").await;
        assert!(
            empty.contains("No decision matches these filters"),
            "{empty}"
        );
        let (code, page) = browser.get("/decisions/use-sqlite").await;
        assert_eq!(code, 200);
        assert!(
            page.contains(r#"<a href="/decisions/use-postgresql">Use PostgreSQL</a>"#),
            "{page}"
        );
        assert!(page.contains("(the record itself says accepted)"), "{page}");
        let (_, newer) = browser.get("/decisions/use-postgresql").await;
        assert!(
            newer.contains(r#"<a href="https://status.example.test/inc/7">INC-7</a>"#),
            "{newer}"
        );
        let (code, markdown) = browser.get("/decisions/use-sqlite.md").await;
        assert_eq!(code, 200);
        assert!(
            markdown.starts_with("---\ntitle: Use SQLite\nslug: use-sqlite\nkind: adr\n"),
            "{markdown}"
        );
        assert!(
            markdown.contains("\nstatus: superseded\n")
                && markdown.contains("\nsuperseded_by: use-postgresql\n"),
            "{markdown}"
        );
        let file = longhand_domain::docfile::parse(&markdown).unwrap();
        assert_eq!(file.body, BODY);
        let (_, home) = browser.get("/").await;
        assert!(
            home.contains(r#"<a href="/decisions" >Decisions</a>"#),
            "the navigation links the log"
        );
    }
);

both_databases!(
    the_review_reminder_comes_once_on_the_morning_of_its_day,
    |app: TestApp| async move {
        // ana works on Berlin time (UTC+1 in March): the reminder is due 08:00 UTC.
        let ana = app.signed_in("ana", Role::Member).await;
        app.space(&ana.actor, "Platform", Visibility::Workspace)
            .await;
        let slug = record(
            &ana,
            "platform",
            "Pin the toolchain",
            json!({"review_date": "2026-03-12"}),
            "accepted",
        )
        .await;
        let gone = record(
            &ana,
            "platform",
            "Use Make",
            json!({"review_date": "2026-03-12"}),
            "accepted",
        )
        .await;
        record(
            &ana,
            "platform",
            "Use Just",
            json!({"supersedes": gone}),
            "accepted",
        )
        .await;
        app.set_clock("2026-03-12T07:59:00Z");
        app.run_due_jobs().await;
        assert!(
            !ana.notification_kinds()
                .await
                .contains(&"decision.review_due".to_owned())
        );
        app.set_clock("2026-03-12T08:00:01Z");
        app.run_due_jobs().await;
        app.run_due_jobs().await;
        let reviews: Vec<Value> = ana
            .notifications()
            .await
            .into_iter()
            .filter(|n| n["kind"] == "decision.review_due")
            .collect();
        assert_eq!(
            reviews.len(),
            1,
            "once, and not for the superseded record: {reviews:?}"
        );
        assert_eq!(reviews[0]["link"], format!("/decisions/{slug}"));

        // Moving the date queues a reminder for the new day; the old day's job does nothing.
        let (_, doc) = ana.get(&format!("/api/v1/documents/{slug}")).await;
        let mut fields = doc["document"]["fields"].clone();
        fields["review_date"] = json!("2026-03-20");
        let base = doc["document"]["revision"].as_i64().unwrap();
        let (code, body) = ana.put(&format!("/api/v1/documents/{slug}"), json!({"base_revision": base, "title": "Pin the toolchain", "intent": "Record the choice.", "fields": fields, "body": BODY})).await;
        assert_eq!(code, 200, "{body}");
        app.set_clock("2026-03-20T08:00:01Z");
        app.run_due_jobs().await;
        let reviews = ana
            .notifications()
            .await
            .into_iter()
            .filter(|n| n["kind"] == "decision.review_due")
            .count();
        assert_eq!(reviews, 2);
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_review_date_moved_before_it_arrives_reminds_only_on_the_new_day() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let ana = app.signed_in("ana", Role::Member).await;
    app.space(&ana.actor, "Platform", Visibility::Workspace)
        .await;
    let slug = record(
        &ana,
        "platform",
        "Pin the toolchain",
        json!({"review_date": "2026-03-12"}),
        "accepted",
    )
    .await;
    let (_, doc) = ana.get(&format!("/api/v1/documents/{slug}")).await;
    let mut fields = doc["document"]["fields"].clone();
    fields["review_date"] = json!("2026-03-13");
    let (code, body) = ana.put(&format!("/api/v1/documents/{slug}"), json!({"base_revision": 2, "title": "Pin the toolchain", "intent": "Record the choice.", "fields": fields, "body": BODY})).await;
    assert_eq!(code, 200, "{body}");
    app.set_clock("2026-03-12T12:00:00Z");
    app.run_due_jobs().await;
    assert!(
        !ana.notification_kinds()
            .await
            .contains(&"decision.review_due".to_owned())
    );
    app.set_clock("2026-03-13T08:00:01Z");
    app.run_due_jobs().await;
    let count = ana
        .notification_kinds()
        .await
        .iter()
        .filter(|k| *k == "decision.review_due")
        .count();
    assert_eq!(count, 1);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_lists_and_shows_decisions() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let ana = app.signed_in("ana", Role::Member).await;
    app.member("oli", Role::Member).await;
    app.space(&ana.actor, "Platform", Visibility::Workspace)
        .await;
    app.space(&ana.actor, "Vault", Visibility::Private).await;
    let old = record(
        &ana,
        "platform",
        "Use SQLite",
        json!({"date": "2025-01-02"}),
        "accepted",
    )
    .await;
    record(
        &ana,
        "platform",
        "Use PostgreSQL",
        json!({"supersedes": old}),
        "accepted",
    )
    .await;
    record(&ana, "vault", "Raise prices", json!({}), "proposed").await;
    let url = app.database_url.clone();
    let run = |args: &[&str]| {
        let all = [&["decisions"], args, &["--database-url", url.as_str()]].concat();
        crate::cli::run(&all, None)
    };
    let (code, out, err) = run(&["list", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let rows: Value = serde_json::from_str(&out).unwrap();
    let first = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["slug"] == "use-sqlite")
        .unwrap();
    assert_eq!(
        first,
        &json!({"slug": "use-sqlite", "title": "Use SQLite", "status": "superseded", "recorded_status": "accepted",
                "date": "2025-01-02", "space": "platform", "owner": "ana", "deciders": ["ana"], "reversibility": null,
                "category": null, "review_date": null, "supersedes": [], "superseded_by": ["use-postgresql"]})
    );
    assert_eq!(
        rows.as_array().unwrap().len(),
        3,
        "the operator reads every space"
    );
    let (code, out, _) = run(&["list", "--format", "json", "--as", "oli"]);
    assert_eq!(code, 0);
    assert!(!out.contains("raise-prices"), "{out}");
    let (code, out, _) = run(&["list", "--status", "superseded", "--space", "platform"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("DATE")
            && lines[1].starts_with("2025-01-02  superseded  platform  use-sqlite"),
        "{out}"
    );
    let (code, out, _) = run(&["show", "use-postgresql", "--format", "json"]);
    assert_eq!(code, 0);
    let shown: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (shown["supersedes"].clone(), shown["body"].as_str()),
        (json!(["use-sqlite"]), Some(BODY))
    );
    let (code, out, _) = run(&["show", "use-sqlite"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("superseded (the record says accepted)"),
        "{out}"
    );
    for (args, message) in [
        (&["show", "nope"][..], "nope: no such decision"),
        (
            &["list", "--status", "maybe"][..],
            "unknown status \"maybe\"",
        ),
        (&["list", "--space", "nowhere"][..], "no such space"),
        (
            &["show", "raise-prices", "--as", "oli"][..],
            "no such decision",
        ),
    ] {
        let (code, _, err) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    app.stop().await;
}

const RFC: &str = "## TL;DR\n\nCache sessions in Redis.\n\n## Context\n\nLogins hit the database on every request.\n\n## Proposal\n\nA Redis cache with a 30-minute expiry.\n\n## Alternatives considered\n\nDoing nothing.\n\n## Decision criteria\n\nLatency first.\n\n## Ask\n\nReview by Friday; this needs a detailed review.\n\n## Open questions\n\nNone yet.\n";

/// Posts to round `number` of `rfc` and expects `status`.
async fn on_round(
    who: &Caller<'_>,
    rfc: &str,
    number: i64,
    action: &str,
    body: Value,
    status: u16,
) -> Value {
    let path = format!("/api/v1/documents/{rfc}/rounds/{number}/{action}");
    let (code, answer) = who.post(&path, body).await;
    assert_eq!(code, status, "{action}: {answer}");
    answer
}

/// `ana`'s RFC "Session cache" reviewed by `ben` and decided by `dev`: round 1 revised on
/// ben's objection, round 2 (with a question ana answers) published, superseding `old`.
/// Returns the RFC's slug and the record's.
async fn two_rounds_to_a_record(
    app: &TestApp,
    ana: &Caller<'_>,
    ben: &Caller<'_>,
    dev: &Caller<'_>,
    old: &str,
) -> (String, String) {
    let rfc = json!({"space": "design", "kind": "rfc", "title": "Session cache", "intent": "Decide how we cache sessions",
        "fields": {"deadline": "2026-03-20", "reviewers": ["ben"], "deciders": ["dev"]}, "body": RFC});
    let (code, saved) = ana.post("/api/v1/documents", rfc).await;
    assert_eq!(code, 201, "{saved}");
    let rfc = saved["document"]["slug"].as_str().unwrap().to_owned();
    let (code, opened) = ana
        .post(
            &format!("/api/v1/documents/{rfc}/rounds"),
            json!({"window": "3d"}),
        )
        .await;
    assert_eq!(code, 201, "{opened}");
    on_round(
        ben,
        &rfc,
        1,
        "verdict",
        json!({"verdict": "object", "reason": "A Redis outage signs everyone out."}),
        200,
    )
    .await;
    on_round(dev, &rfc, 1, "verdict", json!({"verdict": "approve"}), 200).await;
    app.clock_forward_minutes(60);
    on_round(ana, &rfc, 1, "close", json!({}), 200).await;
    on_round(ana, &rfc, 1, "revise", json!({}), 201).await;
    let asked = on_round(
        ben,
        &rfc,
        2,
        "questions",
        json!({"question": "Which Redis?"}),
        201,
    )
    .await;
    let id = asked["questions"][0]["id"].clone();
    on_round(
        ana,
        &rfc,
        2,
        &format!("questions/{id}/answer"),
        json!({"answer": "The managed one."}),
        200,
    )
    .await;
    on_round(
        ben,
        &rfc,
        2,
        "verdict",
        json!({"verdict": "approve_with_comments", "reason": "The fallback answers my objection."}),
        200,
    )
    .await;
    on_round(dev, &rfc, 2, "verdict", json!({"verdict": "approve"}), 200).await;
    app.clock_forward_minutes(30);
    on_round(ana, &rfc, 2, "close", json!({}), 200).await;
    let published = on_round(ana, &rfc, 2, "publish", json!({"supersedes": old}), 201).await;
    let record = published["record"]["slug"].as_str().unwrap().to_owned();
    (rfc, record)
}

both_databases!(
    a_record_published_from_a_review_shows_its_rounds,
    |app: TestApp| async move {
        let ana = with_password(&app, "ana", "Ana Tester", Role::Member).await;
        let ana = app.signed_in_as(ana).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let dev = with_password(&app, "dev", "Dev Tester", Role::Member).await;
        let dev = app.signed_in_as(dev).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        let old = record(&ana, "design", "Sessions in memory", json!({}), "accepted").await;
        let (rfc, rec) = two_rounds_to_a_record(&app, &ana, &ben, &dev, &old).await;

        // The API: both rounds, first to last, with who said what.
        let (code, detail) = ben.get(&format!("/api/v1/decisions/{rec}")).await;
        assert_eq!(code, 200, "{detail}");
        let review = &detail["review"];
        assert_eq!(review["proposal"]["slug"], rfc.as_str(), "{review}");
        assert_eq!(review["published_from"], 2);
        let rounds = review["rounds"].as_array().unwrap();
        let states: Vec<(&Value, &Value, &Value)> = rounds
            .iter()
            .map(|r| (&r["number"], &r["state"], &r["outcome"]))
            .collect();
        assert_eq!(
            states,
            [
                (&json!(1), &json!("revised"), &Value::Null),
                (&json!(2), &json!("decided"), &json!("accepted"))
            ]
        );
        let first = &rounds[0];
        assert_eq!(
            (
                first["window_label"].as_str(),
                first["closed_early"].as_bool()
            ),
            (Some("3 business days"), Some(true))
        );
        let ben_said = first["participants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["handle"] == "ben")
            .unwrap();
        assert_eq!(
            (ben_said["verdict"].as_str(), ben_said["reason"].as_str()),
            (Some("object"), Some("A Redis outage signs everyone out."))
        );
        assert_eq!(rounds[1]["questions"][0]["answer"], "The managed one.");
        assert_eq!(detail["supersedes"][0]["slug"], old.as_str());
        let (_, plain) = ben.get(&format!("/api/v1/decisions/{old}")).await;
        assert!(
            plain["review"].is_null(),
            "a record written by hand has no review: {plain}"
        );

        // The page, in the viewer's zone: ana on Berlin time, dev moved to Tokyo.
        dev.office_hours("Asia/Tokyo", json!([])).await;
        let browser = Browser::log_in(&app, ana.actor.clone()).await;
        let (code, page) = browser.get(&format!("/decisions/{rec}")).await;
        assert_eq!(code, 200);
        for expected in [
            "<h2>Review history</h2>",
            &format!(r##"of the review of <a href="/docs/{rfc}#review">Session cache</a>"##),
            "Round 1 <span class=\"badge badge-closed\">revised</span>",
            "3 business days, opened Tue 10 Mar 2026 11:00",
            "closed early on Tue 10 Mar 2026 12:00, once everyone deciding had answered; revised into round 2",
            "A Redis outage signs everyone out.",
            "<strong>Which Redis?</strong>",
            "The managed one.",
            "decided on Tue 10 Mar 2026 12:30: accepted",
        ] {
            assert!(page.contains(expected), "{expected}\n{page}");
        }
        let tokyo = Browser::log_in(&app, dev.actor.clone()).await;
        let (_, page) = tokyo.get(&format!("/decisions/{rec}")).await;
        assert!(page.contains("opened Tue 10 Mar 2026 19:00"), "{page}");
        let (_, page) = browser.get(&format!("/decisions/{old}")).await;
        assert!(
            !page.contains("Review history"),
            "no section without a review"
        );
        assert!(
            page.contains(&format!(r#"<a href="/decisions/{rec}">"#)),
            "superseded by it: {page}"
        );

        // The document pages link to the log.
        let (_, page) = browser.get(&format!("/docs/{rfc}")).await;
        assert!(
            page.contains(&format!(r#"Decided: <a href="/decisions/{rec}">"#)),
            "{page}"
        );
        assert!(
            page.contains(r#"<a href="/decisions">Every decision</a>"#),
            "{page}"
        );
        let (_, page) = browser.get(&format!("/docs/{rec}")).await;
        assert!(
            page.contains(&format!(
                r#"This record in <a href="/decisions/{rec}">the decision log</a>"#
            )),
            "{page}"
        );

        // The Markdown export, from the page and the command line, in the owner's zone.
        let (code, markdown) = tokyo.get(&format!("/decisions/{rec}.md")).await;
        assert_eq!(code, 200);
        let history = markdown
            .split_once("\n## Review history\n\n")
            .map(|(_, h)| h)
            .unwrap_or_else(|| panic!("{markdown}"));
        assert!(history.starts_with(&format!("Published from round 2 of the review of [Session cache](/docs/{rfc}). Times are Berlin time, the owner's.\n\n### Round 1: revised\n\n- Window: 3 business days, opened Tue 10 Mar 2026 11:00\n")), "{history}");
        for expected in [
            "- @ben (reviewer): object — A Redis outage signs everyone out.\n",
            "- @dev (decider): approve\n",
            "### Round 2: accepted\n",
            "- @ben (reviewer): approve with comments — The fallback answers my objection.\n",
            "- Which Redis? (@ben, due Wed 18 Mar 2026 12:00) — answered by @ana: The managed one.\n",
        ] {
            assert!(history.contains(expected), "{expected}\n{history}");
        }
        let file = longhand_domain::docfile::parse(&markdown).unwrap();
        assert!(
            file.body.contains("## Rationale"),
            "the record's own body comes first"
        );
        let url = app.database_url.clone();
        let (code, out, err) = crate::cli::run(
            &[
                "decisions",
                "show",
                &rec,
                "--format",
                "markdown",
                "--database-url",
                &url,
            ],
            None,
        );
        assert_eq!(code, 0, "{err}");
        assert_eq!(out, markdown, "the command line writes the same file");
        let (_, out, _) =
            crate::cli::run(&["decisions", "show", &rec, "--database-url", &url], None);
        assert!(
            out.contains(&format!(
                "review        {rfc}: round 1 revised, round 2 accepted"
            )),
            "{out}"
        );
        let (code, out, err) = crate::cli::run(
            &[
                "decisions",
                "show",
                &rec,
                "--format",
                "json",
                "--database-url",
                &url,
            ],
            None,
        );
        assert_eq!(code, 0, "{err}");
        let json: Value = serde_json::from_str(&out).unwrap();
        let review = &json["review"];
        assert_eq!(review["proposal"], rfc.as_str(), "{json}");
        let states: Vec<(&str, &Value)> = review["rounds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["state"].as_str().unwrap(), &r["outcome"]))
            .collect();
        assert_eq!(
            states,
            [("revised", &Value::Null), ("decided", &json!("accepted"))],
            "{json}"
        );
        assert!(
            review["rounds"][0]["people"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["verdict"] == "object" && p["reason"].is_string()),
            "round 1's objection and its reason: {json}"
        );

        // Someone who may read the record but not the proposal sees no history.
        let (_, doc) = ana.get(&format!("/api/v1/documents/{rfc}")).await;
        let edit = json!({"base_revision": doc["document"]["revision"], "title": "Session cache", "classification": "restricted",
                          "body": doc["document"]["body"]});
        let (code, body) = ana.put(&format!("/api/v1/documents/{rfc}"), edit).await;
        assert_eq!(code, 200, "{body}");
        let (_, detail) = ben.get(&format!("/api/v1/decisions/{rec}")).await;
        assert!(detail["review"].is_null(), "{detail}");
        let (_, detail) = ana.get(&format!("/api/v1/decisions/{rec}")).await;
        assert_eq!(detail["review"]["rounds"].as_array().map(Vec::len), Some(2));
        app.stop().await;
    }
);
