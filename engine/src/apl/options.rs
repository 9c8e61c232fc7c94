//! The options of an action: which ones each action takes, reading number and 0/1 values,
//! `pool_resource`'s, and the error for an option an action does not take.

use super::{
    check::ActionClass,
    compiled::ActionKind,
    error::{closest, AplError, Errors},
    lines::{RawAction, RawOpt},
};

/// Every option key the language knows.
pub(super) const OPTIONS: [&str; 19] = [
    "if",
    "name",
    "value",
    "op",
    "sec",
    "cycle_targets",
    "target_if",
    "line_cd",
    "interrupt_if",
    "for_next",
    "extra_amount",
    "use_off_gcd",
    "use_while_casting",
    "chain",
    "early_chain_if",
    "interrupt_immediate",
    "cancel_if",
    "sync",
    "moving",
];
/// Options of SimulationCraft that this engine does not model (an error with a hint).
const UNSUPPORTED_OPTIONS: [&str; 3] = ["interrupt", "target", "max_energy"];

/// The options an action of class `class` takes.
pub(super) fn options_for(class: ActionClass) -> &'static [&'static str] {
    match class {
        ActionClass::Spell | ActionClass::Unknown => &[
            "if",
            "cycle_targets",
            "target_if",
            "line_cd",
            "interrupt_if",
            "use_off_gcd",
            "use_while_casting",
            "chain",
            "early_chain_if",
            "interrupt_immediate",
            "cancel_if",
            "sync",
            "moving",
        ],
        ActionClass::CallActionList | ActionClass::RunActionList => &["if", "name"],
        ActionClass::Variable => &["if", "name", "value", "op"],
        ActionClass::Wait => &["if", "sec", "line_cd"],
        ActionClass::UseItem => &[
            "if",
            "name",
            "line_cd",
            "use_off_gcd",
            "use_while_casting",
            "sync",
            "moving",
        ],
        ActionClass::UseItems | ActionClass::Potion => &[
            "if",
            "line_cd",
            "use_off_gcd",
            "use_while_casting",
            "sync",
            "moving",
        ],
        ActionClass::CancelBuff => &["if", "name"],
        ActionClass::PoolResource => &["if", "for_next", "extra_amount"],
        ActionClass::Ignored => &[],
    }
}

/// The error of option `o` on action `action`, which takes the options `allowed`.
pub(super) fn option_error(o: &RawOpt, action: &str, allowed: &[&str]) -> AplError {
    let k = o.key.text;
    let takes = if allowed.is_empty() {
        format!("{action} takes no options")
    } else {
        format!("{action} takes {}", allowed.join(", "))
    };
    if OPTIONS.contains(&k) {
        AplError::new(
            o.key.span,
            format!("option '{k}' does not apply to {action}"),
        )
        .with_hint(Some(takes))
    } else if UNSUPPORTED_OPTIONS.contains(&k) {
        AplError::new(o.key.span, format!("option '{k}' is not supported")).with_hint(Some(
            format!("SimulationCraft's '{k}' is not modelled; {takes}"),
        ))
    } else {
        AplError::new(o.key.span, format!("unknown option '{k}'"))
            .with_hint(Some(takes))
            .did_you_mean(closest(k, allowed.iter().copied()), str::to_string)
    }
}

/// `pool_resource,for_next=1[,extra_amount=N]`.
pub(super) fn pool(a: &RawAction, errors: &mut Errors) -> Option<ActionKind> {
    let extra = a
        .opts
        .iter()
        .rfind(|o| o.key.text == "extra_amount")
        .map_or(0.0, |o| number(o, 0.0, 1e9, errors));
    match a.opts.iter().rfind(|o| o.key.text == "for_next") {
        Some(o) if flag(o, errors) => Some(ActionKind::Pool { extra }),
        Some(_) => None,
        None => {
            errors.push(
                AplError::new(a.name.span, "pool_resource needs for_next=1").with_hint(Some(
                    "it pools for the action after it; to wait, use wait,sec=…".into(),
                )),
            );
            None
        }
    }
}

/// A number option in `lo..=hi` (`line_cd=8`); anything else is an error (and 0).
pub(super) fn number(o: &RawOpt, lo: f64, hi: f64, errors: &mut Errors) -> f64 {
    match o.value.text.parse::<f64>() {
        Ok(v) if v.is_finite() && (lo..=hi).contains(&v) => v,
        _ => {
            let message = format!(
                "{}={}: expected a number from {lo} to {hi}",
                o.key.text, o.value.text
            );
            errors.push(AplError::new(o.value.span, message));
            0.0
        }
    }
}

/// A 0/1 option (`cycle_targets=1`); anything else is an error.
pub(super) fn flag(o: &RawOpt, errors: &mut Errors) -> bool {
    match o.value.text {
        "1" => true,
        "0" => false,
        v => {
            let message = format!("{}={v}: expected 0 or 1", o.key.text);
            errors.push(AplError::new(o.value.span, message));
            false
        }
    }
}
