//! Resolving a validated spec file's references (spell and buff names) to indices, once, so the
//! simulator never looks up a name.

use super::{
    error::SpecError,
    file::{BuffDef, SpecFile, SpellDef},
};
use std::collections::HashMap;

/// A buff's references, as spell indices.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BuffRefs {
    /// Spells it makes instant.
    pub instant_for: Vec<usize>,
    /// Spells that consume it.
    pub consumed_by: Vec<usize>,
    /// Spells whose events can trigger it (empty = any).
    pub trigger_spells: Vec<usize>,
    /// The cooldown it resets.
    pub resets: Option<usize>,
}

/// A spell's references, as buff indices.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SpellRefs {
    /// The buff it applies.
    pub applies: Option<usize>,
    /// The buff it requires.
    pub requires: Option<usize>,
}

/// A spec file's names and references as indices.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Resolved {
    /// Spell id → index.
    pub spell_index: HashMap<String, usize>,
    /// Buff id → index.
    pub buff_index: HashMap<String, usize>,
    /// Per buff, in file order.
    pub buffs: Vec<BuffRefs>,
    /// Per spell, in file order.
    pub spells: Vec<SpellRefs>,
}

/// Resolves every reference of `file`, whose ids are valid and unique; the first unknown name (in
/// file order: buffs, then spells) is the error.
pub(super) fn resolve(file: &SpecFile) -> Result<Resolved, SpecError> {
    let spells = Names::new(&file.id, "spell", file.spells.iter().map(|s| &s.id));
    let buffs = Names::new(&file.id, "buff", file.buffs.iter().map(|b| &b.id));
    let buff_refs = file
        .buffs
        .iter()
        .map(|b| buff_refs(&spells, b))
        .collect::<Result<_, _>>()?;
    let spell_refs = file
        .spells
        .iter()
        .map(|s| spell_refs(&buffs, s))
        .collect::<Result<_, _>>()?;
    Ok(Resolved {
        spell_index: spells.index,
        buff_index: buffs.index,
        buffs: buff_refs,
        spells: spell_refs,
    })
}

fn buff_refs(spells: &Names, b: &BuffDef) -> Result<BuffRefs, SpecError> {
    let field = |k: &str| format!("buffs[{}].{k}", b.id);
    Ok(BuffRefs {
        instant_for: spells.all(field("makes_instant"), &b.makes_instant)?,
        consumed_by: spells.all(field("consumed_by"), &b.consumed_by)?,
        trigger_spells: match &b.trigger {
            Some(t) => spells.all(field("trigger.spells"), &t.spells)?,
            None => Vec::new(),
        },
        resets: spells.optional(field("resets_cooldown"), &b.resets_cooldown)?,
    })
}

fn spell_refs(buffs: &Names, s: &SpellDef) -> Result<SpellRefs, SpecError> {
    let field = |k: &str| format!("spells[{}].{k}", s.id);
    Ok(SpellRefs {
        applies: buffs.optional(field("applies_buff"), &s.applies_buff)?,
        requires: buffs.optional(field("requires_buff"), &s.requires_buff)?,
    })
}

/// The spells' or the buffs' names of one spec.
struct Names<'a> {
    spec: &'a str,
    /// `spell` or `buff`, for messages.
    kind: &'a str,
    index: HashMap<String, usize>,
}

impl<'a> Names<'a> {
    fn new(spec: &'a str, kind: &'a str, ids: impl Iterator<Item = &'a String>) -> Self {
        let index = ids.enumerate().map(|(i, id)| (id.clone(), i)).collect();
        Names { spec, kind, index }
    }

    /// The index of `name`, referenced at `field`.
    fn get(&self, field: String, name: &str) -> Result<usize, SpecError> {
        self.index.get(name).copied().ok_or_else(|| {
            SpecError::invalid(self.spec, field, format!("unknown {} '{name}'", self.kind))
        })
    }

    /// The indices of `names`, all referenced at `field`.
    fn all(&self, field: String, names: &[String]) -> Result<Vec<usize>, SpecError> {
        names.iter().map(|n| self.get(field.clone(), n)).collect()
    }

    /// The index of `name`, if one is given.
    fn optional(&self, field: String, name: &Option<String>) -> Result<Option<usize>, SpecError> {
        name.as_deref().map(|n| self.get(field, n)).transpose()
    }
}
