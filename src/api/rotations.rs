//! `GET /api/rotations`.

use crate::{
    model::RotationSummary,
    service::{self, ServiceError, Services},
};
use axum::{extract::State, Json};

/// The rotations a player can simulate, grouped by class and spec.
pub async fn list(
    State(services): State<Services>,
) -> Result<Json<Vec<RotationSummary>>, ServiceError> {
    Ok(Json(service::rotations::list(&services).await?))
}
