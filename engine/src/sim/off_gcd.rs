//! Actions while busy: `use_off_gcd=1` lines are also looked at while the GCD runs, and
//! `use_while_casting=1` lines during a hard cast or channel. The player looks when an action
//! starts and again when one of those lines' spells comes off cooldown; only the marked lines
//! (and the lists they are called from) are walked.

use super::{
    choose::{Busy, Decision},
    state::Ev,
    Sim, EPS,
};

impl Sim<'_> {
    /// Looks again for an action while busy at `t` (the rotation has lines for that).
    #[inline(never)]
    pub(super) fn schedule_busy_check(&mut self, t: f64) {
        self.busy_gen = self.busy_gen.wrapping_add(1);
        let gen = self.busy_gen;
        self.schedule(t, Ev::BusyCheck { gen });
    }

    /// The player is busy (GCD, cast, channel): uses a marked line that applies, or looks again
    /// when the next of their spells comes off cooldown.
    pub(super) fn on_busy_check(&mut self, gen: u32) {
        if gen != self.busy_gen {
            return;
        }
        let busy = if self.casting || self.channel.is_some() {
            Busy::Casting
        } else if self.now + EPS < self.gcd_ready {
            Busy::Gcd
        } else {
            return;
        };
        self.busy = busy;
        self.pending.clear();
        let decision = self.decide(self.st.apl.default);
        self.busy = Busy::No;
        if let Decision::Cast(spell, target, line) = decision {
            self.record_cast(line, spell as usize, target as usize);
            // An instant off the GCD: completes now and looks again (start_cast schedules it).
            self.start_cast(spell as usize, target as usize, line);
            return;
        }
        let next = self
            .st
            .busy_spells
            .iter()
            .map(|&s| self.cd_now(s))
            .filter(|(c, _)| *c == 0)
            .map(|(_, next)| next)
            .fold(f64::INFINITY, f64::min);
        if next.is_finite() && next > self.now && next < self.end {
            self.schedule_busy_check(next);
        }
    }
}
