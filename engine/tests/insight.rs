//! The rotation insight on constructed priority lists whose answers are known in closed form:
//! per-line counts and damage, waiting by reason, overflow, cooldown waste, and the sample
//! sequence's why-not reasons (every kind appears in at least one test).

use rotasim_engine::{
    insight::{LineKind, SequenceRow, SkipReason, WaitReason},
    report::SimReport,
    run, Catalog, FightKind, Latency, RaidBuffs, SimConfig,
};
use std::sync::atomic::AtomicBool;

/// A spec with `resource` (TOML lines of `[resource]`), the given spells/buffs and rotation.
fn spec(resource: &str, body: &str, apl: &str) -> String {
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
{resource}
[mastery]
effect = "all_damage"
per_point = 0
[character]
primary = 10000
crit = 10500
{body}
"#
    )
}

const PLENTY: &str = "max = 1000000\nregen = 100000";

struct Run {
    fight: FightKind,
    targets: Option<u32>,
    length: f64,
    iterations: u32,
    threads: usize,
}

impl Default for Run {
    fn default() -> Self {
        Run {
            fight: FightKind::Patchwerk,
            targets: None,
            length: 300.0,
            iterations: 200,
            threads: 2,
        }
    }
}

fn simulate(toml: &str, r: Run) -> SimReport {
    let catalog = Catalog::default().with_spec_toml(toml).expect("spec loads");
    let config = SimConfig {
        spec: "test_spec".into(),
        fight: r.fight,
        targets: r.targets,
        duration: r.length,
        vary_length: false,
        iterations: r.iterations,
        seed: 99,
        threads: r.threads,
        // The counts below are of the bare character: no Bloodlust, no latency.
        raid: RaidBuffs::NONE,
        latency: Latency::NONE,
        ..Default::default()
    };
    let prepared = config.validate(&catalog).expect("valid config");
    run(&prepared, &mut |_| {}, &AtomicBool::new(false)).expect("run")
}

fn line<'a>(r: &'a SimReport, text: &str) -> &'a rotasim_engine::insight::AplLineStats {
    r.apl_lines
        .iter()
        .find(|l| l.text == text)
        .unwrap_or_else(|| panic!("no line {text}: {:?}", r.apl_lines))
}

fn wait_pct(r: &SimReport, reason: WaitReason) -> f64 {
    r.waiting.by_reason[reason.index()].pct
}

/// Every skip reason of the sample sequence (cast and wait rows).
fn skips(r: &SimReport) -> Vec<(u32, SkipReason)> {
    let seq = r.sequence.as_ref().expect("a sample sequence");
    seq.rows
        .iter()
        .flat_map(|row| match row {
            SequenceRow::Cast { skipped, .. } | SequenceRow::Wait { skipped, .. } => {
                skipped.iter().map(|s| (s.line, s.reason.clone()))
            }
        })
        .collect()
}

const NUKE_AND_JAB: &str = r#"[[spells]]
id = "nuke"
name = "Nuke"
gcd = 1.0
cooldown = 10
coefficient = 10.0
[[spells]]
id = "jab"
name = "Jab"
gcd = 1.0
coefficient = 1.0"#;

#[test]
fn a_line_every_ten_seconds_fires_thirty_times_in_three_hundred() {
    // 1 s GCDs at 0, 1, …, 299: the 10 s nuke takes 0, 10, …, 290 (30), the jab the other 270.
    let r = simulate(
        &spec(PLENTY, NUKE_AND_JAB, "actions=nuke\nactions+=/jab"),
        Run::default(),
    );
    let nuke = line(&r, "nuke");
    assert_eq!(
        (nuke.list.as_str(), nuke.index, nuke.line),
        ("default", 0, 1)
    );
    assert_eq!(nuke.kind, LineKind::Cast);
    assert!((nuke.executions - 30.0).abs() <= 1.0, "{}", nuke.executions);
    assert_eq!((nuke.min_executions, nuke.max_executions), (30, 30));
    let jab = line(&r, "jab");
    assert_eq!(jab.executions, 270.0);
    assert!((nuke.cast_share - 10.0).abs() < 1e-9, "{}", nuke.cast_share);
    // Same crit chance on both: the nuke's share of damage is 300 / 570 of it, within noise.
    assert!(
        (nuke.damage_share - 100.0 * 300.0 / 570.0).abs() < 1.0,
        "{}",
        nuke.damage_share
    );
    assert!((nuke.damage_share + jab.damage_share - 100.0).abs() < 1e-6);
    assert!(!nuke.never_executed && !jab.never_executed);
    // 300 actions in 5 minutes, never idle.
    assert!((r.waiting.apm - 60.0).abs() < 1e-9, "{}", r.waiting.apm);
    assert_eq!(r.waiting.waiting_pct, 0.0);
    assert_eq!(r.waiting.active_pct, 100.0);
}

#[test]
fn damage_of_dot_ticks_belongs_to_the_line_that_applied_them() {
    let body = r#"[[spells]]
id = "rot"
name = "Rot"
dot = { coefficient = 0.5, duration = 12, tick = 3 }
[[spells]]
id = "jab"
name = "Jab"
coefficient = 1.0"#;
    let r = simulate(
        &spec(
            PLENTY,
            body,
            "actions=rot,if=dot.rot.refreshable\nactions+=/jab",
        ),
        Run::default(),
    );
    let rot_line = line(&r, "rot,if=dot.rot.refreshable");
    let rot = r.abilities.iter().find(|a| a.id == "rot").unwrap();
    assert!(rot.damage > 0.0);
    assert!(
        (rot_line.damage - rot.damage).abs() <= 1e-9 * rot.damage,
        "line {} vs ability {}",
        rot_line.damage,
        rot.damage
    );
}

#[test]
fn a_two_second_cooldown_and_a_one_and_a_half_second_gcd_wait_a_quarter_of_the_fight() {
    let body = r#"[[spells]]
id = "zap"
name = "Zap"
cooldown = 2
coefficient = 1.0"#;
    let r = simulate(&spec(PLENTY, body, "actions=zap"), Run::default());
    // Cast at 0, 2, …, 298; each GCD ends 1.5 s in, then 0.5 s of waiting for the cooldown.
    assert!(
        (r.waiting.waiting_pct - 25.0).abs() < 0.2,
        "{:?}",
        r.waiting
    );
    assert!((wait_pct(&r, WaitReason::Cooldown) - 25.0).abs() < 0.2);
    assert!((r.waiting.active_pct - 75.0).abs() < 0.2);
    assert_eq!(line(&r, "zap").executions, 150.0);
    // Never left ready: the cooldown is the only thing cast.
    let w = &r.cooldown_waste[0];
    assert_eq!(w.spell, "zap");
    assert!(w.max < 1e-6, "{w:?}");
    // The sample sequence shows the waits with their reason.
    let seq = r.sequence.as_ref().unwrap();
    let waits: Vec<_> = seq
        .rows
        .iter()
        .filter_map(|row| match row {
            SequenceRow::Wait {
                duration,
                reason,
                detail,
                line,
                ..
            } => Some((*duration, *reason, detail.clone(), *line)),
            _ => None,
        })
        .collect();
    assert_eq!(waits.len(), 150, "one wait per cast");
    for (d, reason, detail, l) in &waits {
        assert!((d - 0.5).abs() < 1e-6, "{d}");
        assert_eq!(*reason, WaitReason::Cooldown);
        assert_eq!(*l, Some(0));
        assert!(detail.starts_with("zap: on cooldown for 0.5 s"), "{detail}");
    }
}

#[test]
fn a_generator_at_its_cap_overflows_everything_it_makes() {
    // Starts full (100), regenerates 10/s and never spends: 3 000 per fight from regeneration,
    // plus 300 casts × 30 from the generator = 12 000, i.e. 2 400 per minute.
    let body = r#"[[spells]]
id = "gen"
name = "Gen"
gcd = 1.0
gain = 30
coefficient = 1.0"#;
    let r = simulate(
        &spec("max = 100\nregen = 10", body, "actions=gen"),
        Run::default(),
    );
    let o = &r.overflow[0];
    assert_eq!(o.resource, "mana");
    assert!((o.total - 12_000.0).abs() < 1e-6, "{o:?}");
    assert!((o.per_minute - 2_400.0).abs() < 1e-6, "{o:?}");
}

#[test]
fn a_cooldown_held_until_forty_five_seconds_wastes_forty_five_seconds() {
    // The nuke (30 s) is ready from the pull but held until 45 s, then used on cooldown:
    // 45, 75, …, 285; at the end it comes back at 315, after the fight.
    let r = simulate(
        &spec(
            PLENTY,
            &NUKE_AND_JAB.replace("cooldown = 10", "cooldown = 30"),
            "actions=nuke,if=time>=45\nactions+=/jab",
        ),
        Run::default(),
    );
    let w = r.cooldown_waste.iter().find(|w| w.spell == "nuke").unwrap();
    assert!((w.mean - 45.0).abs() < 1e-6, "{w:?}");
    assert!((w.min - 45.0).abs() < 1e-6 && (w.max - 45.0).abs() < 1e-6);
    assert_eq!(w.cooldown, 30.0);
    assert_eq!(line(&r, "nuke,if=time>=45").executions, 9.0);
}

#[test]
fn a_condition_that_is_never_true_is_never_executed_and_names_the_sub_expression() {
    let body =
        format!("{NUKE_AND_JAB}\n[[buffs]]\nid = \"frenzy\"\nname = \"Frenzy\"\nduration = 10");
    let r = simulate(
        &spec(
            PLENTY,
            &body,
            "actions=nuke,if=time>=0&buff.frenzy.up\nactions+=/jab",
        ),
        Run::default(),
    );
    let never = line(&r, "nuke,if=time>=0&buff.frenzy.up");
    assert!(never.never_executed);
    assert_eq!((never.executions, never.max_executions), (0.0, 0));
    // Every decision skipped it for its false half, with the value read.
    let reasons = skips(&r);
    assert!(!reasons.is_empty());
    for (l, reason) in reasons.iter().filter(|(l, _)| *l == 0) {
        assert_eq!(*l, 0);
        assert_eq!(
            *reason,
            SkipReason::Condition {
                expr: "buff.frenzy.up".into(),
                values: "buff.frenzy.up = 0".into()
            }
        );
    }
    // A comparison reads both sides' values.
    let r = simulate(
        &spec(
            PLENTY,
            NUKE_AND_JAB,
            "actions=nuke,if=cooldown.nuke.remains>fight_remains\nactions+=/jab",
        ),
        Run::default(),
    );
    let first = skips(&r).into_iter().find(|(l, _)| *l == 0).unwrap().1;
    match first {
        SkipReason::Condition { expr, values } => {
            assert_eq!(expr, "cooldown.nuke.remains>fight_remains");
            assert_eq!(values, "cooldown.nuke.remains = 0, fight_remains = 300");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn waiting_for_conditions_and_wait_lines() {
    // Nothing before 100 s (a third of the fight waits on conditions), then a `wait` line
    // holds the player for 0.5 s after every 1 s GCD until 200 s.
    let body = r#"[[spells]]
id = "jab"
name = "Jab"
gcd = 1.0
coefficient = 1.0"#;
    let r = simulate(
        &spec(
            PLENTY,
            body,
            "actions=jab,if=time>=100&(time>=200|!prev_gcd.1.jab)\nactions+=/wait,sec=0.5,if=time>=100",
        ),
        Run::default(),
    );
    let cond = wait_pct(&r, WaitReason::Conditions);
    let waits = wait_pct(&r, WaitReason::WaitAction);
    assert!((cond - 100.0 / 3.0).abs() < 0.5, "{:?}", r.waiting);
    assert!(waits > 5.0, "{:?}", r.waiting);
    assert!(line(&r, "wait,sec=0.5,if=time>=100").executions > 0.0);
    let seq = r.sequence.as_ref().unwrap();
    assert!(seq.rows.iter().any(|row| matches!(
        row,
        SequenceRow::Wait { reason: WaitReason::Conditions, detail, .. }
            if detail == "no castable line's condition holds"
    )));
    assert!(seq.rows.iter().any(|row| matches!(
        row,
        SequenceRow::Wait {
            reason: WaitReason::WaitAction,
            line: Some(1),
            ..
        }
    )));
}

#[test]
fn resource_starvation_is_waiting_for_resource() {
    // 100 mana, 10/s, a 50-mana spell on a 1 s GCD: after the bank is spent, one cast per 5 s.
    let body = r#"[[spells]]
id = "spend"
name = "Spend"
gcd = 1.0
cost = 50
coefficient = 1.0"#;
    let r = simulate(
        &spec("max = 100\nregen = 10", body, "actions=spend"),
        Run::default(),
    );
    assert!(wait_pct(&r, WaitReason::Resource) > 70.0, "{:?}", r.waiting);
    assert!(skips(&r).iter().any(|(_, s)| matches!(
        s,
        SkipReason::Resource { resource, need, .. } if resource == "mana" && *need == 50.0
    )));
    assert_eq!(r.overflow[0].total, 0.0, "never full again");
}

#[test]
fn buffs_execute_cycle_targets_and_movement_explain_themselves() {
    let body = r#"[[spells]]
id = "finisher"
name = "Finisher"
execute_below = 0.2
coefficient = 3.0
[[spells]]
id = "empowered"
name = "Empowered"
requires_buff = "empower"
coefficient = 2.0
[[spells]]
id = "rot"
name = "Rot"
dot = { coefficient = 0.5, duration = 30, tick = 3 }
[[spells]]
id = "bolt"
name = "Bolt"
cast_time = 2.5
coefficient = 1.5
[[spells]]
id = "jab"
name = "Jab"
movable = true
coefficient = 0.5
[[buffs]]
id = "empower"
name = "Empower"
duration = 10"#;
    let apl = "actions=finisher\nactions+=/empowered\nactions+=/rot,cycle_targets=1,if=!dot.rot.ticking\nactions+=/bolt\nactions+=/jab,if=moving";
    let r = simulate(
        &spec(PLENTY, body, apl),
        Run {
            fight: FightKind::Movement,
            ..Run::default()
        },
    );
    let all = skips(&r);
    let has = |f: &dyn Fn(&SkipReason) -> bool| all.iter().any(|(_, s)| f(s));
    assert!(has(
        &|s| matches!(s, SkipReason::Execute { below_pct, .. } if *below_pct == 20.0)
    ));
    assert!(has(
        &|s| matches!(s, SkipReason::RequiresBuff { buff } if buff == "empower")
    ));
    assert!(has(&|s| matches!(s, SkipReason::Moving)));
    assert!(has(&|s| matches!(s, SkipReason::MovementSoon { .. })));
    assert!(
        line(&r, "finisher").executions > 0.0,
        "used in the last 20 %"
    );
    assert!(line(&r, "empowered").never_executed);
    // On five targets the DoT line finds no target once all five have it.
    let r = simulate(
        &spec(PLENTY, body, apl),
        Run {
            fight: FightKind::Aoe,
            targets: Some(5),
            ..Run::default()
        },
    );
    assert_eq!(
        line(&r, "rot,cycle_targets=1,if=!dot.rot.ticking").executions,
        40.0,
        "five targets every 30 s, until the execute phase (the last 20 %) takes every GCD"
    );
    assert!(skips(&r).iter().any(|(_, s)| matches!(
        s,
        SkipReason::NoTarget { first } if matches!(**first, SkipReason::Condition { .. })
    )));
}

#[test]
fn sub_lists_count_the_lines_that_led_to_a_cast() {
    let apl = "actions=call_action_list,name=cds,if=time<100\nactions+=/run_action_list,name=filler\nactions.cds=nuke\nactions.filler=jab";
    let r = simulate(&spec(PLENTY, NUKE_AND_JAB, apl), Run::default());
    let call = line(&r, "call_action_list,name=cds,if=time<100");
    assert_eq!(call.kind, LineKind::Call);
    assert_eq!(call.executions, 10.0, "nukes at 0, 10, …, 90");
    assert_eq!(line(&r, "nuke").list, "cds");
    assert_eq!(line(&r, "jab").executions, 290.0);
    assert_eq!(line(&r, "run_action_list,name=filler").executions, 290.0);
    assert_eq!(line(&r, "run_action_list,name=filler").cast_share, 0.0);
}

#[test]
fn the_insight_does_not_depend_on_the_thread_count() {
    let toml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/specs/fire_mage.toml"
    ))
    .unwrap()
    .replace("id = \"fire_mage\"", "id = \"test_spec\"");
    let go = |threads| {
        simulate(
            &toml,
            Run {
                fight: FightKind::Movement,
                iterations: 600,
                threads,
                ..Run::default()
            },
        )
    };
    let (a, b) = (go(1), go(3));
    assert!(!a.apl_lines.is_empty());
    assert_eq!(a.apl_lines, b.apl_lines);
    assert_eq!(a.waiting, b.waiting);
    assert_eq!(a.overflow, b.overflow);
    assert_eq!(a.cooldown_waste, b.cooldown_waste);
    assert_eq!(a.sequence, b.sequence);
    assert!(a.waiting.by_reason[WaitReason::Moving.index()].pct > 0.0);
}
