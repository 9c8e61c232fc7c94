//! Explaining the sample iteration: every decision as a row of its [`Sequence`] (the cast and
//! the state before it, or a wait and why), and for every line looked at above the one taken,
//! the first reason it was skipped — a condition down to the sub-expression that was false and
//! the values it read. Only iterations that keep an event log explain; the others pay one
//! branch per decision.

use super::{choose::Block, Sim};
use crate::{
    apl::{render, render_number, Action, BinOp, Expr},
    insight::{Sequence, SequenceRow, SkipReason, Skipped, WaitReason},
};

/// Rounded to milliseconds (or thousandths of a resource): what a reader needs, and a
/// compact report.
fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The sequence keeps at most this many rows.
const MAX_ROWS: usize = 3_000;

/// The explanation being written for this iteration.
#[derive(Debug, Default)]
pub(crate) struct Explain {
    rows: Vec<SequenceRow>,
    /// Lines skipped since the last decision.
    skips: Vec<Skipped>,
    truncated: bool,
}

impl Explain {
    /// The finished sequence of iteration `iteration`, `length` seconds long.
    pub(crate) fn into_sequence(self, iteration: u64, length: f64) -> Sequence {
        Sequence {
            iteration,
            length,
            rows: self.rows,
            truncated: self.truncated,
        }
    }

    fn push(&mut self, row: SequenceRow) {
        if self.rows.len() < MAX_ROWS {
            self.rows.push(row);
        } else {
            self.truncated = true;
        }
    }
}

impl Sim<'_> {
    /// A readiness block in a player's terms.
    pub(super) fn block_reason(&self, b: Block) -> SkipReason {
        let f = &self.st.spec.full;
        match b {
            Block::Cooldown(remains) => SkipReason::Cooldown { remains },
            Block::Resource(have, need) => SkipReason::Resource {
                resource: f.resource.name.clone(),
                have,
                need,
            },
            Block::Secondary(have, need) => SkipReason::Resource {
                resource: f
                    .secondary
                    .as_ref()
                    .map_or(String::new(), |s| s.name.clone()),
                have,
                need,
            },
            Block::Buff(i) => SkipReason::RequiresBuff {
                buff: f.buffs[i].id.clone(),
            },
            Block::Execute(health_pct, below_pct) => SkipReason::Execute {
                health_pct: r3(health_pct),
                below_pct,
            },
            Block::Moving => SkipReason::Moving,
            Block::Lockout(uses) => SkipReason::Lockout { uses },
            Block::MovementSoon(cast_time, moves_in) => SkipReason::MovementSoon {
                cast_time: r3(cast_time),
                moves_in: r3(moves_in),
            },
        }
    }

    /// Why cast line `line` (of `spell`) did not act, on the current target.
    fn cast_skip(&self, spell: usize, action: &Action) -> SkipReason {
        match self.blocked(spell, self.cur_target) {
            Some(b) => self.block_reason(b),
            None => match &action.condition {
                Some(c) => self.why_false(c),
                // Unreachable in practice: a usable line without a condition acts.
                None => SkipReason::Condition {
                    expr: String::new(),
                    values: String::new(),
                },
            },
        }
    }

    /// Notes why cast line `line` did not act (with `cycle`, on no target).
    pub(super) fn note_cast_skip(&mut self, line: u16, spell: usize, action: &Action, cycle: bool) {
        let first = self.cast_skip(spell, action);
        let reason = if cycle && self.st.targets > 1 {
            SkipReason::NoTarget {
                first: Box::new(first),
            }
        } else {
            first
        };
        self.note(line, reason);
    }

    /// Notes that line `line`'s condition was false.
    pub(super) fn note_condition_skip(&mut self, line: u16, action: &Action) {
        if let Some(c) = &action.condition {
            let reason = self.why_false(c);
            self.note(line, reason);
        }
    }

    pub(super) fn note(&mut self, line: u16, reason: SkipReason) {
        if let Some(x) = self.explain.as_mut() {
            x.skips.push(Skipped {
                line: line as u32,
                reason,
            });
        }
    }

    /// The part of false condition `e` that made it false, and the values it read.
    fn why_false(&self, e: &Expr) -> SkipReason {
        let (expr, values) = self.false_part(e);
        SkipReason::Condition { expr, values }
    }

    fn text(&self, e: &Expr) -> String {
        render(e, self.st.spec, &self.st.apl.variables)
    }

    fn reading(&self, e: &Expr) -> Option<String> {
        match e {
            Expr::Const(_) => None,
            _ => Some(format!(
                "{} = {}",
                self.text(e),
                render_number(self.eval(e))
            )),
        }
    }

    fn false_part(&self, e: &Expr) -> (String, String) {
        match e {
            Expr::Bin(BinOp::And, l, r) => {
                if self.truthy(l) {
                    self.false_part(r)
                } else {
                    self.false_part(l)
                }
            }
            Expr::Bin(BinOp::Or, l, r) => {
                let (_, a) = self.false_part(l);
                let (_, b) = self.false_part(r);
                let values = [a, b]
                    .into_iter()
                    .filter(|v| !v.is_empty())
                    .collect::<Vec<_>>()
                    .join("; ");
                (self.text(e), values)
            }
            Expr::Bin(_, l, r) => {
                let values = [self.reading(l), self.reading(r)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ");
                (self.text(e), values)
            }
            Expr::Not(x) => (self.text(e), self.reading(x).unwrap_or_default()),
            _ => (self.text(e), self.reading(e).unwrap_or_default()),
        }
    }

    /// Ids of the buffs up now.
    fn buffs_up(&self) -> Vec<String> {
        let f = &self.st.spec.full;
        self.buffs
            .iter()
            .enumerate()
            .filter(|(_, b)| b.stacks > 0)
            .map(|(i, _)| f.buffs[i].id.clone())
            .collect()
    }

    /// Records the decision to cast `spell` on `target` by `line` (when explaining; inlined to
    /// that test, as most iterations do not explain).
    #[inline(always)]
    pub(super) fn record_cast(&mut self, line: u16, spell: usize, target: usize) {
        if self.explain.is_some() {
            self.push_cast_row(line, spell, target);
        }
    }

    /// [`Self::record_cast`] for an iteration that explains.
    #[inline(never)]
    fn push_cast_row(&mut self, line: u16, spell: usize, target: usize) {
        let Some(skipped) = self.explain.as_mut().map(|x| std::mem::take(&mut x.skips)) else {
            return;
        };
        let f = &self.st.spec.full;
        let row = SequenceRow::Cast {
            time: r3(self.now),
            line: line as u32,
            spell: f.spells[spell].id.clone(),
            target: target as u32,
            resource: r3(self.resource_at(self.now)),
            secondary: f.secondary.as_ref().map(|_| r3(self.secondary)),
            buffs: self.buffs_up(),
            skipped,
        };
        if let Some(x) = self.explain.as_mut() {
            x.push(row);
        }
    }

    /// Records a decision to wait for `reason` (when explaining): a new row, or the running
    /// wait's row when it waits for the same thing. `blocker` is the line waited for.
    pub(super) fn record_wait(
        &mut self,
        reason: WaitReason,
        line: Option<u16>,
        blocker: Option<(u16, usize, Block)>,
    ) {
        if self.explain.is_none() {
            return;
        }
        let f = &self.st.spec.full;
        let detail = match (reason, blocker) {
            (WaitReason::WaitAction, _) => "a wait line".to_string(),
            (_, Some((_, spell, b))) => {
                format!(
                    "{}: {}",
                    f.spells[spell].id,
                    self.block_reason(b).describe()
                )
            }
            _ => "no castable line's condition holds".to_string(),
        };
        let now = self.now;
        let continuing = matches!(self.idle_since(), Some(t) if t < now);
        if let Some(x) = self.explain.as_mut() {
            let skips = std::mem::take(&mut x.skips);
            if let Some(SequenceRow::Wait {
                line: l, reason: r, ..
            }) = x.rows.last()
            {
                // The same wait goes on (the running row's duration is set when it ends).
                if *r == reason && *l == line.map(u32::from) && continuing {
                    return;
                }
            }
            if let Some(SequenceRow::Wait { time, duration, .. }) = x.rows.last_mut() {
                *duration = r3((now - *time).max(0.0));
            }
            x.push(SequenceRow::Wait {
                time: r3(now),
                duration: 0.0,
                reason,
                detail,
                line: line.map(u32::from),
                skipped: skips,
            });
        }
    }

    /// The running wait ended at `t`: its row's duration (when explaining).
    pub(super) fn close_wait_row(&mut self, t: f64) {
        if let Some(x) = self.explain.as_mut() {
            if let Some(SequenceRow::Wait { time, duration, .. }) = x.rows.last_mut() {
                *duration = r3((t - *time).max(0.0));
            }
        }
    }
}
