//! Movement windows of the movement fight: while moving, only instants and movable casts work,
//! and a channel that cannot move is broken.

use super::{state::Ev, Sim};
use crate::report::LogKind;

impl Sim<'_> {
    /// Movement starts; schedules its end.
    pub(super) fn on_move_start(&mut self) {
        self.moving = true;
        self.log_event(LogKind::MoveStart, "movement", 0, 0.0, false);
        if let Some(c) = self.channel {
            if !self.st.spec.full.spells[c.spell as usize].movable {
                self.channel = None;
                self.channel_gen = self.channel_gen.wrapping_add(1);
                self.schedule_ready(self.now);
            }
        }
        let end = self.now + self.rng.range(3.0, 6.0);
        self.schedule(end, Ev::MoveEnd);
        self.next_move = f64::INFINITY;
    }

    /// Movement ends; schedules the next window and lets the player act.
    pub(super) fn on_move_end(&mut self) {
        self.moving = false;
        self.log_event(LogKind::MoveEnd, "movement", 0, 0.0, false);
        self.next_move = self.now + self.rng.range(20.0, 30.0);
        let t = self.next_move;
        self.schedule(t, Ev::MoveStart);
        if !self.casting && self.channel.is_none() {
            self.schedule_ready(self.now);
        }
    }
}
