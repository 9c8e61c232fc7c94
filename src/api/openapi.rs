//! The REST API's routes and their OpenAPI 3.1 document, both from the handlers'
//! `#[utoipa::path]` attributes: a route is registered only through its description, so the
//! router and `GET /api/openapi.json` cannot disagree. `GET /api/docs` renders the same document
//! ([`super::docs`]).

use super::{
    apl, characters, docs, health, metrics, rotations, shares, simulations, specs, stream,
};
use crate::{
    model::{ErrorBody, ErrorCode, StreamEvent},
    service::Services,
};
use axum::{
    extract::FromRef,
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
    Extension,
};
use leptos::nonce::Nonce;
use serde_json::{json, Value};
use std::sync::Arc;
use utoipa::{
    openapi::{path::Operation, OpenApi as Document, Ref, RefOr},
    OpenApi,
};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The document's title, version and tags; the paths come from the router.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Rotasim API",
        description = "Rotasim's REST API: submit combat simulations, watch them over \
            Server-Sent Events, read their reports and keep rotations and characters. JSON is \
            camelCase; every error is `ErrorBody`. The caller is the session cookie's anonymous \
            profile (`rotasim_session`); without one, a profile is made on the first request \
            that needs it.",
        license(name = "MIT"),
    ),
    tags(
        (name = "simulations", description = "Submit, watch, read, cancel, retry, compare and export simulations"),
        (name = "rotations", description = "Built-in and the caller's own rotations (priority lists), and checking APL text"),
        (name = "characters", description = "The caller's saved characters"),
        (name = "specs", description = "The catalogue of specs"),
        (name = "shares", description = "Read-only links to results"),
        (name = "operations", description = "Probes and metrics"),
        (name = "documentation", description = "This document and its reference page"),
    ),
    components(schemas(ErrorBody, ErrorCode, StreamEvent))
)]
struct ApiDoc;

/// Every REST route of the portal, each described by its handler.
pub fn router<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    Services: FromRef<S>,
    Arc<super::stream_limits::StreamLimits>: FromRef<S>,
    health::Started: FromRef<S>,
{
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(metrics::metrics))
        .routes(routes!(rotations::list, rotations::create))
        .routes(routes!(
            rotations::get,
            rotations::update,
            rotations::delete
        ))
        .routes(routes!(rotations::fork))
        .routes(routes!(rotations::simulations))
        .routes(routes!(characters::list, characters::create))
        .routes(routes!(
            characters::get,
            characters::update,
            characters::delete
        ))
        .routes(routes!(apl::check))
        .routes(routes!(specs::list))
        .routes(routes!(specs::vocabulary))
        .routes(routes!(specs::data))
        .routes(routes!(simulations::create, simulations::list))
        .routes(routes!(simulations::compare))
        .routes(routes!(simulations::get, simulations::cancel))
        .routes(routes!(stream::stream))
        .routes(routes!(simulations::retry))
        .routes(routes!(simulations::again))
        .routes(routes!(simulations::export))
        .routes(routes!(shares::create, shares::status, shares::revoke_all))
        .routes(routes!(shares::get, shares::revoke))
        .routes(routes!(openapi_json))
        .routes(routes!(docs_page))
}

/// The document as served: JSON and the reference page, rendered once when the router is built.
#[derive(Debug)]
pub struct ApiDocument {
    /// `/api/openapi.json`.
    pub json: String,
    /// `/api/docs`, without its nonce (see [`docs_page`]).
    pub html: docs::Page,
}

/// The router's document completed with what the middleware answers for every state-changing
/// call and with the shape of an event stream's frames, ready to serve.
pub fn finish(mut doc: Document) -> ApiDocument {
    add_guard_responses(&mut doc);
    let mut doc = serde_json::to_value(&doc).unwrap_or_default();
    describe_event_streams(&mut doc);
    add_submission_bounds(&mut doc);
    let json = serde_json::to_string_pretty(&doc).unwrap_or_default();
    let html = docs::Page::render(&doc);
    ApiDocument { json, html }
}

/// The engine's bounds of a submission's numbers on its schema (the engine's constants are their
/// one source).
fn add_submission_bounds(doc: &mut Value) {
    use rotasim_engine::config::{MAX_DURATION, MAX_ITERATIONS, MAX_TARGETS, MIN_DURATION};
    let props = &mut doc["components"]["schemas"]["CreateSimulationRequest"]["properties"];
    for (field, min, max) in [
        ("duration", MIN_DURATION, MAX_DURATION),
        ("iterations", 1.0, f64::from(MAX_ITERATIONS)),
        ("targets", 1.0, f64::from(MAX_TARGETS)),
    ] {
        if props[field].is_object() {
            props[field]["minimum"] = json!(min);
            props[field]["maximum"] = json!(max);
        }
    }
}

/// A `text/event-stream` response's `schema` describes each event of the stream (as OpenAPI 3.2's
/// `itemSchema` does): its `event:` name, `id:`, `retry:` and `data:` text, here one JSON
/// [`StreamEvent`] whose `type` is the event's name.
fn describe_event_streams(doc: &mut Value) {
    let names: Vec<Value> = doc["components"]["schemas"]["StreamEvent"]["oneOf"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["properties"]["type"]["enum"].get(0).cloned())
        .collect();
    doc["components"]["schemas"]["StreamFrame"] = json!({
        "type": "object",
        "description": "One Server-Sent Event: `event:` names the `StreamEvent` its `data:` holds.",
        "required": ["event", "data"],
        "properties": {
            "event": {"type": "string", "enum": names, "description": "The event's name (the payload's `type`)."},
            "id": {"type": "string", "description": "The job's sequence number; terminal events have 4294967295."},
            "retry": {"type": "integer", "minimum": 0, "description": "Milliseconds to wait before reconnecting."},
            "data": {
                "type": "string",
                "description": "The event as JSON.",
                "contentMediaType": "application/json",
                "contentSchema": {"$ref": "#/components/schemas/StreamEvent"},
            },
        },
    });
    let frame = json!({"$ref": "#/components/schemas/StreamFrame"});
    let paths = doc.get_mut("paths").and_then(Value::as_object_mut);
    for item in paths.into_iter().flat_map(|p| p.values_mut()) {
        for op in item
            .as_object_mut()
            .into_iter()
            .flat_map(|i| i.values_mut())
        {
            let responses = op.get_mut("responses").and_then(Value::as_object_mut);
            for response in responses.into_iter().flat_map(|r| r.values_mut()) {
                let stream = response
                    .get_mut("content")
                    .and_then(|c| c.get_mut("text/event-stream"));
                if let Some(stream) = stream {
                    stream["schema"] = frame.clone();
                }
            }
        }
    }
}

/// Every `POST`/`PUT`/`DELETE` under `/api/` passes [`crate::web::guard::refuse_hostile`]
/// first: a body that is not JSON is a 415, and one from another site a 403.
fn add_guard_responses(doc: &mut Document) {
    for (path, item) in doc.paths.paths.iter_mut() {
        if !path.starts_with("/api/") {
            continue;
        }
        for op in [&mut item.post, &mut item.put, &mut item.delete]
            .into_iter()
            .flatten()
        {
            add_error(
                op,
                "403",
                "A state-changing request from another site without a JSON body (`FORBIDDEN`)",
            );
            add_error(
                op,
                "415",
                "A body whose `Content-Type` is not `application/json` (`UNSUPPORTED_MEDIA_TYPE`)",
            );
        }
    }
}

/// Adds an `ErrorBody` response for `status` unless the operation describes one.
fn add_error(op: &mut Operation, status: &str, description: &str) {
    use utoipa::openapi::{ContentBuilder, ResponseBuilder};
    if op.responses.responses.contains_key(status) {
        return;
    }
    let response = ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build();
    op.responses
        .responses
        .insert(status.to_string(), RefOr::T(response));
}

/// `GET /api/openapi.json`.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "documentation",
    summary = "This OpenAPI 3.1 document",
    responses((status = 200, description = "The document", body = Object))
)]
pub async fn openapi_json(Extension(doc): Extension<Arc<ApiDocument>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        doc.json.clone(),
    )
        .into_response()
}

/// `GET /api/docs`.
#[utoipa::path(
    get,
    path = "/api/docs",
    tag = "documentation",
    summary = "This reference as an HTML page",
    responses((status = 200, description = "The page", content_type = "text/html", body = String))
)]
pub async fn docs_page(
    Extension(doc): Extension<Arc<ApiDocument>>,
    nonce: Option<Extension<Nonce>>,
) -> Response {
    let nonce = nonce.map(|Extension(n)| n.to_string()).unwrap_or_default();
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        doc.html.with_nonce(&nonce),
    )
        .into_response()
}
