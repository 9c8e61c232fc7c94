//! The bounds of what can be simulated (re-exported by [`crate::config`]).

/// Shortest fight (seconds).
pub const MIN_DURATION: f64 = 30.0;
/// Longest fight (seconds).
pub const MAX_DURATION: f64 = 900.0;
/// Most iterations of one run.
pub const MAX_ITERATIONS: u32 = 50_000;
/// Most targets of an aoe fight.
pub const MAX_TARGETS: u32 = 20;
/// Default target count of an aoe fight.
pub const DEFAULT_AOE_TARGETS: u32 = 5;
