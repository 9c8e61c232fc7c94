//! Raid buffs and externals a run gives the player: Bloodlust/Heroism, Power Infusion and a raid
//! damage aura; and the player's reaction time. Their buffs (`bloodlust`, `power_infusion`) are part of every spec, so a rotation
//! can read `buff.bloodlust.up`; these settings decide whether and when the player gets them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest interval between two Power Infusions (seconds).
pub const MAX_INTERVAL: f64 = 600.0;

/// What the raid gives the player (camelCase on the wire; every field has a default).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RaidBuffs {
    /// Bloodlust/Heroism: +30 % haste for 40 s, once per fight (default on).
    pub bloodlust: bool,
    /// Seconds after the pull when Bloodlust comes (default 0: at the pull).
    pub bloodlust_at: f64,
    /// Power Infusion: +20 % haste for 15 s from the pull, again every `power_infusion_every`
    /// seconds (default off).
    pub power_infusion: bool,
    /// Seconds between two Power Infusions (default 120).
    pub power_infusion_every: f64,
    /// A raid damage aura: all damage × (1 + this), e.g. 0.03 for +3 % (default 0: none).
    pub damage_aura: f64,
}

impl Default for RaidBuffs {
    fn default() -> Self {
        RaidBuffs {
            bloodlust: true,
            bloodlust_at: 0.0,
            power_infusion: false,
            power_infusion_every: 120.0,
            damage_aura: 0.0,
        }
    }
}

impl RaidBuffs {
    /// None of them: the bare character against the target.
    pub const NONE: RaidBuffs = RaidBuffs {
        bloodlust: false,
        bloodlust_at: 0.0,
        power_infusion: false,
        power_infusion_every: 120.0,
        damage_aura: 0.0,
    };

    /// Each value out of range, as `raid.<field>` → message.
    pub fn field_errors(&self, errors: &mut BTreeMap<String, String>) {
        let mut check = |field: &str, v: f64, lo: f64, hi: f64| {
            if !(v.is_finite() && (lo..=hi).contains(&v)) {
                errors.insert(
                    format!("raid.{field}"),
                    format!("must be between {lo} and {hi}"),
                );
            }
        };
        check(
            "bloodlustAt",
            self.bloodlust_at,
            0.0,
            crate::config::MAX_DURATION,
        );
        check(
            "powerInfusionEvery",
            self.power_infusion_every,
            15.0,
            MAX_INTERVAL,
        );
        check("damageAura", self.damage_aura, 0.0, 0.5);
    }
}

/// How long the player takes to notice a buff (`buff.X.react`): each time a buff comes up, a
/// delay drawn uniformly with this mean and standard deviation (never below 0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Reaction {
    /// Mean seconds (default 0.15).
    pub mean: f64,
    /// Standard deviation in seconds (default 0.05).
    pub sd: f64,
}

impl Default for Reaction {
    fn default() -> Self {
        Reaction {
            mean: 0.15,
            sd: 0.05,
        }
    }
}

impl Reaction {
    /// Seconds of one reaction: uniform on mean ± √3·sd (that standard deviation), at least 0.
    pub(crate) fn draw(&self, rng: &mut crate::rng::Rng) -> f64 {
        let half = 3f64.sqrt() * self.sd;
        if half > 0.0 {
            rng.range(self.mean - half, self.mean + half).max(0.0)
        } else {
            self.mean
        }
    }

    /// Each value out of range, as `reaction.<field>` → message.
    pub fn field_errors(&self, errors: &mut BTreeMap<String, String>) {
        if !(self.mean.is_finite() && (0.0..=2.0).contains(&self.mean)) {
            errors.insert(
                "reaction.mean".into(),
                "must be between 0 and 2 seconds".into(),
            );
        }
        if !(self.sd.is_finite() && (0.0..=1.0).contains(&self.sd)) {
            errors.insert(
                "reaction.sd".into(),
                "must be between 0 and 1 second".into(),
            );
        }
    }
}
