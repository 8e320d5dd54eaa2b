//! `cargo xtask test`: every layer, then one summary line over all of them.
//!
//! Layers: lint (fmt, clippy), native tests, browser component tests (wasm-bindgen-test in
//! headless Chromium), end-to-end tests (Playwright driving the system Chromium against the
//! reference server, which each test file starts on a free loopback port).

use crate::build;
use crate::paths;
use crate::postgres;
use crate::process::run_captured;
use crate::tools::{self, Tools, CHROMEDRIVER, WASM_TARGET};

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    broken_layers: Vec<String>,
}

impl Tally {
    /// Adds one layer's counts; a layer that failed without a failing test (a build error,
    /// a crash) counts as one failure so it can never pass silently.
    fn add(&mut self, layer: &str, ok: bool, counts: (u64, u64)) {
        self.passed += counts.0;
        self.failed += counts.1;
        if !ok && counts.1 == 0 {
            self.failed += 1;
        }
        if !ok {
            self.broken_layers.push(layer.to_string());
        }
    }
}

/// One layer of `cargo xtask test`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layer {
    /// fmt and clippy (native and wasm)
    Lint,
    /// `cargo test --workspace`
    Native,
    /// wasm-bindgen-test in headless Chromium
    Browser,
    /// Playwright against the reference server
    E2e,
}

pub fn run(only: Option<Layer>) -> Result<(), String> {
    let tools = tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    let mut tally = Tally::default();
    let wants = |layer: Layer| only.is_none_or(|o| o == layer);

    if wants(Layer::Lint) {
        let (ok, out) = captured(&tools, "cargo", &["fmt", "--all", "--check"]);
        tally.add("fmt", ok, (u64::from(ok), 0));
        drop(out);
        let (ok, _) = captured(
            &tools,
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        );
        tally.add("clippy (native)", ok, (u64::from(ok), 0));
        let (ok, _) = captured(
            &tools,
            "cargo",
            &[
                "clippy",
                "-p",
                "profile-viewer",
                "-p",
                "stack-floor",
                "--target",
                WASM_TARGET,
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        );
        tally.add("clippy (wasm)", ok, (u64::from(ok), 0));
        let ok = typecheck_scripts(&tools).unwrap_or_else(|e| {
            eprintln!("tsc: {e}");
            false
        });
        tally.add("tsc (web/)", ok, (u64::from(ok), 0));
    }
    if wants(Layer::Native) {
        // The multi-instance test needs PostgreSQL; without it, that test fails (never skips).
        let cluster = postgres::Cluster::start();
        let mut c = tools.command("cargo");
        // The benchmark's second Leptos app has no tests; `cargo xtask bench` builds it.
        // Every crate's tests, even after one fails, so that one run shows every failure.
        c.args([
            "test",
            "--workspace",
            "--exclude",
            "stack-floor",
            "--no-fail-fast",
        ])
        .env(postgres::REQUIRE_VAR, "1");
        match &cluster {
            Ok(pg) => {
                c.env(postgres::URL_VAR, &pg.url);
            }
            Err(e) => {
                eprintln!("cannot start PostgreSQL: {e}");
                tally.add("postgres", false, (0, 0));
            }
        }
        let (ok, out) = run_captured(&mut c).unwrap_or_else(|e| (false, e));
        tally.add("native", ok, cargo_counts(&out));
        drop(cluster);
    }
    if wants(Layer::Browser) {
        let mut c = tools.command("cargo");
        c.args(["test", "--target", WASM_TARGET, "-p", "profile-viewer"])
            .env("CHROMEDRIVER", CHROMEDRIVER);
        let (ok, out) = run_captured(&mut c).unwrap_or_else(|e| (false, e));
        tally.add("browser", ok, cargo_counts(&out));
    }
    if wants(Layer::E2e) {
        let dist = paths::dist_dir();
        // The second build serves tests/e2e/subpath.test.mjs (`--public-url /viewer/`).
        let subpath_dist = paths::subpath_dist_dir();
        let built = build::viewer(&tools, &dist)
            .and_then(|()| build::viewer_under(&tools, &subpath_dist, "/viewer/"))
            .and_then(|()| build::server_debug(&tools));
        match built {
            Ok(server) => {
                let mut c = tools.command("node");
                c.args(["--test", "--test-reporter=tap", "--test-concurrency=1"])
                    .args(e2e_files()?)
                    .env("PV_SERVER_BIN", &server)
                    .env("PV_DIST", &dist)
                    .env("PV_DIST_SUBPATH", &subpath_dist)
                    .env("PV_CONTENT", paths::root().join("content"));
                let (ok, out) = run_captured(&mut c).unwrap_or_else(|e| (false, e));
                tally.add("e2e", ok, tap_counts(&out));
            }
            Err(e) => {
                eprintln!("e2e: cannot build: {e}");
                tally.add("e2e build", false, (0, 0));
            }
        }
    }

    if !tally.broken_layers.is_empty() {
        eprintln!("failing layers: {}", tally.broken_layers.join(", "));
    }
    println!("summary: {} passed, {} failed", tally.passed, tally.failed);
    if tally.failed == 0 {
        Ok(())
    } else {
        Err("some tests failed".into())
    }
}

/// The browser scripts under TypeScript's checker: the page scripts with the DOM's types, the
/// service worker with a worker's; the build's names from their Rust definitions.
fn typecheck_scripts(tools: &Tools) -> Result<bool, String> {
    let names = paths::target_dir().join("web-names.d.ts");
    std::fs::create_dir_all(paths::target_dir()).map_err(|e| e.to_string())?;
    std::fs::write(&names, crate::scripts::declarations())
        .map_err(|e| format!("{}: {e}", names.display()))?;
    let names = names.to_string_lossy().into_owned();
    let check = |lib: &str, files: &[&str]| {
        let mut args = vec!["--noEmit", "--allowJs", "--checkJs", "--target", "es2022"];
        args.extend(["--module", "es2022", "--lib", lib]);
        args.extend(files);
        args.push(&names);
        let (ok, out) = captured(tools, "tsc", &args);
        if !ok {
            eprintln!("{out}");
        }
        ok
    };
    let pages = check(
        "es2022,dom,dom.iterable",
        &["web/loader.js", "web/embed.js", "web/first-screen.js"],
    );
    let worker = check("es2022,webworker", &["web/sw.js"]);
    Ok(pages && worker)
}

fn captured(tools: &Tools, program: &str, args: &[&str]) -> (bool, String) {
    run_captured(tools.command(program).args(args)).unwrap_or_else(|e| (false, e))
}

fn e2e_files() -> Result<Vec<String>, String> {
    let dir = paths::root().join("tests/e2e");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    Ok(files)
}

/// Sums cargo's (and wasm-bindgen-test's) `test result: ... N passed; M failed` lines.
fn cargo_counts(out: &str) -> (u64, u64) {
    let mut counts = (0, 0);
    for line in out.lines().filter(|l| l.contains("test result:")) {
        counts.0 += number_before(line, " passed");
        counts.1 += number_before(line, " failed");
    }
    counts
}

/// Node's TAP reporter ends with `# pass N` and `# fail N`.
fn tap_counts(out: &str) -> (u64, u64) {
    let get = |key: &str| {
        out.lines()
            .filter_map(|l| l.strip_prefix(key))
            .filter_map(|n| n.trim().parse::<u64>().ok())
            .next_back()
            .unwrap_or(0)
    };
    (get("# pass "), get("# fail "))
}

fn number_before(line: &str, word: &str) -> u64 {
    line.find(word)
        .and_then(|end| line[..end].rsplit(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cargo_result_lines() {
        let out = "test result: ok. 17 passed; 0 failed; 0 ignored\nfoo\ntest result: FAILED. 3 passed; 2 failed; 1 ignored";
        assert_eq!(cargo_counts(out), (20, 2));
    }

    #[test]
    fn counts_tap_summary() {
        let out = "ok 1 - a\n# tests 3\n# pass 2\n# fail 1\n";
        assert_eq!(tap_counts(out), (2, 1));
    }

    #[test]
    fn a_broken_layer_without_failing_tests_still_fails() {
        let mut t = Tally::default();
        t.add("build", false, (0, 0));
        t.add("ok", true, (5, 0));
        assert_eq!((t.passed, t.failed), (5, 1));
    }
}
