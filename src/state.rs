//! Shared server state handed to handlers and server functions.

use crate::db::Db;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

/// Everything a request may need; cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Leptos' options (site root etc.).
    pub leptos: LeptosOptions,
    /// The database pool.
    pub db: Db,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
