//! Scheduling: putting events on the heap. Every other part of the fight schedules through here.

use super::{
    state::{Entry, Ev},
    Sim,
};

impl Sim<'_> {
    /// Schedules `ev` at `t`; events at the same time run in the order they were scheduled.
    pub(super) fn schedule(&mut self, t: f64, ev: Ev) {
        self.seq += 1;
        self.queue.push(Entry::new(t, self.seq, ev));
    }

    /// Schedules the player's next decision at `t` (not before now); earlier ones are superseded.
    pub(super) fn schedule_ready(&mut self, t: f64) {
        self.ready_gen = self.ready_gen.wrapping_add(1);
        let gen = self.ready_gen;
        self.schedule(t.max(self.now), Ev::Ready { gen });
    }
}
