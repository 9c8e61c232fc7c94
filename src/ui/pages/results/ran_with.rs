//! What a result ran: the APL text and settings kept with the job (its snapshot), with a link to
//! the rotation and a word when the rotation has been edited or deleted since. A shared result
//! shows the snapshot alone, without links.

use crate::{
    model::{paths, JobSnapshot, JobView},
    ui::format,
};
use leptos::prelude::*;
use leptos_router::components::A;

/// The parts of a job this section shows.
#[derive(Debug, Clone, PartialEq)]
pub struct RanWithData {
    snapshot: Option<JobSnapshot>,
    rotation_id: Option<String>,
    rotation_version: Option<i32>,
    edited_since: bool,
    rotation_deleted: bool,
    /// A shared result: no rotation version, no links.
    shared: bool,
}

impl RanWithData {
    /// From a job as the single-job endpoint returns it.
    pub fn from_job(job: &JobView) -> RanWithData {
        RanWithData {
            snapshot: job.snapshot.clone(),
            rotation_id: job.rotation_id.clone(),
            rotation_version: job.rotation_version,
            edited_since: job.edited_since,
            rotation_deleted: job.rotation_deleted,
            shared: false,
        }
    }

    /// A shared result's snapshot: the text and settings only.
    pub fn shared(snapshot: Option<JobSnapshot>) -> RanWithData {
        RanWithData {
            snapshot,
            rotation_id: None,
            rotation_version: None,
            edited_since: false,
            rotation_deleted: false,
            shared: true,
        }
    }
}

/// "Rotation as simulated": the APL that produced this result.
#[component]
pub fn RanWith(data: RanWithData) -> impl IntoView {
    let snapshot = data.snapshot?;
    let lines = snapshot.apl.lines().count();
    let note = if data.shared {
        None
    } else if data.rotation_deleted {
        Some(view! { <span class="badge badge-cancelled" data-testid="rotation-deleted">"Rotation deleted since"</span> }.into_any())
    } else if data.edited_since {
        let href = data
            .rotation_id
            .as_deref()
            .map(paths::rotation_page)
            .unwrap_or_default();
        Some(
            view! {
                <span class="badge badge-queued" data-testid="edited-since">"Edited since"</span>
                " " <A href=href>"see the current version"</A>
            }
            .into_any(),
        )
    } else {
        data.rotation_id.as_deref().map(|id| {
            view! {
                <A href=paths::rotation_page(id)>"Open the rotation"</A>
            }
            .into_any()
        })
    };
    let settings = format!(
        "{}{} · seed {}{}",
        snapshot.spec_id,
        match (data.rotation_version, data.shared) {
            (Some(v), _) => format!(" · version {v}"),
            (None, false) => " · inline APL".into(),
            (None, true) => String::new(),
        },
        snapshot.seed,
        snapshot
            .spec_version
            .as_deref()
            .map(|v| format!(" · spec data {v}"))
            .unwrap_or_default(),
    );
    let raid = raid_summary(&snapshot);
    Some(view! {
        <section class="card ran-with" aria-labelledby="ran-with-title" data-testid="ran-with">
            <div class="card-head">
                <h2 id="ran-with-title">"Rotation as simulated"</h2>
                <span>{note}</span>
            </div>
            <p class="help">{settings}</p>
            {raid.map(|r| view! { <p class="help" data-testid="ran-raid">{r}</p> })}
            <details>
                <summary>{format!("APL · {lines} lines · {} characters", format::thousands(snapshot.apl.chars().count() as f64))}</summary>
                <pre class="apl-view" data-testid="ran-apl"><code>{snapshot.apl.clone()}</code></pre>
            </details>
        </section>
    })
}

/// "Bloodlust at 0 s · Power Infusion every 120 s · raid aura +3 % · reaction 0.15 ± 0.05 s ·
/// latency 0.05 ± 0.02 s",
/// or `None` for a job stored before these settings existed.
fn raid_summary(snapshot: &JobSnapshot) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(raid) = &snapshot.raid {
        if raid.bloodlust {
            parts.push(format!("Bloodlust at {} s", format::num(raid.bloodlust_at)));
        }
        if raid.power_infusion {
            parts.push(format!(
                "Power Infusion every {} s",
                format::num(raid.power_infusion_every)
            ));
        }
        if raid.damage_aura > 0.0 {
            parts.push(format!(
                "raid aura +{} %",
                format::num(raid.damage_aura * 100.0)
            ));
        }
        if parts.is_empty() {
            parts.push("no raid buffs".to_string());
        }
    }
    if let Some(r) = &snapshot.reaction {
        parts.push(format!(
            "reaction {} ± {} s",
            format::num(r.mean),
            format::num(r.sd)
        ));
    }
    if let Some(l) = &snapshot.latency {
        parts.push(format!(
            "latency {} ± {} s",
            format::num(l.mean),
            format::num(l.sd)
        ));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}
