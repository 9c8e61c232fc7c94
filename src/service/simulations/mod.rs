//! Simulation jobs: submission (rate-limited), status, cancellation, retry; with the history
//! ([`history`], its filters in [`filter`]), request checks ([`request`]) and downloads ([`export`]) beside it.

pub mod export;
pub mod filter;
pub mod history;
pub mod request;

pub use export::{export, Export, ExportFormat};
pub use history::{list, MAX_PAGE};
pub use request::{parse_request, validate, Source, MAX_BODY_BYTES};

use crate::{
    jobs::{CancelOutcome, JobRequest, SubmitError},
    model::{
        paths, CreateSimulationRequest, CreatedJob, JobRecord, JobSnapshot, JobStatus, JobView,
    },
    ratelimit::Decision,
    service::{specs, Caller, ServiceError, Services},
};
use rotasim_engine::{SimConfig, SimReport};

/// A queued job and where its caller stands with the rate limit (`None`: unlimited).
#[derive(Debug, Clone)]
pub struct Submitted {
    /// The new job.
    pub job: CreatedJob,
    /// The rate-limit decision that admitted it.
    pub rate: Option<Decision>,
}

/// Validates, stores and queues a simulation (counted by the rate limit).
pub async fn submit(
    services: &Services,
    caller: &mut Caller,
    req: &CreateSimulationRequest,
) -> Result<Submitted, ServiceError> {
    let (config, source) = validate(services, caller, req).await?;
    enqueue(services, caller, config, source, None).await
}

/// Counts a submission against the caller's rate limit: per profile, per client address for
/// callers without one (so profiles cannot be minted to dodge the limit). Refused submissions
/// are [`ServiceError::RateLimited`] and leave nothing behind.
pub async fn admit(services: &Services, caller: &Caller) -> Result<Option<Decision>, ServiceError> {
    let Some(decision) = services.limiter.check(&caller.rate_key()).await else {
        return Ok(None);
    };
    if decision.allowed {
        Ok(Some(decision))
    } else {
        crate::telemetry::metrics::rate_limited();
        tracing::info!(
            key_kind = if caller.user_id.is_some() {
                "user"
            } else {
                "ip"
            },
            retry_after_secs = decision.reset_after_secs(),
            "submission rate-limited"
        );
        Err(ServiceError::RateLimited(decision))
    }
}

/// Queues a validated configuration for the caller (attaching a profile if they have none)
/// once the rate limit admits it.
async fn enqueue(
    services: &Services,
    caller: &mut Caller,
    config: SimConfig,
    source: Source,
    retry_of: Option<String>,
) -> Result<Submitted, ServiceError> {
    let prepared = config
        .validate(&services.catalog)
        .map_err(|e| request::invalid(e.fields))?;
    let anonymous = caller.user_id.is_none();
    let mut rate = admit(services, caller).await?;
    let user_id = caller.ensure_user(&services.db).await?;
    if anonymous {
        // The new profile's window starts with this submission; the caller is told the
        // tighter of the two windows (a client that drops its cookie stays on the address's).
        if let Some(user) = services.limiter.check(&caller.rate_key()).await {
            rate = rate.map(|ip| {
                if user.remaining < ip.remaining {
                    user
                } else {
                    ip
                }
            });
        }
    }
    let id = request::new_job_id();
    let passes = if config.stat_weights {
        1 + rotasim_engine::StatKind::ALL.len() as u32
    } else {
        1
    };
    let record = JobRecord {
        id: id.clone(),
        user_id: Some(user_id),
        status: JobStatus::Queued,
        rotation_id: source.rotation_id,
        rotation_name: Some(source.label),
        rotation_class: None,
        rotation_spec: None,
        duration: config.duration.round() as i32,
        iterations: config.iterations as i32,
        fight_type: config.fight.name().to_string(),
        character: config.character.as_ref().map(crate::jobs::json),
        config: crate::jobs::json(&config),
        progress_current: 0,
        progress_total: (config.iterations * passes) as i32,
        created_at: String::new(),
        started_at: None,
        completed_at: None,
        result_id: None,
        mean_dps: None,
        error_message: None,
        error_code: None,
        attempts: 0,
        seed: config.seed as i64,
        priority: 0,
        retry_of,
        rotation_version: source.version,
        spec_id: Some(config.spec.clone()),
        spec_version: services.catalog.get(&config.spec).map(specs::data_version),
        edited_since: false,
        rotation_deleted: false,
    };
    let job = JobRequest {
        record,
        owner_key: caller.owner_key(),
        prepared,
    };
    services.jobs.submit(job, 0).await.map_err(|e| match e {
        SubmitError::OwnerQueueFull(_) => ServiceError::TooMany(e.to_string()),
        SubmitError::QueueFull(_) | SubmitError::ShuttingDown => {
            ServiceError::Unavailable(e.to_string())
        }
        SubmitError::Db(d) => ServiceError::Db(d),
    })?;
    crate::telemetry::metrics::job_submitted();
    Ok(Submitted {
        job: CreatedJob {
            stream_url: paths::stream(&id),
            job_id: id,
            status: JobStatus::Queued,
        },
        rate,
    })
}

/// The caller's job, with its report when completed; someone else's job is "not found".
pub async fn get(services: &Services, caller: &Caller, id: &str) -> Result<JobView, ServiceError> {
    let record = owned(services, caller, id).await?;
    let report = match (&record.result_id, &caller.user_id) {
        (Some(rid), Some(owner)) => services
            .db
            .result_report(rid, owner)
            .await?
            .and_then(|text| serde_json::from_str::<SimReport>(&text).ok()),
        _ => None,
    };
    let snapshot = snapshot(&record);
    Ok(JobView {
        result: report,
        snapshot,
        ..JobView::from(record)
    })
}

/// What the job ran, from its stored configuration.
pub fn snapshot(record: &JobRecord) -> Option<JobSnapshot> {
    let config: SimConfig = serde_json::from_str(&record.config).ok()?;
    Some(JobSnapshot {
        spec_version: record.spec_version.clone(),
        apl: config.apl.unwrap_or_default(),
        character: config.character,
        seed: config.seed.to_string(),
        targets: config.targets,
        target_error: config.target_error,
        stat_weights: config.stat_weights,
        spec_id: config.spec,
    })
}

/// The job's record if it exists and belongs to the caller.
pub async fn owned(
    services: &Services,
    caller: &Caller,
    id: &str,
) -> Result<JobRecord, ServiceError> {
    let record = match &caller.user_id {
        Some(owner) => services.db.owned_job(id, owner).await?,
        None => None,
    };
    record.ok_or_else(|| ServiceError::not_found(format_args!("simulation '{id}'")))
}

/// Cancels the caller's queued or running job (409 when it has already ended).
pub async fn cancel(
    services: &Services,
    caller: &Caller,
    id: &str,
) -> Result<JobView, ServiceError> {
    owned(services, caller, id).await?;
    match services.jobs.cancel(id).await? {
        CancelOutcome::Cancelled => get(services, caller, id).await,
        CancelOutcome::AlreadyFinished => {
            let record = owned(services, caller, id).await?;
            Err(ServiceError::Conflict(format!(
                "simulation '{id}' has already {}",
                record.status.as_str()
            )))
        }
        CancelOutcome::NotFound => Err(ServiceError::not_found(format_args!("simulation '{id}'"))),
    }
}

/// Queues a new job with the configuration of the caller's failed or cancelled job (and a new
/// seed); 409 for a job that is queued, running or completed.
pub async fn retry(
    services: &Services,
    caller: &mut Caller,
    id: &str,
) -> Result<Submitted, ServiceError> {
    let record = owned(services, caller, id).await?;
    if !matches!(record.status, JobStatus::Failed | JobStatus::Cancelled) {
        return Err(ServiceError::Conflict(format!(
            "simulation '{id}' is {}; only failed or cancelled simulations can be retried",
            record.status.as_str()
        )));
    }
    let mut config = stored_config(&record)?;
    config.seed = request::random_seed();
    enqueue(
        services,
        caller,
        config,
        source_of(&record),
        Some(record.id),
    )
    .await
}

/// "Sim again": queues a new job with exactly what the caller's job ran — its APL snapshot,
/// character, fight and seed — whatever its state and whatever happened to its rotation since.
pub async fn again(
    services: &Services,
    caller: &mut Caller,
    id: &str,
) -> Result<Submitted, ServiceError> {
    let record = owned(services, caller, id).await?;
    let config = stored_config(&record)?;
    enqueue(services, caller, config, source_of(&record), None).await
}

fn stored_config(record: &JobRecord) -> Result<SimConfig, ServiceError> {
    serde_json::from_str(&record.config).map_err(|_| {
        ServiceError::Conflict(format!(
            "simulation '{}' was stored by an incompatible version and cannot be run again",
            record.id
        ))
    })
}

fn source_of(record: &JobRecord) -> Source {
    Source {
        rotation_id: record.rotation_id.clone(),
        label: record
            .rotation_name
            .clone()
            .unwrap_or_else(|| record.rotation_id.clone()),
        version: record.rotation_version,
    }
}
