//! Determinism, the built-in catalogue, and fights doing what they say.

use rotasim_engine::{
    report::{LogKind, SimReport},
    run, Catalog, FightKind, SimConfig,
};
use std::sync::atomic::AtomicBool;

fn sim(config: SimConfig) -> SimReport {
    let prepared = config.validate(&Catalog::builtin()).expect("valid config");
    run(&prepared, &mut |_| {}, &AtomicBool::new(false)).expect("run")
}

fn cfg(spec: &str, fight: FightKind, iterations: u32) -> SimConfig {
    SimConfig {
        spec: spec.into(),
        fight,
        iterations,
        seed: 99,
        threads: 2,
        ..Default::default()
    }
}

#[test]
fn same_seed_same_report_whatever_the_thread_count() {
    for spec in ["fire_mage", "beast_mastery_hunter"] {
        let one = sim(SimConfig {
            threads: 1,
            ..cfg(spec, FightKind::Movement, 700)
        });
        let two = sim(SimConfig {
            threads: 2,
            ..cfg(spec, FightKind::Movement, 700)
        });
        assert_eq!(one, two, "{spec}: 1 and 2 threads differ");
        let other = sim(SimConfig {
            seed: 100,
            threads: 2,
            ..cfg(spec, FightKind::Movement, 700)
        });
        assert_ne!(
            one.stats.mean_dps, other.stats.mean_dps,
            "{spec}: another seed gave the same result"
        );
    }
}

#[test]
fn the_best_iteration_replays_exactly() {
    let base = cfg("fury_warrior", FightKind::Patchwerk, 300);
    let r = sim(base.clone());
    let replay = sim(SimConfig {
        iterations: 1,
        iteration_offset: r.best.iteration,
        ..base
    });
    assert_eq!(replay.stats.mean_dps, r.best.dps);
    assert_eq!(r.stats.max_dps, r.best.dps);
    assert!(!replay.sample_log.is_empty());
}

#[test]
fn every_builtin_spec_runs_every_fight_with_a_sensible_report() {
    let catalog = Catalog::builtin();
    assert!(catalog.specs().count() >= 4);
    for spec in catalog.specs() {
        for fight in FightKind::ALL {
            let r = sim(cfg(spec.id(), fight, 200));
            let s = &r.stats;
            assert!(
                s.mean_dps > 10_000.0 && s.mean_dps < 1_000_000.0,
                "{} {fight:?}: {}",
                spec.id(),
                s.mean_dps
            );
            assert!(
                s.min_dps <= s.p5_dps
                    && s.p5_dps <= s.median_dps
                    && s.median_dps <= s.p95_dps
                    && s.p95_dps <= s.max_dps
            );
            let share: f64 = r.abilities.iter().map(|a| a.share).sum();
            assert!((share - 100.0).abs() < 1e-6, "shares sum to {share}");
            assert_eq!(r.histogram.counts.iter().sum::<u32>(), 200);
            assert!(
                r.timeline.dps.len() >= 240 && r.timeline.resource.len() == r.timeline.dps.len()
            );
            assert!(r.sample_log.iter().any(|e| e.kind == LogKind::Damage));
            assert!(
                s.duration > 240.0 && s.duration < 360.0,
                "length varies ±20 %: {}",
                s.duration
            );
        }
    }
}

#[test]
fn movement_costs_a_hard_caster_much_more_than_an_instant_spec() {
    let loss = |spec: &str, apl: Option<&str>| {
        let apl = apl.map(str::to_string);
        let still = sim(SimConfig {
            apl: apl.clone(),
            ..cfg(spec, FightKind::Patchwerk, 1000)
        })
        .stats
        .mean_dps;
        let moving = sim(SimConfig {
            apl,
            ..cfg(spec, FightKind::Movement, 1000)
        })
        .stats
        .mean_dps;
        1.0 - moving / still
    };
    // Fire Mage without Scorch (its cast-while-moving spell) is a pure hard caster.
    let caster = loss(
        "fire_mage",
        Some("actions=pyroblast,if=buff.hot_streak.up\nactions+=/fireball"),
    );
    let hunter = loss("beast_mastery_hunter", None);
    // With Scorch the default rotation loses less, but still more than the hunter.
    let fire_default = loss("fire_mage", None);
    assert!(
        fire_default > hunter && fire_default < caster,
        "{fire_default} {hunter} {caster}"
    );
    assert!(
        caster > 0.05,
        "fire mage loses only {:.1} % to movement",
        caster * 100.0
    );
    assert!(
        caster > 4.0 * hunter.max(0.005),
        "caster loses {:.1} %, hunter {:.1} %",
        caster * 100.0,
        hunter * 100.0
    );
}

#[test]
fn aoe_multiplies_an_aoe_spec_and_dots_spread() {
    let single = sim(cfg("affliction_warlock", FightKind::Patchwerk, 500));
    let aoe = sim(cfg("affliction_warlock", FightKind::Aoe, 500));
    assert!(
        aoe.stats.mean_dps > 2.0 * single.stats.mean_dps,
        "{} vs {}",
        aoe.stats.mean_dps,
        single.stats.mean_dps
    );
    // Multi-dotting: Agony ticks on every target, so about 5× the single-target hits.
    let hits = |r: &SimReport| r.abilities.iter().find(|a| a.id == "agony").unwrap().hits;
    assert!(
        hits(&aoe) > 4.0 * hits(&single),
        "{} vs {}",
        hits(&aoe),
        hits(&single)
    );
    let targets: std::collections::BTreeSet<u32> = aoe
        .sample_log
        .iter()
        .filter(|e| e.kind == LogKind::Damage && e.name == "agony")
        .map(|e| e.target)
        .collect();
    assert_eq!(targets.len(), 5);
}

#[test]
fn execute_phase_actions_fire_only_below_their_threshold() {
    // Fixed length, so health at time t is 1 − t/300.
    let fixed = |spec: &str, apl: Option<&str>| {
        sim(SimConfig {
            vary_length: false,
            apl: apl.map(str::to_string),
            ..cfg(spec, FightKind::Patchwerk, 50)
        })
    };
    let warrior = fixed("fury_warrior", None);
    let execute_casts: Vec<f64> = warrior
        .sample_log
        .iter()
        .filter(|e| e.kind == LogKind::Cast && e.name == "execute")
        .map(|e| e.time)
        .collect();
    assert!(!execute_casts.is_empty(), "the warrior never executed");
    assert!(
        execute_casts.iter().all(|&t| t >= 0.8 * 300.0 - 1e-6),
        "{execute_casts:?}"
    );

    let mage = fixed(
        "fire_mage",
        Some("actions=scorch,if=target.health.pct<35\nactions+=/fireball"),
    );
    let scorch: Vec<f64> = mage
        .sample_log
        .iter()
        .filter(|e| e.kind == LogKind::Cast && e.name == "scorch")
        .map(|e| e.time)
        .collect();
    assert!(!scorch.is_empty());
    assert!(scorch.iter().all(|&t| t > 0.65 * 300.0), "{scorch:?}");
}

#[test]
fn target_error_stops_early_and_stat_weights_have_errors() {
    let r = sim(SimConfig {
        target_error: Some(0.2),
        iterations: 50_000,
        ..cfg("fire_mage", FightKind::Patchwerk, 0)
    });
    assert!(r.stopped_at_target_error);
    assert!(r.stats.error_pct <= 0.2, "{}", r.stats.error_pct);
    assert!(r.stats.iterations < 50_000);

    let w = sim(SimConfig {
        stat_weights: true,
        ..cfg("fury_warrior", FightKind::Patchwerk, 1500)
    });
    let weights = w.stat_weights.expect("weights");
    assert_eq!(weights.len(), 5);
    assert_eq!(weights[0].weight, 1.0);
    for x in &weights[1..] {
        assert!(x.weight > 0.05 && x.weight < 2.0, "{:?}", x);
        assert!(x.error > 0.0 && x.error < x.weight, "{:?}", x);
    }
}

#[test]
fn cancellation_stops_the_run() {
    let prepared = cfg("fire_mage", FightKind::Patchwerk, 50_000)
        .validate(&Catalog::builtin())
        .unwrap();
    let cancel = AtomicBool::new(false);
    let mut calls = 0;
    let result = run(
        &prepared,
        &mut |p| {
            calls += 1;
            if p.done >= 1000 {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
        &cancel,
    );
    assert_eq!(result, Err(rotasim_engine::SimError::Cancelled));
    assert!(
        calls < 60,
        "the run went on after cancel: {calls} progress reports"
    );
}

#[test]
fn progress_reports_partial_statistics() {
    let prepared = cfg("fire_mage", FightKind::Patchwerk, 2000)
        .validate(&Catalog::builtin())
        .unwrap();
    let mut seen = Vec::new();
    let r = run(
        &prepared,
        &mut |p| seen.push(p.clone()),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(seen.len() >= 10);
    assert!(seen.windows(2).all(|w| w[0].done < w[1].done));
    let last = seen.last().unwrap();
    assert_eq!(last.done, 2000);
    assert!((last.partial.mean_dps - r.stats.mean_dps).abs() < 1e-6);
    assert!(seen[0].partial.iterations > 0 && seen[0].partial.min_dps > 0.0);
}

#[test]
fn validation_names_every_bad_field() {
    let bad = SimConfig {
        spec: "fire_mage".into(),
        duration: 5.0,
        iterations: 0,
        targets: Some(3),
        target_error: Some(-1.0),
        apl: Some("actions=firebal".into()),
        ..Default::default()
    };
    let e = bad.validate(&Catalog::builtin()).unwrap_err();
    for field in ["duration", "iterations", "targets", "targetError", "apl"] {
        assert!(
            e.fields.contains_key(field),
            "{field} missing from {:?}",
            e.fields
        );
    }
    assert!(
        e.fields["apl"].contains("did you mean 'fireball'"),
        "{}",
        e.fields["apl"]
    );
    let unknown = SimConfig {
        spec: "paladin".into(),
        ..Default::default()
    }
    .validate(&Catalog::builtin())
    .unwrap_err();
    assert!(unknown.fields["spec"].contains("fire_mage"));
    let huge = SimConfig {
        spec: "fire_mage".into(),
        iterations: 1_000_000_000,
        ..Default::default()
    };
    assert!(huge
        .validate(&Catalog::builtin())
        .unwrap_err()
        .fields
        .contains_key("iterations"));
}
