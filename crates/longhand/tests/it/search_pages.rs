//! The search pages in a signed-in browser, on both databases: highlighted and escaped
//! results, pages of results, nothing a reader may not open (full page and quick list), the
//! open redirect that stays on this site and records the opening, the quick list recording
//! no search, bad input answered with a page, and the documents list's text filter.

use crate::both_databases;
use crate::browser::Browser;
use crate::helpers::TestApp;
use longhand_core::ops::documents::{self as docs, DocInput, NewDocInput};
use longhand_core::ops::{self, Actor};
use longhand_domain::documents::Classification;
use longhand_domain::names::Handle;
use longhand_domain::workspace::{Role, Visibility};

/// Writes a document straight through `ops` and returns its slug.
async fn doc(
    app: &TestApp,
    author: &Actor,
    space: &str,
    kind: &str,
    title: &str,
    body: &str,
    classification: Classification,
) -> String {
    let content = DocInput {
        title: title.into(),
        intent: "For the search page tests".into(),
        classification: Some(classification),
        body: body.into(),
        ..DocInput::default()
    };
    let input = NewDocInput {
        space: space.into(),
        kind: kind.into(),
        parent: None,
        source_thread_id: None,
        content,
    };
    docs::create(&app.app, author, input)
        .await
        .unwrap()
        .doc
        .slug
}

/// Percent-encodes a query string value.
fn encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The status and HTML of `/search?q=…` plus `extra` (already encoded).
async fn search_page(who: &Browser, q: &str, extra: &str) -> (u16, String) {
    who.get(&format!("/search?q={}{extra}", encode(q))).await
}

/// How many results the page lists.
fn hit_count(html: &str) -> usize {
    html.matches("class=\"search-hit\"").count()
}

/// The first result's `/search/open` link, unescaped.
fn first_open_link(html: &str) -> String {
    let start = html
        .find("href=\"/search/open?")
        .expect("a result link through /search/open")
        + "href=\"".len();
    let end = start + html[start..].find('"').unwrap();
    html[start..end].replace("&#38;", "&")
}

both_databases!(
    the_sidebar_links_to_search_and_marks_it_current_there,
    |app: TestApp| async move {
        let ana = Browser::sign_in(&app, "ana", Role::Member).await;
        let (status, search) = ana.get("/search").await;
        assert_eq!(status, 200, "{search}");
        assert!(
            search.contains("<a href=\"/search\" aria-current=\"page\">Search</a>"),
            "{search}"
        );
        let (status, docs) = ana.get("/docs").await;
        assert_eq!(status, 200, "{docs}");
        assert!(docs.contains("<a href=\"/search\" >Search</a>"), "{docs}");
        assert!(!docs.contains("aria-current=\"page\">Search"), "{docs}");
        // The quick-search box stays beside it.
        assert!(docs.contains("id=\"quick-q\""), "{docs}");
        app.stop().await;
    }
);

both_databases!(
    results_are_highlighted_escaped_and_paged,
    |app: TestApp| async move {
        let ana = Browser::sign_in(&app, "ana", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        doc(
            &app,
            &ana.actor,
            "design",
            "rfc",
            "<script>alert('t')</script> Zebrafish tanks",
            "Keep the <b>zebrafish</b> warm & fed.",
            Classification::Internal,
        )
        .await;
        let (status, html) = search_page(&ana, "zebrafish", "").await;
        assert_eq!(status, 200, "{html}");
        assert_eq!(hit_count(&html), 1, "{html}");
        assert!(html.contains("<mark>zebrafish</mark>"), "{html}");
        assert!(!html.contains("<script>alert"), "titles are escaped");
        assert!(!html.contains("<b>zebrafish"), "snippets are escaped");
        assert!(html.contains("&#60;script&#62;alert("), "{html}");
        assert!(html.contains("warm &#38; fed"), "{html}");
        assert!(
            html.contains("value=\"zebrafish\""),
            "the box keeps the query"
        );

        for n in 1..=23 {
            doc(
                &app,
                &ana.actor,
                "design",
                "rfc",
                &format!("Kumquat note {n}"),
                "About the kumquat harvest.",
                Classification::Internal,
            )
            .await;
        }
        let (status, first) = search_page(&ana, "kumquat", "").await;
        assert_eq!(status, 200);
        assert_eq!(hit_count(&first), 20);
        assert!(first.contains("1–20 of 23 results"), "{first}");
        assert!(first.contains("Page 1 of 2"), "{first}");
        assert!(
            first.contains("href=\"/search?q=kumquat&#38;page=2\" rel=\"next\""),
            "{first}"
        );
        let (status, second) = search_page(&ana, "kumquat", "&page=2").await;
        assert_eq!(status, 200);
        assert_eq!(hit_count(&second), 3);
        assert!(second.contains("21–23 of 23 results"), "{second}");
        assert!(second.contains("rel=\"prev\""), "{second}");
        assert!(!second.contains("rel=\"next\""), "{second}");
        // The kind facet counts what matched; the thread filter leaves nothing.
        assert!(
            first.contains("Documents <span class=\"facet-count\">23<span class=\"sr-only\"> results</span></span>"),
            "{first}"
        );
        let (status, none) = search_page(&ana, "kumquat", "&kind=thread").await;
        assert_eq!(status, 200);
        assert_eq!(hit_count(&none), 0);
        assert!(none.contains("Nothing matched"), "{none}");
        assert!(
            none.contains("Search every kind and space"),
            "loosening is offered"
        );
        // Before any search: the cheat sheet.
        let (status, empty) = ana.get("/search").await;
        assert_eq!(status, 200);
        assert!(empty.contains("What you can type"), "{empty}");
        assert!(empty.contains("kind:decision"), "{empty}");
        app.stop().await;
    }
);

both_databases!(
    a_reader_never_sees_what_they_may_not_open_on_the_page_or_in_the_quick_list,
    |app: TestApp| async move {
        let ana = Browser::sign_in(&app, "ana", Role::Member).await;
        let ben = Browser::sign_in(&app, "ben", Role::Member).await;
        let sam = Browser::sign_in(&app, "sam", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        app.space(&ana.actor, "inner", Visibility::Private).await;
        let secret = doc(
            &app,
            &ana.actor,
            "design",
            "rfc",
            "Vendor shortlist",
            "The quagmirex deal terms.",
            Classification::Restricted,
        )
        .await;
        docs::set_readers(
            &app.app,
            &ana.actor,
            &secret,
            &[Handle::parse("sam").unwrap()],
        )
        .await
        .unwrap();
        doc(
            &app,
            &ana.actor,
            "inner",
            "rfc",
            "Reorg plan",
            "The quagmirex reorg.",
            Classification::Public,
        )
        .await;

        for who in [&ana, &sam] {
            let (_, html) = search_page(who, "quagmirex", "").await;
            assert!(html.contains("Vendor shortlist"), "{}", who.actor.handle);
            let (status, quick) = who.get("/search/quick?q=quagmirex").await;
            assert_eq!(status, 200);
            assert!(quick.contains("Vendor shortlist"), "{quick}");
            assert!(quick.contains("role=\"option\""), "{quick}");
        }
        let (_, html) = search_page(&ana, "quagmirex", "").await;
        assert!(html.contains("Reorg plan"), "the private space's member");
        let (status, html) = search_page(&ben, "quagmirex", "").await;
        assert_eq!(status, 200);
        assert_eq!(hit_count(&html), 0, "{html}");
        for hidden in ["Vendor shortlist", "Reorg plan", "value=\"inner\""] {
            assert!(!html.contains(hidden), "{hidden} shows to ben: {html}");
        }
        assert!(html.contains("Nothing matched"), "{html}");
        let (status, quick) = ben.get("/search/quick?q=quagmirex").await;
        assert_eq!(status, 200);
        assert!(!quick.contains("Vendor shortlist") && !quick.contains("Reorg"));
        assert!(quick.contains("No quick matches"), "{quick}");
        // Asking for the private space by name reveals nothing either.
        let (_, asked) = search_page(&ben, "quagmirex", "&space=inner").await;
        assert_eq!(hit_count(&asked), 0);
        assert!(!asked.contains("Reorg plan"));
        app.stop().await;
    }
);

both_databases!(
    opening_a_result_is_recorded_and_stays_on_this_site,
    |app: TestApp| async move {
        let ana = Browser::sign_in(&app, "ana", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        let slug = doc(
            &app,
            &ana.actor,
            "design",
            "rfc",
            "Latency budget",
            "Budgets for latency.",
            Classification::Internal,
        )
        .await;
        let (_, html) = search_page(&ana, "latency", "").await;
        let link = first_open_link(&html);
        assert!(link.ends_with(&format!("&to=%2Fdocs%2F{slug}")), "{link}");
        let search_id = link
            .trim_start_matches("/search/open?s=")
            .split('&')
            .next()
            .unwrap()
            .to_owned();

        for elsewhere in ["//evil.example", "https://evil.example", "/\\evil", ""] {
            let path = format!("/search/open?s={search_id}&to={}", encode(elsewhere));
            let (status, page) = ana.get(&path).await;
            assert_eq!(status, 400, "{elsewhere}: {page}");
            assert!(!page.contains("evil.example\""), "{page}");
        }
        let rate = || async {
            let weeks = ops::search::success_rate(&app.app, &ana.actor, 1)
                .await
                .unwrap();
            weeks
                .first()
                .map(|w| (w.searches, w.successes))
                .unwrap_or_default()
        };
        assert_eq!(rate().await, (1, 0), "a refused link records nothing");

        // An unknown or unreadable search id still goes to the page on this site.
        for s in ["999999", "not-a-number", ""] {
            let path = format!("/search/open?s={s}&to={}", encode("/docs/elsewhere"));
            let response = ana
                .client
                .get(format!("{}{path}", app.url))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 303, "{path}");
            assert_eq!(response.headers()["location"], "/docs/elsewhere");
        }
        let response = ana
            .client
            .get(format!("{}{link}", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        assert_eq!(
            response.headers()["location"].to_str().unwrap(),
            format!("/docs/{slug}")
        );
        assert_eq!(rate().await, (1, 1), "the opening counts as a success");
        app.stop().await;
    }
);

both_databases!(
    the_quick_list_records_no_search_and_the_page_records_one,
    |app: TestApp| async move {
        let ana = Browser::sign_in(&app, "ana", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        doc(
            &app,
            &ana.actor,
            "design",
            "rfc",
            "Deploy freeze",
            "No deploys on Fridays.",
            Classification::Internal,
        )
        .await;
        let before = app.count("SELECT COUNT(*) FROM searches").await;
        for typed in ["d", "de", "dep", "depl", "deplo", "deploy"] {
            let (status, quick) = ana.get(&format!("/search/quick?q={typed}")).await;
            assert_eq!(status, 200, "{quick}");
            assert!(quick.contains("See all results"), "{quick}");
        }
        let (_, quick) = ana.get("/search/quick?q=deploy").await;
        assert!(quick.contains("Deploy freeze"), "{quick}");
        assert!(quick.contains("href=\"/search?q=deploy\""), "{quick}");
        let (status, blank) = ana.get("/search/quick?q=+").await;
        assert_eq!(status, 200);
        assert!(!blank.contains("role=\"option\""), "{blank}");
        assert_eq!(app.count("SELECT COUNT(*) FROM searches").await, before);
        search_page(&ana, "deploy", "").await;
        assert_eq!(app.count("SELECT COUNT(*) FROM searches").await, before + 1);
        app.stop().await;
    }
);

both_databases!(
    bad_input_gets_a_page_not_a_server_error,
    |app: TestApp| async move {
        let ana = Browser::sign_in(&app, "ana", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        doc(
            &app,
            &ana.actor,
            "design",
            "rfc",
            "Cache plan",
            "Cache it.",
            Classification::Internal,
        )
        .await;
        for (extra, wanted) in [
            ("&page=0", "page must be between 1 and"),
            ("&page=101", "page must be between 1 and"),
            ("&page=abc", "page must be between 1 and"),
            ("&page=99999999999999", "page must be between 1 and"),
            ("&order=oldest", "must be relevance or newest"),
            ("&kind=memo", "must be document, decision"),
        ] {
            let (status, html) = search_page(&ana, "cache", extra).await;
            assert_eq!(status, 422, "{extra}: {html}");
            assert!(html.contains(wanted), "{extra}: {html}");
            assert!(html.contains("id=\"search-q\""), "the box is still there");
        }
        let huge = "cache ".repeat(900);
        let (status, html) = search_page(&ana, &huge, "").await;
        assert_eq!(status, 200, "{} bytes", html.len());
        assert!(html.contains("cut to its first 1,000 characters"), "a note");
        let (status, _) = ana.get(&format!("/search/quick?q={}", encode(&huge))).await;
        assert_eq!(status, 200);
        let (status, html) = search_page(&ana, "\"cache", "").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("We read your search a little differently"),
            "{html}"
        );
        assert_eq!(hit_count(&html), 1, "{html}");
        for path in ["/docs?q=cache&page=0", "/docs?q=cache&status=%22x%22"] {
            let (status, html) = ana.get(path).await;
            assert_eq!(status, 422, "{path}: {html}");
        }
        app.stop().await;
    }
);

both_databases!(
    the_documents_list_filters_by_text,
    |app: TestApp| async move {
        let ana = Browser::sign_in(&app, "ana", Role::Member).await;
        let ben = Browser::sign_in(&app, "ben", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        app.space(&ana.actor, "ops", Visibility::Workspace).await;
        doc(
            &app,
            &ana.actor,
            "design",
            "rfc",
            "Retire the hamster wheel",
            "The hamster wheel squeaks.",
            Classification::Internal,
        )
        .await;
        doc(
            &app,
            &ana.actor,
            "design",
            "adr",
            "Hamster food decision",
            "We buy hamster food in bulk.",
            Classification::Internal,
        )
        .await;
        doc(
            &app,
            &ana.actor,
            "ops",
            "rfc",
            "Hamster rota",
            "Who feeds the hamster.",
            Classification::Restricted,
        )
        .await;
        doc(
            &app,
            &ana.actor,
            "design",
            "rfc",
            "Unrelated memo",
            "Nothing about rodents.",
            Classification::Internal,
        )
        .await;

        let (status, all) = ana.get("/docs?q=hamster").await;
        assert_eq!(status, 200, "{all}");
        for title in [
            "Retire the hamster wheel",
            "Hamster food decision",
            "Hamster rota",
        ] {
            assert!(all.contains(title), "{title}: {all}");
        }
        assert!(!all.contains("Unrelated memo"), "{all}");
        assert!(all.contains("3 documents match"), "{all}");
        assert!(all.contains("value=\"hamster\""), "the box keeps the text");

        let (_, adr) = ana.get("/docs?q=hamster&kind=adr").await;
        assert!(adr.contains("Hamster food decision"), "{adr}");
        assert!(!adr.contains("Retire the hamster wheel") && !adr.contains("Hamster rota"));
        let (_, ops_only) = ana.get("/docs?q=hamster&space=ops").await;
        assert!(ops_only.contains("Hamster rota"), "{ops_only}");
        assert!(!ops_only.contains("Retire the hamster wheel"), "{ops_only}");
        let (_, draft) = ana.get("/docs?q=hamster&status=published").await;
        assert!(draft.contains("No documents match"), "{draft}");
        // The controls are not words in front of the reader's text: a query using its whole
        // budget of 32 terms keeps its last word with a kind chosen.
        let full: Vec<String> = (0..31)
            .map(|i| format!("-zq{i}"))
            .chain(["wheel".to_owned()])
            .collect();
        let path = format!("/docs?q={}&kind=rfc", encode(&full.join(" ")));
        let (status, budget) = ana.get(&path).await;
        assert_eq!(status, 200, "{budget}");
        assert!(budget.contains("Retire the hamster wheel"), "{budget}");
        assert!(!budget.contains("Unrelated memo"), "{budget}");
        assert!(!budget.contains("only the first 32 terms"), "{budget}");

        let (status, bens) = ben.get("/docs?q=hamster").await;
        assert_eq!(status, 200);
        assert!(!bens.contains("Hamster rota"), "restricted: {bens}");
        assert!(bens.contains("2 documents match"), "{bens}");
        // Without text, the list is the plain one, newest first.
        let (_, plain) = ana.get("/docs?q=").await;
        assert!(plain.contains("Unrelated memo"), "{plain}");
        app.stop().await;
    }
);
