//! "Compare with…": a dialog listing the player's other completed results; choosing one opens
//! the comparison with this result as the baseline.

use crate::{
    model::{paths, HistoryFilter, JobStatus},
    server_fns::list_simulations,
    ui::format,
};
use leptos::{html, prelude::*};
use leptos_router::components::A;

/// Results the picker lists (the newest).
const PICKER_SIZE: u32 = 20;

/// The button and its dialog, for the completed job `job_id`.
#[component]
pub fn CompareWith(job_id: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let this = StoredValue::new(job_id);
    let others = Resource::new(
        move || open.get(),
        |open| async move {
            if !open {
                return None;
            }
            let completed = HistoryFilter {
                status: Some(JobStatus::Completed.as_str().to_string()),
                ..Default::default()
            };
            Some(list_simulations(completed, Some(PICKER_SIZE + 1), None).await)
        },
    );
    let close_button = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if open.get() {
            request_animation_frame(move || {
                if let Some(b) = close_button.get_untracked() {
                    let _ = b.focus();
                }
            });
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            open.set(false);
        }
    };
    view! {
        <button
            type="button"
            class="btn"
            aria-haspopup="dialog"
            data-testid="compare-with"
            on:click=move |_| open.set(true)
        >
            "Compare with…"
        </button>
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| open.set(false)>
                <div
                    class="dialog compare-picker"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="compare-with-title"
                    on:keydown=on_key
                    on:click=|ev| ev.stop_propagation()
                >
                    <h2 id="compare-with-title">"Compare with…"</h2>
                    <p>"This result is the baseline; choose another of your completed results."</p>
                    <Suspense fallback=|| view! { <p class="muted">"Loading your results…"</p> }>
                        {move || Suspend::new(async move {
                            match others.await {
                                None => ().into_any(),
                                Some(Err(e)) => view! { <p class="field-error">{format::error_message(&e)}</p> }.into_any(),
                                Some(Ok(page)) => {
                                    let id = this.get_value();
                                    let items = page
                                        .results
                                        .into_iter()
                                        .filter(|j| j.job_id != id)
                                        .take(PICKER_SIZE as usize)
                                        .map(|j| {
                                            let href = paths::compare(&[id.as_str(), j.job_id.as_str()]);
                                            let name = j.rotation_name.clone().unwrap_or_else(|| j.job_id.clone());
                                            let detail = format!(
                                                "{} DPS · {} · {}",
                                                j.mean_dps.map(format::thousands).unwrap_or_else(|| "—".into()),
                                                format::fight(&j.fight_type),
                                                format::relative(&j.created_at, format::now_secs()),
                                            );
                                            view! {
                                                <li>
                                                    <A href=href attr:class="picker-item">
                                                        <span class="cell-title">{name}</span>
                                                        <span class="cell-sub">{detail}</span>
                                                    </A>
                                                </li>
                                            }
                                        })
                                        .collect::<Vec<_>>();
                                    if items.is_empty() {
                                        view! { <p class="muted">"No other completed results yet."</p> }.into_any()
                                    } else {
                                        view! { <ul class="picker-list" data-testid="compare-picker">{items}</ul> }.into_any()
                                    }
                                }
                            }
                        })}
                    </Suspense>
                    <div class="dialog-actions">
                        <button class="btn" node_ref=close_button on:click=move |_| open.set(false)>
                            "Close"
                        </button>
                    </div>
                </div>
            </div>
        </Show>
    }
    .into_any()
}
