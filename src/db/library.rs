//! The player's library: rotations (built-in and their own) and saved characters. A second
//! trait beside [`super::Repository`] (its supertrait), implemented for both databases by
//! `impl_library!` over one set of SQL statements. Reads and writes of a player's rows are
//! scoped to the owner: another player's row is indistinguishable from a missing one.

use super::{CharacterRow, DbError};
use crate::model::{JobRecord, Rotation};

/// Rotations and characters.
#[async_trait::async_trait]
pub trait Library: Send + Sync {
    /// Inserts or updates one built-in rotation per catalogue spec (idempotent).
    async fn seed_builtin_rotations(
        &self,
        catalog: &rotasim_engine::Catalog,
    ) -> Result<usize, DbError>;
    /// Built-ins and `owner`'s rotations (of `spec` only, when given), by class, spec, built-ins
    /// first, then name.
    async fn list_rotations(
        &self,
        owner: Option<&str>,
        spec: Option<&str>,
    ) -> Result<Vec<Rotation>, DbError>;
    /// A built-in (by UUID or slug) or one of `owner`'s rotations (by UUID).
    async fn find_rotation(
        &self,
        id_or_slug: &str,
        owner: Option<&str>,
    ) -> Result<Option<Rotation>, DbError>;
    /// Inserts `owner`'s new rotation (its builtin flag, version and timestamps are ignored)
    /// unless they already have `limit`; false when at the limit.
    async fn insert_rotation(&self, r: &Rotation, owner: &str, limit: i64)
        -> Result<bool, DbError>;
    /// Changes `owner`'s rotation (the version goes up when the APL text changes); false when
    /// it is not theirs or is a built-in.
    async fn update_rotation(
        &self,
        id: &str,
        owner: &str,
        name: &str,
        description: &str,
        apl: &str,
    ) -> Result<bool, DbError>;
    /// Deletes `owner`'s rotation (its jobs and results stay); false when it is not theirs.
    async fn delete_rotation(&self, id: &str, owner: &str) -> Result<bool, DbError>;
    /// `owner`'s jobs of a rotation, newest first.
    async fn rotation_jobs(
        &self,
        rotation_id: &str,
        owner: &str,
        limit: i64,
    ) -> Result<Vec<JobRecord>, DbError>;

    /// `owner`'s characters (of `spec` only, when given), by spec then name.
    async fn list_characters(
        &self,
        owner: &str,
        spec: Option<&str>,
    ) -> Result<Vec<CharacterRow>, DbError>;
    /// One of `owner`'s characters.
    async fn find_character(&self, id: &str, owner: &str) -> Result<Option<CharacterRow>, DbError>;
    /// Inserts `owner`'s new character unless they already have `limit`; false when at it.
    async fn insert_character(
        &self,
        c: &CharacterRow,
        owner: &str,
        limit: i64,
    ) -> Result<bool, DbError>;
    /// Renames / restats `owner`'s character; false when it is not theirs.
    async fn update_character(
        &self,
        id: &str,
        owner: &str,
        name: &str,
        stats: &str,
    ) -> Result<bool, DbError>;
    /// Deletes `owner`'s character; false when it is not theirs.
    async fn delete_character(&self, id: &str, owner: &str) -> Result<bool, DbError>;
}

/// Both ids must be UUIDs for a row to match (PostgreSQL would reject the cast).
pub(super) fn uuids(ids: &[&str]) -> bool {
    ids.iter().all(|id| uuid::Uuid::parse_str(id).is_ok())
}

pub(super) const ROTATION_COLUMNS: &str = "id::text AS id, slug, name, description, class, spec, \
     spec_id, apl, builtin, forked_from::text AS forked_from, version, \
     {ts:created_at} AS created_at, {ts:COALESCE(updated_at, created_at)} AS updated_at";

pub(super) const ROTATION_UPSERT: &str =
    "INSERT INTO rotations (id, slug, name, class, spec, spec_id, apl, builtin, updated_at) \
     VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, TRUE, {now}) \
     ON CONFLICT (slug) DO UPDATE SET name = excluded.name, class = excluded.class, \
     spec = excluded.spec, spec_id = excluded.spec_id, builtin = TRUE, \
     version = rotations.version + CASE WHEN rotations.apl = excluded.apl THEN 0 ELSE 1 END, \
     updated_at = CASE WHEN rotations.apl = excluded.apl THEN rotations.updated_at ELSE excluded.updated_at END, \
     apl = excluded.apl";

pub(super) const ROTATION_INSERT: &str = "INSERT INTO rotations (id, slug, name, description, \
     class, spec, spec_id, apl, builtin, owner_id, forked_from, version, updated_at) \
     SELECT $1::uuid, $2, $3, $4, $5, $6, $7, $8, FALSE, $9::uuid, $10::uuid, 1, {now} \
     WHERE (SELECT COUNT(*) FROM rotations WHERE owner_id = $9::uuid) < $11";

pub(super) const ROTATION_UPDATE: &str = "UPDATE rotations SET name = $3, description = $4, \
     version = version + CASE WHEN apl = $5 THEN 0 ELSE 1 END, apl = $5, updated_at = {now} \
     WHERE id = $1::uuid AND owner_id = $2::uuid AND NOT builtin";

pub(super) const CHARACTER_COLUMNS: &str = "id::text AS id, spec_id, name, stats::text AS stats, \
     {ts:created_at} AS created_at, {ts:updated_at} AS updated_at";

pub(super) const CHARACTER_INSERT: &str = "INSERT INTO characters (id, owner_id, spec_id, name, \
     stats, created_at, updated_at) \
     SELECT $1::uuid, $2::uuid, $3, $4, $5::jsonb, {now}, {now} \
     WHERE (SELECT COUNT(*) FROM characters WHERE owner_id = $2::uuid) < $6";

/// Implements [`Library`] for `$repo` (a struct with a `pool` field and a `DIALECT` constant).
macro_rules! impl_library {
    ($repo:ty) => {
        #[async_trait::async_trait]
        impl $crate::db::Library for $repo {
            async fn seed_builtin_rotations(
                &self,
                catalog: &rotasim_engine::Catalog,
            ) -> Result<usize, DbError> {
                let sql = Self::DIALECT.sql($crate::db::library::ROTATION_UPSERT);
                let mut tx = self.pool.begin().await?;
                let mut n = 0;
                for s in catalog.specs() {
                    let f = &s.file;
                    sqlx::query(&sql)
                        .bind($crate::db::builtin_id(&f.id).to_string())
                        .bind(&f.id)
                        .bind(format!("{} — Default", f.name))
                        .bind(&f.class)
                        .bind(&f.spec)
                        .bind(&f.id)
                        .bind(&f.apl)
                        .execute(&mut *tx)
                        .await?;
                    n += 1;
                }
                tx.commit().await?;
                Ok(n)
            }

            async fn list_rotations(
                &self,
                owner: Option<&str>,
                spec: Option<&str>,
            ) -> Result<Vec<Rotation>, DbError> {
                let owner = owner.filter(|o| $crate::db::library::uuids(&[o]));
                let sql = Self::DIALECT.sql(&format!(
                    "SELECT {} FROM rotations WHERE (builtin OR owner_id = $1::uuid) \
                     AND ($2::text IS NULL OR spec_id = $2::text) \
                     ORDER BY class, spec, builtin DESC, name, created_at",
                    $crate::db::library::ROTATION_COLUMNS
                ));
                Ok(sqlx::query_as(&sql)
                    .bind(owner)
                    .bind(spec)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn find_rotation(
                &self,
                id_or_slug: &str,
                owner: Option<&str>,
            ) -> Result<Option<Rotation>, DbError> {
                let owner = owner.filter(|o| $crate::db::library::uuids(&[o]));
                let cols = $crate::db::library::ROTATION_COLUMNS;
                if uuid::Uuid::parse_str(id_or_slug).is_ok() {
                    let sql = Self::DIALECT.sql(&format!(
                        "SELECT {cols} FROM rotations \
                         WHERE id = $1::uuid AND (builtin OR owner_id = $2::uuid)"
                    ));
                    Ok(sqlx::query_as(&sql)
                        .bind(id_or_slug)
                        .bind(owner)
                        .fetch_optional(&self.pool)
                        .await?)
                } else {
                    let sql = Self::DIALECT.sql(&format!(
                        "SELECT {cols} FROM rotations WHERE slug = $1 AND builtin"
                    ));
                    Ok(sqlx::query_as(&sql)
                        .bind(id_or_slug)
                        .fetch_optional(&self.pool)
                        .await?)
                }
            }

            async fn insert_rotation(
                &self,
                r: &Rotation,
                owner: &str,
                limit: i64,
            ) -> Result<bool, DbError> {
                let n = sqlx::query(&Self::DIALECT.sql($crate::db::library::ROTATION_INSERT))
                    .bind(&r.id)
                    .bind(&r.slug)
                    .bind(&r.name)
                    .bind(&r.description)
                    .bind(&r.class)
                    .bind(&r.spec)
                    .bind(&r.spec_id)
                    .bind(&r.apl)
                    .bind(owner)
                    .bind(&r.forked_from)
                    .bind(limit)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                Ok(n == 1)
            }

            async fn update_rotation(
                &self,
                id: &str,
                owner: &str,
                name: &str,
                description: &str,
                apl: &str,
            ) -> Result<bool, DbError> {
                if !$crate::db::library::uuids(&[id, owner]) {
                    return Ok(false);
                }
                let n = sqlx::query(&Self::DIALECT.sql($crate::db::library::ROTATION_UPDATE))
                    .bind(id)
                    .bind(owner)
                    .bind(name)
                    .bind(description)
                    .bind(apl)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                Ok(n == 1)
            }

            async fn delete_rotation(&self, id: &str, owner: &str) -> Result<bool, DbError> {
                if !$crate::db::library::uuids(&[id, owner]) {
                    return Ok(false);
                }
                let n = sqlx::query(&Self::DIALECT.sql(
                    "DELETE FROM rotations WHERE id = $1::uuid AND owner_id = $2::uuid AND NOT builtin",
                ))
                .bind(id)
                .bind(owner)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n == 1)
            }

            async fn rotation_jobs(
                &self,
                rotation_id: &str,
                owner: &str,
                limit: i64,
            ) -> Result<Vec<JobRecord>, DbError> {
                if !$crate::db::library::uuids(&[owner]) {
                    return Ok(Vec::new());
                }
                let sql = Self::DIALECT.sql(&format!(
                    "{} WHERE j.rotation_id = $1 AND j.user_id = $2::uuid \
                     ORDER BY j.created_at DESC, j.id DESC LIMIT $3",
                    $crate::db::queries::JOB_SELECT
                ));
                Ok(sqlx::query_as(&sql)
                    .bind(rotation_id)
                    .bind(owner)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn list_characters(
                &self,
                owner: &str,
                spec: Option<&str>,
            ) -> Result<Vec<$crate::db::CharacterRow>, DbError> {
                if !$crate::db::library::uuids(&[owner]) {
                    return Ok(Vec::new());
                }
                let sql = Self::DIALECT.sql(&format!(
                    "SELECT {} FROM characters WHERE owner_id = $1::uuid \
                     AND ($2::text IS NULL OR spec_id = $2::text) \
                     ORDER BY spec_id, name, created_at",
                    $crate::db::library::CHARACTER_COLUMNS
                ));
                Ok(sqlx::query_as(&sql)
                    .bind(owner)
                    .bind(spec)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn find_character(
                &self,
                id: &str,
                owner: &str,
            ) -> Result<Option<$crate::db::CharacterRow>, DbError> {
                if !$crate::db::library::uuids(&[id, owner]) {
                    return Ok(None);
                }
                let sql = Self::DIALECT.sql(&format!(
                    "SELECT {} FROM characters WHERE id = $1::uuid AND owner_id = $2::uuid",
                    $crate::db::library::CHARACTER_COLUMNS
                ));
                Ok(sqlx::query_as(&sql)
                    .bind(id)
                    .bind(owner)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn insert_character(
                &self,
                c: &$crate::db::CharacterRow,
                owner: &str,
                limit: i64,
            ) -> Result<bool, DbError> {
                let n = sqlx::query(&Self::DIALECT.sql($crate::db::library::CHARACTER_INSERT))
                    .bind(&c.id)
                    .bind(owner)
                    .bind(&c.spec_id)
                    .bind(&c.name)
                    .bind(&c.stats)
                    .bind(limit)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                Ok(n == 1)
            }

            async fn update_character(
                &self,
                id: &str,
                owner: &str,
                name: &str,
                stats: &str,
            ) -> Result<bool, DbError> {
                if !$crate::db::library::uuids(&[id, owner]) {
                    return Ok(false);
                }
                let n = sqlx::query(&Self::DIALECT.sql(
                    "UPDATE characters SET name = $3, stats = $4::jsonb, updated_at = {now} \
                     WHERE id = $1::uuid AND owner_id = $2::uuid",
                ))
                .bind(id)
                .bind(owner)
                .bind(name)
                .bind(stats)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n == 1)
            }

            async fn delete_character(&self, id: &str, owner: &str) -> Result<bool, DbError> {
                if !$crate::db::library::uuids(&[id, owner]) {
                    return Ok(false);
                }
                let n = sqlx::query(&Self::DIALECT.sql(
                    "DELETE FROM characters WHERE id = $1::uuid AND owner_id = $2::uuid",
                ))
                .bind(id)
                .bind(owner)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(n == 1)
            }
        }
    };
}

pub(super) use impl_library;
