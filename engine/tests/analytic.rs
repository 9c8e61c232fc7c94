//! Cases whose expected DPS is known in closed form. Each run's mean must fall within the run's
//! own 95 % error of the closed form. Characters have no mastery, versatility or variance, so only
//! crits (chance c, multiplier m = 2) are random: expected = hits·base·(1 + c(m − 1)) / L.

use rotasim_engine::{
    report::SimReport, run, stats::CRIT_MULTIPLIER, Catalog, Character, FightKind, Latency,
    RaidBuffs, SimConfig,
};
use std::sync::atomic::AtomicBool;

const POWER: f64 = 10_000.0;
/// 10 500 rating = 15 % + 5 % base = 20 % crit.
const CRIT_RATING: f64 = 10_500.0;
const CRIT: f64 = 0.20;
/// Fight length: 301 s so no cast or tick lands exactly on the last instant.
const LENGTH: f64 = 301.0;

fn spec(spells: &str, apl: &str) -> String {
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
max = 1000000
regen = 100000
[mastery]
effect = "all_damage"
per_point = 0
[character]
primary = {POWER}
crit = {CRIT_RATING}
{spells}
"#
    )
}

fn simulate(
    spec_toml: &str,
    fight: FightKind,
    targets: Option<u32>,
    character: Option<Character>,
) -> SimReport {
    let catalog = Catalog::default()
        .with_spec_toml(spec_toml)
        .expect("test spec loads");
    let config = SimConfig {
        spec: "test_spec".into(),
        fight,
        targets,
        duration: LENGTH,
        vary_length: false,
        iterations: 4000,
        seed: 1234,
        threads: 2,
        character,
        // The closed forms are of the bare character: no Bloodlust (tests/raid_buffs.rs has it).
        raid: RaidBuffs::NONE,
        // …and no latency between casts (tests/human_timing.rs has it).
        latency: Latency::NONE,
        ..Default::default()
    };
    let prepared = config.validate(&catalog).expect("valid config");
    run(&prepared, &mut |_| {}, &AtomicBool::new(false)).expect("run")
}

fn assert_within_error(report: &SimReport, expected: f64) {
    let s = &report.stats;
    assert!(s.error > 0.0, "a run with crits must have a non-zero error");
    assert!(
        (s.mean_dps - expected).abs() <= s.error,
        "mean {:.2} ± {:.2} does not contain the closed form {expected:.2}",
        s.mean_dps,
        s.error
    );
}

fn crit_factor() -> f64 {
    1.0 + CRIT * (CRIT_MULTIPLIER - 1.0)
}

#[test]
fn fixed_damage_hard_cast() {
    // One 2.0 s cast of coefficient 1: casts complete at 2, 4, …, 300 → 150 hits.
    let toml = spec(
        r#"[[spells]]
id = "bolt"
name = "Bolt"
cast_time = 2.0
coefficient = 1.0"#,
        "actions=bolt",
    );
    let r = simulate(&toml, FightKind::Patchwerk, None, None);
    let expected = 150.0 * POWER * crit_factor() / LENGTH;
    assert_within_error(&r, expected);
    assert_eq!(r.abilities[0].casts, 150.0);
    assert!(
        (r.abilities[0].crit_pct - 20.0).abs() < 0.5,
        "crit {}",
        r.abilities[0].crit_pct
    );
}

#[test]
fn dot_only_with_pandemic_refresh() {
    // A 12 s DoT ticking every 3 s for 0.5 × power, refreshed in its pandemic window so it never
    // drops: ticks at 3, 6, …, 300 → 100 ticks.
    let toml = spec(
        r#"[[spells]]
id = "rot"
name = "Rot"
dot = { coefficient = 0.5, duration = 12, tick = 3 }"#,
        "actions=rot,if=dot.rot.refreshable",
    );
    let r = simulate(&toml, FightKind::Patchwerk, None, None);
    let expected = 100.0 * 0.5 * POWER * crit_factor() / LENGTH;
    assert_within_error(&r, expected);
    assert_eq!(r.abilities[0].hits, 100.0);
}

#[test]
fn haste_shortens_casts() {
    // 13 200 haste rating = 20 %: a 2.0 s cast takes 1.6667 s → 180 casts complete in 301 s.
    let toml = spec(
        r#"[[spells]]
id = "bolt"
name = "Bolt"
cast_time = 2.0
coefficient = 1.0"#,
        "actions=bolt",
    );
    let character = Character {
        primary: POWER,
        crit: CRIT_RATING,
        haste: 13_200.0,
        ..Default::default()
    };
    let r = simulate(&toml, FightKind::Patchwerk, None, Some(character));
    let expected = 180.0 * POWER * crit_factor() / LENGTH;
    assert_within_error(&r, expected);
    assert_eq!(r.abilities[0].casts, 180.0);
}

#[test]
fn cooldown_gated_nuke_with_filler() {
    // GCDs every 1.5 s at 0 … 300 (201 casts); the 30 s cooldown nuke takes 11 of them.
    let toml = spec(
        r#"[[spells]]
id = "nuke"
name = "Nuke"
cooldown = 30
coefficient = 10.0
[[spells]]
id = "jab"
name = "Jab"
coefficient = 1.0"#,
        "actions=nuke\nactions+=/jab",
    );
    let r = simulate(&toml, FightKind::Patchwerk, None, None);
    let expected = (11.0 * 10.0 + 190.0 * 1.0) * POWER * crit_factor() / LENGTH;
    assert_within_error(&r, expected);
    let nuke = r.abilities.iter().find(|a| a.id == "nuke").unwrap();
    assert_eq!(nuke.casts, 11.0);
}

#[test]
fn aoe_hits_up_to_the_cap() {
    // A 2.0 s cast capped at 3 targets, on 5 targets: 150 casts × 3 hits.
    let toml = spec(
        r#"[[spells]]
id = "nova"
name = "Nova"
cast_time = 2.0
coefficient = 1.0
aoe_cap = 3"#,
        "actions=nova",
    );
    let r = simulate(&toml, FightKind::Aoe, Some(5), None);
    let expected = 150.0 * 3.0 * POWER * crit_factor() / LENGTH;
    assert_within_error(&r, expected);
    assert_eq!(r.abilities[0].hits, 450.0);
}

#[test]
fn channel_ticks_and_resource_starvation() {
    // A 3 s channel of 3 ticks (coefficient 1 each) costing 300 000 mana with 100 000 regen and
    // 1 000 000 max: the bank lasts a while, then casts are gated by regen (one per 3 s exactly).
    let toml = spec(
        r#"[[spells]]
id = "beam"
name = "Beam"
cost = 300000
channel = { duration = 3.0, ticks = 3, coefficient = 1.0 }"#,
        "actions=beam",
    );
    let r = simulate(&toml, FightKind::Patchwerk, None, None);
    // Regen (100 000/s) exactly covers one 3 s channel: the player channels back to back from 0;
    // ticks at 1, 2, …, 300 → 300 ticks.
    let expected = 300.0 * POWER * crit_factor() / LENGTH;
    assert_within_error(&r, expected);
    assert_eq!(r.abilities[0].hits, 300.0);
}
