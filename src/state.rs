//! Shared server state handed to handlers and server functions.

use crate::{
    db::{Db, DbError},
    jobs::{JobManager, JobsConfig},
};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use rotasim_engine::Catalog;
use std::sync::Arc;

/// Everything a request may need; cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Leptos' options (site root etc.).
    pub leptos: LeptosOptions,
    /// The database pool.
    pub db: Db,
    /// The engine's specs.
    pub catalog: Arc<Catalog>,
    /// The job manager.
    pub jobs: JobManager,
    /// Streaming limits.
    pub streams: Arc<crate::api::stream::StreamLimits>,
    /// Mark the session cookie `Secure` (HTTPS deployments).
    pub secure_cookies: bool,
    /// The job-submission rate limit (in-process, or shared through Redis).
    pub limiter: crate::ratelimit::RateLimiter,
    /// Trusted reverse proxies in front of the portal (see [`crate::api::client_ip`]).
    pub trust_proxy: usize,
    /// When this process started (uptime in `/healthz`).
    pub started: std::time::Instant,
}

impl AppState {
    /// State over a migrated database, with the default in-process rate limit: installs the
    /// metrics recorder, seeds the built-in rotations from the engine catalogue,
    /// recovers the jobs a previous process left unfinished, starts the job workers and the
    /// expired-session cleanup.
    pub async fn new(
        leptos: LeptosOptions,
        db: Db,
        jobs: JobsConfig,
        streams: crate::api::stream::StreamConfig,
    ) -> Result<AppState, DbError> {
        crate::telemetry::metrics::install();
        let catalog = Arc::new(Catalog::builtin());
        let seeded = db.seed_builtin_rotations(&catalog).await?;
        tracing::info!(rotations = seeded, "built-in rotations seeded");
        let state = AppState {
            jobs: JobManager::new(db.clone(), jobs),
            leptos,
            db,
            catalog,
            streams: Arc::new(crate::api::stream::StreamLimits::new(streams)),
            secure_cookies: false,
            limiter: crate::ratelimit::RateLimiter::in_process(Some(Default::default())),
            trust_proxy: 0,
            started: std::time::Instant::now(),
        };
        let recovered = state
            .jobs
            .recover(|row| crate::service::simulations::request_from_row(&state, row))
            .await?;
        if recovered != Default::default() {
            tracing::info!(
                requeued = recovered.requeued,
                rerun = recovered.rerun,
                failed = recovered.failed,
                "recovered jobs from the previous run"
            );
        }
        state.jobs.start();
        // Expired sessions are removed hourly.
        let sessions = state.db.session_store();
        tokio::spawn(async move {
            use tower_sessions::session_store::ExpiredDeletion;
            if let Err(e) = sessions
                .continuously_delete_expired(std::time::Duration::from_secs(3600))
                .await
            {
                tracing::warn!(error = %e, "expired-session cleanup stopped");
            }
        });
        Ok(state)
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
