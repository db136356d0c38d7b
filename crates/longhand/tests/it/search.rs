//! Search end to end, on both databases: nothing a reader may not open shows in hits, counts
//! or facets; the query language and ranking as a table; the index staying equal to a scan
//! of the database through a seeded random sequence of changes; rebuilding or catching up
//! after a restart; bad input; the success rate; and the command line.

use crate::both_databases;
use crate::helpers::{TestApp, code};
use crate::stories::Caller;
use longhand_core::Store;
use longhand_core::clock::Clock;
use longhand_core::ops::{self, Actor, App};
use longhand_core::views::search::{SearchOrder, SearchRequest};
use longhand_domain::names::Handle;
use longhand_domain::workspace::{Role, SpaceRole, Visibility};
use serde_json::{Value, json};

/// Writes a document through the API and returns its slug.
async fn doc(
    author: &Caller<'_>,
    space: &str,
    kind: &str,
    title: &str,
    body: &str,
    class: &str,
) -> String {
    let input = json!({"space": space, "kind": kind, "title": title, "body": body,
                       "classification": class, "intent": "For the search tests"});
    let (status, saved) = author.post("/api/v1/documents", input).await;
    assert_eq!(status, 201, "{saved}");
    saved["document"]["slug"].as_str().unwrap().to_owned()
}

/// Searches through the API; status and body.
async fn search(who: &Caller<'_>, query: &str) -> Value {
    let path = format!("/api/v1/search?q={}", urlencode(query));
    let (status, body) = who.get(&path).await;
    assert_eq!(status, 200, "{query}: {body}");
    body
}

fn urlencode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn titles(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap().to_owned())
        .collect()
}

fn facet_values(results: &Value, which: &str) -> Vec<String> {
    results["facets"][which]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}={}", f["value"].as_str().unwrap(), f["count"]))
        .collect()
}

both_databases!(
    nothing_a_reader_may_not_open_shows_in_hits_counts_or_facets,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let oli = app.signed_in("oli", Role::Member).await;
        let ada = app.signed_in("ada", Role::Admin).await;
        let gus = app.signed_in("gus", Role::Guest).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        app.space(&ana.actor, "inner", Visibility::Private).await;
        app.add_to_space(&ana.actor, "design", &["gus"]).await;

        let secret = doc(
            &ana,
            "design",
            "rfc",
            "Vendor shortlist",
            "The zanzibarquux deal terms.",
            "restricted",
        )
        .await;
        let (status, body) = ana
            .put(
                &format!("/api/v1/documents/{secret}/readers"),
                json!({"readers": ["ben"]}),
            )
            .await;
        assert_eq!(status, 204, "{body}");
        doc(
            &ana,
            "inner",
            "rfc",
            "Reorg plan",
            "The quokkaplan timeline.",
            "public",
        )
        .await;
        doc(
            &ana,
            "design",
            "rfc",
            "Open notes",
            "Everyone may read about the quokkaplan.",
            "internal",
        )
        .await;

        // The restricted document: its owner and its named reader find it; nobody else does,
        // and no count or facet gives it away.
        for who in [&ana, &ben] {
            let found = search(who, "zanzibarquux").await;
            assert_eq!(titles(&found), ["Vendor shortlist"], "{}", who.actor.handle);
            assert_eq!(found["total"], 1);
        }
        for who in [&oli, &ada, &gus] {
            let found = search(who, "zanzibarquux").await;
            assert_eq!(titles(&found), Vec::<String>::new(), "{}", who.actor.handle);
            assert_eq!(found["total"], 0, "{found}");
            assert_eq!(found["facets"]["kinds"], json!([]), "{found}");
            assert_eq!(found["facets"]["spaces"], json!([]), "{found}");
        }

        // The private space's document: its member finds it; an admin outside does not, and
        // the space's name appears nowhere, not even when asked for by slug.
        let found = search(&ana, "quokkaplan").await;
        assert_eq!(found["total"], 2, "{found}");
        assert_eq!(facet_values(&found, "spaces"), ["design=1", "inner=1"]);
        for who in [&ada, &oli] {
            let found = search(who, "quokkaplan").await;
            assert_eq!(titles(&found), ["Open notes"], "{found}");
            assert_eq!(facet_values(&found, "spaces"), ["design=1"]);
            let asked = search(who, "quokkaplan space:inner").await;
            assert_eq!(asked["total"], 0, "{asked}");
            assert!(!asked.to_string().contains("Reorg"), "{asked}");
        }
        // A guest reads public documents of spaces they belong to, not internal ones.
        let found = search(&gus, "quokkaplan").await;
        assert_eq!(found["total"], 0, "{found}");
        app.stop().await;
    }
);

both_databases!(
    comments_threads_and_asks_follow_their_own_readers,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let oli = app.signed_in("oli", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        app.space(&ana.actor, "inner", Visibility::Private).await;
        let slug = doc(
            &ana,
            "design",
            "rfc",
            "Cache plan",
            "Body text.",
            "confidential",
        )
        .await;
        let (status, body) = ana
            .post(
                &format!("/api/v1/documents/{slug}/threads"),
                json!({"body": "What about the wombatcache?"}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let thread = body["thread"]["id"].as_i64().unwrap();
        let (status, body) = ana
            .post(
                &format!("/api/v1/threads/{thread}/comments"),
                json!({"body": "The wombatcache needs a TTL."}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let (status, body) = ana
            .post(
                "/api/v1/spaces/inner/threads",
                json!({"title": "Offsite wombatcache", "body": "Private chatter."}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let ask = json!({"to": "ben", "kind": "review", "urgency": "normal", "title": "Review the wombatcache"});
        let (status, body) = ana.post("/api/v1/asks", ask).await;
        assert_eq!(status, 201, "{body}");

        let found = search(&ana, "wombatcache").await;
        assert_eq!(found["total"], 4, "{found}");
        assert_eq!(
            facet_values(&found, "kinds"),
            ["comment=1", "thread=2", "ask=1"]
        );
        let hrefs: Vec<&str> = found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["href"].as_str().unwrap())
            .collect();
        assert!(
            hrefs
                .iter()
                .any(|h| h.starts_with(&format!("/threads/{thread}#c"))),
            "{hrefs:?}"
        );
        assert!(hrefs.iter().any(|h| h.starts_with("/asks/")), "{hrefs:?}");
        let highlighted: Vec<&str> = found["hits"][0]["snippet"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["highlighted"] == true)
            .map(|f| f["text"].as_str().unwrap())
            .collect();
        assert!(
            highlighted
                .iter()
                .all(|t| t.eq_ignore_ascii_case("wombatcache")),
            "{found}"
        );

        // Ben is asked but is not in the confidential document's space nor in `inner`.
        let found = search(&ben, "wombatcache").await;
        assert_eq!(facet_values(&found, "kinds"), ["ask=1"], "{found}");
        // Oli is party to nothing.
        let found = search(&oli, "wombatcache").await;
        assert_eq!(found["total"], 0, "{found}");
        // Joining the space opens the document's threads to Ben at once: membership is read
        // at query time, not stored in the index.
        let (status, body) = ben.post_empty("/api/v1/spaces/design/join").await;
        assert_eq!(status, 200, "{body}");
        let found = search(&ben, "wombatcache").await;
        assert_eq!(
            facet_values(&found, "kinds"),
            ["comment=1", "thread=1", "ask=1"],
            "{found}"
        );
        app.stop().await;
    }
);

/// A hit's snippet as one string, highlighted words in brackets.
fn snippet_of(hit: &Value) -> String {
    hit["snippet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let text = f["text"].as_str().unwrap();
            if f["highlighted"] == true {
                format!("[{text}]")
            } else {
                text.to_owned()
            }
        })
        .collect()
}

both_databases!(
    snippets_read_markdown_as_prose_without_markup_or_urls,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        doc(
            &ana,
            "design",
            "rfc",
            "Read path",
            "**Quorum** reads [the guide](https://x.example)",
            "internal",
        )
        .await;
        let found = search(&ana, "quorum").await;
        assert_eq!(snippet_of(&found["hits"][0]), "[Quorum] reads the guide");
        // The link target is not text a reader sees, so it matches nothing either.
        let found = search(&ana, "example").await;
        assert_eq!(found["total"], 0, "{found}");

        let (status, body) = ana
            .post(
                "/api/v1/spaces/design/threads",
                json!({"title": "Fences", "body": "# Heading\n\n- `quorum` list\n\n```\nquorum code\n```"}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let found = search(&ana, "quorum kind:thread").await;
        let snippet = snippet_of(&found["hits"][0]);
        // Blocks stay apart: a heading does not run into the list after it.
        assert_eq!(
            snippet, "Heading \u{b7} [quorum] list \u{b7} [quorum] code",
            "{found}"
        );
        app.stop().await;
    }
);

/// `core`, led by mel, with sam and ann in it, checks in daily at 09:00 (Berlin).
async fn core_team(app: &TestApp, mel: &Actor) {
    use longhand_core::ops::checkins::{self, ScheduleInput};
    use longhand_domain::names::DisplayName;
    let input = ops::teams::TeamInput {
        name: DisplayName::parse("Core").unwrap(),
        slug: None,
        description: String::new(),
        dri: Handle::parse(&mel.handle).unwrap(),
    };
    ops::teams::create(&app.app, mel, input).await.unwrap();
    for handle in ["sam", "ann"] {
        ops::teams::add_member(&app.app, mel, "core", &Handle::parse(handle).unwrap())
            .await
            .unwrap();
    }
    let schedule = ScheduleInput::parse("daily", None, "09:00", None).unwrap();
    checkins::set_schedule(&app.app, mel, "core", schedule)
        .await
        .unwrap();
}

/// sam's check-in with `done` and a blocker mel owns; its page's address.
async fn check_in(app: &TestApp, sam: &Actor, done: &str) -> String {
    use longhand_core::ops::checkins::{self, CheckinInput};
    let input = CheckinInput {
        done: done.into(),
        blockers: vec![longhand_domain::checkins::parse_blocker("Needs quasarvault @mel").unwrap()],
        ..CheckinInput::default()
    };
    let answered = checkins::answer(&app.app, sam, "core", input)
        .await
        .unwrap();
    let date = answered.checkin.period.unwrap().date;
    format!("/checkins/core/sam/{date}")
}

fn hrefs(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["href"].as_str().unwrap().to_owned())
        .collect()
}

both_databases!(
    check_ins_are_found_by_whoever_sees_their_team_and_an_edit_replaces_the_old_text,
    |app: TestApp| async move {
        let mel = app.signed_in("mel", Role::Member).await;
        let sam = app.signed_in("sam", Role::Member).await;
        let ann = app.signed_in("ann", Role::Member).await;
        let oli = app.signed_in("oli", Role::Member).await;
        let ada = app.signed_in("ada", Role::Admin).await;
        let gus = app.signed_in("gus", Role::Guest).await;
        core_team(&app, &mel.actor).await;
        app.set_clock("2026-03-11T08:30:00.250001Z");
        let page = check_in(&app, &sam.actor, "Tuned the xylophonequux cache").await;

        // Its author, a teammate, the team's DRI and an admin: as on the check-in's page.
        for who in [&sam, &ann, &mel, &ada] {
            let found = search(who, "xylophonequux").await;
            assert_eq!(
                hrefs(&found),
                std::slice::from_ref(&page),
                "{}: {found}",
                who.actor.handle
            );
            assert_eq!(found["hits"][0]["kind"], "checkin", "{found}");
            assert_eq!(facet_values(&found, "kinds"), ["checkin=1"], "{found}");
            // The blocker's text is part of the answer.
            let found = search(who, "quasarvault kind:checkin").await;
            assert_eq!(found["total"], 1, "{}: {found}", who.actor.handle);
        }
        // Outside the team, as a member or a guest: nothing, and nothing counted.
        for who in [&oli, &gus] {
            for q in ["xylophonequux", "kind:checkin"] {
                let found = search(who, q).await;
                assert_eq!(found["total"], 0, "{}: {found}", who.actor.handle);
                assert_eq!(found["facets"]["kinds"], json!([]), "{found}");
                assert_eq!(found["hits"], json!([]), "{found}");
            }
        }

        // An edit of the same period's answer replaces the text in the index.
        assert_eq!(
            check_in(&app, &sam.actor, "Replaced it with zebracornix").await,
            page
        );
        let found = search(&ann, "xylophonequux").await;
        assert_eq!(found["total"], 0, "{found}");
        let found = search(&ann, "zebracornix").await;
        assert_eq!(hrefs(&found), std::slice::from_ref(&page), "{found}");

        // A full rebuild (`longhand reindex`) reads check-ins from the tables too.
        ops::search::rebuild(&app.app, &|_| {}).await.unwrap();
        let found = search(&mel, "zebracornix kind:checkin").await;
        assert_eq!(hrefs(&found), [page], "{found}");
        let found = search(&oli, "zebracornix").await;
        assert_eq!(found["total"], 0, "{found}");
        app.stop().await;
    }
);

/// Whether a row of the ranking table checks the order or only the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    /// Scores differ: the order is what is tested.
    Ranked,
    /// Scores tie (filters only, typos): only which documents.
    Set,
}

/// One row of the ranking table: a query, the titles expected, and whether in that order.
type Row = (&'static str, &'static [&'static str], Order);

both_databases!(
    the_query_language_and_ranking_as_a_table,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        app.space(&ana.actor, "ops", Visibility::Workspace).await;
        let docs = [
            (
                &ana,
                "design",
                "rfc",
                "Rollback strategy",
                "How we undo a release.",
            ),
            (
                &ana,
                "design",
                "rfc",
                "Release train",
                "Every release can be rolled back: rollback is one command.",
            ),
            (
                &ben,
                "ops",
                "rfc",
                "Deployment checklist",
                "Steps for a feature flag flip before deploying.",
            ),
            (
                &ben,
                "ops",
                "rfc",
                "Flag hygiene",
                "Remove each flag after the feature ships.",
            ),
            (
                &ana,
                "design",
                "adr",
                "Use feature flags",
                "We decided on a feature flag service.",
            ),
        ];
        for (who, space, kind, title, body) in docs {
            doc(who, space, kind, title, body, "internal").await;
            app.clock_forward_minutes(1);
        }

        use Order::{Ranked, Set};
        let table: &[Row] = &[
            // A title match ranks above a body match.
            ("rollback", &["Rollback strategy", "Release train"], Ranked),
            // A phrase needs its words together, in order; words alone need them anywhere.
            (
                "\"feature flag\"",
                &["Use feature flags", "Deployment checklist"],
                Ranked,
            ),
            (
                "feature flag",
                &["Use feature flags", "Flag hygiene", "Deployment checklist"],
                Ranked,
            ),
            // Exclusions.
            (
                "flag -hygiene",
                &["Use feature flags", "Deployment checklist"],
                Ranked,
            ),
            ("flag -\"feature flag\"", &["Flag hygiene"], Ranked),
            // A prefix finds the longer words; a typo in a long word is forgiven.
            ("deploym*", &["Deployment checklist"], Set),
            ("rollbakc", &["Rollback strategy", "Release train"], Set),
            ("chekclist", &["Deployment checklist"], Set),
            // Short words get no typo tolerance.
            ("flat", &[], Set),
            // Filters.
            ("flag kind:decision", &["Use feature flags"], Set),
            (
                "flag kind:rfc",
                &["Flag hygiene", "Deployment checklist"],
                Set,
            ),
            (
                "flag space:ops",
                &["Flag hygiene", "Deployment checklist"],
                Set,
            ),
            (
                "author:ben kind:rfc",
                &["Flag hygiene", "Deployment checklist"],
                Set,
            ),
            ("flag status:proposed", &["Use feature flags"], Set),
            ("rollback before:2000-01-01", &[], Set),
            (
                "rollback after:2000-01-01",
                &["Rollback strategy", "Release train"],
                Ranked,
            ),
        ];
        let mut failures = Vec::new();
        for (query, expect, order) in table {
            let mut got = titles(&search(&ana, query).await);
            let mut want: Vec<String> = expect.iter().map(|s| (*s).to_owned()).collect();
            if *order == Set {
                got.sort();
                want.sort();
            }
            if got != want {
                failures.push(format!("{query}: expected {want:?}, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));

        // Newest first: the last document written comes first.
        let (_, newest) = ana.get("/api/v1/search?q=flag&order=newest").await;
        assert_eq!(
            titles(&newest),
            ["Use feature flags", "Flag hygiene", "Deployment checklist"]
        );
        // Equal scores fall back to recency: the typo matches tie.
        assert_eq!(
            titles(&search(&ana, "rollbakc").await),
            ["Release train", "Rollback strategy"]
        );
        // Notes say how a query was read.
        let found = search(&ana, "rollback foo:bar \"open").await;
        assert_eq!(found["notes"].as_array().unwrap().len(), 2, "{found}");
        // Pagination, and the page's kind filter narrowing hits but not the kind facet.
        let (_, first) = ana.get("/api/v1/search?q=flag&per_page=2").await;
        let (_, second) = ana.get("/api/v1/search?q=flag&per_page=2&page=2").await;
        assert_eq!(
            (
                first["total"].as_u64(),
                titles(&first).len(),
                titles(&second).len()
            ),
            (Some(3), 2, 1)
        );
        assert!(titles(&second).iter().all(|t| !titles(&first).contains(t)));
        let (_, decisions) = ana.get("/api/v1/search?q=flag&kind=decision").await;
        assert_eq!(titles(&decisions), ["Use feature flags"]);
        assert_eq!(decisions["total"], 1);
        assert_eq!(
            facet_values(&decisions, "kinds"),
            ["document=2", "decision=1"]
        );
        app.stop().await;
    }
);

both_databases!(
    a_word_many_entries_hold_is_not_widened_to_its_typos,
    |app: TestApp| async move {
        // Typo tolerance is for words that look misspelled: one the workspace writes fifty
        // times over is taken as written, while a rare one still reaches its neighbours.
        let ana = app.signed_in("ana", Role::Member).await;
        app.space(&ana.actor, "ops", Visibility::Workspace).await;
        for n in 0..50 {
            let body = format!("Step {n} of the rollout.");
            doc(&ana, "ops", "rfc", &format!("Part {n}"), &body, "internal").await;
        }
        doc(
            &ana,
            "ops",
            "rfc",
            "Odd one",
            "The rollaut slipped.",
            "internal",
        )
        .await;
        let total = |found: &Value| found["total"].as_u64();
        assert_eq!(total(&search(&ana, "rollout").await), Some(50));
        assert_eq!(total(&search(&ana, "rollaut").await), Some(51));
        assert_eq!(total(&search(&ana, "rolluot").await), Some(50));
        app.stop().await;
    }
);

both_databases!(
    bad_input_is_a_4xx_or_a_sane_answer,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        doc(&ana, "design", "rfc", "Plain", "Words.", "internal").await;
        for (path, status, error) in [
            ("/api/v1/search?q=x&page=0", 422, "invalid"),
            ("/api/v1/search?q=x&page=101", 422, "invalid"),
            ("/api/v1/search?q=x&per_page=9999", 422, "invalid"),
            ("/api/v1/search?q=x&per_page=0", 422, "invalid"),
            ("/api/v1/search?q=x&page=-1", 400, "bad_request"),
            ("/api/v1/search?q=x&order=best", 422, "invalid"),
            ("/api/v1/search?q=x&kind=memo", 422, "invalid"),
            ("/api/v1/search?q=x&bogus=1", 400, "bad_request"),
        ] {
            let (got, body) = ana.get(path).await;
            assert_eq!((got, code(&body)), (status, error), "{path}: {body}");
        }
        // hyper refuses a request line past 64 KiB, so the API gets 40 KB of query and the
        // operation itself 100 KB; both read the first 1,000 characters and say so.
        let long = "word ".repeat(8_000);
        let (status, body) = ana
            .get(&format!("/api/v1/search?q={}", urlencode(&long)))
            .await;
        assert_eq!(status, 200, "{body}");
        assert!(body["notes"].to_string().contains("cut"), "{body}");
        let huge = SearchRequest::new("word ".repeat(20_000));
        let results = ops::search::search(&app.app, &ana.actor, &huge)
            .await
            .unwrap();
        assert!(
            results.notes.iter().any(|n| n.contains("cut")),
            "{:?}",
            results.notes
        );
        for odd in [
            "\u{0}",
            "👍🏽 \"",
            "-",
            "*",
            "İ*",
            "\u{202e}words",
            "a:b:c",
            "\"\"",
            "kind:",
        ] {
            let found = search(&ana, odd).await;
            assert!(found["total"].as_u64().is_some(), "{odd:?}: {found}");
        }
        // An empty query asks for nothing and records nothing.
        let found = search(&ana, "  ").await;
        assert_eq!(
            (found["total"].as_u64(), found["search_id"].is_null()),
            (Some(0), true)
        );
        app.stop().await;
    }
);

both_databases!(
    the_success_rate_counts_results_opened_within_a_minute,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        let ben = app.signed_in("ben", Role::Member).await;
        let gus = app.signed_in("gus", Role::Guest).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        doc(
            &ana,
            "design",
            "rfc",
            "Latency budget",
            "Budgets.",
            "internal",
        )
        .await;
        let events_before = app.count("SELECT COUNT(*) FROM events").await;

        let first = search(&ana, "latency").await;
        let id = first["search_id"].as_i64().unwrap();
        app.clock_forward(jiff::SignedDuration::from_secs(30));
        let opened = json!({"search_id": id, "href": "/docs/latency-budget"});
        let (status, body) = ana.post("/api/v1/search/opened", opened.clone()).await;
        assert_eq!(status, 204, "{body}");
        // Someone else's search is not theirs to mark.
        let (status, body) = ben.post("/api/v1/search/opened", opened).await;
        assert_eq!((status, code(&body)), (404, "not_found"), "{body}");
        let (status, body) = ana
            .post(
                "/api/v1/search/opened",
                json!({"search_id": id, "href": "https://elsewhere.example"}),
            )
            .await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");

        // Opened two minutes later is not a success.
        let late = search(&ana, "budget").await["search_id"].as_i64().unwrap();
        app.clock_forward(jiff::SignedDuration::from_secs(120));
        let (status, _) = ana
            .post(
                "/api/v1/search/opened",
                json!({"search_id": late, "href": "/docs/latency-budget"}),
            )
            .await;
        assert_eq!(status, 204);
        search(&ben, "nothing-opened").await;

        // Searches are not workspace changes: no event.
        assert_eq!(
            app.count("SELECT COUNT(*) FROM events").await,
            events_before
        );
        let (status, rate) = ben.get("/api/v1/insights/search-success").await;
        assert_eq!(status, 200, "{rate}");
        assert_eq!(rate["window_seconds"], 60);
        let weeks = rate["weeks"].as_array().unwrap();
        assert_eq!(weeks.len(), 1, "{rate}");
        assert_eq!(
            (
                weeks[0]["searches"].as_u64(),
                weeks[0]["successes"].as_u64()
            ),
            (Some(3), Some(1))
        );
        let (status, body) = gus.get("/api/v1/insights/search-success").await;
        assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
        let (status, body) = ben.get("/api/v1/insights/search-success?weeks=0").await;
        assert_eq!((status, code(&body)), (422, "invalid"), "{body}");
        app.stop().await;
    }
);

/// A small deterministic generator, so a failing sequence can be replayed from its seed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Words of four letters or fewer, so typo tolerance never blurs one into another.
const WORDS: [&str; 6] = ["ruby", "jade", "opal", "onyx", "zinc", "lime"];
const CLASSES: [&str; 4] = ["public", "internal", "confidential", "restricted"];
const PEOPLE: [&str; 4] = ["mia", "noa", "ola", "gil"];

/// The documents `who` may read (through the documents' own check) whose title or body has
/// `word`, as slugs, sorted.
async fn scan(app: &App, who: &Actor, slugs: &[String], word: &str) -> Vec<String> {
    let mut found = Vec::new();
    for slug in slugs {
        if let Ok(view) = ops::documents::get(app, who, slug).await {
            let text = format!("{} {}", view.doc.title, view.doc.body);
            if text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == word)
            {
                found.push(slug.clone());
            }
        }
    }
    found.sort();
    found
}

/// The documents the index finds for `word` as `who`, as slugs, sorted.
async fn indexed(app: &App, who: &Actor, word: &str) -> Vec<String> {
    let mut req = SearchRequest::new(format!("{word} kind:document"));
    req.per_page = 50;
    req.order = SearchOrder::Newest;
    let results = ops::search::lookup(app, who, &req).await.unwrap();
    assert!(results.total <= 50, "more than a page: {}", results.total);
    let mut slugs: Vec<String> = results
        .hits
        .iter()
        .map(|h| h.href.trim_start_matches("/docs/").to_owned())
        .collect();
    slugs.sort();
    assert_eq!(
        results.total as usize,
        slugs.len(),
        "the count and the hits disagree"
    );
    slugs
}

/// Where the index and a scan of the database disagree, for every reader and word.
async fn compare(app: &App, readers: &[&Actor], slugs: &[String]) -> Vec<String> {
    let mut mismatches = Vec::new();
    for who in readers {
        for word in WORDS {
            let want = scan(app, who, slugs, word).await;
            let got = indexed(app, who, word).await;
            if want != got {
                mismatches.push(format!(
                    "{} / {word}: scan {want:?}, index {got:?}",
                    who.handle
                ));
            }
        }
    }
    mismatches
}

both_databases!(
    the_index_answers_what_a_database_scan_answers_after_random_changes,
    |app: TestApp| async move {
        let owner = app.signed_in("own", Role::Member).await;
        let mut people = Vec::new();
        for (i, handle) in PEOPLE.iter().enumerate() {
            let role = if i == 3 { Role::Guest } else { Role::Member };
            people.push(app.member(handle, role).await);
        }
        app.space(&owner.actor, "alpha", Visibility::Workspace)
            .await;
        app.space(&owner.actor, "bravo", Visibility::Private).await;
        app.add_to_space(&owner.actor, "alpha", &["gil"]).await;
        let mut rng = Lcg(20_261_207);
        let mut slugs: Vec<String> = Vec::new();
        let mut revisions: Vec<i64> = Vec::new();
        let mut edits = 0;
        for step in 0..40 {
            let op = if slugs.len() < 3 { 0 } else { rng.below(6) };
            match op {
                0 => {
                    let space = rng.pick(&["alpha", "bravo"]);
                    let body = format!("{} and {}", rng.pick(&WORDS), rng.pick(&WORDS));
                    let class = rng.pick(&CLASSES);
                    let slug =
                        doc(&owner, space, "rfc", &format!("Doc {step}"), &body, class).await;
                    slugs.push(slug);
                    revisions.push(1);
                }
                1 | 2 => {
                    let i = rng.below(slugs.len());
                    let body = format!("{} then {}", rng.pick(&WORDS), rng.pick(&WORDS));
                    let class = rng.pick(&CLASSES);
                    let edit = json!({"base_revision": revisions[i], "title": format!("Doc {step}"),
                                      "intent": "For the search tests", "classification": class, "body": body});
                    let (status, saved) = owner
                        .put(&format!("/api/v1/documents/{}", slugs[i]), edit)
                        .await;
                    assert!(status < 500, "{saved}");
                    if status == 200 {
                        revisions[i] = saved["document"]["revision"].as_i64().unwrap();
                        edits += 1;
                    }
                }
                3 => {
                    let i = rng.below(slugs.len());
                    let readers: Vec<&str> = PEOPLE
                        .iter()
                        .copied()
                        .filter(|_| rng.below(2) == 0)
                        .collect();
                    let (status, body) = owner
                        .put(
                            &format!("/api/v1/documents/{}/readers", slugs[i]),
                            json!({"readers": readers}),
                        )
                        .await;
                    assert_eq!(status, 204, "{body}");
                    edits += 1;
                }
                4 => {
                    let i = rng.below(slugs.len());
                    let change = json!({"base_revision": revisions[i], "to": "archived"});
                    let (status, saved) = owner
                        .post(&format!("/api/v1/documents/{}/status", slugs[i]), change)
                        .await;
                    if status == 200 {
                        revisions[i] = saved["document"]["revision"].as_i64().unwrap();
                    }
                }
                _ => {
                    let who = Handle::parse(rng.pick(&PEOPLE)).unwrap();
                    let space = rng.pick(&["alpha", "bravo"]);
                    if rng.below(2) == 0 {
                        let _ = ops::spaces::add_member(
                            &app.app,
                            &owner.actor,
                            space,
                            &who,
                            SpaceRole::Member,
                        )
                        .await;
                    } else {
                        let _ =
                            ops::spaces::remove_member(&app.app, &owner.actor, space, &who).await;
                    }
                }
            }
            // Compared along the way too, so permission filters kept from an earlier search
            // meet the changes made since (a reader's spaces, a document's readers).
            if step % 10 == 9 {
                let readers: Vec<&Actor> = people.iter().chain([&owner.actor]).collect();
                let mismatches = compare(&app.app, &readers, &slugs).await;
                assert!(
                    mismatches.is_empty(),
                    "after step {step}:\n{}",
                    mismatches.join("\n")
                );
            }
        }
        assert!(edits >= 8, "too few edits took: {edits}");
        let readers: Vec<&Actor> = people.iter().chain([&owner.actor]).collect();
        let mismatches = compare(&app.app, &readers, &slugs).await;
        assert!(
            mismatches.is_empty(),
            "at the end:\n{}",
            mismatches.join("\n")
        );
        app.stop().await;
    }
);

/// An app over `database_url` keeping its index in `dir`, as a restarted process would.
async fn restarted(database_url: &str, dir: &std::path::Path) -> App {
    let store = Store::connect(database_url).await.unwrap();
    let app = App::new(store, Clock::System);
    app.set_search_dir(dir.to_path_buf());
    app
}

async fn titles_for(app: &App, who: &Actor, q: &str) -> Vec<String> {
    let results = ops::search::lookup(app, who, &SearchRequest::new(q))
        .await
        .unwrap();
    let mut titles: Vec<String> = results.hits.into_iter().map(|h| h.title).collect();
    titles.sort();
    titles
}

both_databases!(
    a_restart_catches_up_from_its_checkpoint_or_rebuilds_a_broken_index,
    |app: TestApp| async move {
        let ana = app.signed_in("ana", Role::Member).await;
        app.space(&ana.actor, "design", Visibility::Workspace).await;
        doc(
            &ana,
            "design",
            "rfc",
            "First",
            "Kiwifruit first.",
            "internal",
        )
        .await;
        let dir = tempfile::tempdir().unwrap();
        let search_dir = dir.path().join("search");

        // A process builds its index, then stops.
        let one = restarted(&app.database_url, &search_dir).await;
        assert_eq!(titles_for(&one, &ana.actor, "kiwifruit").await, ["First"]);
        drop(one);

        // Writes happen while it is down; at restart it catches up from its checkpoint.
        doc(
            &ana,
            "design",
            "rfc",
            "Second",
            "Kiwifruit second.",
            "internal",
        )
        .await;
        let two = restarted(&app.database_url, &search_dir).await;
        assert_eq!(
            titles_for(&two, &ana.actor, "kiwifruit").await,
            ["First", "Second"]
        );
        drop(two);

        // A damaged index (a half-written meta file) is thrown away and rebuilt.
        std::fs::write(search_dir.join("meta.json"), b"{\"segments\": [").unwrap();
        doc(
            &ana,
            "design",
            "rfc",
            "Third",
            "Kiwifruit third.",
            "internal",
        )
        .await;
        let three = restarted(&app.database_url, &search_dir).await;
        assert_eq!(
            titles_for(&three, &ana.actor, "kiwifruit").await,
            ["First", "Second", "Third"]
        );
        drop(three);

        // So is a deleted one.
        std::fs::remove_dir_all(&search_dir).unwrap();
        let four = restarted(&app.database_url, &search_dir).await;
        assert_eq!(
            titles_for(&four, &ana.actor, "kiwifruit").await,
            ["First", "Second", "Third"]
        );
        app.stop().await;
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_searches_as_a_member_and_rebuilds_the_index() {
    let app = TestApp::spawn(crate::helpers::Db::Sqlite).await.unwrap();
    let ana = app.signed_in("ana", Role::Member).await;
    app.member("ben", Role::Member).await;
    app.space(&ana.actor, "inner", Visibility::Private).await;
    doc(
        &ana,
        "inner",
        "rfc",
        "Tangerine plan",
        "Citrus.",
        "internal",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let db = app.database_url.clone();
    let run = |args: &[&str]| {
        let all = [args, &["--data-dir", data, "--database-url", &db]].concat();
        crate::cli::run(&all, None)
    };

    let (status, out, err) = run(&["reindex"]);
    assert_eq!(status, 0, "{err}");
    assert!(out.starts_with("indexed 1 items in "), "{out}");
    assert!(err.is_empty(), "no progress bar off a terminal: {err}");

    let (status, out, err) = run(&["search", "tangerine", "--as", "ana", "--format", "json"]);
    assert_eq!(status, 0, "{err}");
    let found: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(found["total"], 1, "{out}");
    assert_eq!(found["hits"][0]["href"], "/docs/tangerine-plan");
    let (status, out, _) = run(&["search", "tangerine", "--as", "ana"]);
    assert_eq!(status, 0);
    assert!(
        out.contains("document  Tangerine plan  /docs/tangerine-plan"),
        "{out}"
    );

    // Ben is not in the private space: nothing.
    let (status, out, _) = run(&["search", "tangerine", "--as", "ben"]);
    assert_eq!((status, out.as_str()), (0, "0 of 0 results\n"));
    // Without --as, or as nobody, the command refuses with a readable line.
    let (status, _, err) = run(&["search", "tangerine"]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("--as"), "{err}");
    let (status, _, err) = run(&["search", "tangerine", "--as", "zed"]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("zed"), "{err}");
    app.stop().await;
}
