//! The rule of the house (DESIGN §2): dependencies run one way. This test reads every
//! `crate::…`, `super::…` and `self::…` path in `src/` and `engine/src/` and fails on
//! - an import from a lower layer of the portal into a higher one (the ranks below), and
//! - a cycle between modules that are not nested in one another (a parent and the child files
//!   it is split into belong together), in the portal and in the engine.
//!
//! It reads source text, so it needs no build of the code it checks; its own tests feed it
//! small made-up trees to show that it catches what it is for.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The portal's layers, lowest first: a module may use only modules of a lower rank (and its
/// own). Modules of one rank are siblings and may not use each other.
const PORTAL_RANKS: &[(&str, u32)] = &[
    ("model", 0),
    ("telemetry", 0),
    ("settings", 1),
    ("db", 2),
    ("ratelimit", 2),
    ("jobs", 3),
    ("service", 4),
    ("web", 5),
    ("api", 6),
    ("server_fns", 6),
    ("ui", 7),
    ("app", 8),
    ("server", 9),
    ("startup", 10),
    ("main", 11),
];

/// One source file: its module path (`a::b`) and its text.
struct Source {
    module: String,
    text: String,
}

/// A dependency of one module on another, with where it was seen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    from: String,
    to: String,
}

/// Reads every `.rs` file under `root` (a crate's `src/`), naming each by its module path.
/// `main.rs` is the module `main` and refers to the library as `crate_name::`.
fn read_tree(root: &Path, crate_name: &str) -> Vec<Source> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable source dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == "bin") {
                    continue; // binaries other than main.rs are separate crates
                }
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(root).expect("under root");
            let mut parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            if parts == ["lib"] {
                continue; // the crate root only declares modules
            }
            let mut text = std::fs::read_to_string(&path).expect("readable file");
            if parts == ["main"] {
                text = text.replace(&format!("{crate_name}::"), "crate::");
            }
            out.push(Source {
                module: parts.join("::"),
                text,
            });
        }
    }
    out.sort_by(|a, b| a.module.cmp(&b.module));
    out
}

/// The text without comments, string and char literals (their contents replaced by spaces).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                out.push(' ');
            }
            b'r' if b.get(i + 1) == Some(&b'#') || (b.get(i + 1) == Some(&b'"')) => {
                // raw string r"…" or r#"…"#
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                j += 1;
                while j < b.len() && !b[j..].starts_with(&close) {
                    j += 1;
                }
                i = j + close.len();
                out.push_str("\"\"");
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                out.push_str("\"\"");
            }
            b'\'' if b.get(i + 2) == Some(&b'\'') || b.get(i + 1) == Some(&b'\\') => {
                // a char literal ('x' or '\n'); lifetimes ('a) are left alone
                i += 1;
                while i < b.len() && b[i] != b'\'' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            }
            c => {
                out.push(c as char);
                i += 1;
            }
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths (as segment lists) that follow `prefix::` at `at` in `code`, expanding `{…}` groups.
fn paths_at(code: &str, at: usize) -> Vec<Vec<String>> {
    fn parse(code: &[u8], mut i: usize, base: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
        let mut path = base;
        loop {
            while i < code.len() && (code[i] as char).is_whitespace() {
                i += 1;
            }
            if i < code.len() && code[i] == b'{' {
                i += 1;
                loop {
                    i = parse(code, i, path.clone(), out);
                    while i < code.len() && (code[i] as char).is_whitespace() {
                        i += 1;
                    }
                    match code.get(i) {
                        Some(b',') => i += 1,
                        Some(b'}') => return i + 1,
                        _ => return i,
                    }
                    while i < code.len() && (code[i] as char).is_whitespace() {
                        i += 1;
                    }
                    if code.get(i) == Some(&b'}') {
                        return i + 1;
                    }
                }
            }
            let start = i;
            while i < code.len() && is_ident(code[i] as char) {
                i += 1;
            }
            if start == i {
                out.push(path);
                return i;
            }
            path.push(String::from_utf8_lossy(&code[start..i]).into_owned());
            if code[i..].starts_with(b"::") {
                i += 2;
            } else {
                out.push(path);
                return i;
            }
        }
    }
    let mut out = Vec::new();
    parse(code.as_bytes(), at, Vec::new(), &mut out);
    out
}

/// Every module `source` depends on, as absolute module paths (not yet resolved to files).
fn references(source: &Source) -> Vec<Vec<String>> {
    let code = code_only(&source.text);
    let own: Vec<String> = source.module.split("::").map(String::from).collect();
    // `self` is the module itself, `super` its parent (for `a/b.rs` and `a/b/mod.rs` alike).
    let here = own;
    let mut out = Vec::new();
    for prefix in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(pos) = code[from..].find(prefix) {
            let at = from + pos;
            from = at + prefix.len();
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| is_ident(c) || c == ':') {
                continue; // part of a longer path (`foo::crate::`, `super::super::`)
            }
            let base: Vec<String> = match prefix {
                "crate::" => Vec::new(),
                "self::" => here.clone(),
                _ => {
                    // count chained supers
                    let mut ups = 1;
                    let mut rest = from;
                    while code[rest..].starts_with("super::") {
                        ups += 1;
                        rest += "super::".len();
                    }
                    from = rest;
                    let keep = here.len().saturating_sub(ups);
                    here[..keep].to_vec()
                }
            };
            for p in paths_at(&code, from) {
                let mut full = base.clone();
                full.extend(p.into_iter().filter(|s| s != "self"));
                out.push(full);
            }
        }
    }
    out
}

/// The module a path refers to: its longest prefix that is a known module.
fn resolve(path: &[String], modules: &BTreeSet<String>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|m| modules.contains(m))
}

fn nested(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
}

/// Module-to-module edges of a tree, leaving out a module's edges to its own ancestors and
/// descendants.
fn edges(sources: &[Source]) -> BTreeSet<Edge> {
    let modules: BTreeSet<String> = sources.iter().map(|s| s.module.clone()).collect();
    let mut out = BTreeSet::new();
    for s in sources {
        for path in references(s) {
            if let Some(to) = resolve(&path, &modules) {
                if !nested(&s.module, &to) {
                    out.insert(Edge {
                        from: s.module.clone(),
                        to,
                    });
                }
            }
        }
    }
    out
}

/// Imports from a lower layer into a higher (or a sibling) one.
fn upward(edges: &BTreeSet<Edge>, ranks: &[(&str, u32)]) -> Vec<String> {
    let rank: BTreeMap<&str, u32> = ranks.iter().copied().collect();
    let top = |m: &str| m.split("::").next().unwrap_or(m).to_string();
    let mut out = Vec::new();
    for e in edges {
        let (a, b) = (top(&e.from), top(&e.to));
        if a == b {
            continue;
        }
        match (rank.get(a.as_str()), rank.get(b.as_str())) {
            (Some(ra), Some(rb)) if rb < ra => {}
            (Some(ra), Some(rb)) => out.push(format!(
                "{} (layer {a}, rank {ra}) uses {} (layer {b}, rank {rb})",
                e.from, e.to
            )),
            _ => out.push(format!(
                "{} uses {}: add the layer to PORTAL_RANKS in tests/layers.rs",
                e.from, e.to
            )),
        }
    }
    out
}

/// Cycles: strongly connected groups of more than one module (Tarjan), each as `a → b → … → a`.
fn cycles(edges: &BTreeSet<Edge>) -> Vec<String> {
    let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in edges {
        graph.entry(&e.from).or_default().push(&e.to);
        graph.entry(&e.to).or_default();
    }
    struct Tarjan<'a> {
        graph: &'a BTreeMap<&'a str, Vec<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        groups: Vec<Vec<&'a str>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on_stack.insert(v);
            for &w in &self.graph[v] {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if self.on_stack.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    group.push(w);
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.groups.push(group);
                }
            }
        }
    }
    let mut t = Tarjan {
        graph: &graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        groups: Vec::new(),
    };
    for &v in graph.keys() {
        if !t.index.contains_key(v) {
            t.visit(v);
        }
    }
    t.groups
        .into_iter()
        .map(|g| format!("cycle between {}", g.join(", ")))
        .collect()
}

fn check(sources: &[Source], ranks: Option<&[(&str, u32)]>) -> Vec<String> {
    let edges = edges(sources);
    let mut problems = ranks.map(|r| upward(&edges, r)).unwrap_or_default();
    problems.extend(cycles(&edges));
    problems
}

#[test]
fn the_portal_depends_one_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources = read_tree(&root, "rotasim");
    assert!(sources.len() > 40, "read {} files", sources.len());
    let problems = check(&sources, Some(PORTAL_RANKS));
    assert!(
        problems.is_empty(),
        "layering violations in src/:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_engine_has_no_module_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("engine/src");
    let sources = read_tree(&root, "rotasim_engine");
    assert!(sources.len() > 10, "read {} files", sources.len());
    let problems = check(&sources, None);
    assert!(
        problems.is_empty(),
        "module cycles in engine/src/:\n  {}",
        problems.join("\n  ")
    );
}

fn tree(files: &[(&str, &str)]) -> Vec<Source> {
    files
        .iter()
        .map(|(m, t)| Source {
            module: m.to_string(),
            text: t.to_string(),
        })
        .collect()
}

#[test]
fn an_upward_import_is_caught() {
    let ok = tree(&[
        ("jobs", "use crate::db::Db; fn f() { crate::model::x(); }"),
        ("db", "use crate::model::JobRecord;"),
        ("model", ""),
    ]);
    assert_eq!(check(&ok, Some(PORTAL_RANKS)), Vec::<String>::new());
    let bad = tree(&[
        (
            "jobs::worker",
            "fn f() { crate::service::simulations::result_row(); }",
        ),
        ("service::simulations", ""),
        ("service", ""),
        ("jobs", ""),
    ]);
    let p = check(&bad, Some(PORTAL_RANKS));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].contains("jobs::worker") && p[0].contains("service::simulations"));
    // Grouped imports, `super::` and siblings of one rank are read too.
    let grouped = tree(&[
        (
            "server_fns",
            "use crate::{model::X, api::{error::status, y}};",
        ),
        ("api::error", ""),
        ("api", ""),
        ("model", ""),
    ]);
    let p = check(&grouped, Some(PORTAL_RANKS));
    assert_eq!(p.len(), 2, "{p:?}"); // api::error, and api itself for `api::y`
    assert!(p.iter().all(|e| e.starts_with("server_fns ")), "{p:?}");
    assert!(p.iter().any(|e| e.contains("uses api::error")), "{p:?}");
    let unknown = tree(&[("util", "use crate::model::X;"), ("model", "")]);
    assert_eq!(check(&unknown, Some(PORTAL_RANKS)).len(), 1);
}

#[test]
fn a_cycle_is_caught_but_comments_strings_and_parents_are_not_imports() {
    let cyc = tree(&[
        ("ui::pages::report", "use super::results::Tab;"),
        (
            "ui::pages::results",
            "use crate::ui::pages::report::Report;",
        ),
        ("ui::pages", ""),
        ("ui", ""),
    ]);
    let p = check(&cyc, None);
    assert_eq!(
        p,
        vec!["cycle between ui::pages::report, ui::pages::results".to_string()]
    );
    let quiet = tree(&[
        (
            "a",
            "// use crate::b::X;\n/* crate::b */ const S: &str = \"crate::b::Y\"; use crate::a::child::Z;",
        ),
        ("a::child", "use super::Parent;"),
        ("b", "use crate::a::Q;"),
    ]);
    assert_eq!(check(&quiet, None), Vec::<String>::new());
}
