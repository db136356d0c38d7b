//! `longhand seed` on both databases: a small seed has the sizes asked for and everything the
//! plan promises (every kind, classification and ask state), its event chain verifies, the
//! same seed writes the same content, a filled workspace is refused, seeded documents read
//! (and stay hidden) through the normal ops, the search index finds them, and the command
//! line's refusals are readable with exit code 2.

use crate::both_databases;
use crate::helpers::TestApp;
use longhand_core::ops::seed::{self, SeedPlan, Sizes};
use longhand_core::ops::{self, OpError};
use longhand_core::views::search::SearchRequest;
use longhand_domain::asks::AskKind;
use longhand_domain::names::{DisplayName, Handle};
use longhand_domain::workspace::{SpacePurpose, Visibility};
use sqlx::Row;

fn plan(members: i64, documents: i64, comments: i64, asks: i64) -> SeedPlan {
    let sizes = Sizes {
        members,
        documents,
        comments,
        asks,
    };
    SeedPlan::new(sizes, 7, None).unwrap()
}

/// Every row `sql` answers, its columns joined with `|` (NULL as `∅`).
async fn rows(app: &TestApp, sql: &'static str) -> Vec<String> {
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&app.database_url)
        .await
        .unwrap();
    let rows = sqlx::query(sql).fetch_all(&mut conn).await.unwrap();
    rows.iter()
        .map(|row| {
            (0..row.len())
                .map(|i| {
                    let cell: Option<String> = row.try_get(i).unwrap();
                    cell.unwrap_or_else(|| "∅".to_owned())
                })
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

async fn actor(app: &TestApp, handle: &str) -> ops::Actor {
    let handle = Handle::parse(handle).unwrap();
    ops::members::actor_by_handle(&app.app, &handle)
        .await
        .unwrap()
}

both_databases!(
    a_small_seed_has_its_sizes_every_state_and_a_chain_that_verifies,
    |t: TestApp| async move {
        let summary = seed::run(&t.app, &plan(20, 200, 1000, 300), &|_| {})
            .await
            .unwrap();
        assert_eq!(t.count("SELECT COUNT(*) FROM members").await, 20);
        assert_eq!(t.count("SELECT COUNT(*) FROM documents").await, 200);
        assert_eq!(t.count("SELECT COUNT(*) FROM comments").await, 1000);
        assert_eq!(t.count("SELECT COUNT(*) FROM asks").await, 300);
        assert_eq!(summary.documents, 200);
        assert_eq!(
            t.count("SELECT COUNT(*) FROM revisions").await,
            summary.revisions as i64
        );
        assert_eq!(
            t.count("SELECT MAX(revision) FROM documents").await,
            3,
            "one to three revisions"
        );
        assert_eq!(t.count("SELECT MIN(revision) FROM documents").await, 1);
        assert_eq!(
            t.count("SELECT COUNT(*) FROM documents d WHERE revision <> (SELECT COUNT(*) FROM revisions r WHERE r.document_id = d.id)").await,
            0
        );
        assert_eq!(
            t.count("SELECT COUNT(DISTINCT kind) FROM documents").await,
            9
        );
        assert_eq!(
            t.count("SELECT COUNT(DISTINCT classification) FROM documents")
                .await,
            4
        );
        assert_eq!(t.count("SELECT COUNT(DISTINCT state) FROM asks").await, 5);
        // Overdue: open, and due before the newest ask was even created.
        assert!(
            t.count("SELECT COUNT(*) FROM asks WHERE state = 'open' AND due_at < (SELECT MAX(created_at) FROM asks)").await > 0
        );
        assert!(
            t.count("SELECT COUNT(*) FROM spaces WHERE visibility = 'private'")
                .await
                > 0
        );
        assert!(t.count("SELECT COUNT(*) FROM teams").await >= 2);
        assert_eq!(
            t.count("SELECT COUNT(*) FROM charters").await,
            t.count("SELECT COUNT(*) FROM teams").await
        );
        assert!(
            t.count("SELECT COUNT(DISTINCT calendar) FROM members")
                .await
                > 5,
            "members in many zones"
        );
        // Only instants still ahead are queued: no job is due now.
        let now = t.app.now().as_microsecond();
        let jobs = rows(&t, "SELECT CAST(run_at AS TEXT) FROM jobs").await;
        assert_eq!(jobs.len() as u64, summary.jobs);
        assert!(summary.jobs > 0);
        assert!(
            jobs.iter().all(|at| at.parse::<i64>().unwrap() > now),
            "{jobs:?}"
        );

        let head = ops::workspace::verify(&t.app).await.unwrap().unwrap();
        assert_eq!(head.id as u64, summary.events);
        assert_eq!(
            t.count("SELECT COUNT(*) FROM events WHERE kind = 'thread.replied'")
                .await
                + t.count("SELECT COUNT(*) FROM events WHERE kind = 'thread.started'")
                    .await,
            1000,
            "an event per comment"
        );

        // The workspace works on afterwards: a new row gets a free id on PostgreSQL too, and
        // the admin signs in with the password printed.
        let admin = actor(&t, "admin").await;
        let input = ops::spaces::SpaceInput {
            name: DisplayName::parse("After the seed").unwrap(),
            slug: None,
            description: String::new(),
            purpose: SpacePurpose::Discussion,
            visibility: Visibility::Workspace,
            noise: None,
        };
        let created = ops::spaces::create(&t.app, &admin, input).await.unwrap();
        assert_eq!(created.space.id, summary.spaces as i64 + 1);
        let ask = ops::asks::NewAskInput {
            to: ops::asks::Recipient::parse("team:payments").unwrap(),
            kind: AskKind::Answer,
            urgency: "normal".to_owned(),
            title: "Asked after the seed".to_owned(),
            body: String::new(),
            subject: None,
        };
        let asked = ops::asks::create(&t.app, &admin, ask).await.unwrap();
        assert_eq!(asked.ask.id, 301);
        ops::auth::login(&t.app, "admin@seed.example", seed::DEFAULT_PASSWORD, "test")
            .await
            .unwrap();
        assert!(ops::workspace::verify(&t.app).await.unwrap().is_ok());

        let again = seed::run(&t.app, &plan(20, 200, 1000, 300), &|_| {}).await;
        match again {
            Err(OpError::Conflict(message)) => {
                assert!(message.contains("already has"), "{message}")
            }
            other => panic!("a second seed must be refused: {other:?}"),
        }
    }
);

both_databases!(
    seeded_documents_read_through_the_ops_and_the_search_index_finds_them,
    |t: TestApp| async move {
        seed::run(&t.app, &plan(20, 200, 1000, 300), &|_| {})
            .await
            .unwrap();
        let restricted = rows(
            &t,
            "SELECT d.slug, m.handle, d.title FROM documents d JOIN members m ON m.id = d.owner_id
             WHERE d.classification = 'restricted' ORDER BY d.id",
        )
        .await;
        let first: Vec<&str> = restricted[0].split('|').collect();
        let (slug, owner, title) = (first[0], first[1], first[2]);
        let outsiders = rows(
            &t,
            "SELECT m.handle FROM members m, documents d WHERE d.classification = 'restricted'
             AND d.id = (SELECT MIN(id) FROM documents WHERE classification = 'restricted')
             AND m.id <> d.owner_id
             AND m.id NOT IN (SELECT member_id FROM document_readers WHERE document_id = d.id)
             ORDER BY m.id",
        )
        .await;
        let owner = actor(&t, owner).await;
        let outsider = actor(&t, &outsiders[0]).await;
        let view = ops::documents::get(&t.app, &owner, slug).await.unwrap();
        assert_eq!(view.doc.title, title);
        assert!(matches!(
            ops::documents::get(&t.app, &outsider, slug).await,
            Err(OpError::NotFound(_))
        ));

        let built = ops::search::rebuild(&t.app, &|_| {}).await.unwrap();
        assert!(built.items >= 200 + 300, "{built:?}");
        let query = format!("\"{title}\"");
        let found = ops::search::lookup(&t.app, &owner, &SearchRequest::new(query.clone()))
            .await
            .unwrap();
        let href = format!("/docs/{slug}");
        assert!(
            found.hits.iter().any(|h| h.href == href),
            "{query} finds {href}: {:?}",
            found.hits.iter().map(|h| &h.href).collect::<Vec<_>>()
        );
        let hidden = ops::search::lookup(&t.app, &outsider, &SearchRequest::new(query))
            .await
            .unwrap();
        assert!(hidden.hits.iter().all(|h| h.href != href));
    }
);

/// The seeded content, table by table, leaving out what is random by design (the password's
/// salt) and the event log's own instants.
async fn content(t: &TestApp) -> Vec<String> {
    let mut all = Vec::new();
    for sql in [
        "SELECT handle, email, name, role, calendar, digest_time FROM members ORDER BY id",
        "SELECT slug, name, CAST(dri_id AS TEXT) FROM teams ORDER BY id",
        "SELECT slug, visibility, CAST(created_by AS TEXT) FROM spaces ORDER BY id",
        "SELECT CAST(space_id AS TEXT), CAST(member_id AS TEXT) FROM space_members ORDER BY space_id, member_id",
        "SELECT slug, kind, title, classification, status, body, tags, CAST(created_at AS TEXT), CAST(updated_at AS TEXT) FROM documents ORDER BY id",
        "SELECT CAST(document_id AS TEXT), CAST(number AS TEXT), status, body, note FROM revisions ORDER BY document_id, number",
        "SELECT CAST(thread_id AS TEXT), CAST(author_id AS TEXT), body, CAST(created_at AS TEXT) FROM comments ORDER BY id",
        "SELECT title, state, kind, urgency, CAST(due_at AS TEXT), CAST(responded_at AS TEXT), response FROM asks ORDER BY id",
        "SELECT kind, payload FROM events ORDER BY id",
    ] {
        all.extend(rows(t, sql).await);
    }
    all
}

both_databases!(
    the_same_seed_writes_the_same_content,
    |t: TestApp| async move {
        let other = TestApp::spawn(t.db).await.unwrap();
        for app in [&t, &other] {
            seed::run(&app.app, &plan(10, 60, 200, 60), &|_| {})
                .await
                .unwrap();
        }
        let (a, b) = (content(&t).await, content(&other).await);
        assert!(a.len() > 300);
        assert_eq!(a, b);
        other.stop().await;
    }
);

#[test]
fn sizes_out_of_range_and_short_passwords_are_refused_readably() {
    let check = |members: i64, documents: i64, expect: &str| {
        let sizes = Sizes {
            members,
            documents,
            comments: 0,
            asks: 0,
        };
        let err = SeedPlan::new(sizes, 1, None).unwrap_err().to_string();
        assert_eq!(err, expect);
    };
    check(0, 1, "--members must be between 2 and 10000, not 0");
    check(-3, 1, "--members must be between 2 and 10000, not -3");
    check(
        2,
        5_000_000,
        "--documents must be between 0 and 1000000, not 5000000",
    );
    let sizes = Sizes {
        members: 2,
        documents: 0,
        comments: 0,
        asks: 0,
    };
    let err = SeedPlan::new(sizes, 1, Some("short"))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("--seed-password: "), "{err}");
}

#[test]
fn the_command_line_seeds_an_empty_data_directory_and_refuses_a_filled_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let args = [
        "seed",
        "--data-dir",
        data,
        "--members",
        "3",
        "--documents",
        "4",
        "--comments",
        "9",
        "--asks",
        "5",
    ];
    let (status, out, err) = crate::cli::run(&args, None);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("3 members"), "{out}");
    assert!(out.contains("4 documents"), "{out}");
    assert!(
        out.contains("sign in as admin@seed.example with the password longhand-seed"),
        "{out}"
    );
    assert!(err.is_empty(), "no progress bar off a terminal: {err}");
    assert!(dir.path().join("longhand.sqlite3").exists());
    let (status, out, err) = crate::cli::run(&["verify", "--data-dir", data], None);
    assert_eq!(status, 0, "{out}{err}");

    let (status, _, err) = crate::cli::run(&args, None);
    assert_eq!(status, 2);
    assert!(err.contains("already has members or documents"), "{err}");

    let mut bad = args;
    bad[4] = "-1";
    let (status, _, err) = crate::cli::run(&bad, None);
    assert_eq!(status, 2);
    assert_eq!(
        err,
        "error: --members must be between 2 and 10000, not -1\n"
    );
}
