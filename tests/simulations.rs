//! Jobs, REST and SSE end to end: a real server on a free port, a real HTTP client reading SSE
//! frames, on SQLite and (when configured) PostgreSQL.

mod common;
use common::{one_worker, Server, TestDb, WAIT};
use rotasim::{api::stream_limits::StreamConfig, jobs::JobsConfig};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn small(iterations: u32) -> Value {
    json!({"rotationId": "fire_mage", "duration": 60, "iterations": iterations, "fightType": "patchwerk", "seed": 7})
}

fn long() -> Value {
    json!({"rotationId": "affliction_warlock", "duration": 900, "iterations": 50000, "fightType": "aoe", "statWeights": true})
}

async fn job_count(url: &str) -> i64 {
    common::count_rows(url, "simulation_jobs").await
}

both_databases!(full_event_sequence, full_sequence);

async fn full_sequence(t: TestDb) {
    let srv = Server::one_worker(t.db.clone()).await;
    let b = srv.browser();
    // A long job holds the only worker, so the stream below is open before the small job starts
    // (a 3 000-iteration job runs in milliseconds: racing it would make this test flaky).
    let blocker = b.submit_ok(&long()).await;
    let (status, created) = b.submit(&small(3000)).await;
    assert_eq!(status, 202, "{created}");
    assert_eq!(created["status"], "queued");
    let id = common::api::job_id(&created);
    let mut s = b
        .open_stream(created["streamUrl"].as_str().unwrap(), None)
        .await;
    let first = s.next_event(WAIT).await.expect("connected");
    assert_eq!(b.cancel(&blocker).await.0, 200);
    assert_eq!(s.status, 200);
    assert_eq!(s.headers["cache-control"], "no-cache");
    assert_eq!(s.headers["x-accel-buffering"], "no");
    assert!(s.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let mut events = vec![first];
    events.extend(s.collect(WAIT).await);
    let names: Vec<&str> = events.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(names[0], "connected", "{names:?}");
    assert_eq!(names[1], "queued", "{names:?}");
    assert_eq!(events[0].data["jobId"], created["jobId"]);
    assert_eq!(*names.last().unwrap(), "complete", "{names:?}");
    // Ids on every event, strictly increasing after `connected`.
    let ids: Vec<u64> = events[1..]
        .iter()
        .map(|e| e.id.expect("id on every event"))
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    assert_eq!(*ids.last().unwrap(), rotasim::model::FINAL_EVENT_ID);
    // Progress counts up to the total; partial stats at each 10 %.
    let progress: Vec<&Value> = events
        .iter()
        .filter(|e| e.event == "progress")
        .map(|e| &e.data)
        .collect();
    assert!(progress.len() >= 2);
    assert_eq!(progress.last().unwrap()["current"], 3000);
    assert_eq!(progress.last().unwrap()["percentage"], 100);
    let partial: Vec<&Value> = events
        .iter()
        .filter(|e| e.event == "partial")
        .map(|e| &e.data)
        .collect();
    assert_eq!(partial.len(), 10, "{names:?}");
    let its: Vec<u64> = partial
        .iter()
        .map(|p| p["stats"]["iterations"].as_u64().unwrap())
        .collect();
    assert_eq!(its, (1..=10).map(|k| k * 300).collect::<Vec<_>>());
    assert!(partial
        .iter()
        .all(|p| p["stats"]["meanDps"].as_f64().unwrap() > 1000.0));
    let complete = &events.last().unwrap().data;
    assert_eq!(complete["type"], "complete");
    assert_eq!(complete["stats"]["iterations"], 3000);
    assert!(complete["timeline"]["dps"].as_array().unwrap().len() >= 48);
    assert!(!complete["charts"]["abilities"]
        .as_array()
        .unwrap()
        .is_empty());
    // The job and its result are in the database.
    let job = b.job(&id).await;
    assert_eq!(job["status"], "completed");
    assert_eq!(job["progress"]["current"], 3000);
    assert_eq!(
        job["result"]["stats"]["meanDps"],
        complete["stats"]["meanDps"]
    );
    assert_eq!(job["rotationName"], "Fire Mage — Default");
    srv.kill();
}

both_databases!(bad_inputs_are_4xx_and_write_nothing, bad_inputs);

async fn bad_inputs(t: TestDb) {
    let srv = Server::one_worker(t.db.clone()).await;
    let b = srv.browser();
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"rotationId": "fire_mage", "duration": 300, "iterations": 0, "fightType": "patchwerk"}),
            "iterations",
        ),
        (
            json!({"rotationId": "fire_mage", "duration": 300, "iterations": 1_000_000_000u64, "fightType": "patchwerk"}),
            "iterations",
        ),
        (
            json!({"rotationId": "fire_mage", "duration": 10, "iterations": 100, "fightType": "patchwerk"}),
            "duration",
        ),
        (
            json!({"rotationId": "fire_mage", "duration": 5000, "iterations": 100, "fightType": "patchwerk"}),
            "duration",
        ),
        (
            json!({"rotationId": "fire_mage", "duration": 300, "iterations": 100, "fightType": "raid"}),
            "fightType",
        ),
        (
            json!({"rotationId": "paladin", "duration": 300, "iterations": 100, "fightType": "patchwerk"}),
            "rotationId",
        ),
        (
            json!({"rotationId": "fire_mage", "duration": "long", "iterations": 100, "fightType": "patchwerk"}),
            "duration",
        ),
        (
            json!({"rotationId": "fire_mage", "duration": 300, "iterations": 1.5, "fightType": "patchwerk"}),
            "iterations",
        ),
        (
            json!({"rotationId": "fire_mage", "duration": 300, "iterations": 100, "fightType": "patchwerk", "targets": 3}),
            "targets",
        ),
        (
            json!({"rotationId": "fire_mage", "duration": 300, "iterations": 100, "fightType": "aoe", "targets": 99}),
            "targets",
        ),
        (
            json!({"rotationId": "fire_mage", "duration": 300, "iterations": 100, "fightType": "patchwerk", "targetError": 0}),
            "targetError",
        ),
        (
            json!({"duration": 300, "iterations": 100, "fightType": "patchwerk"}),
            "rotationId",
        ),
        (
            json!({"rotationId": "fire_mage", "duration": 300, "iterations": 100, "fightType": "patchwerk", "character": {"crit": -5}}),
            "character.crit",
        ),
    ];
    for (body, field) in cases {
        let (status, err) = b.submit(&body).await;
        assert_eq!(status, 400, "{body} → {err}");
        assert_eq!(err["code"], "INVALID_REQUEST");
        assert!(
            err["fields"][field].is_string(),
            "{field} not named in {err} for {body}"
        );
        assert!(err["error"].as_str().unwrap().contains(field), "{err}");
    }
    // Malformed JSON.
    let res = b
        .http
        .post(b.url("/api/simulations"))
        .header("content-type", "application/json")
        .body("{\"rotationId\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let err: Value = res.json().await.unwrap();
    assert!(
        err["fields"]["body"]
            .as_str()
            .unwrap()
            .contains("malformed JSON"),
        "{err}"
    );
    // Oversize body.
    let huge = format!("{{\"rotationId\": \"{}\"}}", "x".repeat(200 * 1024));
    let res = b
        .http
        .post(b.url("/api/simulations"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["code"], "PAYLOAD_TOO_LARGE");
    // Nothing was written.
    assert_eq!(job_count(&t.url).await, 0);
    // Unknown ids.
    assert_eq!(b.get("nope").await.0, 404);
    let mut s = b.stream("nope", None).await;
    assert_eq!(s.status, 404);
    let e = s.next_event(WAIT).await.unwrap();
    assert_eq!(
        (e.event.as_str(), e.data["code"].as_str()),
        ("error", Some("NOT_FOUND"))
    );
    assert_eq!(b.cancel("nope").await.0, 404);
    assert_eq!(b.get_json("/api/simulations?limit=0").await.0, 400);
    assert_eq!(b.get_json("/api/simulations?cursor=zz").await.0, 400);
    srv.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_mid_run_frees_the_worker_for_the_next_job() {
    let t = TestDb::sqlite().await;
    let srv = Server::one_worker(t.db.clone()).await;
    let b = srv.browser();
    let first_id = b.submit_ok(&long()).await;
    let (_, second) = b.submit(&small(500)).await;
    let mut s1 = b.stream(&first_id, None).await;
    let mut s2 = b
        .open_stream(second["streamUrl"].as_str().unwrap(), None)
        .await;
    assert_eq!(s2.next_event(WAIT).await.unwrap().event, "connected");
    let queued = s2.next_event(WAIT).await.unwrap();
    assert_eq!(
        (queued.event.as_str(), queued.data["position"].as_u64()),
        ("queued", Some(1))
    );
    // Wait until the first job is really running.
    loop {
        let e = s1.next_event(WAIT).await.expect("first job progresses");
        if e.event == "progress" && e.data["current"].as_u64().unwrap() > 0 {
            break;
        }
    }
    // "Keep Running" is the absence of this call; here we cancel.
    let t0 = Instant::now();
    let (status, view) = b.cancel(&first_id).await;
    assert_eq!(status, 200);
    assert_eq!(view["status"], "cancelled");
    let rest = s1.collect(WAIT).await;
    assert_eq!(rest.last().unwrap().event, "cancelled");
    assert!(
        t0.elapsed() < Duration::from_secs(1),
        "cancelled after {:?}",
        t0.elapsed()
    );
    // The worker is free: the queued job runs to completion.
    let events = s2.collect(WAIT).await;
    assert_eq!(events.last().unwrap().event, "complete");
    // Cancelling a finished job is a conflict.
    assert_eq!(b.cancel(&first_id).await.0, 409);
    let statuses: Vec<String> = b
        .history()
        .await
        .iter()
        .map(|j| j["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(statuses, vec!["completed", "cancelled"]);
    srv.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnect_with_last_event_id_resumes_without_repeats() {
    let t = TestDb::sqlite().await;
    let srv = Server::one_worker(t.db.clone()).await;
    let b = srv.browser();
    let body = json!({"rotationId": "fury_warrior", "duration": 900, "iterations": 50000, "fightType": "patchwerk"});
    let (_, created) = b.submit(&body).await;
    let path = created["streamUrl"].as_str().unwrap();
    let mut s = b.open_stream(path, None).await;
    let mut last = 0;
    let mut seen = 0;
    while seen < 3 {
        let e = s.next_event(WAIT).await.unwrap();
        if e.event == "progress" {
            seen += 1;
            last = e.id.unwrap();
        }
    }
    drop(s);
    let mut again = b.open_stream(path, Some(last)).await;
    let events = again.collect(WAIT).await;
    assert_eq!(events[0].event, "connected");
    assert!(
        events[1..].iter().all(|e| e.id.unwrap() > last),
        "replayed old events"
    );
    let terminal: Vec<&str> = events
        .iter()
        .map(|e| e.event.as_str())
        .filter(|n| *n == "complete")
        .collect();
    assert_eq!(terminal.len(), 1);
    // Reconnecting after the end with the terminal id sends no second terminal event.
    let end_id = events.last().unwrap().id.unwrap();
    let mut after = b.open_stream(path, Some(end_id)).await;
    let tail = after.collect(Duration::from_secs(3)).await;
    assert!(tail.iter().all(|e| e.event == "connected"), "{tail:?}");
    srv.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_subscribers_all_complete_and_leave_no_subscription_behind() {
    let t = TestDb::sqlite().await;
    let streams = StreamConfig {
        max_per_client: 100,
        ..Default::default()
    };
    let srv = Server::builder(t.db.clone())
        .jobs(one_worker())
        .streams(streams)
        .start()
        .await;
    let b = srv.browser();
    let (_, created) = b.submit(&json!({"rotationId": "beast_mastery_hunter", "duration": 300, "iterations": 8000, "fightType": "patchwerk"})).await;
    let path = created["streamUrl"].as_str().unwrap().to_string();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let path = path.clone();
            let b = b.clone();
            tokio::spawn(async move { b.open_stream(&path, None).await.collect(WAIT).await })
        })
        .collect();
    for t in tasks {
        let events = t.await.unwrap();
        assert_eq!(events.last().map(|e| e.event.as_str()), Some("complete"));
    }
    // Subscribers that leave mid-run are dropped too.
    let (_, other) = b.submit(&long()).await;
    let other_path = other["streamUrl"].as_str().unwrap();
    let mut quitters = Vec::new();
    for _ in 0..10 {
        let mut s = b.open_stream(other_path, None).await;
        let first = s.next_event(WAIT).await.unwrap();
        assert_eq!(
            (s.status, first.event.as_str()),
            (200, "connected"),
            "{other} {first:?}"
        );
        quitters.push(s);
    }
    let jobs = srv.jobs();
    assert!(
        jobs.subscriber_count() >= 10,
        "subs {} channels {} streams {}",
        jobs.subscriber_count(),
        jobs.channel_count(),
        srv.state.streams.open_streams()
    );
    drop(quitters);
    let deadline = Instant::now() + Duration::from_secs(10);
    while jobs.subscriber_count() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(jobs.subscriber_count(), 0);
    assert_eq!(srv.state.streams.open_streams(), 0);
    // The finished job's channel is gone; only the running one remains.
    assert_eq!(jobs.channel_count(), 1);
    b.cancel(&common::api::job_id(&other)).await;
    assert_eq!(jobs.channel_count(), 0);
    srv.kill();
}

both_databases!(
    finished_job_streams_complete_from_the_database_after_restart,
    finished_stream_after_restart
);

async fn finished_stream_after_restart(t: TestDb) {
    let srv = Server::one_worker(t.db.clone()).await;
    let b = srv.browser();
    let (_, created) = b.submit(&small(400)).await;
    let path = created["streamUrl"].as_str().unwrap().to_string();
    let live = b.open_stream(&path, None).await.collect(WAIT).await;
    let live_complete = live.last().unwrap().clone();
    assert_eq!(live_complete.event, "complete");
    srv.kill();
    let srv2 = Server::one_worker(t.db.clone()).await;
    let b = b.at(&srv2.url);
    let t0 = Instant::now();
    let events = b.open_stream(&path, None).await.collect(WAIT).await;
    assert!(t0.elapsed() < Duration::from_secs(2));
    assert_eq!(
        events.iter().map(|e| e.event.as_str()).collect::<Vec<_>>(),
        vec!["connected", "complete"]
    );
    assert_eq!(events[1].data["stats"], live_complete.data["stats"]);
    assert_eq!(
        events[1].data["charts"]["abilities"],
        live_complete.data["charts"]["abilities"]
    );
    srv2.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queue_caps_history_pages_and_stream_limits() {
    let t = TestDb::sqlite().await;
    let jobs = JobsConfig {
        max_queued_per_owner: 3,
        max_queued_total: 10,
        ..one_worker()
    };
    let streams = StreamConfig {
        max_per_client: 2,
        heartbeat: Duration::from_millis(200),
        ..Default::default()
    };
    let srv = Server::builder(t.db.clone())
        .jobs(jobs)
        .streams(streams)
        .start()
        .await;
    let b = srv.browser();
    let (_, running) = b.submit(&long()).await;
    let running_id = common::api::job_id(&running);
    // Wait until it runs so the next three are queued.
    let mut s = b
        .open_stream(running["streamUrl"].as_str().unwrap(), None)
        .await;
    while s.next_event(WAIT).await.unwrap().event != "progress" {}
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(b.submit_ok(&long()).await);
    }
    let (status, err) = b.submit(&long()).await;
    assert_eq!(status, 429, "{err}");
    assert!(err["error"].as_str().unwrap().contains("waiting"));
    // Two streams per client: the third is refused while two are open.
    let mut a = b.stream(&ids[0], None).await;
    // A queued job's stream is quiet: heartbeat comments keep it alive.
    assert_eq!(a.next_event(WAIT).await.unwrap().event, "connected");
    assert_eq!(a.next_event(WAIT).await.unwrap().event, "queued");
    let f = a.next_frame(Duration::from_secs(5)).await.unwrap();
    assert_eq!(f.comment.as_deref(), Some("heartbeat"), "{f:?}");
    let mut c = b.stream(&ids[1], None).await;
    assert_eq!(c.status, 429);
    assert_eq!(
        c.next_event(WAIT).await.unwrap().data["code"],
        "TOO_MANY_STREAMS"
    );
    drop(s);
    // History: newest first, two per page, cursors chain through all four.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let (status, page) = b
            .get_json(&format!("/api/simulations?limit=2&cursor={cursor}"))
            .await;
        assert_eq!(status, 200, "{page}");
        for j in page["results"].as_array().unwrap() {
            seen.push(j["jobId"].as_str().unwrap().to_string());
        }
        match page["nextCursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    let mut expected = ids.clone();
    expected.reverse();
    expected.push(running_id.clone());
    assert_eq!(seen, expected);
    for id in ids.iter().chain([running_id].iter()) {
        b.cancel(id).await;
    }
    srv.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_functions_share_the_service_layer() {
    let t = TestDb::sqlite().await;
    let srv = Server::one_worker(t.db.clone()).await;
    let b = srv.browser();
    // The same validation as REST: the field is named, nothing is written.
    let bad = json!({"request": {"rotationId": "fire_mage", "duration": 5, "iterations": 10, "fightType": "patchwerk"}});
    let res = b.server_fn("/api/simulations/submit", &bad).await;
    assert_eq!(res.status(), 400);
    let text = res.text().await.unwrap();
    assert!(
        text.contains("duration") && text.contains("INVALID_REQUEST"),
        "{text}"
    );
    assert_eq!(job_count(&t.url).await, 0);
    // A good submission through the server function shows up through REST.
    let good = json!({"request": small(200)});
    let created: Value = b
        .server_fn("/api/simulations/submit", &good)
        .await
        .json()
        .await
        .unwrap();
    let id = common::api::job_id(&created);
    let events = b
        .open_stream(created["streamUrl"].as_str().unwrap(), None)
        .await
        .collect(WAIT)
        .await;
    assert_eq!(events.last().unwrap().event, "complete");
    let via_fn: Value = b
        .server_fn("/api/simulations/get", &json!({"id": id}))
        .await
        .json()
        .await
        .unwrap();
    let via_rest = b.job(&id).await;
    assert_eq!(via_fn, via_rest);
    let (_, rotations) = b.post_json("/api/rotations/list", &json!({})).await;
    assert_eq!(rotations.as_array().unwrap().len(), 4);
    srv.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_end_at_their_time_limit_with_a_retry_hint() {
    let t = TestDb::sqlite().await;
    let streams = StreamConfig {
        max_duration: Duration::from_millis(800),
        ..Default::default()
    };
    let srv = Server::builder(t.db.clone())
        .jobs(one_worker())
        .streams(streams)
        .start()
        .await;
    let b = srv.browser();
    let (_, running) = b.submit(&long()).await;
    let mut s = b
        .open_stream(running["streamUrl"].as_str().unwrap(), None)
        .await;
    let t0 = Instant::now();
    let mut last = None;
    while let Some(f) = s.next_frame(Duration::from_secs(5)).await {
        last = Some(f);
    }
    let last = last.expect("frames");
    assert!(
        last.comment
            .as_deref()
            .is_some_and(|c| c.starts_with("retry"))
            || last
                .comment
                .as_deref()
                .is_some_and(|c| c.contains("reconnect")),
        "{last:?}"
    );
    assert!(t0.elapsed() < Duration::from_secs(3));
    assert_eq!(srv.jobs().subscriber_count(), 0);
    b.cancel(&common::api::job_id(&running)).await;
    srv.kill();
}

/// `POST /api/simulations` answers `202 Accepted` with `Location` naming the job's status
/// resource, which answers that job.
#[tokio::test]
async fn accepted_submission_names_its_status_resource() {
    let t = TestDb::sqlite().await;
    let srv = Server::one_worker(t.db.clone()).await;
    let c = srv.browser();
    let res = c
        .http
        .post(c.url("/api/simulations"))
        .json(&small(100))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let created: Value = res.json().await.unwrap();
    let id = common::api::job_id(&created);
    assert_eq!(location, format!("/api/simulations/{id}"));
    let (status, job) = c.get_json(&location).await;
    assert_eq!(status, 200);
    assert_eq!(job["jobId"], id.as_str());
}
