//! `cargo xtask serve`: the product on its embedded default (reference server, sample content).

use crate::build;
use crate::paths;
use crate::process;
use crate::tools;

#[derive(clap::Args)]
pub struct Options {
    /// Where the viewer listens.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    addr: String,
    /// Where the news-site example listens: a second origin that embeds the viewer
    /// (docs/embedding.md).
    #[arg(long, default_value = "127.0.0.1:8081", value_name = "HOST:PORT")]
    site_addr: String,
    /// Serve the viewer under a sub-path such as /viewer, built with that public URL.
    #[arg(long, value_name = "PATH", value_parser = sub_path)]
    base_path: Option<String>,
}

/// `viewer`, `/viewer/` and `/viewer` all mean `/viewer`.
fn sub_path(s: &str) -> Result<String, String> {
    let trimmed = s.trim_matches('/');
    if trimmed.is_empty() {
        return Err("a sub-path such as /viewer (leave the flag out for the site root)".into());
    }
    Ok(format!("/{trimmed}"))
}

pub fn run(options: &Options) -> Result<(), String> {
    let (addr, site_addr) = (&options.addr, &options.site_addr);
    let base_path = options.base_path.clone().unwrap_or_default();
    let tools = tools::ensure_build_tools()?;
    let dist = if base_path.is_empty() {
        let dist = paths::dist_dir();
        build::viewer(&tools, &dist)?;
        dist
    } else {
        let dist = paths::subpath_dist_dir();
        build::viewer_under(&tools, &dist, &format!("{base_path}/"))?;
        dist
    };
    let server = build::server_release(&tools)?;
    let root = paths::root();
    eprintln!("Starting the reference server (Ctrl-C stops it):");
    eprintln!("  viewer:                      http://{addr}{base_path}/");
    eprintln!("  news-site example (embeds the viewer from another origin): http://{site_addr}/");
    eprintln!(
        "    (it signs readers in with its own accounts and member tokens, docs/embedding.md)"
    );
    let secret = member_token_secret()?;
    run_server(&server, &root, &dist, addr, site_addr, &base_path, &secret)
}

/// The demo's HS256 secret for member tokens, shared by the news-site example's publisher
/// side and the viewer's server: 32 random bytes, made once under target/.
fn member_token_secret() -> Result<std::path::PathBuf, String> {
    use std::io::Read;
    let path = paths::target_dir().join("member-token.secret");
    if path.is_file() {
        return Ok(path);
    }
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| format!("cannot read /dev/urandom for the demo secret: {e}"))?;
    std::fs::create_dir_all(paths::target_dir())
        .and_then(|()| std::fs::write(&path, bytes))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

fn run_server(
    server: &std::path::Path,
    root: &std::path::Path,
    dist: &std::path::Path,
    addr: &str,
    site_addr: &str,
    base_path: &str,
    member_token_secret: &std::path::Path,
) -> Result<(), String> {
    process::run(
        std::process::Command::new(server)
            .arg("--content")
            .arg(root.join("content"))
            .arg("--dist")
            .arg(dist)
            // Members and sessions: the same file at every start, so a restart keeps them.
            .arg("--database")
            .arg(root.join("data/profile-server.db"))
            .args(["--addr", addr])
            // Plain http on loopback: a `Secure` `__Host-` cookie would not be kept.
            .arg("--insecure-cookies")
            .arg("--site")
            .arg(root.join("examples/news-site"))
            .args(["--site-addr", site_addr])
            .args(["--base-path", base_path])
            .arg("--member-token-secret")
            .arg(member_token_secret)
            .args(["--member-token-issuer", &format!("http://{site_addr}")]),
    )
}
