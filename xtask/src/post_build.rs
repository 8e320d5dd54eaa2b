//! Trunk's post-build hook. Trunk's own loader is an inline `<script>`, which the strict
//! CSP forbids, so `inject_scripts = false` and this step writes:
//! - an external loader named after the build's hash (it starts the standalone app), plus
//!   preloads so the wasm download starts with the HTML;
//! - the profile page's own apps (`src/bin/profile-page.rs`, the profile and the embed, and
//!   `src/bin/profile-attach.rs`, the controls of a page the server drew, which Trunk builds
//!   as "workers" so that index.html does not load them, and so without a hash) named after
//!   a hash of their wasm like Trunk's files, so caches stay correct;
//! - the embed: `embed.js`, the stable, unhashed entry point a host page loads. It carries
//!   the viewer's stylesheet made host-proof (see [`embed_css`](crate::embed_css)) and
//!   imports this build's hashed files, so caches stay correct.

use std::path::{Path, PathBuf};

use crate::{embed_css, scripts};

/// The app with every page, Trunk's "main" binary.
const APP: &str = "profile-viewer";
/// The profile page's and the embed's app.
const PROFILE_APP: &str = "profile-page";
/// The app that makes a profile page the server drew live.
const ATTACH_APP: &str = "profile-attach";

/// An app's two files: the wasm-bindgen JS glue and the wasm.
struct Bundle {
    js: String,
    wasm: String,
}

pub fn run() -> Result<(), String> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .ok_or("TRUNK_STAGING_DIR is not set: this command runs as Trunk's post_build hook")?;
    let public_url = std::env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "/".into());
    let source = std::env::var_os("TRUNK_SOURCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(crate::paths::root);
    let app = find_bundle(&staging)?;
    let profile_app = hash_worker_app(&staging, PROFILE_APP)?;
    let attach_app = hash_worker_app(&staging, ATTACH_APP)?;
    write_loader(&staging, &public_url, &app, &profile_app, &attach_app)?;
    write_embed(&staging, &source, &profile_app)?;
    // The service worker's precache list hashes the files written above.
    crate::precache::run(&staging, &public_url)?;
    // Last: every file above is final now.
    crate::precompress::dir(&staging)
}

fn write_loader(
    staging: &Path,
    public_url: &str,
    app: &Bundle,
    profile_app: &Bundle,
    attach_app: &Bundle,
) -> Result<(), String> {
    let Bundle { js, wasm } = app;
    // Named after its own text (which names the app's files): browsers keep it forever, so
    // a change to the loader alone must give it a new name too.
    let source = loader_source(app, profile_app, attach_app)?;
    let mut hash = crate::precache::Fnv::default();
    hash.add(source.as_bytes());
    let loader = format!("loader-{:016x}.js", hash.0);
    std::fs::write(staging.join(&loader), source).map_err(|e| format!("{loader}: {e}"))?;

    let index_path = staging.join("index.html");
    let index = std::fs::read_to_string(&index_path).map_err(|e| format!("index.html: {e}"))?;
    let base = if public_url.ends_with('/') {
        public_url.to_string()
    } else {
        format!("{public_url}/")
    };
    let tags = format!(
        "<link rel=\"modulepreload\" href=\"{base}{js}\">\n\
         <link rel=\"preload\" href=\"{base}{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n\
         <script type=\"module\" src=\"{base}{loader}\"></script>\n</head>"
    );
    // With inject_scripts off, Trunk leaves its own `<link data-trunk rel="rust">` behind.
    let index: String = index
        .lines()
        .filter(|line| !line.contains("data-trunk"))
        .map(|line| format!("{line}\n"))
        .collect();
    let index = index.replacen("</head>", &tags, 1);
    std::fs::write(&index_path, index).map_err(|e| format!("index.html: {e}"))
}

/// `embed.js`, with the stylesheet from the sources (style/main.css bundled, style/embed.css).
fn write_embed(staging: &Path, source: &Path, profile_app: &Bundle) -> Result<(), String> {
    let read = |rel: &str| {
        let path = source.join(rel);
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let css = embed_css::build(
        &crate::paths::stylesheet(source)?,
        &read("style/embed.css")?,
    )?;
    std::fs::write(staging.join("embed.js"), embed_source(profile_app, &css)?)
        .map_err(|e| format!("embed.js: {e}"))
}

/// The wasm-bindgen JS glue and the wasm file Trunk produced, by name.
fn find_bundle(staging: &Path) -> Result<Bundle, String> {
    let mut js = None;
    let mut wasm = None;
    let entries = std::fs::read_dir(staging).map_err(|e| format!("{}: {e}", staging.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(APP) {
            continue;
        }
        if name.ends_with("_bg.wasm") {
            wasm = Some(name);
        } else if name.ends_with(".js") {
            js = Some(name);
        }
    }
    match (js, wasm) {
        (Some(js), Some(wasm)) => Ok(Bundle { js, wasm }),
        _ => Err(format!(
            "no {APP}*.js and *_bg.wasm in {}",
            staging.display()
        )),
    }
}

/// A "worker" app as Trunk leaves it, e.g. `profile-page.js` and `profile-page_bg.wasm`,
/// renamed to `profile-page-<hash>.js` and `profile-page-<hash>_bg.wasm` (the hash of the
/// wasm, as Trunk names its own), with the glue's default wasm URL following.
fn hash_worker_app(staging: &Path, name: &str) -> Result<Bundle, String> {
    let read = |name: &str| std::fs::read(staging.join(name)).map_err(|e| format!("{name}: {e}"));
    let wasm_name = format!("{name}_bg.wasm");
    let js_name = format!("{name}.js");
    let mut hash = crate::precache::Fnv::default();
    hash.add(&read(&wasm_name)?);
    let hashed = format!("{name}-{:016x}", hash.0);
    let bundle = Bundle {
        js: format!("{hashed}.js"),
        wasm: format!("{hashed}_bg.wasm"),
    };
    let glue = String::from_utf8(read(&js_name)?).map_err(|e| format!("{js_name}: {e}"))?;
    std::fs::write(
        staging.join(&bundle.js),
        glue.replace(&format!("'{wasm_name}'"), &format!("'{}'", bundle.wasm)),
    )
    .map_err(|e| format!("{}: {e}", bundle.js))?;
    std::fs::rename(staging.join(&wasm_name), staging.join(&bundle.wasm))
        .map_err(|e| format!("{wasm_name}: {e}"))?;
    std::fs::remove_file(staging.join(&js_name)).map_err(|e| format!("{js_name}: {e}"))?;
    Ok(bundle)
}

/// The loader: the template with this build's file names filled in. Paths resolve against
/// its own URL, so a sub-path deployment needs no rewrite. Instantiating the wasm does
/// nothing by itself (`fn main` is empty): the standalone app starts here, the embed from
/// `embed.js`. The `pv:wasm-ready` mark splits a cold visit's time for the bench.
fn loader_source(
    app: &Bundle,
    profile_app: &Bundle,
    attach_app: &Bundle,
) -> Result<String, String> {
    let values = scripts::Values::shared()
        .text("JS", &format!("./{}", app.js))
        .text("WASM", &format!("./{}", app.wasm))
        .text("PROFILE_APP_JS", &format!("./{}", profile_app.js))
        .text("PROFILE_APP_WASM", &format!("./{}", profile_app.wasm))
        .text("ATTACH_APP_JS", &format!("./{}", attach_app.js))
        .text("ATTACH_APP_WASM", &format!("./{}", attach_app.wasm));
    scripts::fill(&scripts::bundle(scripts::LOADER)?, &values)
}

/// `embed.js`: the template with the profile page's app and the stylesheet filled in (files
/// relative to embed.js, in the same folder).
fn embed_source(profile_app: &Bundle, css: &str) -> Result<String, String> {
    let values = scripts::Values::shared()
        .text("PROFILE_APP_JS", &format!("./{}", profile_app.js))
        .text("PROFILE_APP_WASM", &format!("./{}", profile_app.wasm))
        .text("STYLESHEET", css);
    scripts::fill(&scripts::bundle(scripts::EMBED)?, &values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_js_imports_this_builds_hashed_files() {
        let profile_app = Bundle {
            js: "profile-page-abc.js".into(),
            wasm: "profile-page-abc_bg.wasm".into(),
        };
        let src = embed_source(&profile_app, ".pv-x::after { content: \"'\\n\" }").unwrap();
        assert!(src.contains(r#"import("./profile-page-abc.js")"#), "{src}");
        assert!(src.contains(r#""./profile-page-abc_bg.wasm""#));
        assert!(src.contains(r#"const STYLESHEET = ".pv-x::after { content: \"'\\n\" }";"#));
        assert!(!src.contains("{{"));
    }

    /// custom-elements.json describes the element embed.js defines: its attributes are the
    /// ones it observes (and `loading`, read once), its events the ones the Rust side sends.
    #[test]
    fn the_element_description_matches_the_element() -> Result<(), Box<dyn std::error::Error>> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
            root.join("public/custom-elements.json"),
        )?)?;
        let element = &json["modules"][0]["declarations"][0];
        let names = |key: &str| -> Vec<String> {
            element[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| a["name"].as_str().map(String::from))
                .collect()
        };
        let observed = scripts::EMBED
            .split("const OBSERVED = [")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .ok_or("OBSERVED in web/embed.js")?;
        let mut expected: Vec<String> = observed
            .split(',')
            .map(|a| a.trim().trim_matches('\'').to_string())
            .chain(["loading".to_string()])
            .collect();
        let mut attributes = names("attributes");
        expected.sort();
        attributes.sort();
        assert_eq!(attributes, expected);
        let rust = std::fs::read_to_string(root.join("src/embed/events.rs"))?
            + &std::fs::read_to_string(root.join("src/session.rs"))?;
        for event in names("events") {
            assert!(
                rust.contains(&format!("\"{event}\"")),
                "{event} is not sent"
            );
        }
        Ok(())
    }
}
