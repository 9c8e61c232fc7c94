//! Reading and checking a submission: the JSON body with each bad field named, then the
//! seed's bounds, the rotation table and the engine's own validation.

use crate::{
    model::CreateSimulationRequest,
    service::{json::parse_json, rotations::check, specs, Caller, ServiceError, Services},
};
use rotasim_engine::{FightKind, SimConfig};
use std::collections::BTreeMap;

/// Largest accepted request body (room for an inline APL).
pub const MAX_BODY_BYTES: usize = check::MAX_APL_BODY_BYTES;

/// Parses a `POST /api/simulations` body ([`parse_json`]), naming the offending field on error.
pub fn parse_request(body: &[u8]) -> Result<CreateSimulationRequest, ServiceError> {
    parse_json(body, MAX_BODY_BYTES)
}

/// A random 64-bit seed.
pub fn random_seed() -> u64 {
    let b = uuid::Uuid::new_v4().into_bytes();
    u64::from_le_bytes(b[..8].try_into().expect("8 bytes"))
}

/// A new job id: 16 characters of [0-9a-z].
pub fn new_job_id() -> String {
    let mut n = u128::from_le_bytes(uuid::Uuid::new_v4().into_bytes());
    let mut s = String::with_capacity(16);
    for _ in 0..16 {
        s.push(char::from_digit((n % 36) as u32, 36).expect("digit"));
        n /= 36;
    }
    s
}

/// Where a job's rotation came from: a saved rotation (its id, name and version then) or an
/// inline APL (`rotation_id` empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The rotation's UUID; empty for an inline APL.
    pub rotation_id: String,
    /// What the job is called: the rotation's name, or "Inline APL — <spec>".
    pub label: String,
    /// The rotation's version.
    pub version: Option<i32>,
}

/// Validates a request against the seed's bounds, the caller's rotations (or the inline APL,
/// every compile error listed) and the engine.
pub async fn validate(
    services: &Services,
    caller: &Caller,
    req: &CreateSimulationRequest,
) -> Result<(SimConfig, Source), ServiceError> {
    let mut fields = req.field_errors();
    let mut apl_errors = Vec::new();
    let fight = FightKind::parse(&req.fight_type);
    let rotation_id = req.rotation_id.as_deref().map(str::trim).unwrap_or("");
    let source = if let Some(apl) = &req.apl {
        let spec_id = req.spec_id.as_deref().unwrap_or("").trim();
        match services.catalog.get(spec_id) {
            Some(spec) if rotation_id.is_empty() => {
                apl_errors = check::guard(spec, apl, &mut fields);
                Some((
                    spec_id.to_string(),
                    apl.clone(),
                    Source {
                        rotation_id: String::new(),
                        label: format!("Inline APL — {}", spec.file.name),
                        version: None,
                    },
                ))
            }
            None if !spec_id.is_empty() => {
                if let Err(ServiceError::Invalid { fields: f, .. }) =
                    specs::find(services, "specId", spec_id)
                {
                    fields.extend(f);
                }
                None
            }
            _ => None,
        }
    } else if rotation_id.is_empty() {
        None
    } else {
        match services
            .db
            .find_rotation(rotation_id, caller.user_id.as_deref())
            .await?
        {
            Some(r) => Some((
                r.spec_id,
                r.apl,
                Source {
                    rotation_id: r.id,
                    label: r.name,
                    version: Some(r.version),
                },
            )),
            None => {
                fields.insert(
                    "rotationId".into(),
                    format!("unknown rotation '{rotation_id}'"),
                );
                None
            }
        }
    };
    let (Some(fight), Some((spec_id, apl, source))) = (fight, source) else {
        return Err(ServiceError::invalid(
            "simulation request",
            fields,
            apl_errors,
        ));
    };
    let inline = source.rotation_id.is_empty();
    let config = req.to_config(
        fight,
        spec_id,
        Some(apl),
        req.seed.unwrap_or_else(random_seed),
    );
    if let Err(e) = config.validate(&services.catalog) {
        for (k, v) in e.fields {
            let k = match k.as_str() {
                "spec" if inline => "specId".to_string(),
                "apl" if inline && !apl_errors.is_empty() => continue,
                "apl" if inline => "apl".to_string(),
                "spec" | "apl" => "rotationId".to_string(),
                "fight" => "fightType".to_string(),
                _ => k,
            };
            fields.entry(k).or_insert(v);
        }
    }
    if fields.is_empty() && apl_errors.is_empty() {
        Ok((config, source))
    } else {
        Err(ServiceError::invalid(
            "simulation request",
            fields,
            apl_errors,
        ))
    }
}

/// The error of a request with these bad fields.
pub fn invalid(fields: BTreeMap<String, String>) -> ServiceError {
    ServiceError::fields("simulation request", fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(body: &str) -> String {
        match parse_request(body.as_bytes()) {
            Err(ServiceError::Invalid { fields, .. }) => fields.keys().next().unwrap().clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parse_errors_name_the_field() {
        assert_eq!(field_of("{"), "body");
        assert_eq!(field_of(""), "body");
        assert_eq!(field_of("[1]"), "body");
        assert_eq!(
            field_of(r#"{"duration":"300","iterations":10,"fightType":"aoe"}"#),
            "duration"
        );
        assert_eq!(
            field_of(r#"{"rotationId":"x","duration":"long","iterations":10,"fightType":"aoe"}"#),
            "duration"
        );
        assert_eq!(
            field_of(r#"{"rotationId":"x","duration":300,"iterations":-5,"fightType":"aoe"}"#),
            "iterations"
        );
        assert_eq!(
            field_of(
                r#"{"rotationId":"x","duration":300,"iterations":1,"fightType":"aoe","color":1}"#
            ),
            "color"
        );
        assert_eq!(
            field_of(
                r#"{"rotationId":"x","duration":300,"iterations":1,"fightType":"aoe","character":{"crit":"high"}}"#
            ),
            "character.crit"
        );
    }

    #[test]
    fn job_ids_are_short_and_distinct() {
        let a = new_job_id();
        assert_eq!(a.len(), 16);
        assert_ne!(a, new_job_id());
    }
}
