//! `/api/characters`: the caller's saved characters (thin adapters over `service::characters`).

use crate::{
    model::{CharacterInput, SavedCharacter},
    service::{characters, Caller, ServiceError, Services},
    web,
};
use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, Path, Query, State},
    http::StatusCode,
    Json,
};
use serde::Deserialize;

/// Largest character body.
const MAX_BODY: usize = 16 * 1024;

/// `GET /api/characters?spec=` query.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    spec: Option<String>,
}

/// The caller's characters.
pub async fn list(
    State(services): State<Services>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<SavedCharacter>>, ServiceError> {
    Ok(Json(
        characters::list(&services, &caller, q.spec.as_deref()).await?,
    ))
}

/// Saves a character (201).
pub async fn create(
    State(services): State<Services>,
    mut caller: Caller,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<SavedCharacter>), ServiceError> {
    let input: CharacterInput = web::body::json(body, MAX_BODY)?;
    let saved = characters::create(&services, &mut caller, &input).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// One character.
pub async fn get(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SavedCharacter>, ServiceError> {
    Ok(Json(characters::get(&services, &caller, &id).await?))
}

/// Replaces a character's name and stats.
pub async fn update(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<SavedCharacter>, ServiceError> {
    let input: CharacterInput = web::body::json(body, MAX_BODY)?;
    Ok(Json(
        characters::update(&services, &caller, &id, &input).await?,
    ))
}

/// Deletes a character (204).
pub async fn delete(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ServiceError> {
    characters::delete(&services, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
