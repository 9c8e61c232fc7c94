//! A hard cast whose target dies before the cast ends is interrupted at the death: it lands
//! nothing, costs nothing (its resource and its charge are given back), and the player picks the
//! next action at once. Closed forms on the fixed-time dungeon slice with packs of one: the
//! packs die at 60, 120 and 180 s whatever the damage, the boss fights 180–300 s.

use rotasim_engine::{
    report::{LogEntry, LogKind, SimReport},
    run, Catalog, FightKind, HealthModel, Latency, RaidBuffs, SimConfig,
};
use std::sync::atomic::AtomicBool;

/// Mana at the pull (no regeneration).
const MANA: f64 = 100_000.0;
/// Mana per cast of `bolt` and of `nova`.
const COST: f64 = 1_000.0;
/// Cast time of both spells: the cast begun at 59.5 s would end at 63 s, after the pack's death.
const CAST: f64 = 3.5;
/// When the packs die (their scripted lives of 0.2 × 300 s).
const PACK_DEATHS: [f64; 3] = [60.0, 120.0, 180.0];

/// A caster with `bolt` (no cooldown) and `nova` (57 s cooldown), both `CAST`-second casts of
/// coefficient 1 costing `COST`, off the GCD (so that only the cast holds the player back),
/// running rotation `apl`.
fn spec(apl: &str) -> String {
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
max = {MANA}
regen = 0
[mastery]
effect = "all_damage"
per_point = 0
[character]
primary = 10000
[[spells]]
id = "bolt"
name = "Bolt"
cast_time = {CAST}
gcd = 0
cost = {COST}
coefficient = 1
[[spells]]
id = "nova"
name = "Nova"
cast_time = {CAST}
gcd = 0
cost = {COST}
cooldown = 57
coefficient = 1
"#
    )
}

/// 300 s of the fixed-time dungeon slice with packs of one, no latency, no raid buffs.
fn simulate(apl: &str) -> SimReport {
    let catalog = Catalog::default()
        .with_spec_toml(&spec(apl))
        .expect("test spec loads");
    let config = SimConfig {
        spec: "test_spec".into(),
        fight: FightKind::DungeonSlice,
        health: HealthModel::FixedTime,
        targets: Some(1),
        duration: 300.0,
        vary_length: false,
        iterations: 50,
        seed: 5,
        threads: 2,
        raid: RaidBuffs::NONE,
        latency: Latency::NONE,
        ..Default::default()
    };
    let prepared = config.validate(&catalog).expect("valid config");
    run(&prepared, &mut |_| {}, &AtomicBool::new(false)).expect("run")
}

/// Casts (completed, per iteration) and hits of `id`.
fn casts_and_hits(r: &SimReport, id: &str) -> (f64, f64) {
    let a = r.abilities.iter().find(|a| a.id == id).expect("ability");
    (a.casts, a.hits)
}

/// The sample log's entries of `kind`.
fn rows(r: &SimReport, kind: LogKind) -> Vec<&LogEntry> {
    r.sample_log.iter().filter(|e| e.kind == kind).collect()
}

/// Equal but for rounding.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn a_cast_on_a_target_that_dies_stops_at_the_death_and_the_next_starts_then() {
    let r = simulate("actions=bolt");
    // Each pack: casts begun at 0, 3.5, …, 59.5 s after its arrival; 17 land, the 18th is cut
    // by the death. The boss: 34 land in 120 s. Every cast that counts lands.
    assert_eq!(casts_and_hits(&r, "bolt"), (3.0 * 17.0 + 34.0, 85.0));
    let deaths = rows(&r, LogKind::TargetDeath);
    let times: Vec<f64> = deaths.iter().map(|d| d.time).collect();
    assert!(
        times.len() == 3 && times.iter().zip(PACK_DEATHS).all(|(&t, d)| close(t, d)),
        "pack deaths at {times:?}"
    );
    let casts = rows(&r, LogKind::Cast);
    let damage = rows(&r, LogKind::Damage);
    for td in PACK_DEATHS {
        // The cast begun half a second before the death never lands: nothing hits between the
        // death and the end of the cast begun at the death, which is the next cast.
        assert!(casts.iter().any(|c| close(c.time, td - 0.5)));
        assert!(
            damage
                .iter()
                .all(|d| d.time <= td + 1e-9 || d.time >= td + CAST - 1e-9),
            "damage after the death at {td}: {:?}",
            damage.iter().find(|d| d.time > td && d.time < td + CAST)
        );
        let next = casts
            .iter()
            .find(|c| c.time > td - 0.5 + 1e-9)
            .expect("next cast");
        assert!(
            close(next.time, td),
            "next cast at {} after the death at {td}",
            next.time
        );
    }
    // Nothing spent on the interrupted casts: at every cast, the mana spent is one cast per hit
    // landed before it, plus this one.
    for c in &casts {
        let landed = damage.iter().filter(|d| d.time <= c.time + 1e-9).count() as f64;
        assert!(
            close(c.resource, MANA - COST * (landed + 1.0)),
            "cast at {:.1} s: mana {} after {landed} hits",
            c.time,
            c.resource
        );
    }
}

#[test]
fn an_interrupted_cast_gives_its_cooldown_back() {
    let r = simulate("actions=nova");
    // Nova at 0 (lands), at 57 (cut at 60; its charge is back), at 60 (lands), 117 (cut), 120,
    // 177 (cut), 180, 237 and 294 (land): six land, and the cooldown runs from each cast that
    // lands.
    let times: Vec<f64> = rows(&r, LogKind::Cast).iter().map(|c| c.time).collect();
    let expected = [0.0, 57.0, 60.0, 117.0, 120.0, 177.0, 180.0, 237.0, 294.0];
    assert!(
        times.len() == expected.len() && times.iter().zip(expected).all(|(&t, e)| close(t, e)),
        "casts at {times:?}"
    );
    assert_eq!(casts_and_hits(&r, "nova"), (6.0, 6.0));
}
