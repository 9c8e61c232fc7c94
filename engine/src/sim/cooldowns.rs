//! Cooldowns with charges: recharge (hasted where the spec says), spending a charge, giving it
//! back, resets.

use super::{state::CdState, Sim, EPS};

/// A spell's charges and their accounting as they were before a cast spent one.
#[derive(Debug, Clone, Copy)]
pub(super) struct ChargeSnapshot {
    spell: u16,
    cd: CdState,
    /// The cooldown accounting: when its charges are all back, its unused ready time so far.
    account: (f64, f64),
}

impl Sim<'_> {
    /// (charges, next charge time) at `now`, without mutating.
    pub(super) fn cd_now(&self, spell: usize) -> (u32, f64) {
        let max = self.st.spec.full.spells[spell].charges;
        let c = self.cds[spell];
        let (mut charges, mut next) = (c.charges, c.next);
        while charges < max && next <= self.now + EPS {
            charges += 1;
            next = if charges < max {
                next + c.dur
            } else {
                f64::INFINITY
            };
        }
        (charges, next)
    }

    /// Recharge time of one charge of `spell` now.
    fn cd_duration(&self, spell: usize) -> f64 {
        let s = &self.st.spec.full.spells[spell];
        if s.hasted_cooldown {
            s.cooldown / self.haste_mult
        } else {
            s.cooldown
        }
    }

    /// Spends a charge of `spell`, starting the recharge if it was full.
    pub(super) fn consume_charge(&mut self, spell: usize) {
        if spell == self.st.potion.0 {
            self.potion_uses += 1;
        }
        if self.st.spec.full.spells[spell].cooldown <= 0.0 {
            return;
        }
        let max = self.st.spec.full.spells[spell].charges;
        let (charges, next) = self.cd_now(spell);
        let dur = self.cd_duration(spell);
        self.account_charge_spent(spell, charges >= max);
        let c = &mut self.cds[spell];
        c.charges = charges.saturating_sub(1);
        if charges >= max {
            c.next = self.now + dur;
            c.dur = dur;
        } else {
            c.next = next;
        }
        let mut full = c.next + max.saturating_sub(c.charges + 1) as f64 * c.dur;
        if spell == self.st.potion.0 && self.potion_uses >= self.st.potion.1 {
            // Locked out: never ready again this fight, so never wasted.
            full = f64::INFINITY;
        }
        self.set_full_at(spell, full);
    }

    /// `spell`'s charges now, before a cast spends one.
    pub(super) fn charge_snapshot(&self, spell: usize) -> ChargeSnapshot {
        ChargeSnapshot {
            spell: spell as u16,
            cd: self.cds[spell],
            account: self.cd_account(spell),
        }
    }

    /// Gives back the charge a cast spent (it was interrupted): its charges and their accounting
    /// are as if it had not been cast (recharges keep running from where they were).
    pub(super) fn give_back_charge(&mut self, before: ChargeSnapshot) {
        let spell = before.spell as usize;
        self.cds[spell] = before.cd;
        self.restore_cd_account(spell, before.account);
    }

    /// Brings `spell` back to full charges.
    pub(super) fn reset_cooldown(&mut self, spell: usize) {
        if let Some(c) = self
            .cast_charge
            .as_mut()
            .filter(|c| c.spell as usize == spell)
        {
            // Reset during its own cast: it is full whether or not that cast lands.
            c.cd = CdState {
                charges: self.st.spec.full.spells[spell].charges,
                next: f64::INFINITY,
                dur: 0.0,
            };
            c.account.0 = c.account.0.min(self.now);
        }
        let max = self.st.spec.full.spells[spell].charges;
        self.account_reset(spell);
        self.cds[spell] = CdState {
            charges: max,
            next: f64::INFINITY,
            dur: 0.0,
        };
    }
}
