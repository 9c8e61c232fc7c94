//! Human timing: how long the player takes to react to what happens.

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
