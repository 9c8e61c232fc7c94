//! `/api/characters`: the caller's saved characters (thin adapters over `service::characters`).

use crate::{
    model::{CharacterInput, ErrorBody, SavedCharacter},
    service::{characters, Caller, ServiceError, Services},
    web,
};
use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, Path, State},
    http::StatusCode,
    Json,
};
use serde::Deserialize;

/// Largest character body.
const MAX_BODY: usize = 16 * 1024;

/// `GET /api/characters?spec=` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only the characters of this spec id (`fire_mage`).
    spec: Option<String>,
}

/// The caller's characters.
#[utoipa::path(
    get,
    path = "/api/characters",
    tag = "characters",
    summary = "List the caller's characters",
    params(ListQuery),
    responses(
        (status = 200, description = "The caller's characters, by spec then name", body = Vec<SavedCharacter>),
        (status = 400, description = "A malformed query", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
pub async fn list(
    State(services): State<Services>,
    caller: Caller,
    web::query::Query(q): web::query::Query<ListQuery>,
) -> Result<Json<Vec<SavedCharacter>>, ServiceError> {
    Ok(Json(
        characters::list(&services, &caller, q.spec.as_deref()).await?,
    ))
}

/// Saves a character (201).
#[utoipa::path(
    post,
    path = "/api/characters",
    tag = "characters",
    summary = "Save a character",
    request_body = CharacterInput,
    responses(
        (status = 201, description = "The saved character", body = SavedCharacter),
        (status = 400, description = "A bad field (`specId`, `name`, `character.*`) or a malformed body", body = ErrorBody),
        (status = 409, description = "The caller has 100 characters already", body = ErrorBody),
        (status = 413, description = "Body over 16 KiB", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
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
#[utoipa::path(
    get,
    path = "/api/characters/{id}",
    tag = "characters",
    summary = "Get one of the caller's characters",
    params(("id" = String, Path, description = "Character id")),
    responses(
        (status = 200, description = "The character", body = SavedCharacter),
        (status = 404, description = "No such character, or not the caller's", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
pub async fn get(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SavedCharacter>, ServiceError> {
    Ok(Json(characters::get(&services, &caller, &id).await?))
}

/// Replaces a character's name and stats.
#[utoipa::path(
    put,
    path = "/api/characters/{id}",
    tag = "characters",
    summary = "Replace a character's name and stats",
    params(("id" = String, Path, description = "Character id")),
    request_body = CharacterInput,
    responses(
        (status = 200, description = "The changed character", body = SavedCharacter),
        (status = 400, description = "A bad field or a malformed body", body = ErrorBody),
        (status = 404, description = "No such character, or not the caller's", body = ErrorBody),
        (status = 413, description = "Body over 16 KiB", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
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
#[utoipa::path(
    delete,
    path = "/api/characters/{id}",
    tag = "characters",
    summary = "Delete a character",
    params(("id" = String, Path, description = "Character id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such character, or not the caller's", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
pub async fn delete(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ServiceError> {
    characters::delete(&services, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
