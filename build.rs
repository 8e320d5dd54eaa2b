//! The browser tests style their components with the viewer's stylesheet, whose parts are
//! joined here as the Trunk build joins them (crates/css-bundle).

fn main() {
    println!("cargo::rerun-if-changed=style");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    match css_bundle::bundle(std::path::Path::new("style/main.css")) {
        Ok(css) => {
            if let Err(e) = std::fs::write(out.join("main.css"), css) {
                println!("cargo::error=main.css: {e}");
            }
        }
        Err(e) => println!("cargo::error={e}"),
    }
}
