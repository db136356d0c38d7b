//! The OpenAPI 3 document, generated from the handlers' annotations and the DTOs.
//!
//! What is true of every operation is added here once, by [`Modify`]: the error responses any
//! route can give (a bad path or query is 400, no credentials 401, and so on), and the
//! `Idempotency-Key` header every POST honours. Annotations list only what is particular to
//! an operation, so the document cannot drift from the server one handler at a time. A test
//! walks the route table in `routes` against the document's paths.

use super::dto;
use super::idempotency::HEADER;
use longhand_core::ops::idempotency::MAX_KEY_LENGTH;
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBody;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Required, ResponseBuilder};
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
        super::admin::dead_jobs, super::admin::retry_job,
        super::channels::list, super::channels::add, super::channels::change, super::channels::remove,
        super::channels::failed, super::channels::retry, super::channels::test,
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
        super::insights::decision_records, super::insights::search_success, super::search::search_all, super::search::opened, super::decisions::list, super::decisions::get, super::decisions::workspace_feed, super::decisions::space_feed,
        super::sync::get, super::sync::dismiss, super::sync::record_call, super::sync::post_outcome,
        super::planned_meetings::list, super::planned_meetings::create, super::planned_meetings::check, super::planned_meetings::get, super::planned_meetings::agenda,
        super::planned_meetings::attend, super::planned_meetings::unattend, super::planned_meetings::outcome, super::planned_meetings::cancel,
        super::reviews::list, super::reviews::open, super::reviews::get, super::reviews::verdict, super::reviews::close, super::reviews::reopen,
        super::reviews::revise, super::reviews::raise_question, super::reviews::answer_question, super::reviews::tie_break,
        super::reviews::synthesis, super::reviews::publish,
        super::sync::round_dismiss, super::sync::round_record_call, super::sync::round_post_outcome,
        super::digests::preview, super::digests::team,
        super::checkins::schedule, super::checkins::put_schedule, super::checkins::mine, super::checkins::answer, super::checkins::all_mine,
        super::checkins::team, super::checkins::list_blockers, super::checkins::get_blocker, super::checkins::resolve_blocker,
        super::notify::read_one, super::notify::snooze, super::notify::preferences, super::notify::put_preferences,
        super::notify::space_following, super::notify::follow_space, super::notify::unfollow_space,
        super::notify::document_following, super::notify::follow_document, super::notify::unfollow_document,
    ),
    components(schemas(dto::ErrorBody, dto::ErrorDetail, longhand_core::formats::calendar_json::CalendarJson)),
    modifiers(&BearerAuth, &CommonResponses),
    tags((name = "members"), (name = "teams"), (name = "spaces"), (name = "asks"), (name = "documents"), (name = "decisions"), (name = "reviews"), (name = "insights"), (name = "search"), (name = "notifications"), (name = "tokens"), (name = "audit"), (name = "admin"), (name = "meetings"), (name = "checkins"))
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

/// The error responses every operation may give, by status: the component's name and when.
const ALWAYS: &[(&str, &str, &str)] = &[
    (
        "400",
        "BadRequest",
        "A path or query parameter, or a header, cannot be read.",
    ),
    (
        "401",
        "Unauthenticated",
        "No valid bearer token or session.",
    ),
    ("403", "Forbidden", "The caller may not do this."),
    (
        "404",
        "NotFound",
        "Nothing there, or nothing the caller may see.",
    ),
    (
        "422",
        "Invalid",
        "The request is well formed but its values are refused.",
    ),
];

/// The error responses of an operation that takes a body.
const WITH_BODY: &[(&str, &str, &str)] = &[
    ("413", "TooLarge", "The body is over the size limit."),
    (
        "415",
        "UnsupportedMediaType",
        "The body is not `application/json`.",
    ),
];

/// The error response of an operation that changes something.
const WRITES: &[(&str, &str, &str)] = &[(
    "409",
    "Conflict",
    "The change collides with the current state, or a request with the same `Idempotency-Key` is still running.",
)];

/// Adds the shared error responses and the `Idempotency-Key` header to every operation.
struct CommonResponses;

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for (_, name, description) in ALWAYS.iter().chain(WITH_BODY).chain(WRITES) {
            components
                .responses
                .insert((*name).to_owned(), RefOr::T(error_response(description)));
        }
        for item in openapi.paths.paths.values_mut() {
            let reads = [&mut item.get];
            let writes = [&mut item.put, &mut item.patch, &mut item.delete];
            reads
                .into_iter()
                .flatten()
                .for_each(|op| add_errors(op, false));
            writes
                .into_iter()
                .flatten()
                .for_each(|op| add_errors(op, true));
            if let Some(op) = item.post.as_mut() {
                add_errors(op, true);
                op.parameters
                    .get_or_insert_with(Vec::new)
                    .push(idempotency_key());
            }
        }
    }
}

fn error_response(description: &str) -> utoipa::openapi::Response {
    let content = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("ErrorBody")))
        .build();
    ResponseBuilder::new()
        .description(description)
        .content("application/json", content)
        .build()
}

fn add_errors(op: &mut Operation, writes: bool) {
    let body = op.request_body.as_ref().is_some_and(has_content);
    let mut wanted: Vec<&(&str, &str, &str)> = ALWAYS.iter().collect();
    if body {
        wanted.extend(WITH_BODY);
    }
    if writes {
        wanted.extend(WRITES);
    }
    for (status, name, _) in wanted {
        op.responses
            .responses
            .entry((*status).to_owned())
            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(*name)));
    }
}

fn has_content(body: &RequestBody) -> bool {
    !body.content.is_empty()
}

fn idempotency_key() -> Parameter {
    let schema = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(MAX_KEY_LENGTH))
        .build();
    ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(format!(
            "Makes a retry safe: the same key (per caller) and the same request within 24 hours \
             get the first response again (marked `{}: true`) instead of running twice. The \
             same key with another request is refused (422); while the first is still running, \
             a retry gets 409. 1 to {MAX_KEY_LENGTH} printable ASCII characters, e.g. a UUID; \
             header name `{HEADER}`.",
            super::idempotency::REPLAYED
        )))
        .schema(Some(schema))
        .build()
}

/// The document as JSON text.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// GET /api/openapi.json
pub(crate) async fn serve() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(document())
}

#[cfg(test)]
mod tests {
    use super::document;
    use crate::routes::api_operations;
    use serde_json::Value;
    use std::collections::BTreeSet;

    fn doc() -> Value {
        serde_json::to_value(document()).expect("the document serialises")
    }

    /// Every operation in the document, as `(method, path)`.
    fn documented(doc: &Value) -> BTreeSet<(String, String)> {
        let mut found = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for method in [
                "get", "put", "post", "patch", "delete", "head", "options", "trace",
            ] {
                if item.get(method).is_some() {
                    found.insert((method.to_owned(), path.clone()));
                }
            }
        }
        found
    }

    fn operations(doc: &Value) -> Vec<(String, String, Value)> {
        documented(doc)
            .into_iter()
            .map(|(method, path)| {
                let op = doc["paths"][&path][&method].clone();
                (method, path, op)
            })
            .collect()
    }

    #[test]
    fn every_api_route_is_in_the_openapi_document_and_every_documented_path_is_routed() {
        let routed: BTreeSet<(String, String)> = api_operations()
            .into_iter()
            .map(|(method, path)| (method.to_owned(), path.to_owned()))
            .collect();
        let documented = documented(&doc());
        let undocumented: Vec<_> = routed.difference(&documented).collect();
        let unrouted: Vec<_> = documented.difference(&routed).collect();
        assert!(
            undocumented.is_empty(),
            "routes missing from the OpenAPI document: {undocumented:?}"
        );
        assert!(
            unrouted.is_empty(),
            "documented operations the router lacks: {unrouted:?}"
        );
    }

    #[test]
    fn query_parameters_are_documented_in_the_query_not_the_path() {
        let doc = doc();
        for (method, path, op) in operations(&doc) {
            for param in op["parameters"].as_array().into_iter().flatten() {
                let name = param["name"].as_str().unwrap_or_default();
                if param["in"] == "path" {
                    assert!(
                        path.contains(&format!("{{{name}}}")),
                        "{method} {path}: `{name}` is declared in the path but the path has no such segment"
                    );
                }
            }
        }
        let diff = &doc["paths"]["/api/v1/documents/{slug}/diff"]["get"]["parameters"];
        let from = diff
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == "from"))
            .expect("the diff documents `from`");
        assert_eq!(
            (&from["in"], &from["required"]),
            (&Value::from("query"), &Value::from(true))
        );
    }

    #[test]
    fn every_operation_lists_the_shared_error_responses_with_the_error_schema() {
        let doc = doc();
        for (method, path, op) in operations(&doc) {
            let mut wanted = vec!["400", "401", "403", "404", "422"];
            if op.get("requestBody").is_some() {
                wanted.extend(["413", "415"]);
            }
            if method != "get" {
                wanted.push("409");
            }
            for status in wanted {
                assert!(
                    op["responses"].get(status).is_some(),
                    "{method} {path} does not list {status}"
                );
            }
        }
        let shared = &doc["components"]["responses"]["Unauthenticated"];
        assert_eq!(
            shared["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorBody"
        );
    }

    #[test]
    fn the_optional_space_member_body_is_not_marked_required() {
        let doc = doc();
        let body = &doc["paths"]["/api/v1/spaces/{slug}/members/{handle}"]["put"]["requestBody"];
        assert!(body.is_object(), "the body is documented");
        assert_ne!(
            body["required"],
            Value::from(true),
            "an empty PUT is accepted: {body}"
        );
    }

    #[test]
    fn every_post_documents_the_idempotency_key_header() {
        let doc = doc();
        for (method, path, op) in operations(&doc) {
            let has_header = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header");
            assert_eq!(has_header, method == "post", "{method} {path}");
        }
    }

    #[test]
    fn request_vocabularies_list_the_words_the_server_parses() {
        use longhand_domain::workspace::SpacePurpose;
        let doc = doc();
        let purpose = &doc["components"]["schemas"]["NewSpaceDto"]["properties"]["purpose"];
        let words: Vec<&str> = SpacePurpose::ALL.iter().map(|p| p.as_str()).collect();
        assert_eq!(purpose["enum"], serde_json::json!(words), "{purpose}");
    }
}
