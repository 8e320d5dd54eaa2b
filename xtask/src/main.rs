//! The project's task runner: `cargo xtask <command>` (alias in `.cargo/config.toml`).
//!
//! - `serve [--addr HOST:PORT] [--base-path /viewer]`: install what is missing, build the viewer in release,
//!   run the reference server with the sample content.
//! - `test`: install what is missing, run every test layer, print `N passed, N failed`.
//! - `post-build`: Trunk's post-build hook (external loader, embed.js and the embed's
//!   stylesheet, the service worker's precache list).
//! - `fuzz [SECONDS]`: run the model's fuzz target for a bounded time.

mod bench;
mod build;
mod embed_css;
mod post_build;
mod postgres;
mod precache;
mod precompress;
mod process;
mod serve;
mod test;
mod tools;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((c, rest)) => (c.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result = match command {
        "bench" => bench::run(rest),
        "serve" => serve::run(rest),
        "test" => test::run(rest),
        "post-build" => post_build::run(),
        // The same list for a finished build folder: `cargo xtask precache dist`.
        "precache" => precache::write(std::path::Path::new(
            rest.first().map_or("dist", String::as_str),
        )),
        "fuzz" => fuzz(rest),
        "build" => tools::ensure_build_tools().and_then(|t| build::viewer(&t, &build::dist_dir())),
        _ => {
            eprintln!("usage: cargo xtask <serve [--addr HOST:PORT] | test [LAYER] | build | bench | fuzz [SECONDS] | post-build>");
            return if command == "help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {command}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn fuzz(args: &[String]) -> Result<(), String> {
    let seconds = args.first().map(String::as_str).unwrap_or("300");
    let root = build::root();
    if process::output("cargo", &["+nightly", "fuzz", "--version"]).is_none() {
        process::run(process::cmd("cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    process::run(process::cmd("cargo").current_dir(&root).args([
        "+nightly",
        "fuzz",
        "run",
        "--fuzz-dir",
        "crates/profile-model/fuzz",
        "parse",
        "--",
        "-dict=crates/profile-model/fuzz/json.dict",
        &format!("-max_total_time={seconds}"),
    ]))
}
