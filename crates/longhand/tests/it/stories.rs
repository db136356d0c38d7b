//! Story helpers: the people, spaces, teams and calendars most stories set up before the part
//! they are about, so that a story's body reads as the story. They build on `helpers.rs` (the
//! server and its accounts) and leave the browser session to `browser.rs`.
//!
//! # Example
//!
//! ```ignore
//! let ana = app.signed_in("ana", Role::Member).await;
//! let ben = app.signed_in("ben", Role::Member).await;
//! let (status, ask) = ana.post("/api/v1/asks", json!({"to": "ben", …})).await;
//! assert_eq!(ben.notification_kinds().await, ["ask.received"]);
//! ```

use crate::helpers::{TestApp, start_instant};
use jiff::Timestamp;
use longhand_core::Store;
use longhand_core::clock::Clock;
use longhand_core::ops::{self, Actor, App};
use longhand_core::worker;
use longhand_domain::names::{DisplayName, Handle};
use longhand_domain::workspace::{Role, SpacePurpose, SpaceRole, Visibility};
use serde_json::{Value, json};

/// A person signed in over the JSON API: who they are and the bearer token they call with.
///
/// Every call goes through [`TestApp::api`], so what a story sends is what a client sends;
/// the methods only spare each call the method string, the token and the `Some`.
pub struct Caller<'a> {
    app: &'a TestApp,
    pub actor: Actor,
    pub token: String,
}

impl TestApp {
    /// Adds `handle` with `role` on Berlin time and gives them an API token.
    pub async fn signed_in(&self, handle: &str, role: Role) -> Caller<'_> {
        let actor = self.member(handle, role).await;
        self.signed_in_as(actor).await
    }

    /// Adds `handle` with `role` on the time zone `zone` and gives them an API token.
    pub async fn signed_in_at(&self, handle: &str, role: Role, zone: &str) -> Caller<'_> {
        let actor = self.member_in(handle, role, zone).await;
        self.signed_in_as(actor).await
    }

    /// Gives someone who already has an account (a browser's, say) an API token too.
    pub async fn signed_in_as(&self, actor: Actor) -> Caller<'_> {
        let token = self.token(&actor).await;
        Caller {
            app: self,
            actor,
            token,
        }
    }
}

impl<'a> Caller<'a> {
    /// The app this person calls, for requests the helpers here do not make.
    pub fn app(&self) -> &'a TestApp {
        self.app
    }

    /// Sends `method` to `path` with this person's token and an optional JSON body.
    pub async fn send(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        self.app.api(method, path, Some(&self.token), body).await
    }

    /// A GET: status and body.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.send("GET", path, None).await
    }

    /// A POST with a JSON body.
    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send("POST", path, Some(body)).await
    }

    /// A POST with no body at all, as an action that only names its target sends it.
    pub async fn post_empty(&self, path: &str) -> (u16, Value) {
        self.send("POST", path, None).await
    }

    /// A PUT with a JSON body.
    pub async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.send("PUT", path, Some(body)).await
    }

    /// A PUT with no body at all, as adding someone to a team or space is sent.
    pub async fn put_empty(&self, path: &str) -> (u16, Value) {
        self.send("PUT", path, None).await
    }

    /// A PATCH with a JSON body.
    pub async fn patch(&self, path: &str, body: Value) -> (u16, Value) {
        self.send("PATCH", path, Some(body)).await
    }

    /// A DELETE.
    pub async fn delete(&self, path: &str) -> (u16, Value) {
        self.send("DELETE", path, None).await
    }

    /// This person's notifications, newest first.
    pub async fn notifications(&self) -> Vec<Value> {
        let (status, body) = self.get("/api/v1/notifications").await;
        assert_eq!(status, 200, "{body}");
        body["items"].as_array().unwrap().clone()
    }

    /// The kinds of this person's notifications, newest first.
    pub async fn notification_kinds(&self) -> Vec<String> {
        let items = self.notifications().await;
        items
            .iter()
            .map(|n| n["kind"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Uploads the iCalendar text `ics` as the calendar file `name` for the meeting audit.
    pub async fn upload_calendar(&self, name: &str, ics: &str) -> (u16, Value) {
        let calendar = json!({"name": name, "ics": ics});
        self.post("/api/v1/meetings/calendars", calendar).await
    }

    /// Creates the team `name` with this person as its DRI, then adds `members` to it the way
    /// the DRI does, one call each; returns the team as created.
    pub async fn team(&self, name: &str, members: &[&str]) -> Value {
        let body = json!({"name": name, "dri": self.actor.handle});
        let (status, team) = self.post("/api/v1/teams", body).await;
        assert_eq!(status, 201, "{team}");
        let slug = team["slug"].as_str().unwrap().to_owned();
        for member in members {
            let path = format!("/api/v1/teams/{slug}/members/{member}");
            let (status, body) = self.put_empty(&path).await;
            assert_eq!(status, 200, "{body}");
        }
        team
    }

    /// Gives this person 09:00–17:00 on weekdays in `zone`, and `time_off` (a JSON list of
    /// date ranges) through their own profile.
    pub async fn office_hours(&self, zone: &str, time_off: Value) {
        let day = json!(["09:00-17:00"]);
        let week = json!({"mon": day, "tue": day, "wed": day, "thu": day, "fri": day});
        let calendar = json!({"time_zone": zone, "working_hours": week, "time_off": time_off});
        let (status, body) = self
            .patch("/api/v1/me", json!({"calendar": calendar}))
            .await;
        assert_eq!(status, 200, "{body}");
    }
}

impl TestApp {
    /// Creates the design space `name` (its slug derived from the name) with `owner` as its
    /// admin, straight through `ops` as every surface does.
    pub async fn space(&self, owner: &Actor, name: &str, visibility: Visibility) {
        let input = ops::spaces::SpaceInput {
            name: DisplayName::parse(name).unwrap(),
            slug: None,
            description: String::new(),
            purpose: SpacePurpose::Design,
            visibility,
            noise: None,
        };
        ops::spaces::create(&self.app, owner, input).await.unwrap();
    }

    /// Adds each of `handles` to the space `space` as a member, as its admin `admin` does.
    pub async fn add_to_space(&self, admin: &Actor, space: &str, handles: &[&str]) {
        for handle in handles {
            let handle = Handle::parse(handle).unwrap();
            ops::spaces::add_member(&self.app, admin, space, &handle, SpaceRole::Member)
                .await
                .unwrap();
        }
    }
}

impl TestApp {
    /// The payloads of the event log's entries of `kind`, newest first, as the admin `admin`
    /// reads the most recent 500; every one of them must be shown to that admin.
    pub async fn events_of(&self, admin: &Actor, kind: &str) -> Vec<Value> {
        let entries = ops::workspace::recent_events(&self.app, admin, 500)
            .await
            .unwrap();
        entries
            .into_iter()
            .filter(|e| e.kind == kind)
            .map(|e| {
                let payload = e.payload.expect("the payload is shown to an admin");
                serde_json::from_str(&payload).unwrap()
            })
            .collect()
    }

    /// A second replica of this app: its own pool on the same database and its own fake
    /// clock, starting where the test's clock starts.
    pub async fn replica(&self) -> App {
        let store = Store::connect(&self.database_url).await.unwrap();
        App::new(store, Clock::fake(start_instant()))
    }

    /// Sets this app and a second replica to `at`, and has both drain the job queue at the
    /// same time; how many jobs each ran.
    pub async fn drain_on_two_replicas(&self, at: Timestamp) -> (usize, usize) {
        let replica = self.replica().await;
        self.app.clock().set(at);
        replica.clock().set(at);
        let a = self.app.clone();
        let first = tokio::spawn(async move { worker::run_due(&a, "replica-a").await.unwrap() });
        let second =
            tokio::spawn(async move { worker::run_due(&replica, "replica-b").await.unwrap() });
        (first.await.unwrap(), second.await.unwrap())
    }

    /// Queues, due now, a job no worker can read, as a newer release rolled back might leave
    /// behind.
    pub async fn queue_unreadable_job(&self) {
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&self.database_url)
            .await
            .unwrap();
        sqlx::query("INSERT INTO jobs (kind, payload, run_at, dedupe_key, created_at) VALUES ('remind_ask', 'not a job', $1, 'broken:1', $1)")
            .bind(self.app.now().as_microsecond())
            .execute(&mut conn)
            .await
            .unwrap();
    }
}
