//! The rotation (APL) editor: a real `<textarea name="apl">` (it works inside its owner's form
//! before and without the WASM), a line-number gutter, errors underlined where they are, a
//! problems list with one-click fixes, and the spec's vocabulary to insert from. The engine's
//! own compiler checks the text in the browser as the player types (`check`).
//!
//! Files: `check` (spec cache, debounce, local or server check), `text` (positions and
//! stretches of the text), `edit` (selection and edits on the textarea), `overlay` (gutter and
//! highlight), `problems` (the list), `vocabulary` (the names beside the editor).

mod check;
mod counts;
mod edit;
mod overlay;
mod problems;
mod text;
mod vocabulary;

pub use check::AplCheckSummary;
pub use counts::LineCounts;

use check::Checker;
use counts::CountsGutter;
use edit::Editing;
use leptos::{html::Textarea, prelude::*};
use overlay::{Gutter, Highlight};
use problems::Problems;
use vocabulary::VocabularyPanel;

/// The editor for `text`, a rotation for spec `spec_id`.
///
/// - `label`: the textarea's visible label (default "Rotation (APL)"); `id`: its element id
///   (default "apl").
/// - `on_save`: Ctrl+S / Cmd+S anywhere in the editor (the browser's save dialog is prevented).
/// - `on_check`: after every check, with its counts and timing.
/// - `counts`: per-line counts of a simulation of exactly this text, shown beside the line
///   numbers (the owner passes `None` once the text changes).
///
/// The root carries `data-check-seq`, `data-check-ms` (the last check's duration),
/// `data-check-source` (`local` or `server`) and `data-errors`.
#[component]
pub fn AplEditor(
    #[prop(into)] spec_id: Signal<String>,
    text: RwSignal<String>,
    #[prop(into, optional)] label: Option<String>,
    #[prop(into, optional)] id: Option<String>,
    #[prop(optional)] on_save: Option<Callback<()>>,
    #[prop(optional)] on_check: Option<Callback<AplCheckSummary>>,
    #[prop(optional, into)] counts: Option<Signal<Option<LineCounts>>>,
) -> impl IntoView {
    let counts = counts.unwrap_or_else(|| Signal::stored(None));
    let label = label.unwrap_or_else(|| "Rotation (APL)".into());
    let id = id.unwrap_or_else(|| "apl".into());
    let problems_id = format!("{id}-problems");
    let area = NodeRef::<Textarea>::new();
    let checker = Checker::new(on_check);
    let editing = Editing { area, text };
    let scroll = RwSignal::new((0, 0));
    let enhanced = RwSignal::new(false);

    // Browser only (Effects do not run on the server): the spec for local checks, and a check
    // after every change of the text or the spec.
    Effect::new(move |_| {
        enhanced.set(true);
        checker.load_spec(spec_id.get());
    });
    Effect::new(move |_| {
        checker.spec.track();
        checker.schedule(spec_id.get(), text.get());
    });
    on_cleanup(move || checker.cancel());

    let summary = checker.summary;
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("s") {
            ev.prevent_default();
            if let Some(cb) = on_save {
                cb.run(());
            }
        }
    };
    let on_scroll = move |_| {
        if let Some(el) = area.get_untracked() {
            scroll.set((el.scroll_top(), el.scroll_left()));
        }
    };

    view! {
        <div
            class="apl-editor"
            class:enhanced=move || enhanced.get()
            data-check-seq=move || summary.get().map_or(0, |s| s.seq).to_string()
            data-check-ms=move || summary.get().map(|s| format!("{:.3}", s.millis))
            data-check-source=move || summary.get().map(|s| if s.local { "local" } else { "server" })
            data-errors=move || summary.get().map(|s| s.errors.to_string())
            on:keydown=on_keydown
        >
            <div class="apl-main">
                <label class="apl-label" for=id.clone()>{label}</label>
                <div class="apl-box">
                    <CountsGutter text counts scroll />
                    <Gutter text errors=checker.errors scroll />
                    <div class="apl-code">
                        <Highlight text errors=checker.errors scroll />
                        <textarea
                            node_ref=area
                            id=id
                            name="apl"
                            class="apl-input"
                            wrap="off"
                            spellcheck="false"
                            autocomplete="off"
                            autocapitalize="off"
                            aria-describedby=problems_id.clone()
                            prop:value=move || text.get()
                            on:input:target=move |ev| text.set(ev.target().value())
                            on:scroll=on_scroll
                        >
                            {text.get_untracked()}
                        </textarea>
                    </div>
                </div>
                <div id=problems_id>
                    <Problems checker editing />
                </div>
            </div>
            <VocabularyPanel checker editing />
        </div>
    }
    .into_any()
}
