//! The history query: one owner's jobs, newest first, narrowed by optional filters and
//! keyset-paginated on `(created_at, id)`. Each filter is an equality or range the
//! `(user_id, <column>, created_at DESC, id DESC)` indexes serve (migration `…000003_history`);
//! the name search is a filter on the rows the owner's index walks.

use crate::model::JobStatus;

/// Which of an owner's jobs the history shows; every part optional, values already checked by
/// the service layer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobFilter {
    /// The engine spec the job ran on.
    pub spec_id: Option<String>,
    /// The rotation (UUID text).
    pub rotation_id: Option<String>,
    /// Fight style.
    pub fight_type: Option<String>,
    /// Lifecycle state.
    pub status: Option<JobStatus>,
    /// Created at or after this instant (RFC 3339 UTC).
    pub created_from: Option<String>,
    /// Created at or before this instant (RFC 3339 UTC).
    pub created_until: Option<String>,
    /// Text the rotation's name contains, case-insensitively; `%` and `_` match themselves.
    pub name_contains: Option<String>,
}

/// The `WHERE … ORDER BY … LIMIT $2` tail of the history query (PostgreSQL flavour) and the text
/// values to bind from `$3` on (`$1` is the owner, `$2` the limit).
pub(super) fn tail(filter: &JobFilter, cursor: Option<(&str, &str)>) -> (String, Vec<String>) {
    let mut sql = String::from("WHERE j.user_id = $1::uuid");
    let mut binds: Vec<String> = Vec::new();
    let mut cond = |sql: &mut String, template: &str, values: &[&str]| {
        let mut text = template.to_string();
        for (i, v) in values.iter().enumerate() {
            text = text.replace(&format!("${{{i}}}"), &format!("${}", 3 + binds.len()));
            binds.push((*v).to_string());
        }
        sql.push_str(" AND ");
        sql.push_str(&text);
    };
    if let Some((at, id)) = cursor {
        cond(
            &mut sql,
            "(j.created_at, j.id) < (${0}::timestamptz, ${1})",
            &[at, id],
        );
    }
    if let Some(v) = &filter.spec_id {
        cond(&mut sql, "j.spec_id = ${0}", &[v]);
    }
    if let Some(v) = &filter.rotation_id {
        cond(&mut sql, "j.rotation_id = ${0}", &[v]);
    }
    if let Some(v) = &filter.fight_type {
        cond(&mut sql, "j.fight_type = ${0}", &[v]);
    }
    if let Some(v) = filter.status {
        cond(&mut sql, "j.status = ${0}", &[v.as_str()]);
    }
    if let Some(v) = &filter.created_from {
        cond(&mut sql, "j.created_at >= ${0}::timestamptz", &[v]);
    }
    if let Some(v) = &filter.created_until {
        cond(&mut sql, "j.created_at <= ${0}::timestamptz", &[v]);
    }
    if let Some(v) = &filter.name_contains {
        cond(
            &mut sql,
            "LOWER(COALESCE(r.name, j.rotation_label)) LIKE ${0} ESCAPE '\\'",
            &[&like_pattern(v)],
        );
    }
    sql.push_str(" ORDER BY j.created_at DESC, j.id DESC LIMIT $2");
    (sql, binds)
}

/// `%text%` in lower case with `\`, `%` and `_` escaped, so the text matches literally.
pub fn like_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_placeholders_after_owner_and_limit() {
        let f = JobFilter {
            spec_id: Some("fire_mage".into()),
            status: Some(JobStatus::Completed),
            name_contains: Some("50%_Off\\".into()),
            ..Default::default()
        };
        let (sql, binds) = tail(&f, Some(("2026-11-22T00:00:00.000Z", "abc")));
        assert!(
            sql.contains("(j.created_at, j.id) < ($3::timestamptz, $4) AND j.spec_id = $5"),
            "{sql}"
        );
        assert!(sql.contains("j.status = $6 AND LOWER(") && sql.contains("LIKE $7"));
        assert_eq!(binds[4], "%50\\%\\_off\\\\%");
        assert_eq!(binds.len(), 5);
        let (plain, none) = tail(&JobFilter::default(), None);
        assert_eq!(
            plain,
            "WHERE j.user_id = $1::uuid ORDER BY j.created_at DESC, j.id DESC LIMIT $2"
        );
        assert!(none.is_empty());
    }
}
