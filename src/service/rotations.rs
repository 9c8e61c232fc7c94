//! Rotations players can simulate, and checking a rotation's text against its spec.

use crate::{
    model::{AplCheckRequest, AplCheckResult, RotationChoice, RotationSummary, SimulateOptions},
    service::{specs, ServiceError, Services},
};
use rotasim_engine::{
    apl::{Apl, MAX_APL_BYTES},
    config,
};

/// Largest `POST /api/apl/check` body: room for a rotation of [`MAX_APL_BYTES`] with its JSON
/// escapes (a newline is two bytes, a quote two) and the spec id.
pub const MAX_CHECK_BODY_BYTES: usize = 2 * MAX_APL_BYTES + 1024;

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

/// Compiles `req.apl` against its spec and reports every error in text order and every action;
/// writes nothing. An unknown spec or a rotation over [`MAX_APL_BYTES`] is a 400 at its field.
pub fn check_apl(
    services: &Services,
    req: &AplCheckRequest,
) -> Result<AplCheckResult, ServiceError> {
    let spec = specs::find(services, "specId", &req.spec_id)?;
    if req.apl.len() > MAX_APL_BYTES {
        return Err(ServiceError::field(
            "apl",
            format!(
                "the rotation is {} bytes; the limit is {MAX_APL_BYTES}",
                req.apl.len()
            ),
        ));
    }
    Ok(Apl::check(&req.apl, spec).into())
}
