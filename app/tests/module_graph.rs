//! The modules around her dossier depend on each other in one direction
//! only (issue 13: "no import cycle among dossier, demande, coedit,
//! sharing, accounts, auth"), and the pure rules depend on no I/O module.
//! Read from the sources, so that a new `use` that closes a cycle fails.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const FEATURES: [&str; 6] = ["dossier", "demande", "coedit", "sharing", "accounts", "auth"];

/// Every `.rs` file of a module (a folder, or a file of that name).
fn sources(module: &str) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack = vec![src.join(module), src.join(format!("{module}.rs"))];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else if p.is_file() && p.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(&p).unwrap());
        }
    }
    assert!(!out.is_empty(), "module {module} has no source");
    out
}

/// The modules of `among` that `module` names as `crate::other`.
fn uses(module: &str, among: &[&str]) -> BTreeSet<String> {
    let text = sources(module).join("\n");
    among.iter().filter(|o| **o != module && text.contains(&format!("crate::{o}::"))).map(|o| o.to_string()).collect()
}

fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut c = path[i..].to_vec();
            c.push(n.to_owned());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_owned());
        for next in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(next, g, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_modules_around_her_dossier_have_no_import_cycle() {
    let graph: BTreeMap<String, BTreeSet<String>> = FEATURES.iter().map(|m| (m.to_string(), uses(m, &FEATURES))).collect();
    assert_eq!(cycle(&graph), None, "dependencies: {graph:#?}");
    // The door is below every feature that reads her information.
    for m in ["demande", "coedit", "sharing", "accounts"] {
        assert!(graph[m].contains("dossier"), "{m} reads through the door");
    }
    assert!(graph["dossier"].iter().all(|d| d == "auth"), "the door depends on sign-in only: {:?}", graph["dossier"]);
}

#[test]
fn the_pure_rules_depend_on_no_io_module() {
    let io =
        ["dossier", "demande", "coedit", "sharing", "accounts", "auth", "state", "presence", "perimeters", "pages", "components"];
    assert_eq!(uses("domain", &io), BTreeSet::new());
}

#[test]
fn a_cycle_is_found_when_there_is_one() {
    let g: BTreeMap<String, BTreeSet<String>> =
        [("a".to_owned(), BTreeSet::from(["b".to_owned()])), ("b".to_owned(), BTreeSet::from(["a".to_owned()]))].into();
    assert!(cycle(&g).is_some());
}
