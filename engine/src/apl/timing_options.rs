//! Reading the options about when a cast starts and stops: `chain`, `early_chain_if`,
//! `interrupt_immediate`, `cancel_if` (what a channel or cast may be cut short by), `sync` and
//! `moving` (when a line may act at all).

use super::{
    compiled::TimingOptions,
    error::{closest, AplError, Errors},
    expr::Expr,
    lines::{Field, RawAction, RawOpt},
    options::flag,
};
use crate::spec::Spec;

/// The option keys read here.
pub(super) const TIMING_KEYS: [&str; 6] = [
    "chain",
    "early_chain_if",
    "interrupt_immediate",
    "cancel_if",
    "sync",
    "moving",
];

/// Parses an expression of an option's value.
pub(super) type ParseExpr<'f> = &'f dyn Fn(Field, &mut Errors) -> Option<Expr>;

/// Reads option `o` (one of [`TIMING_KEYS`]) of action `a` into `t`, recording its errors.
pub(super) fn read(
    spec: &Spec,
    a: &RawAction,
    o: &RawOpt,
    t: &mut TimingOptions,
    expr: ParseExpr,
    errors: &mut Errors,
) {
    let spell = spec.spell(a.name.text).map(|s| &spec.full.spells[s]);
    let key = o.key.text;
    match key {
        "chain" | "early_chain_if" | "interrupt_immediate" => {
            match key {
                "chain" => t.chain = flag(o, errors),
                "interrupt_immediate" => t.interrupt_immediate = flag(o, errors),
                _ => t.early_chain_if = expr(o.value, errors),
            }
            if spell.is_some_and(|s| s.channel.is_none()) {
                let message = format!("{key}: '{}' is not a channel", a.name.text);
                let hint = "chain, early_chain_if and interrupt_immediate are about the ticks of a channelled spell";
                errors.push(AplError::new(o.key.span, message).with_hint(Some(hint.into())));
            } else if key == "interrupt_immediate" && a.opt("interrupt_if").is_none() {
                errors.push(
                        AplError::new(o.key.span, "interrupt_immediate without interrupt_if")
                            .with_hint(Some(
                                "it makes interrupt_if=EXPR stop the channel as soon as EXPR holds; add one, or use cancel_if=EXPR".into(),
                            )),
                    );
            }
        }
        "cancel_if" => {
            t.cancel_if = expr(o.value, errors);
            if spell.is_some_and(|s| s.channel.is_none() && s.cast_time <= 0.0) {
                let message = format!("cancel_if: '{}' is instant", a.name.text);
                let hint = "cancel_if stops a spell with a cast time or a channel";
                errors.push(AplError::new(o.key.span, message).with_hint(Some(hint.into())));
            }
        }
        "sync" => {
            let name = o.value.text;
            match spec.spell(name) {
                Some(s) => t.sync = Some(s as u16),
                None => {
                    let near = closest(name, spec.spell_ids());
                    errors.push(
                        AplError::new(o.value.span, format!("sync: unknown spell '{name}'"))
                            .with_hint(Some("sync=SPELL: a spell of the spec".into()))
                            .did_you_mean(near, str::to_string),
                    );
                }
            }
        }
        _ => t.moving = Some(flag(o, errors)),
    }
}
