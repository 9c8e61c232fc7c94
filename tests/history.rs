//! The history's filters on both databases: each filter narrows to exactly the matching jobs,
//! the name search is case-insensitive and takes `%` and `_` literally, keyset pages under a
//! filter visit every match exactly once, bad filters are 400s naming the field, and every
//! filtered plan walks an index that starts with the owner.

mod common;
use common::{Client, Server, TestDb};
use rotasim::{
    db::{builtin_id, Backend, Db, JobFilter},
    model::{ErrorCode, JobRecord, JobStatus},
};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// One job as the test inserts it below the service.
struct Spec {
    id: String,
    name: &'static str,
    spec: &'static str,
    fight: &'static str,
    builtin: bool,
    status: JobStatus,
}

fn record(s: &Spec, user: &str) -> JobRecord {
    JobRecord {
        id: s.id.clone(),
        user_id: Some(user.into()),
        status: JobStatus::Queued,
        rotation_id: if s.builtin {
            builtin_id(s.spec).to_string()
        } else {
            String::new()
        },
        rotation_name: Some(s.name.into()),
        rotation_class: None,
        rotation_spec: None,
        duration: 60,
        iterations: 10,
        fight_type: s.fight.into(),
        character: None,
        config: format!(r#"{{"spec":"{}"}}"#, s.spec),
        progress_current: 0,
        progress_total: 10,
        created_at: String::new(),
        started_at: None,
        completed_at: None,
        result_id: None,
        mean_dps: None,
        error_message: None,
        error_code: None,
        attempts: 0,
        seed: 1,
        priority: 0,
        retry_of: None,
        rotation_version: None,
        spec_id: Some(s.spec.into()),
        spec_version: None,
        edited_since: false,
        rotation_deleted: false,
        variants: None,
        variant_count: 0,
    }
}

/// 30 jobs of one player with every filter's values spread over them.
fn jobs() -> Vec<Spec> {
    const NAMES: [&str; 6] = [
        "Alpha Fire",
        "alpha 100% burst",
        "1000 dps dream",
        "beta_cleave",
        "betaXcleave",
        "Gamma",
    ];
    const SPECS: [&str; 2] = ["fire_mage", "fury_warrior"];
    const FIGHTS: [&str; 3] = ["patchwerk", "aoe", "movement"];
    (0..30)
        .map(|i| Spec {
            id: format!("h{i:02}"),
            name: NAMES[i % NAMES.len()],
            spec: SPECS[i % 2],
            fight: FIGHTS[i % 3],
            builtin: i % 5 == 0,
            status: match i % 4 {
                0 => JobStatus::Cancelled,
                1 => JobStatus::Failed,
                _ => JobStatus::Queued,
            },
        })
        .collect()
}

/// Every job of the filtered history (`query` without `limit`), three a page: ids in page
/// order, each page checked for size and the whole for order and uniqueness.
async fn all_pages(b: &Client, query: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut stamps: Vec<(String, String)> = Vec::new();
    let mut cursor = String::new();
    for _ in 0..100 {
        let (status, page) = b
            .get_json(&format!("/api/simulations?limit=3&{query}{cursor}"))
            .await;
        assert_eq!(status, 200, "{query}: {page}");
        let results = page["results"].as_array().unwrap();
        assert!(results.len() <= 3);
        for j in results {
            ids.push(j["jobId"].as_str().unwrap().to_string());
            stamps.push((
                j["createdAt"].as_str().unwrap().to_string(),
                j["jobId"].as_str().unwrap().to_string(),
            ));
        }
        match page["nextCursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => {
                let unique: BTreeSet<&String> = ids.iter().collect();
                assert_eq!(
                    unique.len(),
                    ids.len(),
                    "{query}: a job seen twice: {ids:?}"
                );
                let mut sorted = stamps.clone();
                sorted.sort_by(|x, y| y.cmp(x));
                assert_eq!(stamps, sorted, "{query}: newest first, ties by id");
                return ids;
            }
        }
    }
    panic!("{query}: more than 100 pages");
}

fn set(ids: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    ids.into_iter().collect()
}

both_databases!(history_filters_narrow_and_paginate, filters);

async fn filters(t: TestDb) {
    let srv = Server::builder(t.db.clone())
        .jobs(common::one_worker())
        .settings(|p| p.rate_limit = 0)
        .start()
        .await;
    let a = srv.browser();
    // One real completed job gives the browser its profile.
    let real = a
        .submit_ok(&json!({"rotationId": "fire_mage", "duration": 30, "iterations": 3, "fightType": "patchwerk"}))
        .await;
    let done = a.wait_for_end(&real, common::WAIT).await;
    assert_eq!(done["status"], "completed", "{done}");
    let user = t.db.job(&real).await.unwrap().unwrap().user_id.unwrap();
    let specs = jobs();
    for s in &specs {
        t.db.insert_job(&record(s, &user)).await.unwrap();
        match s.status {
            JobStatus::Cancelled => assert!(t.db.cancel_job(&s.id).await.unwrap()),
            JobStatus::Failed => assert!(t
                .db
                .fail_job(&s.id, "boom", ErrorCode::ExecutionFailed)
                .await
                .unwrap()),
            _ => {}
        }
    }
    // Three jobs in January 2020 (one in the last second of the 31st), one on 1 February.
    common::raw_exec(
        &t.url,
        "UPDATE simulation_jobs SET created_at = '2020-01-10T12:00:00.000Z' WHERE id IN ('h03', 'h07')",
    )
    .await;
    common::raw_exec(
        &t.url,
        "UPDATE simulation_jobs SET created_at = '2020-01-31T23:59:59.900Z' WHERE id = 'h11'",
    )
    .await;
    common::raw_exec(
        &t.url,
        "UPDATE simulation_jobs SET created_at = '2020-02-01T00:00:00.000Z' WHERE id = 'h12'",
    )
    .await;

    // Another player with the same kinds of jobs never shows up.
    let b = srv.browser();
    let theirs = b
        .submit_ok(&json!({"rotationId": "fire_mage", "duration": 30, "iterations": 3, "fightType": "patchwerk"}))
        .await;
    b.wait_for_end(&theirs, common::WAIT).await;
    let other = t.db.job(&theirs).await.unwrap().unwrap().user_id.unwrap();
    for s in jobs().iter_mut().take(6) {
        s.id = format!("x{}", s.id);
        t.db.insert_job(&record(s, &other)).await.unwrap();
    }

    let matching =
        |keep: &dyn Fn(&Spec) -> bool| set(specs.iter().filter(|s| keep(s)).map(|s| s.id.clone()));
    let everything = all_pages(&a, "").await;
    assert_eq!(everything.len(), 31, "{everything:?}");

    let fire = builtin_id("fire_mage").to_string();
    let cases: Vec<(String, BTreeSet<String>)> = vec![
        (
            "spec=fury_warrior".into(),
            matching(&|s| s.spec == "fury_warrior"),
        ),
        ("fight=aoe".into(), matching(&|s| s.fight == "aoe")),
        (
            "status=cancelled".into(),
            matching(&|s| s.status == JobStatus::Cancelled),
        ),
        ("status=completed".into(), set([real.clone()])),
        (
            format!("rotation={fire}"),
            matching(&|s| s.builtin && s.spec == "fire_mage")
                .into_iter()
                .chain([real.clone()])
                .collect(),
        ),
        (
            "rotation=fire_mage".into(),
            matching(&|s| s.builtin && s.spec == "fire_mage")
                .into_iter()
                .chain([real.clone()])
                .collect(),
        ),
        (
            "from=2020-01-01&to=2020-01-31".into(),
            set(["h03", "h07", "h11"].map(String::from)),
        ),
        (
            "from=2020-01-11&to=2020-02-01".into(),
            set(["h11", "h12"].map(String::from)),
        ),
        // Names: a built-in's current name is what is shown and searched.
        (
            "q=ALPHA".into(),
            matching(&|s| !s.builtin && s.name.to_lowercase().contains("alpha")),
        ),
        (
            "q=100%25".into(),
            matching(&|s| !s.builtin && s.name.contains("100%")),
        ),
        (
            "q=a_c".into(),
            matching(&|s| !s.builtin && s.name.contains("a_c")),
        ),
        (
            "q=fire%20mage".into(),
            matching(&|s| s.builtin && s.spec == "fire_mage")
                .into_iter()
                .chain([real.clone()])
                .collect(),
        ),
        (
            "spec=fire_mage&status=queued&fight=patchwerk".into(),
            matching(&|s| {
                s.spec == "fire_mage" && s.status == JobStatus::Queued && s.fight == "patchwerk"
            }),
        ),
    ];
    for (query, expected) in &cases {
        assert!(
            !expected.is_empty(),
            "{query}: the case should match something"
        );
        let got = all_pages(&a, &format!("{query}&")).await;
        assert_eq!(&set(got), expected, "{query}");
        // The other player's look-alikes never appear.
        assert!(all_pages(&b, &format!("{query}&"))
            .await
            .iter()
            .all(|id| !specs.iter().any(|s| &s.id == id)));
    }
    // Taken as wildcards, `100%` would also match "1000 dps dream" and `a_c` "betaXcleave".
    assert!(!cases[9].1.contains("h02") && !cases[10].1.contains("h04"));

    // Bad filters are 400s naming each field.
    for (query, field) in [
        ("spec=frost_mage", "spec"),
        ("rotation=not-a-rotation", "rotation"),
        ("fight=raid", "fight"),
        ("status=done", "status"),
        ("from=2026-02-30", "from"),
        ("to=yesterday", "to"),
        ("from=2026-02-02&to=2026-02-01", "to"),
    ] {
        let (status, body) = a.get_json(&format!("/api/simulations?{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["code"], "INVALID_REQUEST");
        assert!(body["fields"][field].is_string(), "{query}: {body}");
    }
    let long = "x".repeat(81);
    let (status, body) = a.get_json(&format!("/api/simulations?q={long}")).await;
    assert_eq!(
        (status, body["fields"]["q"].is_string()),
        (400, true),
        "{body}"
    );

    // The server function takes the same filter.
    let res = a
        .server_fn(
            "/api/simulations/list",
            &json!({"filter": {"status": "cancelled"}, "limit": 100, "cursor": null}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let page: Value = res.json().await.unwrap();
    let got = set(page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["jobId"].as_str().unwrap().to_string()));
    assert_eq!(got, cases[2].1);
    let res = a
        .server_fn(
            "/api/simulations/list",
            &json!({"filter": {"fight": "raid"}, "limit": 5, "cursor": null}),
        )
        .await;
    assert_eq!(res.status(), 400);
}

/// Jobs of 50 players (100 each) with specs, fights, statuses and rotations spread over them,
/// written below the repository: plans depend on table size.
const BULK_SQLITE: [&str; 2] = [
    "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 50) \
     INSERT INTO user_profiles (id) SELECT printf('00000000-0000-4000-8000-%012x', n) FROM g",
    "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 5000) \
     INSERT INTO simulation_jobs (id, user_id, status, rotation_id, duration, iterations, fight_type, \
     config, progress_total, seed, created_at, spec_id, rotation_label) \
     SELECT 'g' || n, printf('00000000-0000-4000-8000-%012x', 1 + n % 50), \
     CASE n % 4 WHEN 0 THEN 'failed' WHEN 1 THEN 'cancelled' ELSE 'completed' END, \
     CASE n % 3 WHEN 0 THEN 'r' || (n % 7) ELSE '' END, 300, 1000, \
     CASE n % 3 WHEN 0 THEN 'aoe' WHEN 1 THEN 'movement' ELSE 'patchwerk' END, '{}', 1000, 1, \
     strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (n * 60) || ' seconds'), \
     CASE n % 4 WHEN 0 THEN 'fire_mage' WHEN 1 THEN 'fury_warrior' WHEN 2 THEN 'affliction_warlock' ELSE 'beast_mastery_hunter' END, \
     'Rotation ' || (n % 11) FROM g",
];
const BULK_POSTGRES: [&str; 2] = [
    "INSERT INTO user_profiles (id) SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid \
     FROM generate_series(1, 50) n",
    "INSERT INTO simulation_jobs (id, user_id, status, rotation_id, duration, iterations, fight_type, \
     config, progress_total, seed, created_at, spec_id, rotation_label) \
     SELECT 'g' || n, ('00000000-0000-4000-8000-' || lpad(to_hex(1 + n % 50), 12, '0'))::uuid, \
     CASE n % 4 WHEN 0 THEN 'failed' WHEN 1 THEN 'cancelled' ELSE 'completed' END, \
     CASE n % 3 WHEN 0 THEN 'r' || (n % 7) ELSE '' END, 300, 1000, \
     CASE n % 3 WHEN 0 THEN 'aoe' WHEN 1 THEN 'movement' ELSE 'patchwerk' END, '{}', 1000, 1, \
     NOW() - (n * 60 || ' seconds')::interval, \
     CASE n % 4 WHEN 0 THEN 'fire_mage' WHEN 1 THEN 'fury_warrior' WHEN 2 THEN 'affliction_warlock' ELSE 'beast_mastery_hunter' END, \
     'Rotation ' || (n % 11) FROM generate_series(1, 5000) n",
];

/// The filters whose plans the docs show, by name.
fn plan_cases() -> Vec<(&'static str, JobFilter, Option<&'static str>)> {
    let day = |d: &str| Some(d.to_string());
    vec![
        (
            "no filter",
            JobFilter::default(),
            Some("idx_jobs_user_created"),
        ),
        (
            "status",
            JobFilter {
                status: Some(JobStatus::Failed),
                ..Default::default()
            },
            Some("idx_jobs_user_status_created"),
        ),
        (
            "spec",
            JobFilter {
                spec_id: Some("fire_mage".into()),
                ..Default::default()
            },
            Some("idx_jobs_user_spec_created"),
        ),
        (
            "fight",
            JobFilter {
                fight_type: Some("aoe".into()),
                ..Default::default()
            },
            Some("idx_jobs_user_fight_created"),
        ),
        (
            "rotation",
            JobFilter {
                rotation_id: Some("r3".into()),
                ..Default::default()
            },
            Some("idx_jobs_user_rotation_created"),
        ),
        (
            "date range",
            JobFilter {
                created_from: day("2026-01-01T00:00:00.000Z"),
                created_until: day("2026-12-31T23:59:59.999999Z"),
                ..Default::default()
            },
            Some("idx_jobs_user_created"),
        ),
        (
            "name search",
            JobFilter {
                name_contains: Some("rotation 1".into()),
                ..Default::default()
            },
            Some("idx_jobs_user_created"),
        ),
        (
            "spec + status + search",
            JobFilter {
                spec_id: Some("fire_mage".into()),
                status: Some(JobStatus::Failed),
                name_contains: Some("rotation".into()),
                ..Default::default()
            },
            None,
        ),
    ]
}

/// The history plan of `owner` for each case, checked to read the jobs through an index that
/// starts with the owner (the expected one where it is named), on SQLite in page order.
async fn plans(db: &Db, url: &str) -> Vec<(&'static str, String)> {
    let bulk = match db.backend() {
        Backend::Sqlite => BULK_SQLITE,
        Backend::Postgres => BULK_POSTGRES,
    };
    for sql in bulk {
        common::raw_exec(url, sql).await;
    }
    common::raw_exec(url, "ANALYZE").await;
    let owner = "00000000-0000-4000-8000-000000000007";
    let mut out = Vec::new();
    for (name, filter, index) in plan_cases() {
        let plan = db.explain_history(owner, &filter).await.unwrap();
        assert!(
            plan.contains("idx_jobs_user_") && !plan.contains("Seq Scan on simulation_jobs"),
            "{name}: the jobs should be read through an owner index:\n{plan}"
        );
        // For an unfiltered owner scan PostgreSQL may take any index that starts with the owner.
        let index =
            index.filter(|i| db.backend() == Backend::Sqlite || *i != "idx_jobs_user_created");
        if let Some(index) = index {
            assert!(
                plan.contains(&format!("{index} ")),
                "{name}: expected {index}:\n{plan}"
            );
        }
        if db.backend() == Backend::Sqlite {
            // SQLite walks the index in page order and stops after one page. (PostgreSQL, at
            // 100 jobs a player, prefers a bitmap scan of the index and a top-N sort of the
            // player's few matching rows; see docs/query-plans.md.)
            assert!(
                plan.lines()
                    .next()
                    .is_some_and(|l| l.starts_with("SEARCH j USING INDEX")),
                "{name}: {plan}"
            );
            assert!(
                !plan.contains("TEMP B-TREE"),
                "{name}: no sort step:\n{plan}"
            );
        }
        out.push((name, plan));
    }
    out
}

both_databases!(
    filtered_history_plans_use_owner_indexes,
    plans_test,
    current_thread
);

async fn plans_test(t: TestDb) {
    for (name, plan) in plans(&t.db, &t.url).await {
        println!("--- {:?}: {name}\n{plan}", t.backend);
    }
}
