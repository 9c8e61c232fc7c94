//! `GET /api/rotations`.

use super::error::ApiError;
use crate::{model::RotationSummary, service, state::AppState};
use axum::{extract::State, Json};

/// The rotations a player can simulate, grouped by class and spec.
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<RotationSummary>>, ApiError> {
    Ok(Json(service::rotations::list(&state).await?))
}
