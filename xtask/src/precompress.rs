//! Precompressed siblings of the built assets: `x.wasm.br` (brotli, quality 11) and
//! `x.wasm.gz` (gzip, level 9). The server sends them as they are, so the strongest
//! settings cost nothing per request (on-the-fly compression has to stay fast).

use std::io::Write;
use std::path::Path;

const EXTENSIONS: [&str; 6] = ["html", "js", "wasm", "css", "json", "svg"];

/// Compresses every text or wasm asset directly in `dir`. Run it last: a file changed
/// after this would be served stale from its sibling.
pub fn dir(dir: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e));
        if wanted && path.is_file() {
            file(&path)?;
        }
    }
    Ok(())
}

fn file(path: &Path) -> Result<(), String> {
    let err = |e: std::io::Error| format!("{}: {e}", path.display());
    let data = std::fs::read(path).map_err(err)?;

    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut data.as_slice(), &mut br, &params).map_err(err)?;
    std::fs::write(sibling(path, "br"), br).map_err(err)?;

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&data).map_err(err)?;
    std::fs::write(sibling(path, "gz"), gz.finish().map_err(err)?).map_err(err)
}

fn sibling(path: &Path, ext: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    name.into()
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    #[test]
    fn writes_siblings_that_decompress_to_the_original() {
        let dir = std::env::temp_dir().join(format!("pv-precompress-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "body { color: red; }\n".repeat(100);
        std::fs::write(dir.join("a.css"), &text).unwrap();
        std::fs::write(dir.join("skip.png"), b"png").unwrap();
        super::dir(&dir).unwrap();

        let mut out = String::new();
        brotli::Decompressor::new(std::fs::File::open(dir.join("a.css.br")).unwrap(), 4096)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
        out.clear();
        flate2::read::GzDecoder::new(std::fs::File::open(dir.join("a.css.gz")).unwrap())
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
        assert!(!dir.join("skip.png.br").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
