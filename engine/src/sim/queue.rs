//! Scheduling: the queue of pending events and putting events on it. Every other part of the
//! fight schedules through here.

use super::{
    state::{Entry, Ev},
    Sim,
};

/// The pending events, sorted so that the next one (earliest, then first scheduled) is last.
///
/// A fight keeps only a handful of events pending (about five on average for the reference
/// fire_mage fight, a few dozen with many targets and DoTs), where a sorted vector beats a
/// binary heap: taking the next event is `Vec::pop`, scheduling one a short scan and move.
/// The order is exactly the heap's ([`Entry`]'s `Ord`: time, then sequence).
#[derive(Debug, Default)]
pub(super) struct EventQueue {
    /// Ascending by [`Entry`]'s order, whose greatest is the next event.
    sorted: Vec<Entry>,
}

impl EventQueue {
    /// An empty queue with room for `n` events.
    pub(super) fn with_capacity(n: usize) -> EventQueue {
        EventQueue {
            sorted: Vec::with_capacity(n),
        }
    }

    /// Adds `e` in its place.
    #[inline]
    pub(super) fn push(&mut self, e: Entry) {
        // From the next event back: most new events run soon (a decision, a cast's end), and
        // with a handful pending a scan costs less than a binary search.
        let mut at = self.sorted.len();
        while at > 0 && self.sorted[at - 1] > e {
            at -= 1;
        }
        self.sorted.insert(at, e);
    }

    /// Takes the next event.
    #[inline]
    pub(super) fn pop(&mut self) -> Option<Entry> {
        self.sorted.pop()
    }

    /// The next event, left in place.
    #[inline]
    pub(super) fn peek(&self) -> Option<&Entry> {
        self.sorted.last()
    }

    /// Drops every pending event.
    pub(super) fn clear(&mut self) {
        self.sorted.clear();
    }
}

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
