//! The rotation language: SimulationCraft-style action priority lists (APL).
//!
//! ```text
//! actions.precombat=variable,name=burst,value=0
//! actions=combustion,if=cooldown.combustion.ready
//! actions+=/call_action_list,name=aoe,if=active_enemies>=3
//! actions+=/pyroblast,if=buff.hot_streak.up
//! actions+=/fireball
//! actions.aoe=flamestrike
//! ```
//! [`Apl::compile`] turns the text into lists of [`Action`]s whose conditions are [`Expr`] trees
//! over spec indices; errors carry line:column and a hint. [`Apl::check`] is the editor's view:
//! every error of the text with its span, and every action as written; [`vocabulary`] lists the
//! names a spec offers.
//!
//! The compiler's steps: `lines` reads the text into action lists, `action` understands each
//! action (`options` and `timing_options` read its options), `parse` (with `lex` and `names`)
//! turns expressions into [`Expr`]s, `compile` checks the whole. Each step records an error and
//! goes on with the next independent piece (the next line, action, option or expression). It depends on the spec's data types; the spec loader
//! knows nothing of it.

mod action;
mod check;
mod compile;
mod compiled;
mod docs;
mod error;
mod expr;
mod lex;
mod lines;
mod names;
mod options;
mod parse;
mod render;
mod timing_options;
mod vocabulary;

pub use check::{ActionClass, ActionSummary, AplCheck};
pub use compiled::{Action, ActionKind, Apl, TargetIf, TimingOptions, VarOp};
pub use error::{closest, suggest, AplError, MAX_ERRORS};
pub use expr::{BinOp, Expr, Res, ResProp};
pub use lines::{MAX_ACTIONS, MAX_APL_BYTES};
pub use render::{number as render_number, render};
pub use vocabulary::{vocabulary, ExprName, Help, ValueKind, Vocabulary};
