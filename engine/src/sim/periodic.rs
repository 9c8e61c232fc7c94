//! Periodic effects: DoTs (hasted ticks, partial last tick, pandemic refresh), channel ticks,
//! auto-attack swings and pet attacks.

use super::{
    state::{Channel, Ev, NO_LINE},
    Sim, EPS,
};
use crate::spec::{MasteryEffect, TriggerOn};

impl Sim<'_> {
    /// Applies or refreshes the DoT of `spell` on `target` and schedules its next tick.
    /// `line` is the priority-list line whose action applies it.
    pub(super) fn apply_dot(&mut self, spell: usize, target: usize, line: u16) {
        let Some(slot) = self.st.dot_slot[spell] else {
            return;
        };
        let def = self.st.spec.full.spells[spell]
            .dot
            .as_ref()
            .expect("dot slot implies dot");
        let idx = slot * self.st.targets + target;
        let interval = if def.hasted {
            def.tick / self.haste_mult
        } else {
            def.tick
        };
        let now = self.now;
        let d = &mut self.dots[idx];
        if d.expires > now {
            // Pandemic: carry over up to 30 % of the duration.
            let remains = d.expires - now;
            d.expires = now + def.duration + remains.min(0.3 * def.duration);
        } else {
            d.expires = now + def.duration;
            d.last_tick = now;
        }
        d.interval = interval;
        d.gen = d.gen.wrapping_add(1);
        d.line = line;
        let next = (d.last_tick + interval).min(d.expires).max(now);
        let gen = d.gen;
        self.schedule(
            next,
            Ev::DotTick {
                slot: idx as u32,
                gen,
            },
        );
    }

    /// Haste changed: every running hasted DoT keeps the part of its current tick it
    /// has done and ticks at the new rate from now on (its expiry does not move), as the game
    /// does.
    pub(super) fn retime_dots(&mut self) {
        let now = self.now;
        for idx in 0..self.dots.len() {
            let d = self.dots[idx];
            if d.expires <= now + EPS {
                continue;
            }
            let spell = self.st.slot_spell[idx / self.st.targets];
            let def = self.st.spec.full.spells[spell].dot.as_ref().expect("dot");
            if !def.hasted {
                continue;
            }
            let interval = def.tick / self.haste_mult;
            let done = ((now - d.last_tick) / d.interval).clamp(0.0, 1.0);
            let d = &mut self.dots[idx];
            d.last_tick = now - done * interval;
            d.interval = interval;
            d.gen = d.gen.wrapping_add(1);
            let (next, gen) = ((d.last_tick + interval).min(d.expires).max(now), d.gen);
            self.schedule(
                next,
                Ev::DotTick {
                    slot: idx as u32,
                    gen,
                },
            );
        }
    }

    /// A DoT tick (ignored when the DoT was reapplied since it was scheduled).
    pub(super) fn on_dot_tick(&mut self, idx: usize, gen: u32) {
        let d = self.dots[idx];
        if d.gen != gen {
            return;
        }
        let slot = idx / self.st.targets;
        let target = idx % self.st.targets;
        let spell = self.st.slot_spell[slot];
        let def = self.st.spec.full.spells[spell].dot.as_ref().expect("dot");
        let fraction = ((self.now - d.last_tick) / d.interval).min(1.0);
        self.dots[idx].last_tick = self.now;
        if fraction > EPS {
            self.dmg_line = d.line;
            let mastery = self.st.spec.full.mastery.effect == MasteryEffect::DotDamage;
            self.deal(
                spell,
                def.coefficient * fraction,
                0.0,
                0.0,
                mastery,
                target,
                Some((spell, true)),
            );
            self.dmg_line = NO_LINE;
        }
        let d = self.dots[idx];
        if self.now + EPS < d.expires {
            let next = (self.now + d.interval).min(d.expires);
            self.schedule(
                next,
                Ev::DotTick {
                    slot: idx as u32,
                    gen,
                },
            );
        }
    }

    /// Whether the line that started channel `c` has an `interrupt_if` that holds now (on the
    /// channel's target).
    pub(super) fn interrupts(&mut self, c: &Channel) -> bool {
        if c.line == NO_LINE {
            return false;
        }
        let Some(e) = &self.st.action(c.line).interrupt_if else {
            return false;
        };
        self.cur_target = c.target as usize;
        let stop = self.truthy(e);
        self.cur_target = self.primary;
        stop
    }

    /// A tick of the current channel.
    pub(super) fn on_channel_tick(&mut self) {
        let Some(mut c) = self.channel else { return };
        let def = self.st.spec.full.spells[c.spell as usize]
            .channel
            .as_ref()
            .expect("channel");
        let spell = c.spell as usize;
        self.dmg_line = c.line;
        let cap = self.st.spec.full.spells[spell].aoe_cap;
        let coefficient = def.coefficient;
        self.each_hit(c.target as usize, cap, |sim, t| {
            sim.deal(spell, coefficient, 0.0, 0.0, false, t, Some((spell, true)));
        });
        self.dmg_line = NO_LINE;
        if self.channel.is_none() {
            // Its target died of the tick.
            return;
        }
        c.ticks_left -= 1;
        c.last_tick = self.now;
        let interrupted = c.ticks_left > 0 && self.interrupts(&c);
        if interrupted || c.ticks_left == 0 {
            self.channel = None;
            self.watch_line = NO_LINE;
            if interrupted || !self.chain(&c, true) {
                self.ready_after_latency();
            }
        } else if self.chain(&c, false) {
            // Chained: the new channel replaced this one.
        } else {
            self.channel = Some(c);
            let gen = self.channel_gen;
            self.schedule(self.now + c.interval, Ev::ChannelTick { gen });
        }
    }

    /// An auto-attack swing; schedules the next one.
    pub(super) fn on_swing(&mut self) {
        let f = &self.st.spec.full;
        let Some(a) = &f.auto_attack else { return };
        let ability = f.spells.len();
        self.abilities[ability].casts += 1;
        self.dmg_line = NO_LINE;
        // Out of range while moving when it is melee.
        if !(a.melee && self.moving) {
            let t = self.primary;
            self.deal(ability, a.coefficient, a.variance, 0.0, false, t, None);
        }
        if a.gain > 0.0 {
            self.gain_resource(a.gain);
        }
        self.try_proc(TriggerOn::AutoAttack, f.spells.len());
        let next = self.now + a.speed / self.haste_mult;
        self.schedule(next, Ev::Swing);
    }

    /// A pet attack; schedules the next one while the pet is out.
    pub(super) fn on_pet_attack(&mut self) {
        let f = &self.st.spec.full;
        let Some(p) = &f.pet else { return };
        if self.now >= self.pet_until {
            return;
        }
        let ability = f.spells.len() + 1;
        self.abilities[ability].casts += 1;
        let mastery = f.mastery.effect == MasteryEffect::PetDamage;
        self.dmg_line = self.pet_line;
        let t = self.primary;
        self.deal(ability, p.coefficient, 0.05, 0.0, mastery, t, None);
        self.dmg_line = NO_LINE;
        let next = self.now + p.speed / self.haste_mult;
        if next < self.pet_until {
            let gen = self.pet_gen;
            self.schedule(next, Ev::PetAttack { gen });
        }
    }
}
