//! The primary resource: regeneration (hasted where the spec says), its value at any time, and
//! the per-second samples of it for the timeline. Costs and gains are paid where casts happen.

use super::Sim;

impl Sim<'_> {
    /// Regeneration per second now.
    pub(super) fn regen_rate(&self) -> f64 {
        let r = &self.st.spec.full.resource;
        if r.hasted_regen {
            r.regen * self.haste_mult
        } else {
            r.regen
        }
    }

    /// Resource value at time `t` ≥ the last settle.
    pub(super) fn resource_at(&self, t: f64) -> f64 {
        (self.resource + self.regen_rate() * (t - self.res_time))
            .min(self.st.spec.full.resource.max)
    }

    /// Folds the regeneration since the last settle into the stored value.
    pub(super) fn settle(&mut self) {
        let raw = self.resource + self.regen_rate() * (self.now - self.res_time).max(0.0);
        let max = self.st.spec.full.resource.max;
        self.account_regen_overflow(raw, max);
        self.resource = raw.min(max);
        self.res_time = self.now;
    }

    /// Records the resource at each whole second up to `t` for the timeline.
    pub(super) fn sample_until(&mut self, t: f64) {
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
}
