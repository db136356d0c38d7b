//! The OpenAPI 3 document, generated from the handlers' annotations and the DTOs.

use super::dto;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Longhand API", description = "The JSON API of Longhand. Authenticate with `Authorization: Bearer <token>` (create tokens in Settings or with `longhand admin create-token`). Errors share one shape: `{\"error\": {\"code\", \"message\"}}`."),
    paths(
        super::members::me, super::members::patch_me, super::members::list, super::members::get, super::members::create, super::members::patch,
        super::teams::list, super::teams::create, super::teams::get, super::teams::patch, super::teams::add_member, super::teams::remove_member,
        super::spaces::list, super::spaces::create, super::spaces::get, super::spaces::patch, super::spaces::join, super::spaces::leave,
        super::spaces::add_member, super::spaces::remove_member,
        super::tokens::list, super::tokens::create, super::tokens::revoke,
        super::events::list, super::events::head,
        super::asks::create, super::asks::get, super::asks::respond, super::asks::reassign, super::asks::withdraw, super::asks::inbox,
        super::asks::charter, super::asks::put_charter, super::asks::urgency, super::asks::notifications, super::asks::mark_read,
        super::lint::lint,
        super::meetings::upload, super::meetings::calendars, super::meetings::delete_calendar, super::meetings::report,
        super::meetings::set_purpose, super::meetings::overlap, super::meetings::my_feed, super::meetings::put_feed, super::meetings::delete_feed,
        super::documents::list, super::documents::create, super::documents::get, super::documents::revise, super::documents::set_status,
        super::documents::revisions, super::documents::revision, super::documents::diff, super::documents::set_readers,
        super::documents::request_share, super::documents::decide_share, super::documents::move_page, super::documents::handbook,
        super::documents::templates, super::documents::save_template, super::documents::document_threads, super::documents::start_on_document,
        super::documents::space_threads, super::documents::start_in_space, super::documents::thread, super::documents::reply,
        super::documents::resolve, super::documents::elevate,
        super::planned_meetings::list, super::planned_meetings::create, super::planned_meetings::get, super::planned_meetings::agenda,
        super::planned_meetings::attend, super::planned_meetings::unattend, super::planned_meetings::outcome, super::planned_meetings::cancel,
    ),
    components(schemas(dto::ErrorBody, dto::ErrorDetail, crate::calendar_json::CalendarJson)),
    modifiers(&BearerAuth),
    tags((name = "members"), (name = "teams"), (name = "spaces"), (name = "asks"), (name = "documents"), (name = "notifications"), (name = "tokens"), (name = "audit"), (name = "meetings"))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The document as JSON text.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// GET /api/openapi.json
pub(crate) async fn serve() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(document())
}
