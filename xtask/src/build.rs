//! Building the viewer with Trunk.

use std::path::{Path, PathBuf};

use crate::paths::{root, target_dir};
use crate::process::run;
use crate::tools::Tools;

/// `trunk build --release` into `dist`, for the site root (index.html selects the
/// `wasm-release` profile: size-optimised, `panic = "abort"`).
pub fn viewer(tools: &Tools, dist: &Path) -> Result<(), String> {
    viewer_under(tools, dist, "/")
}

/// The same build for a sub-path deployment (`public_url` e.g. `/viewer/`, served with the
/// server's `--base-path /viewer`). Trunk runs offline, so crates are fetched first.
pub fn viewer_under(tools: &Tools, dist: &Path, public_url: &str) -> Result<(), String> {
    run(tools
        .command("cargo")
        .args(["fetch", "--target", crate::tools::WASM_TARGET]))?;
    run(tools
        .command("trunk")
        .args([
            "build",
            "--offline",
            "--release",
            "--public-url",
            public_url,
            "--dist",
        ])
        .arg(dist))
}

/// The transfer floor of `cargo xtask bench`: `tests/bench/stack-floor` (its own Trunk.toml
/// and index.html, the viewer's `wasm-release` profile and wasm flags) built into `dist`.
pub fn stack_floor(tools: &Tools, dist: &Path) -> Result<(), String> {
    run(tools
        .command("trunk")
        .current_dir(root().join("tests/bench/stack-floor"))
        .args(["build", "--offline", "--release", "--dist"])
        .arg(dist))
}

/// The reference server's debug build, as the tests use it.
pub fn server_debug(tools: &Tools) -> Result<PathBuf, String> {
    run(tools
        .command("cargo")
        .args(["build", "-p", "profile-server"]))?;
    Ok(target_dir().join("debug").join("profile-server"))
}

/// The reference server's release build, for `serve` and the benchmark.
pub fn server_release(tools: &Tools) -> Result<PathBuf, String> {
    run(tools
        .command("cargo")
        .args(["build", "--release", "-p", "profile-server"]))?;
    Ok(target_dir().join("release").join("profile-server"))
}

#[cfg(test)]
mod tests {
    use super::root;

    /// The lines of `[section]` in a TOML file, up to the next section.
    fn section(toml: &str, name: &str) -> Vec<String> {
        toml.lines()
            .skip_while(|l| l.trim() != format!("[{name}]"))
            .skip(1)
            .take_while(|l| !l.trim_start().starts_with('['))
            .map(|l| l.split('#').next().unwrap_or("").replace(' ', ""))
            .filter(|l| !l.is_empty())
            .collect()
    }

    #[test]
    fn native_release_unwinds_and_the_wasm_aborts_in_its_own_profile() {
        let cargo = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
        let release = section(&cargo, "profile.release");
        assert!(
            !release.iter().any(|l| l.starts_with("panic=")),
            "[profile.release] must unwind (the server's CatchPanicLayer): {release:?}"
        );
        let wasm = section(&cargo, "profile.wasm-release");
        for line in ["inherits=\"release\"", "panic=\"abort\"", "opt-level=\"z\""] {
            assert!(wasm.iter().any(|l| l == line), "{line} in {wasm:?}");
        }
        for page in ["index.html", "tests/bench/stack-floor/index.html"] {
            let html = std::fs::read_to_string(root().join(page)).unwrap();
            assert!(
                html.contains("rel=\"rust\" data-cargo-profile-release=\"wasm-release\""),
                "{page} builds its wasm with the wasm-release profile"
            );
        }
    }
}
