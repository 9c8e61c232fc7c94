//! Any text loads as a spec or is rejected with an error; a spec that loads simulates a short
//! fight without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rotasim_engine::{load_spec, run, Catalog, FightKind, SimConfig};
use std::sync::atomic::AtomicBool;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(spec) = load_spec(text) else { return };
    let id = spec.id().to_string();
    let catalog = Catalog::default().with_spec(spec);
    for fight in FightKind::ALL {
        let config = SimConfig {
            spec: id.clone(),
            fight,
            duration: 30.0,
            iterations: 1,
            threads: 1,
            ..Default::default()
        };
        if let Ok(prepared) = config.validate(&catalog) {
            let report = run(&prepared, &mut |_| {}, &AtomicBool::new(false)).expect("not cancelled");
            assert!(report.stats.mean_dps.is_finite() && report.stats.mean_dps >= 0.0);
        }
    }
});
