//! On-use items and potions: `use_item`, `use_items` and `potion` work with their cooldowns and
//! the potion lockout (precombat included), in closed form; and every misuse is an error.

#[path = "support/test_spec.rs"]
mod support;

use rotasim_engine::{stats::CRIT_MULTIPLIER, Apl, Catalog, RaidBuffs};
use support::{casts, simulate, spec, uptime, LENGTH, POWER};

/// A trinket that doubles power for 20 s every 90 s.
const TRINKET: &str = r#"gear = [{ name = "Mirror of Fractured Tomorrows", slot = "trinket", onUse = { cooldown = 90, duration = 20, primary = 10000 } }]"#;

#[test]
fn use_items_doubles_power_in_its_windows() {
    for apl in [
        "actions=use_items\nactions+=/filler",
        "actions=use_item,name=mirror_of_fractured_tomorrows\nactions+=/filler",
    ] {
        let r = simulate(&spec(1.0, TRINKET, apl), RaidBuffs::NONE, None, 2);
        // Used at 0, 90, 180, 270 s; each window holds 20 s of the fight.
        assert_eq!(casts(&r, "mirror_of_fractured_tomorrows"), 4.0, "{apl}");
        let up = uptime(&r, "mirror_of_fractured_tomorrows");
        assert!((up - 100.0 * 80.0 / LENGTH).abs() < 1e-9, "{up}");
        // 300 one-second casts land at 1..300 s; 19 of each window's land inside it (the one at
        // its end comes after the buff fades), at double power.
        let hits = 300.0 - 76.0 + 2.0 * 76.0;
        let crit = 0.05;
        let expected = hits * POWER * (1.0 + crit * (CRIT_MULTIPLIER - 1.0)) / LENGTH;
        let s = &r.stats;
        assert!(
            (s.mean_dps - expected).abs() <= s.error,
            "{} ± {} vs {expected}",
            s.mean_dps,
            s.error
        );
    }
}

/// A potion (+10 000 power for 30 s, cooldown `cd`, `uses` per fight).
fn potion(cd: f64, uses: u32) -> String {
    format!(
        r#"potion = {{ name = "Tempered Potion", maxUses = {uses}, onUse = {{ cooldown = {cd}, duration = 30, primary = 10000 }} }}"#
    )
}

#[test]
fn a_precombat_potion_counts_against_the_lockout() {
    let apl = "actions.precombat=potion\nactions=potion\nactions+=/filler";
    let r = simulate(&spec(1.0, &potion(60.0, 1), apl), RaidBuffs::NONE, None, 2);
    // One potion at the pull; the combat line never gets another.
    assert_eq!(casts(&r, "potion"), 1.0);
    assert!((uptime(&r, "potion") - 100.0 * 30.0 / LENGTH).abs() < 1e-9);
    let line = |text: &str| {
        let l = r
            .apl_lines
            .iter()
            .find(|l| l.text == text && l.list == "default");
        l.unwrap().executions
    };
    assert_eq!(line("potion"), 0.0);
    // Two allowed: the second comes when the cooldown is back, at 60 s.
    let r = simulate(&spec(1.0, &potion(60.0, 2), apl), RaidBuffs::NONE, None, 2);
    assert_eq!(casts(&r, "potion"), 2.0);
    assert!((uptime(&r, "potion") - 100.0 * 60.0 / LENGTH).abs() < 1e-9);
    // Without a precombat potion, the cooldown spaces them: 0 s and 60 s, then locked out.
    let apl = "actions=potion\nactions+=/filler";
    let r = simulate(&spec(1.0, &potion(60.0, 2), apl), RaidBuffs::NONE, None, 1);
    assert_eq!(casts(&r, "potion"), 2.0);
}

#[test]
fn item_and_potion_misuse_is_an_error_with_a_hint() {
    let catalog = Catalog::default()
        .with_spec_toml(&spec(1.0, TRINKET, "actions=filler"))
        .unwrap();
    let s = catalog.get("test_spec").unwrap();
    let err = |text: &str| Apl::compile(text, s).expect_err(text);
    let e = err("actions=use_item,name=mirror_of_fractured_tomorow\nactions+=/filler");
    assert_eq!((e.line, e.column), (1, 23));
    assert!(e.message.contains("unknown item"), "{e}");
    assert_eq!(
        e.suggestion.as_deref(),
        Some("mirror_of_fractured_tomorrows")
    );
    let e = err("actions=use_item\nactions+=/filler");
    assert!(e.message.contains("needs name=ITEM"), "{e}");
    let e = err("actions=potion\nactions+=/filler");
    assert_eq!((e.line, e.column), (1, 9));
    assert!(e.message.contains("no potion"), "{e}");
    let e = err("actions=mirror_of_fractured_tomorrows\nactions+=/filler");
    assert!(e.message.contains("is an item"), "{e}");
    assert!(e.hint.unwrap().contains("use_item,name="));
    let e = err("actions=use_items,name=x\nactions+=/filler");
    assert!(e.message.contains("does not apply to use_items"), "{e}");
    // Expressions read items like spells and buffs.
    let ok = "actions=filler,if=buff.mirror_of_fractured_tomorrows.up|cooldown.mirror_of_fractured_tomorrows.ready|buff.bloodlust.up";
    Apl::compile(ok, s).expect("compiles");
}

#[test]
fn bad_item_data_is_a_spec_error_naming_the_field() {
    let bad = spec(
        1.0,
        r#"gear = [{ name = "Trinket", onUse = { cooldown = -5, duration = 10 } }]"#,
        "actions=filler",
    );
    let e = Catalog::default()
        .with_spec_toml(&bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("character.gear[0].onUse.cooldown"), "{e}");
    let clash = spec(
        1.0,
        r#"gear = [{ name = "Filler", onUse = { cooldown = 60, duration = 10 } }]"#,
        "actions=filler",
    );
    let e = Catalog::default()
        .with_spec_toml(&clash)
        .unwrap_err()
        .to_string();
    assert!(e.contains("already a spell or buff"), "{e}");
}

#[test]
fn a_run_character_brings_its_own_items_and_potion() {
    // The spec's character has none; the run's has a trinket and a potion.
    let text = spec(1.0, "", "actions=filler");
    let character: rotasim_engine::Character = serde_json::from_str(&format!(
        r#"{{"primary": {POWER}, "gear": [{{"name": "Mirror of Fractured Tomorrows", "onUse": {{"cooldown": 90, "duration": 20, "primary": 10000}}}}],
            "potion": {{"name": "Tempered Potion", "onUse": {{"cooldown": 300, "duration": 30, "primary": 10000}}}}}}"#
    ))
    .unwrap();
    let catalog = Catalog::default().with_spec_toml(&text).unwrap();
    let config = rotasim_engine::SimConfig {
        spec: "test_spec".into(),
        apl: Some("actions=potion\nactions+=/use_items\nactions+=/filler".into()),
        character: Some(character.clone()),
        ..Default::default()
    };
    let prepared = config
        .validate(&catalog)
        .expect("compiles against the run's character");
    assert!(prepared.spec.full.spells.iter().any(|s| s.id == "potion"));
    // Without the character, the same rotation is an error at `potion`.
    let without = rotasim_engine::SimConfig {
        character: None,
        ..config.clone()
    };
    let e = without.validate(&catalog).unwrap_err();
    assert!(e.fields["apl"].contains("no potion"), "{e}");
    // Thread count does not change a run with items, a potion and raid buffs.
    let raid = RaidBuffs {
        power_infusion: true,
        ..RaidBuffs::default()
    };
    let apl = "actions=potion\nactions+=/use_items\nactions+=/filler";
    let gear = format!("{TRINKET}\n{}", potion(300.0, 1));
    let one = simulate(&spec(1.0, &gear, apl), raid, None, 1);
    let two = simulate(&spec(1.0, &gear, apl), raid, Some(character), 2);
    assert_eq!(one.stats, two.stats);
}

#[test]
fn a_run_character_without_a_potion_drinks_the_specs() {
    // The built-in rotations drink a potion; a character saved without one still runs them.
    let catalog = Catalog::builtin();
    for spec in catalog.specs() {
        assert!(spec.file.character.potion.is_some(), "{}", spec.id());
        let mut character = spec.file.character.clone();
        character.potion = None;
        character.gear.clear();
        let config = rotasim_engine::SimConfig {
            spec: spec.id().into(),
            character: Some(character),
            iterations: 20,
            ..Default::default()
        };
        let prepared = config
            .validate(&catalog)
            .expect("the default rotation compiles");
        let r = rotasim_engine::run(
            &prepared,
            &mut |_| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
        assert_eq!(casts(&r, "potion"), 1.0, "{}", spec.id());
        // Without gear, use_items has nothing to use.
        for g in &spec.file.character.gear {
            let id = rotasim_engine::items::item_id(&g.name);
            assert_eq!(casts(&r, &id), 0.0, "{}: {id}", spec.id());
        }
    }
}

#[test]
fn precombat_runs_items_and_honours_conditions() {
    // use_items before the pull uses every on-use item at once; a precombat cast with a false
    // if= is not cast.
    let apl = "actions.precombat=use_items\nactions.precombat+=/potion,if=time>5\nactions=filler";
    let gear = format!("{TRINKET}\n{}", potion(300.0, 1));
    let r = simulate(&spec(1.0, &gear, apl), RaidBuffs::NONE, None, 1);
    // Once, at the pull (the combat list never uses it).
    assert_eq!(casts(&r, "mirror_of_fractured_tomorrows"), 1.0);
    assert!((uptime(&r, "mirror_of_fractured_tomorrows") - 100.0 * 20.0 / LENGTH).abs() < 1e-9);
    assert_eq!(casts(&r, "potion"), 0.0);
    // Lines that mean nothing before the pull are errors.
    let catalog = Catalog::default()
        .with_spec_toml(&spec(1.0, &gear, "actions=filler"))
        .unwrap();
    let s = catalog.get("test_spec").unwrap();
    for (text, what) in [
        ("actions.precombat=wait,sec=1\nactions=filler", "wait"),
        (
            "actions.precombat=filler,line_cd=3\nactions=filler",
            "line_cd",
        ),
        (
            "actions.precombat=filler,cycle_targets=1\nactions=filler",
            "cycle_targets",
        ),
        (
            "actions.precombat=call_action_list,name=x\nactions=filler\nactions.x=filler",
            "call_action_list",
        ),
    ] {
        let e = Apl::compile(text, s).expect_err(text);
        assert_eq!((e.line, e.column), (1, 19), "{e}");
        assert!(
            e.message
                .contains(&format!("{what} has no effect in actions.precombat")),
            "{e}"
        );
    }
}
