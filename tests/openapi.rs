//! The described API cannot drift from the served one:
//! - `/api/openapi.json` from a real server is OpenAPI 3.1 and names every REST route: each
//!   documented method of each path reaches its handler (answering a status the document lists
//!   for it) and every other method is a 405;
//! - no `/api/` route is registered in `src/` except through the described router;
//! - real answers (specs, rotations, a submission, the finished job with its full report, the
//!   history, a share, the stream's events, errors) validate against their schemas;
//! - `/api/docs` renders every operation.

mod common;

use common::{Client, Server, TestDb, WAIT};
use serde_json::{json, Value};

/// A value for every path parameter: valid in shape, naming nothing.
const PLACEHOLDER: &str = "00000000-0000-0000-0000-000000000000";

/// The document as the server serves it.
async fn document(c: &Client) -> Value {
    let (status, doc) = c.get_json("/api/openapi.json").await;
    assert_eq!(status, 200, "{doc}");
    doc
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_lists_exactly_the_routes_the_router_serves() {
    let t = TestDb::sqlite().await;
    let srv = Server::one_worker(t.db.clone()).await;
    let c = srv.browser();
    let doc = document(&c).await;
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    for probe in [
        "/healthz",
        "/readyz",
        "/metrics",
        "/api/openapi.json",
        "/api/docs",
    ] {
        assert!(paths.contains_key(probe), "{probe} is documented");
    }
    // The Leptos server functions under `/api/` are RPC for the app, not the REST API; one
    // shares a path with a REST route (`POST /api/specs` beside `GET /api/specs`).
    let server_fns: Vec<(String, String)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path.to_string(), method.as_str().to_lowercase()))
        .collect();
    let mut operations = 0;
    for (path, item) in paths {
        let url = path
            .split('/')
            .map(|seg| {
                if seg.starts_with('{') {
                    PLACEHOLDER
                } else {
                    seg
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        for method in ["get", "post", "put", "patch", "delete"] {
            let req = c
                .http
                .request(method.to_uppercase().parse().unwrap(), c.url(&url));
            let req = if method == "get" {
                req
            } else {
                req.header("content-type", "application/json").body("{}")
            };
            let status = req.send().await.unwrap().status().as_u16();
            let server_fn = server_fns.contains(&(path.clone(), method.to_string()));
            assert!(
                !(server_fn && item.get(method).is_some()),
                "server function {method} {path} shadows a REST operation"
            );
            match item.get(method) {
                _ if server_fn => {}
                Some(op) => {
                    operations += 1;
                    let listed = op["responses"]
                        .as_object()
                        .unwrap()
                        .contains_key(&status.to_string());
                    assert!(
                        listed,
                        "{method} {path} answered {status}, which its description does not list"
                    );
                }
                None => assert_eq!(
                    status, 405,
                    "{method} {path} is not documented, so it must not be served"
                ),
            }
        }
    }
    assert!(operations >= 34, "{operations} operations");

    // The one way to an `/api/` route is the described router.
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for file in rust_files(&src) {
        let text = std::fs::read_to_string(&file).unwrap();
        for needle in [
            ".route(\"/api",
            ".route(\"/healthz",
            ".route_service(\"/api",
        ] {
            let outside_probes = !(needle.contains("healthz") && text.contains("fn probes_router"));
            // The API's 404 for paths that are no endpoint is the one undescribed route.
            let text = text.replace(".route(\"/api/{*rest}\"", "");
            assert!(
                !(text.contains(needle) && outside_probes),
                "{} registers a route with `{needle}`: add it with `#[utoipa::path]` to \
                 src/api/openapi.rs instead",
                file.display()
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_api_path_is_a_json_404_and_a_page_path_the_404_page() {
    let t = TestDb::sqlite().await;
    let srv = Server::one_worker(t.db.clone()).await;
    let c = srv.browser();
    for (method, path) in [
        ("GET", "/api/nope"),
        ("POST", "/api/simulations/abc/nonsense"),
        ("DELETE", "/api/v2/simulations"),
    ] {
        let res = c
            .http
            .request(method.parse().unwrap(), c.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 404, "{method} {path}");
        let kind = res.headers()["content-type"].to_str().unwrap().to_string();
        assert!(
            kind.starts_with("application/json"),
            "{method} {path}: {kind}"
        );
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "NOT_FOUND", "{body}");
        let message = body["error"].as_str().unwrap();
        assert!(
            message.contains(path) && message.contains("/api/docs"),
            "{message}"
        );
    }
    // A page that does not exist is still the site's 404 page.
    let res = c.http.get(c.url("/nope")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 404);
    let kind = res.headers()["content-type"].to_str().unwrap().to_string();
    assert!(kind.starts_with("text/html"), "{kind}");
    // Known routes keep their own answers: a wrong method is still a 405.
    let res = c.http.delete(c.url("/api/specs")).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 405);
}

fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Real answers validate against the schemas the document gives their operation and status.
async fn responses_match_their_schemas(t: TestDb) {
    let srv = Server::one_worker(t.db.clone()).await;
    let c = srv.browser();
    let doc = document(&c).await;
    let check = |method: &str, path: &str, status: u16, body: &Value| {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} is documented");
        let response = &op["responses"][status.to_string()];
        assert!(
            response.is_object(),
            "{method} {path} lists {status}: {body}"
        );
        let schema = &response["content"]["application/json"]["schema"];
        let errors = validate(&doc, schema, body, "$");
        assert!(
            errors.is_empty(),
            "{method} {path} {status} does not match its schema:\n{}\n{body}",
            errors.join("\n")
        );
    };

    // The validator sees a mismatch when there is one.
    let created = json!({"$ref": "#/components/schemas/CreatedJob"});
    let wrong = json!({"jobId": 1, "status": "later", "streamUrl": "/x"});
    assert_eq!(validate(&doc, &created, &wrong, "$").len(), 2);

    let (s, b) = c.get_json("/healthz").await;
    check("get", "/healthz", s, &b);
    let (s, b) = c.get_json("/readyz").await;
    check("get", "/readyz", s, &b);
    let (s, b) = c.get_json("/api/specs").await;
    check("get", "/api/specs", s, &b);
    let (s, b) = c.get_json("/api/specs/fire_mage/vocabulary").await;
    check("get", "/api/specs/{id}/vocabulary", s, &b);
    let (s, b) = c.get_json("/api/specs/nope/vocabulary").await;
    check("get", "/api/specs/{id}/vocabulary", s, &b);
    let (s, b) = c
        .post_json(
            "/api/apl/check",
            &json!({"specId": "fire_mage", "apl": "actions=firebal"}),
        )
        .await;
    check("post", "/api/apl/check", s, &b);
    let (s, b) = c.get_json("/api/rotations").await;
    check("get", "/api/rotations", s, &b);
    let (s, b) = c
        .post_json(
            "/api/rotations",
            &json!({"specId": "fire_mage", "name": "Mine", "apl": "actions=fireball"}),
        )
        .await;
    check("post", "/api/rotations", s, &b);
    let (s, b) = c
        .post_json(
            "/api/rotations",
            &json!({"specId": "fire_mage", "name": "", "apl": "actions=firebal"}),
        )
        .await;
    assert_eq!(s, 400);
    check("post", "/api/rotations", s, &b);

    let (s, created) = c
        .submit(
            &json!({"rotationId": "fire_mage", "duration": 60, "iterations": 40,
            "fightType": "patchwerk", "statWeights": true, "seed": 3}),
        )
        .await;
    check("post", "/api/simulations", s, &created);
    let id = created["jobId"].as_str().unwrap().to_string();
    let (s, b) = c
        .submit(
            &json!({"rotationId": "fire_mage", "duration": 5, "iterations": 0, "fightType": "x"}),
        )
        .await;
    check("post", "/api/simulations", s, &b);

    for frame in c.stream_to_end(&id).await {
        if frame.comment.is_none() {
            let errors = validate(
                &doc,
                &json!({"$ref": "#/components/schemas/StreamEvent"}),
                &frame.data,
                "$",
            );
            assert!(errors.is_empty(), "{}: {errors:?}", frame.event);
            assert_eq!(frame.data["type"], frame.event);
        }
    }
    let job = c.wait_for_end(&id, WAIT).await;
    assert_eq!(job["status"], "completed", "{job}");
    let (s, b) = c.get(&id).await;
    assert!(b["result"]["sequence"].is_object(), "the full report");
    check("get", "/api/simulations/{id}", s, &b);
    let (s, b) = c.get_json("/api/simulations?limit=5").await;
    check("get", "/api/simulations", s, &b);
    let (s, b) = c.get_json("/api/simulations?limit=500").await;
    check("get", "/api/simulations", s, &b);
    let (s, b) = c.get_json("/api/rotations/fire_mage/simulations").await;
    check("get", "/api/rotations/{id}/simulations", s, &b);
    let (s, b) = c.get_json(&format!("/api/simulations/{id}/export")).await;
    check("get", "/api/simulations/{id}/export", s, &b);
    let (s, b) = c.delete(&format!("/api/simulations/{id}")).await;
    check("delete", "/api/simulations/{id}", s, &b);
    let (s, link) = c.post_empty(&format!("/api/simulations/{id}/share")).await;
    check("post", "/api/simulations/{id}/share", s, &link);
    let token = link["token"].as_str().unwrap();
    let (s, b) = Client::new(&srv.url)
        .get_json(&format!("/api/shares/{token}"))
        .await;
    check("get", "/api/shares/{token}", s, &b);
    let (s, b) = c.delete(&format!("/api/simulations/{id}/share")).await;
    check("delete", "/api/simulations/{id}/share", s, &b);

    let (s, again) = c.post_empty(&format!("/api/simulations/{id}/again")).await;
    check("post", "/api/simulations/{id}/again", s, &again);
    let other = again["jobId"].as_str().unwrap();
    c.wait_for_end(other, WAIT).await;
    let (s, b) = c
        .get_json(&format!("/api/simulations/compare?ids={id},{other}"))
        .await;
    check("get", "/api/simulations/compare", s, &b);

    let (s, b) = c
        .post_json(
            "/api/characters",
            &json!({"specId": "fire_mage", "name": "Alt", "character": {"crit": 5000}}),
        )
        .await;
    check("post", "/api/characters", s, &b);
    let (s, b) = c.get_json("/api/characters").await;
    check("get", "/api/characters", s, &b);
}

both_databases!(
    real_answers_match_the_document,
    responses_match_their_schemas
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_page_lists_every_operation_under_the_page_policy() {
    let t = TestDb::sqlite().await;
    let srv = Server::one_worker(t.db.clone()).await;
    let c = srv.browser();
    let doc = document(&c).await;
    let res = c.http.get(c.url("/api/docs")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let html = res.text().await.unwrap();
    let nonce = html
        .split("<style nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a style element with a nonce");
    assert!(
        !nonce.is_empty() && csp.contains(&format!("'nonce-{nonce}'")),
        "{csp}"
    );
    assert!(!html.contains("<script"), "no script");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing from elsewhere"
    );
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let summary = op["summary"].as_str().unwrap_or_default();
            assert!(!summary.is_empty(), "{method} {path} has a summary");
            let id = format!(
                "id=\"{method}{}\"",
                path.chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .collect::<String>()
            );
            assert!(html.contains(&id), "{method} {path} is on the page");
        }
    }
    assert!(html.contains("id=\"schema-SimReport\""));
}

/// Validates `value` against `schema` (the JSON Schema subset utoipa writes: `$ref`, `type`,
/// `properties`, `required`, `items`, `prefixItems`, `additionalProperties`, `enum`, `oneOf`,
/// `allOf`, `minimum`); every mismatch with its location.
fn validate(doc: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        let target = &doc["components"]["schemas"][name];
        assert!(target.is_object(), "unknown schema {r}");
        return validate(doc, target, value, at);
    }
    let mut errors = Vec::new();
    if let Some(all) = schema["allOf"].as_array() {
        for s in all {
            errors.extend(validate(doc, s, value, at));
        }
    }
    if let Some(one) = schema["oneOf"].as_array() {
        let matching = one
            .iter()
            .filter(|s| validate(doc, s, value, at).is_empty())
            .count();
        if matching != 1 {
            errors.push(format!(
                "{at}: matches {matching} of oneOf's {} schemas",
                one.len()
            ));
        }
    }
    if let Some(values) = schema["enum"].as_array() {
        if !values.contains(value) {
            errors.push(format!("{at}: {value} is not one of {values:?}"));
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !types.is_empty() && !types.iter().any(|t| is_type(value, t)) {
        errors.push(format!("{at}: {value} is not {types:?}"));
        return errors;
    }
    if let (Some(min), Some(n)) = (schema["minimum"].as_f64(), value.as_f64()) {
        if n < min {
            errors.push(format!("{at}: {n} < minimum {min}"));
        }
    }
    if let Value::Object(map) = value {
        for name in schema["required"].as_array().into_iter().flatten() {
            let name = name.as_str().unwrap();
            if !map.contains_key(name) {
                errors.push(format!("{at}: `{name}` is required"));
            }
        }
        let props = schema["properties"].as_object();
        for (k, v) in map {
            match props.and_then(|p| p.get(k)) {
                Some(s) => errors.extend(validate(doc, s, v, &format!("{at}.{k}"))),
                None => match &schema["additionalProperties"] {
                    Value::Bool(false) => errors.push(format!("{at}: `{k}` is not allowed")),
                    s if s.is_object() => errors.extend(validate(doc, s, v, &format!("{at}.{k}"))),
                    _ => {}
                },
            }
        }
    }
    if let Value::Array(items) = value {
        let prefix = schema["prefixItems"].as_array();
        for (i, v) in items.iter().enumerate() {
            let s = prefix.and_then(|p| p.get(i)).unwrap_or(&schema["items"]);
            if s.is_object() {
                errors.extend(validate(doc, s, v, &format!("{at}[{i}]")));
            }
        }
    }
    errors
}

fn is_type(value: &Value, t: &str) -> bool {
    match t {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}
