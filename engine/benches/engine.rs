//! Engine throughput: the reference is the built-in caster (fire_mage), patchwerk, 300 s; and
//! the rotation editor's check (`Apl::check`) of the largest built-in APL and of 64 KiB ones.
//! Run with `cargo bench -p rotasim-engine`; figures go to BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rotasim_engine::{apl::MAX_APL_BYTES, run, Apl, Catalog, FightKind, SimConfig};
use std::{sync::atomic::AtomicBool, time::Duration};

#[path = "../tests/support/big_apl.rs"]
mod big_apl;

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

fn apl_check(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let mut g = c.benchmark_group("apl_check");
    g.sample_size(30).measurement_time(Duration::from_secs(4));
    let largest = catalog
        .specs()
        .max_by_key(|s| s.file.apl.len())
        .expect("built-in specs");
    let fire = catalog.get("fire_mage").expect("fire_mage");
    let cases = [
        (
            format!("largest_builtin_{}", largest.id()),
            largest,
            largest.file.apl.clone(),
        ),
        ("64_kib_valid".to_string(), fire, big_apl::valid()),
        ("64_kib_errors".to_string(), fire, big_apl::errors()),
    ];
    for (name, spec, text) in &cases {
        assert!(text.len() <= MAX_APL_BYTES);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name.as_str(), |b| {
            b.iter(|| Apl::check(text, spec).errors.len())
        });
    }
    g.finish();
}

criterion_group!(benches, threads, duration, targets, ten_thousand, apl_check);
criterion_main!(benches);
