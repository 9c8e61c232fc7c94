//! The PostgreSQL job queue of worker processes (`rotasim::jobs::cluster::PgQueue`): claim
//! order, concurrent claims, leases, the reaper, release, caps and positions, and completion
//! only under one's own claim. On a fresh PostgreSQL database per test (skipped when
//! `ROTASIM_TEST_POSTGRES_URL` is unset, a failure under `CI=true`).

mod common;

use common::TestDb;
use rotasim::{
    db::NewResult,
    jobs::cluster::{PgQueue, WORKER_LOST_MESSAGE},
    model::{ErrorCode, JobRecord, JobStatus},
};
use std::{collections::HashSet, time::Duration};

/// Inserts a queued job `id` of `user` with `priority`, created `age_secs` ago.
async fn queued(pool: &sqlx::PgPool, id: &str, user: Option<&str>, priority: i32, age_secs: f64) {
    sqlx::query(
        "INSERT INTO simulation_jobs (id, user_id, status, rotation_id, duration, iterations, \
         fight_type, config, progress_total, seed, priority, created_at) \
         VALUES ($1, $2::uuid, 'queued', 'fury_warrior', 60, 100, 'patchwerk', '{}'::jsonb, 100, 1, \
         $3, NOW() - make_interval(secs => $4))",
    )
    .bind(id)
    .bind(user)
    .bind(priority)
    .bind(age_secs)
    .execute(pool)
    .await
    .unwrap();
}

async fn setup() -> Option<(TestDb, sqlx::PgPool, PgQueue)> {
    let t = TestDb::postgres().await?;
    let pool = sqlx::PgPool::connect(&t.url).await.unwrap();
    let queue = PgQueue::new(pool.clone(), Duration::from_secs(30));
    Some((t, pool, queue))
}

fn id(r: Option<JobRecord>) -> String {
    r.expect("a job").id
}

/// (status, attempts, worker_id, lease in the future) of a job.
async fn row(pool: &sqlx::PgPool, id: &str) -> (String, i32, Option<String>, Option<bool>) {
    sqlx::query_as(
        "SELECT status, attempts, worker_id, lease_until > NOW() FROM simulation_jobs WHERE id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await
    .unwrap()
}

async fn expire(pool: &sqlx::PgPool, id: &str) {
    sqlx::query(
        "UPDATE simulation_jobs SET lease_until = NOW() - INTERVAL '1 second' WHERE id = $1",
    )
    .bind(id)
    .execute(pool)
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claims_go_by_priority_then_age_under_a_lease() {
    let Some((_t, pool, queue)) = setup().await else {
        return;
    };
    assert!(queue.claim("w1").await.unwrap().is_none(), "empty queue");
    queued(&pool, "young", None, 0, 1.0).await;
    queued(&pool, "old", None, 0, 10.0).await;
    queued(&pool, "urgent", None, 5, 0.0).await;
    let first = queue.claim("w1").await.unwrap().expect("a job");
    assert_eq!(first.id, "urgent");
    assert_eq!((first.status, first.attempts), (JobStatus::Running, 1));
    assert_eq!(id(queue.claim("w2").await.unwrap()), "old");
    assert_eq!(id(queue.claim("w1").await.unwrap()), "young");
    assert!(queue.claim("w1").await.unwrap().is_none());
    let (status, attempts, worker, leased) = row(&pool, "old").await;
    assert_eq!((status.as_str(), attempts), ("running", 1));
    assert_eq!((worker.as_deref(), leased), (Some("w2"), Some(true)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_claimers_take_each_job_once() {
    let Some((_t, pool, queue)) = setup().await else {
        return;
    };
    for i in 0..60 {
        queued(&pool, &format!("j{i:02}"), None, 0, 100.0 - i as f64).await;
    }
    let mut tasks = Vec::new();
    for w in 0..4 {
        let q = queue.clone();
        tasks.push(tokio::spawn(async move {
            let mut got = Vec::new();
            while let Some(job) = q.claim(&format!("w{w}")).await.unwrap() {
                got.push(job.id);
            }
            got
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let distinct: HashSet<&String> = all.iter().collect();
    assert_eq!((all.len(), distinct.len()), (60, 60), "every job once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leases_are_renewed_by_their_holder_only_and_expired_ones_are_reaped() {
    let Some((t, pool, queue)) = setup().await else {
        return;
    };
    for (i, name) in ["a", "b", "c"].iter().enumerate() {
        queued(&pool, name, None, 0, 10.0 - i as f64).await;
        queue.claim("w1").await.unwrap().expect("claimed");
    }
    assert!(queue.renew("a", "w1").await.unwrap());
    assert!(!queue.renew("a", "w2").await.unwrap(), "not w2's claim");
    // Nothing has expired: the reaper leaves running jobs alone.
    assert_eq!(queue.reap(3).await.unwrap(), Default::default());

    // `a` expires with attempts left, `b` on its last attempt; `c` is still leased.
    expire(&pool, "a").await;
    sqlx::query("UPDATE simulation_jobs SET attempts = 3 WHERE id = 'b'")
        .execute(&pool)
        .await
        .unwrap();
    expire(&pool, "b").await;
    let reaped = queue.reap(3).await.unwrap();
    assert_eq!(reaped.requeued, vec!["a".to_string()]);
    assert_eq!(reaped.failed, vec!["b".to_string()]);
    assert_eq!(queue.reap(3).await.unwrap(), Default::default(), "once");
    let (status, attempts, worker, _) = row(&pool, "a").await;
    assert_eq!((status.as_str(), attempts, worker), ("queued", 1, None));
    let b = t.db.job("b").await.unwrap().unwrap();
    assert_eq!(b.status, JobStatus::Failed);
    assert_eq!(b.error_code, Some(ErrorCode::WorkerLost));
    assert_eq!(b.error_message.as_deref(), Some(WORKER_LOST_MESSAGE));
    assert_eq!(row(&pool, "c").await.0, "running");

    // The old holder lost `a`: it can neither renew it nor complete it; the next one can.
    assert!(!queue.renew("a", "w1").await.unwrap());
    let again = queue.claim("w2").await.unwrap().expect("a runs again");
    assert_eq!((again.id.as_str(), again.attempts), ("a", 2));
    let result = |rid: &str| NewResult {
        id: rid.into(),
        rotation_id: None,
        user_id: None,
        duration: 60,
        iterations: 100,
        fight_type: "patchwerk".into(),
        scenario: "{}".into(),
        gear_set: "{}".into(),
        sim_version: "test".into(),
        mean_dps: 1.0,
        min_dps: 1.0,
        max_dps: 1.0,
        std_dev: 0.0,
        stat_weights: None,
        timeline: "{}".into(),
        charts: "{}".into(),
        report: "{}".into(),
        batch: None,
    };
    let stale = uuid::Uuid::new_v4().to_string();
    assert!(!t
        .db
        .complete_job_as("a", &result(&stale), Some("w1"))
        .await
        .unwrap());
    let fresh = uuid::Uuid::new_v4().to_string();
    assert!(t
        .db
        .complete_job_as("a", &result(&fresh), Some("w2"))
        .await
        .unwrap());
    assert_eq!(common::count_rows(&t.url, "rotation_sim_results").await, 1);

    // A worker shutting down gives its job back without counting the attempt.
    assert!(!queue.release("c", "w2").await.unwrap(), "not w2's");
    assert!(queue.release("c", "w1").await.unwrap());
    let (status, attempts, worker, _) = row(&pool, "c").await;
    assert_eq!((status.as_str(), attempts, worker), ("queued", 0, None));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn caps_and_positions_are_counted_in_the_database() {
    let Some((t, pool, queue)) = setup().await else {
        return;
    };
    let alice = t.db.create_user().await.unwrap();
    let bob = t.db.create_user().await.unwrap();
    queued(&pool, "a1", Some(&alice), 0, 30.0).await;
    queued(&pool, "b1", Some(&bob), 0, 20.0).await;
    queued(&pool, "a2", Some(&alice), 0, 10.0).await;
    queued(&pool, "b2", Some(&bob), 1, 0.0).await;
    assert_eq!(queue.queued_counts(Some(&alice)).await.unwrap(), (2, 4));
    assert_eq!(
        queue.queued_counts(Some("ip:1.2.3.4")).await.unwrap(),
        (0, 4)
    );
    let ids: Vec<String> = ["a1", "a2", "b2", "nope"].map(String::from).to_vec();
    let mut pos = queue.positions(&ids).await.unwrap();
    pos.sort();
    assert_eq!(
        pos,
        vec![
            ("a1".into(), 2, 0),
            ("a2".into(), 4, 0),
            ("b2".into(), 1, 0)
        ]
    );
    assert_eq!(id(queue.claim("w").await.unwrap()), "b2");
    let pos = queue.positions(&["a2".to_string()]).await.unwrap();
    assert_eq!(pos, vec![("a2".into(), 3, 0)]);
    assert_eq!(queue.queued_counts(Some(&bob)).await.unwrap(), (1, 3));
}
