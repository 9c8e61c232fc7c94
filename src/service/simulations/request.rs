//! Reading and checking a submission: the JSON body with each bad field named, then the
//! seed's bounds, the rotation table and the engine's own validation.

use crate::{
    model::{CreateSimulationRequest, RotationSummary},
    service::{json::parse_json, ServiceError, Services},
};
use rotasim_engine::{FightKind, SimConfig};
use std::collections::BTreeMap;

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

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

/// Validates a request against the seed's bounds, the rotation table and the engine.
pub async fn validate(
    services: &Services,
    req: &CreateSimulationRequest,
) -> Result<(SimConfig, RotationSummary), ServiceError> {
    let mut fields = req.field_errors();
    let fight = FightKind::parse(&req.fight_type);
    let rotation = services.db.find_rotation(&req.rotation_id).await?;
    if rotation.is_none() && !req.rotation_id.trim().is_empty() {
        fields.insert(
            "rotationId".into(),
            format!("unknown rotation '{}'", req.rotation_id),
        );
    }
    let (Some(fight), Some(rotation)) = (fight, rotation) else {
        return Err(invalid(fields));
    };
    let config = req.to_config(
        fight,
        rotation.spec_id.clone(),
        Some(rotation.apl.clone()),
        req.seed.unwrap_or_else(random_seed),
    );
    if let Err(e) = config.validate(&services.catalog) {
        for (k, v) in e.fields {
            let k = match k.as_str() {
                "spec" | "apl" => "rotationId".to_string(),
                "fight" => "fightType".to_string(),
                _ => k,
            };
            fields.entry(k).or_insert(v);
        }
    }
    if fields.is_empty() {
        Ok((config, rotation))
    } else {
        Err(invalid(fields))
    }
}

/// The error of a request with these bad fields.
pub fn invalid(fields: BTreeMap<String, String>) -> ServiceError {
    let names: Vec<&str> = fields.keys().map(String::as_str).collect();
    ServiceError::Invalid {
        message: format!("invalid simulation request: {}", names.join(", ")),
        fields,
    }
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
            field_of(r#"{"duration":300,"iterations":10,"fightType":"aoe"}"#),
            "rotationId"
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
