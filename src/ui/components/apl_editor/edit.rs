//! Edits the editor makes to its textarea: select an error's span, replace it with its
//! suggestion, insert a name at the cursor. Each keeps the textarea's value, selection and
//! scroll position in step with the text signal.

use super::text::{byte_of_utf16, span_bytes, splice, utf16_at};
use leptos::{html::Textarea, prelude::*};
use rotasim_engine::apl::AplError;

/// Height of one line of the editor in CSS pixels (`--apl-line` in style/main.css).
pub const LINE_PX: f64 = 21.0;

/// The textarea and the text it edits.
#[derive(Clone, Copy)]
pub struct Editing {
    pub area: NodeRef<Textarea>,
    pub text: RwSignal<String>,
}

impl Editing {
    /// Focuses the textarea with the error's span selected, scrolled into view.
    pub fn select(self, e: &AplError) {
        let Some(el) = self.area.get_untracked() else {
            return;
        };
        let text = self.text.get_untracked();
        let (start, end) = span_bytes(&text, e);
        let _ = el.focus();
        let _ = el.set_selection_range(utf16_at(&text, start), utf16_at(&text, end));
        scroll_to_line(&el, e.line);
    }

    /// Puts `by` in place of the error's span and selects it.
    pub fn replace(self, e: &AplError, by: &str) {
        let text = self.text.get_untracked();
        let (start, end) = span_bytes(&text, e);
        self.put(splice(&text, start, end, by), start, start + by.len());
    }

    /// Inserts `word` at the cursor (in place of the selection), the cursor after it.
    pub fn insert(self, word: &str) {
        let text = self.text.get_untracked();
        let (start, end) = match self.area.get_untracked() {
            Some(el) => {
                let at = |o: Option<u32>| o.map(|o| byte_of_utf16(&text, o));
                let start = at(el.selection_start().ok().flatten()).unwrap_or(text.len());
                let end = at(el.selection_end().ok().flatten()).unwrap_or(start);
                (start.min(end), start.max(end))
            }
            None => (text.len(), text.len()),
        };
        let after = start + word.len();
        self.put(splice(&text, start, end, word), after, after);
    }

    /// Sets the new text (textarea first, so the selection can be placed) and selects bytes
    /// `start..end` of it.
    fn put(self, new: String, start: usize, end: usize) {
        if let Some(el) = self.area.get_untracked() {
            el.set_value(&new);
            let _ = el.focus();
            let _ = el.set_selection_range(utf16_at(&new, start), utf16_at(&new, end));
        }
        self.text.set(new);
    }
}

/// Scrolls the textarea so that 1-based `line` is in view (a third from the top when it was not).
fn scroll_to_line(el: &leptos::web_sys::HtmlTextAreaElement, line: usize) {
    let top = (line.saturating_sub(1)) as f64 * LINE_PX;
    let view = el.client_height() as f64;
    let now = el.scroll_top() as f64;
    if top < now || top + LINE_PX > now + view - LINE_PX {
        el.set_scroll_top((top - view / 3.0).max(0.0) as i32);
    }
}
