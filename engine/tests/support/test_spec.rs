//! A one-spell test spec and a fixed-length run of it, for the closed-form tests of raid buffs
//! and on-use items.
#![allow(dead_code)] // each test file uses part of it

use rotasim_engine::{report::SimReport, run, Catalog, Character, Latency, RaidBuffs, SimConfig};
use std::sync::atomic::AtomicBool;

/// Power of the test character.
pub const POWER: f64 = 10_000.0;
/// Fight length: 301 s, so no cast lands exactly on the last instant.
pub const LENGTH: f64 = 301.0;

/// A spec whose only spell is `filler` (`cast_time` seconds, off the GCD, coefficient 1, no
/// variance), with `character` lines under `[character]` and the rotation `apl`.
pub fn spec(cast_time: f64, character: &str, apl: &str) -> String {
    format!(
        r#"
id = "test_spec"
name = "Test"
class = "Test"
spec = "Test"
apl = """
{apl}
"""
[resource]
name = "mana"
max = 100
[mastery]
effect = "all_damage"
per_point = 0
[character]
primary = {POWER}
{character}
[[spells]]
id = "filler"
name = "Filler"
cast_time = {cast_time}
gcd = 0
coefficient = 1
"#
    )
}

/// Runs `spec_toml` for a fixed `LENGTH` with `raid` (and optionally another character).
pub fn simulate(
    spec_toml: &str,
    raid: RaidBuffs,
    character: Option<Character>,
    threads: usize,
) -> SimReport {
    let catalog = Catalog::default()
        .with_spec_toml(spec_toml)
        .expect("test spec loads");
    let config = SimConfig {
        spec: "test_spec".into(),
        duration: LENGTH,
        vary_length: false,
        iterations: 400,
        seed: 77,
        threads,
        character,
        raid,
        // The closed forms have no latency between casts (tests/human_timing.rs has it).
        latency: Latency::NONE,
        ..Default::default()
    };
    let prepared = config.validate(&catalog).expect("valid config");
    run(&prepared, &mut |_| {}, &AtomicBool::new(false)).expect("run")
}

/// Casts of `id` per iteration.
pub fn casts(r: &SimReport, id: &str) -> f64 {
    r.abilities
        .iter()
        .find(|a| a.id == id)
        .map_or(0.0, |a| a.casts)
}

/// Uptime of buff `id`, percent.
pub fn uptime(r: &SimReport, id: &str) -> f64 {
    r.buffs.iter().find(|b| b.id == id).expect("buff").uptime
}

/// Completed casts of a `base`-second cast back to back until `LENGTH`, when a cast started at
/// `t` takes `base / haste(t)` (haste frozen at the cast's start).
pub fn back_to_back(base: f64, haste: impl Fn(f64) -> f64) -> u32 {
    let (mut t, mut n) = (0.0, 0);
    loop {
        t += base / haste(t);
        if t >= LENGTH {
            return n;
        }
        n += 1;
    }
}
