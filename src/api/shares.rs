//! Share links (thin adapters over `service::shares`): `POST|GET|DELETE
//! /api/simulations/{id}/share` for the owner, `GET|DELETE /api/shares/{token}`.

use crate::{
    model::{ShareLink, ShareStatus, SharedResult},
    service::{shares, Caller, ServiceError, Services},
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};

/// A new read-only link to the caller's completed job: 201 `{token, url}`.
pub async fn create(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<ShareLink>), ServiceError> {
    let link = shares::create(&services, &caller, &id).await?;
    Ok((StatusCode::CREATED, Json(link)))
}

/// How many live links the caller's job has: `{live}`.
pub async fn status(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ShareStatus>, ServiceError> {
    Ok(Json(shares::status(&services, &caller, &id).await?))
}

/// Revokes every live link to the caller's job: `{revoked}` (how many).
pub async fn revoke_all(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ServiceError> {
    let n = shares::revoke_all(&services, &caller, &id).await?;
    Ok(Json(serde_json::json!({ "revoked": n })))
}

/// The shared result, for anyone with the link (never cached: a revoked link stops at once).
pub async fn get(
    State(services): State<Services>,
    Path(token): Path<String>,
) -> Result<Response, ServiceError> {
    let shared: SharedResult = shares::open(&services, &token).await?;
    let mut res = Json(shared).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Revokes one of the caller's links (204).
pub async fn revoke(
    State(services): State<Services>,
    caller: Caller,
    Path(token): Path<String>,
) -> Result<StatusCode, ServiceError> {
    shares::revoke(&services, &caller, &token).await?;
    Ok(StatusCode::NO_CONTENT)
}
