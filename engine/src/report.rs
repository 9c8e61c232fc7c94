//! The simulation report and the statistics behind it.

pub use crate::insight::{AplLineStats, CooldownWaste, ResourceOverflow, Sequence, TimeAccounting};
use crate::{config::FightKind, stats::StatKind};
use serde::{Deserialize, Serialize};

/// DPS statistics over all iterations (DESIGN §6 names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DpsStats {
    /// Mean DPS.
    pub mean_dps: f64,
    /// Lowest iteration DPS.
    pub min_dps: f64,
    /// Highest iteration DPS.
    pub max_dps: f64,
    /// Standard deviation of iteration DPS.
    pub std_dev: f64,
    /// Median iteration DPS.
    pub median_dps: f64,
    /// 5th percentile.
    pub p5_dps: f64,
    /// 95th percentile.
    pub p95_dps: f64,
    /// Half-width of the 95 % confidence interval of the mean.
    pub error: f64,
    /// `error` as a percentage of the mean.
    pub error_pct: f64,
    /// Iterations run.
    pub iterations: u64,
    /// Mean fight length in seconds.
    pub duration: f64,
    /// Shortest iteration, seconds.
    #[serde(default)]
    pub min_duration: f64,
    /// Longest iteration, seconds.
    #[serde(default)]
    pub max_duration: f64,
    /// Mean targets killed per iteration (a fixed-time target dies at the end of its life).
    #[serde(default)]
    pub targets_killed: f64,
    /// Mean targets that took part per iteration (those present at the pull included).
    #[serde(default)]
    pub targets_seen: f64,
    /// Whether targets had estimated health pools (the fight ended when the boss died).
    #[serde(default)]
    pub estimated_health: bool,
}

/// Running statistics while a run is in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PartialStats {
    /// Mean DPS so far.
    pub mean_dps: f64,
    /// Lowest so far.
    pub min_dps: f64,
    /// Highest so far.
    pub max_dps: f64,
    /// Standard deviation so far.
    pub std_dev: f64,
    /// 95 % error of the mean so far.
    pub error: f64,
    /// Error as a percentage of the mean.
    pub error_pct: f64,
    /// Iterations done.
    pub iterations: u64,
}

/// Histogram of iteration DPS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Histogram {
    /// Lower edge of the first bin.
    pub min: f64,
    /// Width of every bin.
    pub bin_width: f64,
    /// Iterations per bin.
    pub counts: Vec<u32>,
}

/// One ability's contribution (means per iteration).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AbilityStats {
    /// Spell id, `auto_attack` or `pet_NAME`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Mean damage per iteration.
    pub damage: f64,
    /// Share of total damage, percent.
    pub share: f64,
    /// Damage per second of fight.
    pub dps: f64,
    /// Mean casts per iteration.
    pub casts: f64,
    /// Mean hits (direct hits and ticks) per iteration.
    pub hits: f64,
    /// Crit percentage of hits.
    pub crit_pct: f64,
    /// Mean damage per hit.
    pub avg_hit: f64,
}

/// One buff's uptime.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BuffStats {
    /// Buff id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Percent of fight time up.
    pub uptime: f64,
    /// Mean stacks while up.
    pub avg_stacks: f64,
    /// Mean gains (applications and refreshes) per iteration.
    pub triggers: f64,
}

/// Per-second means over all iterations still fighting at that second.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    /// Mean damage done in each second.
    pub dps: Vec<f64>,
    /// Mean over iterations of each iteration's DPS averaged over a centred window of
    /// [`Timeline::window_secs`] seconds (clipped at the fight's ends): the chart's line.
    #[serde(default)]
    pub window_dps: Vec<f64>,
    /// Standard deviation over iterations of that windowed DPS: the chart's band.
    #[serde(default)]
    pub window_dps_sd: Vec<f64>,
    /// Width of the window, in seconds (0 in reports stored before it existed).
    #[serde(default)]
    pub window_secs: u32,
    /// Mean primary resource at the start of each second.
    pub resource: Vec<f64>,
    /// Name of the resource.
    pub resource_name: String,
}

/// What happened in the sample iteration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LogKind {
    /// A cast began (or an instant was used).
    Cast,
    /// Damage was dealt.
    Damage,
    /// A buff was gained or refreshed.
    BuffGain,
    /// A buff faded.
    BuffFade,
    /// Movement began.
    MoveStart,
    /// Movement ended.
    MoveEnd,
    /// A target arrived (its number in `target`, its health pool in `amount`; 0 with fixed time).
    TargetArrive,
    /// A target died (`crit`: killed; otherwise it left).
    TargetDeath,
}

/// One line of the sample iteration's event log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    /// Fight time in seconds.
    pub time: f64,
    /// Kind of event.
    pub kind: LogKind,
    /// Ability or buff id.
    pub name: String,
    /// Target index (damage).
    pub target: u32,
    /// Damage dealt or stacks after a buff change.
    pub amount: f64,
    /// Whether the hit crit.
    pub crit: bool,
    /// Primary resource at the time.
    pub resource: f64,
}

/// An iteration that can be replayed (`--seed S --iteration-offset I --iterations 1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IterationRef {
    /// Iteration index.
    pub iteration: u64,
    /// The run's base seed.
    pub seed: u64,
    /// Its DPS.
    pub dps: f64,
}

/// One stat's value in DPS per point, normalised so the primary stat is 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StatWeight {
    /// The stat.
    pub stat: StatKind,
    /// Normalised weight (primary = 1).
    pub weight: f64,
    /// 95 % error of the normalised weight.
    pub error: f64,
    /// DPS gained per point.
    pub dps_per_point: f64,
    /// Rating added for the delta run.
    pub delta: f64,
}

/// The full result of a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SimReport {
    /// Spec id.
    pub spec: String,
    /// Spec display name.
    pub spec_name: String,
    /// Fight style.
    pub fight: FightKind,
    /// Targets.
    pub targets: u32,
    /// Requested fight length.
    pub requested_duration: f64,
    /// Base seed.
    pub seed: u64,
    /// Engine version.
    pub engine_version: String,
    /// DPS statistics.
    pub stats: DpsStats,
    /// DPS distribution.
    pub histogram: Histogram,
    /// Abilities by damage, highest first.
    pub abilities: Vec<AbilityStats>,
    /// Buffs.
    pub buffs: Vec<BuffStats>,
    /// Per-second means.
    pub timeline: Timeline,
    /// Event log of the first iteration.
    pub sample_log: Vec<LogEntry>,
    /// Best iteration.
    pub best: IterationRef,
    /// Worst iteration.
    pub worst: IterationRef,
    /// Stat weights, when asked.
    pub stat_weights: Option<Vec<StatWeight>>,
    /// Whether the run stopped early at `target_error`.
    pub stopped_at_target_error: bool,
    /// Every line of the rotation as run (all lists, in order) with how often it acted.
    #[serde(default)]
    pub apl_lines: Vec<AplLineStats>,
    /// APM, active and waiting time.
    #[serde(default)]
    pub waiting: TimeAccounting,
    /// Resources generated past their cap.
    #[serde(default)]
    pub overflow: Vec<ResourceOverflow>,
    /// Cooldowns (cast by the rotation) left ready.
    #[serde(default)]
    pub cooldown_waste: Vec<CooldownWaste>,
    /// The sample iteration's decisions, with why higher lines were skipped.
    #[serde(default)]
    pub sequence: Option<Sequence>,
}

/// Mergeable mean/variance/min/max (Welford, Chan et al. for merging).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Welford {
    /// Count.
    pub n: u64,
    /// Mean.
    pub mean: f64,
    /// Sum of squared deviations.
    pub m2: f64,
    /// Minimum.
    pub min: f64,
    /// Maximum.
    pub max: f64,
}

impl Default for Welford {
    fn default() -> Self {
        Welford {
            n: 0,
            mean: 0.0,
            m2: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl Welford {
    /// Adds one value.
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
        self.min = self.min.min(x);
        self.max = self.max.max(x);
    }

    /// Merges another accumulator into this one.
    pub fn merge(&mut self, o: &Welford) {
        if o.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *o;
            return;
        }
        let n = self.n + o.n;
        let d = o.mean - self.mean;
        self.mean += d * o.n as f64 / n as f64;
        self.m2 += o.m2 + d * d * self.n as f64 * o.n as f64 / n as f64;
        self.n = n;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
    }

    /// Sample standard deviation.
    pub fn std_dev(&self) -> f64 {
        if self.n < 2 {
            0.0
        } else {
            (self.m2 / (self.n - 1) as f64).sqrt()
        }
    }

    /// Half-width of the 95 % confidence interval of the mean.
    pub fn error95(&self) -> f64 {
        if self.n < 2 {
            0.0
        } else {
            1.96 * self.std_dev() / (self.n as f64).sqrt()
        }
    }

    /// Snapshot for progress reports.
    pub fn partial(&self) -> PartialStats {
        let error = self.error95();
        PartialStats {
            mean_dps: self.mean,
            min_dps: if self.n == 0 { 0.0 } else { self.min },
            max_dps: if self.n == 0 { 0.0 } else { self.max },
            std_dev: self.std_dev(),
            error,
            error_pct: if self.mean > 0.0 {
                100.0 * error / self.mean
            } else {
                0.0
            },
            iterations: self.n,
        }
    }
}

/// Value at quantile `q` (0..1) of sorted data, linear interpolation.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// A histogram with `bins` equal bins over the data's range.
pub fn histogram(values: &[f64], bins: usize) -> Histogram {
    let (min, max) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if values.is_empty() {
        return Histogram::default();
    }
    let width = ((max - min) / bins as f64).max(1e-9);
    let mut counts = vec![0u32; bins];
    for &v in values {
        let i = (((v - min) / width) as usize).min(bins - 1);
        counts[i] += 1;
    }
    Histogram {
        min,
        bin_width: width,
        counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welford_merge_matches_a_single_pass() {
        let xs: Vec<f64> = (0..1000).map(|i| ((i * 7919) % 1000) as f64).collect();
        let mut all = Welford::default();
        xs.iter().for_each(|&x| all.push(x));
        let mut a = Welford::default();
        let mut b = Welford::default();
        xs[..333].iter().for_each(|&x| a.push(x));
        xs[333..].iter().for_each(|&x| b.push(x));
        a.merge(&b);
        assert_eq!(a.n, all.n);
        assert!((a.mean - all.mean).abs() < 1e-9);
        assert!((a.std_dev() - all.std_dev()).abs() < 1e-9);
        assert_eq!((a.min, a.max), (0.0, 999.0));
    }

    #[test]
    fn quantiles_and_histogram() {
        let v: Vec<f64> = (0..=100).map(f64::from).collect();
        assert_eq!(quantile(&v, 0.5), 50.0);
        assert_eq!(quantile(&v, 0.05), 5.0);
        let h = histogram(&v, 10);
        assert_eq!(h.counts.iter().sum::<u32>(), 101);
        assert_eq!(h.min, 0.0);
    }
}
