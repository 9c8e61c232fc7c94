//! One iteration of a fight: a discrete-event simulation of the player, DoTs, buffs, swings and
//! pets. [`Sim`] holds one iteration's state; its behaviour is split by concept, as
//! SimulationCraft's engine is, into one `impl Sim` per file. From the bottom up (each file uses
//! only those above it in this list):
//!
//! - `state`: the state's pieces and the event types; `tables`: what is fixed for a run
//! - `queue`: the queue of pending events, scheduling them
//! - `resources`, `cooldowns`: regeneration and charges
//! - `log`: the sample iteration's event log
//! - `buffs`, `procs`: gaining and fading buffs, chance and RPPM triggers
//! - `damage`: dealing and accounting damage, area targets
//! - `periodic`: DoTs, channel ticks, auto-attacks, pets
//! - `casting`: cast times, GCD, starting and completing casts
//! - `targets`: the fight's script, target health and deaths
//! - `cast_timing`: latency after an action, channel retiming on haste, chaining and cancelling
//! - `movement`: movement windows; `off_gcd`: `use_off_gcd`/`use_while_casting` lines; `raid_buffs`: Bloodlust and Power Infusion
//! - `account`: per-line counts, waiting, overflow and cooldown waste of the iteration
//! - `eval`: what the rotation's expressions read; `choose`: walking the rotation;
//!   `line_options`: `target_if` and `pool_resource`;
//!   `explain`: the sample iteration's decisions and why lines were skipped
//! - `event_loop`: running an iteration and dispatching its events

mod account;
mod buffs;
mod cast_timing;
mod casting;
mod choose;
mod cooldowns;
mod damage;
mod eval;
mod event_loop;
mod explain;
mod line_options;
mod log;
mod movement;
mod off_gcd;
mod periodic;
mod procs;
mod queue;
mod raid_buffs;
mod resources;
mod state;
mod tables;
mod targets;

pub(crate) use account::Accounting;
pub(crate) use explain::Explain;
pub(crate) use tables::{tracked_cooldowns, Static};
pub(crate) use targets::{Calibration, ClassSums};

use crate::{report::LogEntry, rng::Rng};
use state::{AbilityAcc, BuffState, CdState, Channel, DotState, NO_LINE};

/// Tolerance for comparing times and resource amounts.
const EPS: f64 = 1e-9;

/// One iteration's mutable state; reused across iterations to avoid allocation.
pub(crate) struct Sim<'a> {
    st: &'a Static<'a>,
    rng: Rng,
    now: f64,
    /// This iteration's fight length.
    end: f64,
    /// Events scheduled this iteration (far fewer than 2^32: decisions are capped at 2 million).
    seq: u32,
    queue: queue::EventQueue,
    // player
    resource: f64,
    res_time: f64,
    secondary: f64,
    gcd_ready: f64,
    casting: bool,
    channel: Option<Channel>,
    channel_gen: u32,
    /// When the hard cast in progress ends (NaN when none).
    cast_end: f64,
    /// When the cast or channel in progress started.
    cast_start: f64,
    /// The hard cast in progress: its spell, target and generation (bumped at every hard cast).
    cast_spell: u16,
    cast_target: u16,
    cast_gen: u32,
    /// The charges of the hard cast in progress before it spent one (spells with a cooldown),
    /// given back if it is interrupted.
    cast_charge: Option<cooldowns::ChargeSnapshot>,
    /// The line of the cast or channel in progress when it must be watched between its ticks
    /// (`cancel_if`, `interrupt_immediate`); [`NO_LINE`] otherwise.
    watch_line: u16,
    ready_gen: u32,
    cds: Vec<CdState>,
    buffs: Vec<BuffState>,
    dots: Vec<DotState>,
    prev_gcd: [u16; 3],
    vars: Vec<f64>,
    cur_target: usize,
    /// The target a cast without `cycle_targets`/`target_if` goes to: the first alive.
    primary: usize,
    /// Target slots.
    slots: Vec<targets::Slot>,
    /// This iteration's script.
    script: Vec<crate::fight::Spawn>,
    /// Per script group: spawns not yet dead or gone.
    group_left: Vec<u16>,
    /// Targets alive (`active_enemies`).
    alive_count: usize,
    /// Targets killed and arrived this iteration.
    pub(crate) kills: u32,
    pub(crate) arrivals: u32,
    /// Estimated health: pools of the targets that must die and have not arrived yet.
    pending_hp: f64,
    /// Estimated health: damage into targets that must die (not adds).
    req_taken: f64,
    /// The fixed-time length of this iteration (the estimate of its length with health pools).
    expect: f64,
    /// Whether targets have health pools (not in the pilot).
    estimated: bool,
    /// The pilot's sums, when this is a pilot.
    pub(crate) pilot: Option<ClassSums>,
    moving: bool,
    next_move: f64,
    pet_until: f64,
    pet_gen: u32,
    /// Which lines a decision may use (all but while busy).
    busy: choose::Busy,
    busy_gen: u32,
    /// Per line, when it last acted (for `line_cd`).
    line_last: Vec<f64>,
    /// Potions used this fight (precombat included).
    potion_uses: u32,
    // derived from buffs
    /// Attack/spell power: the primary stat with buffs.
    power: f64,
    haste_mult: f64,
    dmg_mult: f64,
    crit_bonus: f64,
    // accounting
    total: f64,
    /// Per ability (spells, auto-attack, pet): damage, casts, hits, crits.
    pub(crate) abilities: Vec<AbilityAcc>,
    /// Damage done in each second.
    pub(crate) tl_damage: Vec<f64>,
    /// Resource at the start of each second (each second before the end is written).
    pub(crate) tl_resource: Vec<f64>,
    /// Seconds of `tl_damage` the last iteration may have written.
    tl_used: usize,
    next_sample: usize,
    /// The event log, when this iteration keeps one.
    pub(crate) log: Option<Vec<LogEntry>>,
    decisions: u32,
    /// The rotation's accounting of this iteration.
    pub(crate) acct: Accounting,
    /// The line whose action is dealing damage now ([`NO_LINE`] when none).
    dmg_line: u16,
    /// The line that summoned the pet.
    pet_line: u16,
    /// The explanation, when this iteration keeps one (with its log).
    pub(crate) explain: Option<Explain>,
    /// Cast lines the current decision found blocked by the fight: (line, spell, target, why).
    pending: Vec<(u16, u16, u16, choose::Block)>,
}

impl<'a> Sim<'a> {
    /// State for iterations of the run `st`.
    pub(crate) fn new(st: &'a Static<'a>) -> Sim<'a> {
        let f = &st.spec.full;
        Sim {
            st,
            rng: Rng::for_iteration(0, 0),
            now: 0.0,
            end: 0.0,
            seq: 0,
            queue: queue::EventQueue::with_capacity(64),
            resource: 0.0,
            res_time: 0.0,
            secondary: 0.0,
            gcd_ready: 0.0,
            casting: false,
            channel: None,
            channel_gen: 0,
            cast_end: f64::NAN,
            cast_start: 0.0,
            cast_spell: 0,
            cast_target: 0,
            cast_gen: 0,
            cast_charge: None,
            watch_line: NO_LINE,
            ready_gen: 0,
            cds: vec![
                CdState {
                    charges: 0,
                    next: f64::INFINITY,
                    dur: 0.0
                };
                f.spells.len()
            ],
            buffs: vec![BuffState::default(); f.buffs.len()],
            dots: vec![DotState::default(); st.n_dots * st.targets],
            prev_gcd: [u16::MAX; 3],
            vars: vec![0.0; st.apl.variables.len()],
            cur_target: 0,
            primary: 0,
            slots: vec![targets::Slot::default(); st.targets],
            script: Vec::new(),
            group_left: Vec::new(),
            alive_count: 0,
            kills: 0,
            arrivals: 0,
            pending_hp: 0.0,
            req_taken: 0.0,
            expect: 0.0,
            estimated: st.estimated,
            pilot: None,
            moving: false,
            next_move: f64::INFINITY,
            pet_until: f64::NEG_INFINITY,
            pet_gen: 0,
            busy: choose::Busy::No,
            busy_gen: 0,
            line_last: vec![f64::NEG_INFINITY; st.n_lines],
            potion_uses: 0,
            power: 0.0,
            haste_mult: 1.0,
            dmg_mult: 1.0,
            crit_bonus: 0.0,
            total: 0.0,
            abilities: vec![AbilityAcc::default(); st.n_abilities],
            tl_damage: vec![0.0; st.timeline_len],
            tl_resource: vec![0.0; st.timeline_len],
            tl_used: st.timeline_len,
            next_sample: 0,
            log: None,
            decisions: 0,
            acct: Accounting::new(st.n_lines, f.spells.len(), st.cd_tracked.len()),
            dmg_line: NO_LINE,
            pet_line: NO_LINE,
            explain: None,
            pending: Vec::with_capacity(16),
        }
    }

    /// Back to the pull, drawing from `rng`; `log` keeps an event log.
    fn reset(&mut self, rng: Rng, log: bool) {
        let st = self.st;
        let f = &st.spec.full;
        self.rng = rng;
        self.now = 0.0;
        self.seq = 0;
        self.queue.clear();
        self.resource = f.resource.start.unwrap_or(f.resource.max);
        self.res_time = 0.0;
        self.secondary = 0.0;
        self.gcd_ready = 0.0;
        self.casting = false;
        self.channel = None;
        self.cast_end = f64::NAN;
        self.cast_charge = None;
        self.watch_line = NO_LINE;
        for (c, s) in self.cds.iter_mut().zip(&f.spells) {
            *c = CdState {
                charges: s.charges,
                next: f64::INFINITY,
                dur: 0.0,
            };
        }
        self.buffs.fill(BuffState {
            last_attempt: -10.0,
            ..Default::default()
        });
        self.dots.fill(DotState::default());
        self.prev_gcd = [u16::MAX; 3];
        self.vars.fill(0.0);
        self.cur_target = 0;
        self.moving = false;
        self.next_move = f64::INFINITY;
        self.pet_until = f64::NEG_INFINITY;
        self.potion_uses = 0;
        self.line_last.fill(f64::NEG_INFINITY);
        self.power = st.stats.power;
        self.haste_mult = 1.0 + st.stats.haste;
        self.dmg_mult = st.base_damage();
        self.crit_bonus = 0.0;
        self.total = 0.0;
        self.abilities.fill(AbilityAcc::default());
        self.tl_damage[..self.tl_used].fill(0.0);
        self.next_sample = 0;
        self.log = log.then(Vec::new);
        self.decisions = 0;
        self.acct.reset();
        self.dmg_line = NO_LINE;
        self.pet_line = NO_LINE;
        self.explain = log.then(Explain::default);
    }
}
