//! Building the viewer with Trunk.

use std::path::{Path, PathBuf};

use crate::process::run;
use crate::tools::Tools;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// `trunk build --release` into `dist`, for the site root.
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
/// and index.html, the workspace's release profile and wasm flags) built into `dist`.
pub fn stack_floor(tools: &Tools, dist: &Path) -> Result<(), String> {
    run(tools
        .command("trunk")
        .current_dir(root().join("tests/bench/stack-floor"))
        .args(["build", "--offline", "--release", "--dist"])
        .arg(dist))
}

/// The folder of the sub-path build the end-to-end tests use.
pub fn subpath_dist_dir() -> PathBuf {
    target_dir().join("dist-viewer")
}

/// The reference server binary, built with `cargo build` in the given profile.
pub fn server(tools: &Tools, release: bool) -> Result<PathBuf, String> {
    let mut c = tools.command("cargo");
    c.args(["build", "-p", "profile-server"]);
    if release {
        c.arg("--release");
    }
    run(&mut c)?;
    let profile = if release { "release" } else { "debug" };
    Ok(target_dir().join(profile).join("profile-server"))
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}
