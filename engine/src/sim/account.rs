//! Per-iteration accounting of the rotation: how often each line acted and the damage of what it
//! started, waiting time by reason, resource generated past the cap, and cooldowns left ready.
//! Counted on every iteration (array increments), summed by the run like the ability table.

use super::{state::NO_LINE, Sim, EPS};
use crate::insight::WaitReason;

/// One iteration's rotation accounting; reset with the rest of the state.
#[derive(Debug, Clone, Default)]
pub(crate) struct Accounting {
    /// Per line: executions.
    pub(crate) line_exec: Vec<u32>,
    /// Per line: damage of the actions it started.
    pub(crate) line_damage: Vec<f64>,
    /// Actions started in combat (for APM).
    pub(crate) actions: u32,
    /// Seconds free and doing nothing, by [`WaitReason::index`].
    pub(crate) wait: [f64; 5],
    /// The wait in progress: since when, and why.
    idle: Option<(f64, WaitReason)>,
    /// Primary and secondary resource generated past the cap.
    pub(crate) overflow: [f64; 2],
    /// Per spell: when its charges were (or will be) all back.
    cd_full_at: Vec<f64>,
    /// Per tracked cooldown ([`super::Static::cd_tracked`] order): seconds ready and unused.
    pub(crate) cd_waste: Vec<f64>,
}

impl Accounting {
    /// Empty accounting for `lines` lines, `spells` spells and `tracked` tracked cooldowns.
    pub(super) fn new(lines: usize, spells: usize, tracked: usize) -> Accounting {
        Accounting {
            line_exec: vec![0; lines],
            line_damage: vec![0.0; lines],
            cd_full_at: vec![0.0; spells],
            cd_waste: vec![0.0; tracked],
            ..Default::default()
        }
    }

    /// Back to the pull: every cooldown ready at 0.
    pub(super) fn reset(&mut self) {
        self.line_exec.fill(0);
        self.line_damage.fill(0.0);
        self.actions = 0;
        self.wait = [0.0; 5];
        self.idle = None;
        self.overflow = [0.0; 2];
        self.cd_full_at.fill(0.0);
        self.cd_waste.fill(0.0);
    }
}

impl Sim<'_> {
    /// Counts an execution of `line`.
    #[inline]
    pub(super) fn count_line(&mut self, line: u16) {
        if let Some(t) = self.line_last.get_mut(line as usize) {
            *t = self.now;
        }
        if let Some(c) = self.acct.line_exec.get_mut(line as usize) {
            *c += 1;
        }
    }

    /// Credits damage `d` to the line whose action is dealing it.
    #[inline]
    pub(super) fn credit_line(&mut self, d: f64) {
        if self.dmg_line != NO_LINE {
            if let Some(x) = self.acct.line_damage.get_mut(self.dmg_line as usize) {
                *x += d;
            }
        }
    }

    /// The player is free and does nothing from now, for `reason` (a running wait for another
    /// reason ends here).
    pub(super) fn begin_idle(&mut self, reason: WaitReason) {
        match self.acct.idle {
            Some((_, r)) if r == reason => {}
            _ => {
                self.end_idle();
                self.acct.idle = Some((self.now, reason));
            }
        }
    }

    /// Why the player is waiting, if they are.
    pub(super) fn idle_reason(&self) -> Option<WaitReason> {
        self.acct.idle.map(|(_, r)| r)
    }

    /// Since when the player has been waiting, if they are.
    pub(super) fn idle_since(&self) -> Option<f64> {
        self.acct.idle.map(|(t, _)| t)
    }

    /// The wait in progress (if any) ends now.
    pub(super) fn end_idle(&mut self) {
        if let Some((since, reason)) = self.acct.idle.take() {
            let t = self.now.min(self.end);
            if t > since {
                self.acct.wait[reason.index()] += t - since;
            }
            self.close_wait_row(t);
        }
    }

    /// Adds `amount` to the primary resource (capped), accounting what the cap cut off.
    pub(super) fn gain_resource(&mut self, amount: f64) {
        self.settle();
        let max = self.st.spec.full.resource.max;
        let raw = self.resource + amount;
        if raw > max {
            self.acct.overflow[0] += raw - max;
        }
        self.resource = raw.min(max);
    }

    /// Adds `amount` to the secondary resource (capped), accounting what the cap cut off.
    pub(super) fn gain_secondary(&mut self, amount: f64) {
        let max = self.st.spec.full.secondary.as_ref().map_or(0.0, |x| x.max);
        let raw = self.secondary + amount;
        if raw > max {
            self.acct.overflow[1] += raw - max;
        }
        self.secondary = raw.min(max);
    }

    /// Regeneration cut off by the cap since the last settle (called by `settle`).
    #[inline]
    pub(super) fn account_regen_overflow(&mut self, raw: f64, max: f64) {
        if raw > max + EPS {
            self.acct.overflow[0] += raw - max;
        }
    }

    /// `spell` is about to spend a charge: the time it sat at full charges is waste.
    pub(super) fn account_charge_spent(&mut self, spell: usize, was_full: bool) {
        if was_full {
            let since = self.acct.cd_full_at[spell];
            if self.now > since {
                if let Some(k) = self.st.cd_slot[spell] {
                    self.acct.cd_waste[k] += self.now - since;
                }
            }
        }
    }

    /// `spell`'s charges will all be back at `t`.
    #[inline]
    pub(super) fn set_full_at(&mut self, spell: usize, t: f64) {
        self.acct.cd_full_at[spell] = t;
    }

    /// `spell`'s cooldown accounting: when its charges are all back, and its unused ready time
    /// so far (0 when it is not tracked).
    pub(super) fn cd_account(&self, spell: usize) -> (f64, f64) {
        let waste = self.st.cd_slot[spell].map_or(0.0, |k| self.acct.cd_waste[k]);
        (self.acct.cd_full_at[spell], waste)
    }

    /// Puts back `spell`'s cooldown accounting as [`Self::cd_account`] read it.
    pub(super) fn restore_cd_account(&mut self, spell: usize, (full_at, waste): (f64, f64)) {
        self.acct.cd_full_at[spell] = full_at;
        if let Some(k) = self.st.cd_slot[spell] {
            self.acct.cd_waste[k] = waste;
        }
    }

    /// A cooldown reset: full from now unless it already was.
    pub(super) fn account_reset(&mut self, spell: usize) {
        let at = &mut self.acct.cd_full_at[spell];
        if *at > self.now {
            *at = self.now;
        }
    }

    /// The fight is over: the last wait, the last regeneration and every cooldown left ready.
    pub(super) fn finish_accounting(&mut self) {
        self.settle();
        self.end_idle();
        let end = self.end;
        for (k, &s) in self.st.cd_tracked.iter().enumerate() {
            let since = self.acct.cd_full_at[s];
            if since < end {
                self.acct.cd_waste[k] += end - since;
            }
        }
    }
}
