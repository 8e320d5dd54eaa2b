//! Installing what the build and the tests need, skipping whatever is already there.
//! Every tool version lives here, except the npm packages (pinned in package.json and
//! package-lock.json) and wasm-bindgen (read from Cargo.lock so the CLI always matches).

use std::path::PathBuf;

use crate::paths::root;
use crate::process::{cmd, output, run};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// What the later steps need to find the installed tools.
pub struct Tools {
    /// PATH with `node_modules/.bin` (wasm-opt) and cargo's bin folder in front.
    pub path: String,
}

impl Tools {
    pub fn command(&self, program: &str) -> std::process::Command {
        let mut c = cmd(program);
        c.env("PATH", &self.path).current_dir(root());
        c
    }
}

pub fn ensure_build_tools() -> Result<Tools, String> {
    let cargo_bin = cargo_home().join("bin");
    let path = format!(
        "{}:{}:{}",
        root().join("node_modules/.bin").display(),
        cargo_bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let tools = Tools { path };

    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.lines().any(|t| t.trim() == WASM_TARGET) {
        run(cmd("rustup").args(["target", "add", WASM_TARGET]))?;
    }

    if !version_of(&tools, "trunk").contains(TRUNK_VERSION) {
        run(cmd("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))?;
    }

    let bindgen = wasm_bindgen_version()?;
    if !version_of(&tools, "wasm-bindgen").contains(&bindgen)
        || !version_of(&tools, "wasm-bindgen-test-runner").contains(&bindgen)
    {
        // No --locked: the registry lacks one of the CLI's locked dependencies.
        run(cmd("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &bindgen,
            "--force",
        ]))?;
    }

    ensure_npm_packages(&root())?;
    Ok(tools)
}

/// Chromium and its driver, for the browser and end-to-end tests.
pub fn ensure_browser() -> Result<(), String> {
    if PathBuf::from(CHROMIUM).exists() && PathBuf::from(CHROMEDRIVER).exists() {
        return Ok(());
    }
    if !is_root() {
        return Err(format!(
            "Chromium is missing: install the Debian packages `chromium` and `chromium-driver` \
             ({CHROMIUM}, {CHROMEDRIVER}), e.g. `sudo apt-get install -y chromium chromium-driver`"
        ));
    }
    run(cmd("apt-get").arg("update"))?;
    // No standard input in CI: never let a package's configuration ask a question.
    run(cmd("apt-get")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args([
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ]))
}

/// Lighthouse and its launcher, which only `cargo xtask bench` uses (tests/bench/package.json).
pub fn ensure_bench_packages() -> Result<(), String> {
    ensure_npm_packages(&root().join("tests/bench"))
}

/// The npm packages of `root`'s package-lock.json; at the project root: wasm-opt (binaryen),
/// playwright-core, axe-core.
fn ensure_npm_packages(root: &std::path::Path) -> Result<(), String> {
    let stamp = root.join("node_modules/.package-lock.json");
    let fresh = match (
        std::fs::metadata(&stamp),
        std::fs::metadata(root.join("package-lock.json")),
    ) {
        (Ok(installed), Ok(lock)) => match (installed.modified(), lock.modified()) {
            (Ok(i), Ok(l)) => i >= l,
            _ => false,
        },
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    run(cmd("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(root))
}

/// The wasm-bindgen version in Cargo.lock: the CLI must be exactly this one.
pub fn wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

fn version_of(tools: &Tools, program: &str) -> String {
    tools
        .command(program)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

pub fn is_root() -> bool {
    output("id", &["-u"]).is_some_and(|u| u.trim() == "0")
}
