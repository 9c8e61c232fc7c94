//! The global toast region: stacked, announced politely, dismissed after a few seconds.

use leptos::prelude::*;
use std::time::Duration;

/// How long a toast stays.
const TOAST_LIFETIME: Duration = Duration::from_secs(6);

/// What a toast reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    /// Something worked.
    Success,
    /// Something failed.
    Error,
    /// For information.
    Info,
}

impl ToastKind {
    fn class(self) -> &'static str {
        match self {
            ToastKind::Success => "toast toast-success",
            ToastKind::Error => "toast toast-error",
            ToastKind::Info => "toast toast-info",
        }
    }
}

/// One toast.
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    id: u64,
    kind: ToastKind,
    title: String,
    body: Option<String>,
}

/// The toast queue, provided once by the app.
#[derive(Debug, Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    /// Shows a toast; it disappears by itself.
    pub fn push(&self, kind: ToastKind, title: impl Into<String>, body: Option<String>) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items.update(|v| {
            v.push(Toast {
                id,
                kind,
                title: title.into(),
                body,
            })
        });
        let this = *self;
        set_timeout(move || this.dismiss(id), TOAST_LIFETIME);
    }

    /// Says whether a submission started a job ("Simulation submitted") or why not; the new job's
    /// results page when it started.
    pub fn started(
        &self,
        result: &Result<crate::model::CreatedJob, ServerFnError>,
    ) -> Option<String> {
        match result {
            Ok(created) => {
                // Said once, true for as long as it shows: the page says queued or running.
                self.push(
                    ToastKind::Success,
                    "Simulation submitted",
                    Some(format!("Job {}: its page follows it live.", created.job_id)),
                );
                Some(crate::model::paths::result_page(&created.job_id))
            }
            Err(e) => {
                self.push(
                    ToastKind::Error,
                    crate::ui::format::submit_error_title(e, "Failed to start simulation"),
                    Some(crate::ui::format::error_message(e)),
                );
                None
            }
        }
    }

    /// Removes a toast.
    pub fn dismiss(&self, id: u64) {
        self.items.update(|v| v.retain(|t| t.id != id));
    }
}

/// Creates and provides the toast queue.
pub fn provide_toasts() -> Toasts {
    let toasts = Toasts {
        items: RwSignal::new(Vec::new()),
        next: StoredValue::new(0),
    };
    provide_context(toasts);
    toasts
}

/// The app's toast queue.
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// Where toasts appear (bottom right; top on phones).
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts" role="status" aria-live="polite" aria-relevant="additions">
            <For each=move || toasts.items.get() key=|t| t.id let:t>
                <div class=t.kind.class() data-testid="toast">
                    <div class="toast-text">
                        <strong>{t.title.clone()}</strong>
                        {t.body.clone().map(|b| view! { <span>{b}</span> })}
                    </div>
                    <button
                        class="toast-close"
                        aria-label="Dismiss notification"
                        on:click=move |_| toasts.dismiss(t.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
