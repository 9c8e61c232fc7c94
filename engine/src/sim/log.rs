//! The sample iteration's event log (casts, damage, buff gains and fades, movement).

use super::Sim;
use crate::report::{LogEntry, LogKind};

/// The sample log keeps at most this many lines.
const MAX_LOG: usize = 20_000;

impl Sim<'_> {
    /// The report id of an ability: a spell id, `auto_attack` or `pet_NAME`.
    pub(super) fn ability_id(&self, ability: usize) -> String {
        let f = &self.st.spec.full;
        match ability.cmp(&f.spells.len()) {
            std::cmp::Ordering::Less => f.spells[ability].id.clone(),
            std::cmp::Ordering::Equal => "auto_attack".into(),
            std::cmp::Ordering::Greater => {
                format!("pet_{}", f.pet.as_ref().map_or("", |p| p.name.as_str()))
            }
        }
    }

    /// Appends a line to the log when this iteration keeps one (inlined: most do not).
    #[inline(always)]
    pub(super) fn log_event(
        &mut self,
        kind: LogKind,
        name: &str,
        target: u32,
        amount: f64,
        crit: bool,
    ) {
        if self.log.is_some() {
            self.push_log(kind, name, target, amount, crit);
        }
    }

    /// [`Self::log_event`] for an iteration that keeps a log.
    #[inline(never)]
    fn push_log(&mut self, kind: LogKind, name: &str, target: u32, amount: f64, crit: bool) {
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
}
