//! The `rotations` table: built-ins seeded from the engine catalogue, and players' own.

use super::{Db, DbError};
use crate::model::RotationSummary;
use rotasim_engine::Catalog;
use sqlx::Row;

/// Namespace of built-in rotation ids (UUID v5 of the slug), so they are the same everywhere.
const BUILTIN_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x6f1e_0d3a_5b7c_4e21_9a44_2c6d_8e0f_b513);

/// The id of the built-in rotation for `slug`.
pub fn builtin_id(slug: &str) -> uuid::Uuid {
    uuid::Uuid::new_v5(&BUILTIN_NAMESPACE, slug.as_bytes())
}

const UPSERT_SQLITE: &str =
    "INSERT INTO rotations (id, slug, name, class, spec, spec_id, apl, builtin) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, 1) \
     ON CONFLICT (slug) DO UPDATE SET name = excluded.name, class = excluded.class, \
     spec = excluded.spec, spec_id = excluded.spec_id, apl = excluded.apl, builtin = 1";
const UPSERT_PG: &str =
    "INSERT INTO rotations (id, slug, name, class, spec, spec_id, apl, builtin) \
     VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, TRUE) \
     ON CONFLICT (slug) DO UPDATE SET name = excluded.name, class = excluded.class, \
     spec = excluded.spec, spec_id = excluded.spec_id, apl = excluded.apl, builtin = TRUE";
const COLUMNS_SQLITE: &str = "id, slug, name, class, spec, spec_id, apl, builtin";
const COLUMNS_PG: &str = "id::text AS id, slug, name, class, spec, spec_id, apl, builtin";

/// Inserts or updates one built-in rotation per catalogue spec; safe to run at every start.
pub async fn seed_builtin(db: &Db, catalog: &Catalog) -> Result<usize, DbError> {
    let mut n = 0;
    for s in catalog.specs() {
        let f = &s.file;
        let id = builtin_id(&f.id).to_string();
        let name = format!("{} — Default", f.name);
        macro_rules! upsert {
            ($pool:expr, $sql:expr) => {
                sqlx::query($sql)
                    .bind(&id)
                    .bind(&f.id)
                    .bind(&name)
                    .bind(&f.class)
                    .bind(&f.spec)
                    .bind(&f.id)
                    .bind(&f.apl)
                    .execute($pool)
                    .await?
                    .rows_affected()
            };
        }
        match db {
            Db::Sqlite(p) => upsert!(p, UPSERT_SQLITE),
            Db::Postgres(p) => upsert!(p, UPSERT_PG),
        };
        n += 1;
    }
    Ok(n)
}

fn from_row<R: Row>(r: &R) -> Result<RotationSummary, sqlx::Error>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    String: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    bool: for<'a> sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    Ok(RotationSummary {
        id: r.try_get("id")?,
        slug: r.try_get("slug")?,
        name: r.try_get("name")?,
        class: r.try_get("class")?,
        spec: r.try_get("spec")?,
        spec_id: r.try_get("spec_id")?,
        builtin: r.try_get("builtin")?,
        apl: r.try_get("apl")?,
    })
}

/// Built-in rotations, ordered by class and spec.
pub async fn list_builtin(db: &Db) -> Result<Vec<RotationSummary>, DbError> {
    let order = "WHERE builtin ORDER BY class, spec, name";
    Ok(match db {
        Db::Sqlite(p) => sqlx::query(&format!("SELECT {COLUMNS_SQLITE} FROM rotations {order}"))
            .fetch_all(p)
            .await?
            .iter()
            .map(from_row)
            .collect::<Result<_, _>>()?,
        Db::Postgres(p) => sqlx::query(&format!("SELECT {COLUMNS_PG} FROM rotations {order}"))
            .fetch_all(p)
            .await?
            .iter()
            .map(from_row)
            .collect::<Result<_, _>>()?,
    })
}

/// A built-in rotation by UUID or slug.
pub async fn find_builtin(db: &Db, id_or_slug: &str) -> Result<Option<RotationSummary>, DbError> {
    let by_id = uuid::Uuid::parse_str(id_or_slug)
        .ok()
        .map(|u| u.to_string());
    let key = by_id.as_deref().unwrap_or(id_or_slug);
    let column = if by_id.is_some() { "id" } else { "slug" };
    Ok(match db {
        Db::Sqlite(p) => sqlx::query(&format!(
            "SELECT {COLUMNS_SQLITE} FROM rotations WHERE builtin AND {column} = $1"
        ))
        .bind(key)
        .fetch_optional(p)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()?,
        Db::Postgres(p) => {
            let cond = if by_id.is_some() {
                "id = $1::uuid"
            } else {
                "slug = $1"
            };
            sqlx::query(&format!(
                "SELECT {COLUMNS_PG} FROM rotations WHERE builtin AND {cond}"
            ))
            .bind(key)
            .fetch_optional(p)
            .await?
            .as_ref()
            .map(from_row)
            .transpose()?
        }
    })
}
