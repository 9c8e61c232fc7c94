//! Options of a rotation line at run time: `target_if` (which target a cast goes to),
//! `pool_resource,for_next=1` (waiting for the resource of the next spell), and `sync` and
//! `moving` (when a line may act at all).

use super::{choose::Block, Sim, EPS};
use crate::apl::{Action, ActionKind, TargetIf};

impl Sim<'_> {
    /// Whether the line's `moving=` matches the player and its `sync=` spell is usable.
    #[inline]
    pub(super) fn gates(&self, action: &Action) -> bool {
        let t = &action.timing;
        t.moving.is_none_or(|m| m == self.moving)
            && t.sync
                .is_none_or(|s| self.blocked(s as usize, self.cur_target).is_none())
    }

    /// `target_if`: of the targets `spell` is usable on, the one its rule picks.
    pub(super) fn pick_target(&mut self, spell: usize, action: &Action) -> Option<usize> {
        let mut best: Option<(usize, f64)> = None;
        for t in 0..self.st.targets {
            if !self.alive(t) || self.blocked(spell, t).is_some() {
                continue;
            }
            self.cur_target = t;
            let (v, better) = match &action.target_if {
                Some(TargetIf::First(e)) => {
                    if self.truthy(e) {
                        return Some(t);
                    }
                    continue;
                }
                Some(TargetIf::Min(e)) => {
                    let v = self.eval(e);
                    (v, best.is_none_or(|(_, b)| v < b))
                }
                Some(TargetIf::Max(e)) => {
                    let v = self.eval(e);
                    (v, best.is_none_or(|(_, b)| v > b))
                }
                None => return Some(t),
            };
            if better {
                best = Some((t, v));
            }
        }
        best.map(|(t, _)| t)
    }

    /// `pool_resource,for_next=1` at `list[k]`: seconds to wait when the next action is a cast
    /// whose condition holds and that only the primary resource holds back (with `extra` more
    /// than its cost); `None` to go on.
    pub(super) fn pool_wait(
        &mut self,
        list: usize,
        k: usize,
        extra: f64,
        action: &Action,
    ) -> Option<f64> {
        let next = self.st.apl.lists[list].get(k + 1)?;
        let ActionKind::Cast { spell, .. } = next.kind else {
            return None;
        };
        let spell = spell as usize;
        let need = self.st.spec.full.spells[spell].cost + extra;
        let have = self.resource_at(self.now);
        let short = match self.blocked(spell, 0) {
            None => have + EPS < need,
            Some(b) => matches!(b, Block::Resource(..)),
        };
        let rate = self.regen_rate();
        if !short || rate <= 0.0 || !self.holds(&action.condition) || !self.holds(&next.condition) {
            return None;
        }
        Some(((need - have) / rate).clamp(0.01, 60.0))
    }
}
