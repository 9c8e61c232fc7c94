//! The event loop: one iteration from the pull to the end of the fight. It sets the fight up
//! (length, movement, swings, permanent pet, precombat), then pops events in time order and
//! dispatches each to the part of the fight it belongs to.

use super::tables::HORIZON;
use super::{
    state::{Ev, NO_LINE},
    Sim,
};
use crate::rng::Rng;

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
        let pilot = self.pilot.is_some();
        self.estimated = st.estimated && !pilot;
        let length = if st.vary && !pilot {
            st.duration * self.rng.range(0.8, 1.2)
        } else {
            st.duration
        };
        // With health pools the fight ends when the boss dies, at the latest at the horizon.
        self.end = if self.estimated {
            length * HORIZON
        } else {
            length
        };
        let end = self.end;
        self.schedule(end, Ev::End);
        self.setup_targets(length);
        if st.fight.moves() {
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

        while let Some(e) = self.queue.pop() {
            let (t, ev) = (e.t(), e.ev);
            self.sample_until(t);
            self.now = t;
            match ev {
                Ev::End => {
                    self.end = t;
                    break;
                }
                Ev::Ready { gen } => {
                    if gen == self.ready_gen {
                        self.on_ready();
                    }
                }
                Ev::CastEnd {
                    spell,
                    target,
                    line,
                    gen,
                } => {
                    if self.casting && gen == self.cast_gen {
                        self.on_cast_end(spell as usize, target as usize, line);
                    }
                }
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
                Ev::Arrive { spawn } => self.on_arrive(spawn as usize),
                Ev::Leave { spawn } => self.on_leave(spawn as usize),
                Ev::MoveStart => self.on_move_start(),
                Ev::MoveEnd => self.on_move_end(),
            }
            if self.watch_line != NO_LINE {
                self.watch_cast();
            }
        }
        let end = self.end;
        self.now = end;
        self.sample_until(end);
        self.tl_used = (end as usize + 1).min(self.tl_damage.len());
        self.finish_targets();
        self.finish_buffs();
        self.finish_accounting();
        IterOutcome {
            damage: self.total,
            length: end,
        }
    }
}
