//! Engine throughput: the reference is the built-in caster (fire_mage), patchwerk, 300 s.
//! Run with `cargo bench -p rotasim-engine`; figures go to BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rotasim_engine::{run, Catalog, FightKind, SimConfig};
use std::{sync::atomic::AtomicBool, time::Duration};

fn simulate(catalog: &Catalog, config: &SimConfig) -> f64 {
    let prepared = config.validate(catalog).expect("valid");
    run(&prepared, &mut |_| {}, &AtomicBool::new(false))
        .expect("run")
        .stats
        .mean_dps
}

fn reference(iterations: u32, threads: usize) -> SimConfig {
    SimConfig {
        spec: "fire_mage".into(),
        fight: FightKind::Patchwerk,
        duration: 300.0,
        iterations,
        threads,
        seed: 7,
        ..Default::default()
    }
}

fn threads(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let mut g = c.benchmark_group("reference_threads");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.throughput(Throughput::Elements(2000));
    for t in [1, 2] {
        g.bench_with_input(BenchmarkId::from_parameter(t), &t, |b, &t| {
            let cfg = reference(2000, t);
            b.iter(|| simulate(&catalog, &cfg))
        });
    }
    g.finish();
}

fn duration(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let mut g = c.benchmark_group("reference_duration_1thread");
    g.sample_size(15).measurement_time(Duration::from_secs(6));
    g.throughput(Throughput::Elements(500));
    for d in [60.0, 300.0, 900.0] {
        g.bench_with_input(BenchmarkId::from_parameter(d as u32), &d, |b, &d| {
            let cfg = SimConfig {
                duration: d,
                ..reference(500, 1)
            };
            b.iter(|| simulate(&catalog, &cfg))
        });
    }
    g.finish();
}

fn targets(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let mut g = c.benchmark_group("aoe_targets_1thread");
    g.sample_size(15).measurement_time(Duration::from_secs(6));
    g.throughput(Throughput::Elements(500));
    for spec in ["fire_mage", "affliction_warlock"] {
        for t in [1u32, 5, 10] {
            g.bench_with_input(BenchmarkId::new(spec, t), &t, |b, &t| {
                let cfg = SimConfig {
                    spec: spec.into(),
                    fight: FightKind::Aoe,
                    targets: Some(t),
                    ..reference(500, 1)
                };
                b.iter(|| simulate(&catalog, &cfg))
            });
        }
    }
    g.finish();
}

fn ten_thousand(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let mut g = c.benchmark_group("reference_10000_iterations_2threads");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("fire_mage_300s", |b| {
        let cfg = reference(10_000, 2);
        b.iter(|| simulate(&catalog, &cfg))
    });
    g.finish();
}

criterion_group!(benches, threads, duration, targets, ten_thousand);
criterion_main!(benches);
