//! Types that cross the wire between server and browser (JSON is camelCase): requests, job
//! views, statuses and error codes as enums, SSE events, share links, and the URL builders
//! ([`paths`]).

mod apl;
mod batch;
mod compare;
mod error_body;
mod error_code;
mod form_action;
mod history;
mod job;
pub mod paths;
mod raid_form;
mod request;
mod rotation;
mod share;
mod sim_form;
mod stream;

pub use apl::*;
pub use batch::*;
pub use compare::*;
pub use error_body::ErrorBody;
pub use error_code::ErrorCode;
pub use form_action::FormAction;
pub use history::{encode as encode_query_value, HistoryFilter};
pub use job::*;
pub use raid_form::{names as raid_form_names, RaidForm};
pub use request::*;
pub use rotation::*;
pub use share::*;
pub use sim_form::{names as form_names, FormEcho, SimForm, FORM_STATS};
pub use stream::*;

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
