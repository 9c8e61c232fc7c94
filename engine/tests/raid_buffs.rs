//! Raid buffs in closed form: a fixed-cast-time filler casts exactly 1.3× (Bloodlust) or 1.2×
//! (Power Infusion) as often inside the buff, and a raid damage aura multiplies all damage.

#[path = "support/test_spec.rs"]
mod support;

use rotasim_engine::{report::LogKind, stats::CRIT_MULTIPLIER, RaidBuffs, SimConfig};
use support::{back_to_back, casts, simulate, spec, uptime, LENGTH};

fn lust(at: f64) -> RaidBuffs {
    RaidBuffs {
        bloodlust: true,
        bloodlust_at: at,
        ..RaidBuffs::NONE
    }
}

#[test]
fn bloodlust_at_the_pull_is_the_default() {
    assert_eq!(SimConfig::default().raid, lust(0.0));
    assert!(!SimConfig::default().raid.power_infusion);
    assert_eq!(SimConfig::default().raid.damage_aura, 0.0);
}

#[test]
fn casts_during_bloodlust_are_thirty_percent_faster() {
    let text = spec(1.3, "", "actions=filler");
    let bare = simulate(&text, RaidBuffs::NONE, None, 2);
    assert_eq!(casts(&bare, "filler"), back_to_back(1.3, |_| 1.0) as f64);
    assert_eq!(casts(&bare, "filler"), 231.0); // ⌊301 / 1.3⌋
    for at in [0.0, 100.0] {
        let hasted = simulate(&text, lust(at), None, 2);
        let inside = |t: f64| (at..at + 40.0).contains(&t);
        let expected = back_to_back(1.3, |t| if inside(t) { 1.3 } else { 1.0 });
        assert_eq!(casts(&hasted, "filler"), expected as f64, "lust at {at}");
        assert!((uptime(&hasted, "bloodlust") - 100.0 * 40.0 / LENGTH).abs() < 1e-9);
    }
    // At the pull: 40 one-second casts, then ⌊261 / 1.3⌋ = 200.
    assert_eq!(casts(&simulate(&text, lust(0.0), None, 1), "filler"), 240.0);
}

#[test]
fn power_infusion_comes_back_every_interval() {
    let text = spec(1.2, "", "actions=filler");
    let raid = RaidBuffs {
        power_infusion: true,
        power_infusion_every: 120.0,
        ..RaidBuffs::NONE
    };
    let r = simulate(&text, raid, None, 2);
    let inside = |t: f64| t % 120.0 < 15.0;
    let expected = back_to_back(1.2, |t| if inside(t) { 1.2 } else { 1.0 });
    assert_eq!(casts(&r, "filler"), expected as f64);
    let pi = r.buffs.iter().find(|b| b.id == "power_infusion").unwrap();
    assert_eq!(pi.triggers, 3.0); // at 0, 120 and 240 s
    assert!((pi.uptime - 100.0 * 45.0 / LENGTH).abs() < 1e-9);
}

#[test]
fn a_raid_damage_aura_multiplies_all_damage() {
    let text = spec(1.5, "", "actions=filler");
    let bare = simulate(&text, RaidBuffs::NONE, None, 2);
    let aura = RaidBuffs {
        damage_aura: 0.03,
        ..RaidBuffs::NONE
    };
    let with = simulate(&text, aura, None, 1);
    // The same fights (same random numbers), every hit ×1.03.
    let ratio = with.stats.mean_dps / bare.stats.mean_dps;
    assert!((ratio - 1.03).abs() < 1e-12, "{ratio}");
}

#[test]
fn raid_settings_out_of_range_are_field_errors() {
    let config = SimConfig {
        spec: "fire_mage".into(),
        raid: RaidBuffs {
            bloodlust_at: -1.0,
            power_infusion_every: 5.0,
            damage_aura: f64::NAN,
            ..RaidBuffs::default()
        },
        ..Default::default()
    };
    let errors = config.field_errors();
    for k in [
        "raid.bloodlustAt",
        "raid.powerInfusionEvery",
        "raid.damageAura",
    ] {
        assert!(errors.contains_key(k), "{k}: {errors:?}");
    }
}

#[test]
fn stored_configs_without_raid_settings_get_the_defaults() {
    let old = r#"{"spec":"fire_mage","duration":300,"iterations":10}"#;
    let config: SimConfig = serde_json::from_str(old).unwrap();
    assert_eq!(config.raid, RaidBuffs::default());
    let partial = r#"{"spec":"fire_mage","raid":{"powerInfusion":true}}"#;
    let config: SimConfig = serde_json::from_str(partial).unwrap();
    assert!(config.raid.power_infusion && config.raid.bloodlust);
}

#[test]
fn dot_ticks_speed_up_when_haste_changes_mid_dot() {
    // One hasted DoT (30 s, a tick every 3 s) applied at the pull; Bloodlust comes
    // at 10.5 s, in the middle of a tick. The ticks re-time: the DoT deals (10.5 + 19.5 × 1.3) / 3
    // = 11.95 ticks' worth instead of 10, its expiry unchanged.
    let bolt = r#"
[[spells]]
id = "bolt"
name = "Bolt"
gcd = 0
cooldown = 600
dot = { coefficient = 1, duration = 30, tick = 3, hasted = true }
"#;
    let text = spec(1.0, "", "actions=bolt\nactions+=/filler") + bolt;
    // Ticks' worth dealt, from the sample fight's log: each tick's damage over a whole tick's
    // (a crit doubles it).
    let ticks = |raid| {
        let r = simulate(&text, raid, None, 1);
        r.sample_log
            .iter()
            .filter(|e| e.kind == LogKind::Damage && e.name == "bolt")
            .map(|e| e.amount / support::POWER / if e.crit { CRIT_MULTIPLIER } else { 1.0 })
            .sum::<f64>()
    };
    assert!((ticks(RaidBuffs::NONE) - 10.0).abs() < 1e-9);
    let expected = (10.5 + 19.5 * 1.3) / 3.0;
    let hasted = ticks(lust(10.5));
    assert!((hasted - expected).abs() < 1e-9, "{hasted} vs {expected}");
    // Bloodlust before the DoT: 30 s at 1.3× the tick rate.
    assert!((ticks(lust(0.0)) - 13.0).abs() < 1e-9);
}

#[test]
fn an_unhasted_gcd_ignores_bloodlust() {
    // An instant on a 1 s GCD, cast back to back: with the spec's GCD hasted Bloodlust speeds it
    // up for 40 s; with `hasted_gcd = false` it stays at 1 s.
    let strike = r#"
[[spells]]
id = "strike"
name = "Strike"
gcd = 1
coefficient = 1
"#;
    let text = |hasted: bool| {
        spec(1.0, "", "actions=strike")
            .replace("[resource]", &format!("hasted_gcd = {hasted}\n[resource]"))
            + strike
    };
    let strikes = |hasted| casts(&simulate(&text(hasted), lust(0.0), None, 1), "strike");
    // 40 s at 1 / 1.3 s, then 261 s at 1 s (casts at 0 … 300).
    let expected = back_to_back(1.0, |t| if t < 40.0 { 1.3 } else { 1.0 }) as f64 + 1.0;
    assert_eq!(strikes(true), expected);
    assert_eq!(strikes(false), 301.0);
}

#[test]
fn travel_time_delays_the_hit() {
    // One-second casts whose bolt flies 1 s: the hits land at 2 … 301 s, and the last one with
    // the fight's end, so 299 of the 300 casts deal damage; without travel all 300 do.
    let text = |travel: f64| {
        spec(1.0, "", "actions=filler").replace(
            "coefficient = 1\n",
            &format!("coefficient = 1\ntravel_time = {travel}\n"),
        )
    };
    let r = simulate(&text(1.0), RaidBuffs::NONE, None, 1);
    let filler = r.abilities.iter().find(|a| a.id == "filler").unwrap();
    assert_eq!((filler.casts, filler.hits), (300.0, 299.0));
    let first_hit = |r: &rotasim_engine::report::SimReport| {
        r.sample_log
            .iter()
            .find(|e| e.kind == LogKind::Damage)
            .unwrap()
            .time
    };
    assert!((first_hit(&r) - 2.0).abs() < 1e-9);
    let r = simulate(&text(0.0), RaidBuffs::NONE, None, 1);
    let filler = r.abilities.iter().find(|a| a.id == "filler").unwrap();
    assert_eq!((filler.casts, filler.hits), (300.0, 300.0));
    assert!((first_hit(&r) - 1.0).abs() < 1e-9);
}
