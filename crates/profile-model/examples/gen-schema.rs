//! Rewrites the committed JSON Schemas in `public/schema/` from the Rust types:
//! `cargo run -p profile-model --example gen-schema`.

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/schema");
    std::fs::create_dir_all(&dir)?;
    for (name, schema) in profile_model::schema::all() {
        let path = dir.join(name);
        std::fs::write(&path, profile_model::schema::to_file_text(&schema))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
