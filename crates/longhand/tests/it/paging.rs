//! Lists that grow with a workspace, a page at a time (issue #14): the inbox's pages and
//! counts, the documents list's cursor (which still hides what a reader may not see), and
//! the decision log kept between requests, which still follows every change.

use crate::both_databases;
use crate::browser::Browser;
use crate::helpers::{TestApp, code};
use crate::stories::Caller;
use longhand_domain::workspace::{Role, Visibility};
use serde_json::{Value, json};

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect()
}

fn slugs(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| d["slug"].as_str().unwrap().to_owned())
        .collect()
}

/// Ana asks Ben seven times: three urgent (due within 4 business hours), four normal.
async fn seven_asks(ana: &Caller<'_>) -> Vec<i64> {
    let mut asked = Vec::new();
    for (n, urgency) in [
        "normal", "urgent", "normal", "urgent", "normal", "urgent", "normal",
    ]
    .into_iter()
    .enumerate()
    {
        let ask = json!({"to": "ben", "kind": "review", "urgency": urgency, "title": format!("Review {n}")});
        let (status, created) = ana.post("/api/v1/asks", ask).await;
        assert_eq!(status, 201, "{created}");
        asked.push(created["id"].as_i64().unwrap());
    }
    asked
}

both_databases!(
    the_inbox_comes_in_pages_with_totals_counted_over_every_page,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben_browser = Browser::sign_in(&app, "ben", Role::Member).await;
        let ben = app.signed_in_as(ben_browser.actor.clone()).await;
        let asked = seven_asks(&ana).await;
        // Five hours on, the urgent asks are past due and lead the list.
        app.clock_forward_minutes(5 * 60);

        let mut seen = Vec::new();
        for (page, expected) in [(1, 3), (2, 3), (3, 1), (4, 0)] {
            let (status, inbox) = ben
                .get(&format!("/api/v1/inbox?page={page}&per_page=3"))
                .await;
            assert_eq!(status, 200, "{inbox}");
            let on_page = ids(&inbox["waiting_on_me"]);
            assert_eq!(on_page.len(), expected, "page {page}: {inbox}");
            assert_eq!(inbox["waiting_on_me_total"], 7);
            assert_eq!(inbox["waiting_on_me_overdue"], 3);
            assert_eq!(inbox["waiting_on_others_total"], 0);
            assert_eq!(
                (inbox["page"].as_i64(), inbox["per_page"].as_i64()),
                (Some(page), Some(3))
            );
            assert_eq!(inbox["pages"], 3);
            seen.extend(on_page);
        }
        // Every ask once, the overdue (urgent) ones first.
        let urgent = [asked[1], asked[3], asked[5]];
        assert!(seen[..3].iter().all(|id| urgent.contains(id)), "{seen:?}");
        let mut sorted = seen.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, asked);

        let (_, inbox) = ana.get("/api/v1/inbox").await;
        assert_eq!(
            ids(&inbox["waiting_on_others"]).len(),
            7,
            "the default page holds 50"
        );
        assert_eq!(
            (
                inbox["waiting_on_others_total"].as_i64(),
                inbox["waiting_on_others_overdue"].as_i64()
            ),
            (Some(7), Some(3))
        );
        assert_eq!(
            (inbox["per_page"].as_i64(), inbox["pages"].as_i64()),
            (Some(50), Some(1))
        );

        // Answering one takes it off every count.
        let respond = format!("/api/v1/asks/{}/respond", asked[1]);
        let (status, body) = ben.post(&respond, json!({"response": "approve"})).await;
        assert_eq!(status, 200, "{body}");
        let (_, inbox) = ben.get("/api/v1/inbox?per_page=3").await;
        assert_eq!(
            (
                inbox["waiting_on_me_total"].as_i64(),
                inbox["waiting_on_me_overdue"].as_i64()
            ),
            (Some(6), Some(2))
        );
        assert_eq!(ids(&inbox["recently_closed"]), [asked[1]]);

        for bad in ["page=0", "page=-2", "per_page=0", "per_page=201"] {
            let (status, body) = ben.get(&format!("/api/v1/inbox?{bad}")).await;
            assert_eq!((status, code(&body)), (422, "invalid"), "{bad}: {body}");
        }
        for bad in ["page=two", "per_page=1.5", "limit=3"] {
            let (status, body) = ben.get(&format!("/api/v1/inbox?{bad}")).await;
            assert_eq!((status, code(&body)), (400, "bad_request"), "{bad}: {body}");
        }

        // The page says how many there are and links to the rest.
        let (status, html) = ben_browser.get("/inbox").await;
        assert_eq!(status, 200);
        assert!(html.contains("(6, 2 overdue)"), "{html}");
        assert!(
            !html.contains("rel=\"next\""),
            "six asks fit on one page of 50"
        );
        let (status, html) = ben_browser.get("/inbox?page=2").await;
        assert_eq!(status, 200);
        assert!(html.contains("Nothing more on this page."), "{html}");
        for (bad, says) in [
            ("page=0", "pages start at 1"),
            ("page=x", "is not a page number"),
        ] {
            let (status, html) = ben_browser.get(&format!("/inbox?{bad}")).await;
            assert_eq!(status, 422, "{bad}");
            assert!(html.contains(says), "{bad}: {html}");
        }
        app.stop().await;
    }
);

both_databases!(
    a_long_inbox_page_links_to_the_asks_after_it,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben_browser = Browser::sign_in(&app, "ben", Role::Member).await;
        for n in 0..52 {
            let ask = json!({"to": "ben", "kind": "fyi", "urgency": "normal", "title": format!("Note {n}")});
            let (status, created) = ana.post("/api/v1/asks", ask).await;
            assert_eq!(status, 201, "{created}");
        }
        let (status, html) = ben_browser.get("/inbox").await;
        assert_eq!(status, 200);
        assert!(html.contains("(52)"), "{html}");
        assert!(
            html.contains("<a href=\"/inbox?page=2\" rel=\"next\">2 more</a>"),
            "{html}"
        );
        assert!(html.contains("Page 1 of 2"), "{html}");
        assert_eq!(html.matches("Note ").count(), 50);
        let (status, html) = ben_browser.get("/inbox?page=2").await;
        assert_eq!(status, 200);
        assert_eq!(html.matches("Note ").count(), 2);
        assert!(html.contains("rel=\"prev\""), "{html}");
        app.stop().await;
    }
);

/// Follows the `Link: <…>; rel="next"` headers from `first`; answers each page's slugs.
async fn pages(caller: &Caller<'_>, first: &str) -> Vec<Vec<String>> {
    let client = reqwest::Client::new();
    let mut next = Some(first.to_owned());
    let mut out = Vec::new();
    while let Some(path) = next.take() {
        let response = client
            .get(format!("{}{path}", caller.app().url))
            .bearer_auth(&caller.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        next = response
            .headers()
            .get("link")
            .map(|link| link.to_str().unwrap().to_owned())
            .map(|link| {
                let inner = link.strip_prefix('<').unwrap();
                let (target, rel) = inner.split_once(">; ").unwrap();
                assert_eq!(rel, "rel=\"next\"");
                target.to_owned()
            });
        let body: Value = response.json().await.unwrap();
        out.push(slugs(&body));
        assert!(out.len() < 50, "the pages end");
    }
    out
}

both_databases!(
    the_documents_list_pages_by_cursor_and_still_hides_what_a_reader_may_not_see,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let cy = app.signed_in("cy", Role::Member).await;
        let gia = app.signed_in("gia", Role::Guest).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        app.space(&ana.actor, "vault", Visibility::Private).await;
        app.add_to_space(&ana.actor, "design", &["ben", "gia"])
            .await;
        // Readable and hidden documents interleave in the list's order (newest first).
        let classes = ["public", "confidential", "internal", "restricted"];
        for n in 0..12 {
            let space = if n % 5 == 4 { "vault" } else { "design" };
            let doc = json!({"space": space, "kind": "status-update", "title": format!("Note {n:02}"),
                             "classification": classes[n % 4]});
            let (status, saved) = ana.post("/api/v1/documents", doc).await;
            assert_eq!(status, 201, "{saved}");
        }
        for caller in [&ana, &ben, &cy, &gia] {
            let who = &caller.actor.handle;
            let (_, all) = caller.get("/api/v1/documents?limit=500").await;
            let all = slugs(&all);
            let pages = pages(caller, "/api/v1/documents?kind=status-update&limit=2").await;
            assert!(pages.iter().all(|page| page.len() <= 2), "{who}: {pages:?}");
            let paged: Vec<String> = pages.concat();
            assert_eq!(paged, all, "{who}: every page in order, each document once");
            for slug in &all {
                let (status, _) = caller.get(&format!("/api/v1/documents/{slug}")).await;
                assert_eq!(status, 200, "{who} may open {slug}, which the list shows");
            }
        }
        // Ana wrote them all; Cy, in no space, sees only the open space's public and
        // internal notes; Gia, a guest in the space, its public and confidential ones.
        let (_, listed) = ana.get("/api/v1/documents?limit=500").await;
        assert_eq!(slugs(&listed).len(), 12);
        let (_, listed) = cy.get("/api/v1/documents").await;
        let expected: Vec<String> = (0..12)
            .rev()
            .filter(|n| n % 5 != 4 && matches!(classes[n % 4], "public" | "internal"))
            .map(|n| format!("note-{n:02}"))
            .collect();
        assert_eq!(slugs(&listed), expected);
        let (_, listed) = gia.get("/api/v1/documents").await;
        let expected: Vec<String> = (0..12)
            .rev()
            .filter(|n| n % 5 != 4 && matches!(classes[n % 4], "public" | "confidential"))
            .map(|n| format!("note-{n:02}"))
            .collect();
        assert_eq!(slugs(&listed), expected);

        // The last page has no Link; a cursor the list did not hand out is refused.
        let last = pages(&ana, "/api/v1/documents?limit=12").await;
        assert_eq!(last.len(), 1, "twelve fit on one page: {last:?}");
        for bad in ["nonsense", "12", "1.x", ".5"] {
            let (status, body) = ana.get(&format!("/api/v1/documents?cursor={bad}")).await;
            assert_eq!((status, code(&body)), (422, "invalid"), "{bad}: {body}");
        }
        let (status, body) = ana.get("/api/v1/documents?page=2").await;
        assert_eq!((status, code(&body)), (400, "bad_request"), "{body}");
        app.stop().await;
    }
);

both_databases!(
    the_documents_page_shows_fifty_and_links_to_older_ones,
    |app: TestApp| async move {
        let browser = Browser::sign_in(&app, "ana", Role::Member).await;
        let ana = app.signed_in_as(browser.actor.clone()).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        for n in 0..53 {
            let doc = json!({"space": "design", "kind": "status-update", "title": format!("Week {n:02}")});
            let (status, saved) = ana.post("/api/v1/documents", doc).await;
            assert_eq!(status, 201, "{saved}");
        }
        let (status, html) = browser.get("/docs?kind=status-update").await;
        assert_eq!(status, 200);
        assert_eq!(html.matches("<strong>Week ").count(), 50);
        assert!(
            html.contains("<strong>Week 52</strong>") && !html.contains("<strong>Week 02</strong>")
        );
        let marker = "<a href=\"";
        let next = html
            .split(marker)
            .filter_map(|rest| rest.split_once("\" rel=\"next\""))
            .map(|(href, _)| href.replace("&#38;", "&").replace("&amp;", "&"))
            .next()
            .expect("a link to older documents");
        assert!(
            next.starts_with("/docs?kind=status-update&after="),
            "{next}"
        );
        let (status, html) = browser.get(&next).await;
        assert_eq!(status, 200);
        assert_eq!(html.matches("<strong>Week ").count(), 3);
        assert!(html.contains("<strong>Week 02</strong>") && html.contains("No older documents."));
        let (status, _) = browser.get("/docs?after=garbage").await;
        assert_eq!(status, 422);
        app.stop().await;
    }
);

both_databases!(
    the_kept_decision_log_follows_every_change,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        let adr = json!({"space": "design", "kind": "adr", "title": "Use queues",
                         "body": "## Context\n\nOne queue per service.\n"});
        let (status, saved) = ana.post("/api/v1/documents", adr).await;
        assert_eq!(status, 201, "{saved}");
        let listed = |log: &Value| -> Vec<String> { slugs(&log["items"]) };
        let (_, log) = ben.get("/api/v1/decisions").await;
        assert_eq!(listed(&log), ["use-queues"]);
        // Read again, unchanged: the same answer.
        let (_, again) = ben.get("/api/v1/decisions").await;
        assert_eq!(again, log);

        // Restricting the record hides it from Ben at once; naming him shows it again.
        let path = "/api/v1/documents/use-queues";
        let (_, doc) = ana.get(path).await;
        let edit = json!({"base_revision": doc["document"]["revision"], "title": "Use queues",
                          "classification": "restricted", "body": doc["document"]["body"]});
        let (status, body) = ana.put(path, edit).await;
        assert_eq!(status, 200, "{body}");
        let (_, log) = ben.get("/api/v1/decisions").await;
        assert_eq!((listed(&log).len(), log["total"].as_i64()), (0, Some(0)));
        let (status, _) = ben.get("/api/v1/decisions/use-queues").await;
        assert_eq!(status, 404);
        let (status, _) = ana
            .put(
                "/api/v1/documents/use-queues/readers",
                json!({"readers": ["ben"]}),
            )
            .await;
        assert_eq!(status, 204);
        let (_, log) = ben.get("/api/v1/decisions").await;
        assert_eq!(listed(&log), ["use-queues"]);
        let (status, one) = ben.get("/api/v1/decisions/use-queues").await;
        assert_eq!(status, 200, "{one}");
        assert!(
            one["html"].as_str().unwrap_or_default().contains("<h2"),
            "the page has its body: {one}"
        );
        app.stop().await;
    }
);

both_databases!(
    a_space_page_shows_its_threads_a_page_at_a_time_and_its_members_in_part,
    |app: TestApp| async move {
        let browser = Browser::sign_in(&app, "ana", Role::Member).await;
        let ana = app.signed_in_as(browser.actor.clone()).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        for n in 0..27 {
            let thread = json!({"title": format!("Topic {n:02}"), "body": "Written down."});
            let (status, posted) = ana.post("/api/v1/spaces/design/threads", thread).await;
            assert_eq!(status, 201, "{posted}");
            app.clock_forward_minutes(1);
        }
        let mut handles = Vec::new();
        for n in 0..50 {
            let handle = format!("reader{n:02}");
            app.member(&handle, Role::Member).await;
            handles.push(handle);
        }
        let handles: Vec<&str> = handles.iter().map(String::as_str).collect();
        app.add_to_space(&ana.actor, "design", &handles).await;

        // The newest 25 threads, a link to the older ones, and 48 of the 51 members.
        let (status, html) = browser.get("/spaces/design").await;
        assert_eq!(status, 200);
        assert_eq!(html.matches(">Topic ").count(), 25, "{html}");
        assert!(html.contains(">Topic 26<") && !html.contains(">Topic 01<"));
        assert!(
            html.contains("href=\"/spaces/design?threads=2#topics\" rel=\"next\""),
            "{html}"
        );
        assert!(!html.contains("rel=\"prev\""));
        assert!(html.contains("51 members"), "{html}");
        assert_eq!(html.matches("<a href=\"/members/").count(), 48, "{html}");
        assert!(html.contains("Show all 51 members"));

        let (status, html) = browser.get("/spaces/design?threads=2").await;
        assert_eq!(status, 200);
        assert_eq!(html.matches(">Topic ").count(), 2);
        assert!(html.contains(">Topic 00<") && html.contains(">Topic 01<"));
        assert!(html.contains("href=\"/spaces/design?threads=1#topics\" rel=\"prev\""));
        assert!(!html.contains("rel=\"next\""));

        let (status, html) = browser.get("/spaces/design?members=all").await;
        assert_eq!(status, 200);
        assert_eq!(html.matches("<a href=\"/members/").count(), 51);
        assert!(!html.contains("Show all"));

        for bad in ["0", "x", "-3"] {
            let (status, html) = browser.get(&format!("/spaces/design?threads={bad}")).await;
            assert_eq!(status, 422, "{bad}: {html}");
        }

        // The API pages the same list.
        let titles = |list: &Value| -> Vec<String> {
            list.as_array()
                .unwrap()
                .iter()
                .map(|t| t["title"].as_str().unwrap().to_owned())
                .collect()
        };
        let (status, first) = ana.get("/api/v1/spaces/design/threads?per_page=10").await;
        assert_eq!(status, 200, "{first}");
        assert_eq!(titles(&first).first().map(String::as_str), Some("Topic 26"));
        assert_eq!(titles(&first).len(), 10);
        let (_, last) = ana
            .get("/api/v1/spaces/design/threads?per_page=10&page=3")
            .await;
        assert_eq!(titles(&last).len(), 7);
        assert_eq!(titles(&last).last().map(String::as_str), Some("Topic 00"));
        let (status, all) = ana.get("/api/v1/spaces/design/threads").await;
        assert_eq!((status, titles(&all).len()), (200, 27));
        let (status, err) = ana.get("/api/v1/spaces/design/threads?per_page=500").await;
        assert_eq!(status, 422, "{err}");
        app.stop().await;
    }
);
