//! `Apl::check`: every error of a rotation, in text order, each with the span an editor
//! underlines; the actions as written; what goes on the wire.

use rotasim_engine::{
    apl::{ActionClass, ActionSummary},
    Apl, AplCheck, AplError, Catalog,
};

fn fire_check(text: &str) -> AplCheck {
    Apl::check(text, Catalog::builtin().get("fire_mage").unwrap())
}

/// The text an error underlines (errors span one line).
fn underlined(text: &str, e: &AplError) -> String {
    assert_eq!(e.line, e.end_line, "{e}");
    let line = text.lines().nth(e.line - 1).unwrap_or("");
    line.chars()
        .skip(e.column - 1)
        .take(e.end_column - e.column)
        .collect()
}

/// (line, column, underlined text, message part) of each error.
#[track_caller]
fn expect(text: &str, want: &[(usize, usize, &str, &str)]) -> Vec<AplError> {
    let check = fire_check(text);
    let got: Vec<_> = check
        .errors
        .iter()
        .map(|e| (e.line, e.column, underlined(text, e), e.message.clone()))
        .collect();
    assert_eq!(got.len(), want.len(), "errors of {text:?}: {got:#?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0, g.1, g.2.as_str()), (w.0, w.1, w.2), "{got:#?}");
        assert!(g.3.contains(w.3), "message {:?} lacks {:?}", g.3, w.3);
    }
    assert!(check.apl.is_none());
    assert_eq!(
        Apl::compile(text, Catalog::builtin().get("fire_mage").unwrap()).unwrap_err(),
        check.errors[0],
        "compile gives the first error"
    );
    check.errors
}

#[test]
fn the_spell_and_the_buff_of_one_line_are_both_reported_in_order() {
    let text = "actions=fireball\nactions+=/fire_blsat,if=buff.hot_streek.up";
    let errors = expect(
        text,
        &[
            (2, 11, "fire_blsat", "unknown spell 'fire_blsat'"),
            (2, 25, "buff.hot_streek.up", "unknown buff 'hot_streek'"),
        ],
    );
    assert_eq!((errors[0].end_line, errors[0].end_column), (2, 21));
    assert_eq!(
        errors[0].hint.as_deref(),
        Some("did you mean 'fire_blast'?")
    );
    assert_eq!((errors[1].end_line, errors[1].end_column), (2, 43));
    assert_eq!(
        errors[1].hint.as_deref(),
        Some("did you mean 'hot_streak'?")
    );
    assert_eq!(
        errors[0].to_string(),
        "2:11: unknown spell 'fire_blsat' (did you mean 'fire_blast'?)"
    );
}

#[test]
fn errors_on_many_lines_come_in_line_order() {
    let text = "\
actions=call_action_list,name=aeo,if=mana>>1
actions+=/pyroblast,iff=1,if=buff.hot_strek.up&cooldown.combustio.ready
  actions+=/fireball,if=(mana>5
bogus line
actions.aoe=flamestrike,if=buff.hot_streak.up+1>2
actions+=/scorch,if=moving&hot_streak,name
actions+=/variable,value=1$
actions=fireball";
    expect(
        text,
        &[
            (1, 31, "aeo", "unknown action list 'aeo'"),
            (1, 43, ">", "unexpected '>'"),
            (2, 21, "iff", "unknown option 'iff'"),
            (2, 30, "buff.hot_strek.up", "unknown buff 'hot_strek'"),
            (
                2,
                48,
                "cooldown.combustio.ready",
                "unknown spell 'combustio'",
            ),
            (3, 25, "(", "unbalanced '('"),
            (4, 1, "bogus line", "expected 'actions="),
            (5, 46, "+", "type error"),
            (6, 28, "hot_streak", "unknown name 'hot_streak'"),
            (6, 39, "name", "option 'name' has no value"),
            (7, 11, "variable", "variable needs name=NAME"),
            (7, 27, "$", "unexpected character '$'"),
            (8, 1, "actions", "assigned twice"),
        ],
    );
}

#[test]
fn every_class_of_error_underlines_its_culprit() {
    // Conditions of `actions=fireball,if=…`: the condition, what is underlined, the message.
    let conditions = [
        ("mana.pcts>50", "mana.pcts", "unknown property"),
        (
            "dot.fireball.ticking",
            "dot.fireball.ticking",
            "applies no DoT",
        ),
        ("mana 50", "50", "unexpected number"),
        ("1..2>0", "1..2", "bad number"),
        ("mana>5)", ")", "unbalanced ')'"),
        ("-buff.hot_streak.up", "-buff.hot_streak.up", "type error"),
        ("buff.combustion.up=3", "=", "type error"),
        ("variable.burst>0", "variable.burst", "unknown variable"),
        (
            "gcd.remain>0",
            "gcd.remain",
            "unknown property 'remain' of gcd",
        ),
        ("target.health>0", "target.health", "of target"),
        ("time.x>0", "time.x", "not of the form time"),
    ];
    let conditions = conditions.map(|(c, u, m)| (format!("actions=fireball,if={c}"), u, m));
    let lines = [
        ("actions=firebal", "firebal", "unknown spell"),
        (
            "actions=wait,sec=buff.combustion.up",
            "buff.combustion.up",
            "type error",
        ),
        ("action=fireball", "action", "not an action list"),
        ("actions=fireball\nactions.aoe=", "actions.aoe", "is empty"),
        (
            "actions=variable,name=x,op=ad,value=1",
            "ad",
            "unknown variable op",
        ),
        (
            "actions=run_action_list",
            "run_action_list",
            "needs name=LIST",
        ),
        ("actions=,if=mana>1", ",if=mana>1", "empty action name"),
    ];
    let lines = lines.map(|(t, u, m)| (t.to_string(), u, m));
    for (text, culprit, message) in conditions.iter().chain(&lines) {
        let errors = fire_check(text).errors;
        assert_eq!(errors.len(), 1, "{text}: {errors:?}");
        assert_eq!(underlined(text, &errors[0]), *culprit, "{text}");
        assert!(errors[0].message.contains(message), "{text}: {}", errors[0]);
    }
    // Errors about something missing mark a point.
    for (text, column) in [
        ("actions=fireball,if=", 21),
        ("actions=fireball,if=mana>", 26),
    ] {
        let e = &fire_check(text).errors[0];
        assert_eq!((e.column, e.end_column), (column, column), "{e}");
    }
    let text = "actions=call_action_list,name=a\nactions.a=call_action_list,name=b\nactions.b=call_action_list,name=a\nactions.b+=/run_action_list,name=b";
    let cycle = fire_check(text);
    assert_eq!(cycle.errors.len(), 2, "{:?}", cycle.errors);
    assert_eq!((cycle.errors[0].line, cycle.errors[0].column), (3, 33));
    assert_eq!(underlined(text, &cycle.errors[0]), "a");
    assert!(cycle.errors[1]
        .message
        .contains("'b' calls itself through 'b'"));
}

#[test]
fn recovery_goes_on_with_the_next_piece_but_reports_no_echo() {
    // A type error makes no further type error; an unknown name does not either.
    expect(
        "actions=fireball,if=buff.hot_streak.up+1>2&(firebal.x+2)*3>buff.x.up",
        &[
            (1, 39, "+", "type error"),
            (1, 45, "firebal.x", "unknown name"),
            (1, 60, "buff.x.up", "unknown buff 'x'"),
        ],
    );
    // An unknown op does not also ask for a value; a missing name and value are both said.
    expect(
        "actions=variable,name=v,op=sett\nactions+=/variable",
        &[
            (1, 28, "sett", "unknown variable op"),
            (2, 11, "variable", "needs name=NAME"),
            (2, 11, "variable", "needs value=EXPR"),
        ],
    );
    // A list whose only action is faulty is not also "empty"; a skipped line may have been the
    // default list, so its absence is not reported either.
    expect(
        "actions.aoe=flamestrik\nactons=fireball",
        &[
            (1, 13, "flamestrik", "unknown spell"),
            (2, 1, "actons", "not an action list"),
        ],
    );
    expect(
        "actions.aoe=flamestrike",
        &[(1, 1, "actions.aoe=flamestrike", "no default list")],
    );
    // One syntax error per expression: the rest of that expression is not read.
    expect(
        "actions=fireball,if=mana>>1&firebal.up&$",
        &[(1, 26, ">", "unexpected '>'")],
    );
    // Names before a syntax error are checked.
    expect(
        "actions=fireball,if=firebal.up&mana>5$",
        &[
            (1, 21, "firebal.up", "unknown name"),
            (1, 38, "$", "unexpected character"),
        ],
    );
}

#[test]
fn a_valid_rotation_checks_clean_and_compiles_to_the_same_apl() {
    let catalog = Catalog::builtin();
    let spec = catalog.get("fire_mage").unwrap();
    let text = "actions.precombat=snapshot_stats/variable,name=burst,value=0\nactions=combustion,if=time>1\n  actions+=/call_action_list,name=aoe/fireball\nactions.aoe=flamestrike,cycle_targets=1";
    let check = Apl::check(text, spec);
    assert!(check.is_ok(), "{:?}", check.errors);
    assert_eq!(check.apl, Some(Apl::compile(text, spec).unwrap()));
    assert_eq!(Apl::compile_all(text, spec), Ok(check.apl.clone().unwrap()));
    let summary = |list: &str, line, column, name: &str, kind| ActionSummary {
        list: list.into(),
        line,
        column,
        end_column: column + name.chars().count(),
        name: name.into(),
        kind,
    };
    assert_eq!(
        check.actions,
        vec![
            summary("precombat", 1, 19, "snapshot_stats", ActionClass::Ignored),
            summary("precombat", 1, 34, "variable", ActionClass::Variable),
            summary("default", 2, 9, "combustion", ActionClass::Spell),
            summary(
                "default",
                3,
                13,
                "call_action_list",
                ActionClass::CallActionList
            ),
            summary("default", 3, 39, "fireball", ActionClass::Spell),
            summary("aoe", 4, 13, "flamestrike", ActionClass::Spell),
        ]
    );
    // Faulty actions are listed too.
    let bad = Apl::check(
        "actions=firebal/wait,sec=x\nactions+=/run_action_list",
        spec,
    );
    let kinds: Vec<_> = bad.actions.iter().map(|a| (a.line, a.kind)).collect();
    assert_eq!(
        kinds,
        [
            (1, ActionClass::Unknown),
            (1, ActionClass::Wait),
            (2, ActionClass::RunActionList)
        ]
    );
    assert_eq!(bad.clone().into_result(), Err(bad.errors));
}

#[test]
fn every_builtin_default_rotation_checks_clean() {
    let catalog = Catalog::builtin();
    for spec in catalog.specs() {
        let check = Apl::check(&spec.file.apl, spec);
        assert!(check.errors.is_empty(), "{}: {:?}", spec.id(), check.errors);
        let apl = check.apl.expect("compiled");
        assert_eq!(
            apl,
            Apl::compile(&spec.file.apl, spec).unwrap(),
            "{}",
            spec.id()
        );
        let written = check
            .actions
            .iter()
            .filter(|a| a.kind != ActionClass::Ignored)
            .count();
        let compiled: usize = apl.lists.iter().map(Vec::len).sum();
        assert_eq!(written, compiled, "{}", spec.id());
    }
}

#[test]
fn errors_and_summaries_are_camel_case_on_the_wire() {
    let e = &fire_check("actions=fireball\nactions+=/fire_blsat").errors[0];
    let json = serde_json::to_value(e).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "line": 2, "column": 11, "endLine": 2, "endColumn": 21,
            "message": "unknown spell 'fire_blsat'", "hint": "did you mean 'fire_blast'?",
            "suggestion": "fire_blast"
        })
    );
    assert_eq!(&serde_json::from_value::<AplError>(json).unwrap(), e);
    let a = &fire_check("actions=call_action_list").actions[0];
    let json = serde_json::to_value(a).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "list": "default", "line": 1, "column": 9, "endColumn": 25,
            "name": "call_action_list", "kind": "callActionList"
        })
    );
    assert_eq!(&serde_json::from_value::<ActionSummary>(json).unwrap(), a);
}
