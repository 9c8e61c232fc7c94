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

/// What a run simulates: its spec, APL text and where they came from.
type Resolved = (String, String, Source);

/// Resolves a rotation reference — a saved rotation of the caller's (or a built-in), or an inline
/// APL with its spec — adding problems to `fields` under `prefix` (`""` or `variants[i].`).
/// Compile errors of an inline APL are returned.
async fn resolve(
    services: &Services,
    caller: &Caller,
    rotation_id: &str,
    spec_id: &str,
    apl: Option<&String>,
    prefix: &str,
    fields: &mut BTreeMap<String, String>,
) -> Result<(Option<Resolved>, Vec<rotasim_engine::AplError>), ServiceError> {
    if let Some(apl) = apl {
        if !rotation_id.is_empty() {
            return Ok((None, Vec::new()));
        }
        return Ok(match services.catalog.get(spec_id) {
            Some(spec) => {
                let mut own = BTreeMap::new();
                let errors = check::guard(spec, apl, &mut own);
                fields.extend(own.into_iter().map(|(k, v)| (format!("{prefix}{k}"), v)));
                let source = Source {
                    rotation_id: String::new(),
                    label: format!("Inline APL — {}", spec.file.name),
                    version: None,
                };
                (Some((spec_id.to_string(), apl.clone(), source)), errors)
            }
            None => {
                if !spec_id.is_empty() {
                    if let Err(ServiceError::Invalid { fields: f, .. }) =
                        specs::find(services, "specId", spec_id)
                    {
                        fields.extend(f.into_iter().map(|(k, v)| (format!("{prefix}{k}"), v)));
                    }
                }
                (None, Vec::new())
            }
        });
    }
    if rotation_id.is_empty() {
        return Ok((None, Vec::new()));
    }
    match services
        .db
        .find_rotation(rotation_id, caller.user_id.as_deref())
        .await?
    {
        Some(r) => Ok((
            Some((
                r.spec_id,
                r.apl,
                Source {
                    rotation_id: r.id,
                    label: r.name,
                    version: Some(r.version),
                },
            )),
            Vec::new(),
        )),
        None => {
            fields.insert(
                format!("{prefix}rotationId"),
                format!("unknown rotation '{rotation_id}'"),
            );
            Ok((None, Vec::new()))
        }
    }
}

/// Moves the engine's validation errors of one run into `fields`, named as the request names them.
fn engine_errors(
    config: &SimConfig,
    services: &Services,
    inline: bool,
    has_apl_errors: bool,
    prefix: &str,
    fields: &mut BTreeMap<String, String>,
) {
    if let Err(e) = config.validate(&services.catalog) {
        for (k, v) in e.fields {
            let k = match k.as_str() {
                "spec" if inline => format!("{prefix}specId"),
                "apl" if inline && has_apl_errors => continue,
                "apl" if inline => format!("{prefix}apl"),
                "spec" | "apl" => format!("{prefix}rotationId"),
                "fight" => "fightType".to_string(),
                k if k.starts_with("character") => format!("{prefix}{k}"),
                _ => k.to_string(),
            };
            fields.entry(k).or_insert(v);
        }
    }
}

/// Validates a request against the seed's bounds, the caller's rotations (or the inline APL,
/// every compile error listed) and the engine.
pub async fn validate(
    services: &Services,
    caller: &Caller,
    req: &CreateSimulationRequest,
) -> Result<(SimConfig, Source), ServiceError> {
    let mut fields = req.field_errors();
    let fight = FightKind::parse(&req.fight_type);
    let rotation_id = req.rotation_id.as_deref().map(str::trim).unwrap_or("");
    let spec_id = req.spec_id.as_deref().unwrap_or("").trim();
    let (resolved, apl_errors) = resolve(
        services,
        caller,
        rotation_id,
        spec_id,
        req.apl.as_ref(),
        "",
        &mut fields,
    )
    .await?;
    let (Some(fight), Some((spec_id, apl, source))) = (fight, resolved) else {
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
    engine_errors(
        &config,
        services,
        inline,
        !apl_errors.is_empty(),
        "",
        &mut fields,
    );
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

/// Validates a batch request: the shared settings, then every variant's rotation and character;
/// every variant gets the same seed, fight, duration and iterations. Problems are named
/// `variants[i].field`; an inline APL's first compile error is given at its line:column.
pub async fn validate_batch(
    services: &Services,
    caller: &Caller,
    req: &CreateSimulationRequest,
) -> Result<Vec<(SimConfig, Source)>, ServiceError> {
    let mut fields = req.field_errors();
    let fight = FightKind::parse(&req.fight_type);
    let seed = req.seed.unwrap_or_else(random_seed);
    let inputs = req.variants.as_deref().unwrap_or_default();
    let mut out = Vec::with_capacity(inputs.len());
    for (i, v) in inputs.iter().enumerate().take(rotasim_engine::MAX_VARIANTS) {
        let prefix = format!("variants[{i}].");
        let rotation_id = v.rotation_id.as_deref().map(str::trim).unwrap_or("");
        let spec_id = v
            .spec_id
            .as_deref()
            .or(req.spec_id.as_deref())
            .unwrap_or("")
            .trim();
        let (resolved, apl_errors) = resolve(
            services,
            caller,
            rotation_id,
            spec_id,
            v.apl.as_ref(),
            &prefix,
            &mut fields,
        )
        .await?;
        if let Some(e) = apl_errors.first() {
            fields.entry(format!("{prefix}apl")).or_insert(format!(
                "{}:{}: {}{}{}",
                e.line,
                e.column,
                e.message,
                e.hint
                    .as_deref()
                    .map(|h| format!(" — {h}"))
                    .unwrap_or_default(),
                if apl_errors.len() > 1 {
                    format!(" (and {} more)", apl_errors.len() - 1)
                } else {
                    String::new()
                }
            ));
        }
        let (Some(fight), Some((spec_id, apl, source))) = (fight, resolved) else {
            continue;
        };
        let inline = source.rotation_id.is_empty();
        let config = rotasim_engine::SimConfig {
            character: v.character.clone(),
            ..req.to_config(fight, spec_id, Some(apl), seed)
        };
        engine_errors(
            &config,
            services,
            inline,
            !apl_errors.is_empty(),
            &prefix,
            &mut fields,
        );
        out.push((config, source));
    }
    if fields.is_empty() && out.len() == inputs.len() {
        Ok(out)
    } else {
        Err(ServiceError::invalid("batch request", fields, Vec::new()))
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
