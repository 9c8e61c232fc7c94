//! Raid buffs and externals a run gives the player: Bloodlust/Heroism, Power Infusion and a raid
//! damage aura. Their buffs (`bloodlust`, `power_infusion`) are part of every spec, so a rotation
//! can read `buff.bloodlust.up`; these settings decide whether and when the player gets them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest interval between two Power Infusions (seconds).
pub const MAX_INTERVAL: f64 = 600.0;

/// What the raid gives the player (camelCase on the wire; every field has a default).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
            crate::limits::MAX_DURATION,
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
