//! What checking a rotation gives an editor: every error, and a summary of every action written.

use super::{compiled::Apl, error::AplError};
use serde::{Deserialize, Serialize};

/// The result of [`Apl::check`]: the compiled rotation when there is no error, every error in
/// text order, and the actions as written.
#[derive(Debug, Clone, PartialEq)]
pub struct AplCheck {
    /// The rotation, when `errors` is empty.
    pub apl: Option<Apl>,
    /// Every error, in text order (line, then column), each once, at most
    /// [`MAX_ERRORS`](super::MAX_ERRORS).
    pub errors: Vec<AplError>,
    /// Every action read from the text, in text order, the faulty ones included.
    pub actions: Vec<ActionSummary>,
}

impl AplCheck {
    /// No errors.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The rotation, or every error.
    pub fn into_result(self) -> Result<Apl, Vec<AplError>> {
        match self.apl {
            Some(apl) if self.errors.is_empty() => Ok(apl),
            _ => Err(self.errors),
        }
    }
}

/// One action as written (camelCase on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ActionSummary {
    /// Its list: `default` for `actions=`, `NAME` for `actions.NAME=`.
    pub list: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column of its name.
    pub column: usize,
    /// Column just after its name.
    pub end_column: usize,
    /// Its name as written: a spell id, `call_action_list`, `variable`…
    pub name: String,
    /// What the name is.
    pub kind: ActionClass,
}

/// What an action's name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum ActionClass {
    /// A spell of the spec.
    Spell,
    /// `call_action_list`
    CallActionList,
    /// `run_action_list`
    RunActionList,
    /// `variable`
    Variable,
    /// `wait`
    Wait,
    /// `use_item,name=ITEM`
    UseItem,
    /// `use_items`
    UseItems,
    /// `potion`
    Potion,
    /// `cancel_buff,name=BUFF`
    CancelBuff,
    /// `pool_resource,for_next=1`
    PoolResource,
    /// A SimulationCraft action without an effect of its own (`snapshot_stats`, `auto_attack`).
    Ignored,
    /// Not a spell of the spec nor an action of the language.
    Unknown,
}
