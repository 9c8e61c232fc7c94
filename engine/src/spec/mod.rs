//! Spec files: a class specialisation's spellbook, buffs, resources, default character and rotation.
//!
//! Loading a spec runs in steps, one file each: `file` is the TOML shape as written (the format
//! is documented in `engine/README.md`); `validate` checks its values; `resolve` turns every
//! cross-reference into an index once, so the simulator never looks up names. The default rotation
//! is compiled by the APL compiler, which depends on this module and not the other way round:
//! see [`crate::catalog::load_spec`], which loads a spec with its rotation checked.

mod error;
mod extras;
mod file;
mod resolve;
mod validate;

pub use error::SpecError;
pub(crate) use extras::Extras;
pub use extras::{
    BLOODLUST, BLOODLUST_DURATION, BLOODLUST_HASTE, POTION, POWER_INFUSION,
    POWER_INFUSION_DURATION, POWER_INFUSION_HASTE,
};
pub use file::{
    AutoAttackDef, BuffDef, ChannelDef, DotDef, MasteryDef, MasteryEffect, PetDef, ResourceDef,
    SecondaryDef, SpecFile, SpellDef, TriggerDef, TriggerOn,
};
pub(crate) use resolve::{BuffRefs, SpellRefs};
pub use validate::{MAX_BUFFS, MAX_SPELLS};

use crate::stats::Character;
use resolve::Resolved;

/// A checked spec with every name resolved to an index.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// The file's content, as written.
    pub file: SpecFile,
    /// What is simulated: the file with the raid buffs, its character's on-use items and its
    /// potion added to the spellbook (see `extras`).
    pub full: SpecFile,
    resolved: Resolved,
    pub(crate) extras: Extras,
}

impl Spec {
    /// Reads a spec file's text and checks it ([`Spec::from_file`]); its default rotation is
    /// checked by [`crate::catalog::load_spec`].
    pub fn from_toml(text: &str) -> Result<Spec, SpecError> {
        let file: SpecFile = toml::from_str(text).map_err(|e| SpecError::Parse(e.to_string()))?;
        Spec::from_file(file)
    }

    /// Validates a parsed spec file and resolves its references to indices.
    pub fn from_file(file: SpecFile) -> Result<Spec, SpecError> {
        validate::check(&file)?;
        let (full, extras) = extras::extend(&file)?;
        let resolved = resolve::resolve(&full)?;
        Ok(Spec {
            file,
            full,
            resolved,
            extras,
        })
    }

    /// This spec with `character` as its character (its on-use items and potion become the
    /// spellbook's): what a run with that character simulates. A character without a potion
    /// drinks the spec's default character's (consumables are not gear: a character saved
    /// before potions existed still runs the built-in rotations that drink one).
    pub fn for_character(&self, character: &Character) -> Result<Spec, SpecError> {
        let mut file = self.file.clone();
        file.character = character.clone();
        if file.character.potion.is_none() {
            file.character.potion = self.file.character.potion.clone();
        }
        Spec::from_file(file)
    }

    /// Whether spell `spell` was added for an on-use item or the potion (not a spell to cast by
    /// name).
    pub(crate) fn is_extra_spell(&self, spell: usize) -> bool {
        spell >= self.file.spells.len()
    }

    /// The spells of the character's on-use items, in gear order.
    pub(crate) fn items(&self) -> &[usize] {
        &self.extras.items
    }

    /// The spec's identifier.
    pub fn id(&self) -> &str {
        &self.file.id
    }

    /// Index of a spell by id.
    pub fn spell(&self, id: &str) -> Option<usize> {
        self.resolved.spell_index.get(id).copied()
    }

    /// Index of a buff by id.
    pub fn buff(&self, id: &str) -> Option<usize> {
        self.resolved.buff_index.get(id).copied()
    }

    /// The references of buff `buff`, as spell indices.
    pub(crate) fn buff_refs(&self, buff: usize) -> &BuffRefs {
        &self.resolved.buffs[buff]
    }

    /// The references of spell `spell`, as buff indices.
    pub(crate) fn spell_refs(&self, spell: usize) -> &SpellRefs {
        &self.resolved.spells[spell]
    }

    /// Spell ids in spellbook order.
    pub fn spell_ids(&self) -> impl Iterator<Item = &str> {
        self.full.spells.iter().map(|s| s.id.as_str())
    }

    /// Buff ids in order.
    pub fn buff_ids(&self) -> impl Iterator<Item = &str> {
        self.full.buffs.iter().map(|b| b.id.as_str())
    }
}
