//! Any text compiles to a rotation or to positioned errors, for every built-in spec; never a
//! panic. The full check's errors are sorted, each once, capped, and end after they start.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rotasim_engine::{apl::MAX_ERRORS, Apl, Catalog};
use std::sync::OnceLock;

static CATALOG: OnceLock<Catalog> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let catalog = CATALOG.get_or_init(Catalog::builtin);
    let text = String::from_utf8_lossy(data);
    for spec in catalog.specs() {
        let check = Apl::check(&text, spec);
        assert!(check.errors.len() <= MAX_ERRORS);
        assert_eq!(check.apl.is_some(), check.errors.is_empty());
        for (i, e) in check.errors.iter().enumerate() {
            assert!(e.line >= 1 && e.column >= 1, "{e}");
            assert!((e.end_line, e.end_column) >= (e.line, e.column), "{e}");
            assert!(!check.errors[..i].contains(e), "{e} twice");
            if i > 0 {
                let prev = &check.errors[i - 1];
                assert!((prev.line, prev.column) <= (e.line, e.column), "unsorted");
            }
            let _ = e.to_string();
        }
        if let Err(e) = Apl::compile(&text, spec) {
            assert_eq!(Some(&e), check.errors.first());
        }
    }
});
