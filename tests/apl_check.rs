//! The rotation editor's server side: `POST /api/apl/check` (every error of a rotation with its
//! span, hint and suggested replacement, every action), `GET /api/specs`,
//! `GET /api/specs/{id}/vocabulary` and `GET /api/specs/{id}/data`, through REST and through the
//! server functions that call the same service.

mod common;
use common::{Client, Server, TestDb};
use rotasim_engine::{apl::MAX_APL_BYTES, spec::SpecFile, Apl, Spec};
use serde_json::{json, Value};

const CHECK: &str = "/api/apl/check";
const CHECK_FN: &str = "/api/apl/check_apl";

/// A server over a fresh SQLite database and a browser talking to it.
async fn start() -> (TestDb, Server, Client) {
    let t = TestDb::sqlite().await;
    let srv = Server::start(t.db.clone()).await;
    let b = srv.browser();
    (t, srv, b)
}

/// `POST /api/apl/check` → (status, body).
async fn check(b: &Client, spec_id: &str, apl: &str) -> (u16, Value) {
    b.post_json(CHECK, &json!({"specId": spec_id, "apl": apl}))
        .await
}

/// The one field a 400 names, and its message.
fn field(body: &Value) -> (String, String) {
    assert_eq!(body["code"], "INVALID_REQUEST", "{body}");
    let fields = body["fields"].as_object().expect("fields");
    assert_eq!(fields.len(), 1, "{body}");
    let (k, v) = fields.iter().next().unwrap();
    (k.clone(), v.as_str().unwrap().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_of_a_rotation_comes_back_in_order_with_its_span_and_hint() {
    let (_t, srv, b) = start().await;
    let apl = "actions=fireball\nactions+=/fire_blsat,if=buff.hot_streek.up";
    let (status, body) = check(&b, "fire_mage", apl).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["ok"], false);
    assert_eq!(
        body["errors"],
        json!([
            {"line": 2, "column": 11, "endLine": 2, "endColumn": 21,
             "message": "unknown spell 'fire_blsat'", "hint": "did you mean 'fire_blast'?",
             "suggestion": "fire_blast"},
            {"line": 2, "column": 25, "endLine": 2, "endColumn": 43,
             "message": "unknown buff 'hot_streek'", "hint": "did you mean 'hot_streak'?",
             "suggestion": "buff.hot_streak.up"},
        ])
    );
    // The faulty action is listed too, where it was written.
    let actions = body["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 2, "{body}");
    assert_eq!(actions[0]["name"], "fireball");
    assert_eq!(actions[0]["kind"], "spell");
    assert_eq!(
        (
            &actions[1]["name"],
            &actions[1]["line"],
            &actions[1]["column"]
        ),
        (&json!("fire_blsat"), &json!(2), &json!(11))
    );
    assert_eq!(actions[1]["kind"], "unknown");
    srv.kill();
}

both_databases!(
    every_builtin_default_rotation_checks_clean,
    builtin_rotations_check_clean
);

async fn builtin_rotations_check_clean(t: TestDb) {
    let srv = Server::start(t.db.clone()).await;
    let b = srv.browser();
    let (status, rotations) = b.get_json("/api/rotations").await;
    assert_eq!(status, 200, "{rotations}");
    let rotations = rotations.as_array().unwrap();
    assert_eq!(rotations.len(), 4);
    for r in rotations {
        let (spec_id, apl) = (r["specId"].as_str().unwrap(), r["apl"].as_str().unwrap());
        let (status, body) = check(&b, spec_id, apl).await;
        assert_eq!(status, 200, "{spec_id}: {body}");
        assert_eq!(body["ok"], true, "{spec_id}: {body}");
        assert_eq!(body["errors"], json!([]), "{spec_id}");
        let actions = body["actions"].as_array().unwrap();
        assert!(!actions.is_empty(), "{spec_id}: no actions");
        // Each action is on the line it names, at the column of its name.
        let lines: Vec<&str> = apl.lines().collect();
        for a in actions {
            let line = lines[a["line"].as_u64().unwrap() as usize - 1];
            let name = a["name"].as_str().unwrap();
            let col = a["column"].as_u64().unwrap() as usize - 1;
            assert_eq!(
                line.chars()
                    .skip(col)
                    .take(name.chars().count())
                    .collect::<String>(),
                name,
                "{spec_id}: {a}"
            );
        }
    }
    srv.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_name_their_field() {
    let (_t, srv, b) = start().await;
    // An unknown spec, with the closest id or the known ones.
    let (status, body) = check(&b, "fire_mag", "actions=fireball").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        field(&body),
        (
            "specId".into(),
            "unknown spec 'fire_mag' (did you mean 'fire_mage'?)".into()
        )
    );
    let (status, body) = check(&b, "x", "actions=fireball").await;
    assert_eq!(status, 400, "{body}");
    let (name, message) = field(&body);
    assert_eq!(name, "specId");
    assert!(
        message.starts_with("unknown spec 'x' (known: ") && message.contains("fire_mage"),
        "{message}"
    );
    // One byte over the engine's limit.
    let big = "a".repeat(MAX_APL_BYTES + 1);
    let (status, body) = check(&b, "fire_mage", &big).await;
    assert_eq!(status, 400, "{body}");
    let (name, message) = field(&body);
    assert_eq!(name, "apl");
    assert!(
        message.contains(&(MAX_APL_BYTES + 1).to_string()),
        "{message}"
    );
    // Exactly at the limit (with JSON escapes in the body) is checked.
    let line = "actions+=/fireball,if=\"1\"\n";
    let mut at_limit = line.repeat(MAX_APL_BYTES / line.len());
    at_limit.push_str(&" ".repeat(MAX_APL_BYTES - at_limit.len()));
    let (status, body) = check(&b, "fire_mage", &at_limit).await;
    assert_eq!(status, 200, "{}", body["error"]);
    // Malformed JSON, an empty body, missing and unknown fields, a wrong type.
    for (raw, name) in [
        ("{\"specId\": \"fire_mage\", ", "body"),
        ("", "body"),
        ("[]", "body"),
        (r#"{"apl": "actions=fireball"}"#, "specId"),
        (r#"{"specId": "fire_mage"}"#, "apl"),
        (r#"{"specId": "fire_mage", "apl": 5}"#, "apl"),
        (
            r#"{"specId": "fire_mage", "apl": "", "iterations": 5}"#,
            "iterations",
        ),
    ] {
        let (status, body) = b.post_raw(CHECK, raw).await;
        assert_eq!(status, 400, "{raw}: {body}");
        assert_eq!(field(&body).0, name, "{raw}: {body}");
    }
    // A body over the endpoint's limit is refused before it is read.
    let huge = json!({"specId": "fire_mage", "apl": "a".repeat(4 * MAX_APL_BYTES)}).to_string();
    let (status, body) = b.post_raw(CHECK, huge).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["code"], "PAYLOAD_TOO_LARGE");
    srv.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_in_a_rotation_comes_back_as_plain_json_text() {
    let (_t, srv, b) = start().await;
    let apl = "actions=fireball\nactions+=/<script>alert(1)</script>,if=buff.<b>x</b>.up";
    let res = b
        .http
        .post(b.url(CHECK))
        .json(&json!({"specId": "fire_mage", "apl": apl}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["ok"], false);
    let errors = body["errors"].as_array().unwrap();
    assert!(!errors.is_empty());
    // What the player wrote is quoted as it is, not escaped into HTML entities.
    let text = body.to_string();
    assert!(text.contains("<script"), "{text}");
    assert!(!text.contains("&lt;") && !text.contains("&gt;"), "{text}");
    assert!(errors.iter().all(|e| e["line"] == 2), "{body}");
    srv.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn specs_and_their_vocabularies_are_listed() {
    let (_t, srv, b) = start().await;
    let (status, specs) = b.get_json("/api/specs").await;
    assert_eq!(status, 200, "{specs}");
    let ids: Vec<&str> = specs
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "affliction_warlock",
            "beast_mastery_hunter",
            "fire_mage",
            "fury_warrior"
        ]
    );
    // The same list the engine's CLI prints (`rotasim-sim specs --json`).
    assert_eq!(
        specs,
        serde_json::to_value(rotasim_engine::Catalog::builtin().summaries()).unwrap()
    );
    let fire = &specs[ids.iter().position(|i| *i == "fire_mage").unwrap()];
    assert_eq!(
        (&fire["class"], &fire["resource"]),
        (&json!("Mage"), &json!("mana"))
    );
    assert!(
        fire["name"].is_string() && fire["spec"].is_string(),
        "{fire}"
    );

    let (status, v) = b.get_json("/api/specs/fire_mage/vocabulary").await;
    assert_eq!(status, 200, "{v}");
    let has = |list: &str, name: &str| {
        v[list]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x == name || x["name"] == name)
    };
    assert!(has("spells", "fire_blast"), "{}", v["spells"]);
    assert!(has("buffs", "hot_streak"), "{}", v["buffs"]);
    assert!(has("resources", "mana"), "{}", v["resources"]);
    assert!(has("actions", "call_action_list"), "{}", v["actions"]);
    assert!(has("expressions", "buff.hot_streak.up"));
    assert!(has("expressions", "cooldown.fire_blast.charges"));
    assert!(has("expressions", "mana.pct"));
    let up = v["expressions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "buff.hot_streak.up")
        .unwrap();
    assert_eq!(up["kind"], "condition");

    for path in [
        "/api/specs/nope/vocabulary",
        "/api/specs/fire_mag/vocabulary",
    ] {
        let (status, body) = b.get_json(path).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_eq!(body["code"], "NOT_FOUND");
        assert!(
            body["error"].as_str().unwrap().contains("unknown spec"),
            "{body}"
        );
    }
    srv.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_functions_answer_as_rest_does() {
    let (_t, srv, b) = start().await;
    let apl = "actions=fireball\nactions+=/fire_blsat,if=buff.hot_streek.up";
    let req = json!({"specId": "fire_mage", "apl": apl});
    let (_, via_rest) = b.post_json(CHECK, &req).await;
    let res = b.server_fn(CHECK_FN, &json!({ "request": req })).await;
    assert_eq!(res.status(), 200);
    let via_fn: Value = res.json().await.unwrap();
    assert_eq!(via_fn, via_rest);
    assert_eq!(via_fn["errors"].as_array().unwrap().len(), 2);
    // The same validation: the field is named, with the REST status.
    let bad = json!({"request": {"specId": "nope", "apl": apl}});
    let res = b.server_fn(CHECK_FN, &bad).await;
    assert_eq!(res.status(), 400);
    let text = res.text().await.unwrap();
    assert!(
        text.contains("specId") && text.contains("INVALID_REQUEST"),
        "{text}"
    );
    // Specs and vocabularies.
    let (status, specs) = b.post_empty("/api/specs").await;
    assert_eq!(status, 200, "{specs}");
    assert_eq!(specs, b.get_json("/api/specs").await.1);
    let res = b
        .server_fn("/api/specs/vocabulary", &json!({"id": "fire_mage"}))
        .await;
    assert_eq!(res.status(), 200);
    let vocabulary: Value = res.json().await.unwrap();
    assert_eq!(
        vocabulary,
        b.get_json("/api/specs/fire_mage/vocabulary").await.1
    );
    let res = b
        .server_fn("/api/specs/vocabulary", &json!({"id": "nope"}))
        .await;
    assert_eq!(res.status(), 404);
    srv.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spec_data_builds_the_spec_the_server_checks_with() {
    let (_t, srv, b) = start().await;
    let (status, data) = b.get_json("/api/specs/fire_mage/data").await;
    assert_eq!(status, 200, "{data}");
    assert_eq!(data["id"], "fire_mage");
    // What the browser does with it: the spec, and the same check as the server's.
    let file: SpecFile = serde_json::from_value(data.clone()).expect("a spec file");
    let catalog = rotasim_engine::Catalog::builtin();
    let builtin = catalog.get("fire_mage").unwrap();
    assert_eq!(&file, &builtin.file);
    let spec = Spec::from_file(file).expect("a valid spec");
    let apl = "actions=fireball\nactions+=/fire_blsat,if=buff.hot_streek.up";
    let local = serde_json::to_value(Apl::check(apl, &spec).errors).unwrap();
    let (_, remote) = check(&b, "fire_mage", apl).await;
    assert_eq!(local, remote["errors"]);
    // The server function answers the same.
    let res = b
        .server_fn("/api/specs/data", &json!({"id": "fire_mage"}))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap(), data);
    // Every built-in spec has its data.
    for s in catalog.specs() {
        let (status, _) = b.get_json(&format!("/api/specs/{}/data", s.id())).await;
        assert_eq!(status, 200, "{}", s.id());
    }
    // An unknown spec is a 404 that names it, on both paths.
    let (status, body) = b.get_json("/api/specs/fire_mag/data").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["code"], "NOT_FOUND");
    let error = body["error"].as_str().unwrap();
    assert!(error.contains("unknown spec 'fire_mag'"), "{body}");
    assert!(error.contains("fire_mage"), "{body}");
    let res = b.server_fn("/api/specs/data", &json!({"id": "nope"})).await;
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("unknown spec 'nope'"));
    srv.kill();
}
