//! Fight styles with per-target health: targets that die, estimated health pools, adds and packs,
//! melee out of range while moving — each checked on real simulations.

use rotasim_engine::{
    report::{LogKind, SimReport},
    run, Catalog, FightKind, HealthModel, Latency, RaidBuffs, SimConfig,
};
use std::sync::atomic::AtomicBool;

const POWER: f64 = 10_000.0;

/// A test spec with `spells` and rotation `apl`; crit rating 0 (5 % base crit).
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
{spells}
"#
    )
}

/// An instant single-target strike of coefficient 1 on a 1.5 s GCD, and an instant cleave of
/// coefficient 1 hitting up to 10 targets.
const STRIKE_AND_CLEAVE: &str = r#"
[[spells]]
id = "strike"
name = "Strike"
coefficient = 1.0
[[spells]]
id = "cleave"
name = "Cleave"
coefficient = 1.0
aoe_cap = 10
"#;

fn config(fight: FightKind, health: HealthModel) -> SimConfig {
    SimConfig {
        spec: "test_spec".into(),
        fight,
        health,
        duration: 300.0,
        vary_length: false,
        iterations: 400,
        seed: 99,
        threads: 2,
        raid: RaidBuffs::NONE,
        // The closed forms count GCDs back to back.
        latency: Latency::NONE,
        ..Default::default()
    }
}

fn simulate_with(catalog: &Catalog, config: SimConfig) -> SimReport {
    let prepared = config.validate(catalog).expect("valid config");
    run(&prepared, &mut |_| {}, &AtomicBool::new(false)).expect("run")
}

fn simulate(toml: &str, config: SimConfig) -> SimReport {
    let catalog = Catalog::default()
        .with_spec_toml(toml)
        .expect("test spec loads");
    simulate_with(&catalog, config)
}

fn casts(r: &SimReport, id: &str) -> f64 {
    r.abilities
        .iter()
        .find(|a| a.id == id)
        .map_or(0.0, |a| a.casts)
}

#[test]
fn a_target_with_known_health_dies_when_the_damage_reaches_it() {
    // A strike of 10 000 every 1.5 s with 5 % crits (×2): 7 000 DPS. A 2 100 000 pool needs
    // 2 100 000 / 10 500 = 200 hits on average, the first at 0 s: death near 199 × 1.5 = 298.5 s.
    let toml = spec(STRIKE_AND_CLEAVE, "actions=strike");
    let health = 2_100_000.0;
    let r = simulate(
        &toml,
        SimConfig {
            target_health: Some(health),
            ..config(FightKind::Patchwerk, HealthModel::Estimated)
        },
    );
    let s = &r.stats;
    assert!(s.estimated_health);
    let expected = (health / (POWER * 1.05) - 1.0) * 1.5;
    assert!(
        (s.duration - expected).abs() < 0.01 * expected,
        "mean length {:.1} s, closed form {expected:.1} s",
        s.duration
    );
    // Dead targets take no damage: all of it went into the pool, plus the killing blow's overkill.
    let damage = r.abilities.iter().map(|a| a.damage).sum::<f64>();
    assert!(
        damage >= health && damage < health + 2.0 * POWER,
        "damage {damage}"
    );
    assert!(
        (s.mean_dps - 7_000.0).abs() < 0.02 * 7_000.0,
        "DPS {}",
        s.mean_dps
    );
    assert_eq!(s.targets_killed, 1.0);
}

#[test]
fn estimated_patchwerk_lasts_the_requested_length_for_every_builtin_spec() {
    let catalog = Catalog::builtin();
    for spec in catalog
        .specs()
        .map(|s| s.id().to_string())
        .collect::<Vec<_>>()
    {
        for duration in [120.0, 300.0] {
            let r = simulate_with(
                &catalog,
                SimConfig {
                    spec: spec.clone(),
                    duration,
                    vary_length: true,
                    iterations: 300,
                    raid: RaidBuffs::default(),
                    ..config(FightKind::Patchwerk, HealthModel::Estimated)
                },
            );
            let s = &r.stats;
            assert!(
                (s.duration - duration).abs() <= 0.2 * duration,
                "{spec}: mean length {:.1} s for {duration} s requested",
                s.duration
            );
            assert!(
                s.min_duration >= 0.5 * duration && s.max_duration <= 1.5 * duration,
                "{spec}: lengths {:.1}–{:.1} s for {duration} s",
                s.min_duration,
                s.max_duration
            );
        }
    }
}

#[test]
fn hectic_add_cleave_adds_raise_active_enemies_during_waves() {
    // Cleave only while more than one enemy is up: never on patchwerk, in every wave here.
    let toml = spec(
        STRIKE_AND_CLEAVE,
        "actions=cleave,if=active_enemies>1\nactions+=/strike",
    );
    let alone = simulate(&toml, config(FightKind::Patchwerk, HealthModel::Auto));
    assert_eq!(casts(&alone, "cleave"), 0.0);
    let r = simulate(&toml, config(FightKind::HecticAddCleave, HealthModel::Auto));
    assert!(
        r.stats.estimated_health,
        "hectic add cleave has health pools"
    );
    // Waves at 20, 65, 110, … s: about six in a 300 s fight, each cleaved until its adds die.
    assert!(
        casts(&r, "cleave") > 20.0,
        "cleaves {}",
        casts(&r, "cleave")
    );
    assert!(
        r.stats.targets_seen > 10.0,
        "targets {}",
        r.stats.targets_seen
    );
    // The boss and the adds that die before their 20 s are over.
    assert!(
        r.stats.targets_killed > 5.0,
        "killed {}",
        r.stats.targets_killed
    );
    assert_eq!(r.targets, 4, "the boss and a wave of three");
    // With fixed time, adds live exactly 20 s: cleaves fill the waves and nothing else.
    let fixed = simulate(
        &toml,
        config(FightKind::HecticAddCleave, HealthModel::FixedTime),
    );
    // Waves at 20, 65, …, 290 s; the GCDs each wave's 20 s (cut at 300 s) hold.
    let expected: f64 = (0..)
        .map(|k| 20.0 + 45.0 * f64::from(k))
        .take_while(|t| *t < 300.0)
        .map(|t: f64| (20.0f64.min(300.0 - t) / 1.5).ceil())
        .sum();
    let got = casts(&fixed, "cleave");
    assert!(
        (got - expected).abs() <= 7.0,
        "{got} cleaves, {expected} GCDs in waves"
    );
}

#[test]
fn dungeon_slice_kills_every_pack_then_the_boss() {
    let toml = spec(
        STRIKE_AND_CLEAVE,
        "actions=cleave,if=active_enemies>1\nactions+=/strike",
    );
    let r = simulate(&toml, config(FightKind::DungeonSlice, HealthModel::Auto));
    // Three packs of four, then the boss: all thirteen die in every iteration.
    assert_eq!(r.targets, 4);
    assert_eq!(r.stats.targets_seen, 13.0);
    assert_eq!(r.stats.targets_killed, 13.0);
    assert!(
        (r.stats.duration - 300.0).abs() <= 60.0,
        "length {}",
        r.stats.duration
    );
    // In the sample, the boss arrives after the last pack member died, and dies last.
    let log = &r.sample_log;
    let deaths: Vec<_> = log
        .iter()
        .filter(|e| e.kind == LogKind::TargetDeath)
        .collect();
    assert_eq!(deaths.len(), 13, "twelve pack members, then the boss");
    let boss_arrives = log
        .iter()
        .rfind(|e| e.kind == LogKind::TargetArrive)
        .expect("arrivals")
        .time;
    assert!(deaths[..12].iter().all(|d| d.time <= boss_arrives + 1e-9));
    assert!(deaths[12].time >= boss_arrives && deaths[12].target == 0);
    assert_no_damage_to_the_dead(&r);
}

/// In the sample log, no target takes damage between its death and its slot's next arrival.
fn assert_no_damage_to_the_dead(r: &SimReport) {
    let mut dead = std::collections::BTreeSet::new();
    for e in &r.sample_log {
        match e.kind {
            LogKind::TargetDeath => {
                dead.insert(e.target);
            }
            LogKind::TargetArrive => {
                dead.remove(&e.target);
            }
            LogKind::Damage => assert!(
                !dead.contains(&e.target),
                "{} hit dead target {} at {:.2} s",
                e.name,
                e.target,
                e.time
            ),
            _ => {}
        }
    }
}

#[test]
fn dots_on_dead_targets_stop_and_cycling_picks_only_the_living() {
    // A DoT on every enemy (cycle_targets) in the dungeon slice: DoTs end with their target.
    let toml = spec(
        r#"
[[spells]]
id = "rot"
name = "Rot"
dot = { coefficient = 0.6, duration = 12, tick = 2 }
[[spells]]
id = "strike"
name = "Strike"
coefficient = 1.0
"#,
        "actions=rot,cycle_targets=1,if=dot.rot.refreshable\nactions+=/strike",
    );
    let r = simulate(&toml, config(FightKind::DungeonSlice, HealthModel::Auto));
    assert_eq!(r.stats.targets_killed, 13.0);
    assert_no_damage_to_the_dead(&r);
    // Every pack member got the DoT.
    let dotted: std::collections::BTreeSet<u32> = r
        .sample_log
        .iter()
        .filter(|e| e.kind == LogKind::Damage && e.name == "rot")
        .map(|e| e.target)
        .collect();
    assert_eq!(dotted.len(), 4, "{dotted:?}");
}

#[test]
fn cleave_add_brings_one_add_at_a_time() {
    let toml = spec(
        STRIKE_AND_CLEAVE,
        "actions=cleave,if=active_enemies>1\nactions+=/strike",
    );
    let r = simulate(&toml, config(FightKind::CleaveAdd, HealthModel::Auto));
    assert_eq!(r.targets, 2);
    // Adds at 15, 45, 75, … s while the fight lasts about 300 s.
    assert!(
        (r.stats.targets_seen - 11.0).abs() <= 1.0,
        "{}",
        r.stats.targets_seen
    );
    assert!(casts(&r, "cleave") > 0.0);
}

#[test]
fn time_to_die_is_estimated_from_the_damage_taken() {
    // An execute-like finisher used only when the target will die within 30 s: at 1.5 s per GCD
    // about 20 casts per fight (the estimate comes from observed damage, not the script).
    let toml = spec(
        r#"
[[spells]]
id = "finisher"
name = "Finisher"
coefficient = 1.0
[[spells]]
id = "strike"
name = "Strike"
coefficient = 1.0
"#,
        "actions=finisher,if=target.time_to_die<30\nactions+=/strike",
    );
    let r = simulate(
        &toml,
        SimConfig {
            target_health: Some(2_100_000.0),
            ..config(FightKind::Patchwerk, HealthModel::Estimated)
        },
    );
    let n = casts(&r, "finisher");
    assert!((17.0..=23.0).contains(&n), "{n} finishers");
}

#[test]
fn melee_is_out_of_range_while_moving() {
    let melee = spec(
        r#"
[[spells]]
id = "strike"
name = "Strike"
coefficient = 1.0
melee = true
"#,
        "actions=strike",
    );
    let ranged = spec(STRIKE_AND_CLEAVE, "actions=strike");
    let ratio = |toml: &str| {
        let still = simulate(toml, config(FightKind::Patchwerk, HealthModel::Auto));
        let moving = simulate(toml, config(FightKind::Movement, HealthModel::Auto));
        moving.stats.mean_dps / still.stats.mean_dps
    };
    // Moving 3–6 s every 20–30 s: about 16 % of the fight.
    let m = ratio(&melee);
    assert!((0.78..0.92).contains(&m), "melee keeps {m}");
    let r = ratio(&ranged);
    assert!(r > 0.98, "an instant ranged spell keeps {r}");
}

#[test]
fn new_fights_do_not_depend_on_the_thread_count() {
    let toml = spec(
        STRIKE_AND_CLEAVE,
        "actions=cleave,if=active_enemies>1\nactions+=/strike",
    );
    for fight in [
        FightKind::HecticAddCleave,
        FightKind::DungeonSlice,
        FightKind::CleaveAdd,
        FightKind::Patchwerk,
    ] {
        let at = |threads| {
            let c = SimConfig {
                threads,
                vary_length: true,
                iterations: 300,
                ..config(fight, HealthModel::Estimated)
            };
            simulate(&toml, c).stats
        };
        assert_eq!(at(1), at(3), "{fight:?}");
    }
}

#[test]
fn stored_configs_and_reports_without_the_new_fields_still_load() {
    let c: SimConfig = serde_json::from_str(r#"{"spec":"fire_mage","fight":"aoe"}"#).unwrap();
    assert_eq!(c.fight, FightKind::Aoe);
    assert_eq!(c.health, HealthModel::Auto);
    assert!(!c.health.estimated(FightKind::Patchwerk));
    assert!(c.health.estimated(FightKind::DungeonSlice));
    let c: SimConfig =
        serde_json::from_str(r#"{"fight":"hectic_add_cleave","health":"estimated"}"#).unwrap();
    assert_eq!(c.fight, FightKind::HecticAddCleave);
    let s: rotasim_engine::DpsStats = serde_json::from_str(
        r#"{"meanDps":1,"minDps":1,"maxDps":1,"stdDev":0,"medianDps":1,"p5Dps":1,"p95Dps":1,
            "error":0,"errorPct":0,"iterations":1,"duration":300}"#,
    )
    .unwrap();
    assert_eq!(s.targets_killed, 0.0);
}

#[test]
fn targets_setting_is_checked_per_fight() {
    let catalog = Catalog::builtin();
    let bad = SimConfig {
        spec: "fire_mage".into(),
        fight: FightKind::CleaveAdd,
        targets: Some(3),
        ..Default::default()
    };
    let e = bad.validate(&catalog).unwrap_err();
    assert!(e.fields.contains_key("targets"), "{e}");
    let ok = SimConfig {
        fight: FightKind::DungeonSlice,
        targets: Some(3),
        ..bad.clone()
    };
    assert_eq!(ok.validate(&catalog).unwrap().targets, 3);
    let health = SimConfig {
        fight: FightKind::Patchwerk,
        targets: None,
        target_health: Some(1e6),
        ..bad
    };
    let e = health.validate(&catalog).unwrap_err();
    assert!(e.fields.contains_key("targetHealth"), "{e}");
}
