//! Comparing completed runs on both databases: settings side by side with differences marked,
//! the APL diff, Welch's interval of each difference against the baseline with its verdict
//! (checked against the engine's statistics from the runs' own numbers), abilities matched by
//! id; owner scoping (someone else's run is 404), bad ids (400 naming `ids`), unfinished runs
//! (409 naming them); REST and the server function answer alike.

mod common;
use common::{Client, Server, TestDb};
use rotasim_engine::compare::{welch, Method, Sample};
use serde_json::{json, Value};

const FIREBALL_ONLY: &str = "actions=fireball";

async fn completed(b: &Client, body: Value) -> String {
    let id = b.submit_ok(&body).await;
    let done = b.wait_for_end(&id, common::WAIT).await;
    assert_eq!(done["status"], "completed", "{done}");
    id
}

fn sample(run: &Value) -> Sample {
    Sample {
        mean: run["stats"]["meanDps"].as_f64().unwrap(),
        std_dev: run["stats"]["stdDev"].as_f64().unwrap(),
        n: run["stats"]["iterations"].as_u64().unwrap(),
    }
}

fn setting<'a>(c: &'a Value, key: &str) -> &'a Value {
    c["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("no setting {key} in {c}"))
}

both_databases!(two_runs_are_compared_with_welch, two_runs);

async fn two_runs(t: TestDb) {
    let srv = Server::builder(t.db.clone())
        .jobs(common::one_worker())
        .settings(|p| p.rate_limit = 0)
        .start()
        .await;
    let a = srv.browser();
    let (_, specs) = a.get_json("/api/specs").await;
    let fire = specs
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "fire_mage")
        .unwrap();
    let mut character = fire["character"].clone();
    let crit = character["crit"].as_f64().unwrap();
    character["crit"] = json!(crit + 2000.0);

    let base = completed(
        &a,
        json!({"rotationId": "fire_mage", "duration": 60, "iterations": 150, "fightType": "patchwerk", "seed": 11}),
    )
    .await;
    let other = completed(
        &a,
        json!({"specId": "fire_mage", "apl": FIREBALL_ONLY, "duration": 60, "iterations": 120,
               "fightType": "patchwerk", "seed": 12, "character": character}),
    )
    .await;

    let (status, c) = a
        .get_json(&format!("/api/simulations/compare?ids={base},{other}"))
        .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["method"], "welch");
    assert_eq!(c["methodDescription"], Method::Welch.describe());
    let runs = c["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(
        (&runs[0]["jobId"], &runs[1]["jobId"]),
        (&json!(base), &json!(other))
    );
    assert_eq!(runs[0]["difference"], Value::Null, "the baseline has none");
    assert_eq!(runs[1]["stats"]["iterations"], 120);

    // The difference is the engine's Welch interval of the two runs' own numbers.
    let expected = welch(sample(&runs[0]), sample(&runs[1])).unwrap();
    let d = &runs[1]["difference"];
    assert_eq!(d["method"], "welch");
    assert!(
        (d["dps"].as_f64().unwrap() - expected.dps).abs() < 1e-6,
        "{d}"
    );
    assert!(
        (d["error"].as_f64().unwrap() - expected.error).abs() < 1e-6,
        "{d}"
    );
    assert!(
        (d["pct"].as_f64().unwrap() - expected.pct).abs() < 1e-9,
        "{d}"
    );
    assert!(d["error"].as_f64().unwrap() > 0.0);
    assert_eq!(runs[1]["verdict"], expected.summary());
    let verdict = runs[1]["verdict"].as_str().unwrap();
    assert!(
        verdict.ends_with("— better")
            || verdict.ends_with("— worse")
            || verdict.ends_with("— no significant difference"),
        "{verdict}"
    );
    // Fireball alone leaves out the default rotation's procs and cooldowns: clearly worse.
    assert_eq!(d["verdict"], "worse", "{d}");

    // Settings: what differs is marked, what is equal is not.
    for key in ["apl", "rotation", "crit", "seed", "iterations"] {
        assert_eq!(setting(&c, key)["differs"], true, "{key}: {c}");
    }
    for key in [
        "spec",
        "fight",
        "duration",
        "targets",
        "haste",
        "primary",
        "statWeights",
    ] {
        assert_eq!(setting(&c, key)["differs"], false, "{key}: {c}");
    }
    assert_eq!(
        setting(&c, "crit")["values"][1].as_str().unwrap(),
        format!("{:.0}", crit + 2000.0)
    );
    let apl = setting(&c, "apl");
    assert!(
        apl["values"][1].as_str().unwrap().starts_with("differs"),
        "{apl}"
    );
    // The APL diff: the fireball line added, the default's other lines removed.
    let diff = runs[1]["aplDiff"].as_array().expect("an APL diff");
    assert!(diff
        .iter()
        .any(|l| l["op"] == "added" && l["text"] == FIREBALL_ONLY));
    assert!(diff.iter().any(|l| l["op"] == "removed"));
    assert_eq!(runs[0]["aplDiff"], Value::Null);
    assert!(runs[1]["histogram"]["counts"].as_array().unwrap().len() > 1);

    // Abilities are matched by id; one the second run never cast is "—" (null) there.
    let abilities = c["abilities"].as_array().unwrap();
    let fireball = abilities.iter().find(|a| a["id"] == "fireball").unwrap();
    let (b0, b1) = (
        fireball["dps"][0].as_f64().unwrap(),
        fireball["dps"][1].as_f64().unwrap(),
    );
    assert!((fireball["delta"][1].as_f64().unwrap() - (b1 - b0)).abs() < 1e-9);
    assert_eq!(fireball["delta"][0], Value::Null);
    let missing = abilities
        .iter()
        .find(|a| a["dps"][1].is_null())
        .expect("an ability only the baseline used");
    assert!(missing["dps"][0].is_number() && missing["delta"][1].is_null());
    assert_eq!(c["statWeights"], json!([]), "no run computed weights");

    // Priority-list lines matched by list and text: the baseline's pyroblast line is "—" in the
    // fireball-only run; the fireball line is in both with the change.
    let lines = c["aplLines"].as_array().unwrap();
    let pyro = lines
        .iter()
        .find(|l| l["text"] == "pyroblast,if=buff.hot_streak.up")
        .expect("the baseline's pyroblast line");
    assert!(pyro["executions"][0].as_f64().unwrap() > 0.0);
    assert!(pyro["executions"][1].is_null() && pyro["delta"][1].is_null());
    let fb = lines
        .iter()
        .find(|l| l["text"] == "fireball" && l["list"] == "default")
        .expect("a fireball line in both");
    let (f0, f1) = (
        fb["executions"][0].as_f64().unwrap(),
        fb["executions"][1].as_f64().unwrap(),
    );
    assert!(f1 > f0, "fireball alone casts more fireballs: {f0} vs {f1}");
    assert!((fb["delta"][1].as_f64().unwrap() - (f1 - f0)).abs() < 1e-9);

    // The other order makes the other run the baseline.
    let (_, flipped) = a
        .get_json(&format!("/api/simulations/compare?ids={other},{base}"))
        .await;
    let back = &flipped["runs"][1]["difference"];
    assert!((back["dps"].as_f64().unwrap() + expected.dps).abs() < 1e-6);
    assert_eq!(back["verdict"], "better");

    // The server function answers the same comparison.
    let res = a
        .server_fn(
            "/api/simulations/comparison",
            &json!({"ids": format!("{base},{other}")}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let via_fn: Value = res.json().await.unwrap();
    assert_eq!(via_fn, c);

    // Someone else's run is "not found", alone or next to their own.
    let b = srv.browser();
    let theirs = completed(
        &b,
        json!({"rotationId": "fire_mage", "duration": 30, "iterations": 5, "fightType": "patchwerk"}),
    )
    .await;
    for ids in [format!("{base},{other}"), format!("{theirs},{base}")] {
        let (status, body) = b
            .get_json(&format!("/api/simulations/compare?ids={ids}"))
            .await;
        assert_eq!(
            (status, &body["code"]),
            (404, &json!("NOT_FOUND")),
            "{body}"
        );
    }
    let (status, _) = a
        .get_json(&format!(
            "/api/simulations/compare?ids={base},nosuchjob0000000"
        ))
        .await;
    assert_eq!(status, 404);

    // Bad id lists are 400s naming `ids`.
    for query in [
        String::new(),
        "?ids=".into(),
        format!("?ids={base}"),
        format!("?ids={base},{base}"),
        format!("?ids={base},{other},a,b,c,d,e"),
        format!("?ids={base},x%27y"),
        format!("?ids={base};{other}"),
    ] {
        let (status, body) = a
            .get_json(&format!("/api/simulations/compare{query}"))
            .await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(body["fields"]["ids"].is_string(), "{query}: {body}");
    }

    // A run that has not completed is a 409 naming it.
    let cancelled = a
        .submit_ok(&json!({"rotationId": "fire_mage", "duration": 900, "iterations": 50000, "fightType": "aoe"}))
        .await;
    let (status, _) = a.cancel(&cancelled).await;
    assert_eq!(status, 200);
    let (status, body) = a
        .get_json(&format!("/api/simulations/compare?ids={base},{cancelled}"))
        .await;
    assert_eq!((status, &body["code"]), (409, &json!("CONFLICT")), "{body}");
    let message = body["error"].as_str().unwrap();
    assert!(
        message.contains(&cancelled) && message.contains("cancelled"),
        "{message}"
    );
}
