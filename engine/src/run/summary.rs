//! Turning a pass's merged sums into the [`SimReport`]: DPS statistics, histogram, abilities,
//! buffs, timeline, the sample log, and the best and worst iterations.

use super::{insight::rotation_insight, pass::Acc};
use crate::{config::Prepared, report::*};

/// The report of a run whose main pass summed to `acc`.
pub(super) fn build_report(
    p: &Prepared,
    acc: Acc,
    stopped: bool,
    stat_weights: Option<Vec<StatWeight>>,
) -> SimReport {
    let c = &p.config;
    let f = &p.spec.full;
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
        min_duration: if acc.length_min.is_finite() {
            acc.length_min
        } else {
            0.0
        },
        max_duration: acc.length_max,
        targets_killed: acc.kills / n,
        targets_seen: acc.arrivals / n,
        estimated_health: c.health.estimated(c.fight),
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
                (format!("pet_{pet}"), format!("{} (pet)", title_case(pet)))
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
        window_dps: (0..tl_len)
            .map(|s| acc.tl_window[s][0] / f64::from(acc.tl_alive[s]))
            .collect(),
        window_dps_sd: (0..tl_len)
            .map(|s| {
                let n = f64::from(acc.tl_alive[s]);
                let mean = acc.tl_window[s][0] / n;
                (acc.tl_window[s][1] / n - mean * mean).max(0.0).sqrt()
            })
            .collect(),
        window_secs: super::pass::WINDOW_SECS as u32,
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
    let insight = rotation_insight(p, &acc, n, mean_len, total_damage);
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
        apl_lines: insight.apl_lines,
        waiting: insight.waiting,
        overflow: insight.overflow,
        cooldown_waste: insight.cooldown_waste,
        sequence: acc.sequence,
    }
}

/// "wolf" → "Wolf", "spirit_beast" → "Spirit Beast": a data name as a player reads it.
fn title_case(name: &str) -> String {
    name.split(['_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}
