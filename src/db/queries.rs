//! The SQL shared by both repositories. Each statement is written once, in PostgreSQL's flavour,
//! and rewritten per dialect ([`super::Dialect::sql`]); `impl_repository!` expands it over a
//! concrete pool type so sqlx's typed binding and decoding work on each.

/// Columns of a job record (see [`crate::model::JobRecord`]).
/// The rotation's current name, class and spec when it still exists, else the name it had and
/// its spec's built-in's class and spec; whether the rotation was edited or deleted since.
pub(crate) const JOB_SELECT: &str = "SELECT j.id, j.user_id::text AS user_id, j.status, j.rotation_id, \
     COALESCE(r.name, j.rotation_label) AS rotation_name, COALESCE(r.class, b.class) AS rotation_class, \
     COALESCE(r.spec, b.spec) AS rotation_spec, j.rotation_version, j.spec_id, j.spec_version, \
     COALESCE(r.version > j.rotation_version, FALSE) AS edited_since, \
     (j.rotation_id <> '' AND r.id IS NULL) AS rotation_deleted, \
     j.duration, j.iterations, j.fight_type, j.character_data::text AS character, j.config::text AS config, j.progress_current, j.progress_total, \
     {ts:j.created_at} AS created_at, {ts:j.started_at} AS started_at, {ts:j.completed_at} AS completed_at, \
     j.result_id::text AS result_id, res.mean_dps, j.error_message, j.error_code, j.attempts, j.seed, \
     j.priority, j.retry_of, j.variants::text AS variants, j.variant_count \
     FROM simulation_jobs j \
     LEFT JOIN rotations r ON r.id::text = j.rotation_id \
     LEFT JOIN rotations b ON r.id IS NULL AND b.builtin AND b.slug = j.spec_id \
     LEFT JOIN rotation_sim_results res ON res.id = j.result_id";

pub(super) const JOB_INSERT: &str = "INSERT INTO simulation_jobs (id, user_id, status, rotation_id, \
     duration, iterations, fight_type, character_data, config, progress_current, progress_total, seed, \
     priority, retry_of, rotation_label, rotation_version, spec_id, spec_version, variants, \
     variant_count) \
     VALUES ($1, $2::uuid, 'queued', $3, $4, $5, $6, $7::jsonb, $8::jsonb, 0, $9, $10, $11, $12, \
     $13, $14, $15, $16, $17::jsonb, $18)";

/// The rotation link is dropped when the rotation was deleted while the job ran.
pub(super) const RESULT_INSERT: &str = "INSERT INTO rotation_sim_results (id, rotation_id, user_id, \
     duration, iterations, fight_type, scenario, gear_set, sim_version, mean_dps, min_dps, max_dps, \
     std_dev, stat_weights, timeline, charts, report, batch) \
     VALUES ($1::uuid, (SELECT id FROM rotations WHERE id = $2::uuid), $3::uuid, $4, $5, $6, $7::jsonb, \
     $8::jsonb, $9, $10, $11, $12, $13, \
     $14::jsonb, $15::jsonb, $16::jsonb, $17::jsonb, $18::jsonb)";

/// `$4`: the worker process whose claim it must be, or NULL (the process's own queue).
pub(super) const JOB_COMPLETE: &str = "UPDATE simulation_jobs SET status = 'completed', \
     completed_at = {now}, result_id = $2::uuid, progress_current = $3, lease_until = NULL \
     WHERE id = $1 AND status = 'running' AND ($4::text IS NULL OR worker_id = $4::text)";

/// Implements [`super::Repository`] for `$repo` (a struct with a `pool` field and a `DIALECT`
/// constant) with the shared SQL; `$($own)*` adds the items that differ per database.
macro_rules! impl_repository {
    ($repo:ty, { $($own:tt)* }) => {
        #[async_trait::async_trait]
        impl $crate::db::Repository for $repo {
            $($own)*

            async fn ping(&self) -> Result<(), DbError> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn applied_migrations(&self) -> Result<i64, DbError> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn close(&self) {
                self.pool.close().await
            }

            async fn create_user(&self) -> Result<String, DbError> {
                let id = uuid::Uuid::new_v4().to_string();
                sqlx::query(&Self::DIALECT.sql("INSERT INTO user_profiles (id) VALUES ($1::uuid)"))
                    .bind(&id)
                    .execute(&self.pool)
                    .await?;
                Ok(id)
            }

            async fn touch_user(&self, id: &str) -> Result<bool, DbError> {
                let n = sqlx::query(&Self::DIALECT.sql(
                    "UPDATE user_profiles SET last_seen_at = {now} WHERE id = $1::uuid",
                ))
                .bind(id)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n == 1)
            }

            async fn insert_job(&self, j: &JobRecord) -> Result<(), DbError> {
                sqlx::query(&Self::DIALECT.sql($crate::db::queries::JOB_INSERT))
                    .bind(&j.id)
                    .bind(&j.user_id)
                    .bind(&j.rotation_id)
                    .bind(j.duration)
                    .bind(j.iterations)
                    .bind(&j.fight_type)
                    .bind(&j.character)
                    .bind(&j.config)
                    .bind(j.progress_total)
                    .bind(j.seed)
                    .bind(j.priority)
                    .bind(&j.retry_of)
                    .bind(&j.rotation_name)
                    .bind(j.rotation_version)
                    .bind(&j.spec_id)
                    .bind(&j.spec_version)
                    .bind(&j.variants)
                    .bind(j.variant_count)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn mark_running(&self, id: &str) -> Result<bool, DbError> {
                let n = sqlx::query(&Self::DIALECT.sql(
                    "UPDATE simulation_jobs SET status = 'running', started_at = {now}, \
                     heartbeat_at = {now}, attempts = attempts + 1, progress_current = 0 \
                     WHERE id = $1 AND status = 'queued'",
                ))
                .bind(id)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n == 1)
            }

            async fn update_progress(&self, id: &str, current: i32) -> Result<(), DbError> {
                sqlx::query(&Self::DIALECT.sql(
                    "UPDATE simulation_jobs SET progress_current = $2, heartbeat_at = {now} \
                     WHERE id = $1 AND status = 'running'",
                ))
                .bind(id)
                .bind(current)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn complete_job_as(
                &self,
                job_id: &str,
                r: &NewResult,
                worker: Option<&str>,
            ) -> Result<bool, DbError> {
                let mut tx = self.pool.begin().await?;
                sqlx::query(&Self::DIALECT.sql($crate::db::queries::RESULT_INSERT))
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
                    .bind(&r.batch)
                    .execute(&mut *tx)
                    .await?;
                let n = sqlx::query(&Self::DIALECT.sql($crate::db::queries::JOB_COMPLETE))
                    .bind(job_id)
                    .bind(&r.id)
                    .bind(r.iterations)
                    .bind(worker)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 1 {
                    tx.commit().await?;
                    Ok(true)
                } else {
                    tx.rollback().await?;
                    Ok(false)
                }
            }

            async fn fail_job(&self, id: &str, message: &str, code: ErrorCode) -> Result<bool, DbError> {
                let n = sqlx::query(&Self::DIALECT.sql(
                    "UPDATE simulation_jobs SET status = 'failed', completed_at = {now}, \
                     error_message = $2, error_code = $3 \
                     WHERE id = $1 AND status IN ('queued', 'running')",
                ))
                .bind(id)
                .bind(message)
                .bind(code.as_str())
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n == 1)
            }

            async fn cancel_job(&self, id: &str) -> Result<bool, DbError> {
                let n = sqlx::query(&Self::DIALECT.sql(
                    "UPDATE simulation_jobs SET status = 'cancelled', completed_at = {now} \
                     WHERE id = $1 AND status IN ('queued', 'running')",
                ))
                .bind(id)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n == 1)
            }

            async fn requeue_job(&self, id: &str) -> Result<bool, DbError> {
                let n = sqlx::query(&Self::DIALECT.sql(
                    "UPDATE simulation_jobs SET status = 'queued', progress_current = 0 \
                     WHERE id = $1 AND status = 'running'",
                ))
                .bind(id)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n == 1)
            }

            async fn job(&self, id: &str) -> Result<Option<JobRecord>, DbError> {
                let sql = Self::DIALECT.sql(&format!(
                    "{} WHERE j.id = $1",
                    $crate::db::queries::JOB_SELECT
                ));
                Ok(sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn owned_job(&self, id: &str, owner: &str) -> Result<Option<JobRecord>, DbError> {
                if uuid::Uuid::parse_str(owner).is_err() {
                    return Ok(None);
                }
                let sql = Self::DIALECT.sql(&format!(
                    "{} WHERE j.id = $1 AND j.user_id = $2::uuid",
                    $crate::db::queries::JOB_SELECT
                ));
                Ok(sqlx::query_as(&sql)
                    .bind(id)
                    .bind(owner)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn list_jobs(
                &self,
                owner: &str,
                filter: &$crate::db::JobFilter,
                limit: i64,
                cursor: Option<(&str, &str)>,
            ) -> Result<Vec<JobRecord>, DbError> {
                if uuid::Uuid::parse_str(owner).is_err() {
                    return Ok(Vec::new());
                }
                let (tail, binds) = $crate::db::history::tail(filter, cursor);
                let sql = Self::DIALECT.sql(&format!("{} {tail}", $crate::db::queries::JOB_SELECT));
                let mut q = sqlx::query_as(&sql).bind(owner).bind(limit);
                for value in binds {
                    q = q.bind(value);
                }
                Ok(q.fetch_all(&self.pool).await?)
            }

            async fn result_report(
                &self,
                result_id: &str,
                owner: &str,
            ) -> Result<Option<String>, DbError> {
                if uuid::Uuid::parse_str(owner).is_err() || uuid::Uuid::parse_str(result_id).is_err() {
                    return Ok(None);
                }
                Ok(sqlx::query_scalar(&Self::DIALECT.sql(
                    "SELECT report::text FROM rotation_sim_results \
                     WHERE id = $1::uuid AND user_id = $2::uuid",
                ))
                .bind(result_id)
                .bind(owner)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn result_batch(
                &self,
                result_id: &str,
                owner: &str,
            ) -> Result<Option<String>, DbError> {
                if uuid::Uuid::parse_str(owner).is_err() || uuid::Uuid::parse_str(result_id).is_err() {
                    return Ok(None);
                }
                Ok(sqlx::query_scalar::<_, Option<String>>(&Self::DIALECT.sql(
                    "SELECT batch::text FROM rotation_sim_results \
                     WHERE id = $1::uuid AND user_id = $2::uuid",
                ))
                .bind(result_id)
                .bind(owner)
                .fetch_optional(&self.pool)
                .await?
                .flatten())
            }

            async fn unfinished_jobs(&self) -> Result<Vec<JobRecord>, DbError> {
                let sql = Self::DIALECT.sql(&format!(
                    "{} WHERE j.status IN ('queued', 'running') ORDER BY j.created_at, j.id",
                    $crate::db::queries::JOB_SELECT
                ));
                Ok(sqlx::query_as(&sql).fetch_all(&self.pool).await?)
            }

            async fn explain_history(
                &self,
                owner: &str,
                filter: &$crate::db::JobFilter,
            ) -> Result<String, DbError> {
                let (tail, binds) = $crate::db::history::tail(
                    filter,
                    Some(("9999-01-01T00:00:00.000Z", "z")),
                );
                let sql = Self::DIALECT.sql(&format!(
                    "{} {} {tail}",
                    Self::EXPLAIN,
                    $crate::db::queries::JOB_SELECT
                ));
                let rows: Vec<String> = match Self::DIALECT {
                    $crate::db::Dialect::Sqlite => {
                        let mut q = sqlx::query_as::<_, (i64, i64, i64, String)>(&sql)
                            .bind(owner)
                            .bind(20_i64);
                        for value in binds {
                            q = q.bind(value);
                        }
                        q.fetch_all(&self.pool).await?.into_iter().map(|r| r.3).collect()
                    }
                    $crate::db::Dialect::Postgres => {
                        let mut q = sqlx::query_scalar::<_, String>(&sql).bind(owner).bind(20_i64);
                        for value in binds {
                            q = q.bind(value);
                        }
                        q.fetch_all(&self.pool).await?
                    }
                };
                Ok(rows.join("\n"))
            }
        }
    };
}

pub(super) use impl_repository;
