//! Running many iterations: a main pass and, for stat weights, one pass per stat on common random
//! numbers; progress, cancellation, and the report. `pass` runs iterations on worker threads;
//! `summary` builds the report.

mod batch;
mod insight;
mod pass;
mod summary;

use crate::{
    config::Prepared,
    report::{PartialStats, SimReport, StatWeight, Welford},
    stats::StatKind,
};
pub use batch::{run_batch, BatchOutcome, MAX_VARIANTS};
use pass::run_pass;
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicBool;
use summary::build_report;

/// Progress of a run, reported after every chunk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Iterations done (all passes).
    pub done: u64,
    /// Iterations planned (all passes; an upper bound with a target error).
    pub total: u64,
    /// Merged statistics of the main pass so far (a batch: of its baseline).
    pub partial: PartialStats,
    /// A batch: each variant's statistics so far, in submission order (empty for a single run).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<PartialStats>,
}

/// Why a run did not produce a report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimError {
    /// The cancel flag was raised.
    #[error("simulation cancelled")]
    Cancelled,
    /// The variants of a batch do not run the same iterations of the same fight.
    #[error("the variants of a batch differ in {0}")]
    Mismatch(&'static str),
}

/// Rating added to each stat for stat-weight delta runs.
pub const STAT_WEIGHT_DELTA: f64 = 1000.0;

/// Runs a validated configuration. `on_progress` is called on the calling thread after each chunk;
/// raising `cancel` stops the run within one chunk per worker.
pub fn run(
    p: &Prepared,
    on_progress: &mut dyn FnMut(&Progress),
    cancel: &AtomicBool,
) -> Result<SimReport, SimError> {
    let c = &p.config;
    let threads = if c.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        c.threads
    };
    let iterations = c.iterations as u64;
    let passes = if c.stat_weights {
        1 + StatKind::ALL.len() as u64
    } else {
        1
    };
    let mut total = iterations * passes;
    let base = run_pass(
        p,
        &p.character,
        0,
        iterations,
        c.target_error,
        threads,
        true,
        &mut |done, w| {
            on_progress(&Progress {
                done,
                total,
                partial: w.partial(),
                variants: Vec::new(),
            })
        },
        cancel,
    )
    .ok_or(SimError::Cancelled)?;
    let ran = base.acc.welford.n;
    total = ran * passes;
    let partial = base.acc.welford.partial();
    let mut stat_weights = None;
    if c.stat_weights {
        let mut deltas = Vec::new();
        for (k, kind) in StatKind::ALL.into_iter().enumerate() {
            let ch = p.character.with_added(kind, STAT_WEIGHT_DELTA);
            let done_before = ran * (k as u64 + 1);
            let out = run_pass(
                p,
                &ch,
                0,
                ran,
                None,
                threads,
                false,
                &mut |done, _| {
                    on_progress(&Progress {
                        done: done_before + done,
                        total,
                        partial: partial.clone(),
                        variants: Vec::new(),
                    })
                },
                cancel,
            )
            .ok_or(SimError::Cancelled)?;
            // Paired differences on common random numbers.
            let mut diff = Welford::default();
            for (a, b) in out.acc.dps.iter().zip(&base.acc.dps) {
                diff.push(a - b);
            }
            deltas.push((
                kind,
                diff.mean / STAT_WEIGHT_DELTA,
                diff.error95() / STAT_WEIGHT_DELTA,
            ));
        }
        let primary = deltas[0].1;
        let norm = if primary.abs() > 1e-12 { primary } else { 1.0 };
        stat_weights = Some(
            deltas
                .into_iter()
                .map(|(stat, per_point, err)| StatWeight {
                    stat,
                    weight: per_point / norm,
                    error: (err / norm).abs(),
                    dps_per_point: per_point,
                    delta: STAT_WEIGHT_DELTA,
                })
                .collect(),
        );
    }
    Ok(build_report(p, base.acc, base.stopped_early, stat_weights))
}
