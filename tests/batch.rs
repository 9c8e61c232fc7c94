//! Batches on both databases: 2–12 variants in one submission run on the same iterations; the
//! stream's partial statistics carry every variant; the result ranks them with paired
//! differences; bad batches are refused field by field with nothing stored; another player's
//! rotation cannot be a variant.

mod common;
use common::{count_rows, Server, TestDb};
use serde_json::{json, Value};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(120);

fn batch(variants: Value) -> Value {
    json!({
        "duration": 120,
        "iterations": 600,
        "fightType": "patchwerk",
        "seed": 77,
        "variants": variants,
    })
}

fn crit(amount: f64) -> Value {
    json!({"primary": 10000, "crit": amount, "haste": 1500, "mastery": 1500, "versatility": 800})
}

both_databases!(a_batch_ranks_its_variants_with_paired_differences, ranks);

async fn ranks(t: TestDb) {
    let srv = Server::start(t.db.clone()).await;
    let a = srv.browser();
    let (status, mine) = a
        .post_json(
            "/api/rotations",
            &json!({"specId": "fire_mage", "name": "Fireball only", "apl": "actions=fireball"}),
        )
        .await;
    assert_eq!(status, 201, "{mine}");
    let id = a
        .submit_ok(&batch(json!([
            {"label": "Default", "rotationId": "fire_mage", "character": crit(2000.0)},
            {"label": "More crit", "rotationId": "fire_mage", "character": crit(3500.0)},
            {"label": "Same again", "rotationId": "fire_mage", "character": crit(2000.0)},
            {"label": "Fireball only", "rotationId": mine["id"], "character": crit(2000.0)},
        ])))
        .await;

    // The stream carries every variant's running statistics, then the ranking.
    let events = a.stream_to_end(&id).await;
    let partials: Vec<&Value> = events
        .iter()
        .filter(|e| e.event == "partial")
        .map(|e| &e.data)
        .collect();
    assert!(!partials.is_empty(), "no partial events");
    for p in &partials {
        assert_eq!(p["variants"].as_array().map(Vec::len), Some(4), "{p}");
    }
    let progress: Vec<u64> = events
        .iter()
        .filter(|e| e.event == "progress")
        .map(|e| e.data["total"].as_u64().unwrap())
        .collect();
    assert_eq!(progress.last(), Some(&2400), "variants × iterations");
    let complete = events.last().unwrap();
    assert_eq!(complete.event, "complete");
    let streamed = &complete.data["batch"]["variants"];
    assert_eq!(streamed.as_array().unwrap().len(), 4, "{complete:?}");

    // The stored job: the same ranking, the labels, the cost, a history row.
    let job = a.job(&id).await;
    assert_eq!(job["status"], "completed");
    assert_eq!(job["variantCount"], 4);
    assert_eq!(
        job["variantLabels"],
        json!(["Default", "More crit", "Same again", "Fireball only"])
    );
    assert_eq!(job["progress"]["total"], 2400);
    let v = job["batch"]["variants"].as_array().unwrap().clone();
    assert_eq!(&job["batch"]["variants"], streamed);
    assert!(v[0]["paired"].is_null(), "the baseline has no difference");
    assert!(v.iter().all(|v| v["stats"]["iterations"] == 600));
    // The same variant again differs by exactly nothing.
    assert_eq!(v[2]["paired"]["dps"], 0.0);
    assert_eq!(v[2]["paired"]["error"], 0.0);
    assert_eq!(v[2]["paired"]["verdict"], "same");
    assert_eq!(v[2]["stats"]["meanDps"], v[0]["stats"]["meanDps"]);
    // More crit is better, and far more certainly so paired than as separate runs.
    let more = &v[1];
    assert_eq!(more["paired"]["verdict"], "better", "{more}");
    assert_eq!(more["paired"]["method"], "paired");
    assert_eq!(more["welch"]["method"], "welch");
    let (paired, welch) = (
        more["paired"]["error"].as_f64().unwrap(),
        more["welch"]["error"].as_f64().unwrap(),
    );
    assert!(paired * 2.0 < welch, "paired ±{paired} vs Welch ±{welch}");
    // A weaker rotation is worse; ranks follow mean DPS.
    assert_eq!(v[3]["paired"]["verdict"], "worse", "{}", v[3]);
    assert_eq!(v[3]["rotationName"], "Fireball only");
    assert_eq!(v[1]["rank"], 1);
    assert_eq!(v[3]["rank"], 4);
    assert_eq!(job["result"]["stats"]["meanDps"], v[0]["stats"]["meanDps"]);
    let history = a.history().await;
    assert_eq!(history[0]["variantCount"], 4);
    assert!(
        history[0]["rotationName"]
            .as_str()
            .unwrap()
            .starts_with("Batch: Default vs More crit"),
        "{}",
        history[0]
    );

    // A shared batch opens for anyone with its ranking.
    let (status, link) = a.post_empty(&format!("/api/simulations/{id}/share")).await;
    assert_eq!(status, 201, "{link}");
    let token = link["token"].as_str().unwrap();
    let (status, shared) = srv
        .browser()
        .get_json(&format!("/api/shares/{token}"))
        .await;
    assert_eq!(status, 200, "{shared}");
    assert_eq!(&shared["batch"]["variants"], streamed);

    // "Sim again" runs the whole batch again with the same seed: the same ranking.
    let (status, again) = a.post_empty(&format!("/api/simulations/{id}/again")).await;
    assert_eq!(status, 202, "{again}");
    let again_id = common::api::job_id(&again);
    let ended = a.wait_for_end(&again_id, WAIT).await;
    assert_eq!(ended["status"], "completed");
    assert_eq!(
        a.job(&again_id).await["batch"]["variants"],
        job["batch"]["variants"]
    );
}

both_databases!(bad_batches_are_refused_field_by_field, refused);

async fn refused(t: TestDb) {
    let srv = Server::start(t.db.clone()).await;
    let a = srv.browser();
    let b = srv.browser();
    let (_, theirs) = b
        .post_json(
            "/api/rotations",
            &json!({"specId": "fire_mage", "name": "B's", "apl": "actions=fireball"}),
        )
        .await;
    let jobs_before = count_rows(&t.url, "simulation_jobs").await;
    let two = |second: Value| batch(json!([{"label": "Base", "rotationId": "fire_mage"}, second]));
    let thirteen: Vec<Value> = (0..13)
        .map(|i| json!({"label": format!("V{i}"), "rotationId": "fire_mage"}))
        .collect();
    let cases: Vec<(Value, &str)> = vec![
        (batch(json!(thirteen)), "variants"),
        (
            batch(json!([{"label": "Only", "rotationId": "fire_mage"}])),
            "variants",
        ),
        (
            two(json!({"label": "base", "rotationId": "fire_mage"})),
            "variants[1].label",
        ),
        (
            two(json!({"label": " ", "rotationId": "fire_mage"})),
            "variants[1].label",
        ),
        (
            two(json!({"label": "X", "rotationId": "fire_mage", "fightType": "aoe"})),
            "variants[1].fightType",
        ),
        (
            two(json!({"label": "X", "rotationId": theirs["id"]})),
            "variants[1].rotationId",
        ),
        (
            two(json!({"label": "X", "rotationId": "nope"})),
            "variants[1].rotationId",
        ),
        (two(json!({"label": "X"})), "variants[1].rotationId"),
        (
            two(json!({"label": "X", "rotationId": "fire_mage", "apl": "actions=fireball"})),
            "variants[1].apl",
        ),
        (
            two(json!({"label": "X", "apl": "actions=fireball"})),
            "variants[1].specId",
        ),
        (
            two(json!({"label": "X", "specId": "fire_mage", "apl": "actions=fire_blsat"})),
            "variants[1].apl",
        ),
        (
            two(json!({"label": "X", "rotationId": "fire_mage", "character": {"crit": -5}})),
            "variants[1].character.crit",
        ),
        (
            with(
                two(json!({"label": "X", "rotationId": "fire_mage"})),
                "statWeights",
                json!(true),
            ),
            "statWeights",
        ),
        (
            with(
                two(json!({"label": "X", "rotationId": "fire_mage"})),
                "targetError",
                json!(0.5),
            ),
            "targetError",
        ),
        (
            with(
                two(json!({"label": "X", "rotationId": "fire_mage"})),
                "rotationId",
                json!("fire_mage"),
            ),
            "variants",
        ),
        (
            with(
                two(json!({"label": "X", "rotationId": "fire_mage"})),
                "iterations",
                json!(0),
            ),
            "iterations",
        ),
    ];
    for (body, field) in cases {
        let (status, r) = a.submit(&body).await;
        assert_eq!(status, 400, "{field}: {r}");
        assert_eq!(r["code"], "INVALID_REQUEST", "{r}");
        assert!(
            r["fields"].get(field).is_some(),
            "expected {field} to be named: {r}"
        );
        assert!(!r["error"].as_str().unwrap_or("").contains("sqlx"), "{r}");
    }
    // An inline variant's compile error is given at its line:column.
    let (_, r) = a
        .submit(&two(json!({"label": "X", "specId": "fire_mage", "apl": "actions=fireball\nactions+=/fire_blsat"})))
        .await;
    let message = r["fields"]["variants[1].apl"].as_str().unwrap_or("");
    assert!(message.starts_with("2:11:"), "{r}");
    assert!(
        message.contains("fire_blast"),
        "the hint names the spell: {r}"
    );
    assert_eq!(
        count_rows(&t.url, "simulation_jobs").await,
        jobs_before,
        "nothing stored"
    );
    // Variants of an inline APL and of different specs are fine together.
    let id = a
        .submit_ok(&json!({
            "duration": 60, "iterations": 50, "fightType": "aoe", "targets": 3,
            "specId": "fire_mage",
            "variants": [
                {"label": "Inline", "apl": "actions=fireball"},
                {"label": "Warrior", "rotationId": "fury_warrior"},
            ],
        }))
        .await;
    let job = a.wait_for_end(&id, WAIT).await;
    assert_eq!(job["status"], "completed", "{job}");
    let job = a.job(&id).await;
    let v = &job["batch"]["variants"];
    assert_eq!(v[0]["rotationName"], "Inline APL — Fire Mage");
    assert_eq!(v[1]["specId"], "fury_warrior");
    assert!(v[1]["paired"]["dps"].is_number());
}

/// `body` with `key` set to `value`.
fn with(mut body: Value, key: &str, value: Value) -> Value {
    body[key] = value;
    body
}

both_databases!(a_batch_interrupted_by_a_restart_runs_again_whole, restarted);

async fn restarted(t: TestDb) {
    let srv = Server::one_worker(t.db.clone()).await;
    let a = srv.browser();
    let id = a
        .submit_ok(&json!({
            "duration": 300, "iterations": 20000, "fightType": "patchwerk", "seed": 5,
            "variants": [
                {"label": "One", "rotationId": "fire_mage", "character": crit(2000.0)},
                {"label": "Two", "rotationId": "fire_mage", "character": crit(4000.0)},
                {"label": "Three", "rotationId": "beast_mastery_hunter"},
            ],
        }))
        .await;
    a.wait_for_status(&id, "running", WAIT).await;
    // A shutdown that runs out of grace: the engine stops, the row stays `running`.
    srv.jobs().stop_accepting();
    srv.jobs().interrupt_running();
    assert!(srv.jobs().drain(Duration::from_secs(30)).await);
    srv.kill();
    // The next process finds it running without a worker and runs the whole batch again.
    let srv = Server::one_worker(t.reconnect().await).await;
    let a = a.at(&srv.url);
    let job = a.wait_for_end(&id, Duration::from_secs(300)).await;
    assert_eq!(job["status"], "completed", "{job}");
    let job = a.job(&id).await;
    assert_eq!(job["attempts"], 2);
    let v = job["batch"]["variants"].as_array().unwrap();
    assert_eq!(v.len(), 3);
    assert!(v.iter().all(|v| v["stats"]["iterations"] == 20000));
    assert_eq!(v[1]["paired"]["verdict"], "better");
}
