//! Migrations and readiness on both databases (SQLite always; PostgreSQL when configured).

mod common;
use common::{Server, TestDb};
use rotasim::db::Backend;

both_databases!(
    migrations_apply_once_and_create_the_schema,
    migrations,
    current_thread
);

async fn migrations(t: TestDb) {
    check_migrations(&t.url, t.backend).await;
}

async fn check_migrations(url: &str, backend: Backend) {
    let db = rotasim::db::connect_and_migrate(url)
        .await
        .expect("migrate");
    assert_eq!(db.backend(), backend);
    let applied = db.applied_migrations().await.unwrap();
    assert!(applied >= 1, "no migrations applied");
    // Running again is a no-op, not an error.
    db.migrate().await.expect("second migrate");
    assert_eq!(db.applied_migrations().await.unwrap(), applied);
    // The schema is really there: a rotation can be written and read back.
    let insert = "INSERT INTO rotations (id, slug, name, class, spec, spec_id, apl) VALUES ($1, 'fire-default', 'Fire', 'Mage', 'Fire', 'fire', 'actions=fireball')";
    let id = "0e5a1c5e-8f1a-4d2b-9a51-3a7e0b7a0c11";
    let count: i64 = match common::raw(url).await {
        common::Raw::Sqlite(p) => {
            sqlx::query(insert).bind(id).execute(&p).await.unwrap();
            sqlx::query_scalar("SELECT COUNT(*) FROM rotations")
                .fetch_one(&p)
                .await
                .unwrap()
        }
        common::Raw::Postgres(p) => {
            sqlx::query(insert)
                .bind(uuid_value(id))
                .execute(&p)
                .await
                .unwrap();
            sqlx::query_scalar("SELECT COUNT(*) FROM rotations")
                .fetch_one(&p)
                .await
                .unwrap()
        }
    };
    assert_eq!(count, 1);
    db.ping().await.unwrap();
}

fn uuid_value(s: &str) -> sqlx::types::Uuid {
    s.parse().unwrap()
}

#[tokio::test]
async fn sqlite_migrates_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    // A nested directory that does not exist yet is created.
    let url = format!("sqlite://{}/nested/data/rotasim.db", dir.path().display());
    check_migrations(&url, Backend::Sqlite).await;
    let common::Raw::Sqlite(pool) = &common::raw(&url).await else {
        unreachable!()
    };
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(fk, 1);
    let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(pool)
        .await
        .unwrap();
    assert!(busy >= 1000, "busy timeout {busy}");
    // Foreign keys are enforced.
    let bad = sqlx::query(
        "INSERT INTO rotations (id, slug, name, class, spec, spec_id, apl, owner_id) VALUES ('x', 'y', 'n', 'c', 's', 'i', 'a', 'nobody')",
    )
    .execute(pool)
    .await;
    assert!(
        bad.is_err(),
        "a rotation owned by a missing user was accepted"
    );
}

#[tokio::test]
async fn unsupported_url_is_a_clear_error() {
    let err = rotasim::db::connect("mysql://x/y")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("DATABASE_URL") && err.contains("mysql://x/y"),
        "{err}"
    );
}

both_databases!(readiness_follows_the_database, readiness, current_thread);

async fn readiness(t: TestDb) {
    let db = t.db.clone();
    let srv = Server::start(db.clone()).await;
    let client = reqwest::Client::new();
    let health = client
        .get(format!("{}/healthz", srv.url))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let ready = client
        .get(format!("{}/readyz", srv.url))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["database"], db.backend().name());
    // When the database stops answering, readiness says so and liveness does not care.
    db.close().await;
    let ready = client
        .get(format!("{}/readyz", srv.url))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 503);
    let health = client
        .get(format!("{}/healthz", srv.url))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    srv.kill();
}
