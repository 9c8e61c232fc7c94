//! Leptos server functions: thin wrappers over `crate::service`, the same functions the REST
//! handlers call. Errors carry the API's JSON body `{error, code, fields?}` as their message.

use crate::model::{
    CreateSimulationRequest, CreatedJob, JobPage, JobView, PortalStatus, RotationSummary,
    SimulateOptions,
};
use leptos::{prelude::*, server_fn::codec::Json};

#[cfg(feature = "ssr")]
mod ssr {
    use crate::{error::AppError, service::simulations::Caller, state::AppState};
    use leptos::prelude::*;

    pub fn state() -> AppState {
        expect_context::<AppState>()
    }

    pub async fn caller() -> Result<Caller, ServerFnError> {
        leptos_axum::extract::<Caller>()
            .await
            .map_err(|e| error(AppError::Unavailable(e.to_string())))
    }

    /// The REST error body as the server function's error message, with the REST status
    /// (and rate-limit headers).
    pub fn error(e: AppError) -> ServerFnError {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(crate::api::error::status(&e));
            if let AppError::RateLimited(d) = &e {
                rate_headers(&res, d);
            }
        }
        ServerFnError::new(e.body().to_string())
    }

    /// A submission's job, its rate-limit headers added to the response as REST does.
    pub fn submitted(s: crate::service::simulations::Submitted) -> crate::model::CreatedJob {
        if let (Some(d), Some(res)) = (&s.rate, use_context::<leptos_axum::ResponseOptions>()) {
            rate_headers(&res, d);
        }
        s.job
    }

    fn rate_headers(res: &leptos_axum::ResponseOptions, d: &crate::ratelimit::Decision) {
        let mut headers = axum::http::HeaderMap::new();
        crate::api::rate_limit::apply(&mut headers, d);
        for (name, value) in headers {
            if let Some(name) = name {
                res.insert_header(name, value);
            }
        }
    }
}

/// The database backend and schema version, read from the database.
#[server(endpoint = "portal_status")]
pub async fn get_portal_status() -> Result<PortalStatus, ServerFnError> {
    crate::service::status::portal_status(&ssr::state())
        .await
        .map_err(|e| ssr::error(e.into()))
}

/// The rotations a player can simulate.
#[server(endpoint = "rotations")]
pub async fn list_rotations() -> Result<Vec<RotationSummary>, ServerFnError> {
    crate::service::rotations::list(&ssr::state())
        .await
        .map_err(|e| ssr::error(e.into()))
}

/// The simulate form's rotations (with their specs' default characters) and bounds.
#[server(endpoint = "simulate_options")]
pub async fn get_simulate_options() -> Result<SimulateOptions, ServerFnError> {
    crate::service::rotations::options(&ssr::state())
        .await
        .map_err(|e| ssr::error(e.into()))
}

/// Validates and queues a simulation.
#[server(endpoint = "simulations/submit", input = Json)]
pub async fn submit_simulation(
    request: CreateSimulationRequest,
) -> Result<CreatedJob, ServerFnError> {
    let mut caller = ssr::caller().await?;
    crate::service::simulations::submit(&ssr::state(), &mut caller, &request)
        .await
        .map(ssr::submitted)
        .map_err(ssr::error)
}

/// One of the caller's jobs, with its report when completed.
#[server(endpoint = "simulations/get", input = Json)]
pub async fn get_simulation(id: String) -> Result<JobView, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::simulations::get(&ssr::state(), &caller, &id)
        .await
        .map_err(ssr::error)
}

/// A page of the caller's jobs, newest first.
#[server(endpoint = "simulations/list", input = Json)]
pub async fn list_simulations(
    limit: Option<u32>,
    cursor: Option<String>,
) -> Result<JobPage, ServerFnError> {
    let caller = ssr::caller().await?;
    let limit = limit.map(|l| l.to_string());
    crate::service::simulations::list(&ssr::state(), &caller, limit.as_deref(), cursor.as_deref())
        .await
        .map_err(ssr::error)
}

/// Cancels one of the caller's queued or running jobs.
#[server(endpoint = "simulations/cancel", input = Json)]
pub async fn cancel_simulation(id: String) -> Result<JobView, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::simulations::cancel(&ssr::state(), &caller, &id)
        .await
        .map_err(ssr::error)
}

/// Queues a new run of one of the caller's failed or cancelled jobs.
#[server(endpoint = "simulations/retry", input = Json)]
pub async fn retry_simulation(id: String) -> Result<CreatedJob, ServerFnError> {
    let mut caller = ssr::caller().await?;
    crate::service::simulations::retry(&ssr::state(), &mut caller, &id)
        .await
        .map(ssr::submitted)
        .map_err(ssr::error)
}
