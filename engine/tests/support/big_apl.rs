//! 64 KiB rotations for fire_mage, shared by the tests and the benches.

use rotasim_engine::apl::{MAX_ACTIONS, MAX_APL_BYTES};

/// A valid rotation of `MAX_ACTIONS` actions with long conditions, just under `MAX_APL_BYTES`.
pub fn valid() -> String {
    let mut text = String::from("actions=fireball\n");
    for i in 1..MAX_ACTIONS {
        let mut line = format!(
            "actions+=/pyroblast,if=buff.hot_streak.up&(cooldown.combustion.remains>{}|mana.pct<{})",
            i % 90,
            i % 100
        );
        while line.len() + 8 <= 126 {
            line.push_str("&!moving");
        }
        text.push_str(&format!("{line:<126}\n"));
    }
    text
}

/// Just under `MAX_APL_BYTES` of errors: misspelt spells and buffs, bad operators, lines that
/// are not actions, and more than `MAX_ACTIONS` actions.
pub fn errors() -> String {
    let text = "actions+=/firebal,if=buff.hot_strek.up&mana>>1\nnot a line\n".repeat(1200);
    let end = text[..MAX_APL_BYTES].rfind('\n').unwrap_or(0);
    text[..end].to_string()
}
