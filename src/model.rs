//! Types that cross the wire between server and browser (JSON is camelCase).

use serde::{Deserialize, Serialize};

/// What the portal's status server function reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortalStatus {
    /// `sqlite` or `postgres`.
    pub database: String,
    /// Applied schema migrations.
    pub migrations: i64,
    /// Server version.
    pub version: String,
}

/// A rotation a player can simulate (`GET /api/rotations`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RotationSummary {
    /// UUID.
    pub id: String,
    /// Stable short name (the engine spec id for built-ins).
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Class, for grouping.
    pub class: String,
    /// Specialisation.
    pub spec: String,
    /// The engine spec it runs on.
    pub spec_id: String,
    /// Whether it ships with Rotasim.
    pub builtin: bool,
    /// The rotation text (APL).
    pub apl: String,
}
