//! Rotations: the built-ins (read-only, shared) and each player's own, which they create, fork,
//! edit and delete; every save is checked by the engine's compiler ([`check`]). A rotation of
//! someone else is "not found" everywhere.

pub mod check;

pub use check::{check_apl, MAX_APL_BODY_BYTES};

use crate::{
    model::{
        name_error, ForkInput, JobView, Rotation, RotationChoice, RotationInput, SimulateOptions,
        MAX_ROTATIONS_PER_PLAYER, MAX_ROTATION_DESCRIPTION, MAX_ROTATION_NAME,
    },
    service::{characters, specs, Caller, ServiceError, Services},
};
use rotasim_engine::{config, Spec};
use std::collections::BTreeMap;

/// How many of a rotation's simulations its page lists.
pub const RESULTS_LIMIT: i64 = 100;

/// Built-ins and the caller's own rotations (of one spec when `spec` is given), grouped by
/// class and spec, built-ins first.
pub async fn list(
    services: &Services,
    caller: &Caller,
    spec: Option<&str>,
) -> Result<Vec<Rotation>, ServiceError> {
    let spec = spec.map(str::trim).filter(|s| !s.is_empty());
    Ok(services
        .db
        .list_rotations(caller.user_id.as_deref(), spec)
        .await?)
}

/// A built-in (by id or slug) or one of the caller's rotations.
pub async fn get(services: &Services, caller: &Caller, id: &str) -> Result<Rotation, ServiceError> {
    services
        .db
        .find_rotation(id, caller.user_id.as_deref())
        .await?
        .ok_or_else(|| not_found(id))
}

/// Creates a rotation for the caller (creating their profile if they have none). Every field
/// is checked at once; an APL that does not compile is a 400 listing all its errors.
pub async fn create(
    services: &Services,
    caller: &mut Caller,
    input: &RotationInput,
) -> Result<Rotation, ServiceError> {
    let mut fields = BTreeMap::new();
    let spec = specs::requested(services, input.spec_id.as_deref(), "rotation", &mut fields);
    let (name, description) = check_fields(input, spec, &mut fields)?;
    let spec = spec.ok_or_else(|| ServiceError::field("specId", "choose a spec"))?;
    let owner = caller.ensure_user(&services.db).await?;
    insert(
        services,
        &owner,
        new_rotation(spec, name, description, input.apl.clone(), None),
    )
    .await
}

/// Changes the caller's rotation (name, description, APL; its spec stays). Built-ins are
/// read-only (409: fork one to change it).
pub async fn update(
    services: &Services,
    caller: &Caller,
    id: &str,
    input: &RotationInput,
) -> Result<Rotation, ServiceError> {
    let current = get(services, caller, id).await?;
    if current.builtin {
        return Err(read_only(&current));
    }
    let mut fields = BTreeMap::new();
    if let Some(spec_id) = input.spec_id.as_deref() {
        if spec_id != current.spec_id {
            fields.insert(
                "specId".into(),
                format!(
                    "a rotation's spec cannot change (this one is for '{}'); fork or create a new one",
                    current.spec_id
                ),
            );
        }
    }
    let spec = services.catalog.get(&current.spec_id);
    if spec.is_none() {
        fields.insert(
            "specId".into(),
            format!("the spec '{}' is no longer available", current.spec_id),
        );
    }
    let (name, description) = check_fields(input, spec, &mut fields)?;
    let owner = caller.user_id.as_deref().unwrap_or_default();
    if !services
        .db
        .update_rotation(&current.id, owner, &name, &description, &input.apl)
        .await?
    {
        return Err(not_found(id));
    }
    get(services, caller, &current.id).await
}

/// Deletes the caller's rotation; its past results stay readable.
pub async fn delete(services: &Services, caller: &Caller, id: &str) -> Result<(), ServiceError> {
    let current = get(services, caller, id).await?;
    if current.builtin {
        return Err(read_only(&current));
    }
    let owner = caller.user_id.as_deref().unwrap_or_default();
    if services.db.delete_rotation(&current.id, owner).await? {
        Ok(())
    } else {
        Err(not_found(id))
    }
}

/// Copies a built-in or one of the caller's rotations into a new rotation of theirs that
/// remembers its source (`forkedFrom`).
pub async fn fork(
    services: &Services,
    caller: &mut Caller,
    id: &str,
    input: &ForkInput,
) -> Result<Rotation, ServiceError> {
    let source = get(services, caller, id).await?;
    let name = match input.name.as_deref() {
        Some(name) => {
            if let Some(message) = name_error(name, MAX_ROTATION_NAME) {
                return Err(ServiceError::field("name", message));
            }
            name.trim().to_string()
        }
        None => copy_name(&source.name),
    };
    let spec = specs::find(services, "specId", &source.spec_id)?;
    let owner = caller.ensure_user(&services.db).await?;
    let rotation = new_rotation(
        spec,
        name,
        source.description.clone(),
        source.apl.clone(),
        Some(source.id.clone()),
    );
    insert(services, &owner, rotation).await
}

/// The caller's simulations of a rotation (one of theirs or a built-in), newest first.
pub async fn results(
    services: &Services,
    caller: &Caller,
    id: &str,
) -> Result<Vec<JobView>, ServiceError> {
    let rotation = get(services, caller, id).await?;
    let Some(owner) = caller.user_id.as_deref() else {
        return Ok(Vec::new());
    };
    Ok(services
        .db
        .rotation_jobs(&rotation.id, owner, RESULTS_LIMIT)
        .await?
        .into_iter()
        .map(JobView::from)
        .collect())
}

/// The simulate form's choices: every rotation the caller can run with its spec's defaults,
/// their saved characters, and the bounds.
pub async fn options(
    services: &Services,
    caller: &Caller,
) -> Result<SimulateOptions, ServiceError> {
    let rotations = list(services, caller, None)
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
        characters: characters::list(services, caller, None).await?,
        min_duration: config::MIN_DURATION,
        max_duration: config::MAX_DURATION,
        max_iterations: config::MAX_ITERATIONS,
        max_targets: config::MAX_TARGETS,
        default_targets: config::DEFAULT_AOE_TARGETS,
    })
}

/// Checks name, description and APL (all problems at once); the trimmed name and description.
fn check_fields(
    input: &RotationInput,
    spec: Option<&Spec>,
    fields: &mut BTreeMap<String, String>,
) -> Result<(String, String), ServiceError> {
    if let Some(message) = name_error(&input.name, MAX_ROTATION_NAME) {
        fields.insert("name".into(), message);
    }
    let n = input.description.chars().count();
    if n > MAX_ROTATION_DESCRIPTION {
        fields.insert(
            "description".into(),
            format!("must be at most {MAX_ROTATION_DESCRIPTION} characters (it has {n})"),
        );
    }
    let apl_errors = match spec {
        Some(spec) => check::guard(spec, &input.apl, fields),
        None => Vec::new(),
    };
    if fields.is_empty() && apl_errors.is_empty() {
        Ok((
            input.name.trim().to_string(),
            input.description.trim().to_string(),
        ))
    } else {
        Err(ServiceError::invalid(
            "rotation",
            std::mem::take(fields),
            apl_errors,
        ))
    }
}

fn new_rotation(
    spec: &Spec,
    name: String,
    description: String,
    apl: String,
    forked_from: Option<String>,
) -> Rotation {
    let id = uuid::Uuid::new_v4().to_string();
    Rotation {
        slug: id.clone(),
        id,
        name,
        description,
        class: spec.file.class.clone(),
        spec: spec.file.spec.clone(),
        spec_id: spec.id().to_string(),
        builtin: false,
        apl,
        forked_from,
        version: 1,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

async fn insert(
    services: &Services,
    owner: &str,
    rotation: Rotation,
) -> Result<Rotation, ServiceError> {
    if !services
        .db
        .insert_rotation(&rotation, owner, MAX_ROTATIONS_PER_PLAYER)
        .await?
    {
        return Err(ServiceError::Conflict(format!(
            "you already have {MAX_ROTATIONS_PER_PLAYER} rotations, the most a player can keep; \
             delete one to save another"
        )));
    }
    tracing::info!(rotation_id = %rotation.id, spec = %rotation.spec_id, "rotation saved");
    services
        .db
        .find_rotation(&rotation.id, Some(owner))
        .await?
        .ok_or_else(|| not_found(&rotation.id))
}

/// "<name> (copy)", kept within the name limit.
fn copy_name(name: &str) -> String {
    const SUFFIX: &str = " (copy)";
    let keep = MAX_ROTATION_NAME - SUFFIX.chars().count();
    let base: String = name.chars().take(keep).collect();
    format!("{}{SUFFIX}", base.trim_end())
}

fn not_found(id: &str) -> ServiceError {
    ServiceError::not_found(format_args!("rotation '{id}'"))
}

fn read_only(r: &Rotation) -> ServiceError {
    ServiceError::Conflict(format!(
        "'{}' is a built-in rotation and cannot be changed; fork it to make your own",
        r.name
    ))
}

#[cfg(test)]
mod tests {
    use super::copy_name;

    #[test]
    fn copies_are_named_within_the_limit() {
        assert_eq!(copy_name("Fire"), "Fire (copy)");
        let long = "é".repeat(80);
        let copy = copy_name(&long);
        assert_eq!(copy.chars().count(), 80);
        assert!(copy.ends_with(" (copy)"));
    }
}
