//! Start-up and shutdown in one visible order, used by `main` and by the tests alike:
//! [`Application::build`] opens and migrates the database, seeds the built-in rotations,
//! recovers what a previous process left, starts the workers and the session cleanup, and binds
//! the listener; [`Application::run_until_stopped`] serves until the shutdown signal, then stops
//! taking jobs, ends the streams and gives running jobs their grace.

use crate::{
    api::{
        health::Started,
        stream_limits::{StreamConfig, StreamLimits},
    },
    db::{self, Db},
    jobs::{cluster::Cluster, JobManager, JobsConfig},
    ratelimit::RateLimiter,
    server::{self, AppState},
    service::Services,
    settings::{Role, Settings},
    web::client_ip::TrustProxy,
};
use rotasim_engine::Catalog;
use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

/// Why the portal could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The database could not be opened, migrated or seeded.
    #[error("cannot prepare the database: {0}")]
    Database(#[from] db::DbError),
    /// `REDIS_URL` is set but Redis does not answer.
    #[error("cannot reach Redis for the rate limit (REDIS_URL): {0}")]
    Redis(#[from] redis::RedisError),
    /// The address cannot be listened on.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Serving failed.
    #[error("server error: {0}")]
    Serve(std::io::Error),
    /// The worker's probe address is not HOST:PORT.
    #[error("invalid worker address '{0}' (ROTASIM_WORKER_ADDR): expected HOST:PORT")]
    WorkerAddr(String),
}

/// What a test (or an embedding) may supply instead of what the settings describe.
#[derive(Default)]
pub struct Overrides {
    /// An open, migrated database instead of connecting to `database-url`.
    pub db: Option<Db>,
    /// Job-manager tunables (e.g. a faster progress interval).
    pub jobs: Option<JobsConfig>,
    /// Stream settings (e.g. sub-second heartbeats).
    pub streams: Option<StreamConfig>,
    /// A rate limiter (e.g. on a hand-driven clock).
    pub limiter: Option<RateLimiter>,
}

/// A portal ready to serve: its state and a bound listener.
pub struct Application {
    state: AppState,
    listener: tokio::net::TcpListener,
    grace: Duration,
    role: Role,
}

impl Application {
    /// Builds the portal the settings describe.
    pub async fn build(settings: Settings) -> Result<Application, StartupError> {
        Application::build_with(settings, Overrides::default()).await
    }

    /// Builds the portal with some parts supplied by the caller.
    pub async fn build_with(
        settings: Settings,
        overrides: Overrides,
    ) -> Result<Application, StartupError> {
        let portal = &settings.portal;
        crate::telemetry::metrics::install();
        // 1. The database, brought up to date.
        let db = match overrides.db {
            Some(db) => db,
            None => db::connect_and_migrate(&portal.database_url).await?,
        };
        tracing::info!(database = db.backend().name(), "database ready");
        // 2. The engine's catalogue, and the built-in rotations seeded from it.
        let catalog = Arc::new(Catalog::builtin());
        let seeded = db.seed_builtin_rotations(&catalog).await?;
        tracing::info!(rotations = seeded, "built-in rotations seeded");
        // 3. The rate limiter (Redis must answer now when configured).
        let limiter = match overrides.limiter {
            Some(l) => l,
            None => RateLimiter::from_settings(portal).await?,
        };
        log_rate_limit(&limiter);
        // 4. The job manager: what a previous process left is queued again, then workers start.
        //    A web or worker process queues through PostgreSQL, shared with the others.
        let jobs_cfg = overrides.jobs.unwrap_or_else(|| JobsConfig::from(portal));
        let role = settings.role;
        let jobs = if role.is_clustered() {
            let lease = Duration::from_secs(portal.lease_secs);
            let cluster = Cluster::connect(&portal.database_url, role, lease).await?;
            tracing::info!(
                role = role.name(),
                worker_id = cluster.worker_id(),
                lease_secs = portal.lease_secs,
                "cluster member"
            );
            JobManager::clustered(db.clone(), catalog.clone(), jobs_cfg, cluster)
        } else {
            JobManager::new(db.clone(), catalog.clone(), jobs_cfg)
        };
        let recovered = jobs.recover().await?;
        if recovered != Default::default() {
            tracing::info!(
                requeued = recovered.requeued,
                rerun = recovered.rerun,
                failed = recovered.failed,
                "recovered jobs from the previous run"
            );
        }
        jobs.start();
        // 5. The database monitor (it notices the end of an outage), and expired sessions
        //    removed hourly.
        tokio::spawn(db::health::monitor(db.clone()));
        spawn_session_cleanup(&db);
        // 6. The listener (a worker's answers only the probes and the metrics).
        let addr = match role {
            Role::Worker => portal
                .worker_addr
                .parse()
                .map_err(|_| StartupError::WorkerAddr(portal.worker_addr.clone()))?,
            Role::All | Role::Web => settings.leptos.site_addr,
        };
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| StartupError::Listen { addr, source })?;
        let streams = overrides
            .streams
            .unwrap_or_else(|| StreamConfig::from(portal));
        let state = AppState {
            leptos: settings.leptos.clone(),
            services: Services {
                db,
                catalog,
                jobs,
                limiter,
            },
            streams: Arc::new(StreamLimits::new(streams)),
            secure_cookies: portal.secure_cookies,
            trust_proxy: TrustProxy(portal.trust_proxy as usize),
            started: Started(std::time::Instant::now()),
        };
        Ok(Application {
            state,
            listener,
            grace: Duration::from_secs(portal.shutdown_grace_secs),
            role,
        })
    }

    /// The address it listens on (port 0 in the settings picks a free one).
    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// The state handlers see (job counters, stream limits).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `stop` resolves, then shuts down gracefully: `/readyz` and new submissions
    /// answer 503 at once, open streams end (clients reconnect to the next process), running
    /// jobs get the grace period (then stay `running` to run again at the next start), and the
    /// database is closed.
    pub async fn run_until_stopped(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), StartupError> {
        let Application {
            state,
            listener,
            grace,
            role,
        } = self;
        tracing::info!(
            "Rotasim listening on http://{}",
            listener.local_addr().map_err(StartupError::Serve)?
        );
        let stopping = state.clone();
        let (drained_tx, drained_rx) = tokio::sync::oneshot::channel();
        let stopped = async move {
            stop.await;
            drain(&stopping, grace).await;
            let _ = drained_tx.send(());
        };
        let served = match role {
            Role::Worker => server::serve_probes(listener, state.clone(), stopped).await,
            Role::All | Role::Web => server::serve(listener, state.clone(), stopped).await,
        };
        let _ = drained_rx.await;
        state.services.db.close().await;
        served.map_err(StartupError::Serve)
    }
}

/// The shutdown sequence after the signal: stop taking jobs, end streams, wait for running jobs.
async fn drain(state: &AppState, grace: Duration) {
    let jobs = &state.services.jobs;
    jobs.stop_accepting();
    state.streams.shut_down();
    let running = jobs.running_count();
    if running > 0 {
        tracing::info!(
            jobs = running,
            grace_secs = grace.as_secs(),
            "waiting for running jobs"
        );
    }
    if !jobs.drain(grace).await {
        // Engines stop within a chunk; their jobs stay `running` and run again at the next start.
        tracing::warn!(
            jobs = jobs.running_count(),
            "grace period over: running jobs left for the next start"
        );
        jobs.interrupt_running();
        jobs.drain(Duration::from_secs(2)).await;
    }
}

fn log_rate_limit(limiter: &RateLimiter) {
    match limiter.policy() {
        Some(p) => tracing::info!(
            limit = p.limit,
            window_secs = p.window.as_secs(),
            store = limiter.store_name(),
            "submission rate limit"
        ),
        None => tracing::warn!("submission rate limit disabled (rate-limit = 0)"),
    }
}

fn spawn_session_cleanup(db: &Db) {
    let sessions = db.session_store();
    tokio::spawn(async move {
        use tower_sessions::session_store::ExpiredDeletion;
        if let Err(e) = sessions
            .continuously_delete_expired(Duration::from_secs(3600))
            .await
        {
            tracing::warn!(error = %e, "expired-session cleanup stopped");
        }
    });
}
