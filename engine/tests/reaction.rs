//! Reaction time: `buff.X.react` is true only once the player has noticed the buff — a delay
//! drawn each time it comes up (mean ± sd, uniform) — and a free player acts at that moment.

use rotasim_engine::{
    report::{LogKind, SimReport},
    run, Catalog, Latency, RaidBuffs, Reaction, SimConfig,
};
use std::sync::atomic::AtomicBool;

/// `ignite` (1 s cast, cooldown 10) brings up `hot`; `nuke` (0.5 s) consumes it.
const SPEC: &str = r#"
id = "test_spec"
name = "Test"
class = "Test"
spec = "Test"
apl = "actions=ignite"
[resource]
name = "mana"
max = 100
[mastery]
effect = "all_damage"
per_point = 0
[character]
primary = 10000
[[spells]]
id = "ignite"
name = "Ignite"
cast_time = 1
gcd = 0
cooldown = 10
coefficient = 1
applies_buff = "hot"
[[spells]]
id = "nuke"
name = "Nuke"
cast_time = 0.5
gcd = 0
coefficient = 3
[[buffs]]
id = "hot"
name = "Hot"
duration = 8
consumed_by = ["nuke"]
"#;

fn simulate(apl: &str, reaction: Reaction, seed: u64) -> SimReport {
    let catalog = Catalog::default().with_spec_toml(SPEC).unwrap();
    let config = SimConfig {
        spec: "test_spec".into(),
        apl: Some(apl.into()),
        duration: 60.0,
        vary_length: false,
        iterations: 1,
        seed,
        threads: 1,
        raid: RaidBuffs::NONE,
        reaction,
        latency: Latency::NONE,
        ..Default::default()
    };
    run(
        &config.validate(&catalog).unwrap(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

/// When the sample fight's first nuke began.
fn first_nuke(r: &SimReport) -> f64 {
    r.sample_log
        .iter()
        .find(|e| e.kind == LogKind::Cast && e.name == "nuke")
        .expect("a nuke")
        .time
}

const REACT: &str = "actions=nuke,if=buff.hot.react\nactions+=/ignite";

#[test]
fn react_waits_for_the_reaction_time_and_up_does_not() {
    let fixed = |mean| Reaction { mean, sd: 0.0 };
    // The buff comes at 1 s (the end of ignite's cast); the idle player nukes once noticed.
    assert!((first_nuke(&simulate(REACT, fixed(0.2), 1)) - 1.2).abs() < 1e-9);
    assert!((first_nuke(&simulate(REACT, fixed(0.0), 1)) - 1.0).abs() < 1e-9);
    let up = "actions=nuke,if=buff.hot.up\nactions+=/ignite";
    assert!((first_nuke(&simulate(up, fixed(0.2), 1)) - 1.0).abs() < 1e-9);
}

#[test]
fn reaction_times_vary_within_their_spread() {
    let r = Reaction { mean: 0.3, sd: 0.1 };
    let half = 3f64.sqrt() * 0.1;
    let delays: Vec<f64> = (0..200)
        .map(|seed| first_nuke(&simulate(REACT, r, seed)) - 1.0)
        .collect();
    assert!(delays
        .iter()
        .all(|d| (0.3 - half - 1e-9..=0.3 + half + 1e-9).contains(d)));
    let mean = delays.iter().sum::<f64>() / delays.len() as f64;
    // The mean of 200 uniform draws with sd 0.1 is within 4 standard errors (0.028) of 0.3.
    assert!((mean - 0.3).abs() < 0.03, "{mean}");
    let spread = delays.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / 199.0;
    assert!((spread.sqrt() - 0.1).abs() < 0.02, "{}", spread.sqrt());
}

#[test]
fn reaction_settings_are_checked_and_default() {
    assert_eq!(
        SimConfig::default().reaction,
        Reaction {
            mean: 0.15,
            sd: 0.05
        }
    );
    let config = SimConfig {
        reaction: Reaction {
            mean: -1.0,
            sd: 5.0,
        },
        ..Default::default()
    };
    let errors = config.field_errors();
    assert!(errors.contains_key("reaction.mean") && errors.contains_key("reaction.sd"));
}
