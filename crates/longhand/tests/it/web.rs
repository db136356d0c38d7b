//! The web surface's protections: sessions, CSRF, rate limits, security headers, escaping.

use crate::both_databases;
use crate::browser::{PASSWORD, cookie_client, csrf, get_raw, post_raw, visitor_on, with_password};
use crate::helpers::TestApp;
use longhand_domain::workspace::Role;

/// A name that would run as a script if a page did not escape it.
const SCRIPT_NAME: &str = "<script>alert(1)</script>";

both_databases!(
    forms_need_their_csrf_token_and_sessions_work,
    |app: TestApp| async move {
        with_password(&app, "ana", SCRIPT_NAME, Role::Admin).await;
        let (client, token) = visitor_on(&app, "/login").await;
        let form = [
            ("email", "ana@example.org"),
            ("password", PASSWORD),
            ("next", "/members"),
        ];
        let forged = post_raw(&app, &client, "/login", &form).await;
        assert_eq!(forged.status(), 403, "a login without the token is refused");
        let mut with_token = form.to_vec();
        with_token.push(("csrf", &token));
        let response = post_raw(&app, &client, "/login", &with_token).await;
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

        let page = get_raw(&app, &client, "/spaces/new").await;
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
        let session_token = csrf(&html);
        let space = [
            ("name", "Design"),
            ("purpose", "design"),
            ("visibility", "workspace"),
        ];
        let forged = post_raw(&app, &client, "/spaces", &space).await;
        assert_eq!(forged.status(), 403);
        let mut with_token = space.to_vec();
        with_token.push(("csrf", &session_token));
        let created = post_raw(&app, &client, "/spaces", &with_token).await;
        assert_eq!(created.status(), 303);
        // The API accepts the browser session only with the CSRF header on writes.
        let api_forged = client
            .post(format!("{}/api/v1/spaces/design/leave", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(api_forged.status(), 403);
        let me = get_raw(&app, &client, "/api/v1/me").await;
        assert_eq!(me.status(), 200);

        let logout = post_raw(&app, &client, "/logout", &[("csrf", &session_token)]).await;
        assert_eq!(logout.status(), 303);
        let after = get_raw(&app, &client, "/members").await;
        assert_eq!(after.status(), 303, "signed out: sent to the login page");
        app.stop().await;
    }
);

both_databases!(
    repeated_wrong_passwords_are_rate_limited,
    |app: TestApp| async move {
        with_password(&app, "ana", SCRIPT_NAME, Role::Admin).await;
        let (client, token) = visitor_on(&app, "/login").await;
        let attempt = |password: &'static str| {
            let (app, client, token) = (&app, client.clone(), token.clone());
            async move {
                let form = [
                    ("email", "ana@example.org"),
                    ("password", password),
                    ("csrf", token.as_str()),
                ];
                let response = post_raw(app, &client, "/login", &form).await;
                response.status().as_u16()
            }
        };
        for _ in 0..8 {
            assert_eq!(attempt("wrong guess").await, 401);
        }
        assert_eq!(attempt("wrong guess").await, 429);
        assert_eq!(
            attempt(PASSWORD).await,
            429,
            "even the right password waits out the window"
        );
        app.clock_forward_minutes(16);
        assert_eq!(attempt(PASSWORD).await, 303);
        app.stop().await;
    }
);

both_databases!(
    setup_opens_once_and_pages_answer,
    |app: TestApp| async move {
        let client = cookie_client();
        let first = get_raw(&app, &client, "/").await;
        assert_eq!(first.headers()["location"], "/login?next=%2F");
        let login = get_raw(&app, &client, "/login").await;
        assert_eq!(
            login.headers()["location"],
            "/setup",
            "an empty workspace asks for setup"
        );
        let html = get_raw(&app, &client, "/setup").await.text().await.unwrap();
        let token = csrf(&html);
        let bad = [
            ("name", "Ana"),
            ("email", "ana@example.org"),
            ("time_zone", "Nowhere/Land"),
            ("password", PASSWORD),
            ("csrf", &token),
        ];
        let response = post_raw(&app, &client, "/setup", &bad).await;
        assert_eq!(response.status(), 200);
        assert!(response.text().await.unwrap().contains("unknown time zone"));
        let good = [
            ("name", "Ana"),
            ("email", "ana@example.org"),
            ("time_zone", "Europe/Berlin"),
            ("password", PASSWORD),
            ("csrf", &token),
        ];
        let response = post_raw(&app, &client, "/setup", &good).await;
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
            let response = get_raw(&app, &client, page).await;
            assert_eq!(response.status(), 200, "{page}");
        }
        let (stranger, token) = visitor_on(&app, "/login").await;
        let late = [
            ("name", "Eve"),
            ("email", "eve@example.org"),
            ("time_zone", "UTC"),
            ("password", PASSWORD),
            ("csrf", &token),
        ];
        let again = post_raw(&app, &stranger, "/setup", &late).await;
        assert_eq!(again.status(), 409, "setup is closed once someone exists");
        let missing = get_raw(&app, &client, "/spaces/nope").await;
        assert_eq!(missing.status(), 404);
        app.stop().await;
    }
);
