//! The authorization matrix: every API route × every kind of caller.
//!
//! The search pages have their own matrix at the end ([`PAGE_MATRIX`]), with browsers.
//!
//! Callers: anonymous, a guest (in the open space `lobby` only), `mel` (a member who runs the
//! team `core`, the open spaces `open` and `lobby` and the private space `inner`), `ada` (a
//! workspace admin outside `inner`), and `oli` (a member outside everything). Each cell runs on a freshly seeded workspace so one caller's
//! successful write cannot change the next caller's answer.

use crate::helpers::{Db, TestApp};
use longhand_core::ops;
use longhand_domain::names::{DisplayName, Handle};
use longhand_domain::workspace::{Role, SpacePurpose, SpaceRole, Visibility};
use serde_json::{Value, json};

const CALLERS: [&str; 5] = ["anonymous", "guest", "mel", "ada", "oli"];

struct Row {
    method: &'static str,
    path: &'static str,
    body: Option<fn() -> Value>,
    /// Expected status for guest, mel, ada, oli (anonymous always gets 401).
    expect: [u16; 4],
}

const fn row(
    method: &'static str,
    path: &'static str,
    body: Option<fn() -> Value>,
    expect: [u16; 4],
) -> Row {
    Row {
        method,
        path,
        body,
        expect,
    }
}

#[rustfmt::skip]
const MATRIX: &[Row] = &[
    //                                                                                  guest mel  ada  oli
    row("GET", "/api/v1/me", None,                                                      [200, 200, 200, 200]),
    row("PATCH", "/api/v1/me", Some(|| json!({"name": "Renamed"})),                     [200, 200, 200, 200]),
    row("GET", "/api/v1/members", None,                                                 [200, 200, 200, 200]),
    row("GET", "/api/v1/members/mel", None,                                             [200, 200, 200, 200]),
    row("POST", "/api/v1/members", Some(|| json!({"email": "new@example.org", "name": "New"})), [403, 403, 201, 403]),
    row("PATCH", "/api/v1/members/mel", Some(|| json!({"name": "Mel M"})),              [403, 200, 200, 403]),
    row("PATCH", "/api/v1/members/oli", Some(|| json!({"role": "admin"})),              [403, 403, 200, 403]),
    row("GET", "/api/v1/teams", None,                                                   [200, 200, 200, 200]),
    row("POST", "/api/v1/teams", Some(|| json!({"name": "New Team", "dri": "mel"})),    [403, 201, 201, 201]),
    row("GET", "/api/v1/teams/core", None,                                              [404, 200, 200, 200]),
    row("PATCH", "/api/v1/teams/core", Some(|| json!({"description": "x"})),            [404, 200, 200, 403]),
    row("PUT", "/api/v1/teams/core/members/oli", None,                                  [404, 200, 200, 403]),
    row("DELETE", "/api/v1/teams/core/members/sam", None,                               [404, 200, 200, 403]),
    row("GET", "/api/v1/spaces", None,                                                  [200, 200, 200, 200]),
    row("POST", "/api/v1/spaces", Some(|| json!({"name": "New Space", "purpose": "discussion"})), [403, 201, 201, 201]),
    row("GET", "/api/v1/spaces/inner", None,                                            [404, 200, 404, 404]),
    row("GET", "/api/v1/spaces/open", None,                                             [404, 200, 200, 200]),
    row("PATCH", "/api/v1/spaces/inner", Some(|| json!({"description": "x"})),          [404, 200, 404, 404]),
    row("PATCH", "/api/v1/spaces/open", Some(|| json!({"description": "x"})),           [404, 200, 200, 403]),
    row("POST", "/api/v1/spaces/open/join", None,                                       [404, 409, 200, 200]),
    row("POST", "/api/v1/spaces/inner/join", None,                                      [404, 409, 404, 404]),
    row("POST", "/api/v1/spaces/inner/leave", None,                                     [404, 204, 404, 404]),
    row("PUT", "/api/v1/spaces/inner/members/oli", None,                                [404, 200, 404, 404]),
    row("DELETE", "/api/v1/spaces/open/members/sam", None,                              [404, 200, 200, 403]),
    row("GET", "/api/v1/tokens", None,                                                  [200, 200, 200, 200]),
    row("POST", "/api/v1/tokens", Some(|| json!({"name": "t"})),                        [201, 201, 201, 201]),
    row("DELETE", "/api/v1/tokens/{mel_token}", None,                                   [404, 204, 204, 404]),
    row("GET", "/api/v1/events", None,                                                  [403, 403, 200, 403]),
    row("GET", "/api/v1/events/head", None,                                             [403, 403, 200, 403]),
    row("GET", "/api/v1/admin/jobs/dead", None,                                         [403, 403, 200, 403]),
    row("POST", "/api/v1/admin/jobs/999999/retry", None,                               [403, 403, 404, 403]),
    row("GET", "/api/v1/me/channels", None,                                             [200, 200, 200, 200]),
    row("POST", "/api/v1/me/channels", Some(|| json!({"kind": "webhook", "target": "https://hooks.example.com/lh"})), [201, 201, 201, 201]),
    row("PATCH", "/api/v1/me/channels/{mel_channel}", Some(|| json!({"paused": true})), [404, 200, 404, 404]),
    row("DELETE", "/api/v1/me/channels/{mel_channel}", None,                            [404, 204, 404, 404]),
    row("GET", "/api/v1/admin/deliveries", None,                                        [403, 403, 200, 403]),
    row("POST", "/api/v1/admin/deliveries/999999/retry", None,                          [403, 403, 404, 403]),
    row("POST", "/api/v1/admin/notify/test", Some(|| json!({"webhook": "ftp://hooks.example.com"})), [403, 403, 422, 403]),
    row("POST", "/api/v1/asks", Some(|| json!({"to": "sam", "kind": "review", "urgency": "normal", "title": "t"})), [201, 201, 201, 201]),
    row("POST", "/api/v1/asks", Some(|| json!({"to": "team:core", "kind": "input", "urgency": "normal", "title": "t"})), [403, 201, 201, 201]),
    row("POST", "/api/v1/asks", Some(|| json!({"to": "sam", "kind": "review", "urgency": "normal", "title": "t", "needed_by": "2026-03-12T17:00:00Z"})), [201, 201, 201, 201]),
    row("GET", "/api/v1/asks/{ask}", None,                                              [404, 200, 404, 404]),
    row("POST", "/api/v1/asks/{ask}/respond", Some(|| json!({"response": "acknowledge"})), [404, 403, 404, 404]),
    row("POST", "/api/v1/asks/{ask}/reassign", Some(|| json!({"to": "oli"})),          [404, 200, 404, 404]),
    row("POST", "/api/v1/asks/{ask}/withdraw", None,                                    [404, 200, 404, 404]),
    row("GET", "/api/v1/inbox", None,                                                   [200, 200, 200, 200]),
    row("GET", "/api/v1/teams/core/charter", None,                                      [404, 200, 200, 200]),
    row("PUT", "/api/v1/teams/core/charter", Some(standard_charter),                    [404, 200, 200, 403]),
    row("GET", "/api/v1/teams/core/urgency", None,                                      [404, 200, 200, 200]),
    row("GET", "/api/v1/insights/decision-records", None,                               [403, 200, 200, 200]),
    row("GET", "/api/v1/insights/search-success", None,                                 [403, 200, 200, 200]),
    row("GET", "/api/v1/search?q=rfc", None,                                            [200, 200, 200, 200]),
    row("GET", "/api/v1/search?q=rfc&page=0", None,                                     [422, 422, 422, 422]),
    row("POST", "/api/v1/search/opened", Some(|| json!({"search_id": 999999, "href": "/docs/open-rfc"})), [404, 404, 404, 404]),
    row("GET", "/api/v1/notifications", None,                                           [200, 200, 200, 200]),
    row("POST", "/api/v1/lint", Some(|| json!({"markdown": "# Notes"})),               [200, 200, 200, 200]),
    row("POST", "/api/v1/notifications/read", None,                                     [204, 204, 204, 204]),
    row("GET", "/api/v1/me/digest/preview", None,                                       [200, 200, 200, 200]),
    row("GET", "/api/v1/teams/core/digest", None,                                       [404, 200, 200, 200]),
    row("POST", "/api/v1/meetings/calendars", Some(|| json!({"ics": SEEDED_ICS})),      [403, 201, 201, 201]),
    row("GET", "/api/v1/meetings/calendars", None,                                      [403, 200, 200, 200]),
    row("DELETE", "/api/v1/meetings/calendars/{calendar}", None,                        [403, 204, 204, 403]),
    row("GET", "/api/v1/meetings/report", None,                                         [403, 200, 200, 200]),
    row("PUT", "/api/v1/meetings/series/sync%40core/purpose", Some(|| json!({"purpose": "decision"})), [403, 200, 200, 200]),
    row("GET", "/api/v1/meetings/overlap?members=mel,sam", None,                        [200, 200, 200, 200]),
    row("GET", "/api/v1/me/calendar-feed", None,                                        [403, 200, 404, 404]),
    row("PUT", "/api/v1/me/calendar-feed", Some(|| json!({"url": "https://calendar.example.com/me.ics"})), [403, 200, 200, 200]),
    row("DELETE", "/api/v1/me/calendar-feed", None,                                     [403, 204, 404, 404]),
    row("GET", "/api/v1/documents", None,                                               [200, 200, 200, 200]),
    row("POST", "/api/v1/documents", Some(|| json!({"space": "open", "kind": "rfc", "title": "New RFC"})), [403, 201, 201, 201]),
    row("POST", "/api/v1/documents", Some(|| json!({"space": "inner", "kind": "rfc", "title": "New RFC"})), [403, 201, 404, 404]),
    row("GET", "/api/v1/documents/open-rfc", None,                                      [404, 200, 200, 200]),
    row("GET", "/api/v1/documents/public-page", None,                                   [200, 200, 200, 200]),
    row("GET", "/api/v1/documents/inner-note", None,                                    [404, 200, 404, 404]),
    row("GET", "/api/v1/documents/secret-plan", None,                                   [404, 200, 404, 404]),
    row("PUT", "/api/v1/documents/open-rfc", Some(|| json!({"base_revision": 1, "title": "Edited"})), [404, 200, 200, 200]),
    row("PUT", "/api/v1/documents/public-page", Some(|| json!({"base_revision": 1, "title": "Edited"})), [403, 200, 200, 200]),
    row("PUT", "/api/v1/documents/inner-note", Some(|| json!({"base_revision": 1, "title": "Edited"})), [404, 200, 404, 404]),
    row("POST", "/api/v1/documents/open-rfc/status", Some(|| json!({"base_revision": 1, "to": "published"})), [404, 422, 422, 422]),
    row("POST", "/api/v1/documents/public-page/status", Some(|| json!({"base_revision": 1, "to": "published"})), [403, 200, 200, 200]),
    row("GET", "/api/v1/documents/open-rfc/revisions", None,                            [404, 200, 200, 200]),
    row("GET", "/api/v1/documents/inner-note/revisions/1", None,                        [404, 200, 404, 404]),
    row("GET", "/api/v1/documents/secret-plan/diff?from=1&to=1", None,                  [404, 200, 404, 404]),
    row("PUT", "/api/v1/documents/secret-plan/readers", Some(|| json!({"readers": ["sam", "oli"]})), [404, 204, 404, 404]),
    row("PUT", "/api/v1/documents/open-rfc/readers", Some(|| json!({"readers": ["sam"]})), [404, 204, 204, 403]),
    row("POST", "/api/v1/documents/open-rfc/shares", Some(|| json!({"space": "inner", "reason": "they need it"})), [404, 201, 404, 404]),
    row("POST", "/api/v1/documents/open-rfc/shares/{share}", Some(|| json!({"decision": "approve"})), [404, 204, 204, 403]),
    row("POST", "/api/v1/documents/public-page/move", Some(|| json!({"position": 0})),  [403, 204, 204, 204]),
    row("GET", "/api/v1/decisions", None,                                               [200, 200, 200, 200]),
    row("GET", "/api/v1/decisions?space=inner", None,                                   [404, 200, 404, 404]),
    row("GET", "/api/v1/decisions/open-decision", None,                                 [404, 200, 200, 200]),
    row("GET", "/api/v1/decisions/inner-decision", None,                                [404, 200, 404, 404]),
    row("GET", "/api/v1/decisions/open-rfc", None,                                      [404, 404, 404, 404]),
    row("GET", "/api/v1/decisions/feed.atom", None,                                     [200, 200, 200, 200]),
    row("GET", "/api/v1/spaces/open/decisions/feed.atom", None,                         [404, 200, 200, 200]),
    row("GET", "/api/v1/spaces/inner/decisions/feed.atom", None,                        [404, 200, 404, 404]),
    row("GET", "/api/v1/handbook", None,                                                [200, 200, 200, 200]),
    row("GET", "/api/v1/templates", None,                                               [200, 200, 200, 200]),
    row("GET", "/api/v1/templates?space=inner", None,                                   [404, 200, 404, 404]),
    row("POST", "/api/v1/spaces/open/templates", Some(custom_template),                 [404, 201, 201, 403]),
    row("GET", "/api/v1/documents/open-rfc/threads", None,                              [404, 200, 200, 200]),
    row("POST", "/api/v1/documents/open-rfc/threads", Some(|| json!({"body": "A question"})), [404, 201, 201, 201]),
    row("GET", "/api/v1/spaces/inner/threads", None,                                    [404, 200, 404, 404]),
    row("POST", "/api/v1/spaces/lobby/threads", Some(|| json!({"title": "Hello", "body": "Hi all"})), [201, 201, 201, 201]),
    row("POST", "/api/v1/spaces/open/threads", Some(|| json!({"title": "Hello", "body": "Hi all"})), [404, 201, 201, 201]),
    row("GET", "/api/v1/threads/{thread}", None,                                        [404, 200, 404, 404]),
    row("POST", "/api/v1/threads/{thread}/comments", Some(|| json!({"body": "More"})),  [404, 201, 404, 404]),
    row("POST", "/api/v1/threads/{thread}/resolve", Some(|| json!({"resolved": true})), [404, 200, 404, 404]),
    row("POST", "/api/v1/threads/{thread}/elevate", Some(|| json!({"kind": "adr"})),   [404, 201, 404, 404]),
    row("GET", "/api/v1/threads/{thread}/sync", None,                                   [404, 200, 404, 404]),
    row("GET", "/api/v1/threads/{circle}/sync", None,                                   [404, 200, 200, 200]),
    row("POST", "/api/v1/threads/{circle}/sync/dismiss", None,                          [404, 200, 403, 403]),
    row("POST", "/api/v1/threads/{circle}/sync/calls", Some(|| json!({})),              [404, 201, 403, 403]),
    row("POST", "/api/v1/threads/{called}/sync/calls/{call}/outcome", Some(|| json!({"outcome": "Back off"})), [404, 200, 403, 403]),
    row("GET", "/api/v1/planned-meetings", None,                                        [200, 200, 200, 200]),
    row("POST", "/api/v1/planned-meetings", Some(|| planned("open")),                   [403, 201, 201, 201]),
    row("POST", "/api/v1/planned-meetings", Some(|| planned("inner")),                  [403, 201, 404, 404]),
    row("POST", "/api/v1/planned-meetings/check", Some(planned_check),                  [403, 200, 200, 200]),
    row("GET", "/api/v1/planned-meetings/{meeting}", None,                              [404, 200, 200, 200]),
    row("POST", "/api/v1/planned-meetings/{meeting}/agenda", Some(|| json!({})),        [404, 200, 200, 403]),
    row("POST", "/api/v1/planned-meetings/{meeting}/attend", None,                      [404, 422, 200, 200]),
    row("POST", "/api/v1/planned-meetings/{meeting}/unattend", None,                    [404, 422, 200, 200]),
    row("POST", "/api/v1/planned-meetings/{meeting}/outcome", Some(|| json!({})),       [404, 409, 409, 403]),
    row("POST", "/api/v1/planned-meetings/{meeting}/cancel", None,                      [404, 200, 200, 403]),
    row("GET", "/api/v1/documents/open-rfc/rounds", None,                               [404, 200, 200, 200]),
    row("POST", "/api/v1/documents/secret-plan/rounds", Some(|| json!({"reviewers": ["sam"]})), [404, 201, 404, 404]),
    row("POST", "/api/v1/documents/open-rfc/rounds", Some(|| json!({"reviewers": ["sam"]})), [404, 409, 403, 403]),
    row("GET", "/api/v1/documents/open-rfc/rounds/1", None,                             [404, 200, 200, 200]),
    row("POST", "/api/v1/documents/open-rfc/rounds/1/verdict", Some(|| json!({"verdict": "approve"})), [404, 403, 403, 403]),
    row("POST", "/api/v1/documents/open-rfc/rounds/1/close", None,                      [404, 409, 403, 403]),
    row("POST", "/api/v1/documents/open-rfc/rounds/1/reopen", Some(|| json!({})),       [404, 409, 403, 403]),
    row("POST", "/api/v1/documents/open-rfc/rounds/1/revise", Some(|| json!({})),       [404, 409, 403, 403]),
    row("POST", "/api/v1/documents/open-rfc/rounds/1/questions", Some(|| json!({"question": "Why?"})), [404, 201, 403, 403]),
    row("POST", "/api/v1/documents/open-rfc/rounds/1/questions/{question}/answer", Some(|| json!({"answer": "Because."})), [404, 200, 403, 403]),
    row("POST", "/api/v1/documents/open-rfc/rounds/1/tie-break", Some(|| json!({"outcome": "accepted", "reason": "r"})), [404, 409, 403, 403]),
    row("GET", "/api/v1/documents/open-rfc/rounds/1/synthesis", None,                   [404, 409, 403, 403]),
    row("POST", "/api/v1/documents/open-rfc/rounds/1/publish", Some(|| json!({})),      [404, 409, 403, 403]),
    row("POST", "/api/v1/documents/objected-rfc/rounds/1/sync/dismiss", None,           [404, 200, 403, 403]),
    row("POST", "/api/v1/documents/objected-rfc/rounds/1/sync/calls", Some(|| json!({})), [404, 201, 403, 403]),
    row("POST", "/api/v1/documents/called-rfc/rounds/1/sync/calls/{round_call}/outcome", Some(|| json!({"outcome": "Ship it"})), [404, 200, 403, 403]),
    row("GET", "/api/v1/teams/core/checkin-schedule", None,                             [404, 200, 200, 200]),
    row("PUT", "/api/v1/teams/core/checkin-schedule", Some(|| json!({"cadence": "weekly", "weekday": "tue", "at": "09:30"})), [404, 200, 200, 403]),
    row("GET", "/api/v1/teams/core/checkins", None,                                     [404, 200, 200, 403]),
    row("GET", "/api/v1/teams/core/checkins?period=2026-03-11", None,                   [404, 200, 200, 403]),
    row("GET", "/api/v1/teams/core/checkins/me", None,                                  [404, 200, 403, 403]),
    row("PUT", "/api/v1/teams/core/checkins/me", Some(|| json!({"done": "Shipped"})),   [404, 409, 403, 403]),
    row("GET", "/api/v1/me/checkins", None,                                             [200, 200, 200, 200]),
    row("GET", "/api/v1/blockers", None,                                                [200, 200, 200, 200]),
    row("GET", "/api/v1/blockers?team=core", None,                                      [404, 200, 200, 200]),
    row("GET", "/api/v1/blockers/{blocker}", None,                                      [404, 200, 200, 404]),
    row("POST", "/api/v1/blockers/{blocker}/resolve", Some(|| json!({"state": "unblocked"})), [404, 200, 200, 404]),
    row("POST", "/api/v1/notifications/{mel_note}/read", None,                           [404, 200, 404, 404]),
    row("POST", "/api/v1/notifications/{mel_note}/snooze", Some(|| json!({"until": "tomorrow_morning"})), [404, 200, 404, 404]),
    row("GET", "/api/v1/me/notification-preferences", None,                             [200, 200, 200, 200]),
    row("PUT", "/api/v1/me/notification-preferences", Some(|| json!({"digest_time": "08:30"})), [200, 200, 200, 200]),
    row("PUT", "/api/v1/me/notification-preferences", Some(|| json!({"spaces": [{"slug": "inner", "noise": "muted"}]})), [404, 200, 404, 404]),
    row("GET", "/api/v1/spaces/inner/follow", None,                                     [404, 200, 404, 404]),
    row("PUT", "/api/v1/spaces/open/follow", None,                                      [404, 200, 200, 200]),
    row("PUT", "/api/v1/spaces/lobby/follow", None,                                     [200, 200, 200, 200]),
    row("DELETE", "/api/v1/spaces/inner/follow", None,                                  [404, 200, 404, 404]),
    row("GET", "/api/v1/documents/secret-plan/follow", None,                            [404, 200, 404, 404]),
    row("PUT", "/api/v1/documents/open-rfc/follow", None,                               [404, 200, 200, 200]),
    row("PUT", "/api/v1/documents/inner-note/follow", None,                             [404, 200, 404, 404]),
    row("DELETE", "/api/v1/documents/public-page/follow", None,                         [200, 200, 200, 200]),
];

/// A meeting on Thursday 12 March 2026 in `space`, with sam invited.
fn planned(space: &str) -> Value {
    json!({"title": "Planning", "space": space, "start": "2026-03-12T10:00:00Z", "minutes": 25, "invited": ["sam"]})
}

/// The same meeting, checked against people's hours before registering.
fn planned_check() -> Value {
    json!({"start": "2026-03-12T10:00:00Z", "minutes": 25, "invited": ["sam"]})
}

fn custom_template() -> Value {
    json!({"source": "---\nkind: vendor-review\nname: Vendor review\nfields:\n  - name: vendor\n    type: text\n    required: true\n---\n## Context\n\nWhy we need a vendor.\n"})
}

/// The calendar `mel` uploaded in every seeded workspace.
const SEEDED_ICS: &str = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:sync@core\r\nSUMMARY:Core sync\r\nDTSTART:20260302T090000Z\r\nDURATION:PT30M\r\nRRULE:FREQ=WEEKLY\r\nATTENDEE:mailto:mel@example.org\r\nATTENDEE:mailto:sam@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

fn standard_charter() -> Value {
    serde_json::to_value(
        longhand_core::formats::charter_json::CharterJson::from_domain(
            &longhand_domain::asks::Charter::standard(),
        ),
    )
    .unwrap()
}

struct Seeded {
    app: TestApp,
    tokens: Vec<(&'static str, String)>,
    mel_token_id: i64,
    ask_id: i64,
    calendar_id: i64,
    thread_id: i64,
    share_id: i64,
    meeting_id: i64,
    /// Threads in `open` where mel and sam went in circles: one with the call suggested, one
    /// with the call recorded (mel owes its outcome), and that call.
    circle_id: i64,
    called_id: i64,
    call_id: i64,
    question_id: i64,
    /// The call mel recorded on round 1 of `called-rfc` (mel owes its outcome).
    round_call_id: i64,
    /// mel's JSON webhook channel.
    mel_channel_id: i64,
    /// The blocker sam reported in `core`'s first check-in, owned by mel.
    blocker_id: i64,
    /// One of mel's notifications.
    mel_note: i64,
}

impl Seeded {
    /// A row's path with each placeholder replaced by the seeded id it names.
    fn concrete(&self, path: &str) -> String {
        path.replace("{mel_token}", &self.mel_token_id.to_string())
            .replace("{ask}", &self.ask_id.to_string())
            .replace("{calendar}", &self.calendar_id.to_string())
            .replace("{thread}", &self.thread_id.to_string())
            .replace("{share}", &self.share_id.to_string())
            .replace("{meeting}", &self.meeting_id.to_string())
            .replace("{circle}", &self.circle_id.to_string())
            .replace("{called}", &self.called_id.to_string())
            .replace("{call}", &self.call_id.to_string())
            .replace("{question}", &self.question_id.to_string())
            .replace("{round_call}", &self.round_call_id.to_string())
            .replace("{mel_channel}", &self.mel_channel_id.to_string())
            .replace("{blocker}", &self.blocker_id.to_string())
            .replace("{mel_note}", &self.mel_note.to_string())
    }
}

async fn seed(db: Db) -> Option<Seeded> {
    let app = TestApp::spawn(db).await?;
    let guest = app.member("gil", Role::Guest).await;
    let mel = app.member("mel", Role::Member).await;
    let ada = app.member("ada", Role::Admin).await;
    let oli = app.member("oli", Role::Member).await;
    let sam = app.member("sam", Role::Member).await;
    let a = &app.app;
    let team = ops::teams::TeamInput {
        name: DisplayName::parse("Core").unwrap(),
        slug: None,
        description: String::new(),
        dri: Handle::parse("mel").unwrap(),
    };
    ops::teams::create(a, &mel, team).await.unwrap();
    ops::teams::add_member(a, &mel, "core", &Handle::parse("sam").unwrap())
        .await
        .unwrap();
    for (name, visibility) in [
        ("open", Visibility::Workspace),
        ("inner", Visibility::Private),
        ("lobby", Visibility::Workspace),
    ] {
        let input = ops::spaces::SpaceInput {
            name: DisplayName::parse(name).unwrap(),
            slug: None,
            description: String::new(),
            purpose: SpacePurpose::Discussion,
            visibility,
            noise: None,
        };
        ops::spaces::create(a, &mel, input).await.unwrap();
    }
    ops::spaces::add_member(
        a,
        &mel,
        "open",
        &Handle::parse(&sam.handle).unwrap(),
        SpaceRole::Member,
    )
    .await
    .unwrap();
    let ask = ops::asks::NewAskInput {
        to: ops::asks::Recipient::parse("sam").unwrap(),
        kind: longhand_domain::asks::AskKind::Review,
        urgency: "normal".into(),
        title: "Seeded ask".into(),
        body: String::new(),
        subject: None,
    };
    let ask_id = ops::asks::create(a, &mel, ask).await.unwrap().ask.id;
    let calendar_id = ops::meetings::upload(
        a,
        &mel,
        "core.ics",
        SEEDED_ICS.as_bytes(),
        &ops::meetings::CalendarOwner::AsTheFileSays,
    )
    .await
    .unwrap()
    .id;
    let feed = ops::meetings::FeedUrl::parse("https://calendar.example.com/mel.ics").unwrap();
    ops::meetings::set_feed(a, &mel, &feed).await.unwrap();
    ops::spaces::add_member(
        a,
        &mel,
        "lobby",
        &Handle::parse("gil").unwrap(),
        SpaceRole::Member,
    )
    .await
    .unwrap();
    let (thread_id, share_id) = seed_documents(a, &mel).await;
    let meeting_id = seed_meeting(a, &mel).await;
    let (circle_id, called_id, call_id) = seed_sync(a, &mel, &sam).await;
    let question_id = seed_round(a, &mel).await;
    let round_call_id = seed_round_sync(a, &mel, &sam).await;
    let channel = ops::deliveries::channels::ChannelInput {
        kind: longhand_core::views::channels::ChannelKind::Webhook,
        target: Some("https://hooks.example.com/mel".to_owned()),
        urgent: true,
        digest: true,
    };
    let mel_channel_id = ops::deliveries::channels::add(a, &mel, channel)
        .await
        .unwrap()
        .channel
        .id;
    let blocker_id = seed_checkins(&app, &mel, &sam).await;
    let (notes, _) = ops::notifications::list(a, &mel).await.unwrap();
    let mel_note = notes.first().expect("mel was notified while seeding").id;
    let mel_issued = ops::auth::create_token(a, None, "mel", "matrix")
        .await
        .unwrap();
    let tokens = vec![
        ("guest", app.token(&guest).await),
        ("mel", mel_issued.secret.clone()),
        ("ada", app.token(&ada).await),
        ("oli", app.token(&oli).await),
    ];
    Some(Seeded {
        app,
        tokens,
        mel_token_id: mel_issued.record.id,
        ask_id,
        calendar_id,
        thread_id,
        share_id,
        meeting_id,
        circle_id,
        called_id,
        call_id,
        question_id,
        round_call_id,
        mel_channel_id,
        blocker_id,
        mel_note,
    })
}

/// `core` checks in daily at 09:00 from the start instant on; sam answers Wednesday's
/// check-in with a blocker mel owns, and the clock goes back to the start, where nobody has a
/// period yet (so answering is a 409 for members and a 403 for everyone else).
async fn seed_checkins(
    app: &TestApp,
    mel: &longhand_core::ops::Actor,
    sam: &longhand_core::ops::Actor,
) -> i64 {
    use longhand_core::ops::checkins::{self, CheckinInput, ScheduleInput};
    let a = &app.app;
    let schedule = ScheduleInput::parse("daily", None, "09:00", None).unwrap();
    checkins::set_schedule(a, mel, "core", schedule)
        .await
        .unwrap();
    app.set_clock("2026-03-11T08:30:00.250001Z");
    let input = CheckinInput {
        done: "Seeded".into(),
        blockers: vec![longhand_domain::checkins::parse_blocker("Needs access @mel").unwrap()],
        ..CheckinInput::default()
    };
    checkins::answer(a, sam, "core", input).await.unwrap();
    app.set_clock(crate::helpers::START);
    let open = longhand_core::ops::blockers::open_for_team(a, mel, "core")
        .await
        .unwrap();
    open[0].blocker.id
}

/// Two threads in `open` on which mel and sam took six alternating turns; on the second,
/// mel recorded the call suggested (so mel owes its outcome).
async fn seed_sync(
    a: &longhand_core::ops::App,
    mel: &longhand_core::ops::Actor,
    sam: &longhand_core::ops::Actor,
) -> (i64, i64, i64) {
    use longhand_core::ops::sync::{self, CallInput, Subject};
    let mut threads = Vec::new();
    for _ in 0..2 {
        let input = ops::threads::NewThreadInput {
            place: ops::threads::ThreadPlace::Space {
                slug: "open".into(),
            },
            title: "Retries".into(),
            body: "Should they back off?".into(),
        };
        let id = ops::threads::start(a, mel, input)
            .await
            .unwrap()
            .thread
            .thread
            .id;
        for who in [sam, mel, sam, mel, sam] {
            ops::threads::reply(a, who, id, "I still think not.")
                .await
                .unwrap();
        }
        threads.push(id);
    }
    let call = sync::record_call(a, mel, Subject::Thread(threads[1]), CallInput::default())
        .await
        .unwrap();
    (threads[0], threads[1], call.call.id)
}

/// mel's planned meeting in `open`, with sam invited and no agenda yet.
async fn seed_meeting(a: &longhand_core::ops::App, mel: &longhand_core::ops::Actor) -> i64 {
    use longhand_core::ops::planned_meetings::{self as meetings, NewMeetingInput, Start};
    let input = NewMeetingInput {
        title: "Seeded meeting".into(),
        space: "open".into(),
        start: Start::At("2026-03-12T10:00:00Z".parse().unwrap()),
        minutes: 25,
        invited: vec![Handle::parse("sam").unwrap()],
        create_agenda: false,
    };
    meetings::register(a, mel, input).await.unwrap().meeting.id
}

/// mel's review round on the open RFC, asking sam, with one open question; its id.
async fn seed_round(a: &longhand_core::ops::App, mel: &longhand_core::ops::Actor) -> i64 {
    use longhand_core::ops::reviews::{self, OpenInput};
    let input = OpenInput {
        reviewers: Some(vec!["sam".into()]),
        ..OpenInput::default()
    };
    reviews::open(a, mel, "open-rfc", input).await.unwrap();
    let round = reviews::raise_question(a, mel, "open-rfc", 1, "Seeded question?")
        .await
        .unwrap();
    round.questions[0].id
}

/// Two RFCs of mel's in `open`, `objected-rfc` and `called-rfc`, whose first round mel closed
/// early with sam's objection standing, so a call between them is suggested on each; on the
/// second, mel recorded the call. That call's id.
async fn seed_round_sync(
    a: &longhand_core::ops::App,
    mel: &longhand_core::ops::Actor,
    sam: &longhand_core::ops::Actor,
) -> i64 {
    use longhand_core::ops::documents::{self as docs, DocInput, NewDocInput};
    use longhand_core::ops::reviews::{self, OpenInput};
    use longhand_core::ops::sync::{self, CallInput};
    use longhand_domain::reviews::Verdict;
    for title in ["Objected RFC", "Called RFC"] {
        let content = DocInput {
            title: title.into(),
            intent: "Seeded for the matrix".into(),
            body: "## Context\n\nSeeded.\n".into(),
            ..DocInput::default()
        };
        let input = NewDocInput {
            space: "open".into(),
            kind: "rfc".into(),
            parent: None,
            source_thread_id: None,
            content,
        };
        let slug = docs::create(a, mel, input).await.unwrap().doc.slug;
        let open = OpenInput {
            reviewers: Some(vec!["sam".into()]),
            ..OpenInput::default()
        };
        reviews::open(a, mel, &slug, open).await.unwrap();
        reviews::verdict(a, sam, &slug, 1, Verdict::Object, "Not yet.")
            .await
            .unwrap();
        reviews::close(a, mel, &slug, 1).await.unwrap();
    }
    let subject = sync::round_subject(a, mel, "called-rfc", 1).await.unwrap();
    sync::record_call(a, mel, subject, CallInput::default())
        .await
        .unwrap()
        .call
        .id
}

/// Six documents by mel: an internal RFC and a public handbook page in `open`, a
/// confidential note in `inner`, a restricted plan in `open` that only sam may read, and a
/// decision record in each of `open` (internal) and `inner` (confidential); a
/// thread on the note and a pending request to share the RFC into `inner`.
async fn seed_documents(
    a: &longhand_core::ops::App,
    mel: &longhand_core::ops::Actor,
) -> (i64, i64) {
    use longhand_core::ops::documents::{self as docs, DocInput, NewDocInput};
    use longhand_domain::documents::Classification;
    let docs_to_make = [
        ("open", "rfc", "Open RFC", Classification::Internal),
        ("lobby", "handbook", "Public page", Classification::Public),
        ("inner", "rfc", "Inner note", Classification::Confidential),
        ("open", "rfc", "Secret plan", Classification::Restricted),
        ("open", "adr", "Open decision", Classification::Internal),
        (
            "inner",
            "adr",
            "Inner decision",
            Classification::Confidential,
        ),
    ];
    for (space, kind, title, classification) in docs_to_make {
        let content = DocInput {
            title: title.into(),
            intent: "Seeded for the matrix".into(),
            classification: Some(classification),
            body: "## Overview\n\nSeeded.\n\n## Context\n\nSeeded.\n".into(),
            ..DocInput::default()
        };
        let input = NewDocInput {
            space: space.into(),
            kind: kind.into(),
            parent: None,
            source_thread_id: None,
            content,
        };
        docs::create(a, mel, input).await.unwrap();
    }
    docs::set_readers(a, mel, "secret-plan", &[Handle::parse("sam").unwrap()])
        .await
        .unwrap();
    let thread = ops::threads::NewThreadInput {
        place: ops::threads::ThreadPlace::Document {
            slug: "inner-note".into(),
            anchor: Some("context".into()),
        },
        title: String::new(),
        body: "Is this right?".into(),
    };
    let thread_id = ops::threads::start(a, mel, thread)
        .await
        .unwrap()
        .thread
        .thread
        .id;
    let share_id = pending_share(a, mel).await;
    (thread_id, share_id)
}

/// A pending request to share the open RFC into the space `third`.
async fn pending_share(a: &longhand_core::ops::App, mel: &longhand_core::ops::Actor) -> i64 {
    let input = ops::spaces::SpaceInput {
        name: DisplayName::parse("third").unwrap(),
        slug: None,
        description: String::new(),
        purpose: SpacePurpose::Discussion,
        visibility: Visibility::Workspace,
        noise: None,
    };
    ops::spaces::create(a, mel, input).await.unwrap();
    longhand_core::ops::documents::request_share(a, mel, "open-rfc", "third", "for the third team")
        .await
        .unwrap()
}

/// Runs one cell and records what went wrong.
async fn check_cell(seeded: &Seeded, row: &Row, index: usize, failures: &mut Vec<String>) {
    let caller = CALLERS[index];
    let path = seeded.concrete(row.path);
    let token = seeded
        .tokens
        .iter()
        .find(|(name, _)| *name == caller)
        .map(|(_, t)| t.as_str());
    let expected = expected(row, index);
    let (status, body) = seeded
        .app
        .api(row.method, &path, token, row.body.map(|f| f()))
        .await;
    if status != expected {
        failures.push(format!(
            "{} {path} as {caller}: expected {expected}, got {status} {body}",
            row.method
        ));
    }
    if status >= 400 && body.pointer("/error/code").is_none() {
        failures.push(format!(
            "{} {path} as {caller}: error without the error shape: {body}",
            row.method
        ));
    }
}

fn expected(row: &Row, index: usize) -> u16 {
    if index == 0 {
        401
    } else {
        row.expect[index - 1]
    }
}

/// Reads and refused writes share one workspace per row; every write expected to succeed
/// gets a fresh one, so it cannot change what the next caller sees.
/// How many rows are checked at once. Rows are independent (each seeds its own workspaces),
/// and on PostgreSQL most of a row's time is spent waiting on the server, so a few at a time
/// finish the matrix several times sooner.
const ROWS_AT_ONCE: usize = 4;

async fn run_matrix(db: Db) {
    let mut failures = Vec::new();
    for rows in MATRIX.chunks(ROWS_AT_ONCE) {
        let tasks: Vec<_> = rows
            .iter()
            .map(|row| tokio::spawn(run_row(db, row)))
            .collect();
        for task in tasks {
            let Some(found) = task.await.expect("a matrix row panicked") else {
                return;
            };
            failures.extend(found);
        }
    }
    assert!(
        failures.is_empty(),
        "authorization matrix failures:\n{}",
        failures.join("\n")
    );
}

/// Checks one row for every caller; `None` when the database is unavailable.
async fn run_row(db: Db, row: &'static Row) -> Option<Vec<String>> {
    let mut failures = Vec::new();
    let shared = seed(db).await?;
    for index in 0..CALLERS.len() {
        let writes = row.method != "GET" && expected(row, index) < 400;
        if writes {
            let fresh = seed(db).await?;
            check_cell(&fresh, row, index, &mut failures).await;
            fresh.app.stop().await;
        } else {
            check_cell(&shared, row, index, &mut failures).await;
        }
    }
    shared.app.stop().await;
    Some(failures)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_every_caller_correctly_on_sqlite() {
    run_matrix(Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_every_caller_correctly_on_postgres() {
    run_matrix(Db::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_or_made_up_token_is_refused_everywhere() {
    let seeded = seed(Db::Sqlite).await.unwrap();
    for row in MATRIX {
        let path = seeded.concrete(row.path);
        let (status, body) = seeded
            .app
            .api(
                row.method,
                &path,
                Some("lh_not_a_real_token"),
                row.body.map(|f| f()),
            )
            .await;
        assert_eq!(status, 401, "{} {path}: {body}", row.method);
        assert_eq!(
            body["error"]["message"],
            "the bearer token is invalid or revoked"
        );
    }
    seeded.app.stop().await;
}

/// The search pages × browsers: anonymous, a guest, a member and an admin, each signed in
/// through the login form. Anonymous visitors are sent to sign in (303); everyone signed in
/// gets the page (the engine shows each only what they may open, see `search_pages.rs`), and
/// the open redirect refuses to leave the site for everyone.
#[rustfmt::skip]
const PAGE_MATRIX: &[(&str, [u16; 4])] = &[
    //                                                       anon guest member admin
    ("/search",                                              [303, 200, 200, 200]),
    ("/search?q=seeded&order=newest&kind=document",          [303, 200, 200, 200]),
    ("/search?q=seeded&page=0",                              [303, 422, 422, 422]),
    ("/search/quick?q=seeded",                               [303, 200, 200, 200]),
    ("/search/open?s=1&to=%2Fdocs%2Fopen-rfc",               [303, 303, 303, 303]),
    ("/search/open?s=1&to=%2F%2Fevil.example",               [303, 400, 400, 400]),
    ("/search/open?s=1&to=https%3A%2F%2Fevil.example",       [303, 400, 400, 400]),
    ("/docs?q=seeded",                                       [303, 200, 200, 200]),
    ("/docs?q=seeded&page=0",                                [303, 422, 422, 422]),
];

async fn run_page_matrix(db: Db) {
    use crate::browser::{Browser, cookie_client, get_raw};
    let Some(seeded) = seed(db).await else {
        return;
    };
    let app = &seeded.app;
    let browsers = [
        Browser::sign_in(app, "pguest", Role::Guest).await,
        Browser::sign_in(app, "pmember", Role::Member).await,
        Browser::sign_in(app, "padmin", Role::Admin).await,
    ];
    let anonymous = cookie_client();
    let mut failures = Vec::new();
    for (path, expect) in PAGE_MATRIX {
        let response = get_raw(app, &anonymous, path).await;
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        if response.status() != expect[0] || !location.starts_with("/login?next=") {
            failures.push(format!(
                "{path} as anonymous: {} to {location:?}",
                response.status()
            ));
        }
        for (browser, expected) in browsers.iter().zip(&expect[1..]) {
            let (status, _) = browser.get(path).await;
            if status != *expected {
                failures.push(format!(
                    "{path} as {}: expected {expected}, got {status}",
                    browser.actor.handle
                ));
            }
        }
    }
    seeded.app.stop().await;
    assert!(
        failures.is_empty(),
        "page matrix failures:\n{}",
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_pages_answer_every_caller_correctly_on_sqlite() {
    run_page_matrix(Db::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_pages_answer_every_caller_correctly_on_postgres() {
    run_page_matrix(Db::Postgres).await;
}
