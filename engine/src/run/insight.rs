//! The rotation's part of the report: per-line counts, time accounting, overflow and cooldown
//! waste, from a pass's merged sums.

use super::pass::Acc;
use crate::{
    apl::ActionKind,
    config::Prepared,
    insight::{
        AplLineStats, CooldownWaste, LineKind, ResourceOverflow, TimeAccounting, WaitReason,
        WaitShare,
    },
    sim::tracked_cooldowns,
};

/// What [`rotation_insight`] adds to the report.
pub(super) struct RotationInsight {
    pub(super) apl_lines: Vec<AplLineStats>,
    pub(super) waiting: TimeAccounting,
    pub(super) overflow: Vec<ResourceOverflow>,
    pub(super) cooldown_waste: Vec<CooldownWaste>,
}

/// Per-iteration means of `acc` (`n` iterations, `mean_len` seconds on average, `total_damage`
/// per iteration).
pub(super) fn rotation_insight(
    p: &Prepared,
    acc: &Acc,
    n: f64,
    mean_len: f64,
    total_damage: f64,
) -> RotationInsight {
    let f = &p.spec.full;
    let apl = &p.apl;
    let cast_total: f64 = apl
        .lists
        .iter()
        .flatten()
        .zip(&acc.lines)
        .filter(|(a, _)| matches!(a.kind, ActionKind::Cast { .. } | ActionKind::UseItems))
        .map(|(_, l)| l.executions)
        .sum();
    let pct = |part: f64, whole: f64| {
        if whole > 0.0 {
            100.0 * part / whole
        } else {
            0.0
        }
    };
    let mut apl_lines = Vec::with_capacity(acc.lines.len());
    let mut k = 0;
    for (li, list) in apl.lists.iter().enumerate() {
        for (index, action) in list.iter().enumerate() {
            let l = acc.lines[k];
            k += 1;
            let (kind, spell) = match &action.kind {
                ActionKind::Cast { spell, .. } => {
                    (LineKind::Cast, Some(f.spells[*spell as usize].id.clone()))
                }
                ActionKind::UseItems => (LineKind::Cast, None),
                ActionKind::Call(_) => (LineKind::Call, None),
                ActionKind::Run(_) => (LineKind::Run, None),
                ActionKind::Variable { .. } => (LineKind::Variable, None),
                ActionKind::Wait(_) => (LineKind::Wait, None),
                ActionKind::CancelBuff(_) => (LineKind::CancelBuff, None),
                ActionKind::Pool { .. } => (LineKind::Pool, None),
            };
            let damage = l.damage / n;
            apl_lines.push(AplLineStats {
                list: apl.list_names[li].clone(),
                index: index as u32,
                line: action.line as u32,
                text: action.text.clone(),
                kind,
                spell,
                executions: l.executions / n,
                min_executions: if l.min == u32::MAX { 0 } else { l.min },
                max_executions: l.max,
                cast_share: if kind == LineKind::Cast {
                    pct(l.executions, cast_total)
                } else {
                    0.0
                },
                damage,
                damage_share: pct(damage, total_damage),
                never_executed: l.max == 0,
            });
        }
    }
    let waited: f64 = acc.wait.iter().sum::<f64>() / n;
    let waiting = TimeAccounting {
        apm: if mean_len > 0.0 {
            acc.actions / n / (mean_len / 60.0)
        } else {
            0.0
        },
        active_pct: (100.0 - pct(waited, mean_len)).max(0.0),
        waiting_pct: pct(waited, mean_len),
        by_reason: WaitReason::ALL
            .into_iter()
            .map(|reason| {
                let seconds = acc.wait[reason.index()] / n;
                WaitShare {
                    reason,
                    pct: pct(seconds, mean_len),
                    seconds,
                }
            })
            .collect(),
    };
    let mut overflow = vec![ResourceOverflow {
        resource: f.resource.name.clone(),
        total: acc.overflow[0] / n,
        per_minute: per_minute(acc.overflow[0] / n, mean_len),
    }];
    if let Some(sec) = &f.secondary {
        overflow.push(ResourceOverflow {
            resource: sec.name.clone(),
            total: acc.overflow[1] / n,
            per_minute: per_minute(acc.overflow[1] / n, mean_len),
        });
    }
    let cooldown_waste = tracked_cooldowns(&p.spec, apl)
        .into_iter()
        .zip(&acc.cd_waste)
        .map(|(s, w)| CooldownWaste {
            spell: f.spells[s].id.clone(),
            name: f.spells[s].name.clone(),
            cooldown: f.spells[s].cooldown,
            mean: w[0] / n,
            min: if w[1].is_finite() { w[1] } else { 0.0 },
            max: w[2],
        })
        .collect();
    RotationInsight {
        apl_lines,
        waiting,
        overflow,
        cooldown_waste,
    }
}

fn per_minute(amount: f64, len: f64) -> f64 {
    if len > 0.0 {
        amount / (len / 60.0)
    } else {
        0.0
    }
}
