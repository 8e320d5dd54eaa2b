//! The import graph of a crate's top-level modules, drawn from its `crate::` paths, so that a
//! test can say there is no loop: a newcomer can read a module after the ones it imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules its code names through `crate::`.
pub type Graph = BTreeMap<String, BTreeSet<String>>;

/// The graph of the crate whose `lib.rs`/`main.rs` is in `src`. Tests (`#[cfg(test)]` to the
/// end of a file, as this project writes them) and comments are left out.
pub fn of_crate(src: &Path) -> Result<Graph, String> {
    let mut graph = Graph::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let Some(module) = top_module(src, &path) else {
                continue;
            };
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let names = graph.entry(module.clone()).or_default();
            names.extend(references(&text).into_iter().filter(|m| *m != module));
        }
    }
    Ok(graph)
}

/// `src/api/client.rs` → `api`; `src/lib.rs` and `src/main.rs` are the crate root (`None`).
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// The top-level modules that `source` names as `crate::name` or inside `crate::{a, b::c}`.
pub fn references(source: &str) -> BTreeSet<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    let code: String = code
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            names.extend(group_heads(group));
        } else {
            names.extend(identifier(rest));
        }
    }
    names
}

/// The first identifier of each item in a `{...}` group, up to its closing brace.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut item_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => item_start = true,
            c if item_start && !c.is_whitespace() => {
                item_start = false;
                heads.extend(identifier(&group[i..]));
            }
            _ => {}
        }
    }
    heads
}

fn identifier(s: &str) -> Option<String> {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    let name = &s[..end];
    (!name.is_empty() && name != "self").then(|| name.to_string())
}

/// One loop, as the path around it (`a -> b -> a`), or `None`.
pub fn find_loop(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        graph: &Graph,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(graph, next, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(graph, node, &mut Vec::new(), &mut done))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_paths_groups_and_skips_comments_and_tests() {
        let source = "use crate::api::ApiClient;\n\
                      use crate::{context::{a, b}, links::LinkBase, self};\n\
                      // crate::commented::Out\n\
                      fn f() { crate::offline::store(); }\n\
                      #[cfg(test)]\nmod tests { use crate::tested::X; }\n";
        let names: Vec<_> = references(source).into_iter().collect();
        assert_eq!(names, ["api", "context", "links", "offline"]);
    }

    #[test]
    fn finds_a_loop_and_none_in_a_tree() {
        let graph = |edges: &[(&str, &str)]| {
            let mut g = Graph::new();
            for (a, b) in edges {
                g.entry(a.to_string()).or_default().insert(b.to_string());
                g.entry(b.to_string()).or_default();
            }
            g
        };
        let tree = graph(&[("app", "api"), ("app", "links"), ("api", "links")]);
        assert_eq!(find_loop(&tree), None);
        let looped = graph(&[("app", "api"), ("api", "offline"), ("offline", "api")]);
        assert_eq!(
            find_loop(&looped),
            Some(vec!["api".into(), "offline".into(), "api".into()])
        );
    }

    /// The project's own crates: no import loop among any crate's top-level modules.
    #[test]
    fn the_project_has_no_import_loops() {
        let root = crate::paths::root();
        let mut crates = vec![root.join("src"), root.join("xtask/src")];
        for entry in std::fs::read_dir(root.join("crates")).unwrap().flatten() {
            crates.push(entry.path().join("src"));
        }
        for src in crates {
            let root_file = ["lib.rs", "main.rs"].iter().any(|f| src.join(f).is_file());
            assert!(root_file, "{}: not a crate's sources", src.display());
            let graph = of_crate(&src).unwrap();
            if let Some(found) = find_loop(&graph) {
                panic!("{}: import loop {}", src.display(), found.join(" -> "));
            }
        }
    }
}
