//! Where things are: the workspace, Cargo's target folder, the build folders.

use std::path::{Path, PathBuf};

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// The folder of the sub-path build the end-to-end tests use.
pub fn subpath_dist_dir() -> PathBuf {
    target_dir().join("dist-viewer")
}

/// The stylesheet's manifest: `@import` lines naming one file per area, in cascade order.
pub const STYLESHEET: &str = "style/main.css";

/// The manifest bundled into one file (`cargo xtask pre-build`); index.html links it.
pub const STYLESHEET_BUNDLE: &str = "style/bundle/main.css";

/// The viewer's stylesheet as one text, from the manifest under `source`.
pub fn stylesheet(source: &Path) -> Result<String, String> {
    css_bundle::bundle(&source.join(STYLESHEET))
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}
