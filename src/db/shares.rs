//! Share links: a third trait beside [`super::Repository`] (its supertrait), implemented for
//! both databases by `impl_shares!` over one set of SQL statements. `share_tokens.token` holds
//! a digest of the link's secret (the service layer hashes it); writes are scoped to the owner,
//! and only the read of a shared result is not (the digest is the credential).

use super::DbError;
use crate::model::JobRecord;

/// Share links of results.
#[async_trait::async_trait]
pub trait Shares: Send + Sync {
    /// Stores a link (`digest` of its token) to `owner`'s result unless they already have
    /// `limit` live links; false when at the limit.
    async fn insert_share(
        &self,
        digest: &str,
        result_id: &str,
        owner: &str,
        limit: i64,
    ) -> Result<bool, DbError>;
    /// Revokes `owner`'s live link; false when there is none with that digest.
    async fn revoke_share(&self, digest: &str, owner: &str) -> Result<bool, DbError>;
    /// Revokes every live link to `owner`'s result; how many.
    async fn revoke_result_shares(&self, result_id: &str, owner: &str) -> Result<u64, DbError>;
    /// Live links to `owner`'s result.
    async fn live_shares(&self, result_id: &str, owner: &str) -> Result<i64, DbError>;
    /// The completed job, report JSON and (a batch's) ranking JSON a live link opens.
    async fn shared_result(&self, digest: &str) -> Result<Option<SharedRow>, DbError>;
}

/// What a live link opens: the job, its report JSON and a batch's ranking JSON.
pub type SharedRow = (JobRecord, String, Option<String>);

/// A link that still opens its result.
pub(super) const LIVE: &str =
    "s.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > {now})";

pub(super) const SHARE_INSERT: &str = "INSERT INTO share_tokens (token, result_id, user_id) \
     SELECT $1, $2::uuid, $3::uuid \
     WHERE (SELECT COUNT(*) FROM share_tokens s WHERE s.user_id = $3::uuid AND {live}) < $4";

/// Implements [`Shares`] for `$repo` (a struct with a `pool` field and a `DIALECT` constant).
macro_rules! impl_shares {
    ($repo:ty) => {
        #[async_trait::async_trait]
        impl $crate::db::Shares for $repo {
            async fn insert_share(
                &self,
                digest: &str,
                result_id: &str,
                owner: &str,
                limit: i64,
            ) -> Result<bool, DbError> {
                if !$crate::db::library::uuids(&[result_id, owner]) {
                    return Ok(false);
                }
                let sql =
                    $crate::db::shares::SHARE_INSERT.replace("{live}", $crate::db::shares::LIVE);
                let n = sqlx::query(&Self::DIALECT.sql(&sql))
                    .bind(digest)
                    .bind(result_id)
                    .bind(owner)
                    .bind(limit)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                Ok(n == 1)
            }

            async fn revoke_share(&self, digest: &str, owner: &str) -> Result<bool, DbError> {
                if !$crate::db::library::uuids(&[owner]) {
                    return Ok(false);
                }
                let sql = "UPDATE share_tokens SET revoked_at = {now} \
                     WHERE token = $1 AND user_id = $2::uuid AND revoked_at IS NULL \
                     AND (expires_at IS NULL OR expires_at > {now})";
                let n = sqlx::query(&Self::DIALECT.sql(sql))
                    .bind(digest)
                    .bind(owner)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                Ok(n == 1)
            }

            async fn revoke_result_shares(
                &self,
                result_id: &str,
                owner: &str,
            ) -> Result<u64, DbError> {
                if !$crate::db::library::uuids(&[result_id, owner]) {
                    return Ok(0);
                }
                let sql = "UPDATE share_tokens SET revoked_at = {now} \
                     WHERE result_id = $1::uuid AND user_id = $2::uuid AND revoked_at IS NULL";
                Ok(sqlx::query(&Self::DIALECT.sql(sql))
                    .bind(result_id)
                    .bind(owner)
                    .execute(&self.pool)
                    .await?
                    .rows_affected())
            }

            async fn live_shares(&self, result_id: &str, owner: &str) -> Result<i64, DbError> {
                if !$crate::db::library::uuids(&[result_id, owner]) {
                    return Ok(0);
                }
                let sql = format!(
                    "SELECT COUNT(*) FROM share_tokens s \
                     WHERE s.result_id = $1::uuid AND s.user_id = $2::uuid AND {}",
                    $crate::db::shares::LIVE
                );
                Ok(sqlx::query_scalar(&Self::DIALECT.sql(&sql))
                    .bind(result_id)
                    .bind(owner)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn shared_result(
                &self,
                digest: &str,
            ) -> Result<Option<$crate::db::shares::SharedRow>, DbError> {
                let live = $crate::db::shares::LIVE;
                let job_sql = Self::DIALECT.sql(&format!(
                    "{} JOIN share_tokens s ON s.result_id = j.result_id \
                     WHERE s.token = $1 AND {live} AND j.status = 'completed' LIMIT 1",
                    $crate::db::queries::JOB_SELECT
                ));
                let report_sql = Self::DIALECT.sql(&format!(
                    "SELECT res.report::text, res.batch::text FROM rotation_sim_results res \
                     JOIN share_tokens s ON s.result_id = res.id WHERE s.token = $1 AND {live}"
                ));
                let mut tx = self.pool.begin().await?;
                let job: Option<JobRecord> = sqlx::query_as(&job_sql)
                    .bind(digest)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some(job) = job else {
                    return Ok(None);
                };
                let report: Option<(String, Option<String>)> = sqlx::query_as(&report_sql)
                    .bind(digest)
                    .fetch_optional(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(report.map(|(r, b)| (job, r, b)))
            }
        }
    };
}

pub(super) use impl_shares;
