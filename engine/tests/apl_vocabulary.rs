//! The names a spec offers the rotation editor: every one compiles, with the kind it says.

use rotasim_engine::{
    apl::{vocabulary, ValueKind},
    Apl, Catalog,
};

#[test]
fn every_listed_name_compiles_as_its_kind() {
    let catalog = Catalog::builtin();
    for spec in catalog.specs() {
        let v = vocabulary(spec);
        let spell = &v.spells[0];
        assert!(v.expressions.len() > 50, "{}", spec.id());
        for x in &v.expressions {
            let compiles = |cond: &str| Apl::check(&format!("actions={spell},if={cond}"), spec);
            let as_number = compiles(&format!("{}>0", x.name));
            match x.kind {
                ValueKind::Number => {
                    assert!(as_number.is_ok(), "{}: {:?}", x.name, as_number.errors)
                }
                ValueKind::Condition => {
                    assert!(compiles(&x.name).is_ok(), "{}", x.name);
                    let e = &as_number.errors[0];
                    assert!(e.message.contains("type error"), "{}: {e}", x.name);
                }
            }
        }
        for name in v.spells.iter().chain(&v.actions).chain(&v.ignored_actions) {
            let extra = match name.as_str() {
                "call_action_list" | "run_action_list" => ",name=default".to_string(),
                "variable" => ",name=v,value=1".to_string(),
                "cancel_buff" => format!(",name={}", v.buffs[0]),
                "pool_resource" => format!(",for_next=1\nactions+=/{spell}"),
                "use_item" => format!(",name={}", v.items[0]),
                _ => String::new(),
            };
            let text = format!("actions={spell}\nactions+=/{name}{extra}");
            let check = Apl::check(&text, spec);
            assert!(
                check.is_ok() || check.errors[0].message.contains("calls itself"),
                "{name}: {:?}",
                check.errors
            );
        }
        let options = v
            .options
            .iter()
            .map(|o| format!("{o}=1"))
            .collect::<Vec<_>>();
        let text = format!("actions=wait,{}", options.join(","));
        let errors = Apl::check(&text, spec).errors;
        assert!(
            errors.iter().all(|e| !e.message.contains("unknown option")),
            "{errors:?}"
        );
    }
}

#[test]
fn the_fire_mage_vocabulary_has_the_design_names() {
    let catalog = Catalog::builtin();
    let v = vocabulary(catalog.get("fire_mage").unwrap());
    let spec = catalog.get("fire_mage").unwrap();
    let own: Vec<&str> = spec.file.spells.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(v.spells, own);
    // The spec's buffs, the raid buffs every spec has, then its character's item and potion.
    assert_eq!(
        v.buffs,
        [
            "hot_streak",
            "combustion",
            "flame_accelerant",
            "bloodlust",
            "power_infusion",
            "mirror_of_fractured_tomorrows",
            "potion"
        ]
    );
    assert_eq!(v.items, ["mirror_of_fractured_tomorrows"]);
    assert!(v.actions.iter().any(|a| a == "potion"));
    assert_eq!(v.dots, ["flamestrike"]);
    assert_eq!(v.resources, ["mana"]);
    assert_eq!(v.pet, None);
    let has = |name: &str, kind: ValueKind| {
        assert!(
            v.expressions
                .iter()
                .any(|x| x.name == name && x.kind == kind),
            "{name} missing"
        )
    };
    use ValueKind::{Condition, Number};
    for p in ["up", "down"] {
        has(&format!("buff.hot_streak.{p}"), Condition);
    }
    for p in ["stack", "remains"] {
        has(&format!("buff.hot_streak.{p}"), Number);
    }
    has("dot.flamestrike.ticking", Condition);
    has("dot.flamestrike.refreshable", Condition);
    has("debuff.flamestrike.remains", Number);
    has("active_dot.flamestrike", Number);
    has("cooldown.combustion.ready", Condition);
    for p in ["remains", "charges", "full_recharge_time"] {
        has(&format!("cooldown.fire_blast.{p}"), Number);
    }
    for n in [
        "active_enemies",
        "time",
        "fight_remains",
        "target.health.pct",
        "gcd.remains",
    ] {
        has(n, Number);
    }
    has("moving", Condition);
    has("prev_gcd.1.fireball", Condition);
    for n in ["mana", "mana.deficit", "mana.pct"] {
        has(n, Number);
    }
    assert!(!v.expressions.iter().any(|x| x.name.starts_with("pet.")));

    let hunter = vocabulary(catalog.get("beast_mastery_hunter").unwrap());
    assert_eq!(hunter.pet.as_deref(), Some("wolf"));
    assert!(hunter
        .expressions
        .iter()
        .any(|x| x.name == "pet.wolf.active"));

    let json = serde_json::to_value(&v).unwrap();
    assert!(json["ignoredActions"].is_array(), "{json}");
    assert_eq!(json["expressions"][0]["kind"], "condition");
    assert_eq!(json["expressions"][0]["name"], "buff.hot_streak.up");
}

#[test]
fn every_action_and_option_has_hover_help() {
    let catalog = Catalog::builtin();
    for spec in catalog.specs() {
        let v = vocabulary(spec);
        let has = |name: &str| v.help.iter().any(|h| h.name == name && !h.text.is_empty());
        for name in v.actions.iter().chain(&v.ignored_actions).chain(&v.options) {
            assert!(has(name), "{}: no help for {name}", spec.id());
        }
        assert!(has("spell") && has("use_item") && has("potion"));
    }
}
