//! The whole route table, pages and API, in one function.

use super::{
    AppState, WebConfig, admin, asks, assets, auth, blockers, channels, checkins, csrf, decisions,
    digests, documents, error, meetings, members, notify, planned_meetings, reviews, search,
    settings, spaces, teams, threads,
};
use crate::api;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::handler::Handler;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, get, on, post};
use longhand_core::ops::App;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The largest request body accepted anywhere but the calendar uploads.
const BODY_LIMIT: usize = 1024 * 1024;
/// The largest calendar upload: organisation-sized `.ics` exports run to megabytes.
pub(crate) const UPLOAD_LIMIT: usize = 25 * 1024 * 1024;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
                   connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

/// Builds the router with every route and middleware.
pub fn router(app: App, config: WebConfig) -> Router {
    let state = AppState { app, config };
    let limited = Router::new()
        .merge(page_routes())
        .merge(api_routes(&state))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/assets/{name}", get(assets::serve))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT));
    Router::new()
        .merge(limited)
        .merge(upload_routes(&state))
        .fallback(error::not_found)
        .layer(middleware::from_fn(csrf::guard))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            super::authenticate,
        ))
        .layer(security_header("content-security-policy", CSP))
        .layer(security_header("x-content-type-options", "nosniff"))
        .layer(security_header("x-frame-options", "DENY"))
        .layer(security_header("referrer-policy", "same-origin"))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

fn security_header(name: &'static str, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        HeaderName::from_static(name),
        HeaderValue::from_static(value),
    )
}

fn page_routes() -> Router<AppState> {
    Router::new()
        .route("/", get(auth::home))
        .route("/setup", get(auth::setup_form).post(auth::setup_submit))
        .route("/login", get(auth::login_form).post(auth::login_submit))
        .route("/logout", post(auth::logout))
        .route("/inbox", get(asks::inbox))
        .route("/asks", post(asks::create))
        .route("/asks/new", get(asks::new_form))
        .route("/asks/{id}", get(asks::detail))
        .route("/asks/{id}/respond", post(asks::respond))
        .route("/asks/{id}/reassign", post(asks::reassign))
        .route("/asks/{id}/withdraw", post(asks::withdraw))
        .route("/notifications", get(asks::notifications))
        .route("/notifications/read", post(asks::mark_read))
        .route("/digest", get(digests::preview))
        .route("/digests/{id}", get(digests::sent))
        .route("/teams/{slug}/digest", get(digests::team))
        .route("/notifications/{id}", get(notify::open))
        .route("/notifications/{id}/snooze", post(notify::snooze))
        .route(
            "/settings/notifications",
            get(notify::preferences).post(notify::save_preferences),
        )
        .route("/spaces/{slug}/follow", post(notify::follow_space))
        .route("/spaces/{slug}/unfollow", post(notify::unfollow_space))
        .route("/docs/{slug}/follow", post(notify::follow_document))
        .route("/docs/{slug}/unfollow", post(notify::unfollow_document))
        .route("/members", get(members::list))
        .route("/members/{handle}", get(members::profile))
        .route(
            "/members/{handle}/edit",
            get(members::edit_form).post(members::edit_submit),
        )
        .route("/members/{handle}/preview", post(members::preview))
        .route("/teams", get(teams::list).post(teams::create))
        .route("/teams/{slug}", get(teams::detail).post(teams::update))
        .route("/teams/{slug}/members", post(teams::add_member))
        .route("/teams/{slug}/charter", post(teams::update_charter))
        .route(
            "/teams/{slug}/checkin-schedule",
            post(checkins::save_schedule),
        )
        .route("/checkins", get(checkins::index))
        .route("/checkins/{slug}", get(checkins::form).post(checkins::save))
        .route("/checkins/{slug}/{handle}/{date}", get(checkins::one))
        .route("/blockers", get(blockers::list))
        .route("/blockers/{id}", get(blockers::detail))
        .route("/blockers/{id}/resolve", post(blockers::resolve))
        .route(
            "/teams/{slug}/members/{handle}/remove",
            post(teams::remove_member),
        )
        .route("/spaces", get(spaces::list).post(spaces::create))
        .route("/spaces/new", get(spaces::new_form))
        .route("/spaces/{slug}", get(spaces::detail).post(spaces::update))
        .route("/spaces/{slug}/join", post(spaces::join))
        .route("/spaces/{slug}/leave", post(spaces::leave))
        .route("/spaces/{slug}/members", post(spaces::add_member))
        .route(
            "/spaces/{slug}/members/{handle}/remove",
            post(spaces::remove_member),
        )
        .route("/docs", get(documents::list).post(documents::create))
        .route("/docs/new", get(documents::new_form))
        .route("/docs/lint", post(documents::live_lint))
        .route("/docs/{slug}", get(documents::view).post(documents::update))
        .route("/docs/{slug}/edit", get(documents::edit_form))
        .route("/docs/{slug}/status", post(documents::set_status))
        .route("/docs/{slug}/readers", post(documents::set_readers))
        .route("/docs/{slug}/share", post(documents::request_share))
        .route("/docs/{slug}/share/{id}", post(documents::decide_share))
        .route("/docs/{slug}/history", get(documents::history))
        .route("/docs/{slug}/diff", get(documents::diff))
        .route("/docs/{slug}/move", post(documents::move_page))
        .route("/docs/{slug}/threads", post(threads::start_on_document))
        .route("/docs/{slug}/rounds", post(reviews::open))
        .route(
            "/docs/{slug}/rounds/{number}/verdict",
            post(reviews::verdict),
        )
        .route("/docs/{slug}/rounds/{number}/close", post(reviews::close))
        .route("/docs/{slug}/rounds/{number}/reopen", post(reviews::reopen))
        .route("/docs/{slug}/rounds/{number}/revise", post(reviews::revise))
        .route(
            "/docs/{slug}/rounds/{number}/questions",
            post(reviews::raise_question),
        )
        .route(
            "/docs/{slug}/rounds/{number}/questions/{id}/answer",
            post(reviews::answer_question),
        )
        .route(
            "/docs/{slug}/rounds/{number}/tie-break",
            post(reviews::tie_break),
        )
        .route(
            "/docs/{slug}/rounds/{number}/synthesis",
            get(reviews::synthesis),
        )
        .route(
            "/docs/{slug}/rounds/{number}/publish",
            post(reviews::publish),
        )
        .route(
            "/docs/{slug}/rounds/{number}/sync/dismiss",
            post(reviews::sync::dismiss),
        )
        .route(
            "/docs/{slug}/rounds/{number}/sync/calls",
            post(reviews::sync::record_call),
        )
        .route(
            "/docs/{slug}/rounds/{number}/sync/calls/{call}/outcome",
            post(reviews::sync::post_outcome),
        )
        .route("/spaces/{slug}/threads", post(threads::start_in_space))
        .route("/threads/{id}", get(threads::detail))
        .route("/threads/{id}/reply", post(threads::reply))
        .route("/threads/{id}/resolve", post(threads::resolve))
        .route("/threads/{id}/elevate", post(threads::elevate))
        .route("/threads/{id}/sync/dismiss", post(threads::sync::dismiss))
        .route("/threads/{id}/sync/calls", post(threads::sync::record_call))
        .route(
            "/threads/{id}/sync/calls/{call}/outcome",
            post(threads::sync::post_outcome),
        )
        .route("/handbook", get(documents::handbook))
        .route("/search", get(search::page))
        .route("/search/quick", get(search::quick))
        .route("/search/open", get(search::open))
        .route("/decisions", get(decisions::log))
        .route("/decisions/{slug}", get(decisions::view))
        .route(
            "/meetings/planned",
            get(planned_meetings::list).post(planned_meetings::register),
        )
        .route("/meetings/planned/advice", post(planned_meetings::advice))
        .route("/meetings/planned/hours", post(planned_meetings::hours))
        .route("/meetings/planned/draft", post(planned_meetings::draft))
        .route("/meetings/planned/{id}", get(planned_meetings::detail))
        .route(
            "/meetings/planned/{id}/agenda",
            post(planned_meetings::agenda),
        )
        .route(
            "/meetings/planned/{id}/attend",
            post(planned_meetings::attend),
        )
        .route(
            "/meetings/planned/{id}/unattend",
            post(planned_meetings::unattend),
        )
        .route(
            "/meetings/planned/{id}/outcome",
            post(planned_meetings::outcome),
        )
        .route(
            "/meetings/planned/{id}/cancel",
            post(planned_meetings::cancel),
        )
        .route("/settings", get(settings::index))
        .route("/settings/tokens", post(settings::create_token))
        .route("/settings/tokens/{id}/revoke", post(settings::revoke_token))
        .route("/settings/password", post(settings::change_password))
        .route(
            "/settings/channels",
            get(channels::index).post(channels::add),
        )
        .route("/settings/channels/{id}", post(channels::change))
        .route("/settings/channels/{id}/remove", post(channels::remove))
        .route(
            "/unsubscribe/{token}",
            get(channels::unsubscribe_page).post(channels::unsubscribe),
        )
        .route("/admin/deliveries/{id}/retry", post(admin::retry_delivery))
        .route("/admin/notify/test", post(admin::notify_test))
        .route("/admin", get(admin::index))
        .route("/admin/members", post(admin::create_person))
        .route("/admin/members/{handle}/access", post(admin::update_access))
        .route("/admin/tokens/{id}/revoke", post(admin::revoke_token))
        .route("/admin/events", get(admin::events))
        .route("/admin/jobs/{id}/retry", post(admin::retry_job))
        .route("/meetings", get(meetings::index))
        .route("/meetings/overlap", get(meetings::overlap))
        .route("/meetings/feed", post(meetings::set_feed))
        .route("/meetings/purpose", post(meetings::set_purpose))
        .route(
            "/meetings/calendars/{id}/delete",
            post(meetings::delete_calendar),
        )
}

/// The routes that take calendar uploads, with [`UPLOAD_LIMIT`] instead of the 1 MB limit.
fn upload_routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/meetings/calendars", post(meetings::upload))
        .merge(table_routes(state, api_upload_table()))
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
        .layer(RequestBodyLimitLayer::new(UPLOAD_LIMIT))
}

/// An HTTP method of the JSON API. Each table row names its method once, and both the
/// router and the route-table test read it from there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Verb {
    fn filter(self) -> MethodFilter {
        match self {
            Verb::Get => MethodFilter::GET,
            Verb::Post => MethodFilter::POST,
            Verb::Put => MethodFilter::PUT,
            Verb::Patch => MethodFilter::PATCH,
            Verb::Delete => MethodFilter::DELETE,
        }
    }

    /// The method's name as the OpenAPI document's path items spell it.
    pub(crate) fn openapi_name(self) -> &'static str {
        match self {
            Verb::Get => "get",
            Verb::Post => "post",
            Verb::Put => "put",
            Verb::Patch => "patch",
            Verb::Delete => "delete",
        }
    }
}

/// One JSON API endpoint: its method, its path, and the handler behind them.
pub(crate) struct ApiRoute {
    pub(crate) verb: Verb,
    pub(crate) path: &'static str,
    handler: MethodRouter<AppState>,
}

fn endpoint<H, T>(verb: Verb, path: &'static str, handler: H) -> ApiRoute
where
    H: Handler<T, AppState>,
    T: 'static,
{
    ApiRoute {
        verb,
        path,
        handler: on(verb.filter(), handler),
    }
}

/// Every `/api/v1` endpoint but the calendar upload ([`api_upload_table`]). The OpenAPI
/// document must list exactly these; a unit test walks this table against it.
pub(crate) fn api_table() -> Vec<ApiRoute> {
    let mut table = people_table();
    table.extend(asks_table());
    table.extend(meetings_table());
    table.extend(documents_table());
    table.extend(decisions_table());
    table.extend(insights_table());
    table.extend(search_table());
    table.extend(threads_table());
    table.extend(planned_meetings_table());
    table.extend(reviews_table());
    table.extend(notify_table());
    table.extend(channels_table());
    table.extend(checkins_table());
    table
}

fn notify_table() -> Vec<ApiRoute> {
    use Verb::{Delete, Get, Post, Put};
    use api::notify;
    vec![
        endpoint(Post, "/api/v1/notifications/{id}/read", notify::read_one),
        endpoint(Post, "/api/v1/notifications/{id}/snooze", notify::snooze),
        endpoint(
            Get,
            "/api/v1/me/notification-preferences",
            notify::preferences,
        ),
        endpoint(
            Put,
            "/api/v1/me/notification-preferences",
            notify::put_preferences,
        ),
        endpoint(Get, "/api/v1/spaces/{slug}/follow", notify::space_following),
        endpoint(Put, "/api/v1/spaces/{slug}/follow", notify::follow_space),
        endpoint(
            Delete,
            "/api/v1/spaces/{slug}/follow",
            notify::unfollow_space,
        ),
        endpoint(
            Get,
            "/api/v1/documents/{slug}/follow",
            notify::document_following,
        ),
        endpoint(
            Put,
            "/api/v1/documents/{slug}/follow",
            notify::follow_document,
        ),
        endpoint(
            Delete,
            "/api/v1/documents/{slug}/follow",
            notify::unfollow_document,
        ),
    ]
}

fn channels_table() -> Vec<ApiRoute> {
    use Verb::{Delete, Get, Patch, Post};
    use api::channels;
    vec![
        endpoint(Get, "/api/v1/me/channels", channels::list),
        endpoint(Post, "/api/v1/me/channels", channels::add),
        endpoint(Patch, "/api/v1/me/channels/{id}", channels::change),
        endpoint(Delete, "/api/v1/me/channels/{id}", channels::remove),
        endpoint(Get, "/api/v1/admin/deliveries", channels::failed),
        endpoint(Post, "/api/v1/admin/deliveries/{id}/retry", channels::retry),
        endpoint(Post, "/api/v1/admin/notify/test", channels::test),
    ]
}

/// The API endpoints that take calendar uploads, under [`UPLOAD_LIMIT`].
pub(crate) fn api_upload_table() -> Vec<ApiRoute> {
    vec![endpoint(
        Verb::Post,
        "/api/v1/meetings/calendars",
        api::meetings::upload,
    )]
}

/// The method (as the OpenAPI document spells it) and path of every `/api/v1` endpoint.
pub fn api_operations() -> Vec<(&'static str, &'static str)> {
    api_table()
        .iter()
        .chain(api_upload_table().iter())
        .map(|route| (route.verb.openapi_name(), route.path))
        .collect()
}

fn people_table() -> Vec<ApiRoute> {
    use Verb::{Delete, Get, Patch, Post, Put};
    use api::{admin, events, members, spaces, teams, tokens};
    vec![
        endpoint(Get, "/api/v1/me", members::me),
        endpoint(Patch, "/api/v1/me", members::patch_me),
        endpoint(Get, "/api/v1/members", members::list),
        endpoint(Post, "/api/v1/members", members::create),
        endpoint(Get, "/api/v1/members/{handle}", members::get),
        endpoint(Patch, "/api/v1/members/{handle}", members::patch),
        endpoint(Get, "/api/v1/teams", teams::list),
        endpoint(Post, "/api/v1/teams", teams::create),
        endpoint(Get, "/api/v1/teams/{slug}", teams::get),
        endpoint(Patch, "/api/v1/teams/{slug}", teams::patch),
        endpoint(
            Put,
            "/api/v1/teams/{slug}/members/{handle}",
            teams::add_member,
        ),
        endpoint(
            Delete,
            "/api/v1/teams/{slug}/members/{handle}",
            teams::remove_member,
        ),
        endpoint(Get, "/api/v1/spaces", spaces::list),
        endpoint(Post, "/api/v1/spaces", spaces::create),
        endpoint(Get, "/api/v1/spaces/{slug}", spaces::get),
        endpoint(Patch, "/api/v1/spaces/{slug}", spaces::patch),
        endpoint(Post, "/api/v1/spaces/{slug}/join", spaces::join),
        endpoint(Post, "/api/v1/spaces/{slug}/leave", spaces::leave),
        endpoint(
            Put,
            "/api/v1/spaces/{slug}/members/{handle}",
            spaces::add_member,
        ),
        endpoint(
            Delete,
            "/api/v1/spaces/{slug}/members/{handle}",
            spaces::remove_member,
        ),
        endpoint(Get, "/api/v1/tokens", tokens::list),
        endpoint(Post, "/api/v1/tokens", tokens::create),
        endpoint(Delete, "/api/v1/tokens/{id}", tokens::revoke),
        endpoint(Get, "/api/v1/events", events::list),
        endpoint(Get, "/api/v1/events/head", events::head),
        endpoint(Get, "/api/v1/admin/jobs/dead", admin::dead_jobs),
        endpoint(Post, "/api/v1/admin/jobs/{id}/retry", admin::retry_job),
    ]
}

fn asks_table() -> Vec<ApiRoute> {
    use Verb::{Get, Post, Put};
    use api::{asks, digests, lint};
    vec![
        endpoint(Post, "/api/v1/asks", asks::create),
        endpoint(Get, "/api/v1/asks/{id}", asks::get),
        endpoint(Post, "/api/v1/asks/{id}/respond", asks::respond),
        endpoint(Post, "/api/v1/asks/{id}/reassign", asks::reassign),
        endpoint(Post, "/api/v1/asks/{id}/withdraw", asks::withdraw),
        endpoint(Get, "/api/v1/inbox", asks::inbox),
        endpoint(Post, "/api/v1/lint", lint::lint),
        endpoint(Get, "/api/v1/teams/{slug}/charter", asks::charter),
        endpoint(Put, "/api/v1/teams/{slug}/charter", asks::put_charter),
        endpoint(Get, "/api/v1/teams/{slug}/urgency", asks::urgency),
        endpoint(Get, "/api/v1/notifications", asks::notifications),
        endpoint(Post, "/api/v1/notifications/read", asks::mark_read),
        endpoint(Get, "/api/v1/me/digest/preview", digests::preview),
        endpoint(Get, "/api/v1/teams/{slug}/digest", digests::team),
    ]
}

fn checkins_table() -> Vec<ApiRoute> {
    use Verb::{Get, Post, Put};
    use api::checkins;
    vec![
        endpoint(
            Get,
            "/api/v1/teams/{slug}/checkin-schedule",
            checkins::schedule,
        ),
        endpoint(
            Put,
            "/api/v1/teams/{slug}/checkin-schedule",
            checkins::put_schedule,
        ),
        endpoint(Get, "/api/v1/teams/{slug}/checkins", checkins::team),
        endpoint(Get, "/api/v1/teams/{slug}/checkins/me", checkins::mine),
        endpoint(Put, "/api/v1/teams/{slug}/checkins/me", checkins::answer),
        endpoint(Get, "/api/v1/me/checkins", checkins::all_mine),
        endpoint(Get, "/api/v1/blockers", checkins::list_blockers),
        endpoint(Get, "/api/v1/blockers/{id}", checkins::get_blocker),
        endpoint(
            Post,
            "/api/v1/blockers/{id}/resolve",
            checkins::resolve_blocker,
        ),
    ]
}

fn meetings_table() -> Vec<ApiRoute> {
    use Verb::{Delete, Get, Put};
    use api::meetings;
    vec![
        endpoint(Get, "/api/v1/meetings/calendars", meetings::calendars),
        endpoint(
            Delete,
            "/api/v1/meetings/calendars/{id}",
            meetings::delete_calendar,
        ),
        endpoint(Get, "/api/v1/meetings/report", meetings::report),
        endpoint(
            Put,
            "/api/v1/meetings/series/{key}/purpose",
            meetings::set_purpose,
        ),
        endpoint(Get, "/api/v1/meetings/overlap", meetings::overlap),
        endpoint(Get, "/api/v1/me/calendar-feed", meetings::my_feed),
        endpoint(Put, "/api/v1/me/calendar-feed", meetings::put_feed),
        endpoint(Delete, "/api/v1/me/calendar-feed", meetings::delete_feed),
    ]
}

fn documents_table() -> Vec<ApiRoute> {
    use Verb::{Get, Post, Put};
    use api::documents as docs;
    vec![
        endpoint(Get, "/api/v1/documents", docs::list),
        endpoint(Post, "/api/v1/documents", docs::create),
        endpoint(Get, "/api/v1/documents/{slug}", docs::get),
        endpoint(Put, "/api/v1/documents/{slug}", docs::revise),
        endpoint(Post, "/api/v1/documents/{slug}/status", docs::set_status),
        endpoint(Get, "/api/v1/documents/{slug}/revisions", docs::revisions),
        endpoint(
            Get,
            "/api/v1/documents/{slug}/revisions/{number}",
            docs::revision,
        ),
        endpoint(Get, "/api/v1/documents/{slug}/diff", docs::diff),
        endpoint(Put, "/api/v1/documents/{slug}/readers", docs::set_readers),
        endpoint(Post, "/api/v1/documents/{slug}/shares", docs::request_share),
        endpoint(
            Post,
            "/api/v1/documents/{slug}/shares/{id}",
            docs::decide_share,
        ),
        endpoint(Post, "/api/v1/documents/{slug}/move", docs::move_page),
        endpoint(Get, "/api/v1/handbook", docs::handbook),
        endpoint(Get, "/api/v1/templates", docs::templates),
        endpoint(Post, "/api/v1/spaces/{slug}/templates", docs::save_template),
    ]
}

fn insights_table() -> Vec<ApiRoute> {
    use Verb::Get;
    use api::insights;
    vec![
        endpoint(
            Get,
            "/api/v1/insights/decision-records",
            insights::decision_records,
        ),
        endpoint(
            Get,
            "/api/v1/insights/search-success",
            insights::search_success,
        ),
    ]
}

fn search_table() -> Vec<ApiRoute> {
    use Verb::{Get, Post};
    use api::search;
    vec![
        endpoint(Get, "/api/v1/search", search::search_all),
        endpoint(Post, "/api/v1/search/opened", search::opened),
    ]
}

fn decisions_table() -> Vec<ApiRoute> {
    use Verb::Get;
    use api::decisions;
    vec![
        endpoint(Get, "/api/v1/decisions", decisions::list),
        endpoint(
            Get,
            "/api/v1/decisions/feed.atom",
            decisions::workspace_feed,
        ),
        endpoint(Get, "/api/v1/decisions/{slug}", decisions::get),
        endpoint(
            Get,
            "/api/v1/spaces/{slug}/decisions/feed.atom",
            decisions::space_feed,
        ),
    ]
}

fn threads_table() -> Vec<ApiRoute> {
    use Verb::{Get, Post};
    use api::documents as docs;
    use api::sync;
    vec![
        endpoint(
            Get,
            "/api/v1/documents/{slug}/threads",
            docs::document_threads,
        ),
        endpoint(
            Post,
            "/api/v1/documents/{slug}/threads",
            docs::start_on_document,
        ),
        endpoint(Get, "/api/v1/spaces/{slug}/threads", docs::space_threads),
        endpoint(Post, "/api/v1/spaces/{slug}/threads", docs::start_in_space),
        endpoint(Get, "/api/v1/threads/{id}", docs::thread),
        endpoint(Post, "/api/v1/threads/{id}/comments", docs::reply),
        endpoint(Post, "/api/v1/threads/{id}/resolve", docs::resolve),
        endpoint(Post, "/api/v1/threads/{id}/elevate", docs::elevate),
        endpoint(Get, "/api/v1/threads/{id}/sync", sync::get),
        endpoint(Post, "/api/v1/threads/{id}/sync/dismiss", sync::dismiss),
        endpoint(Post, "/api/v1/threads/{id}/sync/calls", sync::record_call),
        endpoint(
            Post,
            "/api/v1/threads/{id}/sync/calls/{call}/outcome",
            sync::post_outcome,
        ),
    ]
}

fn planned_meetings_table() -> Vec<ApiRoute> {
    use Verb::{Get, Post};
    use api::planned_meetings as planned;
    vec![
        endpoint(Get, "/api/v1/planned-meetings", planned::list),
        endpoint(Post, "/api/v1/planned-meetings", planned::create),
        endpoint(Post, "/api/v1/planned-meetings/check", planned::check),
        endpoint(Get, "/api/v1/planned-meetings/{id}", planned::get),
        endpoint(
            Post,
            "/api/v1/planned-meetings/{id}/agenda",
            planned::agenda,
        ),
        endpoint(
            Post,
            "/api/v1/planned-meetings/{id}/attend",
            planned::attend,
        ),
        endpoint(
            Post,
            "/api/v1/planned-meetings/{id}/unattend",
            planned::unattend,
        ),
        endpoint(
            Post,
            "/api/v1/planned-meetings/{id}/outcome",
            planned::outcome,
        ),
        endpoint(
            Post,
            "/api/v1/planned-meetings/{id}/cancel",
            planned::cancel,
        ),
    ]
}

fn reviews_table() -> Vec<ApiRoute> {
    use Verb::{Get, Post};
    use api::{reviews, sync};
    vec![
        endpoint(Get, "/api/v1/documents/{slug}/rounds", reviews::list),
        endpoint(Post, "/api/v1/documents/{slug}/rounds", reviews::open),
        endpoint(
            Get,
            "/api/v1/documents/{slug}/rounds/{number}",
            reviews::get,
        ),
        endpoint(
            Post,
            "/api/v1/documents/{slug}/rounds/{number}/verdict",
            reviews::verdict,
        ),
        endpoint(
            Post,
            "/api/v1/documents/{slug}/rounds/{number}/close",
            reviews::close,
        ),
        endpoint(
            Post,
            "/api/v1/documents/{slug}/rounds/{number}/reopen",
            reviews::reopen,
        ),
        endpoint(
            Post,
            "/api/v1/documents/{slug}/rounds/{number}/revise",
            reviews::revise,
        ),
        endpoint(
            Post,
            "/api/v1/documents/{slug}/rounds/{number}/questions",
            reviews::raise_question,
        ),
        endpoint(
            Post,
            "/api/v1/documents/{slug}/rounds/{number}/questions/{id}/answer",
            reviews::answer_question,
        ),
        endpoint(
            Post,
            "/api/v1/documents/{slug}/rounds/{number}/tie-break",
            reviews::tie_break,
        ),
        endpoint(
            Get,
            "/api/v1/documents/{slug}/rounds/{number}/synthesis",
            reviews::synthesis,
        ),
        endpoint(
            Post,
            "/api/v1/documents/{slug}/rounds/{number}/publish",
            reviews::publish,
        ),
        endpoint(
            Post,
            "/api/v1/documents/{slug}/rounds/{number}/sync/dismiss",
            sync::round_dismiss,
        ),
        endpoint(
            Post,
            "/api/v1/documents/{slug}/rounds/{number}/sync/calls",
            sync::round_record_call,
        ),
        endpoint(
            Post,
            "/api/v1/documents/{slug}/rounds/{number}/sync/calls/{call}/outcome",
            sync::round_post_outcome,
        ),
    ]
}

/// The routes of a table, behind the `Idempotency-Key` guard (which acts on POSTs only).
fn table_routes(state: &AppState, table: Vec<ApiRoute>) -> Router<AppState> {
    table
        .into_iter()
        .fold(Router::new(), |router, route| {
            router.route(route.path, route.handler)
        })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            api::idempotency::guard,
        ))
}

fn api_routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(api::openapi::serve))
        .merge(table_routes(state, api_table()))
}

/// Liveness: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers too. Also counts the jobs given up on (`dead_jobs`), so
/// an operator's probe sees reminders that will not be sent; they do not make the process
/// unready, since restarting it would not bring them back.
async fn readyz(State(state): State<AppState>) -> Response {
    let store = state.app.store();
    let ready = store.ping().await;
    let dead_jobs = longhand_core::worker::dead_count(&state.app).await.ok();
    let body = serde_json::json!({
        "status": if ready { "ready" } else { "database unavailable" },
        "database": store.backend_name(),
        "dead_jobs": dead_jobs,
        "tzdb": longhand_core::tz::version(),
        "version": env!("CARGO_PKG_VERSION"),
    });
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(body)).into_response()
}
