//! Human timing in closed form: a channel's ticks follow haste gained mid-channel, precombat
//! casts take their time before the pull (the last one lands at it), and the latency after each
//! action spaces chained casts by cast time + latency on average.

use rotasim_engine::{
    report::{LogKind, SimReport},
    run, Catalog, Latency, RaidBuffs, SimConfig,
};
use std::sync::atomic::AtomicBool;

/// A spec whose rotation is `apl`, with `filler` (1 s cast), a 3 s three-tick channel `drain`,
/// `warm` (1.5 s cast, applies `warmth` for 5 s) and `prep` (2 s cast, applies `focus` 10 s).
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
max = 100
[mastery]
effect = "all_damage"
per_point = 0
[character]
primary = 10000
[[spells]]
id = "filler"
name = "Filler"
cast_time = 1
gcd = 0
coefficient = 1
[[spells]]
id = "drain"
name = "Drain"
channel = {{ duration = 3, ticks = 3, coefficient = 1 }}
[[spells]]
id = "warm"
name = "Warm"
cast_time = 1.5
gcd = 0
applies_buff = "warmth"
[[spells]]
id = "prep"
name = "Prep"
cast_time = 2
gcd = 0
coefficient = 1
applies_buff = "focus"
[[buffs]]
id = "warmth"
name = "Warmth"
duration = 5
[[buffs]]
id = "focus"
name = "Focus"
duration = 10
"#
    )
}

fn simulate(apl: &str, raid: RaidBuffs, latency: Latency, iterations: u32) -> SimReport {
    let catalog = Catalog::default().with_spec_toml(&spec(apl)).unwrap();
    let config = SimConfig {
        spec: "test_spec".into(),
        duration: 301.0,
        vary_length: false,
        iterations,
        seed: 3,
        threads: 1,
        raid,
        latency,
        ..Default::default()
    };
    run(
        &config.validate(&catalog).unwrap(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

/// The sample fight's times of `kind` entries of `name`.
fn times(r: &SimReport, kind: LogKind, name: &str) -> Vec<f64> {
    r.sample_log
        .iter()
        .filter(|e| e.kind == kind && e.name == name)
        .map(|e| e.time)
        .collect()
}

fn assert_close(got: &[f64], want: &[f64]) {
    assert!(got.len() >= want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-9, "{got:?} vs {want:?}");
    }
}

#[test]
fn a_channel_follows_haste_gained_mid_channel() {
    let lust = RaidBuffs {
        bloodlust: true,
        bloodlust_at: 1.5,
        ..RaidBuffs::NONE
    };
    let r = simulate("actions=drain", lust, Latency::NONE, 1);
    // Tick 1 at 1 s; at 1.5 s (+30 % haste) half of tick 2 is left: it lands 0.5/1.3 s later,
    // tick 3 after a whole hasted tick (1/1.3 s), where the channel ends and the next begins.
    let h = 1.3;
    let end = 1.5 + 0.5 / h + 1.0 / h;
    assert_close(
        &times(&r, LogKind::Damage, "drain"),
        &[1.0, 1.5 + 0.5 / h, end, end + 1.0 / h],
    );
    assert_close(&times(&r, LogKind::Cast, "drain"), &[0.0, end]);
}

#[test]
fn precombat_casts_finish_at_the_pull() {
    let r = simulate(
        "actions.precombat=warm\nactions.precombat+=/prep\nactions=filler",
        RaidBuffs::NONE,
        Latency::NONE,
        1,
    );
    // warm is cast from -3.5 s to -2 s, prep from -2 s to the pull: warmth fades at 3 s, focus
    // at 10 s; prep's hit lands at the pull.
    assert_close(&times(&r, LogKind::BuffGain, "warmth"), &[-2.0]);
    assert_close(&times(&r, LogKind::BuffFade, "warmth"), &[3.0]);
    assert_close(&times(&r, LogKind::BuffGain, "focus"), &[0.0]);
    assert_close(&times(&r, LogKind::BuffFade, "focus"), &[10.0]);
    assert_close(&times(&r, LogKind::Damage, "prep"), &[0.0]);
    // Uptime (percent) counts from the pull: warmth 3 s of 301.
    let warmth = r.buffs.iter().find(|b| b.id == "warmth").unwrap();
    assert!(
        (warmth.uptime - 300.0 / 301.0).abs() < 1e-6,
        "{}",
        warmth.uptime
    );
}

#[test]
fn latency_spaces_chained_casts() {
    // Without latency, 1 s casts back to back: 301 complete by 301 s (the last at 301 is cut).
    let none = simulate("actions=filler", RaidBuffs::NONE, Latency::NONE, 1);
    let casts = |r: &SimReport| r.abilities.iter().find(|a| a.id == "filler").unwrap().casts;
    assert_eq!(casts(&none), 300.0);
    // A fixed 0.1 s: cast k ends at 1.1k + 1 s (k ≤ 272).
    let fixed = simulate(
        "actions=filler",
        RaidBuffs::NONE,
        Latency { mean: 0.1, sd: 0.0 },
        1,
    );
    assert_eq!(casts(&fixed), 273.0);
    // Drawn: n casts take n·(1 + 0.1) s on average.
    let drawn = simulate(
        "actions=filler",
        RaidBuffs::NONE,
        Latency {
            mean: 0.1,
            sd: 0.05,
        },
        200,
    );
    assert!((casts(&drawn) - 273.0).abs() < 1.0, "{}", casts(&drawn));
    let starts = times(&drawn, LogKind::Cast, "filler");
    let gaps: Vec<f64> = starts.windows(2).map(|w| w[1] - w[0] - 1.0).collect();
    assert!(gaps
        .iter()
        .all(|g| (0.0..=0.1 + 0.05 * 3f64.sqrt() + 1e-9).contains(g)));
    assert!(
        gaps.iter().any(|g| (g - 0.1).abs() > 0.01),
        "the latency varies"
    );
}

#[test]
fn latency_settings_default_and_are_checked() {
    let c: SimConfig = serde_json::from_str(r#"{"spec":"fire_mage"}"#).unwrap();
    assert_eq!(
        c.latency,
        Latency {
            mean: 0.05,
            sd: 0.015
        }
    );
    let bad = SimConfig {
        latency: Latency {
            mean: 2.0,
            sd: -1.0,
        },
        ..Default::default()
    };
    let errors = bad.field_errors();
    assert!(errors.contains_key("latency.mean") && errors.contains_key("latency.sd"));
}
