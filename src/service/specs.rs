//! The engine's specs as the rotation editor sees them: the catalogue, what each spec offers a
//! rotation (its vocabulary), and its data (from which the browser builds the spec to check
//! rotations itself).

use crate::service::{ServiceError, Services};
use rotasim_engine::{
    apl::{self, Vocabulary},
    spec::SpecFile,
    Spec, SpecSummary,
};
use std::collections::BTreeMap;

/// Every spec of the catalogue, as `rotasim-sim specs --json` lists them.
pub fn list(services: &Services) -> Vec<SpecSummary> {
    services.catalog.summaries()
}

/// The spells, buffs, DoTs, resources and expression names `spec_id` accepts; 404 for an
/// unknown spec.
pub fn vocabulary(services: &Services, spec_id: &str) -> Result<Vocabulary, ServiceError> {
    Ok(apl::vocabulary(get(services, spec_id)?))
}

/// The spec file of `spec_id` (what `Spec::from_file` builds the spec from, e.g. in the
/// browser); 404 for an unknown spec.
pub fn data(services: &Services, spec_id: &str) -> Result<SpecFile, ServiceError> {
    Ok(get(services, spec_id)?.file.clone())
}

/// The spec `spec_id`, or 404 naming it.
fn get<'a>(services: &'a Services, spec_id: &str) -> Result<&'a Spec, ServiceError> {
    services
        .catalog
        .get(spec_id)
        .ok_or_else(|| ServiceError::NotFound(unknown(services, spec_id)))
}

/// The spec `spec_id`, or an error at the request field `field` naming it.
pub fn find<'a>(
    services: &'a Services,
    field: &str,
    spec_id: &str,
) -> Result<&'a Spec, ServiceError> {
    services
        .catalog
        .get(spec_id)
        .ok_or_else(|| ServiceError::field(field, unknown(services, spec_id)))
}

/// The spec a create request names at `specId` (`what` is created: "rotation", "character"),
/// or `None` with the problem (missing, unknown) recorded in `fields`.
pub fn requested<'a>(
    services: &'a Services,
    spec_id: Option<&str>,
    what: &str,
    fields: &mut BTreeMap<String, String>,
) -> Option<&'a Spec> {
    let id = spec_id.unwrap_or("").trim();
    if id.is_empty() {
        fields.insert(
            "specId".into(),
            format!("choose the spec the {what} is for"),
        );
        return None;
    }
    let spec = services.catalog.get(id);
    if spec.is_none() {
        fields.insert("specId".into(), unknown(services, id));
    }
    spec
}

/// "unknown spec 'x'" with the closest id (did you mean …?) or, failing one, every id.
fn unknown(services: &Services, spec_id: &str) -> String {
    let ids: Vec<&str> = services.catalog.specs().map(Spec::id).collect();
    let hint = apl::suggest(spec_id, ids.iter().copied())
        .unwrap_or_else(|| format!("known: {}", ids.join(", ")));
    format!("unknown spec '{spec_id}' ({hint})")
}

/// The version of a spec's data: a digest of its file, so a result can say which data it ran on
/// and "Sim again" can tell when the spec has changed since.
pub fn data_version(spec: &Spec) -> String {
    let text = serde_json::to_string(&spec.file).unwrap_or_default();
    // FNV-1a, 64 bits: stable across builds and platforms.
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}
