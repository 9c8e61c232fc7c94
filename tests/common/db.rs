//! Test databases: a fresh SQLite file or a fresh PostgreSQL database per test, and
//! [`both_databases!`](crate::both_databases), the one way to run a test on both.

use rotasim::db::{Backend, Db};

/// A fresh, migrated database for one test.
pub struct TestDb {
    /// Its URL (for a second connection, a real server process, or raw SQL).
    pub url: String,
    /// An open connection pool.
    pub db: Db,
    /// The engine it runs on.
    pub backend: Backend,
    /// The SQLite file's directory, removed when the test ends.
    pub _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// A new SQLite file in a temporary directory.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = sqlite_url(&dir);
        TestDb {
            db: rotasim::db::connect_and_migrate(&url)
                .await
                .expect("migrate SQLite"),
            url,
            backend: Backend::Sqlite,
            _dir: Some(dir),
        }
    }

    /// A new database on the test PostgreSQL server, `None` (skipped) when none is configured
    /// outside CI (see [`postgres_admin_url`]).
    pub async fn postgres() -> Option<TestDb> {
        let admin = postgres_admin_url()?;
        let url = fresh_postgres_url(&admin).await;
        Some(TestDb {
            db: rotasim::db::connect_and_migrate(&url)
                .await
                .expect("migrate PostgreSQL"),
            url,
            backend: Backend::Postgres,
            _dir: None,
        })
    }

    /// A second, independent pool on the same database (as a restarted server opens).
    pub async fn reconnect(&self) -> Db {
        rotasim::db::connect_and_migrate(&self.url)
            .await
            .expect("reconnect")
    }
}

/// Runs an `async fn(TestDb)` of the enclosing module once on SQLite and once on PostgreSQL:
/// `both_databases!(name, body)` makes the tests `name::sqlite` and `name::postgres`
/// (multi-thread runtime with two workers; `both_databases!(name, body, current_thread)` for
/// tests that run on one thread). The PostgreSQL half prints SKIPPED when no server is
/// configured, and fails under `CI=true`.
#[macro_export]
macro_rules! both_databases {
    ($name:ident, $body:ident) => {
        $crate::both_databases!(@tests $name, $body, flavor = "multi_thread", worker_threads = 2);
    };
    ($name:ident, $body:ident, current_thread) => {
        $crate::both_databases!(@tests $name, $body, flavor = "current_thread");
    };
    (@tests $name:ident, $body:ident, $($flavor:tt)*) => {
        mod $name {
            #[tokio::test($($flavor)*)]
            async fn sqlite() {
                super::$body($crate::common::TestDb::sqlite().await).await;
            }

            #[tokio::test($($flavor)*)]
            async fn postgres() {
                let Some(db) = $crate::common::TestDb::postgres().await else {
                    return;
                };
                super::$body(db).await;
            }
        }
    };
}

/// The PostgreSQL server for tests: `ROTASIM_TEST_POSTGRES_URL`, or `None` (skipped) outside CI.
/// Under `CI=true` a missing PostgreSQL is a failure, never a silent skip.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var("ROTASIM_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but ROTASIM_TEST_POSTGRES_URL is not set: the PostgreSQL half must run in CI")
        }
        _ => {
            eprintln!("SKIPPED the PostgreSQL half: ROTASIM_TEST_POSTGRES_URL is not set");
            None
        }
    }
}

/// A new, empty PostgreSQL database for one test (dropped by nobody: names are unique per run).
pub async fn fresh_postgres_url(admin_url: &str) -> String {
    use sqlx::Connection;
    let name = super::unique("rotasim_t_");
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("connect to the test PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let (base, _) = admin_url.rsplit_once('/').expect("url has a database");
    format!("{base}/{name}")
}

/// A fresh SQLite file URL inside `dir`.
pub fn sqlite_url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}/rotasim.db", dir.path().display())
}
