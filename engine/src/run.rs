//! Running many iterations: chunks on worker threads, ordered merging, progress, cancellation,
//! early stop at a target error, and stat weights on common random numbers.

use crate::{
    config::Prepared,
    report::*,
    rng::Rng,
    sim::{Sim, Static},
    stats::{Character, StatKind},
};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Progress of a run, reported after every chunk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Iterations done (all passes).
    pub done: u64,
    /// Iterations planned (all passes; an upper bound with a target error).
    pub total: u64,
    /// Merged statistics of the main pass so far.
    pub partial: PartialStats,
}

/// Why a run did not produce a report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimError {
    /// The cancel flag was raised.
    #[error("simulation cancelled")]
    Cancelled,
}

/// Rating added to each stat for stat-weight delta runs.
pub const STAT_WEIGHT_DELTA: f64 = 1000.0;

/// Sums of one chunk (or of everything merged so far).
#[derive(Debug, Clone)]
struct Acc {
    dps: Vec<f64>,
    welford: Welford,
    length: f64,
    abilities: Vec<[f64; 4]>,
    buffs: Vec<[f64; 3]>,
    tl_damage: Vec<f64>,
    tl_resource: Vec<f64>,
    tl_alive: Vec<u32>,
    log: Option<Vec<LogEntry>>,
}

impl Acc {
    fn new(st: &Static) -> Acc {
        Acc {
            dps: Vec::new(),
            welford: Welford::default(),
            length: 0.0,
            abilities: vec![[0.0; 4]; st.n_abilities],
            buffs: vec![[0.0; 3]; st.spec.file.buffs.len()],
            tl_damage: vec![0.0; st.timeline_len],
            tl_resource: vec![0.0; st.timeline_len],
            tl_alive: vec![0; st.timeline_len],
            log: None,
        }
    }

    fn merge(&mut self, o: Acc) {
        self.dps.extend_from_slice(&o.dps);
        self.welford.merge(&o.welford);
        self.length += o.length;
        for (a, b) in self.abilities.iter_mut().zip(&o.abilities) {
            for k in 0..4 {
                a[k] += b[k];
            }
        }
        for (a, b) in self.buffs.iter_mut().zip(&o.buffs) {
            for k in 0..3 {
                a[k] += b[k];
            }
        }
        for i in 0..self.tl_damage.len() {
            self.tl_damage[i] += o.tl_damage[i];
            self.tl_resource[i] += o.tl_resource[i];
            self.tl_alive[i] += o.tl_alive[i];
        }
        if self.log.is_none() {
            self.log = o.log;
        }
    }
}

/// Runs iterations `range` of a pass into one accumulator.
fn run_chunk(
    st: &Static,
    sim: &mut Sim,
    seed: u64,
    offset: u64,
    range: std::ops::Range<u64>,
    log_first: bool,
) -> Acc {
    let mut acc = Acc::new(st);
    acc.dps.reserve((range.end - range.start) as usize);
    for i in range {
        let log = log_first && i == 0;
        let out = sim.run(Rng::for_iteration(seed, offset + i), log);
        let dps = out.damage / out.length;
        acc.dps.push(dps);
        acc.welford.push(dps);
        acc.length += out.length;
        for (a, s) in acc.abilities.iter_mut().zip(&sim.abilities) {
            a[0] += s.damage;
            a[1] += s.casts as f64;
            a[2] += s.hits as f64;
            a[3] += s.crits as f64;
        }
        for (a, s) in acc.buffs.iter_mut().zip(sim.buff_report()) {
            a[0] += s.uptime / out.length;
            a[1] += s.stack_time;
            a[2] += s.triggers as f64;
        }
        let alive = (out.length.ceil() as usize).min(acc.tl_alive.len());
        for s in 0..alive {
            acc.tl_damage[s] += sim.tl_damage[s];
            acc.tl_resource[s] += sim.tl_resource[s];
            acc.tl_alive[s] += 1;
        }
        if log {
            acc.log = sim.log.take();
        }
    }
    acc
}

/// Iterations per chunk: depends on the iteration count only, so results do not depend on threads.
fn chunk_size(iterations: u64) -> u64 {
    (iterations / 100).clamp(1, 250)
}

struct PassOut {
    acc: Acc,
    stopped_early: bool,
}

/// One pass over the iterations with `character`; chunks run on `threads` workers and are merged in order.
#[allow(clippy::too_many_arguments)]
fn run_pass(
    p: &Prepared,
    character: &Character,
    iterations: u64,
    target_error: Option<f64>,
    threads: usize,
    log_first: bool,
    progress: &mut dyn FnMut(u64, &Welford),
    cancel: &AtomicBool,
) -> Result<PassOut, SimError> {
    let c = &p.config;
    let stats = character.derive(p.spec.file.mastery.per_point);
    let st = Static::new(
        &p.spec,
        &p.apl,
        stats,
        c.fight,
        p.targets,
        c.duration,
        c.vary_length,
    );
    let cs = chunk_size(iterations);
    let n_chunks = iterations.div_ceil(cs) as usize;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Acc)>();
    let worker = |tx: std::sync::mpsc::Sender<(usize, Acc)>| {
        let mut sim = Sim::new(&st);
        loop {
            if stop.load(Ordering::Relaxed) || cancel.load(Ordering::Relaxed) {
                break;
            }
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= n_chunks {
                break;
            }
            let start = k as u64 * cs;
            let range = start..(start + cs).min(iterations);
            let acc = run_chunk(&st, &mut sim, c.seed, c.iteration_offset, range, log_first);
            if tx.send((k, acc)).is_err() {
                break;
            }
        }
    };

    let mut merged = Acc::new(&st);
    let mut pending: Vec<Option<Acc>> = (0..n_chunks).map(|_| None).collect();
    let mut frontier = 0;
    let mut stopped_early = false;
    let mut collect = |rx: std::sync::mpsc::Receiver<(usize, Acc)>| {
        for (k, acc) in rx {
            pending[k] = Some(acc);
            while frontier < n_chunks {
                let Some(acc) = pending[frontier].take() else {
                    break;
                };
                merged.merge(acc);
                frontier += 1;
                progress(merged.welford.n, &merged.welford);
                if let Some(te) = target_error {
                    let w = &merged.welford;
                    if w.n >= 100 && w.mean > 0.0 && 100.0 * w.error95() / w.mean <= te {
                        stopped_early = frontier < n_chunks;
                        stop.store(true, Ordering::Relaxed);
                        return;
                    }
                }
            }
            if cancel.load(Ordering::Relaxed) {
                stop.store(true, Ordering::Relaxed);
                return;
            }
        }
    };

    #[cfg(feature = "parallel")]
    {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        pool.in_place_scope(|s| {
            for _ in 0..threads {
                let tx = tx.clone();
                s.spawn(|_| worker(tx));
            }
            drop(tx);
            collect(rx);
        });
    }
    #[cfg(not(feature = "parallel"))]
    {
        let _ = threads;
        worker(tx);
        collect(rx);
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(SimError::Cancelled);
    }
    Ok(PassOut {
        acc: merged,
        stopped_early,
    })
}

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
        iterations,
        c.target_error,
        threads,
        true,
        &mut |done, w| {
            on_progress(&Progress {
                done,
                total,
                partial: w.partial(),
            })
        },
        cancel,
    )?;
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
                ran,
                None,
                threads,
                false,
                &mut |done, _| {
                    on_progress(&Progress {
                        done: done_before + done,
                        total,
                        partial: partial.clone(),
                    })
                },
                cancel,
            )?;
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

fn build_report(
    p: &Prepared,
    acc: Acc,
    stopped: bool,
    stat_weights: Option<Vec<StatWeight>>,
) -> SimReport {
    let c = &p.config;
    let f = &p.spec.file;
    let n = acc.welford.n.max(1) as f64;
    let mean_len = acc.length / n;
    let mut sorted = acc.dps.clone();
    sorted.sort_by(f64::total_cmp);
    let w = &acc.welford;
    let error = w.error95();
    let stats = DpsStats {
        mean_dps: w.mean,
        min_dps: w.min,
        max_dps: w.max,
        std_dev: w.std_dev(),
        median_dps: quantile(&sorted, 0.5),
        p5_dps: quantile(&sorted, 0.05),
        p95_dps: quantile(&sorted, 0.95),
        error,
        error_pct: if w.mean > 0.0 {
            100.0 * error / w.mean
        } else {
            0.0
        },
        iterations: w.n,
        duration: mean_len,
    };
    let total_damage: f64 = acc.abilities.iter().map(|a| a[0]).sum::<f64>() / n;
    let mut abilities: Vec<AbilityStats> = acc
        .abilities
        .iter()
        .enumerate()
        .filter(|(_, a)| a[0] > 0.0 || a[1] > 0.0)
        .map(|(i, a)| {
            let (id, name) = if i < f.spells.len() {
                (f.spells[i].id.clone(), f.spells[i].name.clone())
            } else if i == f.spells.len() {
                ("auto_attack".to_string(), "Auto Attack".to_string())
            } else {
                let pet = f.pet.as_ref().map_or("pet", |p| p.name.as_str());
                (format!("pet_{pet}"), format!("Pet: {pet}"))
            };
            let damage = a[0] / n;
            AbilityStats {
                id,
                name,
                damage,
                share: if total_damage > 0.0 {
                    100.0 * damage / total_damage
                } else {
                    0.0
                },
                dps: damage / mean_len,
                casts: a[1] / n,
                hits: a[2] / n,
                crit_pct: if a[2] > 0.0 { 100.0 * a[3] / a[2] } else { 0.0 },
                avg_hit: if a[2] > 0.0 { a[0] / a[2] } else { 0.0 },
            }
        })
        .collect();
    abilities.sort_by(|a, b| b.damage.total_cmp(&a.damage));
    let buffs = acc
        .buffs
        .iter()
        .zip(&f.buffs)
        .map(|(b, def)| BuffStats {
            id: def.id.clone(),
            name: def.name.clone(),
            uptime: 100.0 * b[0] / n,
            avg_stacks: if b[0] > 0.0 {
                b[1] / (b[0] * mean_len)
            } else {
                0.0
            },
            triggers: b[2] / n,
        })
        .collect();
    let tl_len = acc
        .tl_alive
        .iter()
        .position(|&a| a == 0)
        .unwrap_or(acc.tl_alive.len());
    let timeline = Timeline {
        dps: (0..tl_len)
            .map(|s| acc.tl_damage[s] / acc.tl_alive[s] as f64)
            .collect(),
        resource: (0..tl_len)
            .map(|s| acc.tl_resource[s] / acc.tl_alive[s] as f64)
            .collect(),
        resource_name: f.resource.name.clone(),
    };
    let (best_i, worst_i) = acc.dps.iter().enumerate().fold((0, 0), |(b, w), (i, &v)| {
        (
            if v > acc.dps[b] { i } else { b },
            if v < acc.dps[w] { i } else { w },
        )
    });
    let iter_ref = |i: usize| IterationRef {
        iteration: c.iteration_offset + i as u64,
        seed: c.seed,
        dps: acc.dps.get(i).copied().unwrap_or(0.0),
    };
    SimReport {
        spec: f.id.clone(),
        spec_name: f.name.clone(),
        fight: c.fight,
        targets: p.targets,
        requested_duration: c.duration,
        seed: c.seed,
        engine_version: env!("CARGO_PKG_VERSION").to_string(),
        histogram: histogram(&acc.dps, 40),
        stats,
        abilities,
        buffs,
        timeline,
        sample_log: acc.log.unwrap_or_default(),
        best: iter_ref(best_i),
        worst: iter_ref(worst_i),
        stat_weights,
        stopped_at_target_error: stopped,
    }
}
