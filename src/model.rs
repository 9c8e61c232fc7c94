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
