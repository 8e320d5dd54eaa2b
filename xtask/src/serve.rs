//! `cargo xtask serve`: the product on its embedded default (reference server, sample content).

use crate::build;
use crate::process;
use crate::tools;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut addr = "127.0.0.1:8080".to_string();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--addr" => addr = it.next().ok_or("--addr needs HOST:PORT")?.clone(),
            other => {
                return Err(format!(
                    "unknown argument {other} (usage: cargo xtask serve [--addr HOST:PORT])"
                ))
            }
        }
    }
    let tools = tools::ensure_build_tools()?;
    let dist = build::dist_dir();
    build::viewer(&tools, &dist)?;
    let server = build::server(&tools, true)?;
    let root = build::root();
    eprintln!("Starting the reference server; open the URL it prints below (Ctrl-C stops it).");
    run_server(&server, &root, &dist, &addr)
}

fn run_server(
    server: &std::path::Path,
    root: &std::path::Path,
    dist: &std::path::Path,
    addr: &str,
) -> Result<(), String> {
    process::run(
        std::process::Command::new(server)
            .arg("--content")
            .arg(root.join("content"))
            .arg("--dist")
            .arg(dist)
            .args(["--addr", addr]),
    )
}
