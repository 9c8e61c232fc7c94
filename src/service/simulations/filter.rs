//! The history's filters: checking what the URL carries and turning it into the database's
//! [`JobFilter`].

use crate::{
    db::{builtin_id, JobFilter},
    model::{HistoryFilter, JobStatus, MAX_ROTATION_NAME},
    service::{ServiceError, Services},
};
use rotasim_engine::FightKind;
use std::collections::BTreeMap;

/// Checks every filter (a 400 names each bad one) and returns the database's filter.
pub fn check(services: &Services, f: &HistoryFilter) -> Result<JobFilter, ServiceError> {
    let mut bad = BTreeMap::new();
    let mut fail = |k: &str, m: String| {
        bad.insert(k.to_string(), m);
    };
    fn value(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    let mut out = JobFilter::default();
    if let Some(spec) = value(&f.spec) {
        match services.catalog.get(spec) {
            Some(_) => out.spec_id = Some(spec.to_string()),
            None => fail("spec", "is not a known spec".into()),
        }
    }
    if let Some(rotation) = value(&f.rotation) {
        // A rotation UUID, or a built-in's slug.
        match uuid::Uuid::parse_str(rotation) {
            Ok(id) => out.rotation_id = Some(id.to_string()),
            Err(_) if services.catalog.get(rotation).is_some() => {
                out.rotation_id = Some(builtin_id(rotation).to_string())
            }
            Err(_) => fail("rotation", "is not a rotation id".into()),
        }
    }
    if let Some(fight) = value(&f.fight) {
        match FightKind::parse(fight) {
            Some(k) => out.fight_type = Some(k.name().to_string()),
            None => fail("fight", "must be patchwerk, movement or aoe".into()),
        }
    }
    if let Some(status) = value(&f.status) {
        match JobStatus::parse(status) {
            Some(s) => out.status = Some(s),
            None => fail(
                "status",
                "must be queued, running, completed, failed or cancelled".into(),
            ),
        }
    }
    let from = value(&f.from).map(|d| (d, parse_date(d)));
    let to = value(&f.to).map(|d| (d, parse_date(d)));
    for (key, date) in [("from", from), ("to", to)] {
        if let Some((_, None)) = date {
            fail(key, "must be a date (YYYY-MM-DD)".into());
        }
    }
    if let (Some((_, Some(a))), Some((_, Some(b)))) = (from, to) {
        if a > b {
            fail("to", "must not be before from".into());
        }
    }
    if let Some((d, Some(_))) = from {
        out.created_from = Some(format!("{d}T00:00:00.000Z"));
    }
    if let Some((d, Some(_))) = to {
        out.created_until = Some(format!("{d}T23:59:59.999999Z"));
    }
    if let Some(q) = value(&f.q) {
        let n = q.chars().count();
        if n > MAX_ROTATION_NAME {
            fail(
                "q",
                format!("must be at most {MAX_ROTATION_NAME} characters (it has {n})"),
            );
        } else {
            out.name_contains = Some(q.to_string());
        }
    }
    if bad.is_empty() {
        Ok(out)
    } else {
        Err(ServiceError::fields("history filter", bad))
    }
}

/// `YYYY-MM-DD` as `(year, month, day)` when it is a real calendar date.
fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y >= 1 && (1..=days).contains(&d)).then_some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates_are_real_calendar_days() {
        assert_eq!(parse_date("2026-11-22"), Some((2026, 11, 22)));
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-11-31",
            "2026-1-01",
            "20261122",
            "yesterday",
            "+026-11-22",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
