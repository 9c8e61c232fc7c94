//! Rotations players can simulate.

use crate::{db, model::RotationSummary, state::AppState};

/// The built-in rotations, grouped by class and spec.
pub async fn list(state: &AppState) -> Result<Vec<RotationSummary>, db::DbError> {
    state.db.list_rotations().await
}
