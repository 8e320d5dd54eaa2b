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
    run_server(&server, &root, &dist, &addr, &site_addr, &base_path)
}

fn run_server(
    server: &std::path::Path,
    root: &std::path::Path,
    dist: &std::path::Path,
    addr: &str,
    site_addr: &str,
    base_path: &str,
) -> Result<(), String> {
    process::run(
        std::process::Command::new(server)
            .arg("--content")
            .arg(root.join("content"))
            .arg("--dist")
            .arg(dist)
            .args(["--addr", addr])
            // Plain http on loopback: a `Secure` `__Host-` cookie would not be kept.
            .arg("--insecure-cookies")
            .arg("--site")
            .arg(root.join("examples/news-site"))
            .args(["--site-addr", site_addr])
            .args(["--base-path", base_path]),
    )
}
