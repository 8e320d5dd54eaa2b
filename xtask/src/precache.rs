//! The service worker, a step of Trunk's post-build hook (after the loader and index.html are
//! final, before precompression): web/sw.js with this build's app shell as its precache list,
//! and the build named after a hash of those files, so a new build is a new worker with new
//! caches. Never hand-maintained.

use std::path::{Path, PathBuf};

use profile_model::web::SERVICE_WORKER;

use crate::scripts;

/// Runs on Trunk's staging folder, from `post_build::run` (after the loader is written,
/// before the files are precompressed: a `.br` of an older sw.js would be served stale).
pub fn run(staging: &Path, public_url: &str) -> Result<(), String> {
    let index_path = staging.join("index.html");
    let index = std::fs::read_to_string(&index_path).map_err(|e| format!("index.html: {e}"))?;
    std::fs::write(&index_path, public_links(&index, public_url))
        .map_err(|e| format!("index.html: {e}"))?;
    write(staging)
}

/// index.html names the manifest and icons by root path (`/manifest.webmanifest`); under a
/// sub-path deployment (`--public-url /viewer/`) they move with it.
fn public_links(index: &str, public_url: &str) -> String {
    let base = format!("{}/", public_url.trim_end_matches('/'));
    index
        .replace(
            "href=\"/manifest.webmanifest\"",
            &format!("href=\"{base}manifest.webmanifest\""),
        )
        .replace("href=\"/icons/", &format!("href=\"{base}icons/"))
}

/// Writes `dir/sw.js` from web/sw.js with this build's `VERSION` (a hash of the shell's
/// files) and `PRECACHE` (their list). Running it again gives the same file.
pub fn write(dir: &Path) -> Result<(), String> {
    let files = shell_files(dir)?;
    let mut hash = Fnv::default();
    for name in &files {
        let bytes = std::fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}"))?;
        hash.add(name.as_bytes());
        hash.add(&[0]);
        hash.add(&bytes);
    }
    let list: Vec<String> = files.iter().map(|f| format!("./{f}")).collect();
    let values = scripts::Values::shared()
        .text("VERSION", &format!("{:016x}", hash.0))
        .json("PRECACHE", serde_json::json!(list));
    let sw = dir.join(SERVICE_WORKER);
    std::fs::write(&sw, scripts::fill(scripts::SERVICE_WORKER, &values)?)
        .map_err(|e| format!("{}: {e}", sw.display()))?;
    // A precompressed sibling of the old text would be served instead of the new one.
    for stale in ["br", "gz"] {
        let _ = std::fs::remove_file(dir.join(format!("{SERVICE_WORKER}.{stale}")));
    }
    Ok(())
}

/// Every file of the standalone app, relative to `dir`, sorted. Left out: the worker
/// itself, the embed's entry points (host pages load those; our worker never serves a host
/// page), the JSON Schemas, and pre-compressed siblings (the server picks those).
fn shell_files(dir: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let entries = std::fs::read_dir(dir.join(&rel))
            .map_err(|e| format!("{}: {e}", dir.join(&rel).display()))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = rel.join(&name);
            if entry.path().is_dir() {
                if name != "schema" {
                    stack.push(path);
                }
                continue;
            }
            let skip = name == SERVICE_WORKER
                || name == "embed.js"
                || [".br", ".gz", ".map"].iter().any(|ext| name.ends_with(ext));
            if !skip {
                out.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// FNV-1a, 64 bit: a stable content hash without a dependency.
pub(crate) struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn add(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dist(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pv-precache-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("icons")).unwrap();
        std::fs::create_dir_all(dir.join("schema")).unwrap();
        for (name, body) in [
            ("index.html", "<html>"),
            ("profile-viewer-abc.js", "js"),
            ("profile-viewer-abc_bg.wasm", "wasm"),
            ("main-123.css", "css"),
            ("icons/icon.svg", "<svg>"),
            ("schema/site.schema.json", "{}"),
            ("embed.js", "embed"),
            ("profile-viewer-abc_bg.wasm.br", "br"),
            ("sw.js", "an older build's worker"),
        ] {
            std::fs::write(dir.join(name), body).unwrap();
        }
        dir
    }

    #[test]
    fn lists_the_shell_and_versions_by_content() {
        let dir = temp_dist("a");
        write(&dir).unwrap();
        let sw = std::fs::read_to_string(dir.join("sw.js")).unwrap();
        let precache = r#"const PRECACHE = ["./icons/icon.svg","./index.html","./main-123.css","./profile-viewer-abc.js","./profile-viewer-abc_bg.wasm"];"#;
        assert!(sw.contains(precache), "{sw}");
        assert!(
            sw.contains("addEventListener('install'"),
            "the worker's own code"
        );
        // Idempotent: the same build gives the same file.
        write(&dir).unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("sw.js")).unwrap(), sw);
        // Another build (one byte of the wasm changed) is another version.
        std::fs::write(dir.join("profile-viewer-abc_bg.wasm"), "wasM").unwrap();
        write(&dir).unwrap();
        let next = std::fs::read_to_string(dir.join("sw.js")).unwrap();
        let version = |s: &str| {
            let line = s.lines().find(|l| l.starts_with("const VERSION = "));
            line.unwrap().to_string()
        };
        assert_ne!(version(&next), version(&sw));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn manifest_and_icons_follow_the_public_url() {
        let index = "<link rel=\"manifest\" href=\"/manifest.webmanifest\"><link rel=\"icon\" href=\"/icons/icon.svg\">";
        assert_eq!(public_links(index, "/"), index);
        assert_eq!(
            public_links(index, "/viewer/"),
            "<link rel=\"manifest\" href=\"/viewer/manifest.webmanifest\"><link rel=\"icon\" href=\"/viewer/icons/icon.svg\">"
        );
    }
}
