//! `Apl::check` on damaged and huge rotations: never a panic, errors sorted, each once, within
//! the text and capped; 64 KiB rotations are checked.

#[path = "support/big_apl.rs"]
mod big_apl;

use rotasim_engine::{
    apl::{MAX_ACTIONS, MAX_APL_BYTES, MAX_ERRORS},
    rng::Rng,
    Apl, AplCheck, AplError, Catalog, Spec,
};

/// Everything an editor relies on about a check of `text`.
#[track_caller]
fn assert_well_formed(text: &str, spec: &Spec, check: &AplCheck) {
    let lines: Vec<usize> = text.lines().map(|l| l.chars().count()).collect();
    let errors = &check.errors;
    assert!(errors.len() <= MAX_ERRORS, "{} errors", errors.len());
    for (i, e) in errors.iter().enumerate() {
        let width = lines.get(e.line - 1).copied().unwrap_or(0);
        assert!(
            e.line >= 1 && e.line <= lines.len().max(1),
            "{e} in {text:?}"
        );
        assert!(e.column >= 1 && e.end_line == e.line, "{e} in {text:?}");
        assert!(
            e.column <= e.end_column && e.end_column <= width + 1,
            "{e} ends at {} of {width} in {text:?}",
            e.end_column
        );
        if let Some(prev) = i.checked_sub(1).map(|p| &errors[p]) {
            assert!(
                (prev.line, prev.column) <= (e.line, e.column),
                "unsorted in {text:?}"
            );
        }
        assert!(!errors[..i].contains(e), "{e} twice in {text:?}");
    }
    assert_eq!(check.apl.is_some(), errors.is_empty(), "{text:?}");
    match Apl::compile(text, spec) {
        Ok(apl) => assert_eq!(Some(apl), check.apl),
        Err(e) => assert_eq!(Some(&e), errors.first()),
    }
    for a in &check.actions {
        let width = lines.get(a.line - 1).copied().unwrap_or(0);
        assert!(
            a.column < a.end_column && a.end_column <= width + 1,
            "{a:?}"
        );
    }
}

fn pick(rng: &mut Rng, n: usize) -> usize {
    (rng.next_u64() % n.max(1) as u64) as usize
}

/// `text` with one to three random edits: a character deleted, inserted or swapped with the
/// next, or a line doubled.
fn mutate(text: &str, rng: &mut Rng) -> String {
    const POOL: &[char] = &[
        'a', 'e', '_', '.', '=', ',', '/', '+', '-', '*', '%', '<', '>', '!', '&', '|', '(', ')',
        '0', '1', '9', ' ', '\n', '#', '$', 'é', '\t', '\r',
    ];
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + pick(rng, 3) {
        let at = pick(rng, chars.len());
        match pick(rng, 4) {
            0 if !chars.is_empty() => {
                chars.remove(at);
            }
            1 => chars.insert(at, POOL[pick(rng, POOL.len())]),
            2 if at + 1 < chars.len() => chars.swap(at, at + 1),
            _ => {
                let s: String = chars.iter().collect();
                let lines: Vec<&str> = s.lines().collect();
                let l = pick(rng, lines.len());
                let mut out = lines.clone();
                out.insert(l, lines.get(l).copied().unwrap_or("actions=x"));
                chars = out.join("\n").chars().collect();
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn damaged_builtin_rotations_never_panic_and_stay_well_formed() {
    let catalog = Catalog::builtin();
    let mut rng = Rng::for_iteration(2026, 0);
    let mut with_errors = 0;
    for spec in catalog.specs() {
        for _ in 0..150 {
            let text = mutate(&spec.file.apl, &mut rng);
            let check = Apl::check(&text, spec);
            assert_well_formed(&text, spec, &check);
            with_errors += usize::from(!check.errors.is_empty());
        }
    }
    assert!(
        with_errors > 300,
        "only {with_errors} of 600 damaged texts had errors"
    );
}

#[test]
fn garbage_never_panics() {
    let catalog = Catalog::builtin();
    let spec = catalog.get("beast_mastery_hunter").unwrap();
    let mut rng = Rng::for_iteration(7, 1);
    let alphabet: Vec<char> = "actions.+=/,if=buff.frenzy.up&()!<>|-*%0123 \n#é\u{0}pet.wolf"
        .chars()
        .collect();
    for _ in 0..300 {
        let n = pick(&mut rng, 120);
        let text: String = (0..n)
            .map(|_| alphabet[pick(&mut rng, alphabet.len())])
            .collect();
        for text in [text.clone(), format!("actions={text}")] {
            assert_well_formed(&text, spec, &Apl::check(&text, spec));
        }
    }
}

#[test]
fn a_64_kib_rotation_is_checked() {
    let catalog = Catalog::builtin();
    let spec = catalog.get("fire_mage").unwrap();
    let text = big_apl::valid();
    assert!(
        text.len() > 60 * 1024 && text.len() <= MAX_APL_BYTES,
        "{}",
        text.len()
    );
    let check = Apl::check(&text, spec);
    assert!(check.is_ok(), "{:?}", &check.errors[..1]);
    assert_eq!(check.actions.len(), MAX_ACTIONS);
    assert_well_formed(&text, spec, &check);

    // 64 KiB of errors: capped, in order, the last one saying how many more.
    let bad = big_apl::errors();
    assert!(bad.len() > 60 * 1024 && bad.len() <= MAX_APL_BYTES);
    let check = Apl::check(&bad, spec);
    assert_well_formed(&bad, spec, &check);
    assert_eq!(check.errors.len(), MAX_ERRORS);
    let last = check.errors.last().unwrap();
    assert!(last.message.starts_with("…and "), "{last}");
    let at = |e: &AplError| (e.line, e.column);
    let firsts: Vec<_> = check.errors[..4].iter().map(at).collect();
    assert_eq!(firsts, [(1, 11), (1, 22), (1, 45), (2, 1)]);
    assert_eq!(check.errors[0].message, "unknown spell 'firebal'");

    // Past the limit: one error, nothing else read.
    let huge = "actions=fireball\n".repeat(5000);
    let check = Apl::check(&huge, spec);
    assert_eq!(check.errors.len(), 1);
    assert!(check.errors[0].message.contains("limit"));
    assert!(check.actions.is_empty());

    // More actions than allowed: reported once at the first one too many.
    let many = "actions=fireball\n".to_string() + &"actions+=/scorch\n".repeat(MAX_ACTIONS);
    let check = Apl::check(&many, spec);
    assert_eq!(check.errors.len(), 1, "{:?}", check.errors);
    assert_eq!(check.errors[0].line, MAX_ACTIONS + 1);
    assert!(check.errors[0].message.contains("more than 512 actions"));
}

#[test]
fn long_and_deep_expressions_are_errors_not_crashes() {
    let catalog = Catalog::builtin();
    let spec = catalog.get("fire_mage").unwrap();
    let n = (MAX_APL_BYTES - 100) / 2;
    for expr in [
        "1+".repeat(n) + "1",
        "buff.x.up&".repeat(n / 5) + "1",
        "(".repeat(n) + "1",
        "-".repeat(n) + "1",
        "!(".repeat(n / 2) + "1",
    ] {
        let text = format!("actions=fireball,if={expr}");
        let check = Apl::check(&text, spec);
        assert!(!check.errors.is_empty());
        assert_well_formed(&text, spec, &check);
    }
    let chain = format!("actions=fireball,if={}1", "1+".repeat(1200));
    let e = &Apl::check(&chain, spec).errors[0];
    assert!(e.message.contains("more than 1000 operators"), "{e}");
    // A long chain within the limit compiles.
    let ok = format!("actions=fireball,if={}1>0", "mana.pct+".repeat(900));
    assert!(Apl::check(&ok, spec).is_ok());
}
