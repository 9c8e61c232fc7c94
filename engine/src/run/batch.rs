//! A batch: several variants (rotations and/or characters) on the same iterations with common
//! random numbers. The iterations run in rounds, every variant once per round, so all variants'
//! statistics fill in together; the outcome holds each variant's report and its difference to the
//! baseline (the first variant), paired and — for comparison — as if the runs were independent.

use super::{
    pass::{run_pass, Acc},
    summary::build_report,
    Progress, SimError,
};
use crate::{
    compare::{self, Difference, Sample},
    config::Prepared,
    report::{PartialStats, SimReport},
};
use std::sync::atomic::AtomicBool;

/// Most variants in one batch.
pub const MAX_VARIANTS: usize = 12;

/// Rounds a batch is interleaved in (fewer when it has fewer iterations).
const ROUNDS: u64 = 20;

/// What a batch produced, one entry per variant in submission order.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchOutcome {
    /// Each variant's report (the sample event log is of iteration 0, as for a single run).
    pub reports: Vec<SimReport>,
    /// The paired difference to the baseline (`None` for the baseline itself).
    pub paired: Vec<Option<Difference>>,
    /// Welch's interval of the same difference, as if the runs had been independent.
    pub welch: Vec<Option<Difference>>,
}

/// Runs `variants` on the same iterations (they must agree on seed, iterations, offset, fight,
/// duration and length variation; a target error and stat weights are not used). `on_progress`
/// gets the overall count and each variant's statistics so far; raising `cancel` stops the batch
/// within one chunk per worker.
pub fn run_batch(
    variants: &[Prepared],
    on_progress: &mut dyn FnMut(&Progress),
    cancel: &AtomicBool,
) -> Result<BatchOutcome, SimError> {
    let Some(first) = variants.first() else {
        return Ok(BatchOutcome {
            reports: Vec::new(),
            paired: Vec::new(),
            welch: Vec::new(),
        });
    };
    check_agreement(variants)?;
    let c = &first.config;
    let threads = if c.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        c.threads
    };
    let iterations = c.iterations as u64;
    let n = variants.len() as u64;
    let total = iterations * n;
    let rounds = ROUNDS.min(iterations).max(1);
    let mut accs: Vec<Option<Acc>> = variants.iter().map(|_| None).collect();
    let mut snapshot: Vec<PartialStats> = vec![PartialStats::default(); variants.len()];
    for r in 0..rounds {
        let start = iterations * r / rounds;
        let len = iterations * (r + 1) / rounds - start;
        for (v, p) in variants.iter().enumerate() {
            let done_before = start * n + v as u64 * len;
            let before = accs[v].as_ref().map(|a| a.welford).unwrap_or_default();
            let out = run_pass(
                p,
                &p.character,
                start,
                len,
                None,
                threads,
                r == 0,
                &mut |done, w| {
                    let mut live = before;
                    live.merge(w);
                    snapshot[v] = live.partial();
                    on_progress(&Progress {
                        done: done_before + done,
                        total,
                        partial: snapshot[0].clone(),
                        variants: snapshot.clone(),
                    });
                },
                cancel,
            )
            .ok_or(SimError::Cancelled)?;
            match &mut accs[v] {
                Some(acc) => acc.merge(out.acc),
                slot => *slot = Some(out.acc),
            }
        }
    }
    let accs: Vec<Acc> = accs.into_iter().flatten().collect();
    let base_dps = accs[0].dps.clone();
    let mut outcome = BatchOutcome {
        reports: Vec::with_capacity(accs.len()),
        paired: Vec::with_capacity(accs.len()),
        welch: Vec::with_capacity(accs.len()),
    };
    for (v, (p, acc)) in variants.iter().zip(accs).enumerate() {
        let paired = (v > 0)
            .then(|| compare::paired(&base_dps, &acc.dps))
            .flatten();
        let report = build_report(p, acc, false, None);
        let welch = match outcome.reports.first() {
            Some(base) if v > 0 => compare::welch(sample(base), sample(&report)),
            _ => None,
        };
        outcome.paired.push(paired);
        outcome.welch.push(welch);
        outcome.reports.push(report);
    }
    Ok(outcome)
}

fn sample(r: &SimReport) -> Sample {
    Sample {
        mean: r.stats.mean_dps,
        std_dev: r.stats.std_dev,
        n: r.stats.iterations,
    }
}

/// Every variant must run the same iterations of the same fight.
fn check_agreement(variants: &[Prepared]) -> Result<(), SimError> {
    let a = &variants[0].config;
    for p in &variants[1..] {
        let b = &p.config;
        let differs = if a.seed != b.seed || a.iteration_offset != b.iteration_offset {
            Some("seed")
        } else if a.iterations != b.iterations {
            Some("iterations")
        } else if a.fight != b.fight || a.targets != b.targets {
            Some("fight")
        } else if a.duration != b.duration || a.vary_length != b.vary_length {
            Some("duration")
        } else {
            None
        };
        if let Some(what) = differs {
            return Err(SimError::Mismatch(what));
        }
    }
    Ok(())
}
