//! One-line help for every action and option of the language: what an editor shows on hover
//! (listed in the [`Vocabulary`](super::Vocabulary)). A test checks that every action and option
//! the compiler knows has its line.

/// (name, help) of each action that is not a spell.
pub(super) const ACTIONS: [(&str, &str); 13] = [
    ("call_action_list", "call_action_list,name=LIST: evaluate LIST; if nothing in it acts, go on here"),
    ("run_action_list", "run_action_list,name=LIST: evaluate LIST and stop this decision there"),
    ("variable", "variable,name=X,value=EXPR[,op=set|add|sub|min|max|reset]: set variable.X"),
    ("wait", "wait,sec=EXPR: do nothing for up to EXPR seconds"),
    ("cancel_buff", "cancel_buff,name=BUFF: remove BUFF from the player now (takes no time)"),
    ("pool_resource", "pool_resource,for_next=1[,extra_amount=N]: if the next spell is held back only by the resource (or would leave less than N), wait for it"),
    ("use_item", "use_item,name=ITEM: use the character's on-use item ITEM (off the GCD)"),
    ("use_items", "use_items: use the first ready on-use item of the character, in gear order"),
    ("potion", "potion: drink the character's potion (one per fight unless it says otherwise; a precombat potion counts)"),
    ("snapshot_stats", "snapshot_stats: no effect (SimulationCraft records stats for its report)"),
    ("auto_attack", "auto_attack: no effect (auto-attacks start by themselves at the pull)"),
    ("auto_shot", "auto_shot: no effect (auto-attacks start by themselves at the pull)"),
    ("spell", "SPELL[,if=…]: cast a spell of the spec"),
];

/// (name, help) of each option.
pub(super) const OPTIONS: [(&str, &str); 19] = [
    ("if", "if=EXPR: the action applies only when EXPR holds"),
    ("name", "name=…: the list, variable, buff or item the action is about"),
    ("value", "value=EXPR: the operand of a variable action"),
    ("op", "op=set|add|sub|min|max|reset: how a variable action changes its variable"),
    ("sec", "sec=EXPR: seconds to wait"),
    ("cycle_targets", "cycle_targets=1: try each target in turn; the first where the action applies"),
    ("target_if", "target_if=min:EXPR|max:EXPR|EXPR: of the targets the spell is usable on, the one where EXPR is least / greatest / first true; if= is then read on it"),
    ("line_cd", "line_cd=N: the line may act again only N seconds after it last did"),
    ("interrupt_if", "interrupt_if=EXPR: stop this channel at the first tick where EXPR holds"),
    ("for_next", "for_next=1: pool_resource pools for the action right after it"),
    ("extra_amount", "extra_amount=N: pool_resource waits for N more than the next spell's cost"),
    ("use_off_gcd", "use_off_gcd=1: also usable while the GCD runs (spells off the GCD, items, potion)"),
    ("use_while_casting", "use_while_casting=1: also usable during a cast or channel (instants off the GCD, items, potion)"),
    ("chain", "chain=1: at this channel's last tick, cast it again at once (no latency) when its if= holds and it is usable; the lines above it are not looked at"),
    ("early_chain_if", "early_chain_if=EXPR: at an earlier tick of this channel where EXPR holds, cast it again at once (the ticks left are lost), as chain=1 does"),
    ("interrupt_immediate", "interrupt_immediate=1: interrupt_if stops the channel as soon as it holds (at any event), not at the next tick"),
    ("cancel_if", "cancel_if=EXPR: stop this cast or channel as soon as EXPR holds (at any event); a stopped cast does nothing and its cost is spent"),
    ("sync", "sync=SPELL: the line applies only when SPELL is usable too (charges, resource, required buff; not its lines' if=)"),
    ("moving", "moving=1: the line applies only while the player moves; moving=0: only while standing"),
];
