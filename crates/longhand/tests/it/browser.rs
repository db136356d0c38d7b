//! A browser for page stories: a cookie jar signed in as a new account, and the CSRF token
//! its forms carry.

use crate::helpers::TestApp;
use longhand_core::ops::Actor;
use longhand_core::ops::auth::{self, NewAccount, Password};
use longhand_domain::names::{DisplayName, Email, Handle};
use longhand_domain::workspace::Role;

/// A signed-in browser: the client keeps the session cookie.
pub struct Browser {
    pub client: reqwest::Client,
    pub actor: Actor,
    base: String,
}

impl Browser {
    /// Creates `handle` with `role` and a password, and signs in through the login form.
    pub async fn sign_in(app: &TestApp, handle: &str, role: Role) -> Browser {
        let account = NewAccount {
            email: Email::parse(&format!("{handle}@example.org")).unwrap(),
            name: DisplayName::parse(&format!("{} Tester", handle.to_uppercase())).unwrap(),
            handle: Some(Handle::parse(handle).unwrap()),
            role,
            password: Some(Password::parse("a long enough password").unwrap()),
            time_zone: "Europe/Berlin".into(),
        };
        let actor = auth::create_account(&app.app, None, account).await.unwrap();
        let client = cookie_client();
        let browser = Browser {
            client,
            actor,
            base: app.url.clone(),
        };
        let (_, login) = browser.get("/login").await;
        let form = [
            ("email", format!("{handle}@example.org")),
            ("password", "a long enough password".to_owned()),
            ("csrf", csrf(&login)),
        ];
        let status = browser.post("/login", &form).await.0;
        assert_eq!(status, 303, "signed in");
        browser
    }

    /// A page's status and HTML.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// Posts a form; returns the status and the redirect target, if any.
    pub async fn post(&self, path: &str, form: &[(&str, String)]) -> (u16, String) {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .form(form)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (status, location)
    }
}

/// A browser that keeps cookies and shows redirects instead of following them.
pub fn cookie_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The CSRF token of the first form on a page.
pub fn csrf(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("a form with a CSRF field") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}
