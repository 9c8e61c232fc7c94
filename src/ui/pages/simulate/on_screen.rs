//! What the quick-sim form shows, read from the page itself (browser only): the values a
//! player typed or chose before the WebAssembly took over, and the values a submission sends.

use super::FORM_ID;
use crate::model::SimForm;
use wasm_bindgen::JsCast;
use web_sys::{FormData, HtmlFormElement};

/// The values `form` holds now, as its submission would send them.
pub fn values(form: &HtmlFormElement) -> Option<SimForm> {
    let data = FormData::new_with_form(form).ok()?;
    let pairs: Vec<(String, String)> = SimForm::control_names()
        .into_iter()
        .filter_map(|name| data.get(&name).as_string().map(|v| (name, v)))
        .collect();
    Some(SimForm::from_pairs(
        pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    ))
}

/// The values of the form already on the page (the server's, perhaps edited before the app
/// started), if there is one.
pub fn current() -> Option<SimForm> {
    let form = web_sys::window()?
        .document()?
        .get_element_by_id(FORM_ID)?
        .dyn_into::<HtmlFormElement>()
        .ok()?;
    values(&form)
}

/// The values of the form a submit event belongs to.
pub fn submitted(ev: &web_sys::SubmitEvent) -> Option<SimForm> {
    let form = ev.target()?.dyn_into::<HtmlFormElement>().ok()?;
    values(&form)
}
