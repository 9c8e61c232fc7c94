//! `GET /api/specs`, `GET /api/specs/{id}/vocabulary` and `GET /api/specs/{id}/data`: thin
//! adapters over `service::specs`.

use crate::{
    model::ErrorBody,
    service::{specs, ServiceError, Services},
};
use axum::{
    extract::{Path, State},
    Json,
};
use rotasim_engine::{apl::Vocabulary, spec::SpecFile, SpecSummary};

/// The catalogue's specs, as `rotasim-sim specs --json` lists them.
#[utoipa::path(
    get,
    path = "/api/specs",
    tag = "specs",
    summary = "The catalogue's specs",
    responses((status = 200, description = "Every built-in spec", body = Vec<SpecSummary>))
)]
pub async fn list(State(services): State<Services>) -> Json<Vec<SpecSummary>> {
    Json(specs::list(&services))
}

/// What a spec offers a rotation; 404 for an unknown spec.
#[utoipa::path(
    get,
    path = "/api/specs/{id}/vocabulary",
    tag = "specs",
    summary = "The names a spec offers a rotation (spells, buffs, expressions, …)",
    params(("id" = String, Path, description = "Spec id (`fire_mage`)")),
    responses(
        (status = 200, description = "The spec's vocabulary", body = Vocabulary),
        (status = 404, description = "Unknown spec", body = ErrorBody),
    )
)]
pub async fn vocabulary(
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Json<Vocabulary>, ServiceError> {
    Ok(Json(specs::vocabulary(&services, &id)?))
}

/// A spec's data (its spec file as JSON); 404 for an unknown spec.
#[utoipa::path(
    get,
    path = "/api/specs/{id}/data",
    tag = "specs",
    summary = "A spec's data file as JSON",
    description = "The `engine/data/specs/*.toml` shape, field names as in the file \\
        (`snake_case`), from which the browser builds the spec to check rotations as the \\
        player types.",
    params(("id" = String, Path, description = "Spec id (`fire_mage`)")),
    responses(
        (status = 200, description = "The spec file", body = SpecFile),
        (status = 404, description = "Unknown spec", body = ErrorBody),
    )
)]
pub async fn data(
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Json<SpecFile>, ServiceError> {
    Ok(Json(specs::data(&services, &id)?))
}
