//! Shared server state handed to handlers and server functions.

use crate::db::{self, Db, DbError};
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
}

impl AppState {
    /// State over a migrated database; seeds the built-in rotations from the engine catalogue.
    pub async fn new(leptos: LeptosOptions, db: Db) -> Result<AppState, DbError> {
        let catalog = Arc::new(Catalog::builtin());
        let seeded = db::rotations::seed_builtin(&db, &catalog).await?;
        tracing::info!(rotations = seeded, "built-in rotations seeded");
        Ok(AppState {
            leptos,
            db,
            catalog,
        })
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
