//! The quick-sim form's "Raid and timing" controls as they hold them, and what they make: the
//! engine's [`RaidBuffs`] and [`Reaction`]. The aura is typed in percent; the rest as the engine
//! takes it.

use rotasim_engine::{Latency, RaidBuffs, Reaction};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The controls' names (and the keys of their errors, which are the engine's own).
pub mod names {
    /// "Bloodlust/Heroism" box.
    pub const BLOODLUST: &str = "raid.bloodlust";
    /// Seconds after the pull.
    pub const BLOODLUST_AT: &str = "raid.bloodlustAt";
    /// "Power Infusion" box.
    pub const POWER_INFUSION: &str = "raid.powerInfusion";
    /// Seconds between two.
    pub const POWER_INFUSION_EVERY: &str = "raid.powerInfusionEvery";
    /// Raid damage aura, percent.
    pub const DAMAGE_AURA: &str = "raid.damageAura";
    /// Mean reaction time, seconds.
    pub const REACTION_MEAN: &str = "reaction.mean";
    /// Its standard deviation, seconds.
    pub const REACTION_SD: &str = "reaction.sd";
    /// Mean latency between two actions, seconds.
    pub const LATENCY_MEAN: &str = "latency.mean";
    /// Its standard deviation, seconds.
    pub const LATENCY_SD: &str = "latency.sd";

    /// Every control name, in the form's order.
    pub const ALL: [&str; 9] = [
        BLOODLUST,
        BLOODLUST_AT,
        POWER_INFUSION,
        POWER_INFUSION_EVERY,
        DAMAGE_AURA,
        REACTION_MEAN,
        REACTION_SD,
        LATENCY_MEAN,
        LATENCY_SD,
    ];
}

/// The "Raid and timing" values, exactly as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RaidForm {
    /// Whether Bloodlust/Heroism comes.
    pub bloodlust: bool,
    /// When, in seconds after the pull.
    pub bloodlust_at: String,
    /// Whether Power Infusion comes.
    pub power_infusion: bool,
    /// Seconds between two Power Infusions.
    pub power_infusion_every: String,
    /// Raid damage aura, percent.
    pub damage_aura: String,
    /// Mean reaction time, seconds.
    pub reaction_mean: String,
    /// Its standard deviation, seconds.
    pub reaction_sd: String,
    /// Mean latency between two actions, seconds.
    pub latency_mean: String,
    /// Its standard deviation, seconds.
    pub latency_sd: String,
}

/// `x` written the way a player would type it (`0.15`, `120`, `3`).
fn text(x: f64) -> String {
    let rounded = (x * 1e6).round() / 1e6;
    format!("{rounded}")
}

impl Default for RaidForm {
    /// The engine's defaults (Bloodlust at the pull, no Power Infusion or aura, reaction
    /// 0.15 ± 0.05 s, latency 0.05 ± 0.015 s).
    fn default() -> Self {
        RaidForm::of(
            &RaidBuffs::default(),
            &Reaction::default(),
            &Latency::default(),
        )
    }
}

impl RaidForm {
    /// The controls showing `raid`, `reaction` and `latency`.
    pub fn of(raid: &RaidBuffs, reaction: &Reaction, latency: &Latency) -> RaidForm {
        RaidForm {
            bloodlust: raid.bloodlust,
            bloodlust_at: text(raid.bloodlust_at),
            power_infusion: raid.power_infusion,
            power_infusion_every: text(raid.power_infusion_every),
            damage_aura: text(raid.damage_aura * 100.0),
            reaction_mean: text(reaction.mean),
            reaction_sd: text(reaction.sd),
            latency_mean: text(latency.mean),
            latency_sd: text(latency.sd),
        }
    }

    /// A submitted form's starting point: the texts at their defaults, the boxes unticked (a
    /// box is ticked when its name is submitted).
    pub fn unticked() -> RaidForm {
        RaidForm {
            bloodlust: false,
            power_infusion: false,
            ..RaidForm::default()
        }
    }

    /// Takes the pair `name=value` if it is one of these controls.
    pub fn set(&mut self, name: &str, value: &str) -> bool {
        let value = value.to_string();
        match name {
            names::BLOODLUST => self.bloodlust = true,
            names::BLOODLUST_AT => self.bloodlust_at = value,
            names::POWER_INFUSION => self.power_infusion = true,
            names::POWER_INFUSION_EVERY => self.power_infusion_every = value,
            names::DAMAGE_AURA => self.damage_aura = value,
            names::REACTION_MEAN => self.reaction_mean = value,
            names::REACTION_SD => self.reaction_sd = value,
            names::LATENCY_MEAN => self.latency_mean = value,
            names::LATENCY_SD => self.latency_sd = value,
            _ => return false,
        }
        true
    }

    /// The raid buffs, reaction and latency these values make; a text that is no number is an
    /// error at its control. A time that does not apply (Bloodlust unticked) is not read.
    pub fn values(&self, errors: &mut BTreeMap<String, String>) -> (RaidBuffs, Reaction, Latency) {
        let defaults = RaidBuffs::default();
        let mut num = |key: &str, v: &str, fallback: f64| -> f64 {
            match v.trim().parse::<f64>() {
                Ok(n) if n.is_finite() => n,
                _ => {
                    errors.insert(key.to_string(), "enter a number".to_string());
                    fallback
                }
            }
        };
        let bloodlust_at = if self.bloodlust {
            num(
                names::BLOODLUST_AT,
                &self.bloodlust_at,
                defaults.bloodlust_at,
            )
        } else {
            defaults.bloodlust_at
        };
        let power_infusion_every = if self.power_infusion {
            num(
                names::POWER_INFUSION_EVERY,
                &self.power_infusion_every,
                defaults.power_infusion_every,
            )
        } else {
            defaults.power_infusion_every
        };
        let raid = RaidBuffs {
            bloodlust: self.bloodlust,
            bloodlust_at,
            power_infusion: self.power_infusion,
            power_infusion_every,
            damage_aura: num(names::DAMAGE_AURA, &self.damage_aura, 0.0) / 100.0,
        };
        let reaction = Reaction {
            mean: num(names::REACTION_MEAN, &self.reaction_mean, 0.0),
            sd: num(names::REACTION_SD, &self.reaction_sd, 0.0),
        };
        let latency = Latency {
            mean: num(names::LATENCY_MEAN, &self.latency_mean, 0.0),
            sd: num(names::LATENCY_SD, &self.latency_sd, 0.0),
        };
        (raid, reaction, latency)
    }

    /// The engine's message for the aura speaks of a fraction; the form's field is in percent.
    pub fn restate(errors: &mut BTreeMap<String, String>) {
        if let Some(m) = errors.get_mut(names::DAMAGE_AURA) {
            if m != "enter a number" {
                *m = "must be between 0 and 50 %".to_string();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_shown_are_the_engine_defaults() {
        let mut errors = BTreeMap::new();
        let (raid, reaction, latency) = RaidForm::default().values(&mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(raid, RaidBuffs::default());
        assert_eq!(reaction, Reaction::default());
        assert_eq!(latency, Latency::default());
    }

    #[test]
    fn the_aura_is_typed_in_percent_and_bad_text_is_named() {
        let mut form = RaidForm::unticked();
        assert!(form.set(names::DAMAGE_AURA, "3"));
        assert!(form.set(names::POWER_INFUSION, "on"));
        assert!(form.set(names::POWER_INFUSION_EVERY, "90"));
        assert!(form.set(names::REACTION_MEAN, "zero"));
        assert!(!form.set("duration", "300"));
        let mut errors = BTreeMap::new();
        let (raid, _, _) = form.values(&mut errors);
        assert!(!raid.bloodlust, "the box was not submitted");
        assert!(raid.power_infusion);
        assert_eq!(raid.power_infusion_every, 90.0);
        assert!((raid.damage_aura - 0.03).abs() < 1e-12);
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            vec![names::REACTION_MEAN]
        );
    }
}
