//! Any text compiles to a rotation or a positioned error, for every built-in spec; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rotasim_engine::{Apl, Catalog};
use std::sync::OnceLock;

static CATALOG: OnceLock<Catalog> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let catalog = CATALOG.get_or_init(Catalog::builtin);
    let text = String::from_utf8_lossy(data);
    for spec in catalog.specs() {
        if let Err(e) = Apl::compile(&text, spec) {
            assert!(e.line >= 1 && e.column >= 1, "{e}");
            let _ = e.to_string();
        }
    }
});
