//! The history's filters as the page URL and `GET /api/simulations` carry them.

use serde::{Deserialize, Serialize};

/// Filters of the caller's history, every one optional; the server checks them
/// (`spec` a spec id, `rotation` a rotation UUID, `fight` a fight type, `status` a job status,
/// `from`/`to` dates `YYYY-MM-DD` in UTC, both inclusive, `q` text in the rotation's name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(utoipa::IntoParams),
    into_params(parameter_in = Query)
)]
#[serde(default)]
pub struct HistoryFilter {
    /// Engine spec id (`fire_mage`).
    pub spec: Option<String>,
    /// Rotation UUID.
    pub rotation: Option<String>,
    /// `patchwerk`, `movement` or `aoe`.
    pub fight: Option<String>,
    /// `queued`, `running`, `completed`, `failed` or `cancelled`.
    pub status: Option<String>,
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Case-insensitive text in the rotation's name.
    pub q: Option<String>,
}

impl HistoryFilter {
    /// The query parameter names, in the order URLs list them.
    pub const KEYS: [&'static str; 7] = ["spec", "rotation", "fight", "status", "from", "to", "q"];

    /// Builds a filter from query parameters (`get(name)`); blank values are absent.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> HistoryFilter {
        let mut f = HistoryFilter::default();
        for key in Self::KEYS {
            *f.slot(key) = get(key).filter(|v| !v.trim().is_empty());
        }
        f
    }

    /// The value of one parameter.
    pub fn get(&self, key: &str) -> Option<&str> {
        match key {
            "spec" => self.spec.as_deref(),
            "rotation" => self.rotation.as_deref(),
            "fight" => self.fight.as_deref(),
            "status" => self.status.as_deref(),
            "from" => self.from.as_deref(),
            "to" => self.to.as_deref(),
            "q" => self.q.as_deref(),
            _ => None,
        }
    }

    fn slot(&mut self, key: &str) -> &mut Option<String> {
        match key {
            "spec" => &mut self.spec,
            "rotation" => &mut self.rotation,
            "fight" => &mut self.fight,
            "status" => &mut self.status,
            "from" => &mut self.from,
            "to" => &mut self.to,
            _ => &mut self.q,
        }
    }

    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        Self::KEYS.iter().all(|k| self.get(k).is_none())
    }

    /// The set filters as a URL query without the `?` (`spec=fire_mage&q=my%20apl`).
    pub fn query(&self) -> String {
        Self::KEYS
            .iter()
            .filter_map(|k| self.get(k).map(|v| format!("{k}={}", encode(v))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Percent-encodes a query value (everything but unreserved characters).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_round_trip_skips_blanks() {
        let f = HistoryFilter::from_query(|k| match k {
            "spec" => Some("fire_mage".into()),
            "q" => Some("50% _my_ apl".into()),
            "status" => Some("  ".into()),
            _ => None,
        });
        assert_eq!(f.status, None);
        assert_eq!(f.query(), "spec=fire_mage&q=50%25%20_my_%20apl");
        assert!(!f.is_empty());
        assert!(HistoryFilter::default().is_empty());
    }
}
