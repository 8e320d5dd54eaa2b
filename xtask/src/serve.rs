//! `cargo xtask serve`: the product on its embedded default (reference server, sample content).

use crate::build;
use crate::process;
use crate::tools;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut addr = "127.0.0.1:8080".to_string();
    // The news-site example, a second origin that embeds the viewer (docs/embedding.md).
    let mut site_addr = "127.0.0.1:8081".to_string();
    // `/viewer`: a sub-path deployment (docs/embedding.md), built with that public URL.
    let mut base_path = String::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--addr" => addr = it.next().ok_or("--addr needs HOST:PORT")?.clone(),
            "--site-addr" => site_addr = it.next().ok_or("--site-addr needs HOST:PORT")?.clone(),
            "--base-path" => {
                let path = it.next().ok_or("--base-path needs a path like /viewer")?;
                base_path = format!("/{}", path.trim_matches('/'));
            }
            other => return Err(format!("unknown argument {other} (usage: cargo xtask serve [--addr HOST:PORT] [--site-addr HOST:PORT] [--base-path /viewer])")),
        }
    }
    let tools = tools::ensure_build_tools()?;
    let dist = if base_path.is_empty() {
        let dist = build::dist_dir();
        build::viewer(&tools, &dist)?;
        dist
    } else {
        let dist = build::subpath_dist_dir();
        build::viewer_under(&tools, &dist, &format!("{base_path}/"))?;
        dist
    };
    let server = build::server(&tools, true)?;
    let root = build::root();
    eprintln!("Starting the reference server (Ctrl-C stops it):");
    eprintln!("  viewer:                      http://{addr}{base_path}/");
    eprintln!("  news-site example (embeds the viewer from another origin): http://{site_addr}/");
    eprintln!(
        "    (it signs readers in with its own accounts and member tokens, docs/embedding.md)"
    );
    let secret = member_token_secret()?;
    run_server(
        &server, &root, &dist, &addr, &site_addr, &base_path, &secret,
    )
}

/// The demo's HS256 secret for member tokens, shared by the news-site example's publisher
/// side and the viewer's server: 32 random bytes, made once under target/.
fn member_token_secret() -> Result<std::path::PathBuf, String> {
    use std::io::Read;
    let path = build::target_dir().join("member-token.secret");
    if path.is_file() {
        return Ok(path);
    }
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| format!("cannot read /dev/urandom for the demo secret: {e}"))?;
    std::fs::create_dir_all(build::target_dir())
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
