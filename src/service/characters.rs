//! Saved characters: a player's named stats per spec, picked in the simulate form. Another
//! player's character is "not found" everywhere.

use crate::{
    db::CharacterRow,
    model::{
        name_error, CharacterInput, SavedCharacter, MAX_CHARACTERS_PER_PLAYER, MAX_CHARACTER_NAME,
    },
    service::{specs, Caller, ServiceError, Services},
};
use rotasim_engine::config::character_field_errors;
use std::collections::BTreeMap;

/// The caller's characters (of one spec when `spec` is given), by spec then name.
pub async fn list(
    services: &Services,
    caller: &Caller,
    spec: Option<&str>,
) -> Result<Vec<SavedCharacter>, ServiceError> {
    let Some(owner) = caller.user_id.as_deref() else {
        return Ok(Vec::new());
    };
    let spec = spec.map(str::trim).filter(|s| !s.is_empty());
    services
        .db
        .list_characters(owner, spec)
        .await?
        .into_iter()
        .map(saved)
        .collect()
}

/// One of the caller's characters.
pub async fn get(
    services: &Services,
    caller: &Caller,
    id: &str,
) -> Result<SavedCharacter, ServiceError> {
    let owner = caller.user_id.as_deref().unwrap_or_default();
    match services.db.find_character(id, owner).await? {
        Some(row) => saved(row),
        None => Err(not_found(id)),
    }
}

/// Saves a new character for the caller (creating their profile if they have none).
pub async fn create(
    services: &Services,
    caller: &mut Caller,
    input: &CharacterInput,
) -> Result<SavedCharacter, ServiceError> {
    let mut fields = BTreeMap::new();
    let spec = specs::requested(services, input.spec_id.as_deref(), "character", &mut fields);
    let name = check_fields(input, fields)?;
    let spec_id = spec
        .ok_or_else(|| ServiceError::field("specId", "choose a spec"))?
        .id()
        .to_string();
    let owner = caller.ensure_user(&services.db).await?;
    let row = CharacterRow {
        id: uuid::Uuid::new_v4().to_string(),
        spec_id,
        name,
        stats: stats_json(input)?,
        created_at: String::new(),
        updated_at: String::new(),
    };
    if !services
        .db
        .insert_character(&row, &owner, MAX_CHARACTERS_PER_PLAYER)
        .await?
    {
        return Err(ServiceError::Conflict(format!(
            "you already have {MAX_CHARACTERS_PER_PLAYER} characters, the most a player can keep; \
             delete one to save another"
        )));
    }
    get(services, caller, &row.id).await
}

/// Renames or restats the caller's character (its spec stays).
pub async fn update(
    services: &Services,
    caller: &Caller,
    id: &str,
    input: &CharacterInput,
) -> Result<SavedCharacter, ServiceError> {
    let current = get(services, caller, id).await?;
    let mut fields = BTreeMap::new();
    if let Some(spec_id) = input.spec_id.as_deref() {
        if spec_id != current.spec_id {
            fields.insert(
                "specId".into(),
                format!(
                    "a character's spec cannot change (this one is for '{}')",
                    current.spec_id
                ),
            );
        }
    }
    let name = check_fields(input, fields)?;
    let owner = caller.user_id.as_deref().unwrap_or_default();
    if !services
        .db
        .update_character(&current.id, owner, &name, &stats_json(input)?)
        .await?
    {
        return Err(not_found(id));
    }
    get(services, caller, &current.id).await
}

/// Deletes the caller's character.
pub async fn delete(services: &Services, caller: &Caller, id: &str) -> Result<(), ServiceError> {
    let owner = caller.user_id.as_deref().unwrap_or_default();
    if services.db.delete_character(id, owner).await? {
        Ok(())
    } else {
        Err(not_found(id))
    }
}

/// Checks the name and every stat at once; the trimmed name.
fn check_fields(
    input: &CharacterInput,
    mut fields: BTreeMap<String, String>,
) -> Result<String, ServiceError> {
    if let Some(message) = name_error(&input.name, MAX_CHARACTER_NAME) {
        fields.insert("name".into(), message);
    }
    for (k, v) in character_field_errors(&input.character) {
        fields.entry(k).or_insert(v);
    }
    if fields.is_empty() {
        Ok(input.name.trim().to_string())
    } else {
        Err(ServiceError::fields("character", fields))
    }
}

fn stats_json(input: &CharacterInput) -> Result<String, ServiceError> {
    serde_json::to_string(&input.character)
        .map_err(|e| ServiceError::field("character", e.to_string()))
}

fn saved(row: CharacterRow) -> Result<SavedCharacter, ServiceError> {
    let character = serde_json::from_str(&row.stats).map_err(|_| {
        ServiceError::Conflict(format!(
            "character '{}' was stored by an incompatible version",
            row.id
        ))
    })?;
    Ok(SavedCharacter {
        id: row.id,
        spec_id: row.spec_id,
        name: row.name,
        character,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn not_found(id: &str) -> ServiceError {
    ServiceError::not_found(format_args!("character '{id}'"))
}
