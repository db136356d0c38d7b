//! The web surface's protections: sessions, CSRF, rate limits, security headers, escaping.

use crate::both_databases;
use crate::browser::{cookie_client as browser, csrf as hidden_csrf};
use crate::helpers::TestApp;
use longhand_core::ops;
use longhand_domain::names::{DisplayName, Email};
use longhand_domain::workspace::Role;

async fn with_password(app: &TestApp, handle: &str) {
    let account = ops::auth::NewAccount {
        email: Email::parse(&format!("{handle}@example.org")).unwrap(),
        name: DisplayName::parse("<script>alert(1)</script>").unwrap(),
        handle: None,
        role: Role::Admin,
        password: Some(ops::auth::Password::parse("a long enough password").unwrap()),
        time_zone: "Europe/Berlin".into(),
    };
    ops::auth::create_account(&app.app, None, account)
        .await
        .unwrap();
}

both_databases!(
    forms_need_their_csrf_token_and_sessions_work,
    |app: TestApp| async move {
        with_password(&app, "ana").await;
        let client = browser();
        let login_page = client
            .get(format!("{}/login", app.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let token = hidden_csrf(&login_page);
        let form = [
            ("email", "ana@example.org"),
            ("password", "a long enough password"),
            ("next", "/members"),
        ];
        let forged = client
            .post(format!("{}/login", app.url))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403, "a login without the token is refused");
        let mut with_token = form.to_vec();
        with_token.push(("csrf", &token));
        let response = client
            .post(format!("{}/login", app.url))
            .form(&with_token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/members");
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );

        let page = client
            .get(format!("{}/spaces/new", app.url))
            .send()
            .await
            .unwrap();
        assert!(
            page.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("script-src 'self'")
        );
        let html = page.text().await.unwrap();
        assert!(
            !html.contains("<script>alert(1)</script>"),
            "names are escaped"
        );
        assert!(html.contains("alert(1)"), "the name is shown, escaped");
        let session_token = hidden_csrf(&html);
        let space = [
            ("name", "Design"),
            ("purpose", "design"),
            ("visibility", "workspace"),
        ];
        let forged = client
            .post(format!("{}/spaces", app.url))
            .form(&space)
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 403);
        let mut with_token = space.to_vec();
        with_token.push(("csrf", &session_token));
        let created = client
            .post(format!("{}/spaces", app.url))
            .form(&with_token)
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 303);
        // The API accepts the browser session only with the CSRF header on writes.
        let api_forged = client
            .post(format!("{}/api/v1/spaces/design/leave", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(api_forged.status(), 403);
        let me = client
            .get(format!("{}/api/v1/me", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), 200);

        let logout = client
            .post(format!("{}/logout", app.url))
            .form(&[("csrf", &session_token)])
            .send()
            .await
            .unwrap();
        assert_eq!(logout.status(), 303);
        let after = client
            .get(format!("{}/members", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(after.status(), 303, "signed out: sent to the login page");
        app.stop().await;
    }
);

both_databases!(
    repeated_wrong_passwords_are_rate_limited,
    |app: TestApp| async move {
        with_password(&app, "ana").await;
        let client = browser();
        let token = hidden_csrf(
            &client
                .get(format!("{}/login", app.url))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
        let attempt = |password: &'static str| {
            let (client, url, token) = (client.clone(), app.url.clone(), token.clone());
            async move {
                let form = [
                    ("email", "ana@example.org"),
                    ("password", password),
                    ("csrf", token.as_str()),
                ];
                client
                    .post(format!("{url}/login"))
                    .form(&form)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        };
        for _ in 0..8 {
            assert_eq!(attempt("wrong guess").await, 401);
        }
        assert_eq!(attempt("wrong guess").await, 429);
        assert_eq!(
            attempt("a long enough password").await,
            429,
            "even the right password waits out the window"
        );
        app.clock_forward_minutes(16);
        assert_eq!(attempt("a long enough password").await, 303);
        app.stop().await;
    }
);

both_databases!(
    setup_opens_once_and_pages_answer,
    |app: TestApp| async move {
        let client = browser();
        let first = client.get(format!("{}/", app.url)).send().await.unwrap();
        assert_eq!(first.headers()["location"], "/login?next=%2F");
        let login = client
            .get(format!("{}/login", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(
            login.headers()["location"],
            "/setup",
            "an empty workspace asks for setup"
        );
        let html = client
            .get(format!("{}/setup", app.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let token = hidden_csrf(&html);
        let bad = [
            ("name", "Ana"),
            ("email", "ana@example.org"),
            ("time_zone", "Nowhere/Land"),
            ("password", "a long enough password"),
            ("csrf", &token),
        ];
        let response = client
            .post(format!("{}/setup", app.url))
            .form(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.text().await.unwrap().contains("unknown time zone"));
        let good = [
            ("name", "Ana"),
            ("email", "ana@example.org"),
            ("time_zone", "Europe/Berlin"),
            ("password", "a long enough password"),
            ("csrf", &token),
        ];
        let response = client
            .post(format!("{}/setup", app.url))
            .form(&good)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        for page in [
            "/",
            "/members",
            "/members/ana",
            "/members/ana/edit",
            "/teams",
            "/spaces",
            "/spaces/new",
            "/settings",
            "/admin",
            "/admin/events",
        ] {
            let response = client
                .get(format!("{}{page}", app.url))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{page}");
        }
        let stranger = browser();
        let token = hidden_csrf(
            &stranger
                .get(format!("{}/login", app.url))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
        let late = [
            ("name", "Eve"),
            ("email", "eve@example.org"),
            ("time_zone", "UTC"),
            ("password", "a long enough password"),
            ("csrf", &token),
        ];
        let again = stranger
            .post(format!("{}/setup", app.url))
            .form(&late)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 409, "setup is closed once someone exists");
        let missing = client
            .get(format!("{}/spaces/nope", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);
        app.stop().await;
    }
);
