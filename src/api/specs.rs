//! `GET /api/specs`, `GET /api/specs/{id}/vocabulary` and `GET /api/specs/{id}/data`: thin
//! adapters over `service::specs`.

use crate::service::{specs, ServiceError, Services};
use axum::{
    extract::{Path, State},
    Json,
};
use rotasim_engine::{apl::Vocabulary, spec::SpecFile, SpecSummary};

/// The catalogue's specs, as `rotasim-sim specs --json` lists them.
pub async fn list(State(services): State<Services>) -> Json<Vec<SpecSummary>> {
    Json(specs::list(&services))
}

/// What a spec offers a rotation; 404 for an unknown spec.
pub async fn vocabulary(
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Json<Vocabulary>, ServiceError> {
    Ok(Json(specs::vocabulary(&services, &id)?))
}

/// A spec's data (its spec file as JSON); 404 for an unknown spec.
pub async fn data(
    State(services): State<Services>,
    Path(id): Path<String>,
) -> Result<Json<SpecFile>, ServiceError> {
    Ok(Json(specs::data(&services, &id)?))
}
