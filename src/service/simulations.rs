//! Simulation jobs: validation, submission, status, history and cancellation. REST handlers and
//! server functions both call these.

pub use super::caller::Caller;
use crate::{
    db::{self, JobRow},
    error::AppError,
    jobs::{CancelOutcome, JobRequest, SubmitError},
    model::{CreateSimulationRequest, CreatedJob, JobPage, JobProgress, JobStatus, JobView},
    ratelimit::Decision,
    state::AppState,
};
use rotasim_engine::{FightKind, SimConfig, SimReport};
use std::collections::BTreeMap;

/// Largest accepted request body.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Largest history page.
pub const MAX_PAGE: i64 = 100;
/// Largest stored report JSON; longer sample event logs are shortened to fit.
pub const MAX_REPORT_BYTES: usize = 2 * 1024 * 1024;

/// Parses a JSON body, naming the offending field on error.
pub fn parse_request(body: &[u8]) -> Result<CreateSimulationRequest, AppError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(AppError::PayloadTooLarge(MAX_BODY_BYTES));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::field(
            "body",
            "the request body is empty; send a JSON object",
        ));
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.inner();
        if inner.is_syntax() || inner.is_eof() {
            return AppError::field("body", format!("malformed JSON: {inner}"));
        }
        let msg = inner.to_string();
        let path = e.path().to_string();
        // Missing and unknown fields are reported at the parent; name the field itself.
        let named = ["missing field `", "unknown field `"].iter().find_map(|p| {
            msg.split_once(p)
                .and_then(|(_, rest)| rest.split_once('`'))
                .map(|(f, _)| f.to_string())
        });
        let field = match (named, path.as_str()) {
            (Some(f), ".") => f,
            (Some(f), p) if p == f || p.ends_with(&format!(".{f}")) => p.to_string(),
            (Some(f), p) => format!("{p}.{f}"),
            (None, p) if p == "." || p.starts_with('[') => "body".to_string(),
            (None, p) => p.to_string(),
        };
        let clean = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        AppError::field(&field, clean)
    })
}

fn random_u64() -> u64 {
    let b = uuid::Uuid::new_v4().into_bytes();
    u64::from_le_bytes(b[..8].try_into().expect("8 bytes"))
}

/// A new job id: 16 characters of [0-9a-z].
pub fn new_job_id() -> String {
    let mut n = u128::from_le_bytes(uuid::Uuid::new_v4().into_bytes());
    let mut s = String::with_capacity(16);
    for _ in 0..16 {
        s.push(char::from_digit((n % 36) as u32, 36).expect("digit"));
        n /= 36;
    }
    s
}

/// Validates a request against the seed's bounds, the rotation table and the engine.
pub async fn validate(
    state: &AppState,
    req: &CreateSimulationRequest,
) -> Result<(SimConfig, crate::model::RotationSummary), AppError> {
    let mut fields = req.field_errors();
    let fight = FightKind::parse(&req.fight_type);
    let rotation = state.db.find_rotation(&req.rotation_id).await?;
    if rotation.is_none() && !req.rotation_id.trim().is_empty() {
        fields.insert(
            "rotationId".into(),
            format!("unknown rotation '{}'", req.rotation_id),
        );
    }
    let (Some(fight), Some(rotation)) = (fight, rotation) else {
        return Err(invalid(fields));
    };
    let config = req.to_config(
        fight,
        rotation.spec_id.clone(),
        Some(rotation.apl.clone()),
        req.seed.unwrap_or_else(random_u64),
    );
    if let Err(e) = config.validate(&state.catalog) {
        for (k, v) in e.fields {
            let k = match k.as_str() {
                "spec" | "apl" => "rotationId".to_string(),
                "fight" => "fightType".to_string(),
                _ => k,
            };
            fields.entry(k).or_insert(v);
        }
    }
    if fields.is_empty() {
        Ok((config, rotation))
    } else {
        Err(invalid(fields))
    }
}

fn invalid(fields: BTreeMap<String, String>) -> AppError {
    let names: Vec<&str> = fields.keys().map(String::as_str).collect();
    AppError::Invalid {
        message: format!("invalid simulation request: {}", names.join(", ")),
        fields,
    }
}

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
    state: &AppState,
    caller: &mut Caller,
    req: &CreateSimulationRequest,
) -> Result<Submitted, AppError> {
    let (config, rotation) = validate(state, req).await?;
    enqueue(state, caller, config, rotation.id, None).await
}

/// Counts a submission against the caller's rate limit: per profile, per client address for
/// callers without one (so profiles cannot be minted to dodge the limit). Refused submissions
/// are [`AppError::RateLimited`] and leave nothing behind.
pub async fn admit(state: &AppState, caller: &Caller) -> Result<Option<Decision>, AppError> {
    let Some(decision) = state.limiter.check(&caller.rate_key()).await else {
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
        Err(AppError::RateLimited(decision))
    }
}

/// Queues a validated configuration for the caller (attaching a profile if they have none)
/// once the rate limit admits it.
async fn enqueue(
    state: &AppState,
    caller: &mut Caller,
    config: SimConfig,
    rotation_id: String,
    retry_of: Option<String>,
) -> Result<Submitted, AppError> {
    let prepared = config
        .validate(&state.catalog)
        .map_err(|e| invalid(e.fields))?;
    let anonymous = caller.user_id.is_none();
    let mut rate = admit(state, caller).await?;
    let user_id = caller.ensure_user(&state.db).await?;
    if anonymous {
        // The new profile's window starts with this submission; the caller is told the
        // tighter of the two windows (a client that drops its cookie stays on the address's).
        if let Some(user) = state.limiter.check(&caller.rate_key()).await {
            rate = rate.map(|ip| {
                if user.remaining < ip.remaining {
                    user
                } else {
                    ip
                }
            });
        }
    }
    let id = new_job_id();
    let passes = if config.stat_weights {
        1 + rotasim_engine::StatKind::ALL.len() as u32
    } else {
        1
    };
    let row = db::NewJob {
        id: id.clone(),
        user_id: Some(user_id),
        rotation_id: rotation_id.clone(),
        duration: config.duration.round() as i32,
        iterations: config.iterations as i32,
        fight_type: config.fight.name().to_string(),
        character: config.character.as_ref().map(json),
        config: serde_json::to_string(&config).expect("config serialises"),
        total: (config.iterations * passes) as i32,
        seed: config.seed as i64,
        priority: 0,
        retry_of,
    };
    let job = JobRequest {
        row,
        owner_key: caller.owner_key(),
        prepared,
        rotation_id,
    };
    state.jobs.submit(job, 0).await.map_err(|e| match e {
        SubmitError::OwnerQueueFull(_) => AppError::TooMany(e.to_string()),
        SubmitError::QueueFull(_) | SubmitError::ShuttingDown => {
            AppError::Unavailable(e.to_string())
        }
        SubmitError::Db(d) => AppError::Db(d),
    })?;
    crate::telemetry::metrics::job_submitted();
    Ok(Submitted {
        job: CreatedJob {
            stream_url: format!("/api/simulations/{id}/stream"),
            job_id: id,
            status: JobStatus::Queued,
        },
        rate,
    })
}

/// Rebuilds a queued job from its row (recovery after a restart).
pub fn request_from_row(state: &AppState, row: &JobRow) -> Option<JobRequest> {
    let config: SimConfig = serde_json::from_str(&row.config).ok()?;
    let prepared = config.validate(&state.catalog).ok()?;
    let row_new = db::NewJob {
        id: row.id.clone(),
        user_id: row.user_id.clone(),
        rotation_id: row.rotation_id.clone(),
        duration: row.duration,
        iterations: row.iterations,
        fight_type: row.fight_type.clone(),
        character: None,
        config: row.config.clone(),
        total: row.progress_total,
        seed: row.seed,
        priority: row.priority,
        retry_of: row.retry_of.clone(),
    };
    let owner_key = row.user_id.clone().unwrap_or_else(|| "recovered".into());
    Some(JobRequest {
        row: row_new,
        owner_key,
        prepared,
        rotation_id: row.rotation_id.clone(),
    })
}

/// The result row of a finished job.
pub fn result_row(req: &JobRequest, report: &SimReport, result_id: &str) -> db::NewResult {
    let c = &req.prepared.config;
    let charts = serde_json::json!({
        "histogram": report.histogram,
        "abilities": report.abilities,
        "buffs": report.buffs,
    });
    db::NewResult {
        id: result_id.to_string(),
        rotation_id: req.rotation_id.clone(),
        user_id: req.row.user_id.clone(),
        duration: req.row.duration,
        iterations: report.stats.iterations as i32,
        fight_type: c.fight.name().to_string(),
        scenario: serde_json::json!({
            "targets": req.prepared.targets,
            "seed": c.seed,
            "targetError": c.target_error,
            "varyLength": c.vary_length,
            "statWeights": c.stat_weights,
        })
        .to_string(),
        gear_set: json(&req.prepared.character),
        sim_version: report.engine_version.clone(),
        mean_dps: report.stats.mean_dps,
        min_dps: report.stats.min_dps,
        max_dps: report.stats.max_dps,
        std_dev: report.stats.std_dev,
        stat_weights: report.stat_weights.as_ref().map(json),
        timeline: json(&report.timeline),
        charts: charts.to_string(),
        report: bounded_report(report),
    }
}

/// The report as JSON of at most [`MAX_REPORT_BYTES`]: the sample event log (the only part
/// that grows with the fight) is shortened until it fits.
fn bounded_report(report: &SimReport) -> String {
    let mut text = json(report);
    if text.len() <= MAX_REPORT_BYTES {
        return text;
    }
    let mut trimmed = report.clone();
    while text.len() > MAX_REPORT_BYTES && !trimmed.sample_log.is_empty() {
        let keep = trimmed.sample_log.len() * MAX_REPORT_BYTES / text.len() * 9 / 10;
        trimmed.sample_log.truncate(keep);
        text = json(&trimmed);
    }
    text
}

/// A report part as JSON text for a JSON column.
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("report types serialise")
}

fn view(row: JobRow, result: Option<SimReport>) -> JobView {
    let status = JobStatus::parse(&row.status).unwrap_or(JobStatus::Failed);
    let current = if status == JobStatus::Completed {
        row.progress_total
    } else {
        row.progress_current
    };
    JobView {
        job_id: row.id,
        status,
        progress: JobProgress::new(current.max(0) as u64, row.progress_total.max(0) as u64),
        rotation_id: row.rotation_id,
        rotation_name: row.rotation_name,
        rotation_class: row.rotation_class,
        rotation_spec: row.rotation_spec,
        fight_type: row.fight_type,
        duration: row.duration.max(0) as u32,
        iterations: row.iterations.max(0) as u32,
        created_at: row.created_at,
        started_at: row.started_at,
        completed_at: row.completed_at,
        mean_dps: row.mean_dps,
        error: row.error_message,
        error_code: row.error_code,
        attempts: row.attempts.max(0) as u32,
        retry_of: row.retry_of,
        result_id: row.result_id,
        result,
    }
}

/// The caller's job, with its report when completed; someone else's job is "not found".
pub async fn get(state: &AppState, caller: &Caller, id: &str) -> Result<JobView, AppError> {
    let row = owned_row(state, caller, id).await?;
    let report = match (&row.result_id, &caller.user_id) {
        (Some(rid), Some(owner)) => state
            .db
            .result_report(rid, owner)
            .await?
            .and_then(|text| serde_json::from_str::<SimReport>(&text).ok()),
        _ => None,
    };
    Ok(view(row, report))
}

/// The job row if it exists and belongs to the caller.
pub async fn owned_row(state: &AppState, caller: &Caller, id: &str) -> Result<JobRow, AppError> {
    let row = match &caller.user_id {
        Some(owner) => state.db.owned_job(id, owner).await?,
        None => None,
    };
    row.ok_or_else(|| AppError::NotFound(format!("simulation '{id}' not found")))
}

/// The caller's jobs, newest first.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    limit: Option<&str>,
    cursor: Option<&str>,
) -> Result<JobPage, AppError> {
    let limit = match limit {
        None | Some("") => 20,
        Some(l) => match l.parse::<i64>() {
            Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
            _ => {
                return Err(AppError::field(
                    "limit",
                    format!("must be a whole number from 1 to {MAX_PAGE}"),
                ))
            }
        },
    };
    let cursor = match cursor.filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(
            decode_cursor(c)
                .ok_or_else(|| AppError::field("cursor", "is not a cursor from a previous page"))?,
        ),
    };
    let rows = match &caller.user_id {
        Some(owner) => {
            state
                .db
                .list_jobs(
                    owner,
                    limit + 1,
                    cursor.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
                )
                .await?
        }
        None => Vec::new(),
    };
    let more = rows.len() as i64 > limit;
    let results: Vec<JobView> = rows
        .into_iter()
        .take(limit as usize)
        .map(|r| view(r, None))
        .collect();
    let next_cursor = if more {
        results
            .last()
            .map(|j| encode_cursor(&j.created_at, &j.job_id))
    } else {
        None
    };
    Ok(JobPage {
        results,
        next_cursor,
    })
}

fn encode_cursor(created_at: &str, id: &str) -> String {
    format!("{created_at}|{id}")
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn decode_cursor(c: &str) -> Option<(String, String)> {
    if !c.len().is_multiple_of(2) || c.len() > 512 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..c.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(c.get(i..i + 2)?, 16).ok())
        .collect();
    let text = String::from_utf8(bytes?).ok()?;
    let (at, id) = text.split_once('|')?;
    let valid_at = at.len() >= 20
        && at
            .bytes()
            .all(|b| b.is_ascii_digit() || b"-:.TZ".contains(&b));
    let valid_id = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric());
    (valid_at && valid_id).then(|| (at.to_string(), id.to_string()))
}

/// Cancels the caller's queued or running job (409 when it has already ended).
pub async fn cancel(state: &AppState, caller: &Caller, id: &str) -> Result<JobView, AppError> {
    owned_row(state, caller, id).await?;
    match state.jobs.cancel(id).await? {
        CancelOutcome::Cancelled => get(state, caller, id).await,
        CancelOutcome::AlreadyFinished => {
            let row = owned_row(state, caller, id).await?;
            Err(AppError::Conflict(format!(
                "simulation '{id}' has already {}",
                row.status
            )))
        }
        CancelOutcome::NotFound => Err(AppError::NotFound(format!("simulation '{id}' not found"))),
    }
}

/// Queues a new job with the configuration of the caller's failed or cancelled job (and a new
/// seed); 409 for a job that is queued, running or completed.
pub async fn retry(state: &AppState, caller: &mut Caller, id: &str) -> Result<Submitted, AppError> {
    let row = owned_row(state, caller, id).await?;
    if !matches!(row.status.as_str(), "failed" | "cancelled") {
        return Err(AppError::Conflict(format!(
            "simulation '{id}' is {}; only failed or cancelled simulations can be retried",
            row.status
        )));
    }
    let mut config: SimConfig = serde_json::from_str(&row.config).map_err(|_| {
        AppError::Conflict(format!(
            "simulation '{id}' was stored by an incompatible version and cannot be retried"
        ))
    })?;
    config.seed = random_u64();
    enqueue(state, caller, config, row.rotation_id, Some(row.id)).await
}

/// Export formats of a finished simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The job and its full report.
    Json,
    /// Summary and per-ability table.
    Csv,
}

impl ExportFormat {
    /// Parses `?format=` (JSON when absent).
    pub fn parse(s: Option<&str>) -> Result<ExportFormat, AppError> {
        match s.unwrap_or("json") {
            "json" => Ok(ExportFormat::Json),
            "csv" => Ok(ExportFormat::Csv),
            other => Err(AppError::field(
                "format",
                format!("unknown export format '{other}' (json or csv)"),
            )),
        }
    }
}

/// A file to download.
#[derive(Debug, Clone)]
pub struct Export {
    /// MIME type.
    pub content_type: &'static str,
    /// Suggested file name.
    pub filename: String,
    /// Contents.
    pub body: String,
}

/// The caller's completed simulation as a JSON or CSV file (409 until it has completed).
pub async fn export(
    state: &AppState,
    caller: &Caller,
    id: &str,
    format: ExportFormat,
) -> Result<Export, AppError> {
    let job = get(state, caller, id).await?;
    let Some(report) = job.result.as_ref() else {
        return Err(AppError::Conflict(format!(
            "simulation '{id}' is {}; only completed simulations can be exported",
            job.status.as_str()
        )));
    };
    let stem = format!("rotasim-{}-{id}", report.spec);
    Ok(match format {
        ExportFormat::Json => Export {
            content_type: "application/json",
            filename: format!("{stem}.json"),
            body: serde_json::to_string_pretty(&job).expect("job view serialises"),
        },
        ExportFormat::Csv => Export {
            content_type: "text/csv; charset=utf-8",
            filename: format!("{stem}.csv"),
            body: csv_report(&job, report).map_err(|e| AppError::Unavailable(e.to_string()))?,
        },
    })
}

/// Summary rows, a blank line, then one row per ability.
fn csv_report(job: &JobView, r: &SimReport) -> Result<String, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let s = &r.stats;
    let rotation = job.rotation_name.clone().unwrap_or_default();
    let summary: [(&str, String); 12] = [
        ("job_id", job.job_id.clone()),
        ("rotation", rotation),
        ("spec", r.spec_name.clone()),
        ("fight", r.fight.name().to_string()),
        ("targets", r.targets.to_string()),
        ("duration_s", format!("{}", r.requested_duration)),
        ("iterations", s.iterations.to_string()),
        ("mean_dps", format!("{:.2}", s.mean_dps)),
        ("min_dps", format!("{:.2}", s.min_dps)),
        ("max_dps", format!("{:.2}", s.max_dps)),
        ("std_dev", format!("{:.2}", s.std_dev)),
        ("error_pct", format!("{:.4}", s.error_pct)),
    ];
    w.write_record(["field", "value"])?;
    for (k, v) in summary {
        w.write_record([k, v.as_str()])?;
    }
    w.write_record([""])?;
    w.write_record([
        "ability",
        "damage",
        "share_pct",
        "dps",
        "casts",
        "hits",
        "crit_pct",
        "avg_hit",
    ])?;
    for a in &r.abilities {
        w.write_record([
            a.name.clone(),
            format!("{:.0}", a.damage),
            format!("{:.2}", a.share),
            format!("{:.2}", a.dps),
            format!("{:.2}", a.casts),
            format!("{:.2}", a.hits),
            format!("{:.2}", a.crit_pct),
            format!("{:.2}", a.avg_hit),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("csv of UTF-8 strings"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(body: &str) -> String {
        match parse_request(body.as_bytes()) {
            Err(AppError::Invalid { fields, .. }) => fields.keys().next().unwrap().clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parse_errors_name_the_field() {
        assert_eq!(field_of("{"), "body");
        assert_eq!(field_of(""), "body");
        assert_eq!(field_of("[1]"), "body");
        assert_eq!(
            field_of(r#"{"duration":300,"iterations":10,"fightType":"aoe"}"#),
            "rotationId"
        );
        assert_eq!(
            field_of(r#"{"rotationId":"x","duration":"long","iterations":10,"fightType":"aoe"}"#),
            "duration"
        );
        assert_eq!(
            field_of(r#"{"rotationId":"x","duration":300,"iterations":-5,"fightType":"aoe"}"#),
            "iterations"
        );
        assert_eq!(
            field_of(
                r#"{"rotationId":"x","duration":300,"iterations":1,"fightType":"aoe","color":1}"#
            ),
            "color"
        );
        assert_eq!(
            field_of(
                r#"{"rotationId":"x","duration":300,"iterations":1,"fightType":"aoe","character":{"crit":"high"}}"#
            ),
            "character.crit"
        );
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = encode_cursor("2026-11-22T09:00:00.123Z", "abc123");
        assert_eq!(
            decode_cursor(&c),
            Some(("2026-11-22T09:00:00.123Z".into(), "abc123".into()))
        );
        assert_eq!(decode_cursor("zz"), None);
        assert_eq!(decode_cursor(&encode_cursor("x'; DROP TABLE", "1")), None);
    }

    #[test]
    fn stored_reports_are_bounded_by_shortening_the_sample_log() {
        let catalog = rotasim_engine::Catalog::builtin();
        let config = SimConfig {
            spec: "fire_mage".into(),
            apl: None,
            character: None,
            fight: FightKind::Patchwerk,
            targets: None,
            duration: 60.0,
            vary_length: false,
            iterations: 20,
            target_error: None,
            seed: 3,
            iteration_offset: 0,
            threads: 1,
            stat_weights: false,
        };
        let prepared = config.validate(&catalog).unwrap();
        let flag = std::sync::atomic::AtomicBool::new(false);
        let mut report = rotasim_engine::run(&prepared, &mut |_| {}, &flag).unwrap();
        // A normal report is stored as it is.
        assert_eq!(bounded_report(&report), json(&report));
        // One whose sample log would exceed the bound keeps the start of its log and fits.
        let entry = report.sample_log[0].clone();
        report.sample_log = vec![entry; 40_000];
        assert!(json(&report).len() > MAX_REPORT_BYTES);
        let stored = bounded_report(&report);
        assert!(stored.len() <= MAX_REPORT_BYTES, "{}", stored.len());
        let back: SimReport = serde_json::from_str(&stored).unwrap();
        assert!(back.sample_log.len() > 10_000, "{}", back.sample_log.len());
        assert_eq!(back.stats.mean_dps, report.stats.mean_dps);
        assert_eq!(back.abilities.len(), report.abilities.len());
    }

    #[test]
    fn job_ids_are_short_and_distinct() {
        let a = new_job_id();
        assert_eq!(a.len(), 16);
        assert_ne!(a, new_job_id());
    }
}
