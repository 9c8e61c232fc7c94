//! Shared server state handed to handlers and server functions.

use crate::{
    db::{self, Db, DbError},
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
}

impl AppState {
    /// State over a migrated database: seeds the built-in rotations from the engine catalogue,
    /// re-queues jobs a previous process left queued, and starts the job workers.
    pub async fn new(
        leptos: LeptosOptions,
        db: Db,
        jobs: JobsConfig,
        streams: crate::api::stream::StreamConfig,
    ) -> Result<AppState, DbError> {
        let catalog = Arc::new(Catalog::builtin());
        let seeded = db::rotations::seed_builtin(&db, &catalog).await?;
        tracing::info!(rotations = seeded, "built-in rotations seeded");
        let state = AppState {
            jobs: JobManager::new(db.clone(), jobs),
            leptos,
            db,
            catalog,
            streams: Arc::new(crate::api::stream::StreamLimits::new(streams)),
        };
        let recovered = state
            .jobs
            .recover(|row| crate::service::simulations::request_from_row(&state, row))
            .await?;
        if recovered > 0 {
            tracing::info!(jobs = recovered, "re-queued jobs from the previous run");
        }
        state.jobs.start();
        Ok(state)
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
