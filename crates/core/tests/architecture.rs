//! The core's rooms: a kernel that imports no area, and areas that depend on each other one way
//! only. This reads every `crate::…` path in `src/` and fails on an edge the graph below (the
//! same as `docs/architecture.md`'s) does not allow, and on a source file over 1,200 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each area and the areas it may use. The crate's root (`lib.rs`, `commands.rs`,
/// `bindings.rs`) assembles them all and may use any.
const GRAPH: &[(&str, &[&str])] = &[
    ("kernel", &[]),
    ("users", &["kernel"]),
    ("customers", &["kernel"]),
    ("security", &["kernel"]),
    ("ledger", &["kernel"]),
    ("inventory", &["kernel", "ledger", "users"]),
    (
        "sales",
        &["kernel", "ledger", "inventory", "customers", "users"],
    ),
    ("sync", &["kernel", "users"]),
    (
        "dashboard",
        &[
            "kernel",
            "users",
            "customers",
            "ledger",
            "inventory",
            "sync",
        ],
    ),
];

/// Where an area may reach into another only through one narrow module.
const NARROW: &[(&str, &str, &str)] = &[("sales", "inventory", "sales")];

const ROOT_FILES: &[&str] = &["lib.rs", "commands.rs", "bindings.rs"];
const LINES_MAX: usize = 1_200;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments (a doc comment may name any module).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::a::b` path in `code`, as (a, b).
fn crate_paths(code: &str) -> Vec<(String, String)> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `suanpan_crate::…` and the like
        }
        let first = ident(rest);
        let second = rest[first.len()..]
            .strip_prefix("::")
            .map(ident)
            .unwrap_or_default();
        out.push((first, second));
    }
    out
}

#[test]
fn areas_depend_on_each_other_one_way_only_and_the_kernel_on_none() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let graph: BTreeMap<&str, BTreeSet<&str>> = GRAPH
        .iter()
        .map(|(area, uses)| (*area, uses.iter().copied().collect()))
        .collect();
    let mut wrong = Vec::new();
    let mut seen_areas = BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let text = std::fs::read_to_string(file).unwrap();
        let lines = text.lines().count();
        if lines > LINES_MAX {
            wrong.push(format!(
                "{} has {lines} lines (at most {LINES_MAX})",
                relative.display()
            ));
        }
        let first = relative.components().next().unwrap();
        let first = first.as_os_str().to_str().unwrap();
        if ROOT_FILES.contains(&first) {
            continue;
        }
        let area = first.trim_end_matches(".rs");
        seen_areas.insert(area.to_string());
        let Some(allowed) = graph.get(area) else {
            wrong.push(format!(
                "{} is in `{area}`, which the graph does not name",
                relative.display()
            ));
            continue;
        };
        for (target, inner) in crate_paths(&code(&text)) {
            if target == area {
                continue;
            }
            if !graph.contains_key(target.as_str()) {
                wrong.push(format!(
                    "{} uses crate::{target}, which is not an area (the root is not for areas to use)",
                    relative.display()
                ));
            } else if !allowed.contains(target.as_str()) {
                wrong.push(format!(
                    "{} ({area}) uses crate::{target}::{inner}: {area} may use only {allowed:?}",
                    relative.display()
                ));
            } else if let Some((_, _, only)) = NARROW
                .iter()
                .find(|(from, to, _)| *from == area && *to == target)
            {
                if inner != *only {
                    wrong.push(format!(
                        "{} ({area}) uses crate::{target}::{inner}: {area} reaches {target} only through {target}::{only}",
                        relative.display()
                    ));
                }
            }
        }
    }
    // The graph has no stale rows either.
    for area in graph.keys() {
        if !seen_areas.contains(*area) {
            wrong.push(format!("the graph names `{area}`, which has no source"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_graph_has_no_circle() {
    fn visit<'a>(area: &'a str, graph: &BTreeMap<&'a str, &'a [&'a str]>, path: &mut Vec<&'a str>) {
        assert!(!path.contains(&area), "a circle: {path:?} → {area}");
        path.push(area);
        for next in graph[area] {
            visit(next, graph, path);
        }
        path.pop();
    }
    let graph: BTreeMap<&str, &[&str]> = GRAPH.iter().copied().collect();
    for area in graph.keys() {
        visit(area, &graph, &mut Vec::new());
    }
}

#[test]
fn the_path_reader_finds_what_it_should() {
    let text = "use crate::kernel::error::Result;\n// crate::sales::x in a comment\nlet x = crate::ledger::books::today(cx);";
    assert_eq!(
        crate_paths(&code(text)),
        vec![
            ("kernel".to_string(), "error".to_string()),
            ("ledger".to_string(), "books".to_string()),
        ]
    );
}
