//! The side-by-side tables of a comparison: settings (with differences marked), abilities
//! matched by id, and stat weights.

use super::Run;
use crate::model::{AbilityRow, AplLineRow, DiffOp, SettingRow, StatWeightRow};
use rotasim_engine::StatKind;

/// One row per setting, in the order the page lists them.
pub(super) fn settings(runs: &[Run]) -> Vec<SettingRow> {
    let each = |f: &dyn Fn(&Run) -> String| runs.iter().map(f).collect::<Vec<_>>();
    let mut rows = vec![
        plain_row(
            "rotation",
            "Rotation",
            each(&|r| match r.record.rotation_version {
                Some(v) => format!("{} (version {v})", r.name),
                None => format!("{} (inline APL)", r.name),
            }),
        ),
        plain_row("spec", "Spec", each(&|r| r.report.spec_name.clone())),
        apl_row(runs),
    ];
    for kind in StatKind::ALL {
        let label = match kind {
            StatKind::Primary => "Primary stat",
            StatKind::Crit => "Crit rating",
            StatKind::Haste => "Haste rating",
            StatKind::Mastery => "Mastery rating",
            StatKind::Versatility => "Versatility rating",
        };
        rows.push(plain_row(
            kind.name(),
            label,
            each(&|r| format!("{:.0}", r.character.total(kind))),
        ));
    }
    rows.push(plain_row(
        "fight",
        "Fight",
        each(&|r| r.report.fight.name().to_string()),
    ));
    rows.push(plain_row(
        "targets",
        "Targets",
        each(&|r| r.report.targets.to_string()),
    ));
    rows.push(plain_row(
        "duration",
        "Duration",
        each(&|r| format!("{} s", r.record.duration)),
    ));
    rows.push(plain_row(
        "iterations",
        "Iterations",
        each(&|r| r.report.stats.iterations.to_string()),
    ));
    rows.push(plain_row(
        "targetError",
        "Target error",
        each(&|r| match r.snapshot.target_error {
            Some(e) => format!("{e} %"),
            None => "—".into(),
        }),
    ));
    rows.push(plain_row(
        "seed",
        "Seed",
        each(&|r| r.snapshot.seed.clone()),
    ));
    rows.push(plain_row(
        "statWeights",
        "Stat weights",
        each(&|r| if r.snapshot.stat_weights { "yes" } else { "no" }.into()),
    ));
    rows
}

fn plain_row(key: &str, label: &str, values: Vec<String>) -> SettingRow {
    let differs = values.iter().any(|v| v != &values[0]);
    SettingRow {
        key: key.into(),
        label: label.into(),
        values,
        differs,
    }
}

/// The APL row: the baseline's length, then "same" or "differs (+added −removed lines)".
fn apl_row(runs: &[Run]) -> SettingRow {
    let values: Vec<String> = runs
        .iter()
        .enumerate()
        .map(|(i, r)| match (i, &r.apl_diff) {
            (0, _) => format!("{} lines", r.apl.lines().count()),
            (_, None) => "same".into(),
            (_, Some(d)) => {
                let count = |op| d.iter().filter(|l| l.op == op).count();
                format!(
                    "differs (+{} −{} lines)",
                    count(DiffOp::Added),
                    count(DiffOp::Removed)
                )
            }
        })
        .collect();
    SettingRow {
        key: "apl".into(),
        label: "APL".into(),
        differs: runs.iter().any(|r| r.apl_diff.is_some()),
        values,
    }
}

/// Every ability any run used, in the baseline's order first, with each run's DPS and its
/// change against the baseline.
pub(super) fn abilities(runs: &[Run]) -> Vec<AbilityRow> {
    let mut rows: Vec<AbilityRow> = Vec::new();
    for run in runs {
        for a in &run.report.abilities {
            if !rows.iter().any(|r| r.id == a.id) {
                rows.push(AbilityRow {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    dps: Vec::new(),
                    delta: Vec::new(),
                });
            }
        }
    }
    for row in &mut rows {
        row.dps = runs
            .iter()
            .map(|r| {
                r.report
                    .abilities
                    .iter()
                    .find(|a| a.id == row.id)
                    .map(|a| a.dps)
            })
            .collect();
        row.delta = against_baseline(&row.dps);
    }
    rows
}

/// Every priority-list line of any run (matched by list and text), the baseline's first, with
/// each run's executions per fight and the change against the baseline.
pub(super) fn apl_lines(runs: &[Run]) -> Vec<AplLineRow> {
    let mut rows: Vec<AplLineRow> = Vec::new();
    for run in runs {
        for l in &run.report.apl_lines {
            if !rows.iter().any(|r| r.list == l.list && r.text == l.text) {
                rows.push(AplLineRow {
                    list: l.list.clone(),
                    text: l.text.clone(),
                    executions: Vec::new(),
                    delta: Vec::new(),
                });
            }
        }
    }
    for row in &mut rows {
        // A line written twice in one list counts as one.
        row.executions = runs
            .iter()
            .map(|r| {
                let same = r
                    .report
                    .apl_lines
                    .iter()
                    .filter(|l| l.list == row.list && l.text == row.text);
                same.clone().next()?;
                Some(same.map(|l| l.executions).sum())
            })
            .collect();
        row.delta = against_baseline(&row.executions);
    }
    rows
}

/// Each value's change against the first (the baseline): `None` for the baseline itself and
/// where either value is missing.
fn against_baseline(values: &[Option<f64>]) -> Vec<Option<f64>> {
    let base = values.first().copied().flatten();
    values
        .iter()
        .enumerate()
        .map(|(i, v)| match (i, base, v) {
            (0, _, _) => None,
            (_, Some(b), Some(v)) => Some(v - b),
            _ => None,
        })
        .collect()
}

/// Each stat's weight per run; empty when no run computed weights.
pub(super) fn stat_weights(runs: &[Run]) -> Vec<StatWeightRow> {
    if runs.iter().all(|r| r.report.stat_weights.is_none()) {
        return Vec::new();
    }
    StatKind::ALL
        .into_iter()
        .map(|kind| StatWeightRow {
            stat: kind.name().to_string(),
            weights: runs
                .iter()
                .map(|r| {
                    r.report
                        .stat_weights
                        .as_ref()?
                        .iter()
                        .find(|w| w.stat == kind)
                        .map(|w| (w.weight, w.error))
                })
                .collect(),
        })
        .collect()
}
