//! Casting: hasted cast times and GCD, instant-cast buffs, starting a cast (cost, charges, GCD,
//! hard cast or channel) and completing it (gains, damage, DoTs, buffs, summons).

use super::{
    state::{Channel, Ev, NO_LINE},
    Sim,
};
use crate::{
    report::LogKind,
    spec::{MasteryEffect, TriggerOn},
};

impl Sim<'_> {
    /// The global cooldown of a spell whose base GCD is `base`: hasted (floor 0.75 s) unless the
    /// spec's GCD is not.
    pub(super) fn hasted_gcd(&self, base: f64) -> f64 {
        if self.st.spec.full.hasted_gcd {
            (base / self.haste_mult).max(0.75)
        } else {
            base
        }
    }

    /// Buff that would make `spell` instant right now.
    fn instant_buff(&self, spell: usize) -> Option<usize> {
        self.st.instant_buffs[spell]
            .iter()
            .copied()
            .find(|&b| self.buffs[b].stacks > 0)
    }

    /// Cast (or channel) time of `spell` now.
    pub(super) fn cast_time(&self, spell: usize) -> f64 {
        let s = &self.st.spec.full.spells[spell];
        if let Some(c) = &s.channel {
            return c.duration / self.haste_mult;
        }
        if s.cast_time <= 0.0 || self.instant_buff(spell).is_some() {
            0.0
        } else {
            s.cast_time / self.haste_mult
        }
    }

    /// Starts casting `spell` on `target` for priority-list `line`: pays, spends a charge,
    /// triggers the GCD, and either completes it now (instant), schedules its end (hard cast) or
    /// starts channelling.
    pub(super) fn start_cast(&mut self, spell: usize, target: usize, line: u16) {
        let st = self.st;
        let s = &st.spec.full.spells[spell];
        self.settle();
        self.resource -= s.cost;
        let instant_buff = if s.cast_time > 0.0 {
            self.instant_buff(spell)
        } else {
            None
        };
        let cast_time = self.cast_time(spell);
        let hard = cast_time > 0.0 && s.channel.is_none();
        let charge = (hard && s.cooldown > 0.0).then(|| self.charge_snapshot(spell));
        self.consume_charge(spell);
        self.count_line(line);
        self.acct.actions += 1;
        if s.gcd > 0.0 {
            self.gcd_ready = self.now + self.hasted_gcd(s.gcd);
            self.prev_gcd = [spell as u16, self.prev_gcd[0], self.prev_gcd[1]];
        }
        if s.channel.is_some() || cast_time <= 0.0 {
            // Hard casts count when they complete.
            self.abilities[spell].casts += 1;
        }
        let id = &s.id;
        self.log_event(LogKind::Cast, id, target as u32, cast_time, false);
        if let Some(b) = instant_buff {
            self.expire_buff(b);
        }
        for &b in &st.consumes[spell] {
            if self.buffs[b].stacks > 0 {
                self.expire_buff(b);
            }
        }
        self.try_proc(TriggerOn::Cast, spell);
        if let Some(c) = &s.channel {
            let interval = cast_time / c.ticks as f64;
            self.channel_gen = self.channel_gen.wrapping_add(1);
            self.channel = Some(Channel {
                spell: spell as u16,
                target: target as u16,
                ticks_left: c.ticks,
                interval,
                last_tick: self.now,
                line,
            });
            self.watch(line);
            let gen = self.channel_gen;
            self.schedule(self.now + interval, Ev::ChannelTick { gen });
            // The channel's own effects (gain, buff) happen at its start.
            self.complete_cast(spell, target, 0.0, line);
        } else if hard {
            self.casting = true;
            self.cast_end = self.now + cast_time;
            self.cast_spell = spell as u16;
            self.cast_target = target as u16;
            self.cast_gen = self.cast_gen.wrapping_add(1);
            self.cast_charge = charge;
            self.watch(line);
            self.schedule(
                self.cast_end,
                Ev::CastEnd {
                    spell: spell as u16,
                    target: target as u16,
                    line,
                    gen: self.cast_gen,
                },
            );
        } else {
            self.complete_cast(spell, target, 1.0, line);
            self.ready_after_latency();
        }
        if !self.st.busy_spells.is_empty() {
            self.schedule_busy_check(self.now);
        }
    }

    /// The direct damage (× `points` × `scale`; none when `scale` is 0) and DoTs of a cast of
    /// `spell` started by `line`, landing on `target` and the others its area reaches.
    pub(super) fn impact(
        &mut self,
        spell: usize,
        target: usize,
        points: f64,
        scale: f64,
        line: u16,
    ) {
        let s = &self.st.spec.full.spells[spell];
        self.dmg_line = line;
        if s.coefficient > 0.0 && scale > 0.0 {
            let mastery = s.secondary_cost > 0.0
                && self.st.spec.full.mastery.effect == MasteryEffect::SpenderDamage;
            let coefficient = s.coefficient * points * scale;
            let (variance, crit_bonus) = (s.variance, s.crit_bonus);
            self.each_hit(target, s.aoe_cap, |sim, t| {
                sim.deal(
                    spell,
                    coefficient,
                    variance,
                    crit_bonus,
                    mastery,
                    t,
                    Some((spell, false)),
                );
            });
        }
        if s.dot.is_some() {
            self.each_hit(target, s.aoe_cap, |sim, t| sim.apply_dot(spell, t, line));
        }
        self.dmg_line = NO_LINE;
    }

    /// Resource changes, damage, DoTs, buffs and summons of a cast started by `line`;
    /// `direct_scale` 0 skips the hit.
    pub(super) fn complete_cast(
        &mut self,
        spell: usize,
        target: usize,
        direct_scale: f64,
        line: u16,
    ) {
        let st = self.st;
        let s = &st.spec.full.spells[spell];
        let f = &st.spec.full;
        let mut points = 1.0;
        if s.secondary_cost > 0.0 {
            points = self.secondary;
            self.secondary = 0.0;
        }
        if s.gain > 0.0 {
            self.gain_resource(s.gain);
        }
        if s.travel_time > 0.0 && direct_scale > 0.0 {
            let (spell, target) = (spell as u16, target as u16);
            let t = self.now + s.travel_time;
            self.schedule(
                t,
                Ev::Impact {
                    spell,
                    target,
                    line,
                },
            );
        } else {
            self.impact(spell, target, points, direct_scale, line);
        }
        self.dmg_line = line;
        if let Some(b) = st.spec.spell_refs(spell).applies {
            self.gain_buff(b);
        }
        if s.summons_pet {
            if let Some(p) = &f.pet {
                self.pet_until = self.now + p.duration;
                self.pet_line = line;
                self.pet_gen = self.pet_gen.wrapping_add(1);
                let gen = self.pet_gen;
                self.schedule(self.now, Ev::PetAttack { gen });
            }
        }
        if s.secondary_gain > 0.0 {
            self.gain_secondary(s.secondary_gain);
        }
        self.dmg_line = NO_LINE;
    }
}
