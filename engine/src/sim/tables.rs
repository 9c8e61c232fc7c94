//! What is fixed for a whole run: the spec, rotation, stats and fight, plus tables computed once
//! from the spec (which buffs may proc on what, DoT slots, instant-cast and consume lists).

use crate::{
    apl::{ActionKind, Apl},
    config::{FightKind, SimConfig},
    raid::RaidBuffs,
    spec::{BuffRefs, MasteryEffect, Spec, TriggerOn},
    stats::Stats,
    timing::{Latency, Reaction},
};

/// With health pools, the longest a fight may last, as a multiple of its fixed-time length.
pub(crate) const HORIZON: f64 = 2.0;

/// Kinds of proc trigger ([`TriggerOn`] variants).
const TRIGGERS: usize = 5;

/// Row of a trigger kind in [`Static::procs`].
pub(super) fn trigger_index(on: TriggerOn) -> usize {
    match on {
        TriggerOn::Cast => 0,
        TriggerOn::Hit => 1,
        TriggerOn::Crit => 2,
        TriggerOn::Tick => 3,
        TriggerOn::AutoAttack => 4,
    }
}

/// Everything that is fixed for a run: spec, rotation, stats, fight and precomputed tables.
pub(crate) struct Static<'a> {
    pub(crate) spec: &'a Spec,
    pub(super) apl: &'a Apl,
    /// The character's derived stats.
    pub(super) stats: Stats,
    pub(super) fight: FightKind,
    pub(super) targets: usize,
    /// The fight's `targets` setting (aoe targets, adds per wave, pack size).
    pub(super) group_size: u32,
    /// Whether targets have estimated health pools.
    pub(super) estimated: bool,
    /// The boss's pool when the configuration gives it.
    pub(super) boss_health: Option<f64>,
    /// The pools' sizes (set from the pilot pass before the run).
    pub(crate) calibration: Option<super::targets::Calibration>,
    /// Requested fight length in seconds.
    pub(super) duration: f64,
    /// Whether each iteration's length varies by ±20 %.
    pub(super) vary: bool,
    /// Raid buffs and externals.
    pub(super) raid: RaidBuffs,
    /// The base GCD `gcd.max` reads: the most common `gcd` of the spec's spells on the GCD.
    pub(super) base_gcd: f64,
    /// The player's reaction time, and whether the rotation reads `buff.X.react`.
    pub(super) reaction: Reaction,
    /// The latency between one action and the next.
    pub(super) latency: Latency,
    pub(super) uses_react: bool,
    /// The potion's spell (`usize::MAX` without one) and its uses per fight.
    pub(super) potion: (usize, u32),
    /// `[trigger][spell]` → buffs that may proc (index `n_spells` = auto-attack / pet).
    pub(super) procs: [Vec<Vec<u16>>; TRIGGERS],
    /// Spell → DoT slot.
    pub(super) dot_slot: Vec<Option<usize>>,
    /// DoT slot → spell.
    pub(super) slot_spell: Vec<usize>,
    /// Spell → buffs that make it instant.
    pub(super) instant_buffs: Vec<Vec<usize>>,
    /// Spell → buffs it consumes.
    pub(super) consumes: Vec<Vec<usize>>,
    /// Spells with a DoT.
    pub(super) n_dots: usize,
    /// Abilities: spells, then auto-attack, then pet.
    pub(crate) n_abilities: usize,
    /// Seconds in the timeline (the longest possible fight, rounded up).
    pub(crate) timeline_len: usize,
    /// Whether mastery amplifies all damage.
    pub(super) mastery_all: bool,
    /// List → index of its first line among all lines (lists in order, lines in order).
    pub(super) line_base: Vec<u16>,
    /// Lines of the rotation, all lists.
    pub(crate) n_lines: usize,
    /// Line → (list, index in the list).
    line_at: Vec<(usize, usize)>,
    /// Spells of `use_off_gcd`/`use_while_casting` lines (empty: never look while busy).
    pub(super) busy_spells: Vec<usize>,
    /// Per line: what the hot paths need to know of it at a glance.
    pub(super) line_flags: Vec<LineFlags>,
    /// Spells with a cooldown that some line casts: their unused ready time is accounted.
    pub(crate) cd_tracked: Vec<usize>,
    /// Spell → its position in `cd_tracked`.
    pub(super) cd_slot: Vec<Option<usize>>,
}

impl<'a> Static<'a> {
    /// Fixes a run's inputs (the fight, length and raid buffs of `config`) and computes the
    /// spec's lookup tables.
    pub(crate) fn new(
        spec: &'a Spec,
        apl: &'a Apl,
        stats: Stats,
        config: &SimConfig,
        targets: u32,
        group_size: u32,
    ) -> Static<'a> {
        let n = spec.full.spells.len();
        let estimated = config.health.estimated(config.fight);
        let mut procs: [Vec<Vec<u16>>; TRIGGERS] = Default::default();
        for table in procs.iter_mut() {
            *table = vec![Vec::new(); n + 1];
        }
        for (b, def) in spec.full.buffs.iter().enumerate() {
            if let Some(t) = &def.trigger {
                let ti = trigger_index(t.on);
                let filter = &spec.buff_refs(b).trigger_spells;
                for (s, list) in procs[ti].iter_mut().enumerate() {
                    if filter.is_empty() || filter.contains(&s) {
                        list.push(b as u16);
                    }
                }
            }
        }
        let mut dot_slot = vec![None; n];
        let mut slot_spell = Vec::new();
        for (i, s) in spec.full.spells.iter().enumerate() {
            if s.dot.is_some() {
                dot_slot[i] = Some(slot_spell.len());
                slot_spell.push(i);
            }
        }
        let n_dots = slot_spell.len();
        let instant_buffs = by_spell(spec, |r| &r.instant_for);
        let consumes = by_spell(spec, |r| &r.consumed_by);
        let mut line_base = Vec::with_capacity(apl.lists.len());
        let mut n_lines = 0usize;
        let mut line_at = Vec::new();
        for (l, list) in apl.lists.iter().enumerate() {
            line_base.push(n_lines as u16);
            n_lines += list.len();
            line_at.extend((0..list.len()).map(|i| (l, i)));
        }
        let cd_tracked = tracked_cooldowns(spec, apl);
        let mut busy_spells: Vec<usize> = apl
            .lists
            .iter()
            .flatten()
            .filter(|a| a.use_off_gcd || a.use_while_casting)
            .flat_map(|a| line_spells(spec, a))
            .collect();
        busy_spells.sort_unstable();
        busy_spells.dedup();
        let line_flags = line_flags(spec, apl);
        let mut cd_slot = vec![None; n];
        for (k, &sp) in cd_tracked.iter().enumerate() {
            cd_slot[sp] = Some(k);
        }
        Static {
            spec,
            apl,
            stats,
            fight: config.fight,
            targets: targets as usize,
            group_size,
            estimated,
            calibration: None,
            boss_health: config.target_health,
            duration: config.duration,
            vary: config.vary_length,
            raid: config.raid,
            reaction: config.reaction,
            latency: config.latency,
            base_gcd: base_gcd(spec),
            uses_react: apl.lists.iter().flatten().any(reads_react),
            potion: (
                spec.extras.potion.unwrap_or(usize::MAX),
                spec.extras.potion_max_uses,
            ),
            procs,
            dot_slot,
            slot_spell,
            instant_buffs,
            consumes,
            n_dots,
            n_abilities: n + 2,
            timeline_len: (config.duration * 1.2 * if estimated { HORIZON } else { 1.0 }).ceil()
                as usize
                + 1,
            mastery_all: spec.full.mastery.effect == MasteryEffect::AllDamage,
            line_base,
            n_lines,
            line_at,
            line_flags,
            cd_tracked,
            cd_slot,
            busy_spells,
        }
    }

    /// Whether targets have estimated health pools.
    pub(crate) fn estimated(&self) -> bool {
        self.estimated
    }

    /// Damage multiplier without buffs: versatility and the raid's damage aura.
    pub(super) fn base_damage(&self) -> f64 {
        (1.0 + self.stats.versatility) * (1.0 + self.raid.damage_aura)
    }

    /// The action of line `line` (all lists' lines in order).
    pub(super) fn action(&self, line: u16) -> &'a crate::apl::Action {
        let (l, i) = self.line_at[line as usize];
        &self.apl.lists[l][i]
    }
}

/// Per spell: the buffs whose reference list `list` names it.
fn by_spell(spec: &Spec, list: fn(&BuffRefs) -> &Vec<usize>) -> Vec<Vec<usize>> {
    (0..spec.full.spells.len())
        .map(|sp| {
            (0..spec.full.buffs.len())
                .filter(|&b| list(spec.buff_refs(b)).contains(&sp))
                .collect()
        })
        .collect()
}

/// The most common base GCD of the spec's spells (1.5 s when none is on the GCD).
fn base_gcd(spec: &Spec) -> f64 {
    let gcds: Vec<f64> = spec
        .file
        .spells
        .iter()
        .map(|s| s.gcd)
        .filter(|g| *g > 0.0)
        .collect();
    let count = |g: f64| gcds.iter().filter(|x| **x == g).count();
    gcds.iter()
        .copied()
        .max_by_key(|g| count(*g))
        .unwrap_or(1.5)
}

/// Whether an action reads `buff.X.react` anywhere.
fn reads_react(a: &crate::apl::Action) -> bool {
    let mut found = false;
    let mut visit = |e: &crate::apl::Expr| {
        e.visit(&mut |x| found |= matches!(x, crate::apl::Expr::BuffReact(_)))
    };
    if let Some(c) = &a.condition {
        visit(c);
    }
    match &a.kind {
        ActionKind::Variable { value, .. } => visit(value),
        ActionKind::Wait(sec) => visit(sec),
        _ => {}
    }
    if let Some(
        crate::apl::TargetIf::Min(e)
        | crate::apl::TargetIf::Max(e)
        | crate::apl::TargetIf::First(e),
    ) = &a.target_if
    {
        visit(e);
    }
    if let Some(e) = &a.interrupt_if {
        visit(e);
    }
    found
}

/// What the hot paths need to know of a line, computed once per run.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct LineFlags {
    /// A cast line whose `if=` the decision reads before asking whether its spell is usable,
    /// skipping the usability test when the condition is false.
    ///
    /// The usability test also notes the lines held back by the fight (cooldown, resource,
    /// movement) for the wait when nothing applies; the wait then keeps those whose condition
    /// holds as things stand after the walk. So the test may be skipped only when nothing later
    /// in the walk can change what a condition reads: no `variable` or `cancel_buff` line in the
    /// rotation. It is worth it for a line with a condition whose spell has no cooldown (a
    /// cooldown usually says no sooner than the condition would).
    pub condition_first: bool,
    /// Its casts and channels are watched between their ticks (`cancel_if`, or
    /// `interrupt_immediate` with `interrupt_if`).
    pub watched: bool,
}

/// [`LineFlags`] of every line (all lists in order).
fn line_flags(spec: &Spec, apl: &Apl) -> Vec<LineFlags> {
    let stable = !apl.lists.iter().flatten().any(|a| {
        matches!(
            a.kind,
            ActionKind::Variable { .. } | ActionKind::CancelBuff(_)
        )
    });
    apl.lists
        .iter()
        .flatten()
        .map(|a| LineFlags {
            condition_first: match a.kind {
                ActionKind::Cast { spell, .. } => {
                    stable
                        && a.condition.is_some()
                        && spec.full.spells[spell as usize].cooldown <= 0.0
                }
                _ => false,
            },
            watched: a.timing.watches(a.interrupt_if.is_some()),
        })
        .collect()
}

/// The spells a line may cast.
fn line_spells(spec: &Spec, a: &crate::apl::Action) -> Vec<usize> {
    match a.kind {
        ActionKind::Cast { spell, .. } => vec![spell as usize],
        ActionKind::UseItems => spec.items().to_vec(),
        _ => Vec::new(),
    }
}

/// Spells with a cooldown that some line of `apl` casts, in spell order.
pub(crate) fn tracked_cooldowns(spec: &Spec, apl: &Apl) -> Vec<usize> {
    let mut out: Vec<usize> = apl
        .lists
        .iter()
        .flatten()
        .flat_map(|a| line_spells(spec, a))
        .filter(|&s| spec.full.spells[s].cooldown > 0.0)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}
