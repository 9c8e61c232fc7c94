//! Users and sessions: every browser (cookie jar) has its own profile and sees only its own
//! jobs; someone else's job is 404 everywhere; sessions survive restarts; retry and export.

mod common;
use common::sse::SseStream;
use rotasim::{api::stream::StreamConfig, db::Db, jobs::JobsConfig};
use serde_json::{json, Value};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

fn small() -> Value {
    json!({"rotationId": "fire_mage", "duration": 60, "iterations": 300, "fightType": "patchwerk", "seed": 11})
}

fn long() -> Value {
    json!({"rotationId": "affliction_warlock", "duration": 900, "iterations": 50000, "fightType": "aoe", "statWeights": true})
}

fn jobs_cfg() -> JobsConfig {
    JobsConfig {
        workers: 1,
        threads_per_job: 1,
        ..Default::default()
    }
}

async fn submit(b: &reqwest::Client, url: &str, body: &Value) -> String {
    let res = b
        .post(format!("{url}/api/simulations"))
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let v: Value = res.json().await.unwrap();
    v["jobId"].as_str().unwrap().to_string()
}

async fn get(b: &reqwest::Client, url: &str) -> (u16, Value) {
    let res = b.get(url).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn wait_terminal(b: &reqwest::Client, base: &str, id: &str) -> Value {
    let mut s = SseStream::open(b, &format!("{base}/api/simulations/{id}/stream"), None).await;
    let events = s.collect(WAIT).await;
    let last = events.last().expect("events").clone();
    assert!(
        ["complete", "error", "cancelled"].contains(&last.event.as_str()),
        "{:?}",
        events.iter().map(|e| &e.event).collect::<Vec<_>>()
    );
    get(b, &format!("{base}/api/simulations/{id}")).await.1
}

/// Everything user B can try on user A's job answers exactly like a job that does not exist.
async fn foreign_jobs_are_not_found(db: Db) {
    let (_, srv) = common::serve_with(db, jobs_cfg(), StreamConfig::default()).await;
    let base = &srv.url;
    let alice = common::browser();
    let bob = common::browser();
    let done = submit(&alice, base, &small()).await;
    let view = wait_terminal(&alice, base, &done).await;
    assert_eq!(view["status"], "completed");
    let running = submit(&alice, base, &long()).await;

    for id in [done.as_str(), running.as_str(), "doesnotexist1234"] {
        let job_url = format!("{base}/api/simulations/{id}");
        let (status, body) = get(&bob, &job_url).await;
        assert_eq!(status, 404, "GET {id}: {body}");
        assert_eq!(body["code"], "NOT_FOUND");
        assert_eq!(
            body["error"],
            format!("simulation '{id}' not found"),
            "same words for foreign and missing"
        );
        let mut s = SseStream::open(&bob, &format!("{job_url}/stream"), None).await;
        assert_eq!(s.status, 404);
        let events = s.collect(WAIT).await;
        assert_eq!(events.last().unwrap().event, "error");
        assert_eq!(events.last().unwrap().data["code"], "NOT_FOUND");
        let res = bob.delete(&job_url).send().await.unwrap();
        assert_eq!(res.status(), 404, "DELETE {id}");
        let res = bob.post(format!("{job_url}/retry")).send().await.unwrap();
        assert_eq!(res.status(), 404, "retry {id}");
        for format in ["json", "csv"] {
            let res = bob
                .get(format!("{job_url}/export?format={format}"))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404, "export {id} as {format}");
        }
    }
    let (_, list) = get(&bob, &format!("{base}/api/simulations")).await;
    assert_eq!(list["results"], json!([]), "Bob's history is his own");
    // Server functions are scoped the same way.
    let res = bob
        .post(format!("{base}/api/simulations/get"))
        .json(&json!({"id": done}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = bob
        .post(format!("{base}/api/simulations/cancel"))
        .json(&json!({"id": running}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // Alice still owns both, and Bob's attempts changed nothing.
    let (status, a) = get(&alice, &format!("{base}/api/simulations/{running}")).await;
    assert_eq!(status, 200);
    assert!(["queued", "running"].contains(&a["status"].as_str().unwrap()));
    let (_, list) = get(&alice, &format!("{base}/api/simulations")).await;
    let ids: Vec<&str> = list["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["jobId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [running.as_str(), done.as_str()]);
    assert_eq!(list["results"][1]["rotationClass"], "Mage");
    assert_eq!(list["results"][1]["rotationSpec"], "Fire");
    let res = alice
        .delete(format!("{base}/api/simulations/{running}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    srv.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_foreign_jobs_are_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let db = rotasim::db::connect_and_migrate(&common::sqlite_url(&dir))
        .await
        .unwrap();
    foreign_jobs_are_not_found(db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_foreign_jobs_are_not_found() {
    let Some(admin) = common::postgres_admin_url() else {
        return;
    };
    let url = common::fresh_postgres_url(&admin).await;
    let db = rotasim::db::connect_and_migrate(&url).await.unwrap();
    foreign_jobs_are_not_found(db).await;
}

/// Reading creates nothing; the first submission attaches a profile with a hardened cookie, and
/// a planted session id is never adopted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_are_created_on_first_submission_with_a_safe_cookie() {
    let dir = tempfile::tempdir().unwrap();
    let url = common::sqlite_url(&dir);
    let db = rotasim::db::connect_and_migrate(&url).await.unwrap();
    let (_, srv) = common::serve_with(db, jobs_cfg(), StreamConfig::default()).await;
    let plain = reqwest::Client::new();
    for path in ["/api/simulations", "/simulate/history", "/api/rotations"] {
        let res = plain
            .get(format!("{}{path}", srv.url))
            .send()
            .await
            .unwrap();
        assert!(res.headers().get("set-cookie").is_none(), "{path}");
    }
    assert_eq!(common::count_rows(&url, "user_profiles").await, 0);

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
    assert_eq!(common::count_rows(&url, "user_profiles").await, 1);
    assert_eq!(common::count_rows(&url, "tower_sessions").await, 1);
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
    assert_eq!(common::count_rows(&url, "user_profiles").await, 1);
    srv.kill();

    // Behind HTTPS the cookie is Secure.
    let db = rotasim::db::connect_and_migrate(&url).await.unwrap();
    let leptos = leptos::config::LeptosOptions::builder()
        .output_name("rotasim")
        .build();
    let mut state = rotasim::state::AppState::new(leptos, db, jobs_cfg(), Default::default())
        .await
        .unwrap();
    state.secure_cookies = true;
    let (_, srv) = common::serve_state(state).await;
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

/// A browser's session and history outlive the server process.
async fn sessions_survive_restarts(db_url: String) {
    let db = rotasim::db::connect_and_migrate(&db_url).await.unwrap();
    let (_, srv) = common::serve_with(db, jobs_cfg(), StreamConfig::default()).await;
    let alice = common::browser();
    let id = submit(&alice, &srv.url, &small()).await;
    let before = wait_terminal(&alice, &srv.url, &id).await;
    assert_eq!(before["status"], "completed");
    srv.kill();

    let db = rotasim::db::connect_and_migrate(&db_url).await.unwrap();
    let (_, srv) = common::serve_with(db, jobs_cfg(), StreamConfig::default()).await;
    let (status, list) = get(&alice, &format!("{}/api/simulations", srv.url)).await;
    assert_eq!(status, 200);
    assert_eq!(list["results"][0]["jobId"], id.as_str());
    let (status, after) = get(&alice, &format!("{}/api/simulations/{id}", srv.url)).await;
    assert_eq!(status, 200);
    assert_eq!(after["result"]["stats"], before["result"]["stats"]);
    let events = SseStream::open(
        &alice,
        &format!("{}/api/simulations/{id}/stream", srv.url),
        None,
    )
    .await
    .collect(WAIT)
    .await;
    assert_eq!(events.last().unwrap().event, "complete");
    srv.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_sessions_survive_restarts() {
    let dir = tempfile::tempdir().unwrap();
    sessions_survive_restarts(common::sqlite_url(&dir)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_sessions_survive_restarts() {
    let Some(admin) = common::postgres_admin_url() else {
        return;
    };
    sessions_survive_restarts(common::fresh_postgres_url(&admin).await).await;
}

/// Retry makes a new job from a cancelled (or failed) one; export gives JSON and CSV files.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = rotasim::db::connect_and_migrate(&common::sqlite_url(&dir))
        .await
        .unwrap();
    let (_, srv) = common::serve_with(db, jobs_cfg(), StreamConfig::default()).await;
    let base = &srv.url;
    let b = common::browser();

    let done = submit(&b, base, &small()).await;
    wait_terminal(&b, base, &done).await;
    // A completed job is not retried.
    let res = b
        .post(format!("{base}/api/simulations/{done}/retry"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let err: Value = res.json().await.unwrap();
    assert!(
        err["error"].as_str().unwrap().contains("completed"),
        "{err}"
    );

    // Exports of the completed job.
    let res = b
        .get(format!("{base}/api/simulations/{done}/export?format=json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/json");
    let disposition = res.headers()["content-disposition"].to_str().unwrap();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"rotasim-fire_mage-{done}.json\"")
    );
    let exported: Value = res.json().await.unwrap();
    let (_, view) = get(&b, &format!("{base}/api/simulations/{done}")).await;
    assert_eq!(exported, view, "the JSON export is the job with its report");
    let res = b
        .get(format!("{base}/api/simulations/{done}/export?format=csv"))
        .send()
        .await
        .unwrap();
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
    assert_eq!(lines.len() - header - 1, abilities.len());
    assert!(lines[header + 1].starts_with(abilities[0]["name"].as_str().unwrap()));
    let res = b
        .get(format!("{base}/api/simulations/{done}/export?format=xml"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let err: Value = res.json().await.unwrap();
    assert!(err["fields"]["format"].is_string(), "{err}");

    // Cancel a long job, then retry it: a new job with the same settings runs.
    let long_id = submit(&b, base, &json!({"rotationId": "fire_mage", "duration": 900, "iterations": 50000, "fightType": "patchwerk"})).await;
    let res = b
        .delete(format!("{base}/api/simulations/{long_id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = b
        .get(format!("{base}/api/simulations/{long_id}/export"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409, "only completed jobs export");
    let res = b
        .post(format!("{base}/api/simulations/{long_id}/retry"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let created: Value = res.json().await.unwrap();
    let new_id = created["jobId"].as_str().unwrap();
    assert_ne!(new_id, long_id);
    assert_eq!(
        created["streamUrl"],
        format!("/api/simulations/{new_id}/stream")
    );
    let (_, new_view) = get(&b, &format!("{base}/api/simulations/{new_id}")).await;
    let (_, old_view) = get(&b, &format!("{base}/api/simulations/{long_id}")).await;
    assert_eq!(new_view["retryOf"], long_id.as_str());
    for k in ["rotationId", "duration", "iterations", "fightType"] {
        assert_eq!(new_view[k], old_view[k], "{k}");
    }
    assert_eq!(
        old_view["status"], "cancelled",
        "the original stays as it was"
    );
    // The retry runs (watch it make progress), then is cancelled to end the test quickly.
    let mut s = SseStream::open(&b, &format!("{base}/api/simulations/{new_id}/stream"), None).await;
    let mut saw_progress = false;
    while let Some(e) = s.next_event(WAIT).await {
        if e.event == "progress" && e.data["current"].as_u64().unwrap() > 0 {
            saw_progress = true;
            break;
        }
    }
    assert!(saw_progress);
    // Retrying through the server function works the same way.
    b.delete(format!("{base}/api/simulations/{new_id}"))
        .send()
        .await
        .unwrap();
    let res = b
        .post(format!("{base}/api/simulations/retry"))
        .json(&json!({"id": new_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let again: Value = res.json().await.unwrap();
    let (_, v) = get(
        &b,
        &format!(
            "{base}/api/simulations/{}",
            again["jobId"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(v["retryOf"], new_id);
    b.delete(format!(
        "{base}/api/simulations/{}",
        again["jobId"].as_str().unwrap()
    ))
    .send()
    .await
    .unwrap();
    srv.kill();
}
