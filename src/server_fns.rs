//! Leptos server functions: thin wrappers over `crate::service`.

use crate::model::PortalStatus;
use leptos::prelude::*;

/// The database backend and schema version, read from the database.
#[server(endpoint = "portal_status")]
pub async fn get_portal_status() -> Result<PortalStatus, ServerFnError> {
    let state = expect_context::<crate::state::AppState>();
    crate::service::status::portal_status(&state)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "portal status failed");
            ServerFnError::new("the database did not answer")
        })
}
