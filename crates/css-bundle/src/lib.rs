//! The viewer's stylesheet is written as one file per area, listed in `style/main.css` by
//! `@import "main/<area>.css";` lines in cascade order. [`bundle`] replaces each such line
//! with the file it names, so a page loads one stylesheet. Two callers: the Trunk pre-build
//! hook (`cargo xtask pre-build`, the file pages link) and the viewer's build script (the
//! browser tests' copy); the embed's stylesheet is made from the same bundle.

use std::path::Path;

/// The manifest at `path` with every `@import "file";` line replaced by that file's text
/// (paths relative to the manifest's folder). Imports nest one level only: a part that
/// imports again, an import in another form, or a path that leaves the folder is an error.
pub fn bundle(path: &Path) -> Result<String, String> {
    let manifest = read(path)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut out = String::with_capacity(manifest.len() * 64);
    for line in manifest.lines() {
        match import_target(line, path)? {
            None => out.push_str(line),
            Some(rel) => {
                let part_path = dir.join(rel);
                let part = read(&part_path)?;
                if let Some(inner) = part.lines().find(|l| l.trim_start().starts_with("@import")) {
                    return Err(format!(
                        "{}: imports nest one level only, found `{}`",
                        part_path.display(),
                        inner.trim()
                    ));
                }
                out.push_str(part.trim_end());
                out.push('\n');
            }
        }
        out.push('\n');
    }
    Ok(out)
}

/// The file an `@import "file";` line names, `None` for any other line.
fn import_target<'a>(line: &'a str, manifest: &Path) -> Result<Option<&'a str>, String> {
    let trimmed = line.trim();
    let Some(rest) = trimmed.strip_prefix("@import") else {
        return Ok(None);
    };
    let target = rest
        .trim()
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix("\";"))
        .filter(|t| !t.is_empty() && !t.contains('"'));
    match target {
        Some(t) if t.ends_with(".css") && !t.starts_with('/') && !t.split('/').any(|s| s == "..") => {
            Ok(Some(t))
        }
        _ => Err(format!(
            "{}: `{trimmed}`: write imports as `@import \"folder/file.css\";` inside the manifest's folder",
            manifest.display()
        )),
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(test: &str, files: &[(&str, &str)]) -> std::io::Result<std::path::PathBuf> {
        let dir = std::env::temp_dir().join(format!("css-bundle-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (name, text) in files {
            let path = dir.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, text)?;
        }
        Ok(dir)
    }

    #[test]
    fn replaces_imports_in_order_and_keeps_other_lines() -> Result<(), Box<dyn std::error::Error>> {
        let dir = folder(
            "order",
            &[
                (
                    "main.css",
                    "/* head */\n@import \"p/a.css\";\n@import \"p/b.css\";\n",
                ),
                ("p/a.css", "a { color: red; }\n\n"),
                ("p/b.css", "b { color: blue; }\n"),
            ],
        )?;
        assert_eq!(
            bundle(&dir.join("main.css"))?,
            "/* head */\na { color: red; }\n\nb { color: blue; }\n\n"
        );
        Ok(())
    }

    #[test]
    fn refuses_nesting_other_forms_and_escapes() -> std::io::Result<()> {
        let dir = folder(
            "refuse",
            &[
                ("main.css", "@import \"p/a.css\";\n"),
                ("p/a.css", "@import \"b.css\";\n"),
                ("url.css", "@import url(p/a.css);\n"),
                ("up.css", "@import \"../x.css\";\n"),
                ("missing.css", "@import \"p/none.css\";\n"),
            ],
        )?;
        for (file, says) in [
            ("main.css", "one level"),
            ("url.css", "write imports as"),
            ("up.css", "write imports as"),
            ("missing.css", "none.css"),
        ] {
            let err = bundle(&dir.join(file)).unwrap_err();
            assert!(err.contains(says), "{file}: {err}");
        }
        Ok(())
    }

    #[test]
    fn the_viewer_stylesheet_bundles() -> Result<(), String> {
        let main = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../style/main.css");
        let css = bundle(&main)?;
        assert!(!css.lines().any(|l| l.starts_with("@import")));
        assert!(css.contains(":host,\n:root {"), "the tokens come first");
        assert!(css.contains(".pv-session {"), "the last part is there");
        Ok(())
    }
}
