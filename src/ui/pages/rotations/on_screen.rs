//! What the rotation form shows, read from the page itself (browser only): the values a player
//! typed before the WebAssembly took over, which become the form's state when it does.

use crate::model::RotationInput;
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::JsCast;
use web_sys::{FormData, HtmlFormElement};

/// Whether a rotation form has been created since the app started.
static SEEN: AtomicBool = AtomicBool::new(false);

/// The rotation form's values as the server-rendered page holds them, for the first rotation
/// form the app creates: the one it takes over, if the page it started on has one (`None` for
/// every later form: a page the app draws itself has nothing typed yet).
pub fn typed() -> Option<RotationInput> {
    if SEEN.swap(true, Ordering::Relaxed) {
        return None;
    }
    let form = web_sys::window()?
        .document()?
        .query_selector("form.rotation-form")
        .ok()??
        .dyn_into::<HtmlFormElement>()
        .ok()?;
    let data = FormData::new_with_form(&form).ok()?;
    let pairs: Vec<(&str, String)> = ["specId", "name", "description", "apl"]
        .into_iter()
        .filter_map(|n| data.get(n).as_string().map(|v| (n, v)))
        .collect();
    Some(RotationInput::from_form(
        pairs.iter().map(|(n, v)| (*n, v.as_str())),
    ))
}
