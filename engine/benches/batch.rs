//! Batches: what pairing buys and what it costs. For variant pairs a player compares (more of one
//! stat, another rotation, the same variant twice) it prints the paired 95 % interval of the
//! difference, Welch's interval of the same two runs as if they were independent, and their ratio;
//! and the throughput of a 4-variant batch against four single runs of the same iterations.
//! Run with `cargo bench -p rotasim-engine --bench batch`; figures go to BENCHMARKS.md.

use rotasim_engine::{run, run_batch, Catalog, FightKind, Prepared, SimConfig, StatKind};
use std::{sync::atomic::AtomicBool, time::Instant};

fn config(spec: &str, fight: FightKind, iterations: u32) -> SimConfig {
    SimConfig {
        spec: spec.into(),
        fight,
        duration: 300.0,
        vary_length: true,
        iterations,
        seed: 2026,
        threads: 0,
        ..Default::default()
    }
}

fn prepared(catalog: &Catalog, c: SimConfig) -> Prepared {
    c.validate(catalog).expect("valid")
}

fn with_stat(catalog: &Catalog, c: &SimConfig, kind: StatKind, amount: f64) -> SimConfig {
    let base = prepared(catalog, c.clone());
    SimConfig {
        character: Some(base.character.with_added(kind, amount)),
        ..c.clone()
    }
}

fn main() {
    let catalog = Catalog::builtin();
    let iterations = 10_000;
    println!("paired vs Welch, {iterations} iterations, 300 s ±20 %:");
    println!(
        "{:<44} {:>11} {:>12} {:>12} {:>7}",
        "comparison", "Δ DPS", "paired ±", "Welch ±", "ratio"
    );
    let cases: Vec<(&str, SimConfig, SimConfig)> = {
        let fire = config("fire_mage", FightKind::Patchwerk, iterations);
        let bm = config("beast_mastery_hunter", FightKind::Patchwerk, iterations);
        let fury = config("fury_warrior", FightKind::Movement, iterations);
        vec![
            (
                "fire_mage patchwerk: +500 crit",
                fire.clone(),
                with_stat(&catalog, &fire, StatKind::Crit, 500.0),
            ),
            (
                "fire_mage patchwerk: +500 haste",
                fire.clone(),
                with_stat(&catalog, &fire, StatKind::Haste, 500.0),
            ),
            (
                "fire_mage patchwerk: fireball-only APL",
                fire.clone(),
                SimConfig {
                    apl: Some("actions=fireball".into()),
                    ..fire.clone()
                },
            ),
            (
                "beast_mastery_hunter: +500 mastery",
                bm.clone(),
                with_stat(&catalog, &bm, StatKind::Mastery, 500.0),
            ),
            (
                "fury_warrior movement: +500 versatility",
                fury.clone(),
                with_stat(&catalog, &fury, StatKind::Versatility, 500.0),
            ),
            ("fire_mage patchwerk: itself", fire.clone(), fire),
        ]
    };
    for (name, a, b) in cases {
        let variants = [prepared(&catalog, a), prepared(&catalog, b)];
        let out = run_batch(&variants, &mut |_| {}, &AtomicBool::new(false)).expect("batch");
        let (p, w) = (out.paired[1].expect("paired"), out.welch[1].expect("welch"));
        let ratio = if p.error > 0.0 {
            format!("{:.1}×", w.error / p.error)
        } else {
            "∞".into()
        };
        println!(
            "{name:<44} {:>+11.1} {:>12.2} {:>12.2} {:>7}",
            p.dps, p.error, w.error, ratio
        );
    }

    let per = 5_000;
    let fire = config("fire_mage", FightKind::Patchwerk, per);
    let four: Vec<Prepared> = [0.0, 250.0, 500.0, 750.0]
        .iter()
        .map(|&x| prepared(&catalog, with_stat(&catalog, &fire, StatKind::Crit, x)))
        .collect();
    let started = Instant::now();
    for p in &four {
        run(p, &mut |_| {}, &AtomicBool::new(false)).expect("run");
    }
    let singles = started.elapsed().as_secs_f64();
    let started = Instant::now();
    run_batch(&four, &mut |_| {}, &AtomicBool::new(false)).expect("batch");
    let batch = started.elapsed().as_secs_f64();
    let total = (per * 4) as f64;
    println!(
        "\nthroughput, fire_mage patchwerk, 4 variants × {per} iterations (all cores):\n  four single runs {:.2} s ({:.0} it/s)\n  one batch        {:.2} s ({:.0} it/s)",
        singles,
        total / singles,
        batch,
        total / batch
    );
}
