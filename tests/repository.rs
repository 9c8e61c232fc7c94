//! One conformance suite for the [`Repository`] trait, run against SQLite and PostgreSQL: the
//! same calls must give the same answers on both.

mod common;
use common::TestDb;
use rotasim::{
    db::{Backend, Db, JobFilter, NewResult},
    model::{ErrorCode, JobRecord, JobStatus},
};

fn job(id: &str, user: &str, rotation: &str) -> JobRecord {
    JobRecord {
        id: id.into(),
        user_id: Some(user.into()),
        status: JobStatus::Queued,
        rotation_id: rotation.into(),
        rotation_name: None,
        rotation_class: None,
        rotation_spec: None,
        duration: 300,
        iterations: 1000,
        fight_type: "patchwerk".into(),
        character: Some(r#"{"intellect":1000}"#.into()),
        config: r#"{"spec":"fire_mage"}"#.into(),
        progress_current: 0,
        progress_total: 1000,
        created_at: String::new(),
        started_at: None,
        completed_at: None,
        result_id: None,
        mean_dps: None,
        error_message: None,
        error_code: None,
        attempts: 0,
        seed: 42,
        priority: 0,
        retry_of: None,
        rotation_version: None,
        spec_id: Some("fire_mage".into()),
        spec_version: None,
        edited_since: false,
        rotation_deleted: false,
        variants: None,
        variant_count: 0,
    }
}

fn result(id: &str, user: &str, rotation: &str, mean: f64) -> NewResult {
    NewResult {
        id: id.into(),
        rotation_id: Some(rotation.into()),
        user_id: Some(user.into()),
        duration: 300,
        iterations: 1000,
        fight_type: "patchwerk".into(),
        scenario: r#"{"targets":1}"#.into(),
        gear_set: r#"{"intellect":1000}"#.into(),
        sim_version: "test".into(),
        mean_dps: mean,
        min_dps: mean - 10.0,
        max_dps: mean + 10.0,
        std_dev: 3.0,
        stat_weights: None,
        timeline: r#"{"dps":[1,2]}"#.into(),
        charts: r#"{"histogram":{}}"#.into(),
        report: format!(r#"{{"stats":{{"meanDps":{mean}}}}}"#),
        batch: None,
    }
}

async fn users_and_rotations(db: &Db) {
    let a = db.create_user().await.unwrap();
    let b = db.create_user().await.unwrap();
    assert_ne!(a, b);
    assert!(uuid::Uuid::parse_str(&a).is_ok(), "{a}");
    assert!(db.touch_user(&a).await.unwrap());
    assert!(!db
        .touch_user(&uuid::Uuid::new_v4().to_string())
        .await
        .unwrap());

    let catalog = rotasim_engine::Catalog::builtin();
    let n = catalog.specs().count();
    assert_eq!(db.seed_builtin_rotations(&catalog).await.unwrap(), n);
    assert_eq!(db.seed_builtin_rotations(&catalog).await.unwrap(), n);
    let list = db.list_rotations(None, None).await.unwrap();
    assert_eq!(list.len(), n, "seeding twice does not duplicate");
    let fire = db.find_rotation("fire_mage", None).await.unwrap().unwrap();
    assert_eq!(fire.id, rotasim::db::builtin_id("fire_mage").to_string());
    assert_eq!(db.find_rotation(&fire.id, None).await.unwrap(), Some(fire));
    assert!(db.find_rotation("nope", None).await.unwrap().is_none());
    assert!(db
        .find_rotation(&uuid::Uuid::new_v4().to_string(), None)
        .await
        .unwrap()
        .is_none());
}

async fn job_lifecycle(db: &Db, url: &str) {
    let catalog = rotasim_engine::Catalog::builtin();
    db.seed_builtin_rotations(&catalog).await.unwrap();
    let rot = rotasim::db::builtin_id("fire_mage").to_string();
    let alice = db.create_user().await.unwrap();
    let bob = db.create_user().await.unwrap();

    db.insert_job(&job("j1", &alice, &rot)).await.unwrap();
    let row = db.job("j1").await.unwrap().unwrap();
    assert_eq!(
        (row.status.as_str(), row.attempts, row.progress_current),
        ("queued", 0, 0)
    );
    assert_eq!(row.rotation_name.as_deref(), Some("Fire Mage — Default"));
    assert_eq!(row.rotation_class.as_deref(), Some("Mage"));
    assert_eq!(row.rotation_spec.as_deref(), Some("Fire"));
    assert_eq!(row.user_id.as_deref(), Some(alice.as_str()));
    assert_eq!(row.seed, 42);
    assert!(row.created_at.ends_with('Z'), "{}", row.created_at);

    // queued → running counts an attempt; only once.
    assert!(db.mark_running("j1").await.unwrap());
    assert!(!db.mark_running("j1").await.unwrap());
    db.update_progress("j1", 400).await.unwrap();
    let row = db.job("j1").await.unwrap().unwrap();
    assert_eq!(
        (row.status.as_str(), row.attempts, row.progress_current),
        ("running", 1, 400)
    );
    assert!(row.started_at.is_some());

    // An interrupted job goes back to the queue and its next start is attempt 2.
    assert!(db.requeue_job("j1").await.unwrap());
    assert!(!db.requeue_job("j1").await.unwrap(), "only running jobs");
    let row = db.job("j1").await.unwrap().unwrap();
    assert_eq!((row.status.as_str(), row.progress_current), ("queued", 0));
    assert!(db.mark_running("j1").await.unwrap());
    assert_eq!(db.job("j1").await.unwrap().unwrap().attempts, 2);

    // Completion stores the result and the state together, once.
    let rid = uuid::Uuid::new_v4().to_string();
    assert!(db
        .complete_job("j1", &result(&rid, &alice, &rot, 1234.5))
        .await
        .unwrap());
    let again = uuid::Uuid::new_v4().to_string();
    assert!(!db
        .complete_job("j1", &result(&again, &alice, &rot, 1.0))
        .await
        .unwrap());
    assert_eq!(common::count_rows(url, "rotation_sim_results").await, 1);
    let row = db.job("j1").await.unwrap().unwrap();
    assert_eq!(row.status, JobStatus::Completed);
    assert_eq!(row.result_id.as_deref(), Some(rid.as_str()));
    assert_eq!(row.mean_dps, Some(1234.5));
    assert_eq!(row.progress_current, 1000);
    assert!(row.completed_at.is_some());
    // Finished jobs cannot be failed, cancelled or re-queued.
    assert!(!db.fail_job("j1", "x", ErrorCode::Failed).await.unwrap());
    assert!(!db.cancel_job("j1").await.unwrap());
    assert!(!db.requeue_job("j1").await.unwrap());

    // Reports are JSON on both databases and only their owner reads them.
    let report = db.result_report(&rid, &alice).await.unwrap().unwrap();
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(v["stats"]["meanDps"], 1234.5);
    assert!(db.result_report(&rid, &bob).await.unwrap().is_none());
    assert!(db
        .result_report(&rid, "not-a-uuid")
        .await
        .unwrap()
        .is_none());
    assert!(db.result_report("nope", &alice).await.unwrap().is_none());

    // Owner scoping: someone else's job is indistinguishable from a missing one.
    assert!(db.owned_job("j1", &alice).await.unwrap().is_some());
    assert!(db.owned_job("j1", &bob).await.unwrap().is_none());
    assert!(db.owned_job("j1", "garbage").await.unwrap().is_none());
    assert!(db.owned_job("nope", &alice).await.unwrap().is_none());

    // Failing and cancelling.
    db.insert_job(&job("j2", &alice, &rot)).await.unwrap();
    assert!(db.cancel_job("j2").await.unwrap());
    assert!(!db.cancel_job("j2").await.unwrap());
    db.insert_job(&job("j3", &alice, &rot)).await.unwrap();
    db.mark_running("j3").await.unwrap();
    assert!(db
        .fail_job("j3", "boom", ErrorCode::ExecutionFailed)
        .await
        .unwrap());
    let row = db.job("j3").await.unwrap().unwrap();
    assert_eq!(
        (
            row.status.as_str(),
            row.error_message.as_deref(),
            row.error_code.map(ErrorCode::as_str)
        ),
        ("failed", Some("boom"), Some("EXECUTION_FAILED"))
    );
    // A retry remembers what it retries.
    let mut retry = job("j4", &alice, &rot);
    retry.retry_of = Some("j3".into());
    db.insert_job(&retry).await.unwrap();
    assert_eq!(
        db.job("j4").await.unwrap().unwrap().retry_of.as_deref(),
        Some("j3")
    );

    // Unfinished jobs, oldest first: j4 queued; j5 running.
    db.insert_job(&job("j5", &bob, &rot)).await.unwrap();
    db.mark_running("j5").await.unwrap();
    let unfinished: Vec<String> = db
        .unfinished_jobs()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(unfinished, ["j4", "j5"]);

    // A job for a user that does not exist is refused by the foreign key.
    let ghost = uuid::Uuid::new_v4().to_string();
    assert!(db.insert_job(&job("j6", &ghost, &rot)).await.is_err());
    assert!(db.job("j6").await.unwrap().is_none());
}

async fn history_pages(db: &Db) {
    let catalog = rotasim_engine::Catalog::builtin();
    db.seed_builtin_rotations(&catalog).await.unwrap();
    let rot = rotasim::db::builtin_id("fury_warrior").to_string();
    let alice = db.create_user().await.unwrap();
    let bob = db.create_user().await.unwrap();
    // Many jobs inserted quickly share timestamps: pages must still be exact.
    for i in 0..23 {
        db.insert_job(&job(&format!("a{i:02}"), &alice, &rot))
            .await
            .unwrap();
        db.insert_job(&job(&format!("b{i:02}"), &bob, &rot))
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut cursor: Option<(String, String)> = None;
    loop {
        let page = db
            .list_jobs(
                &alice,
                &JobFilter::default(),
                5,
                cursor.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
            )
            .await
            .unwrap();
        assert!(page.len() <= 5);
        if page.is_empty() {
            break;
        }
        let last = page.last().unwrap();
        cursor = Some((last.created_at.clone(), last.id.clone()));
        seen.extend(page.into_iter().map(|r| (r.created_at, r.id)));
    }
    assert_eq!(seen.len(), 23, "every job exactly once: {seen:?}");
    assert!(
        seen.iter().all(|(_, id)| id.starts_with('a')),
        "only Alice's"
    );
    let mut sorted = seen.clone();
    sorted.sort_by(|x, y| y.cmp(x));
    assert_eq!(seen, sorted, "newest first, ties by id");
    assert!(db
        .list_jobs("not-a-uuid", &JobFilter::default(), 5, None)
        .await
        .unwrap()
        .is_empty());
    let stranger = db.create_user().await.unwrap();
    assert!(db
        .list_jobs(&stranger, &JobFilter::default(), 5, None)
        .await
        .unwrap()
        .is_empty());
}

/// 1 000 users with 50 jobs each, written in bulk below the repository: the planner's choice
/// depends on table size, so the plan is checked at a realistic size.
const BULK_SQLITE: [&str; 2] = [
    "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 1000) \
     INSERT INTO user_profiles (id) SELECT printf('00000000-0000-4000-8000-%012x', n) FROM g",
    "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 50000) \
     INSERT INTO simulation_jobs (id, user_id, status, rotation_id, duration, iterations, fight_type, \
     config, progress_total, seed, created_at) \
     SELECT 'g' || n, printf('00000000-0000-4000-8000-%012x', 1 + n % 1000), 'completed', 'x', 300, \
     1000, 'patchwerk', '{}', 1000, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || n || ' seconds') FROM g",
];
const BULK_POSTGRES: [&str; 2] = [
    "INSERT INTO user_profiles (id) SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid \
     FROM generate_series(1, 1000) n",
    "INSERT INTO simulation_jobs (id, user_id, status, rotation_id, duration, iterations, fight_type, \
     config, progress_total, seed, created_at) \
     SELECT 'g' || n, ('00000000-0000-4000-8000-' || lpad(to_hex(1 + n % 1000), 12, '0'))::uuid, \
     'completed', 'x', 300, 1000, 'patchwerk', '{}', 1000, 1, NOW() - (n || ' seconds')::interval \
     FROM generate_series(1, 50000) n",
];

async fn history_uses_the_owner_index(db: &Db, url: &str) {
    let bulk = match db.backend() {
        Backend::Sqlite => BULK_SQLITE,
        Backend::Postgres => BULK_POSTGRES,
    };
    for sql in bulk {
        common::raw_exec(url, sql).await;
    }
    common::raw_exec(url, "ANALYZE").await;
    let user = "00000000-0000-4000-8000-000000000007";
    assert_eq!(
        db.list_jobs(user, &JobFilter::default(), 100, None)
            .await
            .unwrap()
            .len(),
        50
    );
    let plan = db
        .explain_history(user, &JobFilter::default())
        .await
        .unwrap();
    println!("{:?} history plan:\n{plan}", db.backend());
    assert!(
        plan.contains("idx_jobs_user_created"),
        "the history query should use the (user_id, created_at, id) index:\n{plan}"
    );
    // The index is walked in order and the page stops at its limit: no sort step.
    assert!(
        !plan.contains("TEMP B-TREE") && !plan.contains("Sort"),
        "{plan}"
    );
}

both_databases!(repository_conforms, conformance, current_thread);

async fn conformance(t: TestDb) {
    let (db, url) = (&t.db, t.url.as_str());
    assert_eq!(db.backend(), t.backend);
    users_and_rotations(db).await;
    job_lifecycle(db, url).await;
    history_pages(db).await;
    history_uses_the_owner_index(db, url).await;
}
