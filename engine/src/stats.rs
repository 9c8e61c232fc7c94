//! Character and gear stats, and their conversion into combat percentages.

use crate::items::{OnUse, Potion};
use serde::{Deserialize, Serialize};

/// Rating needed for 1 % crit.
pub const CRIT_RATING_PER_PCT: f64 = 700.0;
/// Rating needed for 1 % haste.
pub const HASTE_RATING_PER_PCT: f64 = 660.0;
/// Rating needed for 1 mastery point (the spec scales points into its effect).
pub const MASTERY_RATING_PER_POINT: f64 = 700.0;
/// Rating needed for 1 % versatility.
pub const VERS_RATING_PER_PCT: f64 = 780.0;
/// Crit chance every character has.
pub const BASE_CRIT: f64 = 0.05;
/// Mastery points every character has.
pub const BASE_MASTERY_POINTS: f64 = 8.0;
/// Damage multiplier of a critical strike.
pub const CRIT_MULTIPLIER: f64 = 2.0;

/// One piece of gear: stats it adds to the character.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct GearItem {
    /// Item name, for display.
    pub name: String,
    /// Slot, for display.
    pub slot: String,
    /// Primary stat (strength, agility or intellect).
    pub primary: f64,
    /// Critical strike rating.
    pub crit: f64,
    /// Haste rating.
    pub haste: f64,
    /// Mastery rating.
    pub mastery: f64,
    /// Versatility rating.
    pub versatility: f64,
    /// An on-use effect (`use_item,name=ID` with ID the name in lower_snake_case; `use_items`).
    pub on_use: Option<OnUse>,
}

/// A character's stats: base values plus gear.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Character {
    /// Primary stat; attack/spell power equals it.
    pub primary: f64,
    /// Critical strike rating.
    pub crit: f64,
    /// Haste rating.
    pub haste: f64,
    /// Mastery rating.
    pub mastery: f64,
    /// Versatility rating.
    pub versatility: f64,
    /// Equipped items, summed into the totals.
    pub gear: Vec<GearItem>,
    /// The combat potion (the rotation's `potion` action).
    pub potion: Option<Potion>,
}

/// A stat a player can add to, for stat weights and editing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum StatKind {
    /// Primary stat.
    Primary,
    /// Critical strike.
    Crit,
    /// Haste.
    Haste,
    /// Mastery.
    Mastery,
    /// Versatility.
    Versatility,
}

impl StatKind {
    /// All stats in display order.
    pub const ALL: [StatKind; 5] = [
        StatKind::Primary,
        StatKind::Crit,
        StatKind::Haste,
        StatKind::Mastery,
        StatKind::Versatility,
    ];

    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            StatKind::Primary => "primary",
            StatKind::Crit => "crit",
            StatKind::Haste => "haste",
            StatKind::Mastery => "mastery",
            StatKind::Versatility => "versatility",
        }
    }
}

impl Character {
    /// Totals including gear.
    pub fn total(&self, kind: StatKind) -> f64 {
        let own = match kind {
            StatKind::Primary => self.primary,
            StatKind::Crit => self.crit,
            StatKind::Haste => self.haste,
            StatKind::Mastery => self.mastery,
            StatKind::Versatility => self.versatility,
        };
        own + self
            .gear
            .iter()
            .map(|g| match kind {
                StatKind::Primary => g.primary,
                StatKind::Crit => g.crit,
                StatKind::Haste => g.haste,
                StatKind::Mastery => g.mastery,
                StatKind::Versatility => g.versatility,
            })
            .sum::<f64>()
    }

    /// The same character with `amount` more of `kind`.
    pub fn with_added(&self, kind: StatKind, amount: f64) -> Character {
        let mut c = self.clone();
        match kind {
            StatKind::Primary => c.primary += amount,
            StatKind::Crit => c.crit += amount,
            StatKind::Haste => c.haste += amount,
            StatKind::Mastery => c.mastery += amount,
            StatKind::Versatility => c.versatility += amount,
        }
        c
    }

    /// Combat values; `mastery_per_point` is the spec's scaling of a mastery point.
    pub fn derive(&self, mastery_per_point: f64) -> Stats {
        Stats {
            power: self.total(StatKind::Primary),
            crit: BASE_CRIT + self.total(StatKind::Crit) / CRIT_RATING_PER_PCT / 100.0,
            haste: self.total(StatKind::Haste) / HASTE_RATING_PER_PCT / 100.0,
            mastery: (BASE_MASTERY_POINTS
                + self.total(StatKind::Mastery) / MASTERY_RATING_PER_POINT)
                * mastery_per_point
                / 100.0,
            versatility: self.total(StatKind::Versatility) / VERS_RATING_PER_PCT / 100.0,
        }
    }
}

/// Derived combat values (fractions, not percentages).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Attack/spell power.
    pub power: f64,
    /// Crit chance, 0..1 (may exceed 1 before capping).
    pub crit: f64,
    /// Haste, e.g. 0.2 for 20 %.
    pub haste: f64,
    /// Mastery effect size, e.g. 0.25 for +25 %.
    pub mastery: f64,
    /// Versatility damage bonus.
    pub versatility: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_convert_and_gear_adds() {
        let c = Character {
            primary: 1000.0,
            crit: 7000.0,
            haste: 6600.0,
            mastery: 0.0,
            versatility: 7800.0,
            gear: vec![GearItem {
                primary: 500.0,
                haste: 6600.0,
                ..Default::default()
            }],
            potion: None,
        };
        let s = c.derive(2.0);
        assert_eq!(s.power, 1500.0);
        assert!((s.crit - 0.15).abs() < 1e-12);
        assert!((s.haste - 0.20).abs() < 1e-12);
        assert!((s.mastery - 0.16).abs() < 1e-12, "{}", s.mastery);
        assert!((s.versatility - 0.10).abs() < 1e-12);
    }
}
