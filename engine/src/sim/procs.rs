//! Procs: buffs triggered by chance or by RPPM (real procs per minute, haste-scaled where the
//! spec says, with bad-luck protection).

use super::{tables::trigger_index, Sim};
use crate::spec::TriggerOn;

impl Sim<'_> {
    /// Rolls every proc that `on` from `source` (a spell, or the auto-attack / pet slot) may trigger.
    /// Inlined: most casts, hits and ticks trigger nothing, which costs a look-up.
    #[inline(always)]
    pub(super) fn try_proc(&mut self, on: TriggerOn, source: usize) {
        let list = &self.st.procs[trigger_index(on)][source];
        if !list.is_empty() {
            self.roll_procs(list);
        }
    }

    /// [`Self::try_proc`] for the buffs of `list`.
    #[inline(never)]
    fn roll_procs(&mut self, list: &[u16]) {
        let st = self.st;
        for &b in list {
            let b = b as usize;
            let Some(t) = &st.spec.full.buffs[b].trigger else {
                continue;
            };
            let hit = if t.rppm > 0.0 {
                let s = &mut self.buffs[b];
                let since_attempt = (self.now - s.last_attempt).min(10.0);
                s.last_attempt = self.now;
                let haste = if t.haste_scaled { self.haste_mult } else { 1.0 };
                let interval = 60.0 / t.rppm;
                let blp = (1.0 + 3.0 * ((self.now - s.last_proc) / interval - 1.5)).max(1.0);
                let p = t.rppm * haste * since_attempt / 60.0 * blp;
                self.rng.chance(p)
            } else {
                self.rng.chance(t.chance)
            };
            if hit {
                self.buffs[b].last_proc = self.now;
                self.gain_buff(b);
            }
        }
    }
}
