//! Users and sessions: every browser (cookie jar) has its own profile and sees only its own
//! jobs; someone else's job is 404 everywhere; sessions survive restarts; retry and export.

mod common;
use common::{one_worker, Client, Server, TestDb, WAIT};
use serde_json::{json, Value};

fn small() -> Value {
    json!({"rotationId": "fire_mage", "duration": 60, "iterations": 300, "fightType": "patchwerk", "seed": 11})
}

fn long() -> Value {
    json!({"rotationId": "affliction_warlock", "duration": 900, "iterations": 50000, "fightType": "aoe", "statWeights": true})
}

/// Watches the job's stream to its end, then reads the job.
async fn wait_terminal(b: &Client, id: &str) -> Value {
    b.stream_to_end(id).await;
    b.job(id).await
}

both_databases!(foreign_jobs_are_not_found, foreign_jobs_are_not_found);

/// Everything user B can try on user A's job answers exactly like a job that does not exist.
async fn foreign_jobs_are_not_found(t: TestDb) {
    let srv = Server::one_worker(t.db.clone()).await;
    let alice = srv.browser();
    let bob = srv.browser();
    let done = alice.submit_ok(&small()).await;
    let view = wait_terminal(&alice, &done).await;
    assert_eq!(view["status"], "completed");
    let running = alice.submit_ok(&long()).await;

    for id in [done.as_str(), running.as_str(), "doesnotexist1234"] {
        let job_path = format!("/api/simulations/{id}");
        let (status, body) = bob.get(id).await;
        assert_eq!(status, 404, "GET {id}: {body}");
        assert_eq!(body["code"], "NOT_FOUND");
        assert_eq!(
            body["error"],
            format!("simulation '{id}' not found"),
            "same words for foreign and missing"
        );
        let mut s = bob.stream(id, None).await;
        assert_eq!(s.status, 404);
        let events = s.collect(WAIT).await;
        assert_eq!(events.last().unwrap().event, "error");
        assert_eq!(events.last().unwrap().data["code"], "NOT_FOUND");
        assert_eq!(bob.cancel(id).await.0, 404, "DELETE {id}");
        assert_eq!(bob.retry(id).await.0, 404, "retry {id}");
        for format in ["json", "csv"] {
            let (status, _) = bob
                .get_json(&format!("{job_path}/export?format={format}"))
                .await;
            assert_eq!(status, 404, "export {id} as {format}");
        }
    }
    assert!(bob.history().await.is_empty(), "Bob's history is his own");
    // Server functions are scoped the same way.
    let res = bob
        .server_fn("/api/simulations/get", &json!({"id": done}))
        .await;
    assert_eq!(res.status(), 404);
    let res = bob
        .server_fn("/api/simulations/cancel", &json!({"id": running}))
        .await;
    assert_eq!(res.status(), 404);

    // Alice still owns both, and Bob's attempts changed nothing.
    let a = alice.job(&running).await;
    assert!(["queued", "running"].contains(&a["status"].as_str().unwrap()));
    let list = alice.history().await;
    let ids: Vec<&str> = list.iter().map(|j| j["jobId"].as_str().unwrap()).collect();
    assert_eq!(ids, [running.as_str(), done.as_str()]);
    assert_eq!(list[1]["rotationClass"], "Mage");
    assert_eq!(list[1]["rotationSpec"], "Fire");
    assert_eq!(alice.cancel(&running).await.0, 200);
    srv.kill();
}

/// Reading creates nothing; the first submission attaches a profile with a hardened cookie, and
/// a planted session id is never adopted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_are_created_on_first_submission_with_a_safe_cookie() {
    let t = TestDb::sqlite().await;
    let url = &t.url;
    let srv = Server::one_worker(t.db.clone()).await;
    let plain = reqwest::Client::new();
    for path in ["/api/simulations", "/simulate/history", "/api/rotations"] {
        let res = plain
            .get(format!("{}{path}", srv.url))
            .send()
            .await
            .unwrap();
        assert!(res.headers().get("set-cookie").is_none(), "{path}");
    }
    assert_eq!(common::count_rows(url, "user_profiles").await, 0);

    let planted = "rotasim_session=AAAAAAAAAAAAAAAAAAAAAA";
    let res = plain
        .post(format!("{}/api/simulations", srv.url))
        .header("cookie", planted)
        .json(&small())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let cookie = res
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("rotasim_session="), "{cookie}");
    assert!(!cookie.starts_with(planted), "planted id adopted: {cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert!(cookie.contains("Max-Age="), "persistent: {cookie}");
    assert_eq!(common::count_rows(url, "user_profiles").await, 1);
    assert_eq!(common::count_rows(url, "tower_sessions").await, 1);
    // The same browser submitting again keeps its profile.
    let jar = cookie.split(';').next().unwrap().to_string();
    let res = plain
        .post(format!("{}/api/simulations", srv.url))
        .header("cookie", &jar)
        .json(&small())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    assert_eq!(common::count_rows(url, "user_profiles").await, 1);
    srv.kill();

    // Behind HTTPS the cookie is Secure.
    let srv = Server::builder(t.reconnect().await)
        .jobs(one_worker())
        .settings(|portal| portal.secure_cookies = true)
        .start()
        .await;
    let res = reqwest::Client::new()
        .post(format!("{}/api/simulations", srv.url))
        .json(&small())
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("Secure"), "{cookie}");
    srv.kill();
}

both_databases!(sessions_survive_restarts, sessions_survive_restarts);

/// A browser's session and history outlive the server process.
async fn sessions_survive_restarts(t: TestDb) {
    let srv = Server::one_worker(t.db.clone()).await;
    let alice = srv.browser();
    let id = alice.submit_ok(&small()).await;
    let before = wait_terminal(&alice, &id).await;
    assert_eq!(before["status"], "completed");
    srv.kill();

    let srv = Server::one_worker(t.reconnect().await).await;
    let alice = alice.at(&srv.url);
    let list = alice.history().await;
    assert_eq!(list[0]["jobId"], id.as_str());
    let after = alice.job(&id).await;
    assert_eq!(after["result"]["stats"], before["result"]["stats"]);
    let events = alice.stream_to_end(&id).await;
    assert_eq!(events.last().unwrap().event, "complete");
    srv.kill();
}

/// Retry makes a new job from a cancelled (or failed) one; export gives JSON and CSV files.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_and_export() {
    let t = TestDb::sqlite().await;
    let srv = Server::one_worker(t.db.clone()).await;
    let b = srv.browser();

    let done = b.submit_ok(&small()).await;
    wait_terminal(&b, &done).await;
    // A completed job is not retried.
    let (status, err) = b.retry(&done).await;
    assert_eq!(status, 409);
    assert!(
        err["error"].as_str().unwrap().contains("completed"),
        "{err}"
    );

    // Exports of the completed job.
    let export = |format: &str| {
        b.http
            .get(b.url(&format!("/api/simulations/{done}/export?format={format}")))
            .send()
    };
    let res = export("json").await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/json");
    let disposition = res.headers()["content-disposition"].to_str().unwrap();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"rotasim-fire_mage-{done}.json\"")
    );
    let exported: Value = res.json().await.unwrap();
    let view = b.job(&done).await;
    assert_eq!(exported, view, "the JSON export is the job with its report");
    let res = export("csv").await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "field,value");
    let mean = view["result"]["stats"]["meanDps"].as_f64().unwrap();
    assert!(
        lines.contains(&format!("mean_dps,{mean:.2}").as_str()),
        "{csv}"
    );
    let header = lines
        .iter()
        .position(|l| l.starts_with("ability,damage"))
        .unwrap();
    let abilities = view["result"]["abilities"].as_array().unwrap();
    // Sections are separated by a record of one empty field.
    let section = |from: usize| {
        lines[from + 1..]
            .iter()
            .take_while(|l| !l.is_empty() && **l != "\"\"")
            .count()
    };
    assert_eq!(section(header), abilities.len());
    assert!(lines[header + 1].starts_with(abilities[0]["name"].as_str().unwrap()));
    // Then the priority list with its counts, and the sample fight's decisions.
    let apl = lines
        .iter()
        .position(|l| l.starts_with("apl_line,list,action,executions"))
        .unwrap();
    let apl_lines = view["result"]["aplLines"].as_array().unwrap();
    assert!(!apl_lines.is_empty());
    assert_eq!(section(apl), apl_lines.len());
    // Actions hold commas: the CSV quotes them (the first line with options, e.g. `x,if=…`).
    let (i, with_comma) = apl_lines
        .iter()
        .enumerate()
        .find(|(_, l)| l["text"].as_str().unwrap().contains(','))
        .expect("a line with options");
    let row = format!(
        "{},{},\"{}\"",
        with_comma["line"],
        with_comma["list"].as_str().unwrap(),
        with_comma["text"].as_str().unwrap()
    );
    assert!(
        lines[apl + 1 + i].starts_with(&row),
        "{}",
        lines[apl + 1 + i]
    );
    let seq = lines
        .iter()
        .position(|l| l.starts_with("time_s,decision,apl_line,detail,skipped"))
        .unwrap();
    let rows = view["result"]["sequence"]["rows"].as_array().unwrap();
    assert_eq!(section(seq), rows.len());
    let res = export("xml").await.unwrap();
    assert_eq!(res.status(), 400);
    let err: Value = res.json().await.unwrap();
    assert!(err["fields"]["format"].is_string(), "{err}");

    // Cancel a long job, then retry it: a new job with the same settings runs.
    let long_id = b.submit_ok(&json!({"rotationId": "fire_mage", "duration": 900, "iterations": 50000, "fightType": "patchwerk"})).await;
    assert_eq!(b.cancel(&long_id).await.0, 200);
    let (status, _) = b
        .get_json(&format!("/api/simulations/{long_id}/export"))
        .await;
    assert_eq!(status, 409, "only completed jobs export");
    let (status, created) = b.retry(&long_id).await;
    assert_eq!(status, 202);
    let new_id = common::api::job_id(&created);
    assert_ne!(new_id, long_id);
    assert_eq!(
        created["streamUrl"],
        format!("/api/simulations/{new_id}/stream")
    );
    let new_view = b.job(&new_id).await;
    let old_view = b.job(&long_id).await;
    assert_eq!(new_view["retryOf"], long_id.as_str());
    for k in ["rotationId", "duration", "iterations", "fightType"] {
        assert_eq!(new_view[k], old_view[k], "{k}");
    }
    assert_eq!(
        old_view["status"], "cancelled",
        "the original stays as it was"
    );
    // The retry runs (watch it make progress), then is cancelled to end the test quickly.
    let mut s = b.stream(&new_id, None).await;
    let mut saw_progress = false;
    while let Some(e) = s.next_event(WAIT).await {
        if e.event == "progress" && e.data["current"].as_u64().unwrap() > 0 {
            saw_progress = true;
            break;
        }
    }
    assert!(saw_progress);
    // Retrying through the server function works the same way.
    b.cancel(&new_id).await;
    let res = b
        .server_fn("/api/simulations/retry", &json!({"id": new_id}))
        .await;
    assert_eq!(res.status(), 200);
    let again = common::api::job_id(&res.json().await.unwrap());
    let v = b.job(&again).await;
    assert_eq!(v["retryOf"], new_id);
    b.cancel(&again).await;
    srv.kill();
}
