//! Validation of a spec file's values: identifiers, counts, the range of every number, and the
//! rules that tie fields together. The first problem found is reported.

use super::{
    error::SpecError,
    file::{BuffDef, SpecFile, SpellDef},
};
use crate::items::OnUse;
use std::collections::HashSet;

/// Limits that keep a spec small enough to simulate quickly.
pub const MAX_SPELLS: usize = 64;
/// Maximum buffs in a spec.
pub const MAX_BUFFS: usize = 64;

/// Checks every value of `file`, in file order.
pub(super) fn check(file: &SpecFile) -> Result<(), SpecError> {
    let c = Checker { spec: &file.id };
    if !ident(&file.id) {
        return Err(c.bad("id", "must be lower_snake_case (a-z, 0-9, _)"));
    }
    if file.spells.is_empty() || file.spells.len() > MAX_SPELLS {
        return Err(c.bad("spells", "must list 1 to 64 spells"));
    }
    if file.buffs.len() > MAX_BUFFS {
        return Err(c.bad("buffs", "at most 64 buffs"));
    }
    check_player(&c, file)?;
    let mut ids = HashSet::new();
    for (i, s) in file.spells.iter().enumerate() {
        c.unique_id(&mut ids, "spell", i, &s.id)?;
        check_spell(&c, file, s)?;
    }
    let mut ids = HashSet::new();
    for (i, b) in file.buffs.iter().enumerate() {
        c.unique_id(&mut ids, "buff", i, &b.id)?;
        check_buff(&c, b)?;
    }
    Ok(())
}

/// An identifier: lower_snake_case, starting with a letter, at most 64 bytes.
fn ident(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && s.as_bytes()[0].is_ascii_lowercase()
}

/// Builds the errors of one spec.
struct Checker<'a> {
    spec: &'a str,
}

impl Checker<'_> {
    fn bad(&self, field: impl Into<String>, message: &str) -> SpecError {
        SpecError::invalid(self.spec, field, message)
    }

    /// The id of the `i`-th `kind` (spell or buff) must be an identifier not in `seen` yet.
    fn unique_id<'i>(
        &self,
        seen: &mut HashSet<&'i str>,
        kind: &str,
        i: usize,
        id: &'i str,
    ) -> Result<(), SpecError> {
        if !ident(id) {
            return Err(self.bad(format!("{kind}s[{i}].id"), "must be lower_snake_case"));
        }
        if !seen.insert(id) {
            return Err(self.bad(format!("{kind}s[{id}].id"), &format!("duplicate {kind} id")));
        }
        Ok(())
    }

    /// `v` must be a finite number in `lo..=hi`.
    fn num(&self, field: impl Into<String>, v: f64, lo: f64, hi: f64) -> Result<(), SpecError> {
        if v.is_finite() && v >= lo && v <= hi {
            Ok(())
        } else {
            Err(SpecError::invalid(
                self.spec,
                field,
                format!("{v} is outside {lo}..={hi}"),
            ))
        }
    }
}

/// The resources, mastery, character, auto-attack and pet.
fn check_player(c: &Checker, file: &SpecFile) -> Result<(), SpecError> {
    let r = &file.resource;
    if !ident(&r.name) {
        return Err(c.bad("resource.name", "must be lower_snake_case"));
    }
    c.num("resource.max", r.max, 1.0, 1e9)?;
    c.num("resource.regen", r.regen, 0.0, 1e9)?;
    if let Some(s) = r.start {
        c.num("resource.start", s, 0.0, r.max)?;
    }
    if let Some(s) = &file.secondary {
        if !ident(&s.name) || s.name == r.name {
            return Err(c.bad(
                "secondary.name",
                "must be lower_snake_case and differ from the resource",
            ));
        }
        c.num("secondary.max", s.max, 1.0, 100.0)?;
    }
    c.num("mastery.per_point", file.mastery.per_point, 0.0, 100.0)?;
    let ch = &file.character;
    for (n, v) in [
        ("primary", ch.primary),
        ("crit", ch.crit),
        ("haste", ch.haste),
        ("mastery", ch.mastery),
        ("versatility", ch.versatility),
    ] {
        c.num(format!("character.{n}"), v, 0.0, 1e7)?;
    }
    if let Some(a) = &file.auto_attack {
        c.num("auto_attack.speed", a.speed, 0.1, 10.0)?;
        c.num("auto_attack.coefficient", a.coefficient, 0.0, 1e3)?;
        c.num("auto_attack.gain", a.gain, 0.0, 1e9)?;
        c.num("auto_attack.variance", a.variance, 0.0, 0.9)?;
    }
    if let Some(p) = &file.pet {
        if !ident(&p.name) {
            return Err(c.bad("pet.name", "must be lower_snake_case"));
        }
        c.num("pet.speed", p.speed, 0.1, 10.0)?;
        c.num("pet.coefficient", p.coefficient, 0.0, 1e3)?;
        c.num("pet.duration", p.duration, 0.0, 3600.0)?;
    }
    Ok(())
}

/// One spell's values (its id is checked by the caller).
fn check_spell(c: &Checker, file: &SpecFile, s: &SpellDef) -> Result<(), SpecError> {
    let f = |k: &str| format!("spells[{}].{k}", s.id);
    c.num(f("cast_time"), s.cast_time, 0.0, 60.0)?;
    c.num(f("gcd"), s.gcd, 0.0, 5.0)?;
    c.num(f("cooldown"), s.cooldown, 0.0, 3600.0)?;
    c.num(f("charges"), s.charges as f64, 1.0, 10.0)?;
    c.num(f("cost"), s.cost, 0.0, file.resource.max)?;
    c.num(f("gain"), s.gain, 0.0, 1e9)?;
    c.num(f("secondary_gain"), s.secondary_gain, 0.0, 100.0)?;
    c.num(f("secondary_cost"), s.secondary_cost, 0.0, 100.0)?;
    c.num(f("coefficient"), s.coefficient, 0.0, 1e3)?;
    c.num(f("variance"), s.variance, 0.0, 0.9)?;
    c.num(f("crit_bonus"), s.crit_bonus, 0.0, 1.0)?;
    c.num(f("aoe_cap"), s.aoe_cap as f64, 1.0, 20.0)?;
    c.num(f("execute_below"), s.execute_below, 0.0, 1.0)?;
    c.num(f("travel_time"), s.travel_time, 0.0, 10.0)?;
    if s.travel_time > 0.0 && (s.secondary_cost > 0.0 || s.channel.is_some()) {
        return Err(c.bad(
            f("travel_time"),
            "only for spells that spend no secondary points and are not channelled",
        ));
    }
    if s.gcd == 0.0 && s.cooldown == 0.0 && s.cast_time == 0.0 && s.channel.is_none() {
        return Err(c.bad(
            f("gcd"),
            "a spell off the GCD needs a cooldown or a cast time",
        ));
    }
    if (s.secondary_gain > 0.0 || s.secondary_cost > 0.0) && file.secondary.is_none() {
        return Err(c.bad(f("secondary"), "the spec has no [secondary] resource"));
    }
    if s.summons_pet && file.pet.as_ref().is_none_or(|p| p.duration <= 0.0) {
        return Err(c.bad(f("summons_pet"), "needs a [pet] with a duration"));
    }
    if let Some(d) = &s.dot {
        c.num(f("dot.coefficient"), d.coefficient, 0.0, 1e3)?;
        c.num(f("dot.duration"), d.duration, 0.5, 600.0)?;
        c.num(f("dot.tick"), d.tick, 0.25, d.duration)?;
    }
    if let Some(ch) = &s.channel {
        c.num(f("channel.duration"), ch.duration, 0.25, 30.0)?;
        c.num(f("channel.ticks"), ch.ticks as f64, 1.0, 100.0)?;
        c.num(f("channel.coefficient"), ch.coefficient, 0.0, 1e3)?;
        if s.cast_time > 0.0 {
            return Err(c.bad(f("channel"), "a channel has no cast_time"));
        }
    }
    Ok(())
}

/// One buff's values (its id is checked by the caller).
fn check_buff(c: &Checker, b: &BuffDef) -> Result<(), SpecError> {
    let f = |k: &str| format!("buffs[{}].{k}", b.id);
    c.num(f("duration"), b.duration, 0.1, 3600.0)?;
    c.num(f("max_stacks"), b.max_stacks as f64, 1.0, 100.0)?;
    c.num(f("damage_pct"), b.damage_pct, 0.0, 10.0)?;
    c.num(f("haste_pct"), b.haste_pct, 0.0, 10.0)?;
    c.num(f("crit_pct"), b.crit_pct, 0.0, 1.0)?;
    c.num(f("primary"), b.primary, 0.0, 1e7)?;
    if let Some(t) = &b.trigger {
        c.num(f("trigger.chance"), t.chance, 0.0, 1.0)?;
        c.num(f("trigger.rppm"), t.rppm, 0.0, 60.0)?;
        if t.chance == 0.0 && t.rppm == 0.0 {
            return Err(c.bad(f("trigger"), "needs a chance or an rppm"));
        }
    }
    Ok(())
}

/// The values of an on-use effect written at `field` (`character.gear[0].onUse`).
pub(super) fn check_on_use(spec: &str, field: &str, u: &OnUse) -> Result<(), SpecError> {
    let c = Checker { spec };
    let f = |k: &str| format!("{field}.{k}");
    c.num(f("cooldown"), u.cooldown, 1.0, 3600.0)?;
    c.num(f("duration"), u.duration, 0.1, 3600.0)?;
    c.num(f("primary"), u.primary, 0.0, 1e7)?;
    c.num(f("hastePct"), u.haste_pct, 0.0, 10.0)?;
    c.num(f("critPct"), u.crit_pct, 0.0, 1.0)?;
    c.num(f("damagePct"), u.damage_pct, 0.0, 10.0)
}
