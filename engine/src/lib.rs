//! rotasim-engine: a deterministic, data-driven discrete-event combat simulator.
//!
//! ```no_run
//! use rotasim_engine::{Catalog, SimConfig, FightKind, run};
//! use std::sync::atomic::AtomicBool;
//!
//! let catalog = Catalog::builtin();
//! let config = SimConfig { spec: "fire_mage".into(), fight: FightKind::Patchwerk, iterations: 1000, ..Default::default() };
//! let prepared = config.validate(&catalog).expect("valid");
//! let report = run(&prepared, &mut |p| eprintln!("{}/{}", p.done, p.total), &AtomicBool::new(false)).unwrap();
//! println!("{:.0} DPS ± {:.0}", report.stats.mean_dps, report.stats.error);
//! ```

pub mod apl;
pub mod catalog;
pub mod compare;
pub mod config;
pub mod fight;
pub mod insight;
pub mod items;
pub mod limits;
pub mod raid;
pub mod report;
pub mod rng;
pub mod run;
mod sim;
pub mod spec;
pub mod stats;
pub mod timing;

pub use apl::{Apl, AplCheck, AplError};
pub use catalog::{load_spec, Catalog, SpecSummary};
pub use config::{FightKind, HealthModel, Prepared, SimConfig, ValidationErrors};
pub use raid::RaidBuffs;
pub use report::{DpsStats, PartialStats, SimReport};
pub use run::{run, run_batch, BatchOutcome, Progress, SimError, MAX_VARIANTS};
pub use spec::{Spec, SpecError};
pub use stats::{Character, StatKind};
pub use timing::{Latency, Reaction};
