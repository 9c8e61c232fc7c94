//! Leptos server functions: thin adapters over [`crate::service`], the same calls the REST
//! handlers make. Errors carry the API's JSON body `{error, code, fields?}` as their message.

use crate::model::{
    AplCheckRequest, AplCheckResult, CharacterInput, Comparison, CreateSimulationRequest,
    CreatedJob, ForkInput, HistoryFilter, JobPage, JobView, PortalStatus, Rotation, RotationInput,
    SavedCharacter, ShareLink, ShareStatus, SharedResult, SimulateOptions,
};
use leptos::{prelude::*, server_fn::codec::Json};
use rotasim_engine::{apl::Vocabulary, spec::SpecFile, SpecSummary};

#[cfg(feature = "ssr")]
mod ssr {
    use crate::service::{simulations::Submitted, Caller, ServiceError, Services};
    use leptos::prelude::*;

    /// The services the router provides to every server function.
    pub fn services() -> Services {
        expect_context::<Services>()
    }

    pub async fn caller() -> Result<Caller, ServerFnError> {
        // The extractor's own error (a 503 during an outage) is the answer.
        leptos_axum::extract_with_state::<Result<Caller, ServiceError>, _>(&())
            .await
            .map_err(|e| error(ServiceError::Unavailable(e.to_string())))?
            .map_err(error)
    }

    /// The REST error body as the server function's error message, with the REST status
    /// (and rate-limit headers). An unreachable database starts an outage.
    pub fn error(e: ServiceError) -> ServerFnError {
        if let ServiceError::Db(d) = &e {
            if let Some(s) = use_context::<Services>() {
                s.db.health().observe_error(d);
            }
            tracing::warn!(error = %d, "server function answered 503: database error");
        }
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(crate::web::error::status(&e));
            headers(&res, e.headers());
        }
        ServerFnError::new(e.body().to_string())
    }

    /// A submission's job, its rate-limit headers added to the response as REST does.
    pub fn submitted(s: Submitted) -> crate::model::CreatedJob {
        if let (Some(d), Some(res)) = (&s.rate, use_context::<leptos_axum::ResponseOptions>()) {
            headers(&res, d.headers());
        }
        s.job
    }

    fn headers(res: &leptos_axum::ResponseOptions, pairs: Vec<(&'static str, String)>) {
        let mut map = axum::http::HeaderMap::new();
        crate::web::add_headers(&mut map, pairs);
        for (name, value) in map {
            if let Some(name) = name {
                res.insert_header(name, value);
            }
        }
    }
}

/// The database backend and schema version, read from the database.
#[server(endpoint = "portal_status")]
pub async fn get_portal_status() -> Result<PortalStatus, ServerFnError> {
    crate::service::status::portal_status(&ssr::services())
        .await
        .map_err(ssr::error)
}

/// Built-ins and the caller's rotations (of `spec` only, when given).
#[server(endpoint = "rotations/list", input = Json)]
pub async fn list_rotations(spec: Option<String>) -> Result<Vec<Rotation>, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::rotations::list(&ssr::services(), &caller, spec.as_deref())
        .await
        .map_err(ssr::error)
}

/// A built-in or one of the caller's rotations.
#[server(endpoint = "rotations/get", input = Json)]
pub async fn get_rotation(id: String) -> Result<Rotation, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::rotations::get(&ssr::services(), &caller, &id)
        .await
        .map_err(ssr::error)
}

/// Creates a rotation.
#[server(endpoint = "rotations/create", input = Json)]
pub async fn create_rotation(input: RotationInput) -> Result<Rotation, ServerFnError> {
    let mut caller = ssr::caller().await?;
    crate::service::rotations::create(&ssr::services(), &mut caller, &input)
        .await
        .map_err(ssr::error)
}

/// Saves a rotation's name, description and APL.
#[server(endpoint = "rotations/update", input = Json)]
pub async fn update_rotation(id: String, input: RotationInput) -> Result<Rotation, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::rotations::update(&ssr::services(), &caller, &id, &input)
        .await
        .map_err(ssr::error)
}

/// Deletes one of the caller's rotations.
#[server(endpoint = "rotations/delete", input = Json)]
pub async fn delete_rotation(id: String) -> Result<(), ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::rotations::delete(&ssr::services(), &caller, &id)
        .await
        .map_err(ssr::error)
}

/// Forks a rotation into a new one of the caller's.
#[server(endpoint = "rotations/fork", input = Json)]
pub async fn fork_rotation(id: String, input: ForkInput) -> Result<Rotation, ServerFnError> {
    let mut caller = ssr::caller().await?;
    crate::service::rotations::fork(&ssr::services(), &mut caller, &id, &input)
        .await
        .map_err(ssr::error)
}

/// The caller's simulations of a rotation, newest first.
#[server(endpoint = "rotations/simulations", input = Json)]
pub async fn rotation_simulations(id: String) -> Result<Vec<JobView>, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::rotations::results(&ssr::services(), &caller, &id)
        .await
        .map_err(ssr::error)
}

/// The caller's saved characters (of `spec` only, when given).
#[server(endpoint = "characters/list", input = Json)]
pub async fn list_characters(spec: Option<String>) -> Result<Vec<SavedCharacter>, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::characters::list(&ssr::services(), &caller, spec.as_deref())
        .await
        .map_err(ssr::error)
}

/// Saves a new character.
#[server(endpoint = "characters/create", input = Json)]
pub async fn create_character(input: CharacterInput) -> Result<SavedCharacter, ServerFnError> {
    let mut caller = ssr::caller().await?;
    crate::service::characters::create(&ssr::services(), &mut caller, &input)
        .await
        .map_err(ssr::error)
}

/// Renames or restats a character.
#[server(endpoint = "characters/update", input = Json)]
pub async fn update_character(
    id: String,
    input: CharacterInput,
) -> Result<SavedCharacter, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::characters::update(&ssr::services(), &caller, &id, &input)
        .await
        .map_err(ssr::error)
}

/// Deletes a character.
#[server(endpoint = "characters/delete", input = Json)]
pub async fn delete_character(id: String) -> Result<(), ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::characters::delete(&ssr::services(), &caller, &id)
        .await
        .map_err(ssr::error)
}

/// The simulate form's rotations (built-ins and the caller's, with their specs' default
/// characters), the caller's saved characters, and the bounds.
#[server(endpoint = "simulate_options")]
pub async fn get_simulate_options() -> Result<SimulateOptions, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::rotations::options(&ssr::services(), &caller)
        .await
        .map_err(ssr::error)
}

/// Checks a rotation's text against its spec: every error in text order, every action. (Its
/// endpoint is not `apl/check`: that path is the REST endpoint, whose body is the bare request.)
#[server(endpoint = "apl/check_apl", input = Json)]
pub async fn check_apl(request: AplCheckRequest) -> Result<AplCheckResult, ServerFnError> {
    crate::service::rotations::check_apl(&ssr::services(), &request).map_err(ssr::error)
}

/// The catalogue's specs.
#[server(endpoint = "specs")]
pub async fn list_specs() -> Result<Vec<SpecSummary>, ServerFnError> {
    Ok(crate::service::specs::list(&ssr::services()))
}

/// What a spec offers a rotation: spells, buffs, DoTs, resources, expression names.
#[server(endpoint = "specs/vocabulary", input = Json)]
pub async fn get_vocabulary(id: String) -> Result<Vocabulary, ServerFnError> {
    crate::service::specs::vocabulary(&ssr::services(), &id).map_err(ssr::error)
}

/// Validates and queues a simulation.
#[server(endpoint = "simulations/submit", input = Json)]
pub async fn submit_simulation(
    request: CreateSimulationRequest,
) -> Result<CreatedJob, ServerFnError> {
    let mut caller = ssr::caller().await?;
    crate::service::simulations::submit(&ssr::services(), &mut caller, &request)
        .await
        .map(ssr::submitted)
        .map_err(ssr::error)
}

/// One of the caller's jobs, with its report when completed.
#[server(endpoint = "simulations/get", input = Json)]
pub async fn get_simulation(id: String) -> Result<JobView, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::simulations::get(&ssr::services(), &caller, &id)
        .await
        .map_err(ssr::error)
}

/// One of the caller's jobs as its page first needs it: the report without the sample
/// iteration's event log and decisions (nine tenths of a stored report), which the Timeline
/// and APL tabs fetch with [`get_simulation`] when opened.
#[server(endpoint = "simulations/page", input = Json)]
pub async fn get_simulation_page(id: String) -> Result<JobView, ServerFnError> {
    let mut job = get_simulation(id).await?;
    if let Some(report) = job.result.as_mut() {
        report.sample_log = Vec::new();
        report.sequence = None;
    }
    Ok(job)
}

/// A page of the caller's jobs that pass `filter`, newest first.
#[server(endpoint = "simulations/list", input = Json)]
pub async fn list_simulations(
    filter: HistoryFilter,
    limit: Option<u32>,
    cursor: Option<String>,
) -> Result<JobPage, ServerFnError> {
    let caller = ssr::caller().await?;
    let limit = limit.map(|l| l.to_string());
    crate::service::simulations::list(
        &ssr::services(),
        &caller,
        &filter,
        limit.as_deref(),
        cursor.as_deref(),
    )
    .await
    .map_err(ssr::error)
}

/// 2–6 of the caller's completed runs side by side (`ids`: comma-separated job ids, the first
/// is the baseline). Not `simulations/compare`: that path is the REST endpoint.
#[server(endpoint = "simulations/comparison", input = Json)]
pub async fn compare_simulations(ids: String) -> Result<Comparison, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::compare::compare(&ssr::services(), &caller, &ids)
        .await
        .map_err(ssr::error)
}

/// Cancels one of the caller's queued or running jobs.
#[server(endpoint = "simulations/cancel", input = Json)]
pub async fn cancel_simulation(id: String) -> Result<JobView, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::simulations::cancel(&ssr::services(), &caller, &id)
        .await
        .map_err(ssr::error)
}

/// Queues a new run of one of the caller's failed or cancelled jobs.
/// "Sim again": the same job with the same seed.
#[server(endpoint = "simulations/again", input = Json)]
pub async fn simulate_again(id: String) -> Result<CreatedJob, ServerFnError> {
    let mut caller = ssr::caller().await?;
    crate::service::simulations::again(&ssr::services(), &mut caller, &id)
        .await
        .map(ssr::submitted)
        .map_err(ssr::error)
}

#[server(endpoint = "simulations/retry", input = Json)]
pub async fn retry_simulation(id: String) -> Result<CreatedJob, ServerFnError> {
    let mut caller = ssr::caller().await?;
    crate::service::simulations::retry(&ssr::services(), &mut caller, &id)
        .await
        .map(ssr::submitted)
        .map_err(ssr::error)
}

/// A spec's data, from which the browser builds the spec (`Spec::from_file`) and checks
/// rotations as the player types.
#[server(endpoint = "specs/data", input = Json)]
pub async fn get_spec_data(id: String) -> Result<SpecFile, ServerFnError> {
    crate::service::specs::data(&ssr::services(), &id).map_err(ssr::error)
}

/// A new read-only link to one of the caller's completed jobs.
#[server(endpoint = "share/create", input = Json)]
pub async fn share_simulation(id: String) -> Result<ShareLink, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::shares::create(&ssr::services(), &caller, &id)
        .await
        .map_err(ssr::error)
}

/// How many live links one of the caller's jobs has.
#[server(endpoint = "share/status", input = Json)]
pub async fn get_share_status(id: String) -> Result<ShareStatus, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::shares::status(&ssr::services(), &caller, &id)
        .await
        .map_err(ssr::error)
}

/// Revokes one of the caller's links.
#[server(endpoint = "share/revoke", input = Json)]
pub async fn revoke_share(token: String) -> Result<(), ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::shares::revoke(&ssr::services(), &caller, &token)
        .await
        .map_err(ssr::error)
}

/// Revokes every live link to one of the caller's jobs; how many.
#[server(endpoint = "share/revoke_all", input = Json)]
pub async fn revoke_simulation_shares(id: String) -> Result<u64, ServerFnError> {
    let caller = ssr::caller().await?;
    crate::service::shares::revoke_all(&ssr::services(), &caller, &id)
        .await
        .map_err(ssr::error)
}

/// The result a share link opens (no session needed).
#[server(endpoint = "share/get", input = Json)]
pub async fn get_shared_result(token: String) -> Result<SharedResult, ServerFnError> {
    crate::service::shares::open(&ssr::services(), &token)
        .await
        .map_err(ssr::error)
}
