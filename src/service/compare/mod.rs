//! Comparing 2–6 of the caller's completed runs: settings side by side with the differences
//! marked, and each run's DPS against the first (the baseline) with Welch's 95 % interval of the
//! difference (the runs are independent) from the engine's statistics ([`rotasim_engine::compare`]).

mod diff;
mod rows;

use crate::{
    model::{
        ComparedRun, Comparison, JobRecord, JobSnapshot, JobStatus, MAX_COMPARED, MIN_COMPARED,
    },
    service::{simulations, Caller, ServiceError, Services},
};
use rotasim_engine::{
    compare::{welch, Method, Sample},
    Character, SimReport,
};
use std::collections::BTreeSet;

/// One run as the comparison reads it.
struct Run {
    record: JobRecord,
    name: String,
    snapshot: JobSnapshot,
    report: SimReport,
    /// The APL that ran (the spec's default when the job named none).
    apl: String,
    /// The character that ran (the spec's default when the job named none).
    character: Character,
    /// Its APL against the baseline's, when they differ.
    apl_diff: Option<Vec<crate::model::DiffLine>>,
}

/// The comparison of the caller's jobs `ids` (comma-separated, the first is the baseline).
/// 400 (`ids`) for fewer than 2, more than 6, repeated or malformed ids; 404 for a job that is
/// not the caller's; 409 naming every job that has not completed.
pub async fn compare(
    services: &Services,
    caller: &Caller,
    ids: &str,
) -> Result<Comparison, ServiceError> {
    let ids = parse_ids(ids)?;
    let mut records = Vec::with_capacity(ids.len());
    for id in &ids {
        records.push(simulations::owned(services, caller, id).await?);
    }
    let unfinished: Vec<String> = records
        .iter()
        .filter(|r| r.status != JobStatus::Completed)
        .map(|r| format!("'{}' is {}", r.id, r.status.as_str()))
        .collect();
    if !unfinished.is_empty() {
        return Err(ServiceError::Conflict(format!(
            "only completed simulations can be compared: {}",
            unfinished.join(", ")
        )));
    }
    let mut runs = Vec::with_capacity(records.len());
    for record in records {
        runs.push(load(services, caller, record).await?);
    }
    let baseline_apl = runs[0].apl.clone();
    for run in runs.iter_mut().skip(1) {
        if run.apl != baseline_apl {
            run.apl_diff = Some(diff::lines(&baseline_apl, &run.apl));
        }
    }
    let sample = |r: &Run| Sample {
        mean: r.report.stats.mean_dps,
        std_dev: r.report.stats.std_dev,
        n: r.report.stats.iterations,
    };
    let base = sample(&runs[0]);
    let compared = runs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let difference = (i > 0).then(|| welch(base, sample(r))).flatten();
            ComparedRun {
                job_id: r.record.id.clone(),
                rotation_name: r.name.clone(),
                created_at: r.record.created_at.clone(),
                stats: r.report.stats.clone(),
                histogram: r.report.histogram.clone(),
                apl: r.apl.clone(),
                verdict: difference.map(|d| d.summary()),
                difference,
                apl_diff: r.apl_diff.clone(),
            }
        })
        .collect();
    Ok(Comparison {
        method: Method::Welch,
        method_description: Method::Welch.describe().to_string(),
        settings: rows::settings(&runs),
        abilities: rows::abilities(&runs),
        apl_lines: rows::apl_lines(&runs),
        stat_weights: rows::stat_weights(&runs),
        runs: compared,
    })
}

/// The ids of `?ids=`: 2–6 distinct job ids, separated by commas.
pub fn parse_ids(raw: &str) -> Result<Vec<String>, ServiceError> {
    let bad = |m: String| ServiceError::field("ids", m);
    let ids: Vec<String> = raw
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if ids.len() < MIN_COMPARED || ids.len() > MAX_COMPARED {
        return Err(bad(format!(
            "give {MIN_COMPARED} to {MAX_COMPARED} simulation ids separated by commas (got {})",
            ids.len()
        )));
    }
    if let Some(id) = ids
        .iter()
        .find(|id| id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        let shown: String = id.chars().take(64).collect();
        return Err(bad(format!("'{shown}' is not a simulation id")));
    }
    let mut seen = BTreeSet::new();
    if let Some(id) = ids.iter().find(|id| !seen.insert(id.as_str())) {
        return Err(bad(format!("'{id}' is listed twice")));
    }
    Ok(ids)
}

/// A completed job with its stored report and its snapshot.
async fn load(
    services: &Services,
    caller: &Caller,
    record: JobRecord,
) -> Result<Run, ServiceError> {
    let missing = || {
        ServiceError::Conflict(format!(
            "simulation '{}' has no readable report to compare",
            record.id
        ))
    };
    let (Some(result_id), Some(owner)) = (&record.result_id, &caller.user_id) else {
        return Err(missing());
    };
    let report: SimReport = services
        .db
        .result_report(result_id, owner)
        .await?
        .and_then(|text| serde_json::from_str(&text).ok())
        .ok_or_else(missing)?;
    let snapshot = simulations::snapshot(&record).ok_or_else(missing)?;
    let spec = services.catalog.get(&snapshot.spec_id);
    let apl = match snapshot.apl.as_str() {
        "" => spec.map(|s| s.file.apl.clone()).unwrap_or_default(),
        text => text.to_string(),
    };
    let character = snapshot
        .character
        .clone()
        .or_else(|| spec.map(|s| s.file.character.clone()))
        .unwrap_or_default();
    Ok(Run {
        name: record
            .rotation_name
            .clone()
            .unwrap_or_else(|| "Inline APL".into()),
        record,
        snapshot,
        report,
        apl,
        character,
        apl_diff: None,
    })
}

#[cfg(test)]
mod tests {
    use super::parse_ids;

    #[test]
    fn ids_are_two_to_six_distinct_job_ids() {
        assert_eq!(parse_ids("a1, b2").unwrap(), ["a1", "b2"]);
        for bad in ["", "a", "a,a", "a,b,c,d,e,f,g", "a,b;c", "a,../x", ",,a,"] {
            assert!(parse_ids(bad).is_err(), "{bad}");
        }
    }
}
