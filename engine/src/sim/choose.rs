//! Choosing what to do: walking the action priority list (calls, runs, variables, waits,
//! cycle_targets), whether a spell is usable now, the precombat list, and idling until something
//! may become usable.

use super::{Sim, EPS};
use crate::{
    apl::{Action, ActionKind, VarOp},
    insight::{SkipReason, WaitReason},
};

/// Which lines a decision may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Busy {
    /// Free: every line.
    No,
    /// The GCD runs: `use_off_gcd` lines.
    Gcd,
    /// Casting or channelling: `use_while_casting` lines.
    Casting,
}

/// Longest the player idles before looking at the rotation again.
const IDLE_POLL: f64 = 0.5;
/// Defensive bound on decisions per iteration.
const MAX_DECISIONS: u32 = 2_000_000;

/// What the rotation chose.
pub(super) enum Decision {
    /// Cast (spell, target, line).
    Cast(u16, u16, u16),
    /// Wait this many seconds (line, why).
    Wait(f64, u16, WaitReason),
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

/// Why a spell cannot be cast right now (before its condition is looked at).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Block {
    /// Seconds until a charge.
    Cooldown(f64),
    /// Primary resource: have, need.
    Resource(f64, f64),
    /// Secondary resource: have, need.
    Secondary(f64, f64),
    /// This buff must be up.
    Buff(usize),
    /// Target health percent, usable below this percent.
    Execute(f64, f64),
    /// A cast time while moving.
    Moving,
    /// Cast time, seconds until the next movement.
    MovementSoon(f64, f64),
    /// The potion was used as often as a fight allows (uses).
    Lockout(u32),
}

impl Block {
    /// Whether waiting for it is waiting on the fight (cooldown, resource, movement) rather than
    /// on a condition.
    pub(super) fn is_readiness(self) -> bool {
        !matches!(
            self,
            Block::Buff(_) | Block::Execute(..) | Block::Lockout(_)
        )
    }
}

impl Sim<'_> {
    /// Why `spell` cannot be cast on `target` now: charges, resources, required buff, execute
    /// range, and movement; `None` when it can.
    #[inline(always)]
    pub(super) fn blocked(&self, spell: usize, target: usize) -> Option<Block> {
        let st = self.st;
        let s = &st.spec.full.spells[spell];
        if spell == st.potion.0 && self.potion_uses >= st.potion.1 {
            return Some(Block::Lockout(self.potion_uses));
        }
        if s.cooldown > 0.0 {
            let (c, next) = self.cd_now(spell);
            if c == 0 {
                return Some(Block::Cooldown((next - self.now).max(0.0)));
            }
        }
        if s.cost > 0.0 {
            let have = self.resource_at(self.now);
            if have + EPS < s.cost {
                return Some(Block::Resource(have, s.cost));
            }
        }
        if s.secondary_cost > 0.0 {
            let need = s.secondary_cost.max(1.0);
            if self.secondary + EPS < need {
                return Some(Block::Secondary(self.secondary, need));
            }
        }
        if let Some(b) = st.spec.spell_refs(spell).requires {
            if self.buffs[b].stacks == 0 {
                return Some(Block::Buff(b));
            }
        }
        if s.execute_below > 0.0 {
            let hp = self.health_pct(target);
            if hp >= s.execute_below * 100.0 {
                return Some(Block::Execute(hp, s.execute_below * 100.0));
            }
        }
        if self.moving && s.melee {
            // Out of melee range.
            return Some(Block::Moving);
        }
        // Standing with no movement ahead (every fight without movement), any cast time will do.
        if !s.movable && (self.moving || self.next_move.is_finite()) {
            let ct = self.cast_time(spell);
            if ct > 0.0 {
                if self.moving {
                    return Some(Block::Moving);
                }
                // A hard cast or channel must finish before the next movement (the player sees
                // it coming).
                if s.channel.is_none() && self.now + ct > self.next_move {
                    return Some(Block::MovementSoon(ct, self.next_move - self.now));
                }
            }
        }
        None
    }

    /// Whether an action's `if=` holds now (no condition holds).
    #[inline]
    pub(super) fn holds(&self, condition: &Option<crate::apl::Expr>) -> bool {
        condition.as_ref().is_none_or(|c| self.truthy(c))
    }

    /// Whether cast line `line` (`action`) casts `spell` on target `t`: the spell is usable on
    /// it and the condition holds there. Leaves `t` as the current target. A line the fight
    /// holds back (cooldown, resource, movement) is kept in `pending` in case nothing applies.
    #[inline(always)]
    fn applies_on(&mut self, line: u16, spell: usize, t: usize, action: &Action) -> bool {
        self.cur_target = t;
        let condition_first = self.st.line_flags[line as usize].condition_first;
        if condition_first && !self.holds(&action.condition) {
            return false;
        }
        match self.blocked(spell, t) {
            None => condition_first || self.holds(&action.condition),
            Some(b) => {
                if b.is_readiness() {
                    self.pending.push((line, spell as u16, t as u16, b));
                }
                false
            }
        }
    }

    /// Walks action list `list` and returns the first action that applies. Counts the lines
    /// that act; when explaining, notes why each line looked at did not.
    pub(super) fn decide(&mut self, list: usize) -> Decision {
        let apl = self.st.apl;
        let base = self.st.line_base[list];
        let busy = self.busy;
        let explaining = self.explain.is_some() && busy == Busy::No;
        for (k, action) in apl.lists[list].iter().enumerate() {
            let line = base + k as u16;
            if busy != Busy::No {
                let usable = match busy {
                    Busy::Gcd => action.use_off_gcd,
                    _ => action.use_while_casting,
                };
                if !usable && !matches!(action.kind, ActionKind::Call(_) | ActionKind::Run(_)) {
                    continue;
                }
            }
            if action.line_cd > 0.0 {
                let remains = self.line_last[line as usize] + action.line_cd - self.now;
                if remains > EPS {
                    if explaining {
                        self.note(line, SkipReason::LineCooldown { remains });
                    }
                    continue;
                }
            }
            if (action.timing.moving.is_some() || action.timing.sync.is_some())
                && !self.gates(action)
            {
                if explaining {
                    self.note_condition_skip(line, action);
                }
                continue;
            }
            match &action.kind {
                ActionKind::Cast { spell, .. } if action.target_if.is_some() => {
                    let spell = *spell as usize;
                    if let Some(t) = self.pick_target(spell, action) {
                        self.cur_target = t;
                        if self.holds(&action.condition) {
                            self.cur_target = self.primary;
                            return Decision::Cast(spell as u16, t as u16, line);
                        }
                    }
                    self.cur_target = self.primary;
                    if explaining {
                        self.note_cast_skip(line, spell, action, true);
                    }
                }
                ActionKind::Cast {
                    spell,
                    cycle_targets,
                } => {
                    let spell = *spell as usize;
                    if *cycle_targets {
                        for t in 0..self.st.targets {
                            if self.alive(t) && self.applies_on(line, spell, t, action) {
                                return Decision::Cast(spell as u16, t as u16, line);
                            }
                        }
                    } else {
                        // The primary target (alive whenever any target is).
                        let t = self.primary;
                        if self.applies_on(line, spell, t, action) {
                            return Decision::Cast(spell as u16, t as u16, line);
                        }
                    }
                    self.cur_target = self.primary;
                    if explaining {
                        self.note_cast_skip(line, spell, action, *cycle_targets);
                    }
                }
                ActionKind::UseItems => {
                    let items = self.st.spec.items();
                    for &spell in items {
                        if self.blocked(spell, 0).is_none() && self.holds(&action.condition) {
                            return Decision::Cast(spell as u16, 0, line);
                        }
                    }
                    if explaining {
                        if let Some(&first) = items.first() {
                            self.note_cast_skip(line, first, action, false);
                        }
                    }
                }
                ActionKind::CancelBuff(b) => {
                    let b = *b as usize;
                    if self.buffs[b].stacks > 0 && self.holds(&action.condition) {
                        self.expire_buff(b);
                        self.count_line(line);
                    }
                }
                ActionKind::Pool { extra } => {
                    if let Some(wait) = self.pool_wait(list, k, *extra, action) {
                        self.count_line(line);
                        return Decision::Wait(wait, line, WaitReason::Resource);
                    }
                }
                ActionKind::Call(l) => {
                    if self.holds(&action.condition) {
                        match self.decide(*l as usize) {
                            Decision::Nothing => {}
                            d => {
                                self.count_line(line);
                                return d;
                            }
                        }
                    } else if explaining {
                        self.note_condition_skip(line, action);
                    }
                }
                ActionKind::Run(l) => {
                    if self.holds(&action.condition) {
                        let d = self.decide(*l as usize);
                        if !matches!(d, Decision::Nothing) {
                            self.count_line(line);
                        }
                        return d;
                    } else if explaining {
                        self.note_condition_skip(line, action);
                    }
                }
                ActionKind::Variable { var, op, value } => {
                    if self.holds(&action.condition) {
                        let v = self.eval(value);
                        apply_var(&mut self.vars[*var as usize], *op, v);
                        self.count_line(line);
                    }
                }
                ActionKind::Wait(sec) => {
                    if self.holds(&action.condition) {
                        let s = self.eval(sec);
                        self.count_line(line);
                        return Decision::Wait(
                            if s.is_finite() {
                                s.clamp(0.01, 60.0)
                            } else {
                                0.01
                            },
                            line,
                            WaitReason::WaitAction,
                        );
                    } else if explaining {
                        self.note_condition_skip(line, action);
                    }
                }
            }
        }
        Decision::Nothing
    }

    /// Nothing applied: what the player is waiting for — of the cast lines the decision looked
    /// at whose condition holds but that the fight blocks (cooldown, resource, movement), the one
    /// that should clear first (movement counts as now; ties go to the higher line). Changes
    /// nothing (variables are not set).
    pub(super) fn waiting_for(&mut self) -> Option<(u16, usize, Block)> {
        let mut best: Option<(f64, (u16, usize, Block))> = None;
        for i in 0..self.pending.len() {
            let (line, spell, target, b) = self.pending[i];
            let wait = self.clears_in(b);
            if best.as_ref().is_some_and(|(w, _)| *w <= wait) {
                continue;
            }
            let action = self.st.action(line);
            self.cur_target = target as usize;
            let holds = self.holds(&action.condition);
            self.cur_target = self.primary;
            if holds {
                best = Some((wait, (line, spell as usize, b)));
            }
        }
        best.map(|(_, found)| found)
    }

    /// Seconds until block `b` should clear, as far as the player can tell.
    fn clears_in(&self, b: Block) -> f64 {
        match b {
            Block::Cooldown(remains) => remains,
            Block::Resource(have, need) => {
                let rate = self.regen_rate();
                if rate > 0.0 {
                    (need - have) / rate
                } else {
                    f64::INFINITY
                }
            }
            Block::Moving | Block::MovementSoon(..) => 0.0,
            Block::Secondary(..) | Block::Buff(_) | Block::Execute(..) | Block::Lockout(_) => {
                f64::INFINITY
            }
        }
    }

    /// Runs `actions.precombat`: variables, and pre-pull casts one after the other, the last
    /// finishing at the pull. Each takes its cast time (instants and items none) before the
    /// pull; its buffs and cooldown run from then.
    pub(super) fn precombat(&mut self) {
        let Some(pre) = self.st.apl.precombat else {
            return;
        };
        let apl = self.st.apl;
        // The casts that will happen (as things stand at the pull) take this long.
        let mut lead = 0.0;
        for action in &apl.lists[pre] {
            if let ActionKind::Cast { spell, .. } = action.kind {
                if self.holds(&action.condition) && self.can_precast(spell as usize) {
                    lead += self.cast_time(spell as usize);
                }
            }
        }
        self.now = -lead;
        self.res_time = self.now;
        let base = self.st.line_base[pre];
        for (k, action) in apl.lists[pre].iter().enumerate() {
            let line = base + k as u16;
            match &action.kind {
                ActionKind::Variable { var, op, value } if self.holds(&action.condition) => {
                    let v = self.eval(value);
                    apply_var(&mut self.vars[*var as usize], *op, v);
                    self.count_line(line);
                }
                ActionKind::Cast { spell, .. } if self.holds(&action.condition) => {
                    self.precast(*spell as usize, line);
                }
                ActionKind::UseItems if self.holds(&action.condition) => {
                    for &spell in self.st.spec.items() {
                        self.precast(spell, line);
                    }
                }
                // The compiler allows nothing else in precombat.
                _ => {}
            }
        }
        self.settle();
        self.now = 0.0;
        self.res_time = 0.0;
    }

    /// Whether `spell` has a charge (and the potion is not locked out) before the pull.
    fn can_precast(&self, spell: usize) -> bool {
        let usable = self.cd_now(spell).0 > 0 || self.st.spec.full.spells[spell].cooldown <= 0.0;
        usable && !matches!(self.blocked(spell, 0), Some(Block::Lockout(_)))
    }

    /// A pre-pull cast of `spell` for `line`, when it can be: it starts now, takes its cast time
    /// (no later than the pull) and lands then; it does not trigger the GCD.
    fn precast(&mut self, spell: usize, line: u16) {
        if self.can_precast(spell) {
            self.abilities[spell].casts += 1;
            self.consume_charge(spell);
            self.count_line(line);
            self.record_cast(line, spell, 0);
            self.settle();
            self.now = (self.now + self.cast_time(spell)).min(0.0);
            self.res_time = self.now;
            self.complete_cast(spell, 0, 1.0, line);
        }
    }

    /// A buff's reaction time is over: a free player looks at the rotation now; a busy one will
    /// when free.
    pub(super) fn on_notice(&mut self) {
        if !self.casting && self.channel.is_none() && self.now + EPS >= self.gcd_ready {
            self.on_ready();
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
        self.pending.clear();
        match self.decide(default) {
            Decision::Cast(spell, target, line) => {
                self.end_idle();
                self.record_cast(line, spell as usize, target as usize);
                self.start_cast(spell as usize, target as usize, line)
            }
            Decision::Wait(sec, line, reason) => {
                self.begin_idle(reason);
                self.record_wait(reason, Some(line), None);
                let t = self.now + sec;
                self.schedule_ready(t);
            }
            Decision::Nothing => {
                // A wait is accounted to the reason it began with (asking again at every poll
                // would cost a resource-starved rotation a tenth of its speed); the sample
                // sequence asks at every decision, so its rows follow a reason that changes.
                let running = self.idle_reason().filter(|r| *r != WaitReason::WaitAction);
                if running.is_none() || self.explain.is_some() {
                    let blocker = self.waiting_for();
                    let reason = blocker.map_or(WaitReason::Conditions, |(_, _, b)| {
                        self.block_reason(b).wait_reason()
                    });
                    if running.is_none() {
                        self.begin_idle(reason);
                    }
                    self.record_wait(reason, blocker.map(|(l, _, _)| l), blocker);
                }
                let t = self.idle_until();
                self.schedule_ready(t);
            }
        }
    }

    /// When something might become usable: a charge, enough resource, the next event, or a poll.
    fn idle_until(&self) -> f64 {
        let mut wake = self.now + IDLE_POLL;
        if let Some(e) = self.queue.peek() {
            wake = wake.min(e.t());
        }
        let rate = self.regen_rate();
        let res = self.resource_at(self.now);
        for (i, s) in self.st.spec.full.spells.iter().enumerate() {
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
