//! What a queued job carries (its stored record, the validated engine input, who it counts
//! against) and the result record written when it completes.

use crate::{
    db::NewResult,
    model::{BatchResult, BatchVariant, JobRecord, VariantResult},
};
use rotasim_engine::{BatchOutcome, Catalog, Prepared, SimConfig, SimReport};

/// Largest stored report JSON; longer sample event logs are shortened to fit.
pub const MAX_REPORT_BYTES: usize = 2 * 1024 * 1024;

/// A job ready to queue.
#[derive(Debug, Clone)]
pub struct JobRequest {
    /// The record to store (status `queued`).
    pub record: JobRecord,
    /// Who counts against the per-owner cap.
    pub owner_key: String,
    /// The validated engine configuration (a batch: its baseline's).
    pub prepared: Prepared,
    /// A batch: every variant, baseline first (empty for a single run).
    pub batch: Vec<(BatchVariant, Prepared)>,
}

impl JobRequest {
    /// Rebuilds a stored job for the queue (recovery after a restart); `None` when its stored
    /// configuration no longer validates against `catalog`.
    pub fn from_record(record: JobRecord, catalog: &Catalog) -> Option<JobRequest> {
        let config: SimConfig = serde_json::from_str(&record.config).ok()?;
        let prepared = config.validate(catalog).ok()?;
        let batch = match &record.variants {
            Some(text) => serde_json::from_str::<Vec<BatchVariant>>(text)
                .ok()?
                .into_iter()
                .map(|v| {
                    let p = v.config.validate(catalog).ok()?;
                    Some((v, p))
                })
                .collect::<Option<Vec<_>>>()?,
            None => Vec::new(),
        };
        let owner_key = record.user_id.clone().unwrap_or_else(|| "recovered".into());
        Some(JobRequest {
            record,
            owner_key,
            prepared,
            batch,
        })
    }

    /// A batch's ranked variants from the engine's outcome.
    pub fn batch_result(&self, outcome: &BatchOutcome) -> BatchResult {
        let mut variants: Vec<VariantResult> = self
            .batch
            .iter()
            .zip(&outcome.reports)
            .zip(outcome.paired.iter().zip(&outcome.welch))
            .map(|(((v, p), report), (paired, welch))| VariantResult {
                label: v.label.clone(),
                rotation_name: v.rotation_name.clone(),
                rotation_version: v.rotation_version,
                spec_id: p.config.spec.clone(),
                spec_name: report.spec_name.clone(),
                apl: p.config.apl.clone().unwrap_or_default(),
                character: p.config.character.clone(),
                stats: report.stats.clone(),
                histogram: report.histogram.clone(),
                abilities: report.abilities.clone(),
                rank: 0,
                paired: *paired,
                welch: *welch,
            })
            .collect();
        let mut order: Vec<usize> = (0..variants.len()).collect();
        order.sort_by(|&a, &b| {
            variants[b]
                .stats
                .mean_dps
                .total_cmp(&variants[a].stats.mean_dps)
        });
        for (rank, i) in order.into_iter().enumerate() {
            variants[i].rank = rank as u32 + 1;
        }
        BatchResult { variants }
    }

    /// The job id.
    pub fn id(&self) -> &str {
        &self.record.id
    }

    /// The result record of this job's `report` (a batch's baseline report and its `batch`),
    /// stored under `result_id`.
    pub fn result(
        &self,
        report: &SimReport,
        batch: Option<&BatchResult>,
        result_id: &str,
    ) -> NewResult {
        let c = &self.prepared.config;
        let charts = serde_json::json!({
            "histogram": report.histogram,
            "abilities": report.abilities,
            "buffs": report.buffs,
        });
        NewResult {
            id: result_id.to_string(),
            rotation_id: Some(self.record.rotation_id.clone()).filter(|id| !id.is_empty()),
            user_id: self.record.user_id.clone(),
            duration: self.record.duration,
            iterations: report.stats.iterations as i32,
            fight_type: c.fight.name().to_string(),
            scenario: serde_json::json!({
                "targets": self.prepared.targets,
                "seed": c.seed,
                "targetError": c.target_error,
                "varyLength": c.vary_length,
                "statWeights": c.stat_weights,
            })
            .to_string(),
            gear_set: json(&self.prepared.character),
            sim_version: report.engine_version.clone(),
            mean_dps: report.stats.mean_dps,
            min_dps: report.stats.min_dps,
            max_dps: report.stats.max_dps,
            std_dev: report.stats.std_dev,
            stat_weights: report.stat_weights.as_ref().map(json),
            timeline: json(&report.timeline),
            charts: charts.to_string(),
            report: bounded_report(report),
            batch: batch.map(json),
        }
    }
}

/// The report as JSON of at most [`MAX_REPORT_BYTES`]: the sample event log, then the decision
/// sequence (the parts that grow with the fight) are shortened until it fits.
pub fn bounded_report(report: &SimReport) -> String {
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
    // Then the decision sequence, from its end (marked cut short).
    while text.len() > MAX_REPORT_BYTES {
        let Some(seq) = trimmed.sequence.as_mut().filter(|s| !s.rows.is_empty()) else {
            break;
        };
        let keep = seq.rows.len() * MAX_REPORT_BYTES / text.len() * 9 / 10;
        seq.rows.truncate(keep);
        seq.truncated = true;
        text = json(&trimmed);
    }
    text
}

/// A value as JSON text for a JSON column.
pub fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("report types serialise")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rotasim_engine::FightKind;

    #[test]
    fn stored_reports_are_bounded_by_shortening_the_sample_log() {
        let catalog = Catalog::builtin();
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
            ..Default::default()
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
}
