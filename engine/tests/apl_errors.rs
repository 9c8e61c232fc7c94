//! Every class of rotation error gives `line:column: message (hint)`, never a panic.

use rotasim_engine::{Apl, AplError, Catalog};

fn compile(text: &str) -> Result<Apl, AplError> {
    let catalog = Catalog::builtin();
    Apl::compile(text, catalog.get("fire_mage").unwrap())
}

fn err(text: &str) -> AplError {
    compile(text).expect_err(&format!("expected an error for {text:?}"))
}

#[track_caller]
fn check(text: &str, line: usize, column: usize, message: &str, hint: Option<&str>) {
    let e = err(text);
    assert_eq!((e.line, e.column), (line, column), "position of {e}");
    assert!(
        e.message.contains(message),
        "message {:?} lacks {message:?}",
        e.message
    );
    if let Some(h) = hint {
        assert!(
            e.hint.as_deref().is_some_and(|x| x.contains(h)),
            "hint {:?} lacks {h:?}",
            e.hint
        );
    }
    let shown = e.to_string();
    assert!(shown.starts_with(&format!("{line}:{column}: ")), "{shown}");
    // The same error comes first in the full check, with a span on its line.
    let catalog = Catalog::builtin();
    let all = Apl::check(text, catalog.get("fire_mage").unwrap()).errors;
    assert_eq!(all.first(), Some(&e), "{all:?}");
    assert!(e.end_line == e.line && e.end_column >= e.column, "{e:?}");
}

#[test]
fn unknown_spell_with_suggestion() {
    check(
        "actions=firebal",
        1,
        9,
        "unknown spell 'firebal'",
        Some("did you mean 'fireball'?"),
    );
    check(
        "actions=fireball\nactions+=/pyroblast,if=cooldown.combustio.ready",
        2,
        24,
        "unknown spell 'combustio'",
        Some("'combustion'"),
    );
}

#[test]
fn unknown_buff_with_suggestion() {
    check(
        "actions=pyroblast,if=buff.hot_strek.up",
        1,
        22,
        "unknown buff 'hot_strek'",
        Some("'hot_streak'"),
    );
}

#[test]
fn unknown_resource_and_names() {
    check(
        "actions=fireball,if=energy>50",
        1,
        21,
        "unknown resource 'energy'",
        None,
    );
    check(
        "actions=fireball,if=man.pct>50",
        1,
        21,
        "unknown name 'man'",
        Some("'mana'"),
    );
    check(
        "actions=fireball,if=mana.pcts>50",
        1,
        21,
        "unknown property 'pcts'",
        Some("'pct'"),
    );
    check(
        "actions=fireball,if=hot_streak",
        1,
        21,
        "unknown name",
        Some("buff.hot_streak.up"),
    );
    check(
        "actions=fireball,if=buff.hot_streak.upp",
        1,
        21,
        "unknown property 'upp'",
        Some("'up'"),
    );
    check(
        "actions=fireball,if=dot.fireball.ticking",
        1,
        21,
        "applies no DoT",
        Some("flamestrike"),
    );
}

#[test]
fn bad_tokens() {
    check(
        "actions=fireball,if=mana>50$",
        1,
        28,
        "unexpected character '$'",
        None,
    );
    check(
        "actions=fireball,if=mana>>50",
        1,
        26,
        "unexpected '>'",
        None,
    );
    check("actions=fireball,if=", 1, 21, "empty expression", None);
    check(
        "actions=fireball,if=mana 50",
        1,
        26,
        "unexpected number 50",
        Some("&"),
    );
    check(
        "actions=fireball,iff=mana>1",
        1,
        18,
        "unknown option 'iff'",
        Some("'if'"),
    );
    check(
        "action=fireball",
        1,
        1,
        "'action' is not an action list",
        None,
    );
    check("fireball", 1, 1, "expected 'actions=", None);
    check("actions=fireball,if=1..2>0", 1, 21, "bad number", None);
}

#[test]
fn unbalanced_parentheses() {
    check(
        "actions=fireball,if=(mana>5",
        1,
        21,
        "unbalanced '('",
        Some("')'"),
    );
    check("actions=fireball,if=mana>5)", 1, 27, "unbalanced ')'", None);
    check(
        "actions=fireball,if=((mana>5)",
        1,
        21,
        "unbalanced '('",
        None,
    );
}

#[test]
fn type_errors() {
    check(
        "actions=fireball,if=buff.hot_streak.up+1>2",
        1,
        39,
        "type error",
        Some(".stack"),
    );
    check(
        "actions=fireball,if=buff.hot_streak.up>0",
        1,
        39,
        "type error",
        None,
    );
    check(
        "actions=fireball,if=-buff.hot_streak.up",
        1,
        21,
        "type error",
        None,
    );
    check(
        "actions=fireball,if=buff.combustion.up=3",
        1,
        39,
        "type error",
        None,
    );
    check(
        "actions=wait,sec=buff.combustion.up",
        1,
        18,
        "type error",
        None,
    );
    // SimulationCraft idioms that stay legal: numbers used as conditions.
    assert!(
        compile("actions=fireball,if=!cooldown.combustion.remains&buff.hot_streak.stack").is_ok()
    );
}

#[test]
fn empty_lists() {
    check("", 1, 1, "no default list", Some("actions=SPELL"));
    check("# only a comment\n\n", 1, 1, "no default list", None);
    check(
        "actions=fireball\nactions.aoe=",
        2,
        1,
        "action list 'aoe' is empty",
        None,
    );
}

#[test]
fn list_structure_errors() {
    check(
        "actions=call_action_list,name=aeo\nactions.aoe=flamestrike",
        1,
        31,
        "unknown action list 'aeo'",
        Some("'aoe'"),
    );
    let cycle = err("actions=call_action_list,name=a\nactions.a=call_action_list,name=b\nactions.b=call_action_list,name=a");
    assert!(cycle.message.contains("calls itself"), "{cycle}");
    check(
        "actions=fireball\nactions=pyroblast",
        2,
        1,
        "assigned twice",
        Some("+="),
    );
    check(
        "actions=fireball,if=variable.burst>0",
        1,
        21,
        "unknown variable 'burst'",
        None,
    );
    check(
        "actions=variable,name=x\nactions+=/fireball",
        1,
        9,
        "needs value=EXPR",
        None,
    );
}

#[test]
fn columns_count_characters_and_indentation() {
    check(
        "  actions=fireball,if=buff.hot_strek.up",
        1,
        23,
        "unknown buff",
        None,
    );
    check(
        "actions=fireball\n\n   actions+=/pyrblast",
        3,
        14,
        "unknown spell 'pyrblast'",
        Some("'pyroblast'"),
    );
}

#[test]
fn deep_nesting_and_huge_input_are_errors_not_crashes() {
    let deep = format!(
        "actions=fireball,if={}1{}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    assert!(err(&deep).message.contains("nested"));
    let bangs = format!("actions=fireball,if={}1", "!".repeat(100_000));
    assert!(compile(&bangs).is_err());
    let huge = "actions=fireball\n".repeat(10_000);
    assert!(err(&huge).message.contains("limit"));
}

#[test]
fn the_full_language_compiles() {
    let text = r#"
# precombat and variables
actions.precombat=variable,name=burst,value=0
actions.precombat+=/fireball
actions=variable,name=burst,op=set,value=buff.combustion.up|cooldown.combustion.remains<5
actions+=/combustion,if=variable.burst&time>1
actions+=/call_action_list,name=aoe,if=active_enemies>=3|spell_targets>3
actions+=/run_action_list,name=execute,if=target.health.pct<=20&fight_remains>5
actions+=/pyroblast,if=buff.hot_streak.react&(prev_gcd.1.fireball|prev.scorch|buff.hot_streak.remains<2)
actions+=/fire_blast,if=cooldown.fire_blast.charges_fractional>1.5&cooldown.fire_blast.full_recharge_time<4
actions+=/scorch,if=moving&gcd.remains=0&mana.pct>10&mana.deficit>=0&mana.time_to_max>=0
actions+=/fireball,if=action.fireball.cast_time<gcd.max*2&spell_haste>0.5
actions+=/wait,sec=0.1+0.2*2%4-1,if=mana<1000
actions.aoe=flamestrike,if=!dot.flamestrike.ticking|dot.flamestrike.refreshable|active_dot.flamestrike<3,cycle_targets=1
actions.aoe+=/flamestrike,if=dot.flamestrike.remains<2&dot.flamestrike.ticks_remain<2
actions.execute=scorch
"#;
    let apl = compile(text).expect("compiles");
    assert_eq!(apl.lists.len(), 4);
    assert!(apl.precombat.is_some());
    assert_eq!(apl.variables, vec!["burst".to_string()]);
}

/// Every did-you-mean comes with the text that replaces the error's span, and applying it
/// fixes that error.
#[test]
fn suggestions_replace_the_span() {
    let catalog = Catalog::builtin();
    let spec = catalog.get("fire_mage").unwrap();
    let text = "actions=fireball\nactions+=/fire_blsat,if=buff.hot_streek.up";
    let errors = Apl::check(text, spec).errors;
    let found: Vec<_> = errors
        .iter()
        .map(|e| (e.line, e.column, e.end_column, e.suggestion.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (2, 11, 21, Some("fire_blast")),
            (2, 25, 43, Some("buff.hot_streak.up")),
        ],
        "{errors:?}"
    );
    // Replace the spans, last first (columns count characters).
    let mut lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    for e in errors.iter().rev() {
        let line = &mut lines[e.line - 1];
        let fix: Vec<char> = e.suggestion.as_deref().unwrap().chars().collect();
        line.splice(e.column - 1..e.end_column - 1, fix);
    }
    let fixed: Vec<String> = lines.iter().map(|l| l.iter().collect()).collect();
    assert!(Apl::check(&fixed.join("\n"), spec).is_ok(), "{fixed:?}");

    // Properties, heads, options, lists and bare buff ids; the wire form names it only when set.
    let one = |text: &str| Apl::check(text, spec).errors.remove(0);
    let cases = [
        (
            "actions=pyroblast,if=buff.hot_streak.upp",
            "buff.hot_streak.up",
        ),
        (
            "actions=pyroblast,if=cooldwn.combustion.ready",
            "cooldown.combustion.ready",
        ),
        ("actions=pyroblast,iff=1", "if"),
        (
            "actions=call_action_list,name=aoee\nactions.aoe=fireball",
            "aoe",
        ),
        ("actions=pyroblast,if=hot_streak", "buff.hot_streak.up"),
    ];
    for (text, want) in cases {
        let e = one(text);
        assert_eq!(e.suggestion.as_deref(), Some(want), "{text}: {e:?}");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["suggestion"], want);
    }
    let e = one("actions=pyroblast,if=1+");
    assert_eq!(e.suggestion, None);
    let json = serde_json::to_value(&e).unwrap();
    assert!(json.get("suggestion").is_none(), "{json}");
}

#[test]
fn nothing_is_silently_ignored() {
    // SimulationCraft actions that are not modelled are errors with a hint.
    check(
        "actions.precombat=flask\nactions=fireball",
        1,
        19,
        "'flask' is not supported",
        Some("add the flask's stats to the character"),
    );
    check(
        "actions=fireball/food",
        1,
        18,
        "'food' is not supported",
        Some("character"),
    );
    check(
        "actions=augmentation\nactions+=/fireball",
        1,
        9,
        "'augmentation' is not supported",
        None,
    );
    check(
        "actions=invoke_external_buff,name=power_infusion\nactions+=/fireball",
        1,
        9,
        "'invoke_external_buff' is not supported",
        Some("settings of the run"),
    );
    // auto_attack needs a spec with auto-attacks (fire_mage has none).
    check(
        "actions=auto_attack/fireball",
        1,
        9,
        "this spec has no auto-attack",
        None,
    );
    // SimulationCraft options not modelled are errors naming them.
    check(
        "actions=fireball,interrupt=1",
        1,
        18,
        "option 'interrupt' is not supported",
        Some("fireball takes if, cycle_targets"),
    );
    // An option of the language on an action it does not apply to is an error, not ignored.
    check(
        "actions=fireball,sec=2",
        1,
        18,
        "option 'sec' does not apply to fireball",
        Some("fireball takes if, cycle_targets"),
    );
    check(
        "actions=wait,name=x\nactions+=/fireball",
        1,
        14,
        "option 'name' does not apply to wait",
        Some("wait takes if, sec"),
    );
    check(
        "actions=snapshot_stats,if=time>1\nactions+=/fireball",
        1,
        24,
        "option 'if' does not apply to snapshot_stats",
        Some("takes no options"),
    );
    check(
        "actions=fireball,cycle_targets=2",
        1,
        32,
        "cycle_targets=2: expected 0 or 1",
        None,
    );
    check(
        "actions=fireball,cycle_target=1",
        1,
        18,
        "unknown option 'cycle_target'",
        Some("did you mean 'cycle_targets'?"),
    );
}

#[test]
fn actions_without_effect_of_their_own_still_compile() {
    let catalog = Catalog::builtin();
    let hunter = catalog.get("beast_mastery_hunter").unwrap();
    let text = format!(
        "actions=snapshot_stats/auto_shot/auto_attack\nactions+=/{}",
        hunter.file.spells[0].id
    );
    Apl::compile(&text, hunter).expect("compiles");
    compile("actions=snapshot_stats/fireball,cycle_targets=0").expect("compiles");
}

#[test]
fn an_option_given_twice_is_an_error() {
    check(
        "actions=fireball,if=time>1,if=time>2",
        1,
        28,
        "option 'if' is given twice",
        Some("combine conditions"),
    );
}
