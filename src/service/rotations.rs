//! Rotations players can simulate.

use crate::{
    model::{RotationChoice, RotationSummary, SimulateOptions},
    service::{ServiceError, Services},
};
use rotasim_engine::config;

/// The built-in rotations, grouped by class and spec.
pub async fn list(services: &Services) -> Result<Vec<RotationSummary>, ServiceError> {
    Ok(services.db.list_rotations().await?)
}

/// The simulate form's choices: every rotation with its spec's defaults, and the bounds.
pub async fn options(services: &Services) -> Result<SimulateOptions, ServiceError> {
    let rotations = list(services)
        .await?
        .into_iter()
        .filter_map(|rotation| {
            let spec = services.catalog.get(&rotation.spec_id)?;
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
