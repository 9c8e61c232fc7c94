//! Any text that compiles as a rotation of a built-in spec simulates a short fight of each kind
//! without panicking, with latency and a reaction time drawn: the run-time side of the options
//! (chain, cancel_if, interrupt_immediate, sync, moving, precombat casts before the pull…).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rotasim_engine::{run, Catalog, FightKind, SimConfig};
use std::sync::{atomic::AtomicBool, OnceLock};

static CATALOG: OnceLock<Catalog> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let catalog = CATALOG.get_or_init(Catalog::builtin);
    let Ok(text) = std::str::from_utf8(data) else { return };
    for spec in catalog.specs() {
        for fight in FightKind::ALL {
            let config = SimConfig {
                spec: spec.id().to_string(),
                apl: Some(text.to_string()),
                fight,
                duration: 30.0,
                iterations: 1,
                threads: 1,
                ..Default::default()
            };
            let Ok(prepared) = config.validate(catalog) else { continue };
            let report = run(&prepared, &mut |_| {}, &AtomicBool::new(false)).expect("not cancelled");
            assert!(report.stats.mean_dps.is_finite() && report.stats.mean_dps >= 0.0);
        }
    }
});
