//! Checking as the player types. The spec's data is fetched once per spec id (and cached for
//! the page's life); every edit then runs the engine's own [`Apl::check`] in the browser after a
//! short debounce, timed with `performance.now()`. Until the spec is there (or if it cannot be
//! had) the server's `check_apl` answers instead.

use crate::{
    model::AplCheckRequest,
    server_fns::{check_apl, get_spec_data},
    ui::format,
};
use leptos::prelude::*;
use rotasim_engine::{apl::AplError, Apl, Spec};
use std::{sync::Arc, time::Duration};

/// Quiet time after the last edit before a check runs.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// What one check found, for the editor's owner (`on_check`) and the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AplCheckSummary {
    /// Errors found (0: the rotation compiles).
    pub errors: usize,
    /// Actions written, the faulty ones included.
    pub actions: usize,
    /// How long the check took: the engine in the browser, or the round trip to the server.
    pub millis: f64,
    /// Sequence number of the check (1, 2, …), counted per editor.
    pub seq: u64,
    /// Checked in the browser (else by the server).
    pub local: bool,
}

/// The editor's checking state: the spec in the browser and the last check's outcome.
#[derive(Clone, Copy)]
pub struct Checker {
    /// The spec built in the browser, once its data has arrived.
    pub spec: RwSignal<Option<Arc<Spec>>>,
    /// The last check's errors, in text order.
    pub errors: RwSignal<Vec<AplError>>,
    /// The last check's summary; `None` before the first.
    pub summary: RwSignal<Option<AplCheckSummary>>,
    /// Why the last (server) check failed, if it did.
    pub failure: RwSignal<Option<String>>,
    /// Why the spec could not be loaded in the browser, if it could not.
    pub spec_failure: RwSignal<Option<String>>,
    /// The number of the last check started.
    started: StoredValue<u64>,
    /// The spec id of the last check scheduled.
    wanted: StoredValue<String>,
    /// The pending debounced check.
    timer: StoredValue<Option<TimeoutHandle>>,
    on_check: Option<Callback<AplCheckSummary>>,
}

impl Checker {
    pub fn new(on_check: Option<Callback<AplCheckSummary>>) -> Self {
        Checker {
            spec: RwSignal::new(None),
            errors: RwSignal::new(Vec::new()),
            summary: RwSignal::new(None),
            failure: RwSignal::new(None),
            spec_failure: RwSignal::new(None),
            started: StoredValue::new(0),
            wanted: StoredValue::new(String::new()),
            timer: StoredValue::new(None),
            on_check,
        }
    }

    /// Makes `spec_id`'s spec the current one: from the cache, or fetched (checks go to the
    /// server meanwhile).
    pub fn load_spec(self, spec_id: String) {
        self.wanted.set_value(spec_id.clone());
        if let Some(spec) = cache::get(&spec_id) {
            self.spec.set(Some(spec));
            return;
        }
        self.spec.set(None);
        self.spec_failure.set(None);
        leptos::task::spawn_local(async move {
            let built = match get_spec_data(spec_id.clone()).await {
                Ok(file) => Spec::from_file(file).map_err(|e| e.to_string()),
                Err(e) => Err(format::error_message(&e)),
            };
            match built {
                Ok(spec) => {
                    let spec = Arc::new(spec);
                    cache::put(&spec_id, spec.clone());
                    // Still the editor's spec (the player may have switched meanwhile)?
                    if self.wanted.try_with_value(|w| *w == spec_id) == Some(true) {
                        self.spec.set(Some(spec));
                    }
                }
                Err(e) => {
                    let _ = self.spec_failure.try_set(Some(e));
                }
            }
        });
    }

    /// Checks `text` against `spec_id` after the debounce, cancelling a pending check.
    pub fn schedule(self, spec_id: String, text: String) {
        self.wanted.set_value(spec_id.clone());
        if let Some(h) = self.timer.get_value() {
            h.clear();
        }
        let handle = set_timeout_with_handle(move || self.check_now(spec_id, text), DEBOUNCE);
        self.timer.set_value(handle.ok());
    }

    /// Drops the pending check (the editor is going away).
    pub fn cancel(self) {
        if let Some(Some(h)) = self.timer.try_get_value() {
            h.clear();
        }
    }

    /// Checks `text` now: in the browser when `spec_id`'s spec is here, else on the server.
    pub fn check_now(self, spec_id: String, text: String) {
        let Some(seq) = self.started.try_get_value().map(|s| s + 1) else {
            return; // the editor is gone
        };
        self.started.set_value(seq);
        match self.spec.get_untracked() {
            Some(spec) if spec.id() == spec_id => {
                let t0 = now();
                let check = Apl::check(&text, &spec);
                let millis = now() - t0;
                let actions = check.actions.len();
                self.done(seq, check.errors, actions, millis, true);
            }
            _ => leptos::task::spawn_local(async move {
                let t0 = now();
                let answer = check_apl(AplCheckRequest { spec_id, apl: text }).await;
                let millis = now() - t0;
                // A newer check has started: this answer is stale.
                if self.started.try_get_value() != Some(seq) {
                    return;
                }
                match answer {
                    Ok(r) => self.done(seq, r.errors, r.actions.len(), millis, false),
                    Err(e) => self.failure.set(Some(format::error_message(&e))),
                }
            }),
        }
    }

    fn done(self, seq: u64, errors: Vec<AplError>, actions: usize, millis: f64, local: bool) {
        let summary = AplCheckSummary {
            errors: errors.len(),
            actions,
            millis,
            seq,
            local,
        };
        self.failure.set(None);
        self.errors.set(errors);
        self.summary.set(Some(summary));
        if let Some(cb) = self.on_check {
            cb.run(summary);
        }
    }
}

/// Milliseconds from the page's time origin (`performance.now()`); 0 on the server.
fn now() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }
    #[cfg(not(feature = "hydrate"))]
    0.0
}

/// Specs built in this browser, by id, for the page's life.
mod cache {
    use rotasim_engine::Spec;
    use std::{cell::RefCell, collections::HashMap, sync::Arc};

    thread_local! {
        static SPECS: RefCell<HashMap<String, Arc<Spec>>> = RefCell::new(HashMap::new());
    }

    pub fn get(id: &str) -> Option<Arc<Spec>> {
        SPECS.with(|s| s.borrow().get(id).cloned())
    }

    pub fn put(id: &str, spec: Arc<Spec>) {
        SPECS.with(|s| s.borrow_mut().insert(id.to_string(), spec));
    }
}
