//! Human timing: how long the player takes to react to what happens ([`Reaction`]) and the
//! latency between one action and the next ([`Latency`]).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How long the player takes to notice a buff (`buff.X.react`): each time a buff comes up, a
/// delay drawn uniformly with this mean and standard deviation (never below 0).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
        uniform(self.mean, self.sd, rng)
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

/// Seconds uniform on mean ± √3·sd (that standard deviation), at least 0; no draw when sd is 0.
fn uniform(mean: f64, sd: f64, rng: &mut crate::rng::Rng) -> f64 {
    let half = 3f64.sqrt() * sd;
    if half > 0.0 {
        rng.range(mean - half, mean + half).max(0.0)
    } else {
        mean
    }
}

/// The latency the game's spell queue does not hide: after each action ends (a hard cast, a
/// channel, or the GCD of an instant), the next one starts this much later — a delay drawn
/// uniformly with this mean and standard deviation (never below 0), from the iteration's
/// random numbers. SimulationCraft's `queue_lag`/`gcd_lag`/`channel_lag` play this part.
/// A chained channel (`chain=1`, `early_chain_if`) is re-cast without it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Latency {
    /// Mean seconds (default 0.05).
    pub mean: f64,
    /// Standard deviation in seconds (default 0.015).
    pub sd: f64,
}

impl Default for Latency {
    fn default() -> Self {
        Latency {
            mean: 0.05,
            sd: 0.015,
        }
    }
}

impl Latency {
    /// No latency: each action starts the moment the previous one allows.
    pub const NONE: Latency = Latency { mean: 0.0, sd: 0.0 };

    /// Seconds of one latency.
    pub(crate) fn draw(&self, rng: &mut crate::rng::Rng) -> f64 {
        uniform(self.mean, self.sd, rng)
    }

    /// Each value out of range, as `latency.<field>` → message.
    pub fn field_errors(&self, errors: &mut BTreeMap<String, String>) {
        if !(self.mean.is_finite() && (0.0..=1.0).contains(&self.mean)) {
            errors.insert(
                "latency.mean".into(),
                "must be between 0 and 1 second".into(),
            );
        }
        if !(self.sd.is_finite() && (0.0..=0.5).contains(&self.sd)) {
            errors.insert(
                "latency.sd".into(),
                "must be between 0 and 0.5 seconds".into(),
            );
        }
    }
}
