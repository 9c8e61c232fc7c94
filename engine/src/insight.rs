//! Why the rotation did what it did: the report's per-line counts ([`AplLineStats`]), time
//! accounting ([`TimeAccounting`]), resource overflow, cooldown waste, and the sample
//! iteration's decision [`Sequence`] with the reason every higher line was skipped.

use serde::{Deserialize, Serialize};

/// What a priority-list line does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// Casts a spell.
    Cast,
    /// `call_action_list`.
    Call,
    /// `run_action_list`.
    Run,
    /// `variable`.
    Variable,
    /// `wait`.
    Wait,
    /// `cancel_buff`.
    CancelBuff,
    /// `pool_resource`.
    Pool,
}

/// One line of the priority list as run, and how often it acted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AplLineStats {
    /// Its list (`default` for `actions=`, `precombat`, or a sub-list's name).
    pub list: String,
    /// Position in its list, from 0.
    pub index: u32,
    /// Line of the rotation text it was written on, from 1.
    pub line: u32,
    /// The action as written.
    pub text: String,
    /// What it does.
    pub kind: LineKind,
    /// The spell it casts (cast lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spell: Option<String>,
    /// Mean executions per iteration: casts started, lists entered, variables set, waits.
    pub executions: f64,
    /// Fewest executions in one iteration.
    pub min_executions: u32,
    /// Most executions in one iteration.
    pub max_executions: u32,
    /// Percent of all casts (cast lines).
    pub cast_share: f64,
    /// Mean damage per iteration of the actions it started (DoT ticks, channel ticks and a
    /// summoned pet's attacks included).
    pub damage: f64,
    /// Percent of all damage.
    pub damage_share: f64,
    /// Whether it never acted in any iteration.
    pub never_executed: bool,
}

/// Why the player was doing nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WaitReason {
    /// The highest line whose condition held was on cooldown.
    Cooldown,
    /// … lacked resource.
    Resource,
    /// … could not be cast while moving (or would not finish before the next movement).
    Moving,
    /// No castable line's condition held.
    Conditions,
    /// A `wait` line chose to wait.
    WaitAction,
}

impl WaitReason {
    /// Every reason, in report order.
    pub const ALL: [WaitReason; 5] = [
        WaitReason::Cooldown,
        WaitReason::Resource,
        WaitReason::Moving,
        WaitReason::Conditions,
        WaitReason::WaitAction,
    ];

    /// Position in [`WaitReason::ALL`].
    pub fn index(self) -> usize {
        match self {
            WaitReason::Cooldown => 0,
            WaitReason::Resource => 1,
            WaitReason::Moving => 2,
            WaitReason::Conditions => 3,
            WaitReason::WaitAction => 4,
        }
    }

    /// Plain words for a player.
    pub fn label(self) -> &'static str {
        match self {
            WaitReason::Cooldown => "cooldowns",
            WaitReason::Resource => "not enough resource",
            WaitReason::Moving => "moving",
            WaitReason::Conditions => "every condition false",
            WaitReason::WaitAction => "wait lines",
        }
    }
}

/// Waiting time for one reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WaitShare {
    /// The reason.
    pub reason: WaitReason,
    /// Percent of fight time.
    pub pct: f64,
    /// Mean seconds per iteration.
    pub seconds: f64,
}

/// Where the fight's time went.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TimeAccounting {
    /// Actions started per minute (in combat).
    pub apm: f64,
    /// Percent of fight time casting, channelling or on the global cooldown.
    pub active_pct: f64,
    /// Percent of fight time free but doing nothing.
    pub waiting_pct: f64,
    /// Waiting split by reason (every reason, in [`WaitReason::ALL`] order).
    pub by_reason: Vec<WaitShare>,
}

/// Resource generated past its cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ResourceOverflow {
    /// The resource's name.
    pub resource: String,
    /// Mean amount lost per iteration.
    pub total: f64,
    /// Mean amount lost per minute of fight.
    pub per_minute: f64,
}

/// Seconds a cooldown was ready (all charges) and not used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CooldownWaste {
    /// Spell id.
    pub spell: String,
    /// Display name.
    pub name: String,
    /// Its cooldown in seconds.
    pub cooldown: f64,
    /// Mean seconds per iteration.
    pub mean: f64,
    /// Least in one iteration.
    pub min: f64,
    /// Most in one iteration.
    pub max: f64,
}

/// Why a line did not act at a decision: the first reason found, in the order the engine checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SkipReason {
    /// The spell's charges were all recharging.
    #[serde(rename_all = "camelCase")]
    Cooldown {
        /// Seconds until a charge.
        remains: f64,
    },
    /// Not enough of a resource.
    #[serde(rename_all = "camelCase")]
    Resource {
        /// The resource's name.
        resource: String,
        /// What the player had.
        have: f64,
        /// What the spell costs.
        need: f64,
    },
    /// The spell needs a buff that was down.
    #[serde(rename_all = "camelCase")]
    RequiresBuff {
        /// Buff id.
        buff: String,
    },
    /// The spell is usable only below a target health.
    #[serde(rename_all = "camelCase")]
    Execute {
        /// Target health, percent.
        health_pct: f64,
        /// Usable below this percent.
        below_pct: f64,
    },
    /// A cast time while moving.
    Moving,
    /// The cast would not finish before the next movement.
    #[serde(rename_all = "camelCase")]
    MovementSoon {
        /// Cast time.
        cast_time: f64,
        /// Seconds until the movement.
        moves_in: f64,
    },
    /// The line acted less than its `line_cd` ago.
    #[serde(rename_all = "camelCase")]
    LineCooldown {
        /// Seconds until it may act again.
        remains: f64,
    },
    /// The potion was used as often as a fight allows.
    #[serde(rename_all = "camelCase")]
    Lockout {
        /// Potions used this fight.
        uses: u32,
    },
    /// The `if=` condition was false.
    #[serde(rename_all = "camelCase")]
    Condition {
        /// The sub-expression that made it false, as rotation text.
        expr: String,
        /// The values it read (`cooldown.combustion.remains = 12.4`).
        values: String,
    },
    /// `cycle_targets`: no target met the line.
    #[serde(rename_all = "camelCase")]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    NoTarget {
        /// The reason on the first target.
        first: Box<SkipReason>,
    },
}

impl SkipReason {
    /// The reason in plain words.
    pub fn describe(&self) -> String {
        match self {
            SkipReason::Cooldown { remains } => format!("on cooldown for {remains:.1} s"),
            SkipReason::Resource {
                resource,
                have,
                need,
            } => format!("not enough {resource} (have {have:.0}, need {need:.0})"),
            SkipReason::RequiresBuff { buff } => format!("needs {buff} up"),
            SkipReason::Execute {
                health_pct,
                below_pct,
            } => format!("target at {health_pct:.0} % health, usable below {below_pct:.0} %"),
            SkipReason::Moving => "cannot be cast while moving".into(),
            SkipReason::MovementSoon {
                cast_time,
                moves_in,
            } => {
                format!("a {cast_time:.2} s cast would not finish before moving in {moves_in:.2} s")
            }
            SkipReason::LineCooldown { remains } => format!("line_cd: again in {remains:.2} s"),
            SkipReason::Lockout { uses } => {
                format!("potion lockout: used {uses} time(s) this fight, the limit")
            }
            SkipReason::Condition { expr, values } => {
                if values.is_empty() {
                    format!("condition false: {expr}")
                } else {
                    format!("condition false: {expr} ({values})")
                }
            }
            SkipReason::NoTarget { first } => {
                format!("no target qualifies (first target: {})", first.describe())
            }
        }
    }

    /// The waiting reason this skip amounts to when it is the highest line's.
    pub fn wait_reason(&self) -> WaitReason {
        match self {
            SkipReason::Cooldown { .. } | SkipReason::LineCooldown { .. } => WaitReason::Cooldown,
            SkipReason::Resource { .. } => WaitReason::Resource,
            SkipReason::Moving | SkipReason::MovementSoon { .. } => WaitReason::Moving,
            SkipReason::NoTarget { first } => first.wait_reason(),
            SkipReason::RequiresBuff { .. }
            | SkipReason::Lockout { .. }
            | SkipReason::Execute { .. }
            | SkipReason::Condition { .. } => WaitReason::Conditions,
        }
    }
}

/// A line skipped at a decision, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    /// Index into the report's `aplLines`.
    pub line: u32,
    /// Why.
    pub reason: SkipReason,
}

/// One row of the sample iteration's decision sequence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SequenceRow {
    /// A line cast a spell.
    #[serde(rename_all = "camelCase")]
    Cast {
        /// Fight time, seconds.
        time: f64,
        /// Index into the report's `aplLines`.
        line: u32,
        /// Spell id.
        spell: String,
        /// Target index.
        target: u32,
        /// Primary resource before the cast.
        resource: f64,
        /// Secondary resource before the cast (specs that have one).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        secondary: Option<f64>,
        /// Ids of the buffs up before the cast.
        buffs: Vec<String>,
        /// Every line above it that was looked at and why it did not act.
        skipped: Vec<Skipped>,
    },
    /// The player was free and did nothing.
    #[serde(rename_all = "camelCase")]
    Wait {
        /// Fight time the wait began.
        time: f64,
        /// How long it lasted.
        duration: f64,
        /// Why, in one word.
        reason: WaitReason,
        /// Why, in a sentence (`combustion: on cooldown for 12.4 s`).
        detail: String,
        /// The line it was waiting for (the highest line whose condition held), or the `wait`
        /// line that chose to wait.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
        /// Every line looked at and why it did not act.
        #[serde(default)]
        skipped: Vec<Skipped>,
    },
}

impl SequenceRow {
    /// When it happened.
    pub fn time(&self) -> f64 {
        match self {
            SequenceRow::Cast { time, .. } | SequenceRow::Wait { time, .. } => *time,
        }
    }
}

/// The sample iteration's decisions in order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Sequence {
    /// The iteration (replayable with its seed).
    pub iteration: u64,
    /// Its fight length.
    pub length: f64,
    /// The rows.
    pub rows: Vec<SequenceRow>,
    /// Whether rows were left out at the end (a very long fight).
    pub truncated: bool,
}
