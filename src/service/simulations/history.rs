//! The caller's history: newest first, narrowed by filters ([`super::filter`]), keyset-paginated
//! with opaque cursors.

use crate::{
    model::{HistoryFilter, JobPage, JobView},
    service::{Caller, ServiceError, Services},
};

/// Largest history page.
pub const MAX_PAGE: i64 = 100;
/// History page size when none is asked for.
const DEFAULT_PAGE: i64 = 20;

/// The caller's jobs that pass `filter`, newest first: `limit` (1–[`MAX_PAGE`]) after `cursor`
/// (from a previous page of the same filter). Bad filters, limits and cursors are 400s naming
/// the field.
pub async fn list(
    services: &Services,
    caller: &Caller,
    filter: &HistoryFilter,
    limit: Option<&str>,
    cursor: Option<&str>,
) -> Result<JobPage, ServiceError> {
    let limit = match limit {
        None | Some("") => DEFAULT_PAGE,
        Some(l) => match l.parse::<i64>() {
            Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
            _ => {
                return Err(ServiceError::field(
                    "limit",
                    format!("must be a whole number from 1 to {MAX_PAGE}"),
                ))
            }
        },
    };
    let filter = super::filter::check(services, filter)?;
    let cursor = match cursor.filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(decode_cursor(c).ok_or_else(|| {
            ServiceError::field("cursor", "is not a cursor from a previous page")
        })?),
    };
    let records = match &caller.user_id {
        Some(owner) => {
            services
                .db
                .list_jobs(
                    owner,
                    &filter,
                    limit + 1,
                    cursor.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
                )
                .await?
        }
        None => Vec::new(),
    };
    let more = records.len() as i64 > limit;
    let results: Vec<JobView> = records
        .into_iter()
        .take(limit as usize)
        .map(JobView::from)
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
