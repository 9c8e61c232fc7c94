//! The pieces of one iteration's state (charges, buffs, DoTs, channel, accounting) and the events
//! with their order on the heap.

use std::cmp::Ordering;

/// What happens at a point in time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Ev {
    /// The player decides what to do next.
    Ready { gen: u32 },
    /// A hard cast finishes; `line` is the priority-list line that started it, `gen` tells it
    /// from a cast that was stopped before its end.
    CastEnd {
        spell: u16,
        target: u16,
        line: u16,
        gen: u32,
    },
    /// A cast's direct damage and DoT land after its travel time.
    Impact { spell: u16, target: u16, line: u16 },
    /// A channel ticks.
    ChannelTick { gen: u32 },
    /// A DoT ticks.
    DotTick { slot: u32, gen: u32 },
    /// A buff runs out.
    BuffExpire { buff: u16, gen: u32 },
    /// An auto-attack swing.
    Swing,
    /// The pet attacks.
    PetAttack { gen: u32 },
    /// The player looks for a `use_off_gcd`/`use_while_casting` action while busy.
    BusyCheck { gen: u32 },
    /// The player notices a buff (its reaction time is over) and looks at the rotation if free.
    Notice,
    /// A raid buff (Bloodlust, Power Infusion) arrives.
    External { buff: u16 },
    /// Spawn `spawn` of the fight's script arrives.
    Arrive { spawn: u32 },
    /// Spawn `spawn` leaves on the script (fixed time: dies).
    Leave { spawn: u32 },
    /// Movement starts.
    MoveStart,
    /// Movement ends.
    MoveEnd,
    /// The fight is over.
    End,
}

/// A scheduled event. Its time is kept as an integer key ordered as `f64::total_cmp` orders the
/// time, so the heap compares integers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    key: i64,
    pub seq: u32,
    pub ev: Ev,
}

/// `f64::total_cmp`'s mapping of a time to an order-preserving integer (its own inverse).
#[inline(always)]
fn flip(bits: i64) -> i64 {
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

impl Entry {
    /// An event `ev` at `t`, scheduled `seq`-th.
    #[inline(always)]
    pub fn new(t: f64, seq: u32, ev: Ev) -> Entry {
        Entry {
            key: flip(t.to_bits() as i64),
            seq,
            ev,
        }
    }

    /// Its time.
    #[inline(always)]
    pub fn t(&self) -> f64 {
        f64::from_bits(flip(self.key) as u64)
    }
}

impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    /// Reversed: the greatest is the earliest (then first-scheduled) event, the next to run.
    fn cmp(&self, o: &Self) -> Ordering {
        o.key.cmp(&self.key).then(o.seq.cmp(&self.seq))
    }
}

/// A spell's charges and recharge.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CdState {
    pub charges: u32,
    /// When the next charge arrives (INFINITY when full).
    pub next: f64,
    /// Recharge time of the charge in progress.
    pub dur: f64,
}

/// A buff's stacks and the bookkeeping for its report line.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BuffState {
    pub stacks: u32,
    pub expires: f64,
    pub gen: u32,
    pub since: f64,
    pub uptime: f64,
    pub stack_time: f64,
    pub triggers: u32,
    pub last_attempt: f64,
    pub last_proc: f64,
    /// When the player has noticed it (`buff.X.react`).
    pub react_at: f64,
}

/// A DoT on one target.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DotState {
    pub expires: f64,
    pub last_tick: f64,
    pub interval: f64,
    pub gen: u32,
    /// The priority-list line that last applied it.
    pub line: u16,
}

impl Default for DotState {
    fn default() -> Self {
        DotState {
            expires: f64::NEG_INFINITY,
            last_tick: 0.0,
            interval: 1.0,
            gen: 0,
            line: NO_LINE,
        }
    }
}

/// "No priority-list line": damage of auto-attacks, a permanent pet, or procs.
pub(crate) const NO_LINE: u16 = u16::MAX;

/// An active channel.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Channel {
    pub spell: u16,
    pub target: u16,
    pub ticks_left: u32,
    pub interval: f64,
    /// When it last ticked (its start before the first tick).
    pub last_tick: f64,
    /// The priority-list line that started it.
    pub line: u16,
}

/// Damage, casts and hits of one ability in one iteration.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct AbilityAcc {
    pub damage: f64,
    pub casts: u64,
    pub hits: u64,
    pub crits: u64,
}
