//! Rotations players can simulate.

use crate::{
    db,
    model::{RotationChoice, RotationSummary, SimulateOptions},
    state::AppState,
};
use rotasim_engine::config;

/// The built-in rotations, grouped by class and spec.
pub async fn list(state: &AppState) -> Result<Vec<RotationSummary>, db::DbError> {
    state.db.list_rotations().await
}

/// The simulate form's choices: every rotation with its spec's defaults, and the bounds.
pub async fn options(state: &AppState) -> Result<SimulateOptions, db::DbError> {
    let rotations = list(state)
        .await?
        .into_iter()
        .filter_map(|rotation| {
            let spec = state.catalog.get(&rotation.spec_id)?;
            Some(RotationChoice {
                description: spec.file.description.clone(),
                resource: spec.file.resource.name.clone(),
                character: spec.file.character.clone(),
                rotation,
            })
        })
        .collect();
    Ok(SimulateOptions {
        rotations,
        min_duration: config::MIN_DURATION,
        max_duration: config::MAX_DURATION,
        max_iterations: config::MAX_ITERATIONS,
        max_targets: config::MAX_TARGETS,
        default_targets: config::DEFAULT_AOE_TARGETS,
    })
}
