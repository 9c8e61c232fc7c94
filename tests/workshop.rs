//! The rotation workshop's server side on both databases: players' own rotations (create, fork,
//! edit, delete; every field bounded; another player's rotation is 404 everywhere), saved
//! characters, job snapshots that survive edits and deletes, "Sim again" with the same seed,
//! and inline APL submissions.

mod common;
use common::{Client, Server, TestDb};
use serde_json::{json, Value};
use std::time::Duration;

const FIRE_V1: &str = "actions=fire_blast,if=buff.hot_streak.up\nactions+=/fireball";
const FIRE_V2: &str = "actions=fireball";
const TYPOS: &str = "actions=fireball\nactions+=/fire_blsat,if=buff.hot_streek.up";

/// Creates a rotation, expecting 201.
async fn create(b: &Client, name: &str, apl: &str) -> Value {
    let (status, r) = b
        .post_json(
            "/api/rotations",
            &json!({"specId": "fire_mage", "name": name, "description": "mine", "apl": apl}),
        )
        .await;
    assert_eq!(status, 201, "{r}");
    r
}

fn fields(body: &Value) -> Vec<String> {
    assert_eq!(body["code"], "INVALID_REQUEST", "{body}");
    body["fields"]
        .as_object()
        .expect("fields")
        .keys()
        .cloned()
        .collect()
}

both_databases!(rotations_are_created_edited_forked_and_deleted, crud);

async fn crud(t: TestDb) {
    let srv = Server::start(t.db.clone()).await;
    let a = srv.browser();
    let r = create(&a, "My Fire", FIRE_V1).await;
    let id = r["id"].as_str().unwrap().to_string();
    assert_eq!(
        (
            &r["builtin"],
            &r["version"],
            &r["specId"],
            &r["class"],
            &r["forkedFrom"]
        ),
        (
            &json!(false),
            &json!(1),
            &json!("fire_mage"),
            &json!("Mage"),
            &Value::Null
        )
    );
    assert_eq!(r["apl"], FIRE_V1);
    assert_eq!(r["description"], "mine");

    // Listed with the built-ins, grouped by class and spec; filtered by spec.
    let (_, all) = a.get_json("/api/rotations").await;
    assert_eq!(all.as_array().unwrap().len(), 5, "{all}");
    let (_, fire) = a.get_json("/api/rotations?spec=fire_mage").await;
    let names: Vec<&str> = fire
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Fire Mage — Default", "My Fire"]);

    // A rename keeps the version; a new APL text bumps it.
    let (status, renamed) = a
        .put_json(
            &format!("/api/rotations/{id}"),
            &json!({"name": "  Fire, faster  ", "apl": FIRE_V1}),
        )
        .await;
    assert_eq!(status, 200, "{renamed}");
    assert_eq!(
        (&renamed["name"], &renamed["version"]),
        (&json!("Fire, faster"), &json!(1))
    );
    assert_eq!(renamed["description"], "", "a PUT replaces the description");
    let (_, edited) = a
        .put_json(
            &format!("/api/rotations/{id}"),
            &json!({"name": "Fire, faster", "apl": FIRE_V2}),
        )
        .await;
    assert_eq!(
        (&edited["apl"], &edited["version"]),
        (&json!(FIRE_V2), &json!(2))
    );

    // An APL that does not compile is refused with every error at its line and column, and
    // nothing of the request is saved (not even the new name).
    let (status, bad) = a
        .put_json(
            &format!("/api/rotations/{id}"),
            &json!({"name": "Broken", "apl": TYPOS}),
        )
        .await;
    assert_eq!(status, 400, "{bad}");
    assert_eq!(fields(&bad), ["apl"]);
    let errors = bad["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{bad}");
    assert_eq!(
        (&errors[0]["line"], &errors[0]["column"]),
        (&json!(2), &json!(11))
    );
    assert_eq!(errors[0]["hint"], "did you mean 'fire_blast'?");
    assert_eq!(
        (&errors[1]["line"], &errors[1]["column"]),
        (&json!(2), &json!(25))
    );
    assert!(
        bad["fields"]["apl"]
            .as_str()
            .unwrap()
            .starts_with("2:11: unknown spell 'fire_blsat'"),
        "{bad}"
    );
    let (_, unchanged) = a.get_json(&format!("/api/rotations/{id}")).await;
    assert_eq!(
        (&unchanged["name"], &unchanged["apl"]),
        (&json!("Fire, faster"), &json!(FIRE_V2))
    );

    // Every bad field is named at once; nothing is created.
    let (status, bad) = a
        .post_json(
            "/api/rotations",
            &json!({"specId": "fire_mgae", "name": " ", "description": "x".repeat(2001), "apl": "actions=fireball"}),
        )
        .await;
    assert_eq!(status, 400, "{bad}");
    assert_eq!(fields(&bad), ["description", "name", "specId"]);
    assert!(
        bad["fields"]["specId"]
            .as_str()
            .unwrap()
            .contains("fire_mage"),
        "{bad}"
    );
    let (status, bad) = a
        .post_json(
            "/api/rotations",
            &json!({"specId": "fire_mage", "name": "n".repeat(81), "apl": TYPOS}),
        )
        .await;
    assert_eq!(status, 400, "{bad}");
    assert_eq!(fields(&bad), ["apl", "name"]);
    assert_eq!(bad["errors"].as_array().unwrap().len(), 2);
    let big = "actions+=/fireball\n".repeat(64 * 1024 / 19 + 1);
    let (status, bad) = a
        .post_json(
            "/api/rotations",
            &json!({"specId": "fire_mage", "name": "big", "apl": big}),
        )
        .await;
    assert_eq!(status, 400, "{bad}");
    assert_eq!(fields(&bad), ["apl"]);
    let (status, bad) = a
        .post_json(
            "/api/rotations",
            &json!({"specId": "fire_mage", "name": "x", "apl": "actions=fireball", "owner": "me"}),
        )
        .await;
    assert_eq!((status, fields(&bad)), (400, vec!["owner".to_string()]));
    let (_, all) = a.get_json("/api/rotations").await;
    assert_eq!(
        all.as_array().unwrap().len(),
        5,
        "nothing half-saved: {all}"
    );

    // Built-ins are read-only.
    let builtin = rotasim::db::builtin_id("fire_mage").to_string();
    let (status, body) = a
        .put_json(
            &format!("/api/rotations/{builtin}"),
            &json!({"name": "mine now", "apl": FIRE_V2}),
        )
        .await;
    assert_eq!((status, &body["code"]), (409, &json!("CONFLICT")), "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("fork it"),
        "{body}"
    );
    assert_eq!(a.delete(&format!("/api/rotations/{builtin}")).await.0, 409);

    // Forks keep their source; a built-in is forked by slug too.
    let (status, fork) = a.post_empty("/api/rotations/fire_mage/fork").await;
    assert_eq!(status, 201, "{fork}");
    assert_eq!(fork["forkedFrom"], json!(builtin));
    assert_eq!(fork["name"], "Fire Mage — Default (copy)");
    assert_eq!(fork["builtin"], false);
    let (status, fork2) = a
        .post_json(
            &format!("/api/rotations/{id}/fork"),
            &json!({"name": "Experiment"}),
        )
        .await;
    assert_eq!(status, 201, "{fork2}");
    assert_eq!(
        (&fork2["forkedFrom"], &fork2["apl"]),
        (&json!(id), &json!(FIRE_V2))
    );

    // Names are stored as typed: markup is text for the pages to escape.
    let script = create(&a, "<script>alert(1)</script>", FIRE_V2).await;
    assert_eq!(script["name"], "<script>alert(1)</script>");

    // Deleted: gone from everywhere; a second delete is 404.
    let (status, _) = a.delete(&format!("/api/rotations/{id}")).await;
    assert_eq!(status, 204);
    assert_eq!(a.get_json(&format!("/api/rotations/{id}")).await.0, 404);
    assert_eq!(a.delete(&format!("/api/rotations/{id}")).await.0, 404);
    srv.kill();
}

both_databases!(another_players_rotation_is_not_found_anywhere, ownership);

async fn ownership(t: TestDb) {
    let srv = Server::start(t.db.clone()).await;
    let (a, b) = (srv.browser(), srv.browser());
    let r = create(&a, "Secret", FIRE_V1).await;
    let id = r["id"].as_str().unwrap();
    let path = format!("/api/rotations/{id}");
    b.get_json("/api/rotations").await; // b has a profile of its own
    assert_eq!(b.get_json(&path).await.0, 404);
    let (status, body) = b
        .put_json(&path, &json!({"name": "mine", "apl": FIRE_V2}))
        .await;
    assert_eq!(
        (status, &body["code"]),
        (404, &json!("NOT_FOUND")),
        "{body}"
    );
    assert_eq!(b.delete(&path).await.0, 404);
    assert_eq!(b.post_empty(&format!("{path}/fork")).await.0, 404);
    assert_eq!(b.get_json(&format!("{path}/simulations")).await.0, 404);
    let (status, body) = b
        .submit(
            &json!({"rotationId": id, "duration": 60, "iterations": 10, "fightType": "patchwerk"}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(fields(&body), ["rotationId"]);
    let (_, listed) = b.get_json("/api/rotations").await;
    assert!(!listed.to_string().contains("Secret"), "{listed}");
    // Untouched by all of that.
    let (_, same) = a.get_json(&path).await;
    assert_eq!(
        (&same["name"], &same["version"]),
        (&json!("Secret"), &json!(1))
    );
    // The same through the server functions.
    let res = b.server_fn("/api/rotations/get", &json!({"id": id})).await;
    assert_eq!(res.status(), 404);
    srv.kill();
}

both_databases!(
    a_result_keeps_what_it_ran_after_edits_and_deletes,
    snapshots
);

async fn snapshots(t: TestDb) {
    let srv = Server::one_worker(t.db.clone()).await;
    let a = srv.browser();
    let r = create(&a, "Versioned", FIRE_V1).await;
    let id = r["id"].as_str().unwrap().to_string();
    let sim = json!({"rotationId": id, "duration": 60, "iterations": 50, "fightType": "patchwerk", "seed": 7});
    let first = a.submit_ok(&sim).await;
    let done = a.wait_for_end(&first, Duration::from_secs(60)).await;
    assert_eq!(done["status"], "completed", "{done}");
    let job = a.job(&first).await;
    assert_eq!(
        (&job["rotationVersion"], &job["editedSince"]),
        (&json!(1), &json!(false))
    );
    assert_eq!(job["snapshot"]["apl"], FIRE_V1);
    assert_eq!(job["snapshot"]["seed"], "7");
    assert_eq!(job["snapshot"]["specId"], "fire_mage");
    assert_eq!(job["specVersion"].as_str().unwrap().len(), 16, "{job}");
    let dps1 = job["meanDps"].as_f64().unwrap();

    // Edited: the result still shows the APL it ran, and says the rotation changed since.
    a.put_json(
        &format!("/api/rotations/{id}"),
        &json!({"name": "Versioned", "apl": FIRE_V2}),
    )
    .await;
    let job = a.job(&first).await;
    assert_eq!(
        (&job["editedSince"], &job["snapshot"]["apl"]),
        (&json!(true), &json!(FIRE_V1))
    );
    let second = a.submit_ok(&sim).await;
    let done = a.wait_for_end(&second, Duration::from_secs(60)).await;
    assert_eq!(done["status"], "completed", "{done}");
    let job2 = a.job(&second).await;
    assert_eq!(
        (&job2["rotationVersion"], &job2["snapshot"]["apl"]),
        (&json!(2), &json!(FIRE_V2))
    );

    // The rotation's page lists both, newest first.
    let (_, runs) = a
        .get_json(&format!("/api/rotations/{id}/simulations"))
        .await;
    let ids: Vec<&str> = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["jobId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [second.as_str(), first.as_str()]);

    // "Sim again" runs exactly what the first job ran: same APL, same seed, same DPS.
    let (status, again) = a
        .post_empty(&format!("/api/simulations/{first}/again"))
        .await;
    assert_eq!(status, 202, "{again}");
    let third = again["jobId"].as_str().unwrap().to_string();
    a.wait_for_end(&third, Duration::from_secs(60)).await;
    let job3 = a.job(&third).await;
    assert_eq!(job3["snapshot"]["apl"], FIRE_V1);
    assert_eq!(job3["rotationVersion"], 1);
    assert_eq!(
        job3["meanDps"].as_f64().unwrap(),
        dps1,
        "same seed, same APL, same result"
    );

    // Deleted: every result stays readable, with the name it had.
    assert_eq!(a.delete(&format!("/api/rotations/{id}")).await.0, 204);
    for j in [&first, &second, &third] {
        let job = a.job(j).await;
        assert_eq!(job["status"], "completed");
        assert_eq!(
            (&job["rotationDeleted"], &job["rotationName"]),
            (&json!(true), &json!("Versioned"))
        );
        assert_eq!(job["rotationClass"], "Mage");
        assert!(job["result"]["stats"]["meanDps"].as_f64().unwrap() > 0.0);
    }
    let history = a.history().await;
    assert_eq!(history.len(), 3);
    assert!(history.iter().all(|j| j["rotationName"] == "Versioned"));
    srv.kill();
}

both_databases!(an_inline_apl_is_simulated_without_saving, inline);

async fn inline(t: TestDb) {
    let srv = Server::one_worker(t.db.clone()).await;
    let a = srv.browser();
    let id = a
        .submit_ok(&json!({"specId": "fire_mage", "apl": FIRE_V1, "duration": 60, "iterations": 20, "fightType": "patchwerk"}))
        .await;
    let done = a.wait_for_end(&id, Duration::from_secs(60)).await;
    assert_eq!(done["status"], "completed", "{done}");
    let job = a.job(&id).await;
    assert_eq!(job["rotationId"], Value::Null);
    assert_eq!(job["rotationName"], "Inline APL — Fire Mage");
    assert_eq!(job["rotationClass"], "Mage");
    assert_eq!(job["snapshot"]["apl"], FIRE_V1);
    assert_eq!(job["rotationDeleted"], false);

    // A typo is a 400 with every error; nothing is queued.
    let (status, bad) = a
        .submit(&json!({"specId": "fire_mage", "apl": TYPOS, "duration": 60, "iterations": 20, "fightType": "patchwerk"}))
        .await;
    assert_eq!(status, 400, "{bad}");
    assert_eq!(fields(&bad), ["apl"]);
    assert_eq!(bad["errors"].as_array().unwrap().len(), 2);
    for (body, field) in [
        (
            json!({"rotationId": "fire_mage", "apl": FIRE_V1, "duration": 60, "iterations": 20, "fightType": "patchwerk"}),
            "apl",
        ),
        (
            json!({"apl": FIRE_V1, "duration": 60, "iterations": 20, "fightType": "patchwerk"}),
            "specId",
        ),
        (
            json!({"specId": "frost_mage", "apl": FIRE_V1, "duration": 60, "iterations": 20, "fightType": "patchwerk"}),
            "specId",
        ),
        (
            json!({"specId": "fire_mage", "apl": " ", "duration": 60, "iterations": 20, "fightType": "patchwerk"}),
            "apl",
        ),
        (
            json!({"duration": 60, "iterations": 20, "fightType": "patchwerk"}),
            "rotationId",
        ),
    ] {
        let (status, bad) = a.submit(&body).await;
        assert_eq!(status, 400, "{body} → {bad}");
        assert!(fields(&bad).contains(&field.to_string()), "{body} → {bad}");
    }
    assert_eq!(a.history().await.len(), 1);
    srv.kill();
}

both_databases!(characters_are_saved_per_player, characters);

async fn characters(t: TestDb) {
    let srv = Server::start(t.db.clone()).await;
    let (a, b) = (srv.browser(), srv.browser());
    let stats = json!({"primary": 12000.0, "crit": 3000.0, "haste": 2500.0, "mastery": 1800.0, "versatility": 900.0, "gear": []});
    let (status, c) = a
        .post_json(
            "/api/characters",
            &json!({"specId": "fire_mage", "name": "Main", "character": stats}),
        )
        .await;
    assert_eq!(status, 201, "{c}");
    let id = c["id"].as_str().unwrap().to_string();
    assert_eq!(
        (&c["name"], &c["character"]["crit"]),
        (&json!("Main"), &json!(3000.0))
    );
    a.post_json(
        "/api/characters",
        &json!({"specId": "fury_warrior", "name": "Alt", "character": stats}),
    )
    .await;
    let (_, mine) = a.get_json("/api/characters").await;
    assert_eq!(mine.as_array().unwrap().len(), 2);
    let (_, fire) = a.get_json("/api/characters?spec=fire_mage").await;
    assert_eq!(fire.as_array().unwrap().len(), 1);
    // The simulate form's options carry them.
    let (_, options) = a.post_empty("/api/simulate_options").await;
    assert_eq!(
        options["characters"].as_array().unwrap().len(),
        2,
        "{options}"
    );

    let mut better = stats.clone();
    better["crit"] = json!(4000.0);
    let (status, updated) = a
        .put_json(
            &format!("/api/characters/{id}"),
            &json!({"name": "Main (BiS)", "character": better}),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(
        (&updated["name"], &updated["character"]["crit"]),
        (&json!("Main (BiS)"), &json!(4000.0))
    );

    // Bad stats and names are named; nothing changes.
    let mut negative = stats.clone();
    negative["crit"] = json!(-5.0);
    let (status, bad) = a
        .put_json(
            &format!("/api/characters/{id}"),
            &json!({"name": "", "character": negative}),
        )
        .await;
    assert_eq!(status, 400, "{bad}");
    assert_eq!(fields(&bad), ["character.crit", "name"]);
    let (status, bad) = a
        .post_json("/api/characters", &json!({"name": "x", "character": stats}))
        .await;
    assert_eq!((status, fields(&bad)), (400, vec!["specId".to_string()]));
    let (_, same) = a.get_json(&format!("/api/characters/{id}")).await;
    assert_eq!(same["name"], "Main (BiS)");

    // Another player sees none of it.
    let path = format!("/api/characters/{id}");
    assert_eq!(b.get_json(&path).await.0, 404);
    assert_eq!(
        b.put_json(&path, &json!({"name": "x", "character": stats}))
            .await
            .0,
        404
    );
    assert_eq!(b.delete(&path).await.0, 404);
    let (_, theirs) = b.get_json("/api/characters").await;
    assert_eq!(theirs, json!([]));

    assert_eq!(a.delete(&path).await.0, 204);
    assert_eq!(a.get_json(&path).await.0, 404);
    srv.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_player_keeps_at_most_200_rotations() {
    let t = TestDb::sqlite().await;
    let srv = Server::start(t.db.clone()).await;
    let a = srv.browser();
    for i in 0..200 {
        create(&a, &format!("r{i}"), FIRE_V2).await;
    }
    let (status, body) = a
        .post_json(
            "/api/rotations",
            &json!({"specId": "fire_mage", "name": "one too many", "apl": FIRE_V2}),
        )
        .await;
    assert_eq!((status, &body["code"]), (409, &json!("CONFLICT")), "{body}");
    assert!(body["error"].as_str().unwrap().contains("200"), "{body}");
    let (status, _) = a.post_empty("/api/rotations/fire_mage/fork").await;
    assert_eq!(status, 409);
    let (_, all) = a.get_json("/api/rotations").await;
    assert_eq!(all.as_array().unwrap().len(), 204);
    srv.kill();
}
