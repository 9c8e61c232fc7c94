//! When casts end and the next begins: the latency after an action, a channel's ticks retimed
//! when haste changes, chaining a channel (`chain`, `early_chain_if`), stopping a cast or
//! channel between its ticks (`cancel_if`, `interrupt_immediate`) or when its target dies.

use super::{
    state::{Channel, Ev, NO_LINE},
    Sim, EPS,
};

impl Sim<'_> {
    /// The action that just ended (a hard cast or channel now, an instant when its GCD ends):
    /// the player is free one latency after that.
    pub(super) fn ready_after_latency(&mut self) {
        let lag = if self.st.latency.mean > 0.0 || self.st.latency.sd > 0.0 {
            self.st.latency.draw(&mut self.rng)
        } else {
            0.0
        };
        let t = self.gcd_ready.max(self.now) + lag;
        self.schedule_ready(t);
    }

    /// The hard cast in progress ends: it counts and lands. (The event loop passes only the end
    /// of the cast in progress, not that of one stopped before.)
    pub(super) fn on_cast_end(&mut self, spell: usize, target: usize, line: u16) {
        self.casting = false;
        self.cast_charge = None;
        self.cast_end = f64::NAN;
        self.watch_line = NO_LINE;
        self.abilities[spell].casts += 1;
        self.complete_cast(spell, target, 1.0, line);
        self.ready_after_latency();
    }

    /// Target `target` is gone (dead, or an add that left): a cast or channel on it stops now,
    /// and the player picks the next action at once — after a hard cast, not when the death
    /// ends the fight (`fight_over`); after a channel, as before hard casts stopped, even then.
    ///
    /// A hard cast stopped this way lands nothing and costs nothing: SimulationCraft spends a
    /// cast's resource and starts its cooldown when the cast ends, so its resource and the
    /// charge it spent (spent here when it began) are given back. What happened when it began
    /// stays: the GCD, the line's execution, `prev_gcd`, procs on cast.
    pub(super) fn stop_casts_on(&mut self, target: usize, fight_over: bool) {
        if let Some(c) = self.channel {
            if c.target as usize == target {
                self.channel = None;
                self.channel_gen = self.channel_gen.wrapping_add(1);
                self.schedule_ready(self.now);
            }
        }
        if self.casting && self.cast_target as usize == target {
            self.casting = false;
            self.cast_end = f64::NAN;
            self.watch_line = NO_LINE;
            let cost = self.st.spec.full.spells[self.cast_spell as usize].cost;
            if cost > 0.0 {
                self.gain_resource(cost);
            }
            if let Some(charge) = self.cast_charge.take() {
                self.give_back_charge(charge);
            }
            if !fight_over {
                self.schedule_ready(self.now);
            }
        }
    }

    /// A cast or channel started by `line` begins now: watched between its ticks when the line
    /// says so.
    pub(super) fn watch(&mut self, line: u16) {
        self.cast_start = self.now;
        let watched = line != NO_LINE && self.st.line_flags[line as usize].watched;
        self.watch_line = if watched { line } else { NO_LINE };
    }

    /// Something happened during a watched cast or channel: stops it when its `cancel_if` (or,
    /// with `interrupt_immediate`, its `interrupt_if`) holds, on its target. Not at the moment
    /// it starts.
    pub(super) fn watch_cast(&mut self) {
        let line = self.watch_line;
        if !(self.casting || self.channel.is_some()) {
            self.watch_line = NO_LINE;
            return;
        }
        if self.now <= self.cast_start {
            return;
        }
        let a = self.st.action(line);
        self.cur_target = match self.channel {
            Some(c) => c.target as usize,
            None => 0,
        };
        let stop = a.timing.cancel_if.as_ref().is_some_and(|e| self.truthy(e));
        self.cur_target = 0;
        let stop = stop
            || (a.timing.interrupt_immediate && self.channel.is_some_and(|c| self.interrupts(&c)));
        if stop {
            self.watch_line = NO_LINE;
            if self.channel.take().is_some() {
                self.channel_gen = self.channel_gen.wrapping_add(1);
            } else {
                self.casting = false;
                self.cast_end = f64::NAN;
            }
            self.ready_after_latency();
        }
    }

    /// At a tick of channel `c` (its last when `last`): re-casts it at once when its line chains
    /// there (`chain=1` at the last tick, `early_chain_if` before) and it applies now — its
    /// `if=`, `sync` and `moving` hold, the spell is usable and the GCD is over. Whether it did.
    pub(super) fn chain(&mut self, c: &Channel, last: bool) -> bool {
        if c.line == NO_LINE {
            return false;
        }
        let a = self.st.action(c.line);
        let (spell, target) = (c.spell as usize, c.target as usize);
        self.cur_target = target;
        let wanted = if last {
            a.timing.chain
        } else {
            a.timing
                .early_chain_if
                .as_ref()
                .is_some_and(|e| self.truthy(e))
        };
        let chains = wanted
            && self.now + EPS >= self.gcd_ready
            && self.blocked(spell, target).is_none()
            && self.gates(a)
            && self.holds(&a.condition);
        self.cur_target = 0;
        if chains {
            self.channel = None;
            self.record_cast(c.line, spell, target);
            self.start_cast(spell, target, c.line);
        }
        chains
    }

    /// Haste changed: the channel in progress keeps the part of its current tick it has done
    /// and ticks at the new rate from now on, so it ends sooner (or later), as DoTs do.
    pub(super) fn retime_channel(&mut self) {
        let Some(mut c) = self.channel else { return };
        let Some(def) = &self.st.spec.full.spells[c.spell as usize].channel else {
            return;
        };
        let interval = def.duration / def.ticks.max(1) as f64 / self.haste_mult;
        let done = ((self.now - c.last_tick) / c.interval).clamp(0.0, 1.0);
        c.last_tick = self.now - done * interval;
        c.interval = interval;
        self.channel = Some(c);
        self.channel_gen = self.channel_gen.wrapping_add(1);
        let gen = self.channel_gen;
        let next = (c.last_tick + interval).max(self.now);
        self.schedule(next, Ev::ChannelTick { gen });
    }
}
