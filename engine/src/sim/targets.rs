//! Targets of one iteration: playing the fight's script (arrivals, adds leaving, packs after
//! packs), health (fixed time or an estimated pool), deaths, and what the rotation reads of them:
//! `target.health.pct`, `target.time_to_die`, `fight_remains`, `active_enemies`.

use super::{state::Ev, Sim, EPS};
use crate::{fight::Spawn, report::LogKind};

/// No spawn in a slot.
const EMPTY: u32 = u32::MAX;
/// Seconds of observed damage before `target.time_to_die` and `fight_remains` trust it.
const TTD_MIN_DATA: f64 = 5.0;

/// One target slot.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    /// The spawn in it ([`EMPTY`] when none).
    pub spawn: u32,
    pub alive: bool,
    /// Health left and its maximum (estimated health).
    pub hp: f64,
    pub max_hp: f64,
    /// When it arrived; when it dies in a fixed-time fight (or leaves, an add).
    pub arrived: f64,
    pub leave: f64,
    /// Damage taken since it arrived.
    pub taken: f64,
}

impl Default for Slot {
    fn default() -> Self {
        Slot {
            spawn: EMPTY,
            alive: false,
            hp: 0.0,
            max_hp: 0.0,
            arrived: 0.0,
            leave: 0.0,
            taken: 0.0,
        }
    }
}

/// The health pools of an estimated-health run, from its pilot pass.
#[derive(Debug, Clone, Default)]
pub(crate) struct Calibration {
    /// Per health class: mean damage one spawn of it took in the pilot (NaN: none finished).
    pub per_class: Vec<f64>,
    /// The pilot's mean DPS (fallback for a class with no data: DPS × scripted life).
    pub dps: f64,
    /// Correction of the pools of targets that must die, from the pilot's estimated rounds.
    pub scale: f64,
}

/// Damage taken per health class over pilot iterations.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClassSums {
    pub taken: Vec<f64>,
    pub count: Vec<u32>,
    pub damage: f64,
    pub seconds: f64,
}

impl ClassSums {
    /// The calibration these sums give.
    pub(crate) fn calibration(&self) -> Calibration {
        Calibration {
            per_class: self
                .taken
                .iter()
                .zip(&self.count)
                .map(|(&t, &n)| if n > 0 { t / f64::from(n) } else { f64::NAN })
                .collect(),
            dps: if self.seconds > 0.0 {
                self.damage / self.seconds
            } else {
                0.0
            },
            scale: 1.0,
        }
    }
}

impl Sim<'_> {
    /// Whether target `t` is alive.
    #[inline(always)]
    pub(super) fn alive(&self, t: usize) -> bool {
        self.slots[t].alive
    }

    /// Sets up the iteration's targets for a fixed-time length `length` (`self.end` is when the
    /// fight ends at the latest): plays the script's timed arrivals and departures.
    pub(super) fn setup_targets(&mut self, length: f64) {
        let st = self.st;
        let mut script = std::mem::take(&mut self.script);
        crate::fight::script(st.fight, st.group_size, length, self.end, &mut script);
        self.script = script;
        self.slots.fill(Slot::default());
        self.group_left.clear();
        for s in &self.script {
            let g = s.group as usize;
            if self.group_left.len() <= g {
                self.group_left.resize(g + 1, 0);
            }
            self.group_left[g] += 1;
        }
        self.alive_count = 0;
        self.primary = 0;
        self.kills = 0;
        self.arrivals = 0;
        self.pending_hp = 0.0;
        self.req_taken = 0.0;
        self.expect = length;
        for i in 0..self.script.len() {
            let s = self.script[i];
            if self.estimated && s.after.is_some() {
                if !s.add {
                    self.pending_hp += self.pool(&s);
                }
                continue;
            }
            if s.arrive <= 0.0 {
                self.place(i, true);
            } else if s.arrive < self.end {
                self.schedule(s.arrive, Ev::Arrive { spawn: i as u32 });
            }
        }
    }

    /// The health pool of spawn `s` this iteration (estimated health).
    fn pool(&self, s: &Spawn) -> f64 {
        if let (true, Some(h)) = (s.boss, self.st.boss_health) {
            return h;
        }
        let Some(cal) = &self.st.calibration else {
            return 0.0;
        };
        let per = cal
            .per_class
            .get(s.class as usize)
            .copied()
            .unwrap_or(f64::NAN);
        let base = if per.is_finite() && per > 0.0 {
            per
        } else {
            (cal.dps * (s.leave - s.arrive)).max(1.0)
        };
        if s.add {
            base
        } else {
            base * cal.scale * self.expect / self.st.duration
        }
    }

    /// Spawn `i` arrives in its slot (replacing whatever is there).
    pub(super) fn on_arrive(&mut self, i: usize) {
        self.place(i, false);
    }

    /// Puts spawn `i` in its slot; `at_pull` when it stands there from the start (no log line,
    /// no decision: the pull makes one).
    fn place(&mut self, i: usize, at_pull: bool) {
        let s = self.script[i];
        let slot = s.slot as usize;
        if self.slots[slot].alive {
            self.remove(slot, false);
        }
        let hp = self.pool(&s);
        if self.estimated && s.after.is_some() && !s.add {
            self.pending_hp -= hp;
        }
        let life = s.leave - s.arrive;
        self.slots[slot] = Slot {
            spawn: i as u32,
            alive: true,
            hp,
            max_hp: hp,
            arrived: self.now,
            leave: self.now + life,
            taken: 0.0,
        };
        self.alive_count += 1;
        self.arrivals += 1;
        let n = self.st.n_dots;
        for k in 0..n {
            let d = &mut self.dots[k * self.st.targets + slot];
            d.expires = f64::NEG_INFINITY;
            d.gen = d.gen.wrapping_add(1);
        }
        if !self.alive(self.primary) {
            self.primary = slot;
        }
        // Fixed time: every spawn but one dying at the fight's end leaves on the script; with
        // estimated health only adds do (when still alive).
        let scripted = if self.estimated {
            s.add
        } else {
            !(s.boss || s.leave >= self.end - EPS)
        };
        if scripted {
            let t = self.now + life;
            self.schedule(t, Ev::Leave { spawn: i as u32 });
        }
        if at_pull {
            return;
        }
        if self.log.is_some() {
            self.log_event(LogKind::TargetArrive, "target", slot as u32, hp, false);
        }
        if !self.casting && self.channel.is_none() && self.now + EPS >= self.gcd_ready {
            self.schedule_ready(self.now);
        }
    }

    /// Spawn `i`'s scripted departure (fixed time: its death).
    pub(super) fn on_leave(&mut self, i: usize) {
        let slot = self.script[i].slot as usize;
        if self.slots[slot].spawn == i as u32 && self.slots[slot].alive {
            self.remove(slot, !self.estimated);
        }
    }

    /// Damage `d` lands on target `t` (already alive): it may die of it.
    #[inline]
    pub(super) fn take_damage(&mut self, t: usize, d: f64) {
        let s = &mut self.slots[t];
        s.taken += d;
        if self.estimated {
            s.hp -= d;
            let add = self.script[s.spawn as usize].add;
            if !add {
                self.req_taken += d;
            }
            if s.hp <= 0.0 {
                self.remove(t, true);
            }
        }
    }

    /// Target `slot` dies (`killed`) or leaves: its DoTs end, a cast or channel on it stops, the next
    /// group arrives when its group is gone, and the boss's death ends the fight.
    fn remove(&mut self, slot: usize, killed: bool) {
        let st = self.st;
        let i = self.slots[slot].spawn as usize;
        let s = self.script[i];
        self.note_finished(slot);
        self.slots[slot].alive = false;
        self.slots[slot].hp = 0.0;
        self.alive_count -= 1;
        if killed {
            self.kills += 1;
        }
        let now = self.now;
        for k in 0..st.n_dots {
            let d = &mut self.dots[k * st.targets + slot];
            if d.expires > now {
                d.expires = now;
                d.gen = d.gen.wrapping_add(1);
            }
        }
        self.stop_casts_on(slot, s.boss && self.estimated);
        if self.log.is_some() {
            self.log_event(LogKind::TargetDeath, "target", slot as u32, 0.0, killed);
        }
        if self.primary == slot {
            if let Some(t) = (0..st.targets).find(|&t| self.slots[t].alive) {
                self.primary = t;
            }
        }
        if s.boss && self.estimated {
            self.schedule(now, Ev::End);
            return;
        }
        let g = s.group as usize;
        self.group_left[g] -= 1;
        if self.group_left[g] == 0 && self.estimated {
            for j in 0..self.script.len() {
                if self.script[j].after == Some(s.group) {
                    self.schedule(now, Ev::Arrive { spawn: j as u32 });
                }
            }
        }
    }

    /// Adds what target `slot` took to the pilot's sums, when its scripted life is over.
    fn note_finished(&mut self, slot: usize) {
        let Some(sums) = &mut self.pilot else { return };
        let s = self.slots[slot];
        if self.now + EPS >= s.leave {
            let class = self.script[s.spawn as usize].class as usize;
            if sums.taken.len() <= class {
                sums.taken.resize(class + 1, 0.0);
                sums.count.resize(class + 1, 0);
            }
            sums.taken[class] += s.taken;
            sums.count[class] += 1;
        }
    }

    /// The fight is over: targets alive at the end finish (a fixed-time boss dies now).
    pub(super) fn finish_targets(&mut self) {
        for t in 0..self.st.targets {
            if self.slots[t].alive {
                let s = self.script[self.slots[t].spawn as usize];
                if !self.estimated && self.now + EPS >= self.slots[t].leave {
                    self.kills += 1;
                }
                if s.boss || !self.estimated {
                    self.note_finished(t);
                }
            }
        }
        if let Some(sums) = &mut self.pilot {
            sums.damage += self.total;
            sums.seconds += self.now;
        }
    }

    /// `target.health.pct` of target `t`: fixed time, falling linearly over its scripted life;
    /// estimated, its pool left; 0 when dead or absent.
    pub(super) fn health_pct(&self, t: usize) -> f64 {
        let s = &self.slots[t];
        if !s.alive {
            return 0.0;
        }
        if self.estimated {
            100.0 * s.hp / s.max_hp.max(EPS)
        } else {
            (100.0 * (1.0 - (self.now - s.arrived) / (s.leave - s.arrived))).clamp(0.0, 100.0)
        }
    }

    /// `target.time_to_die` of target `t`: fixed time, its scripted death; estimated, health left
    /// over the damage per second it has taken since it arrived (before [`TTD_MIN_DATA`] seconds
    /// of damage: its scripted life left).
    pub(super) fn time_to_die(&self, t: usize) -> f64 {
        let s = &self.slots[t];
        if !s.alive {
            return 0.0;
        }
        let scripted = (s.leave - self.now).max(0.0);
        if !self.estimated {
            return scripted;
        }
        let seen = self.now - s.arrived;
        if seen >= TTD_MIN_DATA && s.taken > 0.0 {
            s.hp / (s.taken / seen)
        } else {
            scripted
        }
    }

    /// `fight_remains`: fixed time, the script's end; estimated, the health left of the targets
    /// that must die (alive and yet to come) over the damage per second into them so far (before
    /// [`TTD_MIN_DATA`] seconds: the expected length left).
    pub(super) fn fight_remains(&self) -> f64 {
        if !self.estimated {
            return (self.end - self.now).max(0.0);
        }
        if self.now >= TTD_MIN_DATA && self.req_taken > 0.0 {
            let mut left = self.pending_hp;
            for s in &self.slots {
                if s.alive && !self.script[s.spawn as usize].add {
                    left += s.hp;
                }
            }
            left / (self.req_taken / self.now)
        } else {
            (self.expect - self.now).max(0.0)
        }
    }
}
