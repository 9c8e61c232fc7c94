//! The SimulationCraft options `line_cd`, `target_if`, `cancel_buff`, `pool_resource`,
//! `interrupt_if`, `use_off_gcd`, `use_while_casting`, `chain`, `early_chain_if`,
//! `interrupt_immediate`, `cancel_if`, `sync` and `moving`: each runs as documented (counted in
//! closed form where the fight allows, without latency unless a test says so), and each misuse
//! is an error with line:column.

use rotasim_engine::{
    report::{LogKind, SimReport},
    run, Apl, Catalog, FightKind, Latency, RaidBuffs, SimConfig,
};
use std::sync::atomic::AtomicBool;

/// A spec with `[resource]` lines `resource`, spells/buffs `body` and rotation `apl`.
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
{resource}
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
{body}
"#
    )
}

const MANA: &str = "name = \"mana\"\nmax = 100";

fn simulate(text: &str, fight: FightKind, targets: Option<u32>) -> SimReport {
    simulate_with(text, fight, targets, RaidBuffs::NONE, Latency::NONE)
}

fn simulate_with(
    text: &str,
    fight: FightKind,
    targets: Option<u32>,
    raid: RaidBuffs,
    latency: Latency,
) -> SimReport {
    let catalog = Catalog::default().with_spec_toml(text).expect("spec loads");
    let config = SimConfig {
        spec: "test_spec".into(),
        fight,
        targets,
        duration: 301.0,
        vary_length: false,
        iterations: 50,
        seed: 5,
        threads: 1,
        raid,
        latency,
        ..Default::default()
    };
    let prepared = config.validate(&catalog).expect("valid");
    run(&prepared, &mut |_| {}, &AtomicBool::new(false)).expect("run")
}

fn ability<'a>(r: &'a SimReport, id: &str) -> &'a rotasim_engine::report::AbilityStats {
    r.abilities.iter().find(|a| a.id == id).expect(id)
}

const NUKE: &str = r#"
[[spells]]
id = "nuke"
name = "Nuke"
cast_time = 1
gcd = 0
coefficient = 3
"#;

#[test]
fn line_cd_spaces_a_line() {
    let r = simulate(
        &spec(MANA, NUKE, "actions=nuke,line_cd=10\nactions+=/filler"),
        FightKind::Patchwerk,
        None,
    );
    // One-second casts back to back: the nuke starts at 0, 10, …, 290 (the one at 300 would
    // end with the fight), the filler fills the other 270 seconds.
    assert_eq!(ability(&r, "nuke").casts, 30.0);
    assert_eq!(ability(&r, "filler").casts, 270.0);
    // Without it the nuke is every cast.
    let r = simulate(
        &spec(MANA, NUKE, "actions=nuke\nactions+=/filler"),
        FightKind::Patchwerk,
        None,
    );
    assert_eq!(ability(&r, "nuke").casts, 300.0);
}

const SHIELD: &str = r#"
[[spells]]
id = "shield"
name = "Shield"
cast_time = 1
gcd = 0
cooldown = 30
applies_buff = "shield"
[[buffs]]
id = "shield"
name = "Shield"
duration = 20
damage_pct = 0.5
"#;

#[test]
fn cancel_buff_removes_a_buff_when_its_condition_holds() {
    let apl = "actions=shield\nactions+=/cancel_buff,name=shield,if=buff.shield.remains<15\nactions+=/filler";
    let r = simulate(&spec(MANA, SHIELD, apl), FightKind::Patchwerk, None);
    // Cast at 0, 30, …, 270 and up one second later; cancelled at the first decision with less
    // than 15 s left, 6 s after it came: 10 windows of 6 s.
    let shield = r.buffs.iter().find(|b| b.id == "shield").unwrap();
    assert!(
        (shield.uptime - 100.0 * 60.0 / 301.0).abs() < 1e-9,
        "{}",
        shield.uptime
    );
    let line = r
        .apl_lines
        .iter()
        .find(|l| l.text.starts_with("cancel_buff"))
        .unwrap();
    assert_eq!(line.executions, 10.0);
}

const ENERGY: &str = "name = \"energy\"\nmax = 100\nregen = 10\nstart = 0";
const SPENDERS: &str = r#"
[[spells]]
id = "big"
name = "Big"
gcd = 1
cost = 60
coefficient = 6
[[spells]]
id = "small"
name = "Small"
gcd = 1
cost = 20
coefficient = 1.5
"#;

#[test]
fn pool_resource_waits_for_the_next_spell() {
    let body = SPENDERS;
    let plain = simulate(
        &spec(
            ENERGY,
            body,
            "actions=big\nactions+=/small\nactions+=/filler",
        ),
        FightKind::Patchwerk,
        None,
    );
    assert!(ability(&plain, "small").casts > 10.0);
    let pooled = simulate(
        &spec(
            ENERGY,
            body,
            "actions=pool_resource,for_next=1\nactions+=/big\nactions+=/small\nactions+=/filler",
        ),
        FightKind::Patchwerk,
        None,
    );
    // Every point of energy goes to `big`: 10 per second over 301 s buys ⌊3010 / 60⌋ = 50.
    assert!(pooled.abilities.iter().all(|a| a.id != "small"));
    assert_eq!(ability(&pooled, "big").casts, 50.0);
    assert!(pooled
        .waiting
        .by_reason
        .iter()
        .any(|w| format!("{w:?}").contains("Resource")));
}

const BOLT: &str = r#"
[[spells]]
id = "bolt"
name = "Bolt"
gcd = 1
dot = { coefficient = 1, duration = 30, tick = 3, hasted = false }
"#;

#[test]
fn target_if_picks_the_target_by_its_expression() {
    let casts_on = |apl: &str| {
        let r = simulate(&spec(MANA, BOLT, apl), FightKind::Aoe, Some(3));
        let targets: Vec<u32> = r
            .sample_log
            .iter()
            .filter(|e| e.kind == LogKind::Cast && e.name == "bolt")
            .map(|e| e.target)
            .take(4)
            .collect();
        (targets, ability(&r, "bolt").casts)
    };
    // min: the target whose DoT has least time left, so all three get it in turn.
    let (min, spread) = casts_on(
        "actions=bolt,target_if=min:dot.bolt.remains,if=dot.bolt.refreshable\nactions+=/filler",
    );
    assert_eq!(min[..3], [0, 1, 2]);
    // max: the one with most left — the refreshable check then fails there, so only the first
    // target ever gets it (its `if=` is read on the chosen target).
    let (max, single) = casts_on(
        "actions=bolt,target_if=max:dot.bolt.remains,if=dot.bolt.refreshable\nactions+=/filler",
    );
    assert!(max.iter().all(|&t| t == 0), "{max:?}");
    assert!((spread / single - 3.0).abs() < 0.2, "{spread} vs {single}");
    // first: the first target where the expression holds.
    let (first, _) = casts_on("actions=bolt,target_if=dot.bolt.down\nactions+=/filler");
    assert_eq!(first[..3], [0, 1, 2]);
}

const DRAIN: &str = r#"
[[spells]]
id = "drain"
name = "Drain"
channel = { duration = 3, ticks = 3, coefficient = 1 }
"#;

#[test]
fn interrupt_if_stops_a_channel_between_ticks() {
    let full = simulate(
        &spec(MANA, DRAIN, "actions=drain"),
        FightKind::Patchwerk,
        None,
    );
    let d = ability(&full, "drain");
    // Channels start at 0, 3, …, 300 s; every tick but the one at the fight's end lands.
    assert_eq!((d.casts, d.hits), (101.0, 300.0));
    let cut = simulate(
        &spec(MANA, DRAIN, "actions=drain,interrupt_if=time>=0"),
        FightKind::Patchwerk,
        None,
    );
    let d = ability(&cut, "drain");
    // Each channel stops after its first tick (1 s); the next starts when the 1.5 s GCD ends:
    // at 0, 1.5, …, 300 s, each ticking a second later (the last one with the fight's end).
    assert_eq!((d.casts, d.hits), (201.0, 200.0));
    // A condition read at each tick: stop once the fight is past 100 s.
    let late = simulate(
        &spec(MANA, DRAIN, "actions=drain,interrupt_if=time>100"),
        FightKind::Patchwerk,
        None,
    );
    let d = ability(&late, "drain");
    // Whole channels at 0, 3, …, 96 (33), the one at 99 stops after its tick at 101, then
    // one-tick channels at 101 + 1.5k s for k = 0..=133 (the last one's tick is past the end).
    assert_eq!((d.casts, d.hits), (33.0 + 1.0 + 134.0, 99.0 + 2.0 + 133.0));
}

#[test]
fn option_misuse_is_an_error_with_line_and_column() {
    let text = spec(
        MANA,
        &format!("{NUKE}{SHIELD}{BOLT}{DRAIN}"),
        "actions=filler",
    );
    let catalog = Catalog::default().with_spec_toml(&text).unwrap();
    let s = catalog.get("test_spec").unwrap();
    let err = |apl: &str, line, column, message: &str| {
        let e = Apl::compile(apl, s).expect_err(apl);
        assert_eq!((e.line, e.column), (line, column), "{e}");
        assert!(e.message.contains(message), "{e} lacks {message}");
    };
    err(
        "actions=nuke,line_cd=x\nactions+=/filler",
        1,
        22,
        "expected a number",
    );
    err(
        "actions=nuke,target_if=min:buff.shield.up",
        1,
        28,
        "needs a number",
    );
    err(
        "actions=nuke,target_if=min:dot.bolt.remains,cycle_targets=1",
        1,
        14,
        "together",
    );
    err("actions=nuke,interrupt_if=time>1", 1, 14, "not a channel");
    err(
        "actions=cancel_buff,name=sheild\nactions+=/filler",
        1,
        26,
        "unknown buff 'sheild'",
    );
    err(
        "actions=cancel_buff\nactions+=/filler",
        1,
        9,
        "needs name=BUFF",
    );
    err(
        "actions=pool_resource\nactions+=/filler",
        1,
        9,
        "needs for_next=1",
    );
    err(
        "actions=pool_resource,for_next=1\nactions+=/wait,sec=1\nactions+=/filler",
        1,
        9,
        "must come right before a spell",
    );
    err(
        "actions=filler\nactions+=/pool_resource,for_next=1",
        2,
        11,
        "must come right before",
    );
    err("actions=drain,interrupt=1", 1, 15, "not supported");
    Apl::compile(
        "actions=pool_resource,for_next=1,extra_amount=20\nactions+=/nuke,line_cd=2.5\nactions+=/bolt,target_if=max:dot.bolt.remains\nactions+=/drain,interrupt_if=buff.shield.up\nactions+=/cancel_buff,name=shield",
        s,
    )
    .expect("every option compiles");
}

const BUSY: &str = r#"
[[spells]]
id = "strike"
name = "Strike"
coefficient = 1
[[spells]]
id = "slow"
name = "Slow"
cast_time = 2
coefficient = 2
[[spells]]
id = "burst"
name = "Burst"
gcd = 0
cooldown = 10
coefficient = 1
"#;

#[test]
fn use_off_gcd_and_use_while_casting_act_while_busy() {
    let casts = |apl: &str| {
        let r = simulate(&spec(MANA, BUSY, apl), FightKind::Patchwerk, None);
        let n = |id: &str| {
            r.abilities
                .iter()
                .find(|a| a.id == id)
                .map_or(0.0, |a| a.casts)
        };
        (n("burst"), n("strike"), n("slow"))
    };
    // Strike is always usable when the GCD ends: a lower line off the GCD never gets a turn…
    assert_eq!(casts("actions=strike\nactions+=/burst"), (0.0, 201.0, 0.0));
    // …unless it may be used during the GCD: at 0, 10, …, 300 s, without delaying a strike.
    assert_eq!(
        casts("actions=strike\nactions+=/burst,use_off_gcd=1"),
        (31.0, 201.0, 0.0)
    );
    // The same during 2 s hard casts (150 of them complete by the end).
    assert_eq!(casts("actions=slow\nactions+=/burst"), (0.0, 0.0, 150.0));
    assert_eq!(
        casts("actions=slow\nactions+=/burst,use_while_casting=1"),
        (31.0, 0.0, 150.0)
    );
    // use_off_gcd does not reach into casts, nor use_while_casting into the GCD.
    assert_eq!(
        casts("actions=slow\nactions+=/burst,use_off_gcd=1"),
        (0.0, 0.0, 150.0)
    );
}

#[test]
fn use_off_gcd_needs_a_spell_off_the_gcd() {
    let text = spec(MANA, BUSY, "actions=strike");
    let catalog = Catalog::default().with_spec_toml(&text).unwrap();
    let s = catalog.get("test_spec").unwrap();
    let e = Apl::compile("actions=strike,use_off_gcd=1", s).unwrap_err();
    assert_eq!((e.line, e.column), (1, 16));
    assert!(e.message.contains("is on the GCD"), "{e}");
    let e = Apl::compile("actions=filler,use_while_casting=1", s).unwrap_err();
    assert!(e.message.contains("is not instant"), "{e}");
    let e = Apl::compile("actions=burst,use_off_gcd=2", s).unwrap_err();
    assert!(e.message.contains("expected 0 or 1"), "{e}");
}

/// The sample fight's times of `kind` entries of `name`.
fn times(r: &SimReport, kind: LogKind, name: &str) -> Vec<f64> {
    r.sample_log
        .iter()
        .filter(|e| e.kind == kind && e.name == name)
        .map(|e| e.time)
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// Bloodlust (+30 % haste) at 1.5 s.
const LUST: RaidBuffs = RaidBuffs {
    bloodlust: true,
    bloodlust_at: 1.5,
    ..RaidBuffs::NONE
};

#[test]
fn chain_recasts_a_channel_at_its_last_tick_without_latency() {
    let lag = Latency { mean: 0.1, sd: 0.0 };
    let run = |apl: &str| {
        let r = simulate_with(
            &spec(MANA, DRAIN, apl),
            FightKind::Patchwerk,
            None,
            RaidBuffs::NONE,
            lag,
        );
        let d = ability(&r, "drain");
        (d.casts, d.hits)
    };
    // Unchained: a channel every 3.1 s (0.1 s latency after each): starts at 3.1k < 301
    // (98), whole channels for k ≤ 96.
    assert_eq!(run("actions=drain"), (98.0, 291.0));
    // Chained: re-cast at each last tick, at 3k s (101 casts); every tick before 301 s lands.
    assert_eq!(run("actions=drain,chain=1"), (101.0, 300.0));
    // A chain whose if= fails is an ordinary end (then the latency).
    assert_eq!(
        run("actions=drain,chain=1,if=time<0|time>=0"),
        (101.0, 300.0)
    );
}

#[test]
fn early_chain_if_recasts_at_an_earlier_tick() {
    let r = simulate(
        &spec(MANA, DRAIN, "actions=drain,early_chain_if=time>=0"),
        FightKind::Patchwerk,
        None,
    );
    let d = ability(&r, "drain");
    // The first tick (1 s) is inside the 1.5 s GCD; at the second (2 s) it re-casts: 2 s
    // channels of two ticks at 0, 2, …, 300.
    assert_eq!((d.casts, d.hits), (151.0, 300.0));
}

#[test]
fn interrupt_immediate_and_cancel_if_stop_at_once() {
    let run = |apl: &str| {
        simulate_with(
            &spec(MANA, &format!("{DRAIN}{BUSY}"), apl),
            FightKind::Patchwerk,
            None,
            LUST,
            Latency::NONE,
        )
    };
    // interrupt_if is read at ticks: the first channel ticks at 1 s, Bloodlust at 1.5 s
    // shortens the second tick to 1.5 + 0.5/1.3 s, where it stops.
    let at_tick = run("actions=drain,interrupt_if=buff.bloodlust.up&time<2");
    let casts = times(&at_tick, LogKind::Cast, "drain");
    assert!(close(casts[1], 1.5 + 0.5 / 1.3), "{casts:?}");
    // With interrupt_immediate it stops when Bloodlust comes, as cancel_if does (the next
    // channel, begun then, runs: the condition no longer holds at its next event).
    for apl in [
        "actions=drain,interrupt_if=buff.bloodlust.up&time<1.51,interrupt_immediate=1",
        "actions=drain,cancel_if=buff.bloodlust.up&time<1.51",
    ] {
        let r = run(apl);
        let casts = times(&r, LogKind::Cast, "drain");
        assert!(close(casts[1], 1.5), "{apl}: {casts:?}");
        let hits = times(&r, LogKind::Damage, "drain");
        assert!(
            close(hits[0], 1.0) && close(hits[1], 1.5 + 1.0 / 1.3),
            "{hits:?}"
        );
    }
    // cancel_if stops a hard cast too: the 2 s cast begun at 0 never lands; the next, begun at
    // 1.5 s under Bloodlust, lands 2/1.3 s later.
    let r = run("actions=slow,cancel_if=buff.bloodlust.up&time<1.51");
    let casts = times(&r, LogKind::Cast, "slow");
    let hits = times(&r, LogKind::Damage, "slow");
    assert!(close(casts[0], 0.0) && close(casts[1], 1.5), "{casts:?}");
    assert!(close(hits[0], 1.5 + 2.0 / 1.3), "{hits:?}");
}

#[test]
fn sync_and_moving_gate_a_line() {
    let casts = |apl: &str| {
        let r = simulate(&spec(MANA, BUSY, apl), FightKind::Patchwerk, None);
        let n = |id: &str| {
            r.abilities
                .iter()
                .find(|a| a.id == id)
                .map_or(0.0, |a| a.casts)
        };
        (n("burst"), n("strike"))
    };
    // Strike synced to burst: while burst waits (its if= fails before 20 s) strike goes at 0,
    // 1.5, …, 19.5 s (14); from 21 s burst is taken whenever usable, so strike never again.
    assert_eq!(
        casts("actions=burst,if=time>=20\nactions+=/strike,sync=burst\nactions+=/filler").1,
        14.0
    );
    // moving=1 never applies in a fight without movement; moving=0 always does.
    assert_eq!(
        casts("actions=burst,moving=1\nactions+=/strike"),
        (0.0, 201.0)
    );
    // (burst waits for the GCD after its cooldown: at 0, 10.5, 21, … s.)
    assert_eq!(
        casts("actions=burst,moving=0\nactions+=/strike"),
        (29.0, 201.0)
    );
}

#[test]
fn timing_option_misuse_is_an_error_with_line_and_column() {
    let text = spec(MANA, &format!("{NUKE}{DRAIN}"), "actions=filler");
    let catalog = Catalog::default().with_spec_toml(&text).unwrap();
    let s = catalog.get("test_spec").unwrap();
    let err = |apl: &str, line, column, message: &str| {
        let e = Apl::compile(apl, s).expect_err(apl);
        assert_eq!((e.line, e.column), (line, column), "{e}");
        assert!(e.message.contains(message), "{e} lacks {message}");
    };
    err("actions=nuke,chain=1", 1, 14, "'nuke' is not a channel");
    let e = Apl::compile("actions=nuke,chain=1", s).unwrap_err();
    assert!(
        e.hint.as_ref().is_some_and(|h| h.contains("channelled")),
        "{e}"
    );
    err(
        "actions=nuke,early_chain_if=time>1",
        1,
        14,
        "is not a channel",
    );
    err(
        "actions=drain,interrupt_immediate=1",
        1,
        15,
        "without interrupt_if",
    );
    err("actions=drain,chain=2", 1, 21, "expected 0 or 1");
    err("actions=filler,moving=yes", 1, 23, "expected 0 or 1");
    err("actions=filler,sync=nuek", 1, 21, "unknown spell 'nuek'");
    err("actions=drain,early_chain_if=buff.nope.up", 1, 30, "nope");
    err(
        "actions.precombat=nuke,sync=filler\nactions=filler",
        1,
        19,
        "sync",
    );
    Apl::compile(
        "actions=drain,chain=1,early_chain_if=time>5,interrupt_if=time>9,interrupt_immediate=1,cancel_if=time>10\nactions+=/nuke,sync=filler,moving=0,cancel_if=time>3",
        s,
    )
    .expect("every timing option compiles");
}
