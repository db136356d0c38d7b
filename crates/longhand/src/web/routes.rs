//! The whole route table, pages and API, in one function.

use super::{
    AppState, WebConfig, admin, asks, assets, auth, csrf, documents, error, meetings, members,
    planned_meetings, settings, spaces, teams, threads,
};
use crate::api;
use crate::ops::App;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
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
        .merge(api_routes())
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/assets/{name}", get(assets::serve))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT));
    Router::new()
        .merge(limited)
        .merge(upload_routes())
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
        .route("/spaces/{slug}/threads", post(threads::start_in_space))
        .route("/threads/{id}", get(threads::detail))
        .route("/threads/{id}/reply", post(threads::reply))
        .route("/threads/{id}/resolve", post(threads::resolve))
        .route("/threads/{id}/elevate", post(threads::elevate))
        .route("/handbook", get(documents::handbook))
        .route(
            "/meetings/planned",
            get(planned_meetings::list).post(planned_meetings::register),
        )
        .route("/meetings/planned/advice", post(planned_meetings::advice))
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
        .route("/admin", get(admin::index))
        .route("/admin/members", post(admin::create_person))
        .route("/admin/members/{handle}/access", post(admin::update_access))
        .route("/admin/tokens/{id}/revoke", post(admin::revoke_token))
        .route("/admin/events", get(admin::events))
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
fn upload_routes() -> Router<AppState> {
    Router::new()
        .route("/meetings/calendars", post(meetings::upload))
        .route("/api/v1/meetings/calendars", post(api::meetings::upload))
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
        .layer(RequestBodyLimitLayer::new(UPLOAD_LIMIT))
}

fn api_routes() -> Router<AppState> {
    use api::{
        asks, documents, events, lint, meetings, members, planned_meetings, spaces, teams, tokens,
    };
    Router::new()
        .route("/api/openapi.json", get(api::openapi::serve))
        .route("/api/v1/me", get(members::me).patch(members::patch_me))
        .route("/api/v1/members", get(members::list).post(members::create))
        .route(
            "/api/v1/members/{handle}",
            get(members::get).patch(members::patch),
        )
        .route("/api/v1/teams", get(teams::list).post(teams::create))
        .route("/api/v1/teams/{slug}", get(teams::get).patch(teams::patch))
        .route(
            "/api/v1/teams/{slug}/members/{handle}",
            put(teams::add_member).delete(teams::remove_member),
        )
        .route("/api/v1/spaces", get(spaces::list).post(spaces::create))
        .route(
            "/api/v1/spaces/{slug}",
            get(spaces::get).patch(spaces::patch),
        )
        .route("/api/v1/spaces/{slug}/join", post(spaces::join))
        .route("/api/v1/spaces/{slug}/leave", post(spaces::leave))
        .route(
            "/api/v1/spaces/{slug}/members/{handle}",
            put(spaces::add_member).delete(spaces::remove_member),
        )
        .route("/api/v1/tokens", get(tokens::list).post(tokens::create))
        .route("/api/v1/tokens/{id}", delete(tokens::revoke))
        .route("/api/v1/events", get(events::list))
        .route("/api/v1/events/head", get(events::head))
        .route("/api/v1/asks", post(asks::create))
        .route("/api/v1/asks/{id}", get(asks::get))
        .route("/api/v1/asks/{id}/respond", post(asks::respond))
        .route("/api/v1/asks/{id}/reassign", post(asks::reassign))
        .route("/api/v1/asks/{id}/withdraw", post(asks::withdraw))
        .route("/api/v1/inbox", get(asks::inbox))
        .route("/api/v1/lint", post(lint::lint))
        .route(
            "/api/v1/teams/{slug}/charter",
            get(asks::charter).put(asks::put_charter),
        )
        .route("/api/v1/teams/{slug}/urgency", get(asks::urgency))
        .route("/api/v1/notifications", get(asks::notifications))
        .route("/api/v1/notifications/read", post(asks::mark_read))
        .route("/api/v1/meetings/calendars", get(meetings::calendars))
        .route(
            "/api/v1/meetings/calendars/{id}",
            delete(meetings::delete_calendar),
        )
        .route("/api/v1/meetings/report", get(meetings::report))
        .route(
            "/api/v1/meetings/series/{key}/purpose",
            put(meetings::set_purpose),
        )
        .route("/api/v1/meetings/overlap", get(meetings::overlap))
        .route(
            "/api/v1/me/calendar-feed",
            get(meetings::my_feed)
                .put(meetings::put_feed)
                .delete(meetings::delete_feed),
        )
        .route(
            "/api/v1/documents",
            get(documents::list).post(documents::create),
        )
        .route(
            "/api/v1/documents/{slug}",
            get(documents::get).put(documents::revise),
        )
        .route(
            "/api/v1/documents/{slug}/status",
            post(documents::set_status),
        )
        .route(
            "/api/v1/documents/{slug}/revisions",
            get(documents::revisions),
        )
        .route(
            "/api/v1/documents/{slug}/revisions/{number}",
            get(documents::revision),
        )
        .route("/api/v1/documents/{slug}/diff", get(documents::diff))
        .route(
            "/api/v1/documents/{slug}/readers",
            put(documents::set_readers),
        )
        .route(
            "/api/v1/documents/{slug}/shares",
            post(documents::request_share),
        )
        .route(
            "/api/v1/documents/{slug}/shares/{id}",
            post(documents::decide_share),
        )
        .route("/api/v1/documents/{slug}/move", post(documents::move_page))
        .route(
            "/api/v1/documents/{slug}/threads",
            get(documents::document_threads).post(documents::start_on_document),
        )
        .route(
            "/api/v1/spaces/{slug}/threads",
            get(documents::space_threads).post(documents::start_in_space),
        )
        .route(
            "/api/v1/spaces/{slug}/templates",
            post(documents::save_template),
        )
        .route("/api/v1/threads/{id}", get(documents::thread))
        .route("/api/v1/threads/{id}/comments", post(documents::reply))
        .route("/api/v1/threads/{id}/resolve", post(documents::resolve))
        .route("/api/v1/threads/{id}/elevate", post(documents::elevate))
        .route("/api/v1/handbook", get(documents::handbook))
        .route("/api/v1/templates", get(documents::templates))
        .route(
            "/api/v1/planned-meetings",
            get(planned_meetings::list).post(planned_meetings::create),
        )
        .route("/api/v1/planned-meetings/{id}", get(planned_meetings::get))
        .route(
            "/api/v1/planned-meetings/{id}/agenda",
            post(planned_meetings::agenda),
        )
        .route(
            "/api/v1/planned-meetings/{id}/attend",
            post(planned_meetings::attend),
        )
        .route(
            "/api/v1/planned-meetings/{id}/unattend",
            post(planned_meetings::unattend),
        )
        .route(
            "/api/v1/planned-meetings/{id}/outcome",
            post(planned_meetings::outcome),
        )
        .route(
            "/api/v1/planned-meetings/{id}/cancel",
            post(planned_meetings::cancel),
        )
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
    let dead_jobs = crate::jobs::dead_count(&state.app).await.ok();
    let body = serde_json::json!({
        "status": if ready { "ready" } else { "database unavailable" },
        "database": store.dialect().name(),
        "dead_jobs": dead_jobs,
        "tzdb": crate::tz::version(),
        "version": env!("CARGO_PKG_VERSION"),
    });
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(body)).into_response()
}
