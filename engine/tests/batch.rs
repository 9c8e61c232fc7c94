//! Batches: variants on common random numbers, paired differences, determinism.

use rotasim_engine::{
    compare::Verdict, run_batch, BatchOutcome, Catalog, FightKind, Prepared, SimConfig, SimError,
    StatKind,
};
use std::sync::atomic::AtomicBool;

fn prepared(config: SimConfig) -> Prepared {
    config.validate(&Catalog::builtin()).expect("valid config")
}

fn base(iterations: u32, threads: usize) -> SimConfig {
    SimConfig {
        spec: "fire_mage".into(),
        fight: FightKind::Patchwerk,
        duration: 180.0,
        vary_length: true,
        iterations,
        seed: 4242,
        threads,
        ..Default::default()
    }
}

/// The spec's default character with `amount` more crit rating.
fn more_crit(config: &SimConfig, amount: f64) -> SimConfig {
    let p = prepared(config.clone());
    SimConfig {
        character: Some(p.character.with_added(StatKind::Crit, amount)),
        ..config.clone()
    }
}

fn batch(configs: Vec<SimConfig>) -> BatchOutcome {
    let variants: Vec<Prepared> = configs.into_iter().map(prepared).collect();
    run_batch(&variants, &mut |_| {}, &AtomicBool::new(false)).expect("batch")
}

#[test]
fn a_variant_against_itself_differs_by_exactly_nothing() {
    let out = batch(vec![base(500, 2), base(500, 2)]);
    let d = out.paired[1].expect("a paired difference");
    assert_eq!((d.dps, d.error), (0.0, 0.0));
    assert_eq!(d.verdict, Verdict::Same);
    assert_eq!(out.reports[0].stats, out.reports[1].stats);
    assert!(out.paired[0].is_none(), "the baseline has no difference");
}

#[test]
fn paired_intervals_are_much_tighter_than_welch() {
    let cfg = base(2000, 2);
    let out = batch(vec![cfg.clone(), more_crit(&cfg, 1500.0)]);
    let paired = out.paired[1].unwrap();
    let welch = out.welch[1].unwrap();
    assert!(
        (paired.dps - welch.dps).abs() < 1e-6,
        "same means either way"
    );
    assert!(paired.dps > 0.0, "more crit is more damage: {}", paired.dps);
    assert_eq!(paired.verdict, Verdict::Better);
    assert!(
        paired.error * 2.0 < welch.error,
        "paired ±{:.1} should be far tighter than Welch ±{:.1}",
        paired.error,
        welch.error
    );
}

#[test]
fn batches_do_not_depend_on_the_thread_count() {
    let one = base(400, 1);
    let two = base(400, 2);
    let a = batch(vec![one.clone(), more_crit(&one, 800.0)]);
    let b = batch(vec![two.clone(), more_crit(&two, 800.0)]);
    assert_eq!(a, b);
}

#[test]
fn progress_carries_every_variant_and_ends_at_the_total() {
    let cfg = base(300, 2);
    let variants: Vec<Prepared> = vec![cfg.clone(), more_crit(&cfg, 500.0), cfg.clone()]
        .into_iter()
        .map(prepared)
        .collect();
    let mut seen = Vec::new();
    run_batch(
        &variants,
        &mut |p| seen.push(p.clone()),
        &AtomicBool::new(false),
    )
    .unwrap();
    let last = seen.last().unwrap();
    assert_eq!((last.done, last.total), (900, 900));
    assert_eq!(last.variants.len(), 3);
    assert!(last.variants.iter().all(|v| v.iterations == 300));
    // Every variant has statistics long before the end: the rounds interleave them.
    let early = seen.iter().find(|p| p.done >= 300).unwrap();
    assert!(
        early
            .variants
            .iter()
            .all(|v| v.iterations > 0 && v.iterations < 300),
        "{:?}",
        early.variants
    );
    assert!(seen.windows(2).all(|w| w[0].done <= w[1].done));
}

#[test]
fn variants_of_different_fights_are_refused_and_cancel_stops() {
    let a = prepared(base(100, 1));
    let b = prepared(SimConfig {
        fight: FightKind::Movement,
        ..base(100, 1)
    });
    assert_eq!(
        run_batch(&[a.clone(), b], &mut |_| {}, &AtomicBool::new(false)),
        Err(SimError::Mismatch("fight"))
    );
    assert_eq!(
        run_batch(&[a.clone(), a], &mut |_| {}, &AtomicBool::new(true)),
        Err(SimError::Cancelled)
    );
}
