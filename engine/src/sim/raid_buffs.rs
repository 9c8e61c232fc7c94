//! Raid buffs and externals: Bloodlust once (at the pull by default), Power Infusion from the pull
//! and again at a fixed interval. Their buffs are the spec's `bloodlust` and `power_infusion`.

use super::{state::Ev, Sim};

impl Sim<'_> {
    /// Schedules the raid buffs of the run's settings.
    pub(super) fn schedule_raid_buffs(&mut self) {
        let raid = self.st.raid;
        let extras = &self.st.spec.extras;
        let (lust, pi) = (extras.bloodlust as u16, extras.power_infusion as u16);
        if raid.bloodlust {
            self.schedule(raid.bloodlust_at, Ev::External { buff: lust });
        }
        if raid.power_infusion {
            self.schedule(0.0, Ev::External { buff: pi });
        }
    }

    /// A raid buff arrives; Power Infusion comes again after its interval.
    pub(super) fn on_external(&mut self, buff: usize) {
        self.gain_buff(buff);
        if buff == self.st.spec.extras.power_infusion {
            let t = self.now + self.st.raid.power_infusion_every;
            self.schedule(t, Ev::External { buff: buff as u16 });
        }
    }
}
