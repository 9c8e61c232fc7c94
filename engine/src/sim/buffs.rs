//! Buffs on the player: gain (refresh and stacks), fade, their effects on haste, damage and crit,
//! and the uptime and stack accounting behind the report.

use super::{
    state::{BuffState, Ev},
    Sim,
};
use crate::{report::LogKind, spec::BuffDef};

/// Whether buff `def` changes power, haste, damage or crit.
fn has_stat_effect(def: &BuffDef) -> bool {
    def.haste_pct > 0.0 || def.damage_pct > 0.0 || def.crit_pct > 0.0 || def.primary > 0.0
}

impl Sim<'_> {
    /// Recomputes haste, damage and crit multipliers from the buffs that are up.
    fn recompute_buff_effects(&mut self) {
        self.settle();
        let f = &self.st.spec.full;
        let (mut power, mut haste, mut dmg, mut crit) = (
            self.st.stats.power,
            1.0 + self.st.stats.haste,
            self.st.base_damage(),
            0.0,
        );
        for (b, def) in self.buffs.iter().zip(&f.buffs) {
            if b.stacks > 0 {
                let s = b.stacks as f64;
                power += def.primary * s;
                haste *= 1.0 + def.haste_pct * s;
                dmg *= 1.0 + def.damage_pct * s;
                crit += def.crit_pct * s;
            }
        }
        self.power = power;
        if haste != self.haste_mult {
            self.haste_mult = haste;
            self.retime_dots();
            self.retime_channel();
        }
        self.dmg_mult = dmg;
        self.crit_bonus = crit;
    }

    /// Adds the time since the last change of buff `b` to its uptime and stack time.
    fn account_buff(&mut self, b: usize) {
        let now = self.now;
        let s = &mut self.buffs[b];
        if s.stacks > 0 {
            // Before the pull (a precombat cast's buff) counts from the pull.
            let dt = now.max(0.0) - s.since.max(0.0);
            s.uptime += dt;
            s.stack_time += dt * s.stacks as f64;
        }
        s.since = now;
    }

    /// Gains (or refreshes, adding a stack) buff `b`.
    pub(super) fn gain_buff(&mut self, b: usize) {
        self.account_buff(b);
        let def = &self.st.spec.full.buffs[b];
        if self.buffs[b].stacks == 0 && self.st.uses_react {
            let at = self.now + self.st.reaction.draw(&mut self.rng);
            self.buffs[b].react_at = at;
            self.schedule(at, Ev::Notice);
        }
        let s = &mut self.buffs[b];
        let changed_stacks = s.stacks < def.max_stacks;
        s.stacks = (s.stacks + 1).min(def.max_stacks);
        s.expires = self.now + def.duration;
        s.gen = s.gen.wrapping_add(1);
        s.triggers += 1;
        let (gen, expires, stacks) = (s.gen, s.expires, s.stacks);
        self.schedule(
            expires,
            Ev::BuffExpire {
                buff: b as u16,
                gen,
            },
        );
        if changed_stacks && has_stat_effect(def) {
            self.recompute_buff_effects();
        }
        if let Some(spell) = self.st.spec.buff_refs(b).resets {
            self.reset_cooldown(spell);
        }
        self.log_event(
            LogKind::BuffGain,
            &self.st.spec.full.buffs[b].id,
            0,
            stacks as f64,
            false,
        );
    }

    /// Removes every stack of buff `b`.
    pub(super) fn expire_buff(&mut self, b: usize) {
        self.account_buff(b);
        let def = &self.st.spec.full.buffs[b];
        self.buffs[b].stacks = 0;
        self.buffs[b].gen = self.buffs[b].gen.wrapping_add(1);
        if has_stat_effect(def) {
            self.recompute_buff_effects();
        }
        self.log_event(LogKind::BuffFade, &def.id, 0, 0.0, false);
    }

    /// Closes the uptime accounting at the end of the fight.
    pub(super) fn finish_buffs(&mut self) {
        for b in 0..self.buffs.len() {
            self.account_buff(b);
        }
    }

    /// Per-buff accounting of the iteration just run.
    pub(crate) fn buff_report(&self) -> &[BuffState] {
        &self.buffs
    }
}
