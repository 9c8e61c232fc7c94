//! Dealing damage: power × coefficient, versatility and buffs, mastery, variance, crit; the
//! per-ability and per-second accounting; the targets an area effect hits.

use super::Sim;
use crate::{report::LogKind, spec::TriggerOn, stats::CRIT_MULTIPLIER};

impl Sim<'_> {
    /// Deals one hit or tick of `ability` to `target`, accounts it, and rolls the procs of
    /// `proc_source` (spell, is a tick).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn deal(
        &mut self,
        ability: usize,
        coefficient: f64,
        variance: f64,
        crit_extra: f64,
        mastery: bool,
        target: usize,
        proc_source: Option<(usize, bool)>,
    ) {
        if !self.alive(target) {
            return;
        }
        let st = self.st;
        let mut d = coefficient * self.power * self.dmg_mult;
        if mastery || st.mastery_all {
            d *= 1.0 + st.stats.mastery;
        }
        if variance > 0.0 {
            d *= 1.0 + variance * (2.0 * self.rng.unit() - 1.0);
        }
        let crit = self
            .rng
            .chance(st.stats.crit + self.crit_bonus + crit_extra);
        if crit {
            d *= CRIT_MULTIPLIER;
        }
        let a = &mut self.abilities[ability];
        a.damage += d;
        a.hits += 1;
        a.crits += u64::from(crit);
        self.total += d;
        self.credit_line(d);
        let sec = self.now as usize;
        if sec < self.tl_damage.len() {
            self.tl_damage[sec] += d;
        }
        if self.log.is_some() {
            let name = self.ability_id(ability);
            self.log_event(LogKind::Damage, &name, target as u32, d, crit);
        }
        self.take_damage(target, d);
        if let Some((source, is_tick)) = proc_source {
            if is_tick {
                self.try_proc(TriggerOn::Tick, source);
            } else {
                self.try_proc(TriggerOn::Hit, source);
                if crit {
                    self.try_proc(TriggerOn::Crit, source);
                }
            }
        }
    }

    /// The `k`-th target slot an effect aimed at `target` reaches: it first, then the others in
    /// order (callers skip dead slots and stop at the cap).
    #[inline]
    pub(super) fn aoe_target(target: usize, k: usize) -> usize {
        if k == 0 {
            target
        } else if k <= target {
            k - 1
        } else {
            k
        }
    }

    /// Calls `hit` for each target an effect aimed at `target` and capped at `cap` reaches:
    /// the living ones, `target` first (none when `target` is dead).
    #[inline(always)]
    pub(super) fn each_hit(
        &mut self,
        target: usize,
        cap: u32,
        mut hit: impl FnMut(&mut Self, usize),
    ) {
        if !self.alive(target) {
            return;
        }
        hit(self, target);
        let cap = cap as usize;
        let mut n = 1;
        let mut k = 1;
        while n < cap && k < self.st.targets {
            let t = Self::aoe_target(target, k);
            if self.alive(t) {
                hit(self, t);
                n += 1;
            }
            k += 1;
        }
    }
}
