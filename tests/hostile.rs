//! Hostile requests against every state-changing endpoint, REST and server functions, on the
//! real server binary: each is a clean 4xx with the API's JSON `{error, code}` body (no parser
//! internals), nothing is written, and the server log has no panic.

mod common;

use common::{process::Process, Client};
use serde_json::{json, Value};

/// A submission that would be accepted if its encoding were.
fn valid_submission() -> Value {
    json!({"rotationId": "fire_mage", "duration": 60, "iterations": 100, "fightType": "patchwerk"})
}

/// How a request is encoded.
#[derive(Debug, Clone, Copy)]
enum Body {
    /// `application/json` with these bytes.
    Json(&'static str),
    /// `text/plain` with these bytes (what a cross-site form can send).
    Plain(&'static str),
    /// `multipart/form-data`.
    Multipart,
    /// A URL-encoded form posted from another site.
    CrossSiteForm,
    /// A URL-encoded form with no browser headers, to a REST path.
    Form,
}

/// The server functions the UI calls (all state-changing or reading through POST).
const SERVER_FNS: &[&str] = &[
    "portal_status",
    "rotations/list",
    "rotations/get",
    "rotations/create",
    "rotations/update",
    "rotations/delete",
    "rotations/fork",
    "rotations/simulations",
    "characters/list",
    "characters/create",
    "characters/update",
    "characters/delete",
    "simulate_options",
    "apl/check_apl",
    "specs/vocabulary",
    "specs/data",
    "simulations/submit",
    "simulations/get",
    "simulations/list",
    "simulations/comparison",
    "simulations/cancel",
    "simulations/again",
    "simulations/retry",
    "share/create",
    "share/status",
    "share/revoke",
    "share/revoke_all",
    "share/get",
];

/// Server functions that take arguments (garbage arguments are a 400).
fn takes_arguments(name: &str) -> bool {
    !matches!(name, "portal_status" | "simulate_options")
}

/// REST endpoints that change state (method, path).
const REST: &[(&str, &str)] = &[
    ("POST", "/api/simulations"),
    ("POST", "/api/rotations"),
    ("PUT", "/api/rotations/00000000-0000-0000-0000-000000000000"),
    ("POST", "/api/rotations/fire_mage/fork"),
    ("POST", "/api/characters"),
    (
        "PUT",
        "/api/characters/00000000-0000-0000-0000-000000000000",
    ),
    ("POST", "/api/apl/check"),
    ("POST", "/api/simulations/nope/retry"),
    ("POST", "/api/simulations/nope/again"),
    ("POST", "/api/simulations/nope/share"),
];

async fn send(c: &Client, method: &str, path: &str, body: Body) -> reqwest::Response {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let req = c.http.request(method, c.url(path));
    let req = match body {
        Body::Json(b) => req.header("content-type", "application/json").body(b),
        Body::Plain(b) => req.header("content-type", "text/plain").body(b),
        Body::Multipart => req
            .header("content-type", "multipart/form-data; boundary=x")
            .body("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n"),
        Body::CrossSiteForm => req
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .body("id=x&rotationId=fire_mage"),
        Body::Form => req
            .header("content-type", "application/x-www-form-urlencoded")
            .body("rotationId=fire_mage&duration=60&iterations=100&fightType=patchwerk"),
    };
    req.send().await.unwrap()
}

/// Asserts a clean refusal: a 4xx (of `allowed`) with the API's JSON body and no internals.
async fn assert_refused(res: reqwest::Response, what: &str, allowed: &[u16]) {
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    assert!(
        allowed.contains(&status),
        "{what}: {status} (expected one of {allowed:?}): {text}"
    );
    // A server function's own errors carry the JSON after its error kind.
    let json = text.find('{').map_or("", |i| &text[i..]);
    let body: Value =
        serde_json::from_str(json).unwrap_or_else(|_| panic!("{what}: not JSON: {text}"));
    assert!(body["code"].is_string(), "{what}: no code in {text}");
    // (REST's malformed-JSON message names the position on purpose; a server function's
    // answer names nothing of the parser.)
    let server_fn = ["Deserialization", "line 1 column", "expected value"];
    let always = ["Deserialization", "sqlx", "panicked"];
    let internals = if what.contains("/api/") && is_server_fn_case(what) {
        &server_fn[..]
    } else {
        &always[..]
    };
    for internal in internals.iter().chain(&always) {
        assert!(
            !text.contains(internal),
            "{what} leaks '{internal}': {text}"
        );
    }
}

/// A case against a server function (its description starts with its path).
fn is_server_fn_case(what: &str) -> bool {
    SERVER_FNS.iter().any(|name| {
        what.starts_with(&format!("/api/{name} ")) || what.contains(&format!("/api/{name}\""))
    }) || what.starts_with("list with cursor")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_requests_are_clean_4xx_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/hostile.db?mode=rwc", dir.path().display());
    let server = Process::start(dir.path(), &url, &[]).await;
    let c = Client::new(&server.url);
    let submission = valid_submission().to_string().leak() as &'static str;
    let mut cases = 0;

    for name in SERVER_FNS {
        let path = format!("/api/{name}");
        // Encodings a cross-site form can produce.
        for body in [Body::Plain(submission), Body::Multipart] {
            let what = format!("{path} {body:?}");
            assert_refused(send(&c, "POST", &path, body).await, &what, &[415]).await;
            cases += 1;
        }
        let what = format!("{path} cross-site form");
        assert_refused(
            send(&c, "POST", &path, Body::CrossSiteForm).await,
            &what,
            &[403],
        )
        .await;
        cases += 1;
        if takes_arguments(name) {
            // Not JSON, cut short, not an object, every argument name with a wrong type.
            let wrong_types = r#"{"id": 5, "spec": 1, "input": 7, "filter": 3, "limit": "x", "cursor": 2, "ids": 9, "token": 1, "request": 2}"#;
            for garbage in [
                "not json",
                "{\"id\": 5, \"cursor\": [",
                "[1,2,3]",
                wrong_types,
            ] {
                let what = format!("{path} {garbage:?}");
                let res = send(&c, "POST", &path, Body::Json(garbage)).await;
                assert_refused(res, &what, &[400, 404]).await;
                cases += 1;
            }
        }
    }
    // A history page after a cursor that is not one of ours.
    for cursor in ["garbage", "%%%", "MjAyNi0wMS0wMQ"] {
        let what = format!("list with cursor {cursor}");
        let body = json!({"filter": {}, "limit": 5, "cursor": cursor}).to_string();
        let res = c
            .http
            .post(c.url("/api/simulations/list"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_refused(res, &what, &[400]).await;
        let res = c
            .http
            .get(c.url(&format!("/api/simulations?cursor={cursor}")))
            .send()
            .await
            .unwrap();
        assert_refused(res, &format!("REST {what}"), &[400]).await;
        cases += 2;
    }
    for (method, path) in REST {
        for body in [
            Body::Plain(submission),
            Body::Multipart,
            Body::Form,
            Body::CrossSiteForm,
        ] {
            let what = format!("{method} {path} {body:?}");
            let res = send(&c, method, path, body).await;
            assert_refused(res, &what, &[403, 415]).await;
            cases += 1;
        }
        for garbage in ["not json", "{\"rotationId\": ", "[]"] {
            let what = format!("{method} {path} {garbage:?}");
            let res = send(&c, method, path, Body::Json(garbage)).await;
            assert_refused(res, &what, &[400, 404, 409]).await;
            cases += 1;
        }
    }
    eprintln!("{cases} hostile requests refused");

    // Nothing was written, and nothing panicked.
    for table in [
        "simulation_jobs",
        "rotation_sim_results",
        "characters",
        "share_tokens",
    ] {
        assert_eq!(common::count_rows(&url, table).await, 0, "{table}");
    }
    let own_rotations = match common::raw(&url).await {
        common::Raw::Sqlite(p) => {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM rotations WHERE NOT builtin")
                .fetch_one(&p)
                .await
                .unwrap()
        }
        common::Raw::Postgres(_) => unreachable!(),
    };
    assert_eq!(own_rotations, 0);
    // The same submission, properly encoded, is accepted: the refusals were about the encoding.
    let (status, _) = c.submit(&valid_submission()).await;
    assert_eq!(status, 202);
    let log = server.log();
    assert!(!log.contains("panicked"), "a panic in the log:\n{log}");
}
