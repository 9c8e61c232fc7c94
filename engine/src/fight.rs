//! Fight styles: what each one is called, and its script — which targets arrive when, in which
//! target slot, how long each lives in a fixed-time fight, and which one is the boss. The
//! simulation (`sim::targets`) plays a script; engine/README.md ("Fight styles") describes each.

use crate::limits::DEFAULT_AOE_TARGETS;
use serde::{Deserialize, Serialize};

/// The fight style (see engine/README.md, "Fight styles", for each one's script and defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FightKind {
    /// One target, stand still.
    Patchwerk,
    /// One target, periodic movement in which only instants (or movable casts) work and melee
    /// is out of range.
    Movement,
    /// Several targets.
    Aoe,
    /// A boss, waves of adds, and movement.
    HecticAddCleave,
    /// Packs of enemies that die one after the other, then a boss.
    DungeonSlice,
    /// A boss and one add at a time.
    CleaveAdd,
}

impl FightKind {
    /// All fights.
    pub const ALL: [FightKind; 6] = [
        FightKind::Patchwerk,
        FightKind::Movement,
        FightKind::Aoe,
        FightKind::HecticAddCleave,
        FightKind::DungeonSlice,
        FightKind::CleaveAdd,
    ];

    /// Snake-case name (as in JSON and on the command line).
    pub fn name(self) -> &'static str {
        match self {
            FightKind::Patchwerk => "patchwerk",
            FightKind::Movement => "movement",
            FightKind::Aoe => "aoe",
            FightKind::HecticAddCleave => "hectic_add_cleave",
            FightKind::DungeonSlice => "dungeon_slice",
            FightKind::CleaveAdd => "cleave_add",
        }
    }

    /// Display name ("Hectic add cleave").
    pub fn label(self) -> &'static str {
        match self {
            FightKind::Patchwerk => "Patchwerk",
            FightKind::Movement => "Movement",
            FightKind::Aoe => "AoE",
            FightKind::HecticAddCleave => "Hectic add cleave",
            FightKind::DungeonSlice => "Dungeon slice",
            FightKind::CleaveAdd => "Cleave add",
        }
    }

    /// One line for a form.
    pub fn description(self) -> &'static str {
        match self {
            FightKind::Patchwerk => "One target, stand still.",
            FightKind::Movement => {
                "One target; move 3\u{2013}6 s every 20\u{2013}30 s: only instants, melee out of range."
            }
            FightKind::Aoe => "Several targets (default 5) for the whole fight.",
            FightKind::HecticAddCleave => {
                "A boss; waves of adds (default 3) every 45 s for 20 s; movement as in Movement."
            }
            FightKind::DungeonSlice => {
                "Three packs of enemies (default 4) killed one after the other, then a boss."
            }
            FightKind::CleaveAdd => "A boss; one add every 30 s that lives 20 s.",
        }
    }

    /// Parses a name.
    pub fn parse(s: &str) -> Option<FightKind> {
        FightKind::ALL.into_iter().find(|f| f.name() == s)
    }

    /// Whether the fight has movement windows.
    pub fn moves(self) -> bool {
        matches!(self, FightKind::Movement | FightKind::HecticAddCleave)
    }

    /// Whether the `targets` setting means something for this fight (aoe: targets; hectic add
    /// cleave: adds per wave; dungeon slice: pack size).
    pub fn takes_targets(self) -> bool {
        matches!(
            self,
            FightKind::Aoe | FightKind::HecticAddCleave | FightKind::DungeonSlice
        )
    }

    /// The `targets` setting when none is given.
    pub fn default_targets(self) -> u32 {
        match self {
            FightKind::Aoe => DEFAULT_AOE_TARGETS,
            FightKind::HecticAddCleave => 3,
            FightKind::DungeonSlice => 4,
            _ => 1,
        }
    }
}

/// How target health works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HealthModel {
    /// Fixed time for patchwerk, movement and aoe (their results as before health existed);
    /// estimated for the other fights.
    #[default]
    Auto,
    /// Each target's health falls linearly over its scripted life; the fight lasts the
    /// (varied) requested length.
    FixedTime,
    /// Each target has a health pool estimated from damage observed in a pilot pass; it dies
    /// when the damage it takes reaches it, and the fight ends when the boss dies.
    Estimated,
}

impl HealthModel {
    /// Whether targets have health pools in `fight`.
    pub fn estimated(self, fight: FightKind) -> bool {
        match self {
            HealthModel::Auto => !matches!(
                fight,
                FightKind::Patchwerk | FightKind::Movement | FightKind::Aoe
            ),
            HealthModel::FixedTime => false,
            HealthModel::Estimated => true,
        }
    }

    /// Parses `auto`, `fixed_time` or `estimated`.
    pub fn parse(s: &str) -> Option<HealthModel> {
        match s {
            "auto" => Some(HealthModel::Auto),
            "fixed_time" | "fixed" => Some(HealthModel::FixedTime),
            "estimated" => Some(HealthModel::Estimated),
            _ => None,
        }
    }
}

/// Hectic add cleave: first wave (seconds), time between waves, and each add's life.
pub const HECTIC_FIRST: f64 = 20.0;
/// Seconds between hectic add cleave waves.
pub const HECTIC_EVERY: f64 = 45.0;
/// Seconds a hectic add cleave add lives (fixed time) or stays at most (estimated health).
pub const HECTIC_LIFE: f64 = 20.0;
/// Cleave add: the first add's arrival (seconds).
pub const CLEAVE_FIRST: f64 = 15.0;
/// Seconds between cleave adds.
pub const CLEAVE_EVERY: f64 = 30.0;
/// Seconds a cleave add lives (fixed time) or stays at most (estimated health).
pub const CLEAVE_LIFE: f64 = 20.0;
/// Dungeon slice: packs before the boss.
pub const DUNGEON_PACKS: usize = 3;
/// Share of a fixed-time dungeon slice each pack lasts (the boss gets the rest).
pub const DUNGEON_PACK_SHARE: f64 = 0.2;

/// One target's appearance in a fight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spawn {
    /// Target slot (0 is the first target, where a boss stands).
    pub slot: u16,
    /// Health class: spawns of one class share an estimated health pool.
    pub class: u16,
    /// Spawns that arrive together (a wave, a pack).
    pub group: u16,
    /// Arrival in a fixed-time fight, seconds.
    pub arrive: f64,
    /// Death in a fixed-time fight (an add: when it leaves), seconds.
    pub leave: f64,
    /// With estimated health: arrives when every spawn of this group is dead (not at `arrive`).
    pub after: Option<u16>,
    /// Its death ends the fight.
    pub boss: bool,
    /// An add: lives a fixed number of seconds at most, whatever the fight's length; with
    /// estimated health it leaves at `leave` if still alive.
    pub add: bool,
}

/// Target slots of `fight` with `targets` setting `n`: the most targets alive at once.
pub fn slots(fight: FightKind, n: u32) -> u32 {
    match fight {
        FightKind::Patchwerk | FightKind::Movement => 1,
        FightKind::Aoe | FightKind::DungeonSlice => n.max(1),
        FightKind::HecticAddCleave => 1 + n.max(1) * add_slots(HECTIC_LIFE, HECTIC_EVERY),
        FightKind::CleaveAdd => 1 + add_slots(CLEAVE_LIFE, CLEAVE_EVERY),
    }
}

/// Health classes of `fight` with `targets` setting `n`.
pub fn classes(fight: FightKind, n: u32) -> usize {
    match fight {
        FightKind::Patchwerk | FightKind::Movement => 1,
        FightKind::Aoe => n.max(1) as usize,
        _ => 2,
    }
}

/// Waves of adds alive at once when each lives `life` and they come every `every` seconds.
fn add_slots(life: f64, every: f64) -> u32 {
    (life / every).ceil().max(1.0) as u32
}

/// The script of `fight` with `targets` setting `n`, for a fixed-time length `length`; timed adds
/// are scripted until `horizon` (the longest the fight may last). Replaces `out`'s contents.
pub fn script(fight: FightKind, n: u32, length: f64, horizon: f64, out: &mut Vec<Spawn>) {
    out.clear();
    let n = n.max(1) as u16;
    let boss = Spawn {
        slot: 0,
        class: 0,
        group: 0,
        arrive: 0.0,
        leave: length,
        after: None,
        boss: true,
        add: false,
    };
    match fight {
        FightKind::Patchwerk | FightKind::Movement => out.push(boss),
        FightKind::Aoe => out.extend((0..n).map(|k| Spawn {
            slot: k,
            class: k,
            boss: k == 0,
            ..boss
        })),
        FightKind::HecticAddCleave => {
            out.push(boss);
            waves(out, n, HECTIC_FIRST, HECTIC_EVERY, HECTIC_LIFE, horizon);
        }
        FightKind::CleaveAdd => {
            out.push(boss);
            waves(out, 1, CLEAVE_FIRST, CLEAVE_EVERY, CLEAVE_LIFE, horizon);
        }
        FightKind::DungeonSlice => {
            let pack = length * DUNGEON_PACK_SHARE;
            for p in 0..DUNGEON_PACKS as u16 {
                out.extend((0..n).map(|k| Spawn {
                    slot: k,
                    class: 1,
                    group: p,
                    arrive: f64::from(p) * pack,
                    leave: f64::from(p + 1) * pack,
                    after: p.checked_sub(1),
                    boss: false,
                    add: false,
                }));
            }
            let last = DUNGEON_PACKS as u16;
            out.push(Spawn {
                group: last,
                arrive: f64::from(last) * pack,
                after: Some(last - 1),
                ..boss
            });
        }
    }
}

/// Waves of `n` adds from `first` every `every` seconds, each living `life`, in slots after the
/// boss's (group = 1 + wave).
fn waves(out: &mut Vec<Spawn>, n: u16, first: f64, every: f64, life: f64, horizon: f64) {
    let sets = add_slots(life, every) as u16;
    let mut t = first;
    let mut wave: u16 = 0;
    while t < horizon && wave < 1000 {
        let base = 1 + (wave % sets) * n;
        out.extend((0..n).map(|k| Spawn {
            slot: base + k,
            class: 1,
            group: 1 + wave,
            arrive: t,
            leave: t + life,
            after: None,
            boss: false,
            add: true,
        }));
        wave += 1;
        t += every;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_and_serde_keeps_the_old_lower_case_names() {
        for f in FightKind::ALL {
            assert_eq!(FightKind::parse(f.name()), Some(f));
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.name()));
            assert!(!f.label().is_empty() && !f.description().is_empty());
        }
        let old: FightKind = serde_json::from_str("\"aoe\"").unwrap();
        assert_eq!(old, FightKind::Aoe);
    }

    #[test]
    fn scripts_fit_their_slots() {
        let mut out = Vec::new();
        for f in FightKind::ALL {
            script(f, 3, 300.0, 600.0, &mut out);
            let s = slots(f, 3);
            assert!(out.iter().all(|x| u32::from(x.slot) < s), "{f:?}");
            assert!(out.iter().all(|x| (x.class as usize) < classes(f, 3)));
            assert_eq!(out.iter().filter(|x| x.boss).count(), 1, "{f:?}");
        }
    }
}
