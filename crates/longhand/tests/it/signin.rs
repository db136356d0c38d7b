//! Signing in under pressure: racing first-run setups, parallel password guesses, and where
//! a sign-in may send the browser afterwards.

use crate::both_databases;
use crate::browser::{PASSWORD, post_raw, visitor_on, with_password};
use crate::helpers::{Db, TestApp};
use longhand_core::ops;
use longhand_domain::workspace::Role;
use sqlx::{Connection, Row};

/// How many first-run setups race.
const RACERS: usize = 8;

/// Ana, an admin who signs in with a password.
async fn ana(app: &TestApp) {
    with_password(app, "ana", "Ana Tester", Role::Admin).await;
}

/// On PostgreSQL, a connection inside a transaction that holds the event log's append lock
/// (until it runs `COMMIT`); `None` on SQLite, whose single writer serialises setups anyway.
async fn hold_event_log(app: &TestApp) -> Option<sqlx::PgConnection> {
    if app.db != Db::Postgres {
        return None;
    }
    let mut conn = sqlx::PgConnection::connect(&app.database_url)
        .await
        .unwrap();
    for statement in ["BEGIN", "LOCK TABLE events IN EXCLUSIVE MODE"] {
        sqlx::query(statement).execute(&mut conn).await.unwrap();
    }
    Some(conn)
}

/// Waits (at most 30 s) until `sessions` connections of this test's database wait on a lock.
async fn wait_until_blocked(app: &TestApp, sessions: usize) {
    let mut conn = sqlx::PgConnection::connect(&app.database_url)
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let waiting: i64 = sqlx::query(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
        if waiting as usize >= sessions {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "only {waiting} of {sessions} setups reached a lock"
        );
        tokio::task::yield_now().await;
    }
}

both_databases!(
    concurrent_first_admin_setups_create_exactly_one_admin,
    |app: TestApp| async move {
        // Every browser loads the form while the workspace is still empty, then all submit
        // at once with different people, as two admins racing on two replicas would.
        let mut browsers = Vec::new();
        for _ in 0..RACERS {
            browsers.push(visitor_on(&app, "/setup").await);
        }
        // On PostgreSQL the first setup is held at its event-log append, so the others reach
        // the "only one wins" step while it is still uncommitted: the replica case, where a
        // second setup waits behind the first one's lock and then goes on.
        let hold = hold_event_log(&app).await;
        let mut racers = Vec::new();
        for (i, (client, token)) in browsers.into_iter().enumerate() {
            let url = app.url.clone();
            racers.push(tokio::spawn(async move {
                let email = format!("admin{i}@example.org");
                let form = [
                    ("name", "First Admin"),
                    ("email", email.as_str()),
                    ("handle", &format!("admin{i}")),
                    ("time_zone", "UTC"),
                    ("password", PASSWORD),
                    ("csrf", &token),
                ];
                let response = client
                    .post(format!("{url}/setup"))
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                let status = response.status().as_u16();
                (status, response.text().await.unwrap())
            }));
        }
        if let Some(mut hold) = hold {
            wait_until_blocked(&app, RACERS).await;
            sqlx::query("COMMIT").execute(&mut hold).await.unwrap();
        }
        let mut statuses = Vec::new();
        for racer in racers {
            let (status, body) = racer.await.unwrap();
            if status != 303 {
                assert!(body.contains("already set up; sign in instead"), "{body}");
            }
            statuses.push(status);
        }
        statuses.sort();
        let mut expected = vec![409; RACERS];
        expected[0] = 303;
        assert_eq!(statuses, expected);
        assert_eq!(app.count("SELECT COUNT(*) FROM members").await, 1);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM members WHERE role = 'admin'")
                .await,
            1
        );
        assert!(ops::workspace::verify(&app.app).await.unwrap().is_ok());
        app.stop().await;
    }
);

both_databases!(
    parallel_wrong_passwords_are_checked_at_most_the_limit,
    |app: TestApp| async move {
        ana(&app).await;
        let (client, token) = visitor_on(&app, "/login").await;
        let mut guesses = Vec::new();
        for i in 0..30 {
            let (client, url, token) = (client.clone(), app.url.clone(), token.clone());
            guesses.push(tokio::spawn(async move {
                let password = format!("wrong guess {i}");
                let form = [
                    ("email", "ana@example.org"),
                    ("password", password.as_str()),
                    ("csrf", token.as_str()),
                ];
                let response = client
                    .post(format!("{url}/login"))
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                response.status().as_u16()
            }));
        }
        let mut checked = 0;
        let mut limited = 0;
        for guess in guesses {
            match guess.await.unwrap() {
                401 => checked += 1,
                429 => limited += 1,
                other => panic!("a wrong password answered {other}"),
            }
        }
        // A 401 means the password was hashed and compared; the limit is 8 per account.
        assert_eq!((checked, limited), (8, 22));
        app.stop().await;
    }
);

both_databases!(
    successful_sign_ins_do_not_use_up_the_limit,
    |app: TestApp| async move {
        ana(&app).await;
        for _ in 0..50 {
            // A fresh browser each time: once signed in, a browser's form token changes.
            let (client, token) = visitor_on(&app, "/login").await;
            let form = [
                ("email", "ana@example.org"),
                ("password", PASSWORD),
                ("csrf", token.as_str()),
            ];
            let response = post_raw(&app, &client, "/login", &form).await;
            assert_eq!(response.status(), 303, "the office's 50 sign-ins all pass");
        }
        app.stop().await;
    }
);

both_databases!(
    sign_in_redirects_only_to_this_site,
    |app: TestApp| async move {
        ana(&app).await;
        let cases = [
            ("/members", "/members"),
            ("/spaces/open?tab=docs#top", "/spaces/open?tab=docs#top"),
            ("/\\evil.example/", "/"),
            ("/\t/evil.example", "/"),
            ("//evil.example", "/"),
            ("/\\/evil.example", "/"),
            ("%2F%2Fevil.example", "/"),
            ("https://evil.example", "/"),
            ("/\r\nSet-Cookie: x=1", "/"),
            ("/café", "/"),
            ("", "/"),
        ];
        for (next, expected) in cases {
            let (client, token) = visitor_on(&app, "/login").await;
            let form = [
                ("email", "ana@example.org"),
                ("password", PASSWORD),
                ("next", next),
                ("csrf", token.as_str()),
            ];
            let response = post_raw(&app, &client, "/login", &form).await;
            assert_eq!(response.status(), 303, "next={next:?}");
            assert_eq!(response.headers()["location"], expected, "next={next:?}");
        }
        app.stop().await;
    }
);
