//! The event loop: one iteration from the pull to the end of the fight. It sets the fight up
//! (length, movement, swings, permanent pet, precombat), then pops events in time order and
//! dispatches each to the part of the fight it belongs to.

use super::{
    state::{Entry, Ev, NO_LINE},
    Sim,
};
use crate::{config::FightKind, rng::Rng};

/// The outcome of one iteration, summed by the caller.
pub(crate) struct IterOutcome {
    /// Total damage.
    pub(crate) damage: f64,
    /// Fight length in seconds.
    pub(crate) length: f64,
}

impl Sim<'_> {
    /// Runs one iteration with `rng`; the per-iteration accounting is left in `self`.
    pub(crate) fn run(&mut self, rng: Rng, log: bool) -> IterOutcome {
        self.reset(rng, log);
        let st = self.st;
        let f = &st.spec.full;
        self.end = if st.vary {
            st.duration * self.rng.range(0.8, 1.2)
        } else {
            st.duration
        };
        let end = self.end;
        self.schedule(end, Ev::End);
        if st.fight == FightKind::Movement {
            self.next_move = self.rng.range(10.0, 20.0);
            let t = self.next_move;
            self.schedule(t, Ev::MoveStart);
        }
        if f.auto_attack.is_some() {
            self.schedule(0.0, Ev::Swing);
        }
        if let Some(p) = &f.pet {
            if p.duration <= 0.0 {
                self.pet_until = f64::INFINITY;
                self.pet_gen += 1;
                let gen = self.pet_gen;
                self.schedule(0.0, Ev::PetAttack { gen });
            }
        }
        self.schedule_raid_buffs();
        self.precombat();
        self.schedule_ready(0.0);

        while let Some(Entry { t, ev, .. }) = self.queue.pop() {
            self.sample_until(t);
            self.now = t;
            match ev {
                Ev::End => break,
                Ev::Ready { gen } => {
                    if gen == self.ready_gen {
                        self.on_ready();
                    }
                }
                Ev::CastEnd {
                    spell,
                    target,
                    line,
                } => self.on_cast_end(spell as usize, target as usize, line),
                Ev::ChannelTick { gen } => {
                    if gen == self.channel_gen {
                        self.on_channel_tick();
                    }
                }
                Ev::DotTick { slot, gen } => self.on_dot_tick(slot as usize, gen),
                Ev::BuffExpire { buff, gen } => {
                    if self.buffs[buff as usize].gen == gen && self.buffs[buff as usize].stacks > 0
                    {
                        self.expire_buff(buff as usize);
                    }
                }
                Ev::Swing => self.on_swing(),
                Ev::PetAttack { gen } => {
                    if gen == self.pet_gen {
                        self.on_pet_attack();
                    }
                }
                Ev::BusyCheck { gen } => self.on_busy_check(gen),
                Ev::Impact {
                    spell,
                    target,
                    line,
                } => self.impact(spell as usize, target as usize, 1.0, 1.0, line),
                Ev::Notice => self.on_notice(),
                Ev::External { buff } => self.on_external(buff as usize),
                Ev::MoveStart => self.on_move_start(),
                Ev::MoveEnd => self.on_move_end(),
            }
            if self.watch_line != NO_LINE {
                self.watch_cast();
            }
        }
        self.now = end;
        self.sample_until(end);
        self.finish_buffs();
        self.finish_accounting();
        IterOutcome {
            damage: self.total,
            length: end,
        }
    }
}
