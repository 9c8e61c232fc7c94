//! Rotations (built-in and players' own), the bodies that create and change them, and the
//! simulate form's choices.

use serde::{Deserialize, Serialize};

/// Longest rotation name, in characters.
pub const MAX_ROTATION_NAME: usize = 80;
/// Longest rotation description, in characters.
pub const MAX_ROTATION_DESCRIPTION: usize = 2000;
/// Most rotations one player may keep.
pub const MAX_ROTATIONS_PER_PLAYER: i64 = 200;

/// A rotation: a built-in (read-only, shared) or one of the caller's own (`GET /api/rotations`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Rotation {
    /// UUID.
    pub id: String,
    /// Stable short name (the engine spec id for built-ins, the id for players' rotations).
    pub slug: String,
    /// Display name (1–80 characters).
    pub name: String,
    /// What it is for (may be empty).
    #[serde(default)]
    pub description: String,
    /// Class, for grouping.
    pub class: String,
    /// Specialisation.
    pub spec: String,
    /// The engine spec it runs on.
    pub spec_id: String,
    /// Whether it ships with Rotasim (read-only).
    pub builtin: bool,
    /// The rotation text (APL).
    pub apl: String,
    /// The rotation this one was forked from, if any (it may since have been deleted).
    #[serde(default)]
    pub forked_from: Option<String>,
    /// Starts at 1; +1 whenever the APL text changes (results record the version they ran).
    #[serde(default = "first_version")]
    pub version: i32,
    /// When it was created (RFC 3339).
    #[serde(default)]
    pub created_at: String,
    /// When it was last changed (RFC 3339).
    #[serde(default)]
    pub updated_at: String,
}

fn first_version() -> i32 {
    1
}

/// `POST /api/rotations` and `PUT /api/rotations/{id}` body. On update `specId` may be omitted
/// (a rotation's spec never changes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RotationInput {
    /// The spec (`GET /api/specs`); required on create.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(example = "fire_mage"))]
    pub spec_id: Option<String>,
    /// Display name, 1–80 characters.
    #[cfg_attr(feature = "ssr", schema(example = "My rotation"))]
    pub name: String,
    /// Description, at most 2000 characters.
    #[serde(default)]
    pub description: String,
    /// The APL text (at most 64 KiB); it must compile.
    #[cfg_attr(feature = "ssr", schema(example = "actions=fireball"))]
    pub apl: String,
}

impl RotationInput {
    /// The rotation form's fields as a browser posts them without JavaScript (`specId`, `name`,
    /// `description`, `apl`; others are ignored). A browser sends the textarea's line breaks
    /// as CR LF: they are stored as LF, as the editor writes them.
    pub fn from_form<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> RotationInput {
        let mut input = RotationInput::default();
        for (name, value) in pairs {
            match name {
                "specId" => input.spec_id = Some(value.to_string()),
                "name" => input.name = value.to_string(),
                "description" => input.description = value.to_string(),
                "apl" => input.apl = value.replace("\r\n", "\n"),
                _ => {}
            }
        }
        input
    }
}

/// A rotation form the server did not save (posted without JavaScript): the page is rendered
/// again with what was sent and what was wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RotationEcho {
    /// What was posted.
    pub input: RotationInput,
    /// Field name → message.
    pub errors: std::collections::BTreeMap<String, String>,
    /// What went wrong, when it is no one field.
    pub message: Option<String>,
}

/// `POST /api/rotations/{id}/fork` body (optional): the copy's name (default "<name> (copy)").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForkInput {
    /// The copy's name.
    #[serde(default)]
    pub name: Option<String>,
}

/// A rotation as the simulate form offers it: the rotation plus its spec's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RotationChoice {
    /// The rotation.
    pub rotation: Rotation,
    /// What the spec plays like.
    pub description: String,
    /// Primary resource name.
    pub resource: String,
    /// The spec's default character (the form's starting stats).
    pub character: rotasim_engine::Character,
}

/// Everything the simulate form is built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimulateOptions {
    /// Rotations grouped by class and spec (sorted): the built-ins, then the caller's own.
    pub rotations: Vec<RotationChoice>,
    /// The caller's saved characters.
    #[serde(default)]
    pub characters: Vec<SavedCharacter>,
    /// Shortest fight, seconds.
    pub min_duration: f64,
    /// Longest fight, seconds.
    pub max_duration: f64,
    /// Most iterations.
    pub max_iterations: u32,
    /// Most targets of an aoe fight.
    pub max_targets: u32,
    /// Targets of an aoe fight by default.
    pub default_targets: u32,
}

/// Longest character name, in characters.
pub const MAX_CHARACTER_NAME: usize = 80;
/// Most characters one player may keep.
pub const MAX_CHARACTERS_PER_PLAYER: i64 = 100;

/// A player's named character for one spec (`GET /api/characters`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SavedCharacter {
    /// UUID.
    pub id: String,
    /// The spec it is for.
    pub spec_id: String,
    /// Display name (1–80 characters).
    pub name: String,
    /// Its stats.
    pub character: rotasim_engine::Character,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it was last changed (RFC 3339).
    pub updated_at: String,
}

/// `POST /api/characters` and `PUT /api/characters/{id}` body (`specId` may be omitted on update).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CharacterInput {
    /// The spec; required on create.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(example = "fire_mage"))]
    pub spec_id: Option<String>,
    /// Display name, 1–80 characters.
    #[cfg_attr(feature = "ssr", schema(example = "Alt"))]
    pub name: String,
    /// The stats.
    pub character: rotasim_engine::Character,
}

/// The problem with a display name, if any: trimmed, 1..=`max` characters, no control characters.
pub fn name_error(name: &str, max: usize) -> Option<String> {
    let trimmed = name.trim();
    let n = trimmed.chars().count();
    if n == 0 {
        Some("must not be empty".into())
    } else if n > max {
        Some(format!("must be at most {max} characters (it has {n})"))
    } else if trimmed.chars().any(char::is_control) {
        Some("must not contain control characters".into())
    } else {
        None
    }
}
