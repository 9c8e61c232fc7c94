//! `/api/rotations`: the caller's library of rotations (thin adapters over `service::rotations`).

use crate::{
    model::{ForkInput, JobView, Rotation, RotationInput},
    service::{rotations, Caller, ServiceError, Services},
    web,
};
use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, Path, Query, State},
    http::StatusCode,
    Json,
};
use serde::Deserialize;

/// `GET /api/rotations?spec=` query.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    spec: Option<String>,
}

/// Built-ins and the caller's rotations, grouped by class and spec.
pub async fn list(
    State(services): State<Services>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<Rotation>>, ServiceError> {
    Ok(Json(
        rotations::list(&services, &caller, q.spec.as_deref()).await?,
    ))
}

/// Creates a rotation (201).
pub async fn create(
    State(services): State<Services>,
    mut caller: Caller,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Rotation>), ServiceError> {
    let input: RotationInput = web::body::json(body, rotations::MAX_APL_BODY_BYTES)?;
    let rotation = rotations::create(&services, &mut caller, &input).await?;
    Ok((StatusCode::CREATED, Json(rotation)))
}

/// One rotation.
pub async fn get(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Rotation>, ServiceError> {
    Ok(Json(rotations::get(&services, &caller, &id).await?))
}

/// Replaces a rotation's name, description and APL.
pub async fn update(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Rotation>, ServiceError> {
    let input: RotationInput = web::body::json(body, rotations::MAX_APL_BODY_BYTES)?;
    Ok(Json(
        rotations::update(&services, &caller, &id, &input).await?,
    ))
}

/// Deletes a rotation (204); its results stay.
pub async fn delete(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ServiceError> {
    rotations::delete(&services, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Forks a rotation into a new one of the caller's (201); the body `{name}` is optional.
pub async fn fork(
    State(services): State<Services>,
    mut caller: Caller,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Rotation>), ServiceError> {
    let input: ForkInput = web::body::json_or_default(body, 4096)?;
    let rotation = rotations::fork(&services, &mut caller, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(rotation)))
}

/// The caller's simulations of a rotation, newest first.
pub async fn simulations(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<JobView>>, ServiceError> {
    Ok(Json(rotations::results(&services, &caller, &id).await?))
}
