//! `/api/rotations`: the caller's library of rotations (thin adapters over `service::rotations`).

use crate::{
    model::{ErrorBody, ForkInput, JobView, Rotation, RotationInput},
    service::{rotations, Caller, ServiceError, Services},
    web::{self, query::Query},
};
use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, Path, State},
    http::StatusCode,
    Json,
};
use serde::Deserialize;

/// `GET /api/rotations?spec=` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only the rotations of this spec id (`fire_mage`).
    spec: Option<String>,
}

/// Built-ins and the caller's rotations, grouped by class and spec.
#[utoipa::path(
    get,
    path = "/api/rotations",
    tag = "rotations",
    summary = "List the built-in and the caller's rotations",
    params(ListQuery),
    responses(
        (status = 200, description = "Built-ins first, then the caller's own, by class and spec", body = Vec<Rotation>),
        (status = 400, description = "A malformed query", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
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
#[utoipa::path(
    post,
    path = "/api/rotations",
    tag = "rotations",
    summary = "Create a rotation",
    request_body = RotationInput,
    responses(
        (status = 201, description = "The new rotation", body = Rotation),
        (status = 400, description = "Every bad field (`specId`, `name`, `description`, `apl`), with `errors` when the APL does not compile", body = ErrorBody),
        (status = 409, description = "The caller has 200 rotations already", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
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
#[utoipa::path(
    get,
    path = "/api/rotations/{id}",
    tag = "rotations",
    summary = "Get a rotation",
    params(("id" = String, Path, description = "A rotation's UUID, or a built-in's slug")),
    responses(
        (status = 200, description = "The rotation", body = Rotation),
        (status = 404, description = "No such rotation, or someone else's", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
pub async fn get(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Rotation>, ServiceError> {
    Ok(Json(rotations::get(&services, &caller, &id).await?))
}

/// Replaces a rotation's name, description and APL.
#[utoipa::path(
    put,
    path = "/api/rotations/{id}",
    tag = "rotations",
    summary = "Replace a rotation's name, description and APL",
    params(("id" = String, Path, description = "The caller's rotation's UUID")),
    request_body = RotationInput,
    responses(
        (status = 200, description = "The changed rotation (`version` + 1 when the APL changed)", body = Rotation),
        (status = 400, description = "Every bad field, with `errors` when the APL does not compile", body = ErrorBody),
        (status = 404, description = "No such rotation, or someone else's", body = ErrorBody),
        (status = 409, description = "A built-in (read-only)", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
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
#[utoipa::path(
    delete,
    path = "/api/rotations/{id}",
    tag = "rotations",
    summary = "Delete a rotation (its results stay readable)",
    params(("id" = String, Path, description = "The caller's rotation's UUID")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such rotation, or someone else's", body = ErrorBody),
        (status = 409, description = "A built-in (read-only)", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
pub async fn delete(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ServiceError> {
    rotations::delete(&services, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Forks a rotation into a new one of the caller's (201); the body `{name}` is optional.
#[utoipa::path(
    post,
    path = "/api/rotations/{id}/fork",
    tag = "rotations",
    summary = "Fork a rotation into a new one of the caller's",
    params(("id" = String, Path, description = "A rotation's UUID, or a built-in's slug")),
    request_body(content = Option<ForkInput>, description = "Optional: the copy's name (default \"<name> (copy)\")"),
    responses(
        (status = 201, description = "The copy, with `forkedFrom` set", body = Rotation),
        (status = 400, description = "A bad `name` or a malformed body", body = ErrorBody),
        (status = 404, description = "No such rotation, or someone else's", body = ErrorBody),
        (status = 409, description = "The caller has 200 rotations already", body = ErrorBody),
        (status = 413, description = "Body over 4 KiB", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
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
#[utoipa::path(
    get,
    path = "/api/rotations/{id}/simulations",
    tag = "rotations",
    summary = "The caller's simulations of a rotation",
    description = "Newest first, at most 100, each with the `rotationVersion` it ran.",
    params(("id" = String, Path, description = "A rotation's UUID, or a built-in's slug")),
    responses(
        (status = 200, description = "The jobs", body = Vec<JobView>),
        (status = 404, description = "No such rotation, or someone else's", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
pub async fn simulations(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<JobView>>, ServiceError> {
    Ok(Json(rotations::results(&services, &caller, &id).await?))
}
