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
    /// The PostgreSQL database, dropped when the test ends.
    pub _pg: Option<PgDatabase>,
}

/// A test's PostgreSQL database, dropped (with whatever still holds connections to it) when
/// this is dropped.
pub struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (admin, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs inside the test's runtime, which cannot be blocked on: a thread of its own.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                use sqlx::Connection;
                let mut conn = sqlx::PgConnection::connect(&admin).await?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await
                    .map(|_| ())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop the test database {}", self.name);
        }
    }
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
            _pg: None,
        }
    }

    /// A new database on the test PostgreSQL server, `None` (skipped) when none is configured
    /// outside CI (see [`postgres_admin_url`]).
    pub async fn postgres() -> Option<TestDb> {
        let admin = postgres_admin_url()?;
        let (url, pg) = fresh_postgres_url(&admin).await;
        Some(TestDb {
            db: rotasim::db::connect_and_migrate(&url)
                .await
                .expect("migrate PostgreSQL"),
            url,
            backend: Backend::Postgres,
            _dir: None,
            _pg: Some(pg),
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

/// Test databases are named `rotasim_t_…`; one older than this with no connection is left
/// over from an interrupted run (a run's own live for minutes, and hold connections).
const STALE_AFTER_SECS: i64 = 3600;

/// A new, empty PostgreSQL database for one test: its URL, and the guard that drops it. The
/// first call of a test process also drops stale test databases of interrupted runs.
pub async fn fresh_postgres_url(admin_url: &str) -> (String, PgDatabase) {
    use sqlx::Connection;
    static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    let name = super::unique("rotasim_t_");
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("connect to the test PostgreSQL");
    SWEPT
        .get_or_init(|| async {
            drop_stale(admin_url).await;
        })
        .await;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let (base, _) = admin_url.rsplit_once('/').expect("url has a database");
    let guard = PgDatabase {
        admin_url: admin_url.to_string(),
        name: name.clone(),
    };
    (format!("{base}/{name}"), guard)
}

/// Drops the test databases left by interrupted runs: named `rotasim_t_…`, created more than
/// [`STALE_AFTER_SECS`] ago (the age of the database's directory), with no connection. Those
/// of runs going on now (on other checkouts too) are left alone.
async fn drop_stale(admin_url: &str) {
    use sqlx::Connection;
    let Ok(mut conn) = sqlx::PgConnection::connect(admin_url).await else {
        return;
    };
    let stale: Vec<(String,)> = sqlx::query_as(
        "SELECT d.datname::text FROM pg_database d \
         WHERE d.datname LIKE 'rotasim\\_t\\_%' \
           AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datid = d.oid) \
           AND (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification \
               < now() - make_interval(secs => $1)",
    )
    .bind(STALE_AFTER_SECS as f64)
    .fetch_all(&mut conn)
    .await
    .unwrap_or_default();
    for (name,) in stale {
        // Not FORCE: a database someone connected to meanwhile stays.
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\""))
            .execute(&mut conn)
            .await;
    }
}

/// A fresh SQLite file URL inside `dir`.
pub fn sqlite_url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}/rotasim.db", dir.path().display())
}
