//! A browser for page stories: a cookie jar signed in as a new account (or a visitor not yet
//! signed in), the accounts with a password they sign in as, and the CSRF token forms carry.

use crate::helpers::TestApp;
use longhand_core::ops::Actor;
use longhand_core::ops::auth::{self, NewAccount, Password};
use longhand_domain::names::{DisplayName, Email, Handle};
use longhand_domain::workspace::Role;

/// The password of every account a test signs in with through the login form.
pub const PASSWORD: &str = "a long enough password";

/// Creates `handle@example.org`, called `name`, with `role`, on Berlin time, who signs in
/// with [`PASSWORD`].
pub async fn with_password(app: &TestApp, handle: &str, name: &str, role: Role) -> Actor {
    let account = NewAccount {
        email: Email::parse(&format!("{handle}@example.org")).unwrap(),
        name: DisplayName::parse(name).unwrap(),
        handle: Some(Handle::parse(handle).unwrap()),
        role,
        password: Some(Password::parse(PASSWORD).unwrap()),
        time_zone: "Europe/Berlin".into(),
    };
    auth::create_account(&app.app, None, account).await.unwrap()
}

/// A signed-in browser: the client keeps the session cookie.
pub struct Browser {
    pub client: reqwest::Client,
    pub actor: Actor,
    base: String,
}

impl Browser {
    /// Creates `handle` with `role` and a password, and signs in through the login form.
    pub async fn sign_in(app: &TestApp, handle: &str, role: Role) -> Browser {
        let name = format!("{} Tester", handle.to_uppercase());
        let actor = with_password(app, handle, &name, role).await;
        Browser::log_in(app, actor).await
    }

    /// Signs in through the login form as someone made by [`with_password`].
    pub async fn log_in(app: &TestApp, actor: Actor) -> Browser {
        let email = format!("{}@example.org", actor.handle);
        let browser = Browser {
            client: cookie_client(),
            actor,
            base: app.url.clone(),
        };
        let (_, login) = browser.get("/login").await;
        let form = [
            ("email", email),
            ("password", PASSWORD.to_owned()),
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

    /// The CSRF token of the first form on the page at `path`.
    pub async fn form_token(&self, path: &str) -> String {
        let (status, html) = self.get(path).await;
        assert_eq!(status, 200, "GET {path}");
        csrf(&html)
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

/// A visitor who has loaded `page` without signing in: a cookie-keeping client holding the
/// anonymous CSRF cookie, and the token the page's form carries.
pub async fn visitor_on(app: &TestApp, page: &str) -> (reqwest::Client, String) {
    let client = cookie_client();
    let html = get_raw(app, &client, page).await.text().await.unwrap();
    (client, csrf(&html))
}

/// The whole answer to a GET of `path` by `client`, headers and all, for stories about what
/// a page's response carries besides its HTML.
pub async fn get_raw(app: &TestApp, client: &reqwest::Client, path: &str) -> reqwest::Response {
    client
        .get(format!("{}{path}", app.url))
        .send()
        .await
        .unwrap()
}

/// The whole answer to posting `form` to `path` by `client`, headers and all.
pub async fn post_raw<F>(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    form: &F,
) -> reqwest::Response
where
    F: serde::Serialize + ?Sized,
{
    client
        .post(format!("{}{path}", app.url))
        .form(form)
        .send()
        .await
        .unwrap()
}
