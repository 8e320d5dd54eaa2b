//! The browser scripts in `web/`. Each names what it shares with the Rust code, or takes from
//! the build, as `__PV_<NAME>__`; [`fill`] writes the values in. This is the one way build
//! data and shared names reach the JavaScript (names: `profile_model::web`).

use std::collections::BTreeMap;

pub const LOADER: &str = include_str!("../../web/loader.js");
pub const EMBED: &str = include_str!("../../web/embed.js");
pub const SERVICE_WORKER: &str = include_str!("../../web/sw.js");
/// What the loader and embed.js share; [`bundle`] writes it into each.
pub const FIRST_SCREEN: &str = include_str!("../../web/first-screen.js");
const FIRST_SCREEN_FROM: &str = " from './first-screen.js';";

/// The names the build fills in besides the shared ones, with their TypeScript types.
pub const BUILD_NAMES: &[(&str, &str)] = &[
    ("JS", "string"),
    ("WASM", "string"),
    ("PROFILE_APP_JS", "string"),
    ("PROFILE_APP_WASM", "string"),
    ("ATTACH_APP_JS", "string"),
    ("ATTACH_APP_WASM", "string"),
    ("STYLESHEET", "string"),
    ("VERSION", "string"),
    ("PRECACHE", "string[]"),
];

/// TypeScript declarations of every name, so that the checker (`cargo xtask test lint`)
/// knows them.
pub fn declarations() -> String {
    let shared = profile_model::web::for_scripts()
        .into_iter()
        .map(|(name, value)| {
            let kind = if value.starts_with('"') {
                "string"
            } else {
                "number"
            };
            (name, kind)
        });
    BUILD_NAMES
        .iter()
        .copied()
        .chain(shared)
        .map(|(name, kind)| format!("declare const __PV_{name}__: {kind};\n"))
        .collect()
}

/// Values for a script's names, each a JavaScript literal.
pub struct Values(BTreeMap<&'static str, String>);

impl Values {
    /// The names every script may use: those of `profile_model::web`.
    pub fn shared() -> Values {
        Values(profile_model::web::for_scripts().into_iter().collect())
    }

    /// Adds a string value.
    pub fn text(mut self, name: &'static str, value: &str) -> Values {
        self.0
            .insert(name, serde_json::Value::from(value).to_string());
        self
    }

    /// Adds any JSON value (a JSON text is a JavaScript literal).
    pub fn json(mut self, name: &'static str, value: serde_json::Value) -> Values {
        self.0.insert(name, value.to_string());
        self
    }
}

/// `script` with its import of `./first-screen.js` replaced by that file's code, its exports
/// made the script's own functions: the script stays one request (embed.js is a host page's
/// one script tag; an import would be a round trip more before the loader runs).
pub fn bundle(script: &str) -> Result<String, String> {
    let Some(from) = script.find(FIRST_SCREEN_FROM) else {
        return Ok(script.to_string());
    };
    let import = script[..from]
        .rfind("import ")
        .ok_or("an import of ./first-screen.js without `import`")?;
    let shared = FIRST_SCREEN.replace("\nexport function ", "\nfunction ");
    if shared
        .lines()
        .any(|l| l.starts_with("export ") || l.starts_with("import "))
    {
        return Err("web/first-screen.js may only export functions and import nothing".into());
    }
    let rest = &script[from + FIRST_SCREEN_FROM.len()..];
    Ok(format!(
        "{}{}{}",
        &script[..import],
        shared.trim_end(),
        rest
    ))
}

/// `template` with every `__PV_<NAME>__` replaced by its value. A name without a value is an
/// error, so a script cannot ship with a hole in it.
pub fn fill(template: &str, values: &Values) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find("__PV_") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "__PV_".len()..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(after.len());
        if name_len == 0 {
            // Prose about the names (`__PV_*__`), not a name.
            out.push_str("__PV_");
            rest = after;
            continue;
        }
        let name = after[..name_len]
            .strip_suffix("__")
            .ok_or_else(|| format!("`__PV_{}` is not closed with `__`", &after[..name_len]))?;
        let value = values
            .0
            .get(name)
            .ok_or_else(|| format!("no value for __PV_{name}__"))?;
        out.push_str(value);
        rest = &after[name_len..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declares_every_name_for_the_checker() {
        let d = declarations();
        assert!(
            d.contains("declare const __PV_PRECACHE__: string[];\n"),
            "{d}"
        );
        assert!(
            d.contains("declare const __PV_RECENT_LIMIT__: number;\n"),
            "{d}"
        );
        assert!(
            d.contains("declare const __PV_DATA_CACHE__: string;\n"),
            "{d}"
        );
    }

    #[test]
    fn fills_names_and_refuses_unknown_ones() {
        let values = Values::shared().text("JS", "./a.js");
        assert_eq!(
            fill("import(__PV_JS__); x(__PV_RECENT_LIMIT__)", &values).unwrap(),
            format!(
                "import(\"./a.js\"); x({})",
                profile_model::web::RECENT_LIMIT
            )
        );
        assert!(fill("__PV_NOPE__", &values)
            .unwrap_err()
            .contains("__PV_NOPE__"));
        assert!(fill("__PV_JS", &values).is_err());
        assert_eq!(
            fill("prose: `__PV_*__`", &values).unwrap(),
            "prose: `__PV_*__`"
        );
    }

    /// Every script fills with the values the build gives it, and no script spells a shared
    /// value itself: each is defined once, in Rust.
    #[test]
    fn every_script_takes_the_shared_names_from_rust() {
        let build = Values::shared()
            .text("JS", "./app.js")
            .text("WASM", "./app_bg.wasm")
            .text("PROFILE_APP_JS", "./page.js")
            .text("PROFILE_APP_WASM", "./page_bg.wasm")
            .text("ATTACH_APP_JS", "./attach.js")
            .text("ATTACH_APP_WASM", "./attach_bg.wasm")
            .text("STYLESHEET", "")
            .text("VERSION", "v")
            .json("PRECACHE", serde_json::json!([]));
        for (file, template) in [
            ("loader.js", LOADER),
            ("embed.js", EMBED),
            ("sw.js", SERVICE_WORKER),
            ("first-screen.js", FIRST_SCREEN),
        ] {
            // `fill` refuses a name it has no value for, so a filled script has no hole.
            let bundled = bundle(template).unwrap_or_else(|e| panic!("web/{file}: {e}"));
            fill(&bundled, &build).unwrap_or_else(|e| panic!("web/{file}: {e}"));
            let code = without_comments(template);
            for (name, value) in profile_model::web::for_scripts() {
                let bare = value.trim_matches('"');
                if bare.len() > 4 {
                    assert!(
                        !code.contains(bare),
                        "web/{file} spells {bare} (use __PV_{name}__)"
                    );
                }
            }
        }
    }

    #[test]
    fn bundles_the_shared_first_screen_code_into_the_page_scripts() {
        for (file, script) in [("loader.js", LOADER), ("embed.js", EMBED)] {
            let bundled = bundle(script).unwrap();
            assert!(
                !bundled.contains("first-screen.js'"),
                "web/{file} still imports"
            );
            assert!(!bundled.contains("\nexport "), "web/{file}");
            for name in ["releaseOf", "showLogin", "whenAppLoginOpens"] {
                assert!(
                    bundled.contains(&format!("\nfunction {name}(")),
                    "web/{file}: {name}"
                );
            }
        }
        assert_eq!(bundle("let a;\n").unwrap(), "let a;\n");
    }

    /// The code of a script without its `//` comments, which may name things in prose.
    fn without_comments(source: &str) -> String {
        source
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(|l| l.split(" // ").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
    }
}
