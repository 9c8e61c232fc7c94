//! A spec file as written: the TOML shape of a spellbook, buffs, resources, mastery, pet,
//! default character and default rotation (documented in `engine/README.md`).

use crate::stats::Character;
use serde::{Deserialize, Serialize};

/// What a spec's mastery amplifies.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MasteryEffect {
    /// All damage.
    AllDamage,
    /// Periodic damage of DoTs.
    DotDamage,
    /// Damage of spells that spend the secondary resource.
    SpenderDamage,
    /// Pet damage.
    PetDamage,
}

/// The primary resource (mana, energy, focus, rage…).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceDef {
    /// Name used in the APL (`mana`, `energy.deficit`).
    pub name: String,
    /// Maximum.
    pub max: f64,
    /// Regeneration per second.
    #[serde(default)]
    pub regen: f64,
    /// Whether haste speeds up regeneration.
    #[serde(default)]
    pub hasted_regen: bool,
    /// Value at the pull; defaults to `max`.
    #[serde(default)]
    pub start: Option<f64>,
}

/// A secondary resource (combo points, holy power…), gained and spent by spells.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecondaryDef {
    /// Name used in the APL.
    pub name: String,
    /// Maximum points.
    pub max: f64,
}

/// The spec's mastery: what it amplifies and how much per mastery point.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MasteryDef {
    /// What it amplifies.
    pub effect: MasteryEffect,
    /// Percent of effect per mastery point.
    pub per_point: f64,
}

/// A damage-over-time effect a spell applies to its target(s).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DotDef {
    /// Damage per tick as a multiple of power.
    pub coefficient: f64,
    /// Base duration in seconds.
    pub duration: f64,
    /// Base time between ticks in seconds.
    pub tick: f64,
    /// Whether haste shortens the tick interval (more ticks in the same duration).
    #[serde(default = "yes")]
    pub hasted: bool,
}

/// A channelled spell: damage in ticks while the player channels.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelDef {
    /// Base channel duration (hasted).
    pub duration: f64,
    /// Number of ticks.
    pub ticks: u32,
    /// Damage per tick as a multiple of power.
    pub coefficient: f64,
}

/// One spell of the spellbook.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpellDef {
    /// Identifier used in the APL.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Base cast time in seconds (0 = instant), hasted.
    #[serde(default)]
    pub cast_time: f64,
    /// Base global cooldown (hasted, floor 0.75 s); 0 = off the GCD.
    #[serde(default = "default_gcd")]
    pub gcd: f64,
    /// Cooldown per charge in seconds.
    #[serde(default)]
    pub cooldown: f64,
    /// Whether haste shortens the cooldown.
    #[serde(default)]
    pub hasted_cooldown: bool,
    /// Maximum charges.
    #[serde(default = "one")]
    pub charges: u32,
    /// Primary resource cost.
    #[serde(default)]
    pub cost: f64,
    /// Primary resource generated.
    #[serde(default)]
    pub gain: f64,
    /// Secondary points generated.
    #[serde(default)]
    pub secondary_gain: f64,
    /// Secondary points required; all current points are spent and scale the damage.
    #[serde(default)]
    pub secondary_cost: f64,
    /// Direct damage as a multiple of power (per secondary point spent, for spenders).
    #[serde(default)]
    pub coefficient: f64,
    /// Damage spread: each hit is multiplied by a uniform draw in `1 ± variance`.
    #[serde(default)]
    pub variance: f64,
    /// Extra crit chance for this spell (0..1).
    #[serde(default)]
    pub crit_bonus: f64,
    /// Targets hit by the direct damage and DoT (1 = single target).
    #[serde(default = "one")]
    pub aoe_cap: u32,
    /// DoT applied on the target(s).
    #[serde(default)]
    pub dot: Option<DotDef>,
    /// Channel instead of a hard cast.
    #[serde(default)]
    pub channel: Option<ChannelDef>,
    /// Buff applied to the player on cast.
    #[serde(default)]
    pub applies_buff: Option<String>,
    /// Buff that must be up to cast this spell.
    #[serde(default)]
    pub requires_buff: Option<String>,
    /// Castable while moving even with a cast time.
    #[serde(default)]
    pub movable: bool,
    /// A melee ability: out of range (not usable) while moving.
    #[serde(default)]
    pub melee: bool,
    /// Only usable when the target's health is below this fraction (0 = always).
    #[serde(default)]
    pub execute_below: f64,
    /// Summons the spec's pet.
    #[serde(default)]
    pub summons_pet: bool,
    /// Seconds from the cast's end until its direct damage and DoT land (0 = at once).
    #[serde(default)]
    pub travel_time: f64,
}

/// When a proc may trigger.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerOn {
    /// A spell is cast.
    Cast,
    /// A direct hit lands (crit or not).
    Hit,
    /// A direct hit crits.
    Crit,
    /// A DoT or channel ticks.
    Tick,
    /// An auto-attack lands.
    AutoAttack,
}

/// A proc: when the buff is triggered by chance or RPPM.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerDef {
    /// The event that may trigger.
    pub on: TriggerOn,
    /// Spells whose events count (empty = any).
    #[serde(default)]
    pub spells: Vec<String>,
    /// Flat chance per event (0..1).
    #[serde(default)]
    pub chance: f64,
    /// Real procs per minute (with bad-luck protection); used when > 0 instead of `chance`.
    #[serde(default)]
    pub rppm: f64,
    /// Whether haste raises the RPPM rate.
    #[serde(default)]
    pub haste_scaled: bool,
}

/// A buff on the player.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuffDef {
    /// Identifier used in the APL.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Duration in seconds; a re-application refreshes it.
    pub duration: f64,
    /// Maximum stacks; a re-application adds one.
    #[serde(default = "one")]
    pub max_stacks: u32,
    /// Damage bonus per stack (0.1 = +10 %).
    #[serde(default)]
    pub damage_pct: f64,
    /// Haste bonus per stack.
    #[serde(default)]
    pub haste_pct: f64,
    /// Crit chance bonus per stack.
    #[serde(default)]
    pub crit_pct: f64,
    /// Primary stat (power) per stack.
    #[serde(default)]
    pub primary: f64,
    /// Spells whose next cast becomes instant; casting one consumes the buff.
    #[serde(default)]
    pub makes_instant: Vec<String>,
    /// Spells whose cast consumes the buff.
    #[serde(default)]
    pub consumed_by: Vec<String>,
    /// How the buff procs (besides spells' `applies_buff`).
    #[serde(default)]
    pub trigger: Option<TriggerDef>,
    /// Spell whose cooldown is reset when the buff is gained.
    #[serde(default)]
    pub resets_cooldown: Option<String>,
}

/// Auto-attacks on a (hasted) swing timer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoAttackDef {
    /// Base swing time in seconds.
    pub speed: f64,
    /// Damage per swing as a multiple of power.
    pub coefficient: f64,
    /// Primary resource generated per swing.
    #[serde(default)]
    pub gain: f64,
    /// Damage spread.
    #[serde(default)]
    pub variance: f64,
    /// Melee swings: they miss (out of range) while moving.
    #[serde(default)]
    pub melee: bool,
}

/// A pet that attacks on its own timer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PetDef {
    /// Identifier used in the APL (`pet.NAME.active`).
    pub name: String,
    /// Seconds between attacks (hasted by the owner's haste).
    pub speed: f64,
    /// Damage per attack as a multiple of the owner's power.
    pub coefficient: f64,
    /// Seconds a summon lasts; 0 = permanent and present from the pull.
    #[serde(default)]
    pub duration: f64,
}

/// A spec file as written.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// Identifier (`--spec ID`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Class name.
    pub class: String,
    /// Specialisation name.
    pub spec: String,
    /// Short description.
    #[serde(default)]
    pub description: String,
    /// Primary resource.
    pub resource: ResourceDef,
    /// Secondary resource.
    #[serde(default)]
    pub secondary: Option<SecondaryDef>,
    /// Mastery.
    pub mastery: MasteryDef,
    /// Default character.
    pub character: Character,
    /// Whether haste shortens the GCD (default true; false for the classes whose GCD stays at
    /// its base, as energy users' 1.0 s GCD does).
    #[serde(default = "yes")]
    pub hasted_gcd: bool,
    /// Auto-attacks.
    #[serde(default)]
    pub auto_attack: Option<AutoAttackDef>,
    /// Pet.
    #[serde(default)]
    pub pet: Option<PetDef>,
    /// Spellbook.
    pub spells: Vec<SpellDef>,
    /// Buffs.
    #[serde(default)]
    pub buffs: Vec<BuffDef>,
    /// Default rotation (APL text).
    pub apl: String,
}

fn yes() -> bool {
    true
}
fn one() -> u32 {
    1
}
fn default_gcd() -> f64 {
    1.5
}
