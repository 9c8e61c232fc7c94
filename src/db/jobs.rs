//! `simulation_jobs` and `rotation_sim_results`: every state transition of a job, and its result.

use super::{Db, DbError};

/// A job row joined with its rotation's name and its result's mean DPS.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct JobRow {
    /// Job id.
    pub id: String,
    /// Owner.
    pub user_id: Option<String>,
    /// `queued` … `cancelled`.
    pub status: String,
    /// Rotation UUID.
    pub rotation_id: String,
    /// Rotation name.
    pub rotation_name: Option<String>,
    /// Requested length.
    pub duration: i32,
    /// Requested iterations.
    pub iterations: i32,
    /// Fight style.
    pub fight_type: String,
    /// The validated request (JSON).
    pub config: String,
    /// Iterations done.
    pub progress_current: i32,
    /// Iterations planned.
    pub progress_total: i32,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub started_at: Option<String>,
    /// RFC 3339.
    pub completed_at: Option<String>,
    /// Result, when completed.
    pub result_id: Option<String>,
    /// Mean DPS of the result.
    pub mean_dps: Option<f64>,
    /// Failure message.
    pub error_message: Option<String>,
    /// Failure code.
    pub error_code: Option<String>,
    /// Times a worker started it.
    pub attempts: i32,
    /// Seed.
    pub seed: i64,
    /// Priority (higher first).
    pub priority: i32,
}

/// A job to insert, already validated.
#[derive(Debug, Clone)]
pub struct NewJob {
    /// Job id.
    pub id: String,
    /// Owner.
    pub user_id: Option<String>,
    /// Rotation UUID.
    pub rotation_id: String,
    /// Requested length.
    pub duration: i32,
    /// Requested iterations.
    pub iterations: i32,
    /// Fight style.
    pub fight_type: String,
    /// Character JSON.
    pub character: Option<String>,
    /// The validated request JSON.
    pub config: String,
    /// Iterations planned.
    pub total: i32,
    /// Seed.
    pub seed: i64,
    /// Priority.
    pub priority: i32,
}

/// A completed simulation to store.
#[derive(Debug, Clone)]
pub struct NewResult {
    /// Result UUID.
    pub id: String,
    /// Rotation UUID.
    pub rotation_id: String,
    /// Owner.
    pub user_id: Option<String>,
    /// Requested length.
    pub duration: i32,
    /// Iterations run.
    pub iterations: i32,
    /// Fight style.
    pub fight_type: String,
    /// Scenario JSON.
    pub scenario: String,
    /// Character JSON.
    pub gear_set: String,
    /// Engine version.
    pub sim_version: String,
    /// Mean DPS.
    pub mean_dps: f64,
    /// Min DPS.
    pub min_dps: f64,
    /// Max DPS.
    pub max_dps: f64,
    /// Standard deviation.
    pub std_dev: f64,
    /// Stat weights JSON.
    pub stat_weights: Option<String>,
    /// Timeline JSON.
    pub timeline: String,
    /// Charts JSON.
    pub charts: String,
    /// The full report JSON.
    pub report: String,
}

const SELECT: &str = "SELECT j.id, j.user_id::text AS user_id, j.status, j.rotation_id, r.name AS rotation_name, \
     j.duration, j.iterations, j.fight_type, j.config::text AS config, j.progress_current, j.progress_total, \
     {ts:j.created_at} AS created_at, {ts:j.started_at} AS started_at, {ts:j.completed_at} AS completed_at, \
     j.result_id::text AS result_id, res.mean_dps, j.error_message, j.error_code, j.attempts, j.seed, j.priority \
     FROM simulation_jobs j \
     LEFT JOIN rotations r ON r.id::text = j.rotation_id \
     LEFT JOIN rotation_sim_results res ON res.id = j.result_id";

/// Runs a statement with binds on whichever pool is active; yields rows affected.
macro_rules! exec {
    ($db:expr, $sql:expr $(, $bind:expr)* $(,)?) => {{
        let sql = $db.sql($sql);
        match $db {
            Db::Sqlite(p) => sqlx::query(&sql)$(.bind($bind))*.execute(p).await?.rows_affected(),
            Db::Postgres(p) => sqlx::query(&sql)$(.bind($bind))*.execute(p).await?.rows_affected(),
        }
    }};
}

/// Fetches rows as `$ty` on whichever pool is active.
macro_rules! fetch_all {
    ($db:expr, $ty:ty, $sql:expr $(, $bind:expr)* $(,)?) => {{
        let sql = $db.sql(AsRef::<str>::as_ref(&$sql));
        match $db {
            Db::Sqlite(p) => sqlx::query_as::<_, $ty>(&sql)$(.bind($bind))*.fetch_all(p).await?,
            Db::Postgres(p) => sqlx::query_as::<_, $ty>(&sql)$(.bind($bind))*.fetch_all(p).await?,
        }
    }};
}

/// Inserts a queued job.
pub async fn insert(db: &Db, j: &NewJob) -> Result<(), DbError> {
    exec!(
        db,
        "INSERT INTO simulation_jobs (id, user_id, status, rotation_id, duration, iterations, fight_type, \
         character_data, config, progress_current, progress_total, seed, priority) \
         VALUES ($1, $2::uuid, 'queued', $3, $4, $5, $6, $7::jsonb, $8::jsonb, 0, $9, $10, $11)",
        &j.id,
        &j.user_id,
        &j.rotation_id,
        j.duration,
        j.iterations,
        &j.fight_type,
        &j.character,
        &j.config,
        j.total,
        j.seed,
        j.priority,
    );
    Ok(())
}

/// `queued` → `running`; false when the job is no longer queued.
pub async fn mark_running(db: &Db, id: &str) -> Result<bool, DbError> {
    let n = exec!(
        db,
        "UPDATE simulation_jobs SET status = 'running', started_at = {now}, heartbeat_at = {now}, \
         attempts = attempts + 1, progress_current = 0 WHERE id = $1 AND status = 'queued'",
        id
    );
    Ok(n == 1)
}

/// Records progress of a running job.
pub async fn update_progress(db: &Db, id: &str, current: i32) -> Result<(), DbError> {
    exec!(
        db,
        "UPDATE simulation_jobs SET progress_current = $2, heartbeat_at = {now} WHERE id = $1 AND status = 'running'",
        id,
        current
    );
    Ok(())
}

/// Stores the result and marks the job completed, atomically; false (nothing stored) when the
/// job is no longer running (cancelled meanwhile).
pub async fn complete(db: &Db, job_id: &str, r: &NewResult) -> Result<bool, DbError> {
    let insert = db.sql(
        "INSERT INTO rotation_sim_results (id, rotation_id, user_id, duration, iterations, fight_type, scenario, \
         gear_set, sim_version, mean_dps, min_dps, max_dps, std_dev, stat_weights, timeline, charts, report) \
         VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, \
         $14::jsonb, $15::jsonb, $16::jsonb, $17::jsonb)",
    );
    let update = db.sql(
        "UPDATE simulation_jobs SET status = 'completed', completed_at = {now}, result_id = $2::uuid, \
         progress_current = $3 WHERE id = $1 AND status = 'running'",
    );
    macro_rules! run {
        ($pool:expr) => {{
            let mut tx = $pool.begin().await?;
            sqlx::query(&insert)
                .bind(&r.id)
                .bind(&r.rotation_id)
                .bind(&r.user_id)
                .bind(r.duration)
                .bind(r.iterations)
                .bind(&r.fight_type)
                .bind(&r.scenario)
                .bind(&r.gear_set)
                .bind(&r.sim_version)
                .bind(r.mean_dps)
                .bind(r.min_dps)
                .bind(r.max_dps)
                .bind(r.std_dev)
                .bind(&r.stat_weights)
                .bind(&r.timeline)
                .bind(&r.charts)
                .bind(&r.report)
                .execute(&mut *tx)
                .await?;
            let n = sqlx::query(&update)
                .bind(job_id)
                .bind(&r.id)
                .bind(r.iterations)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 1 {
                tx.commit().await?;
                true
            } else {
                tx.rollback().await?;
                false
            }
        }};
    }
    Ok(match db {
        Db::Sqlite(p) => run!(p),
        Db::Postgres(p) => run!(p),
    })
}

/// `queued|running` → `failed`.
pub async fn fail(db: &Db, id: &str, message: &str, code: &str) -> Result<bool, DbError> {
    let n = exec!(
        db,
        "UPDATE simulation_jobs SET status = 'failed', completed_at = {now}, error_message = $2, error_code = $3 \
         WHERE id = $1 AND status IN ('queued', 'running')",
        id,
        message,
        code
    );
    Ok(n == 1)
}

/// `queued|running` → `cancelled`; false when it had already ended.
pub async fn cancel(db: &Db, id: &str) -> Result<bool, DbError> {
    let n = exec!(
        db,
        "UPDATE simulation_jobs SET status = 'cancelled', completed_at = {now} \
         WHERE id = $1 AND status IN ('queued', 'running')",
        id
    );
    Ok(n == 1)
}

/// One job.
pub async fn get(db: &Db, id: &str) -> Result<Option<JobRow>, DbError> {
    let rows = fetch_all!(db, JobRow, format!("{SELECT} WHERE j.id = $1"), id);
    Ok(rows.into_iter().next())
}

/// A page of one owner's jobs (`None` = anonymous), newest first, after `cursor` (created_at, id).
pub async fn list(
    db: &Db,
    user_id: Option<&str>,
    limit: i64,
    cursor: Option<(&str, &str)>,
) -> Result<Vec<JobRow>, DbError> {
    let owner = "(($1::uuid IS NULL AND j.user_id IS NULL) OR j.user_id = $1::uuid)";
    let order = "ORDER BY j.created_at DESC, j.id DESC LIMIT $2";
    Ok(match cursor {
        None => fetch_all!(db, JobRow, format!("{SELECT} WHERE {owner} {order}"), user_id, limit),
        Some((at, id)) => fetch_all!(
            db,
            JobRow,
            format!("{SELECT} WHERE {owner} AND (j.created_at < $3::timestamptz OR (j.created_at = $3::timestamptz AND j.id < $4)) {order}"),
            user_id,
            limit,
            at,
            id
        ),
    })
}

/// The stored report JSON of a result.
pub async fn result_report(db: &Db, result_id: &str) -> Result<Option<String>, DbError> {
    #[derive(sqlx::FromRow)]
    struct ReportRow {
        report: String,
    }
    let rows = fetch_all!(
        db,
        ReportRow,
        "SELECT report::text AS report FROM rotation_sim_results WHERE id = $1::uuid",
        result_id
    );
    Ok(rows.into_iter().next().map(|r| r.report))
}

/// Jobs in `status`, oldest first (recovery at start-up).
pub async fn with_status(db: &Db, status: &str) -> Result<Vec<JobRow>, DbError> {
    Ok(fetch_all!(
        db,
        JobRow,
        format!("{SELECT} WHERE j.status = $1 ORDER BY j.created_at, j.id"),
        status
    ))
}
