//! Choosing what to do: walking the action priority list (calls, runs, variables, waits,
//! cycle_targets), whether a spell is usable now, the precombat list, and idling until something
//! may become usable.

use super::{Sim, EPS};
use crate::apl::{ActionKind, VarOp};

/// Longest the player idles before looking at the rotation again.
const IDLE_POLL: f64 = 0.5;
/// Defensive bound on decisions per iteration.
const MAX_DECISIONS: u32 = 2_000_000;

/// What the rotation chose.
enum Decision {
    /// Cast (spell, target).
    Cast(u16, u16),
    /// Wait this many seconds.
    Wait(f64),
    /// Nothing in the list is usable.
    Nothing,
}

/// Applies a `variable` action's operation to its slot.
fn apply_var(slot: &mut f64, op: VarOp, v: f64) {
    *slot = match op {
        VarOp::Set => v,
        VarOp::Add => *slot + v,
        VarOp::Sub => *slot - v,
        VarOp::Min => slot.min(v),
        VarOp::Max => slot.max(v),
        VarOp::Reset => 0.0,
    };
}

impl Sim<'_> {
    /// Whether `spell` can be cast on `target` now: charges, resources, required buff, execute
    /// range, and movement.
    fn usable(&self, spell: usize, target: usize) -> bool {
        let st = self.st;
        let s = &st.spec.file.spells[spell];
        if s.cooldown > 0.0 && self.cd_now(spell).0 == 0 {
            return false;
        }
        if s.cost > 0.0 && self.resource_at(self.now) + EPS < s.cost {
            return false;
        }
        if s.secondary_cost > 0.0 && self.secondary + EPS < s.secondary_cost.max(1.0) {
            return false;
        }
        if let Some(b) = st.spec.spell_refs(spell).requires {
            if self.buffs[b].stacks == 0 {
                return false;
            }
        }
        if s.execute_below > 0.0 && self.health_pct(target) >= s.execute_below * 100.0 {
            return false;
        }
        let ct = self.cast_time(spell);
        if ct > 0.0 && !s.movable {
            if self.moving {
                return false;
            }
            // A hard cast or channel must finish before the next movement (the player sees it coming).
            if s.channel.is_none() && self.now + ct > self.next_move {
                return false;
            }
        }
        true
    }

    /// Walks action list `list` and returns the first action that applies.
    fn decide(&mut self, list: usize) -> Decision {
        let apl = self.st.apl;
        for action in &apl.lists[list] {
            match &action.kind {
                ActionKind::Cast {
                    spell,
                    cycle_targets,
                } => {
                    let spell = *spell as usize;
                    let targets = if *cycle_targets { self.st.targets } else { 1 };
                    for t in 0..targets {
                        self.cur_target = t;
                        if self.usable(spell, t)
                            && action.condition.as_ref().is_none_or(|c| self.truthy(c))
                        {
                            return Decision::Cast(spell as u16, t as u16);
                        }
                    }
                    self.cur_target = 0;
                }
                ActionKind::Call(l) => {
                    if action.condition.as_ref().is_none_or(|c| self.truthy(c)) {
                        match self.decide(*l as usize) {
                            Decision::Nothing => {}
                            d => return d,
                        }
                    }
                }
                ActionKind::Run(l) => {
                    if action.condition.as_ref().is_none_or(|c| self.truthy(c)) {
                        return self.decide(*l as usize);
                    }
                }
                ActionKind::Variable { var, op, value } => {
                    if action.condition.as_ref().is_none_or(|c| self.truthy(c)) {
                        let v = self.eval(value);
                        apply_var(&mut self.vars[*var as usize], *op, v);
                    }
                }
                ActionKind::Wait(sec) => {
                    if action.condition.as_ref().is_none_or(|c| self.truthy(c)) {
                        let s = self.eval(sec);
                        return Decision::Wait(if s.is_finite() {
                            s.clamp(0.01, 60.0)
                        } else {
                            0.01
                        });
                    }
                }
            }
        }
        Decision::Nothing
    }

    /// Runs `actions.precombat`: variables, and pre-pull casts that land at the pull.
    pub(super) fn precombat(&mut self) {
        let Some(pre) = self.st.apl.precombat else {
            return;
        };
        let apl = self.st.apl;
        for action in &apl.lists[pre] {
            match &action.kind {
                ActionKind::Variable { var, op, value }
                    if action.condition.as_ref().is_none_or(|c| self.truthy(c)) =>
                {
                    let v = self.eval(value);
                    apply_var(&mut self.vars[*var as usize], *op, v);
                }
                ActionKind::Cast { spell, .. } => {
                    // A pre-pull cast lands at the pull; it does not trigger the GCD.
                    let spell = *spell as usize;
                    if self.cd_now(spell).0 > 0 || self.st.spec.file.spells[spell].cooldown <= 0.0 {
                        self.abilities[spell].casts += 1;
                        self.consume_charge(spell);
                        self.complete_cast(spell, 0, 1.0);
                    }
                }
                _ => {}
            }
        }
    }

    /// The player is free: asks the rotation and acts on its answer.
    pub(super) fn on_ready(&mut self) {
        if self.casting || self.channel.is_some() {
            return;
        }
        if self.now + EPS < self.gcd_ready {
            let t = self.gcd_ready;
            self.schedule_ready(t);
            return;
        }
        self.decisions += 1;
        if self.decisions > MAX_DECISIONS {
            return;
        }
        let default = self.st.apl.default;
        match self.decide(default) {
            Decision::Cast(spell, target) => self.start_cast(spell as usize, target as usize),
            Decision::Wait(sec) => {
                let t = self.now + sec;
                self.schedule_ready(t);
            }
            Decision::Nothing => {
                let t = self.idle_until();
                self.schedule_ready(t);
            }
        }
    }

    /// When something might become usable: a charge, enough resource, the next event, or a poll.
    fn idle_until(&self) -> f64 {
        let mut wake = self.now + IDLE_POLL;
        if let Some(e) = self.queue.peek() {
            wake = wake.min(e.t);
        }
        let rate = self.regen_rate();
        let res = self.resource_at(self.now);
        for (i, s) in self.st.spec.file.spells.iter().enumerate() {
            let mut ready = self.now;
            if s.cooldown > 0.0 {
                let (c, next) = self.cd_now(i);
                if c == 0 {
                    ready = ready.max(next);
                }
            }
            if s.cost > res && rate > 0.0 {
                ready = ready.max(self.now + (s.cost - res) / rate);
            }
            if ready > self.now + EPS {
                wake = wake.min(ready);
            }
        }
        if wake <= self.now + EPS {
            self.now + 0.01
        } else {
            wake
        }
    }
}
