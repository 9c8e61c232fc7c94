//! On-use effects of gear items and potions: data in the character (and so in a spec's default
//! character). The spec turns each into a spell of its own (off the GCD, with its cooldown) that
//! applies a buff of the same id; the rotation uses them with `use_item,name=ID`, `use_items`
//! and `potion`.

use serde::{Deserialize, Serialize};

/// What using an item or potion does: a buff for `duration` seconds, recharging in `cooldown`
/// (both required; the effects default to 0).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OnUse {
    /// Seconds before it can be used again.
    pub cooldown: f64,
    /// Seconds the buff lasts.
    pub duration: f64,
    /// Primary stat (power) while the buff is up.
    #[serde(default)]
    pub primary: f64,
    /// Haste while the buff is up (0.1 = +10 %, multiplicative with other haste).
    #[serde(default)]
    pub haste_pct: f64,
    /// Crit chance while the buff is up (0.05 = +5 %).
    #[serde(default)]
    pub crit_pct: f64,
    /// Damage while the buff is up (0.05 = +5 %).
    #[serde(default)]
    pub damage_pct: f64,
}

/// The character's combat potion: the rotation's `potion` action. Potions share one lockout:
/// at most `max_uses` per fight, a precombat potion included.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Potion {
    /// Display name.
    pub name: String,
    /// Uses per fight (default 1).
    #[serde(default = "one")]
    pub max_uses: u32,
    /// Its effect (a combat potion: cooldown 300, duration 30).
    pub on_use: OnUse,
}

fn one() -> u32 {
    1
}

/// The APL id of an item name: lower case, every run of other characters an underscore
/// (`Mirror of Fractured Tomorrows` → `mirror_of_fractured_tomorrows`), as SimulationCraft
/// writes them.
pub fn item_id(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' {
            // "Tome of Unstable Power's" → "tome_of_unstable_powers"
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::item_id;

    #[test]
    fn item_ids_are_simulationcraft_names() {
        assert_eq!(
            item_id("Mirror of Fractured Tomorrows"),
            "mirror_of_fractured_tomorrows"
        );
        assert_eq!(item_id("  Kiss of Death's  Edge!"), "kiss_of_deaths_edge");
        assert_eq!(item_id("---"), "");
    }
}
