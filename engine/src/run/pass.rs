//! One pass over a run's iterations: chunks on worker threads, each summed into an accumulator,
//! merged in chunk order (so results do not depend on the thread count), with progress after every
//! chunk, cancellation, and an early stop at a target error.

use crate::{
    config::{Prepared, SimConfig},
    insight::Sequence,
    report::{LogEntry, Welford},
    rng::Rng,
    sim::{ClassSums, Sim, Static},
    stats::Character,
};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Sums of one chunk (or of everything merged so far).
#[derive(Debug, Clone)]
pub(super) struct Acc {
    pub(super) dps: Vec<f64>,
    pub(super) welford: Welford,
    pub(super) length: f64,
    /// Shortest and longest iteration.
    pub(super) length_min: f64,
    pub(super) length_max: f64,
    /// Targets killed, and targets that arrived (sums over iterations).
    pub(super) kills: f64,
    pub(super) arrivals: f64,
    pub(super) abilities: Vec<[f64; 4]>,
    pub(super) buffs: Vec<[f64; 3]>,
    pub(super) tl_damage: Vec<f64>,
    pub(super) tl_resource: Vec<f64>,
    pub(super) tl_alive: Vec<u32>,
    /// Per second: sum and sum of squares of each iteration's windowed DPS.
    pub(super) tl_window: Vec<[f64; 2]>,
    pub(super) log: Option<Vec<LogEntry>>,
    /// Per line: executions (sum, min, max over iterations) and damage.
    pub(super) lines: Vec<LineAcc>,
    /// Actions started in combat.
    pub(super) actions: f64,
    /// Waiting seconds by reason.
    pub(super) wait: [f64; 5],
    /// Primary and secondary overflow.
    pub(super) overflow: [f64; 2],
    /// Per tracked cooldown: unused ready seconds (sum, min, max over iterations).
    pub(super) cd_waste: Vec<[f64; 3]>,
    /// The sample iteration's decisions.
    pub(super) sequence: Option<Sequence>,
}

/// One line's sums over iterations.
#[derive(Debug, Clone, Copy)]
pub(super) struct LineAcc {
    pub(super) executions: f64,
    pub(super) min: u32,
    pub(super) max: u32,
    pub(super) damage: f64,
}

impl Default for LineAcc {
    fn default() -> Self {
        LineAcc {
            executions: 0.0,
            min: u32::MAX,
            max: 0,
            damage: 0.0,
        }
    }
}

impl Acc {
    fn new(st: &Static) -> Acc {
        Acc {
            dps: Vec::new(),
            welford: Welford::default(),
            length: 0.0,
            length_min: f64::INFINITY,
            length_max: 0.0,
            kills: 0.0,
            arrivals: 0.0,
            abilities: vec![[0.0; 4]; st.n_abilities],
            buffs: vec![[0.0; 3]; st.spec.full.buffs.len()],
            tl_damage: vec![0.0; st.timeline_len],
            tl_resource: vec![0.0; st.timeline_len],
            tl_alive: vec![0; st.timeline_len],
            tl_window: vec![[0.0; 2]; st.timeline_len],
            log: None,
            lines: vec![LineAcc::default(); st.n_lines],
            actions: 0.0,
            wait: [0.0; 5],
            overflow: [0.0; 2],
            cd_waste: vec![[0.0, f64::INFINITY, 0.0]; st.cd_tracked.len()],
            sequence: None,
        }
    }

    /// Adds another accumulator's sums (its iterations come after this one's).
    pub(super) fn merge(&mut self, o: Acc) {
        self.dps.extend_from_slice(&o.dps);
        self.welford.merge(&o.welford);
        self.length += o.length;
        self.length_min = self.length_min.min(o.length_min);
        self.length_max = self.length_max.max(o.length_max);
        self.kills += o.kills;
        self.arrivals += o.arrivals;
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
            self.tl_window[i][0] += o.tl_window[i][0];
            self.tl_window[i][1] += o.tl_window[i][1];
        }
        if self.log.is_none() {
            self.log = o.log;
        }
        for (a, b) in self.lines.iter_mut().zip(&o.lines) {
            a.executions += b.executions;
            a.min = a.min.min(b.min);
            a.max = a.max.max(b.max);
            a.damage += b.damage;
        }
        self.actions += o.actions;
        for k in 0..5 {
            self.wait[k] += o.wait[k];
        }
        for k in 0..2 {
            self.overflow[k] += o.overflow[k];
        }
        for (a, b) in self.cd_waste.iter_mut().zip(&o.cd_waste) {
            a[0] += b[0];
            a[1] = a[1].min(b[1]);
            a[2] = a[2].max(b[2]);
        }
        if self.sequence.is_none() {
            self.sequence = o.sequence;
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
        acc.length_min = acc.length_min.min(out.length);
        acc.length_max = acc.length_max.max(out.length);
        acc.kills += f64::from(sim.kills);
        acc.arrivals += f64::from(sim.arrivals);
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
        // Element by element over slices (no index checks, so the adds vectorise).
        add_to(&mut acc.tl_damage[..alive], &sim.tl_damage[..alive]);
        add_to(&mut acc.tl_resource[..alive], &sim.tl_resource[..alive]);
        for n in &mut acc.tl_alive[..alive] {
            *n += 1;
        }
        add_windowed(&mut acc.tl_window, &sim.tl_damage[..alive]);
        let a = &sim.acct;
        for ((l, &n), &d) in acc.lines.iter_mut().zip(&a.line_exec).zip(&a.line_damage) {
            l.executions += f64::from(n);
            l.min = l.min.min(n);
            l.max = l.max.max(n);
            l.damage += d;
        }
        acc.actions += f64::from(a.actions);
        for k in 0..5 {
            acc.wait[k] += a.wait[k];
        }
        for k in 0..2 {
            acc.overflow[k] += a.overflow[k];
        }
        for (w, &x) in acc.cd_waste.iter_mut().zip(&a.cd_waste) {
            w[0] += x;
            w[1] = w[1].min(x);
            w[2] = w[2].max(x);
        }
        if log {
            acc.log = sim.log.take();
            acc.sequence = sim
                .explain
                .take()
                .map(|x| x.into_sequence(offset + i, out.length));
        }
    }
    acc
}

/// Iterations of the pilot pass that sizes estimated health pools.
const PILOT_ITERATIONS: u64 = 10;
/// Mixed into the seed for the pilot's iterations (they are not the run's iterations).
const PILOT_SALT: u64 = 0x7069_6c6f_7421;

/// Correction rounds after the fixed-time pilot.
const PILOT_ROUNDS: u64 = 2;

/// Sizes the health pools of an estimated-health run, as SimulationCraft does (a fixed-time
/// iteration, then pools from the damage each target took, adjusted until the fight lasts the
/// requested length) but from a pilot of its own, seeded by the run's seed only, so every pass,
/// thread count, iteration offset and stat-weight delta of a run sees the same pools:
///
/// 1. [`PILOT_ITERATIONS`] fixed-time iterations of the requested length (no variation) with the
///    run's own character: each health class's pool is the mean damage one spawn of it took over
///    its scripted life;
/// 2. [`PILOT_ROUNDS`] times, [`PILOT_ITERATIONS`] iterations with those pools: the pools of the
///    targets that must die (not adds) are scaled by requested length / mean length.
fn calibrate(p: &Prepared) -> crate::sim::Calibration {
    let c = &p.config;
    let stats = p.character.derive(p.spec.full.mastery.per_point);
    let fixed = SimConfig {
        vary_length: false,
        ..c.clone()
    };
    let mut st = Static::new(&p.spec, &p.apl, stats, &fixed, p.targets, p.group_size);
    let seed = c.seed ^ PILOT_SALT;
    let mut cal = {
        let mut sim = Sim::new(&st);
        sim.pilot = Some(ClassSums::default());
        for i in 0..PILOT_ITERATIONS {
            sim.run(Rng::for_iteration(seed, i), false);
        }
        sim.pilot.take().unwrap_or_default().calibration()
    };
    for round in 0..PILOT_ROUNDS {
        st.calibration = Some(cal.clone());
        let mut sim = Sim::new(&st);
        let mut length = 0.0;
        for i in 0..PILOT_ITERATIONS {
            let it = PILOT_ITERATIONS * (round + 1) + i;
            length += sim.run(Rng::for_iteration(seed, it), false).length;
        }
        let mean = length / PILOT_ITERATIONS as f64;
        if mean > 0.0 {
            cal.scale *= (c.duration / mean).clamp(0.25, 4.0);
        }
    }
    cal
}

/// Iterations per chunk: depends on the iteration count only, so results do not depend on threads.
fn chunk_size(iterations: u64) -> u64 {
    (iterations / 100).clamp(1, 250)
}

/// What a pass produced.
pub(super) struct PassOut {
    /// Everything merged.
    pub(super) acc: Acc,
    /// Whether the target error stopped it before all iterations.
    pub(super) stopped_early: bool,
}

/// One pass over iterations `first..first + iterations` (after the configuration's own offset)
/// with `character`; chunks run on `threads` workers and are merged in order.
/// `None` when the cancel flag was raised.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_pass(
    p: &Prepared,
    character: &Character,
    first: u64,
    iterations: u64,
    target_error: Option<f64>,
    threads: usize,
    log_first: bool,
    progress: &mut dyn FnMut(u64, &Welford),
    cancel: &AtomicBool,
) -> Option<PassOut> {
    let c = &p.config;
    let stats = character.derive(p.spec.full.mastery.per_point);
    let mut st = Static::new(&p.spec, &p.apl, stats, c, p.targets, p.group_size);
    if st.estimated() {
        st.calibration = Some(calibrate(p));
    }
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
            let offset = c.iteration_offset + first;
            let acc = run_chunk(&st, &mut sim, c.seed, offset, range, log_first);
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
        return None;
    }
    Some(PassOut {
        acc: merged,
        stopped_early,
    })
}

/// Adds `x` to `sums` element by element.
fn add_to(sums: &mut [f64], x: &[f64]) {
    for (s, v) in sums.iter_mut().zip(x) {
        *s += v;
    }
}

/// Seconds in the window of the DPS-over-time line and band.
pub(super) const WINDOW_SECS: usize = 5;

/// Adds one iteration's windowed DPS (a centred [`WINDOW_SECS`] mean of its per-second damage,
/// clipped at both ends) and its square to the per-second sums.
fn add_windowed(sums: &mut [[f64; 2]], damage: &[f64]) {
    let half = WINDOW_SECS / 2;
    let n = damage.len();
    let mut run: f64 = damage.iter().take(half + 1).sum();
    for s in 0..n {
        let lo = s.saturating_sub(half);
        let hi = (s + half).min(n - 1);
        let w = run / (hi - lo + 1) as f64;
        sums[s][0] += w;
        sums[s][1] += w * w;
        if s + half + 1 < n {
            run += damage[s + half + 1];
        }
        if s >= half {
            run -= damage[s - half];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::add_windowed;

    #[test]
    fn windowed_dps_is_a_centred_mean_clipped_at_the_ends() {
        let mut sums = vec![[0.0; 2]; 8];
        add_windowed(&mut sums, &[10.0, 0.0, 0.0, 0.0, 0.0, 0.0, 50.0]);
        let w: Vec<f64> = sums.iter().map(|s| s[0]).collect();
        // Second 0 sees seconds 0..=2, second 2 sees 0..=4, second 6 sees 4..=6.
        assert_eq!(
            &w[..7],
            &[10.0 / 3.0, 2.5, 2.0, 0.0, 10.0, 12.5, 50.0 / 3.0]
        );
        assert_eq!(
            w[7], 0.0,
            "a second past the iteration's end is not counted"
        );
        assert_eq!(sums[0][1], (10.0f64 / 3.0).powi(2));
    }
}
