//! One iteration of a fight: a discrete-event loop over the player, DoTs, buffs, swings and pets.

mod eval;
pub(crate) mod state;

use crate::{
    apl::{ActionKind, Apl, VarOp},
    config::FightKind,
    report::{LogEntry, LogKind},
    rng::Rng,
    spec::{MasteryEffect, Spec, TriggerOn},
    stats::{Stats, CRIT_MULTIPLIER},
};
use state::*;
use std::collections::BinaryHeap;

const EPS: f64 = 1e-9;
/// Longest the player idles before looking at the rotation again.
const IDLE_POLL: f64 = 0.5;
/// The sample log keeps at most this many lines.
const MAX_LOG: usize = 20_000;
/// Defensive bound on decisions per iteration.
const MAX_DECISIONS: u32 = 2_000_000;
const TRIGGERS: usize = 5;

fn trigger_index(on: TriggerOn) -> usize {
    match on {
        TriggerOn::Cast => 0,
        TriggerOn::Hit => 1,
        TriggerOn::Crit => 2,
        TriggerOn::Tick => 3,
        TriggerOn::AutoAttack => 4,
    }
}

/// Everything that is fixed for a run: spec, rotation, stats, fight and precomputed tables.
pub(crate) struct Static<'a> {
    pub spec: &'a Spec,
    pub apl: &'a Apl,
    pub stats: Stats,
    pub fight: FightKind,
    pub targets: usize,
    pub duration: f64,
    pub vary: bool,
    /// `[trigger][spell]` → buffs that may proc (index `n_spells` = auto-attack / pet).
    procs: [Vec<Vec<u16>>; TRIGGERS],
    /// Spell → DoT slot.
    dot_slot: Vec<Option<usize>>,
    /// DoT slot → spell.
    slot_spell: Vec<usize>,
    /// Spell → buffs that make it instant.
    instant_buffs: Vec<Vec<usize>>,
    /// Spell → buffs it consumes.
    consumes: Vec<Vec<usize>>,
    n_dots: usize,
    /// Abilities: spells, then auto-attack, then pet.
    pub n_abilities: usize,
    pub timeline_len: usize,
    mastery_all: bool,
}

impl<'a> Static<'a> {
    pub fn new(
        spec: &'a Spec,
        apl: &'a Apl,
        stats: Stats,
        fight: FightKind,
        targets: u32,
        duration: f64,
        vary: bool,
    ) -> Static<'a> {
        let n = spec.file.spells.len();
        let mut procs: [Vec<Vec<u16>>; TRIGGERS] = Default::default();
        for table in procs.iter_mut() {
            *table = vec![Vec::new(); n + 1];
        }
        for (b, def) in spec.file.buffs.iter().enumerate() {
            if let Some(t) = &def.trigger {
                let ti = trigger_index(t.on);
                let filter = &spec.trigger_spells[b];
                for (s, list) in procs[ti].iter_mut().enumerate() {
                    if filter.is_empty() || filter.contains(&s) {
                        list.push(b as u16);
                    }
                }
            }
        }
        let mut dot_slot = vec![None; n];
        let mut slot_spell = Vec::new();
        for (i, s) in spec.file.spells.iter().enumerate() {
            if s.dot.is_some() {
                dot_slot[i] = Some(slot_spell.len());
                slot_spell.push(i);
            }
        }
        let n_dots = slot_spell.len();
        let by_spell = |table: &[Vec<usize>]| -> Vec<Vec<usize>> {
            (0..n)
                .map(|sp| {
                    (0..table.len())
                        .filter(|&b| table[b].contains(&sp))
                        .collect()
                })
                .collect()
        };
        let instant_buffs = by_spell(&spec.instant_for);
        let consumes = by_spell(&spec.consumed_by);
        Static {
            spec,
            apl,
            stats,
            fight,
            targets: targets as usize,
            duration,
            vary,
            procs,
            dot_slot,
            slot_spell,
            instant_buffs,
            consumes,
            n_dots,
            n_abilities: n + 2,
            timeline_len: (duration * 1.2).ceil() as usize + 1,
            mastery_all: spec.file.mastery.effect == MasteryEffect::AllDamage,
        }
    }
}

/// The outcome of one iteration, summed by the caller.
pub(crate) struct IterOutcome {
    pub damage: f64,
    pub length: f64,
}

fn apply_var(slot: &mut f64, op: VarOp, v: f64) {
    *slot = match op {
        VarOp::Set => v,
        VarOp::Add => *slot + v,
        VarOp::Sub => *slot - v,
        VarOp::Min => slot.min(v),
        VarOp::Max => slot.max(v),
        VarOp::Reset => 0.0,
    };
}

enum Decision {
    Cast(u16, u16),
    Wait(f64),
    Nothing,
}

/// One iteration's mutable state; reused across iterations to avoid allocation.
pub(crate) struct Sim<'a> {
    st: &'a Static<'a>,
    rng: Rng,
    pub now: f64,
    pub end: f64,
    seq: u64,
    queue: BinaryHeap<Entry>,
    // player
    resource: f64,
    res_time: f64,
    secondary: f64,
    gcd_ready: f64,
    casting: bool,
    channel: Option<Channel>,
    channel_gen: u32,
    ready_gen: u32,
    cds: Vec<CdState>,
    buffs: Vec<BuffState>,
    dots: Vec<DotState>,
    prev_gcd: [u16; 3],
    vars: Vec<f64>,
    cur_target: usize,
    moving: bool,
    next_move: f64,
    pet_until: f64,
    pet_gen: u32,
    // derived from buffs
    haste_mult: f64,
    dmg_mult: f64,
    crit_bonus: f64,
    // accounting
    pub total: f64,
    pub abilities: Vec<AbilityAcc>,
    pub tl_damage: Vec<f64>,
    pub tl_resource: Vec<f64>,
    next_sample: usize,
    pub log: Option<Vec<LogEntry>>,
    decisions: u32,
}

impl<'a> Sim<'a> {
    pub fn new(st: &'a Static<'a>) -> Sim<'a> {
        let f = &st.spec.file;
        Sim {
            st,
            rng: Rng::for_iteration(0, 0),
            now: 0.0,
            end: 0.0,
            seq: 0,
            queue: BinaryHeap::with_capacity(64),
            resource: 0.0,
            res_time: 0.0,
            secondary: 0.0,
            gcd_ready: 0.0,
            casting: false,
            channel: None,
            channel_gen: 0,
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
            moving: false,
            next_move: f64::INFINITY,
            pet_until: f64::NEG_INFINITY,
            pet_gen: 0,
            haste_mult: 1.0,
            dmg_mult: 1.0,
            crit_bonus: 0.0,
            total: 0.0,
            abilities: vec![AbilityAcc::default(); st.n_abilities],
            tl_damage: vec![0.0; st.timeline_len],
            tl_resource: vec![0.0; st.timeline_len],
            next_sample: 0,
            log: None,
            decisions: 0,
        }
    }

    fn reset(&mut self, rng: Rng, log: bool) {
        let st = self.st;
        let f = &st.spec.file;
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
        self.haste_mult = 1.0 + st.stats.haste;
        self.dmg_mult = 1.0 + st.stats.versatility;
        self.crit_bonus = 0.0;
        self.total = 0.0;
        self.abilities.fill(AbilityAcc::default());
        self.tl_damage.fill(0.0);
        self.tl_resource.fill(0.0);
        self.next_sample = 0;
        self.log = log.then(Vec::new);
        self.decisions = 0;
    }

    fn schedule(&mut self, t: f64, ev: Ev) {
        self.seq += 1;
        self.queue.push(Entry {
            t,
            seq: self.seq,
            ev,
        });
    }

    fn schedule_ready(&mut self, t: f64) {
        self.ready_gen = self.ready_gen.wrapping_add(1);
        let gen = self.ready_gen;
        self.schedule(t.max(self.now), Ev::Ready { gen });
    }

    /// Runs one iteration with `rng`; the per-iteration accounting is left in `self`.
    pub fn run(&mut self, rng: Rng, log: bool) -> IterOutcome {
        self.reset(rng, log);
        let st = self.st;
        let f = &st.spec.file;
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
                Ev::CastEnd { spell, target } => {
                    self.casting = false;
                    self.abilities[spell as usize].casts += 1;
                    self.complete_cast(spell as usize, target as usize, 1.0);
                    let t = self.gcd_ready;
                    self.schedule_ready(t);
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
                Ev::MoveStart => self.on_move_start(),
                Ev::MoveEnd => self.on_move_end(),
            }
        }
        self.now = end;
        self.sample_until(end);
        self.finish_buffs();
        IterOutcome {
            damage: self.total,
            length: end,
        }
    }

    // ---- resources -------------------------------------------------------------------------

    fn regen_rate(&self) -> f64 {
        let r = &self.st.spec.file.resource;
        if r.hasted_regen {
            r.regen * self.haste_mult
        } else {
            r.regen
        }
    }

    /// Resource value at time `t` ≥ the last settle.
    fn resource_at(&self, t: f64) -> f64 {
        (self.resource + self.regen_rate() * (t - self.res_time))
            .min(self.st.spec.file.resource.max)
    }

    fn settle(&mut self) {
        self.resource = self.resource_at(self.now);
        self.res_time = self.now;
    }

    fn sample_until(&mut self, t: f64) {
        let limit = self.tl_resource.len();
        while self.next_sample < limit
            && (self.next_sample as f64) <= t
            && (self.next_sample as f64) < self.end
        {
            let s = self.next_sample;
            self.tl_resource[s] = self.resource_at(s as f64);
            self.next_sample += 1;
        }
    }

    // ---- cooldowns -------------------------------------------------------------------------

    /// (charges, next charge time) at `now`, without mutating.
    fn cd_now(&self, spell: usize) -> (u32, f64) {
        let max = self.st.spec.file.spells[spell].charges;
        let c = self.cds[spell];
        let (mut charges, mut next) = (c.charges, c.next);
        while charges < max && next <= self.now + EPS {
            charges += 1;
            next = if charges < max {
                next + c.dur
            } else {
                f64::INFINITY
            };
        }
        (charges, next)
    }

    fn cd_duration(&self, spell: usize) -> f64 {
        let s = &self.st.spec.file.spells[spell];
        if s.hasted_cooldown {
            s.cooldown / self.haste_mult
        } else {
            s.cooldown
        }
    }

    fn consume_charge(&mut self, spell: usize) {
        if self.st.spec.file.spells[spell].cooldown <= 0.0 {
            return;
        }
        let max = self.st.spec.file.spells[spell].charges;
        let (charges, next) = self.cd_now(spell);
        let dur = self.cd_duration(spell);
        let c = &mut self.cds[spell];
        c.charges = charges.saturating_sub(1);
        if charges >= max {
            c.next = self.now + dur;
            c.dur = dur;
        } else {
            c.next = next;
        }
    }

    fn reset_cooldown(&mut self, spell: usize) {
        let max = self.st.spec.file.spells[spell].charges;
        self.cds[spell] = CdState {
            charges: max,
            next: f64::INFINITY,
            dur: 0.0,
        };
    }

    // ---- buffs -----------------------------------------------------------------------------

    fn recompute_buff_effects(&mut self) {
        self.settle();
        let f = &self.st.spec.file;
        let (mut haste, mut dmg, mut crit) = (
            1.0 + self.st.stats.haste,
            1.0 + self.st.stats.versatility,
            0.0,
        );
        for (b, def) in self.buffs.iter().zip(&f.buffs) {
            if b.stacks > 0 {
                let s = b.stacks as f64;
                haste *= 1.0 + def.haste_pct * s;
                dmg *= 1.0 + def.damage_pct * s;
                crit += def.crit_pct * s;
            }
        }
        self.haste_mult = haste;
        self.dmg_mult = dmg;
        self.crit_bonus = crit;
    }

    fn account_buff(&mut self, b: usize) {
        let now = self.now;
        let s = &mut self.buffs[b];
        if s.stacks > 0 {
            let dt = now - s.since;
            s.uptime += dt;
            s.stack_time += dt * s.stacks as f64;
        }
        s.since = now;
    }

    pub(crate) fn gain_buff(&mut self, b: usize) {
        self.account_buff(b);
        let def = &self.st.spec.file.buffs[b];
        let s = &mut self.buffs[b];
        let changed_stacks = s.stacks < def.max_stacks;
        s.stacks = (s.stacks + 1).min(def.max_stacks);
        s.expires = self.now + def.duration;
        s.gen = s.gen.wrapping_add(1);
        s.triggers += 1;
        let (gen, expires, stacks) = (s.gen, s.expires, s.stacks);
        self.schedule(
            expires,
            Ev::BuffExpire {
                buff: b as u16,
                gen,
            },
        );
        if changed_stacks && (def.haste_pct > 0.0 || def.damage_pct > 0.0 || def.crit_pct > 0.0) {
            self.recompute_buff_effects();
        }
        if let Some(spell) = self.st.spec.resets[b] {
            self.reset_cooldown(spell);
        }
        self.log_event(
            LogKind::BuffGain,
            &self.st.spec.file.buffs[b].id,
            0,
            stacks as f64,
            false,
        );
    }

    fn expire_buff(&mut self, b: usize) {
        self.account_buff(b);
        let def = &self.st.spec.file.buffs[b];
        self.buffs[b].stacks = 0;
        self.buffs[b].gen = self.buffs[b].gen.wrapping_add(1);
        if def.haste_pct > 0.0 || def.damage_pct > 0.0 || def.crit_pct > 0.0 {
            self.recompute_buff_effects();
        }
        self.log_event(LogKind::BuffFade, &def.id, 0, 0.0, false);
    }

    fn finish_buffs(&mut self) {
        for b in 0..self.buffs.len() {
            self.account_buff(b);
        }
    }

    pub(crate) fn buff_report(&self) -> &[BuffState] {
        &self.buffs
    }

    fn try_proc(&mut self, on: TriggerOn, source: usize) {
        let st = self.st;
        let list = &st.procs[trigger_index(on)][source];
        for &b in list {
            let b = b as usize;
            let Some(t) = &st.spec.file.buffs[b].trigger else {
                continue;
            };
            let hit = if t.rppm > 0.0 {
                let s = &mut self.buffs[b];
                let since_attempt = (self.now - s.last_attempt).min(10.0);
                s.last_attempt = self.now;
                let haste = if t.haste_scaled { self.haste_mult } else { 1.0 };
                let interval = 60.0 / t.rppm;
                let blp = (1.0 + 3.0 * ((self.now - s.last_proc) / interval - 1.5)).max(1.0);
                let p = t.rppm * haste * since_attempt / 60.0 * blp;
                self.rng.chance(p)
            } else {
                self.rng.chance(t.chance)
            };
            if hit {
                self.buffs[b].last_proc = self.now;
                self.gain_buff(b);
            }
        }
    }

    // ---- damage ----------------------------------------------------------------------------

    #[allow(clippy::too_many_arguments)]
    fn deal(
        &mut self,
        ability: usize,
        coefficient: f64,
        variance: f64,
        crit_extra: f64,
        mastery: bool,
        target: usize,
        proc_source: Option<(usize, bool)>,
    ) {
        let st = self.st;
        let mut d = coefficient * st.stats.power * self.dmg_mult;
        if mastery || st.mastery_all {
            d *= 1.0 + st.stats.mastery;
        }
        if variance > 0.0 {
            d *= 1.0 + variance * (2.0 * self.rng.unit() - 1.0);
        }
        let crit = self
            .rng
            .chance(st.stats.crit + self.crit_bonus + crit_extra);
        if crit {
            d *= CRIT_MULTIPLIER;
        }
        let a = &mut self.abilities[ability];
        a.damage += d;
        a.hits += 1;
        a.crits += u64::from(crit);
        self.total += d;
        let sec = self.now as usize;
        if sec < self.tl_damage.len() {
            self.tl_damage[sec] += d;
        }
        if self.log.is_some() {
            let name = self.ability_id(ability);
            self.log_event(LogKind::Damage, &name, target as u32, d, crit);
        }
        if let Some((source, is_tick)) = proc_source {
            if is_tick {
                self.try_proc(TriggerOn::Tick, source);
            } else {
                self.try_proc(TriggerOn::Hit, source);
                if crit {
                    self.try_proc(TriggerOn::Crit, source);
                }
            }
        }
    }

    fn ability_id(&self, ability: usize) -> String {
        let f = &self.st.spec.file;
        match ability.cmp(&f.spells.len()) {
            std::cmp::Ordering::Less => f.spells[ability].id.clone(),
            std::cmp::Ordering::Equal => "auto_attack".into(),
            std::cmp::Ordering::Greater => {
                format!("pet_{}", f.pet.as_ref().map_or("", |p| p.name.as_str()))
            }
        }
    }

    fn log_event(&mut self, kind: LogKind, name: &str, target: u32, amount: f64, crit: bool) {
        if self.log.as_ref().is_some_and(|l| l.len() < MAX_LOG) {
            let resource = self.resource_at(self.now);
            let entry = LogEntry {
                time: self.now,
                kind,
                name: name.to_string(),
                target,
                amount,
                crit,
                resource,
            };
            if let Some(l) = self.log.as_mut() {
                l.push(entry);
            }
        }
    }

    // ---- the player ------------------------------------------------------------------------

    fn hasted_gcd(&self, base: f64) -> f64 {
        (base / self.haste_mult).max(0.75)
    }

    /// Buff that would make `spell` instant right now.
    fn instant_buff(&self, spell: usize) -> Option<usize> {
        self.st.instant_buffs[spell]
            .iter()
            .copied()
            .find(|&b| self.buffs[b].stacks > 0)
    }

    /// Cast (or channel) time of `spell` now.
    pub(crate) fn cast_time(&self, spell: usize) -> f64 {
        let s = &self.st.spec.file.spells[spell];
        if let Some(c) = &s.channel {
            return c.duration / self.haste_mult;
        }
        if s.cast_time <= 0.0 || self.instant_buff(spell).is_some() {
            0.0
        } else {
            s.cast_time / self.haste_mult
        }
    }

    fn usable(&self, spell: usize, target: usize) -> bool {
        let st = self.st;
        let s = &st.spec.file.spells[spell];
        if s.cooldown > 0.0 && self.cd_now(spell).0 == 0 {
            return false;
        }
        if s.cost > 0.0 && self.resource_at(self.now) + EPS < s.cost {
            return false;
        }
        if s.secondary_cost > 0.0 && self.secondary + EPS < s.secondary_cost.max(1.0) {
            return false;
        }
        if let Some(b) = st.spec.requires[spell] {
            if self.buffs[b].stacks == 0 {
                return false;
            }
        }
        if s.execute_below > 0.0 && self.health_pct(target) >= s.execute_below * 100.0 {
            return false;
        }
        let ct = self.cast_time(spell);
        if ct > 0.0 && !s.movable {
            if self.moving {
                return false;
            }
            // A hard cast or channel must finish before the next movement (the player sees it coming).
            if s.channel.is_none() && self.now + ct > self.next_move {
                return false;
            }
        }
        true
    }

    pub(crate) fn health_pct(&self, _target: usize) -> f64 {
        (100.0 * (1.0 - self.now / self.end)).clamp(0.0, 100.0)
    }

    fn decide(&mut self, list: usize) -> Decision {
        let apl = self.st.apl;
        for action in &apl.lists[list] {
            match &action.kind {
                ActionKind::Cast {
                    spell,
                    cycle_targets,
                } => {
                    let spell = *spell as usize;
                    let targets = if *cycle_targets { self.st.targets } else { 1 };
                    for t in 0..targets {
                        self.cur_target = t;
                        if self.usable(spell, t)
                            && action.condition.as_ref().is_none_or(|c| self.truthy(c))
                        {
                            return Decision::Cast(spell as u16, t as u16);
                        }
                    }
                    self.cur_target = 0;
                }
                ActionKind::Call(l) => {
                    if action.condition.as_ref().is_none_or(|c| self.truthy(c)) {
                        match self.decide(*l as usize) {
                            Decision::Nothing => {}
                            d => return d,
                        }
                    }
                }
                ActionKind::Run(l) => {
                    if action.condition.as_ref().is_none_or(|c| self.truthy(c)) {
                        return self.decide(*l as usize);
                    }
                }
                ActionKind::Variable { var, op, value } => {
                    if action.condition.as_ref().is_none_or(|c| self.truthy(c)) {
                        let v = self.eval(value);
                        apply_var(&mut self.vars[*var as usize], *op, v);
                    }
                }
                ActionKind::Wait(sec) => {
                    if action.condition.as_ref().is_none_or(|c| self.truthy(c)) {
                        let s = self.eval(sec);
                        return Decision::Wait(if s.is_finite() {
                            s.clamp(0.01, 60.0)
                        } else {
                            0.01
                        });
                    }
                }
            }
        }
        Decision::Nothing
    }

    fn precombat(&mut self) {
        let Some(pre) = self.st.apl.precombat else {
            return;
        };
        let apl = self.st.apl;
        for action in &apl.lists[pre] {
            match &action.kind {
                ActionKind::Variable { var, op, value }
                    if action.condition.as_ref().is_none_or(|c| self.truthy(c)) =>
                {
                    let v = self.eval(value);
                    apply_var(&mut self.vars[*var as usize], *op, v);
                }
                ActionKind::Cast { spell, .. } => {
                    // A pre-pull cast lands at the pull; it does not trigger the GCD.
                    let spell = *spell as usize;
                    if self.cd_now(spell).0 > 0 || self.st.spec.file.spells[spell].cooldown <= 0.0 {
                        self.abilities[spell].casts += 1;
                        self.consume_charge(spell);
                        self.complete_cast(spell, 0, 1.0);
                    }
                }
                _ => {}
            }
        }
    }

    fn on_ready(&mut self) {
        if self.casting || self.channel.is_some() {
            return;
        }
        if self.now + EPS < self.gcd_ready {
            let t = self.gcd_ready;
            self.schedule_ready(t);
            return;
        }
        self.decisions += 1;
        if self.decisions > MAX_DECISIONS {
            return;
        }
        let default = self.st.apl.default;
        match self.decide(default) {
            Decision::Cast(spell, target) => self.start_cast(spell as usize, target as usize),
            Decision::Wait(sec) => {
                let t = self.now + sec;
                self.schedule_ready(t);
            }
            Decision::Nothing => {
                let t = self.idle_until();
                self.schedule_ready(t);
            }
        }
    }

    /// When something might become usable: a charge, enough resource, the next event, or a poll.
    fn idle_until(&self) -> f64 {
        let mut wake = self.now + IDLE_POLL;
        if let Some(e) = self.queue.peek() {
            wake = wake.min(e.t);
        }
        let rate = self.regen_rate();
        let res = self.resource_at(self.now);
        for (i, s) in self.st.spec.file.spells.iter().enumerate() {
            let mut ready = self.now;
            if s.cooldown > 0.0 {
                let (c, next) = self.cd_now(i);
                if c == 0 {
                    ready = ready.max(next);
                }
            }
            if s.cost > res && rate > 0.0 {
                ready = ready.max(self.now + (s.cost - res) / rate);
            }
            if ready > self.now + EPS {
                wake = wake.min(ready);
            }
        }
        if wake <= self.now + EPS {
            self.now + 0.01
        } else {
            wake
        }
    }

    fn start_cast(&mut self, spell: usize, target: usize) {
        let st = self.st;
        let s = &st.spec.file.spells[spell];
        self.settle();
        self.resource -= s.cost;
        let instant_buff = if s.cast_time > 0.0 {
            self.instant_buff(spell)
        } else {
            None
        };
        let cast_time = self.cast_time(spell);
        self.consume_charge(spell);
        if s.gcd > 0.0 {
            self.gcd_ready = self.now + self.hasted_gcd(s.gcd);
            self.prev_gcd = [spell as u16, self.prev_gcd[0], self.prev_gcd[1]];
        }
        if s.channel.is_some() || cast_time <= 0.0 {
            // Hard casts count when they complete.
            self.abilities[spell].casts += 1;
        }
        let id = &s.id;
        self.log_event(LogKind::Cast, id, target as u32, cast_time, false);
        if let Some(b) = instant_buff {
            self.expire_buff(b);
        }
        for &b in &st.consumes[spell] {
            if self.buffs[b].stacks > 0 {
                self.expire_buff(b);
            }
        }
        self.try_proc(TriggerOn::Cast, spell);
        if let Some(c) = &s.channel {
            let interval = cast_time / c.ticks as f64;
            self.channel_gen = self.channel_gen.wrapping_add(1);
            self.channel = Some(Channel {
                spell: spell as u16,
                target: target as u16,
                ticks_left: c.ticks,
                interval,
            });
            let gen = self.channel_gen;
            self.schedule(self.now + interval, Ev::ChannelTick { gen });
            // The channel's own effects (gain, buff) happen at its start.
            self.complete_cast(spell, target, 0.0);
        } else if cast_time > 0.0 {
            self.casting = true;
            self.schedule(
                self.now + cast_time,
                Ev::CastEnd {
                    spell: spell as u16,
                    target: target as u16,
                },
            );
        } else {
            self.complete_cast(spell, target, 1.0);
            let t = self.gcd_ready;
            self.schedule_ready(t);
        }
    }

    /// The `k`-th target hit by an effect aimed at `target`: it first, then the others in order.
    #[inline]
    fn aoe_target(target: usize, k: usize) -> usize {
        if k == 0 {
            target
        } else if k <= target {
            k - 1
        } else {
            k
        }
    }

    /// How many targets an effect capped at `cap` hits.
    #[inline]
    fn aoe_count(&self, cap: u32) -> usize {
        (cap as usize).min(self.st.targets)
    }

    /// Resource changes, damage, DoTs, buffs and summons of a cast; `direct_scale` 0 skips the hit.
    fn complete_cast(&mut self, spell: usize, target: usize, direct_scale: f64) {
        let st = self.st;
        let s = &st.spec.file.spells[spell];
        let f = &st.spec.file;
        let mut points = 1.0;
        if s.secondary_cost > 0.0 {
            points = self.secondary;
            self.secondary = 0.0;
        }
        if s.gain > 0.0 {
            self.settle();
            self.resource = (self.resource + s.gain).min(f.resource.max);
        }
        if s.coefficient > 0.0 && direct_scale > 0.0 {
            let mastery =
                s.secondary_cost > 0.0 && f.mastery.effect == MasteryEffect::SpenderDamage;
            let coefficient = s.coefficient * points * direct_scale;
            for k in 0..self.aoe_count(s.aoe_cap) {
                let t = Self::aoe_target(target, k);
                self.deal(
                    spell,
                    coefficient,
                    s.variance,
                    s.crit_bonus,
                    mastery,
                    t,
                    Some((spell, false)),
                );
            }
        }
        if s.dot.is_some() {
            for k in 0..self.aoe_count(s.aoe_cap) {
                self.apply_dot(spell, Self::aoe_target(target, k));
            }
        }
        if let Some(b) = st.spec.applies[spell] {
            self.gain_buff(b);
        }
        if s.summons_pet {
            if let Some(p) = &f.pet {
                self.pet_until = self.now + p.duration;
                self.pet_gen = self.pet_gen.wrapping_add(1);
                let gen = self.pet_gen;
                self.schedule(self.now, Ev::PetAttack { gen });
            }
        }
        if s.secondary_gain > 0.0 {
            let max = f.secondary.as_ref().map_or(0.0, |x| x.max);
            self.secondary = (self.secondary + s.secondary_gain).min(max);
        }
    }

    fn apply_dot(&mut self, spell: usize, target: usize) {
        let Some(slot) = self.st.dot_slot[spell] else {
            return;
        };
        let def = self.st.spec.file.spells[spell]
            .dot
            .as_ref()
            .expect("dot slot implies dot");
        let idx = slot * self.st.targets + target;
        let interval = if def.hasted {
            def.tick / self.haste_mult
        } else {
            def.tick
        };
        let now = self.now;
        let d = &mut self.dots[idx];
        if d.expires > now {
            // Pandemic: carry over up to 30 % of the duration.
            let remains = d.expires - now;
            d.expires = now + def.duration + remains.min(0.3 * def.duration);
        } else {
            d.expires = now + def.duration;
            d.last_tick = now;
        }
        d.interval = interval;
        d.gen = d.gen.wrapping_add(1);
        let next = (d.last_tick + interval).min(d.expires).max(now);
        let gen = d.gen;
        self.schedule(
            next,
            Ev::DotTick {
                slot: idx as u32,
                gen,
            },
        );
    }

    fn on_dot_tick(&mut self, idx: usize, gen: u32) {
        let d = self.dots[idx];
        if d.gen != gen {
            return;
        }
        let slot = idx / self.st.targets;
        let target = idx % self.st.targets;
        let spell = self.st.slot_spell[slot];
        let def = self.st.spec.file.spells[spell].dot.as_ref().expect("dot");
        let fraction = ((self.now - d.last_tick) / d.interval).min(1.0);
        self.dots[idx].last_tick = self.now;
        if fraction > EPS {
            let mastery = self.st.spec.file.mastery.effect == MasteryEffect::DotDamage;
            self.deal(
                spell,
                def.coefficient * fraction,
                0.0,
                0.0,
                mastery,
                target,
                Some((spell, true)),
            );
        }
        let d = self.dots[idx];
        if self.now + EPS < d.expires {
            let next = (self.now + d.interval).min(d.expires);
            self.schedule(
                next,
                Ev::DotTick {
                    slot: idx as u32,
                    gen,
                },
            );
        }
    }

    fn on_channel_tick(&mut self) {
        let Some(mut c) = self.channel else { return };
        let def = self.st.spec.file.spells[c.spell as usize]
            .channel
            .as_ref()
            .expect("channel");
        let spell = c.spell as usize;
        for k in 0..self.aoe_count(self.st.spec.file.spells[spell].aoe_cap) {
            let t = Self::aoe_target(c.target as usize, k);
            self.deal(
                spell,
                def.coefficient,
                0.0,
                0.0,
                false,
                t,
                Some((spell, true)),
            );
        }
        c.ticks_left -= 1;
        if c.ticks_left == 0 {
            self.channel = None;
            let t = self.gcd_ready;
            self.schedule_ready(t);
        } else {
            self.channel = Some(c);
            let gen = self.channel_gen;
            self.schedule(self.now + c.interval, Ev::ChannelTick { gen });
        }
    }

    fn on_swing(&mut self) {
        let f = &self.st.spec.file;
        let Some(a) = &f.auto_attack else { return };
        let ability = f.spells.len();
        self.abilities[ability].casts += 1;
        self.deal(ability, a.coefficient, a.variance, 0.0, false, 0, None);
        if a.gain > 0.0 {
            self.settle();
            self.resource = (self.resource + a.gain).min(f.resource.max);
        }
        self.try_proc(TriggerOn::AutoAttack, f.spells.len());
        let next = self.now + a.speed / self.haste_mult;
        self.schedule(next, Ev::Swing);
    }

    fn on_pet_attack(&mut self) {
        let f = &self.st.spec.file;
        let Some(p) = &f.pet else { return };
        if self.now >= self.pet_until {
            return;
        }
        let ability = f.spells.len() + 1;
        self.abilities[ability].casts += 1;
        let mastery = f.mastery.effect == MasteryEffect::PetDamage;
        self.deal(ability, p.coefficient, 0.05, 0.0, mastery, 0, None);
        let next = self.now + p.speed / self.haste_mult;
        if next < self.pet_until {
            let gen = self.pet_gen;
            self.schedule(next, Ev::PetAttack { gen });
        }
    }

    fn on_move_start(&mut self) {
        self.moving = true;
        self.log_event(LogKind::MoveStart, "movement", 0, 0.0, false);
        if let Some(c) = self.channel {
            if !self.st.spec.file.spells[c.spell as usize].movable {
                self.channel = None;
                self.channel_gen = self.channel_gen.wrapping_add(1);
                self.schedule_ready(self.now);
            }
        }
        let end = self.now + self.rng.range(3.0, 6.0);
        self.schedule(end, Ev::MoveEnd);
        self.next_move = f64::INFINITY;
    }

    fn on_move_end(&mut self) {
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
