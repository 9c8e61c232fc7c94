//! The quick-sim form's "Raid and timing" card: Bloodlust/Heroism and when, Power Infusion and
//! how often, a raid damage aura, and the player's reaction time and latency.

use crate::{
    model::{raid_form_names as names, RaidForm},
    ui::components::field::{CheckField, FieldErrors, NumberField},
};
use leptos::prelude::*;

/// The card's inputs, as typed.
#[derive(Debug, Clone, Copy)]
pub struct RaidFields {
    bloodlust: RwSignal<bool>,
    bloodlust_at: RwSignal<String>,
    power_infusion: RwSignal<bool>,
    power_infusion_every: RwSignal<String>,
    damage_aura: RwSignal<String>,
    reaction_mean: RwSignal<String>,
    reaction_sd: RwSignal<String>,
    latency_mean: RwSignal<String>,
    latency_sd: RwSignal<String>,
}

impl RaidFields {
    /// Inputs showing `form`.
    pub fn new(form: &RaidForm) -> RaidFields {
        RaidFields {
            bloodlust: RwSignal::new(form.bloodlust),
            bloodlust_at: RwSignal::new(form.bloodlust_at.clone()),
            power_infusion: RwSignal::new(form.power_infusion),
            power_infusion_every: RwSignal::new(form.power_infusion_every.clone()),
            damage_aura: RwSignal::new(form.damage_aura.clone()),
            reaction_mean: RwSignal::new(form.reaction_mean.clone()),
            reaction_sd: RwSignal::new(form.reaction_sd.clone()),
            latency_mean: RwSignal::new(form.latency_mean.clone()),
            latency_sd: RwSignal::new(form.latency_sd.clone()),
        }
    }

    /// The values the inputs hold (untracked).
    pub fn form(&self) -> RaidForm {
        RaidForm {
            bloodlust: self.bloodlust.get_untracked(),
            bloodlust_at: self.bloodlust_at.get_untracked(),
            power_infusion: self.power_infusion.get_untracked(),
            power_infusion_every: self.power_infusion_every.get_untracked(),
            damage_aura: self.damage_aura.get_untracked(),
            reaction_mean: self.reaction_mean.get_untracked(),
            reaction_sd: self.reaction_sd.get_untracked(),
            latency_mean: self.latency_mean.get_untracked(),
            latency_sd: self.latency_sd.get_untracked(),
        }
    }

    /// Sets every input to `form`'s values.
    pub fn set(&self, form: &RaidForm) {
        self.bloodlust.set(form.bloodlust);
        self.bloodlust_at.set(form.bloodlust_at.clone());
        self.power_infusion.set(form.power_infusion);
        self.power_infusion_every
            .set(form.power_infusion_every.clone());
        self.damage_aura.set(form.damage_aura.clone());
        self.reaction_mean.set(form.reaction_mean.clone());
        self.reaction_sd.set(form.reaction_sd.clone());
        self.latency_mean.set(form.latency_mean.clone());
        self.latency_sd.set(form.latency_sd.clone());
    }

    /// Reads every input (tracked).
    pub fn track(&self) {
        let _ = (
            self.bloodlust.get(),
            self.bloodlust_at.get(),
            self.power_infusion.get(),
            self.power_infusion_every.get(),
            self.damage_aura.get(),
            self.reaction_mean.get(),
            self.reaction_sd.get(),
            self.latency_mean.get(),
            self.latency_sd.get(),
        );
    }
}

/// The "Raid and timing" card. The time fields of an unticked buff are hidden by the
/// stylesheet, with or without the WebAssembly.
#[component]
pub fn RaidFieldset(raid: RaidFields, errors: FieldErrors) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="raid-title">
            <h2 id="raid-title">"Raid and timing"</h2>
            <CheckField id="raid-bloodlust" name=names::BLOODLUST label="Bloodlust / Heroism" checked=raid.bloodlust help="(+30 % haste for 40 s, once)" />
            <div class="when-bloodlust">
                <NumberField id=names::BLOODLUST_AT label="Bloodlust at (seconds into the fight)" value=raid.bloodlust_at min=0.0 max=rotasim_engine::limits::MAX_DURATION step="1" errors />
            </div>
            <CheckField id="raid-power-infusion" name=names::POWER_INFUSION label="Power Infusion" checked=raid.power_infusion help="(+20 % haste for 15 s, from the pull)" />
            <div class="when-power-infusion">
                <NumberField id=names::POWER_INFUSION_EVERY label="Power Infusion every (seconds)" value=raid.power_infusion_every min=15.0 max=rotasim_engine::raid::MAX_INTERVAL step="1" errors />
            </div>
            <NumberField id=names::DAMAGE_AURA label="Raid damage aura (%)" value=raid.damage_aura min=0.0 max=50.0 step="0.5" errors />
            <div class="row-2">
                <NumberField id=names::REACTION_MEAN label="Reaction time (seconds)" value=raid.reaction_mean min=0.0 max=2.0 step="0.01" errors />
                <NumberField id=names::REACTION_SD label="Reaction spread (± seconds, SD)" value=raid.reaction_sd min=0.0 max=1.0 step="0.01" errors />
            </div>
            <div class="row-2">
                <NumberField id=names::LATENCY_MEAN label="Latency (seconds)" value=raid.latency_mean min=0.0 max=1.0 step="0.005" errors />
                <NumberField id=names::LATENCY_SD label="Latency spread (± seconds, SD)" value=raid.latency_sd min=0.0 max=0.5 step="0.005" errors />
            </div>
            <p class="help">"Reaction: the delay before a proc (buff.x.react) is acted on. Latency: the gap after each cast or GCD that the spell queue does not hide."</p>
        </section>
    }
}
