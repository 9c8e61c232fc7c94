//! What every spec adds to its own spellbook: the raid buffs (`bloodlust`, `power_infusion`),
//! and, from its character, one spell and buff per on-use item (id = the item's name in
//! lower_snake_case) and the `potion`. They are ordinary spells (off the GCD, with the item's
//! cooldown, applying the buff of the same id), so cooldowns, buffs, the report and every
//! expression (`buff.bloodlust.up`, `cooldown.potion.ready`) work on them unchanged.

use super::{
    error::SpecError,
    file::{BuffDef, SpecFile, SpellDef},
    validate::check_on_use,
};
use crate::items::{item_id, OnUse};

/// Id of the Bloodlust/Heroism buff.
pub const BLOODLUST: &str = "bloodlust";
/// Haste of Bloodlust.
pub const BLOODLUST_HASTE: f64 = 0.3;
/// Seconds Bloodlust lasts.
pub const BLOODLUST_DURATION: f64 = 40.0;
/// Id of the Power Infusion buff.
pub const POWER_INFUSION: &str = "power_infusion";
/// Haste of Power Infusion.
pub const POWER_INFUSION_HASTE: f64 = 0.2;
/// Seconds Power Infusion lasts.
pub const POWER_INFUSION_DURATION: f64 = 15.0;
/// Id of the potion's spell and buff.
pub const POTION: &str = "potion";

/// Where the added spells and buffs are (indices into the full spellbook).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Extras {
    /// Spells of the on-use items, in gear order.
    pub items: Vec<usize>,
    /// The potion's spell.
    pub potion: Option<usize>,
    /// Potions per fight.
    pub potion_max_uses: u32,
    /// The Bloodlust buff.
    pub bloodlust: usize,
    /// The Power Infusion buff.
    pub power_infusion: usize,
}

/// `file` with the raid buffs, its character's on-use items and its potion added.
pub(super) fn extend(file: &SpecFile) -> Result<(SpecFile, Extras), SpecError> {
    let mut full = file.clone();
    let mut extras = Extras::default();
    let taken = |full: &SpecFile, id: &str| {
        full.spells.iter().any(|s| s.id == id) || full.buffs.iter().any(|b| b.id == id)
    };
    for (id, name, haste, duration) in [
        (BLOODLUST, "Bloodlust", BLOODLUST_HASTE, BLOODLUST_DURATION),
        (
            POWER_INFUSION,
            "Power Infusion",
            POWER_INFUSION_HASTE,
            POWER_INFUSION_DURATION,
        ),
    ] {
        if taken(&full, id) {
            let message = format!("'{id}' is reserved for the raid buff of that name");
            return Err(SpecError::invalid(&file.id, "buffs", message));
        }
        full.buffs.push(buff(id, name, duration));
        full.buffs.last_mut().expect("pushed").haste_pct = haste;
    }
    extras.bloodlust = full.buffs.len() - 2;
    extras.power_infusion = full.buffs.len() - 1;
    for (i, g) in file.character.gear.iter().enumerate() {
        let Some(u) = &g.on_use else { continue };
        let field = format!("character.gear[{i}]");
        let id = item_id(&g.name);
        if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
            let message = "an item with an on-use effect needs a name that starts with a letter";
            return Err(SpecError::invalid(
                &file.id,
                format!("{field}.name"),
                message,
            ));
        }
        if taken(&full, &id) {
            let message = format!("item id '{id}' is already a spell or buff of the spec");
            return Err(SpecError::invalid(
                &file.id,
                format!("{field}.name"),
                message,
            ));
        }
        check_on_use(&file.id, &format!("{field}.onUse"), u)?;
        extras.items.push(add_use(&mut full, &id, &g.name, u));
    }
    if let Some(p) = &file.character.potion {
        if taken(&full, POTION) {
            let message = "'potion' is reserved for the character's potion";
            return Err(SpecError::invalid(&file.id, "character.potion", message));
        }
        check_on_use(&file.id, "character.potion.onUse", &p.on_use)?;
        if !(1..=10).contains(&p.max_uses) {
            let message = "must be 1 to 10";
            return Err(SpecError::invalid(
                &file.id,
                "character.potion.maxUses",
                message,
            ));
        }
        extras.potion = Some(add_use(&mut full, POTION, &p.name, &p.on_use));
        extras.potion_max_uses = p.max_uses;
    }
    Ok((full, extras))
}

/// Adds the spell (off the GCD, instant) and buff `id` of an on-use effect; returns the spell.
fn add_use(full: &mut SpecFile, id: &str, name: &str, u: &OnUse) -> usize {
    let mut b = buff(id, name, u.duration);
    b.primary = u.primary;
    b.haste_pct = u.haste_pct;
    b.crit_pct = u.crit_pct;
    b.damage_pct = u.damage_pct;
    full.buffs.push(b);
    full.spells.push(SpellDef {
        id: id.into(),
        name: name.into(),
        cast_time: 0.0,
        gcd: 0.0,
        cooldown: u.cooldown,
        hasted_cooldown: false,
        charges: 1,
        cost: 0.0,
        gain: 0.0,
        secondary_gain: 0.0,
        secondary_cost: 0.0,
        coefficient: 0.0,
        variance: 0.0,
        crit_bonus: 0.0,
        aoe_cap: 1,
        dot: None,
        channel: None,
        applies_buff: Some(id.into()),
        requires_buff: None,
        movable: true,
        melee: false,
        execute_below: 0.0,
        summons_pet: false,
        travel_time: 0.0,
    });
    full.spells.len() - 1
}

/// A buff without effects yet.
fn buff(id: &str, name: &str, duration: f64) -> BuffDef {
    BuffDef {
        id: id.into(),
        name: name.into(),
        duration,
        max_stacks: 1,
        damage_pct: 0.0,
        haste_pct: 0.0,
        crit_pct: 0.0,
        primary: 0.0,
        makes_instant: Vec::new(),
        consumed_by: Vec::new(),
        trigger: None,
        resets_cooldown: None,
    }
}
