//! Simulation jobs: submission (rate-limited), status, cancellation, retry; with the history
//! ([`history`], its filters in [`filter`]), request checks ([`request`]) and downloads ([`export`]) beside it.

pub mod export;
pub mod filter;
pub mod history;
pub mod request;

pub use export::{export, Export, ExportFormat};
pub use history::{list, MAX_PAGE};
pub use request::{parse_request, validate, validate_batch, Source, MAX_BODY_BYTES};

use crate::{
    jobs::{CancelOutcome, JobRequest, SubmitError},
    model::{
        paths, BatchResult, BatchVariant, CreateSimulationRequest, CreatedJob, JobRecord,
        JobSnapshot, JobStatus, JobView,
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
    if let Some(variants) = &req.variants {
        let runs = validate_batch(services, caller, req).await?;
        let labels = variants.iter().map(|v| v.label.trim().to_string());
        let plan = runs
            .into_iter()
            .zip(labels)
            .map(|((config, source), label)| batch_variant(services, config, source, label))
            .collect();
        return enqueue(services, caller, Plan::Batch(plan), None).await;
    }
    let (config, source) = validate(services, caller, req).await?;
    enqueue(
        services,
        caller,
        Plan::Single(Box::new(config), source),
        None,
    )
    .await
}

/// What a submission runs: one configuration, or a batch's variants (baseline first).
#[derive(Debug, Clone)]
pub enum Plan {
    /// One run.
    Single(Box<SimConfig>, Source),
    /// 2–12 variants on the same iterations.
    Batch(Vec<BatchVariant>),
}

fn batch_variant(
    services: &Services,
    config: SimConfig,
    source: Source,
    label: String,
) -> BatchVariant {
    BatchVariant {
        label,
        rotation_id: Some(source.rotation_id).filter(|id| !id.is_empty()),
        rotation_name: source.label,
        rotation_version: source.version,
        spec_version: services.catalog.get(&config.spec).map(specs::data_version),
        config,
    }
}

/// The name a batch job goes by in the history: its labels.
fn batch_label(variants: &[BatchVariant]) -> String {
    let names: Vec<&str> = variants.iter().map(|v| v.label.as_str()).collect();
    let mut label = format!("Batch: {}", names.join(" vs "));
    if label.chars().count() > 120 {
        label = label.chars().take(119).collect::<String>() + "…";
    }
    label
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
    plan: Plan,
    retry_of: Option<String>,
) -> Result<Submitted, ServiceError> {
    let (config, source, variants) = match plan {
        Plan::Single(config, source) => (*config, source, Vec::new()),
        Plan::Batch(variants) => {
            let Some(first) = variants.first() else {
                return Err(request::invalid(
                    [("variants".to_string(), "no variants".to_string())].into(),
                ));
            };
            let source = Source {
                rotation_id: String::new(),
                label: batch_label(&variants),
                version: None,
            };
            (first.config.clone(), source, variants)
        }
    };
    let prepared = config
        .validate(&services.catalog)
        .map_err(|e| request::invalid(e.fields))?;
    let batch = variants
        .iter()
        .map(|v| Ok((v.clone(), v.config.validate(&services.catalog)?)))
        .collect::<Result<Vec<_>, rotasim_engine::ValidationErrors>>()
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
        (variants.len() as u32).max(1)
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
        variant_count: variants.len() as i32,
        variants: (!variants.is_empty()).then(|| crate::jobs::json(&variants)),
    };
    let job = JobRequest {
        record,
        owner_key: caller.owner_key(),
        prepared,
        batch,
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
    let batch = match (&record.result_id, &caller.user_id, record.variant_count > 0) {
        (Some(rid), Some(owner), true) => services
            .db
            .result_batch(rid, owner)
            .await?
            .and_then(|text| serde_json::from_str::<BatchResult>(&text).ok()),
        _ => None,
    };
    let snapshot = snapshot(&record);
    let variant_labels = match stored_plan(&record) {
        Ok(Plan::Batch(variants)) => variants.into_iter().map(|v| v.label).collect(),
        _ => Vec::new(),
    };
    Ok(JobView {
        result: report,
        batch,
        variant_labels,
        snapshot,
        ..JobView::from(record)
    })
}

/// What the job ran, from its stored configuration.
pub fn snapshot(record: &JobRecord) -> Option<JobSnapshot> {
    let config: SimConfig = serde_json::from_str(&record.config).ok()?;
    // Settings a stored configuration predates are not shown as if it had run with them.
    let stored = |key: &str| record.config.contains(&format!("\"{key}\":"));
    Some(JobSnapshot {
        raid: stored("raid").then_some(config.raid),
        reaction: stored("reaction").then_some(config.reaction),
        latency: stored("latency").then_some(config.latency),
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
    let seed = request::random_seed();
    let plan = match stored_plan(&record)? {
        Plan::Single(config, source) => {
            Plan::Single(Box::new(SimConfig { seed, ..*config }), source)
        }
        Plan::Batch(variants) => Plan::Batch(
            variants
                .into_iter()
                .map(|v| BatchVariant {
                    config: SimConfig { seed, ..v.config },
                    ..v
                })
                .collect(),
        ),
    };
    enqueue(services, caller, plan, Some(record.id)).await
}

/// "Sim again": queues a new job with exactly what the caller's job ran — its APL snapshot,
/// character, fight and seed — whatever its state and whatever happened to its rotation since.
pub async fn again(
    services: &Services,
    caller: &mut Caller,
    id: &str,
) -> Result<Submitted, ServiceError> {
    let record = owned(services, caller, id).await?;
    let plan = stored_plan(&record)?;
    enqueue(services, caller, plan, None).await
}

/// What a stored job ran, to run it again.
fn stored_plan(record: &JobRecord) -> Result<Plan, ServiceError> {
    let incompatible = || {
        ServiceError::Conflict(format!(
            "simulation '{}' was stored by an incompatible version and cannot be run again",
            record.id
        ))
    };
    if let Some(text) = &record.variants {
        let variants: Vec<BatchVariant> = serde_json::from_str(text).map_err(|_| incompatible())?;
        return Ok(Plan::Batch(variants));
    }
    let config = serde_json::from_str(&record.config).map_err(|_| incompatible())?;
    Ok(Plan::Single(Box::new(config), source_of(record)))
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
