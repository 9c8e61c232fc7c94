//! Share links (thin adapters over `service::shares`): `POST|GET|DELETE
//! /api/simulations/{id}/share` for the owner, `GET|DELETE /api/shares/{token}`.

use crate::{
    model::{ErrorBody, ShareLink, ShareStatus, SharedResult, SharesRevoked},
    service::{shares, Caller, ServiceError, Services},
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};

/// A new read-only link to the caller's completed job: 201 `{token, url}`.
#[utoipa::path(
    post,
    path = "/api/simulations/{id}/share",
    tag = "shares",
    summary = "Create a read-only link to a completed simulation",
    description = "Every call makes a new link; `url` is `/s/{token}`, relative to the portal.",
    params(("id" = String, Path, description = "The caller's job id")),
    responses(
        (status = 201, description = "The new link", body = ShareLink),
        (status = 404, description = "No such job, or not the caller's", body = ErrorBody),
        (status = 409, description = "The job has not completed, or the caller has 500 live links", body = ErrorBody),
        (status = 503, description = "The database (or the system's randomness) is unavailable", body = ErrorBody),
    )
)]
pub async fn create(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<ShareLink>), ServiceError> {
    let link = shares::create(&services, &caller, &id).await?;
    Ok((StatusCode::CREATED, Json(link)))
}

/// How many live links the caller's job has: `{live}`.
#[utoipa::path(
    get,
    path = "/api/simulations/{id}/share",
    tag = "shares",
    summary = "Count a simulation's live links",
    params(("id" = String, Path, description = "The caller's job id")),
    responses(
        (status = 200, description = "Live links", body = ShareStatus),
        (status = 404, description = "No such job, or not the caller's", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
pub async fn status(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ShareStatus>, ServiceError> {
    Ok(Json(shares::status(&services, &caller, &id).await?))
}

/// Revokes every live link to the caller's job: `{revoked}` (how many).
#[utoipa::path(
    delete,
    path = "/api/simulations/{id}/share",
    tag = "shares",
    summary = "Revoke every link to a simulation",
    params(("id" = String, Path, description = "The caller's job id")),
    responses(
        (status = 200, description = "How many links were revoked", body = SharesRevoked),
        (status = 404, description = "No such job, or not the caller's", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
pub async fn revoke_all(
    State(services): State<Services>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<SharesRevoked>, ServiceError> {
    let revoked = shares::revoke_all(&services, &caller, &id).await?;
    Ok(Json(SharesRevoked { revoked }))
}

/// The shared result, for anyone with the link (never cached: a revoked link stops at once).
#[utoipa::path(
    get,
    path = "/api/shares/{token}",
    tag = "shares",
    summary = "Open a shared result (no session needed)",
    description = "The read-only result a link opens: no owner, job, result or rotation id.",
    params(("token" = String, Path, description = "The link's token (43 URL-safe characters)")),
    responses(
        (status = 200, description = "The shared result", body = SharedResult,
            headers(("Cache-Control" = String, description = "`no-store`"))),
        (status = 404, description = "Unknown, revoked or malformed token", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
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
#[utoipa::path(
    delete,
    path = "/api/shares/{token}",
    tag = "shares",
    summary = "Revoke one link (owner only)",
    params(("token" = String, Path, description = "The link's token")),
    responses(
        (status = 204, description = "Revoked; the next read is a 404"),
        (status = 404, description = "Unknown or revoked link, or someone else's", body = ErrorBody),
        (status = 503, description = "The database is unavailable", body = ErrorBody),
    )
)]
pub async fn revoke(
    State(services): State<Services>,
    caller: Caller,
    Path(token): Path<String>,
) -> Result<StatusCode, ServiceError> {
    shares::revoke(&services, &caller, &token).await?;
    Ok(StatusCode::NO_CONTENT)
}
